"""Punctuation fixes citeproc-py lacks, applied to rendered (marked) text."""

from __future__ import annotations

import re

from .marks import CLOSE, MARKS_CLASS, OPEN, QUOTE_CLOSE, QUOTE_OPEN


def punctuation_in_quote(text: str, close_quote: str = "”") -> str:
    """Move a comma or period that follows a closing quote inside it (``“Title”,`` -> ``“Title,”``).

    citeproc-py ignores the locale option ``punctuation-in-quote`` (true for en-US); a period
    is dropped when the quoted text already ends in ``.``, ``?`` or ``!``.  The closing quote
    is a quoted span's end mark (:data:`~.marks.QUOTE_CLOSE`, before :func:`resolve_quotes`)
    or the character ``close_quote``; after nested quotes the punctuation goes inside all of
    them (``“This is ‘The One.’”``).
    """
    closers = QUOTE_CLOSE + re.escape(close_quote)
    if not any(c in text for c in (QUOTE_CLOSE, close_quote) if c):
        return text
    pattern = re.compile(f"([.?!]?)([{MARKS_CLASS}{closers}]*?[{closers}][{MARKS_CLASS}{closers}]*)([.,!?]+)")

    def move(found: re.Match[str]) -> str:
        end, run, punct = found.groups()
        if end and punct[:1] == ".":
            punct = punct[1:]
        at = min(run.index(c) for c in (QUOTE_CLOSE, close_quote) if c and c in run)
        return f"{end}{run[:at]}{punct}{run[at:]}"

    return pattern.sub(move, text)


def resolve_quotes(text: str, outer: tuple[str, str] = ("“", "”"), inner: tuple[str, str] = ("‘", "’")) -> str:
    """Quoted spans (:data:`~.marks.QUOTE_OPEN` ... :data:`~.marks.QUOTE_CLOSE`) as the locale's
    quotation marks: outer ones at even depth, inner ones inside them (“My ‘Amazing’ Title”)."""
    if QUOTE_OPEN not in text and QUOTE_CLOSE not in text:
        return text
    out, depth = [], 0
    for piece in _QUOTE_MARK.split(text):
        if piece == QUOTE_OPEN:
            out.append((outer, inner)[depth % 2][0])
            depth += 1
        elif piece == QUOTE_CLOSE:
            depth = max(depth - 1, 0)
            out.append((outer, inner)[depth % 2][1])
        else:
            out.append(piece)
    return "".join(out)


_QUOTE_MARK = re.compile(f"([{QUOTE_OPEN}{QUOTE_CLOSE}])")


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

    return merge_punctuation(_DOUBLED.sub(fix, text))


# citeproc-js (queue.js LtoR_MAP): two punctuation marks that meet, left and right, become these.
_MERGED = {
    "!": {".": "!", "?": "!?", ":": "!", ",": "!,", ";": "!;"},
    "?": {"!": "?!", ".": "?", ":": "?", ",": "?,", ";": "?;"},
    ".": {"!": ".!", "?": ".?", ":": ".:", ",": ".,", ";": ".;"},
    ":": {"!": "!", "?": "?", ".": ":", ",": ":,", ";": ":;"},
    ",": {"!": ",!", "?": ",?", ":": ",:", ".": ",.", ";": ",;"},
    ";": {"!": "!", "?": "?", ":": ";", ",": ";,", ".": ";"},
}
_MEETING = re.compile(f"(?<![.])([.,;:!?])([{MARKS_CLASS}]*)([.,;:!?])(?![.])")


def merge_punctuation(text: str) -> str:
    """Punctuation that meets across affixes and formatting merged as citeproc-js merges it:
    a repeated mark kept once, ``;`` + ``:`` -> ``;``, ``:`` + ``!`` -> ``!``, ``?`` + ``.`` ->
    ``?``; pairs that carry meaning (``.:``, ``,.``, ``?!``) are kept.  An ellipsis is left alone."""
    if not _MEETING.search(text):
        return text

    def merge(found: re.Match[str]) -> str:
        left, marks, right = found.groups()
        if left == right:
            return left + marks
        merged = _MERGED[left][right]
        if merged == left + right:
            return found.group()
        # The surviving mark stays on its own side of the formatting marks.
        return merged + marks if merged == left else marks + merged

    return _MEETING.sub(merge, text)


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
