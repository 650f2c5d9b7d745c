"""What a shard run remembers: `.cleaner-shards.json` in the output folder, one entry per output shard.

    >>> is_current(None, Path("out/a.jsonl.gz"), "ab12", "cd34")
    False

An entry holds the sha256 of the input shard, of the configuration and of the output as written, and the
number of records; a shard whose three are unchanged is current and skipped. The file has sorted keys and
no timestamps, so it is the same bytes from run to run, and it is written whole or not at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cleaner.corpus.atomic import write_atomic
from cleaner.corpus.manifest import sha256_file
from cleaner.corpus.report import Reporter

SHARD_MANIFEST = ".cleaner-shards.json"


def load_manifest(output: Path, reporter: Reporter) -> dict[str, Any]:
    path = output / SHARD_MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        shards = data["shards"]
        if not isinstance(shards, dict) or not all(isinstance(v, dict) for v in shards.values()):
            raise ValueError("not a table of shards")
        return shards
    except (OSError, ValueError, KeyError, TypeError) as exc:
        reporter.note(f"{path}: unreadable ({exc}); every shard is cleaned again")
        return {}


def save_manifest(output: Path, manifest: dict[str, Any], reporter: Reporter) -> None:
    text = json.dumps({"version": 1, "shards": manifest}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        write_atomic(output / SHARD_MANIFEST, text)
    except OSError as exc:
        reporter.note(f"{output / SHARD_MANIFEST}: cannot write ({exc.strerror or exc}); the next run redoes them")


def is_current(entry: dict[str, Any] | None, target: Path, digest: str, config: str) -> bool:
    if not entry or entry.get("input_sha256") != digest or entry.get("config") != config:
        return False
    try:
        return target.is_file() and sha256_file(target) == entry.get("output_sha256")
    except OSError:
        return False
