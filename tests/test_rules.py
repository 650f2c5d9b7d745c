"""Rules: validated when loaded, a bad rule named by file and id, user folders extend and override."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cleaner
from cleaner import RuleError, load_rules
from cleaner.ruleset.load import builtin_rules_dir


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return folder


def test_builtin_rules_cover_the_languages(rules) -> None:
    langs = {r["lang"] for r in rules.raw["phrase"].values()}
    assert {"en", "de", "fr", "es", "ru"} <= langs
    assert rules.agency_name("The Associated Press") == "AP"
    assert rules.regions["N.Y."] == "New York"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[caption]]\nid = "x"\npattern = "(unclosed"\n', r"bad.toml: caption x: bad regular expression"),
        ('[[caption]]\nid = "slow"\npattern = "(a+)+$"\n', r"bad.toml: caption slow: pattern has nested repetition"),
        (
            '[[phrase]]\nid = "p"\nkind = "weird"\nlang = "en"\nmatch = "exact"\ntexts = ["x"]\n',
            r"bad.toml: phrase p: kind",
        ),
        (
            '[[phrase]]\nid = "p"\nkind = "share"\nlang = "en"\nmatch = "fuzzy"\ntexts = ["x"]\n',
            r"bad.toml: phrase p: match",
        ),
        ('[[caption]]\nid = "c"\n', r"bad.toml: caption c: missing pattern"),
        ('[[caption]]\nid = "c"\npattern = "x"\ncolour = "red"\n', r"bad.toml: caption c: unknown key colour"),
        ('[[nonsense]]\nid = "n"\n', r"bad.toml: unknown table \[\[nonsense\]\]"),
        ("not = [valid", r"bad.toml: not valid TOML"),
        (
            '[[dateline_style]]\nid = "d"\npattern = "^{NOPE}"\nformat = "x"\n',
            r"bad.toml: dateline_style d: unknown macro",
        ),
        ('[[date_label]]\nid = "l"\nkind = "maybe"\nwords = ["x"]\n', r"bad.toml: date_label l: kind 'maybe'"),
        (
            '[[phrase]]\nid = "p"\nkind = "footer"\nlang = "en"\nmatch = "prefix"\ntexts = ["* Note:"]\n',
            r"bad.toml: phrase p: '\* Note:' can never match",
        ),
    ],
)
def test_bad_rule_names_file_and_id(tmp_path, text, message) -> None:
    with pytest.raises(RuleError, match=message):
        load_rules(write(tmp_path, "bad.toml", text))


def test_missing_folder(tmp_path) -> None:
    with pytest.raises(RuleError, match="rules folder not found"):
        load_rules(tmp_path / "nope")


def test_user_rule_extends(tmp_path) -> None:
    folder = write(
        tmp_path,
        "mine.toml",
        '[[phrase]]\nid = "promo"\nkind = "advertisement"\nlang = "en"\n'
        'match = "exact"\ntexts = ["Buy our app today"]\n',
    )
    rules = load_rules(folder)
    para = "The council met on Wednesday and agreed to spend more money on parks and schools."
    raw = f"{para}\n\nBuy our app today\n\n{para}"
    record = cleaner.clean(raw, rules=rules)
    assert [(r.kind, r.rule) for r in record.removed] == [("advertisement", "promo")]
    assert all(r.rule != "promo" for r in cleaner.clean(raw).removed)  # the built-in rules know no "promo"
    assert rules.fingerprint != load_rules().fingerprint


def test_user_rule_overrides_and_disables(tmp_path) -> None:
    folder = write(
        tmp_path,
        "mine.toml",
        '[[phrase]]\nid = "en-share"\ndisabled = true\n\n'
        '[[agency]]\nid = "ap"\nname = "Associated Press"\naliases = ["AP"]\ndateline_forms = ["AP"]\n',
    )
    rules = load_rules(folder)
    assert all(p.id != "en-share" for p in rules.phrases)
    record = cleaner.clean("MOSCOW (AP) — The president said he would visit China in October this year.", rules=rules)
    assert record.dateline.agency == "Associated Press"


def test_rules_are_general() -> None:
    """No rule names a site or URL: a rule that does exists to fix one page."""
    site = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk)\b")
    for path in Path(builtin_rules_dir()).rglob("*.toml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.lstrip().startswith("#"):
                assert not site.search(line), f"{path.name}: {line}"


def test_builtin_exact_phrases_agree(rules) -> None:
    """The same text in two built-in exact rules must mean the same kind of block."""
    kinds: dict[str, set[str]] = {}
    for phrase in rules.phrases:
        if phrase.match == "exact":
            for text in phrase.texts:
                kinds.setdefault(text, set()).add(phrase.kind)
    assert {t: k for t, k in kinds.items() if len(k) > 1} == {}


def test_run_opening_rule_wins_a_shared_text(rules) -> None:
    assert rules.exact_phrases["jump to"].opens_run


def test_every_phrase_text_reads_as_its_own_kind(rules) -> None:
    """A phrase's own text, as a block, is removed as that phrase's kind: no two rules disagree on it."""
    from cleaner.blocks import WORD
    from cleaner.label.context_free import match_phrase

    for phrase in rules.phrases:
        for text in phrase.texts:
            if phrase.match == "prefix" and not text.rstrip()[-1].isalnum():
                continue  # "More:" or "Follow @" alone is a bare label; the rule is about what follows
            got = match_phrase(text, len(WORD.findall(text)), rules)
            assert got is not None and got.kind == phrase.kind, (phrase.id, text, got and got.id)


def test_word_macros_as_tries_match_as_the_flat_alternation(rules) -> None:
    # {MONTH} and {AGENCY} are tries in patterns that tell case apart (ruleset/macros.py): the same matches,
    # groups and spans as the flat, longest-first alternation they replace
    from cleaner.ruleset import load
    from cleaner.ruleset.macros import expand

    tables = load._read_folder(builtin_rules_dir(), relative=True)
    texts = [
        "Sept. 5, 2023 Sep 5 2023 September 5, 2023 at 10:05 pm",
        "5 Sept 2023, 5. September 2023, 20 de septiembre de 2023, 3 Mar. 2021, 18th Dec 2025",
        "Mayo 5, 2024; 5 Mayo 2024; 19-Dec-2025; 21.dez.2018; MAY 2 2024; may 2, 2024",
        "WASHINGTON, May 2 (Reuters) - The bill passed. MOSCOW, Sept. 3 (AP) — The talks ended.",
        "(AFP) - A storm hit. PARIS (AFP) – Le vote. Berlin, 2. Mai (dpa) - Die Wahl.",
    ]
    for table, compiled in (("date_pattern", rules.date_patterns), ("dateline_style", rules.dateline_styles)):
        for rule, (rule_id, pattern, *_format) in zip(load._enabled(tables, table), compiled, strict=True):
            assert rule["id"] == rule_id
            macros = {k: v["value"] for k, v in tables.get("_macros", {}).items()}
            macros |= {"AGENCY": _flat_agencies(rules), "MONTH": _flat_months(rules)}
            flat = re.compile(expand(rule, table, macros))
            for text in texts + [line for t in texts for line in re.split(r"[;,.] ", t)]:
                got = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
                want = [(m.span(), m.groupdict()) for m in flat.finditer(text)]
                assert got == want, (rule_id, text)
                assert bool(pattern.match(text)) == bool(flat.match(text)), (rule_id, text)


def _flat_months(rules) -> str:
    from cleaner.ruleset.macros import alternation

    return alternation(w for name in rules.months for w in (name, name.capitalize(), name.upper()))


def _flat_agencies(rules) -> str:
    from cleaner.ruleset.macros import alternation

    return alternation(f for r in rules.raw["agency"].values() for f in r.get("dateline_forms", [r["name"]]))


def test_word_macros_stay_flat_where_case_is_folded() -> None:
    from cleaner.ruleset.macros import expand

    flat, trie = {"MONTH": "(?:Sept|Sep)"}, {"MONTH": "(?:Sep(?:t)?)"}
    rule = {"_file": "x.toml", "id": "x", "pattern": "{MONTH} \\d"}
    assert expand(rule, "date_pattern", flat, trie) == "(?:Sep(?:t)?) \\d"
    assert expand({**rule, "ignore_case": True}, "date_pattern", flat, trie) == "(?:Sept|Sep) \\d"
    assert expand({**rule, "pattern": "(?i:{MONTH}) \\d"}, "date_pattern", flat, trie) == "(?i:(?:Sept|Sep)) \\d"
