"""One date constructor for every reader: the numbers a source gives, checked against the calendar."""

from __future__ import annotations

import calendar
import re

from .model import Date

EDTF = re.compile(r"(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")  # 2022, 2022-11, 2022-11-28
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}  # EDTF season "months"


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
        return Date(literal=f"{SEASONS[month]} {year}")
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
