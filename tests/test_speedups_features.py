"""cleaner/label/_features.c gives the feature rows of label/features.py's _python_block_features, to the last bit.

Random pages mix the characters where a C reimplementation of Python's string semantics goes wrong:
`\\w` beyond ASCII, case (İ, ß, ﬁ, ǅ, the Kelvin sign that casefolds to ASCII), combining marks, non-BMP
letters and emoji, lone surrogates, NUL, Unicode whitespace, and the marks sentence_end and
menu_separator look for. Rows are compared as float.hex(), so a difference in the last bit fails.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import speedups
from cleaner.blocks import Block
from cleaner.label import features as text_features
from cleaner.label import scores
from cleaner.label.features import FEATURES, block_features
from cleaner.stoplists import _stoplist, _stoplists, page_stoplist

from ._corpus_util import SEEDS

needs_c = pytest.mark.skipif(text_features._FEATURES_C is None, reason="the C module is not built")

Rows = list[list[str] | None] | tuple[str, str]


def bits(rows: Sequence[Sequence[float] | None]) -> list[list[str] | None]:
    return [None if row is None else [value.hex() for value in row] for row in rows]


def outcome(pure_python: bool, *args: object, **kwargs: object) -> Rows:
    """The rows as hex floats, or the exception's type and message (both paths raise the same)."""
    try:
        return bits(block_features(*args, **kwargs, pure_python=pure_python))  # type: ignore[arg-type]
    except (ValueError, IndexError) as error:
        return type(error).__name__, str(error)


# --- random pages -------------------------------------------------------------------------------------

SPECIAL = (
    "İıßẞﬁǅǄǆΣσςKſÅµ"  # case: casefold and lower change the length, title case, a Kelvin sign
    "éÄñøçЖжΩωاب中文字日本한국"  # accented and non-Latin letters, CJK
    "\u0301\u0307\u200d"  # combining marks, a zero-width joiner
    "²³½٣Ⅻⅻ①"  # digits and numbers \w holds that [0-9] does not
    "😀𝐀𝔞\U00010400\U00010428"  # beyond the BMP: emoji, mathematical and Deseret letters
    "\ud800\udfff\x00"  # lone surrogates, NUL
    "\xa0\u2028\u2029\x85\u3000\t\r\x0b\x0c\x1c\n"  # whitespace of str.split and re's \s
    "|›»/•·>"  # menu separators
    ".!?…:;\"”’'»)]([,_-—"  # sentence marks, closers, punctuation
)
WORDS = ("the", "of", "and", "News", "HOME", "Sport", "said", "Putin", "MADRID", "é", "Straße", "İstanbul", "2024")
word = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.sampled_from("abcXYZ019" + SPECIAL), min_size=1, max_size=6),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=4),
)
separator = st.one_of(st.just(" "), st.sampled_from([" | ", " › ", " / ", ", ", ". ", " - ", "  ", "\t", "\xa0"]))


@st.composite
def lines(draw: st.DrawFn) -> str:
    """A line of words and separators, ending as a sentence, a credit, a menu, or anything."""
    words = draw(st.lists(word, min_size=0, max_size=12))
    seps = draw(st.lists(separator, min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=True)).strip(" ")
    end = draw(st.sampled_from(["", ".", ":", "?”", " (AP)", ")", " |", " »", "\n", ".\n", "…'", " (Reuters)\n"]))
    return draw(st.one_of(st.just(text + end), st.text(st.sampled_from(SPECIAL + "aB1 "), min_size=1, max_size=8)))


flags = functools.partial(st.lists, st.booleans())


@st.composite
def pages(draw: st.DrawFn) -> tuple[list[Block], dict]:
    vocabulary = draw(st.lists(lines(), min_size=1, max_size=8))
    texts = draw(st.lists(st.one_of(lines(), st.sampled_from(vocabulary)), min_size=1, max_size=40))
    n = len(texts)
    own_counts = draw(st.booleans())  # Block.words from the text, or any count
    blocks = [
        Block(
            t, i, "line", draw(st.booleans()), 0.0, Block.make(t, i).words if own_counts else draw(st.integers(0, 40))
        )
        for i, t in enumerate(texts)
    ]
    folded = sorted({w for t in texts for w in text_features.fold_line(t).split()})
    stoplist = draw(
        st.one_of(
            st.just(frozenset()),
            st.frozensets(st.sampled_from(folded)) if folded else st.just(frozenset()),
            st.sampled_from([_stoplist("English"), _stoplist("German"), _stoplist("Turkish")]),
            st.frozensets(word),
        )
    )
    title_line = draw(st.one_of(st.none(), st.just(""), lines(), st.sampled_from(texts) if texts else st.none()))
    url = draw(
        st.one_of(
            st.none(),
            st.lists(st.one_of(st.sampled_from(folded or ["x"]), word), max_size=6).map(
                lambda ws: "https://news.example/2024/09/" + "-".join(ws)
            ),
        )
    )
    kwargs = {
        "stoplist": stoplist,
        "title_line": title_line,
        "url": url,
        "wanted": draw(st.one_of(st.none(), flags(min_size=n, max_size=n))),
        "comment_marks": draw(st.one_of(st.none(), flags(max_size=n + 3))),
        "datelines": draw(st.one_of(st.none(), flags(max_size=n + 3))),
    }
    return blocks, kwargs


