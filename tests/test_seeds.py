"""The two seed documents: every field, both formats, and the committed corpus_clean/ output."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

import cleaner

from .conftest import ROOT, SHARED

SEEDS_CHECK = SHARED / "checks" / "seeds.py"
AP = ROOT / "corpus_raw" / "002_6cd2cbeaee8cb13d.txt"
TASS = ROOT / "corpus_raw" / "000_443d158b0186b991.txt"


@pytest.mark.skipif(not SEEDS_CHECK.exists(), reason="../shared/checks/seeds.py is not beside this checkout")
def test_shared_seeds_check() -> None:
    spec = importlib.util.spec_from_file_location("seeds_check", SEEDS_CHECK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.check() == []


@pytest.mark.parametrize("fmt", ["text", "auto"])
def test_ap_seed(fmt: str) -> None:
    record = cleaner.clean(AP.read_bytes(), source=AP.name, fmt=fmt)
    assert record.title.startswith("Putin accepts invitation to visit China")
    assert (record.section, record.date, record.language) == ("World News", "2023-09-20", "en")
    assert (record.dateline.text, record.dateline.place, record.dateline.agency) == ("MOSCOW (AP) —", "Moscow", "AP")
    assert record.body.startswith("Russia’s President Vladimir Putin said Wednesday")
    assert record.body.endswith("Putin’s plan to visit China was initially announced in July.")
    assert len(record.paragraphs) == 9
    kinds = [r.kind for r in record.removed]
    assert kinds == ["navigation"] * 5 + ["share", "related"] + ["caption", "related"] * 3


def test_tass_seed() -> None:
    record = cleaner.clean(TASS.read_bytes(), fmt="auto")
    assert record.attribution == "TASS, Kremlin briefings, and statements from Iraqi and Russian leaders"
    assert record.body.endswith("reinforcing a multi-polar order.")
    assert (record.title, record.dateline, record.date) == (None, None, None)


def test_corpus_clean_is_current(tmp_path) -> None:
    """corpus_clean/ holds exactly what the current code makes of corpus_raw/."""
    out = tmp_path / "out"
    # Run as the README does, from the top of the checkout, so `source` reads corpus_raw/...
    result = subprocess.run(
        [sys.executable, "-m", "cleaner.cli", "corpus_raw", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    committed = ROOT / "corpus_clean"
    # The manifest beside the records holds a hash of the code itself; the hook keeps it current.
    for made in sorted(p for p in out.rglob("*.json") if not p.name.startswith(".")):
        want = committed / made.relative_to(out)
        assert want.exists(), f"{want} missing: regenerate corpus_clean/"
        assert made.read_bytes() == want.read_bytes(), f"{want} is stale: regenerate corpus_clean/"
