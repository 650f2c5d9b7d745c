"""Datelines: 'SAN JUAN, Puerto Rico (AP) —' split off the first paragraph, and written back.

    >>> from cleaner import load_rules
    >>> dl, rest = parse_dateline("MOSCOW (AP) — Russia’s President said.", load_rules())
    >>> (dl.text, dl.place, dl.agency, rest)
    ('MOSCOW (AP) —', 'Moscow', 'AP', 'Russia’s President said.')

Candidates come from the dateline styles in rules/datelines.toml (first match wins); each is then
validated: the rest must read as the start of a sentence, and the place must not be a sentence word.
"""

from __future__ import annotations

import re

from cleaner.record import Dateline
from cleaner.ruleset.load import Rules
from cleaner.ruleset.regex_literals import required_literals

# Upper-case words that open sentences or headlines, never a place ("BREAKING —", "UPDATE —").
NOT_PLACES = frozenset(
    {
        "BREAKING",
        "UPDATE",
        "UPDATED",
        "EXCLUSIVE",
        "WATCH",
        "VIDEO",
        "PHOTOS",
        "LIVE",
        "OPINION",
        "ANALYSIS",
        "EDITORIAL",
        "CORRECTION",
        "FILE",
        "NOTE",
        "EDITOR'S NOTE",
        "LISTEN",
        "READ",
        "WARNING",
        "ALERT",
        "REVIEW",
        "INTERVIEW",
        "COMMENT",
        "PHOTO",
        "AP",
        "UPDATE 1",
        "URGENT",
        # a postscript or an aside in a letter, a blog post or a comment ("P.S. — I don't think ...")
        "P.S.",
        "P.P.S.",
        "PS",
        "PPS",
        "N.B.",
        "NB",
        "EDIT",
        "ADDENDUM",
    }
)
# Words that keep their case when a place is title-cased.
LOWER_IN_PLACES = frozenset({"de", "del", "la", "le", "am", "upon", "on", "of", "da", "do", "dos", "das", "van", "von"})
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# AP style abbreviations, and the shorter wire form Reuters uses.
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
SHORT_MONTHS = ("Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
# What follows a dateline starts a sentence: "NASA — a space agency — said" is an aside, not a dateline.
SENTENCE_START = re.compile(r"[\"“‘'(\[«„]?[A-ZÀ-ÖØ-ÞА-ЯЁ0-9$€£¡¿]")
OPTIONAL_SEGMENT = re.compile(r"\[([^\[\]]*)\]")
FORMAT_FIELD = re.compile(r"\{([A-Za-z.]+)\}")
PROSE_MARKS = ".,;:-'’\"“”"  # in most paragraphs: a dateline style's other marks tell more


DATELINE_CACHE_SIZE = 4096  # paragraphs remembered by parse_dateline (a page's prose, a few times over)


def parse_dateline(paragraph: str, rules: Rules) -> tuple[Dateline, str] | None:
    """Split a dateline off the start of a paragraph: (Dateline, rest of the paragraph), or None.

    Memoised on (paragraph, rules): the body scorer's features and the body region both ask about every
    paragraph of prose, and the answer (immutable) depends on nothing else.
    """
    key = (paragraph, rules.fingerprint)
    if key in _PARSED:
        return _PARSED[key]
    if len(_PARSED) >= DATELINE_CACHE_SIZE:
        _PARSED.clear()
    found = _PARSED[key] = _parse(paragraph, rules)
    return found


_PARSED: dict[tuple[str, str], tuple[Dateline, str] | None] = {}


def _parse(paragraph: str, rules: Rules) -> tuple[Dateline, str] | None:
    for pattern, mark, other_mark in _distinct_patterns(rules):
        if mark and (mark not in paragraph or (other_mark and other_mark not in paragraph)):
            continue  # it lacks a mark that every match holds: no need to run the pattern
        match = pattern.match(paragraph)
        if not match:
            continue
        rest = paragraph[match.end() :].lstrip()
        parts = match.groupdict()
        place = parts.get("place")
        if place and place.upper() in NOT_PLACES:
            continue
        if rest and not SENTENCE_START.match(rest):
            continue
        text = paragraph[: match.end()].strip()
        return Dateline(
            text=text,
            place=title_place(place) if place else None,
            region=_region(parts.get("region"), rules),
            agency=_agency(parts.get("agency"), rules),
            date=_month_day(parts.get("month"), parts.get("day"), rules),
        ), rest
    return None


Gated = tuple[re.Pattern, str, str]  # a pattern and up to two marks that every match of it holds ("" if none)


def _distinct_patterns(rules: Rules) -> tuple[Gated, ...]:
    """The dateline styles' patterns in rule order, each once, with two of its required marks. Styles that
    read alike and write differently ("(AP) —" and "(AFP) -") share a pattern: where the first rejects a
    match, so would the second."""
    patterns = _PATTERNS.get(rules.fingerprint)
    if patterns is None:
        distinct = {p: None for _id, p, _fmt in rules.dateline_styles}
        gated = []
        for pattern in distinct:
            marks = required_marks(pattern)[:2]
            gated.append((pattern, marks[:1], marks[1:]))
        patterns = _PATTERNS[rules.fingerprint] = tuple(gated)
    return patterns


_PATTERNS: dict[str, tuple[Gated, ...]] = {}


def required_marks(pattern: re.Pattern) -> str:
    """Punctuation that every match of `pattern` holds: the marks all of its required literals share.

    >>> required_marks(re.compile(r"^(?P<place>[A-Z]+), \\((?:AP|AFP)\\) —"))
    '()—,'

    Few paragraphs hold a bracket: an `in` test spares the others an agency style's match, which first
    tries every way to read up to five words as a place (a quarter of the time the body scorer asks).
    """
    literals = required_literals(pattern)
    if not literals:
        return ""
    common = set.intersection(*(set(literal) for literal in literals))
    marks = [c for c in common if not c.isalnum() and not c.isspace() and c != "_"]
    return "".join(sorted(marks, key=lambda c: (c in PROSE_MARKS, c)))  # the telling ones first


def format_dateline(dateline: Dateline, style_id: str, rules: Rules) -> str:
    """Write a dateline's parts in one of the rules' styles (the inverse of parse_dateline)."""
    fmt = next((f for sid, _p, f in rules.dateline_styles if sid == style_id), None)
    if fmt is None:
        raise KeyError(f"no dateline style {style_id!r}")
    month = day = None
    if dateline.date:
        month, day = int(dateline.date[-5:-3]), int(dateline.date[-2:])
    region = dateline.region
    if region:  # write the region the way the style's wire would: the AP abbreviation when there is one
        region = next((a for a, name in rules.regions.items() if name == region and "." in a), region)
    values = {
        "place": dateline.place or "",
        "PLACE": (dateline.place or "").upper(),
        "region": region or "",
        "agency": _dateline_form(dateline.agency, rules) if dateline.agency else "",
        "Month": ENGLISH_MONTHS[month - 1] if month else "",
        "Mon": SHORT_MONTHS[month - 1] if month else "",
        "Mon.": AP_MONTHS[month - 1] if month else "",
        "day": str(day) if day else "",
    }

    def segment(m: re.Match) -> str:
        inner = m.group(1)
        return "" if any(not values[f] for f in FORMAT_FIELD.findall(inner)) else inner

    return FORMAT_FIELD.sub(lambda m: values[m.group(1)], OPTIONAL_SEGMENT.sub(segment, fmt))


def title_place(place: str) -> str:
    """'SAN JUAN' -> 'San Juan', 'ST. JOSEPH' -> 'St. Joseph'; a mixed-case place is kept."""
    place = place.strip().rstrip(",")
    if not place.isupper():
        return place
    words = []
    for word in place.split(" "):
        lower = word.lower()
        if lower in LOWER_IN_PLACES and words:
            words.append(lower)
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def _region(region: str | None, rules: Rules) -> str | None:
    if not region:
        return None
    return rules.regions.get(region.strip(), region.strip())


def _agency(agency: str | None, rules: Rules) -> str | None:
    if not agency:
        return None
    return rules.agency_name(agency) or agency.strip()


def _dateline_form(agency: str, rules: Rules) -> str:
    for rule in rules.raw.get("agency", {}).values():
        if rule.get("name") == agency and rule.get("dateline_forms"):
            return rule["dateline_forms"][0]
    return agency


def _month_day(month: str | None, day: str | None, rules: Rules) -> str | None:
    if not month or not day:
        return None
    number = rules.months.get(month.casefold()) or rules.months.get(month.casefold().rstrip("."))
    if not number or not 1 <= int(day) <= 31:
        return None
    return f"--{number:02d}-{int(day):02d}"
