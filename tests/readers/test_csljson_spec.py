"""The CSL-JSON reader as its docstrings and the CSL-JSON schema (tests/data/csl-data.json, v1.0.2)
specify it, for what tests/readers/test_csljson.py leaves open (written for the mutation score,
tests/MUTATION.md): every problem whole (source, line, severity, message), where each item
starts, lone surrogates, the id/citation-key, numbers, custom, name and date forms."""

from __future__ import annotations

import json

import pytest

from bibexport.model import Date, Person, Record
from bibexport.readers import csljson


def _problems(result) -> list[tuple[str, int | None, str, str]]:  # noqa: ANN001
    return [(p.source, p.line, p.severity, p.message) for p in result.problems]


def _item(item: dict) -> tuple[Record | None, list[tuple[str, int | None, str, str]]]:
    result = csljson.read(json.dumps([item]), "x.json")
    return (result.records[0] if result.records else None), _problems(result)


# -- the file -----------------------------------------------------------------------------------


def test_invalid_json_is_one_error_at_its_line() -> None:
    result = csljson.read('[\n {"id": "a",}\n]', "x.json")
    assert result.records == ()
    (problem,) = _problems(result)
    assert problem[:3] == ("x.json", 2, "error") and problem[3].startswith("invalid JSON: ")


def test_only_a_bom_is_stripped() -> None:
    result = csljson.read('\ufeff\n\n[\n {"id": "a", "title": "T"}\n]', "x.json")
    assert [(r.id, r.source) for r in result.records] == [("a", "x.json:4")]
    assert csljson.read('X[{"id": "a"}]', "x.json").records == ()


def test_json_nested_too_deeply_is_an_error() -> None:
    result = csljson.read("[" * 100_000, "x.json")
    assert result.records == ()
    assert _problems(result) == [("x.json", 1, "error", "invalid JSON: nested too deeply")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param('"text"', "CSL-JSON must be an array of items", id="text"),
        pytest.param("42", "CSL-JSON must be an array of items", id="number"),
        pytest.param('{"name": "pkg"}', "JSON that is not CSL-JSON: expected an array of items with id, type and title",
                     id="other-object"),
        pytest.param('{"items": "x"}', "JSON that is not CSL-JSON: expected an array of items with id, type and title",
                     id="items-not-a-list"),
    ],
)
def test_json_that_is_no_csl_json_is_one_error(text: str, message: str) -> None:
    result = csljson.read(text, "x.json")
    assert result.records == ()
    assert _problems(result) == [("x.json", 1, "error", message)]


def test_a_single_item_is_read_and_starts_at_line_one() -> None:
    result = csljson.read('{\n  "id": "a",\n  "title": "T"\n}', "x.json")
    assert [(r.id, r.title, r.source) for r in result.records] == [("a", "T", "x.json:1")]


def test_items_in_an_items_wrapper_start_at_their_lines() -> None:
    text = '{\n "items": [\n  {"id": "a"},\n\n  {"id": "b",\n   "title": "[x], {y}"}\n ]\n}'
    assert [(r.id, r.source) for r in csljson.read(text, "x.json").records] == [("a", "x.json:3"), ("b", "x.json:5")]


def test_items_start_at_their_lines_whatever_comes_before_the_items_key() -> None:
    """Other keys of the wrapper (arrays, objects of several keys) are not items: the lines were
    those of their elements."""
    text = ('{"meta": [1, 2], "about": {"a": 1, "b": [3]},\n "items": [\n  {\n   "id": "a"\n  },\n'
            '  {"id": "b"}\n ],\n "after": [4]\n}')
    assert [(r.id, r.source) for r in csljson.read(text, "x.json").records] == [("a", "x.json:3"), ("b", "x.json:6")]


def test_compact_json_on_one_line() -> None:
    result = csljson.read('[{"id":"a"},{"id":"b"},3]', "x.json")
    assert [(r.id, r.source) for r in result.records] == [("a", "x.json:1"), ("b", "x.json:1")]
    assert _problems(result) == [("x.json", 1, "error", "item 3 is not a JSON object; skipped")]
    result = csljson.read('{"x":1,"items":[{"id":"a"},{"id":"b"}]}', "x.json")
    assert [(r.id, r.source) for r in result.records] == [("a", "x.json:1"), ("b", "x.json:1")]


@pytest.mark.parametrize("head", ["\ufeff", "\n\n", "\ufeff\n\n"], ids=["bom", "blank-lines", "both"])
def test_lines_count_from_the_files_first_line(head: str) -> None:
    lines = 1 + head.count("\n")
    wrapped = csljson.read(head + '{"items": [\n {"id": "a"}\n]}', "x.json").records
    assert [r.source for r in wrapped] == [f"x.json:{lines + 1}"]
    array = csljson.read(head + '[\n {"id": "a"}\n]', "x.json").records
    assert [r.source for r in array] == [f"x.json:{lines + 1}"]


