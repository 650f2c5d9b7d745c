"""HTML pages end to end: metadata hints, blocks from trafilatura, the HTML context pass, the fallback.

Fixtures are small hand-written pages; each test pins one behaviour that a regression would break.
"""

from __future__ import annotations

import json

import pytest

import cleaner
from cleaner.pipeline import sniff
from cleaner.read.html import body_blocks, read_html

PARAS = [
    "The city council voted on Tuesday to expand the bus network to three new districts next spring.",
    "Officials said the plan would cost about 40 million euros and add 120 drivers to the payroll.",
    "Opposition members argued that the money should go to repairing existing roads instead.",
    "The first new routes are expected to open in March, according to the transport department.",
    "Residents of the districts have asked for better connections to the city centre for years.",
]


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f"<!DOCTYPE html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>"


def article(*extra_before: str, extra_after: str = "", h1: str = "Council expands bus network") -> str:
    paras = "".join(f"<p>{p}</p>" for p in PARAS)
    return f"<article><h1>{h1}</h1>{''.join(extra_before)}{paras}{extra_after}</article>"


JSONLD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Council expands bus network",
    "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"},
               {"@type": "Organization", "name": "Daily Planet"}],
    "datePublished": "2024-03-05T09:30:00+01:00",
    "articleSection": "Local",
    "publisher": {"@type": "Organization", "name": "Daily Planet"},
}


def jsonld_head(data: dict = JSONLD) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_jsonld_gives_title_authors_date_section() -> None:
    rec = cleaner.clean(page(article(), jsonld_head() + "<title>Council expands bus network | Daily Planet</title>"))
    assert rec.title == "Council expands bus network"
    assert rec.authors == ("Jane Doe", "John Roe")  # the Organization author is a credit, not a person
    assert rec.date == "2024-03-05T09:30:00+01:00"
    assert rec.section == "Local"
    assert rec.body.split("\n\n") == PARAS  # the headline is the title, not body


def test_meta_tags_when_no_jsonld() -> None:
    head = (
        '<meta property="og:title" content="Council expands bus network - Daily Planet">'
        '<meta property="og:site_name" content="Daily Planet">'
        '<meta name="author" content="By JANE DOE, Staff Writer">'
        '<meta property="article:published_time" content="2024-03-05">'
        '<meta property="article:section" content="Local">'
    )
    rec = cleaner.clean(page(article(h1="Council expands bus network"), head))
    assert rec.title == "Council expands bus network"
    assert rec.authors == ("Jane Doe",)
    assert rec.date == "2024-03-05"
    assert rec.section == "Local"


def test_site_name_suffix_is_stripped_without_h1() -> None:
    body = "<div>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
    rec = cleaner.clean(page(body, "<title>Council expands bus network | Daily Planet</title>"))
    assert rec.title == "Council expands bus network"


def test_h1_kicker_is_dropped_when_meta_title_has_none() -> None:
    h1 = "<span class='kicker'>Transport</span>Council expands bus network"
    head = '<meta property="og:title" content="Council expands bus network">'
    rec = cleaner.clean(page(article(h1=h1), head))
    assert rec.title == "Council expands bus network"


def test_byline_element_and_agency_are_not_authors() -> None:
    head = '<meta name="author" content="Associated Press">'
    rec = cleaner.clean(page(article("<p class='byline'>By Jane Doe and John Roe</p>"), head))
    assert rec.authors == ("Jane Doe", "John Roe")
    assert rec.byline == "By Jane Doe and John Roe"
    assert "By Jane Doe" not in rec.body


def test_future_date_and_copyright_year_are_not_dates() -> None:
    data = dict(JSONLD, datePublished="2999-01-01T00:00:00Z")
    rec = cleaner.clean(page(article(extra_after="<p>© 2019 Daily Planet</p>"), jsonld_head(data)))
    assert rec.date is None or not rec.date.startswith("2999")
    assert rec.date is None or not rec.date.startswith("2019")


