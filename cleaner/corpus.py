"""Corpus folders: find the inputs, clean each one, write each record atomically.

I/O lives here and in the CLI; everything it calls is pure.
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .pipeline import clean
from .rules import Rules

INPUT_SUFFIXES = (".html", ".htm", ".txt")


@dataclass
class Summary:
    documents: int = 0
    cleaned: int = 0
    failed: int = 0


def is_input(path: Path) -> bool:
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return name.endswith(INPUT_SUFFIXES)


def iter_inputs(path: Path) -> Iterator[Path]:
    """A file as given (whatever its name), or the input files below a folder in sorted order."""
    if not path.is_dir():
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            candidate = Path(root) / name
            if is_input(candidate):
                yield candidate


def read_input(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.name.lower().endswith(".gz") else raw


def record_name(relative: Path) -> Path:
    """'a/page.html.gz' -> 'a/page.json': the input's base name plus .json, in the same subfolder."""
    name = relative.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return relative.with_name(stem + ".json")


def write_atomic(target: Path, data: str) -> None:
    """Write to a temporary file beside the target, then rename: a reader never sees half a record."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clean_paths(
    paths: list[Path], output: Path | None, *, fmt: str, to: str, rules: Rules, url: str | None = None
) -> Summary:
    summary = Summary()
    jsonl_lines: list[str] = []
    for top in paths:
        base = top if top.is_dir() else top.parent
        for path in iter_inputs(top):
            summary.documents += 1
            source = str(path)
            try:
                record = clean(read_input(path), url=url, source=source, fmt=fmt, rules=rules)
            except Exception as exc:  # one bad document must not cost the others their output
                summary.failed += 1
                print(f"cleaner: {source}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            if record.reason and not record.body:
                print(f"cleaner: {source}: {record.reason}", file=sys.stderr)
            if record.unreadable:
                summary.failed += 1  # still written: the empty record says why, and the run goes on
            else:
                summary.cleaned += 1
            if to == "jsonl":
                jsonl_lines.append(record.to_json(indent=None))
            elif output is None:
                sys.stdout.write(record.to_json() + "\n")
            else:
                write_atomic(output / record_name(path.relative_to(base)), record.to_json() + "\n")
    if to == "jsonl":
        data = "".join(line + "\n" for line in jsonl_lines)
        if output is None:
            sys.stdout.write(data)
        else:
            write_atomic(output / "records.jsonl", data)
    return summary
