"""The text front door: a plain-text dump cut into blocks, one per non-blank line.

    >>> [b.text for b in read_text("Title\\n\\n\\u00a0\\nFirst line.\\nSecond line.")]
    ['Title', 'First line.', 'Second line.']

Lines that hold only spaces or no-break spaces count as blank. A blank line before a block sets its
`gap_before`, which the labelling uses to tell a run of link lines from separate paragraphs.
"""

from __future__ import annotations

from .blocks import Block
from .normalise import clean_inline


def read_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    gap = True
    for line in text.split("\n"):
        cleaned = clean_inline(line)
        if not cleaned:
            gap = True
            continue
        blocks.append(Block.make(cleaned, len(blocks), tag="line", gap_before=gap))
        gap = False
    return blocks
