"""JSON-lines shards (.jsonl, .jsonl.gz, .ndjson): one document per line, HTML or text from a named field.

    >>> docs = list(iter_jsonl("items.jsonl", name="items.jsonl", stats=ShardStats()))   # doctest: +SKIP
    >>> docs[0].source, docs[0].fmt                                                      # doctest: +SKIP
    ('items.jsonl:1', 'html')

The first of `content_fields` that a line has (and that holds a string) is the document; a field named
like HTML ("html", "raw_html") is read as HTML, "text" as a text dump, any other is sniffed. The first of
`url_fields` is its URL, and "id" its key. Blank lines are skipped and counted; a line that is not JSON,
not an object, not UTF-8, over the length limit or without a content field comes out as a Document with
`error` set, so that the output keeps one record per line, and line numbers (from 1) stay the sources.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from os import PathLike
from typing import IO, Any

from cleaner.shards import MAX_DOCUMENT_BYTES, Document, ShardStats

# Field names crawlers and datasets use for the page, in order of preference (Scrapy items, datatrove and
# Common Crawl derived sets use "text"; crawler dumps "html", "raw_html", "content" or "body").
CONTENT_FIELDS = ("html", "raw_html", "content", "text", "body")
URL_FIELDS = ("url", "uri", "link", "target_uri")
KEY_FIELDS = ("id",)
FIELD_FORMATS = {"html": "html", "raw_html": "html", "text": "text"}
# JSON escapes make a line longer than the page it holds; past this a line is reported without being parsed.
LINE_OVERHEAD = 2


def iter_jsonl(
    path: str | PathLike[str],
    *,
    name: str,
    stats: ShardStats,
    fmt: str | None = None,
    content_fields: tuple[str, ...] | None = None,
    url_fields: tuple[str, ...] | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Iterator[Document]:
    """Documents of a JSON-lines file, one per non-blank line; see the module docstring."""
    content_fields = content_fields or CONTENT_FIELDS
    url_fields = url_fields or URL_FIELDS
    limit = max_bytes * LINE_OVERHEAD
    gzipped = str(path).lower().endswith(".gz")
    with _open(path, gzipped) as handle:
        number = 0
        while True:
            number += 1
            source = f"{name}:{number}"
            try:
                line = handle.readline(limit + 1)
                if len(line) > limit and not line.endswith(b"\n"):
                    while True:  # drain the rest of the line in bounded pieces
                        rest = handle.readline(1 << 20)
                        if not rest or rest.endswith(b"\n"):
                            break
                    yield stats.add(Document(b"", source=source, error=f"line longer than {limit} bytes; not read"))
                    continue
            except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
                yield stats.add(Document(b"", source=source, error=_gzip_error(exc, number)))
                return
            if not line:
                return
            if not line.strip():
                stats.skip("blank line")
                continue
            yield stats.add(_document(line, source, fmt, content_fields, url_fields))


def _open(path: str | PathLike[str], gzipped: bool) -> IO[bytes]:
    return gzip.open(path, "rb") if gzipped else open(path, "rb")  # closed by the caller's with


def _gzip_error(exc: BaseException, number: int) -> str:
    if isinstance(exc, EOFError):
        return f"the gzip stream ends early at line {number} (a truncated file); the rest is unread"
    return f"cannot read line {number} ({exc}); the rest of the file is unread"


def _document(
    line: bytes, source: str, fmt: str | None, content_fields: tuple[str, ...], url_fields: tuple[str, ...]
) -> Document:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        why = f"not UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1})"
        return Document(line, source=source, error=why)
    try:
        item = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        column = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        return Document(line, source=source, error=f"not JSON ({why}{column})")
    if not isinstance(item, dict):
        return Document(line, source=source, error=f"a JSON {type(item).__name__}, not an object")
    url = _first_string(item, url_fields)
    key = _first_string(item, KEY_FIELDS)
    for field_name in content_fields:
        value = item.get(field_name)
        if isinstance(value, str):
            return Document(value, url=url, fmt=fmt or FIELD_FORMATS.get(field_name, "auto"), source=source, key=key)
    present = [f for f in content_fields if f in item]
    if present:
        return Document(
            line, url=url, source=source, key=key, error=f"field {present[0]!r} is not a string"
        )
    return Document(
        line, url=url, source=source, key=key, error=f"no content field (looked for {', '.join(content_fields)})"
    )


def _first_string(item: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = item.get(name)
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)
    return None
