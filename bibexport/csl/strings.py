"""citeproc-py's string concatenation without its two slow spots, same results.

Every piece of rendered text is joined through ``citeproc.string``: each ``+`` of a
``MixedString`` looks at the seam (``normalize_seam``: no double space, no doubled
punctuation), which turned the whole accumulated text into a ``str`` to read its last
character, and appended a ``String`` by catching the ``TypeError`` of ``list + str``.
:func:`install` puts in versions that read only the characters at the seam and append
without an exception; the segments of every ``MixedString`` are the same as before.
"""

from __future__ import annotations

from typing import Any

from citeproc import string as _string
from citeproc.string import SEAM_PUNCTUATION, MixedString, NoCase, String, _strip_first_char

_PLAIN = frozenset({str, String, NoCase})  # str() of these is their own text
_ORIGINAL = {"normalize_seam": _string.normalize_seam, "add": MixedString.__add__}


def _last_char(text: Any) -> str:
    """The last character of ``str(text)`` ("" when it is empty)."""
    if type(text) in _PLAIN:
        return text[-1:]  # type: ignore[no-any-return]
    if type(text) is MixedString:
        for part in reversed(text):
            char = _last_char(part)
            if char:
                return char
        return ""
    return str(text)[-1:]


def _first_char(text: Any) -> str:
    """The first character of ``str(text)`` ("" when it is empty)."""
    if type(text) in _PLAIN:
        return text[:1]  # type: ignore[no-any-return]
    if type(text) is MixedString:
        for part in text:
            char = _first_char(part)
            if char:
                return char
        return ""
    return str(text)[:1]


def normalize_seam(left: Any, other: Any) -> Any:
    """``citeproc.string.normalize_seam``, reading only the two characters at the seam."""
    last, first = _last_char(left), _first_char(other)
    if not last or not first:
        return other
    if last == first and (first == " " or first in SEAM_PUNCTUATION):
        return _strip_first_char(other)
    return other


def mixed_add(self: MixedString, other: Any) -> Any:
    """``MixedString.__add__`` (with its ``discard_empty_other``), appending a non-list
    ``other`` as one segment directly instead of after a caught ``TypeError``."""
    if other == "":
        return self
    other = normalize_seam(self, other)
    if other == "" or other == []:
        return self
    if isinstance(other, list):
        return self.__class__(list.__add__(self, other))
    return self.__class__(list.__add__(self, [other]))


def install() -> None:
    """Use these in ``citeproc.string`` (its ``join`` and ``+`` look ``normalize_seam`` up there)."""
    _string.normalize_seam = normalize_seam
    MixedString.__add__ = mixed_add  # type: ignore[method-assign]
