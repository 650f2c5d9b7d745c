"""The one pipeline: read (html | text) -> blocks -> labels -> fields -> normalise -> Record.

>>> rec = clean("MOSCOW (AP) — Putin said on Wednesday that he accepted an invitation to visit China.")
>>> rec.dateline.place, rec.body
('Moscow', 'Putin said on Wednesday that he accepted an invitation to visit China.')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cleaner.blocks import BODY, Block, Label
from cleaner.errors import InputError
from cleaner.fields.attribution import split_attribution
from cleaner.fields.byline import dated_byline_authors, parse_byline
from cleaner.fields.date import day_first_order, find_date, labelled_dates, parse_iso, publication_date, url_date
from cleaner.fields.dateline import parse_dateline
from cleaner.fields.declared_language import fits
from cleaner.fields.language import detect_language
from cleaner.fields.title import drop_glued_kicker, strip_site_name
from cleaner.label.bylines import (
    NAME_LINE_RULES,
    bare_name,
    name_after_date,
    name_before_date,
    names_after_marker,
)
from cleaner.label.dump import label_blocks
from cleaner.label.header import GLUED_KICKER_RULE
from cleaner.label.html import label_html_blocks
from cleaner.normalise import normalise_text, strip_unbalanced_quote
from cleaner.read.decode import decode
from cleaner.read.html import Hints, read_html
from cleaner.read.markup import visible_lines
from cleaner.read.text import read_text
from cleaner.record import UNREADABLE, Dateline, Record, removed_records
from cleaner.ruleset.load import BOILERPLATE_KINDS, Rules, load_rules

FORMATS = ("auto", "html", "text")
# Markup that marks a document as HTML when it opens with it or uses it repeatedly.
HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|span|a|article|section|script|table|br|h[1-6]|ul|li)\b",
    re.IGNORECASE,
)
HTML_MIN_TAGS = 3  # this many tags in the first SNIFF_CHARS make a document HTML
SNIFF_CHARS = 5000
DATELINE_SEARCH = 3  # HTML: paragraphs searched for a dateline
STANDFIRST_MAX_WORDS = 40  # a paragraph before the dateline is a standfirst only if it is this short
HTML_LANGUAGE_SAMPLE = 800  # characters of an HTML body given to langdetect
# Characters of a document searched for its date when no date line was found (dates farther down belong
# to comments and archives) and for numeric dates that show whether the day comes first.
DATE_SEARCH_CHARS = 50_000
DATE_LINE_MAX_WORDS = 14  # a line that dates the page is short ("Published Sept. 20, 2023 3:05 PM")
PROSE_MIN_WORDS = 40  # a block this long is prose, where a date is an event's, not the page's
UPDATE_NEIGHBOURS = 3  # lines either side of an "Updated" line searched for the publication date
EARLIER_DATE_LINES = 2  # lines above an unlabelled date line searched for an earlier one (the publication)
TITLE_LINE_RULES = frozenset({"page-title", "matches-page-title"})  # labels of a title line that names the site
REMOVED_KINDS = BOILERPLATE_KINDS | {"other"}  # labels whose blocks go to `removed`, under their own kind


@dataclass(frozen=True, slots=True)
class Explained:
    """One block with its final label: what `cleaner --explain` prints."""

    kind: str
    rule: str
    text: str


def clean(
    raw: bytes | str,
    *,
    url: str | None = None,
    source: str | None = None,
    fmt: str = "auto",
    rules: Rules | str | Path | None = None,
) -> Record:
    """Clean one page (HTML or a plain-text dump) into a Record.

    Never raises on bad input: binary or undecodable input gives an empty record whose `reason` says why.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, not {fmt!r}")
    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    rid = record_id(raw)
    try:
        text = decode(raw) if isinstance(raw, bytes) else raw
    except InputError as exc:
        return Record(id=rid, source=source, url=url, reason=UNREADABLE + str(exc))
    blocks, labels, hints = _read_and_label(text, url, fmt, rules)
    record = assemble(blocks, labels, hints, rules, rid=rid, source=source, url=url)
    if not record.body and not record.reason:
        return _with_reason(record, "no body text found" if blocks else "empty input")
    return record