@pytest.mark.slow
@needs_c
@settings(max_examples=600, deadline=None)
@given(pages(), st.data())
def test_c_rows_match_python_to_the_bit(page: tuple[list[Block], dict], data: st.DataObject) -> None:
    blocks, kwargs = page
    n = len(blocks)
    boilerplate = data.draw(flags(min_size=n, max_size=n))
    good = data.draw(flags(min_size=n, max_size=n))
    c = outcome(False, blocks, boilerplate, good, **kwargs)
    assert c == outcome(True, blocks, boilerplate, good, **kwargs)


@pytest.mark.slow
@needs_c
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8"), min_size=1, max_size=30), min_size=1, max_size=20), st.data())
def test_c_rows_match_python_on_any_text(texts: list[str], data: st.DataObject) -> None:
    n = len(texts)
    blocks = [Block.make(t, i) for i, t in enumerate(texts)]
    folded = sorted({w for t in texts for w in text_features.fold_line(t).split()} | {"x"})
    kwargs = {
        "stoplist": data.draw(st.frozensets(st.sampled_from(folded))),
        "title_line": data.draw(st.sampled_from(texts)),
        "url": "/" + "-".join(data.draw(st.lists(st.sampled_from(folded), max_size=5))),
    }
    good = data.draw(flags(min_size=n, max_size=n))
    assert outcome(False, blocks, [False] * n, good, **kwargs) == outcome(True, blocks, [False] * n, good, **kwargs)


@pytest.mark.slow
@needs_c
def test_every_code_point_in_words_case_and_folding() -> None:
    """Code points in blocks of their own and inside words, a sample of every range (the full sweep of all
    1,114,112 passes too, but takes a minute)."""
    points = [*range(0x3000), *range(0x3000, 0x110000, 97)]
    for lo in range(0, len(points), 1024):
        chars = [chr(c) for c in points[lo : lo + 1024]]
        texts = [f"{c}a {c}{c} x{c}Y {c}" if i % 3 else c for i, c in enumerate(chars)]
        blocks = [Block.make(t, i, gap_before=bool(i % 2)) for i, t in enumerate(texts)]
        kwargs = {
            "stoplist": frozenset([c.casefold() for c in chars[::2]] + ["a"]),
            "title_line": " ".join(chars[::5]),
            "url": "https://x.example/" + "-".join(chars[1::7]),
        }
        good = [i % 4 == 0 for i in range(len(blocks))]
        bp = [i % 5 == 0 for i in range(len(blocks))]
        assert outcome(False, blocks, bp, good, **kwargs) == outcome(True, blocks, bp, good, **kwargs), hex(points[lo])


# --- real dumps ---------------------------------------------------------------------------------------

DUMP = """Bridge closed to lorries | Riverside Gazette
Home › News › Local
Home | News | Sport | Weather

Bridge closed to lorries

By Anna Smith
12 March 2024, 09:30

RIVERSIDE (AP) — The council said on Wednesday that the old bridge would be closed to lorries next month.
Engineers found cracks in two supports. "We cannot take risks with safety," the mayor said. (AP)
Residents asked for a new crossing; the council said it would consider the plan in the spring budget.
Share this article
Home | News | Sport | Weather
Leave a reply
Great news, finally!
© 2024 Riverside Gazette. All rights reserved.
"""


DUMPS = [DUMP, *(path.read_text(encoding="utf-8") for path in SEEDS)]


@needs_c
def test_c_rows_match_python_in_the_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    pages: list[Rows] = []

    def both(*args: object, **kwargs: object) -> list[list[float] | None]:
        pages.append(outcome(False, *args, **kwargs))
        assert pages[-1] == outcome(True, *args, **kwargs)
        return block_features(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scores, "block_features", both)
    record = cleaner.clean(DUMP, url="https://gazette.example/news/2024/03/bridge-closed-to-lorries", fmt="text")
    assert record.body and pages and sum(row is not None for row in pages[0]) >= 3


@needs_c
@pytest.mark.parametrize("dump", DUMPS)
def test_c_rows_match_python_on_real_dumps(dump: str) -> None:
    lines = [line for line in dump.splitlines() if line.strip()]
    blocks = [Block.make(line, i) for i, line in enumerate(lines)]
    n = len(blocks)
    good = [b.words >= 10 for b in blocks]
    kwargs = {
        "stoplist": page_stoplist(blocks),
        "title_line": lines[0],
        "url": "https://gazette.example/news/2024/03/putin-bridge-closed",
        "comment_marks": ["reply" in line for line in lines],
        "datelines": ["(AP)" in line for line in lines],
    }
    rows = outcome(False, blocks, [not g for g in good], good, **kwargs)
    assert rows == outcome(True, blocks, [not g for g in good], good, **kwargs)
    assert len(rows) == n and all(row is not None for row in rows)


# --- the stoplist tables the C module keeps -----------------------------------------------------------


