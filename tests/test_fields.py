"""Unit tests of the field parsers: each a small pure function."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cleaner.fields.attribution import clean_credit, split_attribution
from cleaner.fields.byline import dated_byline_authors, parse_byline
from cleaner.fields.date import day_first_order, find_date, labelled_dates, publication_date, url_date
from cleaner.fields.dateline import parse_dateline, title_place
from cleaner.fields.title import strip_site_name
from cleaner.normalise import clean_inline, normalise_text, strip_unbalanced_quote

WIRE_DATELINES = [
    # (paragraph, text, place, region, agency, date)
    ("MOSCOW (AP) — Russia’s president said.", "MOSCOW (AP) —", "Moscow", None, "AP", None),
    (
        "SAN JUAN, Puerto Rico (AP) — The storm hit.",
        "SAN JUAN, Puerto Rico (AP) —",
        "San Juan",
        "Puerto Rico",
        "AP",
        None,
    ),
    ("LONDON, Sept 20 (Reuters) - Shares fell.", "LONDON, Sept 20 (Reuters) -", "London", None, "Reuters", "--09-20"),
    ("Paris (AFP) - Le président a parlé.", "Paris (AFP) -", "Paris", None, "AFP", None),
    ("MOSCOW, September 20. /TASS/. Russia said.", "MOSCOW, September 20. /TASS/.", "Moscow", None, "TASS", "--09-20"),
    (
        "BEIJING, Sept. 20 (Xinhua) -- China said.",
        "BEIJING, Sept. 20 (Xinhua) --",
        "Beijing",
        None,
        "Xinhua",
        "--09-20",
    ),
    (
        "WASHINGTON, Sept. 20 (UPI) -- The Senate voted.",
        "WASHINGTON, Sept. 20 (UPI) --",
        "Washington",
        None,
        "UPI",
        "--09-20",
    ),
    ("Berlin (dpa) - Die Regierung hat beschlossen.", "Berlin (dpa) -", "Berlin", None, "dpa", None),
    ("WASHINGTON — The House voted.", "WASHINGTON —", "Washington", None, None, None),
    ("BUFFALO, N.Y. — Hours before the game.", "BUFFALO, N.Y. —", "Buffalo", "New York", None, None),
    (
        "ST. JOSEPH, Mich. (AP) — Health officials said.",
        "ST. JOSEPH, Mich. (AP) —",
        "St. Joseph",
        "Michigan",
        "AP",
        None,
    ),
    ("(Reuters) — The attorney general is investigating.", "(Reuters) —", None, None, "Reuters", None),
    ("HONOLULU, Hawaii (KHON2) - Scientists found.", "HONOLULU, Hawaii (KHON2) -", "Honolulu", "Hawaii", "KHON2", None),
]


@pytest.mark.parametrize(("para", "text", "place", "region", "agency", "day"), WIRE_DATELINES)
def test_dateline_wire_styles(rules, para, text, place, region, agency, day) -> None:
    dateline, rest = parse_dateline(para, rules)
    assert (dateline.text, dateline.place, dateline.region, dateline.agency, dateline.date) == (
        text,
        place,
        region,
        agency,
        day,
    )
    assert rest == para[len(text) :].strip()


@pytest.mark.parametrize(
    "para",
    [
        "BREAKING — The markets fell.",
        "COVID-19 - cases rose again.",
        "The company said - that was it.",
        "Russia’s president said Wednesday he would travel.",
        "NASA — a space agency — said so.",
        "P.S. — I don’t think the book could be turned into a movie.",  # a postscript, as comments write one
        "N.B. - The store opens later on Sundays.",
        "",
    ],
)
def test_not_a_dateline(rules, para) -> None:
    assert parse_dateline(para, rules) is None


def test_title_place() -> None:
    assert title_place("SAN JUAN") == "San Juan"
    assert title_place("WINSTON-SALEM") == "Winston-Salem"
    assert title_place("RIO DE JANEIRO") == "Rio de Janeiro"
    assert title_place("Dekalb") == "Dekalb"


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By JIM HEINTZ and DASHA LITVINOVA", ["Jim Heintz", "Dasha Litvinova"]),
        ("By Jane Doe, Reuters", ["Jane Doe"]),
        ("Associated Press", []),
        ("By Jane Doe, Staff Writer", ["Jane Doe"]),
        ("By Jane Doe and John Smith | Email the author", ["Jane Doe", "John Smith"]),
        ("Von Anna Schmidt und Peter Müller", ["Anna Schmidt", "Peter Müller"]),
        ("By The Associated Press", []),
        ("Written By: Jane Doe", ["Jane Doe"]),
        ("By: Jane Doe , Contributor", ["Jane Doe"]),
        ("Автор: Иван Петров", ["Иван Петров"]),
    ],
)
def test_bylines(rules, line, authors) -> None:
    assert parse_byline(line, rules) == authors


@pytest.mark.parametrize(
    "line", ["The market fell on Monday.", "By the end of the week prices had doubled again.", "Share", ""]
)
def test_not_a_byline(rules, line) -> None:
    assert parse_byline(line, rules) is None


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Mara Ellison Published: Jan 29, 2025", ["Mara Ellison"]),
        ("by Nina Varga in Arts & Events on Dec 17, 2025", ["Nina Varga"]),
        ("by: Li Wen, Dec 17, 2025", ["Li Wen"]),
        ("By Pat Oakes – Updated Sep 9, 2025 at 1:00 PM EST | Fact-checked by Lee Hart", ["Pat Oakes"]),
        ("by Tom Brannigan and Jo Roe on Dec 16, 2025 at 11:00 AM", ["Tom Brannigan", "Jo Roe"]),
        ("By Ada Quill 15 min read", ["Ada Quill"]),
        ("Von Anna Schmidt, 12. März 2024", ["Anna Schmidt"]),
        ("BY JANE DOE | MAY 19, 2024", ["Jane Doe"]),
        ("By the end of May 2024 prices had doubled", []),  # a sentence: no capitalised name after "By"
        ("Published: Jan 29, 2025", []),  # no byline marker
        ("Jan 29, 2025 by Jane Doe", []),  # the marker must open the line
        ("By Reuters, May 19, 2024", []),  # an agency is no author
    ],
)
def test_dated_bylines(rules, line, authors) -> None:
    assert dated_byline_authors(line, rules) == authors


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Published 3:45 PM EDT, September 20, 2023", "2023-09-20"),
        ("2023-09-20T10:00:00Z", "2023-09-20T10:00:00+00:00"),
        ("2023-09-20T10:00:00+0200", "2023-09-20T10:00:00+02:00"),
        ("Sept. 20, 2023", "2023-09-20"),
        ("20 сентября 2023", "2023-09-20"),
        ("20. September 2023", "2023-09-20"),
        ("le 20 septembre 2023", "2023-09-20"),
        ("20 de septiembre de 2023", "2023-09-20"),
        ("Updated: 20.09.2023", "2023-09-20"),
        ("2023-02-30 then 2023-03-01", "2023-03-01"),  # an impossible day is skipped
        ("© 2023 All rights reserved", None),
        ("1985-01-01", None),
        ("18th Dec 2025", "2025-12-18"),
        ("3 January, 2025", "2025-01-03"),
        ("Sat, 20 Dec, 2025 - 06:36", "2025-12-20"),
        ("📅Jul. 11. 2025", "2025-07-11"),
        ("12/19/2025", "2025-12-19"),
        ("Posted on the 19/12/2025 at 19:00", "2025-12-19"),  # no 19th month: the day comes first
        ("03/01/2017", "2017-03-01"),  # month first unless told otherwise
        ("Version 1/2/20250", None),
    ],
)
def test_dates(rules, text, iso) -> None:
    assert find_date(text, rules) == iso


def test_day_first_order_from_the_document_or_its_language(rules) -> None:
    assert find_date("03/01/2017", rules, day_first=True) == "2017-01-03"
    assert day_first_order("Posted 03/01/2017, edited 25/01/2017", rules, "en") is True
    assert day_first_order("Posted 03/01/2017, edited 01/25/2017", rules, "de") is False
    assert day_first_order("Posted 03/01/2017", rules, "en") is False
    assert day_first_order("Posted 03/01/2017", rules, "fr") is True
    assert day_first_order("Posted 03/01/2017", rules, None) is False
    # the same day written out elsewhere in the text decides
    assert day_first_order("03/10/2023 by Jo Roe. On 3 October 2023 we met.", rules, "en") is True
    assert day_first_order("03/10/2023 by Jo Roe. On March 10, 2023 we met.", rules, "fr") is False


def test_labelled_and_publication_dates(rules) -> None:
    text = "By Jo Roe · Last updated on: May 2, 2024 · Originally published April 30, 2024"
    assert labelled_dates(text, rules) == [("2024-05-02", "updated"), ("2024-04-30", "published")]
    assert publication_date(text, rules) == "2024-04-30"
    assert publication_date("Aktualisiert am 02.05.2024, veröffentlicht am 30.04.2024", rules) == "2024-04-30"
    # a published date far below the first one dates another story
    far = "May 2, 2024 " + "x" * 400 + " Published April 30, 2024"
    assert publication_date(far, rules) == "2024-05-02"
    assert publication_date("no date here", rules) is None


def test_url_date() -> None:
    assert url_date("https://example.com/2024/05/17/storm-hits/") == "2024-05-17"
    assert url_date("https://example.com/news/2024-05-17-storm") == "2024-05-17"
    assert url_date("https://example.com/2024/05/storm") is None  # a month is no day
    assert url_date("https://example.com/2024/13/40/x") is None
    assert url_date("https://example.com/2031/01/02/x", not_after=date(2030, 1, 1)) is None
    assert url_date(None) is None


def test_date_not_after_crawl(rules) -> None:
    assert find_date("2031-01-02", rules, not_after=date(2030, 1, 1)) is None
    assert find_date("2029-01-02", rules, not_after=date(2030, 1, 1)) == "2029-01-02"


def test_date_prefilters_skip_only_searches_that_find_nothing(rules) -> None:
    from cleaner.fields.date import YEAR_DIGITS, _needle

    texts = [
        example.strip()
        for rule in rules.raw["date_pattern"].values()
        for example in rule.get("example", "").split(", ")
    ]
    texts += [f"Posted {t}, edited" for t in texts] + ["x12/19/2025", "1/2/20250", "20.09.2023.5", "May 20 2023"]
    for _id, pattern in rules.date_patterns:
        needle = _needle(pattern)
        for text in texts:
            if pattern.search(text):
                assert needle is None or needle.search(text), (pattern.pattern, text)
    assert _needle(re.compile(r"(\w+)-\1")) is None  # its tail would refer back to a group cut off from it
    assert _needle(re.compile(r"(?<!\d)\d+/\d+")).pattern is None  # compiled from the parsed tail
    assert _needle(re.compile(r"(?<!\d)\d+/\d+")).search("a 12/19") is not None
    # a year int() reads as at least 1990 needs four digits in a row (an underscore may join two)
    assert YEAR_DIGITS.search("2_024") and YEAR_DIGITS.search("٢٠٢٤") and not YEAR_DIGITS.search("12 comments, 345")


def test_attribution(rules) -> None:
    para = "Moscow presents itself as a partner. Attribution: TASS, Kremlin briefings, and leaders.”"
    assert split_attribution(para, rules) == (
        "Moscow presents itself as a partner.",
        "TASS, Kremlin briefings, and leaders",
    )
    assert split_attribution("Prices rose. Source: Reuters", rules) == ("Prices rose.", "Reuters")
    assert split_attribution("The source of the leak was not named.", rules) is None
    assert clean_credit(" TASS.” ") == "TASS"


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("Putin visits China | World News Today", "Putin visits China"),
        ("Putin visits China — The Daily Paper", "Putin visits China"),
        ("Covid-19 - what we know", "Covid-19 - what we know"),
        ("Markets rally as inflation cools - Reuters", "Markets rally as inflation cools"),
        ("A plain headline", "A plain headline"),
    ],
)
def test_strip_site_name(title, clean) -> None:
    assert strip_site_name(title) == clean


def test_strip_known_site_name() -> None:
    assert strip_site_name("Daily Paper | Putin visits China", ("Daily Paper",)) == "Putin visits China"


def test_normalise() -> None:
    assert normalise_text("Russiaâ€™s president") == "Russia’s president"
    assert normalise_text("a\r\nb\rc") == "a\nb\nc"
    assert normalise_text("soft\u00adhyphen") == "softhyphen"
    assert clean_inline("  a\u00a0\u00a0 b\t c ") == "a b c"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("order.”", "order."),
        ("he said “yes.”", "he said “yes.”"),
        ('a "quote"', 'a "quote"'),
        ('dangling."', "dangling."),
        ("„Ja“", "„Ja“"),
        ("«oui»", "«oui»"),
        ("the players’", "the players’"),
    ],
)
def test_strip_unbalanced_quote(text, want) -> None:
    assert strip_unbalanced_quote(text) == want


def test_parse_byline_prefilter_lets_a_rule_without_known_prefixes_through(rules) -> None:
    # the prefilter (the strings that open a byline rule's match) never hides a match of a rule it cannot read
    from dataclasses import replace

    assert parse_byline("Words by Jo Roe", rules) == ["Jo Roe"]
    assert parse_byline("Storm hits the coast", rules) is None
    unanchored = ("x", re.compile(r"(?:~|=)+(?P<names>.+)$"))
    loose = replace(rules, fingerprint="loose-byline", bylines=(*rules.bylines, unanchored))
    assert parse_byline("~~ Jo Roe", loose) == ["Jo Roe"]
    assert parse_byline("~~ Jo Roe", rules) is None
