"""Small text helpers shared by readers, writers and keys."""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import Problem

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # not str.splitlines(): \v, \x85, \u2028 are text in these formats
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# C0 controls but tab, LF and CR; DEL; C1 (with NEL, \x85): terminal escapes, TeX "invalid character".
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """NFC, no control characters, runs of any whitespace (incl. NBSP) as one space, stripped."""
    # Fast path for the common text that is already clean: printable (no control characters,
    # no whitespace but the ASCII space, no zero-width characters), no double space, NFC.
    if text.isprintable() and "  " not in text and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text.strip()
    text = CONTROL.sub("", unicodedata.normalize("NFC", text).replace("\x85", " "))  # NEL: a line break
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case- and accent-insensitive comparison form: ``Akyürek`` -> ``akyurek``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NOT_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")
# \w is what str.isalnum() accepts, plus "_"; no combining mark is alphanumeric (tests check every code point).
_NOT_ALNUM = re.compile(r"[\W_]+")


def match_key(text: str) -> str:
    """Folded text with everything but letters and digits removed, for duplicate detection."""
    if text.isascii():  # fast path for most titles: ASCII folds to its lower case
        return _NOT_ASCII_ALNUM.sub("", text.lower())
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKD", text.casefold()))  # fold(), only letters and digits kept


# Legacy encodings tried, in this order, when a file is not UTF-8 (see :func:`guess_encoding`):
# the double-byte East Asian ones only when their characters look like text of that script,
# then Cyrillic Windows-1251 when the high bytes form words of their own, then Windows-1252
# (Western; curly quotes and dashes where ISO Latin-1 has control characters), then Latin-1,
# which decodes anything.
LEGACY_ENCODINGS = ("utf-8+cp1252", "gb18030", "euc-kr", "euc-jp", "big5", "shift_jis", "cp1251", "cp1252", "latin-1")
ENCODING_LABELS = {
    "utf-8": "UTF-8", "utf-8+cp1252": "UTF-8, its other bytes as Windows-1252", "gb18030": "GBK (GB18030, simplified Chinese)", "euc-kr": "EUC-KR (Korean)",
    "euc-jp": "EUC-JP (Japanese)", "big5": "Big5 (traditional Chinese)", "shift_jis": "Shift_JIS (Japanese)",
    "cp1251": "Windows-1251 (Cyrillic)", "cp1252": "Windows-1252 (Western European)", "latin-1": "Latin-1",
}
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
# A well-formed UTF-8 sequence of two to four bytes (no overlong forms, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _cp1252_byte(exc: UnicodeError) -> tuple[str, int]:
    """Error handler ``bibexport-cp1252``: a byte that is not UTF-8 read as Windows-1252 (Latin-1
    where Windows-1252 has no character), for files that mix the two."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    byte = exc.object[exc.start : exc.start + 1]
    return byte.decode("cp1252", errors="ignore") or byte.decode("latin-1"), exc.start + 1


codecs.register_error("bibexport-cp1252", _cp1252_byte)


def codec(encoding: str) -> tuple[str, str]:
    """The ``(encoding, errors)`` arguments of :func:`open` / ``bytes.decode`` for a name of
    :data:`LEGACY_ENCODINGS`."""
    return ("utf-8", "bibexport-cp1252") if encoding == "utf-8+cp1252" else (encoding, "strict")
_KANA = re.compile("[\u3040-\u30ff]")
_CYRILLIC = re.compile("[\u0400-\u045f]")


def _strict(data: bytes, encoding: str, final: bool) -> str | None:
    """``data`` decoded, or None; unless ``final``, a character cut at the end is dropped."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if final or exc.start < len(data) - 3:
            return None
        return _strict(data[: exc.start], encoding, True)


def _share(chars: str, test: "re.Pattern[str] | object") -> float:
    hits = sum(1 for c in chars if test(c))  # type: ignore[operator]
    return hits / len(chars) if chars else 0.0


def _in(encoding: str, lead: tuple[int, int] | None = None) -> object:
    """A test: the character has a form in ``encoding`` (with its first byte in ``lead``)."""
    def test(char: str) -> bool:
        try:
            encoded = char.encode(encoding)
        except UnicodeEncodeError:
            return False
        return lead is None or lead[0] <= encoded[0] <= lead[1]
    return test


