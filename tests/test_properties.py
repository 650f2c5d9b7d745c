"""Hypothesis properties of the whole pipeline (text front door)."""

from __future__ import annotations

import re
from datetime import date

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.fields.dateline import ENGLISH_MONTHS
from cleaner.record import Dateline
from cleaner.ruleset.load import load_rules

from .strategies import article, headline, paragraph, sentence

RULES = load_rules()
VALIDATOR = jsonschema.Draft202012Validator(cleaner.json_schema())
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# One sample block per caption rule: a caption sentence in the shape the rule is for.
CAPTION_SAMPLES = {
    "agency-photo-credit": "{s} (AP Photo/Jane Doe)",
    "photo-by-credit": "{s} (Photo by Jane Doe)",
    "file-photo": "FILE - {s}",
    "getty-images": "{s} Getty Images",
    "photo-label": "Photo: Jane Doe",
    "trailing-credit-label": "{s} Photo: Jane Doe/Reuters",
    "agency-slash-photographer": "{s} REUTERS/Jane Doe",
    "photo-source-suffix": "{s} | Photo: Jane Doe",
    "shutterstock-istock": "{s} Shutterstock",
    "ko-photo-credit": "{s} [사진 출처 = Jane Doe]",
    "ko-trailing-agency": "{s} 뉴시스",
}


def _after_prefix(prefix: str, max_words: int) -> str:
    """A block that starts with a prefix phrase and stays within the rule's word limit."""
    room = max(1, min(5, max_words - len(re.findall(r"\w+", prefix))))
    return " ".join([prefix, *["Council", "meets", "again", "next", "week"][:room]])


def _phrase_samples() -> list[tuple[str, str]]:
    """(block text, kind) for a few phrases of every phrase rule the rules hold."""
    samples = []
    for rule in RULES.raw["phrase"].values():
        for text in sorted(rule["texts"])[:4]:
            block = text if rule["match"] != "prefix" else _after_prefix(text, rule.get("max_words", 40))
            samples.append((block, rule["kind"]))
    return samples


PHRASES = _phrase_samples()
# (heading, kind of the heading) for every phrase that opens a run of headline links.
RUN_HEADINGS = sorted((t, r["kind"]) for r in RULES.raw["phrase"].values() if r.get("opens_run") for t in r["texts"])


