"""`cleaner crawl.warc.gz -o out` and folders of shards: one output shard each, incremental, atomic, bad input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cleaner import clean_many, iter_documents
from cleaner.cli import main
from cleaner.corpus import shard_writers
from cleaner.corpus.shard_manifest import SHARD_MANIFEST
from cleaner.corpus.shards import ShardOptions, find_shards, output_name, run_shards
from tests._shard_util import DATA, http_response, page_bytes, request, response, warc_record, write_jsonl, write_warc


def lines(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        return [json.loads(line) for line in handle]


@pytest.fixture
def crawl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """crawl/a.warc.gz (3 pages, a request, a PNG), crawl/sub/b.jsonl (2 pages, a text dump), in the cwd."""
    monkeypatch.chdir(tmp_path)
    pages = page_bytes()
    names = list(pages)
    folder = tmp_path / "crawl"
    (folder / "sub").mkdir(parents=True)
    write_warc(
        folder / "a.warc.gz",
        [
            request("https://e.com/a"),
            *(response(f"https://e.com/{n}", pages[n]) for n in names[:3]),
            response("https://e.com/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        ],
    )
    items = [{"url": f"https://e.com/{n}", "html": pages[n].decode("utf-8")} for n in names[2:]]
    items.append({"url": "https://e.com/dump", "text": "Headline\nA line of a text dump that reads like a sentence.\n"})
    write_jsonl(folder / "sub" / "b.jsonl", items)
    return folder


def expected(path: Path, name: str) -> list[dict]:
    return [r.to_dict() for r in clean_many(iter_documents(path, name=name), jobs=1)]


def test_a_folder_of_shards(crawl: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "-o", "out", "--jobs", "2"]) == 0
    out = Path("out")
    a, b = lines(out / "a.jsonl.gz"), lines(out / "sub" / "b.jsonl.gz")
    assert a == expected(crawl / "a.warc.gz", "a.warc.gz") and len(a) == 3
    assert b == expected(crawl / "sub" / "b.jsonl", "sub/b.jsonl") and len(b) == 3
    assert a[0]["source"].startswith("a.warc.gz:")
    assert [r["source"] for r in b] == [f"sub/b.jsonl:{n}" for n in (1, 2, 3)]
    err = capsys.readouterr().err
    assert "2 shards (2 written, 0 unchanged): 6 records" in err
    assert "1 request" in err and "1 not HTML (image/png)" in err
    manifest = json.loads((out / SHARD_MANIFEST).read_text())
    assert set(manifest["shards"]) == {"a.jsonl.gz", "sub/b.jsonl.gz"}


def test_one_shard_to_stdout_and_jobs_do_not_change_bytes(crawl: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl/sub/b.jsonl", "--jobs", "1"]) == 0
    one = capsys.readouterr().out
    assert main(["crawl/sub/b.jsonl", "--jobs", "2"]) == 0
    assert capsys.readouterr().out == one
    assert [json.loads(line) for line in one.splitlines()] == expected(crawl / "sub" / "b.jsonl", "crawl/sub/b.jsonl")


def test_jsonl_and_parquet_outputs(crawl: Path) -> None:
    assert main(["crawl/a.warc.gz", "-o", "plain", "--to", "jsonl", "--jobs", "1"]) == 0
    assert lines(Path("plain/a.jsonl")) == expected(crawl / "a.warc.gz", "crawl/a.warc.gz")
    assert main(["crawl", "-o", "pq", "--to", "parquet", "--jobs", "2"]) == 0
    table = pq.read_table("pq/sub/b.parquet").to_pylist()
    want = expected(crawl / "sub" / "b.jsonl", "sub/b.jsonl")
    assert table == [shard_writers.parquet_row(record) for record in want]


def test_incremental_per_shard(crawl: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "-o", "out", "--jobs", "1"]) == 0
    capsys.readouterr()
    before = {p: p.stat().st_mtime_ns for p in Path("out").rglob("*.gz")}
    assert main(["crawl", "-o", "out", "--jobs", "1"]) == 0
    assert "2 shards (0 written, 2 unchanged): 6 records" in capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in Path("out").rglob("*.gz")} == before
    write_jsonl(crawl / "sub" / "b.jsonl", [{"html": "<p>Changed, and a sentence of text.</p>"}])
    assert main(["crawl", "-o", "out", "--jobs", "1"]) == 0
    assert "2 shards (1 written, 1 unchanged): 4 records" in capsys.readouterr().err
    assert Path("out/a.jsonl.gz").stat().st_mtime_ns == before[Path("out/a.jsonl.gz")]
    assert main(["crawl", "-o", "out", "--jobs", "1", "--from", "text"]) == 0  # another configuration
    assert "2 shards (2 written, 0 unchanged)" in capsys.readouterr().err


def test_bad_shards_are_reported_and_good_records_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "bad"
    folder.mkdir()
    good = [response(f"https://e.com/{i}", b"<p>Page %d, with a sentence of text in it.</p>" % i) for i in range(3)]
    truncated = write_warc(folder / "truncated.warc.gz", good)
    truncated.write_bytes(truncated.read_bytes()[:-40])
    (folder / "notwarc.warc.gz").write_bytes(gzip.compress(b"a log file, not a WARC\n" * 10))
    liar = warc_record("response", http_response(b"<p>short</p>"), url="https://e.com/liar", length=5000,
                       content_type="application/http")
    write_warc(folder / "liar.warc.gz", [good[0], liar, good[2]])
    png = response("https://e.com/png", b"\x89PNG\r\n\x1a\n\0\0", content_type="text/html")
    write_warc(folder / "binary.warc", [png])
    (folder / "lines.jsonl").write_bytes(b'{"html": "<p>A good line, a sentence.</p>"}\n{"html": "broken\n\xff\xfe\n')
    status = main(["bad", "-o", "out", "--jobs", "2"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert "cleaner: truncated.warc.gz:" in err and "truncated" in err
    assert "cleaner: notwarc.warc.gz:0: unreadable input: not a WARC record at byte 0" in err
    assert "liar.warc.gz:" in err and "Content-Length says 5000" in err
    assert "binary.warc:0: unreadable input: binary input (PNG image)" in err
    assert "lines.jsonl:2: unreadable input: not JSON" in err and "lines.jsonl:3: unreadable input: not UTF-8" in err
    out = Path("out")
    assert [r["url"] for r in lines(out / "truncated.jsonl.gz") if not r.get("reason")] == ["https://e.com/0", "https://e.com/1"]
    assert [r["url"] for r in lines(out / "liar.jsonl.gz") if not r.get("reason")] == ["https://e.com/0", "https://e.com/2"]
    assert [r.get("reason") is None for r in lines(out / "lines.jsonl.gz")] == [True, False, False]
    assert not [p for p in out.rglob("*") if ".cleaner-tmp-" in p.name]
    assert main(["bad", "-o", "out", "--jobs", "1"]) == 1  # nothing rewritten, the bad documents still count
    assert "(0 written, 5 unchanged)" in capsys.readouterr().err


def test_a_run_killed_midway_leaves_no_partial_shard(crawl: Path, monkeypatch: pytest.MonkeyPatch, rules) -> None:
    calls = 0
    real_write = shard_writers._JsonlWriter.write

    def write_then_die(self: shard_writers._JsonlWriter, text: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:
            raise KeyboardInterrupt
        real_write(self, text)

    shards = find_shards([Path("crawl")], Path("out"), "jsonl.gz")
    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(shard_writers._JsonlWriter, "write", write_then_die)
        run_shards(shards, Path("out"), rules=rules, options=ShardOptions(jobs=1))
    files = sorted(p.relative_to("out").as_posix() for p in Path("out").rglob("*") if p.is_file())
    assert files == [SHARD_MANIFEST, "a.jsonl.gz"]  # the first shard was whole; the second never half-written
    assert len(lines(Path("out/a.jsonl.gz"))) == 3
    assert main(["crawl", "-o", "out", "--jobs", "1"]) == 0  # the next run finishes the work
    assert len(lines(Path("out/sub/b.jsonl.gz"))) == 3


@pytest.mark.slow
def test_a_warc_written_by_wget_through_the_command(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", str(DATA / "wget.warc.gz"), "-o", str(out), "--jobs", "2"],
        capture_output=True, text=True, check=False, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    records = lines(out / "wget.jsonl.gz")
    assert len(records) == 5 and sum(1 for r in records if r["body"]) >= 4
    assert "5 records" in result.stderr and "request" in result.stderr


def test_pages_and_shards_in_one_folder(crawl: Path) -> None:
    (crawl / "page.html").write_text("<html><body><p>A loose page, with one sentence.</p></body></html>")
    assert main(["crawl", "-o", "out", "--to", "jsonl", "--jobs", "1"]) == 0
    assert (Path("out") / "a.jsonl").exists() and (Path("out") / "records.jsonl").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["crawl/a.warc.gz", "--to", "parquet"],
        ["crawl/a.warc.gz", "-o", "out", "--check"],
        ["crawl/a.warc.gz", "-o", "out", "--to", "json"],
        ["crawl/a.warc.gz", "--url", "https://e.com/"],
    ],
)
def test_usage_errors(crawl: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2


def test_output_names() -> None:
    assert output_name("x/CC-MAIN-1.warc.wet.gz", "jsonl.gz") == "x/CC-MAIN-1.jsonl.gz"
    assert output_name("items.jsonl", "parquet") == "items.parquet"
