"""Fixed strings a rule's pattern cannot match without: a cheap `in` test before a costly search.

    >>> required_literals(re.compile(r"\\bGetty Images\\b"))
    ('Getty Images',)
    >>> required_literals(re.compile(r"(?:^|\\s)(?:AP|AFP)/[A-Z]\\w+$"))
    ('AFP/', 'AP/')
    >>> required_literals(re.compile(r"^\\w+\\s\\w+$")) is None
    True

Python's regex engine scans quickly only for a pattern that opens with a literal: a rule such as
`\\bGetty Images\\b` or `(?:^|\\s)(?:AP|AFP)/...` is tried at every position of every block, while most
blocks hold none of the strings such a rule needs. They are found here on the parsed pattern, so rules stay
as their authors wrote them and `str.__contains__` rules most blocks out in C.
"""

from __future__ import annotations

import re
from itertools import product
from typing import Any

try:  # the parser is private; without it there is no prefilter and every pattern is searched
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover
    C = P = None  # type: ignore[assignment]

MAX_LITERALS = 32  # more alternatives than this and the test costs about as much as the search
MAX_PREFIXES = 256  # ... but one walk of a trie (literal_search) tests hundreds of prefixes at once

Literals = frozenset[str]
# Python 3.11 added possessive repeats and atomic groups; older parsers have neither.
_REPEATS = tuple(getattr(C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, name))
_ATOMIC = getattr(C, "ATOMIC_GROUP", None)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings of which every match of `pattern` contains at least one; None when none are found.

    Case-insensitive parts give nothing: their letters match more than themselves.
    """
    if P is None or pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = P.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled, so it parses
        return None
    found = _required(list(parsed))
    return tuple(sorted(found)) if found else None


def _better(a: Literals | None, b: Literals | None) -> Literals | None:
    """The more selective set: longer shortest string, then fewer strings."""
    if not a or "" in a:
        return b if b and "" not in b else None
    if not b or "" in b:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def required_prefixes(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of a pattern anchored at the start (^, \\A) opens with; None when it
    is not anchored or they are not known.

    >>> required_prefixes(re.compile(r"^(?:By|Von) (?P<names>.+)$"))
    ('By ', 'Von ')
    """
    if P is None or pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    items = list(P.parse(pattern.pattern, pattern.flags))
    if not items or items[0] not in ((C.AT, C.AT_BEGINNING), (C.AT, C.AT_BEGINNING_STRING)):
        return None
    run: Literals = frozenset({""})
    for op, av in items[1:]:  # the fixed items in a row after the anchor
        part = _exact(op, av, MAX_PREFIXES)
        joined = _concat(run, part, MAX_PREFIXES) if part is not None else None
        if joined is None:
            break
        run = joined
    return None if "" in run else tuple(sorted(run))


def _concat(a: Literals, b: Literals, limit: int = MAX_LITERALS) -> Literals | None:
    if len(a) * len(b) > limit:
        return None
    return frozenset(x + y for x, y in product(a, b))


def _exact(op: Any, av: Any, limit: int = MAX_LITERALS) -> Literals | None:
    """Every string this item can match, when they are few and fixed; else None."""
    if op is C.LITERAL:
        return frozenset({chr(av)})
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return frozenset({""})  # zero width: the text around it is matched back to back
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _exact_seq(list(sub), limit)
    if op is C.BRANCH:
        alternatives = [_exact_seq(list(alt), limit) for alt in av[1]]
        if any(a is None for a in alternatives):
            return None
        union = frozenset().union(*alternatives)  # type: ignore[arg-type]
        return union if len(union) <= limit else None
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] == 0 and av[1] == 1:  # optional: x?
        inner = _exact_seq(list(av[2]), limit)
        return None if inner is None or len(inner) >= limit else inner | {""}
    return None


def _exact_seq(items: list, limit: int = MAX_LITERALS) -> Literals | None:
    out: Literals | None = frozenset({""})
    for op, av in items:
        part = _exact(op, av, limit)
        if part is None or out is None:
            return None
        out = _concat(out, part, limit)
    return out


def _required(items: list) -> Literals | None:
    """The most selective set of strings one of which every match of the sequence contains."""
    best: Literals | None = None
    run: Literals = frozenset({""})  # consecutive fixed items, concatenated
    for op, av in items:
        part = _exact(op, av)
        if part is not None:
            joined = _concat(run, part)
            if joined is None:  # too many combinations: keep what the run had, go on from this item
                best, joined = _better(best, run), part
            run = joined
            continue
        best, run = _better(best, run), frozenset({""})
        best = _better(best, _required_item(op, av))
    return _better(best, run)


def _required_item(op: Any, av: Any) -> Literals | None:
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _required(list(sub))
    if op is C.BRANCH:
        alternatives = [_required(list(alt)) for alt in av[1]]
        if any(not a for a in alternatives):
            return None
        union = frozenset().union(*alternatives)  # type: ignore[arg-type]
        return union if len(union) <= MAX_LITERALS else None
    if op in _REPEATS and av[0] >= 1:  # at least one round: what a round needs, the whole needs
        return _required(list(av[2]))
    if op is _ATOMIC:
        return _required(list(av))
    return None
