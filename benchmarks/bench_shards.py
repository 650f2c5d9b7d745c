"""Shard throughput and memory: the figures of the crawled-data issue, printed as ratios from one run.

    python benchmarks/bench_shards.py                       # 1 000 HTML records, WET 1 000 and 10 000
    python benchmarks/bench_shards.py --html-records 10000  # the issue's full HTML size (slow on 2 cores)

Needs `pip install -e '.[test,bench]'` (warcio, dask, datatrove; resiliparse and FastWARC from the bench extra)
and the eval pages in ../shared/eval. Inputs are built in a temporary folder: a WARC of the dev pages
(AEB and WCXB, repeated to the size asked, one gzip member per record as crawlers write them) and WET
files of the same pages' text (made with resiliparse's plain-text extraction when it is installed, as
Common Crawl's WET is a plain-text rendering, else lxml's text).

Every timed run is a fresh process (the command's own, `cleaner.cli.main`), so start-up and warm-up are
counted as a user pays them; peak memory is the largest resident set of the command's process and of
its worker processes (getrusage). Printed: records per second, the ratios the issue sets targets for,
reading cost beside cleaning (warcio, FastWARC, the shard reader), and resiliparse for scale.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def pages(corpora: list[str]) -> list[bytes]:
    found = [p for c in corpora for p in sorted((EVAL / c / "html").glob("*.html.gz"))]
    if not found:
        sys.exit(f"no pages under {EVAL}/{{{','.join(corpora)}}}/html")
    return [gzip.decompress(p.read_bytes()) for p in found]


def warc_member(warc_type: str, url: str, block: bytes, content_type: str) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{abs(hash((url, warc_type))):032x}>\r\n"
        f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + block + b"\r\n\r\n", compresslevel=6, mtime=0)


def write_warc(path: Path, docs: list[bytes], count: int) -> None:
    with path.open("wb") as out:
        for i in range(count):
            body = docs[i % len(docs)]
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            kind = "application/http; msgtype=response"
            out.write(warc_member("response", f"https://example.com/{i}", http + body, kind))


def plain_text(html: bytes) -> str:
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        return extract_plain_text(HTMLTree.parse_from_bytes(html), main_content=False)
    except ImportError:  # the page's shown text, as a renderer gives it: scripts and style sheets left out
        import lxml.etree
        import lxml.html

        tree = lxml.html.fromstring(html)
        lxml.etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
        return "\n".join(t.strip() for t in tree.itertext() if t.strip())


def write_wet(path: Path, texts: list[bytes], count: int) -> None:
    with path.open("wb") as out:
        for i in range(count):
            out.write(warc_member("conversion", f"https://example.com/{i}", texts[i % len(texts)], "text/plain"))


# -------------------------------------------------------------------------------- child processes (timed)


def child(kind: str, path: str, jobs: int, out: str) -> None:
    """One timed run in this (fresh) process; prints {seconds, records, rss_self_mb, rss_children_mb}."""
    start = time.perf_counter()
    records = 0
    if kind == "cleaner":
        from cleaner.cli import main

        status = main([path, "-o", out, "--to", "jsonl", "--jobs", str(jobs)])
        if status not in (0, 1):
            sys.exit(f"cleaner exited {status}")
        name = Path(out) / (Path(path).name.split(".")[0] + ".jsonl")
        with name.open("rb") as handle:
            records = sum(1 for _ in handle)
    elif kind == "trafilatura":
        import trafilatura
        from warcio.archiveiterator import ArchiveIterator

        with open(path, "rb") as handle, open(out, "w", encoding="utf-8") as sink:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                html = record.content_stream().read()
                doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
                data = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
                sink.write(json.dumps({k: v for k, v in data.items() if isinstance(v, str | int | None)}) + "\n")
                records += 1
    elif kind == "resiliparse":
        from fastwarc.warc import ArchiveIterator, WarcRecordType
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding
        from resiliparse.parse.html import HTMLTree

        with open(path, "rb") as handle, open(out, "w", encoding="utf-8") as sink:
            for record in ArchiveIterator(handle, record_types=WarcRecordType.response, parse_http=True):
                body = record.reader.read()
                tree = HTMLTree.parse(bytes_to_str(body, detect_encoding(body)))
                sink.write(json.dumps({"text": extract_plain_text(tree, main_content=True)}) + "\n")
                records += 1
    seconds = time.perf_counter() - start
    mb = 1024.0  # ru_maxrss is in KiB on Linux
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "records": records,
                "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / mb,
                "rss_children_mb": workers.ru_maxrss / mb,
                # CPU seconds of the command and its workers: on a busy machine the wall clock says how
                # much CPU the run was given, this says how much work it did
                "cpu": own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime,
            }
        )
    )


def timed(kind: str, path: Path, work: Path, jobs: int = 1) -> dict[str, float]:
    out = work / f"out-{kind}-{path.name}-{jobs}"
    result = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), str(jobs), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    if result.returncode != 0:
        sys.exit(f"{kind} run failed:\n{result.stderr[-2000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["rate"] = data["records"] / data["seconds"]
    return data


def reading_costs(path: Path) -> list[tuple[str, float, int]]:
    """Seconds to read every response with its headers and payload, per library, and our reader's."""
    rows = []
    from warcio.archiveiterator import ArchiveIterator

    start, n = time.perf_counter(), 0
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                record.http_headers.get_header("Content-Type")
                record.content_stream().read()
                n += 1
    rows.append(("warcio", time.perf_counter() - start, n))
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
        from fastwarc.warc import WarcRecordType

        start, n = time.perf_counter(), 0
        with path.open("rb") as handle:
            for record in FastIterator(handle, record_types=WarcRecordType.response, parse_http=True):
                record.http_headers.get("Content-Type")
                record.reader.read()
                n += 1
        rows.append(("FastWARC", time.perf_counter() - start, n))
    except ImportError:
        pass
    from cleaner.shards import iter_documents

    start, n = time.perf_counter(), 0
    for _doc in iter_documents(path):
        n += 1
    rows.append(("cleaner.shards (warcio + HTTP head + charset)", time.perf_counter() - start, n))
    return rows


