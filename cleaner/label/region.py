"""Where a dump's story is: the body region from the scores, and the dateline that opens a wire story.

With scores the region is the run of blocks with the largest total score (a maximum-sum segment), not
first-to-last prose, which swallows comments and teasers; without them, first to last GOOD block. It
never labels a block: context.py does, with the span this module returns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from cleaner.blocks import Block, Label
from cleaner.fields.dateline import parse_dateline
from cleaner.label.context_free import GOOD, GOOD_MIN_WORDS, NEAR, PROVISIONAL
from cleaner.label.features import sentence_end
from cleaner.ruleset.load import Rules

FRAGMENT_MIN_WORDS = 1  # a page with no prose keeps its longest unclaimed block
# Body region from the model's scores (probability that a block is body).
REGION_THRESHOLD = 0.4  # a block adds to the region's score above this probability, subtracts below
EXTEND_MIN = 0.25  # a prose block right after the region joins it from this probability
DATELINE_LOOKBEHIND = 3  # a dateline paragraph this close before the region starts it there
DATELINE_LOOKAHEAD = 8  # a dateline this many unclaimed blocks into the region moves its start there
DATELINE_MAX_SHARE = 0.25  # ... if the blocks it cuts off hold at most this share of the region's words


def body_region(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    probs: Sequence[float] | None = None,
    anchors: Sequence[int] = (),
) -> tuple[int | None, int]:
    """The body's first and last block.

    With scores: the contiguous run whose sum of (probability - REGION_THRESHOLD), weighted by each
    block's length, is largest (a maximum-sum segment). Blocks a rule already named (a caption, a
    related-links run) count for nothing: a story broken by a photo or an "Other news" box goes on
    after it. `anchors`: paragraphs that open with a wire dateline; a story starts there, so when the
    best run holds none of them, the best run that starts at one (if its score is positive) wins.
    Without scores: first to last GOOD block, stretched over sentence-like blocks after it.
    """
    if probs is not None:
        gains = [
            (probs[i] - REGION_THRESHOLD) * math.sqrt(block.words + 1) if labels[i].kind in PROVISIONAL else None
            for i, block in enumerate(blocks)
        ]
        best, best_span, run, run_start = 0.0, None, 0.0, 0
        for i, gain in enumerate(gains):
            if gain is None:
                continue
            if run <= 0:
                run, run_start = gain, i
            else:
                run += gain
            if run > best:
                best, best_span = run, (run_start, i)
        if best_span is not None and anchors and not any(best_span[0] <= a <= best_span[1] for a in anchors):
            for a in anchors:
                total, top, top_end = 0.0, 0.0, None
                for i in range(a, len(blocks)):
                    total += gains[i] or 0.0
                    if total > top:
                        top, top_end = total, i
                if top_end is not None:
                    best_span = (a, top_end)
                    break
        if best_span is not None:
            start, end = best_span
            # A closing paragraph of prose right after the region is the story's last word, even when
            # its score is lukewarm (short, last, nothing after it).
            nxt = next((j for j in range(end + 1, len(blocks)) if labels[j].kind in PROVISIONAL), None)
            while nxt is not None and labels[nxt].kind == GOOD and probs[nxt] >= EXTEND_MIN:
                end = nxt
                nxt = next((j for j in range(end + 1, len(blocks)) if labels[j].kind in PROVISIONAL), None)
            # The same for an opening paragraph just before it (a lede set apart by a photo or a byline).
            prev = next((j for j in range(start - 1, -1, -1) if labels[j].kind in PROVISIONAL), None)
            while prev is not None and labels[prev].kind == GOOD and probs[prev] >= EXTEND_MIN:
                start = prev
                prev = next((j for j in range(start - 1, -1, -1) if labels[j].kind in PROVISIONAL), None)
            return start, end
    good = [i for i, lab in enumerate(labels) if lab.kind == GOOD]
    if not good:
        # No prose at all (a fragment, a one-line note): the longest unclaimed block is the body.
        rest = [i for i, lab in enumerate(labels) if lab.kind in PROVISIONAL and blocks[i].words >= FRAGMENT_MIN_WORDS]
        if not rest:
            return None, -1
        good = [max(rest, key=lambda i: (blocks[i].words, -i))]
    start, end = good[0], good[-1]
    while end + 1 < len(blocks) and labels[end + 1].kind == NEAR and sentence_end(blocks[end + 1].text):
        end += 1
    return start, end


def dateline_start(blocks: Sequence[Block], labels: Sequence[Label], start: int, end: int, rules: Rules) -> int:
    """A paragraph that opens with a dateline ("MADRID (AP) —") is where a wire story starts.

    Looked for a few blocks before the region (a first paragraph the scores left out) and a few blocks
    into it; what the region holds before it (a teaser, a caption, a timestamp) is moved out, if it is
    little.
    """
    region_words = sum(b.words for b in blocks[start : end + 1]) or 1
    for i in range(start - 1, max(-1, start - 1 - DATELINE_LOOKBEHIND), -1):
        if labels[i].kind not in PROVISIONAL:
            continue
        if blocks[i].words >= GOOD_MIN_WORDS and parse_dateline(blocks[i].text, rules):
            return i
        break  # only the nearest unclaimed block before the region may be its lost first paragraph
    cut = 0
    seen = 0
    for i in range(start, end + 1):
        if labels[i].kind not in PROVISIONAL:
            continue  # a caption or a related run between the top and the dateline does not count
        if blocks[i].words >= GOOD_MIN_WORDS and parse_dateline(blocks[i].text, rules):
            return i if cut <= DATELINE_MAX_SHARE * region_words else start
        cut += blocks[i].words
        seen += 1
        if seen > DATELINE_LOOKAHEAD:
            break
    return start
