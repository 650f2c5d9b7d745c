"""The literal prefilter must never rule out a text its pattern matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.ruleset.load import load_rules
from cleaner.ruleset.regex_literals import required_literals, required_prefixes

ROOT = Path(__file__).resolve().parents[1]


def all_rule_patterns() -> list[re.Pattern]:
    rules = load_rules()
    tables = (rules.captions, rules.bylines, rules.date_patterns, rules.attributions, rules.headers)
    return [p for table in tables for _id, p in table] + [p for _id, p, _fmt in rules.dateline_styles]


def sound(pattern: re.Pattern, text: str) -> bool:
    literals = required_literals(pattern)
    return literals is None or not pattern.search(text) or any(lit in text for lit in literals)


def test_fixed_strings_are_found_through_groups_alternatives_and_options() -> None:
    assert required_literals(re.compile(r"\bGetty Images\b")) == ("Getty Images",)
    assert required_literals(re.compile(r"(?:^|\s)(?:AP|AFP)/[A-Z]")) == ("AFP/", "AP/")
    assert required_literals(re.compile(r"\b(?:iStock(?:photo)?|Alamy)\s*$")) == ("Alamy", "iStock", "iStockphoto")
    assert required_literals(re.compile(r"(?:x|\d+)+ items")) == (" items",)


def test_nothing_is_claimed_where_nothing_is_required() -> None:
    for pattern in (r"^\w+$", r"(?:AP)?\s", r"a|\d", r"(?:ab)*c?", r"[A-Z]{2,}"):
        assert required_literals(re.compile(pattern)) is None, pattern


def test_case_insensitive_parts_claim_nothing() -> None:
    assert required_literals(re.compile("Photo by", re.IGNORECASE)) is None
    assert required_literals(re.compile("(?i)photo by")) is None
    assert required_literals(re.compile(r"(?i:photo) by \w+")) == (" by ",)


@pytest.mark.slow
def test_every_builtin_rule_keeps_its_matches_on_real_text() -> None:
    lines = [
        line
        for path in sorted((ROOT / "corpus_raw").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    lines += ["(AP Photo/Evan Vucci)", "Photo: Getty Images", "REUTERS/Jane Doe", "© Reuters 2024", "FILE - A view"]
    for pattern in all_rule_patterns():
        for line in lines:
            assert sound(pattern, line), (pattern.pattern, line)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["AP", "AFP", "/", "Photo", " ", "Getty", " Images", "(", ")", "©", "a", "Z", "."])))
def test_prefilter_is_sound_on_generated_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for pattern in all_rule_patterns():
        assert sound(pattern, text), (pattern.pattern, text)


def test_prefixes_of_anchored_patterns() -> None:
    assert required_prefixes(re.compile(r"^(?:By|Von)(?:\s*:\s*|\s+)(?P<names>.+)$")) == ("By", "Von")
    assert required_prefixes(re.compile(r"\A(?:Written|Words) by:? \w+")) == (
        "Words by ", "Words by: ", "Written by ", "Written by: "
    )  # fmt: skip
    assert required_prefixes(re.compile(r"(?:By|Von) \w+")) is None  # not anchored: it may start anywhere
    assert required_prefixes(re.compile(r"^(?:By)? \w+")) == (" ", "By ")
    assert required_prefixes(re.compile(r"^(?:By)?\w+")) is None  # it may open with anything
    assert required_prefixes(re.compile(r"^by \w+", re.IGNORECASE)) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["By", "by", "Von", " ", ":", "Jo", "Roe", "Author", "Written", "\n", "."])))
def test_prefixes_are_sound_on_generated_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for _id, pattern in load_rules().bylines:
        prefixes = required_prefixes(pattern)
        assert prefixes is not None  # the built-in byline rules all open with a marker
        assert not pattern.match(text) or text.startswith(prefixes), (pattern.pattern, text)
