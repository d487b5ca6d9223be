"""Merging inputs: the same paper (title, first author, year) is kept once, with a warning."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibexport.merge import check, identity, merge, split_source
from bibexport.model import Date, Person, Record
from bibexport.readers import ReadResult
from bibexport.text import fold, match_key

PAPER = Record(
    id="akyurek2022learning",
    title="What learning algorithm is in-context learning?",
    author=(Person("Akyürek", "Ekin"),),
    issued=Date(2022, 11, 28),
    source="a.txt:1",
)
SAME_PAPER_RETYPED = Record(
    id="mykey",
    title="What Learning Algorithm is In-Context Learning",
    author=(Person("Akyurek", "E."), Person("Andreas", "Jacob")),
    issued=Date(2022),
    source="b.json:2",
)
OTHER = Record(id="other", title="Another paper", author=(Person("Doe", "Jane"),), issued=Date(2021), source="b.json:9")


def test_duplicate_across_inputs_is_kept_once_naming_both_places():
    result = merge([ReadResult((PAPER,)), ReadResult((SAME_PAPER_RETYPED, OTHER))])
    assert [r.id for r in result.records] == ["akyurek2022learning", "other"]
    [problem] = result.problems
    assert (problem.source, problem.line) == ("b.json", 2)
    assert "duplicate of a.txt:1" in problem.message


def test_keep_duplicates_keeps_both():
    result = merge([ReadResult((PAPER,)), ReadResult((SAME_PAPER_RETYPED,))], keep_duplicates=True)
    assert [r.id for r in result.records] == ["akyurek2022learning", "mykey"]
    assert result.problems == ()


def test_reader_problems_come_first_and_are_kept():
    from bibexport.errors import Problem

    earlier = Problem("bad record", "a.txt", 7)
    result = merge([ReadResult((PAPER,), (earlier,)), ReadResult((SAME_PAPER_RETYPED,))])
    assert result.problems[0] == earlier
    assert len(result.problems) == 2


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(PAPER.replace(issued=Date(2023)), id="another-year"),
        pytest.param(PAPER.replace(author=(Person("Andreas", "Jacob"),)), id="another-first-author"),
        pytest.param(PAPER.replace(title="What learning algorithm is in-context learning? Part 2"), id="another-title"),
    ],
)
def test_different_papers_are_not_duplicates(other):
    assert len(merge([ReadResult((PAPER, other))]).records) == 2


@pytest.mark.parametrize(
    ("people", "family"),
    [
        pytest.param({"author": (Person("Akyürek", "Ekin"),)}, "akyurek", id="family"),
        pytest.param({"author": (Person("Maaten", "Laurens", particle="van der"),)}, "vandermaaten", id="particle"),
        pytest.param({"author": (Person("Gaulle", "Charles", dropping_particle="de"),)}, "gaulle", id="dropping-particle"),
        pytest.param({"author": (Person(literal="OpenAI Team"),)}, "openaiteam", id="literal"),
        pytest.param({"editor": (Person("Doe", "Jane"),)}, "doe", id="first-editor"),
        pytest.param({}, "", id="nobody"),
    ],
)
def test_identity_is_title_first_family_name_and_year(people, family):
    record = Record(title="A Title: Part 2", issued=Date(2020, 5), **people)
    assert identity(record) == ("atitlepart2", family, 2020)


def test_untitled_records_are_never_duplicates():
    untitled = Record(author=(Person("Doe", "Jane"),), issued=Date(2020))
    assert identity(untitled) is None
    assert len(merge([ReadResult((untitled, untitled))]).records) == 2


def test_check_reports_duplicate_keys_case_insensitively():
    clash = OTHER.replace(id="AKYUREK2022LEARNING", source="c.bib:4")
    result = check([ReadResult((PAPER,)), ReadResult((clash,))])
    [problem] = result.problems
    assert (problem.source, problem.line) == ("c.bib", 4)
    assert "already used at a.txt:1" in problem.message


def test_check_reports_a_duplicate_paper_once_not_also_its_key():
    again = PAPER.replace(source="b.json:2")
    result = check([ReadResult((PAPER,)), ReadResult((again,))])
    assert [p.message.split(" (")[0] for p in result.problems] == ["duplicate of a.txt:1"]


def test_check_does_not_repeat_a_key_clash_the_reader_reported():
    from bibexport.errors import Problem

    clash = OTHER.replace(id=PAPER.id, source="a.bib:7")
    reader_said = Problem(f"duplicate citation key {PAPER.id!r} (first at line 1); both kept", "a.bib", 7)
    result = check([ReadResult((PAPER.replace(source="a.bib:1"), clash), (reader_said,))])
    assert result.problems == (reader_said,)


@pytest.mark.parametrize(
    "source, expected",
    [
        pytest.param("refs.bib:12", ("refs.bib", 12), id="file-line"),
        pytest.param("C:\\refs.bib:3", ("C:\\refs.bib", 3), id="windows-drive"),
        pytest.param("<stdin>", ("<stdin>", None), id="no-line"),
        pytest.param("", ("<input>", None), id="empty"),
    ],
)
def test_split_source(source, expected):
    assert split_source(source) == expected


@given(st.text(st.characters(max_codepoint=127)))
def test_fast_ascii_match_key_agrees_with_folding(text):
    assert match_key(text) == "".join(c for c in fold(text) if c.isalnum())

