"""Corpus folders: find the inputs, plan what is stale, clean it in worker processes, write atomically.

    cleaner corpus_raw -o corpus_clean            # one JSON record per input, subfolders mirrored
    cleaner corpus_raw -o corpus_clean --check    # what a run would do; writes nothing

A folder run is incremental: `.cleaner-manifest.json` (see manifest.py) says what each record was made
from, and only missing or stale records are cleaned again. Every file is written to a temporary file and
renamed into place, so a run killed at any moment leaves the old record or the new one, never half of one.
One bad document is reported with its file name and costs no other document its record.

I/O lives here, in the CLI and in the hook; the cleaning it calls is pure.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from cleaner.corpus.atomic import AtomicFile, remove_stale_temporaries, write_atomic
from cleaner.corpus.manifest import (
    MANIFEST_NAME,
    Entry,
    Line,
    Manifest,
    config_hash,
    load_manifest,
    sha256_bytes,
    sha256_file,
)
from cleaner.corpus.report import Reporter, Summary
from cleaner.corpus.workers import DEFAULT_TIMEOUT, Outcome, Task, WorkerPool, default_jobs, warm_up
from cleaner.ruleset.load import Rules

INPUT_SUFFIXES = (".html", ".htm", ".txt")
JSONL_NAME = "records.jsonl"
MANIFEST_FLUSH_SECONDS = 30.0  # a long run saves its progress this often, so a killed run loses little


@dataclass(frozen=True, slots=True)
class Doc:
    """One input document and where its record goes."""

    source: str  # where to read it, as given on the command line; written into the record
    record: str  # the record's path relative to the output folder, posix ("sub/page.json")

    @property
    def path(self) -> Path:
        return Path(self.source)  # made when needed: 10 000 Path objects cost megabytes


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that cannot be cleaned, found before cleaning (unreadable, name clash...)."""

    source: str
    message: str
    record: str | None = None  # the record path it claims, if it has one
    document: bool = True  # False for things that are not documents (a symlink loop): reported, not failed


@dataclass
class Plan:
    docs: list[Doc]
    problems: list[Problem]
    todo: list[tuple[Doc, str]] = field(default_factory=list)  # document, why it must be cleaned
    current: list[Doc] = field(default_factory=list)
    untouched: list[Doc] = field(default_factory=list)  # outside the selection of a hook run
    orphans: list[str] = field(default_factory=list)  # records (or JSONL sources) without an input
    jsonl_intact: bool = False  # the JSONL file is the one the manifest describes


@dataclass(frozen=True)
class Options:
    fmt: str = "auto"
    to: str = "json"
    url: str | None = None
    jobs: int = 0  # 0: all cores
    timeout: float = DEFAULT_TIMEOUT
    prune: bool = False
    progress: bool | None = None  # None: when stderr is a terminal


# ---------------------------------------------------------------------------------------------- discovery


def is_input(path: Path) -> bool:
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return name.endswith(INPUT_SUFFIXES)


def record_name(relative: Path) -> Path:
    """'a/page.html.gz' -> 'a/page.json': the input's base name plus .json, in the same subfolder."""
    name = relative.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return relative.with_name(stem + ".json")


def iter_inputs(path: Path, problems: list[Problem] | None = None) -> Iterator[Path]:
    """A file as given (whatever its name), or the input files below a folder in sorted order.

    Symbolic links to folders are followed, except one that leads back into a folder being walked (a
    loop), which is reported in `problems` and skipped.
    """
    if not path.is_dir():
        yield path
        return
    # Depth first with an explicit stack (deep trees do not hit the recursion limit); each entry carries
    # the (device, inode) of the folders above it, which is what a loop comes back to.
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(path, frozenset())]
    while stack:
        folder, above = stack.pop()
        try:
            info = folder.stat()
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            if problems is not None:
                problems.append(Problem(str(folder), f"cannot read the folder: {exc.strerror or exc}", document=False))
            continue
        key = (info.st_dev, info.st_ino)
        if key in above:
            if problems is not None:
                problems.append(
                    Problem(str(folder), "symbolic link loop (leads back to a folder above); skipped", document=False)
                )
            continue
        subfolders = []
        for entry in entries:
            child = folder / entry.name
            if _is_dir(entry):
                subfolders.append(child)
            elif is_input(child):
                yield child
        stack.extend((sub, above | {key}) for sub in reversed(subfolders))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symbolic links
    except OSError:
        return False


