"""The title of an HTML page chosen from the candidates the page offers (see read/html_meta.py).

Small pure functions (html_authors.py and html_dates.py do the same for the authors, date and section).
Each weighs what the page says in several places (the visible <h1>, og:title, JSON-LD, <title>, byline
elements, htmldate) and returns the value with the id of the source that decided it, so a record can
say where its title came from.

    >>> from cleaner.read.html_meta import PageMeta
    >>> choose_title(PageMeta(meta={"og:title": ("Storm hits coast | Daily Planet",)}), ("Daily Planet",))
    ('Storm hits coast', 'og:title')
    >>> choose_title(PageMeta(h1s=("Storm hits coast",), h1_segments=(("Storm hits coast",),),
    ...                       title_tag="Storm hits coast - Daily Planet"))
    ('Storm hits coast', 'h1')
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from cleaner.fields.title import strip_site_name
from cleaner.read.html_meta import PageMeta
from cleaner.ruleset.load import fold_phrase

# Meta tags that hold the headline, best first; twitter:title is often a shortened social variant.
TITLE_META = ("og:title", "twitter:title", "dc.title", "title", "sailthru.title", "parsely-title")
# A kicker piece of an h1 and its headline piece meet at a separator piece (" - ") that belongs to neither;
# meta titles write the same kicker with one of these joins ("Kicker: Headline", "Kicker / Headline").
KICKER_SEPARATORS = " -–—:|/·"
KICKER_JOINS = (": ", " - ", " – ", " / ", " | ")
# Social-card titles, and the fewest words one needs to be a headline that other titles put a kicker on.
SOCIAL_TITLE_META = ("og:title", "twitter:title")
SOCIAL_MIN_WORDS = 3
KICKER_COLON = ": "
# An h1 of this many words or fewer is a logo or a section name, not a headline ("Webcams", "Menu").
H1_MIN_WORDS = 2
H1_MAX_WORDS = 40
# Words shared with a meta title, as a share of the h1's words, for the h1 to count as the same headline
# written differently (a kicker, a shortened social title); below it the h1 is some other heading.
H1_META_OVERLAP = 0.5
WORD = re.compile(r"\w+")
# JSON-LD types of a news story. Their headline is the one the publisher declares for the story (what news
# aggregators index); the visible h1 and og:title are often on-page or social variants written separately.
NEWS_TYPES = frozenset({"newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                        "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle"})  # fmt: skip
# A word this long shared with another title candidate shows a declared headline is about this page (not
# a template's "Sample menus" or a section name left in the markup).
CONTENT_WORD_CHARS = 4
# A declared headline this long may have been cut to a length limit (search engines show 110 characters);
# shorter ones that another title continues are the publisher's shorter version, kept as they are.
CUT_HEADLINE_CHARS = 100


def unescape(text: str | None) -> str | None:
    """Entities that a page escaped twice ("&amp;#8211;" shows as "&#8211;") written as characters."""
    if not text:
        return text
    for _ in range(2):  # twice: "&amp;#8230;" is "&#8230;" after once
        if "&" not in text:
            break
        text = html.unescape(text)
    return " ".join(text.split())


def site_names(meta: PageMeta, extra: Iterable[str | None] = ()) -> tuple[str, ...]:
    """Every name the page gives its site: og:site_name, application-name, JSON-LD publishers, the host."""
    names: list[str] = []
    for value in (
        meta.first("og:site_name"),
        meta.first("application-name"),
        meta.first("twitter:site"),
        *meta.publisher_names,
        *(a.publisher for a in meta.articles),
        *extra,
    ):
        value = unescape(value)
        if value:
            value = value.lstrip("@")
            if value not in names:
                names.append(value)
    return tuple(names)


def meta_titles(meta: PageMeta, sites: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(title without its site name, source) from meta tags, JSON-LD and <title>, best first."""
    found: list[tuple[str, str]] = []
    raw = [(meta.first(name), name) for name in TITLE_META[:2]]
    raw += [(a.headline, "json-ld") for a in meta.articles[:1]]
    raw += [(meta.first(name), name) for name in TITLE_META[2:]]
    raw.append((meta.title_tag, "title-tag"))
    for value, source in raw:
        value = unescape(value)
        if value:
            found.append((strip_site_name(value, tuple(sites)), source))
    return found


