"""The normalised record: one frozen dataclass, serialised with a fixed key order.

    >>> rec = Record(id="ab12", body="One paragraph.")
    >>> list(rec.to_dict())[:4]
    ['schema_version', 'id', 'source', 'url']

The JSON Schema for `to_dict()` ships beside this module as `record.schema.json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import starmap
from typing import Any

from cleaner.markdown import Shape, render_body
from cleaner.markdown import front_matter as render_front_matter
from cleaner.speedups import load

SCHEMA_VERSION = "1.1"  # 1.1: canonical_url, site_name, description, image, tags, structure
# `reason` of a record whose input could not be read as a document at all (binary, undecodable):
# a failure for the CLI, unlike an input that was read and held no body.
UNREADABLE = "unreadable input: "
_C = load("_records")  # removed_records in C

# Order of the record's keys in to_dict() and on disk; see README "The record".
FIELDS = (
    "schema_version",
    "id",
    "source",
    "url",
    "canonical_url",
    "title",
    "section",
    "byline",
    "authors",
    "dateline",
    "date",
    "language",
    "attribution",
    "site_name",
    "description",
    "image",
    "tags",
    "body",
    "structure",
    "removed",
)
DATELINE_FIELDS = ("text", "place", "region", "agency", "date")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline split off the first paragraph: 'SAN JUAN, Puerto Rico (AP) —'."""

    text: str
    """The dateline as written: "SAN JUAN, Puerto Rico (AP) —"."""
    place: str | None = None
    """The place in normal case: "San Juan"."""
    region: str | None = None
    """The region in full ("N.Y." becomes "New York")."""
    agency: str | None = None
    """The canonical agency: "AP", "Reuters", "AFP"."""
    date: str | None = None
    """ISO "YYYY-MM-DD", or "--MM-DD" when the dateline gives no year."""

    def to_dict(self) -> dict[str, str | None]:
        return {k: getattr(self, k) for k in DATELINE_FIELDS}


@dataclass(frozen=True, slots=True)
class Removed:
    """A block that is not body, with the kind of boilerplate and the id of the rule that removed it."""

    kind: str
    """navigation, share, caption, related, advertisement, newsletter, cookie, footer, comments or other."""
    rule: str
    """The id of the rule or feature that removed it."""
    text: str
    """The block's text."""

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "rule": self.rule, "text": self.text}


def removed_records(rows: Iterable[tuple[str, str, str]], *, pure_python: bool = False) -> tuple[Removed, ...]:
    """Removed(kind, rule, text) for each row; the C module (cleaner/_records.c) makes the same objects
    without a call of __init__ each (a page removes a hundred blocks or more), unless `pure_python`."""
    if _C is not None and not pure_python:
        return _C.removed(Removed, rows)
    return tuple(starmap(Removed, rows))


