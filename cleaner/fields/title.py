"""Titles: a headline without the site name that page titles append to it.

>>> strip_site_name("Putin visits China | World News Today")
'Putin visits China'
>>> strip_site_name("Covid-19 - what we know")
'Covid-19 - what we know'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

# "Headline | Site", "Headline - Site", "Headline — Site", "Headline :: Site", "Headline « Site"
SITE_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|«|»|·|•)\s+")
MAX_SITE_WORDS = 5
MIN_HOST_CHARS = 3  # a host label this short ("dw") is matched only by the general rules
# Host labels that name no site: "www", country and generic endings.
HOST_NOISE = frozenset({"www", "m", "amp", "com", "net", "org", "co", "de", "uk", "na", "news", "edu", "gov", "info"})
MAX_STRIPS = 3  # "Headline - Section - Site", "Headline – DW – 13.06.2023"
NON_ALNUM = re.compile(r"[\W_]+")
# A squashed site name shorter than this ("ap", "cnn") could be a word of a headline part by chance.
MIN_SQUASHED = 4
DASHES = ("-", "–", "—")  # unlike "|", a dash joins two halves of many headlines
# A last part that opens with a quote is a quoted remark of the headline ("Storm hits – “We lost all”").
QUOTES = "\"'“”„‟«»‹›‘’‚「『"


def strip_site_name(title: str, site_names: tuple[str, ...] = (), *, url: str | None = None) -> str:
    """Drop trailing (or a leading) site names, sections and dates; keep the title whole when unsure.

    >>> strip_site_name("Was wissen wir? Ein Überblick – DW – 13.06.2023")
    'Was wissen wir? Ein Überblick'
    >>> strip_site_name("Mbumba recounts his last days - The Namibian", url="https://www.namibian.com.na/x")
    'Mbumba recounts his last days'

    With `url`, a last part that spells the site's host name ("The Namibian" on namibian.com.na) is
    a site name even after a plain hyphen.
    """
    return _stripped(title, tuple(s for s in site_names if s), url)  # an empty name names no site


@lru_cache(maxsize=64)  # choosing a dump's headline strips its <title> in several steps: once is enough
def _stripped(title: str, site_names: tuple[str, ...], url: str | None) -> str:
    title = " ".join(title.split())
    host = _host_key(url)
    for _ in range(MAX_STRIPS):
        parts = SITE_SEPARATOR.split(title)
        if host and len(parts) >= 2 and _names_host(parts[-1], host):
            title = title[: title.rfind(SITE_SEPARATOR.findall(title)[-1])].strip()
            continue
        shorter = _strip_once(title, site_names)
        if shorter == title:
            break
        title = shorter
    return title


def _strip_once(title: str, site_names: tuple[str, ...]) -> str:
    parts = SITE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    folded = {s.casefold() for s in site_names if s} | {_squash(s) for s in site_names if s}
    if folded:
        if _is_site(parts[-1], folded):
            # cut at the last separator, so the headline keeps its own dashes as written
            return title[: list(SITE_SEPARATOR.finditer(title))[-1].start()].strip()
        if _is_site(parts[0], folded):
            return " ".join(SITE_SEPARATOR.split(title, maxsplit=1)[1:])
    # Without a known site name: the last part is a site name when it is short and the rest is longer,
    # and the separator is not a plain hyphen (a hyphen joins halves of many real headlines).
    separators = SITE_SEPARATOR.findall(title)
    head = title[: title.rfind(separators[-1])].strip()
    tail = parts[-1]
    if separators[-1].strip() in DASHES and _continues_headline(head, tail):
        return title
    if separators[-1].strip() == "-":
        if len(tail.split()) <= 3 and len(head.split()) >= 2 * len(tail.split()) + 2 and _looks_like_name(tail):
            return head
        return title
    if len(tail.split()) <= MAX_SITE_WORDS and len(head.split()) >= 3:
        return head
    return title


def unnamed_dash_part(title: str, site_names: tuple[str, ...] = (), *, url: str | None = None) -> bool:
    """Whether a title's last part follows a dash and names no site that the host or `site_names` show.

    A page's <title> ends with its site's name after a bar or a dash; a menu or a banner line has dashes
    too ("Final Call: Save $400 – Use Code ..."), so a dash before a part that names nothing known is
    weaker evidence of a <title> than a bar or a named site.

    >>> unnamed_dash_part("Final Call: Save $400 – Use Code SPECIAL at Registration", url="https://accruent.com/x")
    True
    >>> unnamed_dash_part("Mbumba recounts his last days - The Namibian", url="https://www.namibian.com.na/x")
    False
    >>> unnamed_dash_part("Storm hits coast | Lab Tested & Ranked"), unnamed_dash_part("Storm - NY Times", url="https://nytimes.com")
    (False, False)
    """
    title = " ".join(title.split())
    separators = SITE_SEPARATOR.findall(title)
    if not separators or separators[-1].strip() not in DASHES:
        return False
    return not names_site(title, site_names, url=url)


def names_site(title: str, site_names: tuple[str, ...] = (), *, url: str | None = None) -> bool:
    """Whether the first or the last part of a title, after a separator, names the site: its host ("The
    Namibian" on namibian.com.na, "Los Angeles Times" on latimes.com) or one of `site_names`.

    >>> names_site("Mbumba recounts his last days - The Namibian", url="https://www.namibian.com.na/x")
    True
    >>> names_site("Final Call: Save $400 – Use Code SPECIAL at Registration", url="https://www.accruent.com/x")
    False
    """
    parts = SITE_SEPARATOR.split(" ".join(title.split()))
    if len(parts) < 2:
        return False
    host = _host_key(url)
    folded = {s.casefold() for s in site_names if s} | {_squash(s) for s in site_names if s}
    return any(
        (host and _names_host(part, host)) or (folded and _is_site(part, folded)) for part in (parts[0], parts[-1])
    )


def _continues_headline(head: str, tail: str) -> bool:
    """After a dash, the last part is the second half of the headline, not an unknown site's name: a quote
    ("– „We lost all“"), a phrase in lower case ("– das erwarten wir"; not a domain or "by Jane Doe"), a
    list ("Features, Pricing, And More"), an exclamation, or the answer to a head that ends in a colon
    ("Asked: – Nothing")."""
    first = tail[:1]
    return (
        first in QUOTES
        or (first.islower() and "." not in tail and not tail.startswith("by "))
        or ", " in tail
        or tail.endswith("!")  # "– My Favorites!": an exclamation; a site name like that is known by name
        or head.endswith(":")
    )


def _squash(text: str) -> str:
    """A name as a host writes it: "Northern Builder Today" -> "northernbuildertoday"."""
    return NON_ALNUM.sub("", text.casefold())


def _is_site(part: str, folded: set[str]) -> bool:
    """A title part is the site's name as the page or its host writes it ("Shopwell.com", "Northern
    Builder Today" on northernbuildertoday.com)."""
    return part.casefold() in folded or (len(squashed := _squash(part)) >= MIN_SQUASHED and squashed in folded)


def _host_key(url: str | None) -> str:
    """The distinctive label of a URL's host: 'https://www.namibian.com.na/x' -> 'namibian'."""
    if not url:
        return ""
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
    labels = [x for x in host.split(".") if x not in HOST_NOISE]
    return max(labels, key=len) if labels else ""


def _names_host(part: str, host: str) -> bool:
    key = re.sub(r"\W|_", "", part.casefold())
    if min(len(host), len(key)) < MIN_HOST_CHARS or len(part.split()) > MAX_SITE_WORDS:
        return False
    if host in key or key in host:
        return True
    # a host made of the name's initials, the last word whole or not: "Los Angeles Times" on latimes.com,
    # "Wall Street Journal" on wsj.com
    words = [w for w in re.findall(r"\w+", part.casefold()) if w != "the"]
    initials = "".join(w[0] for w in words)
    return len(words) >= 2 and (host == initials or host == initials[:-1] + words[-1])


def _looks_like_name(text: str) -> bool:
    return bool(text) and (text[0].isupper() or "." in text)


TITLE_WORD = re.compile(r"\w+")
SLUG_WEIGHT = 0.3  # how much matching the URL's words counts beside matching the page <title>


# The header zone asks about the same lines again and again (the headline's candidates against the <title>,
# the URL and each other; the byline's neighbours): half the calls on a page repeat a line already seen.
@lru_cache(maxsize=512)  # (a page asks about a few dozen lines; pages do not share them)
def title_tokens(text: str) -> frozenset[str]:
    return frozenset(TITLE_WORD.findall(text.casefold()))


@lru_cache(maxsize=16)  # one page at a time asks; a few are plenty
def _title_target(page_title: str) -> frozenset[str]:
    # A page's candidates are all matched against its one <title>: strip its site name once, not per line.
    return title_tokens(strip_site_name(page_title))


def title_match(candidate: str, page_title: str | None, slug: frozenset[str] = frozenset()) -> float:
    """How well a line matches the page's <title> (site name dropped) and the URL's words.

    >>> title_match("Putin visits China", "Putin visits China | World News", frozenset({"putin", "china"}))
    1.3
    >>> title_match("Sign in", "Putin visits China | World News") == 0.0
    True

    Dice overlap of the words with the page title, plus SLUG_WEIGHT times the share of the slug's
    words that the line holds. The headline of a page is the line that agrees with both.
    """
    words = title_tokens(candidate)
    if not words:
        return 0.0
    score = 0.0
    if page_title:
        target = _title_target(page_title)
        if target:
            score = 2 * len(words & target) / (len(words) + len(target))
    if slug:
        score += SLUG_WEIGHT * len(words & slug) / len(slug)
    return score


GLUED_KICKER_MAX_WORDS = 6  # a kicker is a few words: "Neue Leipziger Schule", "Premiere in Berlin"
GLUED_HEADLINE_MIN_WORDS = 3  # the headline after it says something on its own
KICKER_COLON = ": "
# What sets a kicker apart from the headline in a line, spaced on both sides: "Kicker - Headline". A colon
# only with a space before it ("Kultur : Headline"); "Kicker: Headline" is the headline as the page writes it.
# A bare space is no sign: "Kicker Headline" is as often the headline as a site's own parser reads it.
GLUED_JOINS = frozenset({"-", "–", "—", "|", "/", ":"})


def cut_glued_tail(line: str, headline: str) -> str | None:
    """The opening of `line` that is `headline` (the <title>'s, its site name dropped), when what follows it on
    the line is another element that a renderer joined to it: a byline ("by Jo Roe"), a separator's other part
    ("/ Part 2"), the headline again, or a standfirst of GLUED_DECK_MIN_WORDS words. A few words more are the
    page's longer headline, which the <title> cut short ("... Trends" over "... Trends from KBIS 2025").

    >>> cut_glued_tail("Storm hits coast Residents of three towns were told to leave on Monday", "Storm hits coast")
    'Storm hits coast'
    >>> cut_glued_tail("Storm hits coast by Jo Roe", "Storm hits coast")
    'Storm hits coast'
    >>> cut_glued_tail("Storm hits coast of Maine again", "Storm hits coast") is None
    True
    """
    words, head = line.split(), headline.split()
    if not head or len(words) <= len(head):
        return None
    opening = " ".join(words[: len(head)])
    if opening.casefold() != " ".join(head).casefold():
        return None
    tail = words[len(head) :]
    another = (
        tail[0].casefold() in ("by", "by:")
        or tail[0] in GLUED_SEPARATORS
        or " ".join(tail[: len(head)]).casefold() == opening.casefold()
        or len(tail) >= GLUED_DECK_MIN_WORDS
    )
    return opening if another else None


GLUED_SEPARATORS = ("/", "|", "–", "—", "·", "•")
# A trail's separator left at the start or the end of a headline line ("»" and "›" close a quote at the end)
EDGE_MARKS = re.compile(r"^(?:[/|›»>·•]\s+)+|(?:\s+[/|·•])+$")


def edge_marks_dropped(title: str) -> str:
    """A headline line without the separator a breadcrumb trail left at its start or end.

    >>> edge_marks_dropped("/ Storm hits coast"), edge_marks_dropped("Storm hits coast |"), edge_marks_dropped("A / B")
    ('Storm hits coast', 'Storm hits coast', 'A / B')
    """
    return EDGE_MARKS.sub("", title) if title[:1] in "/|›»>·•" or title[-1:] in "/|·•" else title
GLUED_DECK_MIN_WORDS = 8  # a standfirst joined to the headline; fewer words go on with the headline itself


def drop_glued_kicker(line: str, page_title: str, *, url: str | None = None) -> str | None:
    """The headline of a line that shows a kicker set apart from it, when the <title> proves where it starts.

    >>> drop_glued_kicker("Neue Wege - Der Chor singt wieder im Dom", "Neue Wege: Der Chor singt wieder im Dom | Site")
    'Der Chor singt wieder im Dom'
    >>> drop_glued_kicker("Kultur : Was lesen die Leute im Zug?", "Was lesen die Leute im Zug? - Site")
    'Was lesen die Leute im Zug?'
    >>> drop_glued_kicker("Neue Wege: Der Chor singt wieder im Dom", "Neue Wege: Der Chor singt wieder im Dom") is None
    True
    >>> drop_glued_kicker("Chef Roe: Der Chor singt wieder", "Chorleiter Roe: Der Chor singt wieder") is None
    True
    >>> drop_glued_kicker("Much more than a choir", "A year of song: More than a choir") is None
    True
    >>> drop_glued_kicker("> Europe : Les ventes ont progressé", "Europe : Les ventes ont progressé | Site") is None
    True

    The <title> writes "Kicker: Headline" (or the headline alone), while the page prints a kicker as its
    own element, which the line joins with a dash ("Other kicker - Headline"): the headline is the part
    after it. None when the line is not of that shape. `url`: see `strip_site_name`.
    """
    line = " ".join(line.split())
    folded = line.casefold()
    shown = _glued_title(page_title, url)
    for head, folded_head, kicked in shown.heads:
        if not folded.endswith(folded_head) or (kicked and folded.endswith(shown.folded)):
            continue  # "> Kicker : Headline" keeps its kicker: the headline after a colon only for another line
        prefix = line[: len(line) - len(head)]
        parts = prefix.rsplit(" ", 2)  # "Kicker", "-", "" for "Kicker - "
        if (
            len(parts) != 3
            or parts[2]
            or parts[1] not in GLUED_JOINS
            or not parts[0].strip()
            or len(parts[0].split()) > GLUED_KICKER_MAX_WORDS
            or folded == shown.folded
        ):
            continue
        return line[len(prefix) :]
    return None


class _GluedTitle(NamedTuple):
    """What `drop_glued_kicker` reads in a page's <title>, worked out once for all of its lines."""

    folded: str  # its headline (site name dropped, spaces folded), case-folded
    # (headline, its casefold, whether it is the part after a kicker's colon) that a line may end with:
    # the whole headline, then that part; only those of GLUED_HEADLINE_MIN_WORDS words or more
    heads: tuple[tuple[str, str, bool], ...]


@lru_cache(maxsize=16)  # every line before a page's body is checked against its one <title>
def _glued_title(page_title: str, url: str | None) -> _GluedTitle:
    title = " ".join(strip_site_name(page_title, url=url).split())
    heads = [(title, False)]
    if KICKER_COLON in title:
        heads.append((title.split(KICKER_COLON, 1)[1], True))
    return _GluedTitle(
        title.casefold(),
        tuple((h, h.casefold(), kicked) for h, kicked in heads if len(h.split()) >= GLUED_HEADLINE_MIN_WORDS),
    )


SPACED_COLON = " : "
# A space before a colon, question or exclamation mark ("mot : suite", "vraiment ?"): French typography
SPACE_BEFORE_MARK = re.compile(r"\w [:;?!]")
FRENCH_SPACING_MIN = 2  # marks spaced this often in the text show that it writes them so
MARK_AFTER_WORD = re.compile(r"\w[:;?!]")  # "Zug?", "so:": a mark written without a space before it
UNSPACED_MIN = 2  # ... this often: the text writes its marks without a space


def unspaced_colon(title: str, text: str) -> str:
    """A kicker's colon as the page writes it: renderers that print the kicker as its own element put a space
    before the colon ("Kultur : Was lesen die Leute?"); only a text that spaces its marks (French) keeps it.

    >>> unspaced_colon("Kultur : Was lesen die Leute?", "Was lesen sie im Zug? Was sonst? Zeitung.")
    'Kultur: Was lesen die Leute?'
    >>> unspaced_colon("Europe : les ventes progressent", "Les ventes ont progressé : 3 %. Pourquoi ? Parce que.")
    'Europe : les ventes progressent'
    """
    if SPACED_COLON not in title or len(SPACE_BEFORE_MARK.findall(text)) >= FRENCH_SPACING_MIN:
        return title
    if len(MARK_AFTER_WORD.findall(text)) < UNSPACED_MIN:
        return title  # a text without such marks does not say how it writes them
    return title.replace(SPACED_COLON, ": ")
