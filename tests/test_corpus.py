"""The folder command: mirroring, incremental runs, --check, --prune, JSONL, jobs, atomic writes."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

import cleaner
from cleaner import cli
from cleaner.corpus import run as corpus
from cleaner.corpus import workers, write
from cleaner.corpus.manifest import MANIFEST_NAME, Manifest
from cleaner.corpus.report import Reporter

from ._corpus_util import ROOT, SEEDS, article, html_page, tree


def run(*args: str | Path) -> int:
    return cli.main([str(a) for a in args])


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "world" / "europe").mkdir(parents=True)
    (folder / "a.txt").write_text(article(1), encoding="utf-8")
    (folder / "world" / "b.html").write_text(html_page(2), encoding="utf-8")
    (folder / "world" / "europe" / "c.txt.gz").write_bytes(gzip.compress(article(3).encode()))
    (folder / "world" / "notes.md").write_text("not an input", encoding="utf-8")
    return folder


def test_folder_mirrors_subfolders_one_record_per_input(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(raw, "-o", out, "--jobs", "1") == 0
    files = tree(out)
    assert sorted(files) == [MANIFEST_NAME, "a.json", "world/b.json", "world/europe/c.json"]
    for name in ("a.json", "world/b.json", "world/europe/c.json"):
        record = json.loads(files[name])
        jsonschema.validate(record, cleaner.json_schema())
        assert record["body"]
    assert json.loads(files["world/europe/c.json"])["source"] == str(raw / "world" / "europe" / "c.txt.gz")
    # The gzip input and its plain twin give the same record id: the id is of the page, not of its packing.
    assert json.loads(files["world/europe/c.json"])["id"] == cleaner.clean(article(3)).id


def test_records_match_the_library(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    expected = cleaner.clean((raw / "a.txt").read_bytes(), source=str(raw / "a.txt")).to_json() + "\n"
    assert (out / "a.json").read_text(encoding="utf-8") == expected


def test_second_run_skips_everything_and_changes_no_byte(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    before = tree(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}
    capsys.readouterr()
    assert run(raw, "-o", out) == 0
    assert "3 documents: 0 cleaned, 3 skipped, 0 failed" in capsys.readouterr().err
    assert tree(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.json")} == mtimes


def test_changed_input_is_cleaned_again_and_only_it(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    (raw / "a.txt").write_text(article(99), encoding="utf-8")
    capsys.readouterr()
    run(raw, "-o", out)
    assert "1 cleaned, 2 skipped" in capsys.readouterr().err
    assert json.loads((out / "a.json").read_bytes())["id"] == cleaner.clean(article(99)).id


def test_record_edited_by_hand_is_stale(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    good = (out / "a.json").read_bytes()
    (out / "a.json").write_bytes(good[: len(good) // 2])  # as a crash of some other tool would leave it
    assert run(raw, "-o", out, "--check") == 1
    assert "stale (record changed since it was written)" in capsys.readouterr().out
    run(raw, "-o", out)
    assert (out / "a.json").read_bytes() == good


def test_other_rules_make_records_stale(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text(
        '[[phrase]]\nid = "mine"\nkind = "share"\nlang = "en"\nmatch = "exact"\ntexts = ["Print this"]\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    assert run(raw, "-o", out, "--rules", rules, "--check") == 1
    assert capsys.readouterr().out.count("stale (cleaner, rules or options changed)") == 3
    run(raw, "-o", out, "--rules", rules)
    assert run(raw, "-o", out, "--rules", rules, "--check") == 0


def test_check_lists_missing_stale_and_orphan_and_writes_nothing(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    (raw / "a.txt").write_text(article(7), encoding="utf-8")
    (raw / "new.txt").write_text(article(8), encoding="utf-8")
    (raw / "world" / "b.html").unlink()
    before = tree(out)
    capsys.readouterr()
    assert run(raw, "-o", out, "--check") == 1
    listed = capsys.readouterr().out
    assert f"stale (input changed): {out / 'a.json'}" in listed
    assert f"missing: {out / 'new.json'}" in listed
    assert f"orphan: {out / 'world' / 'b.json'}" in listed
    assert tree(out) == before
    run(raw, "-o", out, "--prune")
    assert run(raw, "-o", out, "--check") == 0


def test_orphans_stay_without_prune_and_prune_removes_only_them(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    (out / "world" / "my-notes.json").write_text('{"not": "a record"}', encoding="utf-8")
    (out / "README.txt").write_text("mine", encoding="utf-8")
    (raw / "world" / "b.html").unlink()
    capsys.readouterr()
    run(raw, "-o", out)
    assert "1 orphan record (--prune removes them)" in capsys.readouterr().err
    assert (out / "world" / "b.json").exists()
    run(raw, "-o", out, "--prune")
    assert "1 orphan record removed" in capsys.readouterr().err
    assert not (out / "world" / "b.json").exists()
    assert (out / "world" / "my-notes.json").exists() and (out / "README.txt").exists()
    assert "world/b.json" not in Manifest.from_json((out / MANIFEST_NAME).read_text()).records


def test_prune_finds_orphan_records_without_a_manifest(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    (out / MANIFEST_NAME).unlink()
    (raw / "a.txt").unlink()
    run(raw, "-o", out, "--prune")
    assert not (out / "a.json").exists() and (out / "world" / "b.json").exists()


def test_two_inputs_for_one_record_both_fail_and_the_rest_is_written(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    (raw / "a.html").write_text(html_page(5), encoding="utf-8")
    assert run(raw, "-o", out) == 1
    err = capsys.readouterr().err
    assert f"{raw / 'a.html'}: {raw / 'a.txt'} would write the same record a.json; rename one" in err
    assert f"{raw / 'a.txt'}: {raw / 'a.html'} would write the same record a.json" in err
    assert not (out / "a.json").exists()
    assert (out / "world" / "b.json").exists() and (out / "world" / "europe" / "c.json").exists()
    assert "4 documents: 2 cleaned, 0 skipped, 2 failed" in err


def test_an_input_named_like_the_manifest_is_refused(raw: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    (raw / ".cleaner-manifest.txt").write_text(article(4), encoding="utf-8")
    assert run(raw, "-o", out) == 1
    assert "would overwrite the manifest" in capsys.readouterr().err
    Manifest.from_json((out / MANIFEST_NAME).read_text())  # still the manifest


def test_jobs_one_and_two_write_the_same_bytes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(12):
        (raw / f"{i:02}.txt").write_text(article(i), encoding="utf-8")
        (raw / f"{i:02}.html").write_text(html_page(i), encoding="utf-8")
    run(raw, "-o", tmp_path / "one", "--jobs", "1", "--to", "jsonl")
    run(raw, "-o", tmp_path / "two", "--jobs", "2", "--to", "jsonl")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    lines = (tmp_path / "one" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["source"] for line in lines] == [str(p) for p in sorted(raw.iterdir())]


def test_jsonl_is_incremental_and_equals_a_fresh_run(raw: Path, tmp_path: Path, capsys) -> None:
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run(raw, "-o", out, "--to", "jsonl")
    assert sorted(tree(out)) == [MANIFEST_NAME, "records.jsonl"]
    capsys.readouterr()
    run(raw, "-o", out, "--to", "jsonl")
    assert "0 cleaned, 3 skipped" in capsys.readouterr().err
    (raw / "world" / "b.html").write_text(html_page(11), encoding="utf-8")
    (raw / "a.txt").unlink()
    (raw / "z.txt").write_text(article(12), encoding="utf-8")
    run(raw, "-o", out, "--to", "jsonl")
    assert "2 cleaned, 1 skipped" in capsys.readouterr().err
    run(raw, "-o", fresh, "--to", "jsonl")
    assert tree(out)["records.jsonl"] == tree(fresh)["records.jsonl"]
    assert run(raw, "-o", out, "--to", "jsonl", "--check") == 0


def test_single_file_and_stdout_still_work(tmp_path: Path, capsys) -> None:
    assert run(SEEDS[0]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed)["source"] == str(SEEDS[0])
    assert run(*SEEDS, "--to", "jsonl") == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_usage_errors(raw: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        run(raw, "--check")
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        run(raw, "-o", tmp_path / "out", "--jobs", "0")
    assert exc.value.code == 2
    assert run(tmp_path / "nowhere", "-o", tmp_path / "out") == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_progress_bar_only_when_asked_and_summary_always(tmp_path: Path, raw: Path) -> None:
    stream = io.StringIO()
    corpus.clean_paths([raw], tmp_path / "a", rules=cleaner.load_rules(), reporter=Reporter(stream, True))
    assert "[" + "#" * 30 + "] 3/3" in stream.getvalue()
    stream = io.StringIO()  # not a terminal: no bar
    corpus.clean_paths([raw], tmp_path / "b", rules=cleaner.load_rules(), reporter=Reporter(stream))
    assert "#" not in stream.getvalue()
    assert stream.getvalue().strip().endswith("3 documents: 3 cleaned, 0 skipped, 0 failed")


def test_leftover_temporary_files_are_removed_and_nothing_else(raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(raw, "-o", out)
    (out / "world" / ".cleaner-tmp-b.json.x1y2.tmp").write_text('{"half', encoding="utf-8")
    (out / "world" / ".my-own.tmp").write_text("mine", encoding="utf-8")
    run(raw, "-o", out)
    assert not (out / "world" / ".cleaner-tmp-b.json.x1y2.tmp").exists()
    assert (out / "world" / ".my-own.tmp").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_over_the_time_limit_fails_and_the_rest_is_written(
    tmp_path: Path, monkeypatch, capsys, jobs: str
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(4):
        (raw / f"{i}.txt").write_text(article(i), encoding="utf-8")
    (raw / "1.txt").write_text("HANG " + article(1), encoding="utf-8")
    real_clean = workers.clean

    def slow_clean(raw_bytes, **kwargs):  # a pathological page, as seen from the outside
        if isinstance(raw_bytes, bytes) and raw_bytes.startswith(b"HANG"):
            time.sleep(3600)
        return real_clean(raw_bytes, **kwargs)

    # Workers are forked, so they inherit the patched function.
    monkeypatch.setattr(workers, "clean", slow_clean)
    out = tmp_path / "out"
    assert run(raw, "-o", out, "--jobs", jobs, "--timeout", "1") == 1
    err = capsys.readouterr().err
    assert f"{raw / '1.txt'}: took longer than the time limit (1 s); stopped" in err
    assert sorted(tree(out)) == [MANIFEST_NAME, "0.json", "2.json", "3.json"]


def test_a_worker_that_dies_costs_only_its_document(tmp_path: Path, monkeypatch, capsys) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(3):
        (raw / f"{i}.txt").write_text(("CRASH " if i == 0 else "") + article(i), encoding="utf-8")
    real_clean = workers.clean

    def crashing_clean(raw_bytes, **kwargs):  # as a segfault in a C library would
        if isinstance(raw_bytes, bytes) and raw_bytes.startswith(b"CRASH"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real_clean(raw_bytes, **kwargs)

    monkeypatch.setattr(workers, "clean", crashing_clean)
    out = tmp_path / "out"
    assert run(raw, "-o", out, "--jobs", "1") == 1
    assert "the worker cleaning it died (killed by signal 9)" in capsys.readouterr().err
    assert (out / "1.json").exists() and (out / "2.json").exists()


@pytest.mark.slow
def test_a_run_killed_at_any_moment_leaves_no_truncated_record(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(60):
        (raw / f"{i:03}.txt").write_text(article(i, paragraphs=30), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "cleaner.cli", str(raw), "-o", str(out), "--jobs", "2"]
    for delay in (0.5, 1.0, 1.5, 2.0, 3.0):
        process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and its workers, as a power cut to the batch would
        process.wait()
        for path in out.rglob("*.json"):
            json.loads(path.read_bytes())  # every record (and the manifest) is whole
    subprocess.run(command, env=env, check=True, stderr=subprocess.DEVNULL)
    assert not [p for p in out.rglob("*") if p.name.startswith(".cleaner-tmp-")]
    assert len([p for p in out.glob("*.json") if p.name != MANIFEST_NAME]) == 60
    fresh = tmp_path / "fresh"
    run(raw, "-o", fresh)
    assert tree(out) == tree(fresh)


def test_an_interrupted_run_keeps_the_manifest_of_what_it_wrote(tmp_path: Path, monkeypatch, capsys) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(5):
        (raw / f"{i}.txt").write_text(article(i), encoding="utf-8")
    real = write.write_record
    written: list[str] = []

    def interrupted(outcome, doc, *args):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(doc.record)
        return real(outcome, doc, *args)

    monkeypatch.setattr(write, "write_record", interrupted)
    out = tmp_path / "out"
    assert run(raw, "-o", out, "--jobs", "1") == 130  # Ctrl-C: a short message, exit 130
    assert "interrupted" in capsys.readouterr().err
    assert sorted(Manifest.from_json((out / MANIFEST_NAME).read_text()).records) == sorted(written)
    monkeypatch.undo()
    capsys.readouterr()
    run(raw, "-o", out)
    assert "3 cleaned, 2 skipped" in capsys.readouterr().err
