"""The publication date and the section of an HTML page, chosen from its candidates.

The date weighs htmldate's guess against JSON-LD, meta tags and the date the page shows under its
headline, preferring a published date to a modified one and a day the machine-readable metadata
confirms; the section comes from meta tags and categories. Pure: it reads a PageMeta.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cleaner.fields.date import find_date, labelled_dates, parse_iso
from cleaner.read.html_meta import PageMeta
from cleaner.read.html_title import unescape
from cleaner.ruleset.load import Rules

# Meta tags holding the publication date, best first (modified dates are not publication dates).
DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "publishdate", "publish-date",
    "pubdate", "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
    "article.published", "published_time", "cxenseparse:recs:publishtime",
)  # fmt: skip
# Meta tags with the date a page was last changed: not a publication date, but a sign that the metadata
# dates the page (so the visible date after the headline is not needed).
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified")
# htmldate answers January 1st when all it found is a year (a copyright line, a year in the URL):
# that is not a publication day.
YEAR_ONLY_DAY = "-01-01"
SECTION_META = ("article:section", "section", "parsely-section", "og:section", "category")


def choose_date(
    meta: PageMeta, extracted: str | None, rules: Rules, not_after: dt.date | None = None
) -> tuple[str | None, str]:
    """The publication date: the date the page shows under its headline, else htmldate's finding, else
    JSON-LD datePublished or a published-time meta tag.

    The date shown with the headline is what the reader is told; the metadata's published date is often a
    first draft's or a republished story's. It counts unless it is labelled as an update ("Updated May 2")
    or the metadata's own published date is shown too (or lies within a day of it: the same moment written
    in another time zone). When no published-time meta tag (article:published_time, what a publisher
    states for social cards and aggregators) dates the page, the shown date counts even then, and so does
    an update date shown alone: a JSON-LD datePublished by itself is often the day a page rewritten since
    was first created. htmldate weighs the tags and the visible dates of the whole page, and it is right
    more often than the tags when they disagree (a republished story keeps an old datePublished).
    Each candidate is validated (a real day, not after `not_after`, not before 1990), so a copyright
    year or a date in the future does not pass.
    """
    limit = not_after or dt.date.today()
    known = _machine_days(meta)
    extracted = _disambiguated(extracted, known)
    candidates: list[tuple[str | None, str]] = [(extracted, "htmldate")]
    for text, source in ((meta.header_lines, "after-headline"), (meta.above_header_text, "above-headline")):
        shown = [(_disambiguated(d, known) or d, kind) for d, kind in labelled_dates(text or "", rules, limit)]
        header_date = _shown_publication_date(shown)
        if header_date and not _shown_metadata_date(meta, shown, header_date, rules, limit):
            candidates.insert(0, (header_date, source))
            break
        if shown and not _tags_a_published_date(meta):
            # no published-time meta tag: even an update date by the headline beats htmldate's guess from the
            # whole page (a date in a sidebar, a comment, a related story) and a JSON-LD datePublished, which
            # is often the day the CMS created a page rewritten since ("Updated Sep 4, 2025" over 2021)
            candidates.insert(0, (header_date or shown[0][0], source))
            break
        if header_date:
            break  # the metadata's date is the one shown: it stands
    page_published = find_date(meta.page_dates[0], rules, limit) if meta.page_dates[0] else None
    if page_published and extracted and extracted[:10] in _modified_days(meta) - {page_published[:10]}:
        # htmldate took the last change for the publication, not seeing the published date of a JSON-LD
        # WebPage (it reads the article types only); when it saw an article's, it had its reasons
        candidates.insert(candidates.index((extracted, "htmldate")), (page_published, "json-ld:webpage"))
    candidates += [(a.date_published, "json-ld") for a in meta.articles]
    candidates += [(meta.first(name), f"meta:{name}") for name in DATE_META]
    candidates.append((meta.page_dates[0], "json-ld:webpage"))
    candidates += [(a.date_created, "json-ld:created") for a in meta.articles]
    for value, source in candidates:
        if value:
            date = find_date(value, rules, limit)
            if date and not (source == "htmldate" and date.endswith(YEAR_ONLY_DAY)):
                return _with_time(date, meta, rules), source
    return None, "none"


def _shown_publication_date(shown: Sequence[tuple[str, str | None]]) -> str | None:
    """The first date labelled as published, else the first with no label; an update date is none."""
    published = next((d for d, kind in shown if kind == "published"), None)
    return published or next((d for d, kind in shown if kind is None), None)


def _shown_metadata_date(
    meta: PageMeta, shown: Sequence[tuple[str, str | None]], header_date: str, rules: Rules, limit: dt.date
) -> bool:
    """The metadata's published day is one the header shows, or a day from the shown one (time zones)."""
    day, header_day = parse_iso(_metadata_published(meta, rules, limit) or ""), parse_iso(header_date)
    if day is None or header_day is None:
        return False
    return day in {parse_iso(d) for d, _kind in shown} or abs((day - header_day).days) <= 1


