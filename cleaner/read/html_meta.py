"""What a page says about itself outside the body: meta tags, JSON-LD, byline elements, headings.

Read from the parsed tree *before* trafilatura cleans it (trafilatura mutates the tree it works on),
without changing it. Every value is raw page text; choosing and cleaning the fields is the job of
html_title.py, html_authors.py and html_dates.py, so this module only finds candidates.

    >>> from lxml import html
    >>> tree = html.fromstring('<html lang="de-AT"><head><meta property="og:title" content="Hallo | Site">'
    ...                        '</head><body><h1>Hallo</h1></body></html>')
    >>> meta = read_page_meta(tree)
    >>> meta.first("og:title"), meta.h1s, meta.lang
    ('Hallo | Site', ('Hallo',), 'de')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from lxml.etree import XPath

from cleaner.normalise import clean_inline
from cleaner.read.html_bylines import byline_texts, element_text

# schema.org types whose headline, author and dates describe the story itself (not the site or a
# breadcrumb). Why so many: publishers pick whichever subtype fits, and all carry the same fields.
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "medicalscholarlyarticle",
        "howto",
        "recipe",
        "review",
    }
)
# Types that are people when they appear as an author; an Organization author is a credit, not a person.
PERSON_TYPES = frozenset({"person"})
ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "organisation"})
# Children of a heading that break its line: a kicker in a <div>/<p>, or a <br>.
BREAKING_TAGS = frozenset({"br", "div", "p", "h2", "h3", "h4", "small", "li"})
# Characters of text after the headline searched for the date the page shows with it ("By Jane Doe ·
# Updated December 12, 2025 · 5 min read"); farther down, dates belong to comments and related stories.
HEADER_CHARS = 300
# Characters of text just before the headline searched for a date shown above it (a kicker line "Feb 4,
# 2025 · 11 min", "Last updated: Dec 12, 2025"); farther up is navigation.
ABOVE_HEADER_CHARS = 120
# A text piece (one element's text) longer than this is prose: a lead paragraph, whose dates are those of
# events, not the page's date line ("By Jane Doe · May 2, 2024" is one short piece or several).
PROSE_WORDS = 12
UNSHOWN_TAGS = frozenset({"script", "style", "noscript", "template"})  # what these hold is not shown as text
SHOWN_TEXTS = XPath(
    "descendant::text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]",
    smart_strings=False,
)
_INLINE_SPACE = re.compile(r"\s+")
LANG_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")


@dataclass(frozen=True, slots=True)
class ArticleLD:
    """One JSON-LD object of an article type, reduced to the fields we use."""

    type: str
    headline: str | None = None
    authors: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()  # authors that are organisations: credits, not people
    date_published: str | None = None
    date_created: str | None = None
    date_modified: str | None = None
    section: str | None = None
    dateline: str | None = None
    publisher: str | None = None
    description: str | None = None
    image: str | None = None
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Candidates for the fields, as the page writes them."""

    meta: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lower-cased name/property -> contents
    articles: tuple[ArticleLD, ...] = ()
    publisher_names: tuple[str, ...] = ()  # Organization/WebSite names anywhere in JSON-LD
    # datePublished and dateModified of a JSON-LD WebPage (SEO plugins date the page, not an article)
    page_dates: tuple[str | None, str | None] = (None, None)
    title_tag: str | None = None
    h1s: tuple[str, ...] = ()
    h1_segments: tuple[tuple[str, ...], ...] = ()  # each h1's text pieces: a kicker span is the first
    bylines: tuple[str, ...] = ()  # texts of byline elements, in document order, deduplicated
    header_bylines: tuple[str, ...] = ()  # the same, only those in the article header (see header_byline_texts)
    times: tuple[str, ...] = ()  # <time datetime> values, in document order
    header_text: str = ""  # visible text right after the headline h1: where a page shows its byline
    # the same without its prose (a lead paragraph's dates are events'): where a page shows its date
    header_lines: str = ""
    above_header_text: str = ""  # visible lines right before the headline h1 (a date line above it)
    lang: str | None = None  # the declared language of the page, ISO 639-1 when it looks like one
    canonical: str | None = None  # <link rel="canonical" href>, as written

    def first(self, *names: str) -> str | None:
        """The first non-empty value of the first meta name present: first("og:title", "twitter:title")."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None


def read_page_meta(tree: Any, with_bylines: bool = True) -> PageMeta:
    """All candidates from one parsed page (an lxml.html tree); the tree is not changed.

    `with_bylines=False` skips the scan for byline elements, the costly part (one XPath over every
    element); `byline_texts(tree)` does it later, for pages whose metadata names no author.
    """
    metas, scripts, titles, h1_elements, times, links = [], [], [], [], [], []
    sinks = {"meta": metas, "script": scripts, "title": titles, "h1": h1_elements, "time": times, "link": links}
    for element in tree.iter("meta", "script", "title", "h1", "time", "link"):  # one walk of the tree for all
        sinks[element.tag].append(element)
    headline = next((h for h in h1_elements if len(element_text(h).split()) >= 2), None)
    articles, publishers, page_dates = _jsonld(
        s for s in scripts if (s.get("type") or "").strip().lower() in ("application/ld+json", "application/json+ld")
    )
    return PageMeta(
        meta=_meta_tags(e for e in metas if e.get("content")),
        articles=articles,
        publisher_names=publishers,
        page_dates=page_dates,
        title_tag=_first_text(titles),
        h1s=tuple(t for t in (element_text(h) for h in h1_elements) if t),
        h1_segments=tuple(s for s in (_segments(h) for h in h1_elements) if s),
        bylines=byline_texts(tree) if with_bylines else (),
        times=tuple(t.get("datetime", "").strip() for t in times if t.get("datetime", "").strip()),
        header_text=_text_after(headline),
        header_lines=_text_after(headline, lines_only=True),
        above_header_text=_text_before(headline),
        lang=declared_language(tree.get("lang") or tree.get("xml:lang") if hasattr(tree, "get") else None),
        canonical=next((e.get("href").strip() for e in links if _is_canonical(e)), None),
    )


def declared_language(value: str | None) -> str | None:
    """'en-US' -> 'en'; None for anything that is not a language tag."""
    match = LANG_CODE.match((value or "").strip())
    if not match:
        return None
    code = match.group(1).lower()
    return code if len(code) == 2 else None


def _segments(element: Any) -> tuple[str, ...]:
    """The h1's own text and each child's text as pieces, spaces kept; a <br> or block child is "\\n".

    A kicker ("<span>Election 2024</span>Headline") is a piece of its own, so a field chooser can try
    the headline with and without it.
    """
    pieces: list[str] = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            pieces.append(child.tail or "")
            continue
        if child.tag in BREAKING_TAGS:
            pieces.append("\n")
        pieces.append(" ".join(child.itertext()) if len(child) else child.text or "")
        pieces.append(child.tail or "")
    return tuple(p if p == "\n" else _INLINE_SPACE.sub(" ", p) for p in pieces if p)


def _text_after(element: Any, limit: int = HEADER_CHARS, lines_only: bool = False) -> str:
    """The visible text that follows an element in document order, up to `limit` characters.

    Walks the element's tail, its following siblings, then its ancestors' tails and following siblings:
    the few elements after a headline, not the whole page. `lines_only`: a piece of text of more than
    PROSE_WORDS words (a paragraph) stands as " | ".
    """
    if element is None:
        return ""
    parts: list[str] = []
    size = 0
    node = element
    while node is not None and size < limit:
        for piece in chain([node.tail or ""], (t for sib in node.itersiblings() for t in _visible_text(sib))):
            if piece.strip():
                size += len(piece)
                parts.append(" | " if lines_only and len(piece.split()) > PROSE_WORDS else piece)
                if size >= limit:
                    break
        node = node.getparent()
    return clean_inline(" ".join(parts))[:limit]


def _text_before(element: Any, limit: int = ABOVE_HEADER_CHARS) -> str:
    """The visible text that precedes an element in document order, its last `limit` characters.

    Walks the element's preceding siblings, then its ancestors' (nearest first), up to <body>.
    """
    if element is None:
        return ""
    # the shown text of a sibling in one XPath call (a menu above the headline is hundreds of elements); in
    # a script or template that XPath's ancestor test would look past the sibling, so the walk reads it there
    shown = _visible_text if any(a.tag in UNSHOWN_TAGS for a in element.iterancestors()) else _shown_texts
    parts: list[str] = []
    size = 0
    node = element
    while node is not None and node.tag != "body" and size < limit:
        for sib in node.itersiblings(preceding=True):
            pieces = [t for t in shown(sib) if t.strip()]
            piece = " ".join(" | " if len(t.split()) > PROSE_WORDS else t for t in pieces)
            if piece.strip():
                parts.append(piece)
                size += len(piece)
                if size >= limit:
                    break
        node = node.getparent()
    return clean_inline(" ".join(reversed(parts)))[-limit:]


def _shown_texts(element: Any) -> list[str]:
    """What _visible_text yields, for an element outside scripts and templates."""
    if not isinstance(element.tag, str) or element.tag in UNSHOWN_TAGS:
        return [element.tail or ""]
    return [*SHOWN_TEXTS(element), element.tail or ""]


def _visible_text(element: Any) -> Iterator[str]:
    if not isinstance(element.tag, str) or element.tag in UNSHOWN_TAGS:
        yield element.tail or ""
        return
    yield element.text or ""
    for child in element:
        yield from _visible_text(child)
    yield element.tail or ""


def _first_text(elements: list[Any]) -> str | None:
    for element in elements:
        text = element_text(element)
        if text:
            return text
    return None


def _meta_tags(elements: Iterable[Any]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for element in elements:
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = clean_inline(element.get("content") or "")
        if key and value:
            found.setdefault(key, []).append(value)
    return {k: tuple(v) for k, v in found.items()}


def _jsonld(scripts: Iterable[Any]) -> tuple[tuple[ArticleLD, ...], tuple[str, ...], tuple[str | None, str | None]]:
    articles: list[ArticleLD] = []
    publishers: list[str] = []
    page_dates: tuple[str | None, str | None] = (None, None)
    for script in scripts:
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            # broken JSON-LD is common, and JSON nested deeper than the stack is hostile; either way the
            # other sources still count
            continue
        for obj in _objects(data):
            types = _types(obj)
            if types & ARTICLE_TYPES:
                articles.append(_article(obj, types))
            elif "webpage" in types and page_dates == (None, None):
                page_dates = (_string(obj.get("datePublished")), _string(obj.get("dateModified")))
            if types & (ORGANIZATION_TYPES | {"website"}):
                name = _string(obj.get("name"))
                if name and name not in publishers:
                    publishers.append(name)
    return tuple(articles), tuple(publishers), page_dates


def _objects(data: Any, depth: int = 0) -> Iterator[dict]:
    """Every dict at the top of a JSON-LD document or in its @graph (lists flattened)."""
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict) and _types(main) & ARTICLE_TYPES:
            yield from _objects(main, depth + 1)


def _types(obj: dict) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def _string(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str):
        return clean_inline(value) or None
    return None


def _article(obj: dict, types: set[str]) -> ArticleLD:
    authors: list[str] = []
    organizations: list[str] = []
    raw_authors = obj.get("author") or obj.get("creator") or []
    for author in raw_authors if isinstance(raw_authors, list) else [raw_authors]:
        if isinstance(author, str):
            name = clean_inline(author)
            target = authors
        elif isinstance(author, dict):
            name = _string(author.get("name")) or ""
            target = organizations if _types(author) & ORGANIZATION_TYPES else authors
        else:
            continue
        if name and name not in target:
            target.append(name)
    return ArticleLD(
        type=sorted(types & ARTICLE_TYPES)[0],
        headline=_string(obj.get("headline")) or _string(obj.get("name")),
        authors=tuple(authors),
        organizations=tuple(organizations),
        date_published=_string(obj.get("datePublished")),
        date_created=_string(obj.get("dateCreated")),
        date_modified=_string(obj.get("dateModified")),
        section=_string(obj.get("articleSection")),
        dateline=_string(obj.get("dateline")),
        publisher=_string(obj.get("publisher")),
        description=_string(obj.get("description")),
        image=_url(obj.get("image") or obj.get("thumbnailUrl")),
        keywords=_keywords(obj.get("keywords")),
    )


def _is_canonical(link: Any) -> bool:
    return "canonical" in (link.get("rel") or "").lower().split() and bool((link.get("href") or "").strip())


def _url(value: Any) -> str | None:
    """An ImageObject's url, the first of a list, or the string itself."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return value.strip() or None if isinstance(value, str) else None


def _keywords(value: Any) -> tuple[str, ...]:
    """JSON-LD keywords: a list, or one comma-separated string."""
    items = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else []
    return tuple(k for k in (clean_inline(str(v)) for v in items if isinstance(v, str)) if k)
