"""text.py: the shared text helpers."""

from __future__ import annotations

from bibexport import text


def test_line_break_is_cr_lf_or_crlf_only() -> None:
    """\\v, \\x85 and \\u2028 are text in a RIS or listing line, not line breaks (unlike splitlines)."""
    assert text.LINE_BREAK.split("a\r\nb\x0bc\x85d\u2028e\rf\ng") == ["a", "b\x0bc\x85d\u2028e", "f", "g"]
