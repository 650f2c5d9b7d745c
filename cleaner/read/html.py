"""The HTML front door: a page cut into blocks, plus metadata hints for the fields.

One parse of the page. Its metadata (meta tags, JSON-LD, h1, and byline elements when the metadata
names no author) and htmldate's publication date are read from that tree; trafilatura, given the same
tree (it cleans a copy), finds the main content, and its structured output (headings, paragraphs, list
items, quotes, table rows) becomes blocks with their tags. A page trafilatura cannot read (a fragment, a
tiny page) falls back to its visible text, cut into lines for the text pipeline.

    >>> blocks, hints = read_html("<p>Just one line of text in a fragment.</p>")
    >>> [b.text for b in blocks], hints.mode
    (['Just one line of text in a fragment.'], 'text')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from lxml.etree import _Element

from cleaner.blocks import Block
from cleaner.markdown import SHAPE_TAGS, Shape
from cleaner.normalise import clean_inline, normalise_text
from cleaner.read.html_about import About, choose_about, field_candidates, resolve_url
from cleaner.read.html_authors import CREDIT, choose_authors, only_site_names
from cleaner.read.html_bylines import byline_texts, header_byline_texts
from cleaner.read.html_dates import choose_date, choose_section
from cleaner.read.html_gaps import fill_gaps
from cleaner.read.html_meta import PageMeta, read_page_meta
from cleaner.read.html_parse import parse_page
from cleaner.read.html_regions import account_for_page
from cleaner.read.html_title import choose_title, host_names, meta_titles, site_names
from cleaner.ruleset.load import Rules, load_rules
from cleaner.speedups import load

_C = load("_find")  # flatten_crowded's search in C (cleaner/read/_find.c)

# trafilatura's output elements that are one block each, and the HTML tag a Block carries for them.
BLOCK_TAGS = {"p": "p", "item": "li", "quote": "blockquote", "code": "pre", "row": "tr", "head": "h2"}
# Elements that only hold blocks; their loose text is a paragraph of its own.
CONTAINER_TAGS = frozenset({"body", "doc", "main", "list", "table", "div", "article", "section", "text"})
# Elements of the visible-text fallback that end a line (everything else is inline).
LINE_TAGS = frozenset(
    {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section", "article",
        "header", "footer", "blockquote", "pre", "figcaption", "figure", "dt", "dd", "ul", "ol", "table",
        "main", "aside", "nav", "address", "hr", "form", "title",
    }
)  # fmt: skip
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
# Main content shorter than this is a tiny page (a notice, a stub); its visible lines, labelled like a text
# dump, keep navigation and the one real line apart better than trafilatura's last-resort pass does.
TINY_PAGE_CHARS = 200
# libxml2 stops parsing at an attribute value of 10 MB, and the rest of the page is lost; no attribute of
# a page holds text worth reading past this size (a data: URI, a JSON blob), so such values are emptied.
# The pattern starts with a quote and stops at the next one: one pass over the page.
MAX_ATTRIBUTE_CHARS = 1_000_000
HUGE_ATTRIBUTE = re.compile(rf"""(?<==)"[^"]{{{MAX_ATTRIBUTE_CHARS},}}"|(?<==)'[^']{{{MAX_ATTRIBUTE_CHARS},}}'""")
# A tag of more than LONG_TAG_CHARS characters with more than MAX_ATTRIBUTES attributes loses them all:
# libxml2 parses a tag's attributes in n² time (20 000 attributes: 1.2 s, and four times that for twice as
# many). The pattern starts at a tag and stops at the next angle bracket: one pass over the page.
LONG_TAG_CHARS = 20_000
MAX_ATTRIBUTES = 1000
LONG_TAG = re.compile(rf"<([a-zA-Z][\w:-]*)\s[^<>]{{{LONG_TAG_CHARS},}}>")
# An element with more children than this has its inline elements flattened to text (see flatten_crowded).
MAX_CHILDREN = 1000
INLINE_TAGS = (
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var",
    "wbr", "nobr", "img",
)  # fmt: skip
HEADING_REND = re.compile(r"^h([1-6])$")
MAX_HEADLINES = 1  # the first h1 only: pages with several use h1 for headings and related stories too


