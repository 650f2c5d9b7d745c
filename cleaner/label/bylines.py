"""Bylines a dump shows without a byline marker on the name's own line: found by where they stand.

Pass 1 knows a byline by its marker ("By Jane Doe", "Von Anna Schmidt"). Pages print the author in other
shapes around the headline too, which a renderer writes on lines of their own:

- the marker alone on a line, the name on the next ("By" / "Genevieve Carlton, Ph.D."; "Written By" /
  "Stephen Jesudunsin");
- a bare name beside the date line or just under the headline ("Andrew King" / "September 4, 2025");
- a name at the start of the date line ("Susan December 9, 2024 0 Comments"; "Jo Roe - Apr 16, 2015");
- a name with its role on the next line ("Chirag Roe" / "VP - Technology"), anywhere in the header zone;
- a date line that ends with the marker ("05.06.2025 um 14:46 von"), the names on the lines after it.

A bare name is a short line of capitalised words that `clean_author_name` accepts, none of them a
stopword of the page's language ("Order Now", "Sign In" are not names) and not all of them words the page
writes in lower case ("Key Takeaways", "Mobile App Development": a heading or a menu, not a person), and it
counts only where a byline stands: next to the date line or the headline. `header_byline` returns the line
and the names.

    >>> from cleaner.blocks import Block, Label
    >>> from cleaner.ruleset.load import load_rules
    >>> lines = ["Council closes river bridge", "Andrew King", "September 4, 2025", "The council said..."]
    >>> blocks = [Block.make(t, i) for i, t in enumerate(lines)]
    >>> header_byline(blocks, [True] * 4, title_at=0, date_at=2, start=3, rules=load_rules())
    Found(index=1, authors=('Andrew King',), rule='name-beside-date', more=())
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from cleaner.blocks import Block, Label
from cleaner.fields.date import find_date
from cleaner.fields.title import strip_site_name, title_tokens
from cleaner.label.name_lines import (
    DIGIT,
    LETTERS,
    MARKER_MAX_WORDS,
    ROLE_MAX_WORDS,
    bare_name,
    bare_names,
    marker_at_end,
    marker_only,
    name_after_date,
    name_before_date,
    names_after_marker,
    page_vocabulary,
    role_line,
    role_word,
)
from cleaner.ruleset.load import Rules

# What the pipeline, the author box and the tests read from here (name_lines.py holds the line parsers).
__all__ = [
    "MORE_NAMES_RULE",
    "NAME_LINE_RULES",
    "Found",
    "bare_name",
    "bare_names",
    "far_bylines",
    "header_byline",
    "marker_at_end",
    "marker_only",
    "name_after_date",
    "name_before_date",
    "names_after_marker",
    "page_vocabulary",
    "printed_headline",
    "role_line",
]

ZONE_LINES = 16  # the header zone: this many lines above the body at most (a <title> line at the top is far)
LINE_MAX_WORDS = 20  # a header line that names the author after its marker is this short at most ...
DATED_LINE_MAX_WORDS = 60  # ... or this short when the date follows the name (a standfirst glued to the byline)
DATED_TAIL_CHARS = 40  # where that date stands: at the end of the line
NAME_LINES_MAX = 3  # names on lines of their own after a marker line ("Von" / "Jo Roe" / "Ann Poe")
DATE_LINE_WORDS = 8  # a short line with a date between a name and the date line
BODY_LOOKAHEAD = 3  # lines into the body where a marker line and its name may stand (under the lede)
ROLE_ZONE_LINES = 24  # lines from the top of the header zone searched for a name over its role line
TEASER_BYLINES = 2  # bylines above the headline that make a list of other stories' teasers
BESIDE_SKIP = 2  # lines (a role, a reading time) that may stand between a name and the date line
ZONE_BEFORE_TITLE = 2  # lines above the headline searched too (a byline above a kicker and the headline)
ZONE_AFTER_TITLE = 4  # lines under the headline searched for a bare name ...
HEADLINE_ZONE = 16  # ... when the body starts at most this many lines under it

FAR_BYLINE = Label("navigation", "byline-far-above-headline")
# The rules of the lines header_byline labels: their names come without a marker (see bare_name).
NAME_LINE_RULES = frozenset(
    {"name-after-marker", "name-beside-date", "name-under-headline", "name-over-role", "author-box"}
)


class Found(NamedTuple):
    index: int
    authors: tuple[str, ...]
    rule: str
    more: tuple[int, ...] = ()  # further name lines of the same byline ("Von" / "Jo Roe" / "Ann Poe")


MORE_NAMES_RULE = "more-names"  # the label of those further lines; the pipeline adds their names


def header_byline(
    blocks: Sequence[Block],
    open_lines: Sequence[bool],
    *,
    title_at: int | None,
    date_at: int | None,
    start: int,
    rules: Rules,
    stopwords: Callable[[], frozenset[str]] = frozenset,
    vocabulary: Callable[[], frozenset[str]] = frozenset,
) -> Found | None:
    """The line that names the story's author near the headline and the date line, and the names.

    `open_lines[i]`: line i is unclaimed (no rule named it); `title_at`, `date_at`: the headline and the
    date line, if any; `start`: the body's first line; `vocabulary`: the page's lower-case words (see
    bare_name). A marker and its name come first (in one line, or the name on the line after the marker),
    then a name opening the date line, then a bare name beside the date line (a role line or a reading
    time may stand between), then a name over its role line, then a name just under the headline.
    """
    lo = max(0, (title_at if title_at is not None else start) - ZONE_BEFORE_TITLE)
    # "Written by Kristin", "14:07 Uhr | Von Eva Roe": a marker inside a line near the body
    for i in range(max(lo, start - ZONE_LINES), start):
        if open_lines[i] and (blocks[i].words <= LINE_MAX_WORDS or _dated_tail(blocks[i], rules)):
            names = names_after_marker(blocks[i].text, rules)
            if names:
                return Found(i, tuple(names), "name-after-marker")
    # the name line stands before the body, or in its first lines ("Von" / "Jo Roe" under the lede)
    for i in range(lo, min(len(blocks), start + BODY_LOOKAHEAD) - 1):
        if (open_lines[i + 1] or i + 1 == date_at) and (
            (blocks[i].words <= MARKER_MAX_WORDS and marker_only(blocks[i].text, rules))
            # "05.06.2025 um 14:46 von", "Ein Kommentar von", "11 min read written by"
            or (blocks[i].words <= LINE_MAX_WORDS and marker_at_end(blocks[i].text, rules))
        ):
            name = bare_name(blocks[i + 1].text, rules, single=True)
            if name:
                more = _name_lines(blocks, open_lines, range(i + 2, min(len(blocks), i + 1 + NAME_LINES_MAX)), rules)
                return Found(i + 1, (name,), "name-after-marker", more)
    if date_at is not None:
        names = name_before_date(blocks[date_at].text, rules, common=vocabulary)
        if names:
            return Found(date_at, tuple(names), "name-opens-date-line")
        for step in (-1, 1):  # the line above or under it, or past a role or a reading time between
            i = date_at + step
            # (a date line the body region took in may have its name line in the body's first lines too)
            end = min(len(blocks), max(start, min(date_at + 2, start + BODY_LOOKAHEAD + 1)))
            while 0 <= i < end and abs(i - date_at) <= BESIDE_SKIP + 1:
                if open_lines[i] and i != title_at and not _repeats_title(blocks, i, title_at):
                    name = bare_name(blocks[i].text, rules, common=vocabulary)
                    if (
                        name
                        and step < 0
                        and i > 0
                        and _name_lines(blocks, open_lines, [i - 1], rules, vocabulary, stopwords())
                        and bare_name(blocks[i].text, rules, stopwords(), common=vocabulary)
                    ):  # "Jo Roe" / "Ann Poe" / date: two names, neither with a word of the page's language
                        return Found(i - 1, (name,), "name-beside-date", (i,))
                    if name:
                        return Found(i, (name,), "name-beside-date")
                if not _between(blocks[i], rules):
                    break
                i += step
    # a name over its role ("Jo Roe" / "Content Editor") in the header zone
    heads = _headline_lines(blocks, title_at, start)
    shown = printed_headline(blocks, title_at, start)
    role_lo = max(0, shown - ZONE_BEFORE_TITLE) if shown is not None else max(lo, start - ZONE_LINES)
    for i in range(role_lo, min(start - 1, role_lo + ROLE_ZONE_LINES)):
        if open_lines[i] and i != title_at and role_line(blocks[i + 1].text, rules) and not _between(blocks[i], rules):
            name = bare_name(blocks[i].text, rules, common=vocabulary)
            if name:
                return Found(i, (name,), "name-over-role")
    # under the headline the page prints (not a <title> line at the top, under which the menu follows)
    for at in heads:
        for i in range(at + 1, min(start, at + 1 + ZONE_AFTER_TITLE)):
            if open_lines[i]:
                name = bare_name(blocks[i].text, rules, stopwords(), common=vocabulary)
                if name:
                    return Found(i, (name,), "name-under-headline")
    return None


def far_bylines(blocks: Sequence[Block], labels: list[Label], title_at: int | None, start: int) -> None:
    """Byline lines above the headline the page prints, one under each teaser of a list of other stories ("by
    Jo Roe", "by Ann Poe"), name other stories' authors: they become navigation, so the header zone's own
    byline is found. One byline alone up there may be the story's own (above a headline the labels missed)."""
    shown = printed_headline(blocks, title_at, start)
    if shown is None:  # no headline printed near the body: no way to tell which lines are far
        return
    above = [i for i in range(min(shown, start)) if labels[i].kind == "byline"]
    if len(above) >= TEASER_BYLINES:
        for i in above:
            labels[i] = FAR_BYLINE


def printed_headline(blocks: Sequence[Block], title_at: int | None, start: int) -> int | None:
    """The line where the page prints its headline: the title line when it is no <title> line at the top,
    else the last line before the body (not too far above it) that repeats the <title>'s headline."""
    if title_at is None or title_at > 0:
        return title_at
    title = _title_words(blocks[0].text)
    for i in range(start - 1, max(0, start - 2 * HEADLINE_ZONE), -1):
        if title and title_tokens(blocks[i].text) == title:
            return i
    return None


def _name_lines(
    blocks: Sequence[Block],
    open_lines: Sequence[bool],
    lines: Sequence[int],
    rules: Rules,
    common: Callable[[], frozenset[str]] | frozenset[str] = frozenset(),
    stopwords: frozenset[str] = frozenset(),
) -> tuple[int, ...]:
    """The lines of `lines`, in a row from the first, that are each a bare name."""
    found: list[int] = []
    for i in lines:
        if not (0 <= i < len(blocks) and open_lines[i] and bare_name(blocks[i].text, rules, stopwords, common=common)):
            break
        found.append(i)
    return tuple(found)


@lru_cache(maxsize=64)
def _title_words(text: str) -> frozenset[str]:
    """The headline's words without the site's name, asked for the same title line again and again."""
    return frozenset(title_tokens(strip_site_name(text)))


def _repeats_title(blocks: Sequence[Block], i: int, title_at: int | None) -> bool:
    """Line i shows the headline again (a headline is no name line, whatever its words)."""
    if title_at is None:
        return False
    title = _title_words(blocks[title_at].text)
    return bool(title) and title_tokens(blocks[i].text) == title


def _dated_tail(block: Block, rules: Rules) -> bool:
    """A longer line that ends with a date: a standfirst run together with the byline and the date ("... by Jo
    Roe August 25, 2025")."""
    return block.words <= DATED_LINE_MAX_WORDS and find_date(block.text[-DATED_TAIL_CHARS:], rules) is not None


def _between(block: Block, rules: Rules) -> bool:
    """A line that may stand between a name and the date line: no letters ("•"), a reading time ("8 min"),
    a role, or a line opened by a role word ("reviewed by Ann Poe")."""
    words = LETTERS.findall(block.text)
    if not words:
        return True
    if len(words) <= MARKER_MAX_WORDS and DIGIT.search(block.text) is not None:
        return True
    if len(words) == 1 and block.words == 1:
        return True  # a place or a section between ("Jo Roe" / "Córdoba" / date)
    if block.words <= DATE_LINE_WORDS and find_date(block.text, rules):
        return True  # a second date line ("25 de mayo de 2025 16:51 h" over "Actualizado el ...")
    return role_line(block.text, rules) or (len(words) <= ROLE_MAX_WORDS and role_word(words[0], rules))


def _headline_lines(blocks: Sequence[Block], title_at: int | None, start: int) -> list[int]:
    """Where the page prints its headline near the body: the title line when it is no <title> line at the
    top (under which the menu follows), and the lines that repeat its words."""
    if title_at is None:
        return []
    title = _title_words(blocks[title_at].text)
    # (a printed headline may stand farther above the body: a standfirst, a photo and its caption between)
    found = [title_at] if title_at > 0 and start - title_at <= 2 * HEADLINE_ZONE else []
    for i in range(max(title_at + 1, start - HEADLINE_ZONE), start):
        if title and title_tokens(blocks[i].text) == title:
            found.append(i)
    return found
