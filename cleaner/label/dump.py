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

Thresholds are named here with their defaults; rules/ holds the phrases and patterns.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cleaner.blocks import BODY, Block, Label
from cleaner.fields.byline import parse_byline
from cleaner.fields.date import find_date
from cleaner.fields.dateline import parse_dateline
from cleaner.fields.title import drop_glued_kicker, strip_site_name, title_match, title_tokens
from cleaner.label import model as text_model
from cleaner.label.features import block_features, sentence_end, url_tokens
from cleaner.ruleset.literal_search import literal_search
from cleaner.ruleset.load import Phrase, Rules, fold_phrase, fold_spaces
from cleaner.ruleset.regex_literals import required_literals
from cleaner.stoplists import page_stoplist

# Provisional classes of pass 1; none survives pass 2.
GOOD, NEAR, SHORT = "?good", "?near", "?short"
PROVISIONAL = frozenset({GOOD, NEAR, SHORT})

GOOD_MIN_WORDS = 10  # a block this long that ends like a sentence is prose
LONG_MIN_WORDS = 30  # a block this long is prose however it ends
SHORT_MAX_WORDS = 4  # a block this short is a label, a link or a heading
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 30
PAGE_TITLE_MAX_WORDS = 60  # a dump's first line, the page's <title>, adds a site name and a section to it
SECTION_MAX_WORDS = 4
RUN_ITEM_MAX_WORDS = 30  # a headline in a run of related links is at most this long
GAPLESS_SHARE = 0.05  # a dump with blank lines before fewer than this share of its blocks has no gaps to read
FRAGMENT_MIN_WORDS = 1  # a page with no prose keeps its longest unclaimed block
SLUG_TITLE_MIN = 0.6  # without a <title>, a line before the body holding this share of the URL's words
KICKER_MAX_WORDS = 6  # a kicker above a headline: "UN-Generalversammlung", "Nach erneuter Kritik an Papst Leo"
KICKER_HEADLINE_MAX_WORDS = 16  # longer, the line under a kicker is a standfirst, not the headline
KICKER_HEADLINE_MIN_WORDS = 3  # words of letters: a headline says something ("12 December, 2025" does not)
HEADLINE_WORD = re.compile(r"[^\W\d_]{2,}")
# Words this long that the headline shares with the <title> tie it to the story ("und", "the" do not); one
# shared word (a name) is also what an author box or a related link has in common with it.
KICKER_CONTENT_CHARS = 4
KICKER_SHARED_WORDS = 2
TITLE_MATCH_MIN = 0.5  # a line before the body this close to the <title> and URL is the headline
DATE_LOOKAHEAD = 6  # a date line this many blocks into the body region still dates the page
DATE_AFTER = 5  # ... and one this many blocks after the body
DATE_BLOCK_MAX_WORDS = 14  # a header block that carries a date is short ("Published Sept. 20, 2023 3:05 PM")
DATE_LINE_KINDS = frozenset({*PROVISIONAL, "byline", "navigation"})  # labels of blocks that may date the story

GATE_MIN_WORDS = 5  # the model scores blocks of this many words ...
GATE_RADIUS = 2  # ... or this close to a block of prose; the rest score 0
# Body region from the model's scores (probability that a block is body).
REGION_THRESHOLD = 0.4  # a block adds to the region's score above this probability, subtracts below
EXTEND_MIN = 0.25  # a prose block right after the region joins it from this probability
INSIDE_MIN = 0.2  # inside the region, a block scoring below this is dropped all the same
DATELINE_LOOKBEHIND = 3  # a dateline paragraph this close before the region starts it there
DATELINE_LOOKAHEAD = 8  # a dateline this many unclaimed blocks into the region moves its start there
DATELINE_MAX_SHARE = 0.25  # ... if the blocks it cuts off hold at most this share of the region's words

