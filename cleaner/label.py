"""Label every block: body, a field, or a kind of boilerplate, each with the rule that decided it.

Two passes, after jusText:
1. `context_free`: each block alone. Boilerplate phrases, captions, bylines and scraper headers get
   their final label; every other block gets a provisional class from its length and punctuation:
   GOOD (a sentence of prose), NEAR (some words) or SHORT (a few words).
2. `revise`: blocks in context. Related-story runs after a "Read more" heading; the body region from
   the first to the last GOOD block; title, section, byline and date in the header zone before it;
   what is left outside the region is navigation (before) or footer (after); provisional blocks inside
   the region are body (subheadings, short paragraphs).

Thresholds are named here with their defaults; rules/ holds the phrases and patterns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .blocks import BODY, Block, Label
from .fields.byline import parse_byline
from .fields.date import find_date
from .rules import WORD, Phrase, Rules, fold_phrase, fold_spaces

# Provisional classes of pass 1; none survives pass 2.
GOOD, NEAR, SHORT = "?good", "?near", "?short"
PROVISIONAL = frozenset({GOOD, NEAR, SHORT})

GOOD_MIN_WORDS = 10  # a block this long that ends like a sentence is prose
LONG_MIN_WORDS = 30  # a block this long is prose however it ends
SHORT_MAX_WORDS = 4  # a block this short is a label, a link or a heading
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 30
SECTION_MAX_WORDS = 4
RUN_ITEM_MAX_WORDS = 30  # a headline in a run of related links is at most this long
FRAGMENT_MIN_WORDS = 1  # a page with no prose keeps its longest unclaimed block
DATE_BLOCK_MAX_WORDS = 14  # a header block that carries a date is short ("Published Sept. 20, 2023 3:05 PM")

SENTENCE_END = re.compile(r"[.!?…:;][\"”’'»)\]]*$|[.!?…][\"”’'»)\]]*\s*\(\w[^)]*\)$")


def label_blocks(blocks: Sequence[Block], rules: Rules) -> list[Label]:
    """Both passes: the final label of every block."""
    return revise(blocks, context_free(blocks, rules), rules)


# ------------------------------------------------------------------------------------------ pass 1
def context_free(blocks: Sequence[Block], rules: Rules) -> list[Label]:
    return [classify(block, rules) for block in blocks]


def classify(block: Block, rules: Rules) -> Label:
    """One block alone: a final label when a rule decides it, else a provisional class."""
    text = block.text
    if block.tag == "header":
        return Label("date", block_rule(block))
    phrase = match_phrase(text, block.words, rules)
    if phrase:
        return Label(phrase.kind, phrase.id)
    for rule_id, pattern in rules.captions:
        if pattern.search(text):
            return Label("caption", rule_id)
    if block.words <= 20 and parse_byline(text, rules) is not None:
        return Label("byline", "byline")
    return Label(prose_class(block), "length")


def prose_class(block: Block) -> str:
    if block.words >= LONG_MIN_WORDS or (block.words >= GOOD_MIN_WORDS and SENTENCE_END.search(block.text)):
        return GOOD
    if block.words <= SHORT_MAX_WORDS:
        return SHORT
    return NEAR


def match_phrase(text: str, words: int, rules: Rules) -> Phrase | None:
    """The boilerplate phrase rule a block's text matches, if any."""
    if words <= 12:
        exact = rules.exact_phrases.get(fold_phrase(text))
        if exact:
            return exact
    low = fold_spaces(text)
    index = rules.phrase_index
    candidates = set(index.get("", ()))
    for word in set(WORD.findall(low)):
        candidates.update(index.get(word, ()))
    for position in sorted(candidates):
        phrase = rules.phrases[position]
        if words <= phrase.max_words and phrase.pattern is not None and phrase.pattern.search(low):
            return phrase
    return None


def block_rule(block: Block) -> str:
    return block.tag if block.tag != "header" else "scraper-header"


