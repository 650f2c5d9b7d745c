"""The Scrapy item pipeline: a real crawl against a local server, and items of every kind itemadapter knows."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from cleaner import clean
from cleaner.integrations.scrapy import CleanerPipeline
from tests._http_server import serving, site
from tests._shard_util import page_bytes
from tests.conftest import ROOT

PAGE = (
    b"<html><head><title>A story</title></head>"
    b"<body><h1>A story</h1><p>The body of the story, a sentence.</p></body></html>"
)


@pytest.mark.slow
def test_a_real_crawl_exports_the_records_clean_makes(tmp_path: Path, rules) -> None:
    pages = page_bytes()
    out = tmp_path / "items.jsonl"
    with serving(site(tmp_path / "site", pages)) as base:
        result = subprocess.run(
            [sys.executable, "-m", "tests._scrapy_crawl", f"{base}/index.html", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(items) == len(pages), result.stderr[-3000:]
        for item in items:
            name = item["url"].rsplit("/", 1)[1].removesuffix(".html")
            expected = clean(pages[name], url=item["url"], rules=rules).to_dict()
            assert item["record"] == expected
            assert item["title"] == expected["title"] and item["body"] == expected["body"]
            assert "html" not in item  # CLEANER_KEEP_HTML = False


@dataclasses.dataclass
class PageItem:
    url: str
    html: bytes
    record: dict | None = None
    title: str | None = None


@attrs.define
class AttrsItem:
    url: str
    html: str
    body: str | None = None


def test_dict_dataclass_and_attrs_items(rules) -> None:
    expected = clean(PAGE, url="https://e.com/a", rules=rules).to_dict()
    pipeline = CleanerPipeline(fields=("title",), rules=rules)
    d = pipeline.process_item({"url": "https://e.com/a", "html": PAGE})
    assert d["record"] == expected and d["title"] == expected["title"] and d["html"] == PAGE

    dc = pipeline.process_item(PageItem("https://e.com/a", PAGE))
    assert dc.record == expected and dc.title == "A story"

    only_body = CleanerPipeline(output_field=None, fields=("body",), keep_html=True, rules=rules)
    at = only_body.process_item(AttrsItem("https://e.com/a", PAGE.decode()))
    assert at.body == expected["body"]


def test_settings_name_the_fields(rules) -> None:
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(
        settings_dict={
            "CLEANER_HTML_FIELD": "page",
            "CLEANER_URL_FIELD": "link",
            "CLEANER_OUTPUT_FIELD": "cleaned",
            "CLEANER_FIELDS": "title,authors",
            "CLEANER_KEEP_HTML": "False",
        }
    )
    pipeline = CleanerPipeline.from_crawler(crawler)
    item = pipeline.process_item({"page": PAGE, "link": "https://e.com/x"})
    assert set(item) == {"link", "cleaned", "title", "authors"}
    assert item["cleaned"]["url"] == "https://e.com/x" and item["title"] == "A story"


def test_an_item_without_a_page_gets_a_reason_not_a_traceback(rules) -> None:
    pipeline = CleanerPipeline(rules=rules)
    assert "no 'html' field" in pipeline.process_item({"url": "https://e.com/"})["record"]["reason"]
    assert "is a int" in pipeline.process_item({"html": 3})["record"]["reason"]


def test_misconfiguration_is_named() -> None:
    with pytest.raises(ValueError, match="not record fields: headline"):
        CleanerPipeline(fields=("headline",))
    with pytest.raises(KeyError, match="AttrsItem has no field 'record'"):
        CleanerPipeline().process_item(AttrsItem("https://e.com/", "<p>x</p>"))