def choose_title(meta: PageMeta, sites: Sequence[str] = ()) -> tuple[str | None, str]:
    """The headline: the visible h1 when the page's meta titles agree it is the headline, else the best
    meta title without its site name."""
    metas = meta_titles(meta, sites)
    folded_metas = {fold(t) for t, _s in metas}
    site_folds = {fold(s) for s in sites}
    h1s = [segments for segments in meta.h1_segments if _is_headline(" ".join(segments), site_folds)]
    # 0. the social card's title when the other titles are it with a kicker written in front ("Kicker:
    # Headline"): the kicker is a label above the headline, not part of it
    social = social_headline(metas, [_joined(s) for s in h1s])
    if social:
        return social
    # 1. a news story's declared headline, when it is about the same thing as the page's other titles
    news = news_headline(meta, sites, [t for t, s in metas if s != "json-ld"] + [_joined(s) for s in h1s])
    if news:
        return news, "json-ld:news"
    # 2. an h1 (or the h1 without its kicker) that a meta title repeats exactly
    for segments in h1s:
        for variant in _h1_variants(segments):
            if fold(variant) in folded_metas:
                return variant, "h1"
    # 3. the one h1 of the page, when it shares enough words with a meta title (or there is none)
    if len(h1s) == 1:
        text = unescape(_joined(h1s[0])) or ""
        if not metas or max(_overlap(text, t) for t, _s in metas) >= H1_META_OVERLAP:
            # a meta title that is the h1 without a kicker in front is the cleaner headline
            for title, source in metas:
                if len(title.split()) >= H1_MIN_WORDS and fold(text).endswith(fold(title)):
                    return title, source
            return strip_site_name(_without_kicker(h1s[0], metas), tuple(sites)), "h1"
    # 4. several h1s: the one closest to a meta title
    if len(h1s) > 1 and metas:
        best = max(h1s, key=lambda s: max(_overlap(_joined(s), t) for t, _x in metas))
        if max(_overlap(_joined(best), t) for t, _x in metas) >= H1_META_OVERLAP:
            return strip_site_name(unescape(_joined(best)) or "", tuple(sites)), "h1"
    if metas:
        return metas[0]
    return None, "none"


def social_headline(metas: Sequence[tuple[str, str]], h1s: Sequence[str]) -> tuple[str, str] | None:
    """og:title (or twitter:title) and its source, when another title of the page is it with a kicker in
    front, joined by a colon ("Election night: Votes are counted" beside "Votes are counted")."""
    for title, source in metas:
        if source not in SOCIAL_TITLE_META or len(WORD.findall(title)) < SOCIAL_MIN_WORDS:
            continue
        tail = KICKER_COLON + fold(title)
        if any(fold(other).endswith(tail) for other, s in metas if s != source) or any(
            fold(h1).endswith(tail) for h1 in h1s
        ):
            return title, source
    return None


def news_headline(meta: PageMeta, sites: Sequence[str], others: Sequence[str]) -> str | None:
    """The headline of the page's first JSON-LD news article, without a site name; None when the page is no
    news story or the headline shares no content word with the other titles (then it is not this story's)."""
    article = meta.articles[0] if meta.articles else None
    if article is None or article.type not in NEWS_TYPES or not article.headline:
        return None
    headline = strip_site_name(unescape(article.headline) or "", tuple(sites))
    if not _is_headline(headline, {fold(s) for s in sites}):
        return None
    words = {w.casefold() for w in WORD.findall(headline) if len(w) >= CONTENT_WORD_CHARS}
    if words and others and not any(words & {w.casefold() for w in WORD.findall(o)} for o in others):
        return None
    # a headline cut to a length limit (search engines show 110 characters) is the start of a longer one
    longer = [
        o
        for o in others
        if len(headline) >= CUT_HEADLINE_CHARS and len(o) > len(headline) and fold(o).startswith(fold(headline))
    ]
    return unescape(longer[0]) or headline if longer else headline


