"""Hostile file systems, round two: an output path under a file, a full disk, a read-only output folder, a
250-byte name, two runs at once. Each gives a clear message, no traceback, no temporary file left, and a
later run finishes the work."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import cli
from cleaner.corpus import atomic
from cleaner.corpus.atomic import TMP_PREFIX
from cleaner.corpus.manifest import MANIFEST_NAME

from ._corpus_util import article
from .conftest import ROOT


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(TMP_PREFIX)] if folder.exists() else []


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "sub").mkdir(parents=True)
    for i in range(3):
        (folder / f"a{i}.txt").write_text(article(i), encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(article(7), encoding="utf-8")
    return folder


def run(*args: str | Path) -> int:
    return cli.main([str(a) for a in args] + ["--jobs", "1"])


def test_an_output_path_under_a_file(tmp_path: Path, raw: Path, capsys) -> None:
    (tmp_path / "file.txt").write_text("x")
    assert run(raw, "-o", tmp_path / "file.txt" / "out") == 1
    err = capsys.readouterr().err
    assert "cannot create the output folder" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as usage:  # -o a file: a usage error
        run(raw, "-o", tmp_path / "file.txt")
    assert usage.value.code == 2


def test_a_record_folder_that_is_a_file(tmp_path: Path, raw: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("in the way")
    assert run(raw, "-o", out) == 1
    err = capsys.readouterr().err
    assert f"{raw / 'sub' / 'b.txt'}: cannot write" in err
    assert (out / "a0.json").is_file() and not temporaries(out)
    (out / "sub").unlink()
    assert run(raw, "-o", out) == 0
    assert "1 cleaned, 3 skipped" in capsys.readouterr().err


class FullDisk:
    """A file handle on a disk that fills up: the first write past `room[0]` bytes, counted over every
    file, fails with ENOSPC."""

    def __init__(self, handle, room: list[int]) -> None:
        self.handle, self.room = handle, room

    def write(self, data: bytes) -> int:
        self.room[0] -= len(data)
        if self.room[0] < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self.handle.write(data)

    def tell(self) -> int:
        return self.handle.tell()

    def close(self) -> None:
        self.handle.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@pytest.mark.parametrize("to", ["json", "jsonl"])
@pytest.mark.parametrize("room", [0, 3000])
def test_a_full_disk(tmp_path: Path, raw: Path, monkeypatch, capsys, to: str, room: int) -> None:
    out = tmp_path / "out"
    real_fdopen = os.fdopen
    left = [room]  # the first record or two fit (room=3000), the rest do not
    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode), left))
    assert run(raw, "-o", out, "--to", to) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert not temporaries(out)
    monkeypatch.undo()
    assert run(raw, "-o", out, "--to", to) == 0  # a later run finishes the work
    capsys.readouterr()
    assert run(raw, "-o", out, "--to", to) == 0
    assert "0 cleaned, 4 skipped" in capsys.readouterr().err


def test_a_full_disk_on_stdout() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "cleaner.cli", "-"],
            input=article(1).encode(),
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            check=False,
        )
    assert result.returncode == 1
    assert b"cannot write the output" in result.stderr and b"Traceback" not in result.stderr


def refuse(*_args, **_kwargs):
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))


@pytest.mark.parametrize("to", ["json", "jsonl"])
def test_a_read_only_output_folder(tmp_path: Path, raw: Path, monkeypatch, capsys, to: str) -> None:
    out = tmp_path / "out"
    assert run(raw, "-o", out, "--to", to) == 0
    capsys.readouterr()
    # Read-only, simulated (the tests may run as root, whom chmod does not stop): no file can be created.
    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    assert run(raw, "-o", out, "--to", to) == 0  # nothing to write: nothing is tried
    assert "0 cleaned, 4 skipped" in capsys.readouterr().err
    (raw / "a1.txt").write_text(article(11), encoding="utf-8")
    assert run(raw, "-o", out, "--to", to) == 1
    err = capsys.readouterr().err
    assert "Permission denied" in err and "Traceback" not in err
    monkeypatch.undo()
    assert run(raw, "-o", out, "--to", to) == 0
    assert "1 cleaned, 3 skipped" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_output_folder_for_real(tmp_path: Path, raw: Path, capsys) -> None:
    out = tmp_path / "out"
    assert run(raw, "-o", out) == 0
    for folder in (out, out / "sub"):
        folder.chmod(0o555)
    try:
        assert run(raw, "-o", out) == 0
        assert run(raw, "-o", out, "--prune") == 0
    finally:
        for folder in (out, out / "sub"):
            folder.chmod(0o755)


@pytest.mark.parametrize("stem", ["x" * 245, "é" * 122 + "x", "y" * 250])
def test_a_long_name(tmp_path: Path, stem: str, capsys) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    name = stem + ".txt"
    if len(os.fsencode(name)) > 255:
        name = stem[: 255 - 4] + ".txt"
    (raw / name).write_text(article(2), encoding="utf-8")
    (raw / "good.txt").write_text(article(3), encoding="utf-8")
    record = Path(name).stem + ".json"
    status = run(raw, "-o", out)
    err = capsys.readouterr().err
    assert "Traceback" not in err and not temporaries(out)
    if len(os.fsencode(record)) <= 255:
        assert status == 0 and json.loads((out / record).read_text(encoding="utf-8"))["body"]
    else:  # the record's name is one byte too long for the file system: said, for that document only
        assert status == 1 and "File name too long" in err
        assert (out / "good.json").is_file()


@pytest.mark.parametrize("to", ["jsonl", "json"])
def test_two_runs_at_once(tmp_path: Path, to: str) -> None:
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    for i in range(40):
        (raw / f"a{i:02}.txt").write_text(article(i), encoding="utf-8")
    command = [sys.executable, "-m", "cleaner.cli", str(raw), "-o", str(out), "--to", to, "--jobs", "1"]
    runs = [subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(proc.wait(timeout=300), proc.stderr.read()) for proc in runs]  # type: ignore[union-attr]
    for status, err in results:
        assert status == 0, err
        assert b"Traceback" not in err
    assert not temporaries(out)
    if to == "jsonl":
        lines = (out / "records.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == 40 and all(json.loads(line)["body"] for line in lines)
    else:
        assert len([p for p in out.glob("*.json") if p.name != MANIFEST_NAME]) == 40
    again = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    assert again.returncode == 0 and b"0 cleaned, 40 skipped" in again.stderr
    assert (out / MANIFEST_NAME).is_file()
