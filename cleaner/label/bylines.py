"""Bylines a dump shows without a byline marker on the name's own line: found by where they stand.

Pass 1 knows a byline by its marker ("By Jane Doe", "Von Anna Schmidt"). Pages print the author in other
shapes around the headline too, which a renderer writes on lines of their own:

- the marker alone on a line, the name on the next ("By" / "Genevieve Carlton, Ph.D."; "Written By" /
  "Stephen Jesudunsin");
- a bare name beside the date line or just under the headline ("Andrew King" / "September 4, 2025");
- a name at the start of the date line ("Susan December 9, 2024 0 Comments"; "Jo Roe - Apr 16, 2015").

A bare name is a short line of capitalised words that `clean_author_name` accepts, none of them a
stopword of the page's language ("Order Now", "Sign In" are not names), and it counts only where a byline
stands: next to the date line or the headline. `header_byline` returns the line and the names.

    >>> from cleaner.blocks import Block
    >>> from cleaner.ruleset.load import load_rules
    >>> lines = ["Council closes river bridge", "Andrew King", "September 4, 2025", "The council said..."]
    >>> blocks = [Block.make(t, i) for i, t in enumerate(lines)]
    >>> header_byline(blocks, [True] * 4, title_at=0, date_at=2, start=3, rules=load_rules())
    Found(index=1, authors=('Andrew King',), rule='name-beside-date')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from cleaner.blocks import Block
from cleaner.fields.byline import clean_author_name, dated_byline_authors
from cleaner.fields.title import strip_site_name, title_tokens
from cleaner.ruleset.load import Rules

NAME_MAX_WORDS = 4  # a bare name line: "Kelia Losa Reinoso", "Dylan Bailey, MS, RD, FAND" before its comma
NAME_MAX_CHARS = 60
MARKER_MAX_WORDS = 3  # "By", "Written By", "Words by"
ZONE_LINES = 16  # the header zone: this many lines above the body at most (a <title> line at the top is far)
LINE_MAX_WORDS = 20  # a header line that names the author after its marker is this short at most
ZONE_BEFORE_TITLE = 2  # lines above the headline searched too (a byline above a kicker and the headline)
ZONE_AFTER_TITLE = 4  # lines under the headline searched for a bare name ...
HEADLINE_ZONE = 16  # ... when the body starts at most this many lines under it
PROBE_NAME = "Jane Roe"  # put after a line to test whether the line is a byline marker alone
SEPARATOR = re.compile(r"\s[·•|]\s")
WORD_GAP = re.compile(r"\s+")
NAME_PART = re.compile(r"^[^\d\W][\w'’.\-]*$")
LETTERS = re.compile(r"[^\W\d_]+")


# The rules of the lines header_byline labels: their names come without a marker (see bare_name).
NAME_LINE_RULES = frozenset({"name-after-marker", "name-beside-date", "name-under-headline"})


class Found(NamedTuple):
    index: int
    authors: tuple[str, ...]
    rule: str


def marker_only(text: str, rules: Rules) -> bool:
    """A line that is a byline marker and nothing else ("By", "Written By:", "Von")."""
    if len(text.split()) > MARKER_MAX_WORDS or any(c.isdigit() for c in text):
        return False
    probe = f"{text.rstrip()} {PROBE_NAME}"
    for _id, pattern in rules.bylines:
        match = pattern.match(probe)
        if match and match.group("names").strip() == PROBE_NAME:
            return True
    return False


def bare_name(text: str, rules: Rules, stopwords: frozenset[str] = frozenset(), *, single: bool = False) -> str | None:
    """The person's name a line is, or None: a few capitalised words (a role or degrees after a comma are
    dropped), no digits, none of `stopwords`; in a script without case only after a marker. `single`:
    a one-word name counts (after a marker line).

    >>> from cleaner.ruleset.load import load_rules
    >>> bare_name("Dylan Bailey, MS, RD, FAND", load_rules())
    'Dylan Bailey'
    >>> bare_name("Order now", load_rules()) is None
    True
    """
    text = " ".join(text.split())
    if not text or len(text) > NAME_MAX_CHARS or any(c.isdigit() for c in text):
        return None
    head = text.split(",", 1)[0].strip()
    words = head.split()
    if not 1 <= len(words) <= NAME_MAX_WORDS or not all(NAME_PART.match(w) for w in words):
        return None
    if not all(w[:1].isupper() for w in words if len(w) > 3) and not single:
        return None  # "Sign in", "Order now": a link, not a name
    if not single and not any(c.isascii() or c.isupper() or c.islower() for c in head if c.isalpha()):
        return None  # a word in a script without case ("首页", "국제"): a menu as often as a name
    if any(w.casefold() in stopwords for w in words):
        return None
    return clean_author_name(head, rules, allow_single=single, metadata=False)


def header_byline(
    blocks: Sequence[Block],
    open_lines: Sequence[bool],
    *,
    title_at: int | None,
    date_at: int | None,
    start: int,
    rules: Rules,
    stopwords: Callable[[], frozenset[str]] = frozenset,
) -> Found | None:
    """The line that names the story's author near the headline and the date line, and the names.

    `open_lines[i]`: line i is unclaimed (no rule named it); `title_at`, `date_at`: the headline and the
    date line, if any; `start`: the body's first line. A marker line and its name come first, then a
    bare name beside the date line, then one just under the headline, then a name opening the date line.
    """
    lo = max(0, (title_at if title_at is not None else start) - ZONE_BEFORE_TITLE)
    hi = min(len(blocks), start + 1)
    # "Written by Kristin", "14:07 Uhr | Von Eva Roe": a marker inside a line near the body
    for i in range(max(lo, start - ZONE_LINES), start):
        if open_lines[i] and blocks[i].words <= LINE_MAX_WORDS:
            names = names_after_marker(blocks[i].text, rules)
            if names:
                return Found(i, tuple(names), "name-after-marker")
    for i in range(lo, hi - 2):  # the name line stands before the body
        if (
            blocks[i].words <= MARKER_MAX_WORDS
            and (open_lines[i + 1] or i + 1 == date_at)
            and marker_only(blocks[i].text, rules)
        ):
            name = bare_name(blocks[i + 1].text, rules, single=True)
            if name:
                return Found(i + 1, (name,), "name-after-marker")
    if date_at is not None:
        for i in (date_at - 1, date_at + 1):
            if 0 <= i < len(blocks) and open_lines[i] and i != title_at and i < start:
                name = bare_name(blocks[i].text, rules)
                if name:
                    return Found(i, (name,), "name-beside-date")
    # under the headline the page prints (not a <title> line at the top, under which the menu follows)
    for at in _headline_lines(blocks, title_at, start):
        for i in range(at + 1, min(start, at + 1 + ZONE_AFTER_TITLE)):
            if open_lines[i]:
                name = bare_name(blocks[i].text, rules, stopwords())
                if name:
                    return Found(i, (name,), "name-under-headline")
    if date_at is not None:
        names = name_before_date(blocks[date_at].text, rules)
        if names:
            return Found(date_at, tuple(names), "name-opens-date-line")
    return None


def _headline_lines(blocks: Sequence[Block], title_at: int | None, start: int) -> list[int]:
    """Where the page prints its headline near the body: the title line when it is no <title> line at the
    top (under which the menu follows), and the lines that repeat its words."""
    if title_at is None:
        return []
    title = title_tokens(strip_site_name(blocks[title_at].text))
    found = [title_at] if title_at > 0 and start - title_at <= HEADLINE_ZONE else []
    for i in range(max(title_at + 1, start - HEADLINE_ZONE), start):
        if title and title_tokens(blocks[i].text) == title:
            found.append(i)
    return found


def names_after_marker(text: str, rules: Rules) -> list[str]:
    """The names after a byline marker anywhere in a short line: "October 11, 2023 by Autumn Huerter",
    "On January 12, 2025 By Gabby Boucher In Travel", "Written by Kristin" (one name is enough here).

    >>> from cleaner.ruleset.load import load_rules
    >>> names_after_marker("October 11, 2023 by Autumn Huerter", load_rules())
    ['Autumn Huerter']
    >>> names_after_marker("Posted on May 2, 2024", load_rules())
    []
    """
    text = " ".join(text.split())
    if not any(_anywhere(pattern).search(text) for _id, pattern in rules.bylines):
        return []  # no marker anywhere: most lines
    for at in [0, *(m.end() for m in WORD_GAP.finditer(text))]:
        rest = text[at:]
        for _id, pattern in rules.bylines:
            match = pattern.match(rest)
            if match is None:
                continue
            names = [clean_author_name(n, rules) or n for n in dated_byline_authors(rest, rules)]
            if names:  # "Gabby Roe In Travel": a preposition of the rules ends the name
                return names
            # one name alone: only when nothing follows it ("Written by Kristin"; not "Von München bis Aachen")
            words = _first_name_words(match.group("names"))
            alone = words == match.group("names").strip(" .,;:")
            name = bare_name(words, rules, single=alone)
            return [name] if name else []
    return []


@lru_cache(maxsize=16)
def _anywhere(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A byline rule's pattern without its start anchor: a quick search for a marker anywhere in a line."""
    return re.compile(pattern.pattern.removeprefix("^"), pattern.flags)


