"""The command line's shard part: `cleaner crawl.warc.gz -o out`, one output shard per input shard.

Checks the options that apply to shards (no --check, --prune, --explain or --url; --to jsonl, jsonl.gz or
parquet) and runs cleaner/corpus/shards.py. The page part of the command stays in cli.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cleaner.corpus.workers import DEFAULT_TIMEOUT
from cleaner.ruleset.load import Rules

EXIT_OK, EXIT_FAILED = 0, 1


def shard_usage_problem(args: argparse.Namespace, loose_too: bool) -> str | None:
    if args.check or args.prune or args.explain:
        return "--check, --prune and --explain work on pages, not on shards (.warc, .jsonl...)"
    if args.url:
        return "--url names one page; a shard's records take their URLs from the shard"
    if args.to == "markdown" or args.links:
        return "--to markdown and --links write one .md per page; shards take --to jsonl, jsonl.gz or parquet"
    if args.to == "json" or (loose_too and args.to in ("jsonl.gz", "parquet")):
        return "pages and shards together take --to jsonl (or no --to); shards alone take jsonl, jsonl.gz or parquet"
    if args.to == "parquet" and args.output is None:
        return "--to parquet needs an output folder (-o DIR)"
    if args.to == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            return "--to parquet needs pyarrow: pip install 'scrape-cleaner[parquet]'"
    if not _warc_reader_installed(args.paths):
        return "WARC shards need warcio: pip install 'scrape-cleaner[warc]'"
    return None


def _warc_reader_installed(paths: list[str]) -> bool:
    from cleaner.shards import WARC_SUFFIXES

    if not any(p.lower().endswith(WARC_SUFFIXES) or Path(p).is_dir() for p in paths):
        return True
    try:
        import warcio  # noqa: F401
    except ImportError:
        return False
    return True


def clean_shards(paths: list[Path], args: argparse.Namespace, rules: Rules) -> int:
    from cleaner.corpus.shards import DEFAULT_OUTPUT, ShardOptions, find_shards, run_shards

    to = DEFAULT_OUTPUT if args.to is None else args.to
    options = ShardOptions(
        to=to,
        fmt=None if args.fmt == "auto" else args.fmt,
        jobs=args.jobs or 0,
        timeout=args.timeout or DEFAULT_TIMEOUT,
        content_fields=tuple(args.fields) if args.fields else None,
        url_fields=tuple(args.url_fields) if args.url_fields else None,
    )
    shards = find_shards(paths, args.output, to)
    summary = run_shards(shards, args.output, rules=rules, options=options)
    print(f"cleaner: {summary.line()}", file=sys.stderr)
    return EXIT_FAILED if summary.any_failed else EXIT_OK
