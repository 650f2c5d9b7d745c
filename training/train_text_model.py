#!/usr/bin/env python3
"""Train the text-dump body scorer (cleaner/label/text_model.json) over label/features.py's rows.

    python training/train_text_model.py                     # train on the train split, write the model
    python training/train_text_model.py --eval-only         # report the current model per split
    python training/train_text_model.py --cache /tmp/dumps.pkl --trees 100 --depth 5   # reuse rendered dumps

Training prints the held-out (test split) figures of the model it replaces and of the new one.

Data: the dev corpora in ../shared/eval (AEB and WCXB, the two with gold bodies), each page turned into
a plain-text dump by html-text as score.py does, and by inscriptis and a browser-like select-all copy
(benchmarks/renderers.py), so the scorer does not learn one renderer's habits. Split: a page is TEST when
sha256("<corpus>/<page id>") as an integer is divisible by 3, else TRAIN; only TRAIN pages train the
model, and figures reported on TEST are on pages it never saw.

Block targets come from the gold body: a block is body when at least half of the 4-gram shingles that
touch it (its own words, with three words of each neighbour for short lines) occur in the gold body.
Training needs scikit-learn (pip install -e '.[train]'); the package does not: the output is JSON
(tree nodes, stage-2 weights) that cleaner/label/model.py evaluates with numpy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner.label.dump import prepare  # noqa: E402
from cleaner.label.features import FEATURES  # noqa: E402
from cleaner.label.model import STAGE2_EXTRA, stage2_rows  # noqa: E402
from cleaner.label.scores import page_features  # noqa: E402
from cleaner.normalise import normalise_text  # noqa: E402
from cleaner.pipeline import split_headers  # noqa: E402
from cleaner.read.text import read_text  # noqa: E402
from cleaner.ruleset.load import load_rules  # noqa: E402

MODEL_PATH = ROOT / "cleaner" / "label" / "text_model.json"
TOKEN = re.compile(r"\w+")
BODY_SHARE = 0.5  # a block is body when this share of its shingles is in the gold body
# Each tree costs every scored block about TREE_DEPTH comparisons at run time (a third of text mode's
# time). Smaller forests (60 or 100 trees) scored held-out blocks as well or better, but lost 0.01 of
# AEB body F1 end to end, so the shipped model keeps 200.
TREES = 200
TREE_DEPTH = 5
LEARNING_RATE = 0.15
STAGE2_C = 1.0
FOLDS = 4
SEED = 0
# Dumps come in many styles; the model learns from four of them: html-text's lines, inscriptis's layout in
# white space, a browser's select-all copy, and bs4's one line per text node (a paragraph cut at its links,
# table cells on lines of their own), so no one renderer's habits decide what body looks like.
RENDERERS = ("html-text", "inscriptis", "select-all", "bs4")


def split_of(corpus: str, page_id: str) -> str:
    return "test" if int(hashlib.sha256(f"{corpus}/{page_id}".encode()).hexdigest(), 16) % 3 == 0 else "train"


def load_pages(eval_dir: Path, cache: Path | None, renderers: tuple[str, ...] = RENDERERS) -> list[dict]:
    """Every gold page of AEB and WCXB as a dump by each renderer (cached: rendering takes minutes)."""
    pages: list[dict] = pickle.loads(cache.read_bytes()) if cache and cache.exists() else []
    for page in pages:
        page.setdefault("renderer", "html-text")
    have = {p["renderer"] for p in pages}
    missing = [r for r in renderers if r not in have]
    if missing:
        sys.path.insert(0, str(eval_dir))
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import renderers as extra  # the other renderers of benchmarks/renderers.py
        import score  # the scorer's own corpus readers and html-text renderer

        render = {"html-text": score.render_text, **extra.EXTRA}
        for corpus in ("aeb", "wcxb"):
            for page in score.CORPORA[corpus]():
                if not page.get("body"):
                    continue
                raw = score._read(page["path"])
                for name in missing:
                    pages.append({"corpus": corpus, "id": page["id"], "url": page.get("url"), "body": page["body"],
                                  "dump": render[name](raw), "split": split_of(corpus, page["id"]), "renderer": name})
        if cache:
            cache.write_bytes(pickle.dumps(pages))
    return [p for p in pages if p["renderer"] in renderers]


def block_targets(texts: list[str], gold: str) -> list[int]:
    gold_toks = [t.casefold() for t in TOKEN.findall(gold)]
    grams = {tuple(gold_toks[i : i + 4]) for i in range(len(gold_toks) - 3)}
    toks = [[t.casefold() for t in TOKEN.findall(x)] for x in texts]
    out = []
    for i, own in enumerate(toks):
        if not own:
            out.append(0)
            continue
        if len(own) >= 8:
            seq, lo, hi = own, 0, len(own)
        else:  # a short line is judged with the words around it: a subheading sits inside the gold text
            left = toks[i - 1][-3:] if i > 0 else []
            right = toks[i + 1][:3] if i + 1 < len(toks) else []
            seq, lo, hi = left + own + right, len(left), len(left) + len(own)
        touching = [tuple(seq[j : j + 4]) for j in range(max(0, lo - 3), min(hi, len(seq) - 3))]
        if not touching:
            out.append(1 if " ".join(own) in " ".join(gold_toks) else 0)
            continue
        out.append(1 if sum(g in grams for g in touching) >= BODY_SHARE * len(touching) else 0)
    return out


def page_rows(page: dict, rules) -> tuple[list[list[float]], list[int], list[str]]:
    blocks = split_headers(read_text(normalise_text(page["dump"])), rules)
    labels = prepare(blocks, rules)
    rows = page_features(blocks, labels, rules, url=page["url"], title_line=blocks[0].text if blocks else None)
    return rows, block_targets([b.text for b in blocks], page["body"]), [b.text for b in blocks]


def _fit_trees(x, y, trees: int = TREES, depth: int = TREE_DEPTH, rate: float = LEARNING_RATE):
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(max_iter=trees, max_depth=depth, learning_rate=rate, random_state=SEED)
    return clf.fit(x, y)


def _export_trees(clf) -> tuple[float, list[dict]]:
    trees = []
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        trees.append({
            "feature": [int(v) for v in nodes["feature_idx"]],
            "threshold": [float(v) for v in nodes["num_threshold"]],
            "left": [int(v) for v in nodes["left"]],
            "right": [int(v) for v in nodes["right"]],
            "leaf": [int(v) for v in nodes["is_leaf"]],
            "value": [round(float(v), 6) for v in nodes["value"]],
        })
    return float(clf._baseline_prediction.ravel()[0]), trees


def train(
    pages: list[list[list[float]]],
    targets: list[list[int]],
    trees: int = TREES,
    depth: int = TREE_DEPTH,
    rate: float = LEARNING_RATE,
) -> dict:
    """Stage 1 trees on block features; stage 2 logistic regression on features + neighbours' stage-1 scores.

    Stage 2 is trained on stage-1 scores made by models that did not see the page (FOLDS-fold
    cross-fitting), so it learns how far to trust them on unseen pages.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    def flat(rows_by_page):
        return np.array([r for rows in rows_by_page for r in rows if r is not None])

    def flat_y(keys):
        return np.array([v for k in keys for r, v in zip(pages[k], targets[k], strict=True) if r is not None])

    y = flat_y(range(len(pages)))
    cross: list[list[float]] = [[] for _ in pages]
    for fold in range(FOLDS):
        fit_on = [k for k in range(len(pages)) if k % FOLDS != fold]
        clf = _fit_trees(flat([pages[k] for k in fit_on]), flat_y(fit_on), trees, depth, rate)
        for k in range(fold, len(pages), FOLDS):
            scored = [r for r in pages[k] if r is not None]
            probs = iter(clf.predict_proba(np.array(scored))[:, 1].tolist() if scored else [])
            cross[k] = [next(probs) if r is not None else 0.0 for r in pages[k]]
    clf = _fit_trees(flat(pages), y, trees, depth, rate)
    baseline, trees = _export_trees(clf)
    x2 = flat([stage2_rows(pages[k], cross[k]) for k in range(len(pages))])
    mean, scale = x2.mean(axis=0), x2.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=STAGE2_C, max_iter=1000).fit((x2 - mean) / scale, y)
    return {
        "features": list(FEATURES),
        "baseline": baseline,
        "trees": trees,
        "stage2": {"extra": list(STAGE2_EXTRA), "mean": mean.tolist(), "scale": scale.tolist(),
                   "weights": lr.coef_[0].tolist(), "bias": float(lr.intercept_[0])},
    }