@needs_c
def test_kept_stoplists_stay_right_when_many_languages_take_turns() -> None:
    texts = ["The minister said on Monday that the plan was sound.", "Der Minister sagte am Montag, der Plan sei gut."]
    blocks = [Block.make(t, i) for i, t in enumerate(texts)]
    languages = sorted(_stoplists())[:40]  # more than the module keeps
    for _round in range(2):
        for lang in languages:
            stoplist = _stoplist(lang)
            for fresh in (stoplist, frozenset(stoplist), set(stoplist)):  # kept, new each time, and mutable
                c = outcome(False, blocks, [False, False], [True, True], stoplist=fresh)
                assert c == outcome(True, blocks, [False, False], [True, True], stoplist=fresh), lang


@needs_c
def test_a_set_that_changes_between_calls_is_read_again() -> None:
    blocks = [Block.make("the cat and the hat", 0)]
    stoplist = {"the"}
    share = FEATURES.index("stop_share")
    first = block_features(blocks, [False], [True], stoplist=stoplist)  # type: ignore[arg-type]
    stoplist.add("and")
    second = block_features(blocks, [False], [True], stoplist=stoplist)  # type: ignore[arg-type]
    assert first[0] is not None and second[0] is not None
    assert (first[0][share], second[0][share]) == (2 / 5, 3 / 5)


@needs_c
def test_a_call_made_during_a_call_leaves_its_stoplist_alone() -> None:
    """The regex searches are Python code: calls made from there fill the kept tables with other stoplists,
    and must neither free nor change the one the outer call reads (a garbage collector's finalizer can do
    the same at any allocation)."""
    texts = ["The minister said (on Monday).", "the cat and the hat (AP)", "Home | News"]
    blocks = [Block.make(t, i) for i, t in enumerate(texts)]
    inner = [frozenset({f"w{k}", "the"}) for k in range(40)]

    def search(text: str) -> object:
        for stoplist in inner:
            block_features(blocks, [False] * 3, [True] * 3, stoplist=stoplist)
        return text_features.SENTENCE_END.search(text)

    for outer in (frozenset({"the", "and"}), _stoplist("English")):
        args = ([b.text for b in blocks], [b.words for b in blocks], [True] * 3, [False] * 3, [True] * 3, outer)
        rest = (set(), frozenset(), None, None, None, search, text_features.MENU_SEPARATOR.search)
        rows = text_features._FEATURES_C.block_features(*args, *rest)
        assert bits(rows) == bits(block_features(blocks, [False] * 3, [True] * 3, stoplist=outer, pure_python=True))


# --- bad input ------------------------------------------------------------------------------------------


@needs_c
def test_c_path_raises_as_python_does() -> None:
    blocks = [Block.make("Home", 0), Block.make("", 1)]
    assert outcome(False, blocks, [False], [False, False]) == outcome(True, blocks, [False], [False, False])
    # math.log(0): an empty scored line
    assert outcome(False, blocks, [False] * 2, [False] * 2) == ("ValueError", "math domain error")
    assert outcome(True, blocks, [False] * 2, [False] * 2) == ("ValueError", "math domain error")
    # not scored, an empty line is no error
    wanted = [True, False]
    assert outcome(False, blocks, [False] * 2, [False] * 2, wanted=wanted) == outcome(
        True, blocks, [False] * 2, [False] * 2, wanted=wanted
    )
    short = [True]
    assert outcome(False, blocks, [False] * 2, [False] * 2, wanted=short)[0] == "IndexError"
    assert block_features([], [], []) == []


@needs_c
def test_c_module_refuses_what_is_not_a_page() -> None:
    c = text_features._FEATURES_C
    searches = (text_features.SENTENCE_END.search, text_features.MENU_SEPARATOR.search)
    good = ([False], [True], frozenset(), set(), frozenset(), None, None, None)
    assert c.block_features(["Home"], [1], [True], *good, *searches)[0] is not None
    with pytest.raises(TypeError, match="str"):
        c.block_features([b"Home"], [1], [True], *good, *searches)
    with pytest.raises(TypeError):
        c.block_features(["Home"], ["1"], [True], *good, *searches)
    with pytest.raises(TypeError, match="sets of str"):
        c.block_features(
            ["Home"], [1], [True], [False], [True], ["the"], set(), frozenset(), None, None, None, *searches
        )
    with pytest.raises(ValueError, match="word count"):
        c.block_features(["Home"], [], [True], *good, *searches)
    with pytest.raises(TypeError, match="callables"):
        c.block_features(["Home"], [1], [True], *good, None, None)
    with pytest.raises(ValueError, match="math domain"):
        c.block_features(["Home"], [-1], [True], *good, *searches)
    # members of a set that are not str match no word
    odd = frozenset({1, None, "home"})
    row = c.block_features(["Home"], [1], [True], [False], [True], odd, set(), frozenset(), None, None, None, *searches)
    assert row[0][FEATURES.index("stop_share")] == 1.0


def test_pure_python_switch_turns_it_off() -> None:
    code = "from cleaner.label import features; print(features._FEATURES_C)"
    env = {**os.environ, speedups.PURE_PYTHON_VARIABLE: "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["None"]
