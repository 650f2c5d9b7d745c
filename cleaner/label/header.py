"""The header zone above a dump's body: which line is the headline, the section above it, the date line.

A dump may open with the page's <title> ("Headline | Site"); the headline shown again above the story
is the line before the body that best matches it and the URL's words. Everything left unclaimed before
the body is navigation. It labels only blocks before the body (and a date line just inside or after it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from cleaner.blocks import BODY, Block, Label
from cleaner.fields.date import find_date
from cleaner.fields.title import cut_glued_tail, drop_glued_kicker, strip_site_name, title_match, title_tokens
from cleaner.label.bylines import MORE_NAMES_RULE, bare_name, far_bylines, header_byline, page_vocabulary, role_line
from cleaner.label.context_free import GOOD, GOOD_MIN_WORDS, PROVISIONAL, compiled
from cleaner.label.features import sentence_end, url_tokens
from cleaner.label.headline import Headline, body_opening, find_headline, page_title_evidence, slug_lines
from cleaner.ruleset.load import Rules, fold_spaces
from cleaner.stoplists import page_stoplist

TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 30
PAGE_TITLE_MAX_WORDS = 60  # a dump's first line, the page's <title>, adds a site name and a section to it
SECTION_MAX_WORDS = 4
NAME_LINE_MAX_WORDS = 4  # a line this short that is a role ("Freelance sports writer") is no headline ...
NAME_MAX_WORDS = 3  # ... nor one this short that is a person's name
KICKER_MAX_WORDS = 6  # a kicker above a headline: "UN-Generalversammlung", "Nach erneuter Kritik an Papst Leo"
KICKER_HEADLINE_MAX_WORDS = 16  # longer, the line under a kicker is a standfirst, not the headline
DATELINE_PLACE_MAX_WORDS = 2  # "Essen.", "Bad Homburg.": a dateline's place on a line of its own
KICKER_HEADLINE_MIN_WORDS = 3  # words of letters: a headline says something ("12 December, 2025" does not)
HEADLINE_WORD = re.compile(r"[^\W\d_]{2,}")
# Words this long that the headline shares with the <title> tie it to the story ("und", "the" do not); one
# shared word (a name) is also what an author box or a related link has in common with it.
KICKER_CONTENT_CHARS = 4
KICKER_SHARED_WORDS = 2
TITLE_MATCH_MIN = 0.5  # a line before the body this close to the <title> and URL is the headline
DATE_LOOKAHEAD = 6  # a date line this many blocks into the body region still dates the page
DATE_AFTER = 5  # ... and one this many blocks after the body
DATE_BLOCK_MAX_WORDS = 14  # a header block that carries a date is short ("Published Sept. 20, 2023 3:05 PM")
DATE_LINE_KINDS = frozenset({*PROVISIONAL, "byline", "navigation"})  # labels of blocks that may date the story
# A line that is a web address ("https://example.com/news/storm-hits"): a share box's link, never a headline.
URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
GLUED_KICKER_RULE = "headline-glued-kicker"  # the pipeline drops the kicker from this line's text
GLUED_TAIL_RULE = "headline-glued-tail"  # ... and what follows the <title>'s headline on this line
# Evidence that a dump's first line is its <title> which a menu line also shows: it is checked against the
# headline found from the dump itself (see choose_title)
WEAK_TITLE_EVIDENCE = frozenset({"headline-again", "body"})
CHECKED_TITLE_MAX_WORDS = 6  # ... when it is as short as a menu link; a longer line is a <title>
UNNAMED_SITE_EVIDENCE = "separator"  # a site-name-like part that names no known site: checked at any length
KICKER_COLON = ": "  # what joins a kicker to the headline in a <title>: "Kicker: Headline"
KICKER_LINES_ABOVE = 2  # a kicker printed on its own stands this close above the headline line
OWN_HEADLINE_MIN_SCORE = 2.0  # a headline found with this much evidence (the URL's words, the body's) outweighs it
# Labels are immutable values, so one object of each serves every block pass 2 gives it (a dump's hundreds of
# blocks need no label object each). What the header zone leaves unclaimed before the body:
BEFORE_BODY = Label("navigation", "before-body")
MORE_NAMES = Label("byline", MORE_NAMES_RULE)  # a byline's name line after its first


def choose_title(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    start: int,
    rules: Rules,
    *,
    page_title: bool,
    url: str | None,
    vocabulary: Callable[[], frozenset[str]] | None = None,
) -> tuple[int | None, str]:
    """The headline's block index and the rule that chose it.

    A dump may open with the page's <title> ("Headline | Site"), as html-text prints it; it counts as
    one only on evidence (see headline.page_title_evidence). Then the headline printed again above the
    story (the h1) is the line before the body that best matches it and the URL's words; without such a
    line the <title> itself is the title (its site name dropped later). Without a <title> (most
    renderers), the headline is found from the dump itself (headline.find_headline): position, shape,
    the URL's words, the body's opening, a copy of it higher up; its rule names the deciding evidence.
    """
    # a line a boilerplate phrase claimed ("... newsletter ...") that spells the URL's slug is the headline
    spelled = slug_lines(blocks, labels, start, url, frozenset(compiled(rules).phrase_labels))
    open_lines = [lab.kind in PROVISIONAL or i in spelled for i, lab in enumerate(labels)]
    candidates = [
        i
        for i in range(start)
        if open_lines[i]
        and TITLE_MIN_WORDS <= blocks[i].words <= TITLE_MAX_WORDS
        and not (blocks[i].words >= GOOD_MIN_WORDS and blocks[i].text.endswith("."))  # a lede, not a headline
        and not URL_LINE.match(blocks[i].text)  # a "copy link" box holds the slug's words, not a headline
    ]

    seen: dict[int, bool] = {}  # the same lines are asked about again and again below

    def dated(i: int) -> bool:  # "Published Sept. 20, 2023" is the date line, not the headline
        if i not in seen:
            text = blocks[i].text
            seen[i] = (
                blocks[i].words <= DATE_BLOCK_MAX_WORDS
                and find_date(text, rules) is not None
                and not issue_date_headline(text, rules)
            )
        return seen[i]

    # the <title> line may be longer than a headline line: its headline is whole in it, with the site name
    first = (
        page_title
        and start > 0  # a dump that is all story has no title line
        and labels[0].kind in PROVISIONAL
        and TITLE_MIN_WORDS <= blocks[0].words <= PAGE_TITLE_MAX_WORDS
    )
    top = blocks[0].text if first and not dated(0) else None

    # the page's lower-case words of prose (name_lines.page_vocabulary), computed once, when first asked
    vocabulary = vocabulary or cache(lambda: page_vocabulary(blocks))

    def name_line(text: str) -> bool:  # "Tone Damli", "Freelance sports writer": an author's name or role
        words = len(text.split())
        if words > NAME_LINE_MAX_WORDS:
            return False
        if ":" not in text and role_line(text, rules):  # ("Tiktok: Brüssel untersucht ..." is a kicker's)
            return True
        # a name of a few words, none of which the page's prose writes in lower case ("Klatch Coffee" and
        # "Making Google Sans Flex" are a headline's words)
        name = bare_name(text, rules, common=vocabulary) if words <= NAME_MAX_WORDS else None
        if name is None or len(name.split()) < words:
            return False  # no name, or one that opens the line ("Tiktok: Brüssel untersucht ...")
        return not any(w.casefold() in vocabulary() for w in name.split())

    def named(i: int) -> bool:  # a name or role line is a byline's, not a headline
        return name_line(blocks[i].text)

    def own_headline() -> Headline | None:  # the headline found from the dump itself, without a <title>
        return find_headline(
            blocks,
            open_lines,
            start,
            url=url,
            dated=lambda i: dated(i) or named(i),
            followed=lambda i: i + 1 < len(blocks) and (labels[i + 1].kind in ("byline", "date") or dated(i + 1)),
        )

    found: Headline | None = None
    if top is not None:
        evidence = page_title_evidence(
            blocks, candidates, url=url, opening=lambda: body_opening(blocks, open_lines, start)
        )
        if evidence == UNNAMED_SITE_EVIDENCE or (
            evidence in WEAK_TITLE_EVIDENCE and blocks[0].words <= CHECKED_TITLE_MAX_WORDS
        ):
            # a menu link printed twice (layout renderers repeat menus) or a line whose few words the body
            # uses: the first line is the <title> only when the dump's own headline agrees with it
            found = own_headline()
            if (
                found is not None
                and found.score >= OWN_HEADLINE_MIN_SCORE
                and title_match(blocks[found.index].text, top) < TITLE_MATCH_MIN
            ):
                evidence = None
        head = strip_site_name(top, url=url)
        if evidence is not None and head != " ".join(top.split()) and name_line(head):
            evidence = None  # "Dan Davies – Back of Mind": a blog's header, its author and its name
        if evidence is None:
            top = None  # nothing shows that the first line is the <title>: "Skip to content", a menu, a header
    if top is not None:
        glued = glued_kicker_line(blocks, candidates, top, dated, url)
        if glued is not None:
            return glued, GLUED_KICKER_RULE
        slug = url_tokens(url)
        # The lines that match well enough, best first; on a tie a line worded as the <title> (a breadcrumb's
        # last item, under which a kicker and the page's own headline may follow), then the line nearer the body.
        headline = fold_spaces(strip_site_name(top, url=url))
        scored = sorted(
            (
                (score, fold_spaces(blocks[i].text) == headline, i)
                for i in candidates
                if i > 0 and (score := title_match(blocks[i].text, top, slug)) >= TITLE_MATCH_MIN
            ),
            reverse=True,
        )
        best = next((i for _score, _same, i in scored if not dated(i)), None)
        if best is not None:
            shown = headline_after_kicker(blocks, labels, best, start, candidates, dated, rules)
            if shown is not None:
                if kicker_line_above(blocks, shown, headline, bare=True):
                    return 0, "page-title"  # the kicker over it is the <title>'s "Kicker: Headline"
                return shown, "headline-after-kicker"
            if title_tokens(blocks[best].text) == title_tokens(strip_site_name(top)):
                return 0, "page-title"  # the same words: the <title> kept the kicker's colon, the dump lost it
            if kicker_line_above(blocks, best, headline):
                return 0, "page-title"  # "Kicker" and "Headline" on lines of their own, "Kicker: Headline" above
            if cut_glued_tail(blocks[best].text, strip_site_name(top, url=url)) is not None:
                return best, GLUED_TAIL_RULE  # the headline and, on the same line, what follows it on the page
            return best, "matches-page-title"
        return 0, "page-title"
    # no <title> line (most renderers leave it out): the headline from the dump itself
    found = found or own_headline()
    if found is None:
        return None, ""
    return found.index, "page-title" if found.index == 0 else f"headline-{found.evidence}"


def glued_kicker_line(
    blocks: Sequence[Block], candidates: Sequence[int], top: str, dated: Callable[[int], bool], url: str | None
) -> int | None:
    """The line nearest the body that shows the <title>'s headline after a kicker set apart by a dash ("Kicker -
    Headline" under a <title> "Kicker: Headline"): the page prints the kicker as its own element, so the
    headline is what follows it (the pipeline cuts it with `drop_glued_kicker`)."""
    for i in reversed(candidates):
        # the shape first: it rules out almost every line, and more cheaply than a search for dates
        if i > 0 and drop_glued_kicker(blocks[i].text, top, url=url) is not None and not dated(i):
            return i
    return None


def kicker_line_above(blocks: Sequence[Block], at: int, headline: str, *, bare: bool = False) -> bool:
    """The <title>'s headline is "Kicker: Headline" and the dump prints "Kicker:" (or "Kicker") on a line of its
    own just above the headline line `at` (a renderer that puts each element on its own line): the page shows
    them as one. `bare`: a kicker line without its colon counts too.

    >>> b = [Block.make(t, i) for i, t in enumerate(["Menu", "Rückbau:", "Kühltürme gesprengt", "Die Türme ..."])]
    >>> kicker_line_above(b, 2, "Rückbau: Kühltürme gesprengt"), kicker_line_above(b, 2, "Kühltürme gesprengt")
    (True, False)
    """
    shown = fold_spaces(blocks[at].text).casefold()
    whole = headline.casefold()
    kicker = whole[: len(whole) - len(shown) - len(KICKER_COLON)]
    if not kicker or whole != kicker + KICKER_COLON + shown:
        return False
    above = range(max(0, at - KICKER_LINES_ABOVE), at)  # "LTE-Patent:" over the headline: the page joins them
    # `bare`: "LTE-Patent" without its colon counts too (where the dump's lines already show a kicker line)
    kickers = (kicker + ":", kicker) if bare else (kicker + ":",)
    return any(fold_spaces(blocks[j].text).casefold() in kickers for j in above)


def issue_date_headline(text: str, rules: Rules) -> bool:
    """A headline that ends with the numeric date of its issue ("Weekly Wrap-Up 12/19/2025"): words of a
    title before it, no date label ("Updated") and no other date. A date line puts a label or nothing there."""
    for rule_id, pattern in rules.date_patterns:
        match = pattern.search(text) if rule_id in rules.swappable_dates else None
        if match is None or text[match.end() :].strip():
            continue
        before = text[: match.start()].rstrip(" -–—|:,")
        return (
            len(HEADLINE_WORD.findall(before)) >= KICKER_SHARED_WORDS
            and find_date(before, rules) is None
            and not any(label.search(before) for _kind, label in rules.date_labels)
        )
    return False


def relative_date_line(block: Block, rules: Rules) -> bool:
    """A short line that dates the story counting back from now ("vor 14 Minuten", "Updated 2 hours ago")."""
    return block.words <= DATE_BLOCK_MAX_WORDS and any(p.search(block.text) for _id, p in rules.relative_dates)


def headline_after_kicker(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    at: int,
    start: int,
    candidates: Sequence[int],
    dated: Callable[[int], bool],
    rules: Rules,
) -> int | None:
    """The headline shown under a breadcrumb trail that ends with the <title>: the trail's last line, then a
    kicker ("Nach erneuter Kritik": short, no full stop), then the headline, worded for the reader, that
    shares words with the <title>, then the story's lead (a standfirst, a byline, the date, the body). A page
    that shows its headline once has no kicker line right after it."""
    kicker, headline = at + 1, at + 2
    if headline >= start or headline not in candidates or dated(headline):
        return None
    if labels[kicker].kind not in PROVISIONAL or not 1 <= blocks[kicker].words <= KICKER_MAX_WORDS or dated(kicker):
        return None
    lead = headline + 1  # what follows a headline: the body, a standfirst, a byline or the date
    if lead < start and blocks[lead].words <= DATELINE_PLACE_MAX_WORDS and blocks[lead].text.endswith("."):
        lead += 1  # "Essen." on a line of its own: a dateline's place, which a renderer split from the lede
    if not (
        lead >= start
        or labels[lead].kind == "byline"
        or any(pattern.match(blocks[lead].text) for _id, pattern in rules.bylines)  # "Von stadtfunk, abc"
        or dated(lead)
        or relative_date_line(blocks[lead], rules)  # "vor 14 Minuten"
        or (blocks[lead].words >= GOOD_MIN_WORDS and sentence_end(blocks[lead].text))
    ):
        return None
    text = blocks[headline].text
    if (
        blocks[kicker].text.rstrip().endswith((".", "!", "?", ":"))
        or not blocks[kicker].words < blocks[headline].words <= KICKER_HEADLINE_MAX_WORDS
        or text[:1].islower()  # "founder startup business": tags, not a headline
        or len(HEADLINE_WORD.findall(text)) < KICKER_HEADLINE_MIN_WORDS  # "12 December, 2025"
    ):
        return None
    content = {w for w in title_tokens(blocks[at].text) if len(w) >= KICKER_CONTENT_CHARS}
    return headline if len(content & title_tokens(text)) >= KICKER_SHARED_WORDS else None


def label_header_zone(
    blocks: Sequence[Block],
    labels: list[Label],
    start: int,
    rules: Rules,
    *,
    end: int | None = None,
    page_title: bool = False,
    url: str | None = None,
) -> None:
    """Before the body: the headline, the section just above it, a byline and a date (which may sit
    just inside or just after the body region `start`..`end`)."""
    end = start if end is None else end
    vocabulary = cache(lambda: page_vocabulary(blocks))  # asked by the title's and the byline's checks
    title_at, rule = choose_title(
        blocks, labels, start, rules, page_title=page_title, url=url, vocabulary=vocabulary
    )
    if title_at is not None:
        labels[title_at] = Label("title", rule)
        above = title_at - 1
        if (
            above >= 1
            and blocks[above].words <= SECTION_MAX_WORDS
            and (labels[above].kind in PROVISIONAL or labels[above].kind == "navigation")
            and find_date(blocks[above].text, rules) is None
        ):
            labels[above] = Label("section", "label-above-headline")
    date_at = choose_date(blocks, labels, start, end, title_at, rules)
    far_bylines(blocks, labels, title_at, start)
    if not any(labels[i].kind == "byline" for i in range(start)):
        # a name with no marker on its line: beside the date line, under the headline, after a "By" line
        found = header_byline(
            blocks,
            [lab.kind in PROVISIONAL for lab in labels],
            title_at=title_at,
            date_at=date_at,
            start=start,
            rules=rules,
            stopwords=cache(lambda: page_stoplist(blocks)),  # computed once, when needed
            vocabulary=vocabulary,
        )
        if found is not None and found.index != date_at:
            labels[found.index] = Label("byline", found.rule)
            for i in found.more:  # the byline's further name lines
                labels[i] = MORE_NAMES
    have_byline = False
    for i in range(start):
        kind = labels[i].kind
        if kind == "byline":
            if have_byline and labels[i] is not MORE_NAMES:
                labels[i] = BEFORE_BODY
            have_byline = True
        elif kind in PROVISIONAL:
            labels[i] = BEFORE_BODY
    if date_at is not None and labels[date_at].kind in (*PROVISIONAL, "navigation", BODY):
        labels[date_at] = Label("date", "date-line")


def choose_date(
    blocks: Sequence[Block], labels: Sequence[Label], start: int, end: int, title_at: int | None, rules: Rules
) -> int | None:
    """The block that dates the story: a short line with a date, nearest the start of the body.

    Searched upwards from the body to the headline first (a site's "today is ..." banner sits above
    the headline), then into the first few blocks of the body (a timestamp the region took in), then
    above the headline, then just after the body ("Published May 19, 2024" under the story). A byline
    that carries the date ("By Jane Doe | May 19, 2024") counts; it keeps its byline label and the
    pipeline reads the date from it.
    """
    if any(lab.kind == "date" for lab in labels[:start]):
        return None  # a scraper header already dated the page
    top = title_at if title_at is not None else 0
    order = [
        *range(start - 1, top - 1, -1),
        *range(start, min(end + 1, start + DATE_LOOKAHEAD)),
        *range(top - 1, -1, -1),
        *range(end + 1, min(len(blocks), end + 1 + DATE_AFTER)),
    ]
    for i in order:
        if labels[i].kind not in DATE_LINE_KINDS or blocks[i].words > DATE_BLOCK_MAX_WORDS:
            continue
        if start <= i <= end and labels[i].kind == GOOD:
            continue  # prose that mentions a date is not a date line
        if find_date(blocks[i].text, rules):
            return i
    return None
