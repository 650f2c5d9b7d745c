"""Scripts written without spaces (Chinese, Japanese, Thai): word-equivalents, features, real pages."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner
from cleaner.blocks import WORD
from cleaner.read.text import read_text
from cleaner.words import SPACELESS, has_spaceless, spaced_view, word_equivalents

DATA = Path(__file__).parent / "data"
JA_URL = "https://www.lhpat-tm.com/blog/decision-info/index-2726.html"
JA_PARAGRAPHS = [  # the story's opening and closing lines, as the page prints them
    "先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで20代の男性が逮捕されたというニュースを耳にしました。",
    "もちろん、Apple社は「脱獄」を認めていません。",
    "通常、権利者により正規のルートで販売された商品をそのまま転売する場合は、商標権侵害にはなりません。",
]


@pytest.mark.parametrize("text", ["The bridge is closed.", "Ça va, merci.", "Korean 한국어 문장은 띄어쓰기를 한다", ""])
def test_word_equivalents_of_spaced_scripts_are_word_counts(text: str) -> None:
    assert not has_spaceless(text)
    assert word_equivalents(text) == len(WORD.findall(text))


def test_a_sentence_without_spaces_counts_as_many_words() -> None:
    assert word_equivalents("今回販売されたのは、いわゆる「脱獄」したiPhone。") >= 10
    assert word_equivalents("习近平主席的贺信阐明了当前建设高水平中拉航天合作伙伴关系的重要意义") >= 15
    assert word_equivalents("ประเทศไทยมีประชากรประมาณหกสิบหกล้านคนและมีกรุงเทพมหานครเป็นเมืองหลวง") >= 10
    assert word_equivalents("ホーム") == 2  # a menu item stays short


def test_spaced_view_reads_like_a_spaced_script() -> None:
    view = spaced_view("先日、不正に改造した。")
    assert view.endswith(".") and "," in view and len(view.split()) >= 4
    assert spaced_view("Home") == "Home"


def test_reader_counts_word_equivalents() -> None:
    blocks = read_text("ホーム\n" + JA_PARAGRAPHS[0])
    assert blocks[0].words <= 2 and blocks[1].words >= 20


@pytest.mark.parametrize("name", ["aeb_85439e26_ja.txt", "aeb_85439e26_ja.inscriptis.txt"])
def test_japanese_page_keeps_its_body(name: str) -> None:
    rec = cleaner.clean((DATA / name).read_text(encoding="utf-8"), url=JA_URL, fmt="text")
    for paragraph in JA_PARAGRAPHS:
        assert paragraph in rec.body
    assert "プライバシー・ポリシー" not in rec.body and "人気記事" not in rec.body
    assert rec.title == "商品の改造が商標法違反に！？"
    assert rec.language == "ja"


def test_chinese_page_keeps_its_body_and_language() -> None:
    dump = (DATA / "fundus_cn_people_2024_04_24.txt").read_text(encoding="utf-8")
    rec = cleaner.clean(dump, url="http://politics.people.com.cn/n1/2024/0424/c1001-40223222.html", fmt="text")
    assert "习近平主席向首届“中国－拉美和加勒比国家航天合作论坛”致贺信，在会场内外引发热烈反响" in rec.body
    assert len(rec.body) > 1000
    assert rec.language == "zh"


def test_has_spaceless_prefilter_misses_no_character() -> None:
    # the UTF-8 lead-byte test rules a text out only when no character of SPACELESS is in it
    for code in range(0x110000):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            assert has_spaceless(f"a{char}b") == (SPACELESS.search(char) is not None), hex(code)
    assert not has_spaceless("“Quoted” — text, 10 €, naïve, \ud800")
