"""The authors of an HTML page, chosen from its candidates: JSON-LD, meta tags, byline elements, the header.

    >>> from cleaner.read.html_meta import PageMeta
    >>> from cleaner.ruleset.load import load_rules
    >>> choose_authors(PageMeta(meta={"author": ("Jane Doe",)}), load_rules())
    (['Jane Doe'], 'meta:author')

A name list is cleaned of agencies, the site's own name and its desks ("Daily Planet Staff"), labels
that are not authors, and credits; each choice names the source that won. Pure: it reads a PageMeta.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cleaner.fields.byline import NAME_EDGES, clean_author_name
from cleaner.read.html_meta import PageMeta
from cleaner.read.html_title import fold, unescape
from cleaner.ruleset.load import Rules

# Meta tags naming the author, best first. article:author is often a profile URL, which is skipped.
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "og:author")
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
HEADER_NAME_DATE = re.compile(r"(?:^|\|\s)(?P<names>[^\W\d_][\w'’-]+(?: [^\W\d_][\w'’-]+){1,2}) [|·•] (?=\d)")
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
        fold(n)
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
    site_keys = {fold(s) for s in sites} | {_squash(s) for s in sites if len(_squash(s)) >= MIN_SITE_CHARS}
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
            names.update(fold(n) for n in clean_author_list([text[label.end() :]], rules, allow_single=True))
    return names


def _credits(values: Iterable[str], rules: Rules) -> list[str]:
    """Outlets and desks as credited: ["Metro News"], ["Redaktion XY"]; an agency is no author.

    >>> from cleaner import load_rules
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
    """ "Lrt.lt", "LESOTHO TIMES": the site's name, spelled its own way."""
    return fold(name) in site_keys or _squash(name) in site_keys


def _is_site_desk(name: str, site_keys: set[str]) -> bool:
    """ "RADIO EINS THÜRINGEN", "Tablo Staff": the site's name, then a region, department or "Staff"."""
    words = name.split()
    return 2 <= len(words) <= SITE_DESK_WORDS and fold(words[0]) in site_keys


def only_site_names(authors: Sequence[str], sites: Sequence[str]) -> bool:
    """True when every author is the site's own name (or there is none): a person may be named elsewhere."""
    keys = {fold(s) for s in sites} | {_squash(s) for s in sites if len(_squash(s)) >= MIN_SITE_CHARS}
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
            if name and fold(name) not in skip and name not in authors:
                authors.append(name)
    return authors[:MAX_AUTHORS] if len(authors) <= MAX_AUTHORS else []


def _strip_by(text: str) -> str:
    return BY_PREFIX.sub("", text.strip())
