"""Run by tests/test_integrations_scrapy.py in a subprocess (Twisted's reactor cannot restart in one
process): crawl START_URL and the pages it links, clean each through CleanerPipeline, export with FEEDS.

    python -m tests._scrapy_crawl http://127.0.0.1:PORT/index.html OUT.jsonl
"""

from __future__ import annotations

import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class PagesSpider(scrapy.Spider):
    name = "pages"

    def __init__(self, start: str, **kw: object) -> None:
        super().__init__(**kw)
        self.start_urls = [start]

    def parse(self, response: scrapy.http.Response):  # type: ignore[no-untyped-def]
        if response.url.endswith("/index.html"):
            yield from response.follow_all(css="a", callback=self.parse_page)

    def parse_page(self, response: scrapy.http.Response):  # type: ignore[no-untyped-def]
        yield {"url": response.url, "html": response.body}


def main(start: str, out: str) -> None:
    process = CrawlerProcess(
        settings={
            "ITEM_PIPELINES": {"cleaner.integrations.scrapy.CleanerPipeline": 500},
            "CLEANER_FIELDS": ["title", "body"],
            "CLEANER_KEEP_HTML": False,  # bytes would not go into a JSON feed, and the record is what counts
            "FEEDS": {out: {"format": "jsonlines", "encoding": "utf-8"}},
            "ROBOTSTXT_OBEY": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "HTTPERROR_ALLOW_ALL": False,
        }
    )
    process.crawl(PagesSpider, start=start)
    process.start()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
