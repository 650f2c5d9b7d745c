"""The command line: stdin, files, folders, formats, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cleaner import __version__
from cleaner.cli import main

from .conftest import ROOT

STORY = (
    "WASHINGTON (AP) — The Senate voted on Wednesday to pass the budget after a long debate.\n\n"
    "Lawmakers said the plan would fund schools, roads and hospitals for the next two years.\n"
)


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cleaner.cli", *args], input=stdin, capture_output=True, check=False, cwd=ROOT
    )


def test_stdin_to_stdout() -> None:
    result = run("-", "--url", "https://example.com/a", stdin=STORY.encode())
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["url"] == "https://example.com/a"
    assert record["dateline"]["agency"] == "AP"


def test_jsonl_is_one_line() -> None:
    result = run("-", "--to", "jsonl", stdin=STORY.encode())
    assert result.stdout.decode().count("\n") == 1


def test_version_and_help() -> None:
    assert run("--version").stdout.decode().startswith(f"cleaner {__version__} (C modules: ")
    help_text = run("--help").stdout.decode()
    assert "examples:" in help_text and "--from" in help_text


def test_usage_errors_exit_2(tmp_path) -> None:
    assert run().returncode == 2
    assert run("--from", "pdf", "x").returncode == 2
    missing = run(str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and b"no such file" in missing.stderr
    bad_rules = tmp_path / "rules"
    bad_rules.mkdir()
    (bad_rules / "x.toml").write_text("[[caption]]\nid = 'c'\n")
    result = run("-", "--rules", str(bad_rules), stdin=STORY.encode())
    assert result.returncode == 2 and b"x.toml: caption c: missing pattern" in result.stderr


@pytest.mark.slow
def test_failed_document_exits_1_and_others_are_written(tmp_path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(STORY, encoding="utf-8")
    (raw / "clash.txt").write_text(STORY, encoding="utf-8")  # both would be written as clash.json
    (raw / "clash.html").write_text(f"<p>{STORY}</p>", encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(raw), "-o", str(out))
    assert result.returncode == 1
    assert b"clash.html" in result.stderr and b"clash.txt" in result.stderr
    assert json.loads((out / "good.json").read_text())["dateline"]["place"] == "Washington"


@pytest.mark.slow
def test_binary_input_gets_an_empty_record_and_a_message(tmp_path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(STORY, encoding="utf-8")
    (raw / "bad.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    out = tmp_path / "out"
    result = run(str(raw), "-o", str(out))
    assert result.returncode == 0  # the folder run wrote every record; the empty one says why
    assert b"bad.html" in result.stderr and b"PNG" in result.stderr
    assert "PNG image" in json.loads((out / "bad.json").read_text())["reason"]
    assert json.loads((out / "good.json").read_text())["dateline"]["place"] == "Washington"
    single = run("-", stdin=b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert single.returncode == 1 and b"PNG" in single.stderr  # the only document could not be read


def test_folder_mirrors_subfolders(tmp_path) -> None:
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "a.txt").write_text(STORY, encoding="utf-8")
    (raw / "notes.md").write_text("not an input", encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(raw), "-o", str(out)]) == 0
    records = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json") if not p.name.startswith("."))
    assert records == ["sub/a.json"]


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(ROOT / "corpus_raw" / "002_6cd2cbeaee8cb13d.txt"), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "share         en-share" in out and "title" in out
