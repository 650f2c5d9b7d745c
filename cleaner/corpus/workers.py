"""Clean documents in worker processes, each with a time limit.

A page that hangs the parser or a rule that backtracks for ever must not hang the batch, and C code (lxml,
the regex engine) cannot be interrupted from inside, so every document is cleaned in a worker process that
the parent kills and replaces when the document runs past its time limit. This holds for --jobs 1 too.

    >>> with WorkerPool(jobs=2, rules=load_rules(), timeout=60) as pool:          # doctest: +SKIP
    ...     for outcome in pool.map(tasks, ordered=True):
    ...         print(outcome.index, outcome.error or "ok")
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from types import TracebackType
from typing import Protocol

from cleaner.corpus.manifest import sha256_bytes, sha256_file
from cleaner.errors import InputError
from cleaner.pipeline import clean
from cleaner.read.decode import maybe_gunzip, read_capped
from cleaner.record import UNREADABLE, Record
from cleaner.ruleset.load import Rules

DEFAULT_TIMEOUT = 120.0  # seconds per document; a 50 MB page of real text takes well under a minute
# A worker is replaced once idle when its resident memory has grown this much since it started, or after
# this many documents, so that whatever a library caches or leaks stays bounded. Not sooner: what a worker
# learns as it goes (dateparser's languages, ~0.7 s each; the memo of pass 1) is lost with it, and its
# memory levels off at ~110 MB above the parent's on the dev pages.
MEMORY_GROWTH_LIMIT = 1 << 30  # bytes
TASKS_PER_WORKER = 20_000
MEMORY_CHECK_EVERY = 20  # documents between two readings of a worker's memory (a /proc read each)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# How far the pool may run ahead of the oldest unfinished document when results must come in order: far
# enough that one slow page does not leave the other workers idle behind it.
AHEAD_PER_JOB = 16
# Documents sent to a worker at once: the one it cleans and the next, so that the parent's reading and
# writing overlap the cleaning instead of taking turns with it.
IN_FLIGHT = 2


@dataclass(frozen=True, slots=True)
class Task:
    index: int  # the caller's number for the document; outcomes carry it back
    path: str  # the file to read
    source: str  # written into the record
    fmt: str
    url: str | None
    indent: int | None  # 1 for one JSON file per record, None for a JSONL line
    to: str = "json"  # "markdown": the record as Markdown with front matter instead of JSON
    links: bool = False  # Markdown: keep the body's links

    def run(self, rules: Rules) -> Outcome:
        return run_task(self, rules)


class Job(Protocol):
    """What a worker runs: a file (Task) or a document in memory (cleaner.batch.DocumentTask). The worker
    calls `run` and sends the Outcome back; `index` is the caller's number for it."""

    @property
    def index(self) -> int: ...

    def run(self, rules: Rules) -> Outcome: ...


@dataclass(frozen=True, slots=True)
class Outcome:
    index: int
    text: str | None = None  # the record as JSON, without a final newline; None when the document failed
    input_sha256: str | None = None  # of the bytes actually read
    reason: str | None = None  # an empty record's reason
    error: str | None = None  # why no record could be made

    @property
    def failed(self) -> bool:
        return self.text is None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_task(task: Task, rules: Rules) -> Outcome:
    """Read and clean one document; every expected failure becomes an Outcome, never an exception."""
    try:
        raw = read_capped(task.path)
        digest = sha256_bytes(raw)
        if task.path.lower().endswith(".gz"):
            raw = maybe_gunzip(raw)
    except OSError as exc:
        return Outcome(task.index, error=f"cannot read: {exc.strerror or exc}")
    except InputError as exc:  # too large, or a .gz that does not decompress whole: an empty record says why
        try:
            digest = sha256_file(Path(task.path))  # streamed: the manifest still knows this input
        except OSError as err:
            return Outcome(task.index, error=f"cannot read: {err.strerror or err}")
        record = Record(id=digest[:32], source=task.source, url=task.url, reason=UNREADABLE + str(exc))
        return Outcome(task.index, _text(record, task), digest, record.reason)
    record = clean(raw, url=task.url, source=task.source, fmt=task.fmt, rules=rules)
    return Outcome(task.index, _text(record, task), digest, record.reason)


def _text(record: Record, task: Task) -> str:
    """The record as the task asks for it: JSON (a file's or a JSONL line's), or Markdown."""
    if task.to == "markdown":
        return record.to_markdown(front_matter=True, links=task.links)
    return record.to_json(task.indent)


def warm_up(rules: Rules) -> None:
    """Load what the first document would load (trafilatura, language profiles) once, before forking, so
    that workers share it instead of each paying for it."""
    clean("<html><body><p>Warm up the HTML reader with a sentence or two of text.</p></body></html>", rules=rules)
    clean("Warm up the text reader and the language detector with one sentence of English.", rules=rules)


def _worker_main(conn: Connection, rules: Rules) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    # The parent sends the next document while this one is cleaned (IN_FLIGHT): a thread takes it off the
    # pipe at once, so that neither side ever waits on a full pipe while the other waits on it.
    inbox: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
    threading.Thread(target=_receive, args=(conn, inbox), daemon=True).start()
    while True:
        task = inbox.get()
        if task is None:
            return
        try:
            outcome = task.run(rules)
        except BaseException as exc:  # a bug or MemoryError on one document; report it and go on
            outcome = Outcome(task.index, error=f"{type(exc).__name__}: {exc}")
        conn.send(outcome)


def _receive(conn: Connection, inbox: queue.SimpleQueue) -> None:
    """The worker's reading thread: every task into `inbox`, then None when the parent is gone or done."""
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            task = None
        inbox.put(task)
        if task is None:
            return


