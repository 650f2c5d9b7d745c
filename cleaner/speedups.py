"""The C fast paths of the text pipeline, when they were compiled, and the switch that turns them off.

    >>> from cleaner.speedups import compiled
    >>> sorted(compiled())  # doctest: +SKIP
    ['_features', '_forest', '_literals', '_reader', '_stopwords']

Each C module (cleaner/_*.c) does what a pure-Python function beside it does, with the same results to
the last bit; tests/test_speedups*.py hold them to that. The package builds the C modules where it can
(pyproject.toml marks them optional): without a C compiler it installs and runs on the Python code.
Set CLEANER_PURE_PYTHON=1 to run the Python code with the C modules installed (to compare, or to debug).
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

MODULES = ("_features", "_forest", "_literals", "_reader", "_stopwords")
PURE_PYTHON_VARIABLE = "CLEANER_PURE_PYTHON"


def load(name: str) -> ModuleType | None:
    """The compiled module cleaner.<name>, or None: not built, or switched off by CLEANER_PURE_PYTHON."""
    if os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(f"cleaner.{name}")
    except ImportError:
        return None


def compiled() -> list[str]:
    """The C modules in use."""
    return [name for name in MODULES if load(name) is not None]
