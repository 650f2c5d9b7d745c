"""The C modules (cleaner/**/_*.c) give the same answers as the Python code beside them, to the last bit.

CI compiles them (`pip install -e .` needs a C compiler there), so a missing module fails the tests
rather than quietly leaving the slow path in use.
"""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import speedups
from cleaner.label import model as text_model
from cleaner.label.features import FEATURES
from cleaner.label.model import STAGE2_EXTRA, Forest, Model


def test_every_c_module_is_compiled() -> None:
    assert speedups.compiled() == list(speedups.MODULES)


def test_pure_python_switch_turns_them_off() -> None:
    code = "from cleaner import speedups; from cleaner.label import model; print(speedups.compiled(), model._C)"
    env = {**os.environ, speedups.PURE_PYTHON_VARIABLE: "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "None"]


# --- the body scorer (cleaner/label/_forest.c) --------------------------------------------------------------

N_FEATURES = 4
values = st.floats(-5, 5, allow_nan=False, width=32)


@st.composite
def trees(draw: st.DrawFn, depth: int) -> dict:
    """A random tree in training's export form: nodes numbered parent before children, left subtree first."""
    tree: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": [], "value": []}

    def grow(level: int) -> int:
        node = len(tree["leaf"])
        for key in tree:
            tree[key].append(0)
        if level == depth or draw(st.booleans()):
            tree["leaf"][node], tree["value"][node] = 1, draw(values)
            tree["threshold"][node] = 0.0
            return node
        tree["feature"][node] = draw(st.integers(0, N_FEATURES - 1))
        tree["threshold"][node] = draw(values)
        tree["left"][node] = grow(level + 1)
        tree["right"][node] = grow(level + 1)
        return node

    grow(0)
    return tree


@st.composite
def models(draw: st.DrawFn) -> Model:
    depth = draw(st.integers(0, 4))
    forest = Forest(draw(st.lists(trees(depth), min_size=1, max_size=8)), draw(values), N_FEATURES)
    n_weights = N_FEATURES + len(STAGE2_EXTRA)
    weights = draw(st.lists(values, min_size=n_weights, max_size=n_weights))
    return Model(forest, weights, draw(values))


feature_rows = st.lists(
    st.one_of(st.none(), st.lists(st.one_of(values, st.just(math.nan)), min_size=N_FEATURES, max_size=N_FEATURES)),
    max_size=30,
)


@pytest.mark.slow
@pytest.mark.skipif(text_model._C is None, reason="the C module is not built")
@settings(max_examples=300, deadline=None)
@given(models(), feature_rows)
def test_c_scorer_matches_python_to_the_bit(model: Model, rows: list[list[float] | None]) -> None:
    c = text_model.body_probabilities(rows, model)
    python = text_model.body_probabilities(rows, model, pure_python=True)
    assert c == python


@pytest.mark.skipif(text_model._C is None, reason="the C module is not built")
def test_c_scorer_matches_python_on_the_shipped_model() -> None:
    model = text_model.load_model()
    assert model is not None
    rows = [None if i % 3 == 0 else [((i * 7 + j) % 11) / 3.0 for j in range(len(FEATURES))] for i in range(40)]
    assert text_model.body_probabilities(rows, model) == text_model.body_probabilities(rows, model, pure_python=True)


@pytest.mark.skipif(text_model._C is None, reason="the C module is not built")
def test_c_scorer_refuses_bad_input() -> None:
    model = text_model.load_model()
    assert model is not None
    with pytest.raises(ValueError, match="feature row"):
        text_model.body_probabilities([[1.0, 2.0]], model)
    with pytest.raises(TypeError):
        text_model.body_probabilities([["x"] * len(FEATURES)], model)
    packed = list(model.packed)
    packed[4] = bytes(len(packed[4]))[:-8]  # thresholds cut short
    with pytest.raises(ValueError, match="threshold"):
        text_model._C.body_probabilities([], *packed)
    packed = list(model.packed)
    packed[6] = b"\xff" * len(packed[6])  # children number -1
    with pytest.raises(ValueError, match="out of range"):
        text_model._C.body_probabilities([], *packed)


# --- the whole text pipeline, C against Python --------------------------------------------------------

PIECES = (
    "MOSCOW (AP) — ", "BERLIN (Reuters) - ", "Read more", "Share", "Sign in", "Home › News", "© 2024 Site",
    "By Jane Doe and John Roe", "Photo: AP", "(AP Photo/Andy Wong)", "Published May 19, 2024", "Updated 2 hours ago",
    "The minister said on Monday that the plan was sound, officials said.", "Der Minister sagte am Montag, dass",
    "le ministre a dit que", "Министр сказал", "中文新闻", "İstanbul", "Straße", "ﬁnal", "😀", "_", "1234",
    "\n", "\n", "\n\n", " ", "\xa0", "\u2028", "\x85", "\r", "\t", "• ", "* ", ", ", ". ", "’", "»", ")", "(",
)  # fmt: skip


def random_dumps(seed: int, count: int) -> list[str]:
    """Dumps of dump-like pieces and random code points, some repeated many times over."""
    rnd = random.Random(seed)
    dumps = []
    for _ in range(count):
        n = rnd.randint(0, 300)
        text = "".join(rnd.choice(PIECES) if rnd.random() < 0.8 else chr(rnd.randint(1, 0x10FFFF)) for _ in range(n))
        dumps.append(text * rnd.randint(2, 20) if rnd.random() < 0.1 else text)
    return dumps


@pytest.mark.slow
def test_pipeline_gives_the_same_records_with_and_without_the_c_modules(root: Path) -> None:
    """Every text-mode record, field by field and removed block by block, the same both ways: on random
    dumps and on the sample corpus (the C modules in this process, the Python code in another)."""
    texts = random_dumps(seed=7, count=150)
    texts += [p.read_bytes().decode("utf-8") for p in sorted((root / "corpus_raw").glob("*.txt"))]
    url = "https://example.com/2024/05/19/minister-plan-sound"
    script = (
        "import json, sys, cleaner, cleaner.speedups as s;"
        "texts, url = json.load(sys.stdin);"
        "records = [cleaner.clean(t, url=url, fmt='text').to_dict() for t in texts];"
        "print(json.dumps({'compiled': s.compiled(), 'records': records}))"
    )
    env = {**os.environ, speedups.PURE_PYTHON_VARIABLE: "1"}
    pages = json.dumps([texts, url])
    command = [sys.executable, "-c", script]
    out = subprocess.run(command, input=pages, env=env, capture_output=True, text=True, check=True)
    python = json.loads(out.stdout)
    assert python["compiled"] == [] and speedups.compiled() == list(speedups.MODULES)
    assert python["records"] == [cleaner.clean(t, url=url, fmt="text").to_dict() for t in texts]