# ------------------------------------------------------------------------------------------ helpers
def fold(text: str | None) -> str:
    return fold_phrase(text or "").replace("’", "'")


def _is_headline(text: str, site_folds: set[str]) -> bool:
    words = len(WORD.findall(text))
    return H1_MIN_WORDS <= words <= H1_MAX_WORDS and fold(text) not in site_folds


def _joined(segments: Sequence[str], kicker_sep: str = "") -> str:
    """An h1's pieces as one line: a break is a space, and so is the seam where two pieces would glue a
    lower-case word to a capitalised one ("Election 2024" + "Votes counted"), which is a kicker."""
    out = ""
    for piece in segments:
        if piece == "\n":
            out += " "
            continue
        if out and out[-1].isalnum() and piece[:1].isupper() and (out[-1].islower() or out[-1].isdigit()):
            out += kicker_sep or " "
        out += piece
    return " ".join(out.split())


def _h1_variants(segments: Sequence[str]) -> list[str]:
    """The h1 whole, without a leading or trailing piece (a kicker, a "Posted on" line), and with a
    kicker written "Kicker: Headline" as meta titles often do."""
    parts = [p for p in segments if p.strip() and p != "\n"]
    variants = [_joined(segments)]
    for k in range(1, len(parts)):
        head, tail = _joined(parts[:k]).rstrip(KICKER_SEPARATORS), _joined(parts[k:]).lstrip(KICKER_SEPARATORS)
        if head and tail:
            variants += [tail, head] + [f"{head}{sep}{tail}" for sep in KICKER_JOINS]
    return [unescape(v) or "" for v in variants if v]


def _without_kicker(segments: Sequence[str], metas: Sequence[tuple[str, str]]) -> str:
    """A heading's text without a kicker piece that its markup sets apart ("<span>Opinion</span><span>Why
    it failed</span>"): the last piece, when it is longer than what stands before it and a meta title ends
    with it. Otherwise the heading whole."""
    parts = [p for p in segments if p.strip(KICKER_SEPARATORS + " \n")]
    whole = unescape(_joined(segments)) or ""
    if len(parts) < 2:
        return whole
    last = unescape(" ".join(parts[-1].split())) or ""
    kicker = _joined(parts[:-1])
    if len(WORD.findall(last)) > len(WORD.findall(kicker)) and any(fold(t).endswith(fold(last)) for t, _s in metas):
        return last
    return whole


def _overlap(text: str, other: str) -> float:
    words = {w.casefold() for w in WORD.findall(text)}
    if not words:
        return 0.0
    others = {w.casefold() for w in WORD.findall(other)}
    return len(words & others) / len(words)


def _host(url: str | None) -> str | None:
    match = re.match(r"https?://(?:www\d?\.)?([^/:]+)", url or "")
    return match.group(1) if match else None


# Second-level labels under a country code that are not the site's own name ("bbc.co.uk", "abc.net.au").
GENERIC_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go"})


def host_names(url: str | None) -> tuple[str, ...]:
    """The names a URL's host gives its site: the host, its registered domain, and that domain's label.

    >>> host_names("https://promotions.shopwell.com/x")
    ('promotions.shopwell.com', 'shopwell.com', 'shopwell')
    """
    host = _host(url)
    if not host:
        return ()
    labels = host.lower().split(".")
    size = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in GENERIC_SECOND_LEVEL else 2
    domain = ".".join(labels[-size:])
    names = [host, domain, labels[-size]] if len(labels) >= size else [host]
    return tuple(dict.fromkeys(names))
