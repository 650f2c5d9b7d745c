"""WARC and WET shards: response and conversion records as documents, everything else skipped and counted.

    >>> for doc in iter_warc("crawl.warc.gz", stats=ShardStats()):            # doctest: +SKIP
    ...     doc.source, doc.url, doc.fmt
    ('crawl.warc.gz:0', 'https://example.com/a', 'html')

- `response` records: the HTTP head is parsed here; a 2xx response whose Content-Type is HTML (or
  absent, then sniffed) is a document, decoded with the charset the Content-Type names; chunked transfer
  and gzip/deflate content encodings are undone (Common Crawl stores payloads decoded, wget does not).
- `resource` records (a page saved without HTTP) by their own Content-Type, likewise.
- `conversion` records (WET, Common Crawl's extracted text) go to text mode with their URL.
- request, metadata, revisit, warcinfo, non-HTML and non-2xx responses are skipped and counted.

warcio reads the container (chosen by measuring; see benchmarks/bench_shards.py): it parses no record
here (no_record_parse), so the block arrives as stored and its length can be checked against the
Content-Length the record declares; a record shorter than it says (a lying length, a truncated file)
is reported, not cleaned.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import zlib
from collections.abc import Generator, Iterator
from email.message import Message
from os import PathLike
from typing import Any, BinaryIO

from cleaner.read.decode import (
    CHARSET_ALIASES,
    CONTROL_CHARS,
    GZIP_MAGIC,
    MAX_CONTROL_SHARE,
    binary_kind,
    declared_charset,
)
from cleaner.shards import MAX_DOCUMENT_BYTES, Document, ShardStats

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml+xhtml")
TEXT_TYPES = ("text/plain",)
DOCUMENT_RECORDS = ("response", "resource", "conversion")
# The WARC block read per call while draining a record that is too large to keep.
DRAIN_BYTES = 1 << 20
# HTTP heads longer than this are not heads: a response whose head does not end within it is reported.
MAX_HTTP_HEAD = 256 * 1024
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # a BOM outranks the HTTP charset


class _RecordProblem(Exception):
    """A record that cannot be read as a document; the message says why."""


def iter_warc(
    path: str | PathLike[str],
    *,
    name: str,
    stats: ShardStats,
    fmt: str | None = None,
    max_bytes: int = MAX_DOCUMENT_BYTES,
) -> Iterator[Document]:
    """Documents of a .warc / .warc.gz / .warc.wet.gz file, in file order; see the module docstring.

    Where the container is damaged (a record whose Content-Length lies, garbage, a truncated member), the
    damage is reported once with its byte offset and reading goes on at the next record found after it:
    the next gzip member (crawlers compress each record on its own) or the next 'WARC/1.' line.
    """
    with open(path, "rb") as handle:
        start: int | None = 0
        while start is not None:
            handle.seek(start)
            failed_at = yield from _read_from(handle, name, stats, fmt, max_bytes)
            start = None if failed_at is None else _next_record_start(handle, failed_at)


def _read_from(
    handle: BinaryIO, name: str, stats: ShardStats, fmt: str | None, max_bytes: int
) -> Generator[Document, None, int | None]:
    """Documents from the handle's position on; returns the offset where the container broke, or None."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(handle, no_record_parse=True)
    while True:
        where = records.offset  # the start of the next record; warcio keeps it there
        try:
            # warcio writes a warning of its own to stderr when a record is not followed by the blank lines
            # it expects (a lying Content-Length); the length check in _document reports that record.
            with contextlib.redirect_stderr(io.StringIO()):
                record = next(records, None)
                if record is None:
                    return None
                where = records.offset
                doc = _document(record, f"{name}:{where}", stats, fmt, max_bytes)
                records.read_to_end()  # drain what _document left unread (a large or skipped record)
        except (*_container_errors(), OSError, EOFError, zlib.error, ValueError) as exc:
            yield stats.add(Document(b"", source=f"{name}:{where}", error=_container_error(exc, where)))
            return where
        if doc is not None:
            yield stats.add(doc)


def _container_errors() -> tuple[type[Exception], ...]:
    from warcio.exceptions import ArchiveLoadFailed

    return (ArchiveLoadFailed,)


def _next_record_start(handle: BinaryIO, broken: int) -> int | None:
    """Where the next record begins after the damage at `broken`, or None at the end of the file."""
    handle.seek(0)
    if handle.read(2) == GZIP_MAGIC:
        # A gzipped WARC holds a member per record: the next member that decompresses whole is the next
        # record (a stray 1f 8b 08 inside compressed data fails that test and the search goes on).
        handle.seek(broken)
        if handle.read(2) == GZIP_MAGIC and (end := _member_end(handle, broken)) is not None:
            return end
        candidate = _find(handle, broken + 1, GZIP_MAGIC + b"\x08")
        while candidate is not None and _member_end(handle, candidate) is None:
            candidate = _find(handle, candidate + 1, GZIP_MAGIC + b"\x08")
        return candidate
    found = _find(handle, broken + 1, b"\nWARC/1.")
    return None if found is None else found + 1


