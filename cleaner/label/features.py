"""Numeric features of every block in its page, for the learned body scorer (cleaner/label/text_model.json).

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
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate, compress
from operator import attrgetter, itemgetter
from urllib.parse import unquote

from cleaner.blocks import Block
from cleaner.speedups import load

_FEATURES_C = load("_features")  # block_features in C, the same rows as _python_block_features

# Sentence-like end of a line; a trailing bracketed credit is allowed ("... said. (AP)").
SENTENCE_END = re.compile(r"[.!?…:;][\"”’'»)\]]*$|[.!?…][\"”’'»)\]]*\s*\(\w[^)]*\)$")
# Separators of menus and breadcrumbs printed on one line: "Home › News", "News | Sport".
MENU_SEPARATOR = re.compile(r"\s[|›»/•·>]\s|\s[|›»•·]$")
WORD = re.compile(r"\w+")
DIGIT = re.compile(r"[0-9]")  # ASCII digits only, as the digit share has always counted
SENTENCE_MARKS = ".!?…:;"  # SENTENCE_END's first branch: one of these, then closers only
SENTENCE_CLOSERS = "\"”’'»)]"
LEAD_WORDS = 6  # words at the start of a line whose capitals are counted
CONTEXT = 3  # neighbours on each side for windowed features
WIDE_CONTEXT = 10

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


def url_tokens(url: str | None) -> frozenset[str]:
    """Words of a URL's path, the slug most of all: '/2023/09/putin-visits-china' -> {putin, visits, china};
    a slug in another script is percent-encoded ('/%D8%B4%D8%B9%D8%B1-...') and read decoded."""
    if not url:
        return frozenset()
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower())
    if "%" in path:
        path = unquote(path, errors="replace")
    return frozenset(w for w in re.split(r"[^\w]+|_", path) if len(w) > 2 and not w.isdigit())


def sentence_end(text: str) -> bool:
    """SENTENCE_END.search(text), without running the regex over a long line in most cases.

    The regex tries every position of the line. Its first branch holds exactly when the line, closing
    quotes and brackets stripped from its end, ends with a sentence mark; the second (a bracketed
    credit) needs a line that ends with ")", and only such a line goes to the regex. `$` also matches
    before a final newline, so that newline is set aside first.
    """
    line = text[:-1] if text[-1:] == "\n" else text
    stripped = line.rstrip(SENTENCE_CLOSERS)
    if stripped and stripped[-1] in SENTENCE_MARKS:
        return True
    return line[-1:] == ")" and SENTENCE_END.search(text) is not None


def menu_separator(text: str) -> bool:
    """MENU_SEPARATOR.search(text); most lines hold none of its characters, which seven one-character
    `in` tests (memchr scans, no generator) tell faster than a regex scan."""
    has_separator = (
        "|" in text or "›" in text or "»" in text or "/" in text or "•" in text or "·" in text or ">" in text
    )
    return has_separator and MENU_SEPARATOR.search(text) is not None


def fold_line(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def _prefix_sums(values: Sequence[float]) -> list[float]:
    """prefix[k] = values[0] + ... + values[k - 1], added left to right."""
    return list(accumulate(values, initial=0.0))


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
    pure_python: bool = False,
) -> list[list[float] | None]:
    """One feature row per block (FEATURES order); None for a block not `wanted` (all are by default).

    `boilerplate`: pass 1 already named the block boilerplate or a field; `good`: pass 1 called it prose.
    `title_line`: the page's <title> as dumps print it first; `url`: the page address;
    `comment_marks`: blocks that open a comment section ("Leave a reply"); `datelines`: blocks that open
    with a wire dateline ("MADRID (AP) —"), where a story starts.
    `pure_python`: skip the C module (cleaner/label/_features.c), which returns the same rows faster.
    """
    if _FEATURES_C is None or pure_python:
        return _python_block_features(
            blocks,
            boilerplate,
            good,
            stoplist=stoplist,
            title_line=title_line,
            url=url,
            wanted=wanted,
            comment_marks=comment_marks,
            datelines=datelines,
        )
    return _FEATURES_C.block_features(
        list(map(_TEXT, blocks)),
        list(map(_WORDS, blocks)),
        list(map(_GAP_BEFORE, blocks)),
        boilerplate,
        good,
        stoplist,
        set(fold_line(title_line).split()) if title_line else set(),
        url_tokens(url),
        wanted,
        comment_marks,
        datelines,
        SENTENCE_END.search,
        MENU_SEPARATOR.search,
    )


_TEXT, _WORDS, _GAP_BEFORE = attrgetter("text"), attrgetter("words"), attrgetter("gap_before")


def _python_block_features(
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
    """block_features in Python: the reference the C module (cleaner/label/_features.c) is held to.

    Most blocks of a dump are not scored (see label.scored_blocks), so only what a scored block's
    window reads is computed for every block (word counts, prose and boilerplate marks, stopword
    shares, the folded text that tells repeats); the rest is computed for scored rows alone.
    """
    n = len(blocks)
    if n == 0:
        return []
    if not len(boilerplate) == len(good) == n:
        raise ValueError(f"{n} blocks, {len(boilerplate)} boilerplate marks, {len(good)} prose marks")
    words = [b.words for b in blocks]
    total_words = sum(words) or 1
    total_good_words = sum(compress(words, good)) or 1
    # The words of each block, case-folded: repeats are found on these, stopwords counted in them.
    tokens = [WORD.findall(b.text) for b in blocks]
    folded = [" ".join(t).casefold() for t in tokens]
    toks_by_block = [f.split() for f in folded]
    counts = Counter(folded)
    if stoplist:
        known = stoplist.__contains__
        stops = [sum(map(known, toks)) / (len(toks) or 1) for toks in toks_by_block]
    else:
        stops = [0.0] * n
    good_f = [1.0 if g else 0.0 for g in good]
    bp_f = [1.0 if b else 0.0 for b in boilerplate]
    log_words = [math.log1p(w) for w in words]
    words_before = list(accumulate(words, initial=0))
    good_words_before = list(accumulate((w if g else 0 for w, g in zip(words, good, strict=True)), initial=0))
    good_at = [i for i in range(n) if good[i]]
    sum_good, sum_words = _prefix_sums(good_f), _prefix_sums(log_words)
    sum_bp, sum_stops = _prefix_sums(bp_f), _prefix_sums(stops)
    title_tokens = set(fold_line(title_line).split()) if title_line else set()
    slug = url_tokens(url)
    comments_from = next((i for i, m in enumerate(comment_marks or ()) if m), n)
    dated_at = [i for i, d in enumerate(datelines or ()) if d]

    rows: list[list[float] | None] = []
    for i, block in enumerate(blocks):
        if wanted is not None and not wanted[i]:
            rows.append(None)
            continue
        text = block.text
        toks = toks_by_block[i]
        nw = len(toks) or 1
        tok_set = set(toks)
        digits = len(DIGIT.findall(text))
        letters = (len(text) - text.count(" ") - digits) or 1
        if title_tokens and toks:  # Jaccard overlap; the union's size counted, not built
            shared = len(tok_set & title_tokens)
            title_like = shared / (len(tok_set) + len(title_tokens) - shared)
        else:
            title_like = 0.0
        good_share = good_words_before[i] / total_good_words
        # First letters of the words: capitalised words, and those among the first few.
        capitals = list(map(str.isupper, map(itemgetter(0), tokens[i])))
        # Window bounds: neighbours on each side, fewer at the page's edges.
        lo, hi = max(0, i - CONTEXT), min(n, i + CONTEXT + 1)
        wide_lo, wide_hi = max(0, i - WIDE_CONTEXT), min(n, i + WIDE_CONTEXT + 1)
        k = (hi - lo - 1) or 1
        kw = (wide_hi - wide_lo - 1) or 1
        if good[i]:
            dist_good = 0
        else:  # the nearest block of prose on either side
            at = bisect_right(good_at, i)
            before_i = good_at[at - 1] if at else -(10**6)
            dist_good = min(i - before_i, (good_at[at] if at < len(good_at) else 10**6) - i)
        # Prose after a dateline within a few blocks: the story it opened.
        at = bisect_right(dated_at, i)
        dated_before = 1.0 if at and 0 < i - dated_at[at - 1] <= WIDE_CONTEXT else 0.0
        rows.append(
            [
                log_words[i],
                math.log(len(text) / nw),
                1.0 if sentence_end(text) else 0.0,
                1.0 if text.endswith(":") else 0.0,
                stops[i],
                (text.count(",") + text.count(".") + text.count(";") + text.count(":")) / nw,
                digits / (letters + digits),
                sum(capitals) / nw,
                1.0 if block.words >= 2 and text.isupper() else 0.0,
                1.0 if menu_separator(text) else 0.0,
                bp_f[i],
                1.0 if counts[folded[i]] > 1 else 0.0,
                title_like,
                i / n,
                words_before[i] / total_words,
                good_share,
                good_share * (1 - good_share) * 4,  # 1 in the middle of the page's prose, 0 at its edges
                1.0 if block.gap_before else 0.0,
                1.0 if i + 1 < n and blocks[i + 1].gap_before else 0.0,
                good_f[i],
                1.0 if words[i] <= 4 else 0.0,
                # Windowed context: sums of the neighbours' values from prefix sums, O(1) per block.
                (sum_good[hi] - sum_good[lo] - good_f[i]) / k,
                (sum_good[wide_hi] - sum_good[wide_lo] - good_f[i]) / kw,
                (sum_words[hi] - sum_words[lo] - log_words[i]) / k,
                good_f[i - 1] if i > 0 else 0.0,
                good_f[i + 1] if i + 1 < n else 0.0,
                (1.0 if words[i - 1] <= 4 else 0.0) if i > 0 else 0.0,
                (1.0 if words[i + 1] <= 4 else 0.0) if i + 1 < n else 0.0,
                (sum_bp[hi] - sum_bp[lo] - bp_f[i]) / k,
                math.log1p(dist_good),
                (sum_stops[hi] - sum_stops[lo] - stops[i]) / k,
                len(tok_set & slug) / len(tok_set) if slug and tok_set else 0.0,
                1.0 if i > comments_from else 0.0,
                1.0 if i in dated_at else 0.0,
                dated_before,
                sum(capitals[:LEAD_WORDS]) / max(1, min(len(capitals), LEAD_WORDS)),
            ]
        )
    return rows
