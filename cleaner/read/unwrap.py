"""Hard-wrapped paragraphs joined back into one line each, before a dump is cut into blocks.

Text browsers, mail archives and `fold` save a page with its paragraphs filled to a fixed width (72-80
columns): one paragraph becomes several lines, and only a blank line or a short line ends it. Read line
by line, such a dump looks like a menu (short lines, no sentence end), so the paragraphs are put back
first. Three signs, all read from the dump itself:

- **Width**: a filled dump has a width W that nearly no line passes (`wrap_width`).
- **Greedy fill**: a filler breaks a line only where the next word would not fit. A line of length l
  followed by a line whose first word has f characters was wrapped when l + 1 + f > W; the last line of
  a paragraph, a menu item or a heading is followed by a word that would have fitted, or by a blank line.
- **Hyphenation**: a line that ends in a word cut with a hyphen ("exam-") before a line that goes on in
  lower case ("ple") was cut inside the word, or at the hyphen of a compound. The hyphen is dropped when
  the whole word ("example") occurs elsewhere in the dump, and kept otherwise ("well-known").

    >>> text = ("The council voted on Tuesday to close the old river bridge to heavy\\n"
    ...         "traffic after engineers found deep cracks in two of its supports.\\n"
    ...         "\\n"
    ...         "Home\\n"
    ...         "News")
    >>> print(unwrap(text, min_pairs=1))  # doctest: +NORMALIZE_WHITESPACE
    The council voted on Tuesday to close the old river bridge to heavy traffic after engineers found deep
    cracks in two of its supports.
    <BLANKLINE>
    Home
    News

A dump that is not filled (html-text's, where a paragraph is one line however long) comes back as it is:
its long lines pass any width that its short lines would show. `fold` without `-s` cuts words at
exactly W characters; when nearly every wrapped line is exactly W long, the lines are joined as they
are, without a space.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import islice, pairwise

MIN_WIDTH = 30  # narrower than this, a dump's lines are a menu or a list, not filled prose
MAX_WIDTH = 200  # wider than this, no text tool fills to it: long lines are unwrapped paragraphs
OVER_WIDTH_SHARE = 0.01  # lines of words longer than the width allowed (a long address among the words)
WIDTH_TOLERANCE = 1.05  # the width is the longest line within this factor of what all but those keep to
MIN_PAIRS = 2  # a dump is filled only when this many breaks inside a sentence show the greedy fill ...
FEW_PAIRS = 4  # with fewer breaks than this, one must come before a word in lower case
MIN_PAIR_SHARE = 0.5  # ... and they are this share of the breaks after lines that reach near the width
EVIDENCE_MIN_SPACES = 4  # a filled line of MIN_WIDTH characters or more has this many spaces at least
NEAR_WIDTH = 0.75  # a line this long (share of the width) ends near the right margin
HARD_CUT_SHARE = 0.9  # wrapped lines exactly W long, this share of them: `fold` cut inside words
HYPHEN_SLACK = 12  # a line that ends with a cut word reaches this close to the width
CUT_WORD = re.compile(r"(\w+)-$")  # "exam-" at a line's end ("--", " -" are dashes, not cuts)
NEXT_PART = re.compile(r"^([^\W\d_]+)")  # the rest of the word on the next line, in letters
SENTENCE_MARKS = '.!?…:;"”’»)。！？」』'  # a line that ends with one of these may end a paragraph
LAST_LETTERS = re.compile(r"[^\W\d_]+$")
LETTERS = re.compile(r"[^\W\d_]+")
NO_JOIN, SPACE, HYPHEN, CUT = "", " ", "-", "cut"  # how a line goes on in the next (see _join)


def unwrap(text: str, *, min_pairs: int = MIN_PAIRS) -> str:
    """`text` with its hard-wrapped paragraphs joined back, or `text` itself when it is not filled."""
    if text.count("\n") < min_pairs:
        return text
    lines = text.split("\n")
    width = wrap_width(lines, min_pairs=min_pairs)
    if width is None:
        return text
    hard_cut = _hard_cut(lines, width)
    out: list[str] = []
    join = NO_JOIN  # how the last line of `out` goes on in the next line
    words: set[str] | None = None  # the dump's words in lower case, for hyphens (built on first need)
    for i, line in enumerate(lines):
        if join == NO_JOIN:
            out.append(line)
        elif join == CUT:
            out[-1] += line
        else:
            previous, following = out[-1].rstrip(), line.lstrip()
            if CUT_WORD.search(previous) and NEXT_PART.match(following):
                if words is None:
                    words = {w.casefold() for w in LETTERS.findall(text)}
                out[-1] = _dehyphenate(previous, following, words)
            else:
                out[-1] = previous + " " + following
        join = _join(line, lines[i + 1], width, hard_cut) if i + 1 < len(lines) else NO_JOIN
    return "\n".join(out)


def wrap_width(lines: list[str], *, min_pairs: int = MIN_PAIRS) -> int | None:
    """The width the dump's lines were filled to, or None when they were not filled.

    The width is the length that all but OVER_WIDTH_SHARE of the lines keep to; it must lie between
    MIN_WIDTH and MAX_WIDTH, and at least `min_pairs` line breaks (MIN_PAIR_SHARE of those after lines
    that reach NEAR_WIDTH of it) must be breaks a greedy filler makes; when they are
    few, one at least before a word in lower case (a sentence going on, not a title over a menu).

    >>> filled = ["aaaa " * 15 + "end", "bbbb " * 15 + "end", "cc"] * 3
    >>> wrap_width(filled)
    78
    >>> wrap_width(["A paragraph of one long line, as html-text writes it. " * 5, "Home", "News"]) is None
    True
    """
    # a line of one long word (an address; words tied with no-break spaces) passes any width: left out
    # A quick no first: a dump whose lines of words are often longer than any filler's width (html-text's
    # paragraphs) is not filled. Most dumps stop here, at the cost of a sort of their line lengths.
    # paragraphs' lines of words: counted only until there are too many of them (html-text: the first few)
    allowed = OVER_WIDTH_SHARE * (len(lines) - lines.count("")) + 1
    worded = (line for line in lines if len(line) > MAX_WIDTH and " " in line.strip())
    if next(islice(worded, int(allowed), None), None):  # more than `allowed` of them
        return None
    lengths = sorted(len(line.rstrip()) for line in lines if " " in line.strip())
    if len(lengths) < min_pairs + 1:
        return None
    typical = lengths[len(lengths) - 1 - int(OVER_WIDTH_SHARE * len(lengths))]
    # the longest line near that length: a filler's widest line may be the only one of its length
    width = lengths[bisect_right(lengths, int(typical * WIDTH_TOLERANCE)) - 1]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    wrapped = near = lower = 0
    for line, following in pairwise(lines):
        length = len(line.rstrip())
        if length < NEAR_WIDTH * width or length > width or not following.strip():
            continue
        if line.count(" ") < EVIDENCE_MIN_SPACES:
            continue  # a filler breaks lines at spaces: a line of few (Chinese, Japanese) shows nothing
        near += 1
        # a break inside a sentence is what fillers make and pages seldom do: only those are evidence
        inside = _fills(length, following, width) and not (
            line.rstrip()[-1] in SENTENCE_MARKS and following.lstrip()[:1].isupper()
        )
        wrapped += inside
        # a sentence goes on in lower case: a headline over a menu item ("Home") never does
        lower += inside and following.lstrip()[:1].islower()
    if wrapped < min_pairs or wrapped < MIN_PAIR_SHARE * near or (wrapped < FEW_PAIRS and not lower):
        return None
    return width


def _fills(length: int, following: str, width: int) -> bool:
    """The next line's first word would not have fitted after a line of `length` characters."""
    stripped = following.lstrip()
    first = stripped.split(" ", 1)[0]
    return length + 1 + len(first) > width


