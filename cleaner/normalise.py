"""Text normalisation shared by both front doors: mojibake, Unicode form, white space, stray quotes.

>>> normalise_text("Russiaâ€™s president")
'Russia’s president'
>>> clean_inline("  a\\u00a0\\u00a0b  ")
'a b'
"""

from __future__ import annotations

import re
import unicodedata

# Byte sequences that UTF-8 turns into when read as cp1252 or latin-1: "â€™", "Ã©", "Ð¸".
MOJIBAKE_LEADS = "ÂÃÐÑâ"
MOJIBAKE_HINT = re.compile(
    rf"[{MOJIBAKE_LEADS}][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
# Zero-width and soft characters that only break words apart when tokenised.
INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE = re.compile(f"[{INVISIBLE_CHARS}]")
OPEN_QUOTES = "“‘«„‚"
CLOSE_QUOTES = "”’»“‘"


def normalise_text(text: str) -> str:
    """Whole-document repair: mojibake (ftfy, only when it looks needed), NFC, line ends, invisibles."""
    # Each regex runs only when one of the characters it starts with is there: `in` scans in C many times
    # faster than re tries a character class at every position, and most dumps hold none of them.
    if any(lead in text for lead in MOJIBAKE_LEADS) and MOJIBAKE_HINT.search(text):
        import ftfy

        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(char in text for char in INVISIBLE_CHARS):
        text = INVISIBLE.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_inline(text: str) -> str:
    """One block's text on one line: runs of white space (no-break spaces too) become one space."""
    # str.split() splits on exactly the characters re's \s matches (no-break spaces too, and newlines):
    # the same as a regex substitution and a strip, at a fraction of the cost on long dumps.
    return " ".join(text.split())


def strip_unbalanced_quote(text: str) -> str:
    """Drop one closing quote at the very end that no opening quote matches.

    >>> strip_unbalanced_quote('order.”')
    'order.'
    >>> strip_unbalanced_quote('he said “yes.”')
    'he said “yes.”'
    """
    if not text or text[-1] not in CLOSE_QUOTES + '"':
        return text
    last = text[-1]
    if last == '"':
        balanced = text.count('"') % 2 == 0
    elif last == "”":
        balanced = text.count("“") + text.count("„") >= text.count("”")
    elif last == "“":  # closes a German „quote“; anywhere else it is an opener left dangling
        balanced = text.count("„") >= text.count("“")
    elif last == "»":
        balanced = text.count("«") >= text.count("»")
    else:  # ’ ‘ double as apostrophes, so only a lone one right after terminal punctuation counts
        balanced = text[-2:-1] not in ".!?" or text.count("‘") >= text.count("’") - _apostrophes(text)
    return text if balanced else text[:-1].rstrip()


def _apostrophes(text: str) -> int:
    return len(re.findall(r"\w’\w", text))
