"""Numeric features of every block in its page, for the learned body scorer (cleaner/text_model.json).

    >>> from cleaner.blocks import Block
    >>> texts = ["Home", "The minister said on Monday that the plan was sound."]
    >>> blocks = [Block.make(t, i) for i, t in enumerate(texts)]
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
DIGITS = str.maketrans("", "", "0123456789")
LEAD_WORDS = 6  # words at the start of a line whose capitals are counted
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
    "after_comments",
    "opens_dateline",
    "ctx_dateline",
    "lead_capitals",
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
    for word, count in Counter(words[:STOPLIST_SAMPLE_WORDS]).items():
        for lang in index.get(word, ()):
            hits[lang] += count
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


def _window_sums(values: Sequence[float], radius: int) -> list[float]:
    """For each i, the sum of values[i - radius : i + radius + 1] without values[i] (prefix sums: O(n))."""
    prefix = [0.0]
    for v in values:
        prefix.append(prefix[-1] + v)
    n = len(values)
    return [prefix[min(n, i + radius + 1)] - prefix[max(0, i - radius)] - values[i] for i in range(n)]


def block_features(
    blocks: Sequence[Block],
    boilerplate: Sequence[bool],
    good: Sequence[bool],
    *,
    stoplist: frozenset[str] = frozenset(),
    title_line: str | None = None,
    url: str | None = None,
    wanted: Sequence[bool] | None = None,
    comment_marks: Sequence[bool] | None = None,
    datelines: Sequence[bool] | None = None,
) -> list[list[float] | None]:
    """One feature row per block (FEATURES order); None for a block not `wanted` (all are by default).

    `boilerplate`: pass 1 already named the block boilerplate or a field; `good`: pass 1 called it prose.
    `title_line`: the page's <title> as dumps print it first; `url`: the page address;
    `comment_marks`: blocks that open a comment section ("Leave a reply"); `datelines`: blocks that open
    with a wire dateline ("MADRID (AP) —"), where a story starts.
    """
    n = len(blocks)
    if n == 0:
        return []
    words = [b.words for b in blocks]
    total_words = sum(words) or 1
    total_good_words = sum(w for w, g in zip(words, good, strict=True) if g) or 1
    toks_by_block = [WORD.findall(b.text) for b in blocks]
    folded = [" ".join(toks).casefold() for toks in toks_by_block]
    counts = Counter(folded)
    title_tokens = set(fold_line(title_line).split()) if title_line else set()
    slug = url_tokens(url)
    good_f = [1.0 if g else 0.0 for g in good]
    short_f = [1.0 if w <= 4 else 0.0 for w in words]
    bp_f = [1.0 if b else 0.0 for b in boilerplate]
    log_words = [math.log1p(w) for w in words]

    stops: list[float] = []
    # Capitalised words among a line's first few: a teaser card prints "Headline In Title Case" and its
    # summary on one line, a paragraph of the story opens with one or two.
    lead_capitals = [
        sum(1 for t in toks[:LEAD_WORDS] if t[:1].isupper()) / max(1, min(len(toks), LEAD_WORDS))
        for toks in toks_by_block
    ]
    rows: list[list[float] | None] = []
    before = 0
    good_before = 0
    for i, block in enumerate(blocks):
        toks = folded[i].split()
        nw = max(len(toks), 1)
        stop = sum(1 for t in toks if t in stoplist) / nw if stoplist else 0.0
        stops.append(stop)
        if wanted is not None and not wanted[i]:
            rows.append(None)
            before += words[i]
            if good[i]:
                good_before += words[i]
            continue
        text = block.text
        raw_toks = toks_by_block[i]
        tok_set = set(toks)
        digits = len(text) - len(text.translate(DIGITS))
        letters = (len(text) - text.count(" ") - digits) or 1
        title_like = len(tok_set & title_tokens) / len(tok_set | title_tokens) if title_tokens and toks else 0.0
        good_share = good_before / total_good_words
        rows.append(
            [
                log_words[i],
                math.log(len(text) / nw),
                1.0 if SENTENCE_END.search(text) else 0.0,
                1.0 if text.endswith(":") else 0.0,
                stop,
                (text.count(",") + text.count(".") + text.count(";") + text.count(":")) / nw,
                digits / (letters + digits),
                sum(1 for t in raw_toks if t[:1].isupper()) / nw,
                1.0 if block.words >= 2 and text.isupper() else 0.0,
                1.0 if MENU_SEPARATOR.search(text) else 0.0,
                bp_f[i],
                1.0 if counts[folded[i]] > 1 else 0.0,
                title_like,
                i / n,
                before / total_words,
                good_share,
                good_share * (1 - good_share) * 4,  # 1 in the middle of the page's prose, 0 at its edges
                1.0 if block.gap_before else 0.0,
                1.0 if i + 1 < n and blocks[i + 1].gap_before else 0.0,
                good_f[i],
                short_f[i],
            ]
        )
        before += words[i]
        if good[i]:
            good_before += words[i]

    # Windowed context, by prefix sums.
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
    near_good = _window_sums(good_f, CONTEXT)
    wide_good = _window_sums(good_f, WIDE_CONTEXT)
    near_words = _window_sums(log_words, CONTEXT)
    near_bp = _window_sums(bp_f, CONTEXT)
    near_stop = _window_sums(stops, CONTEXT)
    comments_from = next((i for i, m in enumerate(comment_marks or ()) if m), n)
    dated = [1.0 if d else 0.0 for d in (datelines or [False] * n)]
    # Prose after a dateline within a few blocks: the story it opened.
    dated_before = [0.0] * n
    last_dated = -(10**6)
    for i in range(n):
        if dated[i]:
            last_dated = i
        dated_before[i] = 1.0 if 0 < i - last_dated <= WIDE_CONTEXT else 0.0
    for i, row in enumerate(rows):
        if row is None:
            continue
        k = (min(n, i + CONTEXT + 1) - max(0, i - CONTEXT) - 1) or 1
        kw = (min(n, i + WIDE_CONTEXT + 1) - max(0, i - WIDE_CONTEXT) - 1) or 1
        toks = set(folded[i].split())
        row += [
            near_good[i] / k,
            wide_good[i] / kw,
            near_words[i] / k,
            good_f[i - 1] if i > 0 else 0.0,
            good_f[i + 1] if i + 1 < n else 0.0,
            short_f[i - 1] if i > 0 else 0.0,
            short_f[i + 1] if i + 1 < n else 0.0,
            near_bp[i] / k,
            math.log1p(nearest_good[i] if not good[i] else 0),
            near_stop[i] / k,
            len(toks & slug) / len(toks) if slug and toks else 0.0,
            1.0 if i > comments_from else 0.0,
            dated[i],
            dated_before[i],
            lead_capitals[i],
        ]
    return rows
