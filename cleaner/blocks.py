"""Blocks and labels: the units every front door produces and every later stage reads.

A Block is one unit of text in document order (a line or paragraph of a dump; a heading, paragraph,
list item, caption or quote of HTML). A Label says what a block turned out to be, and which rule
or feature decided it, so that "why was this paragraph dropped?" always has an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

# Kinds a block can be labelled with besides the boilerplate kinds of rules.BOILERPLATE_KINDS.
BODY = "body"
FIELD_KINDS = frozenset({"title", "section", "byline", "date", "dateline", "attribution"})

WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of text. `gap_before`: a blank line (text) or a block boundary (HTML) precedes it."""

    text: str
    index: int
    tag: str = "line"  # "line" for dumps; the element name for HTML (h1, p, li, figcaption, blockquote...)
    gap_before: bool = True
    link_share: float = 0.0  # share of the text inside links (HTML only)
    words: int = 0
    origin: str = ""  # HTML: "gap" for a paragraph put back from the page that the extractor skipped

    @classmethod
    def make(cls, text: str, index: int, **kw: object) -> Block:
        return cls(text=text, index=index, words=len(WORD.findall(text)), **kw)  # type: ignore[arg-type]

    def with_text(self, text: str) -> Block:
        return replace(self, text=text, words=len(WORD.findall(text)))


class _OpenBlock:
    """Block's slots in the same order, without the frozen check: filled by plain attribute stores.

    A frozen dataclass sets each field through object.__setattr__, which cost a third of reading a dump
    of 250 lines; this twin is filled that way, then becomes a Block (same slots, so Python allows the
    __class__ change). What comes out is an ordinary Block: frozen, hashable, equal by value.
    """

    __slots__ = Block.__slots__

    def __init__(self, text: str, index: int, gap_before: bool, words: int) -> None:
        self.text = text
        self.index = index
        self.tag = "line"
        self.gap_before = gap_before
        self.link_share = 0.0
        self.words = words
        self.origin = ""


def line_blocks(lines: Iterable[tuple[str, bool, int]]) -> list[Block]:
    """Blocks of tag "line" from (text, gap_before, words), indexed in order; Block(text, i, "line",
    gap_before, 0.0, words) for each, in less than half the time."""
    out = []
    for index, (text, gap_before, words) in enumerate(lines):
        block = _OpenBlock(text, index, gap_before, words)
        block.__class__ = Block  # type: ignore[assignment]
        out.append(block)
    return out  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Label:
    """What a block is: body, a field kind, or a boilerplate kind; `rule` is the id that decided it."""

    kind: str
    rule: str

    @property
    def is_body(self) -> bool:
        return self.kind == BODY

    @property
    def is_field(self) -> bool:
        return self.kind in FIELD_KINDS
