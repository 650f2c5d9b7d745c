#!/usr/bin/env python3
"""Text-mode speed beside trafilatura, on the same AEB pages, in the same run.

    python benchmarks/bench_text.py                 # all 181 AEB pages
    python benchmarks/bench_text.py --limit 50 --repeat 3

Each page is rendered to a plain-text dump with html-text first (not timed, as score.py does). Then,
timed: `cleaner.clean(dump, url=..., fmt="text")` over every dump, and
`trafilatura.bare_extraction(html, with_metadata=True)` over every page's HTML. Both are warmed up on
three pages first (rules, model and trafilatura's imports load once per process). The figures are
documents per second by process CPU time (steady on a shared machine) and by wall time, best of
--repeat runs, and the peak memory: the process's maximum resident set, and tracemalloc's peak for one
untimed text-mode pass (tracemalloc slows Python code several times over).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def load(limit: int) -> list[dict]:
    sys.path.insert(0, str(EVAL))
    import score  # the scorer's own corpus reader and html-text renderer

    pages = list(score.aeb_pages(EVAL / "aeb"))
    if limit:
        pages = pages[:limit]
    for page in pages:
        page["html"] = score._read(page["path"]).decode("utf-8", "replace")
        page["dump"] = score.render_text(page["html"].encode("utf-8"))
    return pages


def timed(fn, pages: list[dict], repeat: int) -> tuple[float, float]:
    """Best (CPU, wall) documents per second over `repeat` runs."""
    from cleaner.label import context_free as label

    best_cpu = best_wall = 0.0
    for _ in range(repeat):
        label._CLASSIFIED.clear()  # every run starts cold, as a corpus run meets each page once
        c0, w0 = time.process_time(), time.perf_counter()
        for page in pages:
            fn(page)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        best_cpu = max(best_cpu, len(pages) / cpu if cpu else 0.0)
        best_wall = max(best_wall, len(pages) / wall if wall else 0.0)
    return best_cpu, best_wall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="first N AEB pages (default: all)")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per system; the best is kept")
    ap.add_argument("--json", type=Path, help="also write the figures here (benchmarks/make_docs.py reads them)")
    args = ap.parse_args(argv)

    import trafilatura

    import cleaner

    pages = load(args.limit)
    blocks = sum(p["dump"].count("\n") + 1 for p in pages)
    # Warm-up: imports, rules, the model and langdetect's profiles load once per process.
    from cleaner.fields.language import warm_up

    warm_up()
    for page in pages[:3]:
        cleaner.clean(page["dump"], url=page["url"], fmt="text")
        trafilatura.bare_extraction(page["html"], with_metadata=True)

    def text_mode(page: dict) -> None:
        cleaner.clean(page["dump"], url=page["url"], fmt="text")

    text_cpu, text_wall = timed(text_mode, pages, args.repeat)
    def html_extraction(page: dict) -> None:
        trafilatura.bare_extraction(page["html"], with_metadata=True)

    traf_cpu, traf_wall = timed(html_extraction, pages, args.repeat)

    tracemalloc.start()
    for page in pages:
        cleaner.clean(page["dump"], url=page["url"], fmt="text")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    from cleaner.speedups import compiled

    print(f"AEB pages: {len(pages)} (dump lines: {blocks / len(pages):.0f} per page)")
    print(f"C modules in use: {', '.join(compiled()) or 'none (pure Python)'}")
    print(f"{'system':<44}{'docs/s cpu':>12}{'docs/s wall':>13}")
    print(f"{'cleaner text mode (html-text dumps)':<44}{text_cpu:>12.1f}{text_wall:>13.1f}")
    print(f"{'trafilatura bare_extraction (html)':<44}{traf_cpu:>12.1f}{traf_wall:>13.1f}")
    print(f"speed-up per document: {text_cpu / traf_cpu:.1f}x (cpu), {text_wall / traf_wall:.1f}x (wall)")
    print(f"peak memory: {rss:.0f} MiB resident (whole process); text mode tracemalloc peak {peak / 2**20:.1f} MiB")
    if args.json:
        figures = {
            "pages": len(pages),
            "repeat": args.repeat,
            "c_modules": compiled(),
            "docs_per_s": {
                "cleaner text mode": {"cpu": text_cpu, "wall": text_wall},
                "trafilatura (html)": {"cpu": traf_cpu, "wall": traf_wall},
            },
            "load_average": os.getloadavg()[0],
        }
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
