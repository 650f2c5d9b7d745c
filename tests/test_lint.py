"""The code base stays `ruff` clean (the configuration is in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff") or str(ROOT / ".venv" / "bin" / "ruff")
    if not shutil.which("ruff") and not (ROOT / ".venv" / "bin" / "ruff").exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [ruff, "check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(ROOT / ".venv" / "bin") + ":/usr/bin:/bin", "HOME": str(ROOT)}
        if sys.platform != "win32"
        else None,
    )
    assert result.returncode == 0, result.stdout + result.stderr
