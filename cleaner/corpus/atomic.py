"""Files written whole or not at all: a temporary file beside the target, then a rename.

    >>> write_atomic(Path("out/a.json"), b'{"id": "..."}')        # doctest: +SKIP

A run killed at any moment leaves the old file or the new one, never half of one; the temporary files a
killed run leaves behind carry TMP_PREFIX, and remove_stale_temporaries() removes them and nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

# Temporary files start with this; a run removes the ones a killed run left behind, and nothing else.
TMP_PREFIX = ".cleaner-tmp-"
TMP_SUFFIX = ".tmp"
# Characters of the target's name kept in a temporary file's name: a record named with 250 bytes must not
# make a temporary name past the file system's 255.
TMP_NAME_PART = 60


_UMASK: int | None = None


def _file_mode() -> int:
    # mkstemp makes 0600 files; records should get the mode any other new file gets (0644 usually).
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


def write_atomic(target: Path, data: bytes | str) -> None:
    """Write to a temporary file beside the target, then rename: a reader never sees half a record.

    No fsync: the rename protects against a killed run, which is the failure this is for; a power cut
    may still lose the newest records, and the manifest then shows them stale.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_tmp_prefix(target), suffix=TMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class AtomicFile:
    """A file streamed to a temporary name and renamed into place on success (the JSONL output)."""

    def __init__(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=_tmp_prefix(target), suffix=TMP_SUFFIX, dir=target.parent)
        self.target = target
        self.handle: BinaryIO = os.fdopen(fd, "wb")
        self.digest = hashlib.sha256()  # of what was written: the file's hash without reading it back

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.handle.write(data)

    def commit(self) -> None:
        self.handle.close()
        os.chmod(self.tmp, _file_mode())
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        """Remove the temporary file; never raises (it runs while another error is on its way)."""
        with contextlib.suppress(OSError):
            self.handle.close()  # a full disk fails the flush of the last buffer
        with contextlib.suppress(OSError):
            Path(self.tmp).unlink(missing_ok=True)


def _tmp_prefix(target: Path) -> str:
    return TMP_PREFIX + target.name[:TMP_NAME_PART] + "."


@contextlib.contextmanager
def folder_lock(folder: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `folder` while a run writes into it; a second run waits for the first.

    Two runs writing one folder at once would remove each other's temporary files and interleave their
    manifests. The lock is flock() on the folder itself (no lock file to leave behind, released when the
    process dies, however it dies); where there is no flock (Windows), runs are not serialised.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # the folder cannot be opened: the writes report why, one by one
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: go on unlocked
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_stale_temporaries(output: Path) -> None:
    """Temporary files a killed run left behind: ours by name, and only ours."""
    if not output.is_dir():
        return
    for root, _dirs, files in os.walk(output):
        for name in files:
            if name.startswith(TMP_PREFIX) and name.endswith(TMP_SUFFIX):
                with contextlib.suppress(OSError):  # a read-only folder: nothing of ours can be in it
                    (Path(root) / name).unlink(missing_ok=True)
