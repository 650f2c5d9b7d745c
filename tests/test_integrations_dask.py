"""Dask: shards cleaned on a LocalCluster with 2 worker processes give the records of a single-process run."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster

from cleaner import clean, clean_many, iter_documents
from cleaner.integrations.dask import clean_bag, clean_frame, clean_shards, frame_meta, write_jsonl
from tests._shard_util import page_bytes, request, response, write_warc
from tests._shard_util import write_jsonl as write_jsonl_shard


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture
def shards(tmp_path: Path) -> list[Path]:
    pages = page_bytes()
    names = list(pages)
    warc = write_warc(
        tmp_path / "a.warc.gz",
        [request("https://e.com/a"), *(response(f"https://e.com/{n}", pages[n]) for n in names[:3])],
    )
    items = [{"url": f"https://e.com/{n}", "html": pages[n].decode("utf-8")} for n in names[2:]]
    items.append({"url": "https://e.com/dump", "text": "Headline\nA text dump line that reads like a sentence.\n"})
    jsonl = write_jsonl_shard(tmp_path / "b.jsonl.gz", [*items, {"title": "no page"}])
    return [warc, jsonl]


@pytest.mark.slow
def test_shards_on_a_cluster_equal_one_process(client: Client, shards: list[Path], tmp_path: Path, rules) -> None:
    single = [r.to_dict() for path in shards for r in clean_many(iter_documents(path), jobs=1, rules=rules)]
    records = clean_shards(shards, rules=rules)
    assert records.npartitions == 2
    assert records.compute() == single
    assert any(r.get("reason") for r in single) and sum(1 for r in single if r["body"]) >= 4

    paths = write_jsonl(records, tmp_path / "out")
    written = []
    for path in sorted(paths):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            written.extend(json.loads(line) for line in lines)
    assert written == single


@pytest.mark.slow
def test_a_bag_of_documents(client: Client, rules) -> None:
    pages = list(page_bytes().values())
    inputs = [pages[0], (pages[1], "https://e.com/b"), 7]
    got = clean_bag(db.from_sequence(inputs, npartitions=2), rules=rules).compute()
    assert got[0] == clean(pages[0], rules=rules).to_dict()
    assert got[1] == clean(pages[1], url="https://e.com/b", rules=rules).to_dict()
    assert got[2]["reason"].startswith("unreadable input: not a document")


@pytest.mark.slow
def test_the_dataframe_recipe(client: Client, rules) -> None:
    pages = page_bytes()
    frame = pd.DataFrame({"url": [f"https://e.com/{n}" for n in pages], "html": list(pages.values())})
    cleaned = dd.from_pandas(frame, npartitions=2).map_partitions(clean_frame, rules=rules, meta=frame_meta())
    result = cleaned.compute()
    assert list(result.columns) == list(frame_meta().columns)
    for (url, raw), (_, row) in zip(zip(frame["url"], frame["html"], strict=True), result.iterrows(), strict=True):
        record = clean(raw, url=url, rules=rules).to_dict()
        assert row["body"] == record["body"] and json.loads(row["authors"]) == record["authors"]
