"""Numeric features of every block in its page, for the learned body scorer (cleaner/text_model.json).

    >>> from cleaner.blocks import Block
    >>> blocks = [Block.make(t, i) for i, t in enumerate(["Home", "The minister said on Monday that the plan was sound."])]
    >>> rows = block_features(blocks, [False, False], [False, True])
    >>> len(rows) == 2 and len(rows[0]) == len(FEATURES)
    True

One row per block, in FEATURES order. The features are those a human reader uses on a dump: how long a
line is and whether it reads as a sentence (punctuation, stopword share in the page's language), how
it looks (capitalised words, digits, link-like separators), where it sits (position, gaps, the prose
around it), and whether it repeats (the same line twice, the page title printed again). Context
features look at neighbours, so the score is jusText's context-sensitive pass made numeric.
Pure Python, no numpy: the path must stay fast and light.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from .blocks import Block

# Sentence-like end of a line; a trailing bracketed credit is allowed ("... said. (AP)").
SENTENCE_END = re.compile(r"[.!?…:;][\"”’'»)\]]*$|[.!?…][\"”’'»)\]]*\s*\(\w[^)]*\)$")
# Separators of menus and breadcrumbs printed on one line: "Home › News", "News | Sport".
MENU_SEPARATOR = re.compile(r"\s[|›»/•·>]\s|\s[|›»•·]$")
WORD = re.compile(r"\w+")
CONTEXT = 3  # neighbours on each side for windowed features
WIDE_CONTEXT = 10
STOPLIST_SAMPLE_WORDS = 400  # words from the longest lines that choose the page's stoplist
MIN_STOPLIST_HITS = 5  # fewer stopword hits than this: no stoplist (a language justext does not know)

FEATURES = (
    "log_words",
    "log_chars_per_word",
    "sentence_end",
    "ends_colon",
    "stop_share",
    "punct_per_word",
    "digit_share",
    "capital_share",
    "all_caps",
    "menu_separator",
    "rule_boilerplate",
    "repeated",
    "title_like",
    "position",
    "words_before_share",
    "good_before_share",
    "middle_of_prose",
    "gap_before",
    "gap_after",
    "good",
    "short",
    "ctx_good",
    "ctx_wide_good",
    "ctx_log_words",
    "prev_good",
    "next_good",
    "prev_short",
    "next_short",
    "ctx_boilerplate",
    "log_dist_good",
    "ctx_stop_share",
    "url_overlap",
)


@cache
def _stopword_index() -> dict[str, tuple[str, ...]]:
    """word -> languages whose jusText stoplist holds it (loaded once; the lists are static data)."""
    import justext

    index: dict[str, list[str]] = {}
    for lang in sorted(justext.get_stoplists()):
        for word in justext.get_stoplist(lang):
            index.setdefault(word, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


@cache
def _stoplist(lang: str) -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist(lang))


def page_stoplist(blocks: Sequence[Block]) -> frozenset[str]:
    """The stoplist of the language whose stopwords the page's longest lines use most.

    Stopword counting is the classic language guess and costs one dict look-up per word, so it picks
    the stoplist without running a language detector over the page.
    """
    index = _stopword_index()
    words: list[str] = []
    for block in sorted(blocks, key=lambda b: -b.words)[:12]:
        words += WORD.findall(block.text.lower())
        if len(words) >= STOPLIST_SAMPLE_WORDS:
            break
    hits: Counter[str] = Counter()
    for word in words[:STOPLIST_SAMPLE_WORDS]:
        for lang in index.get(word, ()):
            hits[lang] += 1
    if not hits:
        return frozenset()
    lang, count = max(hits.items(), key=lambda kv: (kv[1], kv[0]))
    return _stoplist(lang) if count >= MIN_STOPLIST_HITS else frozenset()


def url_tokens(url: str | None) -> frozenset[str]:
    """Words of a URL's path, the slug most of all: '/2023/09/putin-visits-china' -> {putin, visits, china}."""
    if not url:
        return frozenset()
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower())
    return frozenset(w for w in re.split(r"[^\w]+|_", path) if len(w) > 2 and not w.isdigit())