@dataclass(frozen=True, slots=True)
class Hints:
    """What the page says about itself outside the body (meta tags, JSON-LD); all optional.

    `mode` is "html" when the blocks are trafilatura's main content, "text" when they are the visible
    text of a page it could not read (they are then labelled like a text dump). `sources` names where
    each field came from ("title": "h1", "date": "json-ld"...), for explanations.
    """

    title: str | None = None
    headlines: tuple[str, ...] = ()  # the page's other titles (h1s, og:title...), which a title block may repeat
    authors: tuple[str, ...] = ()
    byline: str | None = None  # a byline element's text that names the authors ("By Jane Doe, Reuters")
    date: str | None = None
    section: str | None = None
    site_name: str | None = None
    language: str | None = None
    mode: str = "text"
    sources: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = field(default=())
    about: About = field(default_factory=About)  # canonical URL, site name, description, image, tags
    # (field, source, value) of every candidate the page offered for a field, for explanations
    candidates: tuple[tuple[str, str, str], ...] = ()
    # what a kept block was on the page beyond its tag (list depth, table cells, code, links), by its text
    shapes: tuple[tuple[str, Shape], ...] = ()


def read_html(html: str, url: str | None = None, rules: Rules | None = None) -> tuple[list[Block], Hints]:
    from trafilatura import bare_extraction

    if len(html) > MAX_ATTRIBUTE_CHARS:
        html = HUGE_ATTRIBUTE.sub(_emptied, html)
    if len(html) > LONG_TAG_CHARS:
        html = LONG_TAG.sub(_without_crowded_attributes, html)
    try:
        tree = parse_page(html)  # as trafilatura parses it, with cheaper element objects (html_parse.py)
    except Exception:  # lxml raises assorted errors on broken markup; the fallback still reads it
        tree = None
    if tree is None:  # a fragment or not HTML at all: trafilatura refuses it, its visible text does not
        return visible_text_blocks(html), Hints(mode="text")
    flatten_crowded(tree)
    meta = read_page_meta(tree, with_bylines=False)
    found_date = htmldate_of(tree, url or meta.first("og:url"))  # a date in the URL counts too
    try:
        # Metadata comes from read_page_meta and htmldate above, so trafilatura only finds the main
        # content (its own metadata pass would cost a third of its time for fields we read anyway).
        # output_format="txt": the same extraction, but bare_extraction then skips rendering the body as
        # text (we read its XML tree), a tenth of its time. It copies a tree it is given before cleaning
        # it, so `tree` stays whole for the fallback.
        doc = bare_extraction(
            tree, url=url, with_metadata=False, include_comments=False, include_tables=True, output_format="txt"
        )
    except Exception:  # trafilatura raises assorted errors on odd pages; the fallback still reads them
        doc = None
    shapes: dict[int, Shape] = {}
    blocks = body_blocks(doc.body, shapes) if doc is not None and doc.body is not None else []
    by_text = {blocks[i].text: shape for i, shape in shapes.items()}
    rules = rules or load_rules()
    blocks = fill_gaps(blocks, tree, rules, by_text)  # paragraphs trafilatura skipped between two it kept
    hints = page_hints(meta, found_date, url, rules, tree)
    if sum(len(b.text) for b in blocks) < TINY_PAGE_CHARS:
        # nothing, or a line or two that trafilatura's last-resort pass glued together from the whole page
        return visible_blocks_of(tree), replace(hints, mode="text")
    kept = {b.text: b.tag for b in blocks}
    blocks, links, headings = account_for_page(blocks, tree, rules)
    for text, tag in headings.items():
        by_text.setdefault(text, Shape(tag))
    for text, found in links.items():
        resolved = tuple((label, href) for label, h in found if (href := resolve_url(h, url, keep_relative=True)))
        if resolved:
            base = by_text.get(text) or Shape(SHAPE_TAGS.get(kept.get(text, "p"), "p"))  # (a heading: its Shape)
            by_text[text] = replace(base, links=resolved)
    return blocks, replace(hints, shapes=tuple(by_text.items()))


def _emptied(match: re.Match) -> str:
    return match.group(0)[0] * 2  # the quotes stay: the attribute is still there, empty


def _without_crowded_attributes(match: re.Match) -> str:
    # libxml2 checks each attribute against all before it: n² in the attributes of one tag
    return f"<{match.group(1)}>" if match.group(0).count("=") > MAX_ATTRIBUTES else match.group(0)


