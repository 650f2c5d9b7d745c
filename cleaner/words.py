"""Word counts for scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer...).

Every length threshold of the labelling counts `\\w+` words: a line of 10 words that ends like a
sentence is prose, one of 4 or fewer is a label or a link. A Chinese or Japanese sentence is one `\\w+`
run however long it is, and Thai breaks into pieces at every vowel sign; so a paragraph of such a page
counted as one or two words and read as a menu. Here a run of those scripts counts as many words as it
has characters per word on average in its script (`CHARS_PER_WORD`): a word-equivalent. Everything
else counts as before.

    >>> word_equivalents("The bridge is closed.")
    4
    >>> word_equivalents("先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで逮捕されました。")
    19
    >>> word_equivalents("Korean 한국어 문장은 띄어쓰기를 한다")  # Korean separates its words with spaces
    5
"""

from __future__ import annotations

import math
import re

from cleaner.blocks import WORD

# Average characters per word, by script, in running text (segmented corpora: Chinese about 1.5-1.7,
# Japanese about 2 with its kana endings, Thai, Lao, Khmer and Myanmar about 4-5 with their vowel signs).
CHARS_PER_WORD = {"han": 1.7, "kana": 2.0, "southeast": 4.5}
SCRIPTS = {
    # Han ideographs (with iteration marks), then kana (the prolonged-sound mark too), then Thai, Lao, Myanmar
    # and Khmer, vowel signs and tone marks included: they are letters of the run, not word breaks.
    "han": "\u3005\u3006\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "kana": "\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    "southeast": "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff",
}
SPACELESS = re.compile("[" + "".join(SCRIPTS.values()) + "]")
# One run of a script: a Japanese sentence alternates kanji and kana runs, each counted in its own measure.
RUNS = re.compile("|".join(f"(?P<{name}>[{chars}]+)" for name, chars in SCRIPTS.items()))


def _lead_bytes(chars: str) -> bytes:
    """The first bytes of the UTF-8 of every character of a class body ("a-z\u3005"): UTF-8 keeps code point
    order, so a range's characters open with the bytes from its first character's to its last's."""
    ranges = re.findall(r"(.)-(.)|(.)", chars, re.DOTALL)
    leads = {lead for a, b, one in ranges for lead in range((a or one).encode()[0], (b or one).encode()[0] + 1)}
    return bytes(sorted(leads))


# Every byte but those leads: a text whose UTF-8 keeps none of its bytes after they are deleted has no such
# character (most pages: their curly quotes and dashes open with other bytes).
_NOT_SPACELESS_LEADS = bytes(set(range(256)) - set(_lead_bytes("".join(SCRIPTS.values()))))


def has_spaceless(text: str) -> bool:
    """Whether `text` holds a character of a script written without spaces.

    A page's whole text is asked first: encoding it and deleting bytes run in C at a fraction of what re's
    test of a character class at every position costs, and rule most pages out.
    """
    if not text.encode("utf-8", "surrogatepass").translate(None, _NOT_SPACELESS_LEADS):
        return False
    return SPACELESS.search(text) is not None


def word_equivalents(text: str) -> int:
    """`\\w+` words, where each run of a script without spaces counts len(run) / CHARS_PER_WORD words
    (summed, then rounded). The same as `len(WORD.findall(text))` for a text without such characters."""
    if SPACELESS.search(text) is None:
        return len(WORD.findall(text))
    count = 0.0
    for match in RUNS.finditer(text):
        count += len(match.group()) / CHARS_PER_WORD[match.lastgroup or "han"]
    # rounded once for the whole line (a Japanese line is many short runs of kanji and kana), at least 1
    return max(1, math.floor(count + 0.5)) + len(WORD.findall(RUNS.sub(" ", text)))


# Full-width punctuation as the features count it: the sentence and clause marks of Chinese and Japanese
# read as their ASCII counterparts.
SPACE_BEFORE_MARK = re.compile(r"\s+([,.!?:;])")
FULL_WIDTH = str.maketrans({"。": ". ", "、": ", ", "，": ", ", "！": "! ", "？": "? ", "：": ": ", "；": "; "})


def spaced_view(text: str) -> str:
    """`text` as a reader of spaced scripts sees it, for the body scorer's features: each run of a script
    without spaces cut into pseudo-words of its CHARS_PER_WORD characters, and full-width sentence marks
    made ASCII, so that characters per word, punctuation per word and sentence ends mean what they mean
    for English. Unchanged for a text without such characters.

    >>> spaced_view("先日、不正に改造した。")
    '先日, 不正 に 改造 した.'
    """
    if SPACELESS.search(text) is None:
        return text
    spaced = RUNS.sub(_spaced_run, text).translate(FULL_WIDTH)
    return " ".join(SPACE_BEFORE_MARK.sub(r"\1", spaced).split())


def _spaced_run(match: re.Match[str]) -> str:
    run = match.group()
    size = max(1, round(CHARS_PER_WORD[match.lastgroup or "han"]))
    return " " + " ".join(run[k : k + size] for k in range(0, len(run), size)) + " "