# ------------------------------------------------------------------------------------------ pass 2
def revise(blocks: Sequence[Block], labels: list[Label], rules: Rules) -> list[Label]:
    labels = list(labels)
    mark_related_runs(blocks, labels, rules)
    start, end = body_region(blocks, labels)
    if start is None:
        return [lab if lab.kind not in PROVISIONAL else Label("other", "no-body") for lab in labels]
    label_header_zone(blocks, labels, start, rules)
    for i in range(start, end + 1):
        if labels[i].kind in PROVISIONAL:
            labels[i] = Label(BODY, "inside-body" if labels[i].kind != GOOD else "prose")
        elif labels[i].kind == "byline" and i > start:
            labels[i] = Label(BODY, "inside-body")  # a "By the way..." line in the story is prose
    for i in range(end + 1, len(labels)):
        if labels[i].kind in PROVISIONAL or labels[i].kind == "byline":
            labels[i] = Label("footer", "after-body")
    return labels


def mark_related_runs(blocks: Sequence[Block], labels: list[Label], rules: Rules) -> None:
    """After a heading such as "Other news", headline lines and captions are related links.

    The run ends at the first block of prose that stands apart (a blank line before it), or at a
    block that is too long to be a headline.
    """
    opens = {p.id for p in rules.phrases if p.opens_run}
    i = 0
    while i < len(blocks):
        if labels[i].rule not in opens:
            i += 1
            continue
        j = i + 1
        while j < len(blocks):
            block, label = blocks[j], labels[j]
            if label.kind in PROVISIONAL:
                if label.kind == GOOD and block.gap_before:
                    break
                if block.words > RUN_ITEM_MAX_WORDS:
                    break
                labels[j] = Label("related", "related-run")
            elif label.kind not in ("caption", "related", "share", "advertisement"):
                break
            j += 1
        i = j


def body_region(blocks: Sequence[Block], labels: Sequence[Label]) -> tuple[int | None, int]:
    """First and last GOOD block; the end stretches over sentence-like blocks that follow it."""
    good = [i for i, lab in enumerate(labels) if lab.kind == GOOD]
    if not good:
        # No prose at all (a fragment, a one-line note): the longest unclaimed block is the body.
        rest = [i for i, lab in enumerate(labels) if lab.kind in PROVISIONAL and blocks[i].words >= FRAGMENT_MIN_WORDS]
        if not rest:
            return None, -1
        good = [max(rest, key=lambda i: (blocks[i].words, -i))]
    start, end = good[0], good[-1]
    while end + 1 < len(blocks) and labels[end + 1].kind == NEAR and SENTENCE_END.search(blocks[end + 1].text):
        end += 1
    return start, end


def label_header_zone(blocks: Sequence[Block], labels: list[Label], start: int, rules: Rules) -> None:
    """Before the body: the headline nearest the body, the section just above it, a byline and a date."""
    title_at = None
    for i in range(start - 1, -1, -1):
        label = labels[i]
        if label.kind in PROVISIONAL and TITLE_MIN_WORDS <= blocks[i].words <= TITLE_MAX_WORDS:
            if blocks[i].words <= DATE_BLOCK_MAX_WORDS and find_date(blocks[i].text, rules):
                continue  # "Published Sept. 20, 2023" is the date line, not the headline
            title_at = i
            break
        if label.kind in PROVISIONAL and blocks[i].words > TITLE_MAX_WORDS:
            break
    if title_at is not None:
        labels[title_at] = Label("title", "headline-before-body")
        above = title_at - 1
        if (
            above >= 0
            and blocks[above].words <= SECTION_MAX_WORDS
            and (labels[above].kind in PROVISIONAL or labels[above].kind == "navigation")
        ):
            labels[above] = Label("section", "label-above-headline")
    have_date = any(lab.kind == "date" for lab in labels[:start])
    have_byline = False
    for i in range(start):
        kind = labels[i].kind
        if kind == "byline":
            if have_byline:
                labels[i] = Label("navigation", "before-body")
            have_byline = True
        elif kind in PROVISIONAL:
            if not have_date and blocks[i].words <= DATE_BLOCK_MAX_WORDS and find_date(blocks[i].text, rules):
                labels[i] = Label("date", "date-line")
                have_date = True
            else:
                labels[i] = Label("navigation", "before-body")
