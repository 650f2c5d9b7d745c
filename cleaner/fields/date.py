"""Dates: candidates from the rules' date patterns, validated, written as ISO 8601.

    >>> from cleaner import load_rules
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

from cleaner.ruleset.load import Rules

try:  # the parser is private; without it every pattern is searched in full (see `_needle`)
    from re import _compiler as _sre_compiler
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover
    _sre_compiler = C = P = None  # type: ignore[assignment]

EARLIEST_YEAR = 1990  # web news before this is rare enough that such a "date" is more likely a typo or an id
MONTHS = 12
# Languages whose numeric dates put the month first ("12/19/2025"): English as the US writes it, which
# most English pages follow. Elsewhere the day comes first.
MONTH_FIRST_LANGUAGES = frozenset({"en"})
# A date labelled as published this many characters after the first date still belongs to the same
# header ("Updated May 2, 2024 · 5 min read · Published April 30, 2024"); farther on it dates another story.
PUBLISHED_NEAR_CHARS = 300
# A day in a URL path: "/2024/05/17/" or "/2024-05-17" (a CMS's permalink); a bare year or month is none.
URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-]([01]\d)[/-]([0-3]\d)(?=[/-]|\.html?|$)")
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# `validate` reads a date's year with int() and wants at least EARLIEST_YEAR: as many digits in a row (int()
# allows an underscore between two; it and `\d` both read any Unicode decimal digit). A text without them holds
# no valid date whatever the rules' patterns; most lines of a page have none ("12 comments", "Seite 2"), and
# this one scan in C rules them out before the patterns' searches.
YEAR_DIGITS = re.compile(rf"\d(?:_?\d){{{len(str(EARLIEST_YEAR)) - 1}}}")
# A two-digit year ("11.03.17", "9/11/13") is 20yy below this, else 19yy (and so before EARLIEST_YEAR up to 89):
# fixed, so that the same page gives the same date whenever it is cleaned.
TWO_DIGIT_PIVOT = 70
# A text with a two-digit year holds a date in a short numeric form: "d.m.yy" or "m/d/yy". One search for
# either (most lines of a page have neither, and this runs for every line that may date the page).
SHORT_NUMERIC = r"\d[./]\d{1,2}[./]\d\d(?!\d)"
MAY_HOLD_DATE = re.compile(f"{YEAR_DIGITS.pattern}|{SHORT_NUMERIC}")


def find_date(text: str, rules: Rules, not_after: dt.date | None = None, day_first: bool = False) -> str | None:
    """The first valid date in `text`, as ISO 8601, or None. `day_first`: "03/01/2017" is January 3rd."""
    if not has_year(text):
        return None
    for _id, candidate in date_candidates(text, rules, day_first):
        value = validate(candidate, not_after)
        if value:
            return value
    return None


def has_year(text: str) -> bool:
    """Whether the text may hold a valid date: a four-digit year, or a short numeric date ("11.03.17").

    >>> has_year("12 comments"), has_year("9/11/13 10:00AM"), has_year("Published 2024")
    (False, True, True)
    """
    return MAY_HOLD_DATE.search(text) is not None


def full_year(year: str) -> str:
    """A two-digit year in full ("17" -> "2017", "95" -> "1995"); other years as they are.

    >>> full_year("17"), full_year("95"), full_year("2024")
    ('2017', '1995', '2024')
    """
    if len(year) != 2 or not year.isdigit():
        return year
    return f"{20 if int(year) < TWO_DIGIT_PIVOT else 19}{year}"


def date_candidates(text: str, rules: Rules, day_first: bool = False) -> list[tuple[str, dict[str, str | None]]]:
    """(rule id, named groups) of every date expression in the text, in order of position."""
    return [(rule_id, groups) for _start, _end, rule_id, groups in _spans(text, rules, day_first)]


def day_first_order(text: str, rules: Rules, language: str | None = None) -> bool:
    """Whether the text's numeric dates put the day first ("19/12/2025"). The text's own dates decide: a
    numeric one that can be read one way only, or one whose day the text also writes out ("03/10/2023" and
    "3 October 2023"); else its language (month first in English, as the US writes it).

        >>> from cleaner import load_rules
        >>> day_first_order("Posted 03/01/2017. Updated 19/02/2017.", load_rules(), "en")
        True
        >>> day_first_order("03/10/2023 by Jo Roe. On 3 October 2023 we met.", load_rules(), "en")
        True
    """
    ambiguous: list[tuple[int, int, int]] = []
    for rule_id, pattern, needle in _searches(rules):
        if rule_id in rules.swappable_dates and (needle is None or needle.search(text)):
            for match in pattern.finditer(text):
                first, second = int(match.group("month")), int(match.group("day"))
                if first > MONTHS or second > MONTHS:
                    return first > MONTHS
                ambiguous.append((int(full_year(match.group("year"))), first, second))
    if ambiguous:
        written = {
            value[:10]
            for rule_id, groups in date_candidates(text, rules)
            if rule_id not in rules.swappable_dates and (value := validate(groups))
        }
        for year, first, second in ambiguous:
            day_first = f"{year:04d}-{second:02d}-{first:02d}" in written
            if day_first != (f"{year:04d}-{first:02d}-{second:02d}" in written):
                return day_first
    return language is not None and language not in MONTH_FIRST_LANGUAGES


def labelled_dates(
    text: str, rules: Rules, not_after: dt.date | None = None, day_first: bool = False
) -> list[tuple[str, str | None]]:
    """Each valid date of the text with the kind of label right before it ("updated", "published") or None.

    >>> from cleaner import load_rules
    >>> labelled_dates("By Jo Roe · Updated on May 2, 2024 · Published: 2024-04-30", load_rules())
    [('2024-05-02', 'updated'), ('2024-04-30', 'published')]
    """
    return [(value, kind) for value, kind, _start in _labelled(text, rules, not_after, day_first)]


def publication_date(
    text: str, rules: Rules, not_after: dt.date | None = None, day_first: bool = False
) -> str | None:
    """The date a text gives first, or a date labelled as published that follows it closely (an update line
    often stands before the publication line).

    >>> from cleaner import load_rules
    >>> publication_date("Updated May 2, 2024 | Originally published April 30, 2024", load_rules())
    '2024-04-30'
    """
    found = _labelled(text, rules, not_after, day_first)
    if not found:
        return None
    first_at = found[0][2]
    published = (v for v, kind, at in found if kind == "published" and at - first_at <= PUBLISHED_NEAR_CHARS)
    return next(published, found[0][0])


def url_date(url: str | None, not_after: dt.date | None = None) -> str | None:
    """The day in a URL's path ("/2024/05/17/", "/2024-05-17-"), or None.

    >>> url_date("https://example.com/news/2024/05/17/storm-hits")
    '2024-05-17'
    """
    match = URL_DAY.search(url or "")
    if not match:
        return None
    return validate({"year": match.group(1), "month": match.group(2), "day": match.group(3)}, not_after)


def _labelled(
    text: str, rules: Rules, not_after: dt.date | None, day_first: bool
) -> list[tuple[str, str | None, int]]:
    found: list[tuple[str, str | None, int]] = []
    if not has_year(text):
        return found
    last = 0
    for start, end, _id, groups in _spans(text, rules, day_first):
        if start < last:
            continue  # the same date matched by a second pattern ("2024-04-30T10:00" and "2024-04-30")
        value = validate(groups, not_after)
        if value:
            before = text[last:start]
            kind = next((kind for kind, label in rules.date_labels if label.search(before)), None)
            found.append((value, kind, start))
            last = end
    return found


def _spans(text: str, rules: Rules, day_first: bool = False) -> list[tuple[int, int, str, dict[str, str | None]]]:
    found = []
    for rule_id, pattern, needle in _searches(rules):
        if needle is not None and not needle.search(text):
            continue  # the pattern cannot match here (see `_needle`)
        for match in pattern.finditer(text):
            groups = match.groupdict()
            groups["_month_names"] = None
            if rule_id in rules.swappable_dates and _swap(groups, day_first):
                groups["month"], groups["day"] = groups["day"], groups["month"]
            found.append((match.start(), match.end(), rule_id, groups))
    found.sort(key=lambda f: (f[0], -f[1]))
    return [(start, end, rule_id, _with_month(groups, rules)) for start, end, rule_id, groups in found]


def _searches(rules: Rules) -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    """(rule id, pattern, its needle) of every date pattern of `rules`, built once per rules fingerprint."""
    searches = _SEARCHES.get(rules.fingerprint)
    if searches is None:
        searches = _SEARCHES[rules.fingerprint] = tuple((i, p, _needle(p)) for i, p in rules.date_patterns)
    return searches


_SEARCHES: dict[str, tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]] = {}


def _needle(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern from its first top-level literal character on ("/(?P<day>..)/(?P<year>..)" of the
    numeric "12/19/2025"), or None when it has none.

    Every match of the pattern holds a match of this tail, so where the tail is missing the pattern is
    too. The tail is much quicker to search: Python's re skips to a pattern's leading literal in C, but
    tries one that opens with a lookbehind or a group at every position. Most pages show no numeric
    date ("12/19/2025"), and `day_first_order` searches tens of thousands of characters for them.
    None also for a pattern with a backreference (its tail could refer to a group cut off from it).
    """
    if P is None:  # pragma: no cover
        return None
    parsed = P.parse(pattern.pattern, pattern.flags)
    if _refers_back(parsed):
        return None
    first = next((k for k, (op, _av) in enumerate(parsed.data) if op is C.LITERAL), None)
    if first is None:
        return None
    return _sre_compiler.compile(P.SubPattern(parsed.state, parsed.data[first:]), pattern.flags)


def _refers_back(node: object) -> bool:
    """Whether a parsed pattern (or a part of one) holds a backreference."""
    if isinstance(node, P.SubPattern):
        return any(op in (C.GROUPREF, C.GROUPREF_EXISTS) or _refers_back(av) for op, av in node.data)
    if isinstance(node, (tuple, list)):
        return any(_refers_back(part) for part in node)
    return False


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


def _swap(groups: dict[str, str | None], day_first: bool) -> bool:
    """A month-first match read day first: when its month cannot be one, or the document puts days first."""
    month, day = int(groups["month"] or 0), int(groups["day"] or 0)
    return month > MONTHS or (day_first and day <= MONTHS)


def _with_month(groups: dict[str, str | None], rules: Rules) -> dict[str, str | None]:
    if groups.get("year"):
        groups["year"] = full_year(groups["year"] or "")
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
