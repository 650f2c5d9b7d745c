"""The C fast paths of the text pipeline, when they were compiled, and the switch that turns them off.

    >>> from cleaner.speedups import compiled
    >>> sorted(compiled())  # doctest: +SKIP
    ['_features', '_forest', '_literals', '_reader', '_stopwords']

Each C module (cleaner/**/_*.c, MODULES says where) does what a pure-Python function beside it does,
with the same results to the last bit; tests/test_speedups*.py hold them to that. The package builds the
C modules where it can (setup.py marks them optional): without a C compiler it installs and runs on
the Python code. Set CLEANER_PURE_PYTHON=1 to run the Python code with the C modules installed (to compare,
or to debug).
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

# Each C module, by the short name its Python twin asks for, and where it sits: beside that twin.
MODULES = {
    "_features": "cleaner.label._features",  # label/features.py: block_features
    "_forest": "cleaner.label._forest",  # label/model.py: the body scorer's trees
    "_vocabulary": "cleaner.label._vocabulary",  # label/name_lines.py: page_vocabulary's words
    "_literals": "cleaner.ruleset._literals",  # ruleset/literal_search.py: pass 1's literal prefilters
    "_reader": "cleaner.read._reader",  # read/text.py and blocks.py: a dump's lines and word counts
    "_walk": "cleaner.read._walk",  # read/html_walk.py: the walk over an HTML page's elements
    "_find": "cleaner.read._find",  # read/html_bylines.py and html.py: byline and crowded elements
    "_stopwords": "cleaner._stopwords",  # stoplists.py: stopword counting
    "_records": "cleaner._records",  # record.py: the Removed rows of a record
}
PURE_PYTHON_VARIABLE = "CLEANER_PURE_PYTHON"


def load(name: str) -> ModuleType | None:
    """The compiled module `name` (a key of MODULES), or None: not built, or switched off by CLEANER_PURE_PYTHON."""
    if os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(MODULES[name])
    except ImportError:
        return None


def compiled() -> list[str]:
    """The C modules in use."""
    return [name for name in MODULES if load(name) is not None]