def explain(
    raw: bytes | str, *, url: str | None = None, fmt: str = "auto", rules: Rules | str | Path | None = None
) -> list[Explained]:
    """Every block of the page with its label and the rule that decided it, in document order."""
    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    text = decode(raw) if isinstance(raw, bytes) else raw
    blocks, labels, _hints = _read_and_label(text, url, fmt, rules)
    return [Explained(lab.kind, lab.rule, b.text) for b, lab in zip(blocks, labels, strict=True)]


def sniff(text: str) -> str:
    """'html' or 'text' from the first few thousand characters."""
    head = text[:SNIFF_CHARS]
    stripped = head.lstrip()
    if stripped.startswith("<") and HTML_TAG.match(stripped):
        return "html"
    return "html" if len(HTML_TAG.findall(head)) >= HTML_MIN_TAGS else "text"


def record_id(raw: bytes | str) -> str:
    data = raw.encode("utf-8", errors="surrogatepass") if isinstance(raw, str) else raw
    return hashlib.sha256(data).hexdigest()[:32]


def _read_and_label(text: str, url: str | None, fmt: str, rules: Rules) -> tuple[list[Block], list[Label], Hints]:
    title_line = None
    if (sniff(text) if fmt == "auto" else fmt) == "html":
        # HTML: the markup is not normalised as a whole (mojibake repair of a 300 kB page costs more than
        # extracting it); read_html normalises the text of each block and field instead.
        blocks, hints = read_html(text, url, rules)
        if not blocks:  # lxml drops what lies more than 255 levels deep; a streaming pass has no such limit
            # the fields stay: a page that writes its text with a script still names its title, authors and date
            blocks, hints = visible_lines(text), replace(hints, mode="text")
    else:
        blocks, hints = read_text(normalise_text(text)), Hints()
        # Dumps print the page's <title> first; the body scorer compares lines with it.
        title_line = blocks[0].text if blocks else None
    blocks = split_headers(blocks, rules)
    if hints.mode == "html":  # trafilatura's main content: its own context pass (see html_label)
        labels = label_html_blocks(
            blocks, rules, title=hints.title, authors=hints.authors, section=hints.section, headlines=hints.headlines
        )
        return blocks, labels, hints
    return blocks, label_blocks(blocks, rules, url=url, title_line=title_line), hints


def split_headers(blocks: Sequence[Block], rules: Rules) -> list[Block]:
    """A scraper's 'date 2023-09-20 Trending link' header: a date block, then the link as its own block."""
    out: list[Block] = []
    searched = 0
    for block in blocks:
        if len(out) >= 3:
            break  # a header stands at the top
        searched += 1
        for _id, pattern in rules.headers:
            match = pattern.match(block.text)
            if match:
                out.append(Block.make(match.group("date"), len(out), tag="header", gap_before=block.gap_before))
                if match.group("rest").strip():
                    out.append(Block.make(match.group("rest").strip(), len(out), tag=block.tag, gap_before=False))
                break
        else:
            out.append(block if block.index == len(out) else replace(block, index=len(out)))
    # The rest keep their text and word count; only the index may move (cheap on long dumps).
    start = len(out)
    out += [b if b.index == start + k else replace(b, index=start + k) for k, b in enumerate(blocks[searched:])]
    return out