CLASSIFY_CACHE_SIZE = 50_000  # distinct block texts remembered by classify (a few MB at most)
CAPTION_WINDOW = 160  # characters at each end of a long block that caption rules look at

WORD_START = re.compile(r"\w")
# A line that is a web address ("https://example.com/news/storm-hits"): a share box's link, never a headline.
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
GLUED_KICKER_RULE = "headline-glued-kicker"  # the pipeline drops the kicker from this line's text
# Labels are immutable values, so one object of each serves every block pass 2 gives it (a dump's hundreds of
# blocks need no label object each). What the header zone leaves unclaimed before the body:
BEFORE_BODY = Label("navigation", "before-body")
AFTER_BODY = Label("footer", "after-body")  # what is left after the body
PROSE = Label(BODY, "prose")  # prose inside the body region
INSIDE_BODY = Label(BODY, "inside-body")  # other unclaimed blocks inside it
LOW_SCORE = Label("other", "low-score")  # ... unless the scorer gives them very little
ALL_PROSE = Label(BODY, "all-prose")  # prose of a page whose every other block a rule named
NO_BODY = Label("other", "no-body")  # unclaimed blocks of a page with no body at all
RELATED_RUN = Label("related", "related-run")  # headlines after an "Other news" heading


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


# ------------------------------------------------------------------------------------------ pass 1
def context_free(blocks: Sequence[Block], rules: Rules) -> list[Label]:
    # Memoised per block (see classify): a dump has a few hundred blocks, and half of them repeat.
    cache, fingerprint, labels = _CLASSIFIED, rules.fingerprint, []
    for block in blocks:
        key = (block.text, block.tag, fingerprint)
        label = cache.get(key)
        if label is None:
            if len(cache) >= CLASSIFY_CACHE_SIZE:
                cache.clear()
            label = cache[key] = _classify(block, rules)
        labels.append(label)
    return labels


def classify(block: Block, rules: Rules) -> Label:
    """One block alone: a final label when a rule decides it, else a provisional class.

    Memoised on (text, tag, rules): menus and footers repeat within a dump and across a site's pages,
    and the answer depends on nothing else (context_free holds the memo).
    """
    return context_free([block], rules)[0]


def _classify(block: Block, rules: Rules) -> Label:
    text = block.text
    if block.tag == "header":
        return Label("date", block_rule(block))
    state = compiled(rules)
    phrase = _match_phrase(text, block.words, rules, state)
    if phrase:
        return state.phrase_labels[phrase.id]
    if len(text) > 2 * CAPTION_WINDOW:  # a long block: captions and credits sit at its start or its end
        text = text[:CAPTION_WINDOW] + "\n" + text[-CAPTION_WINDOW:]
    # One search for every string any caption rule needs; without a hit only rules that need none can match.
    if state.caption_literals is None or state.caption_literals(text):
        candidates = state.captions
    else:
        candidates = state.captions_without_literals
    for rule_id, pattern, literals in candidates:
        if literals is not None and not any(literal in text for literal in literals):
            continue  # it lacks every string the rule needs: no search at every position
        if pattern.search(text):
            return Label("caption", rule_id)
    text = block.text
    if block.words <= 20 and parse_byline(text, rules) is not None:
        return Label("byline", "byline")
    return PROSE_LABELS[prose_class(block)]


# Labels are frozen values: one object per class serves every block (no allocation per block).
PROSE_LABELS = {kind: Label(kind, "length") for kind in (GOOD, NEAR, SHORT)}


def prose_class(block: Block) -> str:
    if block.words >= LONG_MIN_WORDS or (block.words >= GOOD_MIN_WORDS and sentence_end(block.text)):
        return GOOD
    if block.words <= SHORT_MAX_WORDS:
        return SHORT
    return NEAR


def match_phrase(text: str, words: int, rules: Rules) -> Phrase | None:
    """The boilerplate phrase rule a block's text matches, if any."""
    return _match_phrase(text, words, rules, compiled(rules))


