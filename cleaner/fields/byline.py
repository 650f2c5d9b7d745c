"""Bylines: 'By JIM HEINTZ and DASHA LITVINOVA' -> ['Jim Heintz', 'Dasha Litvinova'].

    >>> from cleaner import load_rules
    >>> parse_byline("By Jane Doe, Reuters", load_rules())
    ['Jane Doe']
    >>> parse_byline("Associated Press", load_rules())
    []
    >>> parse_byline("The market fell on Monday.", load_rules()) is None
    True

A byline names people; an agency in it is a credit, not an author. Roles after a name ("Staff
Writer") are dropped. All-caps names are title-cased.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cleaner.ruleset.literal_search import literal_search
from cleaner.ruleset.load import Rules
from cleaner.ruleset.regex_literals import required_prefixes

MAX_NAME_WORDS = 5
NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.\-]*|(?:de|van|von|der|den|da|di|del|la|le|bin|al|ibn|ter)\b)$")
TRAILING_NOISE = re.compile(r"\s*(?:[|•·/]|\s-\s).*$")


def parse_byline(text: str, rules: Rules) -> list[str] | None:
    """The authors a byline line names (possibly none, for an agency credit), or None if not a byline."""
    text = text.strip()
    if rules.agency_name(text):
        return []
    if not _may_open_byline(rules)(text):
        return None  # no byline rule's marker opens the line: most lines, asked in pass 1 for every short one
    for _id, pattern in rules.bylines:
        match = pattern.match(text)
        if match:
            authors = split_authors(match.group("names"), rules)
            return authors if authors or _only_agencies(match.group("names"), rules) else None
    return None


def _may_open_byline(rules: Rules) -> Callable[[str], bool]:
    """One search for the strings that open a match of some byline rule (see required_prefixes): False means
    no rule matches the text. Built once per rules; a rule without known prefixes lets every text through."""
    test = _OPENERS.get(rules.fingerprint)
    if test is None:
        prefixes = [required_prefixes(pattern) for _id, pattern in rules.bylines]
        if any(p is None for p in prefixes):
            test = _OPENERS[rules.fingerprint] = _always
        else:
            test = _OPENERS[rules.fingerprint] = literal_search(prefixes=[s for p in prefixes for s in p or ()])
    return test


def _always(_text: str) -> bool:
    return True


_OPENERS: dict[str, Callable[[str], bool]] = {}


def dated_byline_authors(text: str, rules: Rules) -> list[str]:
    """The authors of a byline line that also shows the date or the page's furniture: the names run from
    the byline marker to the first date, date label, number, mark ("–", "|") or lower-case word that is not
    part of a name.

    >>> from cleaner import load_rules
    >>> dated_byline_authors("By Mara Ellison Published: Jan 29, 2025", load_rules())
    ['Mara Ellison']
    >>> dated_byline_authors("by Tom Brannigan and Jo Roe on Dec 16, 2025 at 11:00 AM", load_rules())
    ['Tom Brannigan', 'Jo Roe']
    >>> dated_byline_authors("By Ada Quill 15 min read", load_rules())
    ['Ada Quill']
    >>> dated_byline_authors("Published: Jan 29, 2025", load_rules())
    []

    A dump's date line is often the byline too ("by Nina Varga in Arts & Events on Dec 17, 2025"), which
    parse_byline, reading the whole line as names, rejects.
    """
    text = " ".join(text.split())
    marker = next((m for _id, pattern in rules.bylines if (m := pattern.match(text))), None)
    start = marker.start("names") if marker else (by.end() if (by := BY_MARKER.match(text)) else None)
    if start is None:
        return []
    names = text[start:]
    for _id, pattern in rules.date_patterns:  # the first date ends the names
        if found := pattern.search(names):
            names = names[: found.start()]
    for _kind, label in rules.date_labels:  # and so does a label before it ("Published:", "Updated on")
        if found := label.search(names):
            names = names[: found.start()]
    words: list[str] = []
    for word in names.split():
        joins = rules.author_separator.fullmatch(word) is not None  # "and", "und", "&"
        if any(c.isdigit() for c in word) or (
            not joins and (not any(c.isalpha() for c in word) or (word[:1].islower() and not NAME_WORD.match(word)))
        ):
            break
        words.append(word)
    return split_authors(" ".join(words), rules)


def format_byline(authors: list[str], agency: str | None = None) -> str:
    """The inverse of parse_byline: ['A B', 'C D'] -> 'By A B and C D' (', Agency' when given)."""
    names = ", ".join(authors[:-1]) + " and " + authors[-1] if len(authors) > 1 else "".join(authors)
    return "By " + names + (f", {agency}" if agency else "")


def split_authors(names: str, rules: Rules) -> list[str]:
    """Split a list of names, dropping agencies, roles and anything that is not a name."""
    names = TRAILING_NOISE.sub("", names.strip())
    authors: list[str] = []
    shouted: list[bool] = []  # per author: written in capitals
    for part in rules.author_separator.split(names):
        part = (part or "").strip(" .,;:")
        if not part or rules.agency_name(part) or part.casefold() in rules.author_roles:
            continue
        words = part.split()
        for k, word in enumerate(words[1:], start=1):  # "Jane Doe Korrespondentin": a role ends the name
            if word.casefold().strip(".,") in rules.author_roles:
                words = words[:k]
                break
        half = len(words) // 2
        if len(words) % 2 == 0 and words[:half] == words[half:]:
            words = words[:half]  # "Colin Roe Colin Roe": the name twice (an avatar's text, then the name)
        if not 2 <= len(words) <= MAX_NAME_WORDS:
            continue
        if not all(NAME_WORD.match(w) for w in words):
            continue
        name = " ".join(_name_case(w) for w in words) if part.isupper() else " ".join(words)
        if name not in authors:
            authors.append(name)
            shouted.append(part.isupper())
    if any(shouted) and not all(shouted):  # "Von Jo Roe, MDR THÜRINGEN": the outlet in capitals after the names
        authors = [name for name, caps in zip(authors, shouted, strict=True) if not caps]
    return authors


def _only_agencies(names: str, rules: Rules) -> bool:
    parts = [p.strip(" .,;:") for p in rules.author_separator.split(names) if p and p.strip(" .,;:")]
    return bool(parts) and all(rules.agency_name(p) for p in parts)


def _name_case(word: str) -> str:
    # "MCDONALD" stays "Mcdonald": we cannot know the inner capitals; hyphens and apostrophes split.
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), word)


# Trailing parts of an author name that are not the name: a role after a comma, dash or bar, a
# parenthesised agency or place, an "Email the author" link text.
NAME_TAIL = re.compile(r"\s*(?:,|\s[-–—|•·]\s|\(|\|).*$")
NAME_EDGES = " .,;:|-–—•·"
# A date glued to the name by the layout ("Owen ParkDecember 17, 2025"): a capitalised word right after
# a lower-case letter and followed by a number. Unglued, the date patterns of the rules find it.
GLUED_DATE = re.compile(r"(?<=[a-z])([A-Z][a-z]+\.?)(?=\s?\d)")
# "By", glued to the name by some layouts ("ByWilla Marsh"), but not the start of "Byron".
BY_MARKER = re.compile(r"^(?:By|BY|by)(?:\s*:\s*|\s+|(?=[A-Z][a-z]))")
NAME_NOISE = re.compile(r"https?://|www\.|@|\d")
# Scripts that write a person's name without spaces (Chinese, Japanese, Korean): one token is a name.
# A one-word name or handle: "jdoe42", "ana.m.lopez"; not a template key like "page.head.extra.author".
SINGLE_NAME = re.compile(r"^[^\W\d_][\w'’-]*(?:\.[\w'’-]+){0,2}$")
# A lower-case letter right before a capital inside a word, where no name has one: "EdinResearch",
# "WalkerCasey". Names with inner capitals (McDevitt, MacArthur, DeAndre, LaToya) are left alone.
GLUED_WORDS = re.compile(r"(?<=[a-z]{2})(?<!\bMac)(?<!\bVan)(?<!\bVon)(?<!\bDel)(?<!\bDes)(?=[A-Z][a-z])")
UNSPACED_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,5}$")


def clean_author_name(name: str, rules: Rules, allow_single: bool = False, metadata: bool | None = None) -> str | None:
    """One author as a clean name, or None when it is not a person's name.

        >>> from cleaner import load_rules
        >>> clean_author_name("JANE DOE, Staff Writer", load_rules())
        'Jane Doe'
        >>> clean_author_name("Owen ParkDecember 17, 2025", load_rules())
        'Owen Park'
        >>> clean_author_name("Reuters", load_rules()) is None
        True

    A date glued to the name, a role after it ("Former Management Consultant") and an outlet in capitals
    after it ("USA TODAY") are cut off. `allow_single`: a one-word name counts (structured metadata
    names people that way; free text rarely does). `metadata` (default: as allow_single): the name is a
    metadata field, where brand names glue words on purpose and names may be typed in lower case.
    """
    metadata = allow_single if metadata is None else metadata
    name = GLUED_DATE.sub(r" \1", " ".join(name.split()))
    if not metadata:  # free text: "Pekka LundResearch" is a role glued on by the layout
        name = GLUED_WORDS.sub(" | ", name)  # (metadata writes brand names like "DataHarbor" on purpose)
    for _id, pattern in rules.date_patterns:
        name = pattern.sub(" | ", name)
    name = BY_MARKER.sub("", name.strip(NAME_EDGES)).strip(NAME_EDGES)
    if not name or rules.agency_name(name) or name.casefold() in rules.author_roles:
        return None
    name = NAME_TAIL.sub("", name).strip(NAME_EDGES)
    words = name.split()
    for k, word in enumerate(words[1:], start=1):  # "Jane Doe Senior Editor", "Jane Doe in Berlin"
        if word.casefold().strip(".,") in rules.author_roles:
            words = words[:k]
            break
    while len(words) > 3 and words[-1].isupper() and words[-2].isupper() and not words[0].isupper():
        words[-2:] = []  # "Dana Whitlow METRO DAILY": an outlet in capitals after the name ("Ann KELLER" stays)
    name = " ".join(words)
    if not name or NAME_NOISE.search(name) or rules.agency_name(name) or name.casefold() in rules.author_roles:
        return None
    if all(UNSPACED_NAME.match(w) for w in words) and len(words) <= 2:
        return name  # "牛镛", "大渡 美咲"
    if len(words) == 1 and allow_single and SINGLE_NAME.match(name):
        return name  # a handle or a one-word name from metadata ("jdoe42", "LeoKT")
    if len(words) > MAX_NAME_WORDS or (len(words) < 2 and not allow_single):
        return None
    if metadata and name.islower() and all(w.isalpha() for w in words):
        return name  # metadata typed by hand in lower case: "marla quinby"
    if not all(NAME_WORD.match(w) or w[:1].isupper() for w in words):
        return None
    return " ".join(_name_case(w) for w in words) if name.isupper() and len(name) > 3 else name