def test_caption_related_share_newsletter_left_in_are_removed() -> None:
    extra = (
        "<p>Share on Facebook</p>"
        "<p>Buses wait at the central station on Monday. (AP Photo/Jane Doe)</p>"
        "<h2>Read more</h2><ul><li>Tram line closes for repairs</li><li>New bike lanes planned downtown</li></ul>"
        "<p>Sign up for our newsletter to get the latest local news.</p>"
    )
    rec = cleaner.clean(page(article(extra_after=extra), jsonld_head()))
    kinds = {r.text: r.kind for r in rec.removed}
    assert kinds.get("Share on Facebook") == "share"
    assert kinds.get("Buses wait at the central station on Monday. (AP Photo/Jane Doe)") == "caption"
    assert kinds.get("Tram line closes for repairs") == "related"
    assert kinds.get("Sign up for our newsletter to get the latest local news.") == "newsletter"
    assert rec.body.split("\n\n") == PARAS


def test_dateline_split_off_in_html() -> None:
    first = "BERLIN (AP) — " + PARAS[0]
    body = f"<article><h1>Council expands bus network</h1><p>{first}</p>" + "".join(
        f"<p>{p}</p>" for p in PARAS[1:]
    ) + "</article>"
    rec = cleaner.clean(page(body, jsonld_head()))
    assert rec.dateline is not None
    assert (rec.dateline.text, rec.dateline.place, rec.dateline.agency) == ("BERLIN (AP) —", "Berlin", "AP")
    assert rec.body.split("\n\n")[0] == PARAS[0]


def test_blocks_carry_tags() -> None:
    extra = "<ul><li>One item of a list in the story.</li></ul><blockquote>A quote.</blockquote>"
    html = page(article(extra_after=extra))
    blocks, hints = read_html(html)
    tags = {b.text: b.tag for b in blocks}
    assert hints.mode == "html"
    assert tags["Council expands bus network"] == "h1"
    assert tags[PARAS[0]] == "p"
    assert tags["One item of a list in the story."] == "li"


def test_body_blocks_split_line_breaks() -> None:
    from lxml import etree

    body = etree.fromstring("<body><p>First line<lb/>second line</p><list><item>a b</item></list></body>")
    blocks = body_blocks(body)
    assert [(b.text, b.tag, b.gap_before) for b in blocks] == [
        ("First line", "p", True),
        ("second line", "p", False),
        ("a b", "li", True),
    ]


def test_fragment_falls_back_to_text_pipeline() -> None:
    html = "<div><p>" + PARAS[0] + "</p><p>" + PARAS[1] + "</p></div>"
    rec = cleaner.clean(html, fmt="html")
    assert rec.body.split("\n\n") == PARAS[:2]
    assert not rec.reason


def test_tiny_page_falls_back() -> None:
    rec = cleaner.clean("<p>Just one line of text in a fragment.</p>", fmt="html")
    assert rec.body == "Just one line of text in a fragment."


GERMAN = [
    "Der Stadtrat hat am Dienstag beschlossen, das Busnetz im nächsten Frühjahr auf drei neue Bezirke auszuweiten.",
    "Die Kosten für den Plan liegen nach Angaben der Stadt bei etwa 40 Millionen Euro, und es werden 120 Fahrer",
    "eingestellt. Die Opposition wollte das Geld lieber für die Reparatur der bestehenden Straßen ausgeben.",
]


def test_page_that_writes_its_text_with_a_script_keeps_its_fields() -> None:
    # no visible text at all (an app shell); the metadata still names the story's title, author and date
    page = (
        "<html><head><meta property='og:title' content='Harbour bridge reopens after repairs'>"
        "<meta name='author' content='Jane Doe'>"
        "<meta property='article:published_time' content='2024-05-02T08:00:00+00:00'></head>"
        "<body><div id='root'></div><script>window.__DATA__ = {\"text\": \"...\"};</script></body></html>"
    )
    record = cleaner.clean(page, fmt="html")
    assert record.body == "" and record.reason == "empty input"
    assert record.title == "Harbour bridge reopens after repairs"
    assert record.authors == ("Jane Doe",) and record.date == "2024-05-02T08:00:00+00:00"


def test_declared_language_is_used_when_the_text_fits() -> None:
    body = "<article><h1>Busnetz wird erweitert</h1>" + "".join(f"<p>{p}</p>" for p in GERMAN) + "</article>"
    assert cleaner.clean(page(body, lang="de-AT")).language == "de"
    # a template's default declaration on a page in another language: the text decides
    assert cleaner.clean(page(article(), jsonld_head(), lang="de")).language == "en"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (page(article()), "html"),
        ("<p>a</p><div>b</div><span>c</span>", "html"),
        ("MOSCOW (AP) — Putin said on Wednesday that he would visit China.\n\nShare\n", "text"),
        ("Prices rose 3% <b>today</b>, the agency said.", "text"),
    ],
)
def test_sniff(text: str, kind: str) -> None:
    assert sniff(text) == kind


