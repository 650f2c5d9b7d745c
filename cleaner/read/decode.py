"""Bytes to text, robustly: BOM, then the declared charset, then UTF-8, then detection.

    >>> decode("caf\\xe9".encode("cp1252") + b" <meta charset=windows-1252>")
    'café <meta charset=windows-1252>'

Binary input (images, PDF, archives, anything with NUL bytes in its text) raises InputError with
what it looks like, so a batch can report it and go on.
"""

from __future__ import annotations

import codecs
import os
import re
import zlib
from collections import Counter
from typing import overload

from cleaner.errors import InputError

# Magic numbers of files people drop into corpus folders by mistake.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive (or docx/xlsx/epub)"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"RIFF", "RIFF media (WebP, WAV, AVI)"),
    (b"\x7fELF", "ELF executable"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)
GZIP_MAGIC = b"\x1f\x8b"
# A decompressed page larger than this is refused rather than read into memory.
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024
# A file (or stdin) larger than this is refused before it is read whole: the largest real page is a few MB.
MAX_INPUT_BYTES = 256 * 1024 * 1024

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml encoding="x"?>
DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# Declarations that browsers read as something else (WHATWG encoding standard).
CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "cp932",
    "shift-jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "utf8": "utf-8",
    "unicode": "utf-16",
    "x-user-defined": "cp1252",
    # WHATWG reads these labels as the Windows superset of the charset they name
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
}
# The codecs a declaration may name (WHATWG's encodings, as Python names them); anything else is ignored.
BROWSER_CODECS = frozenset(
    {
        "utf-8", "utf-8-sig", "cp866", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874", "tis-620",
        "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
        "gb18030", "gbk", "big5", "big5hkscs", "euc_jp", "iso2022_jp", "shift_jis", "cp932", "euc_kr", "cp949",
    }
    | {f"iso8859-{n}" for n in range(1, 17)}
)  # fmt: skip
# A page that is not all UTF-8, whose first MIXED_SAMPLE bytes hold UTF-8 characters and single
# windows-1252 ones, is a UTF-8 page with pasted windows-1252 text, and is read as both.
HIGH_RUN = re.compile(rb"[\x80-\xff]+")
MIXED_MIN_UTF8 = 2  # runs that are valid UTF-8
MIXED_MAX_RUN = 2  # bytes of a run that is one or two windows-1252 characters ("„B" is one, "Ã©" two)
MIXED_MIN_SHORT_SHARE = 0.9  # of the runs that are not UTF-8
MIXED_SAMPLE = 1024 * 1024
CP1252_FALLBACK = "cleaner-cp1252-fallback"
# UTF-16 without a BOM: the UTF16_HIGH_BYTES commonest high bytes (0 among them) cover this share of all.
UTF16_HIGH_BYTES = 3
UTF16_MIN_SHARE = 0.9
UTF16_MAX_LOW_NULS = 0.05
# Share of control characters (other than tab and newlines) above which decoded text is binary.
MAX_CONTROL_SHARE = 0.05
CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f]")  # below 32, but not tab, newlines, form feed


def decode(raw: bytes) -> str:
    """Decode one document's bytes; raises InputError for binary or undecodable input."""
    raw = maybe_gunzip(raw)
    kind = binary_kind(raw)
    if kind:
        raise InputError(f"binary input ({kind}), not a web page or text")
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return _checked(raw[len(bom) :].decode(encoding, errors="replace"))
    utf16 = _utf16_without_bom(raw[:4096])
    if utf16:  # ASCII-range text with a NUL in every other byte: UTF-16 that lost its BOM
        return _checked(raw.decode(utf16, errors="replace"))
    declared = declared_charset(raw)
    if declared and declared != "utf-8":
        try:
            return _checked(raw.decode(declared))
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall through to UTF-8 and detection
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # (strict UTF-8 never decodes to a lone surrogate: nothing to scrub, a pass over the page saved)
        return _checked(text, scrubbed=True)
    if _utf8_with_pasted_cp1252(raw[:MIXED_SAMPLE]):
        # A UTF-8 template around a story pasted in as windows-1252: each part read as what it is, where
        # one guess for the whole page would turn the template's characters into mojibake.
        return _checked(raw.decode("utf-8", errors=CP1252_FALLBACK))
    return _checked(_detect(raw))


def maybe_gunzip(raw: bytes) -> bytes:
    """The decompressed bytes of gzip input (every member of it), or `raw` itself when it is not gzip.

    A gzip file is read whole or refused with InputError, never cut short in silence: a truncated stream, or
    data after the last member that is not padding, is reported; a concatenation of members (what `cat
    a.gz b.gz` makes, and `gzip` reads as one) is decompressed member after member, within one size cap.

    >>> import gzip
    >>> maybe_gunzip(gzip.compress(b"one ") + gzip.compress(b"two"))
    b'one two'
    """
    if not raw.startswith(GZIP_MAGIC):
        return raw
    out: list[bytes] = []
    size = 0
    rest = raw
    while True:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = inflater.decompress(rest, MAX_DECOMPRESSED_BYTES - size + 1)
        except zlib.error as exc:
            raise InputError(f"gzip input that does not decompress: {exc}") from exc
        size += len(chunk)
        if size > MAX_DECOMPRESSED_BYTES or inflater.unconsumed_tail:
            raise InputError(f"gzip input larger than {MAX_DECOMPRESSED_BYTES // 2**20} MiB once decompressed")
        out.append(chunk)
        if not inflater.eof:
            raise InputError(f"gzip input that is cut short (truncated after {size} bytes of content)")
        rest = inflater.unused_data
        if not rest.strip(b"\x00"):  # the end, or the NUL padding some tools write after the stream
            return b"".join(out)
        if not rest.startswith(GZIP_MAGIC):
            raise InputError(f"gzip input followed by {len(rest)} bytes that are not gzip")


