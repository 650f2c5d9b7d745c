"""The tree searches in C (cleaner/read/_find.c) find what their Python twins find; the page parser and the
shown-text XPath give what the code they replace gave.

Random trees mix what the byline test tells apart: classes and ids with "byline" or "author" in them,
rel and itemprop, texts that open with "By" in its spellings and white space, bold and term labels
("Author:", "AUTORIN/AUTOR"), scripts and articles (never bylines), nested bodies, comments, and elements
with many children. The real pages are the ones the tests keep (tests/data/pages).
"""

from __future__ import annotations

import gzip
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html
from trafilatura.utils import load_html

from cleaner.read import html as html_read
from cleaner.read import html_bylines, html_gaps
from cleaner.read.html_meta import _shown_texts, _text_before, _visible_text
from cleaner.read.html_parse import parse_page
from tests._trees import trees

C = html_bylines._C
needs_c = pytest.mark.skipif(C is None, reason="the C module is not built")
PAGES = sorted((Path(__file__).parent / "data" / "pages").glob("*.html.gz"))

TAGS = ["div", "p", "span", "blockquote", "h2", "table", "ul",
        "li", "address", "small", "em", "strong", "b", "dt", "th", "a", "script", "style",
        "article", "link", "body", "section", "h1", "template", "meta"]  # fmt: skip
TEXTS = ["By Jane Doe", " by  Jo Roe", "BY\tA B", "By:", "by: x", "Written by Kim", "Writtenby", "Author", "author:",
         " AUTORIN/AUTOR ", "Autor :", "a|author", "Byline", "Story", "y", "", " ", "\xa0By Jane"]  # fmt: skip
VALUES = ["byline", "post-author", "Author", "author", "yline", "uthor", "x", "", "by line"]

texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=6))
attributes = st.dictionaries(
    st.sampled_from(["class", "id", "rel", "itemprop", "content"]),
    st.one_of(st.sampled_from(VALUES), st.text(max_size=5)),
    max_size=3,
)


elements = partial(trees, TAGS, attributes, texts, children=5)


def _page(body: etree._Element) -> html.HtmlElement:
    """A page made by appending `body` to a parsed page's <body>, and the same tree as lxml builds it."""
    page = html.document_fromstring("<html><body></body></html>")
    page.find("body").append(body)
    return page


def _check_bylines(page: etree._Element) -> None:
    assert C.byline_elements(page, False) == html_bylines.BYLINE_XPATH(page)
    for element in page.iter():
        if isinstance(element.tag, str):
            assert C.byline_elements(element, True) == html_bylines.NEAR_BYLINE_XPATH(element)


@needs_c
@settings(max_examples=300, deadline=None)
@given(body=elements())
def test_random_trees_give_the_same_byline_elements(body: etree._Element) -> None:
    _check_bylines(_page(body))
    _check_bylines(etree.ElementTree(body).getroot())  # no <body>: nothing outside `near`


@needs_c
@settings(max_examples=200, deadline=None)
@given(markup=st.lists(st.sampled_from(["<p>", "</p>", "<span class='byline'>", "</span>", "<strong>", "</strong>",
                                         "By Jane", "Author:", "<!-- c -->", "<script>By x</script>", "<article>",
                                         "</article>", " one ", "<b>AUTOR</b>", "&nbsp;By Jo", "<body>", "<dt>"]),
                       max_size=30).map("".join))  # fmt: skip
def test_markup_as_a_parser_reads_it_gives_the_same_byline_elements(markup: str) -> None:
    _check_bylines(html.document_fromstring(f"<html><body>{markup or '<p></p>'}</body></html>"))


@needs_c
@settings(max_examples=200, deadline=None)
@given(body=elements(), limit=st.integers(0, 6))
def test_random_trees_give_the_same_crowded_elements(body: etree._Element, limit: int) -> None:
    page = _page(body)
    assert C.crowded_elements(page, limit) == [e for e in page.iter() if len(e) > limit]


@needs_c
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_pages_give_the_same_elements(path: Path) -> None:
    page = html.document_fromstring(gzip.decompress(path.read_bytes()))
    assert C.byline_elements(page, False) == html_bylines.BYLINE_XPATH(page)
    for limit in (3, 20, 1000):
        assert C.crowded_elements(page, limit) == [e for e in page.iter() if len(e) > limit]