def flatten_crowded(tree: Any) -> None:
    """Inline elements of an element with more than MAX_CHILDREN children become plain text (in place).

    trafilatura's paragraph handling takes time that grows with the square of a paragraph's children:
    16 000 `<b>` in one `<p>` took 15 times as long as 8 000. Real paragraphs hold a few dozen; text in
    thousands of inline elements keeps its words without them. The text is joined into one string per gap
    (lxml's strip_tags would leave thousands of text nodes, which libxml2's XPath handles in n² time).
    """
    crowded = _C.crowded_elements(tree, MAX_CHILDREN) if _C is not None and isinstance(tree, _Element) else None
    if crowded is None:  # (the C search has the same answer: _find.c)
        crowded = [element for element in tree.iter() if len(element) > MAX_CHILDREN]
    for element in crowded:
        _flatten(element)


def _flatten(element: Any) -> None:
    head: str | None = None
    kept: list[tuple[Any, str]] = []  # block children stay, each with the text that follows it
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in INLINE_TAGS:
            if kept:
                kept[-1] = (kept[-1][0], "".join(parts))
            else:
                head = "".join(parts)
            kept.append((child, ""))
            parts = []
        elif isinstance(child.tag, str):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    if kept:
        kept[-1] = (kept[-1][0], "".join(parts))
    else:
        head = "".join(parts)
    attrib, tail = dict(element.attrib), element.tail
    element.clear()  # children, text, tail and attributes: one pass, not one removal per child
    element.attrib.update(attrib)
    element.text, element.tail = head or None, tail
    for child, text in kept:
        element.append(child)
        child.tail = text or None


def htmldate_of(tree: Any, url: str | None) -> str | None:
    """htmldate's publication date, with the settings trafilatura uses (original date, extensive search)."""
    from htmldate import find_date

    try:  # htmldate copies a tree before cleaning it, so `tree` is not changed
        return find_date(tree, url=url, original_date=True, extensive_search=True, max_date=dt.date.today().isoformat())
    except Exception:  # htmldate raises assorted errors on odd pages; the date is then unknown
        return None


def page_hints(meta: PageMeta, found_date: str | None, url: str | None, rules: Rules, tree: Any = None) -> Hints:
    """Fields from the page's own metadata, with htmldate's date as one more candidate.

    Byline elements are looked for in `tree` only when the metadata names no author (the scan costs as
    much as all the rest of the metadata); trafilatura worked on a copy, so the tree is still whole.
    """
    sites = site_names(meta, host_names(url or meta.first("og:url")))
    title, title_src = choose_title(meta, sites)
    title = normalise_text(title) if title else title
    authors, authors_src = choose_authors(meta, rules, sites, header=False)
    if authors and tree is not None and not (only_site_names(authors, sites) or authors_src.startswith(CREDIT)):
        # the metadata names people: the article header may label one an editor or list a co-author it left
        # out (a scan of the header only, a third of the cost of the whole page's)
        header_bylines = header_byline_texts(tree)
        if header_bylines:
            meta = replace(meta, header_bylines=header_bylines)
            authors, authors_src = choose_authors(meta, rules, sites, header=False)
    # no author in the metadata, or only the site's own name: the byline elements may name a person, and
    # the line under the headline, last
    if only_site_names(authors, sites) or authors_src.startswith(CREDIT):
        if tree is not None and not meta.bylines:
            meta = replace(meta, bylines=byline_texts(tree))
        authors, authors_src = choose_authors(meta, rules, sites)
    authors = [normalise_text(a) for a in authors]
    date, date_src = choose_date(meta, found_date, rules)
    byline = next((t for t in (*meta.bylines, *meta.header_bylines) if authors and authors[0] in t), None)
    section = choose_section(meta)
    about = choose_about(meta, url)
    return Hints(
        about=about,
        candidates=field_candidates(meta, found_date) + about.candidates,
        title=title,
        headlines=tuple(
            dict.fromkeys(
                normalise_text(h)
                for h in [*meta.h1s[:MAX_HEADLINES], *(t for t, _s in meta_titles(meta, sites))]
                if len(h.split()) >= 2
            )
        ),
        authors=tuple(authors),
        byline=byline,
        date=date,
        section=section,
        site_name=sites[0] if sites else None,
        language=meta.lang,
        mode="html",
        sources=(("title", title_src), ("authors", authors_src), ("date", date_src), *about.sources),
    )


