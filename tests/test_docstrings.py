"""Every example in a module's docstring runs and prints what it shows: the docs cannot drift from the code."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import cleaner

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(cleaner.__path__, "cleaner.")
    if not info.name.rsplit(".", 1)[-1].startswith("_")  # the C modules
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples fail (run doctest -v)"