@needs_c
def test_the_c_searches_refuse_what_is_not_an_lxml_element() -> None:
    for call in (lambda: C.byline_elements(object(), False), lambda: C.crowded_elements("<p>", 3)):
        with pytest.raises(TypeError):
            call()
    tree = etree.ElementTree(html.fromstring("<html><body><p class='byline'>By Jo Roe</p></body></html>"))
    assert html_bylines.byline_texts(tree) == ("By Jo Roe",)  # an ElementTree: the XPath reads it


def test_a_crowded_paragraph_is_flattened_the_same_with_or_without_c() -> None:
    markup = "<html><body><div id='c'>" + "<b>word</b> " * 1200 + "<div>kept box</div></div></body></html>"
    with_c, without = html.document_fromstring(markup), html.document_fromstring(markup)
    html_read.flatten_crowded(with_c)
    saved, html_read._C = html_read._C, None
    try:
        html_read.flatten_crowded(without)
    finally:
        html_read._C = saved
    assert etree.tostring(with_c) == etree.tostring(without)
    crowded = with_c.get_element_by_id("c")
    assert len(crowded) == 1 and crowded.text.startswith("word word") and crowded[0].text == "kept box"


def _paragraphs_both_ways(tree: etree._Element) -> None:
    """html_gaps' paragraph keys and elements, from the C search and from the Python loop."""
    keys, at = html_gaps._paragraph_keys(tree)
    saved, html_gaps._C = html_gaps._C, None
    try:
        py_keys, py_at = html_gaps._paragraph_keys(tree)
    finally:
        html_gaps._C = saved
    assert keys == py_keys
    for positions in (list(range(len(keys))), list(range(1, len(keys), 2)), []):
        assert at(positions) == py_at(positions)


@needs_c
@settings(max_examples=200, deadline=None)
@given(body=elements())
def test_random_trees_give_the_same_paragraphs(body: etree._Element) -> None:
    markup = etree.tostring(body, encoding="unicode", method="html")  # parsed, as pages are: lxml.html elements
    _paragraphs_both_ways(html.document_fromstring(f"<html><body>{markup}</body></html>"))


@needs_c
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_pages_give_the_same_paragraphs(path: Path) -> None:
    _paragraphs_both_ways(html.document_fromstring(gzip.decompress(path.read_bytes())))


def test_a_paragraph_key_reads_only_its_first_characters() -> None:
    """The C search cuts the text at KEY_CHARS characters, not bytes: a long run of 3-byte characters."""
    page = html.document_fromstring("<html><body><p>" + "語" * 500 + " end</p><li><p>held</p></li></body></html>")
    _paragraphs_both_ways(page)
    assert html_gaps._paragraph_keys(page)[0] == ["語" * html_gaps.KEY_CHARS, "held"]


# ------------------------------------------------------------------------------------------ the parser
ODD_PAGES = [
    "<html><body><p>Text</p></body></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>Declared</p></body></html>",  # lxml refuses this as str
    "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN'>\n<html><body><p>Doctype</p></body></html>",
    "<html/>\n<body><p>Self-closed html</p></body>",
    "<p>A fragment</p>",
    "just words, no markup at all",
    "<div><p>Two</p><p>blocks</p></div>",
    "<html><body><form><input name='q' value='v'><select><option>o</option></select></form></body></html>",
    "<html><body>\x00\x0bcontrol characters<p>x</p></body></html>",
]


@pytest.mark.parametrize("markup", [*ODD_PAGES, *(gzip.decompress(p.read_bytes()).decode() for p in PAGES)])
def test_parse_page_gives_trafilaturas_tree(markup: str) -> None:
    ours, theirs = parse_page(markup), load_html(markup)
    assert (ours is None) == (theirs is None)
    if ours is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert all(isinstance(e, html.HtmlElement) for e in ours.iter() if isinstance(e.tag, str))


# ------------------------------------------------------------------------------------------ shown text
@settings(max_examples=300, deadline=None)
@given(body=elements())
def test_the_shown_text_xpath_reads_what_the_walk_reads(body: etree._Element) -> None:
    page = _page(body)
    for element in page.iter():
        if not any(a.tag in ("script", "style", "noscript", "template") for a in element.iterancestors()):
            assert [t for t in _shown_texts(element) if t.strip()] == [t for t in _visible_text(element) if t.strip()]
    for h1 in page.iter("h1"):
        assert isinstance(_text_before(h1), str)
