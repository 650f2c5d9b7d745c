"""The rules files of a folder: which *.toml files it holds, and a stamp of each that shows a change.

    >>> stamp(Path("no/such/file.toml"))
    (-1, -1, -1)

Anything else named *.toml (a folder, a dangling or looping link, a pipe) and a looping folder link are a
RuleError: a rules file that cannot be read must not be skipped in silence, and a pipe must not hang the load.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cleaner.errors import RuleError


def stamp(path: Path) -> tuple[int, int, int]:
    """(mtime in ns, size, inode): a file edited, replaced or rewritten in place has another stamp."""
    try:
        info = path.stat()
    except OSError:
        return (-1, -1, -1)  # read and reported by _read_folder
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def toml_files(folder: Path) -> list[Path]:
    """The *.toml files below `folder`, in sorted order, links to folders followed unless they loop.

    Anything else named *.toml (a folder, a dangling or looping link, a pipe) is a RuleError: a rules file
    that cannot be read must not be skipped in silence, and a pipe must not hang the load.
    """
    found: list[Path] = []
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(folder, frozenset())]
    while stack:
        current, above = stack.pop()
        try:
            info = current.stat()
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            raise RuleError(f"{current}: cannot read the rules folder: {exc.strerror or exc}") from exc
        key = (info.st_dev, info.st_ino)
        if key in above:
            raise RuleError(f"{current}: symbolic link loop in the rules folder")
        subfolders = []
        for entry in entries:
            path = current / entry.name
            is_toml = entry.name.endswith(".toml")
            try:
                mode = path.stat().st_mode  # follows links
            except OSError as exc:
                if is_toml:
                    raise RuleError(
                        f"{path}: cannot read: {exc.strerror or exc} (a dangling or looping link?)"
                    ) from exc
                continue
            if stat.S_ISDIR(mode):
                if is_toml:
                    raise RuleError(f"{path}: is a folder, not a rules file")
                subfolders.append(path)
            elif is_toml:
                if not stat.S_ISREG(mode):
                    raise RuleError(f"{path}: not a regular file")
                found.append(path)
        stack.extend((sub, above | {key}) for sub in reversed(subfolders))
    return sorted(found)
