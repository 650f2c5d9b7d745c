"""Label every block: body, a field, or a kind of boilerplate, each with the rule that decided it.

Two passes, after jusText:
1. `context_free`: each block alone. Boilerplate phrases, captions, bylines and scraper headers get
   their final label; every other block gets a provisional class from its length and punctuation:
   GOOD (a sentence of prose), NEAR (some words) or SHORT (a few words).
2. `revise`: blocks in context. Related-story runs after a "Read more" heading; a body score for every
   block from its features and its neighbours' (cleaner/label/features.py, weights in text_model.json);
   the body region as the contiguous run with the highest total score (not first-to-last prose, which
   swallows comments and teasers); a dateline opening a paragraph starts the body; title, section,
   byline and date in the header zone before it; what is left outside the region is navigation
   (before) or footer (after); inside the region a block is body unless its score is very low.
   The learned scorer is used for dump lines; other blocks (from HTML) keep the rule-based region
   (first to last GOOD block) unless the caller asks for it.

Each pass lives in its own module, with its thresholds named at the top with their defaults:
context_free.py (pass 1), context.py (pass 2), scores.py and region.py (the body region), header.py
(the headline, section and date above the body). rules/ holds the phrases and patterns.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.blocks import Block, Label
from cleaner.label.context import mark_related_runs, revise
from cleaner.label.context_free import context_free
from cleaner.ruleset.load import Rules


def label_blocks(
    blocks: Sequence[Block],
    rules: Rules,
    *,
    url: str | None = None,
    title_line: str | None = None,
    learned: bool | None = None,
) -> list[Label]:
    """Both passes: the final label of every block.

    `url` and `title_line` (the page's <title>, which text dumps print first) are features of the body
    scorer; both are optional, and HTML callers can leave them out. `learned`: use the learned body
    scorer (trained on text dumps); by default only for dump lines, so blocks an HTML extractor
    already chose keep the rule-based region unless the caller asks for the scorer.
    """
    if learned is None:
        learned = all(b.tag in ("line", "header") for b in blocks)
    labels = context_free(blocks, rules)
    return revise(blocks, labels, rules, url=url, title_line=title_line, learned=learned)


def prepare(blocks: Sequence[Block], rules: Rules) -> list[Label]:
    """Pass 1 and the related-run marking: the labels the body scorer's features read."""
    labels = context_free(blocks, rules)
    mark_related_runs(blocks, labels, rules)
    return labels
