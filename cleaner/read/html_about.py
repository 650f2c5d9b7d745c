"""What a page says about itself beyond the article's fields: canonical URL, site name, description, lead
image and tags, each with the source that gave it and the candidates it was chosen from.

Small pure functions over the candidates html_meta.py read (like html_title.py for the title). The first
source that has a value wins, in the order of each tuple below: what the page declares for search engines
and social cards first, its JSON-LD next. URLs are resolved against the page's URL.

    >>> from cleaner.read.html_meta import PageMeta
    >>> about = choose_about(PageMeta(meta={"og:site_name": ("Daily Planet",), "keywords": ("storm, coast, Storm",)},
    ...                               canonical="/2024/storm"), "https://planet.example/2024/storm?utm=x")
    >>> about.canonical_url, about.site_name, about.tags
    ('https://planet.example/2024/storm', 'Daily Planet', ('storm', 'coast'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from cleaner.normalise import clean_inline, normalise_text
from cleaner.read.html_authors import AUTHOR_META
from cleaner.read.html_dates import DATE_META, SECTION_META
from cleaner.read.html_meta import PageMeta
from cleaner.read.html_title import TITLE_META, unescape

SITE_NAME_META = ("og:site_name", "application-name", "al:ios:app_name", "twitter:app:name:iphone")
DESCRIPTION_META = ("og:description", "description", "twitter:description", "dc.description")
IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
# Meta tags of tags and keywords: article:tag is repeated, one per tag; the others are comma-separated.
TAG_META = ("article:tag", "keywords", "news_keywords", "parsely-tags", "sailthru.tags")
MAX_TAGS = 40  # a page that lists more is stuffing keywords, not tagging a story
MAX_TAG_CHARS = 60
TAG_SPLIT = re.compile(r"\s*[,;]\s*")
HTTP = re.compile(r"^https?://", re.I)


@dataclass(frozen=True, slots=True)
class About:
    """The page's own description of itself; `sources` names where each value came from, `candidates`
    every (field, source, value) that was looked at."""

    canonical_url: str | None = None
    site_name: str | None = None
    description: str | None = None
    image: str | None = None
    tags: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    candidates: tuple[tuple[str, str, str], ...] = ()


def choose_about(meta: PageMeta, url: str | None = None) -> About:
    candidates: list[tuple[str, str, str]] = []

    def first(field: str, found: list[tuple[str, str | None]]) -> tuple[str | None, str]:
        winner: tuple[str | None, str] = (None, "none")
        for source, value in found:
            if value:
                candidates.append((field, source, value))
                if winner[0] is None:
                    winner = (value, source)
        return winner

    canonical, canonical_src = first(
        "canonical_url",
        [("link:canonical", resolve_url(meta.canonical, url)), ("og:url", resolve_url(meta.first("og:url"), url))],
    )
    site, site_src = first(
        "site_name",
        [(name, _text(meta.first(name))) for name in SITE_NAME_META]
        + [("json-ld:publisher", _text(a.publisher)) for a in meta.articles]
        + [("json-ld:organization", _text(n)) for n in meta.publisher_names[:1]],
    )
    description, description_src = first(
        "description",
        [(name, _text(meta.first(name))) for name in DESCRIPTION_META]
        + [("json-ld:description", _text(a.description)) for a in meta.articles],
    )
    image, image_src = first(
        "image",
        [(name, resolve_url(meta.first(name), url)) for name in IMAGE_META]
        + [("json-ld:image", resolve_url(a.image, url)) for a in meta.articles],
    )
    tags, tags_src = _tags(meta)
    if tags:
        candidates += [("tags", src, ", ".join(values)) for src, values in tags_src]
    return About(
        canonical_url=canonical,
        site_name=site,
        description=description,
        image=image,
        tags=tags,
        sources=(
            ("canonical_url", canonical_src),
            ("site_name", site_src),
            ("description", description_src),
            ("image", image_src),
            ("tags", "+".join(src for src, _v in tags_src) or "none"),
        ),
        candidates=tuple(candidates),
    )


def field_candidates(meta: PageMeta, found_date: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """(field, source, value) of what the page offers for title, authors, date and section, for --explain
    (html_title.py, html_authors.py and html_dates.py choose among them)."""
    found: list[tuple[str, str, str | None]] = []
    found += [("title", "h1", h) for h in meta.h1s[:1]]
    found += [("title", f"meta:{n}", meta.first(n)) for n in TITLE_META]
    found += [("title", f"json-ld:{a.type}", a.headline) for a in meta.articles]
    found += [("title", "<title>", meta.title_tag)]
    found += [("authors", f"json-ld:{a.type}", ", ".join(a.authors + a.organizations)) for a in meta.articles]
    found += [("authors", f"meta:{n}", meta.first(n)) for n in AUTHOR_META]
    found += [("authors", "byline-element", b) for b in (*meta.header_bylines, *meta.bylines)[:3]]
    found += [("date", f"json-ld:{a.type}", a.date_published) for a in meta.articles]
    found += [("date", f"meta:{n}", meta.first(n)) for n in DATE_META]
    found += [("date", "<time>", t) for t in meta.times[:1]]
    found += [("date", "htmldate", found_date)]
    found += [("section", f"json-ld:{a.type}", a.section) for a in meta.articles]
    found += [("section", f"meta:{n}", meta.first(n)) for n in SECTION_META]
    return tuple((f, src, clean_inline(v)) for f, src, v in found if v and clean_inline(v))


def _tags(meta: PageMeta) -> tuple[tuple[str, ...], list[tuple[str, list[str]]]]:
    """Tags of every source, in order, deduplicated without regard to case; and which source gave which."""
    seen: dict[str, str] = {}
    by_source: list[tuple[str, list[str]]] = []
    found = [(name, [t for v in meta.meta.get(name, ()) for t in TAG_SPLIT.split(v)]) for name in TAG_META]
    found += [("json-ld:keywords", list(a.keywords)) for a in meta.articles]
    for source, values in found:
        took = []
        for value in values:
            tag = _text(value)
            if tag and len(tag) <= MAX_TAG_CHARS and tag.casefold() not in seen and len(seen) < MAX_TAGS:
                seen[tag.casefold()] = tag
                took.append(tag)
        if took:
            by_source.append((source, took))
    return tuple(seen.values()), by_source


def _text(value: str | None) -> str | None:
    value = unescape(value)
    return normalise_text(value).strip() or None if value else None


def resolve_url(href: str | None, base: str | None, keep_relative: bool = False) -> str | None:
    """An absolute http(s) URL: `href` resolved against the page's URL; None when it cannot be one (or, with
    `keep_relative`, the href as written when there is no URL to resolve it against)."""
    href = (unescape(href) or "").strip()
    if not href or href.startswith(("javascript:", "data:", "#")):
        return None
    if base and HTTP.match(base):
        href = urljoin(base, href)
    elif keep_relative:
        return href
    return href if HTTP.match(href) else None
