"""readers/extra.py as its docstrings and bibexport.cslnotes specify it: a note's ``csl.<name>``
lines go back to the record (text variables to fields, name variables to names, date variables
to dates), ``bibtex.``/``ris.``/``csl.``/``zotero.`` lines that find no home are kept as extra,
and the other lines stay the note.

Names are CSL-JSON name objects (csl-data.json) and dates EDTF (``2020~`` is circa 2020,
``a/b`` a range), as the cslnotes module docstring says the writers write them.
"""

from __future__ import annotations

import pytest

from bibexport.model import Date, Person, Record
from bibexport.readers.extra import read_note, take_note

ROE = Person(family="Roe", given="Ann")
POE = Person(family="Poe", given="Bob")


# -- the note's own lines -------------------------------------------------------------------


def test_the_kept_lines_are_the_note_one_per_line() -> None:
    record = read_note("First line\nris.DP: arXiv.org\nSecond line", Record(id="a"))
    assert record.get("note") == "First line\nSecond line"
    assert record.extra == (("ris.DP", "arXiv.org"),)


def test_take_note_leaves_the_records_note_as_it_was() -> None:
    """take_note returns the other lines; the record keeps the note it came with (read_note sets it)."""
    record, kept = take_note("Mine\nCode: available", Record(fields=(("note", "as given"),)))
    assert (record.get("note"), kept, record.has_code) == ("as given", ["Mine"], True)
    record, kept = take_note("Mine\nCode: available", Record())
    assert (record.fields, kept, record.has_code) == ((), ["Mine"], True)


def test_skip_prefix_keeps_those_lines_in_the_note() -> None:
    record, kept = take_note("bibtex.timestamp: 2020\nris.DP: arXiv.org", Record(), skip_prefix="bibtex.")
    assert record.extra == (("ris.DP", "arXiv.org"),)
    assert kept == ["bibtex.timestamp: 2020"]


def test_without_skip_prefix_every_known_prefix_is_extra() -> None:
    record, kept = take_note("bibtex.timestamp: 2020\nzotero.key: ABC", Record())
    assert record.extra == (("bibtex.timestamp", "2020"), ("zotero.key", "ABC"))
    assert kept == []


# -- csl.<text variable> ----------------------------------------------------------------------


def test_a_text_variable_the_format_has_no_field_for_becomes_a_field() -> None:
    record, kept = take_note("csl.genre: PhD thesis\ncsl.medium: CD", Record(id="a"))
    assert record.fields == (("genre", "PhD thesis"), ("medium", "CD"))
    assert (record.extra, kept) == ((), [])


def test_a_text_variable_the_record_already_has_stays_extra() -> None:
    record, _ = take_note("csl.genre: Other", Record(fields=(("genre", "Thesis"),)))
    assert record.fields == (("genre", "Thesis"),)
    assert record.extra == (("csl.genre", "Other"),)


def test_csl_custom_is_not_a_field() -> None:
    record, _ = take_note('csl.custom: {"a":1}', Record())
    assert record.fields == ()
    assert record.extra == (("csl.custom", '{"a":1}'),)


# -- csl.<name variable> ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param('[{"family":"Roe","given":"Ann"},{"family":"Poe","given":"Bob"}]', id="csl-json"),
        pytest.param("Ann Roe; Bob Poe", id="older-text-form"),
    ],
)
def test_a_name_line_gives_the_names_of_that_role(value: str) -> None:
    record, kept = take_note(f"csl.translator: {value}", Record(id="a"))
    assert record.names == (("translator", (ROE, POE)),)
    assert (record.fields, record.extra, record.dates, kept) == ((), (), (), [])


def test_a_name_line_replaces_the_formats_partial_names() -> None:
    partial = Record(names=(("translator", (Person(family="Roe"),)),))
    record, _ = take_note('csl.translator: [{"family":"Roe","given":"Ann"}]', partial)
    assert record.people("translator") == (ROE,)


@pytest.mark.parametrize("value", ["[]", "[oops"], ids=["empty-list", "unreadable"])
def test_a_name_line_with_no_names_is_kept_as_extra(value: str) -> None:
    record, _ = take_note(f"csl.translator: {value}", Record(names=(("translator", (POE,)),)))
    assert record.names == (("translator", (POE,)),)
    assert record.extra == (("csl.translator", value),)


# -- csl.<date variable> ----------------------------------------------------------------------


def test_a_date_line_gives_a_missing_date() -> None:
    record, kept = take_note("csl.accessed: 2023-01-05", Record(id="a"))
    assert record.dates == (("accessed", Date(2023, 1, 5)),)
    assert (record.names, record.fields, record.extra, kept) == ((), (), (), [])


def test_a_date_line_that_agrees_with_the_formats_date_says_more() -> None:
    record, _ = take_note("csl.issued: 2020-05-01/2020-06-30", Record(issued=Date(2020, 5, 1)))
    assert record.issued == Date(2020, 5, 1, end=Date(2020, 6, 30))
    record, _ = take_note("csl.issued: 2020~", Record(issued=Date(2020)))
    assert record.issued == Date(2020, circa=True)
    assert record.extra == ()


def test_a_date_line_replaces_a_literal_date() -> None:
    record, _ = take_note("csl.issued: 2020", Record(issued=Date(literal="Spring 2020")))
    assert record.issued == Date(2020)


def test_a_date_line_that_disagrees_is_kept_as_extra() -> None:
    record, _ = take_note("csl.issued: 2020~", Record(issued=Date(2019)))
    assert record.issued == Date(2019)
    assert record.extra == (("csl.issued", "2020~"),)
    record, _ = take_note("csl.submitted: 2021-03-04", Record(dates=(("submitted", Date(2021, 3, 5)),)))
    assert record.dates == (("submitted", Date(2021, 3, 5)),)
    assert record.extra == (("csl.submitted", "2021-03-04"),)
