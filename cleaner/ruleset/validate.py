"""Check one rule as written in a rules file: its keys, and the type and value of each.

A user edits these files, so a rule of the wrong shape is a RuleError naming the file and the id, before
anything reads it: an int where a name belongs, a string where a list belongs (which would be read one
character at a time), a string where a number belongs, a `disabled = "yes"` that is not a yes.

    >>> validate_rule("my.toml", "agency", {"id": "ap", "name": "AP", "aliases": "Associated Press"})
    Traceback (most recent call last):
    ...
    cleaner.errors.RuleError: my.toml: agency ap: aliases must be a list of strings, not a string
"""

from __future__ import annotations

import re

from cleaner.blocks import BULLET
from cleaner.errors import RuleError

# Which keys each table's rules take, and which of them are required.
SCHEMA: dict[str, dict[str, set[str]]] = {
    "agency": {"required": {"id", "name", "aliases"}, "optional": {"dateline_forms", "disabled"}},
    "caption": {"required": {"id", "pattern"}, "optional": {"ignore_case", "disabled", "example"}},
    "dateline_style": {"required": {"id", "pattern", "format"}, "optional": {"example", "disabled"}},
    "region": {"required": {"id", "name", "abbreviations"}, "optional": {"disabled"}},
    "month": {"required": {"id", "names"}, "optional": {"disabled"}},
    "date_pattern": {"required": {"id", "pattern"}, "optional": {"example", "disabled", "swappable"}},
    "date_label": {"required": {"id", "kind", "words"}, "optional": {"disabled"}},
    "relative_date": {"required": {"id", "pattern"}, "optional": {"example", "disabled", "ignore_case"}},
    "byline": {"required": {"id", "pattern"}, "optional": {"disabled", "ignore_case"}},
    "author_separator": {"required": {"id", "pattern"}, "optional": {"disabled"}},
    "author_role": {"required": {"id", "words"}, "optional": {"disabled"}},
    "attribution": {"required": {"id", "pattern"}, "optional": {"disabled", "ignore_case"}},
    "header": {"required": {"id", "pattern"}, "optional": {"disabled", "ignore_case"}},
    "furniture_name": {"required": {"id", "words"}, "optional": {"disabled"}},
    "page_region": {"required": {"id", "kind"}, "optional": {"tags", "roles", "words", "disabled"}},
    "phrase": {
        "required": {"id", "kind", "lang", "match", "texts"},
        "optional": {"opens_run", "max_words", "disabled"},
    },
}
# The type of every key, in any table. "words" and the like must hold non-empty strings: an empty one
# would match everywhere (an empty alternative) or nowhere.
STRING_KEYS = frozenset({"name", "pattern", "example", "format", "kind", "lang", "match"})
LIST_KEYS = frozenset({"aliases", "dateline_forms", "abbreviations", "words", "texts", "tags", "roles"})
BOOL_KEYS = frozenset({"disabled", "ignore_case", "swappable", "opens_run"})
INT_KEYS = frozenset({"max_words"})
MONTHS = 12
MAX_NESTING = 50  # groups inside groups; the built-in rules go 4 deep, the regex parser recurses per level
MAX_WORDS_LIMIT = 10_000  # a phrase applies to blocks of at most this many words; more is a typo

# (header: a site's masthead and top bar; bio: a box about the author)
BOILERPLATE_KINDS = frozenset(
    {
        "navigation", "share", "caption", "related", "advertisement", "newsletter", "cookie", "footer", "comments",
        "header", "bio",
    }
)  # fmt: skip
PHRASE_MATCHES = frozenset({"exact", "prefix", "contains"})
DATE_LABEL_KINDS = frozenset({"published", "updated"})
# Nested unbounded repetition, "(a+)+" or "(\w*)*": the shape behind catastrophic backtracking.
NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]")


