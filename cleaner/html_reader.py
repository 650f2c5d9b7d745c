"""The HTML front door: a page cut into blocks, plus metadata hints for the fields.

trafilatura finds the main content and the page's metadata; its text becomes blocks that go through
the same labelling as a text dump. A page trafilatura cannot read falls back to its visible text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block
from .normalise import clean_inline


@dataclass(frozen=True, slots=True)
class Hints:
    """What the page says about itself outside the body (meta tags, JSON-LD); all optional."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    section: str | None = None
    site_name: str | None = None
    notes: tuple[str, ...] = field(default=())


def read_html(html: str, url: str | None = None) -> tuple[list[Block], Hints]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception:  # trafilatura raises assorted errors on broken markup; the fallback still reads it
        doc = None
    if doc is None or not (doc.text or "").strip():
        return visible_text_blocks(html), Hints()
    blocks = [
        Block.make(clean_inline(line), i, tag="p")
        for i, line in enumerate(line for line in doc.text.split("\n") if line.strip())
    ]
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    section = (doc.categories or [None])[0] if getattr(doc, "categories", None) else None
    return blocks, Hints(title=doc.title, authors=authors, date=doc.date, section=section, site_name=doc.sitename)


def visible_text_blocks(html: str) -> list[Block]:
    """Every visible text block of a page, for pages trafilatura returns nothing for."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # empty or unparseable markup: no blocks
        return []
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    text = root.text_content()
    lines = [clean_inline(line) for line in text.split("\n")]
    return [Block.make(line, i) for i, line in enumerate(line for line in lines if line)]
