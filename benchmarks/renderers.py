#!/usr/bin/env python3
"""Text mode with dumps made by other renderers: the same pages must score about the same.

    python benchmarks/renderers.py                       # AEB, every renderer
    python benchmarks/renderers.py --corpus wcxb --limit 200 --renderers inscriptis,bs4

score.py renders dumps with html-text only; this script adds renderers to its RENDERERS table at run
time and scores `cleaner` (and optionally a baseline) on each, with score.py's own metric:
- html-text: score.py's default (html_text.extract_text, guess_layout=True);
- inscriptis: inscriptis.get_text, a layout-aware renderer (tables, lists, indentation);
- bs4: BeautifulSoup(html, "lxml").get_text("\\n"), one line per text node, so a paragraph with links
  arrives in pieces, scripts and styles left out as a scraper would;
- select-all: what a browser's select-all and copy gives: block elements on their own lines, inline
  text joined, nothing hidden (no script, style, noscript, template, head).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from _eval import header

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
HIDDEN_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe")


def render_inscriptis(html: bytes) -> str:
    import inscriptis

    return inscriptis.get_text(html.decode("utf-8", "replace"))


def render_bs4(html: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.decode("utf-8", "replace"), "lxml")
    for tag in soup(list(HIDDEN_TAGS)):
        tag.decompose()
    return soup.get_text("\n")


def render_select_all(html: bytes) -> str:
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html.decode("utf-8", "replace"))
    except Exception:  # an empty or broken page renders as nothing
        return ""
    for bad in root.xpath("|".join(f"//{t}" for t in HIDDEN_TAGS)):
        bad.drop_tree()
    out: list[str] = []

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in BLOCK_TAGS:
            out.append("\n")
        if el.text and tag:
            out.append(el.text)
        for child in el:
            walk(child)
        if tag in BLOCK_TAGS:
            out.append("\n")
        if el.tail:
            out.append(el.tail)

    walk(root)
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


EXTRA = {"inscriptis": render_inscriptis, "bs4": render_bs4, "select-all": render_select_all}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="aeb", help="aeb, wcxb or fundus")
    ap.add_argument("--renderers", default="html-text,inscriptis,bs4,select-all")
    ap.add_argument("--baseline", help="also score this score.py system (trafilatura, c4) on each renderer")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(EVAL))
    import score

    score.RENDERERS.update(EXTRA)
    pages = list(score.CORPORA[args.corpus]())
    print(header('system / corpus / renderer'))
    for renderer in args.renderers.split(","):
        for system in ["cleaner"] + ([args.baseline] if args.baseline else []):
            m = score.run(system, args.corpus, "text", renderer=renderer, limit=args.limit, pages=pages)
            print(score.fmt_row(f"{system}/{args.corpus}/{renderer}", m), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
