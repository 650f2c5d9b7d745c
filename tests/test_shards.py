"""Shard readers: WARC, WET and JSON lines in, Documents out; every bad record reported at its place."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest

from cleaner.shards import Document, ShardStats, is_shard, iter_documents, shard_kind
from tests._shard_util import DATA, http_response, page_bytes, request, response, warc_record, write_jsonl, write_warc


def read(path: Path, **kw: object) -> tuple[list[Document], ShardStats]:
    stats = ShardStats()
    docs = list(iter_documents(path, stats=stats, **kw))  # type: ignore[arg-type]
    return docs, stats


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_responses_are_documents_and_the_rest_is_counted(tmp_path: Path, name: str) -> None:
    pages = page_bytes()
    first, second = list(pages.values())[:2]
    records = [
        warc_record("warcinfo", b"software: test\r\n", content_type="application/warc-fields"),
        request("https://example.com/a"),
        response("https://example.com/a", first),
        warc_record("metadata", b"fetchTimeMs: 3\r\n", url="https://example.com/a", content_type="application/warc"),
        warc_record("revisit", http_response(b""), url="https://example.com/a", content_type="application/http"),
        response("https://example.com/logo.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png"),
        response("https://example.com/gone", b"<html>Not found</html>", status="404 Not Found"),
        response("https://example.com/b", second),
    ]
    docs, stats = read(write_warc(tmp_path / name, records))
    assert [d.url for d in docs] == ["https://example.com/a", "https://example.com/b"]
    assert [d.raw for d in docs] == [first, second]  # UTF-8 by header and page alike: clean() decodes them
    assert all(d.fmt == "html" and d.error is None and d.key and d.key.startswith("<urn:uuid:") for d in docs)
    offsets = [int(d.source.rsplit(":", 1)[1]) for d in docs if d.source]
    assert offsets[0] > 0 and offsets[1] > offsets[0]
    assert all(d.source and d.source.startswith(f"{tmp_path / name}:") for d in docs)
    assert stats.documents == 2 and stats.errors == 0
    assert stats.skipped == {
        "warcinfo": 1,
        "request": 1,
        "metadata": 1,
        "revisit": 1,
        "not HTML (image/png)": 1,
        "HTTP status 404": 1,
    }


def test_warc_offset_points_at_the_record(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "c.warc", [request("https://e.com/a"), response("https://e.com/a", b"<p>Hi</p>")])
    (doc,), _ = read(path)
    offset = int(doc.source.rsplit(":", 1)[1])  # type: ignore[union-attr]
    assert path.read_bytes()[offset:].startswith(b"WARC/1.0\r\nWARC-Type: response")


def test_the_http_charset_decodes_a_page_that_declares_none(tmp_path: Path) -> None:
    page = "<html><body><p>Café crème à la française, déjà vu.</p></body></html>".encode("iso-8859-1")
    path = write_warc(tmp_path / "c.warc.gz", [response("https://e.com/", page, "text/html; charset=ISO-8859-1")])
    (doc,), _ = read(path)
    assert isinstance(doc.raw, str) and "Café crème à la française, déjà vu." in doc.raw


def test_the_http_charset_outranks_the_page_declaration(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>Ceci est la leçon: été.</p></body></html>'
    record = response("https://e.com/", page.encode("cp1252"), "text/html; charset=cp1252")
    path = write_warc(tmp_path / "c.warc", [record])
    (doc,), _ = read(path)
    assert isinstance(doc.raw, str) and "la leçon: été." in doc.raw


def test_a_wrong_http_charset_falls_back_to_the_bytes(tmp_path: Path) -> None:
    page = "<p>naïve — 東京</p>".encode()
    path = write_warc(tmp_path / "c.warc", [response("https://e.com/", page, "text/html; charset=ascii")])
    (doc,), _ = read(path)
    assert doc.raw == page  # clean() decodes it (UTF-8) rather than a wrong label


def test_chunked_and_gzip_payloads_are_undone(tmp_path: Path) -> None:
    page = b"<html><body><p>" + b"Chunked and compressed on the wire. " * 50 + b"</p></body></html>"
    packed = gzip.compress(page)
    pieces = [packed[i : i + 100] for i in range(0, len(packed), 100)]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
    chunked += b"0\r\n\r\n"
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
    record = warc_record("response", head + chunked, url="https://e.com/", content_type="application/http")
    deflated = warc_record(
        "response",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n" + zlib.compress(page),
        url="https://e.com/d",
        content_type="application/http",
    )
    docs, _ = read(write_warc(tmp_path / "c.warc.gz", [record, deflated]))
    assert [d.raw for d in docs] == [page, page]


def test_wet_conversion_records_go_to_text_mode(tmp_path: Path) -> None:
    text = "Headline of the story\nMONTREAL (AP) — The first paragraph of the story, in full.\n"
    records = [
        warc_record("warcinfo", b"isPartOf: CC-MAIN-test\r\n", content_type="application/warc-fields"),
        warc_record("conversion", text.encode(), url="https://e.com/story", content_type="text/plain"),
    ]
    (doc,), stats = read(write_warc(tmp_path / "CC-MAIN-1.warc.wet.gz", records))
    assert (doc.raw, doc.url, doc.fmt) == (text.encode(), "https://e.com/story", "text")
    assert stats.skipped == {"warcinfo": 1}


def test_a_warc_written_by_wget(tmp_path: Path) -> None:
    """tests/data/wget.warc.gz: GNU Wget 1.21 --warc-file -r -p against http.server on 127.0.0.1 serving the
    pages of tests/data/pages, an index linking them, a PNG and a missing page (see tests/data/README.md)."""
    docs, stats = read(DATA / "wget.warc.gz")
    pages = page_bytes()
    by_url = {d.url.rsplit("/", 1)[1]: d for d in docs if d.url}
    assert set(by_url) == {"index.html"} | {f"{name}.html" for name in pages}
    for name, raw in pages.items():
        assert by_url[f"{name}.html"].raw == raw
    assert stats.errors == 0 and stats.skipped["request"] > 0 and stats.skipped["not HTML (image/png)"] == 1
    assert stats.skipped["HTTP status 404"] >= 1 and stats.skipped["warcinfo"] == 1


def test_jsonl_default_fields(tmp_path: Path) -> None:
    items = [
        {"url": "https://e.com/a", "html": "<p>One</p>", "id": 7},
        {"url": "https://e.com/b", "text": "A dump\nof lines"},
        {"link": "https://e.com/c", "content": "<p>sniffed</p>"},
    ]
    docs, stats = read(write_jsonl(tmp_path / "items.jsonl.gz", items))
    assert [(d.raw, d.url, d.fmt, d.key) for d in docs] == [
        ("<p>One</p>", "https://e.com/a", "html", "7"),
        ("A dump\nof lines", "https://e.com/b", "text", None),
        ("<p>sniffed</p>", "https://e.com/c", "auto", None),
    ]
    assert [d.source for d in docs] == [f"{tmp_path / 'items.jsonl.gz'}:{n}" for n in (1, 2, 3)]
    assert stats.documents == 3


def test_jsonl_named_fields_and_forced_format(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [{"page": "<p>x</p>", "where": "https://e.com/x", "html": "<p>no</p>"}])
    (doc,), _ = read(path, content_fields=("page",), url_fields=("where",), fmt="html", name="x")
    assert (doc.raw, doc.url, doc.fmt, doc.source) == ("<p>x</p>", "https://e.com/x", "html", "x:1")


def test_shard_kinds() -> None:
    assert shard_kind("a/b.WARC.GZ") == "warc" and shard_kind("x.ndjson") == "jsonl" and not is_shard("page.html.gz")
    with pytest.raises(ValueError, match="not a shard"):
        iter_documents("page.html")


# ------------------------------------------------------------------------------------------------ bad input


def test_truncated_gzip_warc_keeps_the_records_before(tmp_path: Path) -> None:
    good = [response(f"https://e.com/{i}", b"<p>page %d</p>" % i) for i in range(3)]
    path = write_warc(tmp_path / "t.warc.gz", good)
    path.write_bytes(path.read_bytes()[:-40])
    docs, stats = read(path)
    assert [d.url for d in docs if not d.error] == ["https://e.com/0", "https://e.com/1"]
    (bad,) = [d for d in docs if d.error]
    assert bad.url == "https://e.com/2" and "truncated" in bad.error  # type: ignore[operator]
    assert stats.errors == 1


NOT_WARC = [gzip.compress(b"this is a log file, not a WARC\n" * 20), b"<html>nope</html>", b""]


@pytest.mark.parametrize("content", NOT_WARC)
def test_a_file_that_is_not_warc(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(content)
    docs, stats = read(path)
    if not content:
        assert docs == []  # an empty file holds no records; nothing is wrong with it
        return
    assert len(docs) == 1 and docs[0].error and "not a WARC record at byte 0" in docs[0].error
    assert docs[0].source == f"{path}:0" and stats.errors == 1


def test_a_content_length_that_is_too_short(tmp_path: Path) -> None:
    liar = warc_record("response", http_response(b"<p>" + b"x" * 200 + b"</p>"), url="https://e.com/liar", length=60,
                       content_type="application/http")
    records = [response("https://e.com/0", b"<p>zero</p>"), liar, response("https://e.com/2", b"<p>two</p>")]
    for name in ("short.warc.gz", "short.warc"):
        docs, stats = read(write_warc(tmp_path / name, records))
        assert docs[0].url == "https://e.com/0" and not docs[0].error
        assert stats.errors >= 1 and any(d.error for d in docs), name
        bad = next(d for d in docs if d.error)
        assert bad.source and bad.source.startswith(f"{tmp_path / name}:")
        # gzip members let the reader find the next record again; in a plain file the rest is reported unread
        if name.endswith(".gz"):
            assert [d.url for d in docs if not d.error][-1] == "https://e.com/2"


def test_a_content_length_that_is_too_long(tmp_path: Path) -> None:
    liar = warc_record("response", http_response(b"<p>short</p>"), url="https://e.com/liar", length=5000,
                       content_type="application/http")
    records = [response("https://e.com/0", b"<p>zero</p>"), liar, response("https://e.com/2", b"<p>two</p>")]
    docs, _ = read(write_warc(tmp_path / "long.warc.gz", records))
    assert [(d.url, bool(d.error)) for d in docs] == [
        ("https://e.com/0", False),
        ("https://e.com/liar", True),
        ("https://e.com/2", False),
    ]
    assert "Content-Length says 5000" in docs[1].error  # type: ignore[operator]


def test_a_50_mb_record_is_reported_not_read(tmp_path: Path) -> None:
    big = b"<html><body>" + b"<p>" + b"word " * (10 * 1024 * 1024) + b"</p></body></html>"  # 50 MiB
    records = [response("https://e.com/big", big), response("https://e.com/after", b"<p>after</p>")]
    docs, stats = read(write_warc(tmp_path / "big.warc.gz", records))
    assert [d.url for d in docs] == ["https://e.com/big", "https://e.com/after"]
    assert docs[0].error and "over the limit" in docs[0].error and docs[0].raw == b""
    assert docs[1].error is None and stats.errors == 1


def test_empty_and_binary_payloads_are_documents_for_the_cleaner_to_judge(tmp_path: Path) -> None:
    records = [
        response("https://e.com/empty", b""),
        response("https://e.com/png", b"\x89PNG\r\n\x1a\n\x00\x00binary", content_type="text/html; charset=utf-8"),
    ]
    docs, _ = read(write_warc(tmp_path / "b.warc", records))
    assert [(d.raw, d.error) for d in docs] == [(b"", None), (b"\x89PNG\r\n\x1a\n\x00\x00binary", None)]


def test_bad_json_lines_are_reported_in_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [
        b'{"html": "<p>good</p>", "url": "https://e.com/1"}',
        b'{"html": "<p>broken',
        b"[1, 2, 3]",
        b"",
        b'{"title": "no content"}',
        b'{"html": 42}',
        b'{"html": "caf\xe9"}',  # latin-1, not UTF-8
        b'{"text": "' + b"y" * 3000 + b'"}',
        b'{"html": "<p>last</p>"}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs, stats = read(path, max_bytes=1000)
    errors = {int(d.source.rsplit(":", 1)[1]): d.error for d in docs if d.error}  # type: ignore[union-attr]
    assert [d.raw for d in docs if not d.error] == ["<p>good</p>", "<p>last</p>"]
    assert sorted(errors) == [2, 3, 5, 6, 7, 8]
    assert errors[2].startswith("not JSON") and "not an object" in errors[3]
    assert "no content field" in errors[5] and "not a string" in errors[6]
    assert "not UTF-8" in errors[7] and "longer than" in errors[8]
    assert stats.skipped == {"blank line": 1} and stats.errors == 6


def test_truncated_gzip_jsonl(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "t.jsonl.gz", [{"html": f"<p>{i} {'x' * 2000}</p>"} for i in range(50)])
    path.write_bytes(path.read_bytes()[:-20])
    docs, stats = read(path)
    assert docs[-1].error and "truncated" in docs[-1].error
    assert len(docs) > 1 and all(not d.error for d in docs[:-1]) and stats.errors == 1
