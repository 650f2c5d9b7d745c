"""A datatrove pipeline step that cleans each Document's HTML or text (pip install 'cleaner[datatrove]').

It goes wherever datatrove's own extractors (Trafilatura, ...) go: after a reader, before filters.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerExtractor

    LocalPipelineExecutor(
        pipeline=[WarcReader("crawl/"), CleanerExtractor(timeout=30), JsonlWriter("clean/")],
        tasks=8, workers=8,
    ).run()

The same pipeline runs on a cluster with datatrove's SlurmPipelineExecutor (or its Ray executor):
only the executor changes. Each document's text becomes the record's body; the record's fields go into
`doc.metadata` (title, section, byline, authors, dateline, date_published, language, attribution,
record_id: the record's `date` and `id` are renamed because datatrove's readers already use `date` for
the crawl time and `id` for their own id). A document whose record is empty is dropped and counted under
its reason in the step's stats, as datatrove's extractors drop what they cannot extract.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from datatrove.data import Document as DatatroveDocument
from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
from datatrove.utils.typeshelper import StatHints

from cleaner.pipeline import clean
from cleaner.ruleset.load import Rules, load_rules

METADATA_FIELDS = ("title", "section", "byline", "authors", "dateline", "date", "language", "attribution", "id")
# datatrove's readers already fill "date" (the crawl time) and "id"; the record's go under other names.
RENAMED = {"date": "date_published", "id": "record_id"}
WARM_UP = ("<html><body><p>Warm up the HTML reader with a sentence or two of text.</p></body></html>", None, "auto")


class CleanerExtractor(BaseExtractor):
    """Body into `doc.text`, fields into `doc.metadata`, each document with a time limit.

    >>> step = CleanerExtractor(timeout=30, fmt="auto", metadata_fields=("title", "authors"))
    >>> step.extract("<h1>Title</h1><p>A paragraph of the story.</p>")              # doctest: +SKIP
    'A paragraph of the story.'
    """

    name = "🧹 cleaner"

    def __init__(
        self,
        timeout: float = 30.0,
        *,
        fmt: str = "auto",
        rules: Rules | str | None = None,
        metadata_fields: tuple[str, ...] = METADATA_FIELDS,
        metadata_prefix: str = "",
        url_key: str = "url",
    ) -> None:
        super().__init__(timeout)
        self.fmt, self.url_key = fmt, url_key
        self.metadata_fields, self.metadata_prefix = metadata_fields, metadata_prefix
        # Rules are loaded here, in the parent, and travel to the tasks with the step (datatrove pickles it).
        self.rules = rules if isinstance(rules, Rules) else load_rules(rules)

    def extract(self, text: str) -> str:
        """The body of one page: the contract of datatrove's extractors (text in, text out)."""
        return clean(text, fmt=self.fmt, rules=self.rules).body

    def clean_fields(self, text: str, url: str | None, fmt: str) -> dict[str, Any]:
        """Runs in datatrove's sandbox process: the record as a dict (what crosses the pipe back)."""
        return clean(text, url=url, fmt=fmt, rules=self.rules).to_dict()

    def run(self, data: Iterator[DatatroveDocument], rank: int = 0, world_size: int = 1) -> Iterator[DatatroveDocument]:
        # datatrove's own sandbox: a child process per task that is killed and replaced past the time limit
        with ExtractorSandbox(timeout=self.timeout, warmup_text=WARM_UP) as sandbox:
            for doc in data:
                self.stat_update(StatHints.total)
                url = doc.metadata.get(self.url_key)
                with self.track_time():
                    try:
                        record = sandbox.process_document(
                            (doc.text, url if isinstance(url, str) else None, self.fmt), self.clean_fields
                        )
                    except TimeoutError:
                        self.stat_update("timeout")
                        continue
                    except EOFError:  # the sandbox process died (out of memory)
                        self.stat_update("broken_process")
                        continue
                    except Exception:  # a bug on one page; counted, the rest goes on
                        self.stat_update("clean_error")
                        continue
                if not record["body"]:
                    self.stat_update(StatHints.dropped)
                    # under the reason's kind: "empty input", "no body text found", "unreadable input"
                    self.stat_update((record.get("reason") or "no body text found").split(":")[0])
                    continue
                doc.text = record["body"]
                for key in self.metadata_fields:
                    doc.metadata[self.metadata_prefix + RENAMED.get(key, key)] = record[key]
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc
