"""Which files are documents, and which record each one makes.

    >>> record_name(Path("a/page.html.gz"))
    PosixPath('a/page.json')

A file given by name is read whatever it is called; below a folder, `.html`, `.htm`, `.txt` and their
`.gz` are, in sorted order, links to folders followed unless they loop. Inputs that cannot be read, or
whose records would clash or land outside the output folder, become Problems, reported later. It reads
no document's content and writes nothing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cleaner.corpus.manifest import MANIFEST_NAME

INPUT_SUFFIXES = (".html", ".htm", ".txt")


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


def is_input(path: Path) -> bool:
    """An input by its extension, in any case: pre-commit's NEW.TXT is as much an input as new.txt.

    >>> [is_input(Path(n)) for n in ("a.txt", "NEW.TXT", "Page.Html.GZ", "a.json", "txt")]
    [True, True, True, False, False]
    """
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return name.endswith(INPUT_SUFFIXES)


def record_name(relative: Path, suffix: str = ".json") -> Path:
    """'a/page.html.gz' -> 'a/page.json': the input's base name plus .json (.md for Markdown), in the same
    subfolder."""
    name = relative.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return relative.with_name(stem + suffix)


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
                # a folder of documents that cannot be read: a failure, not a detail (exit status 1)
                problems.append(Problem(_printable(str(folder)), f"cannot read the folder: {exc.strerror or exc}"))
            continue
        key = (info.st_dev, info.st_ino)
        if key in above:
            if problems is not None:
                # counted as failed, as the README says: the link is broken as a path to documents
                problems.append(
                    Problem(_printable(str(folder)), "symbolic link loop (leads back to a folder above); skipped")
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
            record = record_name(path.relative_to(base), ".md" if to == "markdown" else ".json").as_posix()
            problem = _input_problem(path, source)
            if problem is None and out_real is not None and to != "jsonl":
                problem = _output_problem(out_real, record)
            if problem:
                problems.append(Problem(_printable(source), problem, record=record))
            else:
                found.append(Doc(source, record))
    if output is None or to == "jsonl":
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
