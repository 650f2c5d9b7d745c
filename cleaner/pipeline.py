"""The one pipeline: read (html | text) -> blocks -> labels -> fields -> normalise -> Record.

>>> rec = clean("MOSCOW (AP) — Putin said on Wednesday that he accepted an invitation to visit China.")
>>> rec.dateline.place, rec.body
('Moscow', 'Putin said on Wednesday that he accepted an invitation to visit China.')
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from cleaner.blocks import BODY, Block, Label
from cleaner.errors import InputError
from cleaner.explanation import Explained, field_sources
from cleaner.fields.attribution import split_attribution
from cleaner.fields.byline import dated_byline_authors, parse_byline
from cleaner.fields.date import day_first_order, find_date, parse_iso, publication_date, url_date
from cleaner.fields.dateline import parse_dateline
from cleaner.fields.declared_language import fits
from cleaner.fields.language import detect_language
from cleaner.fields.page_date import DATE_SEARCH_CHARS, date_of_line, first_date_line
from cleaner.fields.title import cut_glued_tail, drop_glued_kicker, edge_marks_dropped, strip_site_name, unspaced_colon
from cleaner.label.bylines import (
    MORE_NAMES_RULE,
    NAME_LINE_RULES,
    bare_names,
    name_after_date,
    name_before_date,
    names_after_marker,
)
from cleaner.label.dump import label_blocks
from cleaner.label.header import GLUED_KICKER_RULE, GLUED_TAIL_RULE
from cleaner.label.html import label_html_blocks
from cleaner.label.html_dropped import is_dropped
from cleaner.markdown import PLAIN, SHAPE_TAGS, Shape
from cleaner.normalise import normalise_text, strip_unbalanced_quote
from cleaner.read.decode import decode, scrub
from cleaner.read.html import Hints, read_html
from cleaner.read.markup import visible_lines
from cleaner.read.sniff import sniff
from cleaner.read.text import read_text
from cleaner.record import UNREADABLE, Dateline, Record, removed_records
from cleaner.ruleset.load import BOILERPLATE_KINDS, Rules, fold_phrase, load_rules

FORMATS = ("auto", "html", "text")
DATELINE_SEARCH = 3  # HTML: paragraphs searched for a dateline
STANDFIRST_MAX_WORDS = 40  # a paragraph before the dateline is a standfirst only if it is this short
HTML_LANGUAGE_SAMPLE = 800  # characters of an HTML body given to langdetect
SPACING_SAMPLE = 4000  # characters of the body that show whether the text spaces its colons (French)
TITLE_LINE_RULES = frozenset({"page-title", "matches-page-title"})  # labels of a title line that names the site
SHAPES = {tag: Shape(shape) for tag, shape in SHAPE_TAGS.items()}  # a block's tag -> its plain Shape
REMOVED_KINDS = BOILERPLATE_KINDS | {"other"}  # labels whose blocks go to `removed`, under their own kind


Format = Literal["auto", "html", "text"]
RulesArg = Rules | str | Path | None


def clean(
    raw: bytes | str,
    *,
    url: str | None = None,
    source: str | None = None,
    fmt: Format = "auto",
    rules: RulesArg = None,
) -> Record:
    """Clean one page (HTML or a plain-text dump) into a Record.

    `raw` is bytes (decoded here, gzip included) or str; `rules` a Rules from load_rules(), or the path of a
    rules folder (loaded once, and again only when its files change). Never raises on bad input: binary or
    undecodable input gives an empty record whose `reason` says why. Wrong argument types raise TypeError.

    >>> clean(b"").reason
    'empty input'
    """
    raw = _checked_args(raw, url=url, source=source, fmt=fmt, rules=rules)
    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    url, source = scrub(url), scrub(source)
    rid = record_id(raw)
    try:
        text = decode(raw) if isinstance(raw, bytes) else scrub(raw)
    except InputError as exc:
        return Record(id=rid, source=source, url=url, reason=UNREADABLE + str(exc))
    blocks, labels, hints = _read_and_label(text, url, fmt, rules)
    record = assemble(blocks, labels, hints, rules, rid=rid, source=source, url=url)
    if not record.body and not record.reason:
        return _with_reason(record, "no body text found" if blocks else "empty input")
    return record


def explain(
    raw: bytes | str, *, url: str | None = None, fmt: Format = "auto", rules: RulesArg = None
) -> list[Explained]:
    """Every block of the page with the label the record used for it and the rule that decided it, in
    document order (`explanation.explain_page` adds where each field came from).

    Unlike clean(), binary or undecodable bytes raise InputError: there are no blocks to explain.
    """
    from cleaner.explanation import explain_page

    raw = _checked_args(raw, url=url, source=None, fmt=fmt, rules=rules)
    return explain_page(raw, url=scrub(url), fmt=fmt, rules=rules).blocks


def _checked_args(raw: object, *, url: object, source: object, fmt: object, rules: object) -> bytes | str:
    """TypeError or ValueError for arguments clean() cannot take, saying what it accepts; bytearray and
    memoryview are read as bytes."""
    if isinstance(raw, bytearray | memoryview):
        raw = bytes(raw)
    if not isinstance(raw, bytes | str):
        raise TypeError(f"raw must be bytes or str (the page), not {type(raw).__name__}")
    for name, value in (("url", url), ("source", source)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be one of {', '.join(map(repr, FORMATS))}, not {type(fmt).__name__}")
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if rules is not None and not isinstance(rules, Rules | str | Path):
        raise TypeError(f"rules must be a Rules, a folder path (str or Path) or None, not {type(rules).__name__}")
    return raw


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
    trace: dict[str, Any] | None = None,
) -> Record:
    """Fields and body from the labelled blocks; hints fill what the blocks do not say.

    `trace`, when given, receives "labels" (each block's label as the record used it) and "sources" (field ->
    where its value came from), for explain()."""
    first: dict[str, Block] = {}
    final: list[Label] | None = [] if trace is not None else None
    body_blocks: list[int] = []  # (traced) per body paragraph: the index of its block
    first_rule: dict[str, str] = {}  # the rule that labelled each of them
    body: list[str] = []
    shapes = dict(hints.shapes)
    body_shapes: list[Shape] = []  # what each body paragraph was on the page (HTML), for Markdown
    removed: list[tuple[str, str, str]] = []  # (kind, rule, text): made Removed records at the end, at once
    more_names: list[str] = []  # a byline's name lines after its first (label/bylines.py, MORE_NAMES_RULE)
    body_at: list[int] = []  # per body paragraph: how many removed blocks stand before it in the page
    for block, label in zip(blocks, labels, strict=True):
        kind, rule = label.kind, label.rule  # read once: this loop runs for every block of the page
        if rule in TITLE_LINE_RULES:  # a dump's first line is "Headline | Site"
            block = block.with_text(strip_site_name(block.text, (hints.site_name or "",), url=url))
        elif rule == GLUED_KICKER_RULE and blocks:  # "Kicker - Headline" under "Kicker: Headline"
            block = block.with_text(drop_glued_kicker(block.text, blocks[0].text, url=url) or block.text)
        elif rule == GLUED_TAIL_RULE and blocks:  # "Headline Standfirst ..." under "Headline | Site"
            head = strip_site_name(blocks[0].text, url=url)
            block = block.with_text(cut_glued_tail(block.text, head) or block.text)
        if kind == BODY:
            body.append(block.text)
            body_shapes.append(shapes.get(block.text) or SHAPES.get(block.tag, PLAIN))
            body_at.append(len(removed))
        elif kind in REMOVED_KINDS:
            removed.append((kind, rule, block.text))
        elif kind in first:  # a second title, byline or date line: accounted for, not a field
            if rule == MORE_NAMES_RULE:  # "Von" / "Jo Roe" / "Ann Poe": the byline's further name lines
                more_names.append(block.text)
            label = Label("other", f"second-{kind}")
            removed.append(("other", label.rule, block.text))
        else:
            first[kind] = block
            first_rule[kind] = rule
        if final is not None:
            if kind == BODY:
                body_blocks.append(len(final))
            final.append(label)

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
                if final is not None:
                    final[body_blocks[offset]] = Label("other", "before-dateline")
            body = ([rest] if rest else []) + body[at + 1 :]
            body_shapes = body_shapes[at : at + 1 if rest else at] + body_shapes[at + 1 :]
    attribution = None
    if body:
        credit = split_attribution(body[-1], rules)
        if credit:
            rest, attribution = credit
            body = body[:-1] + ([rest] if rest else [])
            body_shapes = body_shapes[: len(body)]
    if body:
        body[-1] = strip_unbalanced_quote(body[-1])
    body_shapes = [shape for p, shape in zip(body, body_shapes, strict=True) if p]
    body = [p for p in body if p]

    byline_block = first.get("byline")
    date_block = first.get("date")
    authors = tuple(parse_byline(byline_block.text, rules) or ()) if byline_block else ()
    if byline_block and not authors and first_rule["byline"] in NAME_LINE_RULES:  # "Jane Doe" under "By"
        text = byline_block.text  # "Written by Kristin", "Jane Doe, Ph.D."
        authors = tuple(names_after_marker(text, rules) or bare_names(text, rules, single=True))
        authors += tuple(n for line in more_names for n in bare_names(line, rules) if n not in authors)
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
    body_text = "\n\n".join(body)
    # a dump's headline line keeps a kicker's colon as the text writes colons ("Kultur : Titel" -> "Kultur: Titel")
    title = edge_marks_dropped(first["title"].text) if "title" in first else None
    title = unspaced_colon(title, body_text[:SPACING_SAMPLE]) if title else None
    if hints.title and (not title or hints.mode == "html"):
        title = strip_site_name(hints.title, (hints.site_name or "",))
    language = _language(hints.language, body_text, hints.mode)
    # the document's own numeric dates (or its language) say whether "03/01/2017" is March or January
    # (HTML: the main content only; the lines trafilatura dropped hold other stories' dates)
    head = "\n".join([b.text for b in blocks if not is_dropped(b)])[:DATE_SEARCH_CHARS]
    day_first = day_first_order(head, rules, language)
    # a dump: the day in the URL's path (a CMS's permalink, written when the story is published) first
    date = url_date(url) if hints.mode == "text" else None
    if not date and date_block:
        date = date_of_line(blocks, date_block, rules, day_first)
    if hints.date and (not date or hints.mode == "html"):
        date = find_date(hints.date, rules) or date
    if not date and byline_block:  # "By Jane Doe | May 19, 2024"
        date = publication_date(byline_block.text, rules, day_first=day_first)
    if not date and hints.mode == "text":
        # no date line near the headline: the first line with a date that is not prose (a dump shows the
        # story's date before those of comments and related stories), else the first date at all
        date = first_date_line(blocks, rules, day_first) or publication_date(head, rules, day_first=day_first)
    if dateline and dateline.date and dateline.date.startswith("--"):
        dateline = _dateline_with_year(dateline, date)
    about = hints.about
    title, authors = not_the_site(title, authors, about.site_name)
    if trace is not None:
        trace["labels"] = final
        trace["sources"] = field_sources(first, labels, hints, title=title, authors=authors, date=date)
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
        canonical_url=about.canonical_url,
        site_name=about.site_name,
        description=about.description,
        image=about.image,
        tags=about.tags,
        structure=tuple(body_shapes) if any(shape != PLAIN for shape in body_shapes) else (),
    )


def not_the_site(title: str | None, authors: tuple[str, ...], site: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The site's own name is never the title (it is `site_name`). It stays an author when the page credits
    no person but the outlet itself ("By Metro News"; see README, authors)."""
    if site and title and fold_phrase(title) == fold_phrase(site):
        title = None
    return title, authors


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
