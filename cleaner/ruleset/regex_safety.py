"""Refuse rule patterns that can backtrack catastrophically, before they meet a page.

Rules are regular expressions a user edits, and Python's regex engine backtracks: a pattern in which one
text can be split between the rounds of a repetition in many ways takes exponential (or high polynomial)
time on a line that almost matches. Two shapes cause nearly all of it, and both are found here on the
parsed pattern, after macros are expanded:

- a repetition whose rounds have a part of varying length that can eat what comes after it, inside the
  round or at the start of the next: `(a+)+`, `(\\w+\\s?)*`, `(.*a){20}`, `(?:-|--)+` (but not
  `(?: [A-Z][a-z]*){0,4}`, where every round starts with a space the inner loop cannot eat, nor
  `(?:a?b)+`, where the `a?` can never eat the `b` that closes its round);
- alternatives that can match the same text, under unbounded repetition: `(.|\\s)*`, `(a|a)*`.

A repetition that ends the pattern (followed only by what always matches, such as ` ?`) is exempt: once
it has matched, the match is over and nothing can send the engine back into it.

    >>> backtracking_risk(r"(\\w+\\s?)+$")
    'nested repetition: a part of one round can also match the start of the next, as in (a+)+'
    >>> backtracking_risk(r"^(?P<place>[A-Z][\\w.-]*(?: [A-Z][\\w.-]*){0,4}) \\(AP\\) ?(?:—|–|--|-)+ ?") is None
    True

The per-document time limit of a corpus run (workers.py) bounds whatever this check lets through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

try:  # the parser is private; on a Python without it the check is skipped and the time limit remains
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover
    C = P = None  # type: ignore[assignment]

# The characters sets are compared on: Latin, Greek, Cyrillic, punctuation, a little CJK, plus every
# character the pattern names. Enough to see that two classes share a character.
NESTED = "nested repetition: a part of one round can also match the start of the next, as in (a+)+"
OVERLAPPING = "alternatives that can match the same text under repetition, as in (.|\\s)*"
_BASE_ALPHABET = frozenset(
    chr(c)
    for block in ((0x09, 0x0E), (0x20, 0x250), (0x370, 0x400), (0x400, 0x500), (0x2000, 0x2070), (0x3000, 0x3010))
    for c in range(*block)
) | frozenset("日本語中文한국")


@lru_cache(maxsize=4096)  # every load of a user rules folder compiles the built-in patterns again
def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why `pattern` can backtrack catastrophically, or None when neither risky shape is found."""
    if P is None:  # pragma: no cover
        return None
    try:
        parsed = P.parse(pattern, flags)
    except re.error:
        return None  # compiling it reports the error
    analysis = _Analysis(parsed.state.flags)
    return next(analysis.risks(list(parsed), tail_free=True), None)


