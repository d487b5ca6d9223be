"""BibTeX ``month`` fields as real files write them (issue #16: nothing lost from old .bib files).

btxdoc (Patashnik, "BibTeXing", section 4, the ``month`` field) and xampl.bib, BibTeX's own
example file, write a day with the month macro (``month = "10~" # jan``) and a two-month
issue as ``apr # "-" # may``; BibTeX prints the field as it is, so none of it may be dropped.
"""

from __future__ import annotations

import json

import pytest

from bibexport import api
from bibexport.model import Date
from bibexport.readers import bibtex


def _read(month: str):
    result = bibtex.read(f"@manual{{m, title = {{T}}, year = 1986, month = {month}}}\n")
    (record,) = result.records
    return record, [p.message for p in result.problems]


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        pytest.param("jan", Date(1986, 1), id="macro"),
        pytest.param("{Sept.}", Date(1986, 9), id="abbreviation-with-dot"),
        pytest.param("{12}", Date(1986, 12), id="number"),
        pytest.param('"10~" # jan', Date(1986, 1, 10), id="xampl-day-tie-macro"),
        pytest.param("{January 10th,}", Date(1986, 1, 10), id="month-day-ordinal"),
        pytest.param("{3 March}", Date(1986, 3, 3), id="day-month"),
        pytest.param('apr # "-" # may', Date(1986, 4, end=Date(1986, 5)), id="xampl-two-months"),
        pytest.param("{June--July}", Date(1986, 6, end=Date(1986, 7)), id="en-dash-range"),
        pytest.param("{Spring}", Date(1986, season=21), id="season"),
        pytest.param("{fall}", Date(1986, season=23), id="season-fall"),
    ],
)
def test_month_fields_become_the_date_they_say(month, expected):
    record, problems = _read(month)
    assert record.issued == expected
    assert problems == []
    assert not any(key == "bibtex.month" for key, _ in record.extra)


@pytest.mark.parametrize("month", ["{Ostern}", "{may--apr}", "{Jan and Feb}", "{13}"])
def test_a_month_that_is_no_month_is_kept_as_written(month):
    """Not lost: BibTeX output writes it back, other formats keep it in the note (``bibexport
    check`` reports it, tests/test_lint.py)."""
    record, problems = _read(month)
    assert record.issued == Date(1986)
    assert problems == []
    (kept,) = [value for key, value in record.extra if key == "bibtex.month"]
    assert kept.replace("\u2013", "--") == month.strip("{}")
    bib = api.write((record,), "bibtex")
    assert f"month = {month}" in bib  # BibTeX prints it as the original did
    note = json.loads(api.write((record,), "csljson"))[0]["note"]
    assert "bibtex.month: " in note


def test_a_day_that_the_month_does_not_have_keeps_the_month_with_a_warning():
    record, problems = _read('"31~" # feb')
    assert record.issued == Date(1986, 2)
    assert len(problems) == 1 and "day 31" in problems[0]


def test_xampl_dates_reach_csl_json():
    text = ('@inbook{full, title = {Fundamental Algorithms}, year = "{\\noopsort{1973b}}1973",'
            ' month = "10~" # jan}\n'
            '@manual{manual, title = {The Definitive Computer Manual}, year = 1986, month = apr # "-" # may}\n')
    items = {item["id"]: item for item in json.loads(api.write(bibtex.read(text).records, "csljson"))}
    assert items["full"]["issued"] == {"date-parts": [[1973, 1, 10]]}
    assert items["manual"]["issued"] == {"date-parts": [[1986, 4], [1986, 5]]}
