"""Blocks and labels: the units every front door produces and every later stage reads.

A Block is one unit of text in document order (a line or paragraph of a dump; a heading, paragraph,
list item, caption or quote of HTML). A Label says what a block turned out to be, and which rule
or feature decided it, so that "why was this paragraph dropped?" always has an answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from cleaner.speedups import load

# Kinds a block can be labelled with besides the boilerplate kinds of rules.BOILERPLATE_KINDS.
BODY = "body"
FIELD_KINDS = frozenset({"title", "section", "byline", "date", "dateline", "attribution"})

WORD = re.compile(r"\w+")
# A list bullet that opens a dump's line; the text reader drops it, and rule texts may not start with one.
BULLETS = "*•◦▪‣·"
BULLET = re.compile(rf"^[{BULLETS}]\s+")
_C = load("_reader")  # line_blocks in C (cleaner/read/_reader.c)


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


def line_blocks(lines: Iterable[tuple[str, bool, int]], *, pure_python: bool = False) -> list[Block]:
    """Blocks of tag "line" from (text, gap_before, words), indexed in order.

    Positional arguments: Block.make's keywords and word count cost more than the rest of reading a dump.
    The C module makes each Block as the frozen __init__ does, in a fifth of the time."""
    if _C is not None and not pure_python:
        return _C.line_blocks(Block, lines)
    return [Block(text, index, "line", gap_before, 0.0, words) for index, (text, gap_before, words) in enumerate(lines)]


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
