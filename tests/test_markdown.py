"""Markdown: the body's structure kept in the record, rendered the same from the page and from the JSON."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

import cleaner
from cleaner.markdown import Shape, render_body
from cleaner.record import Record

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(
    lambda t: " ".join(t.split())
).filter(bool)
LINK = st.tuples(TEXT, st.sampled_from(["https://a.example/x", "https://b.example/y (1)", "/relative"]))
SHAPES = st.one_of(
    st.builds(
        Shape, st.sampled_from(["p", "h1", "h2", "h3", "h6", "blockquote"]), links=st.lists(LINK, max_size=2).map(tuple)
    ),
    st.builds(Shape, st.sampled_from(["li", "ol"]), depth=st.integers(0, 3)),
    st.builds(Shape, st.just("tr"), cells=st.lists(TEXT, min_size=1, max_size=4).map(tuple), head=st.booleans()),
    st.builds(Shape, st.just("pre"), code=st.text(min_size=0, max_size=30)),
)


@given(st.lists(st.tuples(TEXT, SHAPES), max_size=12), st.booleans())
def test_markdown_is_the_same_from_the_json_record(rows: list[tuple[str, Shape]], links: bool) -> None:
    body = "\n\n".join(t for t, _s in rows)
    record = Record(id="0" * 32, title="Storm", body=body, structure=tuple(s for _t, s in rows))
    again = Record.from_dict(json.loads(record.to_json()))
    assert again == record
    assert again.to_markdown(links=links) == record.to_markdown(links=links)
    assert again.to_markdown(front_matter=False) == render_body(record.body, record.structure)


@given(st.lists(st.tuples(TEXT, SHAPES), max_size=12))
def test_every_heading_is_a_heading_and_no_paragraph_becomes_one(rows: list[tuple[str, Shape]]) -> None:
    md = render_body("\n\n".join(t for t, _s in rows), tuple(s for _t, s in rows))
    headings = re.findall(r"^#{1,6} ", md, re.M)
    assert len(headings) == sum(1 for _t, s in rows if s.tag.startswith("h"))


def test_record_without_structure_is_plain_paragraphs() -> None:
    record = Record(id="0" * 32, body="# not a heading\n\nSecond paragraph")
    assert record.to_markdown(front_matter=False) == "\\# not a heading\n\nSecond paragraph"


def test_front_matter_is_yaml_of_the_fields() -> None:
    record = Record(id="0" * 32, title='A "quoted" title', authors=("Jane Doe",), tags=("storm", "coast"), body="Text")
    md = record.to_markdown()
    assert md.startswith('---\ntitle: "A \\"quoted\\" title"\nauthors: ["Jane Doe"]\n')
    assert 'tags: ["storm", "coast"]' in md
    assert md.endswith("---\n\nText")


PAGE = """<html><head><title>Rail plan</title><link rel="canonical" href="/rail-plan">
<meta property="og:site_name" content="City Post"><meta name="keywords" content="rail, trains, Rail">
<meta property="og:image" content="/img/rail.jpg"><meta name="description" content="What the plan holds."></head>
<body><article><h1>Rail plan approved</h1>
<p>The council approved the new rail plan on Tuesday after a long debate about costs and timing.</p>
<h2>What changes</h2>
<p>Three new lines will open, the <a href="/transport">transport office</a> said in a statement on Tuesday.</p>
<ul><li>A line to the airport by the end of next year</li><li>A line to the harbour in two years</li></ul>
<table><tr><th>Line</th><th>Opens</th></tr><tr><td>Airport</td><td>2026</td></tr><tr><td>Harbour</td><td>2027</td></tr></table>
<blockquote>We waited twenty years for this, a resident said outside the town hall.</blockquote>
<p>The works start in spring, and the first trains are expected to run before the summer of next year.</p>
</article></body></html>"""


def test_page_structure_reaches_markdown_and_survives_json() -> None:
    record = cleaner.clean(PAGE, url="https://citypost.example/news/rail")
    md = record.to_markdown(front_matter=False, links=True)
    assert "## What changes" in md
    assert "- A line to the airport by the end of next year" in md
    assert "| Line | Opens |\n| --- | --- |\n| Airport | 2026 |" in md
    assert "> We waited twenty years" in md
    assert "[transport office](https://citypost.example/transport)" in md
    assert "[transport" not in record.to_markdown(front_matter=False)  # links only when asked
    assert "What changes" in record.paragraphs  # body stays plain paragraphs
    assert Record.from_dict(json.loads(record.to_json())).to_markdown(links=True) == record.to_markdown(links=True)


def test_page_metadata_fields() -> None:
    record = cleaner.clean(PAGE, url="https://citypost.example/news/rail?utm=x")
    assert record.canonical_url == "https://citypost.example/rail-plan"
    assert record.url == "https://citypost.example/news/rail?utm=x"
    assert record.site_name == "City Post"
    assert record.description == "What the plan holds."
    assert record.image == "https://citypost.example/img/rail.jpg"
    assert record.tags == ("rail", "trains")
    assert record.schema_version == "1.1"


def test_explain_lists_every_block_and_the_field_sources() -> None:
    from cleaner.explanation import explain_page

    page = explain_page(PAGE, url="https://citypost.example/news/rail")
    record = cleaner.clean(PAGE, url="https://citypost.example/news/rail")
    assert [r.text for r in page.blocks if r.kind == "body"] == record.paragraphs
    assert [r.text for r in page.blocks if r.kind not in ("body", "title", "byline", "date", "section")] == [
        r.text for r in record.removed
    ]
    fields = {f.field: f for f in page.fields}
    assert fields["canonical_url"].source == "link:canonical"
    assert fields["title"].value == record.title
    assert ("<title>", "Rail plan") in fields["title"].candidates


def test_cli_writes_one_markdown_file_per_page(tmp_path, capsys) -> None:
    from cleaner.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "rail.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(raw), "-o", str(out), "--to", "markdown", "--links", "--jobs", "1"]) == 0
    text = (out / "rail.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ") and "## What changes" in text
    assert "[transport office](/transport)" in text  # no --url: the link as the page wrote it
    assert main([str(raw), "-o", str(out), "--to", "markdown", "--links", "--jobs", "1"]) == 0
    assert "0 cleaned, 1 skipped" in capsys.readouterr().err


def test_cli_refuses_links_without_markdown(tmp_path) -> None:
    import pytest

    from cleaner.cli import main

    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main([str(page), "--links"])
    assert exc.value.code == 2


def test_page_metadata_sources_fall_back_and_never_invent() -> None:
    from cleaner.read.html_about import choose_about
    from cleaner.read.html_meta import PageMeta

    about = choose_about(PageMeta(meta={"og:url": ("https://a.example/x",)}, canonical="/y"), None)
    assert about.canonical_url == "https://a.example/x"  # a relative canonical with no URL to resolve it: og:url
    assert dict(about.sources)["canonical_url"] == "og:url"
    empty = choose_about(PageMeta(), "https://a.example/x")
    assert (empty.canonical_url, empty.site_name, empty.description, empty.image, empty.tags) == (None,) * 4 + ((),)


def test_the_site_name_is_never_the_title() -> None:
    page = PAGE.replace("<title>Rail plan</title>", "<title>City Post</title>").replace(
        "<h1>Rail plan approved</h1>", ""
    )
    record = cleaner.clean(page, url="https://citypost.example/news/rail")
    assert record.title != "City Post"