def assemble(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    hints: Hints,
    rules: Rules,
    *,
    rid: str,
    source: str | None,
    url: str | None,
) -> Record:
    """Fields and body from the labelled blocks; hints fill what the blocks do not say."""
    first: dict[str, Block] = {}
    first_rule: dict[str, str] = {}  # the rule that labelled each of them
    body: list[str] = []
    removed: list[tuple[str, str, str]] = []  # (kind, rule, text): made Removed records at the end, at once
    body_at: list[int] = []  # per body paragraph: how many removed blocks stand before it in the page
    for block, label in zip(blocks, labels, strict=True):
        kind, rule = label.kind, label.rule  # read once: this loop runs for every block of the page
        if rule in TITLE_LINE_RULES:  # a dump's first line is "Headline | Site"
            block = block.with_text(strip_site_name(block.text, (hints.site_name or "",), url=url))
        elif rule == GLUED_KICKER_RULE and blocks:  # "Kicker - Headline" under "Kicker: Headline"
            block = block.with_text(drop_glued_kicker(block.text, blocks[0].text, url=url) or block.text)
        if kind == BODY:
            body.append(block.text)
            body_at.append(len(removed))
        elif kind in REMOVED_KINDS:
            removed.append((kind, rule, block.text))
        else:
            first.setdefault(kind, block)
            first_rule.setdefault(kind, rule)

    dateline = None
    # HTML: a standfirst trafilatura kept may stand before the dateline paragraph (see dateline_paragraph)
    at = dateline_paragraph(body, rules) if hints.mode == "html" else 0
    if body:
        split = parse_dateline(body[at], rules)
        if split:
            dateline, rest = split
            for offset, (para, position) in enumerate(zip(body[:at], body_at[:at], strict=True)):
                # where the paragraph stood, so that `removed` stays in document order
                removed.insert(position + offset, ("other", "before-dateline", para))
            body = ([rest] if rest else []) + body[at + 1 :]
    attribution = None
    if body:
        credit = split_attribution(body[-1], rules)
        if credit:
            rest, attribution = credit
            body = body[:-1] + ([rest] if rest else [])
    if body:
        body[-1] = strip_unbalanced_quote(body[-1])
    body = [p for p in body if p]

    byline_block = first.get("byline")
    date_block = first.get("date")
    authors = tuple(parse_byline(byline_block.text, rules) or ()) if byline_block else ()
    if byline_block and not authors and first_rule["byline"] in NAME_LINE_RULES:  # "Jane Doe" under "By"
        text = byline_block.text  # "Written by Kristin", "Jane Doe, Ph.D."
        authors = tuple(names_after_marker(text, rules) or filter(None, [bare_name(text, rules, single=True)]))
    byline = byline_block.text if byline_block else hints.byline
    if not byline_block and date_block and not hints.authors:
        # "By Jane Doe | Published May 19, 2024", "Jane Doe - Apr 16, 2015": the date line is the byline too
        authors = tuple(
            dated_byline_authors(date_block.text, rules)
            or names_after_marker(date_block.text, rules)
            or name_before_date(date_block.text, rules)
            or name_after_date(date_block.text, rules)
        )
        byline = date_block.text if authors else byline
    if hints.authors and (not authors or hints.mode == "html"):  # a page's metadata names its authors best
        authors = hints.authors
    title = first["title"].text if "title" in first else None
    if hints.title and (not title or hints.mode == "html"):
        title = strip_site_name(hints.title, (hints.site_name or "",))
    body_text = "\n\n".join(body)
    language = _language(hints.language, body_text, hints.mode)
    # the document's own numeric dates (or its language) say whether "03/01/2017" is March or January
    head = "\n".join([b.text for b in blocks])[:DATE_SEARCH_CHARS]  # a list joins faster than a generator
    day_first = day_first_order(head, rules, language)
    # a dump: the day in the URL's path (a CMS's permalink, written when the story is published) first
    date = url_date(url) if hints.mode == "text" else None
    if not date and date_block:
        date = _block_date(blocks, date_block, rules, day_first)
    if hints.date and (not date or hints.mode == "html"):
        date = find_date(hints.date, rules) or date
    if not date and byline_block:  # "By Jane Doe | May 19, 2024"
        date = publication_date(byline_block.text, rules, day_first=day_first)
    if not date and hints.mode == "text":
        # no date line near the headline: the first line with a date that is not prose (a dump shows the
        # story's date before those of comments and related stories), else the first date at all
        date = _first_date_line(blocks, rules, day_first) or publication_date(head, rules, day_first=day_first)
    if dateline and dateline.date and dateline.date.startswith("--"):
        dateline = _dateline_with_year(dateline, date)
    return Record(
        id=rid,
        source=source,
        url=url,
        title=title or None,
        section=(first["section"].text if "section" in first else hints.section) or None,
        byline=byline,
        authors=authors,
        dateline=dateline,
        date=date,
        language=language,
        attribution=attribution or None,
        body=body_text,
        removed=removed_records(removed),
    )


