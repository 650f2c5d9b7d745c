"""Shards: files that hold many documents (WARC, WET, JSON lines), read one document at a time.

    >>> from cleaner.shards import iter_documents
    >>> for doc in iter_documents("crawl.warc.gz"):                       # doctest: +SKIP
    ...     print(doc.source, doc.url, doc.fmt, len(doc.raw))
    crawl.warc.gz:0 https://example.com/a html 48213

A reader never raises for one bad document: a record it cannot read (a Content-Length that lies, a JSON
line that does not parse, a payload past the size limit) comes out as a Document whose `error` says why,
at its place in the shard, and `cleaner.clean_many` turns it into an empty record with that reason. Only
a shard that cannot be opened at all raises (OSError). Records that are not documents (WARC requests,
metadata, revisits, images, blank lines) are skipped and counted in a ShardStats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

# trafilatura refuses pages past 20 MB (its MAX_FILE_SIZE); a record past our limit is reported instead of
# being read into memory, so one huge record cannot take a worker's memory with it.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")  # Common Crawl names WET files .warc.wet.gz
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
SHARD_SUFFIXES = WARC_SUFFIXES + JSONL_SUFFIXES

FORMATS = ("auto", "html", "text")


@dataclass(frozen=True, slots=True)
class Document:
    """One document of a shard, or one handed to clean_many.

    >>> doc = Document(b"<html>...</html>", url="https://example.com/a", fmt="html", source="crawl.warc.gz:0")
    >>> doc.error is None
    True
    """

    raw: bytes | str
    url: str | None = None
    fmt: str = "auto"  # 'html', 'text' or 'auto' (sniffed)
    source: str | None = None  # "shard:offset" for WARC, "shard:line" for JSON lines; goes into the record
    key: str | None = None  # the shard's own id for it: WARC-Record-ID, or the JSON line's "id"
    error: str | None = None  # set when the reader could not read it; its record is empty with this reason


@dataclass
class ShardStats:
    """What a reader saw: documents handed out, and records skipped by kind.

    >>> stats = ShardStats(); stats.skip("request"); stats.skipped
    Counter({'request': 1})
    """

    documents: int = 0
    errors: int = 0  # documents handed out with `error` set (counted in `documents` too)
    skipped: Counter[str] = field(default_factory=Counter)

    def skip(self, why: str) -> None:
        self.skipped[why] += 1

    def add(self, doc: Document) -> Document:
        self.documents += 1
        if doc.error:
            self.errors += 1
        return doc


def shard_kind(path: str | PathLike[str]) -> str | None:
    """'warc', 'jsonl' or None, from the file name.

    >>> shard_kind("CC-MAIN-1.warc.wet.gz"), shard_kind("items.jsonl.gz"), shard_kind("page.html")
    ('warc', 'jsonl', None)
    """
    name = Path(path).name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def is_shard(path: str | PathLike[str]) -> bool:
    return shard_kind(path) is not None


def iter_documents(
    path: str | PathLike[str],
    *,
    name: str | None = None,
    stats: ShardStats | None = None,
    fmt: str | None = None,
    content_fields: tuple[str, ...] | None = None,
    url_fields: tuple[str, ...] | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Iterator[Document]:
    """The documents of one shard, in shard order, by its suffix.

    `name` prefixes each document's source (default: the path as given); `fmt` forces 'html' or 'text'
    over what the shard says; `content_fields` and `url_fields` name the JSON fields to read (see
    cleaner.shards.jsonl). Raises ValueError for a file that is not a shard, OSError when it cannot be opened.

    >>> stats = ShardStats()
    >>> records = list(iter_documents("items.jsonl", stats=stats, content_fields=("page",)))  # doctest: +SKIP
    """
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, not {fmt!r}")
    kind = shard_kind(path)
    stats = stats if stats is not None else ShardStats()
    label = name if name is not None else str(path)
    if kind == "warc":
        from cleaner.shards.warc import iter_warc

        return iter_warc(path, name=label, stats=stats, fmt=fmt, max_bytes=max_bytes)
    if kind == "jsonl":
        from cleaner.shards.jsonl import iter_jsonl

        return iter_jsonl(
            path,
            name=label,
            stats=stats,
            fmt=fmt,
            content_fields=content_fields,
            url_fields=url_fields,
            max_bytes=max_bytes,
        )
    raise ValueError(f"{path}: not a shard (expected one of {', '.join(SHARD_SUFFIXES)})")


__all__ = [
    "JSONL_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "SHARD_SUFFIXES",
    "WARC_SUFFIXES",
    "Document",
    "ShardStats",
    "is_shard",
    "iter_documents",
    "shard_kind",
]
