"""Hostile rules, round two: wrong types in any table, odd things named *.toml, bad regular expressions and
patterns whose time grows as a power of the line. Each is a RuleError naming the file and the id."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from cleaner import cli, load_rules
from cleaner.errors import RuleError
from cleaner.ruleset.regex_growth import polynomial_risk
from cleaner.ruleset.regex_safety import backtracking_risk
from cleaner.ruleset.validate import BOOL_KEYS, INT_KEYS, LIST_KEYS, SCHEMA, STRING_KEYS

from ._corpus_util import article

# A valid rule of every table (each test breaks one key of it).
VALID: dict[str, dict] = {
    "agency": {"id": "t", "name": "Foo News", "aliases": ["Foo"], "dateline_forms": ["FOO"], "disabled": False},
    "caption": {"id": "t", "pattern": "Photo: Jane", "ignore_case": True, "example": "Photo: Jane"},
    "dateline_style": {"id": "t", "pattern": "^(?P<place>ZZ) ", "format": "{PLACE}", "example": "ZZ x"},
    "region": {"id": "t", "name": "Foo", "abbreviations": ["Fo."]},
    "month": {"id": "t", "names": [[f"m{i}"] for i in range(12)]},
    "date_pattern": {
        "id": "t",
        "pattern": r"(?P<year>\d{4})/(?P<month>\d\d)/(?P<day>\d\d)",
        "example": "2024/01/02",
        "swappable": False,
    },
    "date_label": {"id": "t", "kind": "published", "words": ["Posted"]},
    "relative_date": {"id": "t", "pattern": r"\d+ eons ago", "example": "2 eons ago", "ignore_case": True},
    "byline": {"id": "t", "pattern": r"^Per (?P<names>[A-Z][a-z]+)$", "ignore_case": False},
    "author_separator": {"id": "t", "pattern": " plus "},
    "author_role": {"id": "t", "words": ["Scribe"]},
    "attribution": {"id": "t", "pattern": r"Credit line: (?P<credit>[A-Z][a-z]+)$"},
    "header": {"id": "t", "pattern": r"^stamp (?P<date>\d{4}-\d\d-\d\d) (?P<rest>.*)$"},
    "furniture_name": {"id": "t", "words": ["gizmo"]},
    "page_region": {"id": "t", "kind": "navigation", "tags": ["nav"], "roles": ["menubar"], "words": ["topnav"]},
    "phrase": {
        "id": "t",
        "kind": "share",
        "lang": "en",
        "match": "exact",
        "texts": ["Beam this"],
        "opens_run": False,
        "max_words": 5,
    },
}
REGEX_TABLES = sorted(t for t, spec in SCHEMA.items() if "pattern" in spec["required"])


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def write(folder: Path, table: str, rule: dict, name: str = "mine.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body = f"[[{table}]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in rule.items())
    (folder / name).write_text(body, encoding="utf-8")
    return folder


def test_every_valid_rule_loads(tmp_path: Path) -> None:
    assert set(VALID) == set(SCHEMA)
    for table, rule in VALID.items():
        load_rules(write(tmp_path / table, table, rule))


def wrong_values(key: str) -> list[object]:
    if key in STRING_KEYS or key == "id":
        return [5, ["a"], True, {"a": "b"}]
    if key in LIST_KEYS:
        return ["a string", 5, [5], ["ok", 3.5], [""], [["nested"]]]
    if key in BOOL_KEYS:
        return ["yes", 1, "true"]
    if key in INT_KEYS:
        return ["5", 5.5, True, 0, -3, 10**12]
    if key == "names":
        return ["january", ["january"] * 12, [["a"]] * 11, [[1]] * 12, [[]] * 12]
    raise AssertionError(key)


CASES = [
    (table, key, value)
    for table, rule in VALID.items()
    for key in rule
    for value in wrong_values(key)
    if not (table == "caption" and key == "example")  # an example may be any string, "" included
]


@pytest.mark.parametrize(("table", "key", "value"), CASES, ids=[f"{t}-{k}-{v!r}"[:60] for t, k, v in CASES])
def test_a_wrong_type_is_a_rule_error_naming_file_and_id(tmp_path: Path, table: str, key: str, value: object) -> None:
    folder = write(tmp_path / "rules", table, {**VALID[table], key: value})
    with pytest.raises(RuleError) as caught:
        load_rules(folder)
    message = str(caught.value)
    assert message.startswith(f"{folder / 'mine.toml'}: "), message
    assert f"{table} " in message and (key == "id" or f"{table} t:" in message), message
    assert key in message, message


def test_a_disabled_override_with_a_list_for_an_id(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="id must be a non-empty string"):
        load_rules(write(tmp_path / "rules", "caption", {"id": ["x"], "disabled": True}))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("macros = 'x'\n", "macros"),
        ("[macros]\nPLACE = 5\n", "macros"),
        ("[caption]\nid = 'x'\n", "array of tables"),
        ("caption = 5\n", "array of tables"),
        ("caption = [5]\n", "entries must be tables"),
        ("stray = 1\n", "unknown table"),
        ("[[caption]]\nid = 'x'\npattern = 'a'\nweight = 3\n", "unknown key weight"),
    ],
)
def test_the_shape_of_a_file(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.toml").write_text(text)
    with pytest.raises(RuleError, match=message):
        load_rules(tmp_path / "rules")


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.toml").write_bytes(b"[[caption]]\nid = '\xff'\npattern = 'x'\n")
    with pytest.raises(RuleError, match="not valid TOML"):
        load_rules(tmp_path / "rules")


# ------------------------------------------------------------------------------------------ odd files
def test_a_folder_named_like_a_rules_file(tmp_path: Path) -> None:
    (tmp_path / "rules" / "x.toml").mkdir(parents=True)
    with pytest.raises(RuleError, match=r"x\.toml: is a folder"):
        load_rules(tmp_path / "rules")


def test_a_dangling_link_named_like_a_rules_file(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.toml").symlink_to(tmp_path / "nowhere.toml")
    with pytest.raises(RuleError, match=r"x\.toml: cannot read"):
        load_rules(tmp_path / "rules")


def test_a_looping_link_named_like_a_rules_file(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.toml").symlink_to(tmp_path / "rules" / "y.toml")
    (tmp_path / "rules" / "y.toml").symlink_to(tmp_path / "rules" / "x.toml")
    with pytest.raises(RuleError, match="cannot read"):
        load_rules(tmp_path / "rules")


def test_a_folder_link_loop_in_the_rules_folder(tmp_path: Path) -> None:
    (tmp_path / "rules" / "sub").mkdir(parents=True)
    (tmp_path / "rules" / "sub" / "back").symlink_to(tmp_path / "rules", target_is_directory=True)
    with pytest.raises(RuleError, match="symbolic link loop"):
        load_rules(tmp_path / "rules")


def test_a_pipe_named_like_a_rules_file_does_not_hang(tmp_path: Path) -> None:
    import os

    (tmp_path / "rules").mkdir()
    os.mkfifo(tmp_path / "rules" / "x.toml")
    with pytest.raises(RuleError, match="not a regular file"):
        load_rules(tmp_path / "rules")


def test_the_cli_reports_odd_files_as_a_usage_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "rules" / "x.toml").mkdir(parents=True)
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(article(1), encoding="utf-8")
    assert cli.main([str(tmp_path / "raw"), "-o", str(tmp_path / "out"), "--rules", str(tmp_path / "rules")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "x.toml: is a folder" in err


# ------------------------------------------------------------------------------------------ regexes
BAD_PATTERNS = {
    "(unclosed": "bad regular expression",
    "[z-a]": "bad regular expression",
    "(?P<x>a)(?P<x>b)": "bad regular expression",
    "a{99999999999}": "too deeply nested or too large",
    "(" * 1000 + "a" + ")" * 1000: "too deeply nested",
    "(?:" * 3000 + "a" + ")" * 3000: "too deeply nested",
    "(?:a|" * 400 + "b" + ")" * 400: "too deeply",
}


@pytest.mark.parametrize("table", REGEX_TABLES)
@pytest.mark.parametrize("pattern", list(BAD_PATTERNS), ids=lambda p: p[:20])
def test_invalid_and_deeply_nested_patterns(tmp_path: Path, table: str, pattern: str) -> None:
    folder = write(tmp_path / "rules", table, {**VALID[table], "pattern": pattern})
    started = time.monotonic()
    with pytest.raises(RuleError) as caught:
        load_rules(folder)
    assert time.monotonic() - started < 10
    assert str(caught.value).startswith(f"{folder / 'mine.toml'}: {table} t: ")


# Patterns that pass the backtracking check (no loop inside a loop) but take n² or n³ steps per start.
POLYNOMIAL = [
    r"\w*\w*x",
    r"a*a*a*b",
    r".*.*=",
    r"\d+\d+\d+x",
    r"\w+\s?\w+\s?\w+!",
    r"^.*.*.*=",
    r"[a-z]+[a-z0-9]+[0-9]+!",
    r"[^,]*[^;]*[^.]*!",
    r".*=.*=.*x",
    r".*?.*?x",
    r"\s*\s*\s*$",
    r"(?:a|b+)(?:b|a+)c",
    r"\w*(?:-|\w+)x",
    r"(?P<names>\w+) ?(?P<year>\d+)?(?P<month>\d*)(?P<day>\d*)(?P<credit>.*)(?P<date>)(?P<rest>)!",
]


@pytest.mark.parametrize("pattern", POLYNOMIAL)
def test_polynomial_patterns_are_refused(pattern: str) -> None:
    assert backtracking_risk(pattern) is None or "nested" in backtracking_risk(pattern) or True
    assert backtracking_risk(pattern) or polynomial_risk(pattern), pattern


@pytest.mark.parametrize("table", REGEX_TABLES)
def test_polynomial_patterns_are_refused_in_every_table(tmp_path: Path, table: str) -> None:
    pattern = POLYNOMIAL[-1]
    folder = write(tmp_path / "rules", table, {**VALID[table], "pattern": pattern})
    with pytest.raises(RuleError, match=r"polynomial backtracking|nested|alternatives"):
        load_rules(folder)


SAFE = [
    r"\w+@\w+\.\w+",
    r"(\w+)\s+(\w+)\s+x",
    r"\b\w+\s*,\s*\w+\s*x",
    r"^\w*\w*x",
    r"[.!?]\s+(?:Photo|Credit)\s*:\s*[^.]{2,80}$",
    r"\b(?:Shutterstock|iStock)(?:\.\w{2,3})?\s*\)?\s*$",
    r"^By (?P<names>.+?)(?:,\s*(?P<agency>AP|Reuters))?$",
]


@pytest.mark.parametrize("pattern", SAFE)
def test_linear_or_quadratic_patterns_are_kept_and_fast_on_a_long_line(pattern: str) -> None:
    assert polynomial_risk(pattern) is None and backtracking_risk(pattern) is None
    compiled = re.compile(pattern)
    for line in ("a" * 2000, "aaaa " * 400, " " * 2000, "1" * 2000, "a," * 1000, "By " + "a " * 1000):
        started = time.monotonic()
        compiled.search(line)
        assert time.monotonic() - started < 1.0, (pattern, line[:10])


def test_the_built_in_rules_pass_every_check() -> None:
    load_rules()  # compiled with the same checks as a user's


def test_a_pattern_missing_a_group_the_code_reads(tmp_path: Path) -> None:
    folder = write(tmp_path / "rules", "byline", {**VALID["byline"], "pattern": "^Per [A-Z][a-z]+$"})
    with pytest.raises(RuleError, match=r"byline t: pattern needs the named group \(\?P<names>"):
        load_rules(folder)
