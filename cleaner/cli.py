"""Command line: clean files, folders or stdin into JSON records.

Exit status: 0 all went well, 1 some document failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner import __version__
from cleaner.cli_shards import clean_shards, shard_usage_problem
from cleaner.corpus.options import OptionsError
from cleaner.corpus.plan import Options
from cleaner.corpus.run import check_paths, clean_paths, recall_options
from cleaner.corpus.shards import split_inputs
from cleaner.corpus.workers import DEFAULT_TIMEOUT, default_jobs
from cleaner.errors import InputError, RuleError
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
  cleaner crawl.warc.gz -o out                  a WARC (or WET, or .jsonl) shard: out/crawl.jsonl.gz
  cleaner crawl/ -o out --to parquet --jobs 8   every shard below crawl/, one output shard each
  cleaner items.jsonl --field page --url-field link   name the JSON fields that hold the page and URL

Output: one document on stdout is one indented JSON record (--to jsonl: one line); several documents (a
folder, or several files) on stdout are JSON lines, one record per line, so the output is one valid
document either way. With -o, one JSON file per record, or one records.jsonl with --to jsonl.

Exit status: 0 all went well, 1 some document failed, 2 usage error, 130 interrupted (Ctrl-C).

A folder run is incremental: records whose input, cleaner version and rules are unchanged are skipped
(see .cleaner-manifest.json in the output folder), and so are output shards whose input shard is unchanged
(.cleaner-shards.json). A progress bar shows on a terminal; a summary and every error, with its file name
(and for shards the byte offset or line), go to stderr.
"""

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of stdout went away


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
        default=None,
        help="input format (default: auto, sniffed per document; with -o, the one the folder was cleaned with)",
    )
    parser.add_argument(
        "--to",
        dest="to",
        choices=["json", "jsonl", "markdown", "jsonl.gz", "parquet"],
        default=None,
        help="json: one file per record, or one indented record on stdout (default); jsonl: one line per "
        "record (with -o, one records.jsonl); markdown: one .md per page (YAML front matter with the record's "
        "fields, then the body with its headings, lists and tables). Several documents on stdout are always "
        "JSON lines. Shards "
        "(.warc, .warc.gz, .warc.wet.gz, .jsonl, .jsonl.gz) give one output shard each: jsonl, jsonl.gz "
        "(default) or parquet",
    )
    parser.add_argument("--links", action="store_true", help="with --to markdown: keep the body's links")
    parser.add_argument(
        "--field",
        dest="fields",
        action="append",
        metavar="NAME",
        help="JSON-lines shards: the field holding the page, repeatable, first present wins "
        "(default: html, raw_html, content, text, body)",
    )
    parser.add_argument(
        "--url-field",
        dest="url_fields",
        action="append",
        metavar="NAME",
        help="JSON-lines shards: the field holding the URL, repeatable (default: url, uri, link, target_uri)",
    )
    parser.add_argument(
        "--rules",
        type=Path,
        metavar="DIR",
        help="folder of *.toml rules extending the built-in ones (with -o: default, the folder's own)",
    )
    parser.add_argument("--url", help="the page's URL (stdin or a single file)")
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"worker processes for files and folders (default: all cores, here {default_jobs()})",
    )
    parser.add_argument(
        "--timeout",
        type=positive_float,
        default=None,
        metavar="SECONDS",
        help="time limit per document of a file or folder run; a document past it is reported as failed "
        f"(default: {DEFAULT_TIMEOUT:g})",
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
    """Run the command; the exit status it returns is the process's.

    A closed stdout (`cleaner corpus | head`) ends the run quietly, and Ctrl-C ends it with one line and
    status 130: every file is written atomically, so neither leaves a temporary file or half a record.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("\ncleaner: interrupted; records written so far are kept, the next run goes on", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # stdout on a full disk: say so, without a traceback
        if exc.filename is not None:
            raise  # not stdout's: a bug to see
        _silence_stdout()
        print(f"cleaner: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED


def _silence_stdout() -> None:
    # The reader went away (`| head`): Python would report the failed flush of stdout at exit, so stdout
    # now points at /dev/null. The rest of the output had nowhere to go anyway.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is no real file (a test's capture): nothing to silence
        pass


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _check_usage(parser, args)
    if args.output is not None and "-" not in args.paths and not args.explain:
        try:
            recall_folder_options(args, "cleaner")
        except OptionsError as exc:
            print(f"cleaner: {args.output} {exc}", file=sys.stderr)
            return EXIT_USAGE
    args.fmt = args.fmt or "auto"
    try:
        rules = load_rules(args.rules) if args.rules else load_rules()
    except RuleError as exc:
        print(f"cleaner: bad rules: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.paths == ["-"]:
        return _stdin(args, rules)
    missing = [p for p in args.paths if not os.path.lexists(p)]
    if missing:
        for path in missing:
            print(f"cleaner: {_printable(path)}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    if args.url is not None and (len(args.paths) > 1 or Path(args.paths[0]).is_dir()):
        parser.error("--url names one page: give it with stdin or a single file, not with a folder or several files")
    if args.explain:
        return _explain_files([Path(p) for p in args.paths], args, rules)
    if args.output is not None and args.output.exists() and not args.output.is_dir():
        parser.error(f"-o {args.output}: not a folder")
    shard_paths, paths = split_inputs([Path(p) for p in args.paths])
    status = EXIT_OK
    if shard_paths:
        problem = shard_usage_problem(args, bool(paths))
        if problem:
            parser.error(problem)
        status = clean_shards(shard_paths, args, rules)
        if not paths:
            return status
    elif args.to in ("jsonl.gz", "parquet") or args.fields or args.url_fields:
        parser.error("--to jsonl.gz and parquet, --field and --url-field are for shards (.warc, .jsonl...)")
    several = len(paths) > 1 or paths[0].is_dir()
    if args.to == "markdown" and args.output is None and several:
        parser.error("--to markdown writes one .md per page: give an output folder (-o DIR) for several documents")
    if args.output is None and several and args.to == "json":
        parser.error("several documents on stdout are written as JSON lines: use --to jsonl, or -o DIR for files")
    to = args.to or ("jsonl" if args.output is None and several else "json")
    options = Options(
        fmt=args.fmt,
        rules=str(args.rules) if args.rules else None,
        to=to,
        url=_url(args.url),
        jobs=args.jobs or 0,
        timeout=args.timeout or DEFAULT_TIMEOUT,
        prune=args.prune,
        links=args.links,
    )
    if args.check:
        return EXIT_FAILED if check_paths(paths, args.output, rules=rules, options=options) else EXIT_OK
    summary = clean_paths(paths, args.output, rules=rules, options=options)
    return EXIT_OK if summary.ok and status == EXIT_OK else EXIT_FAILED


def _check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Options that cannot apply are usage errors (exit 2), never silently ignored."""
    stdin = "-" in args.paths
    if stdin and len(args.paths) > 1:
        parser.error("'-' (stdin) cannot be combined with other paths")
    if args.explain:
        given = [name for name, value in (("-o", args.output), ("--to", args.to)) if value is not None]
        given += [name for name, value in (("--check", args.check), ("--prune", args.prune)) if value]
        if given:
            parser.error(f"--explain prints every block's label; it writes no records, so {given[0]} cannot apply")
    if stdin:
        for name, value in (("-o", args.output), ("--jobs", args.jobs), ("--timeout", args.timeout)):
            if value is not None:
                parser.error(f"{name} cannot apply to stdin (it is cleaned in this process, to stdout)")
        if args.check or args.prune:
            parser.error("--check and --prune need input files and an output folder (-o DIR), not stdin")
    elif args.explain:
        for name, value in (("--jobs", args.jobs), ("--timeout", args.timeout)):
            if value is not None:
                parser.error(f"{name} cannot apply to --explain (it runs in this process)")
    if (args.check or args.prune) and args.output is None:
        parser.error("--check and --prune need an output folder (-o DIR)")
    if args.check and args.prune:
        parser.error("--check writes nothing, so it cannot be combined with --prune")
    if args.links and args.to != "markdown":
        parser.error("--links is for --to markdown")


def _url(url: str | None) -> str | None:
    """A URL from the command line: bytes that are not UTF-8 (a lone surrogate in argv) are %-escaped."""
    if url is None:
        return None
    raw = os.fsencode(url)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="surrogateescape")
        return "".join(f"%{ord(c) - 0xDC00:02X}" if "\udc80" <= c <= "\udcff" else c for c in text)