def _metadata_published(meta: PageMeta, rules: Rules, limit: dt.date) -> str | None:
    """The first valid published date of JSON-LD, a published-time meta tag or a JSON-LD WebPage."""
    values = [a.date_published for a in meta.articles] + [meta.first(name) for name in DATE_META]
    values.append(meta.page_dates[0])
    return next((d for d in (find_date(v, rules, limit) for v in values if v) if d), None)


def _machine_days(meta: PageMeta) -> set[str]:
    """Days the page writes for machines (JSON-LD, meta tags, <time datetime>), which have one order."""
    values = [v for a in meta.articles for v in (a.date_published, a.date_modified, a.date_created)]
    values += [meta.first(name) for name in (*DATE_META, *MODIFIED_META)] + [*meta.page_dates, *meta.times]
    return {v[:10] for v in values if v and parse_iso(v)}


def _disambiguated(date: str | None, known: set[str]) -> str | None:
    """A date read from "10/12/2023" with day and month the other way round, when only that reading is a
    day the page's machine-readable dates name ("2023-10-12"): the page's own order decides.

    >>> _disambiguated("2023-12-10", {"2023-10-12"})
    '2023-10-12'
    """
    day = parse_iso(date or "")
    if date is None or day is None or day.day > 12 or day.day == day.month or date[:10] in known:
        return date
    swapped = f"{day.year:04d}-{day.day:02d}-{day.month:02d}"
    return swapped if swapped in known else date


def _modified_days(meta: PageMeta) -> set[str]:
    """The days (YYYY-MM-DD) the metadata says the page was last changed."""
    values = [a.date_modified for a in meta.articles] + [meta.first(name) for name in MODIFIED_META]
    values.append(meta.page_dates[1])
    return {v[:10] for v in values if v and parse_iso(v)}


def _tags_a_published_date(meta: PageMeta) -> bool:
    """A meta tag names the publication date (article:published_time, pubdate...); JSON-LD does not count."""
    return any(meta.first(name) for name in DATE_META)


def _with_time(date: str, meta: PageMeta, rules: Rules) -> str:
    """htmldate gives the day; a published-time tag of the same day adds the time and offset."""
    if "T" in date:
        return date
    for value in [a.date_published for a in meta.articles] + [meta.first(name) for name in DATE_META]:
        if value and value.startswith(date):
            full = find_date(value, rules)
            if full and full.startswith(date):
                return full
    return date


def choose_section(meta: PageMeta, categories: Sequence[str] | None = None) -> str | None:
    """The section the story is filed under: article:section, JSON-LD articleSection, a category."""
    for article in meta.articles:
        if article.section:
            return unescape(article.section)
    value = meta.first(*SECTION_META)
    if value:
        return unescape(value)
    return None
