"""make_date as its docstring specifies it (written for the mutation score, tests/MUTATION.md):
the message quotes the date as written, no year gives the text or nothing, the edges of the
month and day ranges, and years outside 1-9999 as in a leap year."""

from __future__ import annotations

import pytest

from bibexport.dates import make_date
from bibexport.model import Date


def test_no_year_gives_the_text_as_written_or_nothing() -> None:
    assert make_date(None) is None
    assert make_date(None, text="   ") is None
    assert make_date(None, text=" forthcoming ") == Date(literal="forthcoming")


@pytest.mark.parametrize(("parts", "text", "message"), [
    pytest.param((2023, 2, 29), "", "date '2023-2-29': day 29 is not a day of month 2; read as 2023-02", id="numbers"),
    pytest.param((2020, 13, 5), "", "date '2020-13-5': month 13 is not a month (1-12); read as 2020", id="month"),
    pytest.param((2023, 2, 29), " Feb 29, 2023 ", "date 'Feb 29, 2023': day 29 is not a day of month 2; read as 2023-02",
                 id="as-written"),
])
def test_the_warning_quotes_the_date_and_says_what_is_kept(parts, text, message) -> None:
    warnings: list[str] = []
    make_date(*parts, text=text, warnings=warnings)
    assert warnings == [message]


@pytest.mark.parametrize(("parts", "expected", "warned"), [
    pytest.param((2020, 1, 1), Date(2020, 1, 1), False, id="first-day"),
    pytest.param((2020, 12, 31), Date(2020, 12, 31), False, id="last-day"),
    pytest.param((2020, 1, 31), Date(2020, 1, 31), False, id="january-31"),
    pytest.param((2020, None, 5), Date(2020), False, id="day-without-month"),
    pytest.param((2020, 21, 3), Date(2020), True, id="season-with-a-day-is-no-month"),
])
def test_edges_of_the_ranges(parts, expected, warned) -> None:
    warnings: list[str] = []
    assert make_date(*parts, warnings=warnings) == expected
    assert len(warnings) == warned


@pytest.mark.parametrize(("year", "leap"), [
    pytest.param(1, False, id="year-1"), pytest.param(4, True, id="year-4"),
    pytest.param(9999, False, id="year-9999"),
    pytest.param(10000, True, id="year-10000-as-leap"), pytest.param(10001, True, id="year-10001-as-leap"),
    pytest.param(-1, True, id="year-minus-1-as-leap"), pytest.param(0, True, id="year-0-as-leap"),
])
def test_february_29_outside_the_calendar_years_is_a_leap_day(year: int, leap: bool) -> None:
    assert make_date(year, 2, 29) == (Date(year, 2, 29) if leap else Date(year, 2))