def _match_phrase(text: str, words: int, rules: Rules, state: Compiled) -> Phrase | None:
    if words > 12 and words > state.max_phrase_words:
        return None
    low = fold_spaces(text)
    if words <= 12:
        # fold_phrase only drops punctuation at the edges as well: with letters there, the two are the same
        exact = rules.exact_phrases.get(low if low[:1].isalnum() and low[-1:].isalnum() else fold_phrase(text))
        if exact:
            return exact
    if words > state.max_phrase_words:
        return None
    # the searches for the phrases that allow this many words (see PhraseChecks)
    if not state.phrase_checks[bisect_left(state.phrase_check_words, words)].may_match(low):
        return None  # a few searches for all phrases together: most blocks match none of them
    for phrase in rules.phrases:
        if phrase.pattern is not None and words <= phrase.max_words and phrase.pattern.search(low):
            return phrase
    return None


_CLASSIFIED: dict[tuple[str, str, str], Label] = {}


@dataclass(frozen=True, slots=True)
class PhraseChecks:
    """A search that finds every prefix and contains phrase of a set at once: a superset of the matches,
    each then confirmed by its own rule.

    Contains phrases that open with a word character can only start after a non-word character (their rule
    reads (?<!\\w)text); the rest may start anywhere. One search per block instead of dozens, which was most
    of pass 1's time on long dumps (see literal_search: a trie in C, or trie regexes).
    """

    may_match: Callable[[str], bool]  # (lowered block text) -> a phrase may match


@dataclass(frozen=True, slots=True)
class Compiled:
    """What pass 1 derives from one set of rules, built once per rules fingerprint.

    `phrase_checks[i]`: the searches for the phrases whose max_words is at least `phrase_check_words[i]`
    (ascending): a block of n words needs only the phrases that allow n words, and the few that allow
    long blocks make a short search of a long paragraph. `captions`: (id, pattern, the strings every
    match contains, or None), in rule order; `captions_without_literals`: those with None;
    `caption_literals`: one search for all their strings. `opens_run`: ids of the phrases after which a
    run of related links starts. `phrase_labels`: the label of each phrase rule, by id.
    """

    phrase_checks: tuple[PhraseChecks, ...]
    phrase_check_words: tuple[int, ...]
    max_phrase_words: int
    captions: tuple[tuple[str, re.Pattern, tuple[str, ...] | None], ...]
    captions_without_literals: tuple[tuple[str, re.Pattern, None], ...]
    caption_literals: Callable[[str], bool] | None  # is any string of any caption rule that has some in a text
    opens_run: frozenset[str]
    phrase_labels: dict[str, Label]


_COMPILED: dict[str, Compiled] = {}


def compiled(rules: Rules) -> Compiled:
    """The pass-1 state of `rules`, built on first use (a fingerprint names the rules' content)."""
    state = _COMPILED.get(rules.fingerprint)
    if state is None:
        state = _COMPILED[rules.fingerprint] = _compile(rules)
    return state


def _compile(rules: Rules) -> Compiled:
    searched = [p for p in rules.phrases if p.pattern is not None]
    limits = sorted({p.max_words for p in searched})
    captions = tuple((rule_id, pattern, required_literals(pattern)) for rule_id, pattern in rules.captions)
    literals = sorted({lit for _id, _p, lits in captions for lit in lits or ()})
    return Compiled(
        phrase_checks=tuple(_phrase_checks([p for p in searched if p.max_words >= limit]) for limit in limits),
        phrase_check_words=tuple(limits),
        max_phrase_words=max(limits, default=-1),  # no phrase to search: even a block of no words skips them
        captions=captions,
        captions_without_literals=tuple((i, p, None) for i, p, lits in captions if lits is None),
        caption_literals=literal_search(anywhere=literals) if literals else None,
        opens_run=frozenset(p.id for p in rules.phrases if p.opens_run),
        phrase_labels={p.id: Label(p.kind, p.id) for p in rules.phrases},
    )


