"""Errors the cleaner raises on purpose; anything else is a bug."""

from __future__ import annotations


class CleanerError(Exception):
    """Base of the cleaner's own errors."""


class RuleError(CleanerError):
    """A rule file or rule is invalid; the message names the file and the rule id."""


class InputError(CleanerError):
    """The input cannot be read as a document (binary, undecodable, too large)."""
