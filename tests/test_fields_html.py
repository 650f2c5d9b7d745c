"""Unit tests for the HTML field choosers and the page-metadata reader (pure functions, small inputs)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from lxml import html as lxml_html

from cleaner.blocks import Block
from cleaner.fields.byline import clean_author_name
from cleaner.fields.title import strip_site_name
from cleaner.label.html import label_html_blocks
from cleaner.read.html import page_hints
from cleaner.read.html_authors import choose_authors, clean_author_list
from cleaner.read.html_bylines import header_byline_texts
from cleaner.read.html_dates import choose_date, choose_section
from cleaner.read.html_meta import PageMeta, declared_language, read_page_meta
from cleaner.read.html_title import choose_title, site_names, unescape
from cleaner.ruleset.load import load_rules

RULES = load_rules()


def meta_of(head: str = "", body: str = "", lang: str = "") -> PageMeta:
    lang_attr = f" lang='{lang}'" if lang else ""
    return read_page_meta(lxml_html.fromstring(f"<html{lang_attr}><head>{head}</head><body>{body}</body></html>"))


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# ------------------------------------------------------------------------------------------ html_meta
def test_meta_tags_jsonld_graph_and_bylines() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Daily Planet"},
        {"@type": ["NewsArticle"], "headline": "Storm hits coast", "datePublished": "2024-03-05",
         "author": {"@type": "Person", "name": "Jane Doe"}, "articleSection": ["Weather", "Local"],
         "dateline": "METROPOLIS"},
    ]}
    meta = meta_of(ld(graph) + '<meta property="og:title" content="Storm | DP">',
                   "<span class='byline'>By Jane Doe</span><h1>Storm hits coast</h1>")
    assert meta.first("og:title") == "Storm | DP"
    assert meta.articles[0].headline == "Storm hits coast"
    assert meta.articles[0].authors == ("Jane Doe",)
    assert meta.articles[0].section == "Weather"
    assert meta.articles[0].dateline == "METROPOLIS"
    assert "Daily Planet" in meta.publisher_names
    assert meta.bylines == ("By Jane Doe",)
    assert meta.h1s == ("Storm hits coast",)


def test_broken_jsonld_is_skipped() -> None:
    meta = meta_of('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>')
    assert meta.articles == ()


def test_organization_author_is_kept_apart() -> None:
    meta = meta_of(ld({"@type": "Article", "author": [{"@type": "Organization", "name": "Planet Media"},
                                                      {"@type": "Person", "name": "Jane Doe"}]}))
    assert meta.articles[0].authors == ("Jane Doe",)
    assert meta.articles[0].organizations == ("Planet Media",)


@pytest.mark.parametrize(("value", "code"), [("en-US", "en"), ("de", "de"), ("pt_BR", "pt"), ("", None),
                                               ("x-default", None), ("english", None)])
def test_declared_language(value: str, code: str | None) -> None:
    assert declared_language(value) == code


def test_h1_segments_keep_kicker_apart() -> None:
    meta = meta_of(body="<h1><span>Election 2024</span>Votes are counted<br>in all states</h1>")
    assert meta.h1_segments[0][0] == "Election 2024"
    assert "\n" in meta.h1_segments[0]


# ------------------------------------------------------------------------------------------ title
def test_title_prefers_h1_confirmed_by_meta() -> None:
    meta = meta_of('<meta property="og:title" content="Storm hits the coast tonight">',
                   "<h1>Storm hits the coast tonight, forecasters warn</h1>")
    assert choose_title(meta) == ("Storm hits the coast tonight, forecasters warn", "h1")


def test_title_skips_logo_h1() -> None:
    meta = meta_of("<title>Storm hits coast | Daily Planet</title>", "<h1>Daily Planet</h1>")
    assert choose_title(meta, ("Daily Planet",))[0] == "Storm hits coast"


def test_title_kicker_from_meta_form() -> None:
    meta = meta_of('<meta property="og:title" content="Election 2024: Votes are counted">',
                   "<h1><span>Election 2024</span>Votes are counted</h1>")
    assert choose_title(meta)[0] == "Election 2024: Votes are counted"


def test_title_unrelated_h1_loses_to_meta() -> None:
    meta = meta_of('<meta property="og:title" content="Storm hits coast">', "<h1>Newsletter sign-up form</h1>")
    assert choose_title(meta) == ("Storm hits coast", "og:title")


@pytest.mark.parametrize(
    ("raw", "sites", "want"),
    [
        ("Storm hits coast | Daily Planet", ("Daily Planet",), "Storm hits coast"),
        ("Storm hits coast – Daily Planet", (), "Storm hits coast"),
        ("Wedding tools – caterer sheet - Happy Co", ("Happy Co",), "Wedding tools – caterer sheet"),
        ("Covid-19 - what we know", (), "Covid-19 - what we know"),
        ("Daily Planet | Storm hits coast tonight", ("Daily Planet",), "Storm hits coast tonight"),
        # the host's spelling of the site name: words run together, a domain ending
        ("Storm hits | Daily Planet Now", ("dailyplanetnow.com", "dailyplanetnow"), "Storm hits"),
        ("BIG SALE | Shopwell.com", ("promotions.shopwell.com", "shopwell.com", "shopwell"), "BIG SALE"),
        ("Storm | A.P.", ("ap",), "Storm | A.P."),  # a squashed name this short is not trusted
        # after a dash, the second half of a headline is no site name: a quote, lower case, a list, an answer
        ("Harbour closed – “We lost everything”", (), "Harbour closed – “We lost everything”"),
        ("Storm season starts early – what to expect", (), "Storm season starts early – what to expect"),
        ("Best tents for 2026 – Sizes, Prices, And Weights", (), "Best tents for 2026 – Sizes, Prices, And Weights"),
        ("Asked what went wrong: – Nothing", (), "Asked what went wrong: – Nothing"),
        ("Storm season starts early – Coast Daily", (), "Storm season starts early"),
        ("Storm season starts early | by Jane Doe", (), "Storm season starts early"),
        ("Best camping stoves – Our Favourites!", (), "Best camping stoves – Our Favourites!"),
    ],
)
def test_strip_site_name(raw: str, sites: tuple[str, ...], want: str) -> None:
    assert strip_site_name(raw, sites) == want


def test_unescape_double_escaped_entities() -> None:
    assert unescape("Tools &#8211; Tips &amp; Tricks") == "Tools – Tips & Tricks"
    assert unescape("And finally&amp;#8230; trouble") == "And finally… trouble"


def test_title_news_headline_from_jsonld_wins() -> None:
    meta = meta_of(ld({"@type": "NewsArticle", "headline": "Storm damage: coast towns cut off"})
                   + '<meta property="og:title" content="Storm hits coast">', "<h1>Storm hits the coast</h1>")
    assert choose_title(meta) == ("Storm damage: coast towns cut off", "json-ld:news")


def test_title_social_card_without_the_kicker_beats_the_news_headline() -> None:
    meta = meta_of(ld({"@type": "NewsArticle", "headline": "Harbour crisis: Fishing fleet stays in port"})
                   + '<meta property="og:title" content="Fishing fleet stays in port">',
                   "<h1>Harbour crisis: Fishing fleet stays in port</h1>")
    assert choose_title(meta) == ("Fishing fleet stays in port", "og:title")


def test_title_social_card_that_only_shares_an_ending_is_no_headline() -> None:
    # "in port" ends the headline too, but no kicker-and-colon stands before it
    meta = meta_of(ld({"@type": "NewsArticle", "headline": "Harbour crisis: Fishing fleet stays in port"})
                   + '<meta property="og:title" content="Fleet stays in port">',
                   "<h1>Harbour crisis: Fishing fleet stays in port</h1>")
    assert choose_title(meta) == ("Harbour crisis: Fishing fleet stays in port", "json-ld:news")


def test_title_news_headline_unrelated_to_the_page_loses() -> None:
    meta = meta_of(ld({"@type": "NewsArticle", "headline": "Sample menus"})
                   + '<meta property="og:title" content="Seven days of healthy meals">',
                   "<h1>Seven days of healthy meals</h1>")
    assert choose_title(meta) == ("Seven days of healthy meals", "h1")


def test_title_blog_posting_headline_does_not_override_h1() -> None:
    meta = meta_of(ld({"@type": "BlogPosting", "headline": "Storm hits the coast"}),
                   "<h1>Storm hits the coast tonight</h1>")
    assert choose_title(meta)[1] == "h1"


def test_title_kicker_separator_piece_is_not_part_of_the_headline() -> None:
    meta = meta_of('<meta property="og:title" content="Fischer fordern Hilfe vom Land">',
                   "<h1><span>Hafen im Norden</span><span> - </span><span>Fischer fordern Hilfe vom Land</span></h1>")
    assert choose_title(meta) == ("Fischer fordern Hilfe vom Land", "h1")


def test_title_kicker_piece_dropped_when_meta_writes_another_kicker() -> None:
    meta = meta_of('<meta property="og:title" content="Harbour report: Fishing fleet stays in port all week">',
                   "<h1><span>Winter storms</span><span> - </span>"
                   "<span>Fishing fleet stays in port all week</span></h1>")
    assert choose_title(meta) == ("Fishing fleet stays in port all week", "h1")


def test_title_h1_loses_a_trailing_site_or_tagline_part() -> None:
    meta = meta_of('<meta property="og:title" content="Best camping stoves of 2026">',
                   "<h1>Best camping stoves of 2026 | Top 12 Tested</h1>")
    assert choose_title(meta) == ("Best camping stoves of 2026", "h1")


def test_title_styled_pieces_are_not_a_kicker() -> None:
    meta = meta_of('<meta property="og:title" content="Mayor wins second term">',
                   "<h1>Mayor wins <span class='big'>a second term</span></h1>")
    assert choose_title(meta) == ("Mayor wins a second term", "h1")


def test_title_kicker_with_slash_in_meta() -> None:
    meta = meta_of('<meta property="og:title" content="Landesweiter Streik / Der Herbst naht">',
                   "<h1><span>Landesweiter Streik</span>Der Herbst naht</h1>")
    assert choose_title(meta)[0] == "Landesweiter Streik / Der Herbst naht"


def test_site_names_collect_sources() -> None:
    meta = meta_of('<meta property="og:site_name" content="Daily Planet">' + ld({"@type": "Organization",
                                                                                   "name": "Planet Media"}))
    assert site_names(meta, ("dailyplanet.com",)) == ("Daily Planet", "Planet Media", "dailyplanet.com")


# ------------------------------------------------------------------------------------------ authors
@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("JANE DOE, Staff Writer", "Jane Doe"),
        ("By Jane Doe", "Jane Doe"),
        ("ByWilla Marsh-June 12, 2025", "Willa Marsh"),
        ("Owen ParkDecember 17, 2025", "Owen Park"),
        ("Dana Whitlow METRO DAILY", "Dana Whitlow"),
        ("Marie Anne KELLER", "Marie Anne KELLER"),
        ("大渡 美咲", "大渡 美咲"),
        ("Ruth Calloway Former Management Consultant", "Ruth Calloway"),
        ("Byron Smith", "Byron Smith"),
        ("Pekka LundResearch & Development", "Pekka Lund"),
        ("Casey McDevitt", "Casey McDevitt"),
        ("Douglas MacArthur", "Douglas MacArthur"),
        ("Privacy Notice", None),
        ("Reuters", None),
        ("Associated Press", None),
        ("Email the author", None),
        ("https://facebook.com/jane", None),
        ("Jane", None),
        ("牛镛", "牛镛"),
    ],
)
def test_clean_author_name(raw: str, want: str | None) -> None:
    assert clean_author_name(raw, RULES) == want


def test_single_word_only_from_structured_source() -> None:
    assert clean_author_name("Ludmila", RULES, allow_single=True) == "Ludmila"
    assert clean_author_name("Ludmila", RULES) is None


def test_authors_label_before_names() -> None:
    assert clean_author_list(["Authors:Ravi Menon, Jyoti Patel"], RULES) == ["Ravi Menon", "Jyoti Patel"]


def test_author_list_splits_and_drops_agencies_and_site() -> None:
    got = clean_author_list(["By Jane Doe and John Roe, Reuters", "Daily Planet Staff"], RULES,
                            {"daily planet staff"})
    assert got == ["Jane Doe", "John Roe"]


def test_choose_authors_order_of_trust() -> None:
    meta = meta_of(ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"}})
                   + '<meta name="author" content="John Roe">', "<div class='byline'>By Max Mustermann</div>")
    assert choose_authors(meta, RULES) == (["Jane Doe"], "json-ld")
    meta = meta_of('<meta name="author" content="Reuters">', "<div class='byline'>By Max Mustermann</div>")
    assert choose_authors(meta, RULES) == (["Max Mustermann"], "byline-element")
    # a personal site's name is its author's name: it is not dropped for being the site name
    meta = meta_of('<meta name="author" content="Henrik Dahl">')
    assert choose_authors(meta, RULES) == (["Henrik Dahl"], "meta:author")


def test_site_name_author_gives_way_to_a_marked_byline() -> None:
    sites = ("Daily Planet", "dailyplanet.com")
    meta = meta_of('<meta name="author" content="Daily Planet">', "<div class='byline'>By Jane Doe</div>")
    assert choose_authors(meta, RULES, sites) == (["Jane Doe"], "byline-element")
    # an unmarked name in a byline-like element (a commenter, a related story) does not
    meta = meta_of('<meta name="author" content="Daily Planet">', "<div class='author'>Karl Fleischmann</div>")
    assert choose_authors(meta, RULES, sites) == (["Daily Planet"], "meta:author")


def test_site_name_and_desk_beside_a_person_are_dropped() -> None:
    meta = meta_of(ld({"@type": "NewsArticle", "author": "Tomas Vaitkus, RLK.lt"}))
    assert choose_authors(meta, RULES, ("rlk.lt", "rlk"))[0] == ["Tomas Vaitkus"]
    meta = meta_of('<meta name="author" content="stadtfunk.de, Frankfurt, Germany">')
    assert choose_authors(meta, RULES, ("stadtfunk.de",))[0] == ["stadtfunk.de"]
    meta = meta_of('<meta name="author" content="Tablo Staff">')
    assert choose_authors(meta, RULES, ("tablo",))[0] == ["Tablo Staff"]


def test_outlet_or_desk_credited_when_no_person_is_named() -> None:
    org = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Daily Planet News"}}
    assert choose_authors(meta_of(ld(org)), RULES, ("Daily Planet",)) == (["Daily Planet News"], "credit:json-ld")
    # a desk written the way no person's name is ("Redaktion" after a name with a digit, lower case words)
    for desk in ("DP24 Redaktion", "Planet staff reporter", "PLANET online"):
        meta = meta_of(ld({"@type": "NewsArticle", "author": desk}))
        assert choose_authors(meta, RULES) == ([desk], "credit:json-ld")
    # an agency is no author, as an organisation either
    agency = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Associated Press"}}
    assert choose_authors(meta_of(ld(agency)), RULES) == ([], "none")
    # a person named anywhere beats the credit
    meta = meta_of(ld(org), "<div class='byline'>By Jane Doe</div>")
    assert choose_authors(meta, RULES, ("Daily Planet",)) == (["Jane Doe"], "byline-element")
    meta = meta_of(ld(org) + '<meta name="author" content="John Roe">')
    assert choose_authors(meta, RULES) == (["John Roe"], "meta:author")


def test_photo_credit_and_editor_bylines_name_no_author() -> None:
    meta = meta_of(body="<div class='byline'>Foto: Mads Rasmussen</div><div class='byline'>Editor: Jane Roe</div>"
                   "<div class='byline'>By Jane Roe and John Doe</div>")
    assert choose_authors(meta, RULES) == (["John Doe"], "byline-element")


def test_author_names_in_other_languages_and_forms() -> None:
    meta = meta_of('<meta name="author" content="Sigrid Holm Jørgensen og Åse Vik-Hansen">')
    assert choose_authors(meta, RULES)[0] == ["Sigrid Holm Jørgensen", "Åse Vik-Hansen"]
    assert choose_authors(meta_of('<meta name="author" content="marla quinby">'), RULES)[0] == ["marla quinby"]
    assert choose_authors(meta_of(ld({"@type": "BlogPosting", "author": "ned-farrow"})), RULES)[0] == ["Ned Farrow"]
    assert choose_authors(meta_of('<meta name="author" content="신현주 기자">'), RULES)[0] == ["신현주"]


def test_one_word_names_after_a_marker_or_alone_in_the_first_byline() -> None:
    meta = meta_of(body="<p class='byline'>Posted by LeoKT on Friday December 19, 2025</p>")
    assert choose_authors(meta, RULES)[0] == ["LeoKT"]
    meta = meta_of(body="<span class='author'>Kev</span><span class='author'>Stacey</span>")
    assert choose_authors(meta, RULES)[0] == ["Kev"]
    # the place after a name is not a second author; a sentence opening with "By" names nobody
    assert clean_author_list(["Von Lena Vogt, Frankfurt"], RULES, single_first=True) == ["Lena Vogt"]
    assert clean_author_list(["By industry"], RULES, single_first=True) == []
    # lower case and glued words are metadata habits, not free text ones
    assert clean_author_list(["By combining structure"], RULES, single_first=True) == []


def test_byline_names_in_sibling_elements_are_a_list() -> None:
    meta = meta_of(body="<div class='article-byline'><div><span>Greta Lind</span> <span>Maria Luisa Conti</span>"
                        "</div></div>")
    assert meta.bylines == ("Greta Lind, Maria Luisa Conti",)
    meta = meta_of(body="<div class='byline'><span>Jane</span> <span>Doe</span></div>")
    assert meta.bylines == ("Jane Doe",)


def test_byline_under_the_headline_is_the_last_resort() -> None:
    body = "<h1>Fasting and blood pressure</h1><p>December 7, 2020 By Paul Hensley Is the author of a book</p>"
    assert choose_authors(meta_of(body=body), RULES) == (["Paul Hensley"], "after-headline")
    assert choose_authors(meta_of(body=body), RULES, header=False) == ([], "none")
    body = "<h1>Fasting and blood pressure</h1><p>By Cole Danner • January 5, 2026</p>"
    meta = meta_of('<meta name="author" content="John Roe">', body)
    assert choose_authors(meta, RULES) == (["John Roe"], "meta:author")
    # the site's own name, written longer under the headline, stays the site's name
    meta = meta_of('<meta name="author" content="Mark Aldous">',
                   "<h1>Europe in winter</h1><p>By Mark Aldous Travel</p>")
    assert choose_authors(meta, RULES, ("Mark Aldous",))[0] == ["Mark Aldous"]


def test_byline_markers_of_other_languages_under_the_headline() -> None:
    body = "<h1>Waffenlieferungen vor Gericht</h1><p>von Dr. Anna Beispiel 20.10.2025</p><p>Text.</p>"
    assert choose_authors(meta_of(body=body), RULES) == (["Dr. Anna Beispiel"], "after-headline")
    body = "<h1>Grève dans les transports</h1><p>Par Jeanne Exemple</p><p>12 mars 2024</p>"
    assert choose_authors(meta_of(body=body), RULES) == (["Jeanne Exemple"], "after-headline")
    # a space before the comma of a list of names ("Jana BEISPIEL , Marek MUSTER")
    body = ("<h1>Waffenlieferungen vor Gericht</h1><p>Von: Jana BEISPIEL , Marek MUSTER</p>"
            "<p>Übersetzung und Bearbeitung: Redaktion</p>")
    assert choose_authors(meta_of(body=body), RULES)[0] == ["Jana BEISPIEL", "Marek MUSTER"]
    # a preposition after a word is prose, not a byline
    body = "<h1>Die Lage im Osten</h1><p>Die Gebiete wurden von Ukrainische Truppen Befreit gemeldet.</p>"
    assert choose_authors(meta_of(body=body), RULES) == ([], "none")


def test_unmarked_name_opening_the_date_line_under_the_headline() -> None:
    body = ("<h1>Charging stations pass ten thousand</h1><p>The ministry counted them by region in its latest report "
            "on the network and its growth over the year.</p><div><span>Ayse Ornek</span> | <span>05.04.2025</span>"
            "</div><p>Text.</p>")
    assert choose_authors(meta_of(body=body), RULES) == (["Ayse Ornek"], "after-headline")
    # a lower-case word, or no number after the separator, is no name and date
    assert choose_authors(meta_of(body=body.replace("Ayse Ornek", "Top stories")), RULES) == ([], "none")
    assert choose_authors(meta_of(body=body.replace("05.04.2025", "Share")), RULES) == ([], "none")
    assert choose_authors(meta_of(body=body.replace("05.04.2025", "5 min read")), RULES) == ([], "none")


def test_editor_in_the_article_header_is_not_the_metadata_author() -> None:
    head = ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Tarmizi"}})
    header = ("<div><header><h1>Harbour bridge reopens after repairs</h1><div class='author'>Sari Wulandari</div>"
              "<div class='info-author'>Editor : <a class='author'>Tarmizi</a></div></header></div>")

    def authors(body: str) -> tuple[str, ...]:
        tree = lxml_html.fromstring(f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>")
        return page_hints(read_page_meta(tree, with_bylines=False), None, None, RULES, tree).authors

    assert authors(header) == ("Sari Wulandari",)
    # the editor is the only one the header names: the metadata's author stands
    assert authors(header.replace("<div class='author'>Sari Wulandari</div>", "")) == ("Tarmizi",)
    # a byline element outside the article header is not read when the metadata names the author
    assert header_byline_texts(lxml_html.fromstring(f"<html><body>{header}</body></html>"))[0] == "Sari Wulandari"


def test_by_menus_and_sentences_are_not_bylines() -> None:
    meta = meta_of(body="<li>By Role</li><li>By Industry</li><li>By Need</li>")
    assert choose_authors(meta, RULES) == ([], "none")
    meta = meta_of(body="<h1>Going zero waste</h1><p>Written By I dove into the zero waste life in 2015.</p>")
    assert choose_authors(meta, RULES) == ([], "none")
    meta = meta_of(body="<h1>Cloud computing in 2025</h1><p>Tech Writer. Articles by Celine Moreau</p>")
    assert choose_authors(meta, RULES) == ([], "none")
    meta = meta_of(body="<h1>Storm hits the coast</h1><p>By Associated Press Adriane Smith contributed</p>")
    assert choose_authors(meta, RULES) == ([], "none")


def test_date_in_a_byline_is_not_split_into_names() -> None:
    assert clean_author_list(["Dec. 19, 2025 · Ivo Petrakis on behalf of the team"], RULES) == ["Ivo Petrakis"]


def test_byline_label_then_name_in_next_element() -> None:
    meta = meta_of(body="<div><p class='x'>Written by</p><p>Rey Dalisay</p></div>")
    assert meta.bylines == ("Rey Dalisay",)


def test_author_profile_url_in_meta_is_skipped() -> None:
    meta = meta_of('<meta property="article:author" content="https://facebook.com/jane.doe">')
    assert choose_authors(meta, RULES) == ([], "none")


# ------------------------------------------------------------------------------------------ date
def test_date_shown_after_the_headline_when_metadata_has_none() -> None:
    body = ("<article><header><h1>Token batching for embeddings</h1><div><span>December 18, 2025</span>"
            "<script>var d = '2020-01-01';</script><span> · 3 min read</span></div></header>"
            "<p>Text.</p></article>")
    meta = meta_of(body=body)
    assert "December 18, 2025" in meta.header_text and "2020" not in meta.header_text
    assert choose_date(meta, "2025-12-17", RULES) == ("2025-12-18", "after-headline")
    # a date shown with the headline beats the metadata's published date...
    meta = meta_of('<meta property="article:published_time" content="2025-11-02">', body)
    assert choose_date(meta, "2025-11-02", RULES) == ("2025-12-18", "after-headline")
    # ...unless the header shows the metadata's date too, or a day from it (another time zone)
    shown_both = body.replace("December 18, 2025", "December 18, 2025 · November 2, 2025")
    meta = meta_of('<meta property="article:published_time" content="2025-11-02">', shown_both)
    assert choose_date(meta, "2025-11-02", RULES) == ("2025-11-02", "htmldate")
    meta = meta_of('<meta property="article:published_time" content="2025-12-19T01:00:00+09:00">', body)
    assert choose_date(meta, "2025-12-19", RULES) == ("2025-12-19T01:00:00+09:00", "htmldate")


def test_update_label_and_published_label_in_the_header() -> None:
    published = '<meta property="article:published_time" content="2024-03-01">'
    updated = "<h1>Token batching for embeddings</h1><p>By Jo Roe · Updated on May 2, 2024</p><p>Text.</p>"
    assert choose_date(meta_of(published, updated), "2024-03-01", RULES) == ("2024-03-01", "htmldate")
    both = "<h1>Token batching for embeddings</h1><p>Updated May 2, 2024 · Originally published April 9, 2024</p>"
    assert choose_date(meta_of(published, both), "2024-03-01", RULES) == ("2024-04-09", "after-headline")
    # with no date in the metadata, even an update date by the headline beats htmldate's guess
    assert choose_date(meta_of(body=updated), "2020-01-01", RULES) == ("2024-05-02", "after-headline")


def test_update_date_shown_alone_beats_a_jsonld_published_date_but_not_a_meta_tag() -> None:
    created = ld({"@type": "Article", "datePublished": "2021-03-01T10:00:00+00:00"})
    updated = "<h1>Token batching for embeddings</h1><p>By Jo Roe · Last updated: Sep 4, 2025</p><p>Text.</p>"
    assert choose_date(meta_of(created, updated), "2021-03-01", RULES) == ("2025-09-04", "after-headline")
    # a published-time meta tag states the publication: it stands
    tagged = created + '<meta property="article:published_time" content="2021-03-01T10:00:00+00:00">'
    assert choose_date(meta_of(tagged, updated), "2021-03-01", RULES)[0] == "2021-03-01T10:00:00+00:00"
    # a published date shown beside the update date is the one taken
    both = "<h1>Token batching for embeddings</h1><p>Updated Sep 4, 2025 · Published March 2, 2021</p>"
    assert choose_date(meta_of(created, both), "2021-03-01", RULES) == ("2021-03-02", "after-headline")


def test_date_shown_above_the_headline() -> None:
    body = "<nav>Home</nav><div><p>Feb 4, 2025 · 11 min read</p><h1>Cloud computing in 2025</h1></div><p>Text.</p>"
    meta = meta_of(body=body)
    assert meta.above_header_text.endswith("Feb 4, 2025 · 11 min read")
    assert choose_date(meta, "2025-04-06", RULES) == ("2025-02-04", "above-headline")


def test_day_and_month_order_decided_by_machine_readable_dates() -> None:
    # htmldate read "10/12/2023" day first; the page's <time datetime> says October 12th
    meta = meta_of(body="<time datetime='2023-10-12T19:38:01Z'>10/12/2023</time><p>Text.</p>")
    assert choose_date(meta, "2023-12-10", RULES) == ("2023-10-12", "htmldate")
    assert choose_date(meta, "2023-12-25", RULES) == ("2023-12-25", "htmldate")


def test_webpage_published_date_when_htmldate_took_the_last_change() -> None:
    graph = ld({"@graph": [{"@type": "WebPage", "datePublished": "2021-01-27T06:00:00+00:00",
                            "dateModified": "2021-04-15T00:07:20+00:00"}]})
    meta = meta_of(graph + '<meta property="article:modified_time" content="2021-04-15T00:07:20+00:00">')
    assert meta.page_dates == ("2021-01-27T06:00:00+00:00", "2021-04-15T00:07:20+00:00")
    assert choose_date(meta, "2021-04-15", RULES) == ("2021-01-27T06:00:00+00:00", "json-ld:webpage")
    assert choose_date(meta, None, RULES) == ("2021-01-27T06:00:00+00:00", "json-ld:webpage")


def test_date_order_and_validation() -> None:
    meta = meta_of(ld({"@type": "NewsArticle", "datePublished": "2024-03-05T09:30:00+01:00"})
                   + '<meta property="article:published_time" content="2024-03-04">')
    assert choose_date(meta, "2024-01-02", RULES) == ("2024-01-02", "htmldate")
    # the same day in a tag adds its time and offset; without htmldate, JSON-LD comes before meta tags
    assert choose_date(meta, "2024-03-05", RULES) == ("2024-03-05T09:30:00+01:00", "htmldate")
    assert choose_date(meta, None, RULES) == ("2024-03-05T09:30:00+01:00", "json-ld")


def test_future_date_is_rejected() -> None:
    meta = meta_of('<meta property="article:published_time" content="2031-05-01">')
    assert choose_date(meta, "2024-01-02", RULES, not_after=dt.date(2025, 1, 1)) == ("2024-01-02", "htmldate")


def test_year_only_answer_of_htmldate_is_not_a_day() -> None:
    assert choose_date(meta_of(), "2019-01-01", RULES) == (None, "none")


def test_section_from_jsonld_then_meta() -> None:
    assert choose_section(meta_of(ld({"@type": "Article", "articleSection": "Sport"}))) == "Sport"
    assert choose_section(meta_of('<meta property="article:section" content="Politik">')) == "Politik"
    assert choose_section(meta_of()) is None


# ------------------------------------------------------------------------------------------ labels
def test_html_context_pass_keeps_short_body_blocks() -> None:
    texts = [
        "Storm hits coast",
        "By Jane Doe",
        "March 5, 2024",
        "The storm reached the coast on Monday night, the weather service said in a statement.",
        "What happens next",
        "Crews will clear the roads.",
        "Jane Doe may be reached at jane@example.com.",
    ]
    blocks = [Block.make(t, i, tag="h1" if i == 0 else "p") for i, t in enumerate(texts)]
    kinds = [lab.kind for lab in label_html_blocks(blocks, RULES, title="Storm hits coast", authors=["Jane Doe"])]
    assert kinds == ["title", "byline", "date", "body", "body", "body", "footer"]


def test_visible_headline_is_not_body_when_the_title_is_worded_differently() -> None:
    prose = "The storm reached the coast on Monday night, the weather service said in a statement."
    blocks = [Block.make(t, i, tag="p") for i, t in enumerate(["Storm hits the coast tonight", prose])]
    labels = label_html_blocks(blocks, RULES, title="Storm damage: coast towns cut off")
    assert [lab.kind for lab in labels] == ["body", "body"]
    labels = label_html_blocks(blocks, RULES, title="Storm damage: coast towns cut off",
                               headlines=["Storm hits the coast tonight"])
    assert [lab.kind for lab in labels][1] == "body" and labels[0].kind != "body"


def test_html_context_pass_bare_values() -> None:
    prose = "The storm reached the coast on Monday night, the weather service said in a statement."
    texts = ["https://example.com/storm", prose, "https://example.com/more", "2019-11-19T08:57:40+01:00", prose]
    blocks = [Block.make(t, i, tag="p") for i, t in enumerate(texts)]
    kinds = [lab.kind for lab in label_html_blocks(blocks, RULES)]
    # a link above the story is metadata; a link inside it is what the story points to; a repeat stays
    assert kinds == ["other", "body", "body", "other", "body"]


def test_a_bold_author_label_in_a_fact_box_marks_the_name_after_it() -> None:
    body = ("<ul><li><strong>Datum</strong> 12.03.2024</li><li><strong>Autorin/Autor</strong>\nGreta Lind\n</li></ul>"
            "<dl><dt>Author:</dt><dd>Ravi Menon</dd></dl>")
    meta = meta_of(body=body)
    assert meta.bylines == ("Autorin/Autor Greta Lind", "Ravi Menon")
    assert choose_authors(meta, RULES)[0] == ["Greta Lind"]


def test_an_author_that_names_the_sites_own_address_is_the_outlets_credit() -> None:
    # the metadata credits the outlet by name and address; a person labelled in the page wins over it
    head = '<meta name="author" content="Metro News (www.metro-news.example)">'
    sites = ("www.metro-news.example", "metro-news.example", "metro-news")
    assert choose_authors(meta_of(head), RULES, sites) == (["Metro News"], "credit:meta:author")
    meta = meta_of(head, "<ul><li><strong>Author</strong> Greta Lind</li></ul>")
    assert choose_authors(meta, RULES, sites) == (["Greta Lind"], "byline-element")
    # a person beside the address is still the author
    meta = meta_of('<meta name="author" content="Greta Lind, metro-news.example">')
    assert choose_authors(meta, RULES, sites)[0] == ["Greta Lind"]
