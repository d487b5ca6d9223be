"""text.py: the shared text helpers."""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from bibexport import text


def test_line_break_is_cr_lf_or_crlf_only() -> None:
    """\\v, \\x85 and \\u2028 are text in a RIS or listing line, not line breaks (unlike splitlines)."""
    assert text.LINE_BREAK.split("a\r\nb\x0bc\x85d\u2028e\rf\ng") == ["a", "b\x0bc\x85d\u2028e", "f", "g"]


def test_one_control_character_class_for_cleaning_normalizing_and_tex() -> None:
    from bibexport import normalize
    from bibexport.writers import bibtex

    assert not hasattr(normalize, "_CONTROL") and not hasattr(bibtex, "_CONTROL")  # text.CONTROL is the one
    controls = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]))
    assert text.CONTROL.sub("", controls + "\t\n\r") == "\t\n\r"
    assert text.clean("a\x1b[31mb\x85c\x9bd") == "a[31mb cd"  # NEL is a line break: a space


def test_normalize_drops_and_bibtex_replaces_every_control_character() -> None:
    from bibexport.model import Record
    from bibexport.normalize import drop_control_characters
    from bibexport.writers.bibtex import escape_plain

    assert drop_control_characters(Record(abstract="a\x85b\x9fc\x7fd\te")).abstract == "abc" + "d\te"
    assert escape_plain("a\x85b\x00c") == "a b c"


def _folded_letters_and_digits(value: str) -> str:
    return "".join(c for c in text.fold(value) if c.isalnum())


def test_match_key_is_folded_letters_and_digits_on_every_code_point() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert text.match_key(every) == _folded_letters_and_digits(every)


@given(st.text())
def test_match_key_is_folded_letters_and_digits(value: str) -> None:
    assert text.match_key(value) == _folded_letters_and_digits(value)
