"""Rule patterns open to catastrophic backtracking are refused when loaded; what gets through is bounded by
the per-document time limit of a corpus run."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest

from cleaner import RuleError, cli, load_rules
from cleaner.ruleset.regex_safety import NESTED, OVERLAPPING, backtracking_risk

from ._corpus_util import article

RISKY = {
    r"(a+)+$": NESTED,
    r"^(\w+\s?)*$": NESTED,
    r"(.*a){20}": NESTED,
    r"(x+x+)+y": NESTED,
    r"(?:-|--)+x": NESTED,
    r"(a|a)*b": OVERLAPPING,
    r"(.|\s)*\)": OVERLAPPING,
    r"(?:ab|ab)+c": OVERLAPPING,
    r"(?:a*a*b)+c": NESTED,  # inside one round, the first a* can eat what the second would take
    r"(?:x?a+)+y": NESTED,  # x? is optional, so the a+ of one round can eat the next round's a
}
SAFE = [
    r"(?: [A-Z][a-z]*){0,4}x",  # every round starts with a space that the inner loop cannot eat
    r"[a-z]+(?:-[a-z]+)*$",
    r"(?:a?b)+c",  # the a? can never eat the b that closes its round
    r"(?:\w+,\s)+\d",  # each round ends with a comma the word cannot eat
    r"(?:x(?:a+)?)+y",  # every round starts with an x that the a+ cannot eat
    r"(?:de|del)+x",
    r"(\w|\d)+$",  # merged into one character class by the parser
    r"(?:—|–|--|-)+ ?",  # ends the pattern: once matched, nothing sends the engine back in
    r"\s*(?:,|;|&|\band\b)\s*",
]


@pytest.mark.parametrize(("pattern", "risk"), RISKY.items())
def test_risky_patterns_are_found(pattern: str, risk: str) -> None:
    assert backtracking_risk(pattern) == risk


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern: str) -> None:
    assert backtracking_risk(pattern) is None


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a|a)*b", r"(.|\s)*\)"])
def test_the_risky_ones_really_hang(pattern: str) -> None:
    # What the check protects against: each pattern takes seconds on a 30-character near-match.
    def give_up(signum, frame):
        raise TimeoutError

    old = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(TimeoutError):
            re.search(pattern, "a" * 30 + "!")
            re.search(pattern, " " * 30 + "!")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def write_rule(folder: Path, pattern: str, macro: str | None = None) -> Path:
    folder.mkdir(exist_ok=True)
    text = f"[macros]\nRISKY = '{macro}'\n\n" if macro else ""
    text += f"[[caption]]\nid = \"user-credit\"\npattern = '{pattern}'\n"
    (folder / "mine.toml").write_text(text, encoding="utf-8")
    return folder


def test_a_risky_user_rule_is_refused_naming_its_file_and_id(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"mine.toml: caption user-credit: .*nested repetition"):
        load_rules(write_rule(tmp_path / "rules", r"^Photo: (\w+\s?)+$"))


def test_a_risky_macro_is_found_after_expansion(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"mine.toml: caption user-credit: alternatives that can match"):
        load_rules(write_rule(tmp_path / "rules", r"^Credit: {RISKY}*\)$", macro=r"(?:.|\s)"))


def test_the_cli_reports_a_risky_rule_as_a_usage_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text(article(1), encoding="utf-8")
    rules = write_rule(tmp_path / "rules", r"(a|a)*b")
    assert cli.main([str(tmp_path / "raw"), "-o", str(tmp_path / "out"), "--rules", str(rules)]) == 2
    assert f"bad rules: {rules / 'mine.toml'}: caption user-credit: alternatives" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_slow_rule_that_gets_through_is_bounded_by_the_time_limit(tmp_path: Path, capsys) -> None:
    # Eight bounded loops in a row over the same characters: polynomial, not caught by the checks (a loop of
    # fewer than regex_growth.UNBOUNDED rounds counts as bounded), and slow enough on an 80-letter line to
    # hang a batch without the time limit. The line holds the "!" the rule needs,
    # or the literal prefilter (regex_literals) would rule it out without a search.
    rules = write_rule(tmp_path / "rules", r"\w{0,90}" * 8 + "!$")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(article(2), encoding="utf-8")
    (raw / "trap.txt").write_text("World News\n\n" + "a" * 80 + "!?\n\n" + article(3), encoding="utf-8")
    out = tmp_path / "out"
    status = cli.main([str(raw), "-o", str(out), "--rules", str(rules), "--timeout", "2", "--jobs", "1"])
    assert status == 1
    assert f"{raw / 'trap.txt'}: took longer than the time limit (2 s); stopped" in capsys.readouterr().err
    assert (out / "good.json").exists() and not (out / "trap.json").exists()
