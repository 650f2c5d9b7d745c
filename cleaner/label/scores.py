"""The learned scorer's view of a dump: which blocks it scores, their feature rows, its probabilities.

Decides nothing itself: it turns pass 1's labels into the rows of features.py, asks model.py for the
probability that each block is body, and hands them to the body region (region.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from cleaner.blocks import Block, Label
from cleaner.fields.dateline import parse_dateline
from cleaner.label import model as text_model
from cleaner.label.context_free import GOOD, PROVISIONAL
from cleaner.label.features import block_features
from cleaner.ruleset.load import Rules
from cleaner.stoplists import page_stoplist
from cleaner.words import has_spaceless, spaced_view

GATE_MIN_WORDS = 5  # the model scores blocks of this many words ...
GATE_RADIUS = 2  # ... or this close to a block of prose; the rest score 0


def scored_blocks(blocks: Sequence[Block], labels: Sequence[Label]) -> list[bool]:
    """Which blocks the model scores: unclaimed ones of some length or next to prose.

    A two-word link far from any prose is navigation whatever a model says; skipping it keeps long
    dumps fast. Training applies the same gate, so the model never meets what it does not score.
    """
    n = len(blocks)
    good = [lab.kind == GOOD for lab in labels]
    near = [False] * n
    for i in range(n):
        if good[i]:
            for j in range(max(0, i - GATE_RADIUS), min(n, i + GATE_RADIUS + 1)):
                near[j] = True
    return [labels[i].kind in PROVISIONAL and (blocks[i].words >= GATE_MIN_WORDS or near[i]) for i in range(n)]


def page_features(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    rules: Rules,
    *,
    url: str | None = None,
    title_line: str | None = None,
    anchors: Sequence[int] | None = None,
) -> list[list[float] | None]:
    """The feature rows of a page's blocks after pass 1 (what the model was trained on); None: not scored.

    `anchors`: dateline_blocks() when the caller has it already.
    """
    if anchors is None:
        anchors = dateline_blocks(blocks, labels, rules)
    dated = set(anchors)
    boilerplate = [lab.kind not in PROVISIONAL for lab in labels]
    good = [lab.kind == GOOD for lab in labels]
    if has_spaceless("".join([b.text for b in blocks])):  # one search: most pages have none
        # Chinese, Japanese, Thai: the features read the lines cut into word-sized pieces (see spaced_view)
        blocks = [replace(b, text=spaced_view(b.text)) if has_spaceless(b.text) else b for b in blocks]
    return block_features(
        blocks,
        boilerplate,
        good,
        stoplist=page_stoplist(blocks),
        title_line=title_line,
        url=url,
        wanted=scored_blocks(blocks, labels),
        comment_marks=[lab.kind == "comments" for lab in labels],
        datelines=[i in dated for i in range(len(blocks))],
    )


def dateline_blocks(blocks: Sequence[Block], labels: Sequence[Label], rules: Rules) -> list[int]:
    """Indexes of the prose blocks that open with a wire dateline ("MADRID (AP) —")."""
    return [
        i
        for i, (b, lab) in enumerate(zip(blocks, labels, strict=True))
        if lab.kind == GOOD and parse_dateline(b.text, rules) is not None
    ]


def body_probabilities(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    rules: Rules,
    *,
    url: str | None = None,
    title_line: str | None = None,
    anchors: Sequence[int] | None = None,
) -> list[float] | None:
    """The learned scorer's probability of body for every block, or None without a model."""
    if not blocks:
        return None
    rows = page_features(blocks, labels, rules, url=url, title_line=title_line, anchors=anchors)
    return text_model.body_probabilities(rows)
