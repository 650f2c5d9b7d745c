"""Refuse rule patterns whose time grows as a high power of the line's length (polynomial backtracking).

regex_safety.py finds the exponential shapes (a repetition inside a repetition). A pattern without them
can still be slow: in `\\w*\\w*x` the two loops can split a run of letters between them in n ways, and the
engine tries every split before it gives up on a line without the `x`; searched from every start, that is
n³ steps: 31 s on one line of 2 000 letters. The shape is a chain of unbounded repetitions, in a row,
that can all match one same character, with nothing between them that they could not also match (`\\w+,\\w+`
is no chain: a `,` cuts it, and neither loop can eat it), and something after the chain that can fail.
Each loop of a chain multiplies the time by n, and an unanchored search by n again; a pattern whose time
grows faster than n² is refused.

    >>> polynomial_risk(r"\\w*\\w*x")  # doctest: +ELLIPSIS
    'polynomial backtracking: 2 unbounded repetitions in a row ... (time grows as n^3 on a line of n characters)'
    >>> polynomial_risk(r"^\\w+\\s?\\w+$") is None, polynomial_risk(r"\\w+ \\w+x") is None
    (True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cleaner.ruleset.regex_safety import C, P, _Analysis

MAX_GROWTH = 2  # n² on a 2 000-character line is a few million steps: milliseconds
# A repetition that may run this many rounds counts as unbounded; `[^.]{2,80}` costs 80 steps at most.
UNBOUNDED = 100


@dataclass
class _Item:
    chars: set[str]  # what it can match
    nullable: bool  # it can match the empty string
    loop: bool  # an unbounded repetition that gives back what it took (backtracks)
    zero_width: bool = False


@lru_cache(maxsize=4096)
def polynomial_risk(pattern: str, flags: int = 0) -> str | None:
    """Why `pattern` can take more than n² time on a line of n characters, or None."""
    if P is None:  # pragma: no cover
        return None
    try:
        parsed = P.parse(pattern, flags)
    except re.error:
        return None
    analysis = _Analysis(parsed.state.flags)
    items = list(parsed)
    anchored = bool(items) and items[0] == (C.AT, C.AT_BEGINNING_STRING)
    anchored = anchored or (
        bool(items) and items[0] == (C.AT, C.AT_BEGINNING) and not parsed.state.flags & re.MULTILINE
    )
    chain, growth = _worst_chain(_flatten(analysis, items), anchored)
    if chain >= 2 and growth > MAX_GROWTH:
        return (
            f"polynomial backtracking: {chain} unbounded repetitions in a row can match the same text, as in "
            f"\\w*\\w*x (time grows as n^{growth} on a line of n characters)"
        )
    return None


def _flatten(analysis: _Analysis, items: list[Any]) -> list[_Item]:
    """The pattern as a row of items: groups opened (their parts stand in the row), everything else one
    item (an alternation, a bounded repetition, a lookaround)."""
    out: list[_Item] = []
    for op, av in items:
        if op == C.SUBPATTERN:
            out += _flatten(analysis, list(av[3]))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, body = av
            chars = analysis.chars(list(body))
            nullable = low == 0 or analysis.first(list(body))[1]
            out.append(_Item(chars, nullable, loop=high == C.MAXREPEAT or high >= UNBOUNDED))
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            out.append(_Item(set(), True, loop=False, zero_width=True))
        else:
            sub = [(op, av)]
            chars = analysis.chars(sub)
            width = P.SubPattern(P.State(), sub).getwidth()
            # an alternation with a loop inside: one more loop of the row
            out.append(_Item(chars, width[0] == 0, loop=width[1] >= UNBOUNDED and op == C.BRANCH))
    return out


def _worst_chain(items: list[_Item], anchored: bool) -> tuple[int, int]:
    """(loops, growth) of the chain whose time grows fastest, among chains followed by something that can
    fail. A chain is a run of loops sharing a character c, where every item between two of them can match
    the empty string or c (so a run of c's can be split among the loops in many ways). A search from every
    start multiplies by n again, unless what stands before the chain cannot match c: then only the starts
    before each run of c's reach it, and the runs together are no longer than the line."""
    worst = (0, 0)
    for start, first in enumerate(items):
        if not first.loop:
            continue
        shared, count = set(first.chars), 1
        for position in range(start + 1, len(items)):
            item = items[position]
            if item.zero_width:
                continue
            if item.loop and shared & item.chars:
                shared &= item.chars
                count += 1
                if _can_fail_after(items, position):
                    growth = count + (0 if anchored or not _reached_from_inside(items[:start], shared) else 1)
                    worst = max(worst, (count, growth), key=lambda pair: pair[1])
            elif not item.nullable:
                if not (shared & item.chars):
                    break
                shared &= item.chars
    return worst


def _reached_from_inside(before: list[_Item], shared: set[str]) -> bool:
    """A search that starts inside a run of `shared` characters can reach the chain: nothing before it
    needs a character outside them."""
    return all(item.zero_width or item.nullable or (item.chars & shared) for item in before)


def _can_fail_after(items: list[_Item], position: int) -> bool:
    # Nothing after the chain can fail: once it has matched, the match is over, and nothing sends the
    # engine back into it. A zero-width item ($, \b, a lookahead) can fail.
    return any(item.zero_width or not item.nullable for item in items[position + 1 :])
