"""Stopword counting in C (cleaner/_stopwords.c) gives what the Python code beside it gives, to the last bit:
stoplists.page_stoplist and language.stopword_language, and the hits they decide on."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import stoplists
from cleaner.blocks import Block
from cleaner.fields import language
from cleaner.stoplists import MIN_STOPLIST_HITS, STOPLIST_SAMPLE_WORDS, WORD

pytestmark = pytest.mark.skipif(stoplists._STOPWORDS_C is None, reason="the C module is not built")

# --- what the texts are made of ----------------------------------------------------------------------------

STOPLISTS = {lang: sorted(words) for lang, words in stoplists._stoplists().items()}
LANGUAGES = sorted(STOPLISTS)
DETECTED = sorted(language.STOPLIST_CODES)  # the languages stopword_language tells apart
# Words of exactly two or three stoplists: a page of them ties those languages.
SHARED = sorted(w for w, langs in stoplists._stopword_index().items() if 2 <= len(langs) <= 3)
# Characters where lower() or `\w` are not what a quick guess says: 'İ' lowers to 'i' and a combining dot (not
# \w), 'K' (Kelvin) to ASCII 'k', final sigma depends on its neighbours, 'ﬁ' and '²' and 'Ⅻ' are \w, and so on.
SPECIAL = (
    "İ",
    "İstanbul",
    "ß",
    "ẞ",
    "ﬁ",
    "ﬁnd",
    "\u0307",
    "\u0301",
    "e\u0301",
    "\u200b",
    "\u00a0",
    "😀",
    "👍🏽",
    "🇩🇪",
    "123",
    "٣",
    "²",
    "½",
    "Ⅻ",
    "_",
    "__",
    "a_b",
    "ΟΔΟΣ",
    "Σ",
    "ΣΑΣ",
    "ǅ",
    "K",
    "Å",
    "𝐀",
    "𐐀",
    "日本語",
    "ИЛИ",
    "Ⅰ",
    "ﬀ",
    "ŉ",
    "ǰ",
    "ΐ",
    "\ufeff",
    "\U000e0001",
)
SEPARATORS = (" ", " ", " ", "", "\n", ", ", ". ", "-", "_", "'", "’", "\u0301", "\t", "—", "«", "/", "İ", "0")
CASES = (str, str.upper, str.title, str.capitalize, str.swapcase)


def case_of(word: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(word, st.sampled_from(CASES)).map(lambda wc: wc[1](wc[0]))


@st.composite
def texts(draw: st.DrawFn, languages: list[str] = LANGUAGES, max_words: int = 24) -> str:
    """Stopwords of a few languages, in any case, among other words, marks, digits and punctuation; the
    words once or repeated (long texts for few draws: past 400 words, or enough to name a language)."""
    langs = draw(st.lists(st.sampled_from(languages), min_size=1, max_size=3, unique=True))
    stopword = st.one_of([st.sampled_from(STOPLISTS[lang]) for lang in langs])
    piece = st.one_of(
        case_of(stopword),
        case_of(stopword),
        case_of(st.sampled_from(SHARED)),
        st.sampled_from(SPECIAL),
        st.text(st.characters(codec="utf-8"), max_size=6),
        st.text("abcXYZ019_ -", min_size=1, max_size=8),
    )
    words = draw(st.lists(piece, max_size=max_words))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, separators, strict=True)) * draw(st.sampled_from([1, 1, 3, 40]))


@st.composite
def block_lists(draw: st.DrawFn) -> list[Block]:
    """Up to 16 blocks, word counts made up (ties included): which 12 are longest is for the sort to say."""
    langs = draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=3, unique=True))
    blocks = draw(st.lists(texts(langs, 8), max_size=16))
    words = draw(st.lists(st.integers(0, 6), min_size=len(blocks), max_size=len(blocks)))
    return [Block(text, i, "line", True, 0.0, n) for i, (text, n) in enumerate(zip(blocks, words, strict=True))]


# --- the hits, as the Python code counts them --------------------------------------------------------------


def page_hits(blocks: list[Block]) -> list[int]:
    """_python_page_stoplist's bincount."""
    numbers, starts, flat, langs = stoplists._stopword_languages()
    words: list[str] = []
    for block in sorted(blocks, key=lambda b: -b.words)[:12]:
        words += WORD.findall(block.text.lower())
    found = np.array([i for i in map(numbers.get, words[:STOPLIST_SAMPLE_WORDS]) if i is not None], dtype=np.int64)
    return np.bincount(flat[stoplists.run_positions(starts, found)], minlength=len(langs)).tolist()


