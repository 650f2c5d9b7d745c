"""Pass 2, blocks in context: related-story runs, the body region, the header zone, what is left over.

After jusText's context-sensitive pass: every provisional class of pass 1 becomes a final label here.
Runs of related links after an "Other news" heading; the body region (region.py, from the scores of
scores.py when the learned scorer is used); the header zone before it (header.py); navigation before
and footer after. Inside the region a block is body unless its score is very low.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.blocks import BODY, Block, Label
from cleaner.label.author_box import label_author_box
from cleaner.label.bylines import MORE_NAMES_RULE
from cleaner.label.context_free import GOOD, NEAR, PROVISIONAL, SHORT, compiled
from cleaner.label.header import label_header_zone
from cleaner.label.region import body_region, dateline_start
from cleaner.label.scores import body_probabilities, dateline_blocks
from cleaner.ruleset.load import Rules

BYLINE_LOOKAHEAD = 3  # a byline this many blocks into the body (under a lede or a photo) is the story's
BYLINE_MAX_WORDS = 10  # ... when it is this short

RUN_ITEM_MAX_WORDS = 30  # a headline in a run of related links is at most this long
GAPLESS_SHARE = 0.05  # a dump with blank lines before fewer than this share of its blocks has no gaps to read
INSIDE_MIN = 0.2  # inside the region, a block scoring below this is dropped all the same
AFTER_BODY = Label("footer", "after-body")  # what is left after the body
PROSE = Label(BODY, "prose")  # prose inside the body region
INSIDE_BODY = Label(BODY, "inside-body")  # other unclaimed blocks inside it
LOW_SCORE = Label("other", "low-score")  # ... unless the scorer gives them very little
ALL_PROSE = Label(BODY, "all-prose")  # prose of a page whose every other block a rule named
NO_BODY = Label("other", "no-body")  # unclaimed blocks of a page with no body at all
RELATED_RUN = Label("related", "related-run")  # headlines after an "Other news" heading


def revise(
    blocks: Sequence[Block],
    labels: list[Label],
    rules: Rules,
    *,
    url: str | None = None,
    title_line: str | None = None,
    learned: bool = True,
) -> list[Label]:
    before = list(labels)
    labels = list(labels)
    mark_related_runs(blocks, labels, rules)
    if only_prose_and_ruled(labels):
        # Rules named every block that is not prose: nothing is left for a score to decide, and a
        # clean article (with or without named boilerplate) must lose nothing to one.
        first = next(i for i, lab in enumerate(labels) if lab.kind == GOOD)
        return [
            ALL_PROSE if lab.kind == GOOD or (lab.kind == "byline" and i > first) else lab
            for i, lab in enumerate(labels)
        ]
    anchors: list[int] = []  # prose blocks that open with a dateline: a story starts there
    probs = None
    if learned:
        anchors = dateline_blocks(blocks, labels, rules)
        probs = body_probabilities(blocks, labels, rules, url=url, title_line=title_line, anchors=anchors)
        if probs is None:
            anchors = []
    start, end = body_region(blocks, labels, probs, anchors)
    if start is None:
        return [lab if lab.kind not in PROVISIONAL else NO_BODY for lab in labels]
    start = dateline_start(blocks, labels, start, end, rules)
    while start < end and labels[start].kind != GOOD:
        # The body opens with prose: a heading-like line on top of it would be read as the headline
        # when the body is cleaned again, so it belongs to the header zone now.
        start += 1
    page_title = title_line is not None and bool(blocks) and blocks[0].text == title_line
    label_header_zone(blocks, labels, start, rules, end=end, page_title=page_title, url=url)
    have_byline = any(lab.kind == "byline" for lab in labels[:start])
    for i in range(start, end + 1):
        if labels[i].kind in PROVISIONAL:
            if probs is not None and probs[i] < INSIDE_MIN:
                labels[i] = LOW_SCORE
            else:
                labels[i] = INSIDE_BODY if labels[i].kind != GOOD else PROSE
        elif labels[i].kind == "byline" and i > start and labels[i].rule != MORE_NAMES_RULE:
            if not have_byline and i <= start + BYLINE_LOOKAHEAD and blocks[i].words <= BYLINE_MAX_WORDS:
                have_byline = True  # "Von Nina Roe" under the lede: the story's byline, set in its first lines
            else:
                labels[i] = INSIDE_BODY  # a "By the way..." line in the story is prose
    for i in range(end + 1, len(labels)):
        if labels[i].kind in PROVISIONAL or labels[i].kind == "byline":
            labels[i] = AFTER_BODY
    if learned and not any(lab.kind == BODY for lab in labels):
        # The scorer found no body at all (a script or a layout it never saw): the rules decide.
        return revise(blocks, before, rules, url=url, title_line=title_line, learned=False)
    label_author_box(blocks, labels, start, end, rules)  # no byline in the header: the box under the story
    return labels


def only_prose_and_ruled(labels: Sequence[Label]) -> bool:
    """Every block is prose (GOOD) or already labelled by a rule, and there is some prose."""
    return any(lab.kind == GOOD for lab in labels) and not any(lab.kind in (NEAR, SHORT) for lab in labels)


def mark_related_runs(blocks: Sequence[Block], labels: list[Label], rules: Rules) -> None:
    """After a heading such as "Other news", headline lines and captions are related links.

    The run ends at the first block of prose that stands apart (a blank line before it), or at a
    block that is too long to be a headline. In a dump with (almost) no blank lines, as some renderers
    write, any block of prose ends it: there is no blank line to wait for.
    """
    opens = compiled(rules).opens_run
    gapless = None  # counted at the first run's heading: most pages have none
    i = 0
    while i < len(blocks):
        if labels[i].rule not in opens:
            i += 1
            continue
        if gapless is None:
            gapless = sum(b.gap_before for b in blocks) < GAPLESS_SHARE * len(blocks)
        j = i + 1
        while j < len(blocks):
            block, label = blocks[j], labels[j]
            if label.kind in PROVISIONAL:
                if label.kind == GOOD and (block.gap_before or gapless):
                    break
                if block.words > RUN_ITEM_MAX_WORDS:
                    break
                labels[j] = RELATED_RUN
            elif label.kind not in ("caption", "related", "share", "advertisement"):
                break
            j += 1
        i = j
