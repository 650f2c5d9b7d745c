"""Shard runs: WARC, WET and JSON-lines files in, one output shard per input shard out.

    cleaner crawl.warc.gz -o out                 # out/crawl.jsonl.gz, a record per document in shard order
    cleaner crawl/ -o out --to parquet --jobs 8  # every shard below crawl/, subfolders mirrored
    cleaner items.jsonl                          # the records on stdout, one JSON line each

Every record's `source` names its shard and where in it the document was ("crawl.warc.gz:48213" for the
byte offset of a WARC record, "items.jsonl:17" for a line). One worker pool cleans every shard: the
documents of all stale shards go through it as one ordered stream, so `--jobs` works across shards and
within one, and a record reaches its output shard in input order.

Each output shard is written to a temporary file and renamed into place when its last record is in, so a
run killed at any moment leaves whole shards only. `.cleaner-shards.json` in the output folder remembers,
per output shard, the sha256 of its input, of the configuration and of the output itself: a second run
skips shards whose three are unchanged. A document that cannot be read or cleaned gets an empty record
with the reason in its place (so the output stays one record per document) and is reported with its
source; the run then exits 1.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from cleaner.batch import FAILED, DocumentTask
from cleaner.corpus.atomic import remove_stale_temporaries
from cleaner.corpus.manifest import config_hash, sha256_file
from cleaner.corpus.report import Reporter
from cleaner.corpus.shard_manifest import is_current, load_manifest, save_manifest
from cleaner.corpus.shard_writers import Writer, open_writer
from cleaner.corpus.workers import DEFAULT_TIMEOUT, WorkerPool, default_jobs, warm_up
from cleaner.pipeline import record_id
from cleaner.record import UNREADABLE, Record
from cleaner.ruleset.load import Rules
from cleaner.shards import MAX_DOCUMENT_BYTES, Document, ShardStats, is_shard, iter_documents

OUTPUTS = {"jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz", "parquet": ".parquet"}
DEFAULT_OUTPUT = "jsonl.gz"
# Suffixes taken off an input shard's name to make its output's ("CC-1.warc.wet.gz" -> "CC-1.jsonl.gz").
SHARD_NAME_SUFFIXES = (".gz", ".warc", ".wet", ".jsonl", ".ndjson")


@dataclass(frozen=True)
class ShardOptions:
    to: str = DEFAULT_OUTPUT  # jsonl, jsonl.gz or parquet
    fmt: str | None = None  # None: as the shard says (WARC Content-Type, JSON field name); else forced
    jobs: int = 0  # 0: all cores
    timeout: float = DEFAULT_TIMEOUT
    content_fields: tuple[str, ...] | None = None
    url_fields: tuple[str, ...] | None = None
    max_bytes: int = MAX_DOCUMENT_BYTES
    progress: bool | None = None  # None: when stderr is a terminal

    def config(self, rules: Rules) -> str:
        """What, besides the input bytes, decides an output shard's bytes."""
        described = [self.to, self.fmt, self.content_fields, self.url_fields, self.max_bytes]
        return config_hash(rules_fingerprint=rules.fingerprint, fmt=json.dumps(described), url=None)


@dataclass(frozen=True)
class Shard:
    path: Path
    name: str  # as the records' source names it: the path given, or relative to the folder given (posix)
    output: str  # the output shard, relative to the output folder (posix)


@dataclass
class ShardSummary:
    shards: int = 0
    written: int = 0  # output shards written
    unchanged: int = 0  # output shards skipped as current
    failed_shards: int = 0
    records: int = 0
    empty: int = 0  # empty records with a reason (no body, binary, a reader's error...)
    failed: int = 0  # records of documents that could not be read or cleaned (included in `empty`)
    skipped: Counter[str] = field(default_factory=Counter)  # what the readers skipped, by kind

    def line(self) -> str:
        """'2 shards (1 written, 1 unchanged): 9 500 records, 40 empty, 3 failed; skipped: 9 600 request'."""
        parts = [f"{self.written} written", f"{self.unchanged} unchanged"]
        if self.failed_shards:
            parts.append(f"{self.failed_shards} failed")
        text = f"{_n(self.shards, 'shard')} ({', '.join(parts)}): {_n(self.records, 'record')}"
        text += f", {self.empty} empty, {self.failed} failed"
        if self.skipped:
            text += "; skipped in the shards: " + ", ".join(f"{n} {kind}" for kind, n in self.skipped.most_common())
        return text

    @property
    def any_failed(self) -> bool:
        return bool(self.failed or self.failed_shards)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


# ---------------------------------------------------------------------------------------------- discovery