def resident_memory(pid: int | None) -> int | None:
    """A process's resident set in bytes, from /proc (Linux); None where that cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext, rules: Rules) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, rules), daemon=True)
        self.process.start()
        child.close()
        self.tasks: deque[Job] = deque()  # sent and not yet answered, the one being cleaned first
        self.deadline = 0.0  # when the first of them runs out of time
        self.done = 0
        self.start_memory = resident_memory(self.process.pid)
        self.due = False  # to be replaced once idle: too many documents, or too much memory

    def send(self, task: Job, timeout: float) -> None:
        if not self.tasks:  # the worker starts on it now; else when the one before it is answered
            self.deadline = time.monotonic() + timeout
        self.tasks.append(task)
        # A worker that died while idle has a closed pipe; the pool sees it and reports the document.
        with contextlib.suppress(OSError):
            self.conn.send(task)

    def takes(self) -> bool:
        """Whether a task may be sent now: one in flight behind the running one, none to a worker due for
        replacement (it is replaced once it is idle)."""
        if not self.tasks:
            return True
        return len(self.tasks) < IN_FLIGHT and not self.due and self.done + len(self.tasks) < TASKS_PER_WORKER

    def finished_one(self) -> None:
        self.done += 1
        if self.done >= TASKS_PER_WORKER:
            self.due = True
        elif self.done % MEMORY_CHECK_EVERY == 0 and self.start_memory is not None:
            now = resident_memory(self.process.pid)
            self.due = now is not None and now - self.start_memory > MEMORY_GROWTH_LIMIT

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class WorkerPool:
    """A fixed number of worker processes; a worker that overruns its document's time limit is killed
    and replaced, and the document is reported as failed."""

    def __init__(self, jobs: int, rules: Rules, timeout: float = DEFAULT_TIMEOUT) -> None:
        if jobs < 1:
            raise ValueError("jobs must be at least 1")
        self.jobs, self.rules, self.timeout = jobs, rules, timeout
        # fork shares the warmed-up parent; spawn where fork is unsafe (macOS) or missing (Windows).
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.context = multiprocessing.get_context(method)
        self.workers: list[_Worker] = []
        self.retry: deque[Job] = deque()  # sent to a worker that was replaced before it started them

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(kill=exc_type is not None)

    def close(self, *, kill: bool = False) -> None:
        for worker in self.workers:
            worker.stop(kill=kill)
        self.workers = []

    def map(self, tasks: Iterable[Job], *, ordered: bool = False) -> Iterator[Outcome]:
        """Outcomes of the tasks: in task order when `ordered`, else as they finish."""
        pending = iter(tasks)
        exhausted = False
        order: deque[int] = deque()  # indexes dispatched and not yet yielded, in dispatch order (ordered mode)
        ready: dict[int, Outcome] = {}  # finished out of order, waiting for an earlier one
        self.retry.clear()
        while True:
            # Hand out tasks to workers with room, starting workers lazily; first those a replaced worker
            # had been sent but never started.
            while self._idle_slot_available():
                if self.retry:
                    self._idle_worker().send(self.retry.popleft(), self.timeout)
                    continue
                if exhausted or (ordered and len(order) >= self.jobs * AHEAD_PER_JOB):
                    break  # (the second: bound the results waiting for a slow earlier document)
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                if ordered:
                    order.append(task.index)
                self._idle_worker().send(task, self.timeout)
            busy = [w for w in self.workers if w.tasks]
            if not busy:
                while order and order[0] in ready:
                    yield ready.pop(order.popleft())
                return
            for outcome in self._collect(busy):
                if ordered:
                    ready[outcome.index] = outcome
                else:
                    yield outcome
            while order and order[0] in ready:
                yield ready.pop(order.popleft())

    def _idle_slot_available(self) -> bool:
        return len(self.workers) < self.jobs or any(w.takes() for w in self.workers)

    def _idle_worker(self) -> _Worker:
        """An idle worker (replaced first when it is due), a new one while there are fewer than `jobs`, else
        one that is busy but takes a task behind its current one."""
        for position, worker in enumerate(self.workers):
            if not worker.tasks:
                if worker.due:
                    worker.stop()
                    worker = self.workers[position] = _Worker(self.context, self.rules)
                return worker
        if len(self.workers) < self.jobs:
            worker = _Worker(self.context, self.rules)
            self.workers.append(worker)
            return worker
        return next(w for w in self.workers if w.takes())

    def _collect(self, busy: list[_Worker]) -> Iterator[Outcome]:
        """Wait for at least one busy worker to finish, die or run out of time."""
        wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = set(wait([w.conn for w in busy], timeout=wait_for))
        now = time.monotonic()
        for worker in busy:
            task = worker.tasks[0]
            if worker.conn in ready:
                try:
                    outcome = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(timeout=5)
                    code = worker.process.exitcode
                    why = f"killed by signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                    outcome = Outcome(task.index, error=f"the worker cleaning it died ({why})")
                    self._replace(worker)
                else:
                    worker.tasks.popleft()
                    worker.finished_one()
                    worker.deadline = time.monotonic() + self.timeout  # (the next one, if any, starts now)
                yield outcome
            elif now >= worker.deadline:
                self._replace(worker)
                yield Outcome(task.index, error=f"took longer than the time limit ({self.timeout:g} s); stopped")

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker whose document hung it or killed it; what it was sent after that document never
        started and goes to the next worker with room."""
        worker.stop(kill=True)
        self.retry.extend(list(worker.tasks)[1:])
        self.workers[self.workers.index(worker)] = _Worker(self.context, self.rules)
