"""Dates as citeproc-js renders them (suite: date_RangeDelimiter, date_SeasonRange*, date_Uncertain,
date_OtherWithDate): ranges, seasons and circa from the record's own dates."""

from __future__ import annotations

import pytest

from bibexport.model import Date, Record
from bibexport.writers.formatted import bibliography, to_text

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><id>test</id><title>test</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <choose><if is-uncertain-date="issued"><text term="circa" suffix=" "/></if></choose>
    <date variable="issued" form="text"/>
  </layout></bibliography>
</style>
"""


@pytest.mark.parametrize("date, expected", [
    (Date(1999, 1, 2, end=Date(1999, 1, 4)), "January 2–4, 1999"),
    (Date(1999, 1, 2, end=Date(1999, 3, 4)), "January 2–March 4, 1999"),
    (Date(1999, 1, 2, end=Date(2000, 1, 4)), "January 2, 1999–January 4, 2000"),
    (Date(1987, end=Date()), "1987–"),
    (Date(1999, season=1, end=Date(1999, season=2)), "Spring–Summer 1999"),
    (Date(2000, season=23), "Autumn 2000"),
    (Date(2005, 12, 15, circa=True), "circa December 15, 2005"),
])
def test_ranges_seasons_and_circa(tmp_path, date, expected):
    path = tmp_path / "dates.csl"
    path.write_text(STYLE, encoding="utf-8")
    entries = bibliography([Record(id="a", title="T", issued=date)], str(path))
    assert to_text(entries[0]) == expected


def test_ordinals_agree_with_the_gender_of_their_term(tmp_path):
    # CSL 1.0.1 gender-specific ordinals (suite: number_LimitOrdinalsToDayOne, number_SeparateOrdinalNamespaces):
    # French day 1 takes the masculine "er" of its month (1ᵉʳ octobre), edition the feminine "re".
    style = STYLE.replace('default-locale="en-US"', 'default-locale="fr-FR"').replace(
        '<date variable="issued" form="text"/>',
        '<date variable="issued"><date-part name="day" form="ordinal" suffix=" "/><date-part name="month" suffix=" "/>'
        '<date-part name="year"/></date><number variable="edition" form="ordinal" prefix=", "/>')
    path = tmp_path / "fr.csl"
    path.write_text(style, encoding="utf-8")
    record = Record(id="a", title="T", issued=Date(2004, 10, 1), fields=(("edition", "1"),))
    assert to_text(bibliography([record], str(path))[0]) == "1ᵉʳ octobre 2004, 1ʳᵉ"
