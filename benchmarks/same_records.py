"""Do two commits make the same records? Every dev page, as HTML and as an html-text dump, plus corpus_raw/.

    python benchmarks/same_records.py --against HEAD~1      # the working tree against an older commit

A change that must not change behaviour (a move, a split, a rename) is checked by cleaning every page of
the eval corpora (../shared/eval: AEB, WCXB, fundus), in html mode and in text mode on html-text's dump
(score.py's default renderer), and every file of corpus_raw/, with both versions of the code, and comparing
the records' JSON byte for byte. The older commit is built as a wheel (its C modules included) into a
temporary folder and run by the same interpreter, so only the package's code differs.

Prints one line per differing document (at most 20) and a summary; exits 1 when any record differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"

# Run in a child interpreter with one version of the package on its path: prints "name<TAB>sha256" lines.
CHILD = r"""
import gzip, hashlib, json, sys
from pathlib import Path
import cleaner
sys.path.insert(0, sys.argv[2])
import score
pages = []
for corpus, reader in (("aeb", score.aeb_pages), ("wcxb", score.wcxb_pages), ("fundus", score.fundus_pages)):
    for page in reader():
        pages.append((f"{corpus}/{page['id']}", page["path"], page.get("url")))
for name, path, url in pages:
    raw = score._read(path)
    for mode, data in (("html", raw), ("text", score.render_text(raw))):
        rec = cleaner.clean(data, url=url, fmt=mode).to_json()
        print(f"{name}:{mode}\t{hashlib.sha256(rec.encode()).hexdigest()}", flush=True)
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.is_file():
        rec = cleaner.clean(path.read_bytes(), source=str(path)).to_json()
        print(f"corpus_raw/{path.name}\t{hashlib.sha256(rec.encode()).hexdigest()}", flush=True)
"""


def digests(package_path: Path | None) -> dict[str, str]:
    """name -> sha256 of its record, made by the package found first on `package_path` (or the installed one)."""
    env = dict(os.environ)
    if package_path is not None:
        env["PYTHONPATH"] = str(package_path) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT / "corpus_raw"), str(EVAL)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),  # not the checkout: `import cleaner` must find the package on the path
    ).stdout
    return dict(line.split("\t") for line in out.splitlines())


def build(commit: str, into: Path) -> Path:
    """The package of `commit`, built as a wheel (C modules included) and unpacked into `into`."""
    source = into / "src"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(source), commit], check=True)
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(into / "wheel"), str(source)],
            check=True,
            capture_output=True,
        )
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(source)], check=True)
    wheel = next((into / "wheel").glob("*.whl"))
    target = into / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def _digest(records: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", required=True, metavar="COMMIT", help="the commit whose records are expected")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        old = digests(build(args.against, Path(tmp)))
    new = digests(None)
    differing = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
    for name in differing[:20]:
        print(f"differs: {name}")
    by_kind = {kind: sum(1 for n in old if n.endswith(kind)) for kind in (":html", ":text")}
    print(
        f"{len(old)} records compared ({by_kind[':html']} html, {by_kind[':text']} html-text dumps, "
        f"{len(old) - sum(by_kind.values())} corpus_raw): {len(old) - len(differing)} identical, "
        f"{len(differing)} different; digest of all: {_digest(new)}"
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