def fold_line(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def block_features(
    blocks: Sequence[Block],
    boilerplate: Sequence[bool],
    good: Sequence[bool],
    *,
    stoplist: frozenset[str] = frozenset(),
    title_line: str | None = None,
    url: str | None = None,
) -> list[list[float]]:
    """One feature row per block (FEATURES order).

    `boilerplate`: pass 1 already named the block boilerplate or a field; `good`: pass 1 called it prose.
    `title_line`: the page's <title> as dumps print it first; `url`: the page address.
    """
    n = len(blocks)
    if n == 0:
        return []
    words = [b.words for b in blocks]
    total_words = sum(words) or 1
    total_good_words = sum(w for w, g in zip(words, good, strict=True) if g) or 1
    folded = [fold_line(b.text) for b in blocks]
    counts = Counter(folded)
    title_tokens = set(fold_line(title_line).split()) if title_line else set()
    slug = url_tokens(url)
    short = [w <= 4 for w in words]

    local: list[tuple[float, float]] = []  # stop share, ends like a sentence
    rows: list[list[float]] = []
    for i, block in enumerate(blocks):
        text = block.text
        toks = folded[i].split()
        nw = max(len(toks), 1)
        stop = sum(t in stoplist for t in toks) / nw if stoplist else 0.0
        end = 1.0 if SENTENCE_END.search(text) else 0.0
        local.append((stop, end))
        letters = sum(ch.isalpha() for ch in text) or 1
        caps = sum(1 for t in WORD.findall(text) if t[:1].isupper()) / nw
        tok_set = set(toks)
        title_like = 0.0
        if title_tokens and toks:
            title_like = len(tok_set & title_tokens) / len(tok_set | title_tokens)
        rows.append(
            [
                math.log1p(block.words),
                math.log(len(text) / nw),
                end,
                1.0 if text.endswith(":") else 0.0,
                stop,
                sum(text.count(c) for c in ",.;:") / nw,
                sum(ch.isdigit() for ch in text) / (letters + sum(ch.isdigit() for ch in text)),
                caps,
                1.0 if text.isupper() and block.words >= 2 else 0.0,
                1.0 if MENU_SEPARATOR.search(text) else 0.0,
                1.0 if boilerplate[i] else 0.0,
                1.0 if counts[folded[i]] > 1 else 0.0,
                title_like,
                i / n,
                0.0,  # words_before_share, filled below
                0.0,  # good_before_share
                0.0,  # middle_of_prose
                1.0 if block.gap_before else 0.0,
                1.0 if i + 1 < n and blocks[i + 1].gap_before else 0.0,
                1.0 if good[i] else 0.0,
                1.0 if short[i] else 0.0,
            ]
        )

    # Cumulative and windowed context.
    before = 0
    good_before = 0
    nearest_good = [n] * n
    last = -(10**6)
    for i in range(n):
        if good[i]:
            last = i
        nearest_good[i] = i - last
    last = 10**6
    for i in range(n - 1, -1, -1):
        if good[i]:
            last = i
        nearest_good[i] = min(nearest_good[i], last - i)
    for i, row in enumerate(rows):
        row[14] = before / total_words
        row[15] = good_before / total_good_words
        row[16] = row[15] * (1 - row[15]) * 4  # 1 in the middle of the page's prose, 0 at its edges
        before += words[i]
        if good[i]:
            good_before += words[i]
        lo, hi = max(0, i - CONTEXT), min(n, i + CONTEXT + 1)
        others = [j for j in range(lo, hi) if j != i]
        k = len(others) or 1
        wlo, whi = max(0, i - WIDE_CONTEXT), min(n, i + WIDE_CONTEXT + 1)
        row += [
            sum(good[j] for j in others) / k,
            sum(good[j] for j in range(wlo, whi) if j != i) / max(whi - wlo - 1, 1),
            sum(math.log1p(words[j]) for j in others) / k,
            1.0 if i > 0 and good[i - 1] else 0.0,
            1.0 if i + 1 < n and good[i + 1] else 0.0,
            1.0 if i > 0 and short[i - 1] else 0.0,
            1.0 if i + 1 < n and short[i + 1] else 0.0,
            sum(boilerplate[j] for j in others) / k,
            math.log1p(nearest_good[i] if not good[i] else 0),
            sum(local[j][0] for j in others) / k,
        ]
        toks = set(folded[i].split())
        row.append(len(toks & slug) / len(toks) if slug and toks else 0.0)
    return rows
