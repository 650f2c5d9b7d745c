"""Bylines of dumps in the shapes pages print them without a marker on the name's own line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.label.bylines import bare_name, marker_only, name_after_date, name_before_date, names_after_marker
from cleaner.ruleset.load import load_rules

from ._story import NAV, STORY, TITLE

RULES = load_rules()
URL = "https://www.example.com/news/2024/05/02/river-bridge-closed-to-lorries"


def record(header: list[str]) -> cleaner.Record:
    return cleaner.clean("\n".join([*NAV, TITLE, *header, *STORY, "More stories", "About us"]), url=URL, fmt="text")


@pytest.mark.parametrize(
    ("header", "authors"),
    [
        (["Mara Ellison", "May 2, 2024"], ("Mara Ellison",)),  # a bare name over the date line
        (["May 2, 2024", "Mara Ellison"], ("Mara Ellison",)),  # ... or under it
        (["By", "Mara Ellison, Ph.D.", "May 2, 2024"], ("Mara Ellison",)),  # the marker on its own line
        (["Written By", "Mara Ellison"], ("Mara Ellison",)),
        (["May 2, 2024 by Mara Ellison"], ("Mara Ellison",)),  # a marker inside the date line
        (["Mara Ellison - May 2, 2024 8:02 pm UTC"], ("Mara Ellison",)),  # the name opens the date line
        (["Mara Ellison · Daily Planet · Posted: May 2, 2024"], ("Mara Ellison",)),
        (["Published May 2, 2024, 14:26, Mara Ellison"], ("Mara Ellison",)),  # the name closes it
        (["Written by Kristin", "May 2, 2024"], ("Kristin",)),  # one name after a marker
        (["May 2, 2024"], ()),  # no name: no author
    ],
)
def test_byline_shapes(header: list[str], authors: tuple[str, ...]) -> None:
    rec = record(header)
    assert rec.authors == authors
    assert rec.title == TITLE
    assert rec.body.startswith("The river bridge was closed")


def test_byline_under_the_lede() -> None:
    text = "\n".join([*NAV, TITLE, "May 2, 2024", STORY[0], "Von Anna Schmidt", *STORY[1:]])
    rec = cleaner.clean(text, url=URL, fmt="text")
    assert rec.authors == ("Anna Schmidt",)
    assert "Anna Schmidt" not in rec.body


def test_menu_lines_are_no_names() -> None:
    assert bare_name("Sign in", RULES) is None
    assert bare_name("Top 10 Trends of 2025", RULES) is None
    assert bare_name("首页", RULES) is None  # a word in a script without case: a menu as often as a name
    assert bare_name("Dylan Bailey, MS, RD, FAND", RULES) == "Dylan Bailey"


def test_marker_lines() -> None:
    assert marker_only("By", RULES) and marker_only("Written By:", RULES) and marker_only("Von", RULES)
    assert not marker_only("By Mara Ellison", RULES) and not marker_only("Bylines", RULES)


def test_names_in_date_lines() -> None:
    assert names_after_marker("On January 12, 2025 By Gabby Roe In Budget Travel", RULES) == ["Gabby Roe"]
    assert names_after_marker("Written by Kristin", RULES) == ["Kristin"]
    assert name_before_date("Susan Ray December 9, 2024 0 Comments", RULES) == ["Susan Ray"]
    assert name_after_date("Artikel veröffentlicht am 28. April 2024, 14:26 Uhr, Tobias Roe", RULES) == ["Tobias Roe"]
    assert name_before_date("Updated December 9, 2024", RULES) == []


LABEL_WORDS = ["Updated", "on", "Published", "Actualizado", "Jo", "Roe", "le", "Publié", "Updated:", ":", "am", "Mis",
               "à", "jour", "Veröffentlicht", "originally", "published", "ON", "в", "Roe:"]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(words=st.lists(st.sampled_from(LABEL_WORDS) | st.from_regex(r"\A\S{1,4}\Z"), min_size=1, max_size=8))
def test_one_search_finds_a_date_label_where_some_first_words_make_one(words: list[str]) -> None:
    """rules.date_label_opening on the whole line answers what date_labels answer on each run of first words."""
    rules = load_rules()
    prefixes = [" ".join(words[:k]) for k in range(1, len(words) + 1)]
    each = any(label.search(prefix) for prefix in prefixes for _kind, label in rules.date_labels)
    assert bool(rules.date_label_opening.search(" ".join(words))) == each
