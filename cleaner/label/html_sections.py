"""Headings of sections that trafilatura dropped: the heading is not the story's when nothing under it is.

trafilatura (or html_gaps, which puts back the headings it skipped) may keep the heading of a box while the
box's content is dropped: "Inbound links" over a list of links, "Deploy on our cloud" over a sign-up
button, "Still looking for an answer?" over a search box. In the record that heading would stand alone,
over the next section. A heading put back from a gap whose section (up to the next heading, or the end of
the page) holds lines that trafilatura dropped or that are labelled boilerplate, and no body, is labelled
as the first of those lines is.

    >>> from cleaner.blocks import Block, Label
    >>> blocks = [Block.make("Storm hits coast", 0, tag="h2"), Block.make("It came at night.", 1, tag="p"),
    ...           Block.make("More from us", 2, tag="h4", origin="gap"), Block.make("Old", 3, origin="dropped")]
    >>> labels = [Label("body", "main-content"), Label("body", "prose"), Label("body", "main-content"),
    ...           Label("related", "related-list")]
    >>> [(lab.kind, lab.rule) for lab in empty_sections(blocks, labels)][:3]
    [('body', 'main-content'), ('body', 'prose'), ('related', 'empty-section')]
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.blocks import BODY, Block, Label
from cleaner.label.html_dropped import is_dropped

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
RULE = "empty-section"
GAP = "gap"  # the origin of a block html_gaps put back
MIN_WORDS = 2  # a one-word heading ("Verdict", "Sources") is more often a label of the story than a box's title


def empty_sections(blocks: Sequence[Block], labels: Sequence[Label]) -> list[Label]:
    """`labels` with the gap headings over no body (dropped lines, boilerplate) labelled as those lines are."""
    out = list(labels)
    for i, block in enumerate(blocks):
        if block.tag not in HEADINGS or block.origin != GAP or out[i].kind != BODY or block.words < MIN_WORDS:
            continue
        first_dropped: Label | None = None
        j = i + 1
        while j < len(blocks) and (is_dropped(blocks[j]) or out[j].kind != BODY):
            if first_dropped is None and blocks[j].origin != "hidden":
                first_dropped = out[j]
            j += 1
        if first_dropped is None:
            continue  # nothing dropped under it: a heading over a sub-heading, or the last line of the page
        if j == len(blocks) or blocks[j].tag in HEADINGS:
            kind = first_dropped.kind if first_dropped.kind not in (BODY, "title") else "other"
            out[i] = Label(kind, RULE)
    return out
