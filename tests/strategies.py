"""Hypothesis strategies: prose paragraphs, headline lines and boilerplate blocks.

Prose is built from plain English words with no digits, dashes or boilerplate vocabulary, so that
any block the cleaner removes from it was put there by the test.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

PROSE = (
    "the council said on wednesday that its members would meet again next week to discuss how the city "
    "should spend money from the new budget while residents asked for more parks and better schools many "
    "people in the region have waited years for a decision about roads water and housing officials agreed "
    "that the plan needs support from farmers workers teachers and families who live near the river the "
    "mayor told reporters after a long meeting where several speakers raised questions about costs and "
    "delays because prices rose during the summer and experts expect that trend to continue into winter "
)
WORDS = tuple(re.findall(r"\w+", PROSE))


def sentence(min_words: int = 6, max_words: int = 18) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words).map(
        lambda ws: (" ".join(ws)).capitalize() + "."
    )


def paragraph() -> st.SearchStrategy[str]:
    """Two to four sentences: at least 12 words, ends in a full stop."""
    return st.lists(sentence(), min_size=2, max_size=4).map(" ".join)


def article(min_paragraphs: int = 1, max_paragraphs: int = 8) -> st.SearchStrategy[list[str]]:
    return st.lists(paragraph(), min_size=min_paragraphs, max_size=max_paragraphs)


def headline() -> st.SearchStrategy[str]:
    """A headline line: 5 to 12 words, capitalised, no closing punctuation."""
    return st.lists(st.sampled_from(WORDS), min_size=5, max_size=12).map(lambda ws: " ".join(ws).capitalize())