def test_the_default_source() -> None:
    assert [p.source for p in csljson.read("[1]").problems] == ["<input>"]
    assert csljson.item_to_record({"id": "a"}).source == ""


def test_looks_like_an_array_or_object_after_a_bom_and_space() -> None:
    assert csljson.looks_like("\ufeff \n[")
    assert csljson.looks_like("\t{")
    assert not csljson.looks_like("X[")
    assert not csljson.looks_like("")


def test_a_bad_item_is_skipped_and_the_next_ones_read() -> None:
    text = '[\n 1,\n {"title": "kept"},\n {"foo": 1},\n {"id": "b", "author": 7},\n {"id": "c"}\n]'
    result = csljson.read(text, "x.json")
    assert [r.title or r.id for r in result.records] == ["kept", "c"]
    assert _problems(result) == [
        ("x.json", 2, "error", "item 1 is not a JSON object; skipped"),
        ("x.json", 4, "error", "item 3 has none of id, type, title; skipped"),
        ("x.json", 5, "error", "item 4: author must be a list of names, not a number; skipped"),
    ]


def test_a_warning_names_the_item_and_its_line() -> None:
    text = '[\n {"id": "a"},\n {"id": "b", "issued": {"date-parts": [[2020, 17]]}}\n]'
    result = csljson.read(text, "x.json")
    assert [r.issued for r in result.records] == [None, Date(2020)]
    assert _problems(result) == [("x.json", 3, "warning", "item 2: date '2020-17': month 17 is not a month (1-12); read as 2020")]


def test_read_item_without_a_line_gives_the_bare_source() -> None:
    """The CSL-YAML reader shares read_item and may not know the line."""
    records: list[Record] = []
    problems: list = []
    csljson.read_item({"id": "a", "type": "song"}, 0, "x.yaml", None, records, problems)
    assert [(r.id, r.type, r.source) for r in records] == [("a", "song", "x.yaml")] and problems == []
    csljson.read_item({"id": "a", "title": {"x": 1}}, 4, "x.yaml", None, records, problems)
    assert [(p.source, p.line, p.severity, p.message) for p in problems] == [
        ("x.yaml", None, "error", "item 5: expected text, got an object; skipped")]


def test_lone_surrogates_become_replacement_characters() -> None:
    text = '[{"id": "a", "title": "x\\ud800y", "author": [{"family": "\\udc00"}], "\\ud83d": "v", "note": "\\ud83d\\ude00"}]'
    (record,) = csljson.read(text).records
    assert record.title == "x\ufffdy"
    assert record.author == (Person(family="\ufffd"),)
    assert record.fields == (("\ufffd", "v"), ("note", "\U0001f600"))  # a pair is one character, kept


# -- the item -------------------------------------------------------------------------------------


def test_an_item_with_an_id_only_is_an_empty_article() -> None:
    """Missing variables read as missing (no title, abstract, keywords, note); no type is "article"."""
    assert _item({"id": "a"}) == (Record(id="a", type="article"), [])
    assert _item({"id": "a", "type": ""}) == (Record(id="a", type="article"), [])
    assert _item({"id": "a", "title": None, "abstract": True}) == (Record(id="a"), [])


@pytest.mark.parametrize(
    ("item", "key"),
    [
        pytest.param({"id": "a", "citation-key": "k"}, "k", id="citation-key-first"),
        pytest.param({"id": "a"}, "a", id="id"),
        pytest.param({"title": "T"}, "", id="neither"),
        pytest.param({"id": 7}, "7", id="number"),
    ],
)
def test_the_key_is_the_citation_key_else_the_id(item: dict, key: str) -> None:
    record, _ = _item(item)
    assert record is not None and record.id == key


def test_numbers_are_kept_as_text_and_remembered_as_numbers() -> None:
    record, problems = _item({"id": 7, "title": 5, "volume": 12, "issue": "3", "page": 1.5, "x-flag": True})
    assert record is not None and problems == []
    assert record.title == "5"
    assert record.fields == (("volume", "12"), ("issue", "3"), ("page", "1.5"))
    assert record.numeric == ("id", "volume", "page")  # not title (a variable of its own), not true


def test_custom_is_kept_as_json_text() -> None:
    record, _ = _item({"id": "a", "custom": {"b": "é", "a": [1]}})
    assert record is not None and record.extra == (("csl.custom", '{"b": "é", "a": [1]}'),)
    record, _ = _item({"id": "a", "custom": {}})
    assert record is not None and record.extra == ()


def test_editors_and_abstract() -> None:
    record, _ = _item({"id": "a", "editor": [{"family": "Roe", "given": "Ann"}], "abstract": " Abs "})
    assert record is not None and (record.editor, record.abstract) == ((Person("Roe", "Ann"),), "Abs")


