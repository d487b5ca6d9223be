"""Given names as initials (``initialize-with``), as citeproc-js's ``CSL.Util.Names`` makes them.

* ``initialize="true"`` (the default): each part becomes its initial and the
  ``initialize-with`` text: ``John M.E.`` -> ``J. M. E.``; an abbreviation ending in a period
  keeps its letters (``Ph.`` -> ``Ph.``, ``ME.`` -> ``ME.``); ``Jean-Pierre`` -> ``J.-P.``
  (``J. P.`` with ``initialize-with-hyphen="false"``); a lowercase part after a hyphen is
  dropped (``Guo-ping`` -> ``G.``).
* ``initialize="false"``: full names stay, only initials and abbreviations get the
  ``initialize-with`` text in place of their periods and spaces (``M.E`` -> ``M. E.``).
* Names in other scripts (Chinese, Japanese...) and "Lord"/"Lady" stay as they are.
"""

from __future__ import annotations

import functools
import re

_LETTERS = ("a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff"
            "\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e")
_STARTS_ROMANESQUE = re.compile(f"^[&{_LETTERS}]")
_ROMANESQUE = re.compile(f"[-0-9{_LETTERS}]")
_INITIAL = re.compile(
    "^([A-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u042f\u0590-\u05d4\u05d6-\u05ff\u0600-\u06ff\u0370\u0372\u0376\u0386"
    "\u0388-\u03ab\u03e2\u03e4\u03e6\u03e8\u03ea\u03ec\u03ee\u03f4\u03f7\u03fd-\u03ff])"
    "([a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0400-\u052f\u0600-\u06ff\u0370-\u03ff\u1f00-\u1fff]*|)(\\.)*")
_SEPARATOR = re.compile(r"([-\s]+)")
_TRAILING_SPACE = re.compile("[\t\n\x0b\x0c\r \ufeff\u00a0]+$")


@functools.lru_cache(maxsize=8192)  # the same given names recur across a list
def initialize_given(name: str, terminator: str, initialize: bool = True, hyphen: bool = True) -> str:
    """``name`` (a given name) with initials as the style says (see the module)."""
    if not name:
        return ""
    if name in ("Lord", "Lady") or not _STARTS_ROMANESQUE.match(name):
        return name
    if not hyphen:
        name = name.replace("-", " ")
    name = re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", name))
    name = re.sub(r"-([a-z])", "\u2013\\1", name)
    name = re.sub(r"\.(?=[^ ])", ". ", name)  # "M.E" -> "M. E"
    pieces = _SEPARATOR.split(name)
    if len(pieces) == 1:
        last = re.search(r"[^.]+$", pieces[0])
        if last and len(last.group()) == 1 and last.group() != last.group().lower():
            pieces[0] += "."
    text = _initialize(pieces, terminator) if initialize else _normalize(pieces, terminator)
    return re.sub("\u2013([a-z])", r"-\1", text)


def _tidy(pieces: list[str]) -> str:
    text = _TRAILING_SPACE.sub("", "".join(pieces))
    return re.sub(r"[\t\n\x0b\x0c\r ]+", " ", re.sub(r"\s*-\s*", "-", text))


def _normalize(pieces: list[str], terminator: str) -> str:
    """citeproc-js ``doNormalize``: initials and abbreviations get the terminator."""
    abbreviation = []
    for i, piece in enumerate(pieces):
        if len(piece) > 1 and piece.endswith("."):
            pieces[i] = piece[:-1]
            abbreviation.append(True)
        else:
            abbreviation.append(len(piece) == 1 and piece.upper() == piece)
    for i in range(0, len(pieces), 2):
        if not abbreviation[i]:
            continue
        if i < len(pieces) - 2:
            if not abbreviation[i + 2]:
                pieces[i + 1] += " "
            if len(pieces[i + 2]) > 1:
                pieces[i + 1] = terminator.rstrip("\ufeff") + pieces[i + 1]
            else:
                pieces[i + 1] = terminator
        if i == len(pieces) - 1:
            pieces[i] += terminator
    return _tidy(pieces)


def _initialize(pieces: list[str], terminator: str) -> str:
    """citeproc-js ``doInitialize``: each part as its initial and the terminator."""
    count = len(pieces)
    for i in range(0, count, 2):
        piece = pieces[i]
        if not piece:
            continue
        found = _INITIAL.match(piece)
        if found:
            initial, rest, period = found.group(1), found.group(2), found.group(3)
            if rest and period:  # an abbreviation: "Ph." stays "Ph"
                initial, rest = initial + rest, ""
        if found and initial[:1] == initial[:1].upper():
            capitals = ""
            for char in rest:
                if char != char.upper():
                    break
                capitals += char
            pieces[i] = initial + (capitals.lower() if len(capitals) < len(rest) else "")
            if i < count - 1:
                pieces[i + 1] = terminator + "-" if "-" in pieces[i + 1] else terminator
            else:
                pieces.append(terminator)
        elif _ROMANESQUE.search(piece) and (not found or not found.group(3)):
            pieces[i] = " " + piece
    return _tidy(pieces)
