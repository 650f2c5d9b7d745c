"""Paragraphs trafilatura skipped inside its own main content, put back from the same lxml tree.

trafilatura sometimes keeps the start and the end of an article but drops whole parts of the middle:
a second section of a page builder, a list in a wrapper it does not walk, a part set apart by a
sub-heading. Those paragraphs stand in the page between two paragraphs it kept, so they are found
without a second extraction: the tree's paragraph-like elements are matched with the blocks by their
opening words, and unmatched ones between the first and the last match are gaps. A gap is put back
only if it reads like content: not in navigation, a form, a figure or an aside (by tag or by a class
or id that names such furniture), not hidden, not mostly links. What it still holds of boilerplate
(a "Related" heading, a caption) is then labelled like any block.

    >>> from lxml import html
    >>> from cleaner.blocks import Block
    >>> tree = html.fromstring("<div><p>One two three.</p><p>Four five six.</p><section><p>Seven eight "
    ...     "nine ten eleven twelve thirteen fourteen fifteen sixteen.</p></section><p>Ten eleven.</p></div>")
    >>> kept = [Block.make(t, i, tag="p") for i, t in enumerate(["One two three.", "Four five six.", "Ten eleven."])]
    >>> [b.text[:10] for b in fill_gaps(kept, tree)]
    ['One two th', 'Four five ', 'Seven eigh', 'Ten eleven']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from lxml.etree import _Element

from cleaner.blocks import Block
from cleaner.markdown import Shape
from cleaner.normalise import clean_inline, normalise_text
from cleaner.ruleset.load import Rules, load_rules
from cleaner.speedups import load

_C = load("_find")  # the paragraph search in C (cleaner/read/_find.c), with the same keys and elements

# Elements that hold one paragraph of text each, and the Block tag they become.
PARAGRAPH_TAGS = {
    "p": "p", "li": "li", "blockquote": "blockquote",
    "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6",
}  # fmt: skip
PARAGRAPH_ONLY = frozenset(PARAGRAPH_TAGS)
PARAGRAPH_SET = frozenset({*PARAGRAPH_TAGS, "table"})  # what the search walks: paragraphs and tables
HOLDERS = frozenset({"li", "blockquote"})  # the paragraph tags that may hold paragraphs of their own
# A gap inside one of these is page furniture or something trafilatura reads by itself (tables).
FURNITURE_TAGS = frozenset(
    {"nav", "aside", "footer", "header", "form", "figure", "figcaption", "button", "select", "table", "dialog", "a"}
)  # (a paragraph inside a link is a teaser card's headline or summary)
# Text of these is not shown as text (a script pushing an ad slot, a gallery's style sheet).
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})
BREAKING_TAGS = frozenset({"br", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "section"})
# An item that shows a picture is a gallery slide or a teaser card; its text is a caption or a summary.
PICTURE_TAGS = ("img", "picture", "video", "figure")
MAX_LINK_SHARE = 0.3  # a gap with more of its text in links is a list of links
MIN_WORDS = 3  # shorter gaps are labels and buttons
TABLE_MIN_ROWS = 2  # a table of one row is a layout box
KEY_WORDS = 8  # opening words that identify a paragraph in the tree and in trafilatura's output
KEY_CHARS = 200  # ... looked for in this many characters (a paragraph's whole text is not needed)
MIN_MATCHES = 3  # with fewer matched blocks the first and last match say little about the article's extent
MAX_SEEN_SHARE = 0.5  # a gap with more of its word 4-grams already kept is a copy
SHINGLE = 4
WORD = re.compile(r"\w+")


def fill_gaps(
    blocks: Sequence[Block], tree: Any, rules: Rules | None = None, shapes: dict[str, Shape] | None = None
) -> list[Block]:
    """`blocks` with the tree's content paragraphs that fall between two of them put back in place.

    `rules` names the furniture by class or id (`[[furniture_name]]`, rules/html.toml); default: the built-in.
    A table between two kept paragraphs is put back too, a block per row; `shapes` receives its rows' cells.
    """
    furniture = (rules or load_rules()).furniture_names
    if len(blocks) < MIN_MATCHES:
        return list(blocks)
    keys, elements_at = _paragraph_keys(tree)
    block_at: dict[str, int] = {}
    for i, block in enumerate(blocks):
        block_at.setdefault(_key(block.text), i)
    matched = [(pos, block_at[k]) for pos, k in enumerate(keys) if k and k in block_at]
    if len(matched) < MIN_MATCHES or matched[-1][0] - matched[0][0] + 1 == len(matched):
        return list(blocks)  # (no element between the first and the last match that is not matched)
    # word 4-grams of everything kept so far: a gap made mostly of them is already there (trafilatura split
    # the element at a line break or joined it to the next, a pull quote repeats a sentence, a carousel
    # repeats its slides, a wrapper holds a kept paragraph and a label)
    # (across block boundaries: trafilatura may have cut the gap's element at its line breaks)
    kept_words = WORD.findall(" ".join(block.text for block in blocks).casefold())
    kept = set(_shingles(kept_words))
    kept_short = f" {' '.join(kept_words)} "  # a gap of fewer words than a 4-gram is looked for as a phrase
    first, last = matched[0][0], matched[-1][0]
    after_block: dict[int, list[Block]] = {}
    current = matched[0][1]
    matched_pos = {pos: i for pos, i in matched}
    gaps = [pos for pos in range(first, last + 1) if pos not in matched_pos and keys[pos]]  # (no key: no text)
    gap_elements = dict(zip(gaps, elements_at(gaps), strict=True))
    for pos in range(first, last + 1):
        if pos in matched_pos:
            current = max(current, matched_pos[pos])  # trafilatura's order wins over the tree's
            continue
        element = gap_elements.get(pos)
        if element is None:
            continue
        if element.tag == "table":
            rows = _gap_table(element, furniture)
            words = WORD.findall(" ".join(b.text for b, _shape in rows).casefold())
            if rows and sum(sh in kept for sh in _shingles(words)) <= MAX_SEEN_SHARE * len(_shingles(words)):
                after_block.setdefault(current, []).extend(b for b, _shape in rows)
                if shapes is not None:
                    shapes.update((b.text, shape) for b, shape in rows)
            continue
        block = _gap_block(element, keys[pos], furniture)
        if block is None:
            continue
        words = WORD.findall(block.text.casefold())  # after repair: the raw markup's words may differ
        shingles = _shingles(words)
        # (a heading's words often open the paragraph under it: only a kept block of the same words is a copy)
        copy = not block.tag.startswith("h") and (
            sum(sh in kept for sh in shingles) > MAX_SEEN_SHARE * len(shingles)
            or (len(words) < SHINGLE and f" {' '.join(words)} " in kept_short)
        )
        if _key(block.text) in block_at or copy:
            continue
        kept.update(shingles)
        after_block.setdefault(current, []).append(block)
    if not after_block:
        return list(blocks)
    out: list[Block] = []
    for i, block in enumerate(blocks):
        out.append(replace(block, index=len(out)))
        for gap in after_block.get(i, ()):
            out.append(replace(gap, index=len(out)))
    return out


def _paragraph_keys(tree: Any) -> tuple[list[str], Callable[[list[int]], list[Any]]]:
    """The key of each paragraph element of the tree (in document order), and a look-up of the elements at
    some positions. The C search (_find.c) reads the keys' first characters from the nodes and makes element
    objects only for the positions asked for; the Python one makes them all."""
    if _C is not None and isinstance(tree, _Element):
        args = (tree, PARAGRAPH_SET, HOLDERS, PARAGRAPH_ONLY, KEY_CHARS)
        return [_key(text) for text in _C.paragraphs(*args)], lambda positions: _C.paragraphs(*args, positions)
    elements = [
        el for el in tree.iter(*PARAGRAPH_TAGS, "table") if el.tag not in HOLDERS or not _has_paragraph_child(el)
    ]
    # text_content runs in C (the shown text, with spaces at inner boxes, is worked out for gaps only)
    return [_key(el.text_content()) for el in elements], lambda positions: [elements[i] for i in positions]


def _gap_block(element: Any, key: str, furniture: re.Pattern) -> Block | None:
    if not key:
        return None
    text = clean_inline(normalise_text(_text(element)))
    block = Block.make(text, 0, tag=PARAGRAPH_TAGS[element.tag], gap_before=True, origin="gap")
    if block.words < MIN_WORDS and not block.tag.startswith("h"):
        return None
    links = sum(len(_text(a)) for a in element.iter("a"))
    if links > MAX_LINK_SHARE * max(1, len(text)) or next(element.iter(*PICTURE_TAGS), None) is not None:
        return None
    for node in (element, *element.iterancestors()):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in FURNITURE_TAGS or node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return None
        if "display:none" in (node.get("style") or "").replace(" ", "").lower():
            return None
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if names.strip() and furniture.search(names):
            return None
    return block


def _gap_table(table: Any, furniture: re.Pattern) -> list[tuple[Block, Shape]]:
    """A data table's rows as blocks (tag "tr") with their cells; none for a table in furniture or hidden,
    a layout table (one column) or a table of fewer than TABLE_MIN_ROWS rows."""
    for node in table.iterancestors():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in FURNITURE_TAGS or node.get("hidden") is not None or node.get("aria-hidden") == "true":
            return []
        names = f"{node.get('class') or ''} {node.get('id') or ''}"
        if names.strip() and furniture.search(names):
            return []
    rows: list[tuple[Block, Shape]] = []
    for row in table.iter("tr"):
        if next(row.iterancestors("table"), None) is not table:
            continue  # a row of a table inside a cell
        cells = [c for c in row if c.tag in ("td", "th")]
        texts = tuple(clean_inline(normalise_text(_text(c))) for c in cells)
        if len(texts) < 2 or not any(texts):
            continue
        block = Block.make(" ".join(t for t in texts if t), 0, tag="tr", gap_before=True, origin="gap")
        rows.append((block, Shape("tr", cells=texts, head=all(c.tag == "th" for c in cells))))
    return rows if len(rows) >= TABLE_MIN_ROWS else []


def _shingles(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))]


def _has_paragraph_child(element: Any) -> bool:
    """A list item that holds paragraphs (or a quote that does) is read through them."""
    return any(isinstance(child.tag, str) and child.tag in PARAGRAPH_TAGS for child in element)


def _text(element: Any) -> str:
    """The element's shown text: what scripts and style sheets inside it hold is left out."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag not in INVISIBLE_TAGS:
            # a heading or a box inside the element ends a line: "Title" + "Text" is not "TitleText"
            parts.append(f" {_text(child)} " if tag in BREAKING_TAGS else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _key(text: str) -> str:
    return " ".join(WORD.findall(text[:KEY_CHARS])[:KEY_WORDS]).casefold()
