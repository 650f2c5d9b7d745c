"""The author box after a dump's story: the byline of a page whose header names no one.

Many pages print the author only in a box under the story, in one of three shapes:

- a heading, then the name ("About the author" / "Jane Doe" / "Content Editor"); the heading is a phrase
  rule of kind "bio" (rules/boilerplate/*.toml, "en-author-box");
- a line that opens with a byline marker ("Written by Jane Doe", "By Jane Doe"), or is one or ends with one,
  the name on the next line ("Kommentar von" / "Jane Doe");
- the name, then a biography that opens with it ("Jane Doe" / "Jane is a growth analyst who ...").

It is searched in the last lines of the body region and the lines after it, only when no line of the page is
a byline already (the header's names the story's author better than a box that may close a list of others).

    >>> from cleaner.blocks import Block, Label
    >>> from cleaner.ruleset.load import load_rules
    >>> lines = ["The council closed the bridge on Tuesday.", "Written by Jane Doe", "Contact us"]
    >>> blocks = [Block.make(t, i) for i, t in enumerate(lines)]
    >>> labels = [Label("body", "prose"), Label("footer", "after-body"), Label("footer", "after-body")]
    >>> author_box(blocks, labels, 0, 0, load_rules())
    1
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from cleaner.blocks import Block, Label
from cleaner.label.name_lines import (
    LETTERS,
    bare_name,
    marker_at_end,
    marker_only,
    name_after_date,
    name_before_date,
    names_after_marker,
    page_vocabulary,
)
from cleaner.ruleset.load import Rules

BOX_LINES = 15  # lines after the body searched for the box
BODY_TAIL = 3  # last lines of the body region searched too (a box the region took in)
MARKER_LINE_MAX_WORDS = 10  # "Written by Jane Doe": a short line
NAME_AFTER_HEADING = 2  # lines under the heading where the name may stand (a photo's alt text between)
BIO_MIN_WORDS = 8  # a biography is a sentence or more
BIO_LOOKAHEAD = 2  # lines under the name where the biography may start (a role line between)
# Labels of lines that may hold the box: what the region left after the body, or took in as short lines.
BOX_KINDS = frozenset({"footer", "other", "body", "bio", "navigation"})
AUTHOR_BOX = Label("byline", "author-box")


def author_box(
    blocks: Sequence[Block], labels: Sequence[Label], start: int, end: int, rules: Rules
) -> int | None:
    """The index of the line that names the author in a box after the story (`start`..`end`: the body
    region), or None."""
    lo = max(start, end - BODY_TAIL + 1)
    hi = min(len(blocks), end + 1 + BOX_LINES)
    vocabulary = cache(lambda: page_vocabulary(blocks))  # computed once, for the first line that needs it
    for i in range(lo, hi):
        label = labels[i]
        if label.kind not in BOX_KINDS:
            continue
        block = blocks[i]
        if label.kind == "bio" and block.words <= MARKER_LINE_MAX_WORDS:
            for j in range(i + 1, min(hi, i + 1 + NAME_AFTER_HEADING)):
                if labels[j].kind in BOX_KINDS and bare_name(blocks[j].text, rules, single=True):
                    return j
            continue
        short = block.words <= MARKER_LINE_MAX_WORDS
        if short and (marker_only(block.text, rules) or marker_at_end(block.text, rules)):
            # "Kommentar von" / "Nicole Roe" / "Redakteurin"
            if i + 1 < hi and labels[i + 1].kind in BOX_KINDS and bare_name(blocks[i + 1].text, rules, single=True):
                return i + 1
            continue
        if block.words <= MARKER_LINE_MAX_WORDS and any(p.match(block.text) for _id, p in rules.bylines):
            if names_after_marker(block.text, rules):
                return i
            continue
        # not prose; the biography's opening first (a look at two lines), then whether the line is a name
        if (
            (label.kind != "body" or label.rule != "prose")
            and _biography_follows(blocks, i, block.text)
            and bare_name(block.text, rules, common=vocabulary)
        ):
            return i
    return None


def _biography_follows(blocks: Sequence[Block], at: int, name: str) -> bool:
    """A line just under `at` that opens with the name, or its first word, and goes on as a sentence."""
    name = name.split(",")[0].strip()
    if not name:
        return False
    first = name.split()[0]
    for block in blocks[at + 1 : at + 1 + BIO_LOOKAHEAD]:
        words = LETTERS.findall(block.text)
        if block.words >= BIO_MIN_WORDS and (block.text.startswith(name) or (words[:1] == [first])):
            return True
    return False


def label_author_box(blocks: Sequence[Block], labels: list[Label], start: int, end: int, rules: Rules) -> None:
    """Label the author box's name line a byline when no line of the page is one."""
    if any(label.kind == "byline" for label in labels):
        return
    dated = next((blocks[i].text for i, label in enumerate(labels) if label.kind == "date"), None)
    if dated and (names_after_marker(dated, rules) or name_before_date(dated, rules) or name_after_date(dated, rules)):
        return  # "Jo Roe - May 2, 2024": the date line names the author (the pipeline reads it there)
    found = author_box(blocks, labels, start, end, rules)
    if found is not None:
        labels[found] = AUTHOR_BOX