@st.composite
def boilerplate_block(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A boilerplate unit to splice into a story: [(line, kind), ...] printed without blank lines."""
    choice = draw(st.sampled_from(["phrase", "caption", "run"]))
    if choice == "phrase":
        return [draw(st.sampled_from(PHRASES))]
    if choice == "caption":
        template = draw(st.sampled_from(sorted(CAPTION_SAMPLES.values())))
        return [(template.format(s=draw(sentence())), "caption")]
    heading, kind = draw(st.sampled_from(RUN_HEADINGS))
    items = draw(st.lists(headline(), min_size=1, max_size=3))
    return [(heading, kind), *[(item, "related") for item in items]]


def _splice(paragraphs: list[str], units: list[list[tuple[str, str]]], positions: list[int]) -> str:
    chunks = ["\n".join(p for p in [para]) for para in paragraphs]
    for unit, pos in sorted(zip(units, positions, strict=True), key=lambda u: -u[1]):
        chunks.insert(min(pos, len(chunks)), "\n".join(line for line, _kind in unit))
    return "\n\n".join(chunks)


@pytest.mark.slow
@SETTINGS
@given(st.text(max_size=3000))
def test_never_raises_on_any_text(text: str) -> None:
    record = cleaner.clean(text)
    VALIDATOR.validate(record.to_dict())


@SETTINGS
@given(st.binary(max_size=3000))
def test_never_raises_on_any_bytes(raw: bytes) -> None:
    record = cleaner.clean(raw)
    VALIDATOR.validate(record.to_dict())


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=80), headline(), paragraph()), max_size=12))
def test_never_raises_on_line_soup_and_validates(lines: list[str]) -> None:
    for fmt in ("text", "html", "auto"):
        VALIDATOR.validate(cleaner.clean("\n".join(lines), fmt=fmt).to_dict())


@SETTINGS
@given(article())
def test_clean_article_loses_nothing(paragraphs: list[str]) -> None:
    record = cleaner.clean("\n\n".join(paragraphs), fmt="text")
    assert record.body == "\n\n".join(paragraphs)
    assert record.removed == ()


@SETTINGS
@given(article(min_paragraphs=2), st.lists(boilerplate_block(), min_size=1, max_size=4), st.data())
def test_spliced_boilerplate_is_removed_and_body_survives(
    paragraphs: list[str], units: list[list[tuple[str, str]]], data: st.DataObject
) -> None:
    positions = [data.draw(st.integers(0, len(paragraphs))) for _ in units]
    record = cleaner.clean(_splice(paragraphs, units, positions), fmt="text")
    assert record.body == "\n\n".join(paragraphs)
    removed = [(r.text, r.kind) for r in record.removed]
    for unit in units:
        for line, kind in unit:
            assert (line, kind) in removed


@SETTINGS
@given(
    st.lists(headline(), max_size=4),
    article(),
    st.lists(boilerplate_block(), max_size=3),
    st.data(),
)
def test_idempotent(
    nav: list[str], paragraphs: list[str], units: list[list[tuple[str, str]]], data: st.DataObject
) -> None:
    positions = [data.draw(st.integers(0, len(paragraphs))) for _ in units]
    raw = "\n".join(nav) + "\n\n" + _splice(paragraphs, units, positions)
    first = cleaner.clean(raw, fmt="text")
    second = cleaner.clean(first.body, fmt="text")
    assert second.body == first.body


@SETTINGS
@given(st.text(max_size=2000))
def test_same_input_same_bytes(text: str) -> None:
    assert cleaner.clean(text).to_json() == cleaner.clean(text).to_json()


PLACES = (
    "Moscow",
    "San Juan",
    "Buffalo",
    "Paris",
    "London",
    "Beijing",
    "Washington",
    "St. Louis",
    "Santa Fe",
    "Berlin",
    "New York",
    "Winston-Salem",
    "Los Angeles",
    "Tokyo",
    "Rio de Janeiro",
)
REGIONS = (None, "New York", "California", "Puerto Rico", "Illinois", "Ohio", "Vietnam", "South Dakota")
AGENCIES = ("AP", "Reuters", "AFP", "TASS", "Xinhua", "UPI", "dpa", "Bloomberg", "EFE")


@st.composite
def dateline_parts(draw: st.DrawFn) -> tuple[str, Dateline]:
    style_id, _pattern, fmt = draw(st.sampled_from(RULES.dateline_styles))
    needs = {
        field for field in ("region", "agency", "day") if "{" + field + "}" in fmt.replace("[", "").replace("]", "")
    }
    optional_region = "[, {region}]" in fmt
    region = draw(st.sampled_from(REGIONS)) if optional_region or "region" in needs else None
    if "region" in needs and region is None:
        region = "Ohio"
    agency = draw(st.sampled_from(AGENCIES)) if "{agency}" in fmt else None
    month_day = None
    if "{day}" in fmt:
        month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
        month_day = f"--{month:02d}-{day:02d}"
    place = draw(st.sampled_from(PLACES)) if ("{place}" in fmt or "{PLACE}" in fmt) else None
    if style_id == "bare-title":  # one or two plain capitalised words, by definition of the style
        place = draw(st.sampled_from(("Indianapolis", "Dekalb", "Boston", "Santa Fe")))
    return style_id, Dateline(text="", place=place, region=region, agency=agency, date=month_day)


@SETTINGS
@given(dateline_parts(), paragraph())
def test_dateline_round_trips(parts: tuple[str, Dateline], para: str) -> None:
    from cleaner.fields.dateline import format_dateline, parse_dateline

    style_id, want = parts
    text = format_dateline(want, style_id, RULES)
    assume(style_id != "bare-title" or want.place)
    parsed = parse_dateline(f"{text} {para}", RULES)
    assert parsed is not None, text
    got, rest = parsed
    assert rest == para
    assert got.text == text
    assert (got.place, got.region, got.agency, got.date) == (want.place, want.region, want.agency, want.date)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            ("Jane Doe", "John Smith", "Maria Garcia", "Anna Schmidt", "Wei Zhang", "Jean-Luc Picard", "Sean O'Brien")
        ),
        min_size=1,
        max_size=3,
        unique=True,
    ),
    st.sampled_from((None, "Reuters", "Associated Press", "AFP")),
    st.booleans(),
)
def test_byline_round_trips(authors: list[str], agency: str | None, upper: bool) -> None:
    from cleaner.fields.byline import format_byline, parse_byline

    line = format_byline([a.upper() if upper else a for a in authors], agency)
    assert parse_byline(line, RULES) == authors


@SETTINGS
@given(
    st.lists(
        st.sampled_from(("Jane Doe", "John Smith", "Maria Garcia", "Sean O'Brien")), min_size=1, max_size=3, unique=True
    ),
    st.sampled_from(
        (
            " | Published May 19, 2024",
            " on Dec 16, 2025 at 11:00 AM",
            " – Updated Sep 9, 2025",
            ", 12/19/2025",
            " 5 min read",
            "",
        )
    ),
)
def test_dated_byline_round_trips(authors: list[str], tail: str) -> None:
    """A byline with the page's date or reading time after the names gives back the names."""
    from cleaner.fields.byline import dated_byline_authors, format_byline

    assert dated_byline_authors(format_byline(authors) + tail, RULES) == authors


MONTHS = ENGLISH_MONTHS


@SETTINGS
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(
        [
            "{Month} {d}, {y}",
            "{d} {Month} {y}",
            "{y}-{m:02d}-{d:02d}",
            "{d:02d}.{m:02d}.{y}",
            "Published {Month} {d}, {y} 3:05 PM",
            "Updated {y}-{m:02d}-{d:02d}",
        ]
    ),
)
def test_date_round_trips(day: date, fmt: str) -> None:
    from cleaner.fields.date import find_date

    text = fmt.format(Month=MONTHS[day.month - 1], d=day.day, m=day.month, y=day.year)
    assert find_date(text, RULES, not_after=date(2100, 1, 1)) == day.isoformat()


