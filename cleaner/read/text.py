"""The text front door: a plain-text dump cut into blocks, one per non-blank line.

    >>> [b.text for b in read_text("Title\\n\\n\\u00a0\\nFirst line.\\nSecond line.")]
    ['Title', 'First line.', 'Second line.']

Lines that hold only spaces or no-break spaces count as blank. A blank line before a block sets its
`gap_before`, which the labelling uses to tell a run of link lines from separate paragraphs.

Renderers that print one line per text node (BeautifulSoup's get_text("\\n")) cut a paragraph at every
link; such pieces are joined back when the cut shows (see `continues`):

    >>> [b.text for b in read_text("Scientists published it in the journal \\nNature\\n, on Monday.")]
    ['Scientists published it in the journal Nature, on Monday.']

List bullets that layout renderers print ("* Home", "• Sport") are dropped from the line. A dump whose
paragraphs were filled to a fixed width (text browsers, mail archives, `fold`) has them joined back into
one line each first (cleaner/read/unwrap.py).
"""

from __future__ import annotations

import re

from cleaner.blocks import BULLET, BULLETS, WORD, Block, line_blocks
from cleaner.read.unwrap import unwrap
from cleaner.speedups import load
from cleaner.words import has_spaceless, word_equivalents

_C = load("_reader")  # read_lines and word_count in C, with the same results as the Python code below

# Punctuation that cannot start a block: the rest of a sentence after an inline element.
CONTINUATION_CHARS = ",.;:!?)]»”’%"
CONTINUATION_START = re.compile(f"[{re.escape(CONTINUATION_CHARS)}]")
SENTENCE_END = re.compile(r"[.!?…:;\"”’»)]$")
# White space within a line that clean_inline changes: any but the space, and runs of spaces. The characters
# are listed (every one str.split splits on, but " " and the line break): re tests a listed set far faster
# than the \s category at each of a dump's thousands of characters.
ODD_SPACE = re.compile("[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
SPACE_RUN = re.compile(r"  +")
# Each ASCII byte as "w" where WORD matches it, else (and every byte of UTF-8 beyond ASCII) as a space: a word
# starts wherever " w" stands.
ASCII_WORD_MARKS = bytes(ord("w") if i < 128 and WORD.fullmatch(chr(i)) else ord(" ") for i in range(256))
NON_ASCII_WORD_CHAR = re.compile(r"[^\W\x00-\x7f]")
# A dash ends no line of text: a line that ends with one goes on in the next ("Dekalb, Ill. —" / "Mike
# Glass threw ..."), and a text node that opens with one after white space goes on from the line before.
DASHES = "—–"
OPENERS = "([{“‘«„"  # a line that ends with one of these goes on in the next, without a space
STOPS = ".!?"  # a line that ends with one of these before a capital ends a sentence
JOIN_MIN_WORDS = 3  # a lower-case line joins the line before only when that one is this long (menus are not)


def continues(previous_raw: str, previous: str, line_raw: str, line: str) -> bool:
    """Whether `line` is the rest of `previous`, cut at an inline element by the renderer."""
    if previous[-1:] in OPENERS:
        return True  # "(" then "Reuters" then ") —": a bracket or quote opened goes on in the next line
    if previous_raw[-1:].isspace() and not previous_raw.isspace():
        # the text node before an inline element ends in a space: the sentence goes on, unless it ended there
        # and the next one starts (a lede, then a photo's caption, each with a space after its last word)
        return not (previous[-1:] in STOPS and line[:1].isupper())
    if CONTINUATION_START.match(line):
        return True
    if previous[-1:] in DASHES or (line[:1] in DASHES and line_raw[:1].isspace()):
        return True  # "MOSCOW (AP) —" then the story; "Indianapolis" then " – Several thousand ..."
    return bool(line[:1].islower() and not SENTENCE_END.search(previous) and len(previous.split()) >= JOIN_MIN_WORDS)


def read_text(text: str, *, pure_python: bool = False) -> list[Block]:
    """The blocks of a dump; `pure_python`: by the Python code even where the C module is built.

    A dump filled to a fixed width has its paragraphs joined back first (see unwrap). Lines in scripts
    written without spaces (Chinese, Japanese, Thai) count their words as word-equivalents (see words)."""
    text = unwrap(text)
    lines = _C.read_lines(text) if _C is not None and not pure_python else _python_read_lines(text)
    if has_spaceless(text):
        lines = [(t, gap, word_equivalents(t) if has_spaceless(t) else n) for t, gap, n in lines]
    return line_blocks(lines, pure_python=pure_python)


def _python_read_lines(text: str) -> list[tuple[str, bool, int]]:
    """(text, gap before, words) of each block: the reference for cleaner/read/_reader.c's read_lines."""
    # clean_inline on every line, done on the whole text at once in C: any white space but the line break
    # becomes a space, a run of spaces one space; a line then needs only its edges trimmed. The lines keep
    # a space at the end where the raw line had white space, which is what `continues` reads.
    spaced = SPACE_RUN.sub(" ", ODD_SPACE.sub(" ", text))
    lines: list[tuple[str, bool, int]] = []  # (text, gap before, words)
    gap = True
    previous_raw = ""
    for raw in spaced.split("\n"):
        cleaned = raw.strip(" ")
        if not cleaned:
            gap = True
            previous_raw = ""
            continue
        if cleaned[0] in BULLETS:
            cleaned = BULLET.sub("", cleaned) or cleaned
        # `continues` holds only for a line that opens with a lower-case letter or a continuation mark, or after
        # a raw line that ends in a space: most lines open with a capital and are spared the call
        if (
            lines
            and not gap
            and (
                cleaned[0].islower()
                or cleaned[0] in CONTINUATION_CHARS
                or previous_raw[-1:].isspace()
                or cleaned[0] in DASHES
                or lines[-1][0][-1:] in DASHES
                or lines[-1][0][-1:] in OPENERS
            )
            and continues(previous_raw, lines[-1][0], raw, cleaned)
        ):
            head, head_gap, _words = lines[-1]
            glued = CONTINUATION_START.match(cleaned) or head[-1:] in OPENERS
            joined = head + cleaned if glued else f"{head} {cleaned}"
            lines[-1] = (joined, head_gap, word_count(joined, pure_python=True))
        else:
            lines.append((cleaned, gap, word_count(cleaned, pure_python=True)))
        previous_raw = raw
        gap = False
    return lines


def word_count(text: str, *, pure_python: bool = False) -> int:
    """`len(WORD.findall(text))`, as Block.words counts, without building the list of words.

    >>> word_count("It's 9:30 – isn't it?"), word_count("Ça va, merci.")
    (7, 3)
    """
    if _C is not None and not pure_python:
        return _C.word_count(text)
    # Most lines: a byte table marks word characters, and C counts where words start. It serves lines whose only
    # characters beyond ASCII are no word characters (curly quotes, dashes) too: their bytes mark no word.
    if text.isascii() or NON_ASCII_WORD_CHAR.search(text) is None:
        return (" " + text).encode("utf-8", "surrogatepass").translate(ASCII_WORD_MARKS).count(b" w")
    return len(WORD.findall(text))
