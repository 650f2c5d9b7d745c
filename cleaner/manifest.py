"""The manifest beside the records: what each record was made from, so a run can skip what is current.

`.cleaner-manifest.json` in the output folder maps every record to the content hash of its raw input and
to the configuration that cleaned it (cleaner version, a hash of the cleaner's own code, the rules
fingerprint, the input format). A record is current when all of these match and the record file still has
the bytes that were written. The file is written atomically with sorted keys and no timestamps, so the same
corpus gives the same bytes on every machine and every run.

    >>> m = Manifest()
    >>> m.records["a/page.json"] = Entry(source="raw/a/page.html", input="ab...", config="cd...", record="ef...")
    >>> Manifest.from_json(m.to_json()) == m
    True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__

MANIFEST_NAME = ".cleaner-manifest.json"
MANIFEST_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Entry:
    """One record of a folder of JSON records."""

    source: str  # the input path as written into the record's `source`
    input: str  # sha256 of the raw input bytes (as stored, .gz compressed or not)
    config: str  # config_hash() of the run that cleaned it
    record: str  # sha256 of the record file's bytes: a record edited or truncated by hand is stale


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a JSONL output file, in file order; offset and length let a rebuild copy it unchanged."""

    source: str
    input: str
    config: str
    offset: int
    length: int


@dataclass
class Manifest:
    records: dict[str, Entry] = field(default_factory=dict)  # record path (posix, relative) -> entry
    jsonl_sha256: str | None = None  # sha256 of records.jsonl as last written
    lines: list[Line] = field(default_factory=list)

    def to_json(self) -> str:
        return "".join(self.chunks())

    def chunks(self) -> Iterator[str]:
        """The manifest's JSON in pieces, one entry at a time: a corpus of 10 000 records is written
        without building it all in memory. Sorted keys, ASCII only (whatever the file names), one
        entry per line, so the same corpus gives the same bytes and a diff shows one line per record."""
        yield f'{{\n "cleaner": {json.dumps(__version__)},\n'
        if self.jsonl_sha256 is not None:
            yield ' "jsonl": {\n  "lines": ['
            for i, line in enumerate(self.lines):
                yield f"{',' if i else ''}\n   {_compact(asdict(line))}"
            yield "\n  ],\n" if self.lines else "],\n"
            yield f'  "sha256": {json.dumps(self.jsonl_sha256)}\n }},\n'
        yield f' "manifest": {MANIFEST_FORMAT},\n "records": {{'
        for i, key in enumerate(sorted(self.records)):
            yield f"{',' if i else ''}\n  {json.dumps(key)}: {_compact(asdict(self.records[key]))}"
        yield "\n }\n}\n" if self.records else "}\n}\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest; raises ValueError when it is not one (the caller then starts afresh)."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("manifest") != MANIFEST_FORMAT:
            raise ValueError("not a cleaner manifest of a known format")
        try:
            records = {key: Entry(**value) for key, value in data.get("records", {}).items()}
            jsonl = data.get("jsonl")
            lines = [Line(**line) for line in jsonl["lines"]] if jsonl else []
        except (TypeError, KeyError, AttributeError) as exc:
            raise ValueError(f"malformed manifest: {exc}") from exc
        return cls(records=records, jsonl_sha256=jsonl["sha256"] if jsonl else None, lines=lines)


def _compact(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(", ", ": "))


def load_manifest(folder: Path) -> tuple[Manifest, str | None]:
    """The manifest of an output folder, or an empty one plus a warning when it is missing or damaged."""
    path = folder / MANIFEST_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Manifest(), None
    except (OSError, UnicodeDecodeError) as exc:
        return Manifest(), f"{path}: cannot read the manifest ({exc}); every record is treated as stale"
    try:
        return Manifest.from_json(text), None
    except ValueError as exc:
        return Manifest(), f"{path}: {exc}; every record is treated as stale"


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def code_fingerprint() -> str:
    """sha256 of the cleaner package's own source: a record made by other code is stale even when the
    version number did not change (an editable install, a development branch)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def config_hash(*, rules_fingerprint: str, fmt: str, url: str | None) -> str:
    """What, besides the input bytes, decides a record's bytes."""
    parts = [__version__, code_fingerprint(), rules_fingerprint, fmt, url]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]
