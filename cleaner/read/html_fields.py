"""Fields of an HTML page chosen from the candidates the page offers (see `cleaner.html_meta`).

Small pure functions, one per field. Each weighs what the page says in several places (the visible
<h1>, og:title, JSON-LD, <title>, byline elements, htmldate) and returns the value with the id of the
source that decided it, so a record can say where its title came from.

    >>> from cleaner.html_meta import PageMeta
    >>> choose_title(PageMeta(meta={"og:title": ("Storm hits coast | Daily Planet",)}), ("Daily Planet",))
    ('Storm hits coast', 'og:title')
    >>> choose_title(PageMeta(h1s=("Storm hits coast",), h1_segments=(("Storm hits coast",),),
    ...                       title_tag="Storm hits coast - Daily Planet"))
    ('Storm hits coast', 'h1')
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence

from cleaner.fields.byline import NAME_EDGES, clean_author_name
from cleaner.fields.date import find_date, labelled_dates, parse_iso
from cleaner.fields.title import strip_site_name
from cleaner.read.html_meta import PageMeta
from cleaner.ruleset.load import Rules, fold_phrase

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
# Meta tags naming the author, best first. article:author is often a profile URL, which is skipped.
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "og:author")
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
# "By", "Von", "Par" before the names of a byline element or meta tag.
BY_PREFIX = re.compile(
    r"^(?i:by|von|par|por|door|di|av|af|written by|words by|text by|story by|posted by|authors?|autor(?:en)?|auteurs?"
    r"|autore|autorin/autor|autor[/*]in|autorin)"
    r"(?:\s*:\s*|\s+|(?=[A-Z][a-z]))"  # "ByWilla Marsh": a layout that glued the marker to the name
)
# A byline element that names someone who is not an author: an editor, a fact-checker. The names after it
# are dropped from the other sources too (a CMS may put the editor in the JSON-LD author).
NOT_AUTHOR_LABEL = re.compile(
    r"^\s*(?i:editor|edited by|editing by|redakteur(?:in)?|redaktur|reviewed by|fact[- ]checked by)\s*:?\s*(?=\S)"
)
# "By Jane Doe" ("Von", "Par", "Por", "Door") in the text under the headline: the marker, then a run of
# capitalised words (particles, initials, "and" and commas between them), up to a lower-case word, a number
# or a separator ("· 5 min"). A lower-case marker right after a word is prose ("Articles by Juliette", "die
# Gebiete von Russland"), not a byline.
HEADER_BYLINE = re.compile(
    r"(?:^|(?<=[\s·•|—–]))(?:By|BY|(?<![^\W\d_] )by|[Ww]ritten [Bb]y|[Pp]osted [Bb]y"
    r"|Von|VON|(?<![^\W\d_] )von|Par|PAR|(?<![^\W\d_] )par|Por|POR|(?<![^\W\d_] )por|Door|(?<![^\W\d_] )door)"
    r"\s*:?\s+"
    r"(?P<names>[A-ZÀ-ÖØ-Þ][\w.'’-]*(?:(?:\s*,\s*|\s+)(?:[A-ZÀ-ÖØ-Þ][\w.'’-]*|van|von|de|der|den|da|del|and|&))*)"
)
# The first piece of a date line under the headline, when it is two or three capitalised words and the
# piece after the separator opens with a date: "Jane Doe | 05.04.2025", "Jane Doe · 12 May 2024".
HEADER_NAME_DATE = re.compile(
    r"(?:^|\|\s)(?P<names>[^\W\d_][\w'’-]+(?: [^\W\d_][\w'’-]+){1,2}) [|·•] (?=\d)"
)
# A name written as a URL slug ("ned-farrow"): two or three lower-case words joined by hyphens.
SLUG = re.compile(r"^[a-z]{2,}(?:-[a-z]{2,}){1,2}$")
NON_ALNUM = re.compile(r"[\W_]+")
# Site names squashed shorter than this ("dw", "ap") could be part of a person's name by chance.
MIN_SITE_CHARS = 4
MENU_ITEMS = 2  # this many "By <one word>" byline elements are a menu of filters
SITE_DESK_WORDS = 3  # "MDR Thüringen", "BBC Sport Wales": the site's name and at most two more words
# A byline element holding more names than this is an author list of the site, not this story's byline.
MAX_AUTHORS = 12
# An outlet or desk credited in the metadata when no person is named ("Metro News", "Radio 7 Redaktion",
# "Herald staff reporter"): a name of this many words and characters at most; longer is a sentence.
MAX_CREDIT_WORDS = 6
MAX_CREDIT_CHARS = 60
CREDIT_NOISE = re.compile(r"https?://|www\.|@|^[\W\d_]*$")  # a link, an address, an id ("105092")
# The source id of a credit: an outlet or desk, not a person. The byline elements may still name one.
CREDIT = "credit:"


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
    folded_metas = {_fold(t) for t, _s in metas}
    site_folds = {_fold(s) for s in sites}
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
            if _fold(variant) in folded_metas:
                return variant, "h1"
    # 3. the one h1 of the page, when it shares enough words with a meta title (or there is none)
    if len(h1s) == 1:
        text = unescape(_joined(h1s[0])) or ""
        if not metas or max(_overlap(text, t) for t, _s in metas) >= H1_META_OVERLAP:
            # a meta title that is the h1 without a kicker in front is the cleaner headline
            for title, source in metas:
                if len(title.split()) >= H1_MIN_WORDS and _fold(text).endswith(_fold(title)):
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
        tail = KICKER_COLON + _fold(title)
        if any(_fold(other).endswith(tail) for other, s in metas if s != source) or any(
            _fold(h1).endswith(tail) for h1 in h1s
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
    if not _is_headline(headline, {_fold(s) for s in sites}):
        return None
    words = {w.casefold() for w in WORD.findall(headline) if len(w) >= CONTENT_WORD_CHARS}
    if words and others and not any(words & {w.casefold() for w in WORD.findall(o)} for o in others):
        return None
    # a headline cut to a length limit (search engines show 110 characters) is the start of a longer one
    longer = [
        o
        for o in others
        if len(headline) >= CUT_HEADLINE_CHARS and len(o) > len(headline) and _fold(o).startswith(_fold(headline))
    ]
    return unescape(longer[0]) or headline if longer else headline


# ------------------------------------------------------------------------------------------ helpers
def _fold(text: str | None) -> str:
    return fold_phrase(text or "").replace("’", "'")


def _is_headline(text: str, site_folds: set[str]) -> bool:
    words = len(WORD.findall(text))
    return H1_MIN_WORDS <= words <= H1_MAX_WORDS and _fold(text) not in site_folds


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
    if len(WORD.findall(last)) > len(WORD.findall(kicker)) and any(_fold(t).endswith(_fold(last)) for t, _s in metas):
        return last
    return whole


def _overlap(text: str, other: str) -> float:
    words = {w.casefold() for w in WORD.findall(text)}
    if not words:
        return 0.0
    others = {w.casefold() for w in WORD.findall(other)}
    return len(words & others) / len(words)


def choose_authors(
    meta: PageMeta, rules: Rules, sites: Sequence[str] = (), header: bool = True
) -> tuple[list[str], str]:
    """Who wrote the story, from JSON-LD, author meta tags or byline elements, in that order of trust.

    Agencies and roles are not authors. The site's own name is, when the page names nobody else ("Henrik
    Dahl" writing on henrikdahl.com, "Le Matin" on an unsigned story): a source that names only the
    site gives way to a later one that names a person. A byline element that is a photo credit or names an
    editor ("Editor: Jane Doe") names no author, and the name it gives is not one elsewhere either.
    `header`: as a last resort, look for "By Jane Doe" in the text under the headline.
    """
    candidates: list[tuple[list[str], str]] = []
    for article in meta.articles:
        if article.authors:
            candidates.append((list(article.authors), "json-ld"))
            break
    # an Organization author is the outlet's credit: kept only when no source names a person
    organizations = next((list(a.organizations) for a in meta.articles if a.organizations), [])
    for name in AUTHOR_META:
        values = [v for v in meta.meta.get(name, ()) if not v.startswith(("http://", "https://", "/"))]
        if values:
            candidates.append((values, f"meta:{name}"))
            break
    not_authors = _labelled_not_authors(meta.bylines, rules)
    header_labelled = _labelled_not_authors(meta.header_bylines, rules)
    header_named = {
        _fold(n)
        for t in meta.header_bylines
        if not NOT_AUTHOR_LABEL.match(t)
        for n in clean_author_list([t], rules, allow_single=True)
    }
    if header_named - header_labelled:  # an editor in the header, beside someone else who wrote the story
        not_authors |= header_labelled
    for text in meta.bylines:
        if not NOT_AUTHOR_LABEL.match(text) and not any(pattern.search(text) for _id, pattern in rules.captions):
            candidates.append(([text], "byline-element"))
    found = HEADER_BYLINE.search(meta.header_text) if header else None
    header_names = _header_names(found, rules) if found else ""
    if header_names:  # last resort: "By Jane Doe" in the line under the headline, where no element is marked
        candidates.append(([f"By {header_names}"], "after-headline"))
    elif header:  # "Jane Doe | 05.04.2025": a name with no marker, set apart as the date line's first piece
        unmarked = HEADER_NAME_DATE.search(meta.header_lines)
        after = meta.header_lines[unmarked.end() :] if unmarked else ""
        if (
            unmarked
            and all(w[:1].isupper() for w in unmarked.group("names").split())
            and any(pattern.match(after) for _id, pattern in rules.date_patterns)  # a date, not "5 min read"
        ):
            candidates.append(([f"By {unmarked.group('names')}"], "after-headline"))
    site_keys = {_fold(s) for s in sites} | {_squash(s) for s in sites if len(_squash(s)) >= MIN_SITE_CHARS}
    hosts = [s.casefold() for s in sites if "." in s]  # the page's own domain names
    fallback: tuple[list[str], str] | None = None
    # the first credit in order of trust (JSON-LD before meta tags): returned when nobody else is named
    credit = (_credits(organizations, rules), f"{CREDIT}json-ld") if organizations else None
    first_byline = next((i for i, (_v, source) in enumerate(candidates) if source == "byline-element"), -1)
    # several "By <one word>" elements are a menu ("Shop by Role", "By Industry"), not bylines
    menu = sum(1 for t in meta.bylines if BY_PREFIX.match(t) and len(_strip_by(t).split()) == 1) >= MENU_ITEMS
    for i, (values, source) in enumerate(candidates):
        structured = source.startswith(("json-ld", "meta:"))
        marked = not structured and bool(BY_PREFIX.match(values[0]))
        if fallback and not structured and not marked:
            continue  # after a site name, only a marked byline ("By Jane Doe") names a person, not a commenter
        if fallback and not structured and _squash(_strip_by(values[0])).startswith(_squash(fallback[0][0])):
            continue  # "By Mark Aldous Travel": the site's own name written longer, already found
        # one word is a name in metadata, after "By" ("Posted by LeoKT"), or as the whole text of the page's
        # first byline element ("Kev"); elsewhere a lone word in an author box is a commenter or a label
        single = structured or (i == first_byline and len(values[0].split()) == 1)
        authors: list[str] = []
        for value in values:
            names = clean_author_list(
                [value], rules, not_authors, allow_single=single, single_first=marked and not menu, metadata=structured
            )
            if structured and len(names) == 1 and any(host in value.casefold() for host in hosts):
                # "Metro News (www.metro.example)": the outlet, named with its address; a credit, not a person
                credit = credit if credit and credit[0] else (names, CREDIT + source)
                names = []
            sited = [a for a in names if _is_site_name(a, site_keys)]
            if sited and all(len(a.split()) == 1 for a in names if a not in sited):
                names = sited  # "site.de, Frankfurt, Germany": the single words are the site's address
            authors += [a for a in names if a not in authors]
        people = [a for a in authors if not _is_site_name(a, site_keys) and not _is_site_desk(a, site_keys)]
        if people:  # a site name or desk beside a person is the outlet's credit ("Jane Doe, Lrt.lt")
            return people, source
        if authors and not all(_is_site_name(a, site_keys) for a in authors):
            return authors, source  # a desk of the site that signs the story ("Tablo Staff")
        if authors and fallback is None:
            fallback = (authors, source)
        if not authors and structured and not (credit and credit[0]):
            credit = (_credits(values, rules), CREDIT + source)  # "Radio 7 Redaktion", "ZEITPUNKT online"
    if credit and credit[0] and (fallback is None or credit[1] == f"{CREDIT}json-ld"):
        return credit  # the outlet JSON-LD credits is written as the publisher chose ("Redaktion stadtfunk.de")
    return fallback if fallback else ([], "none")


def _labelled_not_authors(bylines: Iterable[str], rules: Rules) -> set[str]:
    """Folded names that byline elements label as someone other than an author: "Editor: Heryadi"."""
    names: set[str] = set()
    for text in bylines:
        label = NOT_AUTHOR_LABEL.match(text)
        if label:  # after the label, one word is a name too
            names.update(_fold(n) for n in clean_author_list([text[label.end() :]], rules, allow_single=True))
    return names


def _credits(values: Iterable[str], rules: Rules) -> list[str]:
    """Outlets and desks as credited: ["Metro News"], ["Redaktion XY"]; an agency is no author.

    >>> from cleaner.rules import load_rules
    >>> _credits(["By Radio 7 Redaktion", "Reuters", "https://x.com/a"], load_rules())
    ['Radio 7 Redaktion']
    """
    found: list[str] = []
    for value in values:
        name = (unescape(_strip_by(value)) or "").strip(NAME_EDGES)
        words = name.split()
        if not name or len(name) > MAX_CREDIT_CHARS or len(words) > MAX_CREDIT_WORDS or CREDIT_NOISE.search(name):
            continue
        parts = [p.strip(NAME_EDGES) for p in rules.author_separator.split(name) if p and p.strip(NAME_EDGES)]
        if any(rules.agency_name(p) for p in parts) or any(
            rules.agency_name(" ".join(words[:k])) for k in range(1, min(len(words), 3) + 1)
        ):
            continue  # "Le Matin et AFP", "Associated Press in Valencia": an agency's story
        if name not in found:
            found.append(name)
    return found


def _header_names(found: re.Match, rules: Rules) -> str:
    """The names of a header byline without the first word of what follows them: a capitalised word that
    opens the next sentence ("By Paul Hensley Is the...") or a month ("By Jane Doe August 5")."""
    names = found.group("names")
    words = names.split()
    rest = found.string[found.end() :].lstrip()
    if len(words) == 1 and rest[:1].islower():
        return ""  # "By Ask the Experts", "By combining...": a sentence, not a one-word name
    if any(rules.agency_name(" ".join(words[:k])) for k in range(1, min(len(words), 3) + 1)):
        return ""  # "By Associated Press Adriane...": an agency credit running into the next line
    if len(words) > 2 and (rest[:1].islower() or words[-1].casefold().strip(".") in rules.months):
        names = names[: names.rfind(words[-1])].rstrip(" ,")
    return names


def _squash(text: str) -> str:
    return NON_ALNUM.sub("", text.casefold())


def _is_site_name(name: str, site_keys: set[str]) -> bool:
    """"Lrt.lt", "LESOTHO TIMES": the site's name, spelled its own way."""
    return _fold(name) in site_keys or _squash(name) in site_keys