def output_name(name: str, to: str) -> str:
    """'crawl/CC-1.warc.wet.gz' -> 'crawl/CC-1.jsonl.gz' (for --to jsonl.gz)."""
    head, _, base = name.rpartition("/")
    stripped = True
    while stripped:
        stripped = False
        for suffix in SHARD_NAME_SUFFIXES:
            if base.lower().endswith(suffix) and len(base) > len(suffix):
                base, stripped = base[: -len(suffix)], True
    return f"{head}/{base}{OUTPUTS[to]}" if head else base + OUTPUTS[to]


def find_shards(paths: list[Path], output: Path | None, to: str) -> list[Shard]:
    """The shards among the paths: shard files as given, and the shard files below folders, sorted.

    Files under the output folder are left out, so that an output folder inside the input is not read back.
    """
    skip = output.resolve() if output is not None else None
    found: list[Shard] = []
    for top in paths:
        if top.is_dir():
            for root, dirs, files in os.walk(top, followlinks=True):
                dirs.sort()
                here = Path(root)
                if skip is not None and (here.resolve() == skip or skip in here.resolve().parents):
                    dirs[:] = []
                    continue
                for name in sorted(files):
                    if is_shard(name):
                        relative = (here / name).relative_to(top).as_posix()
                        found.append(Shard(here / name, relative, output_name(relative, to)))
        elif is_shard(top):
            found.append(Shard(top, str(top), output_name(top.name, to)))
    return found


