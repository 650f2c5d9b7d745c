"""A page's lower-case words of prose in C (cleaner/label/_vocabulary.c) are the ones its regex finds, in order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.label import name_lines
from cleaner.read.text import read_text

ROOT = Path(__file__).resolve().parents[1]
needs_c = pytest.mark.skipif(name_lines._C is None, reason="the C module is not built")

# Characters where the two paths could part: letters of either case and of no case, digits that are and are
# not re's \d, "_", the marks before and after a word (and near misses), the full stop before a word character
# or not, odd white space, a lone surrogate, NUL, astral letters and digits.
ALPHABET = [
    *"abz ABZ",
    *"09_-./@#%&*+=<>|\\^`~",
    *"\"'“”‘’«»()[]{},;:!?…„‚",
    *"éüñßÆİﬁẞ",
    *"дЖ中ひ",
    "\u01c5",  # Dž: title case, neither upper nor lower
    "\u02b0",  # modifier letter small h: lower case by Other_Lowercase
    "\u00aa",  # feminine ordinal: a letter, lower case
    "\u0301",  # a combining accent: no letter
    "\u0663",  # an Arabic-Indic digit: \d
    "\u00b2",  # superscript two: alphanumeric, not \d
    "\u2160",  # Roman numeral one: alphanumeric, not \d
    *"\xa0\u2028\x85\r\t\n\u3000\u200b",
    "\x00",
    "\ud800",
    "\U0001d41a",  # mathematical bold small a: a non-BMP lower-case letter
    "\U0001d7ce",  # mathematical bold digit zero: \d
    "\U0001f600",
]
WORDS = ["the", "key", "Takeaways", "jo.roe@example.com", "/authors/jo-roe", "e.g.", "it's", "co-op", "x2", "Ünter"]


@needs_c
@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from(WORDS)), max_size=40))
def test_c_finds_the_words_the_regex_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert name_lines._C.lower_prose_words(text) == name_lines._python_lower_prose_words(text)


@needs_c
def test_c_finds_the_words_the_regex_finds_on_pages_and_random_code_points() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus_raw").glob("*.txt"))]
    rnd = random.Random(5)
    texts += ["".join(chr(rnd.randint(1, 0x10FFFF)) for _ in range(2000)) for _ in range(20)]
    texts += ["".join(rnd.choice(ALPHABET) for _ in range(2000)) for _ in range(20)]
    for text in texts:
        assert name_lines._C.lower_prose_words(text) == name_lines._python_lower_prose_words(text)
        blocks = read_text(text)
        assert name_lines.page_vocabulary(blocks) == name_lines.page_vocabulary(blocks, pure_python=True)


@needs_c
def test_c_refuses_what_is_no_text() -> None:
    with pytest.raises(TypeError):
        name_lines._C.lower_prose_words(b"the key")
    assert name_lines._C.lower_prose_words("") == []
