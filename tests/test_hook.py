"""The pre-commit hook: cleaner-hook fix/check in-process, then end to end with `pre-commit try-repo`."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import cli, hook
from cleaner.corpus.manifest import MANIFEST_NAME

from ._corpus_util import ROOT, article, html_page, tree


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A project folder with corpus_raw/ of three documents, as the current directory."""
    (tmp_path / "corpus_raw" / "sub").mkdir(parents=True)
    for i, name in enumerate(["a.txt", "b.txt", "sub/c.txt"]):
        (tmp_path / "corpus_raw" / name).write_text(article(i), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fix(*files: str) -> int:
    return hook.main(["fix", "--raw", "corpus_raw", "--out", "corpus_clean", "--jobs", "1", *files])


def check(*files: str) -> int:
    return hook.main(["check", "--raw", "corpus_raw", "--out", "corpus_clean", *files])


def test_fix_writes_then_passes_and_matches_the_cli(repo: Path) -> None:
    assert check() == 1
    assert fix() == 1  # wrote records: the commit must stop so they can be added
    assert fix() == 0 and check() == 0
    cli.main(["corpus_raw", "-o", "expected"])
    assert tree(repo / "corpus_clean") == tree(repo / "expected")


def test_fix_cleans_only_the_files_passed(repo: Path) -> None:
    fix()
    (repo / "corpus_raw" / "a.txt").write_text(article(10), encoding="utf-8")
    (repo / "corpus_raw" / "b.txt").write_text(article(11), encoding="utf-8")
    before = tree(repo / "corpus_clean")
    assert check("corpus_raw/a.txt") == 1
    assert fix("corpus_raw/a.txt", "README.md") == 1
    after = tree(repo / "corpus_clean")
    assert after["a.json"] != before["a.json"] and after["b.json"] == before["b.json"]
    assert check("corpus_raw/a.txt") == 0 and check("corpus_raw/b.txt") == 1


def test_fix_removes_orphans_and_check_reports_them(repo: Path, capsys) -> None:
    fix()
    (repo / "corpus_raw" / "sub" / "c.txt").unlink()
    capsys.readouterr()
    assert check() == 1
    assert "orphan: corpus_clean/sub/c.json" in capsys.readouterr().err
    assert fix() == 1
    assert not (repo / "corpus_clean" / "sub" / "c.json").exists()
    assert check() == 0


def test_upper_case_extensions_are_inputs(repo: Path, capsys) -> None:
    """NEW.TXT and PAGE.HTM.GZ are inputs wherever they are judged: passed by pre-commit or found in the folder."""
    fix()
    (repo / "corpus_raw" / "NEW.TXT").write_text(article(5), encoding="utf-8")
    (repo / "corpus_raw" / "PAGE.HTM.GZ").write_bytes(gzip.compress(html_page(6).encode()))
    capsys.readouterr()
    assert check() == 1
    err = capsys.readouterr().err
    assert "missing: corpus_clean/NEW.json" in err and "missing: corpus_clean/PAGE.json" in err
    assert fix("corpus_raw/NEW.TXT") == 1  # passed by name, and the unpassed PAGE.HTM.GZ is missing too
    assert {"NEW.json", "PAGE.json"} <= set(tree(repo / "corpus_clean"))
    assert check() == 0


def test_files_passed_do_not_hide_records_made_with_other_rules(repo: Path, capsys) -> None:
    """pre-commit passes only the raw files that changed, but a rules change makes every record stale."""
    fix()
    (repo / "my_rules").mkdir()
    (repo / "my_rules" / "extra.toml").write_text(EXTRA_RULE, encoding="utf-8")
    (repo / "corpus_raw" / "a.txt").write_text(article(10), encoding="utf-8")
    capsys.readouterr()
    assert check("corpus_raw/a.txt", "--rules", "my_rules") == 1
    err = capsys.readouterr().err
    assert "stale (input changed): corpus_clean/a.json" in err
    assert "stale (cleaner, rules or options changed): corpus_clean/sub/c.json" in err
    assert fix("corpus_raw/a.txt", "--rules", "my_rules") == 1
    assert check() == 0  # judged with the remembered my_rules


def test_deleting_the_only_changed_file_still_removes_its_record(repo: Path) -> None:
    """A commit that only deletes a raw file: no file is passed, the hook still runs and finds the orphan."""
    fix()
    (repo / "corpus_raw" / "b.txt").unlink()
    assert fix() == 1
    assert "b.json" not in tree(repo / "corpus_clean")


def test_the_published_hooks_run_on_every_commit() -> None:
    """A hook limited to changed raw files misses deletions, rules changes and NEW.TXT: they all run always."""
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"cleaner-fix", "cleaner-check"}
    for h in hooks:
        assert h["always_run"] is True and h["pass_filenames"] is False and h["require_serial"] is True, h
        assert "files" not in h or h["files"].startswith("(?i)"), h


