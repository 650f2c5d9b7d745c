"""clean_many: records in input order, equal to clean() of each document; one bad document costs nothing else."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Iterator

import pytest

from cleaner import clean, clean_many
from cleaner.batch import FAILED
from cleaner.corpus import workers
from cleaner.corpus.workers import AHEAD_PER_JOB, IN_FLIGHT, Outcome
from cleaner.record import UNREADABLE
from cleaner.shards import Document, iter_documents
from tests._shard_util import page_bytes, response, write_warc


def test_records_come_in_input_order_and_equal_clean(rules) -> None:
    pages = list(page_bytes().values())
    inputs: list[object] = [
        pages[0],
        (pages[1], "https://example.com/b"),
        Document(pages[2], url="https://example.com/c", fmt="html", source="x.warc:10"),
        "Headline\nMONTREAL (AP) — A text dump of a story, one line after another, long enough to keep.\n",
        pages[3].decode("utf-8"),
    ]
    records = list(clean_many(inputs, jobs=2, rules=rules))
    expected = [
        clean(pages[0], rules=rules),
        clean(pages[1], url="https://example.com/b", rules=rules),
        clean(pages[2], url="https://example.com/c", source="x.warc:10", fmt="html", rules=rules),
        clean(inputs[3], rules=rules),  # type: ignore[arg-type]
        clean(inputs[4], rules=rules),  # type: ignore[arg-type]
    ]
    assert [r.to_dict() for r in records] == [e.to_dict() for e in expected]
    assert records[2].source == "x.warc:10" and records[1].body


def test_one_bad_document_gets_an_empty_record_with_its_reason(rules) -> None:
    inputs: list[object] = [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00binary",
        42,
        Document(b"", source="s.jsonl:3", error="not JSON (Expecting value at column 1)"),
        b"<html><body><p>A good page after the bad ones, with a sentence of text.</p></body></html>",
    ]
    records = list(clean_many(inputs, jobs=1, rules=rules))
    assert records[0].reason == "empty input"
    assert records[1].reason == UNREADABLE + "binary input (PNG image), not a web page or text"
    assert records[2].reason and records[2].reason.startswith(UNREADABLE + "not a document (int")
    assert records[3].reason == UNREADABLE + "not JSON (Expecting value at column 1)"
    assert records[3].source == "s.jsonl:3"
    assert records[4].reason is None and "good page" in records[4].body


def test_a_document_past_the_time_limit_fails_alone(rules) -> None:
    pages = list(page_bytes().values())
    records = list(clean_many(pages[:2], jobs=1, timeout=0.001, rules=rules))
    assert len(records) == 2
    assert all(r.reason and r.reason.startswith(FAILED + "took longer than the time limit") for r in records)
    assert [r.id for r in records] == [clean(p, rules=rules).id for p in pages[:2]]


def test_input_is_read_lazily(rules) -> None:
    produced = 0

    def endless() -> Iterator[bytes]:
        nonlocal produced
        for n in itertools.count():
            produced += 1
            yield b"<p>Document number %d of an endless stream, with a sentence.</p>" % n

    jobs = 2
    first = list(itertools.islice(clean_many(endless(), jobs=jobs, rules=rules), 5))
    assert len(first) == 5 and "number 4 " in first[4].body
    assert produced <= 5 + jobs * AHEAD_PER_JOB + jobs + 1  # the pool's look-ahead, not the whole input


def test_a_warc_through_clean_many(tmp_path, rules) -> None:
    pages = page_bytes()
    records = [response(f"https://e.com/{name}", raw) for name, raw in pages.items()]
    records.insert(1, response("https://e.com/bin", b"\x89PNG\r\n\x1a\nxx", content_type="text/html"))
    path = write_warc(tmp_path / "c.warc.gz", records)
    out = list(clean_many(iter_documents(path), jobs=2, rules=rules))
    assert [r.url for r in out] == ["https://e.com/" + n for n in [*list(pages)[:1], "bin", *list(pages)[1:]]]
    assert out[1].reason and out[1].reason.startswith(UNREADABLE + "binary input")
    good = [r for r in out if not r.reason]
    assert len(good) == len(pages) and all(r.source and r.source.startswith(f"{path}:") for r in good)


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="fmt"):
        clean_many([b"x"], fmt="pdf")


def test_large_documents_in_flight_behind_each_other_do_not_block_the_pipe(rules) -> None:
    """A worker is sent its next document while it cleans one (IN_FLIGHT), and both may be far larger than a
    pipe holds, as the records it sends back may be: neither side may wait for the other to read."""
    paragraph = "The council met on Tuesday and voted to repair the old bridge before the winter comes. "
    pages = [(f"Story {n}\n\n" + (paragraph * 40 + "\n\n") * 300).encode() for n in range(4)]  # ~1 MB each
    done: list[list[str]] = []
    runner = threading.Thread(target=lambda: done.append([r.body[:9] for r in clean_many(pages, jobs=1, rules=rules)]))
    runner.start()
    runner.join(timeout=300)
    assert IN_FLIGHT >= 2 and not runner.is_alive(), "the pool stalled"
    assert done == [["The counc"] * 4]


class _WhichWorker:
    """A job that answers with the process id of the worker that ran it."""

    def __init__(self, index: int) -> None:
        self.index = index

    def run(self, rules) -> Outcome:
        return Outcome(self.index, str(os.getpid()))


def _worker_pids(monkeypatch, **limits: int) -> list[str]:
    for name, value in limits.items():
        monkeypatch.setattr(workers, name, value)
    with workers.WorkerPool(jobs=1, rules=None, timeout=30) as pool:  # type: ignore[arg-type]
        return [o.text or "" for o in pool.map((_WhichWorker(i) for i in range(12)), ordered=True)]


def test_a_worker_is_kept_while_its_memory_stays_level(monkeypatch) -> None:
    pids = _worker_pids(monkeypatch, MEMORY_CHECK_EVERY=1)
    assert len(set(pids)) == 1  # what it learned (dateparser's languages, the pass-1 memo) is kept


def test_a_worker_whose_memory_grew_past_the_limit_is_replaced(monkeypatch) -> None:
    pids = _worker_pids(monkeypatch, MEMORY_CHECK_EVERY=3, MEMORY_GROWTH_LIMIT=-1)
    runs = [len(list(run)) for _pid, run in itertools.groupby(pids)]
    # due at its third document, replaced once it has finished what it had already been sent
    assert len(set(pids)) == len(runs) >= 3 and all(3 <= n <= 3 + IN_FLIGHT - 1 for n in runs[:-1])


def test_a_worker_is_replaced_after_its_quota_of_documents(monkeypatch) -> None:
    pids = _worker_pids(monkeypatch, TASKS_PER_WORKER=5)
    assert pids[:5] == [pids[0]] * 5 and len(set(pids)) == 3
