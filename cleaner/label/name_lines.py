"""What one line of a dump says about its author: a bare name, the names after a byline marker, a role.

The pieces `bylines.header_byline` and `author_box` put together, each about one line of text:

- `bare_name(s)`: a line that is a person's name and nothing else ("Dylan Bailey, MS, RD, FAND"; "Jo Roe and
  Ann Poe | Guest Columnists"), not a heading or a menu ("Key Takeaways", "Order Now");
- `names_after_marker`: the names after a marker anywhere in a short line ("October 11, 2023 by Autumn
  Huerter"), not in a sentence ("Deals announced by ...") nor another person's credit ("Reviewed by");
- `marker_only`, `marker_at_end`: a line that is a marker, or ends with one, the name on the next line;
- `role_line`: a role under a name ("Content Editor"); `name_before_date`, `name_after_date`: a name at the
  start or the end of a date line.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import attrgetter

from cleaner.blocks import Block
from cleaner.fields.byline import clean_author_name, dated_byline_authors
from cleaner.fields.date import find_date
from cleaner.ruleset.load import Rules
from cleaner.speedups import load

NAME_MAX_WORDS = 4  # a bare name line: "Kelia Losa Reinoso", "Dylan Bailey, MS, RD, FAND" before its comma
NAME_MAX_CHARS = 60
MARKER_MAX_WORDS = 3  # "By", "Written By", "Words by"
MARKER_WORD_MAX_CHARS = 10  # the last word of a marker ("von", "Written by:")
ROLE_MAX_WORDS = 6  # a role line under a name ("Senior Content Contributor", "VP - Technology")
VOCABULARY_BLOCKS = 100  # the longest blocks whose lower-case words are the page's vocabulary
PROSE_WORDS_BEFORE_MARKER = 4  # a line ending as a sentence with this many words before "by" is prose
PROBE_NAME = "Jane Roe"  # put after a line to test whether the line is a byline marker alone
SEPARATOR = re.compile(r"\s[·•|]\s")
WORD_GAP = re.compile(r"\s+")
NAME_PART = re.compile(r"^[^\d\W][\w'’.\-]*$")
LETTERS = re.compile(r"[^\W\d_]+")
DIGIT = re.compile(r"\d")
# A word of prose: letters only, with space or punctuation around (not a piece of "jo.roe@example.com")
PROSE_WORD = re.compile(r"(?<![^\s\"'“”‘’«»(\[{])[^\W\d_]+(?=[\s\"'“”‘’«»)\]},;:!?…]|\.(?!\w)|$)")
# The page's lower-case words, or what computes them when first needed
Common = frozenset[str] | Callable[[], frozenset[str]]
SENTENCE_END = re.compile(r"[.!?…][\"”’)]?$")
# Words before "by" that credit someone other than the author: a reviewer, a photographer, a translator.
OTHER_CREDITS = frozenset(
    {"reviewed", "fact-checked", "checked", "edited", "photos", "photo", "photographs", "pictures", "images",
     "illustrated", "illustrations", "translated", "produced", "sponsored", "powered", "designed", "hosted",
     "curated", "narrated", "verified", "moderated", "geprüft", "fotos", "foto", "übersetzt", "image"}
)  # fmt: skip
SEPARATORS = "|•·–—-/("  # marks that end a name in a line
SINGLE_HANDLE = re.compile(r"^[a-z][a-z0-9_.-]{2,30}$")  # a one-word name in lower case: a handle ("whova")
# Where a bare name ends: a comma (a role, degrees), a dash, bar or bullet (a role, the outlet), "The" (an outlet).
NAME_END = re.compile(r",|\s[|•·–—-]\s|\s(?:The|THE)\s")
ACRONYM = re.compile(r"^[A-Z]{2,3}$")  # "UX", "ML", "CRM": a heading's word, not a name's
_C = load("_vocabulary")  # page_vocabulary's words in C (cleaner/label/_vocabulary.c)


def marker_only(text: str, rules: Rules) -> bool:
    """A line that is a byline marker and nothing else ("By", "Written By:", "Von")."""
    if len(text.split()) > MARKER_MAX_WORDS or DIGIT.search(text) is not None:
        return False
    key = (rules.fingerprint, text.rstrip())
    found = _MARKERS.get(key)
    if found is None:  # the same short texts come again and again ("By", "Home", "More"): asked once per rules
        if len(_MARKERS) >= MARKER_MEMO_SIZE:
            _MARKERS.clear()
        probe = f"{key[1]} {PROBE_NAME}"
        found = _MARKERS[key] = any(
            (m := pattern.match(probe)) is not None and m.group("names").strip() == PROBE_NAME
            for _id, pattern in rules.bylines
        )
    return found


# marker_only's answers by (rules fingerprint, text): a pure function's, so the same whatever came before
_MARKERS: dict[tuple[str, str], bool] = {}
MARKER_MEMO_SIZE = 20_000


def bare_name(
    text: str,
    rules: Rules,
    stopwords: frozenset[str] = frozenset(),
    *,
    single: bool = False,
    common: Common = frozenset(),
) -> str | None:
    """The person's name a line is (the first, when it names several), or None; see bare_names.

    >>> from cleaner.ruleset.load import load_rules
    >>> bare_name("Dylan Bailey, MS, RD, FAND", load_rules())
    'Dylan Bailey'
    >>> bare_name("Order now", load_rules()) is None
    True
    """
    names = bare_names(text, rules, stopwords, single=single, common=common)
    return names[0] if names else None


def bare_names(
    text: str,
    rules: Rules,
    stopwords: frozenset[str] = frozenset(),
    *,
    single: bool = False,
    common: Common = frozenset(),
) -> list[str]:
    """The names a line is: a few capitalised words each (a role, degrees or an outlet after a comma, a dash,
    a bar or "The" are dropped: "Jo Roe | The Daily Planet"), several joined by "and" or commas, no digits,
    none of `stopwords`, not most of them in `common` (words the page writes in lower case) or acronyms; in a
    script without case only after a marker. `single`: a one-word name counts (after a marker line).

    >>> from cleaner.ruleset.load import load_rules
    >>> bare_names("Manoj Roe and Jagpreet Poe | Guest Columnists", load_rules())
    ['Manoj Roe', 'Jagpreet Poe']
    >>> bare_names("John Crenshaw in seo", load_rules(), frozenset({"in"}))
    ['John Crenshaw']
    """
    text = " ".join(text.split())
    if not text or len(text) > NAME_MAX_CHARS or DIGIT.search(text) is not None:
        return []
    head = NAME_END.split(text, 1)[0].strip()
    parts = [p.strip() for p in rules.author_separator.split(head) if p and p.strip()]
    if not 1 <= len(parts) <= NAME_MAX_WORDS:
        return []
    names = []
    for part in parts if len(parts) > 1 else [head]:
        name = _one_name(part, rules, stopwords, single=single and len(parts) == 1, common=common)
        if name is None:
            return [] if len(parts) > 1 and not names else names
        names.append(name)
    return names


def _one_name(head: str, rules: Rules, stopwords: frozenset[str], *, single: bool, common: Common) -> str | None:
    """One name of bare_names, or None."""
    words = head.split()
    # a role or a preposition may follow the name ("Jo Roe in Local News"): it is cut below, so more words pass here
    if not 1 <= len(words) <= 2 * NAME_MAX_WORDS or not all(NAME_PART.match(w) for w in words):
        return None
    if not all(w[:1].isupper() for w in words if len(w) > 3) and not single:
        return None  # "Sign in", "Order now": a link, not a name
    if not single and not any(c.isascii() or c.isupper() or c.islower() for c in head if c.isalpha()):
        return None  # a word in a script without case ("首页", "국제"): a menu as often as a name
    if role_word(words[0], rules) or words[0].casefold() in rules.author_roles:
        return None  # "Senior Content Editor", "In Local News": a role or a preposition opens no name
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        head = " ".join(words[:half])  # "Jo Roe Jo Roe": the name twice (an avatar's text, then the name)
    if rules.date_label_opening.search(" ".join(words)):  # (a date label that some of its first words make)
        return None  # "Actualizado Lunes, 2 diciembre 2024": a date's label, not a name
    # one word after a marker is written as the site writes it ("IndustrySelect"), as in metadata
    name = clean_author_name(head, rules, allow_single=single, metadata=single)
    if name is None:
        return None
    words = name.split()
    if len(words) > NAME_MAX_WORDS or any(w.casefold() in stopwords for w in words):
        return None
    vocabulary = common() if callable(common) else common  # computed only for a line that got this far
    # most of its words the page writes in lower case ("Getting Ethereum Ready"): a heading, not a person
    if vocabulary and 2 * sum(bool(w.casefold() in vocabulary or ACRONYM.match(w)) for w in words) > len(words):
        return None  # "Key Takeaways", "UX Analytics": words of the page's own text, capitalised for a heading
    return name


def page_vocabulary(blocks: Sequence[Block], *, pure_python: bool = False) -> frozenset[str]:
    """The words the page's longest blocks (its prose) write in lower case, case-folded: "key", "takeaways".

    `pure_python`: skip the C module (cleaner/label/_vocabulary.c), which finds the same words in one pass.

    >>> page_vocabulary([Block.make("The key takeaways of the Smith report", 0)]) >= {"key", "takeaways"}
    True
    """
    longest = heapq.nlargest(VOCABULARY_BLOCKS, blocks, key=attrgetter("words"))
    text = "\n".join(b.text for b in longest)
    words = _C.lower_prose_words(text) if _C is not None and not pure_python else _python_lower_prose_words(text)
    return frozenset(map(str.casefold, set(words)))


def _python_lower_prose_words(text: str) -> list[str]:
    """The words of prose in `text` whose first letter is lower case: the reference for cleaner/label/_vocabulary.c."""
    # whole words of letters only: an address ("jo.roe@example.com", "/authors/jo-roe") holds a name in lower case
    return [w for w in PROSE_WORD.findall(text) if w[:1].islower()]


def role_line(text: str, rules: Rules) -> bool:
    """A short line that ends or opens with a role, as pages print one under the author's name ("Content
    Editor", "Founder & CEO", "Corresponsal en Atenas"); a short word of the roles ("in", "on") is a
    preposition there, not a role.

    >>> from cleaner.ruleset.load import load_rules
    >>> role_line("Senior Content Contributor", load_rules()), role_line("Sign in", load_rules())
    (True, False)
    """
    words = LETTERS.findall(text)
    if not 0 < len(words) <= ROLE_MAX_WORDS or DIGIT.search(text) is not None:
        return False
    return role_word(words[-1], rules) or (len(words) > 1 and role_word(words[0], rules))


def role_word(word: str, rules: Rules) -> bool:
    """A word of the roles that is no preposition: "Editor", "CEO", "VP"; not "in", "on"."""
    return word.casefold() in rules.author_roles and (len(word) > 3 or word.isupper())


def marker_at_end(text: str, rules: Rules) -> bool:
    """A line that ends with a byline marker, the names on the next line ("05.06.2025 um 14:46 von").

    >>> from cleaner.ruleset.load import load_rules
    >>> marker_at_end("05.06.2025 um 14:46 von", load_rules()), marker_at_end("05.06.2025", load_rules())
    (True, False)
    """
    words = text.split()
    if not words or not words[-1].rstrip(":").isalpha() or len(words[-1]) > MARKER_WORD_MAX_CHARS:
        return False  # most lines end with a word no marker has, or with a number or a mark
    # the last word, or the last two ("Written by"), with a word before them
    return len(words) > 1 and (
        marker_only(words[-1], rules) or (len(words) > 2 and marker_only(" ".join(words[-2:]), rules))
    )


def names_after_marker(text: str, rules: Rules) -> list[str]:
    """The names after a byline marker anywhere in a short line: "October 11, 2023 by Autumn Huerter",
    "On January 12, 2025 By Gabby Boucher In Travel", "Written by Kristin" (one name is enough here).

    >>> from cleaner.ruleset.load import load_rules
    >>> names_after_marker("October 11, 2023 by Autumn Huerter", load_rules())
    ['Autumn Huerter']
    >>> names_after_marker("Posted on May 2, 2024", load_rules())
    []
    """
    text = " ".join(text.split())
    if not any(_anywhere(pattern).search(text) for _id, pattern in rules.bylines):
        return []  # no marker anywhere: most lines
    if _credits_another(text, rules):
        return []  # "Reviewed by Jo Roe", "Photos by Ann Poe": another person's credit, not the author's
    if SENTENCE_END.search(text) and _prose_before_marker(text, rules):
        return []  # "Deals announced by Jamf, Twilio and Veeam Software.": a sentence, not a byline
    for at in [0, *(m.end() for m in WORD_GAP.finditer(text))]:
        rest = text[at:]
        for _id, pattern in rules.bylines:
            match = pattern.match(rest)
            if match is None:
                continue
            names = [clean_author_name(n, rules) or n for n in dated_byline_authors(rest, rules)]
            if names:  # "Gabby Roe In Travel": a preposition of the rules ends the name
                return names
            # one name alone: only when nothing follows it ("Written by Kristin"; not "Von München bis Aachen"),
            # or a mark, a preposition or the date ("by Whova | Apr 21, 2025", "Posted by Soliant on May 2, 2024")
            full = match.group("names")
            given = _before_date(full, rules)  # "By Sarah July 30, 2019": the date ends the name
            words = _first_name_words(given)
            rest = given[len(words) :].strip() if given.startswith(words) else given
            handle = full.split()[0] if full.split() else ""
            after = full[len(handle) :].strip()
            if not words and after[:1] in SEPARATORS and SINGLE_HANDLE.match(handle) and find_date(after, rules):
                words, rest = handle, after  # "by whova | Apr 21, 2025"
            alone = not rest.strip(" .,;:") or (" " not in words and _closes_name(rest, rules))
            name = bare_name(words, rules, single=alone)
            return [name] if name else []
    return []


def _before_date(text: str, rules: Rules) -> str:
    """The text up to its first date ("Sarah July 30, 2019" -> "Sarah ")."""
    found = [m.start() for _id, p in rules.date_patterns if (m := p.search(text))]
    return text[: min(found)] if found else text


def _closes_name(rest: str, rules: Rules) -> bool:
    """What follows a one-word name after a byline marker ends it: a mark, a preposition of the roles ("on",
    "in") or a date."""
    first = rest.split()[0] if rest.split() else ""
    return (
        rest[:1] in SEPARATORS
        or first.casefold() in rules.author_roles
        or any(pattern.match(rest) for _id, pattern in rules.date_patterns)
    )


def _credits_another(text: str, rules: Rules) -> bool:
    """A line whose first byline marker follows a verb of another credit ("reviewed by", "photos by")."""
    first = min((m.start() for _id, p in rules.bylines if (m := _anywhere(p).search(text))), default=0)
    before = text[:first].split()
    return bool(before) and before[-1].casefold().strip(":,") in OTHER_CREDITS


def _prose_before_marker(text: str, rules: Rules) -> bool:
    """Words of a sentence before the first byline marker of a line ("Deals announced by ..."); "Reviewed by
    Jo Roe, on May 2, 2024." has one word there, and "This post was written by Jo Roe." a byline's verb."""
    first = min((m.start() for _id, p in rules.bylines if (m := _anywhere(p).search(text))), default=0)
    before = text[:first].split()
    # "This post was written by Jo Roe, MD.": the verb of a byline before the marker
    return len(before) >= PROSE_WORDS_BEFORE_MARKER and before[-1].casefold() not in rules.author_roles


