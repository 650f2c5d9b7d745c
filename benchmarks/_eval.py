"""The table header the scorer-based benchmarks print, in score.py's columns."""

from __future__ import annotations

COLUMNS = ["body_f1", "body_p", "body_r", "title", "authors", "author1", "date", "dl_found", "dl_false", "docs/s"]


def header(first: str) -> str:
    """score.py's header, with `first` naming the row column."""
    return f"{first:<34}" + " ".join(f"{h:>8}" for h in COLUMNS)
