"""The two seed documents: every field, both formats, and the committed corpus_clean/ output."""

from __future__ import annotations

import subprocess
import sys

import pytest

import cleaner

from .conftest import ROOT

AP = ROOT / "corpus_raw" / "002_6cd2cbeaee8cb13d.txt"
TASS = ROOT / "corpus_raw" / "000_443d158b0186b991.txt"


# What the project must make of its two seed documents, field by field (the checklist the project was started
# with, kept here so that a clone of this repository alone can run it).
AP_BODY = [
    "Russia’s President Vladimir Putin said Wednesday he accepted an invitation from his Chinese counterpart"
    " to visit China in October during the Belt and Road Summit.",
    "Speaking after a meeting with Chinese Foreign Minister Wang Yi in Moscow, Putin said Russia and China are"
    " “integrating our ideas of creating a large Eurasian space,” noting that China’s Belt and Road"
    " Initiative is a part of that.",
    "The Initiative is a huge program in which Beijing has been expanding its influence in developing regions"
    " through infrastructure projects.",
    "Since Russia invaded Ukraine, Putin has pivoted the country toward China, selling it more energy, and"
    " increasingly carrying out joint military exercises.",
    "China has adopted a neutral stance on the war in Ukraine and even denounced Western sanctions against Moscow."
    " It also accused NATO and the United States of provoking Putin’s military action and declared last year"
    " that it had a “no-limits” friendship with Russia.",
    "On Tuesday, senior Russian security official, Nikolai Patrushev, called for closer policy coordination between"
    " Moscow and Beijing to counter what he described as Western efforts to contain them as he hosted Wang Yi for"
    " security talks.",
    "The Kremlin has continuously expressed support for Beijing as Russia and China have grown closer as their"
    " relations with the West deteriorate.",
    "Wang arrived in Russia on Monday on a four-day visit following his talks with U.S. President Joe Biden’s"
    " national security adviser in Malta over the weekend.",
    "Putin’s plan to visit China was initially announced in July.",
]
AP_FIELDS = {
    "title": "Putin accepts invitation to visit China in October after meeting Chinese foreign minister in Moscow",
    "section": "World News",
    "date": "2023-09-20",
    "dateline.text": "MOSCOW (AP) —",
    "dateline.place": "Moscow",
    "dateline.agency": "AP",
    "byline": None,
    "authors": [],
    "language": "en",
    "attribution": None,
    "body": "\n\n".join(AP_BODY),
}
AP_REMOVED = {  # the start of a removed line -> the kind it must be removed as
    "UN General Assembly latest": "navigation",
    "Kraft Singles recall": "navigation",
    "Billie Jean King": "navigation",
    "Nick Chubb injury": "navigation",
    "Temple University president dies": "navigation",
    "Share": "share",
    "Other news": "related",
    "People walk through a screen advertisement": "caption",
    "Chinese officials voice faith in economy": "related",
    "FILE - A container ship is loaded": "caption",
    "Japan records a trade deficit in August": "related",
    "FILE - Iran's domestically built drones": "caption",
    "US issues more sanctions over Iran drone program": "related",
}


def tass_fields() -> dict[str, object]:
    """The TASS seed is clean already: its body is its paragraphs, less the credit fused to the last one."""
    paragraphs = [p.strip() for p in TASS.read_text(encoding="utf-8").strip().split("\n") if p.strip()]
    paragraphs[-1] = paragraphs[-1][: paragraphs[-1].index(" Attribution:")]
    return {
        "title": None,
        "date": None,
        "dateline": None,
        "byline": None,
        "authors": [],
        "language": "en",
        "attribution": "TASS, Kremlin briefings, and statements from Iraqi and Russian leaders",
        "body": "\n\n".join(paragraphs),
    }


def field(record: dict, dotted: str) -> object:
    """`record["dateline"]["text"]` for "dateline.text"; None where a part is missing."""
    value: object = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@pytest.mark.parametrize("fmt", ["text", "auto"])
@pytest.mark.parametrize("seed", ["ap", "tass"])
def test_seed_fields(seed: str, fmt: str) -> None:
    path, want = (AP, AP_FIELDS) if seed == "ap" else (TASS, tass_fields())
    record = cleaner.clean(path.read_bytes(), source=path.name, fmt=fmt).to_dict()
    assert {key: field(record, key) for key in want} == want


@pytest.mark.parametrize("fmt", ["text", "auto"])
def test_ap_seed_removes_each_block_as_its_kind(fmt: str) -> None:
    record = cleaner.clean(AP.read_bytes(), source=AP.name, fmt=fmt).to_dict()
    removed = {r["text"].strip(): r["kind"] for r in record["removed"]}
    got = {prefix: [k for text, k in removed.items() if text.startswith(prefix)] for prefix in AP_REMOVED}
    assert got == {prefix: [kind] for prefix, kind in AP_REMOVED.items()}


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


@pytest.mark.slow
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