def _phrase_checks(phrases: Sequence[Phrase]) -> PhraseChecks:
    prefixes = [t for p in phrases if p.match == "prefix" for t in p.texts]
    contains = [t for p in phrases if p.match == "contains" for t in p.texts]
    at_word = [t for t in contains if WORD_START.match(t)]
    elsewhere = [t for t in contains if not WORD_START.match(t)]
    return PhraseChecks(literal_search(prefixes, at_word, elsewhere))


def block_rule(block: Block) -> str:
    return block.tag if block.tag != "header" else "scraper-header"


# ------------------------------------------------------------------------------------------ pass 2
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
    for i in range(start, end + 1):
        if labels[i].kind in PROVISIONAL:
            if probs is not None and probs[i] < INSIDE_MIN:
                labels[i] = LOW_SCORE
            else:
                labels[i] = INSIDE_BODY if labels[i].kind != GOOD else PROSE
        elif labels[i].kind == "byline" and i > start:
            labels[i] = INSIDE_BODY  # a "By the way..." line in the story is prose
    for i in range(end + 1, len(labels)):
        if labels[i].kind in PROVISIONAL or labels[i].kind == "byline":
            labels[i] = AFTER_BODY
    if learned and not any(lab.kind == BODY for lab in labels):
        # The scorer found no body at all (a script or a layout it never saw): the rules decide.
        return revise(blocks, before, rules, url=url, title_line=title_line, learned=False)
    return labels


def only_prose_and_ruled(labels: Sequence[Label]) -> bool:
    """Every block is prose (GOOD) or already labelled by a rule, and there is some prose."""
    return any(lab.kind == GOOD for lab in labels) and not any(lab.kind in (NEAR, SHORT) for lab in labels)


# ------------------------------------------------------------------------------------------ scores
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


def choose_title(
    blocks: Sequence[Block], labels: Sequence[Label], start: int, rules: Rules, *, page_title: bool, url: str | None
) -> tuple[int | None, str]:
    """The headline's block index and the rule that chose it.

    A dump opens with the page's <title> ("Headline | Site"); the headline printed again above the
    story (the h1) is the line before the body that best matches it and the URL's words. Without such
    a line the <title> itself is the title (its site name dropped later). Without a <title>, the line
    that holds most of the URL's words, or else the last title-sized line before the body.
    """
    candidates = [
        i
        for i in range(start)
        if labels[i].kind in PROVISIONAL
        and TITLE_MIN_WORDS <= blocks[i].words <= TITLE_MAX_WORDS
        and not (blocks[i].words >= GOOD_MIN_WORDS and blocks[i].text.endswith("."))  # a lede, not a headline
        and not URL_LINE.match(blocks[i].text)  # a "copy link" box holds the slug's words, not a headline
    ]

    seen: dict[int, bool] = {}  # the same lines are asked about again and again below

    def dated(i: int) -> bool:  # "Published Sept. 20, 2023" is the date line, not the headline
        if i not in seen:
            text = blocks[i].text
            seen[i] = (
                blocks[i].words <= DATE_BLOCK_MAX_WORDS
                and find_date(text, rules) is not None
                and not issue_date_headline(text, rules)
            )
        return seen[i]

    # the <title> line may be longer than a headline line: its headline is whole in it, with the site name
    first = (
        page_title
        and start > 0  # a dump that is all story has no title line
        and labels[0].kind in PROVISIONAL
        and TITLE_MIN_WORDS <= blocks[0].words <= PAGE_TITLE_MAX_WORDS
    )
    top = blocks[0].text if first and not dated(0) else None
    if top is not None:
        glued = glued_kicker_line(blocks, candidates, top, dated, url)
        if glued is not None:
            return glued, GLUED_KICKER_RULE
        slug = url_tokens(url)
        # The lines that match well enough, best first; on a tie a line worded as the <title> (a breadcrumb's
        # last item, under which a kicker and the page's own headline may follow), then the line nearer the body.
        headline = fold_spaces(strip_site_name(top, url=url))
        scored = sorted(
            (
                (score, fold_spaces(blocks[i].text) == headline, i)
                for i in candidates
                if i > 0 and (score := title_match(blocks[i].text, top, slug)) >= TITLE_MATCH_MIN
            ),
            reverse=True,
        )
        best = next((i for _score, _same, i in scored if not dated(i)), None)
        if best is not None:
            shown = headline_after_kicker(blocks, labels, best, start, candidates, dated, rules)
            if shown is not None:
                return shown, "headline-after-kicker"
            if title_tokens(blocks[best].text) == title_tokens(strip_site_name(top)):
                return 0, "page-title"  # the same words: the <title> kept the kicker's colon, the dump lost it
            return best, "matches-page-title"
        return 0, "page-title"
    candidates = [i for i in candidates if not dated(i)]
    slug = url_tokens(url)
    if slug and candidates:  # no <title> line (a renderer that leaves it out): the URL names the story
        share, at = max((len(title_tokens(blocks[i].text) & slug) / len(slug), i) for i in candidates)
        if share >= SLUG_TITLE_MIN:
            return at, "matches-url"
    for i in range(start - 1, -1, -1):
        if i in candidates:
            return i, "headline-before-body"
        if labels[i].kind in PROVISIONAL and blocks[i].words > TITLE_MAX_WORDS:
            break
    return None, ""


