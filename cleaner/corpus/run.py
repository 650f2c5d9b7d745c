"""Corpus folders: find the inputs, plan what is stale, clean it in worker processes, write atomically.

    cleaner corpus_raw -o corpus_clean            # one JSON record per input, subfolders mirrored
    cleaner corpus_raw -o corpus_clean --check    # what a run would do; writes nothing

A folder run is incremental: `.cleaner-manifest.json` (see manifest.py) says what each record was made
from, and only missing or stale records are cleaned again. Every file is written to a temporary file and
renamed into place, so a run killed at any moment leaves the old record or the new one, never half of one.
One bad document is reported with its file name and costs no other document its record.

discover.py finds the inputs, plan.py decides what is stale, write.py cleans and writes; this module
runs them in order. I/O lives in this package, in the CLI and in the hook; the cleaning it calls is pure.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from cleaner.corpus.atomic import folder_lock, remove_stale_temporaries
from cleaner.corpus.discover import discover
from cleaner.corpus.manifest import MANIFEST_NAME, config_hash, load_manifest
from cleaner.corpus.options import Recalled, RunOptions, recall
from cleaner.corpus.plan import JSONL_NAME, Options, plan_jsonl, plan_records
from cleaner.corpus.report import Reporter, Summary
from cleaner.corpus.write import to_jsonl, to_records, to_stdout
from cleaner.ruleset.load import Rules


def clean_paths(
    paths: list[Path],
    output: Path | None,
    *,
    rules: Rules,
    options: Options | None = None,
    only: set[str] | None = None,
    reporter: Reporter | None = None,
) -> Summary:
    """Clean files and folders into `output` (JSON records or one JSONL file), or to stdout without it.

    `only` (absolute paths) limits the cleaning to those inputs, as the pre-commit hook does with the files
    of a commit; the rest of the folder is left as it is.
    """
    options = options or Options()
    reporter = reporter or Reporter(progress=options.progress)
    docs, problems = discover(paths, output, to=options.to)
    if output is None:
        return to_stdout(docs, problems, rules, options, reporter)
    manifest_path = output / MANIFEST_NAME
    if manifest_path.is_symlink() or (manifest_path.exists() and not manifest_path.is_file()):
        reporter.error(str(manifest_path), "is not a plain file; move it away and run again (nothing was written)")
        summary = Summary(documents=len(docs) + sum(1 for p in problems if p.document))
        summary.failed = summary.documents or 1
        reporter.note(summary.line())
        return summary
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a parent is a file, no permission, a full disk: no document can be written
        reporter.error(str(output), f"cannot create the output folder: {exc.strerror or exc}; nothing was written")
        summary = Summary(documents=len(docs) + sum(1 for p in problems if p.document))
        summary.failed = summary.documents or 1
        reporter.note(summary.line())
        return summary

    def waiting() -> None:
        reporter.note(f"{output}: another cleaner run is writing here; waiting for it to end")

    with folder_lock(output, waiting):  # a second run at once waits, then finds the first one's work done
        remove_stale_temporaries(output)
        manifest, warning = load_manifest(output)
        if warning:
            reporter.note(warning)
        config = config_hash(
            rules_fingerprint=rules.fingerprint, fmt=options.fmt, url=options.url, output=_output(options)
        )
        manifest.options = RunOptions(options.fmt, options.rules)  # remembered for --check and the hook
        try:
            if options.to == "jsonl":
                return to_jsonl(docs, problems, output, manifest, config, rules, options, reporter)
            plan = plan_records(docs, problems, output, manifest, config, only)
            return to_records(plan, output, manifest, config, rules, options, reporter)
        except BaseException:
            # Ctrl-C can land between a temporary file's creation and the code that would remove it; the
            # lock says no other run writes here, so every temporary file in the folder is this run's.
            remove_stale_temporaries(output)
            raise


def recall_options(output: Path, *, fmt: str | None, rules: str | None) -> Recalled:
    """The --from and --rules for a run into `output`: those given, else those the folder was cleaned with
    (remembered in its manifest), else the defaults; with a note for each given one that differs.

    Raises options.OptionsError when the folder's rules folder cannot be used here.
    """
    manifest, _warning = load_manifest(output)  # a damaged manifest is reported by the run itself
    return recall(manifest.options, fmt=fmt, rules=rules)


def check_paths(
    paths: list[Path],
    output: Path,
    *,
    rules: Rules,
    options: Options | None = None,
    only: set[str] | None = None,
    out: TextIO | None = None,
) -> int:
    """List stale, missing and orphan records without writing anything; the number of them (plus inputs
    that cannot be cleaned) is what the caller turns into an exit status."""
    options = options or Options()
    out = out or sys.stdout
    docs, problems = discover(paths, output, to=options.to)
    manifest, warning = load_manifest(output)
    if warning:
        print(f"cleaner: {warning}", file=sys.stderr)
    config = config_hash(rules_fingerprint=rules.fingerprint, fmt=options.fmt, url=options.url, output=_output(options))
    if options.to == "jsonl":
        plan = plan_jsonl(docs, problems, output, manifest, config)
        target = output / JSONL_NAME
        rows = [(why, f"{target} line for {doc.source}") for doc, why in plan.todo]
        rows += [("orphan", f"{target} line for {source} (its input is gone)") for source in plan.orphans]
    else:
        plan = plan_records(docs, problems, output, manifest, config, only)
        rows = [(why, f"{output / doc.record} (from {doc.source})") for doc, why in plan.todo]
        rows += [("orphan", f"{output / record} (its input is gone)") for record in plan.orphans]
    for why, what in rows:
        print(f"{why}: {what}", file=out)
    for problem in plan.problems:
        print(f"cleaner: {problem.source}: {problem.message}", file=sys.stderr)
    failing = sum(1 for p in plan.problems if p.document)
    print(
        f"cleaner: {len(plan.docs) + failing} documents: {len(plan.current)} current, "
        f"{len(plan.todo)} stale or missing, {len(plan.orphans)} orphan, {failing} that cannot be cleaned",
        file=sys.stderr,
    )
    return len(rows) + failing


def _output(options: Options) -> str:
    """What the records are written as, when it is not the default JSON (a record's bytes depend on it)."""
    if options.to == "markdown":
        return "markdown+links" if options.links else "markdown"
    return ""