class _Analysis:
    def __init__(self, flags: int) -> None:
        self.ignore_case = bool(flags & re.IGNORECASE)
        self.alphabet = set(_BASE_ALPHABET)

    # --- risks

    def risks(self, items: list[Any], *, tail_free: bool) -> Iterator[str]:
        """`tail_free`: nothing after `items` can fail (the pattern ends, or only optional parts follow)."""
        for i, (op, av) in enumerate(items):
            free = tail_free and all(self._always_matches(item) for item in items[i + 1 :])
            if op in (C.MAX_REPEAT, C.MIN_REPEAT):
                low, high, body = av
                # With nothing after it that can fail, a repetition that has matched its first round is done.
                if high > 1 and not (free and low <= 1):
                    first, _nullable = self.first(list(body))
                    for inner, follow in self._variable_parts(list(body), first):
                        if self.chars(inner) & follow:
                            yield NESTED
                    if high == C.MAXREPEAT:
                        for alternatives in self._branches(list(body)):
                            if self._overlapping(alternatives):
                                yield OVERLAPPING
                yield from self.risks(list(body), tail_free=False)
            elif op == C.SUBPATTERN:
                yield from self.risks(list(av[3]), tail_free=free)
            elif op == C.BRANCH:
                for alternative in av[1]:
                    yield from self.risks(list(alternative), tail_free=free)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                yield from self.risks(list(av[1]), tail_free=False)
            elif op == C.ATOMIC_GROUP:
                yield from self.risks(list(av), tail_free=False)
            elif op == C.POSSESSIVE_REPEAT:
                yield from self.risks(list(av[2]), tail_free=False)

    def _always_matches(self, item: tuple[Any, Any]) -> bool:
        op, av = item
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return av[0] == 0
        if op == C.SUBPATTERN:
            return all(self._always_matches(x) for x in av[3])
        return False

    def _variable_parts(self, items: list[Any], after: set[str]) -> Iterator[tuple[list[Any], set[str]]]:
        """Parts of `items` that can match texts of different lengths (loops, `?`, alternatives of
        different widths), at any depth, each with the characters that can come right after it inside
        the round (`after`: what follows `items`, up to and including the next round's first character).
        Only a variable part that can eat what follows it lets one text split in two ways: in `(a?b)+`
        the `a?` can never eat the `b`, in `(a+)+` the `a+` can eat the next round's `a`."""
        for i, (op, av) in enumerate(items):
            rest, rest_nullable = self.first(items[i + 1 :])
            follow = rest | after if rest_nullable else rest
            if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                if av[0] < av[1]:
                    yield list(av[2]), follow
                inner_after = follow | self.first(list(av[2]))[0] if av[1] > 1 else follow
                yield from self._variable_parts(list(av[2]), inner_after)  # a loop's round meets its next round
            elif op == C.SUBPATTERN:
                yield from self._variable_parts(list(av[3]), follow)
            elif op == C.BRANCH:
                widths = {P.SubPattern(P.State(), alternative).getwidth() for alternative in av[1]}
                if len(widths) > 1 or any(low < high for low, high in widths):
                    yield [(op, av)], follow
                for alternative in av[1]:
                    yield from self._variable_parts(list(alternative), follow)
            elif op == C.ATOMIC_GROUP:
                yield from self._variable_parts(list(av), follow)

    def _branches(self, items: list[Any]) -> Iterator[list[list[Any]]]:
        for op, av in items:
            if op == C.BRANCH:
                yield [list(alternative) for alternative in av[1]]
            elif op == C.SUBPATTERN:
                yield from self._branches(list(av[3]))

    def _overlapping(self, alternatives: list[list[Any]]) -> bool:
        # Two alternatives that can start alike, one of which is a single character: "-" and "--",
        # "." and "\s". (Alternatives of one character each are merged into one class by the parser.)
        starts = [self.first(alternative) for alternative in alternatives]
        if sum(nullable for _chars, nullable in starts) > 1 or any(
            alternatives.count(alternative) > 1 for alternative in alternatives
        ):
            return True  # "(a|a)*" is parsed as "(a(?:|))*": two ways to match the same text every round
        firsts = [chars for chars, _nullable in starts]
        single = [P.SubPattern(P.State(), alternative).getwidth() == (1, 1) for alternative in alternatives]
        for i in range(len(alternatives)):
            for j in range(len(alternatives)):
                if i != j and single[i] and firsts[i] & firsts[j]:
                    return True
        return False

    # --- character sets

    def first(self, items: list[Any]) -> tuple[set[str], bool]:
        """The characters a match of `items` can start with, and whether it can match the empty string."""
        found: set[str] = set()
        for op, av in items:
            if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue  # zero width
            if op in (C.SUBPATTERN, C.ATOMIC_GROUP):
                chars, nullable = self.first(list(av[3] if op == C.SUBPATTERN else av))
            elif op == C.BRANCH:
                parts = [self.first(list(alternative)) for alternative in av[1]]
                chars = set().union(*(p[0] for p in parts))
                nullable = any(p[1] for p in parts)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                chars, nullable = self.first(list(av[2]))
                nullable = nullable or av[0] == 0
            else:
                chars, nullable = self._single(op, av), False
            found |= chars
            if not nullable:
                return found, False
        return found, True

    def chars(self, items: list[Any]) -> set[str]:
        """Every character any part of `items` can match."""
        found: set[str] = set()
        for op, av in items:
            if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                continue
            if op == C.SUBPATTERN:
                found |= self.chars(list(av[3]))
            elif op == C.ATOMIC_GROUP:
                found |= self.chars(list(av))
            elif op == C.BRANCH:
                for alternative in av[1]:
                    found |= self.chars(list(alternative))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                found |= self.chars(list(av[2]))
            else:
                found |= self._single(op, av)
        return found

    def _single(self, op: Any, av: Any) -> set[str]:
        if op == C.LITERAL:
            found = {chr(av)}
        elif op == C.NOT_LITERAL:
            found = self.alphabet - {chr(av)}
        elif op == C.ANY:
            found = self.alphabet - {"\n"}
        elif op == C.IN:
            found = self._in(av)
        else:  # back-references and the like: could be anything
            found = set(self.alphabet)
        if self.ignore_case:
            found |= {c.swapcase() for c in found}
        self.alphabet |= found
        return found

    def _in(self, items: list[Any]) -> set[str]:
        negate = bool(items) and items[0][0] == C.NEGATE
        found: set[str] = set()
        for op, av in items:
            if op == C.LITERAL:
                found.add(chr(av))
            elif op == C.RANGE:
                low, high = av
                found |= {c for c in self.alphabet if low <= ord(c) <= high}
                found |= {chr(low), chr(high)}
            elif op == C.CATEGORY:
                found |= {c for c in self.alphabet if _category(str(av), c)}
        return self.alphabet - found if negate else found


def _category(name: str, char: str) -> bool:
    if "LINEBREAK" in name:
        result = char == "\n"
    elif "DIGIT" in name:
        result = char.isdecimal()
    elif "SPACE" in name:
        result = char.isspace()
    else:  # WORD
        result = char.isalnum() or char == "_"
    return not result if "NOT" in name else result
