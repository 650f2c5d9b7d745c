"""Peak memory of a folder run at 1 000 and at 10 000 documents: it must stay flat.

    python benchmarks/bench_scale.py [--small 1000] [--large 10000] [--jobs 2]

Generates variants of the text dumps in corpus_raw/ (10 000 files in subfolders of 500), then cleans the
first 1 000 and all 10 000 into empty output folders, then all 10 000 again (everything current), one
fresh process per run, as JSON records and as one JSONL file. Prints the peak resident memory of the main
process (discovery, planning, manifest, writing) and of the largest worker, each run measured in its own
process so that one run's peak does not hide another's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _docs import ROOT, write_corpus


def measure(raw: str, out: str, to: str, jobs: str) -> None:
    """Run in a fresh interpreter: clean, then print '<main peak KiB> <worker peak KiB> <seconds>'."""
    sys.path.insert(0, str(ROOT))
    from cleaner import cli

    start = time.perf_counter()
    status = cli.main([raw, "-o", out, "--to", to, "--jobs", jobs])
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(own, workers, f"{seconds:.1f}", status)


def run(raw: Path, out: Path, to: str, jobs: int, *, fresh: bool = True) -> tuple[int, int, float]:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, __file__, "--measure", str(raw), str(out), to, str(jobs)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    own, workers, seconds, status = result.stdout.split()
    assert status == "0", result.stderr
    return int(own), int(workers), float(seconds)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(*sys.argv[2:6])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--sizes", type=int, nargs="+", metavar="N", help="corpus sizes to measure (default: --small and --large)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here (benchmarks/make_docs.py reads them)")
    args = parser.parse_args()
    sizes = sorted(args.sizes or [args.small, args.large])
    figures: dict = {"jobs": args.jobs, "sizes": sizes, "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        out = Path(tmp) / "out"
        corpora = []
        for count in sizes:
            corpora.append((Path(tmp) / f"raw{count}", count))
            write_corpus(corpora[-1][0], count)
        print(f"--jobs {args.jobs}; peak resident memory (MiB) of the main process and of the largest worker")
        for to in ("json", "jsonl"):
            rows = []
            for raw, count in corpora:
                own, workers, seconds = run(raw, out, to, args.jobs)
                records = sum(1 for _ in out.rglob("*.json")) - 1 if to == "json" else _lines(out / "records.jsonl")
                assert records == count, (records, count)
                rows.append((count, own, workers))
                figures["runs"].append(
                    {"to": to, "documents": count, "main_kib": own, "worker_kib": workers, "seconds": seconds}
                )
                print(
                    f"--to {to:5}  {count:6} documents: main {own / 1024:6.1f} MiB, "
                    f"worker {workers / 1024:6.1f} MiB  ({seconds:.0f} s)"
                )
            growth = (rows[-1][1] - rows[0][1]) / 1024
            print(f"--to {to:5}  main process grows {growth:+.1f} MiB from {sizes[0]} to {sizes[-1]} documents")
            own, workers, seconds = run(corpora[-1][0], out, to, args.jobs, fresh=False)
            figures["runs"].append(
                {
                    "to": to,
                    "documents": sizes[-1],
                    "main_kib": own,
                    "worker_kib": workers,
                    "seconds": seconds,
                    "all_current": True,
                }
            )
            print(f"--to {to:5}  {sizes[-1]:6} documents again, all current: main {own / 1024:6.1f} MiB", end="")
            print(f" ({seconds:.0f} s)")
        figures["load_average"] = os.getloadavg()[0]
        print(f"load average {figures['load_average']:.2f} at the end")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def _lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


if __name__ == "__main__":
    main()
