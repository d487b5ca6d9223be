"""Small text helpers shared by readers, writers and keys."""

from __future__ import annotations

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


def decode(data: bytes, source: str) -> tuple[str, list[Problem]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        warning = Problem("not valid UTF-8; read as Latin-1 (save the file as UTF-8 to silence this)", source, line)
        try:  # Windows' Latin-1: curly quotes and dashes where ISO Latin-1 has control characters
            return data.decode("cp1252"), [warning]
        except UnicodeDecodeError:
            return data.decode("latin-1"), [warning]
