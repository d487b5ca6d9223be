"""dates.py: one date constructor for every reader, checked against the calendar."""

from __future__ import annotations

import pytest

from bibexport import api
from bibexport.dates import make_date
from bibexport.model import Date


@pytest.mark.parametrize(
    ("parts", "expected", "warning"),
    [
        pytest.param((2020, 11, 28), Date(2020, 11, 28), "", id="valid"),
        pytest.param((2024, 2, 29), Date(2024, 2, 29), "", id="leap-day"),
        pytest.param((2023, 2, 29), Date(2023, 2), "day 29 is not a day of month 2", id="no-leap-day"),
        pytest.param((2020, 4, 31), Date(2020, 4), "day 31 is not a day of month 4", id="april-31"),
        pytest.param((2020, 13, 40), Date(2020), "month 13 is not a month (1-12)", id="month-13"),
        pytest.param((2021, 0), Date(2021), "month 0 is not a month (1-12)", id="month-0"),
        pytest.param((2020, 21), Date(2020, season=21), "", id="season"),  # EDTF 2020-21: spring
        pytest.param((2020, 24), Date(2020, season=24), "", id="winter"),
        pytest.param((2020, 13), Date(2020, season=13), "", id="citeproc-js-season"),  # citeproc-js: 13-16 too
    ],
)
def test_make_date(parts: tuple[int, ...], expected: Date, warning: str) -> None:
    warnings: list[str] = []
    assert make_date(*parts, warnings=warnings) == expected
    assert [w.split(": ", 1)[1].split(";")[0] for w in warnings] == ([warning] if warning else [])


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        pytest.param("csljson", '[{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[2020, 13, 40]]}}]', id="csljson-parts"),
        pytest.param("csljson", '[{"id": "a", "type": "book", "title": "T", "issued": {"raw": "2020-13-40"}}]', id="csljson-raw"),
        pytest.param("csljson", '[{"id": "a", "type": "book", "title": "T", "issued": "2020-13-40"}]', id="csljson-edtf"),
        pytest.param("bibtex", "@book{a, title = {T}, date = {2020-13-40}}", id="bibtex-date"),
        pytest.param("ris", "TY  - BOOK\nTI  - T\nDA  - 2020/13/40/\nER  - \n", id="ris"),
    ],
)
def test_readers_drop_a_month_out_of_range_with_a_warning(fmt: str, text: str) -> None:
    result = api.read_text(text, fmt, source="x")
    assert [(r.issued.year, r.issued.month) for r in result.records] == [(2020, None)]
    assert [(p.line, p.severity, "month 13 is not a month" in p.message) for p in result.problems] == [(1, "warning", True)]
    assert "2020-13" not in api.write(result.records, "biblatex") and "2020/13" not in api.write(result.records, "ris")


def test_string_month_zero_is_no_month() -> None:
    text = '[{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [["2021", "0"]]}}]'
    (record,) = api.read_text(text, "csljson").records
    assert record.issued == Date(2021)


def test_bibtex_day_field_checked_against_the_month() -> None:
    result = api.read_text("@book{a, title = {T}, year = 2021, month = feb, day = 30}", "bibtex", source="x")
    assert result.records[0].issued == Date(2021, 2)
    assert "day 30 is not a day of month 2" in result.problems[0].message