# ------------------------------------------------------------------------------------------ blocks
def body_blocks(body: Any, shapes: dict[int, Shape] | None = None) -> list[Block]:
    """trafilatura's XML body as blocks: one per heading, paragraph, list item, quote or table row.

    A <lb/> inside a paragraph starts a new block with no gap before it (a line of the same paragraph).
    `shapes`, when given, receives what a block was beyond its tag, by its index: an ordered or nested
    list item, a table row's cells, a code block's lines.
    """
    out: list[Block] = []
    lists: list[str] = []  # the rend ("ul", "ol") of each list the walk is in
    shapes = shapes if shapes is not None else {}

    def emit(parts: list[str], tag: str, gap: bool) -> None:
        text = clean_inline(normalise_text("".join(parts)))
        if text:
            out.append(Block.make(text, len(out), tag=tag, gap_before=gap))

    def walk(element: Any, inherited: str | None) -> None:
        name = element.tag if isinstance(element.tag, str) else ""
        if name in BLOCK_TAGS or (name not in CONTAINER_TAGS and inherited is None):
            first = len(out)
            tag = inherited or _block_tag(element)
            parts: list[str] = [element.text or ""]
            gap = True
            for child in element:
                child_name = child.tag if isinstance(child.tag, str) else ""
                if child_name == "lb":
                    emit(parts, tag, gap)
                    gap = not out or "".join(parts).strip() == ""
                    parts = [child.tail or ""]
                elif child_name in BLOCK_TAGS or child_name in CONTAINER_TAGS:
                    emit(parts, tag, gap)
                    gap = True
                    # a paragraph inside a quote is still quoted; a list inside an item is its own items
                    walk(child, tag if name == "quote" else None)
                    parts = [child.tail or ""]
                else:
                    parts.append(_inline_text(child))
                    parts.append(child.tail or "")
            emit(parts, tag, gap)
            if len(out) == first + 1:
                shape = _shape(element, name, lists)
                if shape is not None:
                    shapes[first] = shape
            return
        # a container: its loose text is a paragraph, its children are blocks
        if name == "list":
            lists.append(element.get("rend") or "ul")
        if (element.text or "").strip():
            emit([element.text], inherited or "p", True)
        for child in element:
            walk(child, inherited)
            if (child.tail or "").strip():
                emit([child.tail], inherited or "p", True)
        if name == "list":
            lists.pop()

    walk(body, None)
    return out


def _shape(element: Any, name: str, lists: list[str]) -> Shape | None:
    """What a block of trafilatura's output was beyond its tag, or None when its tag says it all."""
    if name == "item" and lists and (lists[-1] == "ol" or len(lists) > 1):
        return Shape("ol" if lists[-1] == "ol" else "li", depth=len(lists) - 1)
    if name == "row":
        cells = [c for c in element if c.tag == "cell"]
        texts = tuple(clean_inline(normalise_text(" ".join(c.itertext()))) for c in cells)
        return Shape("tr", cells=texts, head=bool(cells) and all(c.get("role") == "head" for c in cells))
    if name == "code":
        code = normalise_text("".join(element.itertext())).strip("\n")
        return Shape("pre", code=code) if "\n" in code else None
    return None


def _block_tag(element: Any) -> str:
    name = element.tag if isinstance(element.tag, str) else ""
    if name == "head":
        match = HEADING_REND.match(element.get("rend") or "")
        return f"h{match.group(1)}" if match else "h2"
    return BLOCK_TAGS.get(name, "p")


def _inline_text(element: Any) -> str:
    """An inline element's text; table cells and line breaks inside it become spaces."""
    if not isinstance(element.tag, str):
        return ""
    if element.tag in ("lb", "cell"):
        return " " + " ".join(element.itertext()) + " "
    return "".join(element.itertext())


# ------------------------------------------------------------------------------------------ fallback
def visible_text_blocks(html: str) -> list[Block]:
    """Every visible line of a page or fragment, for pages trafilatura returns nothing for."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except Exception:  # empty or unparseable markup: no blocks
        return []
    return visible_blocks_of(root)


def visible_blocks_of(root: Any) -> list[Block]:
    """A tree's visible text cut into lines where block elements end, as a text dump would be."""
    lines: list[str] = []
    current: list[str] = []

    def newline() -> None:
        text = clean_inline("".join(current))
        if text:
            lines.append(text)
        current.clear()

    def walk(node: Any) -> None:
        name = node.tag.lower() if isinstance(node.tag, str) else ""
        if name in INVISIBLE_TAGS or not name:
            return
        breaks = name in LINE_TAGS
        if breaks:
            newline()
        current.append(node.text or "")
        for child in node:
            walk(child)
            current.append(child.tail or "")
        if breaks:
            newline()

    walk(root)
    newline()
    from cleaner.read.text import read_text

    return read_text(normalise_text("\n".join(lines)))
