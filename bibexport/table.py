"""A plain-text table of records that fits a terminal (the ``list`` command)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .richtext import plain
from .model import Record
from .text import clean

HEADER = ("KEY", "DATE", "CAT", "AUTHOR", "TITLE")
GAP = "  "
# Widest each column but the title gets, and narrowest it is squeezed to on a small terminal.
MAX_WIDTHS = (10**6, 10, 10, 20)  # the key is never capped
MIN_WIDTHS = (10, 4, 5, 10)
MIN_TITLE = 24
TITLE_FLOOR = 12  # on a very narrow terminal the title shrinks to this before the date is cut
ELLIPSIS = "…"


def row(record: Record) -> tuple[str, ...]:
    """Key, date, first category, first author (``et al.`` for more) and title of ``record``."""
    author = ""
    if record.author:
        author = record.author[0].family_full() or record.author[0].display()
        if len(record.author) > 1 or record.authors_truncated:
            author += " et al."
    date = record.issued.iso() if record.issued else ""
    category = record.categories[0] if record.categories else ""
    return tuple(clean(cell) for cell in (record.id, date, category, author, plain(record.title)))


def render(records: Sequence[Record], width: int) -> str:
    """A header and one line per record, no line wider than ``width`` columns."""
    rows = [HEADER] + [row(r) for r in records]
    widths = _column_widths(rows, width)
    lines = []
    for cells in rows:
        padded = [_pad(_truncate(cell, w), w) for cell, w in zip(cells[:-1], widths)]
        line = GAP.join(padded + [cells[-1]])
        lines.append(_truncate(line, width))
    return "".join(line.rstrip() + "\n" for line in lines)


def _column_widths(rows: list[tuple[str, ...]], width: int) -> list[int]:
    """Widths of all columns but the title: the key whole (users copy it into ``\\cite``), the
    others typical and capped; then squeezed to leave the title room."""
    natural = [max(display_width(cells[0]) for cells in rows)]
    natural += [_typical_width([cells[i] for cells in rows]) for i in range(1, len(MAX_WIDTHS))]
    widths = [min(n, cap) for n, cap in zip(natural, MAX_WIDTHS)]
    excess = sum(widths) + len(GAP) * len(widths) + MIN_TITLE - width
    for i in (3, 2, None, 0, 1):  # the author gives way first, then category, title, key, date
        if excess <= 0:
            break
        if i is None:
            excess -= MIN_TITLE - TITLE_FLOOR
            continue
        cut = min(excess, max(0, widths[i] - MIN_WIDTHS[i]))
        widths[i] -= cut
        excess -= cut
    return widths


def _typical_width(column: list[str]) -> int:
    """Width that fits 90% of the cells (the header always): one long cell does not widen all."""
    widths = sorted(display_width(cell) for cell in column[1:])
    typical = widths[(len(widths) - 1) * 9 // 10] if widths else 0
    return max(display_width(column[0]), typical)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters count 2, combining marks 0."""
    return sum(_char_width(c) for c in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in ``…`` when something was cut."""
    if display_width(text) <= width:
        return text
    if width <= 0:
        return ""
    out, used = [], 0
    for char in text:
        size = _char_width(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out).rstrip() + ELLIPSIS


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