@lru_cache(maxsize=16)
def _anywhere(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A byline rule's pattern without its start anchor: a quick search for a marker anywhere in a line."""
    return re.compile(pattern.pattern.removeprefix("^"), pattern.flags)


def _first_name_words(text: str) -> str:
    """The capitalised words at the start of a text, up to the first other word or mark."""
    words = []
    for word in text.split():
        if not NAME_PART.match(word) or not word[:1].isupper():
            break
        if words and word.endswith(".") and len(word) > 3 and not words[-1].endswith("."):
            words.append(word.rstrip("."))  # "Jeff Cobb. Last updated ...": a full stop after a surname ends it
            break  # ("Dr. Max Roe", "Prof. Dr. Jo Roe", "Jo Roe Jr.": titles and initials keep theirs)
        words.append(word)
    return " ".join(words[:NAME_MAX_WORDS])


def name_before_date(
    text: str, rules: Rules, stopwords: frozenset[str] = frozenset(), *, common: Common = frozenset()
) -> list[str]:
    """ "Susan Ray December 9, 2024", "Jo Roe - Apr 16, 2015 8:02 pm UTC": the name before the date.

    >>> from cleaner.ruleset.load import load_rules
    >>> name_before_date("Jo Roe - Apr 16, 2015 8:02 pm UTC", load_rules())
    ['Jo Roe']
    """
    cut = None
    for _id, pattern in rules.date_patterns:
        match = pattern.search(text)
        if match and match.start() > 0 and (cut is None or match.start() < cut):
            cut = match.start()
    if cut is None:
        return []
    head = SEPARATOR.split(text[:cut])[0]  # "Jo Roe · CBC News · Posted: ..."
    name = bare_name(head.strip(" -–—|•·/,"), rules, stopwords, common=common)
    return [name] if name else []


def name_after_date(text: str, rules: Rules, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """ "Published on 28 April 2024, 14:26, Jo Roe": a name as the last part of a date line.

    >>> from cleaner.ruleset.load import load_rules
    >>> name_after_date("Published on April 28, 2024, 14:26, Jo Roe", load_rules())
    ['Jo Roe']
    """
    found = [m for _id, p in rules.date_patterns if (m := p.search(text))]
    if not found:
        return []
    after = text[min(found, key=lambda m: m.start()).end() :]
    parts = [p for p in re.split(r",|\s[|•·/]\s", after) if p.strip(" |•·/")]
    for part in reversed(parts):  # the last part that is a name ("27. Januar 2026 • Jo Roe • 3 Minuten")
        name = bare_name(part.strip(), rules, stopwords)
        if name:
            return [name]
    return []
