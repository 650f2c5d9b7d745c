"""Attribution credits fused onto the last paragraph: '... leaders. Attribution: TASS, Kremlin.'

>>> from cleaner import load_rules
>>> split_attribution("Prices rose. Source: Reuters, AP.", load_rules())
('Prices rose.', 'Reuters, AP')
"""

from __future__ import annotations

from cleaner.normalise import strip_unbalanced_quote
from cleaner.ruleset.load import Rules

CREDIT_TRAILERS = " .;,\"”’'»"


def split_attribution(paragraph: str, rules: Rules) -> tuple[str, str] | None:
    """(paragraph without the credit, the credit) or None when the paragraph carries no credit."""
    for _id, pattern in rules.attributions:
        match = pattern.search(paragraph)
        if match:
            credit = clean_credit(match.group("credit"))
            if credit:
                return paragraph[: match.start()].rstrip(), credit
    return None


def clean_credit(credit: str) -> str:
    """A credit without its closing punctuation or a stray quote: 'TASS, Kremlin.”' -> 'TASS, Kremlin'."""
    return strip_unbalanced_quote(credit.strip()).rstrip(CREDIT_TRAILERS).strip()
