"""Random lxml trees for the tests that hold a C tree walk to its Python twin (test_speedups_walk/find.py)."""

from __future__ import annotations

from hypothesis import strategies as st
from lxml import etree


def xml_safe(text: str) -> str:
    """Text lxml accepts in a tree (no NUL, no control characters, no lone surrogates)."""
    return "".join(c for c in text if c in "\t\n\r" or (c >= " " and not 0xD800 <= ord(c) <= 0xDFFF and c != "\ufffe"))


def trees(
    tags: list[str], attributes: st.SearchStrategy, texts: st.SearchStrategy, *, depth: int = 4, children: int = 4
) -> st.SearchStrategy[etree._Element]:
    """Elements of `tags` with `attributes` and `texts` (text and tails), up to `depth` levels of up to
    `children` children each, a comment now and then among them."""

    @st.composite
    def element(draw: st.DrawFn, level: int = 0) -> etree._Element:
        node = etree.Element(draw(st.sampled_from(tags)))
        for name, value in draw(attributes).items():
            node.set(name, xml_safe(value))
        node.text = xml_safe(draw(texts)) or None
        if level < depth:
            for _ in range(draw(st.integers(0, children))):
                child = draw(element(level + 1)) if draw(st.integers(0, 5)) else etree.Comment("note")
                child.tail = xml_safe(draw(texts)) or None
                node.append(child)
        return node

    return element()
