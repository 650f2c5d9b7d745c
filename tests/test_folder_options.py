"""The --from and --rules a folder was cleaned with are remembered in its manifest: `--check` and the hook
judge with them when not told otherwise, say which given option differs, and never take a rules folder
from a manifest that points outside the current folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import cli, hook
from cleaner.corpus.manifest import MANIFEST_NAME
from cleaner.corpus.options import OptionsError, RunOptions, recall, safe_relative

from ._corpus_util import article, tree

RULE = """[[phrase]]
id = "project-podcast"
kind = "advertisement"
lang = "en"
match = "exact"
texts = ["Listen to our Podcast"]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """corpus_raw/ of two dumps and a rules folder my_rules/, as the current directory; nothing cleaned yet."""
    (tmp_path / "corpus_raw").mkdir()
    for i, name in enumerate(["a.txt", "b.txt"]):
        (tmp_path / "corpus_raw" / name).write_text(article(i) + "\nListen to our Podcast\n", encoding="utf-8")
    (tmp_path / "my_rules").mkdir()
    (tmp_path / "my_rules" / "extra.toml").write_text(RULE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def clean(*args: str) -> int:
    return cli.main(["corpus_raw", "-o", "corpus_clean", "--jobs", "1", *args])


def hook_run(mode: str, *args: str) -> int:
    return hook.main([mode, "--raw", "corpus_raw", "--out", "corpus_clean", "--jobs", "1", *args])


def remembered(project: Path) -> dict:
    return json.loads((project / "corpus_clean" / MANIFEST_NAME).read_text())["options"]


def test_the_manifest_remembers_the_options(project: Path) -> None:
    assert clean("--from", "text", "--rules", "my_rules/") == 0
    assert remembered(project) == {"from": "text", "rules": "my_rules"}
    assert clean() == 0
    assert remembered(project) == {"from": "text", "rules": "my_rules"}  # a plain run keeps them
    # A JSONL folder remembers them too.
    assert cli.main(["corpus_raw", "-o", "as_jsonl", "--to", "jsonl", "--from", "text", "--jobs", "1"]) == 0
    assert json.loads((project / "as_jsonl" / MANIFEST_NAME).read_text())["options"] == {"from": "text", "rules": None}


def test_check_and_hook_judge_with_the_remembered_options(project: Path, capsys) -> None:
    assert clean("--from", "text", "--rules", "my_rules") == 0
    made = tree(project / "corpus_clean")
    assert "Listen to our Podcast" in json.loads(made["a.json"])["removed"][-1]["text"]
    capsys.readouterr()
    assert clean("--check") == 0
    assert hook_run("check") == 0
    assert hook_run("fix") == 0
    assert clean() == 0
    assert tree(project / "corpus_clean") == made  # nothing re-cleaned with the built-in rules
    assert "was cleaned with" not in capsys.readouterr().err


def test_a_given_option_that_differs_is_named(project: Path, capsys) -> None:
    assert clean("--from", "text", "--rules", "my_rules") == 0
    capsys.readouterr()
    assert clean("--check", "--from", "auto") == 1
    err = capsys.readouterr().err
    assert "corpus_clean was cleaned with --from text; this run uses --from auto" in err
    (project / "other_rules").mkdir()
    assert hook_run("check", "--rules", "other_rules") == 1
    assert "was cleaned with --rules my_rules; this run uses --rules other_rules" in capsys.readouterr().err


def test_a_change_in_the_remembered_rules_folder_makes_every_record_stale(project: Path, capsys) -> None:
    assert clean("--rules", "my_rules") == 0
    (project / "my_rules" / "extra.toml").write_text(RULE.replace("Podcast", "Podcasts"), encoding="utf-8")
    capsys.readouterr()
    assert hook_run("check") == 1
    err = capsys.readouterr().err
    assert "stale (cleaner, rules or options changed): corpus_clean/a.json" in err
    assert "stale (cleaner, rules or options changed): corpus_clean/b.json" in err


@pytest.mark.parametrize("hostile", ["/etc", "../elsewhere", "sub/../../elsewhere", "C:\\rules", "\\\\host\\share"])
def test_a_manifest_cannot_point_the_rules_elsewhere(project: Path, hostile: str, capsys) -> None:
    assert clean() == 0
    path = project / "corpus_clean" / MANIFEST_NAME
    data = json.loads(path.read_text())
    data["options"]["rules"] = hostile
    path.write_text(json.dumps(data))
    before = tree(project / "corpus_clean")
    capsys.readouterr()
    assert hook_run("fix") == 2
    assert clean("--check") == 2
    err = capsys.readouterr().err
    assert "which a manifest may not name" in err and "give --rules again" in err
    assert "Traceback" not in err
    assert tree(project / "corpus_clean") == before  # nothing written or removed
    assert clean("--check", "--rules", "my_rules") == 1  # given again, it runs (and names the difference)


def test_a_remembered_rules_folder_that_is_gone_is_a_clear_error(project: Path, capsys) -> None:
    assert clean("--rules", "my_rules") == 0
    (project / "my_rules" / "extra.toml").unlink()
    (project / "my_rules").rmdir()
    capsys.readouterr()
    assert hook_run("check") == 2
    assert "was cleaned with --rules my_rules, which is not a folder here" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options",
    [[], {"from": "pdf", "rules": None}, {"from": "auto"}, {"from": "auto", "rules": 3}, {"from": 1, "rules": None}],
)
def test_damaged_options_rebuild_the_manifest(project: Path, options: object, capsys) -> None:
    assert clean() == 0
    path = project / "corpus_clean" / MANIFEST_NAME
    data = json.loads(path.read_text())
    data["options"] = options
    path.write_text(json.dumps(data))
    capsys.readouterr()
    assert hook_run("fix") in (0, 1)
    assert "it is rebuilt from the records" in capsys.readouterr().err
    assert remembered(project) == {"from": "auto", "rules": None}


def test_recall() -> None:
    assert recall(None, fmt=None, rules=None) == recall(RunOptions(), fmt=None, rules=None)
    assert recall(RunOptions("html", None), fmt=None, rules=None).fmt == "html"
    assert recall(RunOptions("html", None), fmt="text", rules=None).fmt == "text"
    with pytest.raises(OptionsError):
        recall(RunOptions("auto", "../x"), fmt=None, rules=None)
    assert recall(RunOptions("auto", "../x"), fmt=None, rules="mine").rules == "mine"  # given: no need to look


@pytest.mark.parametrize(
    ("path", "safe"),
    [("rules", True), ("a/b/", True), ("./a", True), ("..", False), ("../a", False), ("/a", False), ("", False)],
)
def test_safe_relative(path: str, safe: bool) -> None:
    assert safe_relative(path) is safe
