"""One date constructor for every reader: the numbers a source gives, checked against the calendar."""

from __future__ import annotations

import calendar
import dataclasses
import re

from .model import Date

EDTF = re.compile(r"(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")  # 2022, 2022-11, 2022-11-28
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}  # EDTF season "months"
SEASONS.update({month - 8: name for month, name in SEASONS.items()})  # 13-16: citeproc-js's too


def make_date(year: int | None, month: int | None = None, day: int | None = None, *, text: str = "",
              warnings: list[str] | None = None) -> Date | None:
    """A :class:`Date` from a year, month and day as a source wrote them (``text``: as written).

    A month outside 1-12 (21-24 are EDTF seasons: ``Spring 2020``) or a day the month does not
    have is dropped with a message in ``warnings`` that quotes the date as written (no writer
    has a place for a year and a text together, so the text is not kept on the record).
    """
    text = text.strip() or "-".join(str(n) for n in (year, month, day) if n is not None)
    if year is None:
        return Date(literal=text) if text else None
    if month in SEASONS and day is None:
        return Date(year, season=month)  # a season month (21 spring ... 24 winter), see Date.season
    problem = ""
    if month is not None and not 1 <= month <= 12:
        problem, month, day = f"month {month} is not a month (1-12)", None, None
    elif month is not None and day is not None and not 1 <= day <= _days(year, month):
        problem, day = f"day {day} is not a day of month {month}", None
    elif month is None and day is not None:
        day = None
    if not problem:
        return Date(year, month, day)
    if warnings is not None:
        warnings.append(f"date {text!r}: {problem}; read as {Date(year, month).iso()}")
    return Date(year, month)


def _days(year: int, month: int) -> int:
    """Days in ``month`` (outside the years 1-9999 that :mod:`calendar` knows, as in a leap year)."""
    return calendar.monthrange(year if 1 <= year <= 9999 else 2000, month)[1]


# EDTF level 1 as CSL-JSON ``raw`` and biblatex use it: a date or season with a qualifier
# ("?" uncertain, "~" approximate, "%" both: CSL's "circa"), a range "A/B", an open end "A/.." or "A/".
_EDTF_ONE = re.compile(r"(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%]?)")


def parse_edtf(text: str) -> Date | None:
    """``2020``, ``2020-05-01``, ``2020-21`` (spring), ``1999~``, ``1987/2003``, ``1987/..``; None if not EDTF."""
    start, slash, end = text.strip().partition("/")
    first = _edtf_one(start)
    if first is None or not slash:
        return first
    if end.strip() in ("", ".."):
        return dataclasses.replace(first, end=Date())
    last = _edtf_one(end)
    return dataclasses.replace(first, end=last) if last is not None else None


def _edtf_one(text: str) -> Date | None:
    m = _EDTF_ONE.fullmatch(text.strip())
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups()[:3])
    date = make_date(year, month, day)
    if date is None or date.parts() != tuple(n for n in (year, month, day) if n is not None) and date.season is None:
        return None  # 2020-13, 2021-02-30: not a date
    return dataclasses.replace(date, circa=True) if m.group(4) else date


def edtf_text(date: Date) -> str:
    """``date`` as EDTF text (:func:`parse_edtf` reads it back); "" when it has no year."""
    if date.year is None:
        return ""
    text = date.iso()
    season = date.season if type(date.season) is int and not date.month else 0
    if season in SEASONS or 1 <= season <= 4:  # CSL 1-4, citeproc-js 13-16, EDTF 21-24
        text += f"-{(season - 1) % 4 + 21}"
    if date.circa not in (False, None, 0, ""):
        text += "~"
    if date.end is not None:
        text += "/" + (edtf_text(date.end) or "..")
    return text
