"""The CSL-JSON reader on files as Zotero, citation-js and pandoc write them."""

from __future__ import annotations

import pytest

from bibexport import api
from bibexport.model import Date, Person
from bibexport.readers import csljson

from ..conftest import DATA

FIXTURES = DATA / "readers" / "csljson"


def _read(name: str):
    return csljson.read((FIXTURES / name).read_text(encoding="utf-8"), name)


def test_zotero_export_string_year_particle_and_accessed() -> None:
    (record,) = _read("zotero_string_year_accessed.json").records
    assert record.issued == Date(2022, 11, 28)  # Zotero writes the year as a string
    assert record.author[1] == Person("Maaten", "Laurens", "van der")
    assert record.get("number") == "arXiv:2211.15661"
    assert record.get("title-short") == "What learning algorithm is in-context learning?"
    assert record.date("accessed") == Date(2023, 1, 5)  # a date variable of its own, not note text
    assert record.source == "zotero_string_year_accessed.json:2"


def test_citation_js_integers_literal_name_and_internal_keys() -> None:
    (record,) = _read("citation_js_graph_ints.json").records
    assert record.get("volume") == "3" and record.get("issue") == "1"
    assert record.author[1] == Person(literal="FAIR Consortium")
    assert not any(name.startswith("_") for name, _ in record.fields)  # _graph, _label
    assert record.issued == Date(2016, 3, 15)


def test_pandoc_rich_text_literal_and_raw_dates() -> None:
    knuth, who, raw = _read("pandoc_nocase_literal_dates.json").records
    assert knuth.title == 'Literate programming in <span class="nocase">WEB</span> and <i>C</i>'  # markup kept
    assert knuth.source == "pandoc_nocase_literal_dates.json:2"
    assert who.author == (Person(literal="World Health Organization"),)
    assert who.issued == Date(literal="in press")
    assert raw.issued == Date(2020, 3, 15, raw="2020-03-15")  # raw kept: written back as it came


def test_items_wrapper_edtf_string_ranges_and_string_names() -> None:
    wrapped, ranged = _read("items_wrapper_edtf_string.json").records
    assert wrapped.issued == Date(2019, 7)
    assert wrapped.get("edition") == "2" and wrapped.get("number-of-pages") == "320"
    assert wrapped.source == "items_wrapper_edtf_string.json:3"
    assert ranged.issued == Date(2001, 5, end=Date(2002, 6))  # a range, both ends
    assert ranged.author == (Person(literal="Plain String Name"),)


def test_note_lines_come_back_as_listing_facts_and_extra() -> None:
    text = '[{"id": "a", "type": "article", "title": "T", "note": "Own\\narXiv categories: cs.LG\\nbibtex.timestamp: 2020"}]'
    (record,) = csljson.read(text).records
    assert record.categories == ("cs.LG",)
    assert record.get("note") == "Own"
    assert record.extra == (("bibtex.timestamp", "2020"),)


def test_note_lines_cannot_make_file_level_blocks() -> None:
    text = '[{"id": "a", "type": "article", "title": "T", "note": "bibtex.@preamble: \\\\write18{x}"}]'
    (record,) = csljson.read(text).records
    assert record.extra == ()
    assert record.get("note") == "bibtex.@preamble: \\write18{x}"


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        pytest.param('[\n {"id": "a", "title": "ok"},\n 42,\n {"id": "b", "author": 7}\n]', 3, "item 2 is not a JSON object", id="not-object"),
        pytest.param('[\n {"id": "a", "author": 7}\n]', 2, "item 1: author must be a list of names", id="author-number"),
        pytest.param('{"name": "pkg", "version": "1.0"}', 1, "JSON that is not CSL-JSON", id="not-csl"),
        pytest.param('[{"id": "a",}]', 1, "invalid JSON", id="invalid"),
    ],
)
def test_bad_items_are_reported_at_their_line(text: str, line: int, start: str) -> None:
    problems = csljson.read(text, "x.json").problems
    assert (problems[0].line, problems[0].message[: len(start)]) == (line, start)


def test_every_name_role_is_a_name_list_of_the_record() -> None:
    text = '[{"id": "a", "type": "book", "title": "T", "translator": [{"family": "Weaver", "given": "William"}, {"literal": "Studio X"}]}]'
    (record,) = csljson.read(text).records
    assert record.people("translator") == (Person("Weaver", "William"), Person(literal="Studio X"))
    assert record.extra == ()


def test_categories_as_text_is_one_category() -> None:
    text = '[{"id": "a", "type": "article", "title": "T", "categories": "cs.LG", "keyword": "c, L, cs.LG, Deep"}]'
    result = api.read_text(text, "csljson")
    (record,) = result.records
    assert (record.categories, record.keywords, result.problems) == (("cs.LG",), ("c", "L", "Deep"), ())


def test_categories_of_another_kind_are_a_warning_at_the_item() -> None:
    text = '[\n {"id": "a", "type": "article", "title": "T"},\n {"id": "b", "type": "article", "title": "U", "categories": {"x": 1}}\n]'
    result = csljson.read(text, "x.json")
    assert [r.categories for r in result.records] == [(), ()]
    assert [str(p) for p in result.problems] == [
        "x.json:3: warning: item 2: categories must be a list or text, not an object; ignored"
    ]


@pytest.mark.parametrize(
    ("value", "expected", "warned"),
    [
        pytest.param('"article-journal"', "article-journal", False, id="csl-type"),
        pytest.param('"Article-Journal"', "article-journal", False, id="case"),
        pytest.param("null", "article", False, id="none"),
        pytest.param('"journal-article"', "document", True, id="crossref-spelling"),
        pytest.param("true", "document", True, id="not-text"),
    ],
)
def test_type_is_one_the_csl_schema_allows(value: str, expected: str, warned: bool, csl_schema) -> None:
    """The schema's type enum is closed: an unknown type would make the written CSL-JSON invalid."""
    result = csljson.read(f'[{{"id": "a", "type": {value}, "title": "T"}}]', "t.json")
    (record,) = result.records
    assert record.type == expected and expected in csl_schema["items"]["properties"]["type"]["enum"]
    assert [p.message for p in result.problems if "not a CSL type" in p.message] == (
        [f"item 1: type {value} is not a CSL type; read as \"document\""] if warned else [])
