"""Shapes that renderers other than html-text give a dump: one text node a line (bs4), layout in white space
(inscriptis), repeated menus. The record must not depend on which one made the dump."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.label.context_free import archive_list
from cleaner.read.text import read_text

STORY = [
    "The council closed the river bridge to lorries on Tuesday after engineers found deep cracks in two of"
    " its supports during a routine inspection, officials said.",
    "Cars and bicycles may still cross while repairs are planned, but heavy traffic must use the ring road"
    " from next week, the council said in a statement.",
    "Engineers expect the work to take about six months and to cost less than the council had feared when"
    " the cracks were first reported by residents.",
]


@pytest.mark.parametrize("pure_python", [True, False])
def test_a_sentence_ended_before_a_capital_is_not_joined(pure_python: bool) -> None:
    # bs4 prints the lede's text node with its trailing space, then the caption's
    text = f"{STORY[0]} \nFILE PHOTO: The river bridge in June. REUTERS/Jane Roe"
    assert [b.text for b in read_text(text, pure_python=pure_python)] == [
        STORY[0],
        "FILE PHOTO: The river bridge in June. REUTERS/Jane Roe",
    ]


@pytest.mark.parametrize("pure_python", [True, False])
def test_an_opened_bracket_goes_on_in_the_next_line(pure_python: bool) -> None:
    text = "(\nReuters\n) — The council closed the bridge."
    assert [b.text for b in read_text(text, pure_python=pure_python)] == ["(Reuters) — The council closed the bridge."]


@pytest.mark.parametrize("pure_python", [True, False])
def test_inline_pieces_still_join(pure_python: bool) -> None:
    text = "Scientists published it in the journal \nNature\n, on Monday."
    assert [b.text for b in read_text(text, pure_python=pure_python)] == [
        "Scientists published it in the journal Nature, on Monday."
    ]


def test_dateline_split_over_text_nodes() -> None:
    text = "\n".join(["Home", "World", "(", "Reuters", ") — " + STORY[0], *STORY[1:]])
    rec = cleaner.clean(text, fmt="text")
    assert rec.dateline is not None and rec.dateline.agency == "Reuters"


def test_archive_menu_is_not_body() -> None:
    months = " ".join(f"{y}年{m}月" for y in (2019, 2018) for m in (12, 9, 6, 3, 1))
    text = "\n".join(["Home", *STORY, "タグ: ソフトウェア", f"月別 月を選択 {months}", "About"])
    assert "2019年12月" not in cleaner.clean(text, fmt="text").body
    assert archive_list("Archives: November 2019 October 2019 September 2019 August 2019 July 2019")
    assert not archive_list(STORY[0])
