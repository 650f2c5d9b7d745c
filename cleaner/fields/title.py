"""Titles: a headline without the site name that page titles append to it.

>>> strip_site_name("Putin visits China | World News Today")
'Putin visits China'
>>> strip_site_name("Covid-19 - what we know")
'Covid-19 - what we know'
"""

from __future__ import annotations

import re

# "Headline | Site", "Headline - Site", "Headline — Site", "Headline :: Site", "Headline « Site"
SITE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|«|»|·|•)\s+")
MAX_SITE_WORDS = 5
NON_ALNUM = re.compile(r"[\W_]+")
# A squashed site name shorter than this ("ap", "cnn") could be a word of a headline part by chance.
MIN_SQUASHED = 4


def strip_site_name(title: str, site_names: tuple[str, ...] = ()) -> str:
    """Drop a trailing (or leading) site name; keep the title whole when unsure."""
    title = " ".join(title.split())
    parts = SITE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    folded = {s.casefold() for s in site_names if s} | {_squash(s) for s in site_names if s}
    if folded:
        if _is_site(parts[-1], folded):
            # cut at the last separator, so the headline keeps its own dashes as written
            last = list(SITE_SEPARATOR.finditer(title))[-1]
            return strip_site_name(title[: last.start()], site_names)
        if _is_site(parts[0], folded):
            return " ".join(SITE_SEPARATOR.split(title, maxsplit=1)[1:])
    # Without a known site name: the last part is a site name when it is short and the rest is longer,
    # and the separator is not a plain hyphen (a hyphen joins halves of many real headlines).
    separators = SITE_SEPARATOR.findall(title)
    if separators[-1].strip() == "-" and len(parts) == 2:
        head, tail = parts
        if len(tail.split()) <= 3 and len(head.split()) >= 2 * len(tail.split()) + 2 and _looks_like_name(tail):
            return head
        return title
    if len(parts[-1].split()) <= MAX_SITE_WORDS and len(" ".join(parts[:-1]).split()) >= 3:
        return SITE_SEPARATOR.split(title)[0] if len(parts) == 2 else title[: title.rfind(separators[-1])].strip()
    return title


def _squash(text: str) -> str:
    """A name as a host writes it: "Scottish Construction Now" -> "scottishconstructionnow"."""
    return NON_ALNUM.sub("", text.casefold())


def _is_site(part: str, folded: set[str]) -> bool:
    """A title part is the site's name as the page or its host writes it ("Newegg.com", "Scottish
    Construction Now" on scottishconstructionnow.com)."""
    return part.casefold() in folded or (len(squashed := _squash(part)) >= MIN_SQUASHED and squashed in folded)


def _looks_like_name(text: str) -> bool:
    return bool(text) and (text[0].isupper() or "." in text)
