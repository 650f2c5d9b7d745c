"""Macros in rule patterns: {MONTH}, {AGENCY} and a rules folder's own [macros], expanded when loaded.

    >>> alternation(["Sep", "Sept", "Sept."])
    '(?:Sept\\\\.|Sept|Sep)'
    >>> word_macros({"MONTH": ["Sep", "Sept", "Sept."]})["MONTH"]
    '(?:Sep(?:t(?:\\\\.)?)?)'

{MONTH} (164 month names, three spellings each) stands in date patterns that run over every line of a
page, and re tries a flat alternation's words one after another at every position it reaches; the same
words as a trie try only those that share the text's next letter. Both forms find the same matches, groups
included: the words that match at one place are prefixes of one another, and both try them longest
first (the trie takes a longer word before the shorter one that ends at its node). That holds when the
pattern tells case apart; with IGNORECASE two spellings of a word ("Sept", "sept") match at one place, and
the trie would try them in another order, so such a pattern gets the flat form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaner.errors import RuleError
from cleaner.ruleset.literal_search import trie_regex

MACRO = re.compile(r"\{([A-Z_]+)\}")
INLINE_IGNORECASE = re.compile(r"\(\?[aLmsux]*i")  # (?i) or (?i:...) in a pattern


def alternation(words: Iterable[str]) -> str:
    """The words as one group, longest first, so "Sept." is tried before "Sept"."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def word_macros(lists: dict[str, Iterable[str]]) -> dict[str, str]:
    """Each word list as a trie, for patterns that tell case apart ("(?!)", which never matches, for none)."""
    return {name: "(?:" + trie_regex(sorted(set(words))) + ")" if words else "(?!)" for name, words in lists.items()}


def expand(rule: dict, table: str, macros: dict[str, str], tries: dict[str, str] | None = None) -> str:
    """The rule's pattern with its macros replaced; with `tries` (word_macros), those macros as tries when
    the pattern tells case apart."""

    def sub(m: re.Match) -> str:
        if m.group(1) not in macros:
            raise RuleError(f"{rule['_file']}: {table} {rule['id']}: unknown macro {{{m.group(1)}}}")
        return macros[m.group(1)]

    flat = MACRO.sub(sub, rule["pattern"])
    if not tries or rule.get("ignore_case") or INLINE_IGNORECASE.search(flat):
        return flat
    return expand(rule, table, {**macros, **tries})
