#!/usr/bin/env python3
"""docs/benchmarks.md and its plots, made from the benchmarks' own output in benchmarks/results/.

    pip install -e '.[bench]'                 # matplotlib for the plots, html-text for text mode's dumps
    python benchmarks/make_docs.py --run      # run every benchmark (modest sizes), then write the page
    python benchmarks/make_docs.py            # write the page from the figures already in benchmarks/results/

`--run` calls the scorer (../shared/eval/score.py: quality on the dev corpora, html and text mode) and the
scripts beside this one, each with `--json`, writing benchmarks/results/*.json; the page and the PNGs in
docs/benchmarks/ are then drawn from those files alone, so the page never shows a figure nobody measured.
Every figure on the page is from one run on the machine named there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DOCS = ROOT / "docs"
IMAGES = DOCS / "benchmarks"
SCORE = ROOT.parent / "shared" / "eval" / "score.py"

# What --run runs: (results file, command). Sizes are modest on purpose: the reference machine has 2 cores
# that other work shares, so every benchmark runs once.
SCORER_RUNS = [
    ("quality_html.json", ["--corpus", "all", "--mode", "html", "--baseline", "trafilatura"]),
    ("quality_text.json", ["--corpus", "all", "--mode", "text", "--baseline", "c4"]),
    ("quality_text_trafilatura_aeb.json", ["--corpus", "aeb", "--mode", "text", "--system", "trafilatura"]),
    ("quality_text_trafilatura_wcxb.json", ["--corpus", "wcxb", "--mode", "text", "--system", "trafilatura"]),
]
BENCH_RUNS = [
    ("bench_html.json", ["bench_html.py", "--pages", "60", "--rounds", "1", "--memory-pages", "30"]),
    ("bench_text.json", ["bench_text.py", "--limit", "60", "--repeat", "1"]),
    ("bench_jobs.json", ["bench_jobs.py", "--docs", "1000", "--repeat", "1"]),
    ("bench_scale.json", ["bench_scale.py", "--sizes", "500", "2000", "5000", "--jobs", "2"]),
]
COLOURS = {"cleaner": "#1f77b4", "trafilatura": "#ff7f0e", "c4": "#7f7f7f"}


def run_all() -> None:
    """Every benchmark once, each writing its figures into benchmarks/results/."""
    if not SCORE.exists():
        sys.exit(f"make_docs: {SCORE} not found: the quality figures need the dev corpora of ../shared/eval")
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name, args in SCORER_RUNS:
        print(f"make_docs: score.py {' '.join(args)}", file=sys.stderr)
        subprocess.run([sys.executable, str(SCORE), *args, "--json", str(RESULTS / name)], check=True)
    for name, (script, *args) in BENCH_RUNS:
        print(f"make_docs: {script} {' '.join(args)}", file=sys.stderr)
        command = [sys.executable, str(ROOT / "benchmarks" / script), *args, "--json", str(RESULTS / name)]
        subprocess.run(command, check=True)
    machine = {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "processor": _cpu_model(),
    }
    (RESULTS / "machine.json").write_text(json.dumps(machine, indent=1) + "\n", encoding="utf-8")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load(name: str) -> dict[str, Any]:
    path = RESULTS / name
    if not path.exists():
        sys.exit(f"make_docs: {path} is missing; run: python benchmarks/make_docs.py --run")
    return json.loads(path.read_text(encoding="utf-8"))


def quality_rows(results: dict[str, dict], mode: str, systems: list[str]) -> list[tuple[str, str, dict[str, float]]]:
    """(label, metric key, {system: value}) for every figure some system has, in reading order.

    >>> quality_rows({"cleaner/aeb/html": {"body_f1": 0.9}, "c4/aeb/html": {"body_f1": 0.8}}, "html", ["cleaner", "c4"])
    [('AEB body F1', 'body_f1', {'cleaner': 0.9, 'c4': 0.8})]
    """
    wanted = [
        ("aeb", "body_f1", "AEB body F1"),
        ("wcxb", "body_f1", "WCXB body F1"),
        ("wcxb", "title", "WCXB title"),
        ("wcxb", "author1", "WCXB first author"),
        ("wcxb", "date", "WCXB date"),
        ("fundus", "title", "fundus title"),
        ("fundus", "authors", "fundus authors"),
        ("fundus", "date", "fundus date"),
    ]
    rows = []
    for corpus, key, label in wanted:
        values = {
            s: results[f"{s}/{corpus}/{mode}"][key] for s in systems if key in results.get(f"{s}/{corpus}/{mode}", {})
        }
        if values:
            rows.append((label, key, values))
    return rows


def save(fig: Any, path: Path) -> None:
    """The figure as a PNG, written beside its place and renamed into it: never half a picture."""
    partial = path.with_name(path.name + ".tmp")
    fig.savefig(partial, dpi=110, format="png")
    partial.replace(path)


def bar_chart(rows: list[tuple[str, str, dict[str, float]]], systems: list[str], title: str, path: Path) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.2))
    width = 0.8 / len(systems)
    for i, system in enumerate(systems):
        xs = [n + (i - (len(systems) - 1) / 2) * width for n, row in enumerate(rows) if system in row[2]]
        ys = [row[2][system] for row in rows if system in row[2]]
        bars = ax.bar(xs, ys, width, label=system, color=COLOURS.get(system.split()[0]))
        ax.bar_label(bars, labels=[f"{y:.2f}" for y in ys], fontsize=7, padding=2)
    ax.set_xticks(range(len(rows)), [row[0] for row in rows], rotation=20, ha="right", fontsize=9)
    ax.set_ylim(0, 1.22)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_ylabel("score (1 = all correct)")
    ax.set_title(title, fontsize=11)
    ax.legend(loc="upper right", fontsize=8, ncol=len(systems))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    save(fig, path)
    plt.close(fig)


def time_chart(html: dict[str, Any], text: dict[str, Any], path: Path) -> None:
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4), gridspec_kw={"width_ratios": [3, 2]})
    names = ["cleaner", "trafilatura"]
    data = [html["ms_per_page"][n] for n in names]
    box = left.boxplot(data, showfliers=True, patch_artist=True, widths=0.5)
    for patch, name in zip(box["boxes"], names, strict=True):
        patch.set_facecolor(COLOURS[name])
        patch.set_alpha(0.6)
    left.set_xticks([1, 2], ["cleaner\n(html mode)", "trafilatura\n(bare_extraction)"])
    left.set_yscale("log")
    left.set_ylabel("milliseconds per page (log scale)")
    left.set_title(f"HTML pages: time per page ({html['pages']} AEB pages)", fontsize=10)
    left.grid(axis="y", alpha=0.3, which="both")
    systems = list(text["docs_per_s"])
    ms = [1000 / text["docs_per_s"][s]["cpu"] for s in systems]
    bars = right.bar(range(len(systems)), ms, color=[COLOURS["cleaner"], COLOURS["trafilatura"]], alpha=0.8)
    right.bar_label(bars, labels=[f"{m:.1f} ms" for m in ms], fontsize=8, padding=2)
    right.set_xticks(range(len(systems)), ["cleaner\n(text dump)", "trafilatura\n(the page's HTML)"])
    right.set_ylabel("CPU milliseconds per page")
    right.set_title(f"Text mode ({text['pages']} AEB pages)", fontsize=10)
    right.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    save(fig, path)
    plt.close(fig)


def jobs_chart(jobs: dict[str, Any], path: Path) -> None:
    import matplotlib.pyplot as plt

    counts = sorted(jobs["seconds"], key=int)
    rates = [jobs["documents"] / jobs["seconds"][c] for c in counts]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    bars = ax.bar([f"--jobs {c}" for c in counts], rates, color=COLOURS["cleaner"], alpha=0.8, width=0.5)
    ax.bar_label(bars, labels=[f"{r:.0f} docs/s" for r in rates], fontsize=9, padding=2)
    ideal = rates[0] * int(counts[-1])
    ax.axhline(ideal, color="grey", linestyle="--", linewidth=1)
    ax.text(len(counts) - 1.3, ideal * 1.02, f"perfect scaling: {counts[-1]}x --jobs 1", fontsize=8, color="grey")
    ax.set_ylabel("documents per second (whole command)")
    ax.set_ylim(0, ideal * 1.2)
    ax.set_title(
        f"Speed-up with workers: {jobs['speedup']:.2f}x ({jobs['documents']} text dumps; "
        f"a pure CPU loop got {jobs['machine_ceiling']:.2f}x)",
        fontsize=9,
    )
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    save(fig, path)
    plt.close(fig)


def memory_chart(scale: dict[str, Any], path: Path) -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    top = 0.0
    # json and jsonl lie almost on top of each other: filled and hollow markers keep both visible.
    series = (("main_kib", "main process", COLOURS["cleaner"], "o"), ("worker_kib", "largest worker", "#d62728", "s"))
    for to, fill, size in (("json", "full", 6), ("jsonl", "none", 11)):
        runs = [r for r in scale["runs"] if r["to"] == to and not r.get("all_current")]
        sizes = [r["documents"] for r in runs]
        for key, name, colour, marker in series:
            values = [r[key] / 1024 for r in runs]
            top = max(top, *values)
            ax.plot(
                sizes,
                values,
                marker=marker,
                fillstyle=fill,
                markersize=size,
                linestyle="-" if to == "json" else "--",
                color=colour,
                label=f"{name}, --to {to}",
            )
    ax.set_xlabel("documents in the corpus folder")
    ax.set_ylabel("peak resident memory (MiB)")
    ax.set_ylim(0, top * 1.3)
    ax.set_title(f"Memory against corpus size (--jobs {scale['jobs']})", fontsize=10)
    ax.legend(fontsize=8, loc="lower right", ncol=2)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    save(fig, path)
    plt.close(fig)


def table(rows: list[tuple[str, str, dict[str, float]]], systems: list[str]) -> str:
    lines = ["| figure | " + " | ".join(systems) + " |", "|---|" + "---:|" * len(systems)]
    for label, _key, values in rows:
        best = max(values.values())
        cells = [
            ("**{:.3f}**" if values[s] == best and len(values) > 1 else "{:.3f}").format(values[s])
            if s in values
            else "-"
            for s in systems
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def page() -> str:
    """docs/benchmarks.md, and the PNGs beside it."""
    html_q = load("quality_html.json")
    text_q = load("quality_text.json")
    for name in ("quality_text_trafilatura_aeb.json", "quality_text_trafilatura_wcxb.json"):
        text_q.update(load(name))
    html, text, jobs, scale = (
        load(n) for n in ("bench_html.json", "bench_text.json", "bench_jobs.json", "bench_scale.json")
    )
    machine = load("machine.json")
    IMAGES.mkdir(parents=True, exist_ok=True)

    html_rows = quality_rows(html_q, "html", ["cleaner", "trafilatura"])
    text_systems = ["cleaner", "c4", "trafilatura"]
    text_rows = quality_rows(text_q, "text", text_systems)
    bar_chart(
        html_rows, ["cleaner", "trafilatura"], "HTML pages: cleaner against trafilatura", IMAGES / "quality_html.png"
    )
    bar_chart(
        text_rows,
        text_systems,
        "Plain-text dumps: cleaner against a C4 line filter and trafilatura",
        IMAGES / "quality_text.png",
    )
    time_chart(html, text, IMAGES / "time_per_page.png")
    jobs_chart(jobs, IMAGES / "jobs.png")
    memory_chart(scale, IMAGES / "memory.png")

    pages = {f"{c}": html_q[f"cleaner/{c}/html"]["pages"] for c in ("aeb", "wcxb", "fundus")}
    mean = {n: sum(v) / len(v) for n, v in html["ms_per_page"].items()}
    median = {n: sorted(v)[len(v) // 2] for n, v in html["ms_per_page"].items()}
    text_rates = text["docs_per_s"]
    text_cpu = text_rates["cleaner text mode"]["cpu"]
    one, two = jobs["seconds"]["1"], jobs["seconds"]["2"]
    commands = [f"python ../shared/eval/score.py {' '.join(a)} --json benchmarks/results/{n}" for n, a in SCORER_RUNS]
    commands += [f"python benchmarks/{s} {' '.join(a)} --json benchmarks/results/{n}" for n, (s, *a) in BENCH_RUNS]
    runs = {(r["to"], r["documents"], bool(r.get("all_current"))): r for r in scale["runs"]}
    sizes = scale["sizes"]
    mem_rows = "\n".join(
        f"| {n} | {runs[('json', n, False)]['main_kib'] / 1024:.0f} "
        f"| {runs[('json', n, False)]['worker_kib'] / 1024:.0f} "
        f"| {runs[('jsonl', n, False)]['main_kib'] / 1024:.0f} | {runs[('json', n, False)]['seconds']:.0f} |"
        for n in sizes
    )
    again = runs[("json", sizes[-1], True)]
    loads = [html.get("load_average"), text.get("load_average"), jobs.get("load_average"), scale.get("load_average")]
    load_text = ", ".join(f"{x:.1f}" for x in loads if x is not None)
    return f"""# Benchmarks

