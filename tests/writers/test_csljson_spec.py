"""The CSL-JSON writer as its docstrings and the CSL-JSON schema (tests/data/csl-data.json, v1.0.2)
specify it, for what tests/writers/test_csljson.py leaves open (written for the mutation score,
tests/MUTATION.md)."""

from __future__ import annotations

import json

import pytest

from bibexport.model import Date, Person, Record
from bibexport.writers import csljson


@pytest.mark.parametrize(
    ("person", "csl"),
    [
        pytest.param(Person("Doe", "J", parse_names=False), {"family": "Doe", "given": "J", "parse-names": False},
                     id="parse-names-false"),
        pytest.param(Person("Doe", "J", parse_names=True), {"family": "Doe", "given": "J", "parse-names": True},
                     id="parse-names-true"),
        pytest.param(Person("Doe", "J", comma_suffix=True), {"family": "Doe", "given": "J", "comma-suffix": True},
                     id="comma-suffix"),
        pytest.param(Person("Doe", "J", static_ordering=1), {"family": "Doe", "given": "J", "static-ordering": 1},
                     id="static-ordering-as-given"),
        pytest.param(Person("Doe", "J"), {"family": "Doe", "given": "J"}, id="no-flag"),
    ],
)
def test_name_flags_as_given(person: Person, csl: dict) -> None:
    """comma-suffix and static-ordering are off unless given; parse-names has no default in the
    record (None), so a given ``false`` is written back (the reader keeps it: lossless)."""
    assert csljson.person_to_csl(person) == csl


def test_parse_names_false_survives_csl_json_to_csl_json() -> None:
    from bibexport import api

    item = {"id": "a", "type": "book", "title": "T", "author": [{"family": "Doe", "given": "J", "parse-names": False}]}
    (back,) = json.loads(api.write(api.read_text(json.dumps([item]), "csljson").records, "csljson"))
    assert back["author"] == item["author"]


# -- names read: person_from_csl (shared with the readers) -------------------------------------


def test_a_name_objects_text_parts_are_stripped_and_others_ignored() -> None:
    value = {"family": " Doe ", "given": 5, "suffix": True, "literal": None, "non-dropping-particle": "van ",
             "dropping-particle": " de", "x-other": "y"}
    assert csljson.person_from_csl(value) == Person(family="Doe", given="5", particle="van", dropping_particle="de")


def test_a_name_objects_flags_as_given() -> None:
    person = csljson.person_from_csl({"family": "Doe", "comma-suffix": 1, "static-ordering": "1", "parse-names": False})
    assert (person.comma_suffix, person.static_ordering, person.parse_names) == (1, "1", False)
    person = csljson.person_from_csl({"family": "Doe", "comma-suffix": False, "static-ordering": None, "parse-names": None})
    assert (person.comma_suffix, person.static_ordering, person.parse_names) == (False, False, None)
    assert person.comma_suffix is False and person.static_ordering is False


# -- dates: CSL-JSON date objects ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "csl"),
    [
        pytest.param(Date(literal="Spring 2020"), {"literal": "Spring 2020"}, id="literal"),
        pytest.param(Date(raw="around then"), {"raw": "around then"}, id="raw-only"),
        pytest.param(Date(raw="x", literal="y"), {"literal": "y"}, id="literal-over-raw"),
        pytest.param(Date(2020, 3, 15, raw="2020-03-15"), {"raw": "2020-03-15"}, id="raw-says-all"),
        pytest.param(Date(2020, raw="about 2020"), {"date-parts": [[2020]], "raw": "about 2020"}, id="raw-says-less"),
        pytest.param(Date(2020, 3, 15), {"date-parts": [[2020, 3, 15]]}, id="day"),
        pytest.param(Date(1987, end=Date()), {"date-parts": [[1987], [0]]}, id="open-range"),
        pytest.param(Date(2001, 5, end=Date(2002, 6)), {"date-parts": [[2001, 5], [2002, 6]]}, id="range"),
        pytest.param(Date(2020, season=21), {"date-parts": [[2020, 21]]}, id="season-month"),
        pytest.param(Date(2020, season=24), {"date-parts": [[2020, 24]]}, id="season-month-winter"),
        pytest.param(Date(2020, season=25), {"date-parts": [[2020]], "season": 25}, id="not-a-season-month"),
        pytest.param(Date(2020, season=20), {"date-parts": [[2020]], "season": 20}, id="not-a-season-month-below"),
        pytest.param(Date(2020, 5, season=21), {"date-parts": [[2020, 5]], "season": 21}, id="season-with-a-month"),
        pytest.param(Date(2020, season="21"), {"date-parts": [[2020]], "season": "21"}, id="season-text"),
        pytest.param(Date(2020, season=2), {"date-parts": [[2020]], "season": 2}, id="season"),
        pytest.param(Date(2020, season=""), {"date-parts": [[2020]]}, id="season-empty"),
        pytest.param(Date(2020, circa=True), {"date-parts": [[2020]], "circa": True}, id="circa"),
        pytest.param(Date(2020, circa=0), {"date-parts": [[2020]], "circa": 0}, id="circa-as-given"),
        pytest.param(Date(2020, literal="about"), {"date-parts": [[2020]], "literal": "about"}, id="year-and-literal"),
    ],
)
def test_date_objects(date: Date, csl: dict) -> None:
    assert csljson.date_to_csl(date) == csl


