"""page-range-format: expected values from the CSL test suite's page_* fixtures (citeproc-js)."""

from __future__ import annotations

import pytest

from bibexport.csl.pages import first_page, format_page_range


@pytest.mark.parametrize("page, range_format, expected", [
    ("1536-538", "minimal", "1536–8"),  # page_Minimal M
    ("n11564 - n1568", "minimal", "n11564–8"),  # page_Minimal S: same prefix, dropped
    ("n11564 - 1568", "minimal", "n11564-1568"),  # page_Minimal T: not a range
    ("101-108", "minimal-two", "101–08"),
    ("1496-504", "chicago", "1496–1504"),  # page_Chicago Q
    ("13792-13803", "chicago", "13792–803"),  # page_Chicago P
    ("100-4", "chicago", "100–104"),  # page_Chicago E
    ("1496-1500", "chicago-16", "1496–500"),  # page_Chicago16 P
    ("71-2", "chicago-16", "71–72"),  # page_Chicago16 C
    ("12991-123001", "chicago-16", "12991–123001"),  # page_Chicago16 R
    ("xxv-xxviii", "chicago-16", "xxv–xxviii"),  # page_Chicago16 S: roman numerals
    ("110-5", "expanded", "110–115"),  # page_Expand
    ("N110 - N5", "expanded", "N110–N115"),
    ("N110 - 5", "expanded", "N110-5"),  # prefix on the first number only: not a range
    ("123N110 - N5, 456K200 - 99", "expanded", "123N110-N5, 456K200-99"),
    ("110-5", None, "110–5"),  # page_NoOption: delimiter only
    ("3\\-B", None, "3-B"),  # an escaped hyphen is literal
    ("Michaelson-Morely", "expanded", "Michaelson-Morely"),
])
def test_page_range_format(page, range_format, expected):
    assert format_page_range(page, range_format) == expected


def test_locale_range_delimiter_and_first_page():
    assert format_page_range("12-15", "expanded", "-") == "12-15"
    assert first_page("321-28, 400") == "321"
