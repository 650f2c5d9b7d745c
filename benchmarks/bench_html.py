#!/usr/bin/env python3
"""cleaner's HTML mode beside trafilatura on the same pages, in the same run.

    python benchmarks/bench_html.py                       # AEB pages from ../shared/eval
    python benchmarks/bench_html.py --pages 60 --rounds 3 # fewer pages, best of three rounds
    python benchmarks/bench_html.py DIR                   # any folder of .html / .html.gz pages

Time: both systems get the same raw bytes; their calls alternate page by page, so load from other
processes falls on both alike; each page's time is the best of `--rounds` runs, and the figure is the
mean over pages. Memory: a separate pass in a forked child per system (kept out of the timing): the
peak resident memory while it processes the pages, above what the child held when it started (lxml
allocates in C, which tracemalloc would not see). Linux only; elsewhere the column shows "-".
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "aeb" / "html"


def load_pages(folder: Path, limit: int) -> list[bytes]:
    files = sorted(p for p in folder.iterdir() if p.name.endswith((".html", ".htm", ".html.gz")))
    if limit:
        files = files[:limit]
    return [gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in files]


def run_cleaner(raw: bytes) -> object:
    import cleaner

    return cleaner.clean(raw, fmt="html")


def run_trafilatura(raw: bytes) -> object:
    import trafilatura

    return trafilatura.bare_extraction(raw, with_metadata=True)


SYSTEMS: dict[str, Callable[[bytes], object]] = {"cleaner": run_cleaner, "trafilatura": run_trafilatura}


def timings(pages: list[bytes], rounds: int) -> dict[str, list[float]]:
    best = {name: [float("inf")] * len(pages) for name in SYSTEMS}
    for _ in range(rounds):
        for i, raw in enumerate(pages):
            for name, fn in SYSTEMS.items():
                gc.collect()
                t0 = time.perf_counter()
                fn(raw)
                best[name][i] = min(best[name][i], time.perf_counter() - t0)
    return best


def _status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise OSError(field)


def peak_memory(pages: list[bytes]) -> dict[str, float | None]:
    """MiB of peak resident memory above the start, per system, each measured in a fresh fork."""
    peaks: dict[str, float | None] = {}
    for name, fn in SYSTEMS.items():
        read_fd, write_fd = os.pipe()
        pid = os.fork() if hasattr(os, "fork") else -1
        if pid == 0:  # the child: reset the high-water mark, run, report, exit without cleanup
            try:
                before = _status_kib("VmRSS")
                with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
                    refs.write("5")  # resets VmHWM to the current resident size
                for raw in pages:
                    fn(raw)
                os.write(write_fd, str(_status_kib("VmHWM") - before).encode())
            except OSError:
                os.write(write_fd, b"-")
            os._exit(0)
        os.close(write_fd)
        if pid > 0:
            os.waitpid(pid, 0)
        answer = os.read(read_fd, 64).decode() if pid > 0 else "-"
        os.close(read_fd)
        peaks[name] = int(answer) / 1024 if answer.strip("-") else None
    return peaks


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--pages", type=int, default=0, help="first N pages (default: all)")
    ap.add_argument("--rounds", type=int, default=2, help="runs per page; the best counts")
    ap.add_argument("--memory-pages", type=int, default=60, help="pages for the memory pass")
    ap.add_argument("--json", type=Path, help="also write the figures here (benchmarks/make_docs.py reads them)")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    pages = load_pages(args.folder, args.pages)
    for fn in SYSTEMS.values():  # warm up: imports, rules
        fn(pages[0])
    import cleaner

    # langdetect loads its language profiles on first use (half a second, once per process)
    cleaner.clean("The council voted on Tuesday to expand the bus network to three new districts.", fmt="text")
    best = timings(pages, args.rounds)
    peaks = peak_memory(pages[: args.memory_pages])
    base = statistics.fmean(best["trafilatura"])
    print(f"{len(pages)} pages from {args.folder}, best of {args.rounds} rounds each")
    print(f"{'system':<40}{'ms/doc':>9}{'median':>9}{'ratio':>8}{'peak MiB':>10}")
    for name, label in (("cleaner", "cleaner.clean(fmt='html')"),
                        ("trafilatura", "trafilatura.bare_extraction(with_metadata)")):  # fmt: skip
        mean = statistics.fmean(best[name])
        peak = peaks[name]
        print(
            f"{label:<40}{mean * 1000:>9.1f}{statistics.median(best[name]) * 1000:>9.1f}"
            f"{mean / base:>8.2f}{f'{peak:.1f}' if peak is not None else '-':>10}"
        )
    if args.json:
        figures = {
            "pages": len(pages),
            "rounds": args.rounds,
            "ms_per_page": {name: [t * 1000 for t in times] for name, times in best.items()},
            "peak_mib": peaks,
            "load_average": os.getloadavg()[0],
        }
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