def validate_rule(name: str, table: str, rule: object) -> None:
    """Raise RuleError "<file>: <table> <id>: <problem>" for a rule of the wrong shape."""
    if not isinstance(rule, dict):
        raise RuleError(f"{name}: [[{table}]] entries must be tables")
    rid = rule.get("id", "<no id>")
    if "id" in rule and (not isinstance(rid, str) or not rid.strip()):
        raise RuleError(f"{name}: {table} {rid!r}: id must be a non-empty string")
    where = f"{name}: {table} {rid}"
    spec = SCHEMA[table]
    if "disabled" in rule and not isinstance(rule["disabled"], bool):
        raise RuleError(f"{where}: disabled must be true or false, not {_type(rule['disabled'])}")
    if rule.get("disabled") is True and "id" in rule:
        return  # an override that only switches a built-in rule off needs nothing else
    missing = spec["required"] - rule.keys()
    if missing:
        raise RuleError(f"{where}: missing {', '.join(sorted(missing))}")
    unknown = rule.keys() - spec["required"] - spec["optional"]
    if unknown:
        raise RuleError(f"{where}: unknown key {', '.join(sorted(unknown))}")
    for key, value in rule.items():
        _check_type(where, key, value)
    if table == "phrase":
        if rule["kind"] not in BOILERPLATE_KINDS:
            raise RuleError(f"{where}: kind {rule['kind']!r} is not one of {', '.join(sorted(BOILERPLATE_KINDS))}")
        if rule["match"] not in PHRASE_MATCHES:
            raise RuleError(f"{where}: match {rule['match']!r} is not one of exact, prefix, contains")
        if not rule["texts"]:
            raise RuleError(f"{where}: texts must be a list of non-empty strings")
        bulleted = [t for t in rule["texts"] if BULLET.match(t)]
        if bulleted:  # the text reader drops a line's list bullet before any phrase is compared with it
            raise RuleError(f"{where}: {bulleted[0]!r} can never match: lines lose their list bullet first")
    if table == "page_region" and rule["kind"] not in BOILERPLATE_KINDS | {"other"}:
        raise RuleError(f"{where}: kind {rule['kind']!r} is not one of {', '.join(sorted(BOILERPLATE_KINDS))}, other")
    if table == "date_label" and rule["kind"] not in DATE_LABEL_KINDS:
        raise RuleError(f"{where}: kind {rule['kind']!r} is not one of {', '.join(sorted(DATE_LABEL_KINDS))}")
    if "pattern" in rule and nesting(rule["pattern"]) > MAX_NESTING:
        raise RuleError(f"{where}: pattern nested too deeply (more than {MAX_NESTING} groups inside each other)")
    if "pattern" in rule and NESTED_QUANTIFIER.search(rule["pattern"]):
        raise RuleError(f"{where}: pattern has nested repetition like (a+)+, which can hang on some inputs")
    if table == "month":
        names = rule["names"]
        if not isinstance(names, list) or len(names) != MONTHS:
            raise RuleError(f"{where}: names must list 12 months")
        for month in names:
            if not isinstance(month, list) or not month or not all(_text(n) for n in month):
                raise RuleError(f'{where}: each month must be a list of names (strings), as ["january", "jan"]')


def nesting(pattern: str) -> int:
    """How deep the groups of a regular expression stand inside each other (escapes and sets skipped).

    >>> nesting(r"(a(b)[(]\\()")
    2
    """
    depth = deepest = 0
    escaped = in_set = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
        elif char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(0, depth - 1)
    return deepest


def _check_type(where: str, key: str, value: object) -> None:
    if key in STRING_KEYS and not isinstance(value, str):
        raise RuleError(f"{where}: {key} must be a string, not {_type(value)}")
    if key in STRING_KEYS and key != "example" and not value:
        raise RuleError(f"{where}: {key} must not be empty")
    if key in LIST_KEYS and (not isinstance(value, list) or not all(_text(v) for v in value)):
        raise RuleError(f"{where}: {key} must be a list of strings, not {_type(value)}")
    if key in BOOL_KEYS and not isinstance(value, bool):
        raise RuleError(f"{where}: {key} must be true or false, not {_type(value)}")
    if key in INT_KEYS and (isinstance(value, bool) or not isinstance(value, int)):
        raise RuleError(f"{where}: {key} must be a whole number, not {_type(value)}")
    if key in INT_KEYS and not 1 <= value <= MAX_WORDS_LIMIT:  # type: ignore[operator]
        raise RuleError(f"{where}: {key} must be between 1 and {MAX_WORDS_LIMIT}, not {value}")


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _type(value: object) -> str:
    if isinstance(value, list):
        bad = next((v for v in value if not _text(v)), None)
        return "a list holding " + (repr(bad) if isinstance(bad, str) else _type(bad)) if value else "an empty list"
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number", dict: "a table"}
    return names.get(type(value), type(value).__name__)