def test_categories_as_a_list() -> None:
    record, _ = _item({"id": "a", "categories": ["cs.LG", "stat.ML"]})
    assert record is not None and record.categories == ("cs.LG", "stat.ML")
    record, _ = _item({"id": "a", "categories": "  "})
    assert record is not None and record.categories == ()


@pytest.mark.parametrize(
    ("item", "message"),
    [
        pytest.param({"id": "a", "author": "Doe"}, "author must be a list of names, not text", id="names-text"),
        pytest.param({"id": "a", "editor": True}, "editor must be a list of names, not true/false", id="names-bool"),
        pytest.param({"id": "a", "translator": {"family": "X"}}, "translator must be a list of names, not an object",
                     id="names-object"),
        pytest.param({"id": "a", "author": [7]}, "a name must be an object, got a number", id="name-number"),
        pytest.param({"id": "a", "author": [["Doe"]]}, "a name must be an object, got a list", id="name-list"),
        pytest.param({"id": "a", "title": ["T"]}, "expected text, got a list", id="text-list"),
        pytest.param({"id": "a", "issued": [2020]}, "a date must be an object, got a list", id="date-list"),
    ],
)
def test_values_of_the_wrong_kind_skip_the_item_and_say_what_they_are(item: dict, message: str) -> None:
    assert _item(item) == (None, [("x.json", 1, "error", f"item 1: {message}; skipped")])


# -- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "date"),
    [
        pytest.param("", None, id="empty-text"),
        pytest.param(2020, Date(2020), id="year-number"),
        pytest.param("2020-05-01", Date(2020, 5, 1), id="iso-text"),
        pytest.param("Spring 2020", Date(2020, literal="Spring 2020"), id="text-with-a-year"),
        pytest.param("in press", Date(literal="in press"), id="text"),
        pytest.param({"date-parts": []}, None, id="no-parts"),
        pytest.param({"date-parts": [[""]]}, None, id="empty-part"),
        pytest.param({"date-parts": [["spring"]]}, Date(literal="spring"), id="word"),
        pytest.param({"date-parts": [["", "spring"]]}, Date(literal="spring"), id="empty-part-then-word"),
        pytest.param({"date-parts": [[2020, "spring"]]}, Date(2020), id="year-then-word"),
        pytest.param({"date-parts": [[2020, 5, 1, 7]]}, Date(2020, 5, 1), id="no-fourth-part"),
        pytest.param({"date-parts": [[1987], [0]]}, Date(1987, end=Date()), id="open-range-zero"),
        pytest.param({"date-parts": [[1987], [""]]}, Date(1987, end=Date()), id="open-range-empty"),
        pytest.param({"date-parts": [[1987], ["0", ""]]}, Date(1987, end=Date()), id="open-range-zero-and-empty"),
        pytest.param({"date-parts": [[2020]], "raw": "2020"}, Date(2020, raw="2020"), id="parts-and-raw"),
        pytest.param({"raw": "May 2020"}, Date(2020, literal="May 2020"), id="raw-not-edtf"),
        pytest.param({"date-parts": [[2020]], "literal": "about 2020"}, Date(2020, literal="about 2020"), id="literal"),
        pytest.param({"date-parts": [[2020]], "season": 2}, Date(2020, season=2), id="season"),
        pytest.param({"date-parts": [[2020]], "season": ""}, Date(2020), id="season-empty"),
        pytest.param({"date-parts": [[2020]], "circa": True}, Date(2020, circa=True), id="circa"),
        pytest.param({"date-parts": [[2020]], "circa": 1}, Date(2020, circa=1), id="circa-as-given"),
        pytest.param({"date-parts": [[2020]], "circa": False}, Date(2020), id="not-circa"),
    ],
)
def test_date_forms(value: object, date: Date | None) -> None:
    for name in ("issued", "accessed"):
        record, problems = _item({"id": "a", name: value})
        assert record is not None and record.date(name) == date and problems == []


@pytest.mark.parametrize(
    ("value", "written"),
    [
        pytest.param({"date-parts": [[2020, 17]]}, "2020-17", id="parts"),
        pytest.param({"date-parts": [[2001, 5], [2002, 17]]}, "2002-17", id="range-end"),
        pytest.param("2020-17", "2020-17", id="text"),
        pytest.param("0999-17", "0999-17", id="text-as-written"),
        pytest.param({"raw": "2020-17"}, "2020-17", id="raw"),
    ],
)
def test_a_month_that_is_no_month_or_season_is_dropped_with_a_warning(value: object, written: str) -> None:
    for name in ("issued", "accessed"):
        record, problems = _item({"id": "a", name: value})
        assert record is not None and record.date(name) is not None
        year = written[:4]
        assert problems == [("x.json", 1, "warning", f"item 1: date '{written}': month 17 is not a month (1-12); read as {year}")]
