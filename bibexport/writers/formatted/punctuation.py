"""Punctuation fixes citeproc-py lacks, applied to rendered (marked) text."""

from __future__ import annotations

import re

from .marks import CLOSE, MARKS_CLASS, OPEN


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


_REPEATED_NAME = re.compile(f"(?<![\\w{MARKS_CLASS}])([{MARKS_CLASS}]?)([A-Za-z][\\w.-]*)([{MARKS_CLASS}]?): (?=\\2:\\w)")
_PAIRS = {("", "")} | {(OPEN[kind], CLOSE[kind]) for kind in OPEN}


def drop_repeated_name(text: str) -> str:
    """``arXiv: arXiv:2211.15661`` -> ``arXiv:2211.15661``: a name (a repository, in italics or not)
    before ``: `` is dropped when the identifier after it starts with the same name and a colon.

    IEEE prints a preprint as ``publisher: number``, and arXiv's BibTeX, as Zotero, gives the
    number as ``arXiv:ID`` with the publisher arXiv.
    """
    if ": " not in text:
        return text

    def fix(found: re.Match[str]) -> str:
        return "" if (found[1], found[3]) in _PAIRS else found[0]

    return _REPEATED_NAME.sub(fix, text)
