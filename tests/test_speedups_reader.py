"""The text reader in C (cleaner/read/_reader.c) gives what the Python code of read/text.py and blocks.py gives.

Random dumps mix what the reader tells apart: capitalised and lower-case line starts, continuation marks,
bullets with and without white space after them, every kind of white space, blank lines, and characters
that test the Unicode classes (non-Latin letters, digits that are not decimal, combining marks, emoji, NUL,
lone surrogates).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import blocks
from cleaner.blocks import WORD, Block, line_blocks
from cleaner.read import text as text_reader
from cleaner.read.text import _python_read_lines, read_text, word_count

C = text_reader._C
needs_c = pytest.mark.skipif(C is None, reason="the C module is not built")
SEEDS = sorted((Path(__file__).parent.parent / "corpus_raw").glob("*.txt"))

WHITE_SPACE = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
PIECES = [
    # words: capitalised, lower case, one letter, cased oddly
    *["The", "Story", "said", "word", "i", "a", "İstanbul", "ßtraße", "ﬁle", "ǅ", "ǆemal"],
    # other scripts and word characters
    *["Москва", "москва", "中文", "ελλάδα", "שלום", "مرحبا", "١٢٣", "42", "²", "Ⅻ", "_", "snake_case"],
    # marks and symbols that are no word characters
    *["😀", "e\u0301", "\u0301", "\u200b", "\u00ad", "&", "-", "–", "…", '"', "“", "(", "[", "«"],
    # continuation marks and sentence ends
    *list(",.;:!?)]»”’%"),
    # bullets, alone and with white space
    *list("*•◦▪‣·"),
    *["* ", "• ", "◦\t", "▪\xa0", "‣\u3000", "·  "],
    # white space of every kind, line breaks and blank lines
    *list(WHITE_SPACE),
    *["  ", " \xa0 ", "\n", "\n\n", "\n \n", "\n\xa0\n", "\r\n"],
    # NUL, lone surrogates, a character beyond the BMP, one that is no white space any more (U+180E)
    *["\x00", "\ud800", "\udfff", "\U0001d400", "\u180e"],
]
any_char = st.characters(exclude_categories=())  # surrogates too
piece = st.one_of(st.sampled_from(PIECES), st.text(any_char, max_size=3))
line = st.lists(piece, max_size=10).map("".join)
# separators between pieces: mostly a space, as in prose
spaced_line = st.lists(piece, max_size=10).map(" ".join)
# a line of a few words that may end a sentence, and may be cut where a link stood
word = st.sampled_from(["The", "story", "said", "i", "ǅ", "москва", "Москва", "42", "_", "😀", "e\u0301"])
ending = st.sampled_from([*'.!?…:;"”’»)', *",]%(«“'-\u0301", "", " ", "\xa0", "\t"])
prose_line = st.tuples(st.lists(word, max_size=5).map(" ".join), ending).map("".join)
dumps = st.lists(st.one_of(line, spaced_line, prose_line), max_size=14).map("\n".join)


def types(lines: list[tuple[str, bool, int]]) -> list[tuple[type, ...]]:
    return [tuple(map(type, row)) for row in lines]


@pytest.mark.slow
@needs_c
@settings(max_examples=1000, deadline=None)
@given(dumps)
def test_c_reads_lines_as_python_does(text: str) -> None:
    c = C.read_lines(text)
    python = _python_read_lines(text)
    assert c == python
    assert types(c) == types(python)


@needs_c
@settings(max_examples=300, deadline=None)
@given(dumps)
def test_c_reads_blocks_as_python_does(text: str) -> None:
    c = read_text(text)
    python = read_text(text, pure_python=True)
    assert c == python
    assert all(type(block) is Block for block in c)
    assert [dataclasses.astuple(b) for b in c] == [dataclasses.astuple(b) for b in python]


@pytest.mark.slow
@needs_c
@settings(max_examples=1000, deadline=None)
@given(st.one_of(line, spaced_line, dumps))
def test_c_counts_words_as_python_does(text: str) -> None:
    assert word_count(text) == word_count(text, pure_python=True) == len(WORD.findall(text))


@needs_c
def test_c_word_characters_are_re_word_characters() -> None:
    """Every code point, one at a time: C's word test against re's \\w."""
    text = "".join(map(chr, range(0x110000)))
    assert C.word_count(text) == len(WORD.findall(text))
    words = "".join(" " + chr(c) for c in range(0x110000))
    assert C.word_count(words) == len(WORD.findall(words))


@needs_c
@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_c_reads_the_seed_dumps_as_python_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert read_text(text) == read_text(text, pure_python=True)
    assert C.read_lines(text) == _python_read_lines(text)


@needs_c
def test_c_reads_joined_and_bulleted_lines() -> None:
    text = (
        "Headline of the story\n\n* Home\n•World\n·\n"
        "Scientists published it in the journal \nNature\n, on Monday.\n"
        "The mayor said that the plan\nwould go on\n\n\xa0\n  Last   line\t\r"
    )
    expected = [
        ("Headline of the story", True, 4),
        ("Home", True, 1),
        ("•World", False, 1),
        ("·", False, 0),
        ("Scientists published it in the journal Nature, on Monday.", False, 9),
        ("The mayor said that the plan would go on", False, 9),
        ("Last line", True, 2),
    ]
    assert C.read_lines(text) == _python_read_lines(text) == expected


@needs_c
def test_c_reads_long_and_empty_texts() -> None:
    for text in ("", "\n", " ", "\n" * 5, "a", "word " * 200_000, "one two three\nfour,\n" * 500, "\ud800" * 1000):
        assert C.read_lines(text) == _python_read_lines(text)


@needs_c
def test_c_line_blocks_makes_the_blocks_python_makes() -> None:
    assert tuple(f.name for f in dataclasses.fields(Block)) == C.BLOCK_FIELDS
    lines = [("Headline here", True, 2), ("Body text.", False, 2), ("", False, 0)]
    c = line_blocks(lines)
    by_init = [Block(text, i, "line", gap, 0.0, words) for i, (text, gap, words) in enumerate(lines)]
    assert c == line_blocks(lines, pure_python=True) == by_init
    assert hash(c[0]) == hash(Block.make("Headline here", 0))
    assert line_blocks(iter(lines)) == c and line_blocks([]) == []
    with pytest.raises(dataclasses.FrozenInstanceError):
        c[0].text = "changed"  # type: ignore[misc]


@needs_c
def test_c_refuses_bad_input() -> None:
    with pytest.raises(TypeError):
        C.read_lines(b"bytes")
    with pytest.raises(TypeError):
        C.read_lines(None)
    with pytest.raises(TypeError):
        C.word_count(3)
    with pytest.raises(TypeError):
        C.line_blocks(Block, [("text", True)])
    with pytest.raises(TypeError):
        C.line_blocks(Block, 5)
    with pytest.raises(TypeError):
        C.line_blocks("Block", [])
    with pytest.raises(AttributeError):
        C.line_blocks(object, [("text", True, 1)])  # a type without Block's fields


def test_pure_python_switch_turns_the_reader_off() -> None:
    code = "from cleaner import blocks; from cleaner.read import text; print(text._C, blocks._C)"
    env = {**os.environ, "CLEANER_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["None", "None"]
    assert blocks._C is C
