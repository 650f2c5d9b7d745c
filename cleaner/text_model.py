"""The learned body scorer: probability that each block of a page is article body.

Two stages, both shipped as data in text_model.json (trained by training/train_text_model.py):
1. gradient-boosted trees over each block's features (cleaner/text_features.py);
2. a logistic regression over the same features plus the stage-1 scores of the neighbours, so a
   line between two body paragraphs is read in its context (jusText's context pass, learned).

Inference is pure Python. The trees are turned into one nested conditional expression and compiled
once per process: an order of magnitude faster than walking node arrays, and no numpy at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from .text_features import FEATURES

MODEL_FILE = Path(__file__).resolve().parent / "text_model.json"
NEAR_WINDOW = 3  # neighbours each side whose stage-1 scores stage 2 reads
WIDE_WINDOW = 10
STAGE2_EXTRA = ("p", "ctx_mean_p", "ctx_max_p", "wide_mean_p", "prev_p", "next_p")


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def _tree_source(tree: dict, node: int = 0) -> str:
    if tree["leaf"][node]:
        return repr(tree["value"][node])
    left = _tree_source(tree, tree["left"][node])
    right = _tree_source(tree, tree["right"][node])
    return f"({left} if x[{tree['feature'][node]}] <= {tree['threshold'][node]!r} else {right})"


@cache
def load_model(path: Path = MODEL_FILE) -> tuple[Callable[[Sequence[float]], float], list[float], float] | None:
    """(stage-1 raw score function, stage-2 weights, stage-2 bias), or None when there is no usable model."""
    if not path.exists():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        return None  # a model trained on other features would score nonsense
    terms = [_tree_source(t) for t in model["trees"]] or ["0.0"]
    source = f"lambda x: {model['baseline']!r} + " + " + ".join(terms)
    stage1 = eval(compile(source, str(path), "eval"), {"__builtins__": {}})
    second = model["stage2"]
    weights = [w / s for w, s in zip(second["weights"], second["scale"], strict=True)]
    bias = second["bias"] - sum(w * m for w, m in zip(weights, second["mean"], strict=True))
    return stage1, weights, bias


def stage2_rows(rows: Sequence[Sequence[float] | None], p: Sequence[float]) -> list[list[float] | None]:
    """Each scored block's features followed by the stage-1 scores around it (STAGE2_EXTRA order)."""
    n = len(p)
    out: list[list[float] | None] = []
    for i in range(n):
        row = rows[i]
        if row is None:
            out.append(None)
            continue
        near = [p[j] for j in range(max(0, i - NEAR_WINDOW), min(n, i + NEAR_WINDOW + 1)) if j != i] or [0.0]
        wide = [p[j] for j in range(max(0, i - WIDE_WINDOW), min(n, i + WIDE_WINDOW + 1)) if j != i] or [0.0]
        out.append(
            [
                *row,
                p[i],
                sum(near) / len(near),
                max(near),
                sum(wide) / len(wide),
                p[i - 1] if i else 0.0,
                p[i + 1] if i + 1 < n else 0.0,
            ]
        )
    return out


def body_probabilities(rows: Sequence[Sequence[float] | None]) -> list[float] | None:
    """Probability of body for each feature row of one page (0 for a row of None); None without a model."""
    model = load_model()
    if model is None:
        return None
    stage1, weights, bias = model
    p = [sigmoid(stage1(row)) if row is not None else 0.0 for row in rows]
    return [
        sigmoid(bias + sum(w * x for w, x in zip(weights, row, strict=True))) if row is not None else 0.0
        for row in stage2_rows(rows, p)
    ]
