"""Clean many documents in worker processes: records out in input order, streaming, one time limit each.

    >>> import cleaner
    >>> pages = [b"<html>...</html>", ("A text dump\\nof lines", "https://example.com/b")]
    >>> for record in cleaner.clean_many(pages, jobs=2, timeout=60):              # doctest: +SKIP
    ...     print(record.id, record.title, record.reason)

    >>> from cleaner.shards import iter_documents
    >>> records = cleaner.clean_many(iter_documents("crawl.warc.gz"), jobs=4)     # doctest: +SKIP

The input is read lazily and at most a few documents per worker are in flight, so memory stays flat
however long the input is. A document that fails (past its time limit, a worker that dies, a reader
error, input that is not a document) gives an empty record whose `reason` says why; clean_many itself
raises only for bad arguments.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Union

from cleaner.corpus.workers import DEFAULT_TIMEOUT, Outcome, WorkerPool, default_jobs, warm_up
from cleaner.pipeline import clean, record_id
from cleaner.record import UNREADABLE, Record
from cleaner.ruleset.load import Rules, load_rules
from cleaner.shards import FORMATS, Document

# What clean_many takes: raw bytes or text, (raw, url), or a Document (what the shard readers yield).
Input = Union[bytes, str, tuple[bytes | str, str | None], Document]  # noqa: UP007  # a runtime alias
FAILED = "failed: "  # reason prefix of a document that was not cleaned (time limit, worker died)


@dataclass(frozen=True, slots=True)
class DocumentTask:
    """One in-memory document for a worker (a workers.Job); the counterpart of workers.Task, which names a file."""

    index: int
    raw: bytes | str
    url: str | None
    fmt: str
    source: str | None
    error: str | None = None  # a reader's error: the record is empty with this reason, nothing is cleaned
    indent: int | None = None

    def run(self, rules: Rules) -> Outcome:
        """Clean it in this process (a worker); every expected failure is an Outcome, never an exception."""
        record = document_record(self, rules)
        return Outcome(self.index, record.to_json(self.indent), None, record.reason)


def document_record(task: DocumentTask | Document, rules: Rules) -> Record:
    """The record of one document, cleaned here: the reader's error becomes the reason of an empty record.

    >>> document_record(Document(b"", source="s.jsonl:3", error="not JSON"), load_rules()).reason
    'unreadable input: not JSON'
    """
    if task.error:
        return Record(id=record_id(task.raw), source=task.source, url=task.url, reason=UNREADABLE + task.error)
    return clean(task.raw, url=task.url, source=task.source, fmt=task.fmt, rules=rules)


def as_document(item: object, fmt: str = "auto") -> Document:
    """A Document from what clean_many accepts; anything else becomes a Document with an error.

    >>> as_document((b"<p>x</p>", "https://e.com/")).url
    'https://e.com/'
    """
    if isinstance(item, Document):
        return item
    if isinstance(item, bytes | str):
        return Document(item, fmt=fmt)
    if (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], bytes | str)
        and (item[1] is None or isinstance(item[1], str))
    ):
        return Document(item[0], url=item[1], fmt=fmt)
    return Document(b"", error=f"not a document ({type(item).__name__}; expected bytes, str, (raw, url) or Document)")


def clean_many(
    documents: Iterable[Input],
    *,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    rules: Rules | str | Path | None = None,
    fmt: str = "auto",
    pool: WorkerPool | None = None,
) -> Iterator[Record]:
    """Records of the documents, in input order, cleaned by `jobs` worker processes (default: all cores).

    `fmt` applies to raw and (raw, url) inputs; a Document keeps its own. Every document has `timeout`
    seconds; past it its worker is killed and replaced and its record is empty with the reason. Pass an
    open `pool` to share one between calls (its own rules, jobs and timeout then apply).

    >>> [r.reason for r in clean_many([b"", 42], jobs=1)]                          # doctest: +SKIP
    ['empty input', 'unreadable input: not a document (int; expected bytes, str, (raw, url) or Document)']
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if pool is not None:
        return _records(documents, fmt, pool)
    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    return _with_own_pool(documents, fmt, jobs or default_jobs(), timeout, rules)


def _with_own_pool(documents: Iterable[Input], fmt: str, jobs: int, timeout: float, rules: Rules) -> Iterator[Record]:
    warm_up(rules)  # once in the parent, shared by the forked workers
    with WorkerPool(jobs=jobs, rules=rules, timeout=timeout) as pool:
        yield from _records(documents, fmt, pool)


def document_tasks(documents: Iterable[Input], fmt: str = "auto", *, indent: int | None = None,
                   kept: dict[int, Document] | None = None) -> Iterator[DocumentTask]:
    """Numbered tasks for the pool; `kept` holds each document until its outcome is back (for its id)."""
    for index, item in enumerate(documents):
        doc = as_document(item, fmt)
        if kept is not None:
            kept[index] = doc
        yield DocumentTask(index, doc.raw, doc.url, doc.fmt, doc.source, doc.error, indent)


def outcome_record(outcome: Outcome, doc: Document) -> Record:
    """The Record an Outcome carries, or an empty one with the reason the document failed."""
    if outcome.text is not None:
        return Record.from_dict(json.loads(outcome.text))
    return Record(id=record_id(doc.raw), source=doc.source, url=doc.url, reason=FAILED + (outcome.error or "unknown"))


def _records(documents: Iterable[Input], fmt: str, pool: WorkerPool) -> Iterator[Record]:
    kept: dict[int, Document] = {}  # bounded by the pool's look-ahead
    for outcome in pool.map(document_tasks(documents, fmt, kept=kept), ordered=True):
        yield outcome_record(outcome, kept.pop(outcome.index))
