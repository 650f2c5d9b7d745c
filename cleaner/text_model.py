"""The learned body scorer: probability that each block of a page is article body.

Two stages, both shipped as data in text_model.json (trained by training/train_text_model.py):
1. gradient-boosted trees over each block's features (cleaner/text_features.py);
2. a logistic regression over the same features plus the stage-1 scores of the neighbours, so a
   line between two body paragraphs is read in its context (jusText's context pass, learned).

Inference is pure Python. Each tree is turned into one nested conditional expression and compiled
once per process: an order of magnitude faster than walking node arrays, and no numpy at run time.
One small function per tree, not one expression for the whole forest: tracemalloc (and anything else
that asks for the current line on every allocation) walks a code object's line table from its start,
so one huge function made a traced run hundreds of times slower.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from functools import cache
from operator import mul
from pathlib import Path

from .text_features import FEATURES

MODEL_FILE = Path(__file__).resolve().parent / "text_model.json"
NEAR_WINDOW = 3  # neighbours each side whose stage-1 scores stage 2 reads
WIDE_WINDOW = 10
STAGE2_EXTRA = ("p", "ctx_mean_p", "ctx_max_p", "wide_mean_p", "prev_p", "next_p")
# (stage-1 raw score function, stage-2 weights, stage-2 bias)
Model = tuple[Callable[[Sequence[float]], float], list[float], float]


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def _tree_source(tree: dict, node: int = 0) -> str:
    if tree["leaf"][node]:
        return repr(tree["value"][node])
    left = _tree_source(tree, tree["left"][node])
    right = _tree_source(tree, tree["right"][node])
    return f"({left} if x[{tree['feature'][node]}] <= {tree['threshold'][node]!r} else {right})"


@cache
def load_model(path: Path = MODEL_FILE) -> Model | None:
    """(stage-1 raw score function, stage-2 weights, stage-2 bias), or None when there is no usable model."""
    if not path.exists():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        return None  # a model trained on other features would score nonsense
    trees = tuple(
        eval(compile(f"lambda x: {_tree_source(t)}", str(path), "eval"), {"__builtins__": {}}) for t in model["trees"]
    )
    baseline = float(model["baseline"])

    def stage1(x: Sequence[float]) -> float:
        total = baseline  # summed in tree order, as the forest's one expression did
        for tree in trees:
            total += tree(x)
        return total

    second = model["stage2"]
    weights = [w / s for w, s in zip(second["weights"], second["scale"], strict=True)]
    bias = second["bias"] - sum(w * m for w, m in zip(weights, second["mean"], strict=True))
    return stage1, weights, bias


def stage2_rows(rows: Sequence[Sequence[float] | None], p: Sequence[float]) -> list[list[float] | None]:
    """Each scored block's features followed by the stage-1 scores around it (STAGE2_EXTRA order)."""
    n = len(p)
    p = list(p)
    out: list[list[float] | None] = []
    for i in range(n):
        row = rows[i]
        if row is None:
            out.append(None)
            continue
        # Slices, not comprehensions: the same values in the same order, summed the same way, in C.
        near = p[max(0, i - NEAR_WINDOW) : i] + p[i + 1 : i + NEAR_WINDOW + 1] or [0.0]
        wide = p[max(0, i - WIDE_WINDOW) : i] + p[i + 1 : i + WIDE_WINDOW + 1] or [0.0]
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


def body_probabilities(rows: Sequence[Sequence[float] | None], model: Model | None = None) -> list[float] | None:
    """Probability of body for each feature row of one page (0 for a row of None); None without a model.

    `model`: load_model()'s answer for another model file (training compares models with it).
    """
    model = model if model is not None else load_model()
    if model is None:
        return None
    stage1, weights, bias = model
    p = [sigmoid(stage1(row)) if row is not None else 0.0 for row in rows]
    out = []
    for row in stage2_rows(rows, p):
        if row is None:
            out.append(0.0)
            continue
        if len(row) != len(weights):
            raise ValueError(f"stage-2 row of {len(row)} values for {len(weights)} weights")
        out.append(sigmoid(bias + sum(map(mul, weights, row))))
    return out