def engines_identical(wet: Path, work: Path) -> dict[str, Any]:
    """Dask LocalCluster (2 processes) and datatrove's local executor (2 tasks) against one process."""
    from cleaner import clean_many, iter_documents
    from cleaner.integrations.dask import clean_shards

    halves = [work / "e1.warc.wet.gz", work / "e2.warc.wet.gz"]
    data = wet.read_bytes()
    members = _members(data)
    cut = len(members) // 2
    halves[0].write_bytes(b"".join(members[:cut]))
    halves[1].write_bytes(b"".join(members[cut:]))
    single = [r.to_dict() for p in halves for r in clean_many(iter_documents(p), jobs=1)]
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, host="127.0.0.1") as cluster,
        Client(cluster),
    ):
        dask_same = clean_shards(halves).compute() == single
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from loguru import logger

    from cleaner.integrations.datatrove import CleanerExtractor

    logger.remove()  # datatrove logs every task's statistics; only the verdict is wanted here
    out = work / "datatrove"
    reader = WarcReader(str(work), glob_pattern="e*.warc.wet.gz")
    LocalPipelineExecutor(
        pipeline=[reader, CleanerExtractor(timeout=60, fmt="text"), JsonlWriter(str(out))],
        tasks=2,
        workers=2,
        logging_dir=str(work / "datatrove-logs"),
    ).run()
    got = {}
    for path in out.glob("*.jsonl.gz"):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                got[doc["metadata"]["url"]] = doc["text"]
    want = {r["url"]: r["body"] for r in single if r["body"]}
    # datatrove's reader keeps a WET record only when libmagic calls its text text/plain: compare those
    same = bool(got) and all(want.get(url) == body for url, body in got.items())
    return {"dask": dask_same, "datatrove": same, "datatrove_docs": len(got), "docs": len(want)}


