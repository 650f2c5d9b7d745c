"""The record's Removed rows in C (cleaner/_records.c) are the objects Removed's own __init__ makes."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import record
from cleaner.record import Removed

needs_c = pytest.mark.skipif(record._C is None, reason="the C module is not built")
rows = st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8), st.text(max_size=40)), max_size=30)


@needs_c
def test_c_sets_the_fields_removed_has() -> None:
    assert tuple(f.name for f in dataclasses.fields(Removed)) == record._C.REMOVED_FIELDS
    assert not hasattr(Removed, "__post_init__")  # its __init__ only stores the fields


@needs_c
@settings(max_examples=200, deadline=None)
@given(rows)
def test_c_makes_the_removed_rows_python_makes(values: list[tuple[str, str, str]]) -> None:
    made = record.removed_records(values)
    expected = record.removed_records(values, pure_python=True)
    assert type(made) is tuple and made == expected
    assert [type(r) for r in made] == [Removed] * len(values)
    assert [r.to_dict() for r in made] == [r.to_dict() for r in expected]
    assert [hash(r) for r in made] == [hash(r) for r in expected]


@needs_c
def test_c_rows_stay_frozen_and_bad_rows_are_refused() -> None:
    (made,) = record.removed_records([("navigation", "before-body", "Home")])
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.kind = "footer"  # type: ignore[misc]
    with pytest.raises(TypeError):
        record._C.removed(Removed, [("navigation", "before-body")])
    with pytest.raises(TypeError):
        record._C.removed(Removed, [["navigation", "before-body", "Home"]])
    assert record._C.removed(Removed, iter([("a", "b", "c")])) == (Removed("a", "b", "c"),)
