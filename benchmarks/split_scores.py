#!/usr/bin/env python3
"""Text-mode figures on the train and test splits of the learned scorer, with score.py's metric.

    python benchmarks/split_scores.py                    # aeb, wcxb, fundus; both splits
    python benchmarks/split_scores.py --corpus aeb --split test

The body scorer (cleaner/label/text_model.json) was trained on the pages of AEB and WCXB whose
sha256("<corpus>/<id>") is not divisible by 3 (training/train_text_model.py); the others are the test
split, never seen in training. fundus has no gold bodies and trained nothing; its split is by the same
rule, for symmetry. Dumps are made with score.py's html-text renderer.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _eval import header

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="aeb,wcxb,fundus")
    ap.add_argument("--split", choices=["train", "test", "both"], default="both")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(EVAL))
    sys.path.insert(0, str(ROOT / "training"))
    import score
    from train_text_model import split_of

    import cleaner

    splits = ["train", "test"] if args.split == "both" else [args.split]
    print(header('system / corpus / split'))
    for corpus in args.corpus.split(","):
        pages = list(score.CORPORA[corpus]())
        dumps = {p["id"]: score.render_text(score._read(p["path"])) for p in pages}
        for split in splits:
            chosen = [p for p in pages if split_of(corpus, p["id"]) == split]
            scores: dict = {}
            elapsed = 0.0
            for page in chosen:
                t0 = time.perf_counter()
                rec = cleaner.clean(dumps[page["id"]], url=page.get("url"), fmt="text").to_dict()
                elapsed += time.perf_counter() - t0
                score.score_page(page, rec, scores)
            print(
                score.fmt_row(
                    f"cleaner/{corpus}/text/{split} ({len(chosen)})", score.summarise(scores, elapsed, len(chosen))
                ),
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