def _members(data: bytes) -> list[bytes]:
    import zlib

    members, position = [], 0
    while position < len(data):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        inflater.decompress(data[position:])
        end = len(data) - len(inflater.unused_data)
        members.append(data[position:end])
        position = end
    return members


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--html-records", type=int, default=1000)
    parser.add_argument("--records", type=int, default=10000, help="WET records of the large memory run")
    parser.add_argument("--corpus", default="aeb,wcxb")
    parser.add_argument("--no-engines", action="store_true", help="skip the Dask and datatrove identity check")
    parser.add_argument("--child", nargs=4, metavar=("KIND", "PATH", "JOBS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, path, jobs, out = args.child
        child(kind, path, int(jobs), out)
        return
    docs = pages(args.corpus.split(","))
    with tempfile.TemporaryDirectory(prefix="bench-shards-") as tmp:
        work = Path(tmp)
        warc = work / "dev.warc.gz"
        write_warc(warc, docs, args.html_records)
        texts = [plain_text(d).encode("utf-8") for d in docs]
        small, large = work / "small.warc.wet.gz", work / "large.warc.wet.gz"
        write_wet(small, texts, 1000)
        write_wet(large, texts, args.records)
        print(
            f"inputs: {len(docs)} dev pages ({args.corpus}); WARC {args.html_records} records "
            f"({warc.stat().st_size / 2**20:.0f} MiB); WET 1000 and {args.records} records; cpus {os.cpu_count()}, "
            f"load {os.getloadavg()[0]:.1f}"
        )
        print("\nreading cost (every response, headers and payload):")
        for name, seconds, n in reading_costs(warc):
            print(f"  {name:<48} {seconds:6.2f} s  {n / seconds:8.0f} records/s")

        traf = timed("trafilatura", warc, work)
        one = timed("cleaner", warc, work, jobs=1)
        two = timed("cleaner", warc, work, jobs=2)
        wet_small = timed("cleaner", small, work, jobs=1)
        wet_large = timed("cleaner", large, work, jobs=1)
        try:
            resil: dict[str, float] | None = timed("resiliparse", warc, work)
        except SystemExit:
            resil = None
        print("\nthroughput (records/s, wall clock, fresh process each):")
        print(f"  warcio + trafilatura.bare_extraction(with_metadata=True)  {traf['rate']:7.1f}")
        print(f"  cleaner WARC -> JSONL --jobs 1                           {one['rate']:7.1f}")
        print(f"  cleaner WARC -> JSONL --jobs 2                           {two['rate']:7.1f}")
        print(f"  cleaner WET (text mode) -> JSONL --jobs 1, 1000          {wet_small['rate']:7.1f}")
        print(f"  cleaner WET (text mode) -> JSONL --jobs 1, {args.records:<5}         {wet_large['rate']:7.1f}")
        if resil:
            print(f"  FastWARC + resiliparse extract_plain_text (for scale)    {resil['rate']:7.1f}")
        print("\nratios (target):")
        print(f"  cleaner WARC --jobs 1 / trafilatura pipeline   {one['rate'] / traf['rate']:5.2f}  (>= 1)")
        print(f"  cleaner WET --jobs 1 / trafilatura pipeline    {wet_large['rate'] / traf['rate']:5.2f}  (>= 10)")
        print(f"  --jobs 2 / --jobs 1 (WARC)                     {two['rate'] / one['rate']:5.2f}  (>= 1.7)")
        print(
            f"    CPU seconds per record, --jobs 1: {one['cpu'] / one['records']:.3f}, --jobs 2: "
            f"{two['cpu'] / two['records']:.3f}; CPU the machine gave the run: --jobs 1 "
            f"{one['cpu'] / one['seconds']:.2f} cores, --jobs 2 {two['cpu'] / two['seconds']:.2f} cores "
            f"(load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
        # The same ratios in CPU seconds per record (the command's and its workers'): the work each run did,
        # which a busy machine does not change the way it changes the wall clock.
        per = {name: run["cpu"] / run["records"] for name, run in (("traf", traf), ("one", one), ("wet", wet_large))}
        print(
            f"  in CPU per record: trafilatura {per['traf'] * 1000:.1f} ms, cleaner WARC {per['one'] * 1000:.1f} ms, "
            f"cleaner WET {per['wet'] * 1000:.1f} ms; WARC ratio {per['traf'] / per['one']:.2f}, "
            f"WET ratio {per['traf'] / per['wet']:.2f}"
        )
        for label, key in (("command process", "rss_self_mb"), ("largest worker", "rss_children_mb")):
            a, b = wet_small[key], wet_large[key]
            print(
                f"  peak memory, {label:<16} 1000: {a:6.1f} MB  {args.records}: {b:6.1f} MB  "
                f"ratio {b / a:4.2f}  (<= 1.10)"
            )
        if not args.no_engines:
            same = engines_identical(small, work)
            print(f"  Dask LocalCluster (2 processes) records identical to one process: {same['dask']}")
            print(
                f"  datatrove LocalPipelineExecutor (2 tasks) bodies identical:       {same['datatrove']} "
                f"({same['datatrove_docs']} of {same['docs']} records: its reader skips what libmagic does not "
                "call text/plain)"
            )


if __name__ == "__main__":
    main()