@SETTINGS
@given(
    article(max_paragraphs=3),
    st.sampled_from(["Attribution", "Source", "Sources"]),
    st.lists(
        st.sampled_from(("TASS", "Kremlin briefings", "Reuters", "official statements")),
        min_size=1,
        max_size=3,
        unique=True,
    ),
)
def test_attribution_round_trips(paragraphs: list[str], label: str, credits: list[str]) -> None:
    credit = ", ".join(credits)
    record = cleaner.clean("\n\n".join([*paragraphs[:-1], f"{paragraphs[-1]} {label}: {credit}."]), fmt="text")
    assert record.attribution == credit
    assert record.body == "\n\n".join(paragraphs)


@SETTINGS
@given(st.text(max_size=1500), st.sampled_from(["text", "html", "auto"]))
def test_record_round_trips_through_dict(text: str, fmt: str) -> None:
    record = cleaner.clean(text, fmt=fmt, url="https://example.com/a", source="x")
    assert cleaner.Record.from_dict(record.to_dict()) == record


@SETTINGS
@given(
    dateline_parts(),
    paragraph(),
    st.text(alphabet=st.sampled_from("()/.,-—– :AP"), max_size=12),
    st.booleans(),
)
def test_dateline_marks_skip_only_patterns_that_cannot_match(
    parts: tuple[str, Dateline], para: str, noise: str, mangle: bool
) -> None:
    """A pattern skipped for lacking a required mark (see dateline.required_marks) never matches: the parse
    is the one every pattern tried in full gives, on datelines, and on datelines with marks broken."""
    from cleaner.fields import dateline

    style_id, want = parts
    text = f"{dateline.format_dateline(want, style_id, RULES)} {para}"
    if mangle:  # brackets and slashes dropped or moved: many styles can no longer match
        text = noise + text.replace("(", "").replace("/", " ")
    gated = dateline._distinct_patterns(RULES)
    ungated = tuple((pattern, "", "") for pattern, _mark, _other in gated)
    try:
        dateline._PATTERNS[RULES.fingerprint] = ungated
        full = dateline._parse(text, RULES)
    finally:
        dateline._PATTERNS[RULES.fingerprint] = gated
    assert dateline._parse(text, RULES) == full
    assert all(mark for _pattern, mark, _other in gated[:5])  # the agency styles are gated at all
