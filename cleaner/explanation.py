"""Why the record is what it is: every block of the page with the label the record used, and for each
field the sources the page offered and the one that won.

    >>> page = explain_page("<html><head><title>Storm hits coast | Daily Planet</title></head><body>"
    ...     "<nav><a href='/'>Front page</a></nav><article><h1>Storm hits coast</h1>"
    ...     + "".join(f"<p>The storm reached the coast of district {n} on Monday night, the weather service "
    ...               f"said in a statement on Tuesday morning.</p>" for n in range(4))
    ...     + "</article></body></html>")
    >>> [(row.kind, row.rule) for row in page.blocks][:2]
    [('navigation', 'navigation-menu'), ('title', 'metadata-title')]
    >>> next(f for f in page.fields if f.field == "title").source
    'h1'

`cleaner --explain` prints both. Text dumps have no metadata: their fields name the block they came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.blocks import Block, Label
from cleaner.ruleset.load import Rules

# The fields that --explain traces, in the order it prints them.
TRACED = ("title", "authors", "date", "section", "canonical_url", "site_name", "description", "image", "tags")


@dataclass(frozen=True, slots=True)
class Explained:
    """One block with its final label: a row of `explain()`, what `cleaner --explain` prints.

    >>> from cleaner import explain
    >>> row = explain("Read more")[0]
    >>> (row.kind, row.rule, row.text)
    ('related', 'en-related-heading', 'Read more')
    """

    kind: str  # "body", a field ("title", "byline", "dateline"...) or a kind of boilerplate ("share"...)
    rule: str  # the id of the rule or feature that decided it
    text: str  # the block's text as read


@dataclass(frozen=True, slots=True)
class FieldSource:
    """A field of the record, the source its value came from, and every (source, value) the page offered."""

    field: str
    value: str
    source: str
    candidates: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Explanation:
    blocks: list[Explained]
    fields: list[FieldSource]


def explain_page(
    raw: bytes | str, *, url: str | None = None, fmt: str = "auto", rules: Rules | str | Path | None = None
) -> Explanation:
    """The blocks and the field sources of one page, from the same run that makes its record."""
    from cleaner.pipeline import _read_and_label, assemble, record_id
    from cleaner.read.decode import decode, scrub
    from cleaner.ruleset.load import load_rules

    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    text = decode(raw) if isinstance(raw, bytes) else scrub(raw)
    blocks, labels, hints = _read_and_label(text, url, fmt, rules)
    trace: dict[str, Any] = {}
    record = assemble(blocks, labels, hints, rules, rid=record_id(raw), source=None, url=url, trace=trace)
    rows = [Explained(lab.kind, lab.rule, b.text) for b, lab in zip(blocks, trace["labels"], strict=True)]
    sources = {**dict(hints.sources), **trace["sources"]}
    offered: dict[str, list[tuple[str, str]]] = {}
    for name, source, value in hints.candidates:
        offered.setdefault(name, []).append((source, value))
    data = record.to_dict()
    fields = []
    for name in TRACED:
        value = data.get(name)
        shown = ", ".join(value) if isinstance(value, list) else value or ""
        source = sources.get(name, "none") if shown else "none"
        if source == "metadata":  # the candidate that holds the value the record kept
            source = next((src for src, v in offered.get(name, ()) if v.casefold() == shown.casefold()), source)
        fields.append(FieldSource(name, shown, source, tuple(offered.get(name, ()))))
    return Explanation(rows, fields)


def field_sources(first: dict[str, Block], labels: Sequence[Label], hints: Any, **values: Any) -> dict[str, str]:
    """Where the record's title, authors, date and section came from: the page's metadata (the source that
    won among its candidates) or a block of the page (its label's rule)."""
    meta = dict(hints.sources)
    from_meta = {"title": hints.title, "authors": hints.authors, "date": hints.date, "section": hints.section}
    out: dict[str, str] = {}
    for name, kind in (("title", "title"), ("authors", "byline"), ("date", "date"), ("section", "section")):
        block = first.get(kind)
        if from_meta[name] and (block is None or hints.mode == "html"):
            out[name] = meta.get(name, "metadata")
        elif block is not None:
            out[name] = f"{kind} block ({labels[block.index].rule})"
        elif name == "date" and values.get("date"):
            out[name] = "url or document"
        else:
            out[name] = "none"
    return out


def format_explanation(page: Explanation) -> list[str]:
    """The lines `cleaner --explain` prints: one per block, then one per field and candidate."""
    lines = [f"{row.kind:<13} {row.rule:<24} {row.text}" for row in page.blocks]
    lines.append("-- fields")
    for f in page.fields:
        lines.append(f"{f.field:<13} {f.source:<24} {f.value}")
        lines += [f"{'':<13}   candidate {source}: {value}" for source, value in f.candidates]
    return lines
