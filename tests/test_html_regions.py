"""Every visible block of an HTML page accounted for (read/html_regions.py, label/html_dropped.py)."""

from __future__ import annotations

import re

import pytest

import cleaner
from cleaner.errors import RuleError
from cleaner.ruleset.load import load_rules

STORY = [
    "The council voted on Tuesday to expand the bus network to three new districts across the city.",
    "Officials said the plan would cost about 40 million euros over five years, paid from the regional fund.",
    "The first new routes are expected to open in March, the transport office said in a statement on Tuesday.",
    "Opposition members argued that the money should go to repairing the existing roads of the city instead.",
]
PAGE = f"""<html><head><title>Council expands bus network | City Post</title>
<meta property="og:site_name" content="City Post"></head><body>
<header class="site-header"><div class="logo">City Post</div>
<nav><a href="/">Front page</a><a href="/w">World affairs</a></nav></header>
<div class="cookie-banner">We use small files to improve your visit. <button>Accept all</button></div>
<main><article><h1>Council expands bus network</h1>
{''.join(f'<p>{p}</p>' for p in STORY)}
<div hidden>Secret draft paragraph that nobody should ever see in the body.</div>
<aside class="related-stories"><h3>More from the city desk</h3>
<ul><li><a href="/a">Tram line delayed again</a></li></ul></aside>
<section id="comments"><p>Great news for the east side finally, says reader Joe from Main Street.</p></section>
</article></main>
<footer><p>Copyright 2024 City Post Media Group</p><a href="/imprint">Imprint and contact</a></footer>
</body></html>"""


def visible_lines(html: str) -> list[str]:
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    for el in root.xpath("//script|//style|//head|//*[@hidden]"):
        el.drop_tree()
    return [line.strip() for line in root.text_content().split("\n") if line.strip()]


def test_every_visible_line_is_body_a_field_or_removed() -> None:
    record = cleaner.clean(PAGE, url="https://citypost.example/bus")
    accounted = " ".join([record.body, record.title or "", *(r.text for r in record.removed)])
    for snippet in ["Front page", "World affairs", "We use small files", "Tram line delayed again",
                    "Great news for the east side", "Copyright 2024 City Post", "Imprint and contact"]:
        assert snippet in accounted
        assert snippet not in record.body
    assert all(p in record.body for p in STORY)


def test_removed_blocks_name_their_kind_and_rule() -> None:
    record = cleaner.clean(PAGE, url="https://citypost.example/bus")
    kinds = {r.text: (r.kind, r.rule) for r in record.removed}
    assert kinds["Copyright 2024 City Post Media Group"][0] == "footer"
    assert next(k for t, k in kinds.items() if "Tram line" in t)[0] == "related"
    assert next(k for t, k in kinds.items() if "Great news" in t)[0] == "comments"
    assert next(k for t, k in kinds.items() if "small files" in t)[0] == "cookie"
    assert all(rule for _kind, rule in kinds.values())


def test_hidden_text_is_never_body() -> None:
    record = cleaner.clean(PAGE)
    assert "Secret draft" not in record.body
    assert any(r.rule == "hidden" and "Secret draft" in r.text for r in record.removed)


def test_removed_stays_in_document_order() -> None:
    record = cleaner.clean(PAGE)
    texts = [r.text for r in record.removed]
    order = [next(i for i, t in enumerate(texts) if re.search(s, t)) for s in ("Front page", "Tram line", "Copyright")]
    assert order == sorted(order)


def test_a_page_region_rule_must_name_a_known_kind(tmp_path) -> None:
    (tmp_path / "mine.toml").write_text('[[page_region]]\nid = "x"\nkind = "sidebar"\nwords = ["aside"]\n')
    with pytest.raises(RuleError, match=r"mine\.toml: page_region x: kind 'sidebar'"):
        load_rules(tmp_path)


def test_a_user_page_region_rule_names_a_region(tmp_path) -> None:
    (tmp_path / "mine.toml").write_text('[[page_region]]\nid = "rail"\nkind = "related"\nwords = ["rail"]\n')
    page = PAGE.replace('<footer>', '<div class="right-rail"><p>Sponsored by nobody at all</p></div><footer>')
    record = cleaner.clean(page, rules=load_rules(tmp_path))
    assert any(r.rule == "rail" and r.kind == "related" for r in record.removed)


def test_a_page_that_reveals_its_article_with_a_script_keeps_it() -> None:
    # a streamed server render puts the article in <div hidden> and a script shows it
    page = PAGE.replace("<main>", "<main><div hidden id='S:0'>").replace("</main>", "</div></main>")
    record = cleaner.clean(page)
    assert all(p in record.body for p in STORY)


def test_a_paragraph_inside_a_heading_is_a_heading_in_markdown() -> None:
    page = PAGE.replace(f"<p>{STORY[2]}</p>", f"<h3><div><p>What comes next</p></div></h3><p>{STORY[2]}</p>")
    record = cleaner.clean(page)
    assert "### What comes next" in record.to_markdown(front_matter=False)
    assert "What comes next" in record.paragraphs
