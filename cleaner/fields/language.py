"""Language of the body, ISO 639-1, with langdetect made deterministic.

    >>> detect_language("The president said on Wednesday that he would visit China in October.")
    'en'

A stopword count decides first when it is clear (fast, and exact enough for the big languages);
langdetect decides the rest. langdetect draws random samples; a fixed seed, a fixed sample of the
text and a lock make the answer the same on every run and in every thread. Too little text gives
None rather than a guess.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from itertools import islice
from typing import Any

import numpy as np

from cleaner.speedups import load
from cleaner.stoplists import _stopword_index, run_positions

MIN_LETTERS = 20  # below this langdetect guesses
# Measured on the fundus pages (41 countries): 600 characters and 3 trials agree with langdetect's
# own defaults (10 000 characters, 7 trials) on 256 of 258 pages at a third of the time.
SAMPLE_CHARS = 600
TRIALS = 3
SEED = 0

_lock = threading.Lock()
_factory_ready = False


# jusText stoplist -> ISO 639-1, for the languages a stopword count tells apart reliably.
STOPLIST_CODES = {
    "English": "en", "German": "de", "French": "fr", "Spanish": "es", "Italian": "it", "Portuguese": "pt",
    "Dutch": "nl", "Russian": "ru", "Ukrainian": "uk", "Polish": "pl", "Swedish": "sv", "Danish": "da",
    "Norwegian_Bokmal": "no", "Finnish": "fi", "Turkish": "tr", "Czech": "cs", "Hungarian": "hu",
    "Romanian": "ro", "Greek": "el", "Indonesian": "id", "Vietnamese": "vi", "Catalan": "ca",
}
STOPWORD_SAMPLE_CHARS = 1500
STOPWORD_MIN_HITS = 6  # less stopword weight than this: too little text to tell by stopwords
STOPWORD_MARGIN = 1.5  # the best language must beat the runner-up by this factor, else ask langdetect
_WORD = re.compile(r"\w+")
# Letters of the scripts that name their language by themselves (see script_language).
SCRIPT_LETTERS = {
    "kana": re.compile("[\u3041-\u309f\u30a1-\u30ff]"),
    "hangul": re.compile("[\uac00-\ud7af\u1100-\u11ff]"),
    "thai": re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]"),
    "han": re.compile("[\u3400-\u4dbf\u4e00-\u9fff]"),
}
ANY_SCRIPT_LETTER = re.compile("|".join(pattern.pattern for pattern in SCRIPT_LETTERS.values()))
SCRIPT_SHARE = 0.5  # this share of a sample's letters in one script names its language
KANA_SHARE = 0.1  # Japanese mixes kana with Han ideographs: this much kana is Japanese already

_C = load("_stopwords")  # stopword counting in C, the same weights as the Python code


def warm_up() -> None:
    """Load langdetect's profiles now (half a second, once per process) rather than on the first page."""
    with _lock:
        _ready_factory()


def _ready_factory() -> Any:
    """langdetect's factory (untyped), seeded and loaded once; call with _lock held."""
    from langdetect import DetectorFactory, detector_factory

    global _factory_ready
    if not _factory_ready:
        DetectorFactory.seed = SEED
        detector_factory.init_factory()
        _factory_ready = True
    return detector_factory._factory


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    # fewer than MIN_LETTERS letters: stop at the MIN_LETTERS-th rather than count all 600 characters
    if next(islice(filter(str.isalpha, sample), MIN_LETTERS - 1, None), None) is None:
        return None
    by_script = script_language(sample)
    if by_script:
        return by_script
    by_stopwords = stopword_language(text[:STOPWORD_SAMPLE_CHARS])
    if by_stopwords:
        return by_stopwords
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:
        try:
            detector = _ready_factory().create()
            detector.n_trial = TRIALS
            detector.append(sample)
            code = detector.detect()
        except LangDetectException:
            return None
    code = code.split("-")[0]
    return code if len(code) == 2 else None


