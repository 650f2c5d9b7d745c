"""Gaps in trafilatura's main content put back from the tree (cleaner/read/html_gaps.py), on small pages."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaner.blocks import Block
from cleaner.label.html import label_html_blocks
from cleaner.read.html_gaps import fill_gaps
from cleaner.ruleset.load import load_rules

KEPT = [
    "The council voted on Tuesday to expand the bus network to three new districts.",
    "Officials said the plan would cost about 40 million euros over five years.",
    "The first new routes are expected to open in March, the transport office said.",
]
GAP = "Opposition members argued that the money should go to repairing existing roads instead."


def kept_blocks(texts: list[str] = KEPT) -> list[Block]:
    return [Block.make(t, i, tag="p") for i, t in enumerate(texts)]


def tree_with(middle: str, before: str = "", after: str = "") -> object:
    first, second, third = (f"<p>{t}</p>" for t in KEPT)
    return lxml_html.fromstring(f"<html><body>{before}<div>{first}{second}{middle}{third}</div>{after}</body></html>")


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def test_a_skipped_section_between_kept_paragraphs_is_put_back_in_place() -> None:
    out = fill_gaps(kept_blocks(), tree_with(f"<section><h3>Critics</h3><p>{GAP}</p></section>"))
    assert texts(out) == [KEPT[0], KEPT[1], "Critics", GAP, KEPT[2]]
    assert [b.index for b in out] == list(range(5))
    assert [b.tag for b in out][2:4] == ["h3", "p"]
    assert [b.origin for b in out] == ["", "", "gap", "gap", ""]


def test_a_put_back_paragraph_says_so_when_asked_why_it_is_body() -> None:
    out = fill_gaps(kept_blocks(), tree_with(f"<p>{GAP}</p><p>Share on Facebook</p>"))
    labels = label_html_blocks(out, load_rules())
    assert [(lab.kind, lab.rule) for lab in labels] == [
        ("body", "prose"), ("body", "prose"), ("body", "gap-prose"), ("share", "en-share"), ("body", "prose")
    ]


def test_nothing_is_added_before_the_first_or_after_the_last_kept_paragraph() -> None:
    tree = tree_with("", before=f"<p>{GAP}</p>", after="<p>Sign up for our daily newsletter to get the news first.</p>")
    assert texts(fill_gaps(kept_blocks(), tree)) == KEPT


def test_furniture_links_pictures_and_hidden_text_stay_out() -> None:
    for middle in (
        f"<aside><p>{GAP}</p></aside>",
        f"<div class='related-posts'><p>{GAP}</p></div>",
        f"<div id='sidebar'><p>{GAP}</p></div>",
        f"<p><a href='/x'>{GAP}</a></p>",
        f"<a href='/story'><h4>{GAP}</h4></a>",
        f"<li><img src='a.jpg'>{GAP}</li>",
        f"<div style='display: none'><p>{GAP}</p></div>",
        f"<div hidden><p>{GAP}</p></div>",
    ):
        assert texts(fill_gaps(kept_blocks(), tree_with(middle))) == KEPT, middle


def test_a_class_word_inside_a_longer_name_is_not_furniture() -> None:
    # "ad" in "thread-adjust" and "nav" in "canvas" are parts of words, not the words
    out = fill_gaps(kept_blocks(), tree_with(f"<div class='thread-adjust canvas'><p>{GAP}</p></div>"))
    assert GAP in texts(out)


def test_text_already_kept_or_repeated_is_not_added_twice() -> None:
    # a pull quote repeats a kept sentence; a carousel repeats its slides
    quote = "<blockquote>Officials said the plan would cost about 40 million euros over five years.</blockquote>"
    out = fill_gaps(kept_blocks(), tree_with(quote + f"<p>{GAP}</p><p>{GAP}</p>"))
    assert texts(out) == [KEPT[0], KEPT[1], GAP, KEPT[2]]


def test_an_element_trafilatura_cut_at_its_line_breaks_is_not_a_gap() -> None:
    blocks = kept_blocks([KEPT[0], KEPT[1], "Critics said", "the plan would", "cost far more.", KEPT[2]])
    tree = lxml_html.fromstring(
        f"<div><p>{KEPT[0]}</p><p>{KEPT[1]}</p><p>Critics said<br>the plan would<br>cost far more.</p>"
        f"<p>{KEPT[2]}</p></div>"
    )
    assert texts(fill_gaps(blocks, tree)) == texts(blocks)


def test_a_short_gap_repeating_kept_words_is_not_a_gap() -> None:
    # fewer words than a 4-gram: looked for as a phrase in what was kept
    out = fill_gaps(kept_blocks(), tree_with("<p>about 40 million</p><h3>Critics speak</h3>"))
    assert texts(out) == [KEPT[0], KEPT[1], "Critics speak", KEPT[2]]


def test_script_text_inside_a_paragraph_is_not_text() -> None:
    middle = f"<p>{GAP}<script>window.ads = window.ads || []; ads.push({{}});</script></p>"
    out = fill_gaps(kept_blocks(), tree_with(middle))
    assert texts(out) == [KEPT[0], KEPT[1], GAP, KEPT[2]]


def test_nested_boxes_are_separate_words() -> None:
    item = "<li><div>Route planning</div><div>Drivers for the three new routes are hired in May.</div></li>"
    out = fill_gaps(kept_blocks(), tree_with(item))
    assert "Route planning Drivers for the three new routes are hired in May." in texts(out)


def test_too_few_kept_paragraphs_leave_the_blocks_alone() -> None:
    blocks = kept_blocks(KEPT[::2])
    assert texts(fill_gaps(blocks, tree_with(f"<p>{GAP}</p>"))) == KEPT[::2]


def test_furniture_class_words_are_rules_a_user_can_extend(tmp_path) -> None:
    # a fact box is no furniture to the built-in rules; a user's [[furniture_name]] makes it one
    tree = tree_with(f"<div class='article-factbox'><p>{GAP}</p></div>")
    assert GAP in texts(fill_gaps(kept_blocks(), tree, load_rules()))
    (tmp_path / "mine.toml").write_text('[[furniture_name]]\nid = "mine"\nwords = ["factbox"]\n', encoding="utf-8")
    mine = load_rules(tmp_path)
    assert texts(fill_gaps(kept_blocks(), tree, mine)) == KEPT
    assert mine.furniture_names.search("left-sidebar")  # the built-in words stay
