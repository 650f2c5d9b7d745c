"""Labelling for HTML blocks: the shared context-free pass, then a context pass of their own.

trafilatura has already chosen the main content, so the text-mode context pass (body region from the
first to the last prose block, everything before it navigation) would throw away standfirsts, short
paragraphs and list items that belong to the story. Here every block is body unless a rule says
otherwise:

1. `label.context_free`: phrases (share, related, newsletter, cookie, advertisement...), captions,
   bylines; related-story runs after a "Read more" heading (`label.mark_related_runs`).
2. `revise_html`: in the header zone (the blocks before the first paragraph of prose) the headline
   the page's metadata names is the title, a byline is the byline, a short line with a date is the date,
   the section name is the section; an author's name standing alone is the byline. Everything else
   still provisional is body (rule "prose" or "main-content"; "gap-prose" or "gap-main-content" for a
   paragraph trafilatura skipped that `html_gaps` put back).
3. `label.html_sections`: a heading over nothing but lines trafilatura dropped is labelled as those lines.

    >>> from cleaner.blocks import Block
    >>> from cleaner import load_rules
    >>> blocks = [Block.make("Storm hits coast", 0, tag="h1"),
    ...           Block.make("The storm reached the coast on Monday night, the weather service said.", 1, tag="p"),
    ...           Block.make("Share on Facebook", 2, tag="p")]
    >>> [lab.kind for lab in label_html_blocks(blocks, load_rules(), title="Storm hits coast")]
    ['title', 'body', 'share']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from cleaner.blocks import BODY, Block, Label
from cleaner.fields.date import find_date
from cleaner.label.context import mark_related_runs
from cleaner.label.context_free import GOOD, PROVISIONAL, context_free, prose_class
from cleaner.label.html_dropped import HIDDEN, HIDDEN_LABEL, REGION, label_dropped
from cleaner.label.html_sections import empty_sections
from cleaner.ruleset.load import Rules, fold_phrase

# Captions are a sentence or two; a longer block that matches a caption pattern is prose.
CAPTION_MAX_WORDS = 40
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# A header-zone line this short that carries a date is the date line ("Updated: Jan 31, 2024 4:05 PM").
DATE_LINE_MAX_WORDS = 14
# A header-zone line this short that holds an author's name is a byline without "By".
BYLINE_MAX_WORDS = 12
# A byline this short below the first paragraph ("Written by Jane Doe" over an author box) is no line of the story.
REPEAT_BYLINE_MAX_WORDS = 6
# "5 min read", "Reading time: 4 minutes": a reading-time badge, not prose.
# A closing line with an e-mail address or a social handle is the reporter's contact line, not prose.
# A match starts where a token does (the lookbehind): tried from inside a long run of word characters, the
# search would scan the rest of the run from every start, n² steps on one long token.
CONTACT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+|twitter\.com/\w")
CONTACT_MAX_WORDS = 40
TAIL_BLOCKS = 3  # how many closing blocks the contact rule looks at
# A block that is only a timestamp, or a link above the story, is metadata trafilatura let through
# ("2019-11-19T08:57:40+01:00"); a link inside the story may be what the story points to.
BARE_VALUE = re.compile(
    r"^(?:https?://\S+|\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?)$"
)
# After the author's name at the start of a closing paragraph: the verb of a biography.
AUTHOR_BIO_VERB = re.compile(r"^(?:,[^,]{0,60},)?\s+(?:is|was|has|writes|covers|joined|holds|lives|ist|est|es)\b")
# Regions whose text is furniture even when trafilatura kept it, a block at most this long, and the share of the
# main content a region may hold before it is taken for the article itself.
FURNITURE_KINDS = frozenset({"share", "newsletter", "cookie", "advertisement", "comments", "related", "bio", "footer"})
FURNITURE_MAX_WORDS = 40
FURNITURE_MAX_SHARE = 0.15
# A menu's entries trafilatura kept: short lines, no headings (a table of contents repeats the story's headings,
# and the heading can take the menu's region when its line is met there first), two or more in a row (a line of
# the story can take the region of a menu entry of the same words).
MENU_ENTRY_MAX_WORDS = 8
# Below the first paragraph, a short line with a date that says who posted what ("Posted by Jane at May 2, 2024",
# "11/12/2025 by Acme") is the metadata of this post or of a teaser card, not prose.
POST_META = re.compile(r"^(?:(?:posted|published|written)\b|\d[\d/.-]*\d\s+by\s)", re.I)
POST_META_MAX_WORDS = 12
READING_TIME = re.compile(r"^(?:reading time:?\s*)?\d+\s*(?:-\s*\d+\s*)?(?:min|mins|minutes?|minute read)\b", re.I)


def label_html_blocks(
    blocks: Sequence[Block],
    rules: Rules,
    *,
    title: str | None = None,
    authors: Sequence[str] = (),
    section: str | None = None,
    headlines: Sequence[str] = (),
) -> list[Label]:
    """Both passes for trafilatura's blocks; `title`, `authors` and `section` come from the page's metadata,
    `headlines` are the page's visible h1 headlines (the title may be the JSON-LD's version of them).

    The lines of the page trafilatura dropped (put in place by read/html_regions.py) are labelled apart
    (`label.html_dropped`), so that the main content is labelled as if they were not there."""
    title_folds = frozenset(f for f in [_fold(title) if title else "", *(_fold(h) for h in headlines)] if f)
    dropped = label_dropped(blocks, rules, title_folds)
    kept_at = [i for i, lab in enumerate(dropped) if lab is None]
    kept = [blocks[i] if blocks[i].index == k else replace(blocks[i], index=k) for k, i in enumerate(kept_at)]
    first = context_free(kept, rules)
    labels = list(first)
    mark_related_runs(kept, labels, rules)
    keep_prose(kept, first, labels, rules)
    labels = revise_html(kept, labels, rules, title=title, authors=authors, section=section, headlines=headlines)
    labels = furniture_kept(kept, labels, rules)
    for i, label in zip(kept_at, labels, strict=True):
        dropped[i] = HIDDEN_LABEL if blocks[i].origin == HIDDEN else label
    return empty_sections(blocks, [lab for lab in dropped if lab is not None])


def furniture_kept(blocks: Sequence[Block], labels: list[Label], rules: Rules) -> list[Label]:
    """Body blocks trafilatura kept from inside page furniture (a share bar, a newsletter box, a call to action
    in a related-links box, a menu's entries): the region's kind, when the region holds a small part of the main
    content and the block is no long paragraph (an article wrapped in a "card" or a "widget" stays whole)."""
    kinds = {r.id: r.kind for r in rules.page_regions}
    size: dict[str, int] = {}
    for block in blocks:
        if block.origin.startswith(REGION):
            size[block.origin] = size.get(block.origin, 0) + len(block.text)
    if not size:
        return labels
    total = sum(len(b.text) for b in blocks) or 1
    out = list(labels)
    for i, block in enumerate(blocks):
        region = block.origin[len(REGION) :] if block.origin.startswith(REGION) else ""
        kind = kinds.get(region)
        if out[i].kind != BODY or size.get(block.origin, total) > FURNITURE_MAX_SHARE * total:
            continue
        if (kind in FURNITURE_KINDS and block.words <= FURNITURE_MAX_WORDS) or (
            kind == "navigation"
            and block.words <= MENU_ENTRY_MAX_WORDS
            and block.tag not in HEADINGS
            and any(0 <= j < len(blocks) and blocks[j].origin == block.origin for j in (i - 1, i + 1))
        ):
            out[i] = Label(kind, region)
    return out


def keep_prose(blocks: Sequence[Block], first: Sequence[Label], labels: list[Label], rules: Rules) -> None:
    """Undo decisions that suit a text dump but not trafilatura's main content.

    - a caption pattern on a long block: a paragraph that mentions "Getty Images" is prose (captions are
      a sentence or two, and trafilatura keeps <figcaption> apart);
    - a related-links run that reaches a heading: the heading opens a new part of the story;
    - a "contains" boilerplate phrase in a paragraph of prose between two paragraphs of prose: the story
      talks about a newsletter or a privacy policy, it is not the sign-up box.
    """
    contains = {p.id for p in rules.phrases if p.match == "contains"}
    openers = {p.id: p.kind for p in rules.phrases if p.opens_run}
    in_run_break = False
    run_kind = "related"
    for i, label in enumerate(labels):
        block = blocks[i]
        if label.rule in openers:
            run_kind = openers[label.rule]
        if label.rule == "related-run" and run_kind != "related":
            # a table of contents opens a run of links too, but they are navigation, not related stories
            labels[i] = label = Label(run_kind, f"{run_kind}-run")
        if label.kind == "caption" and block.words > CAPTION_MAX_WORDS and block.tag != "figcaption":
            labels[i] = Label(prose_class(block), "long-for-caption")
        elif label.rule.endswith("-run"):
            if block.tag in HEADINGS or block.tag == "tr":  # (a table's rows are no list of links)
                in_run_break = True
            if in_run_break:
                labels[i] = first[i]
        else:
            in_run_break = False
        # (not among the closing blocks, where notices and disclaimers stand one after the other)
        between = 0 < i < len(labels) - TAIL_BLOCKS and first[i - 1].kind == GOOD and first[i + 1].kind == GOOD
        if label.rule in contains and between and prose_class(block) == GOOD:
            labels[i] = Label(GOOD, "prose-between-prose")


def revise_html(
    blocks: Sequence[Block],
    labels: list[Label],
    rules: Rules,
    *,
    title: str | None = None,
    authors: Sequence[str] = (),
    section: str | None = None,
    headlines: Sequence[str] = (),
) -> list[Label]:
    labels = list(labels)
    start = next((i for i, lab in enumerate(labels) if lab.kind == GOOD), len(labels))
    title_fold = _fold(title) if title else None
    title_folds = {f for f in [title_fold, *(_fold(h) for h in headlines)] if f}
    author_folds = [_fold(a) for a in authors if a]
    seen: set[str] = set()
    for i in range(start):
        block, kind = blocks[i], labels[i].kind
        text_fold = _fold(block.text)
        if kind not in PROVISIONAL and kind != "byline":
            continue
        if "title" not in seen and text_fold in title_folds:
            labels[i] = Label("title", "metadata-title")
        elif kind == "byline" or (
            block.words <= BYLINE_MAX_WORDS and author_folds and any(a in text_fold for a in author_folds)
        ):
            labels[i] = Label("byline", labels[i].rule if kind == "byline" else "metadata-author")
            if "byline" in seen:
                labels[i] = Label("other", "second-byline")
        elif block.words <= DATE_LINE_MAX_WORDS and find_date(block.text, rules):
            labels[i] = Label("date" if "date" not in seen else "other", "date-line")
        elif READING_TIME.match(block.text):
            labels[i] = Label("other", "reading-time")
        elif section and text_fold == _fold(section) and block.words <= 4:
            labels[i] = Label("section", "metadata-section")
        seen.add(labels[i].kind)
    for i, label in enumerate(labels):
        fold = _fold(blocks[i].text)
        if label.kind in PROVISIONAL:
            if BARE_VALUE.match(blocks[i].text) and (i < start or not blocks[i].text.startswith("http")):
                labels[i] = Label("other", "bare-value")
                continue
            if fold in title_folds and i >= start:
                labels[i] = Label("other", "title-repeat")
                continue
            if (
                i > start
                and blocks[i].words <= POST_META_MAX_WORDS
                and POST_META.match(blocks[i].text)
                and find_date(blocks[i].text, rules)
            ):
                labels[i] = Label("other", "post-meta")
                continue
            tail = i >= len(blocks) - TAIL_BLOCKS
            if tail and blocks[i].words <= CONTACT_MAX_WORDS and CONTACT.search(blocks[i].text):
                labels[i] = Label("footer", "contact-line")
                continue
            if tail and i > start and _is_author_bio(blocks[i].text, authors):
                labels[i] = Label("footer", "author-bio")
                continue
        if label.kind in PROVISIONAL:
            rule = "prose" if label.kind == GOOD else "main-content"
            # a paragraph trafilatura skipped and html_gaps put back says so when asked why it is body
            labels[i] = Label(BODY, f"gap-{rule}" if blocks[i].origin == "gap" else rule)
        elif label.kind == "byline" and i >= start:
            # a "By the way..." line in the story is prose; "Written by Jane Doe" alone is the byline again
            alone = blocks[i].words <= REPEAT_BYLINE_MAX_WORDS
            labels[i] = Label("other", "byline-repeat") if alone else Label(BODY, "inside-body")
    return labels


def _is_author_bio(text: str, authors: Sequence[str]) -> bool:
    """ "Jane Doe is a freelance writer who...": a closing paragraph about the author, not the story."""
    return any(text.startswith(name) and AUTHOR_BIO_VERB.match(text[len(name) :]) for name in authors if len(name) > 3)


def _fold(text: str) -> str:
    return fold_phrase(text).replace("’", "'")
