"""The streaming last resort of the HTML front door: markup that lxml cannot hold still gives its text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.read.markup import visible_lines


def test_lines_break_at_block_elements_and_hidden_text_is_skipped() -> None:
    markup = (
        "<html><head><title>T</title><style>p{}</style></head><body><p>One <b>two</b></p>"
        "<script>var x = '<p>no</p>';</script><div>Three<br>Four</div></body></html>"
    )
    assert [b.text for b in visible_lines(markup)] == ["One two", "Three", "Four"]


def test_an_unclosed_head_ends_at_the_body() -> None:
    assert [b.text for b in visible_lines("<head><title>T</title><body><p>Kept</p>")] == ["Kept"]


@settings(max_examples=10, deadline=None)  # the first example loads the rules and the model
@given(depth=st.integers(min_value=300, max_value=3000))
def test_text_below_lxmls_depth_limit_is_read(depth: int) -> None:
    sentence = "The council voted on Tuesday to repair the old bridge before the winter floods arrive again."
    page = "<html><body>" + "<div>" * depth + f"<p>{sentence}</p>" + "</div>" * depth + "</body></html>"
    assert cleaner.clean(page, fmt="html").body == sentence