def glued_kicker_line(
    blocks: Sequence[Block], candidates: Sequence[int], top: str, dated: Callable[[int], bool], url: str | None
) -> int | None:
    """The line nearest the body that shows the <title>'s headline after a kicker set apart by a dash ("Kicker -
    Headline" under a <title> "Kicker: Headline"): the page prints the kicker as its own element, so the
    headline is what follows it (the pipeline cuts it with `drop_glued_kicker`)."""
    for i in reversed(candidates):
        # the shape first: it rules out almost every line, and more cheaply than a search for dates
        if i > 0 and drop_glued_kicker(blocks[i].text, top, url=url) is not None and not dated(i):
            return i
    return None


def issue_date_headline(text: str, rules: Rules) -> bool:
    """A headline that ends with the numeric date of its issue ("Weekly Wrap-Up 12/19/2025"): words of a
    title before it, no date label ("Updated") and no other date. A date line puts a label or nothing there."""
    for rule_id, pattern in rules.date_patterns:
        match = pattern.search(text) if rule_id in rules.swappable_dates else None
        if match is None or text[match.end() :].strip():
            continue
        before = text[: match.start()].rstrip(" -–—|:,")
        return (
            len(HEADLINE_WORD.findall(before)) >= KICKER_SHARED_WORDS
            and find_date(before, rules) is None
            and not any(label.search(before) for _kind, label in rules.date_labels)
        )
    return False


def relative_date_line(block: Block, rules: Rules) -> bool:
    """A short line that dates the story counting back from now ("vor 14 Minuten", "Updated 2 hours ago")."""
    return block.words <= DATE_BLOCK_MAX_WORDS and any(p.search(block.text) for _id, p in rules.relative_dates)


