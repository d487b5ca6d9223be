"""RIS writer: golden output, tag mapping, line structure, and rispy reading every field back."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibexport.model import Date, Person, Record
from bibexport.writers import ris

from .test_bibtex import all_records, listing_records
from .test_csljson import TWO_PAPERS

GOLDEN = Path(__file__).parent.parent / "golden" / "ris"


def test_golden_two_papers():
    expected = (GOLDEN / "two_papers.ris").read_bytes().decode("utf-8")
    assert ris.write(listing_records(TWO_PAPERS)) == expected


def test_lines_end_in_crlf_and_every_line_is_a_tag_line():
    text = ris.write(all_records())
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert line == "" or (line[:2].isalnum() and line[2:6] == "  - "), line


def test_tags_in_the_fixed_order_with_every_field_set():
    record = Record(
        id="k", type="article-journal", title="T", author=(Person("A", "B"),), editor=(Person("E", "F"),),
        issued=Date(2020, 5, 6), abstract="Abs", categories=("cs.LG",), keywords=("kw",), has_code=True,
        names=(("translator", (Person("T", "U"),)),), dates=(("accessed", Date(2021, 1, 2)),),
        fields=tuple(reversed([(csl, f"v-{csl}") for csl, _ in ris.FIELDS] + [("page", "1-2"), ("note", "n"), ("other", "o")])),
    )
    tags = [tag for tag, _ in ris.record_lines(record)]
    assert set(tags) == set(ris.TAGS) - {"ER", "A2", "A3", "C2"}  # RIS.js: no meaning for a journal article
    assert tags == sorted(tags, key=ris.TAGS.index)


def test_empty_input_writes_nothing():
    assert ris.write([]) == ""


@pytest.mark.parametrize(
    ("person", "written"),
    [
        pytest.param(Person("Akyürek", "Ekin"), "Akyürek, Ekin", id="plain"),
        pytest.param(Person("Maaten", "Laurens", particle="van der"), "van der Maaten, Laurens", id="particle"),
        pytest.param(Person("Gaulle", "Charles", dropping_particle="de"), "de Gaulle, Charles", id="dropping"),
        pytest.param(Person("King", "Martin Luther", suffix="Jr."), "King, Martin Luther, Jr.", id="suffix"),
        pytest.param(Person(literal="The ATLAS Collaboration"), "The ATLAS Collaboration", id="literal"),
        pytest.param(Person("Plato"), "Plato", id="family-only"),
    ],
)
def test_names(person, written):
    assert ris.format_name(person) == written


@pytest.mark.parametrize(
    ("issued", "tags"),
    [
        pytest.param(Date(2022, 11, 28), [("PY", "2022"), ("DA", "2022/11/28/")], id="day"),
        pytest.param(Date(2024, 2), [("PY", "2024"), ("DA", "2024/02//")], id="month"),
        pytest.param(Date(2019), [("PY", "2019"), ("DA", "2019///")], id="year"),
        pytest.param(Date(literal="Spring 2020"), [("DA", "Spring 2020")], id="literal"),
        pytest.param(None, [], id="undated"),
    ],
)
def test_dates(issued, tags):
    assert ris.format_date(Record(issued=issued)) == tags


@pytest.mark.parametrize(
    ("page", "tags"),
    [
        pytest.param("101-120", [("SP", "101"), ("EP", "120")], id="hyphen"),
        pytest.param("1--10", [("SP", "1"), ("EP", "10")], id="double-hyphen"),
        pytest.param("e1234", [("SP", "e1234")], id="article-number"),
        pytest.param("12–20", [("SP", "12"), ("EP", "20")], id="en-dash"),
    ],
)
def test_pages(page, tags):
    assert ris.pages(page) == tags


def test_a_value_with_line_breaks_cannot_start_a_tag_line():
    record = Record(id="k", title="Title\r\nER  - \nTY  - JOUR", abstract="a\u2028b\x0bc")
    lines = dict(ris.record_lines(record))
    assert lines["TI"] == "Title ER  -  TY  - JOUR"
    assert lines["AB"] == "a b c"


@pytest.mark.parametrize(
    ("record", "ty"),
    [
        pytest.param(Record(type="article"), "GEN", id="preprint-as-zotero"),
        pytest.param(Record(type="article-journal"), "JOUR", id="journal"),
        pytest.param(Record(type="paper-conference"), "CPAPER", id="conference"),
        pytest.param(Record(type="chapter"), "CHAP", id="chapter"),
        pytest.param(Record(type="document"), "GEN", id="unknown"),
    ],
)
def test_types(record, ty):
    assert ris.record_lines(record)[0] == ("TY", ty)


def test_rispy_reads_every_field_back():
    rispy = pytest.importorskip("rispy")
    records = all_records()
    entries = rispy.loads(ris.write(records))
    assert len(entries) == len(records)
    for record, entry in zip(records, entries, strict=True):
        assert entry["type_of_reference"] == ris.TYPES.get(record.type, "GEN")
        assert entry["id"] == record.id
        assert entry.get("title", "") == ris.one_line(record.title)
        assert entry.get("authors", []) == [ris.format_name(p) for p in record.author]
        assert entry.get("abstract", "") == ris.one_line(record.abstract)
        if record.issued and record.issued.year:
            assert entry["year"] == str(record.issued.year)
            assert entry["date"].startswith(f"{record.issued.year}/")
        assert entry.get("keywords", []) == list(dict.fromkeys(record.categories + record.keywords))
        assert entry.get("publisher", "") == record.get("publisher")
        assert entry.get("doi", "") == record.get("DOI")
        assert entry.get("urls", []) == ([record.get("URL")] if record.get("URL") else [])
        assert entry.get("secondary_title", "") == record.get("container-title")
        assert entry.get("volume", "") == record.get("volume")
        notes = entry.get("notes", [])
        if record.affiliations:
            assert f"Affiliations: {'; '.join(record.affiliations)}" in notes
        assert ("Code: available" in notes) == record.has_code
        assert ("Author list: truncated (et al.)" in notes) == record.authors_truncated


def test_stress_record_with_a_hundred_authors():
    record = next(r for r in all_records() if r.id == "many2021hundred")
    lines = ris.record_lines(record)
    assert [v for t, v in lines if t == "AU"][99] == "Author100, Given100"
    assert len([t for t, _ in lines if t == "AU"]) == 100
