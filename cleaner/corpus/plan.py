"""What a run must do: which records are current, stale, missing or orphan, judged by the manifest.

A record is current when its input's hash, the configuration and the record's own bytes match the
manifest's entry. Orphans are records whose input is gone; only a file inside the output folder that
holds a record may ever be pruned, whatever the manifest says. It writes nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.corpus.discover import Doc, Problem
from cleaner.corpus.manifest import MANIFEST_NAME, Entry, Manifest, sha256_file
from cleaner.corpus.workers import DEFAULT_TIMEOUT

JSONL_NAME = "records.jsonl"


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
    rules: str | None = None  # the --rules folder as given (None: built-in rules), remembered in the manifest
    to: str = "json"
    url: str | None = None
    jobs: int = 0  # 0: all cores
    timeout: float = DEFAULT_TIMEOUT
    prune: bool = False
    progress: bool | None = None  # None: when stderr is a terminal
    links: bool = False  # --to markdown: keep the body's links


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
            # Outside the selection the input is taken as unchanged (pre-commit passes what changed), but a
            # missing record, or one made by another cleaner, rules or options, is still due.
            plan.docs.append(doc)
            why = unselected_staleness(manifest.records.get(doc.record), output / doc.record, config)
            if why:
                plan.todo.append((doc, why))
            else:
                plan.untouched.append(doc)
            continue
        try:
            digest = sha256_file(doc.path)
        except OSError as exc:
            plan.problems.append(Problem(doc.source, f"cannot read: {exc.strerror or exc}", record=doc.record))
            continue
        plan.docs.append(doc)
        why = staleness(manifest.records.get(doc.record), output / doc.record, doc, digest, config)
        if why:
            plan.todo.append((doc, why))
        else:
            plan.current.append(doc)
    claimed = {doc.record for doc in docs} | {p.record for p in problems if p.record}
    plan.orphans = [record for record in record_files(output, manifest) if record not in claimed]
    return plan


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def unselected_staleness(entry: Entry | None, target: Path, config: str) -> str | None:
    """Why the record of an input taken as unchanged is not current, without reading the input."""
    if not target.is_file():
        return "missing"
    if entry is None:
        return "stale (not in the manifest)"
    if entry.config != config:
        return "stale (cleaner, rules or options changed)"
    return None


def staleness(entry: Entry | None, target: Path, doc: Doc, digest: str, config: str) -> str | None:
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


def record_files(output: Path, manifest: Manifest) -> list[str]:
    """Records in the output folder: those in the manifest that exist, and *.json files that hold a
    record (a manifest lost or deleted does not hide them). Other files are never records."""
    found = {record for record in manifest.records if inside(output, record) and (output / record).is_file()}
    if output.is_dir():
        for root, dirs, files in os.walk(output):
            dirs.sort()
            for name in sorted(files):
                path = Path(root) / name
                record = path.relative_to(output).as_posix()
                if name.endswith(".json") and record != MANIFEST_NAME and record not in found and is_record(path):
                    found.add(record)
    return sorted(found)


def inside(output: Path, record: str) -> bool:
    """The record path, with every link resolved, is still below the output folder: a manifest entry or a
    linked subfolder never leads `--prune` to a file elsewhere."""
    top = os.path.realpath(output)
    folder = os.path.realpath(os.path.dirname(os.path.join(top, record)))
    return folder == top or folder.startswith(top + os.sep)


def prunable(output: Path, record: str) -> bool:
    """An orphan may be removed only when it is a record file inside the output folder, whatever the
    manifest says: the manifest is input too, and a hostile one must not name other files."""
    path = output / record
    return inside(output, record) and not path.is_symlink() and path.is_file() and is_record(path)


def is_record(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            data = json.loads(handle.read(64 * 1024 * 1024))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"schema_version", "id", "body", "removed"} <= data.keys()


def plan_jsonl(docs: list[Doc], problems: list[Problem], output: Path, manifest: Manifest, config: str) -> Plan:
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
