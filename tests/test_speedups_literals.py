"""The literal search in C (cleaner/ruleset/_literals.c) answers what its regexes answer, for any strings and text."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.blocks import Block
from cleaner.label import context_free as label
from cleaner.read.text import read_text
from cleaner.ruleset import literal_search
from cleaner.ruleset.literal_search import trie_regex
from cleaner.ruleset.load import load_rules

ROOT = Path(__file__).resolve().parents[1]
needs_c = pytest.mark.skipif(literal_search._C is None, reason="the C module is not built")

# Characters where the two paths could part: word and non-word characters of every kind (\w of re is
# Py_UNICODE_ISALNUM or "_"), what casefolding changes, odd white space, a lone surrogate, NUL, astral
# characters; code points that share a low byte (the C search's pair filter: a, š, ѡ, 𐅡) or a residue
# modulo 4096 (its filter above U+00FF: Ā, ᄀ, 𐄀).
ALPHABET = [
    *"abst ",
    *"AB09_-.,:;!?()/|#'\"",
    *"éüñçøåÆ",
    *"İßﬁẞ",
    *"дфв",
    *"中文字",
    "\u0301",
    "\u0663",  # an Arabic-Indic digit: a word character
    "\u00b2",  # superscript two: numeric, so a word character
    "\u2160",  # Roman numeral one: a letter number
    *"\xa0\u2028\x85\r\t\n\u3000",
    "\x00",
    "\ud800",
    "\udfff",
    "\U0001f600",
    "\U0001d400",  # mathematical bold A: a non-BMP letter
    "\U000e0001",  # a non-BMP format character: not a word character
    "©",
    "\u0161",
    "\u0461",
    "\U00010161",
    "\u0100",
    "\u1100",
    "\U00010100",
]
chars = st.sampled_from(ALPHABET)
literals = st.text(chars, max_size=6)
literal_lists = st.lists(literals, max_size=8)


def oracle(prefixes: list[str], after_non_word: list[str], anywhere: list[str], text: str) -> bool:
    """The question asked, by brute force."""

    def follows_non_word(i: int) -> bool:
        return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")

    return (
        any(text.startswith(s) for s in prefixes)
        or any(text.startswith(s, i) and follows_non_word(i) for s in after_non_word for i in range(len(text) + 1))
        or any(s in text for s in anywhere)
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[str], list[str], list[str], str]:
    """Three lists of strings and a text made of random characters and pieces of the strings."""
    lists = draw(literal_lists), draw(literal_lists), draw(literal_lists)
    pool = [s for strings in lists for s in strings] or [""]
    pieces = st.one_of(chars, st.sampled_from(pool), st.sampled_from(pool).map(lambda s: s[: len(s) // 2 + 1]))
    return *lists, "".join(draw(st.lists(pieces, max_size=12)))


@pytest.mark.slow
@needs_c
@settings(max_examples=1000, deadline=None)
@given(cases())
def test_c_search_answers_as_the_regexes(case: tuple[list[str], list[str], list[str], str]) -> None:
    prefixes, after_non_word, anywhere, text = case
    c = literal_search.literal_search(prefixes, after_non_word, anywhere)
    python = literal_search.literal_search(prefixes, after_non_word, anywhere, pure_python=True)
    assert c(text) == python(text) == oracle(prefixes, after_non_word, anywhere, text)
    # each list alone, so that a hit of one cannot hide a wrong answer of another
    for which in range(3):
        lists = [[], [], []]
        lists[which] = case[which]
        c = literal_search.literal_search(*lists)
        python = literal_search.literal_search(*lists, pure_python=True)
        assert c(text) == python(text) == oracle(*lists, text), which


@needs_c
@settings(max_examples=300, deadline=None)
@given(literal_lists, st.text(chars, max_size=40))
def test_c_search_on_the_lists_pass_1_builds(strings: list[str], text: str) -> None:
    # as label/context_free.py splits the contains phrases: those opening with a word character, and the rest
    at_word = [s for s in strings if label.WORD_START.match(s)]
    elsewhere = [s for s in strings if not label.WORD_START.match(s)]
    for lists in ((strings, at_word, elsewhere), ([], [], strings)):
        c = literal_search.literal_search(*lists)
        python = literal_search.literal_search(*lists, pure_python=True)
        for probe in (text, text.lower(), " " + text, text + strings[0] if strings else text):
            assert c(probe) == python(probe), (lists, probe)


def test_regex_path_is_the_reference() -> None:
    search = literal_search.literal_search(["read more"], ["share"], ["©"], pure_python=True)
    assert search("read more: x") and search("please share") and search("(c) © 2024") and search("share")
    assert not search("reshare") and not search("x read more") and not search("")
    # a trie regex matches exactly its strings, the empty one included
    trie = re.compile(trie_regex(["sign up", "sign in", "share", "sign", "news", "newsletter", "a", ""]))
    for probe in ["sign up", "sign", "newsletter", "news", "a", ""]:
        assert trie.fullmatch(probe), probe
    for probe in ["sig", "sign u", "newsletters", "b", "share "]:
        assert not trie.fullmatch(probe), probe


@pytest.mark.slow
@needs_c
def test_edge_cases() -> None:
    texts = ["", "a", "ab", "x ab", "_ab", "\x00", "\ud800ab", "ab" * 1000]
    for lists in (
        ([], [], []),  # nothing to find
        ([""], [], []),
        ([], [""], []),
        ([], [], [""]),  # the empty string starts, follows a non-word character in, and occurs in every text
        (["ab", "ab", "a"], ["ab", "ab"], ["b", "b"]),  # duplicates, one string the prefix of another
        (["\x00"], ["\ud800"], ["\U0001f600"]),
        ([], ["ab"], []),
        (["x" * 100_000], ["y" * 100_000], ["ab" * 50_000]),  # long strings (no regex: its builder recurses)
    ):
        c = literal_search.literal_search(*lists)
        for text in texts:
            assert c(text) == oracle(*lists, text), (lists, text)
    long = "ab" * 50_000
    assert literal_search.literal_search(anywhere=[long])("x" + long)
    assert not literal_search.literal_search(anywhere=[long])("x" + long[:-1])
    assert literal_search.literal_search(prefixes=[long])(long + "!")
    assert not literal_search.literal_search(after_non_word=[long])("x" + long)
    assert literal_search.literal_search(after_non_word=[long])("é." + long)


@needs_c
def test_a_single_string_list_of_every_kind_and_any_iterable() -> None:
    literals = literal_search._C.Literals
    assert literals().search("anything") is False
    assert literals(prefixes=("ab",)).search("abc") is True
    assert literals(anywhere={"b"}, after_non_word=iter(["zz"])).search("abc") is True
    assert literals(anywhere=(s for s in ["q"])).search("abc") is False

    class Odd(str):
        def __lt__(self, other: object) -> bool:  # sorting must not follow a subclass's order
            return False

    assert literals(anywhere=[Odd("ba"), Odd("ab"), Odd("bb")]).search(Odd("xbb")) is True


@needs_c
def test_c_search_refuses_bad_input() -> None:
    literals = literal_search._C.Literals
    with pytest.raises(TypeError):
        literals(["a", 1])
    with pytest.raises(TypeError):
        literals(anywhere=[b"a"])
    with pytest.raises(TypeError):
        literals(prefixes="abc")  # a str would be read as its characters
    with pytest.raises(TypeError):
        literals(after_non_word=b"abc")
    with pytest.raises(TypeError):
        literals(anywhere=5)
    with pytest.raises(TypeError):
        literals([], [], [], [])
    search = literals(anywhere=["a"]).search
    with pytest.raises(TypeError):
        search(b"a")
    with pytest.raises(TypeError):
        search(None)

    def broken() -> object:
        yield "a"
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        literals(anywhere=broken())


@needs_c
def test_threads_share_one_search() -> None:
    rules = load_rules()
    strings = [t for p in rules.phrases for t in p.texts]
    c = literal_search.literal_search(anywhere=strings)
    python = literal_search.literal_search(anywhere=strings, pure_python=True)
    texts = [f"line {i} " + strings[i % len(strings)][: i % 7] for i in range(400)]
    expected = [python(t) for t in texts]
    results: list[list[bool]] = []

    def work() -> None:
        results.append([c(t) for t in texts * 20])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected * 20] * 4


def real_blocks() -> list[Block]:
    lines = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "corpus_raw").glob("*.txt"))]
    lines += [
        "(AP Photo/Evan Vucci)",
        "Photo: Getty Images",
        "REUTERS/Jane Doe",
        "© Reuters 2024",
        "FILE - A view of the bridge",
        "Read more: Council closes the bridge",
        "Share this article",
        "Sign up for our newsletter",
        "Lesen Sie auch: Die Brücke ist zu",
        "Copyright 2024 The Gazette. All rights reserved.",
        "Advertisement",
        "Фото: пресс-служба",
    ]
    return [block for text in lines for block in read_text(text)]


@needs_c
def test_pass_1_labels_are_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = load_rules()
    blocks = real_blocks()
    assert len(blocks) > 40  # the seed dumps of corpus_raw/, line by line
    monkeypatch.setattr(label, "_COMPILED", {})
    state = label.compiled(rules)
    assert state.caption_literals is not None and type(state.caption_literals).__name__ == "builtin_function_or_method"
    c = [label._classify(block, rules) for block in blocks]

    monkeypatch.setattr(literal_search, "_C", None)
    monkeypatch.setattr(label, "_COMPILED", {})
    state = label.compiled(rules)
    assert state.caption_literals is not None and type(state.caption_literals).__name__ == "function"
    python = [label._classify(block, rules) for block in blocks]
    assert c == python
    assert {lab.kind for lab in c} >= {"caption", "share", "?good"}, {lab.kind for lab in c}
