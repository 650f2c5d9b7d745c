#!/usr/bin/env python3
"""cleaner's HTML mode beside trafilatura on the same pages, in the same run.

    python benchmarks/bench_html.py                       # AEB pages from ../shared/eval
    python benchmarks/bench_html.py --pages 60 --rounds 3 # fewer pages, best of three rounds
    python benchmarks/bench_html.py DIR                   # any folder of .html / .html.gz pages

Time: both systems get the same raw bytes; their calls alternate page by page, so load from other
processes falls on both alike; each page's time is the best of `--rounds` runs, and the figure is the
mean over pages. Memory: a separate pass under tracemalloc (which slows Python down, so it is kept out
of the timing): the peak of Python allocations while one page is processed, the largest over pages.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import statistics
import sys
import time
import tracemalloc
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


def peak_memory(pages: list[bytes]) -> dict[str, int]:
    peaks = {}
    for name, fn in SYSTEMS.items():
        peak = 0
        for raw in pages:
            gc.collect()
            tracemalloc.start()
            fn(raw)
            peak = max(peak, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        peaks[name] = peak
    return peaks


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--pages", type=int, default=0, help="first N pages (default: all)")
    ap.add_argument("--rounds", type=int, default=2, help="runs per page; the best counts")
    ap.add_argument("--memory-pages", type=int, default=30, help="pages for the memory pass")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    pages = load_pages(args.folder, args.pages)
    for fn in SYSTEMS.values():  # warm up: imports, rules, language profiles
        fn(pages[0])
    best = timings(pages, args.rounds)
    peaks = peak_memory(pages[: args.memory_pages])
    base = statistics.fmean(best["trafilatura"])
    print(f"{len(pages)} pages from {args.folder}, best of {args.rounds} rounds each")
    print(f"{'system':<40}{'ms/doc':>9}{'median':>9}{'ratio':>8}{'peak MiB':>10}")
    for name, label in (("cleaner", "cleaner.clean(fmt='html')"),
                        ("trafilatura", "trafilatura.bare_extraction(with_metadata)")):  # fmt: skip
        mean = statistics.fmean(best[name])
        print(
            f"{label:<40}{mean * 1000:>9.1f}{statistics.median(best[name]) * 1000:>9.1f}"
            f"{mean / base:>8.2f}{peaks[name] / 2**20:>10.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
