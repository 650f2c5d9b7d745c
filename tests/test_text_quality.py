"""Text front door: the learned body scorer, the header zone (title, date, byline), datelines, speed helpers.

Synthetic dumps shaped like html-text output: the page <title> first, navigation, the headline again,
a byline and a date line, the story, a related block, a footer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.blocks import WORD, Block
from cleaner.fields.language import stopword_language
from cleaner.fields.title import strip_site_name, title_match
from cleaner.label.context_free import GOOD, match_phrase
from cleaner.label.dump import label_blocks
from cleaner.label.features import FEATURES, block_features, url_tokens
from cleaner.label.header import issue_date_headline
from cleaner.label.model import load_model
from cleaner.normalise import INVISIBLE, INVISIBLE_CHARS, MOJIBAKE_HINT, clean_inline, normalise_text
from cleaner.pipeline import split_headers
from cleaner.read.text import BULLET, BULLETS, CONTINUATION_START, ODD_SPACE, continues, read_text, word_count
from cleaner.ruleset.literal_search import trie_regex
from cleaner.ruleset.load import fold_phrase, fold_spaces, load_rules
from cleaner.stoplists import page_stoplist

STORY = [
    "The city council voted on Tuesday to close the old river bridge to heavy traffic after engineers found"
    " deep cracks in two of its supports during a routine inspection last month.",
    "The council's transport committee said the bridge would stay open to cars and bicycles while the"
    " repairs were planned, but that lorries would have to use the ring road from next week.",
    "Local businesses said the detour would add time and cost to their deliveries, and several of them asked"
    " the council to speed up the repairs so that the bridge could reopen before the winter.",
    "The engineers' report, which was published on the council's website, said the cracks were caused by"
    " water getting into the concrete over many years and that the bridge was not in danger of collapsing.",
    "Work on the supports is expected to start in the spring and to take about six months, the council said"
    " in a statement, adding that it would publish a timetable for the work once contractors were chosen.",
]

DUMP = "\n".join(
    [
        "Council closes river bridge to lorries after cracks found | Riverside Gazette",
        "",
        "Skip to content",
        "Home",
        "News",
        "Sport",
        "Business",
        "Weather",
        "Subscribe",
        "Sign in",
        "",
        "Local News",
        "Council closes river bridge to lorries after cracks found",
        "By Jane Doe and John Smith",
        "Published March 5, 2024",
        "",
        *[p + "\n" for p in STORY],
        "Related stories",
        "Bus fares to rise in April",
        "New library opens in the old post office",
        "Park run draws record crowd",
        "",
        "© 2024 Riverside Gazette. All rights reserved.",
        "Privacy Policy",
        "Terms of Use",
    ]
)
URL = "https://gazette.example/news/2024/03/05/council-closes-river-bridge-lorries-cracks"


@pytest.fixture(scope="module")
def record() -> cleaner.Record:
    return cleaner.clean(DUMP, url=URL, fmt="text")


def test_synthetic_dump_body_is_exactly_the_story(record):
    assert record.body == "\n\n".join(STORY)


def test_synthetic_dump_header_fields(record):
    assert record.title == "Council closes river bridge to lorries after cracks found"
    assert record.date == "2024-03-05"
    assert record.authors == ("Jane Doe", "John Smith")
    assert record.language == "en"


def test_synthetic_dump_removed_blocks_have_kinds_and_rules(record):
    removed = {r.text: r for r in record.removed}
    assert removed["Bus fares to rise in April"].kind == "related"
    assert removed["Sign in"].kind == "navigation"
    assert removed["© 2024 Riverside Gazette. All rights reserved."].kind == "footer"
    assert all(r.rule for r in record.removed)


def test_every_block_has_a_rule_id():
    rows = cleaner.explain(DUMP, url=URL, fmt="text")
    assert rows and all(row.rule for row in rows)


@pytest.mark.parametrize(
    "line",
    ["By Jane Doe and John Smith | Published March 5, 2024", "By: Jane Doe and John Smith, March 5, 2024 at 9:30"],
)
def test_a_date_line_that_is_also_the_byline_names_the_authors(line):
    dump = DUMP.replace("By Jane Doe and John Smith\nPublished March 5, 2024", line)
    rec = cleaner.clean(dump, url=URL.replace("/2024/03/05", ""), fmt="text")  # the date from the line, not the URL
    assert (rec.authors, rec.byline, rec.date) == (("Jane Doe", "John Smith"), line, "2024-03-05")
    assert rec.body == "\n\n".join(STORY)


def test_title_without_headline_line_falls_back_to_page_title():
    dump = DUMP.replace("\nCouncil closes river bridge to lorries after cracks found\nBy", "\nBy")
    rec = cleaner.clean(dump, url=URL, fmt="text")
    assert rec.title == "Council closes river bridge to lorries after cracks found"  # site name dropped


def test_title_is_the_headline_under_a_breadcrumb_and_kicker():
    # the breadcrumb ends with the <title>'s wording; the page shows a kicker and its own headline under it
    dump = DUMP.replace(
        "\nCouncil closes river bridge to lorries after cracks found\nBy",
        "\nCouncil closes river bridge to lorries after cracks found\nRiver crossing\n"
        "Cracks found: lorries banned from the old river bridge\nBy",
    )
    rec = cleaner.clean(dump, url=URL, fmt="text")
    assert rec.title == "Cracks found: lorries banned from the old river bridge"


def test_title_under_a_kicker_before_a_byline_that_names_no_person():
    dump = DUMP.replace(
        "\nCouncil closes river bridge to lorries after cracks found\nBy Jane Doe and John Smith",
        "\nCouncil closes river bridge to lorries after cracks found\nRiver crossing\n"
        "Cracks found: lorries banned from the old river bridge\nBy gazette.example, rg",
    )
    assert cleaner.clean(dump, url=URL, fmt="text").title == "Cracks found: lorries banned from the old river bridge"


def test_title_line_after_a_breadcrumb_stays_when_no_kicker_follows():
    # an author's name and role under the headline are no kicker and headline
    dump = DUMP.replace(
        "\nCouncil closes river bridge to lorries after cracks found\nBy Jane Doe and John Smith",
        "\nCouncil closes river bridge to lorries after cracks found\nJane Doe\nCouncil reporter",
    )
    assert cleaner.clean(dump, url=URL, fmt="text").title == "Council closes river bridge to lorries after cracks found"


def _kicker_dump(headline_line: str) -> str:
    """DUMP whose <title> writes "Kicker: Headline" and whose headline line is `headline_line`."""
    dump = DUMP.replace("Council closes river bridge to lorries after cracks found | Riverside Gazette",
                        "Old river bridge: Council closes it to lorries after cracks found | Riverside Gazette")
    return dump.replace("\nCouncil closes river bridge to lorries after cracks found\nBy", f"\n{headline_line}\nBy")


def test_title_drops_a_kicker_the_page_sets_apart_with_a_dash():
    # the page prints its kicker apart, which the dump joins with a dash
    dump = _kicker_dump("Infrastructure - Council closes it to lorries after cracks found")
    rec = cleaner.clean(dump, url=URL, fmt="text")
    assert rec.title == "Council closes it to lorries after cracks found"
    assert not any(r.text.startswith("Infrastructure") for r in rec.removed)  # the line is the title


def test_title_keeps_a_kicker_the_page_writes_with_a_colon():
    dump = _kicker_dump("River bridge: Council closes it to lorries after cracks found")
    rec = cleaner.clean(dump, url=URL, fmt="text")
    assert rec.title == "River bridge: Council closes it to lorries after cracks found"


def test_a_web_address_line_is_not_the_headline():
    # a "copy link" box repeats the URL, whose words match the slug and the <title>
    dump = DUMP.replace("\nCouncil closes river bridge to lorries after cracks found\nBy", f"\n{URL}\nBy")
    rec = cleaner.clean(dump, url=URL, fmt="text")
    assert rec.title == "Council closes river bridge to lorries after cracks found"


def test_title_under_a_kicker_when_the_headline_reuses_the_titles_words():
    # the breadcrumb's last item is worded as the <title>; the headline under the kicker has the same words
    title = "Cracks found as council closes river bridge to lorries"
    dump = DUMP.replace("Council closes river bridge to lorries after cracks found | Riverside Gazette",
                        f"{title} | Riverside Gazette")
    dump = dump.replace("\nCouncil closes river bridge to lorries after cracks found\nBy",
                        f"\n{title}\nRiver crossing\nCouncil closes river bridge to lorries as cracks found\nBy")
    rec = cleaner.clean(dump, url=URL, fmt="text")
    assert rec.title == "Council closes river bridge to lorries as cracks found"


@pytest.mark.parametrize("when", ["2 hours ago", "Updated an hour ago", "vor 14 Minuten"])
def test_title_under_a_kicker_before_a_relative_time(when):
    # "2 hours ago" under the headline is the story's date line, as "Published March 5, 2024" is
    dump = DUMP.replace(
        "\nCouncil closes river bridge to lorries after cracks found\nBy Jane Doe and John Smith\n"
        "Published March 5, 2024",
        "\nCouncil closes river bridge to lorries after cracks found\nRiver crossing\n"
        f"Cracks found: lorries banned from the old river bridge\n\n{when}",  # its own block, as a page sets it
    )
    assert cleaner.clean(dump, url=URL, fmt="text").title == "Cracks found: lorries banned from the old river bridge"


def test_headline_that_ends_with_its_issue_date_is_no_date_line():
    # "Roundup 03/05/2024" names the issue; "Published 03/05/2024" and a bare date are date lines
    dump = DUMP.replace("Council closes river bridge to lorries after cracks found | Riverside Gazette",
                        "Council weekly roundup | Riverside Gazette")
    dump = dump.replace("\nCouncil closes river bridge to lorries after cracks found\nBy",
                        "\nCouncil Weekly Roundup 03/05/2024\nBy")
    assert cleaner.clean(dump, url=URL, fmt="text").title == "Council Weekly Roundup 03/05/2024"
    rules = load_rules()
    assert issue_date_headline("Council Weekly Roundup 03/05/2024", rules)
    assert not issue_date_headline("Published 03/05/2024", rules)
    assert not issue_date_headline("Last updated: 03/05/2024", rules)
    assert not issue_date_headline("03/05/2024", rules)


def test_long_page_title_is_still_the_title_line():
    headline = ("'We are not closing the bridge for good': council says lorries will be back once the engineers"
                " have repaired the cracked supports of the old river bridge next spring")
    dump = DUMP.replace("Council closes river bridge to lorries after cracks found | Riverside Gazette",
                        f"{headline} | Riverside Gazette")
    dump = dump.replace("\nCouncil closes river bridge to lorries after cracks found\nBy", "\nBy")
    assert cleaner.clean(dump, url=URL, fmt="text").title == headline


def test_comment_thread_after_story_is_not_body():
    comments = [
        "Leave a reply",
        "Alan Brown",
        "March 5, 2024 at 10:14 am",
        "I drive over that bridge every day and I have been saying for years that it was falling apart, and"
        " nobody on the council ever listened to any of us until now.",
        "Reply",
        "Mary Green",
        "March 5, 2024 at 11:02 am",
        "About time too, the lorries have been shaking the whole street for years and the noise at night is"
        " terrible, so I am glad that something is finally being done about it.",
        "Reply",
    ]
    dump = DUMP.replace("Related stories", "\n".join(comments) + "\nRelated stories")
    rec = cleaner.clean(dump, url=URL, fmt="text")
    assert "nobody on the council ever listened" not in rec.body
    assert rec.body.startswith(STORY[0])


def test_dateline_paragraph_starts_the_body_after_a_teaser():
    teaser = "Engineers found cracks in two supports of the bridge, which carries ten thousand vehicles a day."
    dump = DUMP.replace(STORY[0], "BRISTOL, England (AP) — " + STORY[0]).replace(
        "Published March 5, 2024\n", "Published March 5, 2024\n" + teaser + "\n"
    )
    rec = cleaner.clean(dump, url=URL, fmt="text")
    assert rec.dateline is not None and rec.dateline.text == "BRISTOL, England (AP) —"
    assert rec.dateline.agency == "AP"
    assert teaser not in rec.body


def test_label_blocks_keeps_its_signature_for_html_blocks():
    rules = load_rules()
    blocks = [Block.make(t, i, tag="p") for i, t in enumerate(STORY)]
    labels = label_blocks(blocks, rules)  # no url, no title line: how the HTML door calls it
    assert [lab.kind for lab in labels] == ["body"] * len(STORY)
    scored = label_blocks(blocks, rules, learned=True)  # the learned scorer on request
    assert [lab.kind for lab in scored] == ["body"] * len(STORY)


# ---------------------------------------------------------------------------------------- features
def test_features_rows_match_the_feature_names_and_gate():
    blocks = [Block.make(t, i) for i, t in enumerate(["Home", STORY[0], "News"])]
    rows = block_features(blocks, [False] * 3, [False, True, False], wanted=[False, True, True])
    assert rows[0] is None
    assert rows[1] is not None and len(rows[1]) == len(FEATURES)
    assert rows[1][FEATURES.index("sentence_end")] == 1.0
    assert rows[2][FEATURES.index("prev_good")] == 1.0


def test_repeated_and_title_like_features():
    texts = ["Bridge closed to lorries | Gazette", "Menu", "Bridge closed to lorries", "Menu", STORY[0]]
    blocks = [Block.make(t, i) for i, t in enumerate(texts)]
    rows = block_features(blocks, [False] * 5, [False] * 4 + [True], title_line=texts[0])
    assert rows[1][FEATURES.index("repeated")] == 1.0
    assert rows[4][FEATURES.index("repeated")] == 0.0
    assert rows[2][FEATURES.index("title_like")] > 0.7


def test_page_stoplist_follows_the_language_of_the_page():
    german = "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke für den Schwerverkehr zu sperren, weil die"
    english = "The city council decided on Tuesday that the old bridge would be closed to heavy traffic because"
    assert "und" in page_stoplist([Block.make(german * 3, 0)])
    assert "und" not in page_stoplist([Block.make(english * 3, 0)])


def test_url_tokens_are_the_slug_words():
    assert url_tokens(URL) >= {"council", "closes", "river", "bridge"}
    assert "2024" not in url_tokens(URL) and "gazette" not in url_tokens(URL)


def test_model_ships_and_matches_features():
    assert load_model() is not None


def test_trie_regex_matches_like_an_alternation():
    texts = ["sign up", "sign in", "share", "sign", "newsletter", "news"]
    flat = re.compile("|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)))
    trie = re.compile(trie_regex(texts))
    for probe in ["sign up now", "signal", "our newsletter", "the news", "sig", "shore", "x share"]:
        assert bool(trie.search(probe)) == bool(flat.search(probe)), probe


# ---------------------------------------------------------------------------------------- fields
def test_strip_site_name_strips_several_trailing_parts():
    headline = "Council closes the river bridge"
    assert strip_site_name(f"{headline} - Panorama - Tagespost.at") == headline
    assert strip_site_name("Was wissen wir? Ein Überblick – DW – 13.06.2023") == "Was wissen wir? Ein Überblick"
    assert strip_site_name("Covid-19 - what we know") == "Covid-19 - what we know"


def test_title_match_prefers_the_headline_over_navigation():
    page = "Council closes river bridge to lorries | Riverside Gazette"
    slug = url_tokens(URL)
    assert title_match("Council closes river bridge to lorries", page, slug) > title_match("Local News", page, slug)


def test_stopword_language():
    assert stopword_language("Der Rat hat beschlossen, dass die Brücke für den Verkehr gesperrt wird, und die"
                             " Arbeiten sollen im Frühjahr beginnen, sagte der Sprecher der Stadt am Dienstag.") == "de"
    assert stopword_language("Bridge.") is None


def test_good_is_provisional_only():
    rules = load_rules()
    labels = label_blocks([Block.make(STORY[0], 0)], rules)
    assert labels[0].kind != GOOD


# ------------------------------------------------------------------------------- pass-1 speed helpers
# Each shortcut must give what the plain code it replaced gives; these compare the two on odd inputs.
WHITE_SPACE = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
SOUP = st.text(alphabet=st.sampled_from([*WHITE_SPACE, *"ab9_.,-’é*•İß", "\u00ad", "\u200e"]), max_size=60)


def _read_text_per_line(text: str) -> list[Block]:
    """read_text as it was written first: clean_inline and WORD.findall on every line."""
    lines: list[tuple[str, bool]] = []
    gap, previous_raw = True, ""
    for raw in text.split("\n"):
        cleaned = clean_inline(raw)
        if not cleaned:
            gap, previous_raw = True, ""
            continue
        if cleaned[0] in BULLETS:
            cleaned = BULLET.sub("", cleaned) or cleaned
        if lines and not gap and continues(previous_raw, lines[-1][0], raw, cleaned):
            head = lines[-1][0]
            joined = head + cleaned if CONTINUATION_START.match(cleaned) else f"{head} {cleaned}"
            lines[-1] = (joined, lines[-1][1])
        else:
            lines.append((cleaned, gap))
        previous_raw, gap = raw, False
    return [Block.make(t, i, gap_before=g) for i, (t, g) in enumerate(lines)]


def test_every_white_space_character_but_the_space_is_unprintable():
    """rules._single_spaced trusts isprintable() to rule out every white space character but " "."""
    assert all(not c.isprintable() for c in WHITE_SPACE if c != " ")


def test_odd_space_lists_every_white_space_character_but_the_space_and_the_line_break():
    assert {c for c in map(chr, range(0x110000)) if ODD_SPACE.match(c)} == set(WHITE_SPACE) - {" ", "\n"}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"aâ€™Ã©\r\n ", *INVISIBLE_CHARS]), max_size=40))
def test_normalise_text_checks_before_it_searches(text: str):
    """The cheap `in` tests before each regex change nothing: as the regexes alone."""
    plain = text
    if MOJIBAKE_HINT.search(plain):
        import ftfy

        plain = ftfy.fix_text(plain, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
    plain = INVISIBLE.sub("", plain.replace("\r\n", "\n").replace("\r", "\n"))
    assert normalise_text(text) == unicodedata.normalize("NFC", plain)


@settings(max_examples=300, deadline=None)
@given(st.lists(SOUP, max_size=8).map("\n".join))
def test_read_text_cleans_the_whole_text_as_it_cleaned_each_line(text: str):
    assert read_text(text) == _read_text_per_line(text)


@settings(max_examples=300, deadline=None)
@given(SOUP)
def test_word_count_and_folds_give_what_the_plain_code_gives(text: str):
    assert word_count(text) == len(WORD.findall(text))
    assert fold_spaces(text) == " ".join(text.casefold().split())
    assert fold_phrase(text) == " ".join(re.sub(r"^[\W_]+|[\W_]+$", "", text.casefold()).split())


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_phrase_prefilter_misses_no_phrase(data: st.DataObject):
    """match_phrase's few searches (by word limit, after a non-word character) let through every block that
    some phrase rule matches: the answer is the first rule, in order, that matches."""
    rules = load_rules()
    texts = sorted(t for p in rules.phrases if p.pattern is not None for t in p.texts)
    filler = st.sampled_from(["the", "council", "said", "-", "(", "x", "2024", "é"])
    parts = data.draw(st.lists(st.one_of(st.sampled_from(texts), filler), min_size=1, max_size=40))
    text = data.draw(st.sampled_from([" ", "", ": "])).join(parts)
    words = len(WORD.findall(text))
    low = fold_spaces(text)
    expected = next(
        (p for p in rules.phrases if p.pattern is not None and words <= p.max_words and p.pattern.search(low)),
        None,
    )
    if words <= 12 and rules.exact_phrases.get(fold_phrase(text)):
        expected = rules.exact_phrases[fold_phrase(text)]
    assert match_phrase(text, words, rules) == expected


def _split_headers_block_by_block(blocks: list[Block], rules) -> list[Block]:
    """split_headers as it was written first: the header rules tried on every block while fewer than 3 are out."""
    out: list[Block] = []
    for block in blocks:
        for _id, pattern in rules.headers if len(out) < 3 else ():
            match = pattern.match(block.text)
            if match:
                out.append(Block.make(match.group("date"), len(out), tag="header", gap_before=block.gap_before))
                if match.group("rest").strip():
                    out.append(Block.make(match.group("rest").strip(), len(out), tag=block.tag, gap_before=False))
                break
        else:
            out.append(block if block.index == len(out) else replace(block, index=len(out)))
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["date 2023-09-20 Trending", "published: 2024-01-02", "News", "x y"]), st.booleans()),
        max_size=7,
    )
)
def test_split_headers_as_block_by_block(lines: list[tuple[str, bool]]):
    rules = load_rules()
    blocks = [Block.make(text, i + shifted, gap_before=True) for i, (text, shifted) in enumerate(lines)]
    assert split_headers(blocks, rules) == _split_headers_block_by_block(blocks, rules)


def test_a_postscript_in_a_comment_does_not_start_the_story_there() -> None:
    """A wire dateline pulls the body to the paragraph it opens; "P.S. —" at the start of a reader's comment
    is no dateline, so the story above the comments stays the body."""
    from tests._story import NAV, STORY, TITLE

    comments = [
        "3 Comments",
        "Jo Roe",
        "December 18, 2025, 9:46 pm",
        "P.S. — I don’t think the old bridge could ever be repaired properly; there is just too much damage and"
        " the council would be better off building a new one from scratch, as the engineers have said for years.",
        "Ann Poe",
        "December 18, 2025, 10:02 pm",
        "The ring road is already full every morning, and sending every lorry there will make it much worse for"
        " everybody who lives along it, so I hope the repairs start sooner than the council says they will.",
    ]
    dump = "\n".join([f"{TITLE} | City Post", *NAV, TITLE, *STORY, "Share:", "Facebook", *comments])
    record = cleaner.clean(dump, fmt="text")
    assert record.body.startswith(STORY[0])
    assert not record.body.startswith("I don’t think") and record.dateline is None
