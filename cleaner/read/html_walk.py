"""Every visible line of an HTML page, with the region it stands in: one walk over the lxml tree.

The page's visible text is cut into lines where block elements end (as a text dump would be); each line
carries the nearest region around it that a `[[page_region]]` rule names (by tag, ARIA role, or a whole word
of its class or id; rules/html.toml), whether it is hidden, the links in it and the heading it stands in.
html_regions.py matches these lines with trafilatura's main content. The walk is the hot loop of HTML mode's
own work (every element of the page), so it runs in C (_walk.c) where that was built, with the same lines.

    >>> from lxml import html
    >>> from cleaner import load_rules
    >>> tree = html.fromstring("<body><nav><a href='/'>Home</a></nav><p>The storm reached the coast.</p></body>")
    >>> [line[:2] for line in page_lines(tree, load_rules().page_regions)]
    [('Home', 'navigation-menu'), ('The storm reached the coast.', '')]
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple

from cleaner.ruleset.load import PageRegion
from cleaner.speedups import load

_C = load("_walk")  # page_lines's walk in C (cleaner/read/_walk.c), with the same lines

# Elements whose end ends a line of shown text (everything else is inline).
LINE_TAGS = frozenset(
    {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section", "article",
        "header", "footer", "blockquote", "pre", "figcaption", "figure", "dt", "dd", "ul", "ol", "table",
        "main", "aside", "nav", "address", "hr", "form", "button", "option", "label", "dialog", "details",
        "summary", "caption", "fieldset", "legend", "select", "textarea", "body",
    }
)  # fmt: skip
# Text of these is never shown as text (scripts, style sheets, the head, embedded objects).
INVISIBLE_TAGS = frozenset({"script", "style", "svg", "head", "iframe", "object", "title", "meta", "link", "math"})
# What these hold is shown only by a script (a framework's template) or without scripts: hidden text.
HIDDEN_TAGS = frozenset({"template", "noscript"})
# Inline elements that stand apart from the text beside them: menus write links with no space between.
SPACED_TAGS = frozenset({"a", "button", "label", "input", "img"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)

Line = tuple[str, str, bool, tuple[tuple[str, str], ...], str]  # text, region, hidden, links, heading tag


def page_lines(root: Any, regions: tuple[PageRegion, ...], *, pure_python: bool = False) -> list[Line]:
    """(text, region id, hidden, links, heading) for each visible line of `root`, in document order;
    `heading` is the tag of the h1-h6 element the line stands in, or "".

    The hot loop of HTML mode's extra work (every element of the page). An element's region is looked up
    once per distinct (tag, class, id, role). The C module (_walk.c) walks libxml2's nodes with the same
    tables and gives the same lines; `pure_python` skips it.
    """
    words = _word_regions(regions)
    memo: dict[tuple[str, str | None, str | None, str | None], str] = {}
    if _C is not None and not pure_python:
        try:
            return _C.page_lines(
                root, INVISIBLE_TAGS, HIDDEN_TAGS, LINE_TAGS, SPACED_TAGS, HEADING_TAGS, _tag_regions(regions), memo,
                _region_tables(regions), HIDDEN_STYLE.search,
            )  # fmt: skip
        except (TypeError, ValueError, RecursionError):  # not an lxml element, text lxml would not decode
            memo.clear()
    return _python_page_lines(root, regions, words, memo)


def _python_page_lines(
    root: Any,
    regions: tuple[PageRegion, ...],
    words: RegionWords,
    memo: dict[tuple[str, str | None, str | None, str | None], str],
) -> list[Line]:
    """page_lines in Python: the reference for the C module. Attributes are read only on elements that
    have some."""
    lines: list[Line] = []
    current: list[str] = []  # the text pieces of the line being gathered
    links: list[tuple[str, str]] = []  # the links of that line
    line_region, line_hidden, line_heading = "", False, ""  # the region, hidden flag, heading of that line
    by_tag = _tag_regions(regions)
    invisible, hidden_tags, line_tags, spaced = INVISIBLE_TAGS, HIDDEN_TAGS, LINE_TAGS, SPACED_TAGS

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append((text, line_region, line_hidden, tuple(links), line_heading))
        current.clear()
        links.clear()

    def walk(node: Any, region: str, hidden: bool, heading: str) -> None:
        nonlocal line_region, line_hidden, line_heading
        tag = node.tag
        if tag.__class__ is not str or tag in invisible:  # a comment, a processing instruction; a script
            return
        # (node.get is cheaper than node.attrib, which makes a proxy object, for elements with or without)
        get = node.get
        names, ident, role = get("class"), get("id"), get("role")
        if names or ident or role:
            key = (tag, names, ident, role)
            named = memo.get(key)
            if named is None:
                named = memo[key] = _region(tag, names, ident, role, regions, words)
        else:
            named = by_tag.get(tag, "")
        if not hidden:
            style = get("style")
            if (
                get("hidden") is not None
                or get("aria-hidden") == "true"
                or (style is not None and HIDDEN_STYLE.search(style) is not None)
            ):
                hidden = True
        href = get("href") if tag == "a" else None
        if tag in hidden_tags:
            hidden = True
        if tag in HEADING_TAGS:
            heading = tag
        if named:
            region = named
            breaks = True
        else:
            breaks = tag in line_tags
        if breaks:
            if current:
                flush()
        elif current and tag in spaced:
            current.append(" ")
        if href:
            start, line = len(current), len(lines)
        text = node.text
        if text:
            if not current:
                line_region, line_hidden, line_heading = region, hidden, heading
            current.append(text)
        for child in node:
            walk(child, region, hidden, heading)
            tail = child.tail
            if tail:
                if not current:
                    line_region, line_hidden, line_heading = region, hidden, heading
                current.append(tail)
        if href and len(lines) == line:  # (a link that holds a paragraph is not a link in a line)
            label = " ".join("".join(current[start:]).split())
            if label:
                links.append((label, href))
        if breaks:
            if current:
                flush()
        elif current and tag in spaced:
            current.append(" ")

    walk(root, "", False, "")
    if current:
        flush()
    return lines


@cache
def _tag_regions(regions: tuple[PageRegion, ...]) -> dict[str, str]:
    """tag -> the id of the first region rule that names it."""
    out: dict[str, str] = {}
    for region in regions:
        for tag in region.tags:
            out.setdefault(tag, region.id)
    return out


class RegionWords(NamedTuple):
    """The region rules as look-up tables (_word_regions)."""

    single: dict[str, int]  # a one-part class or id word (case-folded) -> the index of the first rule naming it
    multi: dict[tuple[str, ...], int]  # a word of several parts ("share-buttons": ("share", "buttons")) -> index
    longest: int  # the most parts of a word in `multi`
    firsts: frozenset[str]  # the first parts of the words in `multi`
    by_tag: dict[str, int]  # tag -> the index of the first rule that names it
    by_role: dict[str, int]  # ARIA role -> the index of the first rule that names it


@cache
def _word_regions(regions: tuple[PageRegion, ...]) -> RegionWords:
    """The rules' class or id words, tags and roles, each with the index of the first rule that names it; a
    word of several parts ("share-buttons", "about_the_author") as its parts."""
    single: dict[str, int] = {}
    multi: dict[tuple[str, ...], int] = {}
    by_tag: dict[str, int] = {}
    by_role: dict[str, int] = {}
    for i, region in enumerate(regions):
        for word in region.word_list:
            parts = word.casefold().replace("_", " ").replace("-", " ").split()
            if len(parts) == 1:
                single.setdefault(parts[0], i)
            elif parts:
                multi.setdefault(tuple(parts), i)
        for tag in region.tags:
            by_tag.setdefault(tag, i)
        for role in region.roles:
            by_role.setdefault(role, i)
    firsts = frozenset(parts[0] for parts in multi)
    return RegionWords(single, multi, max(map(len, multi), default=0), firsts, by_tag, by_role)


@cache
def _region_tables(regions: tuple[PageRegion, ...]) -> tuple:
    """_region's tables for the C walk, which names regions itself: RegionWords' six and the rules' ids."""
    words = _word_regions(regions)
    return (*words, tuple(region.id for region in regions))


def _region(
    tag: str,
    names: str | None,
    ident: str | None,
    role: str | None,
    regions: tuple[PageRegion, ...],
    words: RegionWords,
) -> str:
    """The id of the first region rule that names this element (by tag, role, or a whole word of its class or
    id: "site-footer" and "comment_list" name footer and comment; "commentary" names nothing), or "".
    `words` is _word_regions(regions)."""
    tokens = f"{names or ''} {ident or ''}".casefold().replace("_", " ").replace("-", " ").split()
    single, firsts = words.single, words.firsts
    best = len(regions)
    for at, token in enumerate(tokens):
        index = single.get(token)
        if index is not None and index < best:
            best = index
        if token in firsts:  # a word of several parts names the element when its parts stand in a row
            for size in range(2, min(words.longest, len(tokens) - at) + 1):
                index = words.multi.get(tuple(tokens[at : at + size]))
                if index is not None and index < best:
                    best = index
    role = (role or "").lower()
    first = min(best, words.by_tag.get(tag, best), words.by_role.get(role, best) if role else best)
    return regions[first].id if first < len(regions) else ""
