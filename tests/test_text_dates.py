"""The date of a plain-text dump: the date line near the headline, read the way the page means it."""

from __future__ import annotations

import cleaner

PARAGRAPHS = "\n\n".join(
    f"Paragraph {i} of the story says what happened on the coast, and the council met to talk about it at length."
    for i in range(6)
)


def dump(header: str, tail: str = "") -> str:
    top = "Storm hits the coast | Daily Planet\n\nHome\nNews\nSport\n\nStorm hits the coast"
    return f"{top}\n\n{header}\n\n{PARAGRAPHS}\n{tail}"


def date_of(text: str, url: str | None = None) -> str | None:
    return cleaner.clean(text, url=url, fmt="text").date


def test_the_date_line_under_the_headline() -> None:
    assert date_of(dump("By Jane Doe | March 1, 2024")) == "2024-03-01"


def test_an_update_line_gives_way_to_the_publication_line_beside_it() -> None:
    assert date_of(dump("Published: March 1, 2024\n\nUpdated: May 2, 2024")) == "2024-03-01"
    assert date_of(dump("Updated: May 2, 2024\n\nPublished: March 1, 2024")) == "2024-03-01"


def test_two_dates_in_a_date_line_the_earlier_is_the_publication() -> None:
    assert date_of(dump("May 21, 2025 April 24, 2025 by Jane Doe")) == "2025-04-24"


def test_the_day_in_the_url_path_comes_first() -> None:
    url = "https://example.com/news/2024/02/27/storm-hits-the-coast/"
    assert date_of(dump("By Jane Doe | March 1, 2024"), url) == "2024-02-27"


def test_numeric_dates_are_read_in_the_order_the_page_uses() -> None:
    assert date_of(dump("By Jane Doe | 03/01/2024")) == "2024-03-01"
    tail = "\n\nComments\n\nKim 25/01/2024 said this was a good read and asked for more."
    assert date_of(dump("By Jane Doe | 03/01/2024", tail)) == "2024-01-03"
