"""Page ranges as CSL's ``page-range-format`` writes them (citeproc-js's PageRangeMangler).

``page`` is split at commas and ampersands; each piece that is a range is rewritten:

* a range is two numbers with the same prefix, or none (``110-5``, ``N110 - N5``,
  ``8n11564-8n1568``), the second (after its missing leading digits are taken from the first:
  ``110-5`` is 110 to 115) greater than the first; or two roman numerals (``xxv-xxviii``);
* the range is printed with the locale's ``page-range-delimiter`` (en dash by default), the
  second number as given when the style sets no format, else as the format says: ``expanded`` in full, ``minimal`` only
  the digits that differ, ``minimal-two`` at least two of them, ``chicago``/``chicago-15``
  and ``chicago-16`` by the Chicago Manual's rules; the second prefix is dropped once the
  number is shortened;
* anything else with a hyphen (``110-N6``, ``N110-P5``, ``Michaelson-Morely``) is not a range
  and keeps its hyphen, without spaces around it; ``\\-`` is a literal hyphen.
"""

from __future__ import annotations

import re

_PIECES = re.compile(r"(\s*(?:,|&)\s*)")
_RANGE = re.compile(r"(?<!\w)([0-9]*[A-Za-z]+0*)?([0-9]+[a-z]*)\s*(?<!\\)[-\u2013]\s*([0-9]*[A-Za-z]+0*)?([0-9]+[a-z]*)(?!\w)")
_ROMAN_RANGE = re.compile(r"^([ivxlcdm]+|[IVXLCDM]+)\s*(?<!\\)[-\u2013]\s*([ivxlcdm]+|[IVXLCDM]+)$")
_HYPHEN = re.compile(r"\s*(?<!\\)[-\u2013]\s*")
_LEADING_DIGITS = re.compile(r"\d+")


def format_page_range(value: str, range_format: str | None, delimiter: str = "\u2013") -> str:
    """``value`` (a ``page`` variable) with its ranges written as ``range_format`` says."""
    if "-" not in value and "\u2013" not in value:
        return value
    pieces = _PIECES.split(value)
    out = [_piece(p, range_format, delimiter) if i % 2 == 0 else p for i, p in enumerate(pieces)]
    return "".join(out).replace("\\-", "-")


def first_page(value: str) -> str:
    """The first page of ``page`` (``page-first``)."""
    return re.split(r"\s*(?:,|&|(?<!\\)[-\u2013])\s*", value.strip(), maxsplit=1)[0].replace("\\-", "-")


def _number(digits: str) -> int:
    return int(_LEADING_DIGITS.match(digits).group())  # type: ignore[union-attr]


def _piece(piece: str, range_format: str | None, delimiter: str) -> str:
    if _ROMAN_RANGE.match(piece.strip()):
        return _HYPHEN.sub(delimiter, piece)
    return _RANGE.sub(lambda found: _range(found, range_format, delimiter), piece)


def _range(found: re.Match[str], range_format: str | None, delimiter: str) -> str:
    prefix, first, last_prefix, given = found.groups()
    last = first[:len(first) - len(given)] + given if len(given) < len(first) else given
    if (last_prefix or None) != (prefix or None) or _number(first) >= _number(last):
        return _HYPHEN.sub("-", found.group())  # not a range: the hyphen stays
    if range_format is None:  # no format: the numbers as given
        return f"{prefix or ''}{first}{delimiter}{last_prefix or ''}{given}"
    second_prefix = (last_prefix or "") if range_format == "expanded" else ""
    return f"{prefix or ''}{first}{delimiter}{second_prefix}{_shorten(first, last, range_format)}"


def _shorten(first: str, last: str, range_format: str | None) -> str:
    if range_format == "minimal":
        return _minimize(first, last, 0)
    if range_format == "minimal-two":
        return _minimize(first, last, 2)
    if range_format in ("chicago", "chicago-15", "chicago-16"):
        begin, end = _number(first), _number(last)
        if range_format == "chicago-16":
            if begin > 100 and begin % 100:
                for power in range(2, len(str(end))):
                    if begin // 10 ** power == end // 10 ** power:
                        return str(end % 10 ** power)
        elif begin > 100 and begin % 100 and begin // 100 == end // 100:
            return str(end % 100)
        elif begin >= 10000:
            for power in range(3, len(str(end))):
                if begin // 10 ** power == end // 10 ** power:
                    return str(end % 10 ** power)
    return last


def _minimize(first: str, last: str, keep: int) -> str:
    """``last`` without the leading digits it shares with ``first`` (at least ``keep`` digits left)."""
    if len(first) != len(last):
        return last
    shared = 0
    while shared < len(first) and first[shared] == last[shared] and len(last) - shared > keep:
        shared += 1
    return last[shared:]
