"""Documents for the benchmarks: variants of the real-looking text dumps in corpus_raw/.

Each variant keeps its seed's shape (trending links, section label, "Share", dateline, "Other news" block,
attribution) and differs in the order of its paragraphs and in a few names, so every document is distinct.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus_raw").glob("*.txt"))]
NAMES = ["Putin", "Wang Yi", "Macron", "Scholz", "Lula", "Modi", "Erdogan", "Ramaphosa", "Albanese", "Kishida"]


def variant(i: int, *, short: bool = False) -> str:
    rng = random.Random(i)
    lines = SEEDS[i % len(SEEDS)].split("\n")
    # Keep the head (links, section, title, dateline) in place; shuffle the rest paragraph by paragraph.
    head, rest = lines[:12], lines[12:]
    rng.shuffle(rest)
    if short:
        rest = rest[:4]
    name = rng.choice(NAMES)
    text = "\n".join(head + rest).replace("Putin", name)
    return text + f"\n\nReport {i}.\n"


def write_corpus(folder: Path, count: int, *, short: bool = False, per_folder: int = 500) -> None:
    """`count` documents in subfolders of `per_folder`, as a real corpus would be laid out."""
    for i in range(count):
        sub = folder / f"part{i // per_folder:03}"
        if i % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{i:05}.txt").write_text(variant(i, short=short), encoding="utf-8")
