"""More byline and date shapes of plain-text dumps: names over their roles, author boxes under the story,
labelled bylines, one-word names, short and joined date forms, date labels on a line of their own."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner.fields.byline import parse_byline
from cleaner.fields.date import find_date, full_year
from cleaner.label.bylines import bare_name, bare_names, names_after_marker, page_vocabulary, role_line
from cleaner.ruleset.load import load_rules

from ._story import NAV, STORY, TITLE
from .test_properties import SETTINGS

RULES = load_rules()
URL = "https://www.example.com/news/river-bridge-closed-to-lorries"
FOOTER = ["More stories", "About us", "Contact us", "Privacy policy"]


def record(header: list[str], tail: list[str] = ()) -> cleaner.Record:
    lines = [*NAV, TITLE, *header, *STORY, *tail, *FOOTER]
    return cleaner.clean("\n".join(lines), url=URL, fmt="text")


@pytest.mark.parametrize(
    ("header", "authors"),
    [
        (["Mara Ellison", "Senior Content Editor", "May 2, 2024"], ("Mara Ellison",)),  # a role between
        (["Mara Ellison, Shipping Expert", "•", "May 2, 2024"], ("Mara Ellison",)),  # a role after a comma, a mark
        (["Mara Ellison", "reviewed by Jo Roe", "Updated on May 2, 2024"], ("Mara Ellison",)),  # a reviewer's line
        (["Mara Ellison", "Founder & CEO", "Heavy Traffic"], ("Mara Ellison",)),  # a name over its role, no date
        (["Published May 2, 2024 um 14:46 von", "Mara Ellison"], ("Mara Ellison",)),  # the marker ends a line
        (["Author: Mara Ellison", "May 2, 2024"], ("Mara Ellison",)),  # a labelled byline
        (["Autor: Anna Schmidt und Jo Roe", "2. Mai 2024"], ("Anna Schmidt", "Jo Roe")),
        (["Af Jens Hansen", "May 2, 2024"], ("Jens Hansen",)),  # Danish
        (["Posted by RiverWatch on May 2, 2024"], ("RiverWatch",)),  # one word after a marker, then the date
        (["Posted by riverwatch | May 2, 2024"], ("riverwatch",)),  # a handle in lower case, a mark, the date
        (["Mara Ellison and Jo Roe | Guest Columnists", "May 2, 2024"], ("Mara Ellison", "Jo Roe")),
        (["Mara Ellison The Daily Planet", "May 2, 2024"], ("Mara Ellison",)),  # the outlet after the name
        (["Mara Ellison in Local News", "Heavy Traffic"], ("Mara Ellison",)),  # a preposition ends the name
        (["Mara Ellison", "9. May 2024 um 15:46 Uhr / Jo Roe"], ("Mara Ellison",)),
        (["Mara Ellison Mara Ellison", "May 2, 2024"], ("Mara Ellison",)),  # an avatar's text, then the name
        (["In Local News, News", "May 2, 2024", "Mara Ellison"], ("Mara Ellison",)),  # a preposition opens no name
        (["27. Mai 2024 • Mara Ellison • 3 Minuten"], ("Mara Ellison",)),  # the name inside the date line
        (["Mara Ellison", "Córdoba", "25/04/2024 Actualizado a las 15:10h."], ("Mara Ellison",)),  # a place between
        (["Order Now", "Mara Ellison", "May 2, 2024"], ("Mara Ellison",)),  # a button above is no second name
        (["Von", "Mara Ellison", "Jo Roe", "2. Mai 2024"], ("Mara Ellison", "Jo Roe")),  # names on lines of their own
        (["Mara Ellison", "Jo Roe", "Publisert torsdag 02. mai 2024 - 13:26"], ("Mara Ellison", "Jo Roe")),
    ],
)
def test_header_byline_shapes(header: list[str], authors: tuple[str, ...]) -> None:
    rec = record(header)
    assert rec.authors == authors
    assert rec.title == TITLE
    assert rec.body.startswith("The river bridge was closed")


def test_a_name_after_the_date_line_behind_a_slash() -> None:
    assert record(["9. Mai 2024 um 15:46 Uhr / Mara Ellison"]).authors == ("Mara Ellison",)


def test_headings_and_menus_are_no_names() -> None:
    # words the page writes in lower case, capitalised for a heading: no person
    assert record(["Heavy Traffic", "May 2, 2024"]).authors == ()
    assert record(["Actualizado Lunes, 2 mayo 2024 - 02:24"]).authors == ()  # a date's label
    vocabulary = page_vocabulary([cleaner.blocks.Block.make(" ".join(STORY), 0)])
    assert bare_name("Ring Road", RULES, common=vocabulary) is None
    assert bare_name("Mara Ellison", RULES, common=vocabulary) == "Mara Ellison"


def test_a_sentence_with_by_in_it_is_no_byline() -> None:
    text = "Significant security deals were announced by Jamf, LevelBlue, Ping Identity, and Veeam Software."
    assert names_after_marker(text, RULES) == []
    assert names_after_marker("This post was written by Mara Ellison, MD, a gastroenterologist.", RULES) == [
        "Mara Ellison"
    ]


def test_teasers_bylines_above_the_headline_name_other_stories() -> None:
    teasers = ["Flood warning for the valley", "By Jo Roe", "Council votes on budget", "By Ann Poe", "Advertisement"]
    lines = [*NAV, *teasers, TITLE, "Mara Ellison", "May 2, 2024", *STORY, *FOOTER]
    rec = cleaner.clean("\n".join(lines), url=URL, fmt="text")
    assert rec.authors == ("Mara Ellison",)


@pytest.mark.parametrize(
    "tail",
    [
        ["About the author", "Mara Ellison", "Senior Editor"],  # a heading, then the name
        ["Written by Mara Ellison"],  # a marker line
        ["Ein Kommentar von", "Mara Ellison"],  # the marker ends the line above the name
        ["Mara Ellison", "Mara is a science writer who has covered bridges and roads for twenty years."],
    ],
)
def test_the_author_box_under_the_story(tail: list[str]) -> None:
    rec = record(["May 2, 2024"], tail)
    assert rec.authors == ("Mara Ellison",)
    assert "Mara Ellison" not in rec.body


def test_the_header_byline_comes_before_the_author_box() -> None:
    rec = record(["By Jo Roe", "May 2, 2024"], ["About the author", "Mara Ellison"])
    assert rec.authors == ("Jo Roe",)


def test_role_lines() -> None:
    assert role_line("Corresponsal en Atenas", RULES) and role_line("VP - Technology", RULES)
    assert not role_line("Sign in", RULES) and not role_line("867 Published Articles", RULES)


def test_names_of_a_name_line() -> None:
    assert bare_names("Trine Juncher Jørgensen og Tôrtia Reimer-Johansen", RULES) == [
        "Trine Juncher Jørgensen",
        "Tôrtia Reimer-Johansen",
    ]
    assert bare_names("Research and Development", RULES) == []


def test_a_name_written_twice_is_one_name() -> None:
    assert parse_byline("Written by: Colin Roe Colin Roe", RULES) == ["Colin Roe"]


def test_a_full_stop_or_a_date_ends_a_name() -> None:
    assert names_after_marker("Posted by Jeff Roe. Last Updated on December 11, 2025", RULES) == ["Jeff Roe"]
    assert parse_byline("By J. R. Roe", RULES) == ["J. R. Roe"]  # initials keep their full stops
    assert parse_byline("von Dr. Max Roe", RULES) == ["Dr. Max Roe"]  # and titles
    assert parse_byline("by Cristina Roe Apr. 28, 2023 1:15 pm", RULES) is None  # the date line's names: below
    assert names_after_marker("By Sarah July 30, 2019 January 18, 2023", RULES) == ["Sarah"]


def test_other_credits_are_no_authors() -> None:
    assert names_after_marker("Reviewed by: Jo Roe, CFP", RULES) == []
    assert names_after_marker("Hero image by Ann Poe", RULES) == []
    assert bare_name("Key Takeaways", RULES) is None


def test_an_outlet_in_capitals_after_the_names_is_no_author() -> None:
    assert parse_byline("von David Roe, MDR THÜRINGEN", RULES) == ["David Roe"]
    assert parse_byline("By JIM HEINTZ and DASHA LITVINOVA", RULES) == ["Jim Heintz", "Dasha Litvinova"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("By Jo Roe | Updated on 19-Dec-2025", "2025-12-19"),
        ("21.dez.2018", "2018-12-21"),
        ("By: FlowGuard on 04-ago-2021 5:11:10", "2021-08-04"),
        ("Published on 25.Jun.2019 in Vol 7", "2019-06-25"),
        ("06.18.2025", "2025-06-18"),  # month first with dots where the day cannot be a month
        ("14.11.24", "2024-11-14"),
        ("9/11/13 10:00AM", "2013-09-11"),
        ("3.5.21", None),  # a version or a score
        ("11.03.85", None),  # 1985: before the web's news
        ("192.168.1.10", None),
    ],
)
def test_short_and_joined_date_forms(text: str, day: str | None) -> None:
    assert find_date(text, RULES) == day


DE_MONTHS = ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@SETTINGS
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2069, 12, 31)),
    st.sampled_from(["{d:02d}-{en}-{y}", "{d}.{de}.{y}", "{d:02d}.{m:02d}.{yy:02d}", "Posted {d:02d}/{en}/{y}"]),
)
def test_short_date_forms_round_trip(day: date, fmt: str) -> None:
    text = fmt.format(
        d=day.day, m=day.month, y=day.year, yy=day.year % 100, en=EN_MONTHS[day.month - 1], de=DE_MONTHS[day.month - 1]
    )
    assert find_date(text, RULES, day_first=True) == day.isoformat()


@SETTINGS
@given(st.dates(min_value=date(1990, 1, 13), max_value=date(2099, 12, 31)).filter(lambda d: d.day > 12))
def test_dotted_month_first_round_trips(day: date) -> None:
    assert find_date(f"{day.month:02d}.{day.day:02d}.{day.year}", RULES) == day.isoformat()


@SETTINGS
@given(st.integers(min_value=0, max_value=99))
def test_two_digit_years_round_trip(yy: int) -> None:
    year = int(full_year(f"{yy:02d}"))
    assert year % 100 == yy and 1970 <= year <= 2069
    assert full_year(str(year)) == str(year)


def dated(header: list[str]) -> str | None:
    return record(header).date


def test_a_date_label_on_its_own_line() -> None:
    # the page prints its header twice: once with the publication, once with the last change
    header = ["Mara Ellison", "February 8, 2022", "10 min read", "Home", "Blog", "Last update:", "July 16, 2025"]
    assert dated(header) == "2022-02-08"
    assert dated(["Published:", "July 16, 2025"]) == "2025-07-16"


def test_a_date_line_at_the_end_of_the_dump_is_read_without_looking_past_it() -> None:
    """The line under the date line is looked at only when there is one (an index past the end raised)."""
    from cleaner.blocks import Block
    from cleaner.label.bylines import header_byline

    blocks = [Block.make(t, i) for i, t in enumerate(["Minister plans a visit to China", "Published May 19, 2024"])]
    found = header_byline(blocks, [True, True], title_at=0, date_at=1, start=2, rules=load_rules())
    assert found is None
    text = "Read more\nBERLIN (Reuters) -\nBy Jane Doe and John Roe,\nle ministre a dit que\nPublished May 19, 2024"
    assert cleaner.clean(text, fmt="text").id  # a record (here an empty one), not an IndexError
