"""Load, validate and compile the rules in `rules/` (the knowledge; the code holds mechanisms).

    >>> rules = load_rules()                      # the built-in rules
    >>> rules = load_rules("my_rules/")  # built-in, extended or overridden by my_rules/*.toml  # doctest: +SKIP
    >>> rules.agency_name("Associated Press")
    'AP'

A user rule with the same table and `id` as a built-in one replaces it; `disabled = true` removes it.
Every problem is raised as RuleError naming the file and the rule id.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cleaner.errors import RuleError
from cleaner.ruleset.folder import stamp, toml_files
from cleaner.ruleset.macros import alternation as _alternation
from cleaner.ruleset.macros import expand, word_macros
from cleaner.ruleset.regex_growth import polynomial_risk
from cleaner.ruleset.regex_safety import backtracking_risk
from cleaner.ruleset.validate import BOILERPLATE_KINDS, DATE_LABEL_KINDS, PHRASE_MATCHES, SCHEMA, validate_rule

__all__ = ["BOILERPLATE_KINDS", "DATE_LABEL_KINDS", "PHRASE_MATCHES", "Rules", "load_rules"]

# How many words a block may have for a phrase of each match style to apply to it.
DEFAULT_MAX_WORDS = {"exact": 12, "prefix": 40, "contains": 30}

# The named groups the code reads from every match of a table's patterns.
REQUIRED_GROUPS = {
    "date_pattern": {"year", "month", "day"},
    "byline": {"names"},
    "attribution": {"credit"},
    "header": {"date", "rest"},
}

# What may stand between a date label and its date: "Updated on: ", "Publié le ", "Aktualisiert am".
DATE_LABEL_BETWEEN = r"\s*:?(?:\s+(?:on|at|am|le|el|em|il|op|в))?\s*:?\s*"
DATE_LABEL_TAIL = DATE_LABEL_BETWEEN + "$"


@dataclass(frozen=True, slots=True)
class Phrase:
    id: str
    kind: str
    lang: str
    match: str
    texts: frozenset[str]
    opens_run: bool
    max_words: int
    pattern: re.Pattern | None = None  # prefix and contains phrases: one alternation, searched at once


@dataclass(frozen=True, slots=True)
class PageRegion:
    """A kind of page region: the tags, ARIA roles and class or id words that name it."""

    id: str
    kind: str
    tags: frozenset[str]
    roles: frozenset[str]
    word_list: tuple[str, ...]  # whole words of a class or id attribute ("footer" in "site-footer")


@dataclass(frozen=True)
class Rules:
    """Compiled rules. Build with load_rules(); every field is read-only data."""

    raw: dict[str, dict[str, dict]]  # table -> id -> rule as written
    fingerprint: str  # sha256 of the merged rules: a record made with other rules is stale
    agencies: dict[str, str]  # alias (case-folded) -> canonical name
    captions: tuple[tuple[str, re.Pattern], ...]
    dateline_styles: tuple[tuple[str, re.Pattern, str], ...]  # id, pattern, format
    regions: dict[str, str]  # abbreviation -> full name
    months: dict[str, int]  # month name or abbreviation (case-folded) -> 1..12
    date_patterns: tuple[tuple[str, re.Pattern], ...]
    swappable_dates: frozenset[str]  # ids of date patterns whose day and month may stand either way round
    # kind ("published", "updated") -> a label that ends the text before a date ("Last updated on:")
    date_labels: tuple[tuple[str, re.Pattern], ...]
    # a label of any kind that the first words of a single-spaced text make ("Updated on Monday"): a search
    # finds it where one of date_labels finds " ".join(words[:k]) for some k, in one call
    date_label_opening: re.Pattern
    bylines: tuple[tuple[str, re.Pattern], ...]
    author_separator: re.Pattern
    author_roles: frozenset[str]
    attributions: tuple[tuple[str, re.Pattern], ...]
    headers: tuple[tuple[str, re.Pattern], ...]
    phrases: tuple[Phrase, ...]
    exact_phrases: dict[str, Phrase] = field(default_factory=dict)  # folded text -> phrase rule
    # "vor 14 Minuten", "2 hours ago": a date line that names no day
    relative_dates: tuple[tuple[str, re.Pattern], ...] = ()
    # a class or id word of page furniture ("sidebar", "related"), as a whole word of the attribute
    furniture_names: re.Pattern = re.compile("(?!)")
    # regions of a page by tag, ARIA role and class or id word (rules/html.toml [[page_region]]), in order
    page_regions: tuple[PageRegion, ...] = ()

    def agency_name(self, text: str) -> str | None:
        """The canonical agency for an alias: "Associated Press" -> "AP"; None for anything else."""
        return self.agencies.get(text.strip().casefold())


def builtin_rules_dir() -> Path:
    """rules/ inside the installed wheel (cleaner/rules), or beside the package in a source checkout."""
    here = Path(__file__).resolve().parent.parent  # the cleaner package
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError(f"built-in rules folder not found beside {here}")


def load_rules(folder: str | Path | None = None) -> Rules:
    """Built-in rules, extended or overridden by the *.toml files of `folder` (searched recursively).

    Loaded once per folder and state: the same folder whose files (names, mtimes, sizes) are unchanged
    gives the same Rules without reading it again, so `clean(raw, rules="my_rules")` in a loop is cheap,
    and an edited folder is read afresh. Errors name files by the path the caller gave.
    """
    if folder is None:
        return _builtin_rules()
    user = Path(folder)
    if not user.exists():
        raise RuleError(f"{user}: rules folder not found")
    if not user.is_dir():
        raise RuleError(f"{user}: is a file; --rules takes a folder of *.toml files")
    files = toml_files(user)
    key = (os.path.realpath(user), str(user), tuple((str(p), *stamp(p)) for p in files))
    cached = _USER_RULES.get(key)
    if cached is None:
        tables = _read_folder(builtin_rules_dir(), relative=True)
        _merge(tables, _read_folder(user, files))
        cached = _compile(tables)
        if len(_USER_RULES) >= USER_RULES_CACHED:
            _USER_RULES.pop(next(iter(_USER_RULES)))
        _USER_RULES[key] = cached
    return cached


USER_RULES_CACHED = 8  # rules folders kept compiled (each a few hundred kB)
_USER_RULES: dict[tuple, Rules] = {}


@cache
def _builtin_rules() -> Rules:
    # Rules are immutable data, so compiling them once per process changes no result.
    return _compile(_read_folder(builtin_rules_dir(), relative=True))


def _read_folder(
    folder: Path, files: list[Path] | None = None, *, relative: bool = False
) -> dict[str, dict[str, dict]]:
    """The tables of a folder's rules files; `relative` names files relative to the folder (the built-in
    rules), else as the caller gave the folder ("my_rules/x.toml", not "x.toml")."""
    tables: dict[str, dict[str, dict]] = {}
    for path in files if files is not None else toml_files(folder):
        name = str(path.relative_to(folder)) if relative else str(path)
        try:
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise RuleError(f"{name}: not valid TOML: {exc}") from exc
        except (OSError, RecursionError) as exc:
            raise RuleError(f"{name}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
        macros = doc.pop("macros", {})
        if macros:
            if not isinstance(macros, dict) or not all(isinstance(v, str) for v in macros.values()):
                raise RuleError(f"{name}: [macros] must map names to strings")
            entries = {k: {"id": k, "value": v, "_file": name} for k, v in macros.items()}
            tables.setdefault("_macros", {}).update(entries)
        for table, rules in doc.items():
            if table not in SCHEMA:
                raise RuleError(f"{name}: unknown table [[{table}]] (known: {', '.join(sorted(SCHEMA))})")
            if not isinstance(rules, list):
                raise RuleError(f"{name}: [[{table}]] must be an array of tables")
            for rule in rules:
                validate_rule(name, table, rule)
                seen = tables.setdefault(table, {})
                if rule["id"] in seen and seen[rule["id"]]["_file"] == name:
                    raise RuleError(f"{name}: {table} {rule['id']}: id used twice in one file")
                seen[rule["id"]] = {**rule, "_file": name}
    return tables


def _merge(base: dict[str, dict[str, dict]], user: dict[str, dict[str, dict]]) -> None:
    for table, rules in user.items():
        for rid, rule in rules.items():
            if rule.get("disabled") is True:
                base.get(table, {}).pop(rid, None)
            else:
                base.setdefault(table, {})[rid] = rule


def _enabled(tables: dict[str, dict[str, dict]], table: str) -> list[dict]:
    return [r for r in tables.get(table, {}).values() if r.get("disabled") is not True]


def _regex(rule: dict, table: str, pattern: str | None = None) -> re.Pattern:
    flags = re.IGNORECASE if rule.get("ignore_case") else 0
    pattern = pattern if pattern is not None else rule["pattern"]
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: the error below says enough
            warnings.simplefilter("ignore")
            compiled = re.compile(pattern, flags)
        # Checked after macros are expanded: a macro can carry the risky part.
        risk = backtracking_risk(pattern, flags) or polynomial_risk(pattern, flags)
    except re.error as exc:
        raise RuleError(f"{rule['_file']}: {table} {rule['id']}: bad regular expression: {exc}") from exc
    except (RecursionError, OverflowError, ValueError) as exc:  # nested thousands deep, or a huge {n}
        raise RuleError(
            f"{rule['_file']}: {table} {rule['id']}: regular expression too deeply nested or too large"
        ) from exc
    if risk:
        raise RuleError(f"{rule['_file']}: {table} {rule['id']}: {risk}, which can hang on some inputs")
    missing = REQUIRED_GROUPS.get(table, set()) - compiled.groupindex.keys()
    if missing:  # the code reads these groups of every match: without them each page would fail
        names = ", ".join(f"(?P<{g}>...)" for g in sorted(missing))
        raise RuleError(f"{rule['_file']}: {table} {rule['id']}: pattern needs the named group {names}")
    return compiled


def _date_label_opening(words: list[str]) -> re.Pattern:
    """date_labels' test for every word prefix of a text at once: the label ends where a word does."""
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)" + _alternation(words) + DATE_LABEL_BETWEEN + r"(?= |$)", re.IGNORECASE)


