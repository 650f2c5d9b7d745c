"""The learned body scorer: probability that each block of a page is article body.

Two stages, both shipped as data in text_model.json (trained by training/train_text_model.py):
1. gradient-boosted trees over each block's features (cleaner/text_features.py);
2. a logistic regression over the same features plus the stage-1 scores of the neighbours, so a
   line between two body paragraphs is read in its context (jusText's context pass, learned).

Stage 1 runs in numpy: all trees over all of a page's scored rows at once, one level of every tree per
step. A page has some 50 scored rows and the forest 200 trees, so a step is a few array operations
over 10 000 (row, tree) pairs, where Python walked 10 000 trees one call at a time; that was a
quarter of the text pipeline's time. The trees' leaf values are added in tree order (a cumulative
sum, which numpy adds strictly left to right), so the scores are the same floats as a plain loop
gives. Stage 2 is one matrix product over the page; its window means come from prefix sums, which
round differently from summing each window (by 1e-15 at most on the dev pages, and no record changed).
`stage2_rows` builds the same rows one by one for training.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from .text_features import FEATURES

MODEL_FILE = Path(__file__).resolve().parent / "text_model.json"
NEAR_WINDOW = 3  # neighbours each side whose stage-1 scores stage 2 reads
WIDE_WINDOW = 10
STAGE2_EXTRA = ("p", "ctx_mean_p", "ctx_max_p", "wide_mean_p", "prev_p", "next_p")
# (stage-1 raw scores of a page's rows, stage-2 weights, stage-2 bias)
Model = tuple[Callable[[Sequence[Sequence[float]]], list[float]], list[float], float]


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


class Forest:
    """Boosted trees as flat node arrays, evaluated level by level for many rows at once.

    Every node of every tree sits in one array, and node k is addressed as 2k: slot 2k + 1 of `step`
    holds (twice) the child taken when the row's feature value <= the threshold, slot 2k the other
    one, so a step is step[node + (value <= threshold)] with no multiply and no negation (NaN, never
    <= anything, goes to slot 2k, the greater side, as in training). `feature` and `threshold` hold
    each node's entry in both of its slots. A leaf points at itself with an infinite threshold, so
    rows that reach a leaf early stay there while the deeper trees take their remaining steps.
    """

    def __init__(self, trees: Sequence[dict], baseline: float, n_features: int) -> None:
        feature: list[int] = []
        threshold: list[float] = []
        step: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0
        for tree in trees:
            offset = len(feature)
            roots.append(offset)
            for node, leaf in enumerate(tree["leaf"]):
                if leaf:
                    feature.append(0)
                    threshold.append(math.inf)
                    step += [2 * (offset + node), 2 * (offset + node)]
                    value.append(tree["value"][node])
                else:
                    feature.append(tree["feature"][node])
                    threshold.append(tree["threshold"][node])
                    step += [2 * (offset + tree["right"][node]), 2 * (offset + tree["left"][node])]
                    value.append(0.0)
            depth = max(depth, _depth(tree))
        self.feature = np.repeat(np.array(feature, dtype=np.intp), 2)
        self.threshold = np.repeat(np.array(threshold, dtype=np.float64), 2)
        self.step = np.array(step, dtype=np.intp)
        self.value = np.repeat(np.array(value, dtype=np.float64), 2)
        self.roots = 2 * np.array(roots, dtype=np.intp)
        # every row starts at the roots: their features are read as columns, their thresholds as they are
        self.root_feature = self.feature.take(self.roots)
        self.root_threshold = self.threshold.take(self.roots)
        self.depth = depth
        self.baseline = baseline
        self.n_features = n_features

    def __call__(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """The raw (log-odds) score of every row: the baseline plus each tree's leaf, in tree order."""
        if len(rows) == 0:
            return []
        x = np.ascontiguousarray(rows, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"feature rows of shape {x.shape}, the model reads {self.n_features} features")
        n_rows = len(x)
        flat = x.ravel()
        row_start = (np.arange(n_rows, dtype=np.intp) * self.n_features)[:, None]
        # (row, tree) -> the node each row stands at, after the roots' step
        node = self.step.take(self.roots + (flat.take(row_start + self.root_feature) <= self.root_threshold))
        for _ in range(self.depth - 1):
            node = self.step.take(node + (flat.take(row_start + self.feature.take(node)) <= self.threshold.take(node)))
        leaves = self.value.take(node)
        summed = np.concatenate([np.full((n_rows, 1), self.baseline), leaves], axis=1)
        return np.cumsum(summed, axis=1)[:, -1].tolist()


def _depth(tree: dict, node: int = 0) -> int:
    if tree["leaf"][node]:
        return 0
    return 1 + max(_depth(tree, tree["left"][node]), _depth(tree, tree["right"][node]))


@cache
def load_model(path: Path = MODEL_FILE) -> Model | None:
    """(stage-1 scorer, stage-2 weights, stage-2 bias), or None when there is no usable model."""
    if not path.exists():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        return None  # a model trained on other features would score nonsense
    forest = Forest(model["trees"], float(model["baseline"]), len(FEATURES))
    second = model["stage2"]
    weights = [w / s for w, s in zip(second["weights"], second["scale"], strict=True)]
    bias = second["bias"] - sum(w * m for w, m in zip(weights, second["mean"], strict=True))
    return forest, weights, bias


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
    scored = [i for i, row in enumerate(rows) if row is not None]
    if not scored:
        return [0.0] * len(rows)
    features = np.array([rows[i] for i in scored], dtype=np.float64)
    if len(weights) != features.shape[1] + len(STAGE2_EXTRA):
        raise ValueError(f"stage-2 rows of {features.shape[1] + len(STAGE2_EXTRA)} values for {len(weights)} weights")
    p = np.zeros(len(rows))
    p[scored] = [sigmoid(score) for score in stage1(features)]
    z = bias + np.concatenate([features, _neighbour_scores(p)[scored]], axis=1) @ np.array(weights)
    out = np.zeros(len(rows))
    out[scored] = 1 / (1 + np.exp(-np.clip(z, -30.0, 30.0)))
    return out.tolist()


def _neighbour_scores(p: np.ndarray) -> np.ndarray:
    """STAGE2_EXTRA for every block from the stage-1 probabilities `p` (0 for unscored blocks): its own,
    the mean and the maximum of NEAR_WINDOW neighbours on each side, the mean of WIDE_WINDOW on each
    side, and the two next to it; windows are cut at the page's edges (0 when nothing is left)."""
    n = len(p)
    at = np.arange(n)
    prefix = np.concatenate([[0.0], np.cumsum(p)])

    def mean_around(radius: int) -> np.ndarray:
        lo, hi = np.maximum(0, at - radius), np.minimum(n, at + radius + 1)
        count = hi - lo - 1
        return np.where(count > 0, (prefix[hi] - prefix[lo] - p) / np.maximum(count, 1), 0.0)

    padded = np.concatenate([np.full(NEAR_WINDOW, -np.inf), p, np.full(NEAR_WINDOW, -np.inf)])
    shifts = [padded[NEAR_WINDOW + d : NEAR_WINDOW + d + n] for d in range(-NEAR_WINDOW, NEAR_WINDOW + 1) if d]
    near_max = np.max(shifts, axis=0) if n > 1 else np.zeros(n)
    previous = np.concatenate([[0.0], p[:-1]])
    following = np.concatenate([p[1:], [0.0]])
    return np.stack([p, mean_around(NEAR_WINDOW), near_max, mean_around(WIDE_WINDOW), previous, following], axis=1)
