"""What a corpus run tells its user: errors with file names, a progress bar on a terminal, a summary."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO


@dataclass
class Summary:
    documents: int = 0
    cleaned: int = 0
    skipped: int = 0
    failed: int = 0
    empty: int = 0  # cleaned into an empty record with a reason (binary, empty, only boilerplate)
    orphans: int = 0
    pruned: int = 0
    changed: bool = False  # something in the output folder was written or removed
    errors: int = 0  # failures that belong to no one document (the manifest could not be written)

    def line(self) -> str:
        text = (
            f"{self.documents} document{'s' * (self.documents != 1)}: "
            f"{self.cleaned} cleaned, {self.skipped} skipped, {self.failed} failed"
        )
        if self.empty:
            text += f" ({self.empty} empty record{'s' * (self.empty != 1)})"
        if self.pruned:
            text += f"; {self.pruned} orphan record{'s' * (self.pruned != 1)} removed"
        elif self.orphans:
            text += f"; {self.orphans} orphan record{'s' * (self.orphans != 1)} (--prune removes them)"
        if self.errors:
            text += f"; {self.errors} other error{'s' * (self.errors != 1)}"
        return text

    @property
    def ok(self) -> bool:
        """Nothing failed: the exit status 0."""
        return not (self.failed or self.errors)


class Reporter:
    """Errors with their file names, a progress bar when stderr is a terminal, the summary at the end."""

    def __init__(self, stream: TextIO | None = None, progress: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.progress = self.stream.isatty() if progress is None else progress
        self.total = self.done = 0
        self._last_draw = 0.0
        self._drawn = False

    def error(self, source: str, message: str) -> None:
        self._clear()
        print(f"cleaner: {source}: {message}", file=self.stream)
        self._draw(force=True)

    def note(self, message: str) -> None:
        self._clear()
        print(f"cleaner: {message}", file=self.stream)

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._draw(force=True)

    def advance(self) -> None:
        self.done += 1
        self._draw(force=self.done == self.total)

    def finish(self) -> None:
        self._clear()

    def _draw(self, *, force: bool = False) -> None:
        if not self.progress or not self.total:
            return
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw, width = now, 30
        filled = width * self.done // self.total
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\rcleaner: [{bar}] {self.done}/{self.total}")
        self.stream.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\033[K")
            self._drawn = False
