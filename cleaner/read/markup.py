"""The visible lines of markup that lxml cannot hold: the last resort of the HTML front door.

lxml (libxml2) stops building the tree at 256 levels of nesting and drops everything deeper, and a
recursive walk of a tree that deep would overflow the stack anyway. The standard library's HTMLParser
streams tags one after another and keeps no tree, so depth costs it nothing. It is slower than lxml,
so it only runs when the tree gave no text at all.

    >>> [b.text for b in visible_lines("<div>" * 1000 + "<p>Deep <b>text</b></p><p>More</p>")]
    ['Deep text', 'More']
"""

from __future__ import annotations

from html.parser import HTMLParser

from cleaner.blocks import Block
from cleaner.normalise import clean_inline
from cleaner.read.html import INVISIBLE_TAGS, LINE_TAGS


def visible_lines(markup: str) -> list[Block]:
    """Every visible line of `markup`, cut where block elements start or end, as a text dump would be."""
    reader = _LineReader()
    try:
        reader.feed(markup)
        reader.close()
    except Exception:  # HTMLParser is lenient, but a last resort must not raise on what it reads
        pass
    reader.newline()
    return [Block.make(text, index) for index, text in enumerate(reader.lines)]


class _LineReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden = 0  # depth inside script, style and the like

    def newline(self) -> None:
        text = clean_inline("".join(self.current))
        if text:
            self.lines.append(text)
        self.current.clear()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "body":
            self.hidden = 0  # an unclosed <head> ends where the body starts
        elif tag in INVISIBLE_TAGS:
            self.hidden += 1
        elif tag in LINE_TAGS:
            self.newline()

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        if tag in LINE_TAGS:  # <br/>, <hr/>
            self.newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in INVISIBLE_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in LINE_TAGS:
            self.newline()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)
