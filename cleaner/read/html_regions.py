"""The page outside trafilatura's main content: every visible line it dropped, with the region it stood in.

trafilatura keeps the article and silently drops the rest (menus, the site's header and footer, comments,
teasers, share bars, cookie notices). So that every block a reader sees is accounted for, the same lxml
tree is walked once more, cheaply, in document order (html_walk.py): its visible text is cut into lines where block
elements end (as a text dump would be), each line carrying the nearest region around it that a
`[[page_region]]` rule names (by tag, ARIA role, or a whole word of its class or id; rules/html.toml).
Lines found in the kept blocks are the body; the others are put between the kept blocks where they stand,
as blocks of origin "dropped:<region>" (or "dropped" under no named region, or "hidden" for text of
hidden elements), for `label/html.py` to label. A kept block learns the region it stood in too
("region:<id>"), so that a share bar or a newsletter box trafilatura let through can be told.

    >>> from lxml import html
    >>> from cleaner.blocks import Block
    >>> from cleaner import load_rules
    >>> tree = html.fromstring("<body><nav><a>Home</a><a>World</a></nav><article><p>The storm reached the "
    ...     "coast on Monday.</p></article><footer>All rights reserved.</footer></body>")
    >>> kept = [Block.make("The storm reached the coast on Monday.", 0, tag="p")]
    >>> [(b.text, b.origin) for b in account_for_page(kept, tree, load_rules())[0]]  # doctest: +NORMALIZE_WHITESPACE
    [('Home World', 'dropped:navigation-menu'), ('The storm reached the coast on Monday.', ''),
     ('All rights reserved.', 'dropped:page-footer')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from cleaner.blocks import Block
from cleaner.normalise import clean_inline, normalise_text
from cleaner.read.html_walk import page_lines
from cleaner.ruleset.load import PageRegion, Rules

# When more of the main content than this stands in hidden elements, the page shows its content with a
# script (a streamed server render in <div hidden>, a reveal on load): the hidden text is then what is shown.
MAX_HIDDEN_SHARE = 0.3
WORD = re.compile(r"\w+")
# A line of fewer words than this is matched with the kept text only as a whole block, or inside the kept
# block it stands next to: a menu's "Home" is not the word "home" of a paragraph further down.
SHORT_WORDS = 4
NEAR_BLOCKS = 2  # how many kept blocks after the last matched one a short line is looked for in
# Main content that is one block of this many words, holding this share of its words, is trafilatura's last
# resort: the page's text glued into one paragraph, menus and all. Such a block is cut back into the page's
# lines; those standing in a named region that holds no more than GLUED_REGION_SHARE of its text are dropped.
GLUED_MIN_WORDS = 300
GLUED_SHARE = 0.9
GLUED_REGION_SHARE = 0.15
HIDDEN = "hidden"
DROPPED = "dropped"
REGION = "region:"


def account_for_page(
    blocks: Sequence[Block], tree: Any, rules: Rules
) -> tuple[list[Block], dict[str, tuple[tuple[str, str], ...]], dict[str, str]]:
    """`blocks` (the main content) with every other visible line of `tree` put in place between them; the
    links (text, href as written) of each kept block's text, from the lines found in it; and the heading tag
    of each kept paragraph that the page shows as a heading (an <h3> around a <p>, which trafilatura reads
    as a paragraph)."""
    lines = page_lines(tree, rules.page_regions)
    if not lines:
        return list(blocks), {}, {}
    keys = [" ".join(WORD.findall(b.text.casefold())) for b in blocks]
    starts: list[int] = []
    joined_parts: list[str] = []
    at = 0
    for key in keys:
        starts.append(at)
        joined_parts.append(key)
        at += len(key) + 1
    joined = " " + " ".join(joined_parts) + " "
    whole = {k: i for i, k in reversed(list(enumerate(keys))) if k}
    glued_at = _glued(blocks)
    glued_lines: list[tuple[str, str, str]] = []  # (text, region, heading) of the lines found in a glued block
    hidden_keys: set[str] = set()
    region_of: dict[int, str] = {}  # kept block -> the region of the line that is the whole block
    dropped: list[tuple[int, str, str]] = []  # (the kept block it stands before, text, origin)
    anchor = -1  # the last kept block a line was found in
    links_of: dict[int, list[tuple[str, str]]] = {}
    headings: dict[int, str] = {}  # kept block -> the heading tag of the line that is the whole block
    for text, region, hidden, links, heading in lines:
        key = " ".join(WORD.findall(text.casefold()))
        if not key:
            continue
        found = _find(key, joined, starts, whole, anchor)
        if hidden:
            if found is None:
                dropped.append((anchor + 1, text, HIDDEN))
            else:
                hidden_keys.add(key)
            continue
        if found is not None and found == glued_at:
            anchor = found
            glued_lines.append((text, region, heading))
            continue
        if found is not None:
            anchor = found
            if links:
                links_of.setdefault(found, []).extend(links)
            if (region or heading) and whole.get(key) == found:
                if region:
                    region_of.setdefault(found, region)
                if heading:
                    headings.setdefault(found, heading)
            hidden_keys.discard(key)
            continue
        dropped.append((anchor + 1, text, f"{DROPPED}:{region}" if region else DROPPED))
    hidden_chars = sum(len(b.text) for b, k in zip(blocks, keys, strict=True) if k in hidden_keys)
    if hidden_chars > MAX_HIDDEN_SHARE * sum(len(b.text) for b in blocks):
        hidden_keys.clear()
    before = _dropped_texts(dropped)
    out: list[Block] = []
    for i, block in enumerate(blocks):
        for text, origin in before.get(i, ()):
            out.append(Block(text, len(out), "line", True, 0.0, len(WORD.findall(text)), origin))
        if i == glued_at and glued_lines:
            out.extend(_unglued(glued_lines, len(out), rules.page_regions))
            continue
        origin = block.origin
        if not origin and keys[i] in hidden_keys:
            origin = HIDDEN  # shown nowhere but in a hidden element: not body
        elif not origin and i in region_of:
            origin = REGION + region_of[i]
        if origin == block.origin and block.index == len(out):
            out.append(block)
        else:
            b = block
            out.append(Block(b.text, len(out), b.tag, b.gap_before, b.link_share, b.words, origin))
    for text, origin in before.get(len(blocks), ()):
        out.append(Block(text, len(out), "line", True, 0.0, len(WORD.findall(text)), origin))
    shown_as = {blocks[i].text: tag for i, tag in headings.items() if blocks[i].tag == "p"}
    return out, {blocks[i].text: tuple(found) for i, found in links_of.items()}, shown_as


def _glued(blocks: Sequence[Block]) -> int:
    """The index of a block that holds (nearly) all of a long main content, or -1."""
    if not blocks:
        return -1
    at = max(range(len(blocks)), key=lambda i: blocks[i].words)
    words = blocks[at].words
    return at if words >= GLUED_MIN_WORDS and words >= GLUED_SHARE * sum(b.words for b in blocks) else -1


def _unglued(lines: list[tuple[str, str, str]], start: int, regions: tuple[PageRegion, ...]) -> list[Block]:
    """A glued block's lines as blocks from index `start`: a paragraph (or the heading it stood in) each, or a
    dropped line when it stood in a region that holds a small part of the block's text (a region holding more
    is the article's own box). Figures hold tables as well as pictures, and a heading's own class may name a
    header: their lines stay."""
    kinds = {r.id: r.kind for r in regions}
    size: dict[str, int] = {}
    for text, region, _heading in lines:
        size[region] = size.get(region, 0) + len(text)
    total = sum(size.values()) or 1
    texts = normalise_text("\n".join(text for text, _region, _heading in lines)).split("\n")  # (all at once)
    if len(texts) != len(lines):
        texts = [normalise_text(text) for text, _region, _heading in lines]
    out: list[Block] = []
    for raw, (_text, region, heading) in zip(texts, lines, strict=True):
        text = clean_inline(raw)
        if not text:
            continue
        words = len(WORD.findall(text))
        kind = kinds.get(region, "")
        furniture = kind not in ("", "caption") and not (heading and kind == "header")
        if furniture and size[region] <= GLUED_REGION_SHARE * total:
            out.append(Block(text, start + len(out), "line", True, 0.0, words, f"{DROPPED}:{region}"))
        else:
            out.append(Block(text, start + len(out), heading or "p", True, 0.0, words, ""))
    return out


def _find(key: str, joined: str, starts: list[int], whole: dict[str, int], anchor: int) -> int | None:
    """The kept block that holds the line `key`, searched from the last one found; None when none does."""
    exact = whole.get(key)
    if exact is not None:
        return exact
    needle = f" {key} "
    if key.count(" ") + 1 < SHORT_WORDS:
        if anchor < 0:
            return None
        lo = starts[anchor]
        hi = starts[anchor + NEAR_BLOCKS + 1] if anchor + NEAR_BLOCKS + 1 < len(starts) else len(joined)
        pos = joined.find(needle, lo, hi + 1)
    else:
        pos = joined.find(needle, starts[anchor] if anchor >= 0 else 0)
        if pos < 0 and anchor > 0:
            pos = joined.find(needle)
    if pos < 0:
        return None
    return bisect_right(starts, pos) - 1


def _dropped_texts(dropped: list[tuple[int, str, str]]) -> dict[int, list[tuple[str, str]]]:
    """kept block index -> (text, origin) of the dropped lines to put before it (len(blocks): after all)."""
    # repaired all at once: one call for the page's few hundred lines costs what one call for a line does
    texts = normalise_text("\n".join(text for _at, text, _origin in dropped)).split("\n")
    if len(texts) != len(dropped):
        texts = [normalise_text(text) for _at, text, _origin in dropped]
    before: dict[int, list[tuple[str, str]]] = {}
    for (at, _raw, origin), text in zip(dropped, texts, strict=True):
        text = clean_inline(text)
        if text:
            before.setdefault(at, []).append((text, origin))
    return before
