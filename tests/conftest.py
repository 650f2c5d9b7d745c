from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import load_rules
from cleaner.rules import Rules

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
