"""The page parsed once, as trafilatura parses it, into a tree whose element objects cost no Python call.

lxml.html's parser picks each element's Python class in Python (its HtmlElementClassLookup runs for every
element object lxml makes), and trafilatura makes a few thousand of them a page from our tree and its copies:
about a tenth of HTML mode's time. This parser has trafilatura's options and gives the same tree with
lxml's C look-up: every element an HtmlElement, comments HtmlComment. Only lxml.html's form helpers are
missing (`<form>` is not a FormElement, `<input>` has no `.value`), which neither trafilatura, htmldate nor
cleaner use. The markup gets trafilatura's own repairs first; a page that lxml will not parse from a str,
or whose tree trafilatura's checks would refuse, goes through trafilatura's load_html, fallbacks and all.

    >>> tree = parse_page("<html><body><form><input name='q'></form><p>Text</p></body></html>")
    >>> type(tree.find(".//input")).__name__, tree.findtext(".//p")
    ('HtmlElement', 'Text')
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from lxml import html as lxml_html

# trafilatura.utils.HTML_PARSER's options, with lxml's C-level class look-up
PAGE_PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
PAGE_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)


def parse_page(html: str) -> Any:
    """The lxml tree of a page, as trafilatura.utils.load_html(html) parses it; None when it refuses the page."""
    from trafilatura.utils import is_dubious_html, load_html, repair_faulty_html

    beginning = html[:50].lower()
    try:
        tree = lxml_html.fromstring(repair_faulty_html(html, beginning), parser=PAGE_PARSER)
    except Exception:  # an encoding declaration in a str, broken markup: load_html has the fallbacks
        tree = None
    if tree is None or len(tree) < 1 or (is_dubious_html(beginning) and len(tree) < 2):
        return load_html(html)  # trafilatura's own fallbacks and refusals, as they are
    return tree