def _first_name_words(text: str) -> str:
    """The capitalised words at the start of a text, up to the first other word or mark."""
    words = []
    for word in text.split():
        if not NAME_PART.match(word) or not word[:1].isupper():
            break
        words.append(word)
    return " ".join(words[:NAME_MAX_WORDS])


def name_before_date(text: str, rules: Rules, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """ "Susan Ray December 9, 2024", "Jo Roe - Apr 16, 2015 8:02 pm UTC": the name before the date.

    >>> from cleaner.ruleset.load import load_rules
    >>> name_before_date("Jo Roe - Apr 16, 2015 8:02 pm UTC", load_rules())
    ['Jo Roe']
    """
    cut = None
    for _id, pattern in rules.date_patterns:
        match = pattern.search(text)
        if match and match.start() > 0 and (cut is None or match.start() < cut):
            cut = match.start()
    if cut is None:
        return []
    head = SEPARATOR.split(text[:cut])[0]  # "Jo Roe · CBC News · Posted: ..."
    name = bare_name(head.strip(" -–—|•·/,"), rules, stopwords)
    return [name] if name else []


def name_after_date(text: str, rules: Rules, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """ "Published on 28 April 2024, 14:26, Jo Roe": a name as the last part of a date line.

    >>> from cleaner.ruleset.load import load_rules
    >>> name_after_date("Published on April 28, 2024, 14:26, Jo Roe", load_rules())
    ['Jo Roe']
    """
    parts = [p for p in re.split(r",|\s[|•·]\s", text) if p.strip()]
    if len(parts) < 2 or not any(p.search(text) for _id, p in rules.date_patterns):
        return []
    name = bare_name(parts[-1].strip(), rules, stopwords)
    return [name] if name else []