def test_auto_detects_both_kinds() -> None:
    html = page(article(), jsonld_head())
    as_auto, as_html = cleaner.clean(html, fmt="auto"), cleaner.clean(html, fmt="html")
    assert as_auto == as_html
    text = "BERLIN (AP) — " + PARAS[0] + "\n\n" + PARAS[1] + "\n"
    as_auto, as_text = cleaner.clean(text, fmt="auto"), cleaner.clean(text, fmt="text")
    assert as_auto == as_text
    assert as_auto.dateline is not None and as_auto.dateline.place == "Berlin"


def test_explain_names_rule_for_every_block() -> None:
    rows = cleaner.explain(page(article(extra_after="<p>Share on Facebook</p>"), jsonld_head()))
    assert rows[0].kind == "title"
    assert all(row.rule for row in rows)
    assert ("share", "Share on Facebook") in {(r.kind, r.text) for r in rows}


def test_same_bytes_every_time() -> None:
    html = page(article(), jsonld_head()).encode()
    assert cleaner.clean(html).to_json() == cleaner.clean(html).to_json()


def test_mojibake_in_blocks_is_repaired() -> None:
    broken = "Russiaâ€™s president said on Wednesday that the visit to China would take place in October."
    rec = cleaner.clean(page(article(extra_after=f"<p>{broken}</p>")))
    assert "Russia’s president said on Wednesday" in rec.body
    assert "â€™" not in rec.body


def test_author_bio_and_disclaimer_at_the_end_are_removed() -> None:
    bio = "Jane Doe is a reporter who covers city hall and transport for the Daily Planet since 2015."
    note = "Disclaimer: This article is for general informational purposes only and is not legal advice."
    rec = cleaner.clean(page(article(extra_after=f"<p>{note}</p><p>{bio}</p>"), jsonld_head()))
    kinds = {r.text: (r.kind, r.rule) for r in rec.removed}
    assert kinds[bio] == ("footer", "author-bio")
    assert kinds[note][0] == "footer"
    assert rec.body.split("\n\n") == PARAS


def test_tiny_full_page_keeps_its_line() -> None:
    html = page("<nav><a href='/'>Home</a></nav><p>Short note: the office is closed on Monday.</p>",
                "<title>Office closed on Monday | Daily Planet</title>")
    rec = cleaner.clean(html)
    assert rec.body == "Short note: the office is closed on Monday."
    assert rec.title == "Office closed on Monday"


def test_page_trafilatura_refuses_falls_back_to_visible_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    html = page("<nav><a href='/'>Home</a></nav><div>" + "".join(f"<p>{p}</p>" for p in PARAS[:2]) + "</div>",
                "<title>Council expands bus network | Daily Planet</title>")
    _blocks, hints = read_html(html)
    assert hints.mode == "text"  # the visible lines go to the text pipeline
    rec = cleaner.clean(html)
    assert rec.body.split("\n\n") == PARAS[:2]
    assert rec.title == "Council expands bus network"
    assert [(r.kind, r.text) for r in rec.removed] == [("navigation", "Home")]


def test_removed_stays_in_document_order_when_a_standfirst_goes() -> None:
    """A standfirst before the dateline paragraph is removed where it stood, not at the end."""
    from cleaner.blocks import Block, Label
    from cleaner.pipeline import assemble
    from cleaner.read.html import Hints
    from cleaner.ruleset.load import load_rules

    texts = ["Share", "A short standfirst that sums the story up", "WASHINGTON (AP) — The Senate voted on Wednesday.",
             "Advertisement", "Lawmakers said the plan would fund schools and roads."]
    kinds = [("share", "en-share"), ("body", "prose"), ("body", "prose"), ("advertisement", "en-advertisement"),
             ("body", "prose")]
    blocks = [Block.make(t, i, tag="p") for i, t in enumerate(texts)]
    labels = [Label(k, r) for k, r in kinds]
    record = assemble(blocks, labels, Hints(mode="html"), load_rules(), rid="0" * 32, source=None, url=None)
    assert [r.text for r in record.removed] == ["Share", texts[1], "Advertisement"]
    assert record.dateline.place == "Washington"
