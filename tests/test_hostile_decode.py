"""Hostile input, round two: archives and encodings. Each is read whole or reported, never cut short in
silence, and no character of it can make a record unwritable."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest

import cleaner
from cleaner import cli
from cleaner.errors import InputError
from cleaner.read import decode as decode_module
from cleaner.read.decode import declared_charset, decode, maybe_gunzip, read_capped

from ._corpus_util import article

STORY = article(3)


# ------------------------------------------------------------------------------------------ archives
def test_a_multi_member_gzip_is_read_whole() -> None:
    data = gzip.compress(b"first part. ") + gzip.compress(b"second part.") + gzip.compress(b" third")
    assert maybe_gunzip(data) == b"first part. second part. third"
    assert maybe_gunzip(gzip.compress(b"padded") + b"\x00" * 512) == b"padded"  # tape-style padding


@pytest.mark.parametrize("cut", [20, 100, -9, -1])
def test_a_truncated_gzip_is_reported(cut: int) -> None:
    data = gzip.compress(STORY.encode() * 20)
    with pytest.raises(InputError, match=r"cut short|does not decompress"):
        maybe_gunzip(data[:cut])


def test_a_truncated_second_member_or_trailing_junk_is_reported() -> None:
    whole = gzip.compress(b"one")
    with pytest.raises(InputError, match=r"cut short|does not decompress"):
        maybe_gunzip(whole + gzip.compress(b"two " * 1000)[:40])
    with pytest.raises(InputError, match="not gzip"):
        maybe_gunzip(whole + b"plain text appended")


def test_members_together_are_capped(monkeypatch) -> None:
    monkeypatch.setattr(decode_module, "MAX_DECOMPRESSED_BYTES", 1000)
    with pytest.raises(InputError, match="larger than"):
        maybe_gunzip(gzip.compress(b"a" * 600) + gzip.compress(b"b" * 600))
    with pytest.raises(InputError, match="larger than"):
        maybe_gunzip(gzip.compress(b"a" * 1001))
    assert maybe_gunzip(gzip.compress(b"a" * 1000)) == b"a" * 1000


def test_a_raw_deflate_or_zlib_stream_named_gz_is_reported() -> None:
    record = cleaner.clean(b"\x1f\x8b" + zlib.compress(b"x" * 100))
    assert record.unreadable


def test_in_a_folder_run_each_is_a_record_or_a_message(tmp_path: Path, capsys) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "multi.txt.gz").write_bytes(gzip.compress(STORY[:200].encode()) + gzip.compress(STORY[200:].encode()))
    (raw / "cut.txt.gz").write_bytes(gzip.compress(STORY.encode())[:-20])
    (raw / "good.txt").write_text(article(1), encoding="utf-8")
    assert cli.main([str(raw), "-o", str(out), "--jobs", "1"]) in (0, 1)
    err = capsys.readouterr().err
    multi = json.loads((out / "multi.json").read_text(encoding="utf-8"))
    assert "families" in multi["body"] or multi["body"].count(" ") > 30  # both members' text
    assert multi["body"].split()[-1] in STORY
    cut = json.loads((out / "cut.json").read_text(encoding="utf-8"))
    assert "cut short" in cut["reason"] and "cut.txt.gz" in err


def test_a_plain_file_has_a_size_cap(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(decode_module, "MAX_INPUT_BYTES", 10_000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 5000)
    with pytest.raises(InputError, match="larger than"):
        read_capped(big)
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    big.rename(raw / "big.txt")
    (raw / "good.txt").write_text(article(1), encoding="utf-8")
    cli.main([str(raw), "-o", str(out), "--jobs", "1"])
    record = json.loads((out / "big.json").read_text(encoding="utf-8"))
    assert "larger than" in record["reason"] and not record["body"]
    assert "big.txt" in capsys.readouterr().err
    assert json.loads((out / "good.json").read_text(encoding="utf-8"))["body"]


def test_read_capped_reads_at_most_one_byte_past_the_cap(tmp_path: Path, monkeypatch) -> None:
    reads: list[int] = []
    path = tmp_path / "x.txt"
    path.write_bytes(b"x" * 50_000)
    real_open = open

    class Spy:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, n=-1):
            reads.append(n)
            return self.handle.read(n)

    monkeypatch.setattr("builtins.open", lambda p, mode="r": Spy(real_open(p, mode)))
    with pytest.raises(InputError):
        read_capped(path, limit=100)
    assert reads == [101]


# ------------------------------------------------------------------------------------------ encodings
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [STORY, "МОСКВА, 20 сентября. Президент России заявил в среду, что принял приглашение посетить Китай."],
)
def test_utf16_without_a_bom(encoding: str, text: str) -> None:
    assert decode(text.encode(encoding)) == text
    record = cleaner.clean(text.encode(encoding))
    assert record.body and not record.reason


def test_a_cp1252_story_inside_a_utf8_template() -> None:
    template = "<html><head><meta charset='utf-8'><title>Nachrichten — Über uns</title></head><body>{}</body></html>"
    story = "<p>Der Bürgermeister sagte, die Straße werde „bald“ geöffnet – für 3 € pro Tag.</p>" * 5
    head, tail = template.split("{}")
    raw = head.encode("utf-8") + story.encode("cp1252") + tail.encode("utf-8")
    text = decode(raw)
    assert "Über uns" in text and "Bürgermeister" in text and "„bald“" in text and "3 €" in text


@pytest.mark.parametrize("charset", ["utf-16", "UTF-16LE", "utf-32", "utf-7", "punycode", "idna", "base64", "hex",
                                     "rot13", "zlib", "bz2", "uu", "quopri", "unicode-escape", "raw-unicode-escape",
                                     "mbcs", "undefined", "x-unknown", "utf-8-sig", "unicode_internal"])  # fmt: skip
def test_a_declared_charset_that_browsers_ignore_or_override(charset: str) -> None:
    page = f"<html><head><meta charset='{charset}'></head><body><p>{STORY}</p><p>Café +AGEAYgBj- \\u00e9</p>"
    for raw in (page.encode("utf-8"), page.encode("utf-8") + b"\xff\xfe broken"):
        text = decode(raw)
        assert "Café +AGEAYgBj- \\u00e9" in text  # read as the bytes say, not through the declared codec
        record = cleaner.clean(raw)
        record.to_json().encode("utf-8")  # writable
    assert declared_charset(page.encode()) in (None, "utf-8", "utf-8-sig")


@pytest.mark.parametrize("charset", ["windows-1251", "iso-8859-5", "koi8-r"])
def test_declared_text_charsets_still_count(charset: str) -> None:
    page = f"<meta charset='{charset}'><p>Привет, мир. Это обычный текст.</p>"
    assert "Привет, мир" in decode(page.encode(charset))


@pytest.mark.parametrize(
    "raw",
    [
        "MOSCOW (AP) — Putin \ud800 said on Wednesday that he accepted \udfff an invitation to visit China.",
        "a\ud83d\ude00b" + STORY,  # a split pair is joined
        "\udcff" * 10,
    ],
)
def test_lone_surrogates_in_input_make_a_writable_record(raw: str) -> None:
    record = cleaner.clean(raw, url="https://x.org/\ud800", source="\udcffname")
    data = record.to_json().encode("utf-8")
    assert "\ud800" not in json.loads(data)["url"]
    assert cleaner.explain(raw)  # and explain() too
    assert all(row.text.encode("utf-8") for row in cleaner.explain(raw))


def test_utf7_that_decodes_to_surrogates_is_no_trap() -> None:
    record = cleaner.clean(b"<meta charset=utf-7><p>+2ADYAA- " + STORY.encode() + b"</p>")
    record.to_json().encode("utf-8")


def test_a_url_with_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    page = tmp_path / "page.txt"
    page.write_text(STORY, encoding="utf-8")
    url = b"https://x.org/caf\xe9"
    for args in ([os.fsencode(page)], [b"-"], [os.fsencode(page), b"-o", os.fsencode(tmp_path / "out")]):
        result = subprocess.run(
            [os.fsencode(sys.executable), b"-m", b"cleaner.cli", *args, b"--url", url],
            input=STORY.encode(),
            capture_output=True,
            check=False,
            cwd=Path(__file__).resolve().parents[1],
        )
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
    record = json.loads((tmp_path / "out" / "page.json").read_text(encoding="utf-8"))
    assert record["url"] == "https://x.org/caf%E9"


@pytest.mark.parametrize(
    "raw",
    [
        b"MOSCOW (AP) \xed\xa0\x80 surrogate encoded as UTF-8 bytes, which UTF-8 refuses. " + STORY.encode(),
        STORY.encode() + b" \xed\xb2\x80\xed\xa0\x80",
        STORY.encode("utf-16-le") + b"\x00\xd8",  # a lone high surrogate at the end of UTF-16
        b"\xff\xfe" + "a\ud800b".encode("utf-16-le", "surrogatepass") + STORY.encode("utf-16-le"),
    ],
)
def test_surrogates_in_bytes_make_a_writable_record(raw: bytes) -> None:
    record = cleaner.clean(raw)
    record.to_json().encode("utf-8")


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [("euc-kr", "cp949"), ("shift_jis", "cp932"), ("iso-8859-9", "cp1254"), ("tis-620", "cp874")],
)
def test_declarations_read_as_browsers_read_them(charset: str, encoding: str) -> None:
    assert declared_charset(f"<meta charset={charset}>".encode()) == encoding