def _block_date(blocks: Sequence[Block], block: Block, rules: Rules, day_first: bool) -> str | None:
    """The date of the date line; when it is labelled as an update ("Updated: May 2, 2024"), a date labelled
    as published, or one with no label, in the lines just around it; when a line just above shows an
    earlier date with no update label, that one (pages show the publication, then the last change)."""
    shown = labelled_dates(block.text, rules, day_first=day_first)
    if not shown:
        return None
    if shown[0][1] is None:
        # a date line right above with an earlier date: the publication, then the last change
        for b in blocks[max(0, block.index - EARLIER_DATE_LINES) : block.index]:
            above = labelled_dates(b.text, rules, day_first=day_first) if b.words <= DATE_LINE_MAX_WORDS else []
            if above and above[0][1] != "updated" and above[0][0][:10] < shown[0][0][:10]:
                return above[0][0]
    if shown[0][1] != "updated":
        published = next((v for v, kind in shown if kind == "published"), None)
        # "May 21, 2025 April 24, 2025 by Jo Roe": two dates with no label, the earlier is the publication
        return published or min((v for v, kind in shown if kind is None), key=lambda v: v[:10])
    near = blocks[max(0, block.index - UPDATE_NEIGHBOURS) : block.index + UPDATE_NEIGHBOURS + 1]
    others = [
        d
        for b in near
        if b.index != block.index and b.words <= DATE_LINE_MAX_WORDS
        for d in labelled_dates(b.text, rules, day_first=day_first)
    ]
    better = next((v for v, kind in others if kind == "published"), None)
    better = better or next((v for v, kind in others if kind is None), None)
    return better or next((v for v, kind in shown if kind != "updated"), shown[0][0])


def _first_date_line(blocks: Sequence[Block], rules: Rules, day_first: bool) -> str | None:
    """The date of the first line that has one and is no paragraph of prose, within the first
    DATE_SEARCH_CHARS characters."""
    seen = 0
    for block in blocks:
        seen += len(block.text)
        if seen > DATE_SEARCH_CHARS:
            break
        if block.words <= PROSE_MIN_WORDS:
            date = publication_date(block.text, rules, day_first=day_first)
            if date:
                return date
    return None


def dateline_paragraph(body: Sequence[str], rules: Rules) -> int:
    """Index of the paragraph that opens with a dateline: the first, or a later one of the first
    DATELINE_SEARCH when only headline-like lines (a standfirst, a teaser: short, no full stop at the
    end) stand before it."""
    for i, paragraph in enumerate(body[:DATELINE_SEARCH]):
        if parse_dateline(paragraph, rules):
            return i
        if len(paragraph.split()) > STANDFIRST_MAX_WORDS or paragraph.rstrip().endswith("."):
            return 0
    return 0


def _language(declared: str | None, body: str, mode: str = "text") -> str | None:
    """The page's declared language when its text fits it (cheap), else langdetect's answer (on a shorter
    sample for HTML, whose body is clean prose: 800 characters decide as well as 2000, in less time)."""
    if declared and fits(declared, body) is not False:
        return declared
    return detect_language(body[:HTML_LANGUAGE_SAMPLE] if mode == "html" else body)


def _dateline_with_year(dateline: Dateline, date: str | None) -> Dateline:
    day = parse_iso(date or "")
    if day is None or dateline.date is None:
        return dateline
    month = int(dateline.date[2:4])
    year = day.year - 1 if month > day.month + 1 else day.year  # a December dateline on a January story
    return Dateline(dateline.text, dateline.place, dateline.region, dateline.agency, f"{year}{dateline.date[1:]}")


def _with_reason(record: Record, reason: str) -> Record:
    from dataclasses import replace

    return replace(record, reason=reason)
