"""Stoplists: jusText's per-language stopword lists, and which one a page's longest lines use most.

    >>> from cleaner.blocks import Block
    >>> "und" in page_stoplist([Block.make("Der Rat hat beschlossen, dass die Arbeiten im Frühjahr beginnen und "
    ...                                    "die Straße gesperrt wird, sagte der Sprecher der Stadt am Dienstag.", 0)])
    True

Shared by the body scorer's features (label/features.py: the stopword share of a line in the page's
language) and by the language guess (fields/language.py). Pure data and counting: it never reads a page
or labels a block. The C module cleaner/_stopwords.c counts the same hits faster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from operator import attrgetter
from typing import Any

import numpy as np

from cleaner.blocks import Block
from cleaner.speedups import load

WORD = re.compile(r"\w+")
STOPLIST_SAMPLE_WORDS = 400  # words from the longest lines that choose the page's stoplist
MIN_STOPLIST_HITS = 5  # fewer stopword hits than this: no stoplist (a language justext does not know)

_STOPWORDS_C = load("_stopwords")  # stopword counting in C, the same hits as the Python code


@cache
def _stoplists() -> dict[str, frozenset[str]]:
    """jusText's stoplist of every language, read once (the lists are static data)."""
    import justext

    return {lang: frozenset(justext.get_stoplist(lang)) for lang in sorted(justext.get_stoplists())}


@cache
def _stopword_index() -> dict[str, tuple[str, ...]]:
    """word -> languages whose jusText stoplist holds it, in language order."""
    index: dict[str, list[str]] = {}
    for lang, words in _stoplists().items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


def _stoplist(lang: str) -> frozenset[str]:
    return _stoplists()[lang]


@cache
def _stopword_languages() -> tuple[dict[str, int], np.ndarray, np.ndarray, tuple[str, ...]]:
    """(word -> number, where each word's languages start in `flat`, `flat`: language columns of every
    word one after another, the languages in column order), built once.

    A common word is a stopword of a dozen languages or more: counting a page's (word, language) hits
    with numpy does in a few array steps what a Python counter did one hit at a time.
    """
    langs = tuple(sorted(_stoplists()))
    column = {lang: j for j, lang in enumerate(langs)}
    index = _stopword_index()
    numbers = {word: i for i, word in enumerate(index)}
    sizes = np.array([len(index[word]) for word in numbers], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    flat = np.array([column[lang] for word in numbers for lang in index[word]], dtype=np.int16)
    return numbers, starts, flat, langs


def run_positions(starts: np.ndarray, found: np.ndarray) -> np.ndarray:
    """The positions of the runs [starts[i], starts[i + 1]) of every i in `found`, laid end to end in
    `found`'s order: where a table stored as one flat array keeps the entries of the words found."""
    sizes = starts[found + 1] - starts[found]
    run_start = np.repeat(starts[found] - np.cumsum(sizes) + sizes, sizes)
    return run_start + np.arange(int(sizes.sum()))


@cache
def _stopword_counter() -> Any:
    """_stopword_languages() as the C module's table (cleaner/_stopwords.c), built once."""
    numbers, starts, flat, langs = _stopword_languages()
    return _STOPWORDS_C.Table(numbers, starts.astype(np.int64).tobytes(), flat.astype(np.int32).tobytes(), len(langs))


def page_stoplist(blocks: Sequence[Block], *, pure_python: bool = False) -> frozenset[str]:
    """The stoplist of the language whose stopwords the page's longest lines use most (ties: the
    language whose name sorts last).

    Stopword counting is the classic language guess and costs a look-up per word, so it picks the
    stoplist without running a language detector over the page. The words counted are the first
    STOPLIST_SAMPLE_WORDS of the 12 longest blocks, longest first.

    `pure_python`: skip the C module (cleaner/_stopwords.c), which counts the same hits faster.
    """
    if _STOPWORDS_C is None or pure_python:
        return _python_page_stoplist(blocks)
    longest = tuple(b.text for b in sorted(blocks, key=attrgetter("words"), reverse=True)[:12])  # stable, as -words
    # the body scorer and the header zone both ask for a dump's stoplist: counted once (keyed by what is counted)
    stoplist = _CHOSEN.get(longest)
    if stoplist is None:
        if len(_CHOSEN) >= CHOSEN_MEMO_SIZE:
            _CHOSEN.clear()
        stoplist = _CHOSEN[longest] = _stoplist_of(_stopword_counter().hits(longest, STOPLIST_SAMPLE_WORDS))
    return stoplist


CHOSEN_MEMO_SIZE = 4  # pages whose stoplist is remembered (the same page asks again within a few calls)
_CHOSEN: dict[tuple[str, ...], frozenset[str]] = {}


def _stoplist_of(hits: list[int]) -> frozenset[str]:
    """The stoplist of the language with most hits (ties: the last), if it has MIN_STOPLIST_HITS."""
    count = max(hits)
    if not count:
        return frozenset()
    langs = _stopword_languages()[3]
    lang = max(lang for lang, n in zip(langs, hits, strict=True) if n == count)
    return _stoplist(lang) if count >= MIN_STOPLIST_HITS else frozenset()


def _python_page_stoplist(blocks: Sequence[Block]) -> frozenset[str]:
    """page_stoplist in Python and numpy: the reference the C module must agree with."""
    numbers, starts, flat, langs = _stopword_languages()
    words: list[str] = []
    for block in sorted(blocks, key=lambda b: -b.words)[:12]:
        words += WORD.findall(block.text.lower())
        if len(words) >= STOPLIST_SAMPLE_WORDS:
            break
    found = np.array([i for i in map(numbers.get, words[:STOPLIST_SAMPLE_WORDS]) if i is not None], dtype=np.int64)
    if not len(found):
        return frozenset()
    return _stoplist_of(np.bincount(flat[run_positions(starts, found)], minlength=len(langs)).tolist())