def text_weights(text: str) -> list[float]:
    """_python_stopword_language's bincount."""
    numbers, starts, columns, weights, langs = language._stopword_table()
    found = np.array([i for i in map(numbers.get, language._WORD.findall(text.lower())) if i is not None], np.int64)
    if not len(found):  # (bincount would give ints)
        return [0.0] * len(langs)
    at = stoplists.run_positions(starts, found)
    return np.bincount(columns[at], weights=weights[at], minlength=len(langs)).tolist()


def c_page_hits(blocks: list[Block]) -> list[int]:
    longest = sorted(blocks, key=lambda b: -b.words)[:12]
    return stoplists._stopword_counter().hits([b.text for b in longest], STOPLIST_SAMPLE_WORDS)


def c_text_weights(text: str) -> list[float]:
    return language._stopword_counter().hits([text], -1)


# --- C against Python ----------------------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(block_lists())
def test_page_stoplist_c_matches_python(blocks: list[Block]) -> None:
    assert c_page_hits(blocks) == page_hits(blocks)
    assert stoplists.page_stoplist(blocks) == stoplists.page_stoplist(blocks, pure_python=True)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.one_of(texts(), texts(DETECTED)))
def test_stopword_language_c_matches_python(text: str) -> None:
    c, python = c_text_weights(text), text_weights(text)
    assert [x.hex() for x in c] == [x.hex() for x in python]  # the same floats, not close ones
    assert language.stopword_language(text) == language.stopword_language(text, pure_python=True)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_any_text_gives_the_same_hits(text: str) -> None:
    assert c_page_hits([Block(text, 0, words=1)]) == page_hits([Block(text, 0, words=1)])
    assert c_text_weights(text) == text_weights(text)


def test_lower_is_taken_on_the_whole_text() -> None:
    """'İ' lowers to 'i' and a combining dot: 'İN' is the tokens 'i' and 'n'; a Greek capital sigma lowers by
    what stands around it. Both must be read from text.lower(), not token by token."""
    for text in ("İN THE İ", "ΟΔΟΣ'Α ΣΑΣ ΣΑΣ ΣΕ Σ", "K THE Å", "ﬁ THE ﬁnd", "the\u0301 the"):
        assert c_text_weights(text) == text_weights(text)
        assert c_page_hits([Block(text, 0)]) == page_hits([Block(text, 0)])
    assert c_page_hits([Block("THE", 0)]) == c_page_hits([Block("the", 0)])


# --- page_stoplist's edges -------------------------------------------------------------------------------------


def is_token(word: str) -> bool:
    """A word that a text's tokens can match (some stoplists hold capitals or punctuation)."""
    return WORD.fullmatch(word) is not None and word.lower() == word


ENGLISH_ONLY = next(w for w, langs in stoplists._stopword_index().items() if langs == ("English",) and is_token(w))
FILLER = "zzqx"  # no language's stopword


def test_fewer_than_min_hits_gives_no_stoplist() -> None:
    for n in (MIN_STOPLIST_HITS - 1, MIN_STOPLIST_HITS):
        blocks = [Block(" ".join([ENGLISH_ONLY] * n + [FILLER] * 20), 0, words=n + 20)]
        expected = stoplists._stoplist("English") if n >= MIN_STOPLIST_HITS else frozenset()
        assert stoplists.page_stoplist(blocks) == expected
        assert stoplists.page_stoplist(blocks, pure_python=True) == expected


def test_ties_go_to_the_language_that_sorts_last() -> None:
    index = stoplists._stopword_index()
    word = next(w for w in SHARED if len(index[w]) == 2 and is_token(w))
    blocks = [Block(" ".join([word] * 10), 0, words=10)]
    expected = stoplists._stoplist(max(index[word]))
    assert stoplists.page_stoplist(blocks) == expected == stoplists.page_stoplist(blocks, pure_python=True)