def test_check_writes_nothing(repo: Path) -> None:
    assert check() == 1
    assert not (repo / "corpus_clean").exists()


def test_this_repositorys_records_are_what_the_code_makes(tmp_path: Path, monkeypatch) -> None:
    # corpus_clean/ must hold what the current code makes of corpus_raw/, byte for byte; when this fails,
    # run the hook (pre-commit run cleaner-fix, see .pre-commit-config.yaml) and commit corpus_clean/.
    monkeypatch.chdir(ROOT)
    cli.main(["corpus_raw", "-o", str(tmp_path / "fresh"), "--jobs", "1"])
    fresh = {k: v for k, v in tree(tmp_path / "fresh").items() if k != MANIFEST_NAME}
    assert {k: v for k, v in tree(ROOT / "corpus_clean").items() if k != MANIFEST_NAME} == fresh


# A project's own rule (see rules/README.md): an extra boilerplate phrase.
EXTRA_RULE = """[[phrase]]
id = "project-podcast"
kind = "advertisement"
lang = "en"
match = "exact"
texts = ["Listen to our Podcast"]
"""


def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.mark.slow
@pytest.mark.hook
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_try_repo_end_to_end(tmp_path: Path) -> None:
    """The hooks as another project uses them: pre-commit builds their environment by pip-installing this
    repository (from a scratch copy of the working tree), then runs them in a scratch git repository."""
    pytest.importorskip("pre_commit")
    source = tmp_path / "cleaner-src"
    ignore = shutil.ignore_patterns(
        ".venv",
        ".git",
        "__pycache__",
        "*.egg-info",
        ".pytest_cache",
        ".hypothesis",
        ".ruff_cache",
        "build",
        "dist",
        "corpus_clean",
        "corpus_raw",
    )
    shutil.copytree(ROOT, source, ignore=ignore)
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "commit", "-qm", "snapshot")
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True).stdout.strip()

    project = tmp_path / "project"
    (project / "corpus_raw").mkdir(parents=True)
    (project / "my_rules").mkdir()
    for i in range(3):
        (project / "corpus_raw" / f"{i}.txt").write_text(article(i), encoding="utf-8")
    (project / "my_rules" / "extra.toml").write_text(EXTRA_RULE, encoding="utf-8")
    # The records are made once by hand with the project's own rules; the folder remembers --rules my_rules,
    # and the published hooks, whose args do not name it, judge with it.
    made_by_hand = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "corpus_raw", "-o", "corpus_clean", "--rules", "my_rules"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert made_by_hand.returncode == 0, made_by_hand.stderr
    # A new raw file whose extension is in capitals: a case-sensitive `files` pattern would skip it.
    (project / "corpus_raw" / "NEW.TXT").write_text(article(3), encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}

    def try_repo() -> subprocess.CompletedProcess:
        # Both hooks in one go (try-repo builds a fresh environment each time): pre-commit runs them sorted by
        # id, so cleaner-check sees the folder before cleaner-fix writes it. No --all-files: pre-commit passes
        # only what is staged, as in a commit.
        command = [sys.executable, "-m", "pre_commit", "try-repo", str(source), "--ref", rev]
        return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=900)

    first = try_repo()  # an upper-case extension
    assert first.returncode == 1, first.stdout + first.stderr
    assert "missing: corpus_clean/NEW.json" in first.stdout  # cleaner-check
    assert "stale (" not in first.stdout  # the others were judged with the remembered my_rules
    assert "records in corpus_clean were written or removed" in first.stdout  # cleaner-fix
    made = tree(project / "corpus_clean")
    assert sorted(made) == [MANIFEST_NAME, "0.json", "1.json", "2.json", "NEW.json"]
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "records")

    again = try_repo()
    assert again.returncode == 0, again.stdout + again.stderr
    assert tree(project / "corpus_clean") == made  # byte-identical from run to run

    # A change to the rules alone: no raw file changes, every record is stale.
    (project / "my_rules" / "extra.toml").write_text(EXTRA_RULE.replace("Podcast", "Podcasts"), encoding="utf-8")
    _git(project, "add", "-A")
    rules_changed = try_repo()
    assert rules_changed.returncode == 1, rules_changed.stdout + rules_changed.stderr
    assert "stale (cleaner, rules or options changed): corpus_clean/0.json" in rules_changed.stdout
    assert "stale (cleaner, rules or options changed): corpus_clean/NEW.json" in rules_changed.stdout
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "rules")

    # A deletion alone: pre-commit has no file to pass, and the orphan record must still go.
    _git(project, "rm", "-q", "corpus_raw/1.txt")
    deleted = try_repo()
    assert deleted.returncode == 1, deleted.stdout + deleted.stderr
    assert "orphan: corpus_clean/1.json" in deleted.stdout
    now = tree(project / "corpus_clean")
    assert sorted(now) == [MANIFEST_NAME, "0.json", "2.json", "NEW.json"]
