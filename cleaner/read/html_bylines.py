"""The page's byline elements: marked by class, rel, itemprop or a "By" label, read before trafilatura.

    >>> from lxml import html
    >>> byline_texts(html.fromstring('<html><body><p class="byline">By Jane Doe</p><p>Text.</p></body></html>'))
    ('By Jane Doe',)

Returns raw texts, marked ones ("By ...") first; html_authors.py turns them into names. It never
changes the tree and never decides who wrote the page.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from lxml.etree import XPath

from cleaner.normalise import clean_inline
from cleaner.speedups import load

_C = load("_find")  # the byline test in C (cleaner/read/_find.c), with the same elements

# Elements that hold a byline: rel=author, itemprop=author, a class or id with "byline" or "author" in
# it, or a short element whose own text opens with a byline marker ("By Jane Doe", "Written by Jane Doe")
# on pages that mark their byline with no class at all. One XPath, so the tree is walked once.
BY_MARKERS = ("By ", "by ", "BY ", "By: ", "by: ", "Written by")
# A label in bold or a definition term, the name after it: "<strong>Author</strong> Jane Doe" in a fact box
# beside the story ("<dt>Autorin/Autor</dt><dd>...</dd>"). Matched whole, case and colon aside.
LABEL_WORDS = ("author", "authors", "autor", "autorin", "autorin/autor", "autor/in", "autor*in", "auteur", "autore")
LABEL_TEST = (
    "((self::strong or self::b or self::dt or self::th) and contains('|" + "|".join(LABEL_WORDS) + "|', concat('|',"
    " translate(normalize-space(text()), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ:', 'abcdefghijklmnopqrstuvwxyz'), '|')))"
)
BYLINE_TEST = (
    "[@rel='author' or @itemprop='author' or contains(@class, 'yline') or contains(@class, 'uthor')"
    " or contains(@id, 'yline') or ((self::p or self::span or self::div or self::li or self::address"
    " or self::small or self::em or self::strong) and ("
    # (every marker holds a "y": the cheap test first spares most elements six normalize-space calls)
    + "(contains(text(), 'y') or contains(text(), 'Y')) and ("
    + " or ".join(f"starts-with(normalize-space(text()), '{m}')" for m in BY_MARKERS)
    + f"))) or {LABEL_TEST}][not(self::script or self::style or self::link or self::article)]"
)
BYLINE_XPATH = XPath("//body/descendant::*" + BYLINE_TEST)
NEAR_BYLINE_XPATH = XPath("descendant::*" + BYLINE_TEST)  # the same test within one element
# Levels above the headline that hold the article header, searched for byline elements when the metadata
# already names the authors (an editor's label, a co-author it left out). Most bylines share their third
# ancestor with the headline, and a scan of that much costs a third of the whole page's.
HEADER_LEVELS = 3
# A byline element holding only its label; the names are in its tail or the element after it.
BYLINE_LABEL = re.compile(
    r"^(?i:by|written by|words by|posted by|authors?|autor(?:in)?|autorin/autor|autor[/*]in|auteur|autore"
    r"|von|par|por)\s*:?$"
)
MAX_BYLINE_ELEMENTS = 12  # a page lists its author a few times; beyond this it is an author index
MAX_BYLINE_CHARS = 200
MAX_BYLINE_DESCENDANTS = 25  # longer than this is an author bio or a comment, not a byline


# ------------------------------------------------------------------------------------------ pieces
def element_text(element: Any) -> str:
    try:
        return clean_inline(element.text_content())
    except (ValueError, AttributeError):
        return ""


def header_byline_texts(tree: Any) -> tuple[str, ...]:
    """Texts of the byline elements in the article header: within HEADER_LEVELS ancestors of the headline.

    >>> from lxml import html
    >>> header_byline_texts(html.fromstring('<html><body><div><header><h1>Storm hits the coast</h1>'
    ...     '<p class="byline">By Jane Doe</p></header></div><p class="author">Jo Roe</p></body></html>'))
    ('By Jane Doe',)
    """
    headline = next((h for h in tree.iter("h1") if len(element_text(h).split()) >= 2), None)
    if headline is None:
        return ()
    root = headline
    for _ in range(HEADER_LEVELS):
        parent = root.getparent()
        if parent is None or parent.tag == "body":
            break
        root = parent
    return byline_texts(root, near=True)


def byline_elements(tree: Any, near: bool = False) -> list[Any]:
    """The elements BYLINE_XPATH finds (NEAR_BYLINE_XPATH with `near`), in document order.

    The XPath costs about 2 ms a page, most of HTML mode's metadata time; _find.c reads the same test
    straight from libxml2's nodes and makes proxies only for what it finds.
    """
    if _C is not None:
        try:
            return _C.byline_elements(tree, near)
        except TypeError:  # not an lxml element (an ElementTree, say): the XPath takes it
            pass
    return (NEAR_BYLINE_XPATH if near else BYLINE_XPATH)(tree)


def byline_texts(tree: Any, near: bool = False) -> tuple[str, ...]:
    """Texts of the page's byline elements, marked ones ("By ...") first, deduplicated."""
    texts: list[str] = []
    found = byline_elements(tree, near)
    marked = [e for e in found if (e.text or "").lstrip().startswith(BY_MARKERS)]
    for element in [*marked, *(e for e in found if e not in marked)]:
        if len(texts) >= MAX_BYLINE_ELEMENTS:
            break
        # a container with many elements inside ("author-bio-section") is not a byline; skip it
        # before reading its text, which is the costly part
        if next(islice(element.iter(), MAX_BYLINE_DESCENDANTS, None), None) is not None:
            continue
        text = element.get("content") if element.tag == "meta" else _byline_text(element)
        if text and BYLINE_LABEL.match(text):  # "Written by" in one element, the name after it
            following = element.getnext()
            tail = " ".join((element.tail or "").split())
            if tail:  # "<strong>Author</strong> Jane Doe": kept with its label, which marks it as a byline
                text = f"{text} {tail}"
            else:
                text = element_text(following) if following is not None and isinstance(following.tag, str) else ""
        if text and len(text) <= MAX_BYLINE_CHARS and text not in texts:
            texts.append(text)
    return tuple(texts)


def _byline_text(element: Any) -> str:
    """A byline element's text; names in sibling elements with only white space between them (a layout's
    "<span>Jane Doe</span> <span>John Roe</span>") are written as a list, not glued into one long name."""
    while len(element) == 1 and not (element.text or "").strip() and isinstance(element[0].tag, str):
        element = element[0]
    children = [c for c in element if isinstance(c.tag, str)]
    if (
        len(children) >= 2
        and len({c.tag for c in children}) == 1
        and not (element.text or "").strip()
        and not any((c.tail or "").strip() for c in children)
    ):
        names = [element_text(c) for c in children]
        if all(len(n.split()) >= 2 for n in names):
            return ", ".join(names)
    return element_text(element)