def test_only_the_first_400_words_of_the_12_longest_blocks_count() -> None:
    n = STOPLIST_SAMPLE_WORDS
    for before in (n - MIN_STOPLIST_HITS, n - MIN_STOPLIST_HITS + 1, n, n + 3):
        # `before` filler words, in one block or spread over three, then English stopwords
        one = [Block(" ".join([FILLER] * before + [ENGLISH_ONLY] * 20), 0, words=99)]
        third = before // 3
        three = [
            Block(" ".join([FILLER] * third), 0, words=99),
            Block(" ".join([FILLER] * (before - 2 * third)), 1, words=99),
            Block(" ".join([FILLER] * third), 2, words=99),
            Block(" ".join([ENGLISH_ONLY] * 20), 3, words=99),
        ]
        for blocks in (one, three):
            assert c_page_hits(blocks) == page_hits(blocks)
            c, python = stoplists.page_stoplist(blocks), stoplists.page_stoplist(blocks, pure_python=True)
            english = before <= n - MIN_STOPLIST_HITS  # room left for MIN_STOPLIST_HITS of the stopwords
            assert c == python == (stoplists._stoplist("English") if english else frozenset())
    # the 13th longest block is not read; blocks of the same length keep their order
    blocks = [Block(FILLER, i, words=5) for i in range(12)] + [Block(" ".join([ENGLISH_ONLY] * 20), 12, words=4)]
    assert stoplists.page_stoplist(blocks) == frozenset() == stoplists.page_stoplist(blocks, pure_python=True)
    blocks[12] = Block(blocks[12].text, 12, words=5)  # a tie with the first 12: still 13th
    assert stoplists.page_stoplist(blocks) == frozenset() == stoplists.page_stoplist(blocks, pure_python=True)
    blocks[12] = Block(blocks[12].text, 12, words=6)
    assert stoplists.page_stoplist(blocks) == stoplists._stoplist("English")


def test_no_blocks() -> None:
    assert stoplists.page_stoplist([]) == frozenset() == stoplists.page_stoplist([], pure_python=True)
    assert language.stopword_language("") is None


# --- the C table refuses what would take it out of its arrays ---------------------------------------------------


def table(numbers: object, starts: list[int], columns: list[int], n: int, weights: list[float] | None = None):
    Table = stoplists._STOPWORDS_C.Table
    packed = [numbers, np.array(starts, np.int64).tobytes(), np.array(columns, np.int32).tobytes(), n]
    return Table(*packed) if weights is None else Table(*packed, np.array(weights, np.float64).tobytes())


def test_c_table_counts_and_weighs() -> None:
    t = table({"a": 0, "bé": 1, "𝐀": 2}, [0, 2, 3, 3], [0, 1, 1], 2)
    assert t.hits(["A a, BÉ x 𝐀"], -1) == [2, 3]
    assert t.hits(["A a, BÉ x 𝐀"], 2) == [2, 2]
    assert t.hits(["a", "a a"], 2) == [2, 2]
    assert t.hits([], -1) == [0, 0]
    w = table({"a": 0, "bé": 1}, [0, 2, 3], [0, 1, 1], 2, [0.5, 0.25, 0.125])
    assert w.hits(["A a, BÉ x"], -1) == [1.0, 0.625]


def test_c_table_refuses_bad_tables() -> None:
    with pytest.raises(ValueError, match="column"):
        table({"a": 0}, [0, 1], [2], 2)
    with pytest.raises(ValueError, match="starts"):
        table({"a": 0}, [0, 2], [0], 2)
    with pytest.raises(ValueError, match="starts"):
        table({"a": 0, "b": 1}, [0, 1, 0], [0], 2)
    with pytest.raises(ValueError, match="starts"):
        table({}, [], [], 2)
    with pytest.raises(ValueError, match="out of range"):
        table({"a": 1}, [0, 1], [0], 2)
    with pytest.raises(TypeError, match="not str"):
        table({b"a": 0}, [0, 1], [0], 2)
    with pytest.raises(TypeError):
        table({"a": "0"}, [0, 1], [0], 2)
    with pytest.raises(ValueError, match="weights"):
        table({"a": 0}, [0, 1], [0], 2, [1.0, 2.0])
    with pytest.raises(ValueError, match="bytes"):
        stoplists._STOPWORDS_C.Table({}, b"\0" * 12, b"", 2)
    with pytest.raises(AttributeError):
        table({"a": 0}, [0, 1], [0], 2).hits([1], -1)


# --- detect_language's letter gate (it stops counting at MIN_LETTERS) -----------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab1 .é\u0301İ😀ß_²"), max_size=60))
def test_letter_gate_counts_letters_in_the_sample(text: str) -> None:
    enough = sum(map(str.isalpha, text[: language.SAMPLE_CHARS])) >= language.MIN_LETTERS
    saved = language.stopword_language
    language.stopword_language = lambda _text: "xx"  # past the gate, the stopword count answers
    try:
        assert language.detect_language(text) == ("xx" if enough else None)
    finally:
        language.stopword_language = saved
