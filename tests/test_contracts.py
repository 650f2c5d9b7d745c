"""The command line and the library keep their word: pipes, Ctrl-C, options that cannot apply, one valid
document on stdout, the rules cache, argument types."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import typing
from pathlib import Path

import pytest

import cleaner
from cleaner.cli import main
from cleaner.corpus.atomic import TMP_PREFIX
from cleaner.ruleset import load

from ._corpus_util import article
from .conftest import ROOT


def cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cleaner.cli", *args], input=stdin, capture_output=True, check=False, cwd=ROOT
    )


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    return folder


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"a{i:02}.txt").write_text(article(i), encoding="utf-8")
    for extra in ([], ["--jobs", "1"]):
        shell = f"{sys.executable} -m cleaner.cli {folder} {' '.join(extra)} | head -c 100 > /dev/null"
        result = subprocess.run(shell, shell=True, capture_output=True, cwd=ROOT, check=False)
        assert b"Traceback" not in result.stderr and b"BrokenPipe" not in result.stderr, result.stderr


def test_ctrl_c_exits_130_with_one_line_and_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(400):
        (folder / f"a{i:03}.txt").write_text(article(i) * 3, encoding="utf-8")
    for to in ("json", "jsonl"):
        out = tmp_path / f"out-{to}"  # appears once the run has started (a signal during imports is Python's)
        proc = subprocess.Popen(
            [sys.executable, "-m", "cleaner.cli", str(folder), "-o", str(out), "--jobs", "2", "--to", to],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (out.exists() and any(out.iterdir())):
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _stdout, stderr = proc.communicate(timeout=60)
        if proc.returncode == 0:
            continue  # the run finished before the signal: nothing to check this time
        assert proc.returncode == 130, stderr
        assert b"Traceback" not in stderr and b"interrupted" in stderr
        assert not [p for p in out.rglob("*") if p.name.startswith(TMP_PREFIX)]
        # a later run finishes the work
        assert main([str(folder), "-o", str(out), "--jobs", "2", "--to", to]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-", "-o", "out"], b"-o cannot apply to stdin"),
        (["-", "--jobs", "2"], b"--jobs cannot apply to stdin"),
        (["-", "--timeout", "5"], b"--timeout cannot apply to stdin"),
        (["-", "--check"], b"not stdin"),
        (["-", "--explain", "--to", "jsonl"], b"--to cannot apply"),
        (["{raw}", "--url", "https://x.org/a"], b"--url names one page"),
        (["{raw}/a0.txt", "{raw}/a1.txt", "--url", "https://x.org/a"], b"--url names one page"),
        (["{raw}", "--explain", "-o", "{raw}/../out"], b"-o cannot apply"),
        (["{raw}", "--explain", "--check"], b"--check cannot apply"),
        (["{raw}", "--explain", "--to", "json"], b"--to cannot apply"),
        (["{raw}", "--explain", "--jobs", "2"], b"--jobs cannot apply"),
        (["{raw}", "--to", "json"], b"JSON lines"),
    ],
)
def test_an_option_that_cannot_apply_is_a_usage_error(raw: Path, args: list[str], message: bytes) -> None:
    result = cli(*(a.replace("{raw}", str(raw)) for a in args), stdin=b"text")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert not (raw.parent / "out").exists() and not Path(ROOT / "out").exists()


def test_several_inputs_on_stdout_are_json_lines(raw: Path) -> None:
    for args in ([str(raw)], [str(raw / "a0.txt"), str(raw / "a1.txt")], [str(raw), "--to", "jsonl"]):
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.decode().splitlines()
        assert len(lines) == len(list(raw.iterdir())) or len(lines) == 2
        assert all(json.loads(line)["body"] for line in lines)
    one = cli(str(raw / "a0.txt"))
    assert json.loads(one.stdout)["body"] and one.stdout.count(b"\n") > 1  # one page: indented, as before
    assert b"JSON lines" in cli("--help").stdout


def test_rules_on_a_file_says_so(tmp_path: Path, raw: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("[[caption]]\nid = 'c'\npattern = 'x'\n")
    result = cli(str(raw), "-o", str(tmp_path / "out"), "--rules", str(rules))
    assert result.returncode == 2 and b"is a file; --rules takes a folder" in result.stderr


def test_rule_errors_name_the_path_the_user_gave(tmp_path: Path) -> None:
    (tmp_path / "mine" / "sub").mkdir(parents=True)
    (tmp_path / "mine" / "sub" / "x.toml").write_text("[[caption]]\nid = 'c'\n")
    os.chdir(tmp_path)
    with pytest.raises(cleaner.RuleError, match=r"^mine/sub/x\.toml: caption c: missing pattern"):
        cleaner.load_rules("mine")


def test_clean_with_a_rules_folder_loads_it_once(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    rule = folder / "x.toml"
    rule.write_text("[[caption]]\nid = 'c'\npattern = 'Photo: Jane'\n")
    calls = []
    real = load._compile
    monkeypatch.setattr(load, "_compile", lambda tables: calls.append(1) or real(tables))
    for _ in range(5):
        cleaner.clean(article(1), rules=str(folder))
        cleaner.clean(article(1), rules=folder)
    assert len(calls) == 1
    rule.write_text("[[caption]]\nid = 'c'\npattern = 'Photo: John Smith'\n")  # another size: reloaded
    assert cleaner.load_rules(folder).raw["caption"]["c"]["pattern"] == "Photo: John Smith"
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"raw": None}, "raw must be bytes or str"),
        ({"raw": 12}, "raw must be bytes or str"),
        ({"raw": ["<p>x</p>"]}, "raw must be bytes or str"),
        ({"raw": "x", "url": b"https://x.org"}, "url must be a str or None"),
        ({"raw": "x", "source": Path("a")}, "source must be a str or None"),
        ({"raw": "x", "fmt": None}, "fmt must be one of"),
        ({"raw": "x", "rules": 3}, "rules must be a Rules"),
    ],
)
def test_wrong_types_raise_a_type_error_that_says_what_is_accepted(kwargs: dict, message: str) -> None:
    raw = kwargs.pop("raw")
    with pytest.raises(TypeError, match=message):
        cleaner.clean(raw, **kwargs)
    with pytest.raises(TypeError):
        cleaner.explain(raw if not isinstance(raw, str) else 5, **{k: v for k, v in kwargs.items() if k != "source"})


def test_bytearray_is_read_as_bytes() -> None:
    assert cleaner.clean(bytearray(article(1).encode())) == cleaner.clean(article(1).encode())


def test_the_public_types() -> None:
    hints = typing.get_type_hints(cleaner.clean)
    assert hints["fmt"] == typing.Literal["auto", "html", "text"]
    assert cleaner.Explained is type(cleaner.explain(article(1))[0])
    doc = cleaner.Record.__doc__ or ""
    for key in cleaner.Record.__dataclass_fields__:
        assert f"{key}:" in doc, f"Record's docstring does not describe {key}"
    assert cleaner.Dateline.__doc__ and cleaner.Removed.__doc__ and cleaner.Explained.__doc__
