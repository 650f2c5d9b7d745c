"""Output shards as they are written: JSON lines (plain or gzipped), Parquet, or stdout.

    >>> writer = open_writer(shard, Path("out"), "jsonl.gz")                       # doctest: +SKIP
    >>> writer.write(record.to_json(None)); writer.commit()                        # doctest: +SKIP

Every writer streams to a temporary file beside its target (AtomicFile) and renames it into place on
commit(), or removes it on discard(): a reader never sees half a shard. Gzip output carries no time stamp
and no file name, so the same records give the same bytes.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cleaner.corpus.atomic import AtomicFile

if TYPE_CHECKING:
    from cleaner.corpus.shards import Shard

PARQUET_ROWS = 1000  # records per Parquet row group: a few MB of text, and the writer's memory stays flat


class Writer:
    """An output shard being written: lines of JSON, or Parquet row groups; committed whole or discarded."""

    def write(self, text: str) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        raise NotImplementedError

    def discard(self) -> None:
        raise NotImplementedError


class _StdoutWriter(Writer):
    def write(self, text: str) -> None:

        sys.stdout.write(text + "\n")

    def commit(self) -> None:

        sys.stdout.flush()

    def discard(self) -> None:
        self.commit()


class _JsonlWriter(Writer):
    def __init__(self, target: Path, gzipped: bool) -> None:
        self.file = AtomicFile(target)
        # mtime=0 and no file name in the header: the same records give the same bytes on every run. Level 6
        # (gzip's own default) rather than GzipFile's 9: 9 cost the feeding process a millisecond per WET record.
        self.stream: IO[bytes] = self.file.handle
        if gzipped:
            self.stream = gzip.GzipFile(filename="", fileobj=self.file.handle, mode="wb", compresslevel=6, mtime=0)
        self.gzipped = gzipped

    def write(self, text: str) -> None:
        self.stream.write(text.encode("utf-8") + b"\n")

    def commit(self) -> None:
        if self.gzipped:
            self.stream.close()
        self.file.commit()

    def discard(self) -> None:
        if self.gzipped:
            self.stream.close()
        self.file.discard()


class _ParquetWriter(Writer):
    def __init__(self, target: Path) -> None:
        import pyarrow.parquet as pq

        self.file = AtomicFile(target)
        self.schema = parquet_schema()
        self.writer = pq.ParquetWriter(self.file.handle, self.schema)
        self.rows: list[dict[str, Any]] = []

    def write(self, text: str) -> None:
        self.rows.append(parquet_row(json.loads(text)))
        if len(self.rows) >= PARQUET_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def commit(self) -> None:
        self._flush()
        self.writer.close()
        self.file.commit()

    def discard(self) -> None:
        self.rows = []
        try:
            self.writer.close()
        finally:
            self.file.discard()


def _structure_columns(pa: Any) -> list[tuple[str, Any]]:
    """A body paragraph's Shape as Parquet columns: every field present, links as [text, URL] pairs."""
    text = pa.string()
    return [
        ("tag", text),
        ("depth", pa.int32()),
        ("cells", pa.list_(text)),
        ("head", pa.bool_()),
        ("code", text),
        ("links", pa.list_(pa.list_(text))),
    ]


def parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record's JSON as a Parquet row: `reason` null for a good record, and each Shape of `structure` with
    every field (the JSON leaves out a Shape's defaults to stay small; a column needs them all)."""
    from cleaner.markdown import Shape

    row = dict(record)
    row.setdefault("reason", None)
    full = (Shape.from_dict(shape) for shape in row.get("structure") or ())
    row["structure"] = [
        {"tag": s.tag, "depth": s.depth, "cells": list(s.cells), "head": s.head, "code": s.code,
         "links": [list(link) for link in s.links]}
        for s in full
    ]  # fmt: skip
    return row


def parquet_schema() -> Any:
    """The record as a Parquet schema: the JSON keys as columns, `reason` null for good records."""
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("schema_version", text),
            ("id", text),
            ("source", text),
            ("url", text),
            ("title", text),
            ("section", text),
            ("byline", text),
            ("authors", pa.list_(text)),
            ("dateline", pa.struct([(k, text) for k in ("text", "place", "region", "agency", "date")])),
            ("date", text),
            ("language", text),
            ("attribution", text),
            ("body", text),
            ("removed", pa.list_(pa.struct([("kind", text), ("rule", text), ("text", text)]))),
            ("canonical_url", text),
            ("site_name", text),
            ("description", text),
            ("image", text),
            ("tags", pa.list_(text)),
            ("structure", pa.list_(pa.struct(_structure_columns(pa)))),
            ("reason", text),
        ]
    )


def open_writer(shard: Shard, output: Path | None, to: str) -> Writer:
    if output is None:
        return _StdoutWriter()
    target = output / shard.output
    if to == "parquet":
        return _ParquetWriter(target)
    return _JsonlWriter(target, gzipped=to == "jsonl.gz")
