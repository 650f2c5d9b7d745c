"""The datatrove step in a real pipeline: datatrove's WARC reader, CleanerExtractor, its JSONL writer, 2 tasks."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from datatrove.data import Document as DatatroveDocument
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner import clean
from cleaner.integrations.datatrove import CleanerExtractor
from tests._shard_util import page_bytes, request, response, warc_record, write_warc


@pytest.mark.slow
def test_warc_reader_cleaner_jsonl_writer_with_two_tasks(tmp_path: Path, rules) -> None:
    pages = page_bytes()
    names = list(pages)
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    # two shards, so that each of the two tasks gets one; a request and a WET record ride along
    wet_text = "A headline\nMONTREAL (AP) — The story told in a plain-text dump, one long enough line of prose.\n"
    first = [request("https://e.com/a"), *(response(f"https://e.com/{n}", pages[n]) for n in names[:2])]
    write_warc(crawl / "a.warc.gz", first)
    write_warc(
        crawl / "b.warc.gz",
        [
            *(response(f"https://e.com/{n}", pages[n]) for n in names[2:]),
            warc_record("conversion", wet_text.encode(), url="https://e.com/wet", content_type="text/plain"),
        ],
    )
    out = tmp_path / "out"
    LocalPipelineExecutor(
        pipeline=[
            WarcReader(str(crawl), glob_pattern="*.warc.gz"),
            CleanerExtractor(timeout=60),
            JsonlWriter(str(out)),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = []
    for path in sorted(out.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            docs.extend(json.loads(line) for line in lines)
    by_url = {d["metadata"]["url"]: d for d in docs}
    expected_pages = {f"https://e.com/{n}": pages[n] for n in names}
    expected_pages["https://e.com/wet"] = wet_text.encode()
    assert set(by_url) == set(expected_pages)
    for url, raw in expected_pages.items():
        record = clean(raw, url=url, rules=rules)
        doc = by_url[url]
        assert doc["text"] == record.body
        meta = doc["metadata"]
        assert (meta["title"], meta["authors"], meta["date_published"], meta["language"]) == (
            record.title,
            list(record.authors),
            record.date,
            record.language,
        )
        assert meta["record_id"] == record.id
        assert meta["dateline"] == (record.dateline.to_dict() if record.dateline else None)


def test_empty_records_are_dropped_and_counted(rules) -> None:
    step = CleanerExtractor(timeout=60, rules=rules, metadata_fields=("title",), metadata_prefix="cleaner_")
    docs = [
        DatatroveDocument(text="<html><body><p>A paragraph of a story that is long enough.</p></body></html>", id="1"),
        DatatroveDocument(text="", id="2"),
    ]
    kept = list(step.run(iter(docs)))
    assert [d.id for d in kept] == ["1"] and "cleaner_title" in kept[0].metadata
    assert step.stats["dropped"].total == 1 and step.stats["empty input"].total == 1
    page = "<html><body><p>The body of a page, one sentence.</p></body></html>"
    assert step.extract(page) == "The body of a page, one sentence."
