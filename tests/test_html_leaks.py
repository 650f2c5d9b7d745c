"""Boilerplate that HTML extraction used to let into the body: template lines, bylines over author boxes, menu
entries, headings of dropped boxes, pages glued into one block, post metadata."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.blocks import Block, Label
from cleaner.label.context_free import classify
from cleaner.label.html import furniture_kept
from cleaner.label.html_sections import empty_sections
from cleaner.read.html_regions import account_for_page
from cleaner.ruleset.load import load_rules

STORY = [
    "The council voted on Tuesday to expand the bus network to three new districts across the city.",
    "Officials said the plan would cost about 40 million euros over five years, paid from the regional fund.",
    "The first new routes are expected to open in March, the transport office said in a statement on Tuesday.",
    "Opposition members argued that the money should go to repairing the existing roads of the city instead.",
]


def article(*extra: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        "<html><head><title>Council expands bus network</title></head><body><article>"
        f"<h1>Council expands bus network</h1>{paragraphs}{''.join(extra)}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("As an Amazon Associate we earn from qualifying purchases.", "advertisement"),
        ("Advertisement: New AI Book!", "advertisement"),
        ("Tools we use every day (Sponsored)", "advertisement"),
        ("In partnership with", "advertisement"),
        ("View on Amazon Links to Amazon.com", "advertisement"),
        ("Get the FREE eBook!", "advertisement"),
        ("Next article: How we tested the phones", "navigation"),
        ("You might also like: Ten ways to save energy", "related"),
        ("Already have an account? Log in", "navigation"),
        ("This article is exclusive to Plus subscribers", "newsletter"),
        ("If you liked this article, please consider sharing it with a friend.", "newsletter"),
        ("Catch up on our coverage and follow us on Facebook, Instagram and TikTok to stay up to date.", "share"),
        ("Pin for later", "share"),
        ("Why Trust Us?", "footer"),
        ("Did you make this recipe? Please leave a star rating below.", "comments"),
        ("Was this page helpful?", "comments"),
        ("NOTE: The above is an excerpt from a book by Jane Doe. It is reprinted here with permission.", "footer"),
        ("If you need advice on your project, do not hesitate to reach out to our team of experts.", "footer"),
        ("Start building today with $300 in free credits and free products.", "advertisement"),
        ("Join Medium for free to get updates from this writer.", "newsletter"),
    ],
)
def test_template_lines_are_named(text: str, kind: str) -> None:
    assert classify(Block.make(text, 0, tag="p"), load_rules()).kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "Buy now, pay later plans have grown quickly among younger shoppers this year.",
        "Next, the council will vote on the budget for the new routes.",
        "The company said it would follow up on the complaints next week.",
    ],
)
def test_prose_near_those_phrases_stays(text: str) -> None:
    assert classify(Block.make(text, 0, tag="p"), load_rules()).kind.startswith("?")


def test_a_short_byline_below_the_story_is_not_body() -> None:
    record = cleaner.clean(article("<p>Written by Jane Doe</p>", "<p>By the way, the buses are free in May.</p>"))
    assert "Written by Jane Doe" not in record.body
    assert "By the way, the buses are free in May." in record.body
    assert any(r.rule == "byline-repeat" for r in record.removed)


def test_a_dated_posted_by_line_is_post_metadata_but_a_timeline_entry_stays() -> None:
    record = cleaner.clean(
        article("<p>March 3, 2020: Acquired by the city</p>", "<p>Posted by David at December 16, 2025 11:15 AM</p>")
    )
    assert "Posted by David" not in record.body
    assert "March 3, 2020: Acquired by the city" in record.body


def test_short_entries_of_a_small_menu_region_are_navigation_but_headings_stay() -> None:
    blocks = [Block.make(t, i, tag="p") for i, t in enumerate(STORY)] + [
        Block.make("Cognitive Behavioral Therapy (CBT)", 4, tag="p", origin="region:navigation-menu"),
        Block.make("Our services", 5, tag="h2", origin="region:navigation-menu"),
    ]
    labels = [Label("body", "prose")] * 4 + [Label("body", "main-content")] * 2
    out = furniture_kept(blocks, labels, load_rules())
    assert (out[4].kind, out[4].rule) == ("navigation", "navigation-menu")
    assert out[5].kind == "body"
    # one line alone with a menu's region: the story's line of the same words as a menu entry, it stays
    alone = [*blocks[:2], blocks[4], *blocks[2:4]]
    assert furniture_kept(alone, labels[:5], load_rules())[2].kind == "body"


def test_a_gap_heading_over_dropped_lines_only_takes_their_label() -> None:
    blocks = [
        Block.make(STORY[0], 0, tag="p"),
        Block.make("Inbound links", 1, tag="h4", origin="gap"),
        Block.make("An older post", 2, origin="dropped"),
        Block.make("Product of the week", 3, tag="h2"),  # kept by trafilatura: the story's own, it stays
        Block.make("A product card", 4, origin="dropped"),
        Block.make("Still looking for an answer?", 5, tag="h4", origin="gap"),  # over a kept paragraph: stays
        Block.make(STORY[1], 6, tag="p"),
        Block.make("Verdict", 7, tag="h4", origin="gap"),  # one word: a label of the story, it stays
        Block.make("A rating box", 8, origin="dropped"),
    ]
    labels = [
        Label("body", "prose"),
        Label("body", "gap-main-content"),
        Label("related", "related-list"),
        Label("body", "main-content"),
        Label("other", "inside-main-content"),
        Label("body", "gap-main-content"),
        Label("body", "prose"),
        Label("body", "gap-main-content"),
        Label("related", "related-list"),
    ]
    out = empty_sections(blocks, labels)
    assert (out[1].kind, out[1].rule) == ("related", "empty-section")
    assert out[3].kind == "body" and out[5].kind == "body" and out[7].kind == "body"


def test_a_main_content_glued_into_one_block_is_cut_into_the_page_lines() -> None:
    from lxml import html

    long_story = [f"{p} It was the {n}th paragraph of the report." for n in range(6) for p in STORY]
    tree = html.fromstring(
        "<body><div class='top'><ul class='mega-menu'><li>Home</li><li>World news</li><li>Garden and home</li></ul>"
        "</div><div class='body'>" + "".join(f"<div>{p}</div>" for p in long_story) + "</div></body>"
    )
    glued = " ".join(["Home World news Garden and home", *long_story])
    out, _links, _headings = account_for_page([Block.make(glued, 0, tag="p")], tree, load_rules())
    assert [b.origin for b in out[:3]] == ["dropped:navigation-menu"] * 3
    assert [b.text for b in out[3:]] == long_story
    record = cleaner.clean(
        "<html><body><nav class='mega-menu'><a>Home</a></nav>"
        + "".join(f"<div>{p}</div>" for p in long_story)
        + "</body></html>"
    )
    assert record.body.startswith(long_story[0][:20])