def headline_after_kicker(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    at: int,
    start: int,
    candidates: Sequence[int],
    dated: Callable[[int], bool],
    rules: Rules,
) -> int | None:
    """The headline shown under a breadcrumb trail that ends with the <title>: the trail's last line, then a
    kicker ("Nach erneuter Kritik": short, no full stop), then the headline, worded for the reader, that
    shares words with the <title>, then the story's lead (a standfirst, a byline, the date, the body). A page
    that shows its headline once has no kicker line right after it."""
    kicker, headline = at + 1, at + 2
    if headline >= start or headline not in candidates or dated(headline):
        return None
    if labels[kicker].kind not in PROVISIONAL or not 1 <= blocks[kicker].words <= KICKER_MAX_WORDS or dated(kicker):
        return None
    lead = headline + 1  # what follows a headline: the body, a standfirst, a byline or the date
    if not (
        lead >= start
        or labels[lead].kind == "byline"
        or any(pattern.match(blocks[lead].text) for _id, pattern in rules.bylines)  # "Von stadtfunk, abc"
        or dated(lead)
        or relative_date_line(blocks[lead], rules)  # "vor 14 Minuten"
        or (blocks[lead].words >= GOOD_MIN_WORDS and sentence_end(blocks[lead].text))
    ):
        return None
    text = blocks[headline].text
    if (
        blocks[kicker].text.rstrip().endswith((".", "!", "?", ":"))
        or not blocks[kicker].words < blocks[headline].words <= KICKER_HEADLINE_MAX_WORDS
        or text[:1].islower()  # "founder startup business": tags, not a headline
        or len(HEADLINE_WORD.findall(text)) < KICKER_HEADLINE_MIN_WORDS  # "12 December, 2025"
    ):
        return None
    content = {w for w in title_tokens(blocks[at].text) if len(w) >= KICKER_CONTENT_CHARS}
    return headline if len(content & title_tokens(text)) >= KICKER_SHARED_WORDS else None


def label_header_zone(
    blocks: Sequence[Block],
    labels: list[Label],
    start: int,
    rules: Rules,
    *,
    end: int | None = None,
    page_title: bool = False,
    url: str | None = None,
) -> None:
    """Before the body: the headline, the section just above it, a byline and a date (which may sit
    just inside or just after the body region `start`..`end`)."""
    end = start if end is None else end
    title_at, rule = choose_title(blocks, labels, start, rules, page_title=page_title, url=url)
    if title_at is not None:
        labels[title_at] = Label("title", rule)
        above = title_at - 1
        if (
            above >= 1
            and blocks[above].words <= SECTION_MAX_WORDS
            and (labels[above].kind in PROVISIONAL or labels[above].kind == "navigation")
            and find_date(blocks[above].text, rules) is None
        ):
            labels[above] = Label("section", "label-above-headline")
    date_at = choose_date(blocks, labels, start, end, title_at, rules)
    have_byline = False
    for i in range(start):
        kind = labels[i].kind
        if kind == "byline":
            if have_byline:
                labels[i] = BEFORE_BODY
            have_byline = True
        elif kind in PROVISIONAL:
            labels[i] = BEFORE_BODY
    if date_at is not None and labels[date_at].kind in (*PROVISIONAL, "navigation", BODY):
        labels[date_at] = Label("date", "date-line")


def choose_date(
    blocks: Sequence[Block], labels: Sequence[Label], start: int, end: int, title_at: int | None, rules: Rules
) -> int | None:
    """The block that dates the story: a short line with a date, nearest the start of the body.

    Searched upwards from the body to the headline first (a site's "today is ..." banner sits above
    the headline), then into the first few blocks of the body (a timestamp the region took in), then
    above the headline, then just after the body ("Published May 19, 2024" under the story). A byline
    that carries the date ("By Jane Doe | May 19, 2024") counts; it keeps its byline label and the
    pipeline reads the date from it.
    """
    if any(lab.kind == "date" for lab in labels[:start]):
        return None  # a scraper header already dated the page
    top = title_at if title_at is not None else 0
    order = [
        *range(start - 1, top - 1, -1),
        *range(start, min(end + 1, start + DATE_LOOKAHEAD)),
        *range(top - 1, -1, -1),
        *range(end + 1, min(len(blocks), end + 1 + DATE_AFTER)),
    ]
    for i in order:
        if labels[i].kind not in DATE_LINE_KINDS or blocks[i].words > DATE_BLOCK_MAX_WORDS:
            continue
        if start <= i <= end and labels[i].kind == GOOD:
            continue  # prose that mentions a date is not a date line
        if find_date(blocks[i].text, rules):
            return i
    return None
