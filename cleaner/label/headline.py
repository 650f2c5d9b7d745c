"""The headline of a dump, found from the dump itself: where a line stands, how it looks, and what it shares
with the URL, the body's opening and the page's other lines.

html-text prints the page's <title> first, but most renderers, WET files and scrapers do not: their
first line is "Skip to content", a menu or a scraper's header. So a first line counts as the page's
<title> only on evidence (`page_title_evidence`): the page prints its headline again further down, the
line names the site, or it holds the URL's words. Without that, every title-sized line before the body
is a candidate (`find_headline`), scored on:

- **position**: the headline stands just above the story, under a byline or a date at most; each
  unclaimed line between it and the body costs a little (`NEAR_BODY_LINES`).
- **the URL's words**: a CMS writes the slug from the headline ("/diet-trends-2025").
- **the body's opening**: a lede repeats the headline's words ("Putin accepts invitation ..." over
  "Putin said Wednesday he accepted an invitation ...").
- **a copy**: a page prints its headline twice (a breadcrumb's last item, a table of contents, the h1);
  the copy nearest the body is the headline.
- **shape**: a headline has a few words, a capital at the start, no full stop after a long sentence, no
  date, no list number, and is followed by a byline or a date (the line right above the story is as often
  a subheading or a caption).

The best candidate wins when its score reaches `MIN_SCORE`; the record's explanation names the evidence
that decided (`evidence` of the Headline).

    >>> from cleaner.blocks import Block, Label
    >>> lines = ["Skip to content", "Home", "World", "Council closes river bridge to lorries", "By Jane Roe",
    ...          "The council closed the river bridge to lorries on Tuesday after engineers found cracks."]
    >>> blocks = [Block.make(t, i) for i, t in enumerate(lines)]
    >>> find_headline(blocks, [True] * 6, 5, url="https://example.com/news/river-bridge-closed").index
    3
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cleaner.blocks import Block, Label
from cleaner.fields.title import strip_site_name, title_match, title_tokens, unnamed_dash_part
from cleaner.label.features import url_tokens

TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 30
LEDE_MIN_WORDS = 10  # a line this long that ends with a full stop is a lede, not a headline
SEARCH_LINES = 60  # candidates among this many unclaimed lines above the body
BODY_OPENING_WORDS = 80  # words of the body's opening compared with a candidate ...
OPENING_MIN_WORDS = 8  # ... from its lines of this many words
CONTENT_CHARS = 4  # words this long say what a line is about ("bridge", "closes"; not "the", "to")
MIN_CONTENT_WORDS = 2  # fewer content words and a line shares nothing telling with the body
SLUG_MIN_WORDS = 2  # a URL path with fewer words (an id, "index") names no story
SPELLED_SLUG_MIN_WORDS = 3  # a slug this long that a line spells ...
SPELLED_SLUG_SHARE = 0.6  # ... to this share of its words names that line as the story's headline
JOINED_SLUG_MIN_CHARS = 12  # a path word this long may be a headline's words run together
# Words of a URL's path that name a CMS's folders, not the story: a line that shares only them ("Article
# Continues Below" on /article/...) shares nothing with the headline
PATH_WORDS = frozenset({"article", "articles", "news", "story", "stories", "blog", "blogs", "post", "posts",
                        "html", "htm", "php", "aspx", "amp", "index", "page", "pages", "content", "item"})

# Weights of the evidence. A headline that matches the URL or the body's opening beats lines that are only
# near the body; a line near the body with the right shape wins when nothing else speaks.
URL_WEIGHT = 6.0
BODY_WEIGHT = 2.0
COPY_WEIGHT = 0.6
SHAPE_WEIGHT = 0.5
FOLLOWED_WEIGHT = 0.4  # followed by a byline or a date (a subheading or a caption stands just above the body too)
NEAR_BODY_LINES = 0.25  # score lost per log-step of unclaimed lines between a candidate and the body
MIN_SCORE = 0.2
DECK_HEADLINE_MIN_WORDS = 4  # the line above a deck says something (a kicker of a word or two does not) ...
DECK_EVIDENCE_SHARE = 0.4  # ... and holds this share of the deck's evidence (URL, body, copy) at least
LIST_MIN_COMMAS = 2  # "Best Of, Japan, Travel Guides": a line of tags, not a headline
TRAIL_LOOKAHEAD = 3  # lines after a trail run into one line where the headline it ends with may stand ...
TRAIL_HEADLINE_MIN_WORDS = 3  # ... when it has this many words (a trail may end with a section: "Blog")
SHORT_WORD_CHARS = 3  # a word this short in lower case ("is", "the", "of") joins a sentence, not a trail
TRAIL_MARKS = "|›»>/"  # a breadcrumb's or a menu's, with or without spaces

# "3. The 7 biggest ...", "+ About", "o FAQ's" (a third-level bullet of a text renderer): list items
LIST_NUMBER = re.compile(r"^(?:\d{1,3}[.)]|[+*•>]|o(?= [^\W\d_]))\s")
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
# A time with a word or two ("Today 5:00 am", "Updated 10:32 a.m.", "6 min read"): a date line's, no headline
CLOCK_LINE = re.compile(
    r"^\W*(?:[^\W\d]+\s+){0,2}(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,3} min(?:ute)?s? read)\W*$", re.IGNORECASE
)
TOKEN = re.compile(r"\w+")
CONTENT_WORD = re.compile(rf"[^\W\d_]{{{CONTENT_CHARS},}}|[^\W\d_\x00-\u2fff]{{2,}}")
# Scripts written without spaces between words: Thai, Lao, kana, CJK ideographs
SPACELESS = re.compile("[\u0e00-\u0eff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PAGE_TITLE_MATCH = 0.5  # a later line this close to the first line shows the <title>'s headline again
AGAIN_MIN_WORDS = 3  # ... when both have this many words
MAX_COPIES = 2  # a line printed more often than this is a label ("Article content"), not a headline ...
COPIED_MIN_URL_SHARE = 0.5  # ... unless it holds this share of the URL's words (menus repeat a page's own link)
SURE_CONTENT_WORDS = 3  # a line with fewer content words than this shares them with the body by chance
# Separators of a breadcrumb trail or a menu on one line ("Home › Blog › Title"): the trail's last item may
# be the headline, the trail is not
TRAIL_SEPARATOR = re.compile(r"\s[|›»/>]\s")
TRAIL_MIN_SEPARATORS = 2  # a headline may hold one ("Budget 3.0 | Tax agency hires"); a trail has more


@dataclass(frozen=True, slots=True)
class Headline:
    """The chosen line and the evidence that chose it (`url`, `body`, `copy`, `shape`: best first)."""

    index: int
    score: float
    evidence: str


def content_words(text: str) -> frozenset[str]:
    """The words of a line that say what it is about; in scripts written without spaces (Chinese, Japanese,
    Thai), its pairs of characters.

    >>> sorted(content_words("The bridge closes to lorries"))
    ['bridge', 'closes', 'lorries']
    >>> sorted(content_words("警察無線"))
    ['察無', '無線', '警察']
    """
    words: set[str] = set()
    for word in CONTENT_WORD.findall(text):
        if SPACELESS.search(word):
            words.update(word[k : k + 2] for k in range(len(word) - 1))
        else:
            words.add(word.casefold())
    return frozenset(words)


def page_title_evidence(
    blocks: Sequence[Block],
    candidates: Sequence[int],
    *,
    url: str | None,
    site_names: tuple[str, ...] = (),
    opening: Callable[[], frozenset[str]] = frozenset,
) -> str | None:
    """Why the dump's first line is the page's <title>, or None when nothing shows it is.

    `candidates`: indexes of the title-sized lines before the body. The evidence, cheapest first: it names
    the site after a separator, or its host, or a bar separates a part ("site-name"); it holds most of the
    URL's words ("url"); a later candidate shows its headline again ("headline-again"); a dash separates a
    part that names no known site ("separator", weak: a banner's or a menu's dash as often); most of its
    words are in `opening()`, the content words of the body's opening ("body"; asked only when nothing
    else showed it).

    >>> from cleaner.blocks import Block, Label
    >>> b = [Block.make(t, i) for i, t in enumerate(["River bridge closes today", "Home", "River bridge closes today"])]
    >>> page_title_evidence(b, [2], url=None)
    'headline-again'
    >>> page_title_evidence([Block.make("Skip to content", 0), Block.make("Home", 1)], [], url=None) is None
    True
    """
    if not blocks or LIST_NUMBER.match(blocks[0].text):
        return None
    first = blocks[0].text
    separated = strip_site_name(first, site_names, url=url) != " ".join(first.split())
    # a bar or a part that names the site shows a <title>; a dash before a part that names nothing known is
    # as often a menu's or a banner's ("Final Call: Save $400 – Use Code ..."): it needs more evidence, or
    # it is checked against the dump's own headline (see choose_title)
    if separated and not unnamed_dash_part(first, site_names, url=url):
        return "site-name"
    slug = url_tokens(url)
    if len(slug) >= SLUG_MIN_WORDS and len(title_tokens(first) & slug) >= max(SLUG_MIN_WORDS, len(slug) / 2):
        return "url"
    # a menu item printed twice ("E-Paper") matches itself too: a headline says more
    if blocks[0].words >= AGAIN_MIN_WORDS and any(
        i > 0 and blocks[i].words >= AGAIN_MIN_WORDS and title_match(blocks[i].text, first) >= PAGE_TITLE_MATCH
        for i in candidates
    ):
        return "headline-again"
    if separated:
        return "separator"
    words = content_words(first)
    if len(words) >= MIN_CONTENT_WORDS and len(words & opening()) >= PAGE_TITLE_MATCH * len(words):
        return "body"
    return None


def find_headline(
    blocks: Sequence[Block],
    open_lines: Sequence[bool],
    start: int,
    *,
    url: str | None = None,
    dated: Callable[[int], bool] = lambda i: False,
    followed: Callable[[int], bool] = lambda i: False,
    title_line: str | None = None,
) -> Headline | None:
    """The headline among the lines before the body (`start`), or None when no line looks like one.

    `open_lines[i]`: line i is unclaimed by pass 1 (not a phrase, caption or byline); `dated(i)`: line i
    is a date line; `followed(i)`: a byline or date line follows line i; `title_line`: the page's <title>
    when the dump shows one, one more hint.
    """
    candidates = headline_candidates(blocks, open_lines, start, dated)
    if not candidates:
        return None
    slug = url_tokens(url) - PATH_WORDS
    joined = {t for t in slug if len(t) >= JOINED_SLUG_MIN_CHARS}  # "/understandingwebdesign/"
    if len(slug) < SLUG_MIN_WORDS:
        slug = frozenset()
    opening = body_opening(blocks, open_lines, start)
    # each line's words, folded: a line that ends with a later candidate's words is a copy of it (a breadcrumb,
    # a table of contents); the copy nearest the body is the headline
    low = max(0, candidates[0] - SEARCH_LINES)
    folded = {j: " ".join(TOKEN.findall(blocks[j].text.casefold())) for j in range(low, start)}
    best: Headline | None = None
    evidence_of: dict[int, float] = {}  # each candidate's url, body and copy evidence, for the deck test
    copies = Counter(folded.values())
    # the lines by their last character: only those can end with a candidate's words (a scan of every line
    # above each candidate was a fifth of text mode's time on long menus)
    by_last: dict[str, list[int]] = {}
    for j, words_of_line in folded.items():
        if words_of_line:
            by_last.setdefault(words_of_line[-1], []).append(j)
    for rank, i in enumerate(reversed(candidates)):
        text = blocks[i].text
        words = content_words(text)
        parts: dict[str, float] = {}
        if slug:
            parts["url"] = URL_WEIGHT * len(title_tokens(text) & slug) / len(slug)
        if joined and "".join(TOKEN.findall(text.casefold())) in joined:
            parts["url"] = URL_WEIGHT  # the slug is the headline's words written without hyphens
        if copies[folded[i]] > MAX_COPIES and parts.get("url", 0.0) < URL_WEIGHT * COPIED_MIN_URL_SHARE:
            continue  # a label printed again and again; a headline also printed in menus names the URL's words
        if opening and len(words) >= MIN_CONTENT_WORDS:
            # a line of few words shares them with the body by chance more often: its share counts for less
            sure = min(1.0, len(words) / SURE_CONTENT_WORDS)
            parts["body"] = BODY_WEIGHT * sure * len(words & opening) / len(words)
        if title_line:
            parts["page-title"] = title_match(text, title_line)
        if folded[i] and any(j < i and folded[j].endswith(folded[i]) for j in by_last[folded[i][-1]]):
            parts["copy"] = COPY_WEIGHT
        parts["shape"] = SHAPE_WEIGHT * _shape(text)
        if followed(i):
            parts["followed"] = FOLLOWED_WEIGHT
        score = sum(parts.values()) - NEAR_BODY_LINES * math.log1p(rank)
        evidence_of[i] = parts.get("url", 0.0) + parts.get("body", 0.0) + parts.get("copy", 0.0)
        if best is None or score > best.score:
            evidence = max(parts, key=lambda k: parts[k])
            best = Headline(i, score, evidence)
    if best is not None and _under_its_headline(blocks, best, evidence_of):
        best = Headline(best.index - 1, best.score, "deck")
    shown = _headline_after_trail(blocks, best.index, start, folded, evidence_of) if best is not None else None
    if best is not None and shown is not None:
        best = Headline(shown, best.score, "trail")
    return best if best is not None and best.score >= MIN_SCORE else None


def _headline_after_trail(
    blocks: Sequence[Block], at: int, start: int, folded: dict[int, str], candidates: dict[int, float]
) -> int | None:
    """The candidate a line or two below `at` whose words end line `at`: `at` is a breadcrumb trail run into
    one line ("Home Gear Reviews Best Home Gym Setup"), and its last item is the headline shown below. A
    trail's items are names ("Home", "Gear Reviews"); words such as "is" or "the" before the copy make a
    sentence, a longer headline over a shorter one ("The Swiss is a playground for spies")."""
    for k in range(at + 1, min(start, at + 1 + TRAIL_LOOKAHEAD)):
        item = folded[k]
        if k in candidates and len(item.split()) >= TRAIL_HEADLINE_MIN_WORDS and folded[at].endswith(" " + item):
            trail = TOKEN.findall(blocks[at].text)[: -len(item.split())]
            return None if any(w.islower() and len(w) <= SHORT_WORD_CHARS for w in trail) else k
    return None


def _under_its_headline(blocks: Sequence[Block], best: Headline, evidence_of: dict[int, float]) -> bool:
    """The chosen line is a deck (a standfirst, a subtitle) right under a shorter line that tells the same
    story: "Strong tornadoes possible in severe storm outbreak" over "Strong tornadoes are possible across
    the central states both Friday and Saturday". Both share the URL's and the body's words, and the deck,
    the nearer to the body and often the more wordy, outscores its headline by a little."""
    above = best.index - 1
    if above not in evidence_of or blocks[above].words < DECK_HEADLINE_MIN_WORDS:
        return False  # not a candidate (a kicker of a word or two, a date, a claimed line) or not adjacent
    text = blocks[above].text
    if blocks[above].words >= blocks[best.index].words or _shape(text) < 1.0:
        return False
    if text.count(",") >= LIST_MIN_COMMAS or " , " in text or any(c in text for c in TRAIL_MARKS):
        return False  # tags ("Best Of, Japan, Travel Guides") or a trail ("Home» News» South Africa")
    letters = [c for c in text if c.isalpha()]
    if 2 * sum(map(str.isupper, letters)) > len(letters):
        return False  # "BEINSURE RANKING P&C Insurance": a label in capitals
    return evidence_of[above] >= DECK_EVIDENCE_SHARE * evidence_of[best.index] > 0


def slug_lines(
    blocks: Sequence[Block], labels: Sequence[Label], start: int, url: str | None, phrase_rules: frozenset[str]
) -> frozenset[int]:
    """Lines before the body that a boilerplate phrase claimed but that spell most of the URL's slug: "How
    to write a good newsletter with AI" on /p/how-to-write-a-good-newsletter-with-ai is the headline, not a
    newsletter box. A phrase rule matches a word anywhere in a short line; the slug names the story."""
    slug = url_tokens(url) - PATH_WORDS
    if len(slug) < SPELLED_SLUG_MIN_WORDS:
        return frozenset()
    return frozenset(
        i
        for i in range(start)
        if labels[i].rule in phrase_rules
        and TITLE_MIN_WORDS <= blocks[i].words <= TITLE_MAX_WORDS
        and len(title_tokens(blocks[i].text) & slug) >= SPELLED_SLUG_SHARE * len(slug)
    )


def headline_candidates(
    blocks: Sequence[Block], open_lines: Sequence[bool], start: int, dated: Callable[[int], bool]
) -> list[int]:
    """The title-sized, unclaimed lines among the last SEARCH_LINES unclaimed lines above the body."""
    out: list[int] = []
    seen = 0
    for i in range(start - 1, -1, -1):
        if not open_lines[i]:
            continue
        seen += 1
        if seen > SEARCH_LINES:
            break
        block = blocks[i]
        text = block.text
        if not TITLE_MIN_WORDS <= block.words <= TITLE_MAX_WORDS:
            continue
        if block.words >= LEDE_MIN_WORDS and text.endswith("."):
            continue
        if URL_LINE.match(text) or LIST_NUMBER.match(text) or CLOCK_LINE.match(text) or dated(i):
            continue
        if len(TRAIL_SEPARATOR.findall(text)) >= TRAIL_MIN_SEPARATORS:
            continue  # "Home › Blog › Title": a breadcrumb trail, whose last item the headline line repeats
        out.append(i)
    out.reverse()
    return out


def _shape(text: str) -> float:
    """1 for a line shaped like a headline: a capital (or a digit, a quote) at the start, no colon at the
    end, not all in capitals, letters more than digits; 0 for a line shaped like nothing of the kind."""
    first = text[:1]
    score = 0.0
    if first.isupper() or first.isdigit() or first in "\"'“‘«¿¡":
        score += 0.5
    if not text.endswith((":", "|", ",")) and not (text.isupper() and len(text.split()) > 2):
        score += 0.25
    if TRAIL_SEPARATOR.search(text):
        score -= 1.0
    if text.endswith(".") and not text.endswith(".."):
        score -= 0.5  # a standfirst or a caption under the headline is a sentence; a headline has no full stop
    letters = sum(map(str.isalpha, text))
    if letters > 2 * sum(map(str.isdigit, text)):
        score += 0.25
    return score


def body_opening(blocks: Sequence[Block], open_lines: Sequence[bool], start: int) -> frozenset[str]:
    """The content words of the body's first BODY_OPENING_WORDS words (character pairs count as words), in
    its lines of prose (a region may open with a menu that the scores left in)."""
    words: set[str] = set()
    for i in range(start, len(blocks)):
        if not open_lines[i] or blocks[i].words < OPENING_MIN_WORDS:
            continue
        words |= content_words(blocks[i].text)
        if len(words) >= BODY_OPENING_WORDS:
            break
    return frozenset(words)