def discover(tops: list[Path], output: Path | None, *, to: str = "json") -> tuple[list[Doc], list[Problem]]:
    """The documents under `tops` with their record paths, and the inputs that cannot be cleaned.

    Two inputs that would write the same record both fail, with a message naming the other.
    """
    problems: list[Problem] = []
    found: list[Doc] = []
    out_real = os.path.realpath(output) if output is not None else None
    for top in tops:
        base = top if top.is_dir() else top.parent
        for path in iter_inputs(top, problems):
            source = str(path)
            record = record_name(path.relative_to(base)).as_posix()
            problem = _input_problem(path, source)
            if problem is None and out_real is not None and to == "json":
                problem = _output_problem(out_real, record)
            if problem:
                problems.append(Problem(_printable(source), problem, record=record))
            else:
                found.append(Doc(source, record))
    if output is None or to != "json":
        return found, problems
    counts: dict[str, int] = {}
    for doc in found:
        counts[doc.record] = counts.get(doc.record, 0) + 1
    clashes: dict[str, list[Doc]] = {record: [] for record, n in counts.items() if n > 1}
    del counts
    if not clashes:
        return found, problems
    for doc in found:
        if doc.record in clashes:
            clashes[doc.record].append(doc)
    docs = []
    for doc in found:
        if doc.record not in clashes:
            docs.append(doc)
            continue
        others = ", ".join(other.source for other in clashes[doc.record] if other is not doc)
        message = f"{others} would write the same record {doc.record}; rename one"
        problems.append(Problem(doc.source, message, record=doc.record))
    return docs, problems


def _input_problem(path: Path, source: str) -> str | None:
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8; rename it"
    try:
        mode = path.stat().st_mode  # follows symbolic links
    except OSError as exc:
        if path.is_symlink():
            return f"cannot read: broken or looping symbolic link ({exc.strerror or exc})"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "is a folder, not a document"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, socket or device); skipped"
    return None


def _output_problem(out_real: str, record: str) -> str | None:
    if record == MANIFEST_NAME:
        return f"its record would overwrite the manifest {MANIFEST_NAME}; rename it"
    # A symbolic link inside the output folder could carry a record elsewhere; records stay inside.
    target = os.path.realpath(os.path.join(out_real, record))
    if not target.startswith(out_real.rstrip(os.sep) + os.sep):
        return f"its record {record} would be written outside the output folder ({target}); skipped"
    return None


def _printable(text: str) -> str:
    return text.encode("utf-8", errors="backslashreplace").decode("utf-8")


# ------------------------------------------------------------------------------------------------ planning


def plan_records(
    docs: list[Doc],
    problems: list[Problem],
    output: Path,
    manifest: Manifest,
    config: str,
    only: set[str] | None = None,
) -> Plan:
    """What a folder-of-JSON run must clean, what is current and which records are orphans."""
    plan = Plan([], problems)
    for doc in docs:
        if only is not None and _key(doc.path) not in only:
            plan.docs.append(doc)
            plan.untouched.append(doc)
            continue
        try:
            digest = sha256_file(doc.path)
        except OSError as exc:
            plan.problems.append(Problem(doc.source, f"cannot read: {exc.strerror or exc}", record=doc.record))
            continue
        plan.docs.append(doc)
        why = _staleness(manifest.records.get(doc.record), output / doc.record, doc, digest, config)
        if why:
            plan.todo.append((doc, why))
        else:
            plan.current.append(doc)
    claimed = {doc.record for doc in docs} | {p.record for p in problems if p.record}
    plan.orphans = [record for record in _record_files(output, manifest) if record not in claimed]
    return plan


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _staleness(entry: Entry | None, target: Path, doc: Doc, digest: str, config: str) -> str | None:
    """Why the record is not current, or None when it is."""
    try:
        record_digest = sha256_file(target)
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"stale (record unreadable: {exc.strerror or exc})"
    if entry is None:
        return "stale (not in the manifest)"
    if entry.input != digest:
        return "stale (input changed)"
    if entry.config != config:
        return "stale (cleaner, rules or options changed)"
    if entry.source != doc.source:
        return "stale (made from another source path)"
    if entry.record != record_digest:
        return "stale (record changed since it was written)"
    return None