# -- the item ----------------------------------------------------------------------------------------


def test_the_id_and_citation_key() -> None:
    assert csljson.record_to_csl(Record(id="k"))["citation-key"] == "k"
    assert "citation-key" not in csljson.record_to_csl(Record(id=""))
    assert csljson.record_to_csl(Record(id="7", numeric=("id",)))["id"] == 7  # a number as it came
    assert csljson.record_to_csl(Record(id="7"))["id"] == "7"


def test_numbers_written_back_only_where_the_schema_allows_a_number() -> None:
    record = Record(id="k", fields=(("volume", "12"), ("page", "1.5"), ("issue", "3a"), ("title-short", "9"), ("edition", "2")),
                    numeric=("volume", "page", "issue", "title-short"))
    item = csljson.record_to_csl(record)
    assert (item["volume"], item["page"], item["issue"], item["title-short"], item["edition"]) == (12, 1.5, "3a", "9", "2")


def test_name_variables_of_the_schema_only() -> None:
    record = Record(id="k", names=(("translator", (Person("Roe", "Ann"),)), ("x-role", (Person("No"),)),
                                   ("curator", ())))
    item = csljson.record_to_csl(record)
    assert item["translator"] == [{"family": "Roe", "given": "Ann"}]
    assert "x-role" not in item and "curator" not in item


def test_keywords_are_the_categories_then_the_keywords_once_each() -> None:
    item = csljson.record_to_csl(Record(id="k", categories=("cs.LG",), keywords=("graphs", "cs.LG", "nets")))
    assert (item["categories"], item["keyword"]) == (["cs.LG"], "cs.LG, graphs, nets")
    assert "keyword" not in csljson.record_to_csl(Record(id="k")) and "categories" not in csljson.record_to_csl(Record(id="k"))


def test_other_date_variables() -> None:
    item = csljson.record_to_csl(Record(id="k", dates=(("accessed", Date(2023, 1, 5)),)))
    assert item["accessed"] == {"date-parts": [[2023, 1, 5]]}


def test_custom_comes_back_as_an_object_and_not_in_the_note() -> None:
    record = Record(id="k", extra=(("csl.custom", '{"a": [1]}'), ("bibtex.x", "y")))
    item = csljson.record_to_csl(record)
    assert item["custom"] == {"a": [1]}
    assert item["note"] == "bibtex.x: y"


def test_fields_the_schema_lacks_follow_the_note_in_order() -> None:
    record = Record(id="k", fields=(("note", "Own"), ("x-one", "1"), ("x-two", ""), ("x-three", "3")))
    assert csljson.record_to_csl(record)["note"] == "Own\ncsl.x-one: 1\ncsl.x-three: 3"
    record = Record(id="k", fields=(("x-one", "1"),))
    assert csljson.record_to_csl(record)["note"] == "csl.x-one: 1"


def test_keys_in_the_fixed_order_then_the_others_sorted() -> None:
    record = Record(id="k", title="T", abstract="A", author=(Person("Doe"),),
                    fields=(("volume", "1"), ("title-short", "S"), ("DOI", "10.1/x"), ("ISBN", "1"), ("container-title", "C")))
    assert list(csljson.record_to_csl(record)) == [
        "id", "citation-key", "type", "title", "author", "container-title", "volume", "DOI", "abstract",
        "ISBN", "title-short"]


def test_flags_given_as_true_are_kept() -> None:
    person = csljson.person_from_csl({"family": "Doe", "comma-suffix": True, "static-ordering": True, "parse-names": True})
    assert (person.comma_suffix, person.static_ordering, person.parse_names) == (True, True, True)


@pytest.mark.parametrize("own", ["  Indented first line", "X marks the spot"])
def test_the_own_note_is_written_as_it_is_before_the_other_lines(own: str) -> None:
    record = Record(id="k", fields=(("note", own), ("x-one", "1")))
    assert csljson.record_to_csl(record)["note"] == f"{own}\ncsl.x-one: 1"


@pytest.mark.parametrize("value", ["é\n\"q\"", 5, 1.5, True, None, [], {}, ["a", 1, [2]], {"k": "v", "n": {"m": [None]}}])
def test_dump_is_json_dumps_for_any_value(value: object) -> None:
    """``_dump``'s docstring: ``json.dumps(value, ensure_ascii=False, indent=2)`` nested at ``indent``."""
    assert csljson._dump(value, "") == json.dumps(value, ensure_ascii=False, indent=2)
    assert csljson._dump(value, "  ") == json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
