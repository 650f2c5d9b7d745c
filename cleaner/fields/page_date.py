"""The page's date from a dump's or a page's lines: the date line the labels found, or the first short dated line.

A date line labelled as an update yields to a published date beside it, and an earlier date just above
it is the publication followed by the last change. Pure: it reads blocks and rules, and never labels.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.blocks import Block
from cleaner.fields.date import labelled_dates, publication_date
from cleaner.ruleset.load import Rules

# Characters of a document searched for its date when no date line was found (dates farther down belong
# to comments and archives) and for numeric dates that show whether the day comes first.
DATE_SEARCH_CHARS = 50_000
DATE_LINE_MAX_WORDS = 14  # a line that dates the page is short ("Published Sept. 20, 2023 3:05 PM")
PROSE_MIN_WORDS = 40  # a block this long is prose, where a date is an event's, not the page's
UPDATE_NEIGHBOURS = 3  # lines either side of an "Updated" line searched for the publication date
LABEL_LINE_MAX_WORDS = 3  # a line above the date that is only its label ("Last update:")
UPDATE_SEARCH_LINES = 20  # lines above an update line searched for an earlier date when none is beside it
EARLIER_DATE_LINES = 2  # lines above an unlabelled date line searched for an earlier one (the publication)


def date_of_line(blocks: Sequence[Block], block: Block, rules: Rules, day_first: bool) -> str | None:
    """The date of the date line; when it is labelled as an update ("Updated: May 2, 2024"), a date labelled
    as published, or one with no label, in the lines just around it; when a line just above shows an
    earlier date with no update label, that one (pages show the publication, then the last change)."""
    shown = labelled_dates(block.text, rules, day_first=day_first)
    if not shown:
        return None
    above = blocks[block.index - 1] if 0 < block.index <= len(blocks) else None
    if shown[0][1] is None and above is not None and above.words <= LABEL_LINE_MAX_WORDS:
        # "Last update:" / "July 16, 2025": the label on a line of its own above the date
        label = next((kind for kind, pattern in rules.date_labels if pattern.search(above.text)), None)
        shown = [(shown[0][0], label), *shown[1:]]
    if shown[0][1] is None:
        # a date line right above with an earlier date: the publication, then the last change
        for b in blocks[max(0, block.index - EARLIER_DATE_LINES) : block.index]:
            above = labelled_dates(b.text, rules, day_first=day_first) if b.words <= DATE_LINE_MAX_WORDS else []
            if above and above[0][1] != "updated" and above[0][0][:10] < shown[0][0][:10]:
                return above[0][0]
    if shown[0][1] != "updated":
        published = next((v for v, kind in shown if kind == "published"), None)
        # "May 21, 2025 April 24, 2025 by Jo Roe": two dates with no label, the earlier is the publication
        return published or min((v for v, kind in shown if kind is None), key=lambda v: v[:10])
    near = blocks[max(0, block.index - UPDATE_NEIGHBOURS) : block.index + UPDATE_NEIGHBOURS + 1]
    others = [
        d
        for b in near
        if b.index != block.index and b.words <= DATE_LINE_MAX_WORDS
        for d in labelled_dates(b.text, rules, day_first=day_first)
    ]
    better = next((v for v, kind in others if kind == "published"), None)
    better = better or next((v for v, kind in others if kind is None), None)
    return (
        better
        or next((v for v, kind in shown if kind != "updated"), None)
        or _earlier_date(blocks, block, shown[0][0], rules, day_first)
    )


def _earlier_date(blocks: Sequence[Block], block: Block, updated: str, rules: Rules, day_first: bool) -> str:
    """The last change's date, or the date of a short unlabelled line higher up the header that is earlier (a
    page may print its header twice, once with the publication, once with the last change)."""
    for b in blocks[max(0, block.index - UPDATE_SEARCH_LINES) : block.index]:
        if b.words <= DATE_LINE_MAX_WORDS:
            found = labelled_dates(b.text, rules, day_first=day_first)
            if found and found[0][1] != "updated" and found[0][0][:10] < updated[:10]:
                return found[0][0]
    return updated


def first_date_line(blocks: Sequence[Block], rules: Rules, day_first: bool) -> str | None:
    """The date of the first line that has one and is no paragraph of prose, within the first
    DATE_SEARCH_CHARS characters."""
    seen = 0
    for block in blocks:
        seen += len(block.text)
        if seen > DATE_SEARCH_CHARS:
            break
        if block.words <= PROSE_MIN_WORDS:
            date = publication_date(block.text, rules, day_first=day_first)
            if date:
                return date
    return None
