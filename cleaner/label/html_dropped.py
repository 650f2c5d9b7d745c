"""Labels for the lines of an HTML page that trafilatura left out of the main content.

`read/html_regions.py` puts every visible line trafilatura dropped between the kept blocks, with the
region it stood in (origin "dropped:<region id>", "dropped" under no named region, "hidden"). None of
them is body. Each gets the most specific label that can be given:

1. a phrase or caption rule of pass 1 (`label.context_free`): "Share on Facebook" is share whatever holds it;
2. the page's title, shown again in the page's header: the title field (the first time), else a repeat;
3. the region's kind from its `[[page_region]]` rule (rules/html.toml), the rule's id as the rule;
4. its place: before the main content the page's header, after it the footer, between its paragraphs other.

    >>> from cleaner.blocks import Block
    >>> from cleaner import load_rules
    >>> blocks = [Block.make("Storm tracker", 0, origin="dropped:navigation-menu"),
    ...           Block.make("Log in to comment", 1, origin="dropped"), Block.make("Story text.", 2),
    ...           Block.make("Made with care in Ohio", 3, origin="dropped")]
    >>> [lab and (lab.kind, lab.rule) for lab in label_dropped(blocks, load_rules())]  # doctest: +NORMALIZE_WHITESPACE
    [('navigation', 'navigation-menu'), ('comments', 'en-comments'), None, ('footer', 'after-main-content')]
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.blocks import Block, Label
from cleaner.label.context_free import context_free
from cleaner.ruleset.load import BOILERPLATE_KINDS, Rules, fold_phrase

DROPPED = "dropped"
HIDDEN = "hidden"
REGION = "region:"  # a kept block's origin: the page region it stood in (read/html_regions.py)
HIDDEN_LABEL = Label("other", "hidden")  # text of an element the page hides (hidden, aria-hidden, display:none)
TITLE_SLACK = 20  # characters a shown headline may have beyond its folded form (quotes, spaces, end marks)


def is_dropped(block: Block) -> bool:
    """A line trafilatura left out (or hidden text), put in place by read/html_regions.py."""
    origin = block.origin
    return bool(origin) and (origin.startswith(DROPPED) or (origin == HIDDEN and block.tag == "line"))


def label_dropped(
    blocks: Sequence[Block], rules: Rules, title_folds: frozenset[str] = frozenset()
) -> list[Label | None]:
    """A label for each dropped block, None for the others (the main content, labelled elsewhere)."""
    at = [i for i, b in enumerate(blocks) if is_dropped(b)]
    out: list[Label | None] = [None] * len(blocks)
    if not at:
        return out
    kept = [i for i, b in enumerate(blocks) if not is_dropped(b)]
    first_kept, last_kept = (kept[0], kept[-1]) if kept else (len(blocks), -1)
    kinds = {r.id: r.kind for r in rules.page_regions}
    first = context_free([blocks[i] for i in at], rules)
    title_seen = False
    longest = max((len(t) for t in title_folds), default=0) + TITLE_SLACK  # (folding every line costs)
    for i, label in zip(at, first, strict=True):
        block = blocks[i]
        if label.kind in BOILERPLATE_KINDS:
            out[i] = label
            continue
        if title_folds and len(block.text) <= longest and _fold(block.text) in title_folds:
            out[i] = Label("other", "title-repeat") if title_seen else Label("title", "headline-element")
            title_seen = True
            continue
        if block.origin == HIDDEN:
            out[i] = HIDDEN_LABEL
            continue
        region = block.origin[len(DROPPED) + 1 :]
        if region and region in kinds:
            out[i] = Label(kinds[region], region)
        elif i < first_kept:
            out[i] = Label("header", "before-main-content")
        elif i > last_kept:
            out[i] = Label("footer", "after-main-content")
        else:
            out[i] = Label("other", "inside-main-content")
    return out


def _fold(text: str) -> str:
    return fold_phrase(text).replace("’", "'")
