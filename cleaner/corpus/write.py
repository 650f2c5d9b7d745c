"""Carry out a plan: clean the stale documents in the worker pool and write records, JSONL or stdout.

Every file is written to a temporary file and renamed into place, the manifest is saved as records
are written (and on Ctrl-C), and one failed document is reported without costing any other its record.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import time
from pathlib import Path

from cleaner.corpus.atomic import AtomicFile, write_atomic
from cleaner.corpus.discover import Doc, Problem
from cleaner.corpus.manifest import MANIFEST_NAME, Entry, Line, Manifest, sha256_bytes, sha256_file
from cleaner.corpus.plan import JSONL_NAME, Options, Plan, plan_jsonl, prunable
from cleaner.corpus.report import Reporter, Summary
from cleaner.corpus.workers import Outcome, Task, WorkerPool, default_jobs, warm_up
from cleaner.ruleset.load import Rules

MANIFEST_FLUSH_SECONDS = 30.0  # a long run saves its progress this often, so a killed run loses little


def report_problems(problems: list[Problem], summary: Summary, reporter: Reporter) -> None:
    for problem in problems:
        reporter.error(problem.source, problem.message)
        if problem.document:
            summary.documents += 1
            summary.failed += 1


def worker_pool(options: Options, rules: Rules) -> WorkerPool:
    return WorkerPool(options.jobs or default_jobs(), rules, options.timeout)


def to_records(
    plan: Plan, output: Path, manifest: Manifest, config: str, rules: Rules, options: Options, reporter: Reporter
) -> Summary:
    summary = Summary(documents=len(plan.docs), skipped=len(plan.current) + len(plan.untouched))
    report_problems(plan.problems, summary, reporter)
    old = manifest.records
    # What the new manifest keeps without cleaning: current records, records outside the selection,
    # and orphans that stay. Cleaned records are added as they are written, failed ones are not.
    entries = {doc.record: old[doc.record] for doc in plan.current + plan.untouched if doc.record in old}
    summary.orphans = len(plan.orphans)
    for record in plan.orphans:
        if options.prune and prunable(output, record):
            try:
                (output / record).unlink(missing_ok=True)
            except OSError as exc:
                summary.errors += 1
                reporter.error(str(output / record), f"cannot remove the orphan record: {exc.strerror or exc}")
                if record in old:  # still there: the manifest keeps it
                    entries[record] = old[record]
                continue
            summary.pruned += 1
            summary.changed = True
        elif record in old and not options.prune:
            entries[record] = old[record]
    new_manifest = Manifest(
        records=entries, jsonl_sha256=manifest.jsonl_sha256, lines=manifest.lines, options=manifest.options
    )

    if plan.todo:
        warm_up(rules)
        reporter.start(len(plan.todo))
        tasks = (
            Task(i, str(doc.path), doc.source, options.fmt, options.url, 1, options.to, options.links)
            for i, (doc, _why) in enumerate(plan.todo)
        )
        last_flush = time.monotonic()
        try:
            with worker_pool(options, rules) as pool:
                for outcome in pool.map(tasks):
                    doc = plan.todo[outcome.index][0]
                    entry = write_record(outcome, doc, output, config, summary, reporter)
                    if entry:
                        entries[doc.record] = entry
                    reporter.advance()
                    if time.monotonic() - last_flush > MANIFEST_FLUSH_SECONDS:
                        with contextlib.suppress(OSError):  # reported by the save at the end
                            save_manifest(output, new_manifest)
                        last_flush = time.monotonic()
        except BaseException:
            with contextlib.suppress(OSError):
                save_manifest(output, new_manifest)  # Ctrl-C: keep what was written, the next run goes on from it
            raise
        reporter.finish()
    if save_or_report(output, new_manifest, summary, reporter):
        summary.changed = True
    reporter.note(summary.line())
    return summary


def write_record(
    outcome: Outcome, doc: Doc, output: Path, config: str, summary: Summary, reporter: Reporter
) -> Entry | None:
    if outcome.failed:
        summary.failed += 1
        reporter.error(doc.source, outcome.error or "failed")
        return None
    assert outcome.text is not None and outcome.input_sha256 is not None
    data = (outcome.text + "\n").encode("utf-8")
    digest = sha256_bytes(data)
    target = output / doc.record
    try:
        if not (target.is_file() and sha256_file(target) == digest):  # same bytes: leave the file alone
            write_atomic(target, data)
            summary.changed = True
    except OSError as exc:
        summary.failed += 1
        reporter.error(doc.source, f"cannot write {target}: {exc.strerror or exc}")
        return None
    summary.cleaned += 1
    if outcome.reason:
        summary.empty += 1
        reporter.error(doc.source, f"{outcome.reason} (empty record written)")
    return Entry(doc.source, outcome.input_sha256, config, digest)


def save_manifest(output: Path, manifest: Manifest) -> bool:
    """Write the manifest when its bytes change; True when it did. Streamed, entry by entry.

    The bytes are hashed before anything is written: an unchanged manifest is not written at all, which a
    read-only output folder with nothing to do needs. OSError (a full disk) leaves the old one in place.
    """
    path = output / MANIFEST_NAME
    digest = hashlib.sha256()
    for chunk in manifest.chunks():
        digest.update(chunk.encode("ascii"))
    try:
        if sha256_file(path) == digest.hexdigest():
            return False
    except OSError:
        pass
    out = AtomicFile(path)
    try:
        for chunk in manifest.chunks():
            out.write(chunk.encode("ascii"))
        out.commit()
    except BaseException:
        out.discard()
        raise
    return True


def save_or_report(output: Path, manifest: Manifest, summary: Summary, reporter: Reporter) -> bool:
    """save_manifest, with a failure (a full disk, a read-only folder) reported instead of raised."""
    try:
        return save_manifest(output, manifest)
    except OSError as exc:
        summary.errors += 1
        reporter.error(
            str(output / MANIFEST_NAME),
            f"cannot write the manifest: {exc.strerror or exc}; the records written are kept, "
            "and the next run checks them again",
        )
        return False


def to_jsonl(
    docs: list[Doc],
    problems: list[Problem],
    output: Path,
    manifest: Manifest,
    config: str,
    rules: Rules,
    options: Options,
    reporter: Reporter,
) -> Summary:
    """One JSONL file, rebuilt in input order when anything changed; current lines are copied from the old
    file, so only stale documents are cleaned. Lines of inputs that are gone are dropped."""
    plan = plan_jsonl(docs, problems, output, manifest, config)
    summary = Summary(documents=len(plan.docs), skipped=len(plan.current))
    report_problems(plan.problems, summary, reporter)
    current = {doc.source for doc in plan.current}
    todo_sources = {doc.source for doc, _ in plan.todo}
    planned = [doc.source for doc in plan.docs if doc.source in current or doc.source in todo_sources]
    old_lines = {line.source: line for line in manifest.lines}
    unchanged = not plan.todo and not plan.orphans and [line.source for line in manifest.lines] == planned
    if plan.jsonl_intact and unchanged:
        if save_manifest(output, manifest):  # only the remembered options can differ
            summary.changed = True
        reporter.note(summary.line())
        return summary
    target = output / JSONL_NAME
    new_lines: list[Line] = []
    if plan.todo:
        warm_up(rules)
    reporter.start(len(plan.todo))
    failed_before = summary.failed
    out: AtomicFile | None = None
    try:
        out = AtomicFile(target)
        old_file = target.open("rb") if current else None
        tasks = (
            Task(i, str(doc.path), doc.source, options.fmt, options.url, indent=None)
            for i, (doc, _why) in enumerate(plan.todo)
        )
        with worker_pool(options, rules) as pool:
            outcomes = pool.map(tasks, ordered=True)
            for doc in plan.docs:
                if doc.source in current:
                    line = old_lines[doc.source]
                    assert old_file is not None
                    old_file.seek(line.offset)
                    data = old_file.read(line.length)
                    digest = line.input
                elif doc.source in todo_sources:
                    outcome = next(outcomes)
                    reporter.advance()
                    if outcome.failed:
                        summary.failed += 1
                        reporter.error(doc.source, outcome.error or "failed")
                        continue
                    assert outcome.text is not None and outcome.input_sha256 is not None
                    data, digest = (outcome.text + "\n").encode("utf-8"), outcome.input_sha256
                    summary.cleaned += 1
                    if outcome.reason:
                        summary.empty += 1
                        reporter.error(doc.source, f"{outcome.reason} (empty record written)")
                else:
                    continue
                new_lines.append(Line(doc.source, digest, config, out.handle.tell(), len(data)))
                out.write(data)
        if old_file:
            old_file.close()
        out.commit()
    except OSError as exc:  # a full disk, a read-only folder: the old file stays as it was
        if out is not None:
            out.discard()
        reporter.finish()
        summary.failed, summary.cleaned, summary.empty = failed_before + len(plan.todo), 0, 0
        reporter.error(
            str(target), f"cannot write: {exc.strerror or exc}; it is left as it was, and no new line was written"
        )
        reporter.note(summary.line())
        return summary
    except BaseException:
        if out is not None:
            out.discard()
        raise
    reporter.finish()
    summary.changed = True
    # the hash of what this run wrote, not of the file read back: another run may have replaced it since
    new_manifest = Manifest(
        records=manifest.records, jsonl_sha256=out.digest.hexdigest(), lines=new_lines, options=manifest.options
    )
    save_or_report(output, new_manifest, summary, reporter)
    reporter.note(summary.line())
    return summary


def to_stdout(docs: list[Doc], problems: list[Problem], rules: Rules, options: Options, reporter: Reporter) -> Summary:
    summary = Summary(documents=len(docs))
    report_problems(problems, summary, reporter)
    if not docs:
        return summary
    warm_up(rules)
    indent = None if options.to == "jsonl" else 1
    tasks = (
        Task(i, str(doc.path), doc.source, options.fmt, options.url, indent, options.to, options.links)
        for i, doc in enumerate(docs)
    )
    with worker_pool(options, rules) as pool:
        for outcome in pool.map(tasks, ordered=True):
            doc = docs[outcome.index]
            if outcome.failed:
                summary.failed += 1
                reporter.error(doc.source, outcome.error or "failed")
                continue
            sys.stdout.write((outcome.text or "") + "\n")
            summary.cleaned += 1
            if outcome.reason:
                summary.empty += 1
                reporter.error(doc.source, outcome.reason)
    sys.stdout.flush()
    return summary
