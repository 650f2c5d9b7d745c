"""The record: fixed key order, JSON Schema, deterministic bytes."""

from __future__ import annotations

import json

import jsonschema
import pytest

import cleaner
from cleaner.record import FIELDS, Dateline, Record, Removed


def test_key_order_and_schema() -> None:
    record = Record(
        id="0" * 32,
        title="T",
        authors=("A B",),
        dateline=Dateline("X —", place="X"),
        date="2023-09-20",
        language="en",
        body="One.\n\nTwo.",
        removed=(Removed("share", "en-share", "Share"),),
    )
    data = record.to_dict()
    assert list(data) == list(FIELDS)
    jsonschema.Draft202012Validator(cleaner.json_schema()).validate(data)
    assert json.loads(record.to_json()) == data
    assert record.paragraphs == ["One.", "Two."]


def test_schema_rejects_a_bad_record() -> None:
    data = Record(id="0" * 32).to_dict()
    data["date"] = "20 September"
    validator = jsonschema.Draft202012Validator(cleaner.json_schema())
    assert not validator.is_valid(data)
    del data["date"]
    assert not validator.is_valid(data)


def test_empty_input_has_reason() -> None:
    record = cleaner.clean(b"")
    assert record.body == "" and record.reason == "empty input"
    assert record.to_dict()["reason"] == "empty input"


def test_binary_input_has_reason() -> None:
    record = cleaner.clean(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert record.body == "" and "PNG image" in record.reason


def test_fmt_is_checked() -> None:
    import pytest

    with pytest.raises(ValueError, match="fmt must be one of"):
        cleaner.clean("x", fmt="pdf")


def test_decoding() -> None:
    body = "Le président a déclaré mercredi qu’il accepterait l’invitation à se rendre en Chine en octobre."
    for raw in (
        body.encode("utf-8"),
        b"\xef\xbb\xbf" + body.encode("utf-8"),
        body.encode("utf-16"),
        f"<meta charset='windows-1252'><p>{body.replace('’', chr(39))}</p>".encode("cp1252"),
    ):
        record = cleaner.clean(raw)
        assert "président a déclaré" in record.body, raw[:40]
        assert record.language == "fr"


def test_sniff() -> None:
    assert cleaner.sniff("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert cleaner.sniff("Some text\n\nwith <b>one</b> tag") == "text"
    assert cleaner.sniff("Title\n<div><p>a</p><p>b</p></div>") == "html"


def test_fast_constructors_make_ordinary_frozen_values() -> None:
    """line_blocks and removed_records make ordinary frozen values, equal to those built field by field."""
    import dataclasses

    from cleaner.blocks import Block, line_blocks
    from cleaner.record import Removed, removed_records

    blocks = line_blocks([("Headline here", True, 2), ("Body text.", False, 2)])
    assert blocks == [Block("Headline here", 0, "line", True, 0.0, 2), Block("Body text.", 1, "line", False, 0.0, 2)]
    assert type(blocks[0]) is Block and hash(blocks[0]) == hash(Block.make("Headline here", 0))
    assert dataclasses.replace(blocks[1], index=5).index == 5
    removed = removed_records([("navigation", "before-body", "Home")])
    assert removed == (Removed("navigation", "before-body", "Home"),) and type(removed[0]) is Removed
    for value in (blocks[0], removed[0]):
        with pytest.raises(dataclasses.FrozenInstanceError):
            value.text = "changed"  # type: ignore[misc]
