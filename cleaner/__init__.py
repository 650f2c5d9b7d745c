"""cleaner: web boilerplate cleaner and article normaliser.

>>> import cleaner
>>> rec = cleaner.clean(open("page.html", "rb").read(), url="https://example.com/story")  # doctest: +SKIP
>>> rec.title, rec.authors, rec.body                                                        # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from cleaner.batch import clean_many
from cleaner.errors import CleanerError, InputError, RuleError
from cleaner.pipeline import Explained, Format, clean, explain, sniff
from cleaner.record import Dateline, Record, Removed, json_schema
from cleaner.ruleset.load import Rules, load_rules
from cleaner.shards import Document, iter_documents

__all__ = [
    "CleanerError",
    "Dateline",
    "Document",
    "Explained",
    "Format",
    "InputError",
    "Record",
    "Removed",
    "RuleError",
    "Rules",
    "__version__",
    "clean",
    "clean_many",
    "explain",
    "iter_documents",
    "json_schema",
    "load_rules",
    "sniff",
]
