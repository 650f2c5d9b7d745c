"""The page walk in C (cleaner/read/_walk.c) gives the lines html_walk.py's Python walk gives.

Random pages mix what the walk tells apart: block and inline elements, links with and without an address,
elements that name a region by tag, class, id or role, hidden ones (attribute, aria-hidden, display:none,
template and noscript), scripts and comments between text, headings, white space of every kind, and text in
other scripts. The real pages are the ones the tests keep (tests/data/pages).
"""

from __future__ import annotations

import gzip
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree, html

from cleaner import load_rules
from cleaner.read import html_walk
from cleaner.read.html_walk import page_lines
from tests._trees import trees

C = html_walk._C
needs_c = pytest.mark.skipif(C is None, reason="the C module is not built")
REGIONS = load_rules().page_regions
PAGES = sorted((Path(__file__).parent / "data" / "pages").glob("*.html.gz"))

TAGS = [
    "div", "p", "span", "a", "nav", "footer", "aside", "section", "li", "ul", "h1", "h2", "h3", "br", "b",
    "button", "img", "script", "style", "template", "noscript", "figure", "figcaption", "table", "tr", "td",
    "header", "form", "label", "svg", "title", "option",
]  # fmt: skip
CLASS_WORDS = ["share", "share-buttons", "site-footer", "comment_list", "menu--social-media", "related", "x", "", "A"]
TEXTS = ["Home", "The storm hit the coast.", " ", "\n\t", "\xa0", "Москва", "中文", "😀", "a  b", "By Jane", "&", ""]

texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=6))
attributes = st.dictionaries(
    st.sampled_from(["class", "id", "role", "hidden", "aria-hidden", "style", "href"]),
    st.one_of(
        st.sampled_from(CLASS_WORDS),
        st.sampled_from(["navigation", "banner", "complementary", "true", "false", "display:none", "DISPLAY : None"]),
        st.text(max_size=8),
    ),
    max_size=3,
)


elements = partial(trees, TAGS, attributes, texts, children=4)


@needs_c
@settings(max_examples=300, deadline=None)
@given(body=elements())
def test_random_trees_give_the_same_lines(body: etree._Element) -> None:
    page = html.document_fromstring("<html><body></body></html>")
    page.find("body").append(html.fromstring(etree.tostring(body, encoding="unicode", method="html") or "<p></p>"))
    assert page_lines(page, REGIONS) == page_lines(page, REGIONS, pure_python=True)


@needs_c
@settings(max_examples=200, deadline=None)
@given(markup=st.lists(st.sampled_from(["<p>", "</p>", "<a href='/x'>", "</a>", "<div class='share'>", "</div>",
                                         "<br>", "<!-- c -->", "<nav>", "</nav>", "<span hidden>", "</span>", " one ",
                                         "two&nbsp;", "<h2>", "</h2>", "<script>x</script>", "<noscript>n</noscript>"]),
                       max_size=30).map("".join))  # fmt: skip
def test_markup_as_a_parser_reads_it_gives_the_same_lines(markup: str) -> None:
    """Unbalanced and nested markup as libxml2's HTML parser repairs it (text nodes side by side included)."""
    page = html.document_fromstring(f"<html><body>{markup or '<p></p>'}</body></html>")
    assert page_lines(page, REGIONS) == page_lines(page, REGIONS, pure_python=True)


@needs_c
@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_pages_give_the_same_lines(path: Path) -> None:
    page = html.document_fromstring(gzip.decompress(path.read_bytes()))
    lines = page_lines(page, REGIONS)
    assert lines and lines == page_lines(page, REGIONS, pure_python=True)


@needs_c
def test_the_c_walk_refuses_what_is_not_an_lxml_element() -> None:
    with pytest.raises(TypeError):
        C.page_lines(object(), *([frozenset()] * 5), {}, {}, str, str)
    page = html.document_fromstring("<html><body><nav><a href='/'>Home</a></nav><p>Text here.</p></body></html>")
    assert [line[:2] for line in page_lines(page, REGIONS)] == [("Home", "navigation-menu"), ("Text here.", "")]
