"""Helpers shared by the corpus, bad-input, hook and state tests."""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus_raw").glob("*.txt"))

PLACES = ["MOSCOW", "SAN JUAN, Puerto Rico", "BERLIN", "NAIROBI, Kenya", "LIMA, Peru", "OSLO, Norway"]
WORDS = [
    "government",
    "minister",
    "said",
    "on",
    "Wednesday",
    "that",
    "the",
    "plan",
    "would",
    "cut",
    "costs",
    "for",
    "families",
    "and",
    "schools",
    "across",
    "the",
    "region",
    "while",
    "officials",
    "warned",
    "of",
    "delays",
    "in",
    "the",
    "talks",
    "with",
    "neighbouring",
    "countries",
    "over",
    "water",
    "and",
    "energy",
]


def article(seed: int, paragraphs: int = 4) -> str:
    """A small news text dump, different for every seed (the same for the same seed)."""
    rng = random.Random(seed)
    title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
    lines = ["World News", "", title, "", "Share", ""]
    for n in range(paragraphs):
        words = [rng.choice(WORDS) for _ in range(rng.randint(18, 40))]
        text = " ".join(words).capitalize() + f" (item {seed}-{n})."
        if n == 0:
            text = f"{rng.choice(PLACES)} (AP) — {text}"
        lines += [text, ""]
    return "\n".join(lines)


def html_page(seed: int) -> str:
    body = "".join(f"<p>{p}</p>" for p in article(seed).split("\n\n")[3:])
    return f"<!doctype html><html><head><title>Story {seed}</title></head><body><article>{body}</article></body></html>"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by relative posix path."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
