"""Random histories of a raw folder (add, change, delete files; run the command) against a from-scratch run:
after every run the clean folder holds exactly what a run on an empty folder would write."""

from __future__ import annotations

import gzip
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from cleaner import cli
from cleaner.corpus.manifest import MANIFEST_NAME

from ._corpus_util import article, html_page, tree

NAMES = ["a.txt", "b.html", "sub/c.txt", "sub/d.htm", "sub/deep/e.txt.gz", "f g é.txt"]


def content(name: str, seed: int) -> bytes:
    if ".htm" in name:
        return html_page(seed).encode()
    text = article(seed, paragraphs=2).encode()
    return gzip.compress(text, mtime=0) if name.endswith(".gz") else text


class CorpusHistory(RuleBasedStateMachine):
    @initialize(
        to=st.sampled_from(["json", "json", "jsonl"]),
        files=st.dictionaries(st.sampled_from(NAMES), st.integers(0, 5), min_size=1),
    )
    def start(self, to: str, files: dict[str, int]) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="corpus-state-"))
        self.raw, self.out = self.base / "raw", self.base / "out"
        self.raw.mkdir()
        self.to = to
        for name, seed in files.items():
            self.write(name, seed)

    def teardown(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    @rule(name=st.sampled_from(NAMES), seed=st.integers(0, 5))
    def write(self, name: str, seed: int) -> None:
        path = self.raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content(name, seed))

    @precondition(lambda self: any(p.is_file() for p in self.raw.rglob("*")))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        files = sorted(p for p in self.raw.rglob("*") if p.is_file())
        data.draw(st.sampled_from(files)).unlink()

    @rule(prune=st.booleans(), jobs=st.sampled_from(["1", "2"]))
    def run(self, prune: bool, jobs: str) -> None:
        args = [str(self.raw), "-o", str(self.out), "--jobs", jobs, "--to", self.to]
        assert cli.main(args + (["--prune"] if prune else [])) == 0
        fresh = self.base / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        assert cli.main([str(self.raw), "-o", str(fresh), "--jobs", "1", "--to", self.to]) == 0
        got, want = tree(self.out), tree(fresh)
        if self.to == "jsonl":  # the JSONL file drops the lines of deleted inputs on every run
            assert got == want
            assert cli.main([*args, "--check"]) == 0
            return
        orphans = sorted(set(got) - set(want))
        if prune:
            assert got == want  # records and manifest, byte for byte
        else:  # orphans stay until a run with --prune; everything else is what a fresh run writes
            assert {k: got[k] for k in want if k != MANIFEST_NAME} == {k: want[k] for k in want if k != MANIFEST_NAME}
            assert sorted(want) == sorted(k for k in got if k not in orphans)
        assert cli.main([*args, "--check"]) == (1 if orphans and not prune else 0)


CorpusHistory.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_corpus_history = CorpusHistory.TestCase