def _member_end(handle: BinaryIO, start: int) -> int | None:
    """The end of the gzip member that starts at `start` (None when it does not decompress to its end)."""
    handle.seek(start)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    consumed = 0
    try:
        while not inflater.eof:
            chunk = handle.read(DRAIN_BYTES)
            if not chunk:
                return None
            while chunk and not inflater.eof:
                inflater.decompress(chunk, DRAIN_BYTES)  # output is dropped; only the end is wanted
                used = len(chunk) - len(inflater.unconsumed_tail)
                consumed += used
                chunk = inflater.unconsumed_tail
    except zlib.error:
        return None
    return start + consumed - len(inflater.unused_data)


def _find(handle: BinaryIO, start: int, needle: bytes) -> int | None:
    """The offset of the first `needle` at or after `start`, reading in bounded pieces."""
    handle.seek(start)
    position, carry = start, b""
    while True:
        chunk = handle.read(DRAIN_BYTES)
        if not chunk:
            return None
        data = carry + chunk
        found = data.find(needle)
        if found >= 0:
            return position - len(carry) + found
        carry = data[-(len(needle) - 1) :]
        position += len(chunk)


def _container_error(exc: BaseException, offset: int) -> str:
    """The message for damage at `offset`; reading goes on at the next record found after it, if any."""
    text = " ".join(str(exc).split())[:120] or type(exc).__name__
    if isinstance(exc, EOFError | zlib.error) or "gzip" in text.lower():
        return f"damaged WARC at byte {offset} (truncated or corrupt gzip: {text})"
    return f"not a WARC record at byte {offset} ({text})"


def _document(record: Any, source: str, stats: ShardStats, fmt: str | None, max_bytes: int) -> Document | None:
    """The document of one warcio record, None for a record that is not one (counted in stats)."""
    rec_type = (record.rec_type or "").lower()
    headers = record.rec_headers
    if not headers.get_header("WARC-Type"):
        raise ValueError("a record without WARC-Type")
    if rec_type not in DOCUMENT_RECORDS:
        stats.skip(rec_type or "unknown")
        return None
    url = headers.get_header("WARC-Target-URI")
    key = headers.get_header("WARC-Record-ID")
    if rec_type == "resource" and not (url or "").lower().startswith(("http://", "https://")):
        stats.skip("resource")  # a crawler's own files (wget's log and arguments), not a page
        return None
    declared = record.length
    try:
        declared = int(declared)
    except (TypeError, ValueError):
        return Document(b"", url=url, source=source, key=key, error="the record has no valid Content-Length")
    if declared > max_bytes + MAX_HTTP_HEAD:
        return Document(
            b"", url=url, source=source, key=key, error=f"record of {declared} bytes, over the limit of {max_bytes}"
        )
    block = record.raw_stream.read(declared + 1)
    if len(block) < declared:
        return Document(
            block,
            url=url,
            source=source,
            key=key,
            error=f"the record holds {len(block)} bytes where its Content-Length says {declared} "
            "(a wrong length or a truncated file)",
        )
    content_type = (headers.get_header("Content-Type") or "").lower()
    try:
        if rec_type == "response" and content_type.startswith("application/http"):
            payload, media, charset = _http_payload(block, stats, max_bytes)
            if payload is None:
                return None
        else:
            payload, (media, charset) = block, _media_type(headers.get_header("Content-Type"))
            if rec_type == "conversion" and not media:
                media = "text/plain"
    except _RecordProblem as exc:
        return Document(block, url=url, source=source, key=key, error=str(exc))
    kind = _kind(media)
    if kind is None:
        stats.skip(f"not HTML ({media})")
        return None
    if len(payload) > max_bytes:
        why = f"payload of {len(payload)} bytes, over the limit of {max_bytes}"
        return Document(b"", url=url, source=source, key=key, error=why)
    return Document(_decoded(payload, charset), url=url, fmt=fmt or kind, source=source, key=key)


def _kind(media: str) -> str | None:
    if not media:
        return "auto"  # no Content-Type: let the cleaner sniff it
    if media in HTML_TYPES:
        return "html"
    if media in TEXT_TYPES:
        return "text"
    return None