def read_capped(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """A file's bytes, refused with InputError past MAX_INPUT_BYTES: a file is read into memory whole (a
    str of it costs up to four times its size), so its size is bounded as a .gz's inflated size is.

    OSError (missing, unreadable) is the caller's to report.
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(too_large(limit))
    return data


def too_large(limit: int | None = None) -> str:
    return f"input larger than {(MAX_INPUT_BYTES if limit is None else limit) // 2**20} MiB; not read"


def binary_kind(raw: bytes) -> str | None:
    """What a binary input looks like, or None for text."""
    for signature, kind in BINARY_SIGNATURES:
        if raw.startswith(signature):
            return kind
    head = raw[:4096]
    if b"\x00" in head and not _utf16_without_bom(head):
        return "binary data (NUL bytes)"
    return None


def declared_charset(raw: bytes) -> str | None:
    """The charset the page declares, as a Python codec, when a browser would use it; else None.

    Browsers read only text encodings (WHATWG): a declared `utf-16` on bytes without a BOM is read as
    UTF-8, and `utf-7`, `punycode`, `base64` or `rot13` are ignored, so they are here too.

    >>> declared_charset(b'<meta charset="punycode">'), declared_charset(b'<meta charset="UTF-16">')
    (None, 'utf-8')
    """
    match = DECLARED_CHARSET.search(raw[:8192])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    name = CHARSET_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a BOM decides UTF-16; a declaration of it in ASCII bytes cannot be true
    return codec if codec in BROWSER_CODECS else None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text in UTF-16 that lost its BOM, else None.

    Text in one or two scripts has few distinct high bytes, 0 among them (spaces, digits, ASCII
    punctuation): "Привет мир" in UTF-16-LE is `1f 04 40 04 ... 20 00`. Binary data spreads its bytes.
    """
    head = head[: len(head) // 2 * 2]
    if len(head) < 4 or b"\x00" not in head:
        return None
    for encoding, high, low in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        common = Counter(high).most_common(UTF16_HIGH_BYTES)
        if common[0][0] == 0 or any(value == 0 for value, _n in common):
            covered = sum(n for _v, n in common)
            if covered >= UTF16_MIN_SHARE * len(high) and low.count(0) < UTF16_MAX_LOW_NULS * len(low):
                try:
                    head.decode(encoding)
                except UnicodeDecodeError:
                    continue  # a lone surrogate: not UTF-16 after all
                return encoding
    return None


def _utf8_with_pasted_cp1252(raw: bytes) -> bool:
    """Runs of non-ASCII bytes that are UTF-8, and others that are single windows-1252 letters ("é" as
    one byte between ASCII ones): a UTF-8 page with a story pasted in. A legacy multi-byte page (Shift_JIS,
    KOI8-R words) has long runs that are not UTF-8, and goes to detection."""
    utf8 = other = short = 0
    for run in HIGH_RUN.findall(raw):
        try:
            run.decode("utf-8")
        except UnicodeDecodeError:
            other += 1
            short += len(run) <= MIXED_MAX_RUN
        else:
            utf8 += 1
    return utf8 >= MIXED_MIN_UTF8 and other > 0 and short >= MIXED_MIN_SHORT_SHARE * other


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 read as windows-1252 (what browsers assume)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


def _detect(raw: bytes) -> str:
    from charset_normalizer import from_bytes

    try:
        matches = from_bytes(raw[: 1024 * 1024])
    except Exception:  # the detector's own failure must not cost the page: read it as UTF-8
        return raw.decode("utf-8", errors="replace")
    best = matches.best()
    if best is None or best.encoding is None:
        return raw.decode("utf-8", errors="replace")
    # Western text often fits windows-1250 and windows-1252 equally well ("añadió" vs "ańadió"); on a tie,
    # take windows-1252, which is what browsers assume for an undeclared page.
    for match in matches:
        tie = (match.percent_chaos, match.percent_coherence) == (best.percent_chaos, best.percent_coherence)
        if tie and "cp1252" in match.could_be_from_charset:
            return raw.decode("cp1252", errors="replace")
    return raw.decode(best.encoding, errors="replace")


@overload
def scrub(text: str) -> str: ...
@overload
def scrub(text: None) -> None: ...
def scrub(text: str | None) -> str | None:
    """Lone surrogates (from a caller's str, a file name or argv, a UTF-7 page) as U+FFFD, and a split pair
    joined: text that UTF-8 cannot encode would make a record that cannot be written.

    >>> scrub("a\\ud800b\\ud83d\\ude00") == "a\\ufffdb\\U0001f600"
    True
    """
    if text is None:
        return text
    try:  # UTF-8 refuses a code point only if it is a surrogate: a C pass, several times quicker than re's
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _checked(text: str, *, scrubbed: bool = False) -> str:
    """`text` without lone surrogates (unless `scrubbed` says it has none), or InputError for binary."""
    if not scrubbed:
        text = scrub(text)
    sample = text[:20000]
    if sample:
        controls = len(CONTROL_CHARS.findall(sample))
        if controls > MAX_CONTROL_SHARE * len(sample):
            raise InputError("binary input (control characters), not a web page or text")
    return text


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)
