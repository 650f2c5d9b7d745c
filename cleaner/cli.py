"""Command line: clean files, folders or stdin into JSON records.

Exit status: 0 all went well, 1 some document failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner import __version__
from cleaner.corpus.plan import Options
from cleaner.corpus.run import check_paths, clean_paths
from cleaner.corpus.workers import DEFAULT_TIMEOUT, default_jobs
from cleaner.errors import RuleError
from cleaner.explanation import explain_page, format_explanation
from cleaner.pipeline import clean
from cleaner.ruleset.load import Rules, load_rules

EPILOG = """\
examples:
  cleaner corpus_raw -o corpus_clean        clean a folder, one JSON record per page
  cleaner page.html                         print the record of one page
  curl -s https://example.com/a | cleaner - --url https://example.com/a
  cleaner dump.txt --from text --to jsonl   force the text reader, one line per record
  cleaner page.html --explain               show every block with its label and the rule behind it,
                                            and where each field came from
  cleaner corpus_raw -o md --to markdown    one Markdown file per page (--links keeps the links)
  cleaner corpus_raw -o out --rules my_rules/   extend or override the built-in rules
  cleaner corpus_raw -o corpus_clean --jobs 2   clean with two worker processes
  cleaner corpus_raw -o corpus_clean --check    list stale, missing and orphan records; write nothing
  cleaner corpus_raw -o corpus_clean --prune    also remove records whose input is gone

A folder run is incremental: records whose input, cleaner version and rules are unchanged are skipped
(see .cleaner-manifest.json in the output folder). A progress bar shows on a terminal; a summary and every
error, with its file name, go to stderr.
"""

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleaner",
        description="Turn scraped web pages (HTML or plain-text dumps) into clean, normalised JSON records.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to clean; - reads stdin")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="write records into DIR (mirroring folders); without it records go to stdout",
    )
    parser.add_argument(
        "--from",
        dest="fmt",
        choices=["auto", "html", "text"],
        default="auto",
        help="input format (default: auto, sniffed per document)",
    )
    parser.add_argument(
        "--to",
        dest="to",
        choices=["json", "jsonl", "markdown"],
        default="json",
        help="json: one file per record (default); jsonl: one line per record; markdown: one .md per page "
        "(YAML front matter with the record's fields, then the body with its headings, lists and tables)",
    )
    parser.add_argument("--links", action="store_true", help="with --to markdown: keep the body's links")
    parser.add_argument("--rules", type=Path, metavar="DIR", help="folder of *.toml rules extending the built-in ones")
    parser.add_argument("--url", help="the page's URL (stdin or a single file)")
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=0,
        metavar="N",
        help=f"worker processes (default: all cores, here {default_jobs()})",
    )
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per document; a document past it is reported as failed (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="with -o: write nothing, list stale, missing and orphan records, exit 1 if there are any",
    )
    parser.add_argument(
        "--prune", action="store_true", help="with -o: remove orphan records (records whose input is gone)"
    )
    parser.add_argument("--explain", action="store_true", help="print each block's label and rule instead of records")
    parser.add_argument("--version", action="version", version=version_text())
    return parser


def version_text() -> str:
    """'cleaner 0.1.0 (C modules: _forest)': the compiled fast paths say how fast text mode will run."""
    from cleaner.speedups import compiled

    return f"cleaner {__version__} (C modules: {', '.join(compiled()) or 'none, pure Python'})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        rules = load_rules(args.rules) if args.rules else load_rules()
    except RuleError as exc:
        print(f"cleaner: bad rules: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if "-" in args.paths:
        if len(args.paths) > 1:
            parser.error("'-' (stdin) cannot be combined with other paths")
        return _stdin(args, rules)
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for path in missing:
            print(f"cleaner: {path}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    if args.explain:
        return _explain_files([Path(p) for p in args.paths], args, rules)
    if (args.check or args.prune) and args.output is None:
        parser.error("--check and --prune need an output folder (-o DIR)")
    if args.check and args.prune:
        parser.error("--check writes nothing, so it cannot be combined with --prune")
    if args.output is not None and args.output.exists() and not args.output.is_dir():
        parser.error(f"-o {args.output}: not a folder")
    paths = [Path(p) for p in args.paths]
    if args.links and args.to != "markdown":
        parser.error("--links is for --to markdown")
    options = Options(
        fmt=args.fmt, to=args.to, url=args.url, jobs=args.jobs, timeout=args.timeout, prune=args.prune, links=args.links
    )
    if args.check:
        return EXIT_FAILED if check_paths(paths, args.output, rules=rules, options=options) else EXIT_OK
    summary = clean_paths(paths, args.output, rules=rules, options=options)
    return EXIT_FAILED if summary.failed else EXIT_OK


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _stdin(args: argparse.Namespace, rules: Rules) -> int:
    raw = sys.stdin.buffer.read()
    if args.explain:
        print("\n".join(format_explanation(explain_page(raw, url=args.url, fmt=args.fmt, rules=rules))))
        return EXIT_OK
    record = clean(raw, url=args.url, source="-", fmt=args.fmt, rules=rules)
    if args.to == "markdown":
        sys.stdout.write(record.to_markdown(front_matter=True, links=args.links) + "\n")
    else:
        sys.stdout.write(record.to_json(indent=None if args.to == "jsonl" else 1) + "\n")
    if record.reason:
        print(f"cleaner: -: {record.reason}", file=sys.stderr)
    return EXIT_FAILED if record.unreadable else EXIT_OK


def _explain_files(paths: list[Path], args: argparse.Namespace, rules: Rules) -> int:
    from cleaner.corpus.discover import iter_inputs

    for path in paths:
        for item in iter_inputs(path):
            print(f"== {item}")
            # explain() decodes gzip itself, as clean() does
            page = explain_page(item.read_bytes(), url=args.url, fmt=args.fmt, rules=rules)
            print("\n".join(format_explanation(page)))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