@dataclass(frozen=True, slots=True)
class Record:
    """One cleaned page: its fields, its body and what was removed. Frozen; `to_json()` is what the CLI writes.

    >>> rec = Record(id="ab12", title="Budget passes", authors=("Jane Doe",), body="One.\\n\\nTwo.")
    >>> rec.paragraphs
    ['One.', 'Two.']

    Attributes (the keys of `to_dict()`, in this order; README "The record"):
        schema_version: version of the record's shape, "1.1" (1.1 added the five page fields and structure).
        id: first 32 hex digits of the sha256 of the raw input: the same input, the same id.
        source: where the input came from (the file path, or the caller's label), or None.
        url: the page's URL when the caller gave it, or None.
        title: the headline, without a site-name suffix, or None.
        section: the section label printed above the headline ("World News"), or None.
        byline: the byline line as written ("By JIM HEINTZ and DASHA LITVINOVA"), or None.
        authors: the people the byline names, in order (else the outlet or desk it credits); never agencies.
        dateline: the dateline split off the first paragraph (a Dateline), or None.
        date: the publication date, ISO 8601 (a day, or a datetime with its offset), or None.
        language: ISO 639-1 code of the body, or None when the body is too short to tell.
        attribution: a credit fused to the end of the story ("Attribution: TASS"), or None.
        body: the article's paragraphs joined by one blank line; "" when none was found.
        removed: every block that is neither body nor a field, in document order (Removed rows).
        canonical_url: the page's canonical link, resolved against `url` (which stays as given), or None.
        site_name: the site's own name as its metadata gives it, or None; never used as the title.
        description: the page's summary from its metadata, or None.
        image: the lead image's URL, or None.
        tags: keywords and article tags, deduplicated (an empty list when the page has none).
        structure: one Shape per body paragraph (heading, list item, table row...; see markdown.py).
        reason: why the record is empty (binary input, no body...); None for a good record, and then
            absent from the JSON.
    """

    id: str
    """First 32 hex digits of the sha256 of the raw input."""
    source: str | None = None
    """Where the input came from: the file path, or the caller's label."""
    url: str | None = None
    """The page's URL when given."""
    title: str | None = None
    """The headline, without a site-name suffix."""
    section: str | None = None
    """The section label printed above the headline."""
    byline: str | None = None
    """The byline line as written."""
    authors: tuple[str, ...] = ()
    """The people the byline names, in order (or the outlet or desk it credits)."""
    dateline: Dateline | None = None
    """The dateline split off the first paragraph: text, place, region, agency, date."""
    date: str | None = None
    """Publication date, ISO 8601."""
    language: str | None = None
    """ISO 639-1 code of the body; None when it is too short to tell."""
    attribution: str | None = None
    """A credit fused to the end of the story."""
    body: str = ""
    """The article's paragraphs, joined by one blank line."""
    removed: tuple[Removed, ...] = ()
    """Every block that is not body or a field, in document order."""
    canonical_url: str | None = None
    """The page's canonical link, resolved against `url` (which stays what the caller gave); None without one."""
    site_name: str | None = None
    """The site's own name (og:site_name, JSON-LD publisher...); never used as the title."""
    description: str | None = None
    """The page's summary as its metadata gives it (meta description, og:description)."""
    image: str | None = None
    """The lead image's URL (og:image, JSON-LD image), resolved against `url`."""
    tags: tuple[str, ...] = ()
    """Keywords and article tags, deduplicated, in page order."""
    structure: tuple[Shape, ...] = ()
    """One Shape per paragraph of `body` (heading, list item, table row...; see markdown.py), or none at all."""
    # not part of the JSON unless set, so that good records stay in the documented shape
    reason: str | None = field(default=None, compare=False)
    """Why the record is empty (binary input, nothing left after cleaning...); None for a good record."""
    schema_version: str = SCHEMA_VERSION
    """Version of the record's shape."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in FIELDS:
            value = getattr(self, key)
            if key in ("authors", "tags"):
                value = list(value)
            elif key == "structure":
                value = [shape.to_dict() for shape in value]
            elif key == "dateline":
                value = value.to_dict() if value else None
            elif key == "removed":
                value = [r.to_dict() for r in value]
            out[key] = value
        if self.reason:
            out["reason"] = self.reason
        return out

    def to_json(self, indent: int | None = 1) -> str:
        """Deterministic JSON: the same record gives the same bytes every time."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self, front_matter: bool = True, links: bool = False) -> str:
        """The body as Markdown (headings, lists, tables, quotes, code; links with `links=True`), after a
        YAML front matter of the record's fields unless `front_matter=False`. It reads only the record, so
        `Record.from_dict(json.loads(text)).to_markdown()` is the same Markdown.

            >>> print(Record(id="ab12", title="Storm", body="Roads closed").to_markdown())
            ---
            title: "Storm"
            id: "ab12"
            ---
            <BLANKLINE>
            Roads closed
        """
        body = render_body(self.body, self.structure, links=links)
        if not front_matter:
            return body
        return f"{render_front_matter(self.to_dict())}\n\n{body}" if body else render_front_matter(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Inverse of to_dict(): Record.from_dict(r.to_dict()) == r."""
        dateline = data.get("dateline")
        return cls(
            schema_version=data.get("schema_version", SCHEMA_VERSION),
            id=data["id"],
            source=data.get("source"),
            url=data.get("url"),
            title=data.get("title"),
            section=data.get("section"),
            byline=data.get("byline"),
            authors=tuple(data.get("authors") or ()),
            dateline=Dateline(**{k: dateline.get(k) for k in DATELINE_FIELDS}) if dateline else None,
            date=data.get("date"),
            language=data.get("language"),
            attribution=data.get("attribution"),
            body=data.get("body") or "",
            removed=tuple(Removed(**r) for r in data.get("removed") or ()),
            canonical_url=data.get("canonical_url"),
            site_name=data.get("site_name"),
            description=data.get("description"),
            image=data.get("image"),
            tags=tuple(data.get("tags") or ()),
            structure=tuple(Shape.from_dict(s) for s in data.get("structure") or ()),
            reason=data.get("reason"),
        )

    @property
    def unreadable(self) -> bool:
        return bool(self.reason and self.reason.startswith(UNREADABLE))

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]


@cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every record's to_dict() validates against."""
    text = resources.files("cleaner").joinpath("record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)