def held_out(model_path: Path, pages: list[tuple[list, list[int]]]) -> str:
    """Block-level figures of a model file on pages it never saw: log loss, and precision, recall and
    F1 of body at probability 0.5, over the blocks the gate scores."""
    from cleaner.label import model as text_model

    text_model.load_model.cache_clear()  # the file at this path may have just been rewritten
    model = text_model.load_model(model_path)
    text_model.load_model.cache_clear()
    if model is None:
        return f"{model_path}: no usable model"
    loss = 0.0
    tp = fp = fn = blocks = 0
    for rows, targets in pages:
        for row, prob, y in zip(rows, text_model.body_probabilities(rows, model) or (), targets, strict=True):
            if row is None:
                continue
            prob = min(max(prob, 1e-6), 1 - 1e-6)
            loss -= math.log(prob if y else 1 - prob)
            blocks += 1
            tp += prob >= 0.5 and y == 1
            fp += prob >= 0.5 and y == 0
            fn += prob < 0.5 and y == 1
    precision, recall = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
    f1 = 2 * precision * recall / ((precision + recall) or 1)
    return (
        f"{blocks} blocks: log loss {loss / (blocks or 1):.4f}, "
        f"precision {precision:.4f}, recall {recall:.4f}, F1 {f1:.4f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--cache", type=Path, help="pickle of rendered dumps, reused when present")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--trees", type=int, default=TREES)
    ap.add_argument("--depth", type=int, default=TREE_DEPTH)
    ap.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    ap.add_argument("--eval-only", action="store_true", help="report the model at --out on both splits")
    ap.add_argument("--renderers", default=",".join(RENDERERS), help="the renderers whose dumps train the model")
    args = ap.parse_args(argv)
    rules = load_rules()
    renderers = tuple(args.renderers.split(","))
    pages = load_pages(args.eval_dir, args.cache, renderers)
    split: dict[str, list[tuple[list, list[int]]]] = {"train": [], "test": []}
    for page in pages:
        r, y, _ = page_rows(page, rules)
        split[page["split"]].append((r, y))
    if args.eval_only:
        for name, chosen in split.items():
            print(f"{name} ({len(chosen)} dumps): {held_out(args.out, chosen)}", file=sys.stderr)
        return 0
    rows = [r for r, _y in split["train"]]
    ys = [y for _r, y in split["train"]]
    blocks = sum(r is not None for page_rows_ in rows for r in page_rows_)
    print(f"{blocks} blocks from {len(rows)} train dumps, {sum(map(sum, ys))} body", file=sys.stderr)
    model = {
        "about": "body scorer for text dumps; see training/train_text_model.py",
        "split": "train = pages with sha256('<corpus>/<id>') % 3 != 0 in aeb and wcxb; test = the rest",
        "renderers": list(renderers),
        "train_dumps": len(rows),
        "train_blocks": blocks,
        "trees_depth_rate": [args.trees, args.depth, args.learning_rate],
        **train(rows, ys, args.trees, args.depth, args.learning_rate),
    }
    if args.out.exists():  # the model this one replaces, on the same held-out pages, for comparison
        print(f"held out, previous model ({len(split['test'])} dumps): {held_out(args.out, split['test'])}",
              file=sys.stderr)
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")  # compact: one line
    print(f"wrote {args.out}", file=sys.stderr)
    print(f"held out, new model ({len(split['test'])} dumps): {held_out(args.out, split['test'])}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