def _compile(tables: dict[str, dict[str, dict]]) -> Rules:
    agencies: dict[str, str] = {}
    dateline_forms: list[str] = []
    for rule in _enabled(tables, "agency"):
        for alias in [rule["name"], *rule["aliases"]]:
            agencies[alias.casefold()] = rule["name"]
        dateline_forms += rule.get("dateline_forms", [rule["name"]])

    months: dict[str, int] = {}
    for rule in _enabled(tables, "month"):
        for number, names in enumerate(rule["names"], start=1):
            for month_name in names:
                months[month_name.casefold()] = number

    month_words = set()
    for month_name in months:
        month_words |= {month_name, month_name.capitalize(), month_name.upper()}
    macros = {k: v["value"] for k, v in tables.get("_macros", {}).items()}
    macros["AGENCY"] = _alternation(dateline_forms) if dateline_forms else "(?!)"
    macros["MONTH"] = _alternation(month_words) if month_words else "(?!)"
    tries = word_macros({"AGENCY": dateline_forms, "MONTH": month_words})  # the same, quicker (see macros.py)

    def patterns(table: str) -> tuple[tuple[str, re.Pattern], ...]:
        return tuple((r["id"], _regex(r, table, expand(r, table, macros, tries))) for r in _enabled(tables, table))

    styles = tuple(
        (r["id"], _regex(r, "dateline_style", expand(r, "dateline_style", macros, tries)), r["format"])
        for r in _enabled(tables, "dateline_style")
    )
    # each checked alone (a bad one names its id), then joined into one alternation
    separators = [(_regex(r, "author_separator"), r["pattern"])[1] for r in _enabled(tables, "author_separator")]
    phrases = tuple(
        Phrase(
            id=r["id"],
            kind=r["kind"],
            lang=r["lang"],
            match=r["match"],
            texts=frozenset((fold_phrase if r["match"] == "exact" else fold_spaces)(t) for t in r["texts"]),
            opens_run=bool(r.get("opens_run", False)),
            max_words=int(r.get("max_words", DEFAULT_MAX_WORDS[r["match"]])),
            pattern=_phrase_pattern(r),
        )
        for r in _enabled(tables, "phrase")
    )
    exact: dict[str, Phrase] = {}
    for phrase in phrases:
        if phrase.match == "exact":
            for text in phrase.texts:
                held = exact.get(text)
                # Two rules with the same text: the one that opens a run of links reads it more fully.
                if held is None or (phrase.opens_run and not held.opens_run):
                    exact[text] = phrase

    public = {t: {i: {k: v for k, v in r.items() if k != "_file"} for i, r in rs.items()} for t, rs in tables.items()}
    fingerprint = hashlib.sha256(json.dumps(public, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return Rules(
        raw=public,
        fingerprint=fingerprint,
        agencies=agencies,
        captions=patterns("caption"),
        dateline_styles=styles,
        regions={a: r["name"] for r in _enabled(tables, "region") for a in r["abbreviations"]},
        months=months,
        date_patterns=patterns("date_pattern"),
        swappable_dates=frozenset(r["id"] for r in _enabled(tables, "date_pattern") if r.get("swappable")),
        date_labels=tuple(
            (r["kind"], re.compile(r"(?<!\w)" + _alternation(r["words"]) + DATE_LABEL_TAIL, re.IGNORECASE))
            for r in _enabled(tables, "date_label")
        ),
        date_label_opening=_date_label_opening([w for r in _enabled(tables, "date_label") for w in r["words"]]),
        bylines=patterns("byline"),
        author_separator=_joined(separators),
        author_roles=frozenset(w.casefold() for r in _enabled(tables, "author_role") for w in r["words"]),
        attributions=patterns("attribution"),
        headers=patterns("header"),
        phrases=phrases,
        exact_phrases=exact,
        relative_dates=patterns("relative_date"),
        furniture_names=_furniture_names([w for r in _enabled(tables, "furniture_name") for w in r["words"]]),
        page_regions=tuple(
            PageRegion(
                r["id"],
                r["kind"],
                frozenset(t.lower() for t in r.get("tags", [])),
                frozenset(t.lower() for t in r.get("roles", [])),
                tuple(r.get("words", [])),
            )
            for r in _enabled(tables, "page_region")
        ),
    )


def _joined(separators: list[str]) -> re.Pattern:
    """The author separators as one alternation; each was checked alone, so only a group name that two of
    them share can fail here."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return re.compile("|".join(f"(?:{s})" for s in separators) if separators else "(?!)")
    except re.error as exc:
        raise RuleError(f"author_separator: the separators do not join into one pattern: {exc}") from exc


def _furniture_names(words: list[str]) -> re.Pattern:
    """Whole words of a class or id attribute: "sidebar" in "left-sidebar", not in "sidebarred"."""
    if not words:
        return re.compile("(?!)")
    return re.compile(r"(?:^|[\s_-])(?:" + _alternation(words) + r")(?:$|[\s_-])", re.IGNORECASE)


def _phrase_pattern(rule: dict) -> re.Pattern | None:
    if rule["match"] == "exact":
        return None
    alternation = _alternation(fold_spaces(t) for t in rule["texts"])
    # Whole words only: a footer word such as "agb" must not fire inside "ragbag".
    if rule["match"] == "prefix":
        return re.compile("^" + alternation)
    return re.compile(r"(?<!\w)" + alternation + r"(?!\w)")


_FOLD_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def fold_spaces(text: str) -> str:
    """Case-folded with runs of white space as one space: how prefix and contains phrases compare."""
    return _single_spaced(text.casefold())


def fold_phrase(text: str) -> str:
    """How block texts and phrases are compared: case-folded, spaces folded, edge punctuation dropped.

    >>> fold_phrase("  Read  MORE: ")
    'read more'
    """
    folded = text.casefold()
    if not (folded[:1].isalnum() and folded[-1:].isalnum()):  # [\W_] is exactly "not isalnum()"
        folded = _FOLD_EDGES.sub("", folded)
    return _single_spaced(folded)


def _single_spaced(text: str) -> str:
    """Runs of white space as one space, the edges trimmed: " ".join(text.split()).

    Block texts mostly are so already: a few checks in C spare splitting them into words and joining
    those again. isprintable() is False for every white space character but the space itself.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())  # str.split's white space is re's \s: the same result, faster
