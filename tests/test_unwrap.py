"""Hard-wrapped dumps: paragraphs filled to a width are joined back, and nothing else is touched."""

from __future__ import annotations

import textwrap
from itertools import pairwise

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.read.unwrap import MIN_PAIRS, unwrap, wrap_width

from .strategies import article, headline, sentence

MENU = ["Home", "News", "World", "Business", "Sport", "Weather", "Contact us"]


def filled(blocks: list[str], width: int, *, gap: bool = True) -> str:
    """Each block filled to `width`, blocks apart by a blank line (or not), as text browsers save a page."""
    sep = "\n\n" if gap else "\n"
    return sep.join(textwrap.fill(b, width=width, break_long_words=False, break_on_hyphens=False) for b in blocks)


def breaks_inside_sentences(text: str) -> int:
    lines = text.split("\n")
    return sum(bool(a and b) and not (a.endswith(".") and b[:1].isupper()) for a, b in pairwise(lines))


@settings(max_examples=60, deadline=None)
@given(article(min_paragraphs=2, max_paragraphs=6), st.integers(min_value=60, max_value=100))
def test_filled_article_comes_back_whole(paragraphs: list[str], width: int) -> None:
    blocks = ["Council Closes River Bridge", *MENU[:3], *paragraphs]
    text = filled(blocks, width)
    assume(breaks_inside_sentences(text) >= MIN_PAIRS)  # fewer: nothing shows that the dump was filled
    assert unwrap(text).split("\n\n") == blocks


@settings(max_examples=60, deadline=None)
@given(article(min_paragraphs=1, max_paragraphs=6), headline())
def test_unfilled_dump_is_left_alone(paragraphs: list[str], title: str) -> None:
    text = "\n".join([title, *MENU, title, *paragraphs, "Related stories", *MENU])
    assert unwrap(text) == text


def test_short_last_line_ends_the_paragraph() -> None:
    para = (
        "The council voted on Tuesday to close the old river bridge to heavy traffic after engineers found deep "
        "cracks in two of its supports during a routine inspection last month, officials said."
    )
    text = "\n".join([filled([para] * 3, 72, gap=False), "Share this story", "Next story"])
    lines = unwrap(text).split("\n")
    assert lines == [para, para, para, "Share this story", "Next story"]


def test_menu_lines_are_never_joined() -> None:
    para = "The mayor said the plan would be ready by the spring and that every district would be heard first. " * 4
    text = filled([para, para], 70) + "\n\n" + "\n".join(MENU)
    assert unwrap(text).split("\n")[-len(MENU) :] == MENU


def test_hyphenated_word_is_rejoined_when_the_dump_knows_it() -> None:
    body = "The engineers published the inspection report."
    lines = [
        "Officials said the bridge would stay open while the engineers wrote their inspec-",
        "tion report, which the council published on its website on Monday morning, and",
        "which said the supports of the bridge were not in danger of a sudden collapse.",
    ]
    text = "\n".join(lines * 2) + "\n\n" + body
    first = unwrap(text, min_pairs=2).split("\n")[0]
    assert "inspection report" in first and "inspec-" not in first


def test_hyphen_of_a_compound_stays() -> None:
    lines = [
        "Officials said the bridge would stay open while engineers from the well-",
        "known firm wrote their report, which the council published on its website on",
        "Monday morning, and which said the supports were not in danger of a collapse.",
    ]
    first = unwrap("\n".join(lines * 2), min_pairs=2).split("\n")[0]
    assert "the well-known firm" in first


def test_fold_cuts_inside_words() -> None:
    para = (
        "The council voted on Tuesday to close the old river bridge to heavy traffic after engineers found deep "
        "cracks in two of its supports during a routine inspection last month, officials said on Wednesday."
    )
    width = 50

    def fold(text: str) -> str:
        return "\n".join(text[i : i + width] for i in range(0, len(text), width))

    again = "Update: " + para  # cut at other places: the pieces of one make whole words of the other
    text = "\n\n".join([fold(para), "Home", fold(again)])
    assert unwrap(text).split("\n\n") == [para, "Home", again]


def test_width_is_found() -> None:
    para = "The mayor said the plan would be ready by the spring and that every district would be heard first. " * 5
    assert wrap_width(filled([para, para, para], 76).split("\n")) in range(70, 77)
    assert wrap_width([para, "Home", para]) is None


NAV_LINES = ["Skip to content", "Home", "News", "World", "Business", "Sport"]
RELATED_LINES = ["More stories", "Council approves new school budget", "About us", "Contact"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(sentence(), min_size=3, max_size=5).map(" ".join), min_size=3, max_size=6),
    headline(),
    st.integers(min_value=60, max_value=100),
)
def test_wrapping_an_article_does_not_change_its_record(paragraphs: list[str], title: str, width: int) -> None:
    """A dump filled at any width from 60 to 100 columns, blocks apart by blank lines (as text browsers save
    a page), gives the record of the same dump unwrapped: title, body and every field."""
    blocks = [*NAV_LINES, title, "By Jane Roe", "May 2, 2024", *paragraphs, *RELATED_LINES]
    text = "\n\n".join(blocks)
    assume(breaks_inside_sentences(filled(blocks, width)) >= MIN_PAIRS)
    url = "https://www.example.com/news/2024/05/02/story"
    plain = cleaner.clean(text, url=url, fmt="text").to_dict()
    wrapped = cleaner.clean(filled(blocks, width), url=url, fmt="text").to_dict()
    for key in ("title", "section", "byline", "authors", "dateline", "date", "language", "attribution", "body"):
        assert wrapped[key] == plain[key], key
    assert plain["body"] and plain["title"] == title
