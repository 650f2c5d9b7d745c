"""The headline of a dump without html-text's first-line <title>: found from the dump itself."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.blocks import Block
from cleaner.label.headline import content_words, find_headline, page_title_evidence

from ._story import STORY as SHARED_STORY
from ._story import TITLE
from .strategies import article, headline

NAV = ["Skip to content", "Home", "News", "World", "Business", "Sport", "Weather", "Sign in"]
URL = "https://www.example.com/news/2024/05/02/river-bridge-closed-to-lorries"
STORY = SHARED_STORY[:2]  # the shared story's first two paragraphs (tests/_story.py)
RELATED = ["More stories", "Council approves new school budget", "Storm warning for the coast", "About us"]


def dump(*, title_line: bool) -> str:
    lines = [f"{TITLE} | Riverside Gazette"] if title_line else []
    return "\n".join([*lines, *NAV, "World News", TITLE, "By Jane Roe", "May 2, 2024", *STORY, *RELATED])


def test_title_without_the_title_line() -> None:
    assert cleaner.clean(dump(title_line=False), url=URL, fmt="text").title == TITLE
    assert cleaner.clean(dump(title_line=True), url=URL, fmt="text").title == TITLE


def test_title_without_url_or_title_line() -> None:
    assert cleaner.clean(dump(title_line=False), fmt="text").title == TITLE


def test_navigation_first_line_is_not_the_title() -> None:
    rec = cleaner.clean("Jump to navigation Skip navigation\n" + dump(title_line=False), url=URL, fmt="text")
    assert rec.title == TITLE


def test_explain_names_the_evidence() -> None:
    rows = cleaner.explain(dump(title_line=False), url=URL, fmt="text")
    rule = next(r.rule for r in rows if r.kind == "title")
    assert rule.startswith("headline-")


def test_a_story_with_no_headline_has_no_title() -> None:
    assert cleaner.clean("\n\n".join(STORY), fmt="text").title is None


def test_first_line_evidence() -> None:
    blocks = [Block.make(t, i) for i, t in enumerate(["E-Paper", "Home", "E-Paper", "Sport"])]
    assert page_title_evidence(blocks, [2], url=None) is None  # a menu item printed twice is no headline
    blocks = [Block.make(t, i) for i, t in enumerate([f"{TITLE} | Riverside Gazette", "Home"])]
    assert page_title_evidence(blocks, [], url=None) == "site-name"
    assert page_title_evidence(blocks[:1], [], url=URL) is not None


def test_copy_nearest_the_body_wins() -> None:
    lines = ["Home", f"News / {TITLE}", "Advertisement here", TITLE, *STORY]
    blocks = [Block.make(t, i) for i, t in enumerate(lines)]
    found = find_headline(blocks, [True] * len(blocks), 4)
    assert found is not None and found.index == 3


def test_repeated_label_is_not_a_headline() -> None:
    lines = ["Article content", TITLE, "Article content", "Article content", STORY[0], "Article content", STORY[1]]
    blocks = [Block.make(t, i) for i, t in enumerate(lines)]
    found = find_headline(blocks, [True] * len(blocks), 4)
    assert found is not None and found.index == 1


def test_content_words_of_scripts_without_spaces() -> None:
    assert content_words("小笠原諸島") == {"小笠", "笠原", "原諸", "諸島"}
    assert "bridge" in content_words("The Bridge is closed")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article(min_paragraphs=2, max_paragraphs=5), headline(), st.sampled_from(["|", "-", "–"]))
def test_same_title_with_and_without_the_title_line(paragraphs: list[str], title: str, sep: str) -> None:
    body = [*NAV, title, "By Jane Roe", *paragraphs, *RELATED]
    without = cleaner.clean("\n".join(body), fmt="text")
    with_line = cleaner.clean("\n".join([f"{title} {sep} Riverside Gazette", *body]), fmt="text")
    assert without.title == with_line.title == title


def test_repeated_menu_link_first_is_not_the_title() -> None:
    # layout renderers print a menu twice (mobile and desktop); its first link is no <title>
    menu = ["Find a club", "Classes", "Memberships", "About us"]
    text = "\n".join([*menu, *NAV, *menu, TITLE, "By Jane Roe", *STORY, *RELATED])
    assert cleaner.clean(text, url=URL, fmt="text").title == TITLE


def test_a_menu_printed_again_and_again_does_not_hide_the_headline() -> None:
    # the page's own link in a menu printed three times, then the same words as the headline
    short = "River bridge closed"
    url = "https://www.example.com/guides/river-bridge-closed/"
    menu = [short, "Council news", "Transport"]
    text = "\n".join(["Skip to content", *menu, *menu, *NAV, short, *STORY, *RELATED])
    assert cleaner.clean(text, url=url, fmt="text").title == short


def test_breadcrumb_and_standfirst_are_not_the_headline() -> None:
    crumbs = f"Home › News › {TITLE}"
    standfirst = "Engineers found deep cracks in two supports of the river bridge, which carries lorries."
    text = "\n".join([*NAV, crumbs, TITLE, standfirst, *STORY, *RELATED])
    assert cleaner.clean(text, url=URL, fmt="text").title == TITLE


def test_short_nav_line_sharing_words_with_the_body_loses_to_the_headline() -> None:
    nav = ["River Bridge", "Road Works"]  # two words the body uses, in a menu above the headline
    text = "\n".join([*NAV, *nav, TITLE, *STORY, *RELATED])
    assert cleaner.clean(text, url="https://www.example.com/news/bridge-closed-lorries-2024", fmt="text").title == TITLE


def test_kicker_colon_spaced_by_the_renderer() -> None:
    from cleaner.fields.title import unspaced_colon

    body = "Was lesen sie im Zug? Sie lesen: Zeitung. Warum? Darum."
    assert unspaced_colon("Kultur : Was lesen die Leute?", body) == "Kultur: Was lesen die Leute?"
    french = "Les ventes ont progressé : 3 %. Pourquoi ? Parce que."
    assert unspaced_colon("Europe : les ventes progressent", french) == "Europe : les ventes progressent"
    assert unspaced_colon("Europe : les ventes progressent", "") == "Europe : les ventes progressent"


def test_kicker_on_its_own_line_under_a_title_line() -> None:
    # a renderer that prints each element on its own line: "Kicker:" over the headline, both in the <title>
    title = f"Bridge repairs: {TITLE}"
    text = "\n".join([f"{title} | Riverside Gazette", *NAV, "Bridge repairs:", TITLE, "By Jane Roe", *STORY])
    assert cleaner.clean(text, url=URL, fmt="text").title == title


def test_a_banner_with_a_dash_first_is_not_the_title() -> None:
    # a layout renderer's first line is a banner whose dash looks like "Headline – Site"
    banner = "Final Call: Save $400 on Insights 2025 – Use Code SPECIAL400 at Registration"
    text = "\n".join([banner, *NAV, TITLE, "By Jane Roe", *STORY, *RELATED])
    assert cleaner.clean(text, url=URL, fmt="text").title == TITLE
    blocks = [Block.make(t, i) for i, t in enumerate([banner, "Home"])]
    assert page_title_evidence(blocks, [], url=URL) == "separator"  # weak: checked against the dump's headline


def test_a_title_line_with_a_dash_and_its_headline_again_is_the_title() -> None:
    line = f"{TITLE} - Policy Insurers"  # a dash before a part that names no known site
    blocks = [Block.make(t, i) for i, t in enumerate([line, "Home", TITLE])]
    assert page_title_evidence(blocks, [2], url=None) == "headline-again"
    assert page_title_evidence(blocks, [], url=None) == "separator"
    blocks = [Block.make(t, i) for i, t in enumerate([f"{TITLE} - Riverside Gazette", "Home"])]
    assert page_title_evidence(blocks, [], url="https://www.riversidegazette.com/x") == "site-name"
    assert page_title_evidence(blocks, [], url="https://www.rgazette.com/x") == "site-name"  # initials, last word
    assert page_title_evidence(blocks, [], url="https://www.example.com/x") == "separator"


def test_a_percent_encoded_slug_is_read_decoded() -> None:
    from cleaner.label.features import url_tokens

    assert url_tokens("https://e.com/news/%D8%B4%D8%B9%D8%B1-%D9%88%D8%B1%D8%AF%D9%8A/ar") >= {"شعر", "وردي"}
    assert url_tokens("https://e.com/a/%ZZbad%-slug-words") >= {"slug", "words"}  # not valid percent-encoding


def test_a_deck_under_its_headline_is_not_the_headline() -> None:
    # the standfirst shares the URL's and the body's words with the headline above it, and stands nearer
    deck = "The river bridge is closed to lorries from Tuesday after engineers found deep cracks in two supports"
    text = "\n".join([*NAV, TITLE, deck, "By Jane Roe", *STORY, *RELATED])
    rec = cleaner.clean(text, url=URL, fmt="text")
    assert rec.title == TITLE
    rows = cleaner.explain(text, url=URL, fmt="text")
    assert next(r.rule for r in rows if r.kind == "title") == "headline-deck"


def test_tags_above_the_headline_are_not_a_headline_over_its_deck() -> None:
    tags = "Transport, Council, Bridges"  # a line of tags, with a comma list's shape
    text = "\n".join([*NAV, tags, TITLE, "By Jane Roe", *STORY, *RELATED])
    assert cleaner.clean(text, url=URL, fmt="text").title == TITLE


def test_a_name_or_a_time_line_is_not_the_headline() -> None:
    # a name line nearer the story than the headline, its words in the URL too (a profile's tag, a byline)
    url = "https://www.example.com/news/harriet-wolcott-river-bridge-closed"
    for line in ("Harriet Wolcott", "Freelance transport writer", "Today 5:00 am"):
        text = "\n".join([*NAV, TITLE, "Harriet Wolcott", line, *STORY, *RELATED])
        assert cleaner.clean(text, url=url, fmt="text").title == TITLE, line


def test_a_slug_without_hyphens_and_a_cms_folder_word() -> None:
    # "/article/riverbridgeclosedtolorries/": the folder word "article" names no story; the run-together slug
    # is the headline's words
    url = "https://www.example.com/article/riverbridgeclosedtolorries/"
    headline = "River Bridge Closed To Lorries"
    text = "\n".join([*NAV, headline, "Article continues below", "Article continues below", *STORY, *RELATED])
    assert cleaner.clean(text, url=url, fmt="text").title == headline


def test_a_breadcrumb_run_into_one_line_gives_its_last_item() -> None:
    # a renderer that prints a trail's links with spaces between them: "Home Gear Reviews <headline>"
    url = "https://www.example.com/reviews/river-bridge-closed-to-lorries"
    text = "\n".join([*NAV, f"Home Gear Reviews {TITLE}", TITLE, "By Jane Roe", *STORY, *RELATED])
    assert cleaner.clean(text, url=url, fmt="text").title == TITLE


def test_a_blogs_header_of_author_and_name_is_not_a_title_line() -> None:
    # "Harriet Wolcott – River Notes" opens the dump: the blog's author and name, not the page's <title>
    url = "https://rivernotes.example.com/p/river-bridge-closed-to-lorries"
    text = "\n".join(["Harriet Wolcott – River Notes", "Subscribe", TITLE, "Dec 12, 2025", *STORY, *RELATED])
    assert cleaner.clean(text, url=url, fmt="text").title == TITLE


def test_a_headline_that_names_a_newsletter_and_spells_the_slug_is_the_headline() -> None:
    # "newsletter" in a short line is boilerplate, unless the URL's slug spells the line: then it is the story's
    headline = "How to write a good newsletter with a small team"
    url = "https://example.substack.com/p/how-to-write-a-good-newsletter-with-a-small-team"
    text = "\n".join([*NAV, "World News", headline, "By Jane Roe", *STORY, "Get our weekly newsletter", *RELATED])
    rows = cleaner.explain(text, url=url, fmt="text")
    assert next(r for r in rows if r.text == headline).kind == "title"
    assert next(r for r in rows if r.text == "Get our weekly newsletter").kind == "newsletter"
    assert cleaner.clean(text, fmt="text").title != headline  # without the URL, the phrase rule has it


def test_a_standfirst_glued_to_the_headline_line_is_cut_off() -> None:
    # a renderer that joins the h1's text to the standfirst after it; the <title> shows where the headline ends
    deck = "Engineers found deep cracks in two supports of the old bridge on Monday morning"
    text = "\n".join([f"{TITLE} | Riverside Gazette", *NAV, f"{TITLE} {deck}", "By Jane Roe", *STORY, *RELATED])
    assert cleaner.clean(text, url=URL, fmt="text").title == TITLE
    text = "\n".join([f"{TITLE} | Riverside Gazette", *NAV, f"/ {TITLE}", "By Jane Roe", *STORY, *RELATED])
    assert cleaner.clean(text, url=URL, fmt="text").title == TITLE  # a trail's separator left on the line


def test_headline_after_a_kicker_when_the_dateline_place_has_a_line_of_its_own() -> None:
    # the <title> (and a trail's copy of it) says "Kicker: Headline"; the page shows the kicker, then its own
    # headline, then "Riverside." split from the lede by the renderer
    shown = "Council closes river bridge to lorries after cracks found"
    title = "Bridge repairs: River bridge closed to lorries"
    lede = "The council closed the river bridge to lorries on Tuesday after engineers found cracks in it."
    text = "\n".join([f"{title} | Riverside Gazette", *NAV, title, "Bridge repairs", shown, "Riverside.", lede,
                      *STORY, *RELATED])
    assert cleaner.clean(text, url=URL, fmt="text").title == shown
