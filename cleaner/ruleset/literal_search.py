"""One search for many fixed strings: does one start a text, follow a non-word character in it, or occur in it?

    >>> search = literal_search(prefixes=["read more"], after_non_word=["share"], anywhere=["©"])
    >>> search("read more: the bridge"), search("please share"), search("reshare"), search("(c) © 2024")
    (True, True, False, True)

Pass 1 asks this of every block, for the phrase rules' strings (a superset of the rules' matches, each then
confirmed by its own pattern) and for the caption rules' required strings. The C module cleaner._literals
answers in one walk of a trie from the positions where a string may start; the Python path below (regexes
built as tries) is the reference and the fallback, with the same answer for every text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from cleaner.speedups import load

_C = load("_literals")  # the same booleans as the regexes, without running re's matcher at every position


def literal_search(
    prefixes: Iterable[str] = (),
    after_non_word: Iterable[str] = (),
    anywhere: Iterable[str] = (),
    *,
    pure_python: bool = False,
) -> Callable[[str], bool]:
    """A test of a text: True when a `prefixes` string starts it, an `after_non_word` string occurs at its
    start or right after a non-word character (what re's \\W matches), or an `anywhere` string occurs in it.

    Strings are compared as they are (no case folding); the empty string starts and occurs in every text.
    """
    prefixes, after_non_word, anywhere = list(prefixes), list(after_non_word), list(anywhere)
    if _C is not None and not pure_python:
        return _C.Literals(prefixes, after_non_word, anywhere).search
    start = re.compile(trie_regex(prefixes)) if prefixes else None
    # searched in " " + text: a pattern that opens with a character class lets re skip ahead in C to the
    # next non-word character, where \b(?:...) would run the matcher at every position
    after = re.compile(rf"\W(?:{trie_regex(after_non_word)})") if after_non_word else None
    inside = re.compile(trie_regex(anywhere)) if anywhere else None

    def search(text: str) -> bool:
        return bool(
            (start is not None and start.match(text))
            or (after is not None and after.search(" " + text))
            or (inside is not None and inside.search(text))
        )

    return search


def trie_regex(texts: Sequence[str]) -> str:
    """Literal texts as one regex that shares their common prefixes: (?:sign (?:up|in)|share).

    Python's re tries every branch of a flat alternation at every position; a trie tries only the
    branches that start with the character at hand, many times faster with hundreds of phrases.
    """
    trie: dict = {}
    for text in texts:
        node = trie
        for ch in text:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + ("?" if ends else "")

    return build(trie)
