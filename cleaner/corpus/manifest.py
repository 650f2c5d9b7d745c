"""The manifest beside the records: what each record was made from, so a run can skip what is current.

`.cleaner-manifest.json` in the output folder maps every record to the content hash of its raw input and
to the configuration that cleaned it (cleaner version, a hash of the cleaner's own code, the rules
fingerprint, the input format). A record is current when all of these match and the record file still has
the bytes that were written. The file is written atomically with sorted keys and no timestamps, so the same
corpus gives the same bytes on every machine and every run.

    >>> m = Manifest(options=RunOptions(fmt="text", rules="my_rules"))
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

from cleaner import __version__
from cleaner.corpus.options import RunOptions

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
    options: RunOptions | None = None  # --from and --rules of the run that wrote the folder (options.py)

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
        yield f' "manifest": {MANIFEST_FORMAT},\n'
        if self.options is not None:
            yield f' "options": {_compact(self.options.to_dict())},\n'
        yield ' "records": {'
        for i, key in enumerate(sorted(self.records)):
            yield f"{',' if i else ''}\n  {json.dumps(key)}: {_compact(asdict(self.records[key]))}"
        yield "\n }\n}\n" if self.records else "}\n}\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest; raises ValueError when it is not one (the caller then rebuilds it from the records).

        A manifest is input like any other: it may be truncated, hand-edited or planted in a pull request.
        Every field is checked for its type, and every record path must name a `.json` file inside the
        output folder, since `--prune` and the hook delete the orphans it lists.

        >>> Manifest.from_json('{"manifest": 1, "records": {"../README.json": {}}}')
        Traceback (most recent call last):
        ValueError: malformed manifest: record path '../README.json' is not a .json or .md file inside the output folder
        """
        try:
            data = json.loads(text)
        except RecursionError as exc:  # json nested thousands deep
            raise ValueError("not a cleaner manifest: nested too deep") from exc
        if not isinstance(data, dict) or type(data.get("manifest")) is not int or data["manifest"] != MANIFEST_FORMAT:
            raise ValueError("not a cleaner manifest of a known format")
        try:
            records = data.get("records", {})
            _expect(isinstance(records, dict), "records is not an object")
            entries = {}
            for key, value in records.items():
                where = f"record path {key!r} is not a .json or .md file inside the output folder"
                _expect(is_safe_record_path(key), where)
                entries[key] = Entry(**_fields(value, Entry.__slots__, str))
            jsonl = data.get("jsonl")
            lines: list[Line] = []
            sha = None
            if jsonl is not None:
                _expect(isinstance(jsonl, dict) and isinstance(jsonl.get("lines"), list), "jsonl is not an object")
                sha = jsonl.get("sha256")
                _expect(isinstance(sha, str), "jsonl.sha256 is not a string")
                end = 0
                for line in jsonl["lines"]:
                    values = _fields(line, Line.__slots__, (str, str, str, int, int))
                    # The lines tile the file in order: a rebuild copies them by offset.
                    _expect(values["offset"] == end and values["length"] > 0, "jsonl lines do not tile the file")
                    end += values["length"]
                    lines.append(Line(**values))
            options = data.get("options")
            if options is not None:
                try:
                    options = RunOptions.from_dict(options)
                except ValueError as exc:
                    raise ValueError(f"malformed manifest: {exc}") from exc
        except (TypeError, KeyError, AttributeError) as exc:
            raise ValueError(f"malformed manifest: {exc}") from exc
        return cls(records=entries, jsonl_sha256=sha, lines=lines, options=options)


def is_safe_record_path(key: object) -> bool:
    """True for a relative posix path to a `.json` (or, with --to markdown, `.md`) file with no `..`, `.`,
    empty or hidden-drive parts.

    >>> [is_safe_record_path(p) for p in ("a/b.json", "../b.json", "/etc/b.json", "a//b.json", "a.txt")]
    [True, False, False, False, False]
    """
    if not isinstance(key, str) or not key.endswith((".json", ".md")) or key == MANIFEST_NAME:
        return False
    if "\\" in key or "\0" in key or ":" in key.split("/", 1)[0]:
        return False  # a Windows separator or drive, or a name no file system takes
    return all(part not in ("", ".", "..") for part in key.split("/"))


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"malformed manifest: {message}")


def _fields(value: object, names: tuple[str, ...], types: type | tuple[type, ...]) -> dict[str, Any]:
    """The named fields of one manifest entry, each of its type (bool is not an int here)."""
    if not isinstance(value, dict) or set(value) != set(names):
        raise ValueError(f"malformed manifest: an entry is not an object with the fields {', '.join(names)}")
    kinds = types if isinstance(types, tuple) else (types,) * len(names)
    for name, kind in zip(names, kinds, strict=True):
        _expect(type(value[name]) is kind, f"{name} of an entry is not a {kind.__name__}")
    return value


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
        return Manifest(), f"{path}: cannot read the manifest ({exc}); it is rebuilt from the records"
    try:
        return Manifest.from_json(text), None
    except ValueError as exc:
        return Manifest(), f"{path}: {exc}; it is rebuilt from the records"


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def code_fingerprint() -> str:
    """sha256 of the cleaner package's own source: a record made by other code is stale even when the
    version number did not change (an editable install, a development branch)."""
    package = Path(__file__).resolve().parent.parent  # the cleaner package, subpackages included
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def config_hash(*, rules_fingerprint: str, fmt: str, url: str | None, output: str = "") -> str:
    """What, besides the input bytes, decides a record's bytes (`output`: "markdown" when records are Markdown)."""
    parts = [__version__, code_fingerprint(), rules_fingerprint, fmt, url] + ([output] if output else [])
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]