def _record_files(output: Path, manifest: Manifest) -> list[str]:
    """Records in the output folder: those in the manifest that exist, and *.json files that hold a
    record (a manifest lost or deleted does not hide them). Other files are never records."""
    found = {record for record in manifest.records if _inside(output, record) and (output / record).is_file()}
    if output.is_dir():
        for root, dirs, files in os.walk(output):
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                record = path.relative_to(output).as_posix()
                if name.endswith(".json") and record != MANIFEST_NAME and record not in found and _is_record(path):
                    found.add(record)
    return sorted(found)


def _inside(output: Path, record: str) -> bool:
    """The record path, with every link resolved, is still below the output folder: a manifest entry or a
    linked subfolder never leads `--prune` to a file elsewhere."""
    top = os.path.realpath(output)
    folder = os.path.realpath(os.path.dirname(os.path.join(top, record)))
    return folder == top or folder.startswith(top + os.sep)


def _prunable(output: Path, record: str) -> bool:
    """An orphan may be removed only when it is a record file inside the output folder, whatever the
    manifest says: the manifest is input too, and a hostile one must not name other files."""
    path = output / record
    return _inside(output, record) and not path.is_symlink() and path.is_file() and _is_record(path)


def _is_record(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(64 * 1024 * 1024))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"schema_version", "id", "body", "removed"} <= data.keys()


# ---------------------------------------------------------------------------------------------------- runs


def clean_paths(
    paths: list[Path],
    output: Path | None,
    *,
    rules: Rules,
    options: Options | None = None,
    only: set[str] | None = None,
    reporter: Reporter | None = None,
) -> Summary:
    """Clean files and folders into `output` (JSON records or one JSONL file), or to stdout without it.

    `only` (absolute paths) limits the cleaning to those inputs, as the pre-commit hook does with the files
    of a commit; the rest of the folder is left as it is.
    """
    options = options or Options()
    reporter = reporter or Reporter(progress=options.progress)
    docs, problems = discover(paths, output, to=options.to)
    if output is None:
        return _to_stdout(docs, problems, rules, options, reporter)
    manifest_path = output / MANIFEST_NAME
    if manifest_path.is_symlink() or (manifest_path.exists() and not manifest_path.is_file()):
        reporter.error(str(manifest_path), "is not a plain file; move it away and run again (nothing was written)")
        summary = Summary(documents=len(docs) + sum(1 for p in problems if p.document))
        summary.failed = summary.documents or 1
        reporter.note(summary.line())
        return summary
    remove_stale_temporaries(output)
    manifest, warning = load_manifest(output)
    if warning:
        reporter.note(warning)
    config = config_hash(rules_fingerprint=rules.fingerprint, fmt=options.fmt, url=options.url)
    if options.to == "jsonl":
        return _to_jsonl(docs, problems, output, manifest, config, rules, options, reporter)
    plan = plan_records(docs, problems, output, manifest, config, only)
    return _to_records(plan, output, manifest, config, rules, options, reporter)


