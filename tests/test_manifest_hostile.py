"""A manifest is input too: a damaged or hostile `.cleaner-manifest.json` never makes `--prune` or the hook
delete a file outside the output folder (or a file in it that is not a record), and never ends a run with a
traceback: it is rebuilt from the records with a warning."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaner import cli, hook
from cleaner.corpus.manifest import MANIFEST_NAME, Manifest, is_safe_record_path

from ._corpus_util import article


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """corpus_raw/ with two documents cleaned into corpus_clean/, plus files a hostile manifest may name."""
    raw = tmp_path / "corpus_raw"
    raw.mkdir()
    for name in ("a.txt", "b.txt"):
        (raw / name).write_text(article(len(name) + ord(name[0])), encoding="utf-8")
    (tmp_path / "README.json").write_text('{"precious": true}', encoding="utf-8")
    (tmp_path / "README.md").write_text("precious", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["corpus_raw", "-o", "corpus_clean", "--jobs", "1"]) == 0
    return tmp_path


def plant(project: Path, records: object) -> None:
    """Rewrite the manifest with hostile record entries, keeping a real entry's fields as their value."""
    path = project / "corpus_clean" / MANIFEST_NAME
    data = json.loads(path.read_text())
    data["records"] = records
    path.write_text(json.dumps(data))


def a_real_entry(project: Path) -> dict:
    return json.loads((project / "corpus_clean" / MANIFEST_NAME).read_text())["records"]["a.json"]


HOSTILE_KEYS = [
    "../README.json",
    "../README.md",
    "/etc/passwd.json",
    "sub/../../README.json",
    "./../README.json",
    "..\\README.json",
    "",
]


@pytest.mark.parametrize("key", HOSTILE_KEYS)
@pytest.mark.parametrize("how", ["prune", "hook"])
def test_entries_pointing_outside_are_never_deleted(project: Path, key: str, how: str, capsys) -> None:
    plant(project, {key: a_real_entry(project)})
    (project / "corpus_raw" / "b.txt").unlink()  # one real orphan, so pruning has work to do
    if how == "prune":
        cli.main(["corpus_raw", "-o", "corpus_clean", "--prune", "--jobs", "1"])
    else:
        hook.main(["fix", "--raw", "corpus_raw", "--out", "corpus_clean", "--jobs", "1"])
    err = capsys.readouterr().err
    assert (project / "README.json").read_text() == '{"precious": true}'
    assert (project / "README.md").read_text() == "precious"
    assert "it is rebuilt from the records" in err and "Traceback" not in err
    assert not (project / "corpus_clean" / "b.json").exists()  # the real orphan still goes
    assert (project / "corpus_clean" / "a.json").exists()
    Manifest.from_json((project / "corpus_clean" / MANIFEST_NAME).read_text())  # rebuilt, valid


def test_a_linked_subfolder_does_not_lead_prune_outside(project: Path) -> None:
    outside = project / "elsewhere"
    outside.mkdir()
    victim = outside / "x.json"
    victim.write_text((project / "corpus_clean" / "a.json").read_text())  # looks like a record
    os.symlink(outside, project / "corpus_clean" / "linked")
    plant(project, {"linked/x.json": a_real_entry(project), "a.json": a_real_entry(project)})
    assert cli.main(["corpus_raw", "-o", "corpus_clean", "--prune", "--jobs", "1"]) == 0
    assert victim.exists()


def test_a_file_in_the_output_folder_that_is_not_a_record_is_kept(project: Path) -> None:
    notes = project / "corpus_clean" / "notes.json"
    notes.write_text('{"mine": 1}')
    plant(project, {"notes.json": a_real_entry(project), "a.json": a_real_entry(project)})
    assert cli.main(["corpus_raw", "-o", "corpus_clean", "--prune", "--jobs", "1"]) == 0
    assert notes.read_text() == '{"mine": 1}'


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        '{"manifest": 1, "records": {"a.json": {"source": 5, "input": "x", "config": "y", "record": "z"}}',
        '{"manifest": 1, "records": []}',
        '{"manifest": 1, "records": {"a.json": "entry"}}',
        '{"manifest": 1, "records": {"a.json": {"source": "a"}}}',
        '{"manifest": 1, "records": {}, "jsonl": {"lines": "x", "sha256": "y"}}',
        '{"manifest": 1, "records": {}, "jsonl": {"lines": [{"source": "a", "input": "b", "config": "c",'
        ' "offset": -5, "length": 3}], "sha256": "y"}}',
        '{"manifest": true}',
        "[" * 100_000 + "]" * 100_000,
        "\udcff",
    ],
)
def test_damaged_manifests_are_rebuilt_with_a_warning(project: Path, text: str, capsys) -> None:
    (project / "corpus_clean" / MANIFEST_NAME).write_bytes(text.encode("utf-8", "surrogateescape"))
    capsys.readouterr()
    assert cli.main(["corpus_raw", "-o", "corpus_clean", "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "rebuilt from the records" in err and "Traceback" not in err
    manifest = Manifest.from_json((project / "corpus_clean" / MANIFEST_NAME).read_text())
    assert sorted(manifest.records) == ["a.json", "b.json"]
    assert cli.main(["corpus_raw", "-o", "corpus_clean", "--check"]) == 0


def test_a_manifest_that_is_a_folder_is_a_clear_error(project: Path, capsys) -> None:
    path = project / "corpus_clean" / MANIFEST_NAME
    path.unlink()
    path.mkdir()
    (path / "keep").write_text("mine")
    capsys.readouterr()
    assert cli.main(["corpus_raw", "-o", "corpus_clean", "--prune", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "is not a plain file" in err and "Traceback" not in err
    assert (path / "keep").read_text() == "mine"


def test_a_manifest_that_links_elsewhere_is_not_written_through(project: Path, capsys) -> None:
    path = project / "corpus_clean" / MANIFEST_NAME
    path.unlink()
    os.symlink(project / "README.md", path)
    assert cli.main(["corpus_raw", "-o", "corpus_clean", "--jobs", "1"]) == 1
    assert (project / "README.md").read_text() == "precious"
    assert "is not a plain file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("key", "safe"),
    [
        ("a.json", True),
        ("sub/b.json", True),
        ("a.txt", False),
        ("../a.json", False),
        ("/a.json", False),
        ("a/./b.json", False),
        ("a//b.json", False),
        ("c:/a.json", False),
        (MANIFEST_NAME, False),
        (5, False),
    ],
)
def test_safe_record_paths(key: object, safe: bool) -> None:
    assert is_safe_record_path(key) is safe