def _media_type(value: str | None) -> tuple[str, str | None]:
    """('text/html', 'iso-8859-1') from 'text/html; charset=ISO-8859-1'."""
    if not value:
        return "", None
    message = Message()
    message["content-type"] = value
    charset = message.get_param("charset")
    media = message.get_content_type() if "/" in value.split(";", 1)[0] else ""
    return media.lower(), charset.strip().lower() if isinstance(charset, str) and charset.strip() else None


def _http_payload(block: bytes, stats: ShardStats, max_bytes: int) -> tuple[bytes | None, str, str | None]:
    """The payload of a response block, its media type and charset; payload None when skipped."""
    end = block.find(b"\r\n\r\n", 0, MAX_HTTP_HEAD)
    cut = 4
    if end < 0:
        end, cut = block.find(b"\n\n", 0, MAX_HTTP_HEAD), 2
    if end < 0:
        raise _RecordProblem("the response has no complete HTTP head")
    head, payload = block[:end], block[end + cut :]
    lines = head.decode("latin-1").replace("\r\n", "\n").split("\n")
    status_line = lines[0].split()
    if len(status_line) < 2 or not status_line[0].upper().startswith("HTTP/") or not status_line[1].isdigit():
        raise _RecordProblem(f"the response does not start with an HTTP status line ({lines[0][:60]!r})")
    status = int(status_line[1])
    if not 200 <= status < 300:
        stats.skip(f"HTTP status {status}")
        return None, "", None
    fields: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    media, charset = _media_type(fields.get("content-type"))
    if _kind(media) is None:
        return payload, media, charset  # skipped by the caller, no need to decode it
    if "chunked" in fields.get("transfer-encoding", "").lower():
        payload = _dechunk(payload)
    encoding = fields.get("content-encoding", "").lower().strip()
    if encoding in ("gzip", "x-gzip", "deflate"):
        payload = _inflate(payload, encoding, max_bytes)
    elif encoding not in ("", "identity"):
        raise _RecordProblem(f"content encoding {encoding!r} is not supported")
    return payload, media, charset


def _dechunk(data: bytes) -> bytes:
    """The body of a chunked transfer encoding; a body that is not chunked after all is kept as it is."""
    out: list[bytes] = []
    position = 0
    while position < len(data):
        line_end = data.find(b"\n", position)
        if line_end < 0:
            break
        size_text = data[position:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            # Crawlers that decode chunks themselves sometimes keep the header; the body is then plain.
            return data if not out else b"".join(out)
        if size == 0:
            break
        start = line_end + 1
        out.append(data[start : start + size])
        position = start + size
        if data[position : position + 2] == b"\r\n":
            position += 2
        elif data[position : position + 1] == b"\n":
            position += 1
    return b"".join(out)


def _inflate(data: bytes, encoding: str, max_bytes: int) -> bytes:
    # 16 + MAX_WBITS reads a gzip wrapper, MAX_WBITS a zlib one, -MAX_WBITS raw deflate (some servers send it)
    attempts = (16 + zlib.MAX_WBITS,) if encoding != "deflate" else (zlib.MAX_WBITS, -zlib.MAX_WBITS)
    for wbits in attempts:
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(data, max_bytes + 1)
        except zlib.error:
            continue
        if len(out) > max_bytes:
            raise _RecordProblem(f"payload over the limit of {max_bytes} bytes once decompressed")
        return out
    if data[:2] != b"\x1f\x8b" and encoding != "deflate":
        return data  # labelled gzip but stored decoded (Common Crawl keeps the header under another name)
    raise _RecordProblem(f"the {encoding} payload does not decompress")


def _decoded(payload: bytes, charset: str | None) -> bytes | str:
    """The payload as text when the HTTP charset decides its decoding; else the bytes, for clean()'s own
    decoding (BOM, <meta charset>, UTF-8, detection) and its binary check, done in the worker.

    The bytes go on whenever clean() would decode them as the HTTP charset says anyway (the page declares
    the same charset, or declares none and the header says UTF-8): decoding then happens in parallel in the
    workers, and the record's id is the sha256 of the payload as served.
    """
    if not charset or binary_kind(payload) or payload.startswith(BOMS):
        return payload
    try:
        # as browsers read them: 'iso-8859-1' is windows-1252 (WHATWG), as for <meta charset>
        encoding = codecs.lookup(CHARSET_ALIASES.get(charset, charset)).name
    except LookupError:
        return payload  # an unknown charset: let the page's own declaration decide
    declared = declared_charset(payload)
    if declared == encoding or (declared is None and encoding == "utf-8"):
        return payload
    try:
        text = payload.decode(encoding)
    except UnicodeDecodeError:
        return payload  # a wrong charset is common: let the page's own declaration decide
    sample = text[:20000]
    if sample and len(CONTROL_CHARS.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        return payload
    return text