def split_inputs(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(paths holding shards, paths holding loose pages): a folder with both kinds is in both lists.

    >>> split_inputs([Path("crawl.warc.gz"), Path("page.html")])                    # doctest: +SKIP
    ([PosixPath('crawl.warc.gz')], [PosixPath('page.html')])
    """
    from cleaner.corpus.discover import is_input

    shards, loose = [], []
    for top in paths:
        if not top.is_dir():
            (shards if is_shard(top) else loose).append(top)
            continue
        names = [name for _root, _dirs, files in os.walk(top, followlinks=True) for name in files]
        if any(is_shard(name) for name in names):
            shards.append(top)
        if any(is_input(Path(name)) for name in names) or not any(is_shard(name) for name in names):
            loose.append(top)  # an empty folder too: the folder command reports it as it always has
    return shards, loose


# --------------------------------------------------------------------------------------------------- run


class ShardReporter(Reporter):
    """Progress in records and shards (a shard's record count is not known before it is read)."""

    def __init__(self, stream: TextIO | None = None, progress: bool | None = None) -> None:
        super().__init__(stream, progress)
        self.shard = self.shards = 0

    def _draw(self, *, force: bool = False) -> None:
        if not self.progress or not self.shards:
            return
        import time

        now = time.monotonic()
        if not force and now - self._last_draw < 0.2:
            return
        self._last_draw = now
        self.stream.write(f"\rcleaner: shard {self.shard}/{self.shards}, {self.done} records")
        self.stream.flush()
        self._drawn = True


def run_shards(
    shards: list[Shard],
    output: Path | None,
    *,
    rules: Rules,
    options: ShardOptions | None = None,
    reporter: Reporter | None = None,
) -> ShardSummary:
    """Clean the shards into `output` (an output shard each) or to stdout; see the module docstring."""
    options = options or ShardOptions()
    reporter = reporter or ShardReporter(progress=options.progress)
    summary = ShardSummary(shards=len(shards))
    clashes = _clashes(shards)
    for shard in shards:
        if shard.output in clashes:
            others = ", ".join(s.name for s in clashes[shard.output] if s is not shard)
            reporter.error(shard.name, f"its output {shard.output} would also be the output of {others}; not cleaned")
            summary.failed_shards += 1
    todo = []
    for shard in shards:
        if shard.output in clashes:
            continue
        if output is not None and _same_file(output / shard.output, shard.path):
            reporter.error(shard.name, f"its output would overwrite it ({output / shard.output}); not cleaned")
            summary.failed_shards += 1
            continue
        todo.append(shard)
    if output is None:
        _run(todo, None, {}, "", rules, options, reporter, summary)
        return summary
    output.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(output)
    manifest = load_manifest(output, reporter)
    config = options.config(rules)
    stale: list[Shard] = []
    digests: dict[str, str] = {}
    for shard in todo:
        try:
            digests[shard.output] = sha256_file(shard.path)
        except OSError as exc:
            reporter.error(shard.name, f"cannot read: {exc.strerror or exc}")
            summary.failed_shards += 1
            continue
        if is_current(manifest.get(shard.output), output / shard.output, digests[shard.output], config):
            # an unchanged shard's bad documents still count: the exit status does not depend on a rerun
            entry = manifest[shard.output]
            summary.unchanged += 1
            summary.records += _count(entry, "records")
            summary.empty += _count(entry, "empty")
            summary.failed += _count(entry, "failed")
        else:
            stale.append(shard)
    try:
        _run(stale, output, manifest, config, rules, options, reporter, summary, digests)
    finally:
        save_manifest(output, manifest, reporter)
    return summary


def _run(
    shards: list[Shard],
    output: Path | None,
    manifest: dict[str, Any],
    config: str,
    rules: Rules,
    options: ShardOptions,
    reporter: Reporter,
    summary: ShardSummary,
    digests: dict[str, str] | None = None,
) -> None:
    if not shards:
        return
    if isinstance(reporter, ShardReporter):
        reporter.shards = len(shards)
    warm_up(rules)
    kept: dict[int, tuple[int, Document]] = {}  # documents in flight: their shard and themselves
    broken: dict[int, str] = {}  # shards whose reading failed (I/O), with why: their output is discarded
    stats = [ShardStats() for _ in shards]
    tasks = _tasks(shards, options, kept, broken, stats)
    writer: Writer | None = None
    current = 0  # the shard whose records are coming in
    counts, empties, failures = Counter[int](), Counter[int](), Counter[int]()

    def finish_until(stop: int) -> None:
        nonlocal writer, current
        while current < stop:
            shard = shards[current]
            writer = writer or open_writer(shard, output, options.to)
            if current in broken:
                writer.discard()
                summary.failed_shards += 1
                reporter.error(shard.name, broken[current] + "; no output written for it")
            else:
                writer.commit()
                summary.written += 1
                if output is not None:
                    manifest[shard.output] = {
                        "input": shard.name,
                        "input_sha256": (digests or {}).get(shard.output),
                        "config": config,
                        "output_sha256": sha256_file(output / shard.output),
                        "records": counts[current],
                        "empty": empties[current],
                        "failed": failures[current],
                    }
            summary.skipped.update(stats[current].skipped)
            writer = None
            current += 1
            if isinstance(reporter, ShardReporter):
                reporter.shard = current

    try:
        with WorkerPool(options.jobs or default_jobs(), rules, options.timeout) as pool:
            for outcome in pool.map(tasks, ordered=True):
                shard_index, doc = kept.pop(outcome.index)
                finish_until(shard_index)
                writer = writer or open_writer(shards[shard_index], output, options.to)
                if outcome.text is None:  # past the time limit, or the worker died
                    reason = FAILED + (outcome.error or "unknown")
                    text = Record(id=record_id(doc.raw), source=doc.source, url=doc.url, reason=reason).to_json(None)
                    outcome_reason: str | None = reason
                else:
                    text, outcome_reason = outcome.text, outcome.reason
                writer.write(text)
                counts[shard_index] += 1
                summary.records += 1
                if outcome_reason:
                    summary.empty += 1
                    empties[shard_index] += 1
                    if outcome_reason.startswith((FAILED, UNREADABLE)):
                        summary.failed += 1
                        failures[shard_index] += 1
                        reporter.error(doc.source or shards[shard_index].name, outcome_reason)
                reporter.advance()
            finish_until(len(shards))
    except BaseException:
        if writer is not None:
            writer.discard()  # never a half-written shard
        raise
    finally:
        reporter.finish()


def _tasks(
    shards: list[Shard],
    options: ShardOptions,
    kept: dict[int, tuple[int, Document]],
    broken: dict[int, str],
    stats: list[ShardStats],
) -> Iterator[DocumentTask]:
    index = 0
    for shard_index, shard in enumerate(shards):
        try:
            for doc in iter_documents(
                shard.path,
                name=shard.name,
                stats=stats[shard_index],
                fmt=options.fmt,
                content_fields=options.content_fields,
                url_fields=options.url_fields,
                max_bytes=options.max_bytes,
            ):
                kept[index] = (shard_index, doc)
                yield DocumentTask(index, doc.raw, doc.url, doc.fmt, doc.source, doc.error, None)
                index += 1
        except OSError as exc:  # the file itself (permissions, an I/O error), not its content
            broken[shard_index] = f"cannot read: {exc.strerror or exc}"


def _count(entry: dict[str, Any], key: str) -> int:
    value = entry.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _same_file(target: Path, source: Path) -> bool:
    try:
        return target.resolve() == source.resolve()
    except OSError:
        return False


def _clashes(shards: list[Shard]) -> dict[str, list[Shard]]:
    by_output: dict[str, list[Shard]] = {}
    for shard in shards:
        by_output.setdefault(shard.output, []).append(shard)
    return {name: group for name, group in by_output.items() if len(group) > 1}