def _join(line: str, following: str, width: int, hard_cut: bool) -> str:
    """How the break between `line` and `following` was made: NO_JOIN by the page; SPACE by the filler at
    a space; HYPHEN by the filler inside a word it cut with a hyphen; CUT by `fold`, at the width."""
    if not following.strip() or not line.strip():
        return NO_JOIN
    length = len(line.rstrip())
    if hard_cut:
        return CUT if len(line) == width else NO_JOIN
    if length > width:
        # one word longer than the width (an address, words tied with no-break spaces) fills its own line
        return SPACE if " " not in line.strip() else NO_JOIN
    if _fills(length, following, width):
        return SPACE
    # a word cut with a hyphen: the line reaches the margin, and the word goes on in lower case
    if length >= width - HYPHEN_SLACK and CUT_WORD.search(line.rstrip()) and following.lstrip()[:1].islower():
        return HYPHEN
    return NO_JOIN


def _hard_cut(lines: list[str], width: int) -> bool:
    """`fold` without -s: nearly every wrapped line is exactly `width` characters long, spaces included."""
    wrapped = [line for line, following in pairwise(lines) if following.strip() and len(line) >= NEAR_WIDTH * width]
    exact = sum(len(line) == width for line in wrapped)
    return len(wrapped) >= MIN_PAIRS and exact >= HARD_CUT_SHARE * len(wrapped) and _cuts_words(lines, width)


def _cuts_words(lines: list[str], width: int) -> bool:
    """Lines of exactly `width` characters end inside a word that the next line finishes: the two pieces
    make a word the dump uses elsewhere ("brid" + "ge"), and one of them is no word of the dump. Lines
    that a filler made end at whole words ("the" + "bridge")."""
    vocabulary: set[str] = set()  # the words inside lines: those at a line's edges may be pieces
    for line in lines:
        words = LETTERS.findall(line)
        inner = words[1 if line[:1].isalpha() else 0 : -1 if line[-1:].isalpha() else None]
        vocabulary.update(w.casefold() for w in inner)
    cuts = 0
    for line, following in pairwise(lines):
        if len(line) != width:
            continue
        head, tail = LAST_LETTERS.search(line), NEXT_PART.match(following)
        if head is None or tail is None:
            continue
        a, b = head.group(0).casefold(), tail.group(0).casefold()
        cuts += (a + b) in vocabulary and (a not in vocabulary or b not in vocabulary)
    return cuts >= MIN_PAIRS


def _dehyphenate(line: str, following: str, words: set[str]) -> str:
    """Join a line that ends in "exam-" with one that opens with "ple ...": "example" when the dump uses
    that word elsewhere, else "exam-ple" (a compound cut at its hyphen, "well-known"; a word a filler
    hyphenated keeps the same letters either way)."""
    head = CUT_WORD.search(line)
    tail = NEXT_PART.match(following)
    if head and tail and (head.group(1) + tail.group(1)).casefold() in words:
        return line[:-1] + following
    return line + following