def check_paths(
    paths: list[Path],
    output: Path,
    *,
    rules: Rules,
    options: Options | None = None,
    only: set[str] | None = None,
    out: TextIO | None = None,
) -> int:
    """List stale, missing and orphan records without writing anything; the number of them (plus inputs
    that cannot be cleaned) is what the caller turns into an exit status."""
    options = options or Options()
    out = out or sys.stdout
    docs, problems = discover(paths, output, to=options.to)
    manifest, warning = load_manifest(output)
    if warning:
        print(f"cleaner: {warning}", file=sys.stderr)
    config = config_hash(rules_fingerprint=rules.fingerprint, fmt=options.fmt, url=options.url)
    if options.to == "jsonl":
        plan = _plan_jsonl(docs, problems, output, manifest, config)
        target = output / JSONL_NAME
        rows = [(why, f"{target} line for {doc.source}") for doc, why in plan.todo]
        rows += [("orphan", f"{target} line for {source} (its input is gone)") for source in plan.orphans]
    else:
        plan = plan_records(docs, problems, output, manifest, config, only)
        rows = [(why, f"{output / doc.record} (from {doc.source})") for doc, why in plan.todo]
        rows += [("orphan", f"{output / record} (its input is gone)") for record in plan.orphans]
    for why, what in rows:
        print(f"{why}: {what}", file=out)
    for problem in plan.problems:
        print(f"cleaner: {problem.source}: {problem.message}", file=sys.stderr)
    failing = sum(1 for p in plan.problems if p.document)
    print(
        f"cleaner: {len(plan.docs) + failing} documents: {len(plan.current)} current, "
        f"{len(plan.todo)} stale or missing, {len(plan.orphans)} orphan, {failing} that cannot be cleaned",
        file=sys.stderr,
    )
    return len(rows) + failing


def _report_problems(problems: list[Problem], summary: Summary, reporter: Reporter) -> None:
    for problem in problems:
        reporter.error(problem.source, problem.message)
        if problem.document:
            summary.documents += 1
            summary.failed += 1


def _pool(options: Options, rules: Rules) -> WorkerPool:
    return WorkerPool(options.jobs or default_jobs(), rules, options.timeout)


def _to_records(
    plan: Plan, output: Path, manifest: Manifest, config: str, rules: Rules, options: Options, reporter: Reporter
) -> Summary:
    summary = Summary(documents=len(plan.docs), skipped=len(plan.current) + len(plan.untouched))
    _report_problems(plan.problems, summary, reporter)
    old = manifest.records
    # What the new manifest keeps without cleaning: current records, records outside the selection,
    # and orphans that stay. Cleaned records are added as they are written, failed ones are not.
    entries = {doc.record: old[doc.record] for doc in plan.current + plan.untouched if doc.record in old}
    summary.orphans = len(plan.orphans)
    for record in plan.orphans:
        if options.prune and _prunable(output, record):
            (output / record).unlink(missing_ok=True)
            summary.pruned += 1
            summary.changed = True
        elif record in old and not options.prune:
            entries[record] = old[record]
    new_manifest = Manifest(records=entries, jsonl_sha256=manifest.jsonl_sha256, lines=manifest.lines)

    if plan.todo:
        warm_up(rules)
        reporter.start(len(plan.todo))
        tasks = (
            Task(i, str(doc.path), doc.source, options.fmt, options.url, indent=1)
            for i, (doc, _why) in enumerate(plan.todo)
        )
        last_flush = time.monotonic()
        try:
            with _pool(options, rules) as pool:
                for outcome in pool.map(tasks):
                    doc = plan.todo[outcome.index][0]
                    entry = _write_record(outcome, doc, output, config, summary, reporter)
                    if entry:
                        entries[doc.record] = entry
                    reporter.advance()
                    if time.monotonic() - last_flush > MANIFEST_FLUSH_SECONDS:
                        _save_manifest(output, new_manifest)
                        last_flush = time.monotonic()
        except BaseException:
            _save_manifest(output, new_manifest)  # Ctrl-C: keep what was written, the next run goes on from it
            raise
        reporter.finish()
    if _save_manifest(output, new_manifest):
        summary.changed = True
    reporter.note(summary.line())
    return summary


