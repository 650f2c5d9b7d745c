"""Build WARC, WET and JSON-lines shards for the tests, byte by byte, so that a test can also build broken ones."""

from __future__ import annotations

import gzip
import json
import uuid
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PAGES = DATA / "pages"


def page_bytes() -> dict[str, bytes]:
    """The eval pages copied into tests/data/pages (see tests/data/README.md), by short name."""
    return {p.name.removesuffix(".html.gz"): gzip.decompress(p.read_bytes()) for p in sorted(PAGES.glob("*.html.gz"))}


def warc_record(
    warc_type: str,
    block: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    length: int | None = None,
    record_id: str | None = None,
    extra: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """One WARC/1.0 record; `length` overrides the Content-Length (to make one that lies)."""
    headers = [
        ("WARC-Type", warc_type),
        ("WARC-Record-ID", record_id or f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, (url or '') + warc_type)}>"),
        ("WARC-Date", "2024-01-01T00:00:00Z"),
    ]
    if url:
        headers.append(("WARC-Target-URI", url))
    if content_type:
        headers.append(("Content-Type", content_type))
    headers.extend(extra)
    headers.append(("Content-Length", str(len(block) if length is None else length)))
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def http_response(
    payload: bytes, content_type: str | None = "text/html; charset=utf-8", status: str = "200 OK", extra: str = ""
) -> bytes:
    head = f"HTTP/1.1 {status}\r\n"
    if content_type:
        head += f"Content-Type: {content_type}\r\n"
    head += extra + f"Content-Length: {len(payload)}\r\n\r\n"
    return head.encode("latin-1") + payload


def response(url: str, payload: bytes, content_type: str | None = "text/html; charset=utf-8", **kw: object) -> bytes:
    """A response record as Common Crawl writes them, with the payload type it identified."""
    media = (content_type or "").split(";")[0].strip()
    return warc_record(
        "response",
        http_response(payload, content_type, **kw),  # type: ignore[arg-type]
        url=url,
        content_type="application/http; msgtype=response",
        extra=(("WARC-Identified-Payload-Type", media),) if media else (),
    )


def request(url: str) -> bytes:
    block = f"GET / HTTP/1.1\r\nHost: {url.split('/')[2]}\r\n\r\n".encode()
    return warc_record("request", block, url=url, content_type="application/http; msgtype=request")


def write_warc(path: Path, records: list[bytes], *, gzipped: bool | None = None) -> Path:
    """Records as one file; gzipped (one gzip member per record, as crawlers write them) for a .gz name."""
    gzipped = path.name.endswith(".gz") if gzipped is None else gzipped
    data = b"".join(gzip.compress(r, mtime=0) for r in records) if gzipped else b"".join(records)
    path.write_bytes(data)
    return path


def write_jsonl(path: Path, items: list[object]) -> Path:
    lines = b"".join(json.dumps(i).encode("utf-8") + b"\n" for i in items)
    path.write_bytes(gzip.compress(lines, mtime=0) if path.name.endswith(".gz") else lines)
    return path
