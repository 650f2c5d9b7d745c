"""The optional C extensions, declared through setuptools' stable interface; everything else is in pyproject.toml.

    pip install .                      # builds cleaner/**/_*.c where a C compiler is found, skips them otherwise
    CC=false pip install .             # as on a machine without a compiler: the pure-Python package

Each `cleaner/<folder>/_<name>.c` is the fast path of a Python function beside it (cleaner/speedups.py lists
them) and becomes the module `cleaner.<folder>._<name>`. `optional=True` is what lets the install go on when a
module cannot be compiled: the package then runs the same Python code, with the same records, slower. The
`[tool.setuptools] ext-modules` table in pyproject.toml would say the same, but setuptools still marks it
experimental and warns on every build.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from setuptools import Extension, setup

ROOT = Path(__file__).resolve().parent

# -O2 for speed. -ffp-contract=off: no fused multiply-add, so every float is the one the Python code computes
# (tests/test_speedups*.py compare the two to the last bit).
COMPILE_ARGS = ["-O2", "-ffp-contract=off"]
# C modules that read lxml's tree nodes: built against the libxml2 headers of the lxml in the build environment
# (pyproject.toml's build requirements), whose element layout they check when imported.
NEEDS_LXML = frozenset({"_walk.c", "_find.c"})

# An editable install (`pip install -e .`, the README's development set-up) always ends with setuptools'
# "Editable installation" notice, a warning class that pip prints as a BuildBackendWarning. It says only that a
# `cleaner/` folder in the working directory is imported first, which is the point of an editable install.
warnings.filterwarnings("ignore", message="Editable installation")


def extensions(root: Path = ROOT) -> list[Extension]:
    """One optional Extension per C source under cleaner/, named after its place in the package.

    >>> [e.name for e in extensions()]  # doctest: +SKIP
    ['cleaner._stopwords', 'cleaner.label._features', 'cleaner.label._forest', ...]
    """
    sources = sorted((root / "cleaner").rglob("_*.c"))
    lxml_headers = _lxml_include()
    return [
        Extension(
            ".".join(source.relative_to(root).with_suffix("").parts),
            sources=[source.relative_to(root).as_posix()],  # setuptools wants paths relative to setup.py
            optional=True,
            extra_compile_args=COMPILE_ARGS,
            include_dirs=lxml_headers if source.name in NEEDS_LXML else [],
        )
        for source in sources
        if source.name not in NEEDS_LXML or lxml_headers
    ]


def _lxml_include() -> list[str]:
    """The libxml2 headers lxml ships (its wheels carry them), or [] without lxml or them: the modules that
    read lxml's nodes are then not built, and their Python twins run."""
    try:
        import lxml
    except ImportError:
        return []
    folders = [folder for folder in lxml.get_include() if Path(folder, "libxml", "tree.h").is_file()]
    return lxml.get_include() if folders else []


if __name__ == "__main__":
    setup(ext_modules=extensions())
