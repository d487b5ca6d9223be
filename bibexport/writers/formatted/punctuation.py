"""Punctuation fixes citeproc-py lacks, applied to rendered (marked) text."""

from __future__ import annotations

import re

from .marks import MARKS_CLASS


def punctuation_in_quote(text: str, close_quote: str = "”") -> str:
    """Move a comma or period that follows a closing quote inside it (``“Title”,`` -> ``“Title,”``).

    citeproc-py ignores the locale option ``punctuation-in-quote`` (true for en-US); a period
    is dropped when the quoted text already ends in ``.``, ``?`` or ``!``.
    """
    if not close_quote:
        return text
    pattern = re.compile(f"([.?!]?)([{MARKS_CLASS}]*){re.escape(close_quote)}([{MARKS_CLASS}]*)([.,])")

    def move(found: re.Match[str]) -> str:
        end, marks, after, punct = found.groups()
        if end and punct == ".":
            punct = ""
        return f"{end}{marks}{punct}{close_quote}{after}"

    return pattern.sub(move, text)


_DOUBLED = re.compile(f"(?<!\\. )([.,;:!?])([{MARKS_CLASS}]+| (?=[.,;:](?: [^.]|$)))([.,;:])")


def collapse_punctuation(text: str) -> str:
    """Drop a period or comma repeated across formatting or a space (``*et al.*.``, ``2021. .``).

    citeproc-py removes doubled punctuation only where two plain strings meet; citeproc-js
    also does it across italics and after an affix's trailing space (ACM: an empty group's
    suffix).  A spaced ellipsis (``. . .``) is left alone.
    """

    def fix(found: re.Match[str]) -> str:
        before, marks, after = found.groups()
        if after == before or (after == "." and before in "?!"):
            return before + marks.strip()
        return found.group()

    return _DOUBLED.sub(fix, text)
