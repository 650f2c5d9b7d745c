"""The body's structure, and the record as Markdown.

`Record.body` stays plain paragraphs. Beside it, `Record.structure` holds one Shape per paragraph: what
the paragraph was on the page (a heading of some level, a list item, a table row and its cells, a quote,
code) and the links in it. Both are in the JSON record, so `Record.from_dict(json).to_markdown()` gives
the same Markdown as the record cleaned from the page. A paragraph with no shape is a plain paragraph
(text dumps have no structure but their paragraphs).

    >>> body = "Storm hits coast\\n\\nThe storm reached the coast.\\n\\nRoads closed\\n\\nPower out"
    >>> shapes = (Shape("h2"), Shape("p", links=(("coast", "https://x.example/coast"),)), Shape("li"), Shape("li"))
    >>> print(render_body(body, shapes, links=True))
    ## Storm hits coast
    <BLANKLINE>
    The storm reached the [coast](https://x.example/coast).
    <BLANKLINE>
    - Roads closed
    - Power out
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

HEADINGS = {f"h{n}": n for n in range(1, 7)}
# A block's tag (blocks.py) -> the tag of its Shape; every other tag (figcaption, line...) is a paragraph.
SHAPE_TAGS = {**{h: h for h in HEADINGS}, "p": "p", "li": "li", "blockquote": "blockquote", "pre": "pre", "tr": "tr"}
LIST_TAGS = frozenset({"li", "ol"})  # an item of an unordered or an ordered list
TABLE_TAG = "tr"
# A paragraph that opens like Markdown structure would turn into it: its first character is escaped.
BLOCK_START = re.compile(r"^(?:#{1,6}\s|[-+*]\s|\d+[.)]\s|>|```|~~~|\||={3,}|-{3,})")
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
# Record fields written to the front matter, in this order (lists and the dateline as flow collections).
FRONT_MATTER = (
    "title", "authors", "date", "section", "byline", "dateline", "url", "canonical_url", "site_name",
    "description", "image", "tags", "language", "attribution", "source", "id",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Shape:
    """What one body paragraph was on the page.

    `tag`: p, h1-h6, li (unordered item), ol (ordered item), blockquote, pre, tr (a table row);
    `depth`: how deep a list item is nested (0 at the top); `cells`: a row's cells, `head` when they are
    header cells; `code`: a code block's text with its line breaks; `links`: (text, URL) of each link, in order.
    """

    tag: str = "p"
    depth: int = 0
    cells: tuple[str, ...] = ()
    head: bool = False
    code: str = ""
    links: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Only what differs from a plain paragraph, so that a record of plain paragraphs stays small."""
        out: dict[str, Any] = {"tag": self.tag}
        if self.depth:
            out["depth"] = self.depth
        if self.cells:
            out["cells"] = list(self.cells)
        if self.head:
            out["head"] = True
        if self.code:
            out["code"] = self.code
        if self.links:
            out["links"] = [list(link) for link in self.links]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Shape:
        return cls(
            tag=data.get("tag") or "p",
            depth=int(data.get("depth") or 0),
            cells=tuple(data.get("cells") or ()),
            head=bool(data.get("head")),
            code=data.get("code") or "",
            links=tuple((str(t), str(u)) for t, u in data.get("links") or ()),
        )


PLAIN = Shape()


def render_body(body: str, shapes: Sequence[Shape], *, links: bool = False) -> str:
    """The body's paragraphs as Markdown, each shown as its Shape says (a paragraph without one is plain)."""
    paragraphs = [p for p in body.split("\n\n") if p]
    out: list[str] = []  # Markdown blocks, joined by a blank line
    run: list[str] = []  # lines of the list or table being written
    run_kind = ""
    columns = 0
    for i, text in enumerate(paragraphs):
        shape = shapes[i] if i < len(shapes) else PLAIN
        kind = "list" if shape.tag in LIST_TAGS else "table" if shape.tag == TABLE_TAG else ""
        if run and kind != run_kind:
            out.append("\n".join(run))
            run = []
        run_kind = kind
        if kind == "list":
            marker = "1." if shape.tag == "ol" else "-"
            run.append("  " * min(shape.depth, 6) + f"{marker} {_inline(text, shape, links)}")
        elif kind == "table":
            cells = [_cell(c) for c in (shape.cells or (text,))]
            if not run:
                columns = len(cells)
                run.append(_row(cells, columns))
                run.append(_row(["---"] * columns, columns))
                if not shape.head:  # the first row is the header row in GitHub tables: keep it a row of data
                    run[0] = _row([""] * columns, columns)
                    run.append(_row(cells, columns))
            else:
                columns = max(columns, len(cells))
                run.append(_row(cells, columns))
        elif shape.tag in HEADINGS:
            out.append("#" * HEADINGS[shape.tag] + " " + _inline(text, shape, links))
        elif shape.tag == "blockquote":
            out.append("> " + _inline(text, shape, links))
        elif shape.tag == "pre":
            code = shape.code or text
            fence = "````" if "```" in code else "```"
            out.append(f"{fence}\n{code}\n{fence}")
        else:
            out.append(_escape_start(_inline(text, shape, links)))
    if run:
        out.append("\n".join(run))
    return "\n\n".join(out)


def front_matter(fields: dict[str, Any]) -> str:
    """YAML front matter of the record's fields; values written as JSON, which YAML reads as they are."""
    lines = ["---"]
    for key in FRONT_MATTER:
        value = fields.get(key)
        if value in (None, "", [], {}):
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)


def _inline(text: str, shape: Shape, links: bool) -> str:
    """The paragraph's text with Markdown's inline characters escaped, and its links written as links."""
    if not links or not shape.links:
        return _escape(text)
    out: list[str] = []
    at = 0
    for label, url in shape.links:
        found = text.find(label, at) if label else -1
        if found < 0 or not url:
            continue
        out.append(_escape(text[at:found]))
        out.append(f"[{_escape(label)}]({_url(url)})")
        at = found + len(label)
    out.append(_escape(text[at:]))
    return "".join(out)


def _escape(text: str) -> str:
    return INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_start(text: str) -> str:
    return "\\" + text if BLOCK_START.match(text) else text


def _url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _cell(text: str) -> str:
    return _escape(" ".join(text.split())).replace("|", "\\|")


def _row(cells: Iterable[str], columns: int) -> str:
    cells = list(cells)
    cells += [""] * (columns - len(cells))
    return "| " + " | ".join(cells) + " |"
