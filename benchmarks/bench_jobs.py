"""Speed-up of `cleaner corpus_raw -o corpus_clean` from 1 to 2 worker processes.

    python benchmarks/bench_jobs.py [--docs 3000] [--repeat 3]

Generates variants of the text dumps in corpus_raw/ into a temporary folder, then times the whole command
(start-up, planning, cleaning, writing) from an empty output folder with --jobs 1 and --jobs 2, best of
--repeat runs each, and prints the times and the speed-up. Run it on a quiet machine: other load on the
cores shows up as a lower speed-up.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _docs import ROOT, write_corpus


def timed_run(raw: Path, out: Path, jobs: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "cleaner.cli", str(raw), "-o", str(out), "--jobs", str(jobs)]
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def machine_ceiling(seconds: float = 3.0) -> float:
    """The speed-up the machine itself gives a pure CPU loop in 2 processes over 1, right now: what other
    load (or shared host cores) leaves for any program, this one included."""
    import multiprocessing

    n = 1
    while True:  # calibrate one loop to about `seconds`
        start = time.perf_counter()
        _spin(n)
        if time.perf_counter() - start > 0.2:
            break
        n *= 2
    n = int(n * seconds / (time.perf_counter() - start))
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_spin, [n])
        one = time.perf_counter() - start
        start = time.perf_counter()
        pool.map(_spin, [n, n])
        two = time.perf_counter() - start
    return 2 * one / two


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here (benchmarks/make_docs.py reads them)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        write_corpus(raw, args.docs)
        times: dict[int, float] = {}
        for _ in range(args.repeat):  # interleaved, so a burst of other load hits both
            for jobs in (1, 2):
                times[jobs] = min(times.get(jobs, float("inf")), timed_run(raw, out, jobs))
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{args.docs} documents, {cores} cores, load average {load:.2f} at the end")
        for jobs, seconds in times.items():
            print(f"--jobs {jobs}: {seconds:6.2f} s  ({args.docs / seconds:6.1f} documents/s)  best of {args.repeat}")
        print(f"speed-up 1 -> 2 jobs: {times[1] / times[2]:.2f}x")
        ceiling = machine_ceiling()
        print(f"machine ceiling now (a pure CPU loop, 2 processes over 1): {ceiling:.2f}x")
        if args.json:
            figures = {
                "documents": args.docs,
                "repeat": args.repeat,
                "cores": cores,
                "seconds": {str(jobs): seconds for jobs, seconds in times.items()},
                "speedup": times[1] / times[2],
                "machine_ceiling": ceiling,
                "load_average": load,
            }
            args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
