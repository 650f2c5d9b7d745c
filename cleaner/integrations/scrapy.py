"""A Scrapy item pipeline that cleans the page each item carries (pip install 'cleaner[scrapy]').

    # settings.py
    ITEM_PIPELINES = {"cleaner.integrations.scrapy.CleanerPipeline": 500}
    CLEANER_HTML_FIELD = "html"             # the item field holding the page (bytes or str); default "html"
    CLEANER_URL_FIELD = "url"               # default "url"
    CLEANER_OUTPUT_FIELD = "record"         # the whole record as a dict goes here; None: not added
    CLEANER_FIELDS = ["title", "body"]      # record fields copied onto the item as they are; default none
    CLEANER_KEEP_HTML = False               # drop the page from the item once cleaned (smaller feeds)
    CLEANER_FORMAT = "auto"                 # or "html" / "text"
    CLEANER_RULES = "my_rules/"             # a rules folder extending the built-in rules

    # the spider
    def parse(self, response):
        yield {"url": response.url, "html": response.body}

Items of any kind itemadapter knows (dict, scrapy.Item, dataclass, attrs); a dataclass or attrs item must
declare the output fields. Cleaning runs in the crawl's process (a page takes milliseconds; Scrapy runs
one pipeline call at a time per item). An item without the page gets an empty record whose reason says
so, like any bad input: the crawl goes on, and a spider that wants such items gone drops them on `reason`.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from cleaner.pipeline import clean, record_id
from cleaner.record import FIELDS, UNREADABLE, Record
from cleaner.ruleset.load import Rules, load_rules

DEFAULTS: dict[str, Any] = {
    "CLEANER_HTML_FIELD": "html",
    "CLEANER_URL_FIELD": "url",
    "CLEANER_OUTPUT_FIELD": "record",
    "CLEANER_FIELDS": [],
    "CLEANER_KEEP_HTML": True,
    "CLEANER_FORMAT": "auto",
    "CLEANER_RULES": None,
}


class CleanerPipeline:
    """Adds the cleaner's record (or chosen fields of it) to every item; see the module docstring.

    >>> pipeline = CleanerPipeline(output_field="record", fields=("title",))
    >>> item = pipeline.process_item({"url": "https://e.com/a", "html": "<h1>Hi</h1><p>Text.</p>"})
    >>> sorted(item)                                                                 # doctest: +SKIP
    ['html', 'record', 'title', 'url']
    """

    def __init__(
        self,
        *,
        html_field: str = "html",
        url_field: str | None = "url",
        output_field: str | None = "record",
        fields: tuple[str, ...] | list[str] = (),
        keep_html: bool = True,
        fmt: str = "auto",
        rules: Rules | str | None = None,
    ) -> None:
        unknown = [f for f in fields if f not in FIELDS and f != "reason"]
        if unknown:
            raise ValueError(f"CLEANER_FIELDS: not record fields: {', '.join(unknown)} (fields: {', '.join(FIELDS)})")
        if output_field is None and not fields:
            raise ValueError("CLEANER_OUTPUT_FIELD is None and CLEANER_FIELDS is empty: nothing would be added")
        self.html_field, self.url_field, self.output_field = html_field, url_field, output_field
        self.fields, self.keep_html, self.fmt = tuple(fields), keep_html, fmt
        self.rules = rules if isinstance(rules, Rules) else load_rules(rules)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanerPipeline:
        settings = crawler.settings

        def get(name: str) -> Any:
            return settings.get(name, DEFAULTS[name])

        output = get("CLEANER_OUTPUT_FIELD")
        return cls(
            html_field=get("CLEANER_HTML_FIELD"),
            url_field=get("CLEANER_URL_FIELD") or None,
            output_field=output or None,
            fields=tuple(settings.getlist("CLEANER_FIELDS", DEFAULTS["CLEANER_FIELDS"])),
            keep_html=settings.getbool("CLEANER_KEEP_HTML", DEFAULTS["CLEANER_KEEP_HTML"]),
            fmt=get("CLEANER_FORMAT"),
            rules=get("CLEANER_RULES"),
        )

    # `spider` has a default so that Scrapy 2.13+ calls process_item(item) and older Scrapy (item, spider).
    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        record = self.record_of(adapter)
        data = record.to_dict()
        if self.output_field:
            _set(adapter, self.output_field, data)
        for name in self.fields:
            _set(adapter, name, data.get(name))
        if not self.keep_html and self.html_field in adapter:
            del adapter[self.html_field]
        return item

    def record_of(self, adapter: ItemAdapter) -> Record:
        """The record of the item's page; an empty one with the reason when the item holds none."""
        url = adapter.get(self.url_field) if self.url_field else None
        url = url if isinstance(url, str) else None
        raw = adapter.get(self.html_field)
        if not isinstance(raw, bytes | str):
            why = f"the item has no {self.html_field!r} field" if raw is None else (
                f"the item's {self.html_field!r} field is a {type(raw).__name__}, not bytes or text"
            )
            return Record(id=record_id(b""), url=url, reason=UNREADABLE + why)
        return clean(raw, url=url, fmt=self.fmt, rules=self.rules)


def _set(adapter: ItemAdapter, name: str, value: Any) -> None:
    try:
        adapter[name] = value
    except KeyError:
        # a dataclass, attrs or scrapy.Item item takes only the fields it declares
        raise KeyError(
            f"{type(adapter.item).__name__} has no field {name!r}: declare it on the item class, "
            "or change CLEANER_OUTPUT_FIELD / CLEANER_FIELDS"
        ) from None
