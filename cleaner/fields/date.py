"""Dates: candidates from the rules' date patterns, validated, written as ISO 8601.

    >>> from cleaner.rules import load_rules
    >>> find_date("Published September 20, 2023", load_rules())
    '2023-09-20'
    >>> find_date("2023-09-20T14:05:00+02:00", load_rules())
    '2023-09-20T14:05:00+02:00'

A datetime is written only when its offset is known; otherwise the day alone (a local time without
its zone would be a guess). Validation: a real calendar day, not before EARLIEST_YEAR, not after
`not_after` (the crawl, when known).
"""

from __future__ import annotations

import datetime as dt
import re

from ..rules import Rules

EARLIEST_YEAR = 1990  # web news before this is rare enough that such a "date" is more likely a typo or an id
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def find_date(text: str, rules: Rules, not_after: dt.date | None = None) -> str | None:
    """The first valid date in `text`, as ISO 8601, or None."""
    for _id, candidate in date_candidates(text, rules):
        value = validate(candidate, not_after)
        if value:
            return value
    return None


def date_candidates(text: str, rules: Rules) -> list[tuple[str, dict[str, str | None]]]:
    """(rule id, named groups) of every date expression in the text, in order of position."""
    found = []
    for rule_id, pattern in rules.date_patterns:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            groups["_month_names"] = None
            found.append((match.start(), rule_id, groups))
    found.sort(key=lambda f: f[0])
    return [(rule_id, _with_month(groups, rules)) for _pos, rule_id, groups in found]


def validate(parts: dict[str, str | None], not_after: dt.date | None = None) -> str | None:
    try:
        day = dt.date(int(parts["year"] or 0), int(parts["month"] or 0), int(parts["day"] or 0))
    except (TypeError, ValueError):
        return None
    if day.year < EARLIEST_YEAR or (not_after and day > not_after):
        return None
    if parts.get("hour") is None or parts.get("tz") is None:
        return day.isoformat()
    hour, minute, second = int(parts["hour"]), int(parts.get("minute") or 0), int(parts.get("second") or 0)
    if hour > 23:
        return day.isoformat()
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{_offset(parts['tz'])}"


def parse_iso(value: str) -> dt.date | None:
    """The day of an ISO date or datetime string, or None."""
    match = ISO_DAY.match(value or "")
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _with_month(groups: dict[str, str | None], rules: Rules) -> dict[str, str | None]:
    month = groups.get("month")
    if month and not month.isdigit():
        number = rules.months.get(month.casefold())
        groups["month"] = str(number) if number else None
    if groups.get("ampm") and groups.get("hour"):
        hour = int(groups["hour"]) % 12
        groups["hour"] = str(hour + 12 if groups["ampm"].lower().startswith("p") else hour)
    return groups


def _offset(tz: str | None) -> str:
    if not tz or tz == "Z":
        return "+00:00"
    sign, digits = tz[0], tz[1:].replace(":", "")
    return f"{sign}{digits[:2]}:{digits[2:4]}"
