"""Which front door a document takes: HTML or a plain-text dump, from its first few thousand characters.

    >>> sniff("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), sniff("Headline. By Jane Doe.")
    ('html', 'text')

A dump may quote a tag or two; a page opens with markup or uses it again and again. It reads no further
than SNIFF_CHARS and decides nothing else.
"""

from __future__ import annotations

import re

# Markup that marks a document as HTML when it opens with it or uses it repeatedly.
HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|span|a|article|section|script|table|br|h[1-6]|ul|li)\b",
    re.IGNORECASE,
)
HTML_MIN_TAGS = 3  # this many tags in the first SNIFF_CHARS make a document HTML
SNIFF_CHARS = 5000


def sniff(text: str) -> str:
    """'html' or 'text' from the first few thousand characters."""
    head = text[:SNIFF_CHARS]
    stripped = head.lstrip()
    if stripped.startswith("<") and HTML_TAG.match(stripped):
        return "html"
    return "html" if len(HTML_TAG.findall(head)) >= HTML_MIN_TAGS else "text"
