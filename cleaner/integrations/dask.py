"""Clean shards or documents on a Dask cluster (pip install 'cleaner[dask]').

    from dask.distributed import Client
    from cleaner.integrations.dask import clean_shards, write_jsonl

    client = Client("scheduler:8786")          # or LocalCluster(); or dask-jobqueue's SLURMCluster(...).scale(jobs=20)
    records = clean_shards(sorted(glob.glob("crawl/*.warc.gz")))   # a dask.bag of record dicts, a partition per shard
    write_jsonl(records, "clean/")             # clean/0.jsonl.gz, clean/1.jsonl.gz... one per shard, in shard order

The same code runs on a laptop (LocalCluster) and on many machines: only the Client changes. With
dask-jobqueue, `SLURMCluster(cores=8, memory="16GB").scale(jobs=20)` starts the workers as Slurm jobs.
The shard files must be readable from every worker (a shared file system, or copy them first).

A bag of documents of your own (raw bytes or text, (raw, url), or cleaner.Document):

    import dask.bag as db
    records = clean_bag(db.from_sequence(pages, npartitions=64))

dask.dataframe, for a table with an HTML column (a Parquet file of crawled pages, say):

    import dask.dataframe as dd
    frame = dd.read_parquet("pages/")                                   # columns: url, html, ...
    cleaned = frame.map_partitions(clean_frame, html_column="html", url_column="url", meta=frame_meta())
    cleaned.to_parquet("clean/")

Cleaning runs inside the Dask worker (Dask's own task limits and retries apply; Dask's worker processes
are daemons, which may not start the cleaner's worker pool, so there is no per-document time limit here).
Records are the same as `cleaner.clean` (and the `cleaner` command) gives on one process.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from os import PathLike
from typing import Any

import dask.bag as db

from cleaner.batch import Input, as_document, document_record
from cleaner.record import FIELDS
from cleaner.ruleset.load import Rules, load_rules
from cleaner.shards import ShardStats, iter_documents

# Columns of clean_frame's result: the record's keys, nested ones (authors, dateline, removed) as JSON text
# so that every column has one plain type (Parquet and pandas want that).
NESTED = ("authors", "dateline", "removed")


def clean_shards(
    paths: Sequence[str | PathLike[str]],
    *,
    rules: Rules | str | None = None,
    fmt: str | None = None,
    content_fields: tuple[str, ...] | None = None,
    url_fields: tuple[str, ...] | None = None,
) -> db.Bag:
    """A bag of record dicts, one partition per shard, records in shard order (see the module docstring).

    >>> clean_shards(["a.warc.gz", "b.jsonl"]).compute()                               # doctest: +SKIP
    [{'schema_version': '1.0', 'id': '...', 'source': 'a.warc.gz:0', ...}, ...]
    """
    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    names = [str(p) for p in paths]
    options = {"fmt": fmt, "content_fields": content_fields, "url_fields": url_fields}
    return db.from_sequence(names, npartitions=max(1, len(names))).map_partitions(
        _clean_shard_partition, rules=rules, options=options
    )


def clean_bag(bag: db.Bag, *, rules: Rules | str | None = None, fmt: str = "auto") -> db.Bag:
    """A bag of record dicts from a bag of documents (bytes, str, (raw, url) or cleaner.Document)."""
    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    return bag.map_partitions(_clean_partition, rules=rules, fmt=fmt)


def write_jsonl(records: db.Bag, folder: str | PathLike[str], *, compression: str = "gzip") -> list[str]:
    """One JSON-lines file per partition (per shard for clean_shards), `folder`/N.jsonl.gz; the paths."""
    suffix = ".jsonl.gz" if compression == "gzip" else ".jsonl"
    lines = records.map(lambda record: json.dumps(record, ensure_ascii=False))
    return lines.to_textfiles(f"{folder}/*{suffix}", compression=compression if compression == "gzip" else None)


def clean_frame(frame: Any, *, html_column: str = "html", url_column: str | None = "url", fmt: str = "auto",
                rules: Rules | str | None = None) -> Any:
    """A pandas DataFrame of records (the columns of frame_meta()) from one of pages; for map_partitions."""
    import pandas as pd

    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    urls = frame[url_column] if url_column else [None] * len(frame)
    rows = [
        _flat(document_record(as_document((raw, url if isinstance(url, str) else None), fmt), rules).to_dict())
        for raw, url in zip(frame[html_column], urls, strict=True)
    ]
    return pd.DataFrame(rows, columns=list(frame_meta().columns), index=frame.index)


def frame_meta() -> Any:
    """The empty DataFrame that describes clean_frame's columns (Dask's `meta`)."""
    import pandas as pd

    return pd.DataFrame({key: pd.Series(dtype="object") for key in (*FIELDS, "reason")})


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    row = dict(record)
    row.setdefault("reason", None)
    for key in NESTED:
        row[key] = json.dumps(row[key], ensure_ascii=False)
    return row


def _clean_shard_partition(names: Iterable[str], rules: Rules, options: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in names:
        stats = ShardStats()
        try:
            docs: Iterator[Any] = iter_documents(name, stats=stats, **options)
            out.extend(document_record(doc, rules).to_dict() for doc in docs)
        except OSError as exc:  # a shard that cannot be opened: one empty record that says so
            out.append(document_record(as_document(_unreadable(name, exc)), rules).to_dict())
    return out


def _clean_partition(items: Iterable[Input], rules: Rules, fmt: str) -> list[dict[str, Any]]:
    return [document_record(as_document(item, fmt), rules).to_dict() for item in items]


def _unreadable(name: str, exc: OSError) -> Any:
    from cleaner.shards import Document

    return Document(b"", source=name, error=f"cannot read the shard: {exc.strerror or exc}")
