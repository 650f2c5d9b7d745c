"""The options a folder of records was cleaned with (`--from`, `--rules`), remembered in its manifest.

A record depends on more than its input: `--from text` and a `--rules` folder change it. The manifest keeps
the two options of the last run that wrote the folder, so a later `--check`, `cleaner-hook` or plain run
that does not name them judges the records with the same ones (instead of calling every record stale, or
worse, rewriting them all with the built-in rules). An option given again wins, and the run says which
option differs from the folder's.

    >>> recall(RunOptions("text", None), fmt=None, rules=None)
    Recalled(fmt='text', rules=None, notes=[])
    >>> recall(RunOptions("text", None), fmt="auto", rules=None).notes
    ['was cleaned with --from text; this run uses --from auto']

The manifest is input too (it may come from someone else's pull request), so a remembered rules folder is
used only when it is a relative path inside the current folder: a manifest never makes a run read rules
from elsewhere on the machine. A folder given by an absolute path is remembered, and must be given again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath

FORMATS = ("auto", "html", "text")


@dataclass(frozen=True, slots=True)
class RunOptions:
    """`--from` and `--rules` (the folder as the user wrote it, or None for the built-in rules)."""

    fmt: str = "auto"
    rules: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"from": self.fmt, "rules": self.rules}

    @classmethod
    def from_dict(cls, data: object) -> RunOptions:
        """The options object of a manifest; ValueError when it is not one.

        >>> RunOptions.from_dict({"from": "html", "rules": None})
        RunOptions(fmt='html', rules=None)
        """
        if not isinstance(data, dict) or set(data) != {"from", "rules"}:
            raise ValueError("options is not an object with the fields from, rules")
        fmt, rules = data["from"], data["rules"]
        if fmt not in FORMATS or not isinstance(fmt, str):
            raise ValueError(f"options.from is not one of {', '.join(FORMATS)}")
        if rules is not None and (not isinstance(rules, str) or not rules or "\0" in rules):
            raise ValueError("options.rules is not a folder name or null")
        return cls(fmt, rules)


@dataclass
class Recalled:
    """The options a run uses, and a note for each one that differs from the folder's."""

    fmt: str
    rules: str | None
    notes: list[str] = field(default_factory=list)


class OptionsError(ValueError):
    """A remembered option that cannot be used as it is (the rules folder is gone, or outside this folder)."""


def recall(remembered: RunOptions | None, *, fmt: str | None, rules: str | None) -> Recalled:
    """The --from and --rules a run into a folder uses: each one given, else the folder's, else the default.

    Raises OptionsError when the folder's rules folder would be used but is not a relative folder here.
    """
    if remembered is None:
        return Recalled(fmt or "auto", rules)
    notes = []
    if fmt is not None and fmt != remembered.fmt:
        notes.append(f"was cleaned with --from {remembered.fmt}; this run uses --from {fmt}")
    if rules is not None and not same_folder(rules, remembered.rules):
        before = f"--rules {remembered.rules}" if remembered.rules else "the built-in rules only"
        notes.append(f"was cleaned with {before}; this run uses --rules {rules}")
    if rules is None and remembered.rules is not None:
        if not safe_relative(remembered.rules):
            raise OptionsError(
                f"was cleaned with --rules {remembered.rules}, which a manifest may not name (not a relative path "
                "inside the current folder); give --rules again"
            )
        if not os.path.isdir(remembered.rules):
            raise OptionsError(
                f"was cleaned with --rules {remembered.rules}, which is not a folder here; give --rules again"
            )
        rules = remembered.rules
    return Recalled(fmt or remembered.fmt, rules, notes)


def same_folder(given: str, remembered: str | None) -> bool:
    """'my_rules/' and './my_rules' name the same folder; None (built-in rules) matches nothing given."""
    return remembered is not None and os.path.normpath(given) == os.path.normpath(remembered)


def safe_relative(path: str) -> bool:
    """A relative path that stays below the current folder, on any system.

    >>> [safe_relative(p) for p in ("rules", "a/b", "../x", "/etc", "C:\\\\x", "a/../../b")]
    [True, True, False, False, False, False]
    """
    if not path or "\0" in path or PurePosixPath(path).is_absolute() or PureWindowsPath(path).drive:
        return False
    if PureWindowsPath(path).is_absolute() or path.startswith("\\"):
        return False
    return os.path.normpath(path.replace("\\", "/")).split(os.sep)[0] != ".."
