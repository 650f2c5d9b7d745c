"""Pass 1 for every block alone: a final label when a rule decides it, else a provisional class.

    >>> from cleaner.blocks import Block
    >>> from cleaner.ruleset.load import load_rules
    >>> [lab.kind for lab in context_free([Block.make("Share", 0), Block.make("Storm hits coast", 1)], load_rules())]
    ['share', '?short']

Boilerplate phrases, captions, bylines and scraper headers get their final label; every other block
gets GOOD (a sentence of prose), NEAR (some words) or SHORT (a few words) from its length and its end.
It never looks at a block's neighbours (that is context.py) and never reads bytes or markup.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cleaner.blocks import Block, Label
from cleaner.fields.byline import parse_byline
from cleaner.label.features import sentence_end
from cleaner.ruleset.literal_search import literal_search
from cleaner.ruleset.load import Phrase, Rules, fold_phrase, fold_spaces
from cleaner.ruleset.regex_literals import required_literals

# Provisional classes of pass 1; none survives pass 2.
GOOD, NEAR, SHORT = "?good", "?near", "?short"
PROVISIONAL = frozenset({GOOD, NEAR, SHORT})
GOOD_MIN_WORDS = 10  # a block this long that ends like a sentence is prose
LONG_MIN_WORDS = 30  # a block this long is prose however it ends
SHORT_MAX_WORDS = 4  # a block this short is a label, a link or a heading
FULL_WIDTH_STOPS = ("。", "！", "？", "」", "』", "）")  # sentence ends of Chinese and Japanese
CLASSIFY_CACHE_SIZE = 50_000  # distinct block texts remembered by classify (a few MB at most)
CAPTION_WINDOW = 160  # characters at each end of a long block that caption rules look at
WORD_START = re.compile(r"\w")
# A month of an archive menu: "2019年11月", "2019-11", "November 2019". A line of many of them and little else
# is a blog's archive ("Monthly archive: November 2019 October 2019 ..."), however long it is.
ARCHIVE_ITEM = re.compile(
    r"(?:19|20)\d\d ?年 ?\d{1,2} ?月|(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])(?!\d)|[^\W\d_]{3,9}\.? (?:19|20)\d\d"
)
ARCHIVE_MIN_ITEMS = 5
ARCHIVE_SHARE = 0.6  # of the line's characters (spaces left out) that its months take up
ARCHIVE_LIST = Label("navigation", "archive-list")


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
    if archive_list(text):
        return ARCHIVE_LIST
    if block.words <= 20 and parse_byline(text, rules) is not None:
        return Label("byline", "byline")
    return PROSE_LABELS[prose_class(block)]


def archive_list(text: str) -> bool:
    """A line that lists the months of an archive and little else.

    >>> archive_list("月別 2019年11月 2019年4月 2019年1月 2018年8月 2018年5月")
    True
    >>> archive_list("Archives: May 2024 April 2024")
    False
    >>> archive_list("In May 2024 and June 2024 we met, and in July 2024, August 2024 and May 2025 to vote on it.")
    False
    """
    if text.count("20") + text.count("19") < ARCHIVE_MIN_ITEMS:  # most lines: no search at all
        return False
    items = ARCHIVE_ITEM.findall(text)
    if len(items) < ARCHIVE_MIN_ITEMS:
        return False
    return sum(len(item) - item.count(" ") for item in items) >= ARCHIVE_SHARE * (len(text) - text.count(" "))


# Labels are frozen values: one object per class serves every block (no allocation per block).
PROSE_LABELS = {kind: Label(kind, "length") for kind in (GOOD, NEAR, SHORT)}


def prose_class(block: Block) -> str:
    if block.words >= LONG_MIN_WORDS or (
        block.words >= GOOD_MIN_WORDS and (sentence_end(block.text) or block.text.endswith(FULL_WIDTH_STOPS))
    ):
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