def _write_record(
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


def _save_manifest(output: Path, manifest: Manifest) -> bool:
    """Write the manifest when its bytes change; True when it did. Streamed, entry by entry."""
    path = output / MANIFEST_NAME
    out = AtomicFile(path)
    digest = hashlib.sha256()
    try:
        for chunk in manifest.chunks():
            data = chunk.encode("ascii")
            digest.update(data)
            out.handle.write(data)
        try:
            same = sha256_file(path) == digest.hexdigest()
        except OSError:
            same = False
        if same:
            out.discard()
        else:
            out.commit()
    except BaseException:
        out.discard()
        raise
    return not same


def _plan_jsonl(docs: list[Doc], problems: list[Problem], output: Path, manifest: Manifest, config: str) -> Plan:
    plan = Plan([], problems)
    target = output / JSONL_NAME
    try:
        valid = manifest.jsonl_sha256 is not None and sha256_file(target) == manifest.jsonl_sha256
    except OSError:
        valid = False
    plan.jsonl_intact = valid
    old = {line.source: line for line in manifest.lines} if valid else {}
    for doc in docs:
        try:
            digest = sha256_file(doc.path)
        except OSError as exc:
            plan.problems.append(Problem(doc.source, f"cannot read: {exc.strerror or exc}"))
            continue
        plan.docs.append(doc)
        line = old.get(doc.source)
        if line is None:
            plan.todo.append((doc, "missing"))
        elif line.input != digest:
            plan.todo.append((doc, "stale (input changed)"))
        elif line.config != config:
            plan.todo.append((doc, "stale (cleaner, rules or options changed)"))
        else:
            plan.current.append(doc)
    sources = {doc.source for doc in docs}
    plan.orphans = [line.source for line in manifest.lines if line.source not in sources] if valid else []
    return plan


def _to_jsonl(
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
    plan = _plan_jsonl(docs, problems, output, manifest, config)
    summary = Summary(documents=len(plan.docs), skipped=len(plan.current))
    _report_problems(plan.problems, summary, reporter)
    current = {doc.source for doc in plan.current}
    todo_sources = {doc.source for doc, _ in plan.todo}
    planned = [doc.source for doc in plan.docs if doc.source in current or doc.source in todo_sources]
    old_lines = {line.source: line for line in manifest.lines}
    unchanged = not plan.todo and not plan.orphans and [line.source for line in manifest.lines] == planned
    if plan.jsonl_intact and unchanged:
        reporter.note(summary.line())
        return summary
    target = output / JSONL_NAME
    new_lines: list[Line] = []
    if plan.todo:
        warm_up(rules)
    reporter.start(len(plan.todo))
    out = AtomicFile(target)
    try:
        old_file = target.open("rb") if current else None
        tasks = (
            Task(i, str(doc.path), doc.source, options.fmt, options.url, indent=None)
            for i, (doc, _why) in enumerate(plan.todo)
        )
        with _pool(options, rules) as pool:
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
                out.handle.write(data)
        if old_file:
            old_file.close()
        out.commit()
    except BaseException:
        out.discard()
        raise
    reporter.finish()
    summary.changed = True
    _save_manifest(output, Manifest(records=manifest.records, jsonl_sha256=sha256_file(target), lines=new_lines))
    reporter.note(summary.line())
    return summary


def _to_stdout(docs: list[Doc], problems: list[Problem], rules: Rules, options: Options, reporter: Reporter) -> Summary:
    summary = Summary(documents=len(docs))
    _report_problems(problems, summary, reporter)
    if not docs:
        return summary
    warm_up(rules)
    indent = None if options.to == "jsonl" else 1
    tasks = (Task(i, str(doc.path), doc.source, options.fmt, options.url, indent) for i, doc in enumerate(docs))
    with _pool(options, rules) as pool:
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
