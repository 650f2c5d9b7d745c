"""The pre-commit hook: keep a folder of records in step with its raw folder.

    cleaner-hook fix   --raw corpus_raw --out corpus_clean [FILE...]
    cleaner-hook check --raw corpus_raw --out corpus_clean [FILE...]

pre-commit passes the changed files; those under --raw are cleaned (fix) or checked (check). Without files,
the whole raw folder is. Both also look for orphan records, whose input was deleted: fix removes them,
check lists them.

`fix` exits 1 when it wrote, changed or removed anything: pre-commit only notices changes to files it
already tracks, and new records are new files, so the commit must stop for them to be added.
`check` writes nothing and exits 1 when any record is stale, missing or orphan.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner.cli import positive_float, positive_int, recall_folder_options
from cleaner.corpus.discover import is_input
from cleaner.corpus.options import OptionsError
from cleaner.corpus.plan import Options
from cleaner.corpus.run import check_paths, clean_paths
from cleaner.corpus.workers import DEFAULT_TIMEOUT
from cleaner.errors import RuleError
from cleaner.ruleset.load import load_rules


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner-hook", description="pre-commit hook: regenerate (fix) or verify (check) cleaned records."
    )
    parser.add_argument("mode", choices=["fix", "check"])
    parser.add_argument("files", nargs="*", type=Path, help="changed files (pre-commit passes them)")
    parser.add_argument("--raw", type=Path, required=True, metavar="DIR", help="the folder of raw inputs")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="the folder of records")
    # Without --rules and --from, the hook judges with those the --out folder was cleaned with (its manifest
    # remembers them), so a folder made with `cleaner ... --rules my_rules` needs no args of its own here.
    parser.add_argument(
        "--rules", type=Path, metavar="DIR", help="folder of *.toml rules (default: the one --out was cleaned with)"
    )
    parser.add_argument(
        "--from",
        dest="fmt",
        choices=["auto", "html", "text"],
        default=None,
        help="input format (default: the one --out was cleaned with, else auto)",
    )
    parser.add_argument(
        "-j", "--jobs", type=positive_int, default=0, metavar="N", help="worker processes (default: all cores)"
    )
    parser.add_argument("--timeout", type=positive_float, default=DEFAULT_TIMEOUT, metavar="SECONDS")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_intermixed_args(argv)  # pre-commit puts the files after the args
    if not args.raw.is_dir():
        print(f"cleaner-hook: --raw {args.raw}: no such folder", file=sys.stderr)
        return 2
    args.output = args.out
    try:
        recall_folder_options(args, "cleaner-hook")
    except OptionsError as exc:
        print(f"cleaner-hook: {args.out} {exc}", file=sys.stderr)
        return 2
    try:
        rules = load_rules(args.rules) if args.rules else load_rules()
    except RuleError as exc:
        print(f"cleaner-hook: bad rules: {exc}", file=sys.stderr)
        return 2
    only = _selection(args.raw, args.files) if args.files else None
    options = Options(
        fmt=args.fmt,
        rules=str(args.rules) if args.rules else None,
        jobs=args.jobs,
        timeout=args.timeout,
        prune=args.mode == "fix",
    )
    if args.mode == "check":
        if check_paths([args.raw], args.out, rules=rules, options=options, only=only, out=sys.stderr):
            print(
                f"cleaner-hook: {args.out} is not up to date; run: cleaner {args.raw} -o {args.out} --prune",
                file=sys.stderr,
            )
            return 1
        return 0
    summary = clean_paths([args.raw], args.out, rules=rules, options=options, only=only)
    if summary.changed:
        print(
            f"cleaner-hook: records in {args.out} were written or removed; add them (git add {args.out})",
            file=sys.stderr,
        )
    return 1 if summary.changed or not summary.ok else 0


def _selection(raw: Path, files: list[Path]) -> set[str]:
    """The passed files that are inputs under the raw folder, as absolute paths."""
    top = os.path.abspath(raw) + os.sep
    chosen = set()
    for file in files:
        path = os.path.normcase(os.path.abspath(file))
        if path.startswith(os.path.normcase(top)) and is_input(Path(path)):
            chosen.add(path)
    return chosen


if __name__ == "__main__":
    sys.exit(main())