def _printable(text: str) -> str:
    return text.encode("utf-8", errors="backslashreplace").decode("utf-8")


def recall_folder_options(args: argparse.Namespace, prog: str) -> None:
    """Fill in --from and --rules that were not given with those the output folder was cleaned with, and say
    which given ones differ from the folder's. `cleaner corpus_raw -o corpus_clean --check` after a run with
    `--rules my_rules` judges with my_rules. Raises OptionsError when the folder's rules cannot be used here."""
    given_rules = str(args.rules) if args.rules is not None else None
    recalled = recall_options(args.output, fmt=args.fmt, rules=given_rules)
    for note in recalled.notes:
        print(f"{prog}: {args.output} {note}", file=sys.stderr)
    args.fmt = recalled.fmt
    args.rules = Path(recalled.rules) if recalled.rules is not None else None


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
    from cleaner.read.decode import MAX_INPUT_BYTES, too_large

    raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)  # bounded, as a file is
    if len(raw) > MAX_INPUT_BYTES:
        print(f"cleaner: -: {too_large()}", file=sys.stderr)
        return EXIT_FAILED
    url = _url(args.url)
    if args.explain:
        print("\n".join(format_explanation(explain_page(raw, url=url, fmt=args.fmt, rules=rules))))
        return EXIT_OK
    record = clean(raw, url=url, source="-", fmt=args.fmt, rules=rules)
    if args.to == "markdown":
        sys.stdout.write(record.to_markdown(front_matter=True, links=args.links) + "\n")
    else:
        sys.stdout.write(record.to_json(indent=None if args.to == "jsonl" else 1) + "\n")
    sys.stdout.flush()
    if record.reason:
        print(f"cleaner: -: {record.reason}", file=sys.stderr)
    return EXIT_FAILED if record.unreadable else EXIT_OK


def _explain_files(paths: list[Path], args: argparse.Namespace, rules: Rules) -> int:
    from cleaner.corpus.discover import Problem, iter_inputs
    from cleaner.read.decode import read_capped

    problems: list[Problem] = []
    failed = False
    for path in paths:
        for item in iter_inputs(path, problems):
            print(f"== {_printable(str(item))}")
            try:
                raw = read_capped(item)  # explain() decodes gzip itself, as clean() does
                page = explain_page(raw, url=_url(args.url), fmt=args.fmt, rules=rules)
            except (OSError, InputError) as exc:
                print(
                    f"cleaner: {_printable(str(item))}: cannot read: {getattr(exc, 'strerror', None) or exc}",
                    file=sys.stderr,
                )
                failed = True
                continue
            print("\n".join(format_explanation(page)))
    for problem in problems:
        print(f"cleaner: {problem.source}: {problem.message}", file=sys.stderr)
    sys.stdout.flush()
    return EXIT_FAILED if failed or problems else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