def script_language(text: str) -> str | None:
    """The language a text's script names on its own, when most of its letters are in it: kana for
    Japanese, Hangul for Korean, Han ideographs without kana or Hangul for Chinese, Thai; else None.

    >>> script_language("気象庁は13日、震度5弱の地震があったと発表した。")
    'ja'
    >>> script_language("习近平主席的贺信阐明了意义")
    'zh'
    >>> script_language("The bridge is closed.") is None
    True

    langdetect reads these scripts by character n-grams and, on a short sample, can take a Chinese page
    for Korean (whose profile holds Han characters too); the script itself is not in doubt.
    """
    if ANY_SCRIPT_LETTER.search(text) is None:
        return None  # no letter of those scripts (most pages): every count is 0, and so is every share
    letters = sum(map(str.isalpha, text))
    if not letters:
        return None
    counts = {name: len(pattern.findall(text)) for name, pattern in SCRIPT_LETTERS.items()}
    if counts["kana"] >= KANA_SHARE * letters:
        return "ja"
    for name, code in (("hangul", "ko"), ("thai", "th"), ("han", "zh")):
        if counts[name] >= SCRIPT_SHARE * letters:
            return code
    return None


@cache
def _stopword_table() -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """(word -> number, where each word's entries start in the flat arrays, the language column of
    every entry, its weight, the languages in column order), built once.

    A word lists the languages of STOPLIST_CODES whose stoplist holds it, in language order; a word
    many languages list says little, so it counts 1/n for each of them.
    """
    langs = tuple(sorted(STOPLIST_CODES))
    column = {lang: j for j, lang in enumerate(langs)}
    numbers: dict[str, int] = {}
    sizes: list[int] = []
    columns: list[int] = []
    weights: list[float] = []
    for word, word_langs in _stopword_index().items():
        known = [column[lang] for lang in word_langs if lang in column]
        if known:
            numbers[word] = len(numbers)
            sizes.append(len(known))
            columns += known
            weights += [1 / len(known)] * len(known)
    starts = np.concatenate([[0], np.cumsum(np.array(sizes, dtype=np.int64))])
    return numbers, starts, np.array(columns, dtype=np.intp), np.array(weights), langs


@cache
def _stopword_counter() -> Any:
    """_stopword_table() as the C module's table (cleaner/_stopwords.c), built once."""
    numbers, starts, columns, weights, langs = _stopword_table()
    return _C.Table(
        numbers,
        starts.astype(np.int64).tobytes(),
        columns.astype(np.int32).tobytes(),
        len(langs),
        weights.astype(np.float64).tobytes(),
    )


def stopword_language(text: str, *, pure_python: bool = False) -> str | None:
    """The language whose stopwords the text uses most, when that is clear; else None.

    >>> stopword_language("The minister said that the plan would be ready by the end of the year, and that "
    ...                   "it was the best way for the country to get out of the crisis it is in.")
    'en'
    >>> stopword_language("Ok.") is None
    True

    Counting stopwords costs one dict look-up per word, against milliseconds for langdetect; close
    languages (Danish and Norwegian, Spanish and Catalan) fail the margin and go to langdetect.
    `pure_python`: skip the C module (cleaner/_stopwords.c), which adds the same weights faster.
    """
    if _C is None or pure_python:
        return _python_stopword_language(text)
    return _language_of(_stopword_counter().hits((text,), -1))


def _language_of(hits: list[float]) -> str | None:
    """The language of the most stopword weight, if it has STOPWORD_MIN_HITS and beats the runner-up by
    STOPWORD_MARGIN; else None."""
    langs = _stopword_table()[4]
    # most weight first, ties by name; languages without a hit take no part
    ranked = sorted(((lang, n) for lang, n in zip(langs, hits, strict=True) if n > 0), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < STOPWORD_MIN_HITS:
        return None
    if len(ranked) > 1 and ranked[0][1] < STOPWORD_MARGIN * ranked[1][1]:
        return None
    return STOPLIST_CODES[ranked[0][0]]


def _python_stopword_language(text: str) -> str | None:
    """stopword_language in Python and numpy: the reference the C module must agree with.

    The weights are summed with numpy: bincount adds each language's weights in the order of the
    words, from 0, as a loop adding them one by one does, so the sums are the same floats.
    """
    numbers, starts, columns, weights, langs = _stopword_table()
    found = [i for i in map(numbers.get, _WORD.findall(text.lower())) if i is not None]
    if not found:
        return None
    at = run_positions(starts, np.array(found, dtype=np.int64))
    return _language_of(np.bincount(columns[at], weights=weights[at], minlength=len(langs)).tolist())