def _is_site_desk(name: str, site_keys: set[str]) -> bool:
    """"RADIO EINS THÜRINGEN", "Tablo Staff": the site's name, then a region, department or "Staff"."""
    words = name.split()
    return 2 <= len(words) <= SITE_DESK_WORDS and _fold(words[0]) in site_keys


def only_site_names(authors: Sequence[str], sites: Sequence[str]) -> bool:
    """True when every author is the site's own name (or there is none): a person may be named elsewhere."""
    keys = {_fold(s) for s in sites} | {_squash(s) for s in sites if len(_squash(s)) >= MIN_SITE_CHARS}
    return all(_is_site_name(a, keys) for a in authors)


def clean_author_list(
    values: Iterable[str],
    rules: Rules,
    not_people: Iterable[str] = (),
    allow_single: bool = False,
    single_first: bool = False,
    metadata: bool | None = None,
) -> list[str]:
    """Names as a clean list: "By Jane Doe and John Roe, Reuters" -> ["Jane Doe", "John Roe"].

    `allow_single`: one-word names count; `single_first`: only the first name may be one word (a marked
    byline, "By Clay" but not the place in "Von Lena Vogt, Frankfurt"); `metadata` (default: as
    allow_single): the values are metadata fields, where lower-case names and slugs occur.
    """
    metadata = allow_single if metadata is None else metadata
    authors: list[str] = []
    skip = set(not_people)
    for value in values:
        value = unescape(value) or ""
        if metadata and SLUG.match(value):  # a CMS slug where a name should be: "ned-farrow"
            value = value.replace("-", " ").title()
        for _id, pattern in rules.date_patterns:  # a date's commas are not name separators
            value = pattern.sub(" | ", value)
        for k, part in enumerate(rules.author_separator.split(_strip_by(value))):
            single = allow_single or (single_first and k == 0)
            name = clean_author_name(part or "", rules, single, metadata=metadata)
            if name and not allow_single and " " not in name and (name[:1].islower() or len(name) < 2):
                continue  # "By industry", "Written By I dove...": a sentence that opens with "By", not a name
            if name and _fold(name) not in skip and name not in authors:
                authors.append(name)
    return authors[:MAX_AUTHORS] if len(authors) <= MAX_AUTHORS else []


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


def _strip_by(text: str) -> str:
    return BY_PREFIX.sub("", text.strip())