def guess_encoding(data: bytes, *, final: bool = True) -> str:
    """The legacy encoding (one of :data:`LEGACY_ENCODINGS`) that best fits bytes that are not UTF-8.

    A guess from the bytes alone, for what a 20-year-old .bib file is likely to be:

    * UTF-8 with its stray other bytes as Windows-1252 when at least as many bytes are in
      well-formed UTF-8 sequences as not (a Latin-1 file that later entries were added to in
      UTF-8: text in a legacy encoding forms such sequences only by chance);

    * Windows-1251 when most high bytes stand in runs of three or more (words: a Western text
      has an accented letter here and there) that read as Cyrillic letters, mostly lowercase;

    * GBK/GB18030 when nearly every non-ASCII character is one of GB2312's (the characters
      Chinese text uses; Latin-1 letters read as GBK pair with an ASCII byte and are not);
      EUC-KR instead when every such character sits in the rows where EUC-KR has its Hangul
      syllables (Chinese text spreads over more rows), EUC-JP when kana are among them;
    * Big5 when nearly every character is in its frequently-used block (first byte A1-C6);
    * Shift_JIS when it decodes with kana among its characters (Japanese text has kana);
    * Windows-1252 when it decodes, else Latin-1.
    """
    runs = [len(run) for run in _HIGH_RUN.findall(data)]
    in_utf8 = sum(map(len, _UTF8_SEQUENCE.findall(data)))
    if in_utf8 and 2 * in_utf8 >= sum(runs):
        return "utf-8+cp1252"
    if sum(runs) >= 4 and sum(n for n in runs if n >= 3) >= 0.6 * sum(runs):
        cyrillic = _strict(data, "cp1251", final)
        letters = [c for c in cyrillic or "" if ord(c) > 0x7F]
        if letters and _share(letters, _CYRILLIC.match) >= 0.9 and _share(letters, str.islower) >= 0.6:
            return "cp1251"  # words of Cyrillic letters, mostly lowercase (CJK bytes read so are not)
    gb = _strict(data, "gb18030", final)
    if gb is not None:
        chars = [c for c in gb if ord(c) > 0x7F]
        if chars and _share(chars, _in("gb2312")) >= 0.9:
            if len(chars) >= 10 and _share(chars, _in("gb2312", (0xB0, 0xC8))) >= 0.97:
                if _strict(data, "euc-kr", final) is not None:
                    return "euc-kr"
            if _share(chars, _KANA.match) >= 0.05 and _strict(data, "euc-jp", final) is not None:
                return "euc-jp"
            return "gb18030"
    big5 = _strict(data, "big5", final)
    if big5 is not None:
        chars = [c for c in big5 if ord(c) > 0x7F]
        if chars and _share(chars, _in("big5", (0xA1, 0xC6))) >= 0.9:
            return "big5"
    sjis = _strict(data, "shift_jis", final)
    if sjis is not None:
        chars = [c for c in sjis if ord(c) > 0x7F]
        if chars and _share(chars, _KANA.match) >= 0.05:
            return "shift_jis"
    return "cp1252" if _strict(data, "cp1252", final) is not None else "latin-1"


def encoding_name(name: str) -> str:
    """The codec name Python knows ``name`` by (``GBK`` -> ``gbk``), or ValueError."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (examples: utf-8, latin-1, cp1252, gbk, big5, shift_jis)") from None


def decode(data: bytes, source: str, encoding: str | None = None) -> tuple[str, list[Problem]]:
    """Bytes to text: ``encoding`` when given (a byte it cannot decode is an error at its line and
    becomes U+FFFD); else UTF-16 with a BOM, UTF-8 (with or without BOM), else the legacy encoding
    :func:`guess_encoding` picks, with a warning that names it and ``--encoding``."""
    if encoding:
        name = encoding_name(encoding)
        python_codec = "utf-8-sig" if name == "utf-8" else "utf-16" if name in ("utf-16-le", "utf-16-be") and \
            data.startswith((b"\xff\xfe", b"\xfe\xff")) else name
        try:
            return data.decode(python_codec), []
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            message = (f"not valid {encoding} (byte {data[exc.start]:#04x}); undecodable bytes read as U+FFFD "
                       "(pass the file's --encoding)")
            return data.decode(python_codec, errors="replace"), [Problem(message, source, line, "error")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        guessed = guess_encoding(data)
        return data.decode(*codec(guessed)), [Problem(legacy_warning(guessed), source, line)]


def legacy_warning(encoding: str) -> str:
    """What :func:`decode` says of a file that is not UTF-8 and was read as ``encoding``."""
    return (f"not valid UTF-8 (first here); read as {ENCODING_LABELS.get(encoding, encoding)}, which its bytes "
            "fit best; if the text looks wrong, pass --encoding NAME (latin-1, gbk, big5...), or save it as UTF-8")
