"""The learned body scorer: probability that each block of a page is article body.

Two stages, both shipped as data in text_model.json (trained by training/train_text_model.py):
1. gradient-boosted trees over each block's features (cleaner/label/features.py);
2. a logistic regression over the same features plus the stage-1 scores of the neighbours, so a
   line between two body paragraphs is read in its context (jusText's context pass, learned).

Both stages run in C (cleaner/label/_forest.c) where that module is built, else in Python: stage 1 in numpy,
all trees over all of a page's scored rows at once, one level of every tree per step (a page has some
50 scored rows and the forest 200 trees). Either way the trees' leaf values are added in tree order
(numpy's cumulative sum adds strictly left to right), stage 2 adds its bias and then each weight times
its value in column order, and its window means come from prefix sums, so the two paths give the same
floats; tests/test_speedups.py holds them to that. (Prefix-sum means round differently from summing
each window, by 1e-15 at most on the dev pages; no record changed.)
`stage2_rows` builds the same rows one by one for training.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

import numpy as np

from cleaner.label.features import FEATURES
from cleaner.speedups import load

_C = load("_forest")  # both stages in C, the same floats as body_probabilities' Python code

MODEL_FILE = Path(__file__).resolve().parent / "text_model.json"
NEAR_WINDOW = 3  # neighbours each side whose stage-1 scores stage 2 reads
WIDE_WINDOW = 10
STAGE2_EXTRA = ("p", "ctx_mean_p", "ctx_max_p", "wide_mean_p", "prev_p", "next_p")


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
        left: list[int] = []  # node numbers across the forest, for the C module's plain walk
        right: list[int] = []
        depth = 0
        for tree in trees:
            offset = len(feature)
            roots.append(offset)
            size = len(tree["leaf"])
            for node, leaf in enumerate(tree["leaf"]):
                if leaf:
                    feature.append(0)
                    threshold.append(math.inf)
                    step += [2 * (offset + node), 2 * (offset + node)]
                    value.append(tree["value"][node])
                    left.append(offset + node)
                    right.append(offset + node)
                else:
                    if not (node < tree["left"][node] < size and node < tree["right"][node] < size):
                        raise ValueError(f"tree {len(roots) - 1}, node {node}: a child must come after its parent")
                    if not 0 <= tree["feature"][node] < n_features:
                        raise ValueError(f"tree {len(roots) - 1}, node {node}: no feature {tree['feature'][node]}")
                    feature.append(tree["feature"][node])
                    threshold.append(tree["threshold"][node])
                    step += [2 * (offset + tree["right"][node]), 2 * (offset + tree["left"][node])]
                    value.append(0.0)
                    left.append(offset + tree["left"][node])
                    right.append(offset + tree["right"][node])
            depth = max(depth, _depth(tree))
        # The C module's form: every array as raw machine values.
        self.packed = (
            n_features,
            len(roots),
            depth,
            np.array(roots, dtype=np.int32).tobytes(),
            np.array(feature, dtype=np.int32).tobytes(),
            np.array(threshold, dtype=np.float64).tobytes(),
            np.array([c for pair in zip(right, left, strict=True) for c in pair], dtype=np.int32).tobytes(),
            np.array(value, dtype=np.float64).tobytes(),
        )
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


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so _packed caches one answer per model
class Model:
    """The scorer of text_model.json: stage-1 trees, stage-2 weights (features, then STAGE2_EXTRA) and bias."""

    forest: Forest
    weights: list[float]
    bias: float

    @property
    def packed(self) -> tuple:
        """The arguments after `rows` of the C module's body_probabilities."""
        return (
            *self.forest.packed,
            np.array(self.weights, dtype=np.float64).tobytes(),
            self.forest.baseline,
            self.bias,
            NEAR_WINDOW,
            WIDE_WINDOW,
        )


@cache
def load_model(path: Path = MODEL_FILE) -> Model | None:
    """The scorer of a model file, or None when there is no usable model."""
    if not path.exists():
        return None
    model = json.loads(path.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        return None  # a model trained on other features would score nonsense
    forest = Forest(model["trees"], float(model["baseline"]), len(FEATURES))
    second = model["stage2"]
    weights = [w / s for w, s in zip(second["weights"], second["scale"], strict=True)]
    bias = second["bias"] - sum(w * m for w, m in zip(weights, second["mean"], strict=True))
    if len(weights) != len(FEATURES) + len(STAGE2_EXTRA):
        raise ValueError(f"{path}: {len(weights)} stage-2 weights for {len(FEATURES) + len(STAGE2_EXTRA)} values")
    return Model(forest, weights, bias)


@cache
def _packed(model: Model) -> tuple:
    return model.packed


def stage2_rows(rows: Sequence[Sequence[float] | None], p: Sequence[float]) -> list[list[float] | None]:
    """Each scored block's features followed by the stage-1 scores around it (STAGE2_EXTRA order), for
    training; body_probabilities computes the same values from prefix sums."""
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


def body_probabilities(
    rows: Sequence[Sequence[float] | None], model: Model | None = None, *, pure_python: bool = False
) -> list[float] | None:
    """Probability of body for each feature row of one page (0 for a row of None); None without a model.

    `model`: load_model()'s answer for another model file (training compares models with it).
    `pure_python`: skip the C module (cleaner/label/_forest.c), which returns the same floats faster.
    """
    model = model if model is not None else load_model()
    if model is None:
        return None
    if _C is not None and not pure_python:
        return _C.body_probabilities(rows, *_packed(model))
    n = len(rows)
    scored = [i for i, row in enumerate(rows) if row is not None]
    if not scored:
        return [0.0] * n
    features = np.array([rows[i] for i in scored], dtype=np.float64)
    if features.ndim != 2 or features.shape[1] != model.forest.n_features:
        raise ValueError(f"feature rows of shape {features.shape}, the model reads {model.forest.n_features} features")
    p = [0.0] * n
    for i, score in zip(scored, model.forest(features), strict=True):
        p[i] = sigmoid(score)
    prefix = list(accumulate(p, initial=0.0))
    out = [0.0] * n
    for i in scored:
        # Stage 2: bias, then each weight times its value, in column order (the C module adds in this order).
        z = model.bias
        for weight, value in zip(model.weights, (*rows[i], *_neighbour_scores(p, prefix, i)), strict=True):
            z += weight * value
        out[i] = sigmoid(z)
    return out


def _neighbour_scores(p: Sequence[float], prefix: Sequence[float], i: int) -> tuple[float, ...]:
    """STAGE2_EXTRA for block i from the stage-1 probabilities `p` (0 for unscored blocks) and their prefix
    sums: its own, the mean and the maximum of NEAR_WINDOW neighbours on each side, the mean of WIDE_WINDOW
    on each side, and the two next to it; windows are cut at the page's edges (0 when nothing is left)."""
    n = len(p)

    def mean_around(radius: int) -> float:
        lo, hi = max(0, i - radius), min(n, i + radius + 1)
        count = hi - lo - 1
        return (prefix[hi] - prefix[lo] - p[i]) / count if count > 0 else 0.0

    near = p[max(0, i - NEAR_WINDOW) : i] + p[i + 1 : i + NEAR_WINDOW + 1]
    return (
        p[i],
        mean_around(NEAR_WINDOW),
        max(near) if near else 0.0,
        mean_around(WIDE_WINDOW),
        p[i - 1] if i else 0.0,
        p[i + 1] if i + 1 < n else 0.0,
    )