<!-- Made by benchmarks/make_docs.py from benchmarks/results/*.json; edit that script, not this page. -->

How well `cleaner` separates articles from boilerplate, and how fast, measured by the benchmarks in this
repository. **Machine**: {machine["cpu_count"]} cores ({machine["processor"]}), Python {machine["python"]},
shared with other work while the benchmarks ran (load average {load_text} at the end of the timing runs),
so every benchmark ran **once, at a modest size**: the quality figures do not depend on that, the times are
a rough guide, and a quiet machine gives better ones. Regenerate with `python benchmarks/make_docs.py --run`.

## Quality on the development corpora

`../shared/eval/score.py` scores records against third-party gold on the three dev corpora: AEB
({pages["aeb"]} pages, article body), WCXB ({pages["wcxb"]} pages: body, title, first author, date) and fundus
({pages["fundus"]} pages in many languages: title, authors, date). Body: F1 of word 4-gram shingles (AEB's
metric); fields: exact match after folding case, quotes and spaces; dates: the same day. The best of each row
is in bold.

### HTML pages

![HTML quality: cleaner against trafilatura](benchmarks/quality_html.png)

{table(html_rows, ["cleaner", "trafilatura"])}

`cleaner` builds on trafilatura's extraction; the difference is what it does after: fields taken from the
page's metadata and its header, boilerplate trafilatura leaves in removed, paragraphs it skips put back.

### Plain-text dumps

Each page turned into the text a scraper saves (html-text, one block a line, menus and captions included);
the HTML is not available to anyone. Peers: a C4-style line filter (keep lines of 3+ words that end in
terminal punctuation) and trafilatura run on the dump, which keeps nearly everything. The line filter has
no fields at all; trafilatura finds no title or author in a dump, and some dates.

![Text-dump quality: cleaner against a C4 line filter and trafilatura](benchmarks/quality_text.png)

{table(text_rows, text_systems)}

## Time per page

HTML mode, {html["pages"]} AEB pages, each system called on the same bytes in turn (best of {html["rounds"]}
round): mean {mean["cleaner"]:.0f} ms a page for `cleaner.clean(fmt="html")` and {mean["trafilatura"]:.0f} ms for
`trafilatura.bare_extraction(with_metadata=True)` (medians {median["cleaner"]:.0f} and {median["trafilatura"]:.0f} ms).
Text mode on the same pages' dumps ({text["pages"]} pages, C modules: {", ".join(text["c_modules"]) or "none"}):
{text_cpu:.0f} pages a second of CPU time ({1000 / text_cpu:.1f} ms a page),
against {text_rates["trafilatura (html)"]["cpu"]:.0f} for trafilatura on the HTML.

![Time per page](benchmarks/time_per_page.png)

## Speed-up with workers

`cleaner corpus_raw -o out --jobs N`, the whole command (start-up, planning, cleaning, writing) on
{jobs["documents"]} generated text dumps: {one:.1f} s with `--jobs 1`, {two:.1f} s with
`--jobs 2`, a speed-up of **{jobs["speedup"]:.2f}x**. Right after, the same machine gave a pure CPU loop in
two processes {jobs["machine_ceiling"]:.2f}x the speed of one: that is the ceiling the other load on its
{jobs["cores"]} cores left, for any program. On a machine whose cores are free, run
`python benchmarks/bench_jobs.py` for the figure that matters to you.

![Speed-up with workers](benchmarks/jobs.png)

## Memory against corpus size

`cleaner raw -o out --jobs {scale["jobs"]}` on {", ".join(str(n) for n in sizes)} generated text dumps, each run in a
fresh process: peak resident memory of the main process (discovery, planning, manifest, writing) and of
the largest worker. It should stay flat as the corpus grows.

| documents | main, --to json (MiB) | largest worker (MiB) | main, --to jsonl (MiB) | seconds (json) |
|---:|---:|---:|---:|---:|
{mem_rows}

Run again over {sizes[-1]} current records (nothing to clean): main process {again["main_kib"] / 1024:.0f} MiB,
{again["seconds"]:.0f} s.

![Memory against corpus size](benchmarks/memory.png)

## Reproduce

    pip install -e '.[bench]'
    python benchmarks/make_docs.py --run     # all of the below, then this page

{chr(10).join("    " + c for c in commands)}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", action="store_true", help="run the benchmarks first (several minutes)")
    args = parser.parse_args(argv)
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        print("make_docs: the plots need matplotlib: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    if args.run:
        run_all()
    text = page()
    target = DOCS / "benchmarks.md"
    partial = target.with_suffix(".md.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)  # never a half-written page
    print(f"make_docs: wrote {target.relative_to(ROOT)} and {IMAGES.relative_to(ROOT)}/*.png", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
