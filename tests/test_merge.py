"""Merging inputs: the same paper (title, first author, year) is kept once, with a warning."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibexport.merge import Duplicates, check, identity, merge, split_source
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
    assert len(merge([ReadResult((PAPER,)), ReadResult((other,))]).records) == 2


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
    assert len(merge([ReadResult((untitled,)), ReadResult((untitled,))]).records) == 2


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



# Within one input the key is the identity (BibTeX and biber cite by key: two keys, two
# entries); duplicates there are found only on request, with bibtex-tidy's rules and merges.

SAME_FILE_OTHER_KEY = PAPER.replace(id="akyurek2022b", source="a.bib:9")


def test_one_input_keeps_entries_with_different_keys_by_default():
    result = merge([ReadResult((PAPER, SAME_FILE_OTHER_KEY))])
    assert [r.id for r in result.records] == ["akyurek2022learning", "akyurek2022b"]
    assert result.problems == ()


def test_check_does_not_call_different_keys_of_one_input_duplicates():
    assert check([ReadResult((PAPER, SAME_FILE_OTHER_KEY))]).problems == ()


def test_duplicates_within_one_input_on_request():
    result = merge([ReadResult((PAPER, SAME_FILE_OTHER_KEY))], duplicates=Duplicates.parse("citation"))
    assert [r.id for r in result.records] == ["akyurek2022learning"]
    [problem] = result.problems
    assert (problem.source, problem.line) == ("a.bib", 9)
    assert "duplicate of a.txt:1" in problem.message and "'akyurek2022b'" in problem.message


WITH_DOI = Record(id="a", title="One", author=(Person("Doe", "Jane"),), issued=Date(2020),
                  fields=(("DOI", "10.1000/XYZ"), ("volume", "3")), source="a.bib:1")
SAME_DOI = Record(id="b", title="One, retitled", issued=Date(2021),
                  fields=(("DOI", "https://doi.org/10.1000/xyz"), ("page", "1-9"), ("volume", "4")),
                  source="b.bib:1")


@pytest.mark.parametrize(
    ("rules", "found"),
    [
        pytest.param("doi", True, id="doi-ignores-case-and-resolver"),
        pytest.param("citation", False, id="citation-differs"),
        pytest.param("title", False, id="title-is-citation"),
        pytest.param("key", False, id="keys-differ"),
    ],
)
def test_rules(rules, found):
    result = merge([ReadResult((WITH_DOI,)), ReadResult((SAME_DOI,))], duplicates=Duplicates.parse(rules))
    assert len(result.records) == (1 if found else 2)


def test_key_rule_ignores_case_as_bibtex_does():
    other = OTHER.replace(id="A", source="b.bib:3")
    result = merge([ReadResult((WITH_DOI,)), ReadResult((other,))], duplicates=Duplicates.parse("key"))
    assert [r.title for r in result.records] == ["One"]
    assert "same citation key" in result.problems[0].message


# bibtex-tidy --merge: first keeps the original; last keeps the last duplicate; combine adds
# the duplicate's fields the original lacks; overwrite also replaces the original's fields.
@pytest.mark.parametrize(
    ("strategy", "key", "volume", "page"),
    [
        pytest.param("first", "a", "3", ""),
        pytest.param("last", "b", "4", "1-9"),
        pytest.param("combine", "a", "3", "1-9"),
        pytest.param("overwrite", "a", "4", "1-9"),
    ],
)
def test_merge_strategies(strategy, key, volume, page):
    result = merge([ReadResult((WITH_DOI,)), ReadResult((SAME_DOI,))], duplicates=Duplicates.parse("doi", strategy))
    [record] = result.records
    assert (record.id, record.get("volume"), record.get("page")) == (key, volume, page)
    assert record.title == ("One, retitled" if strategy in ("last", "overwrite") else "One")
    assert record.author == WITH_DOI.author if strategy != "last" else record.author == ()
    [problem] = result.problems
    assert (problem.source, problem.line) == ("b.bib", 1) and "same DOI" in problem.message


def test_combine_says_which_fields_it_added():
    result = merge([ReadResult((WITH_DOI,)), ReadResult((SAME_DOI,))], duplicates=Duplicates.parse("doi", "combine"))
    assert "added: page" in result.problems[0].message


def test_merge_alone_uses_bibtex_tidys_default_rules():
    assert Duplicates.parse(None, "combine") == Duplicates(("doi", "citation", "abstract"), "combine", within=True)


@pytest.mark.parametrize(("rules", "strategy"), [("isbn", None), ("doi", "both")])
def test_unknown_rule_or_strategy_is_refused(rules, strategy):
    with pytest.raises(ValueError, match="use"):
        Duplicates.parse(rules, strategy)
