"""The RIS writer's page split as its docstrings specify it (written for the mutation score,
tests/MUTATION.md): ``SP``/``EP`` around the first dash run, "what ``_PAGES.fullmatch``
finds", whether the text has a line break (regex) or not (the hand-written scan); which names
and dates RIS says whole and which also go to ``csl.<name>`` N1 lines; RIS.js's creator tags."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibexport.model import Date, Person, Record
from bibexport.writers import ris


def _by_regex(page: str) -> tuple[str, str, str]:
    m = ris._PAGES.fullmatch(page)
    return (m.group(1), m.group(2), m.group(3)) if m else (page.strip(), "", "")


PAGES = ["101-120", "1--10", "12–20", "12—20", "12 — 20", " 3 -- 4 ", "e1234", "", "  ", "-5", "5-", "-",
         "1–2–3", "1—2—3", "1-2–3", "1–2-3", "1—2-3", "a-b-c", "12---20", "1\n2-3", "12\n-20", "12 -\n 20",
         "ix–xi", "S12-S15", "12 - ", "—", "–7"]


@pytest.mark.parametrize("page", PAGES)
def test_the_split_is_what_the_pages_regex_finds(page: str) -> None:
    assert ris._split_pages(page) == _by_regex(page)


@given(st.text(alphabet=" -–—\n12ab", max_size=12))
def test_the_split_is_what_the_pages_regex_finds_for_any_text(page: str) -> None:
    assert ris._split_pages(page) == _by_regex(page)


@pytest.mark.parametrize(("page", "tags"), [
    pytest.param("12—20", [("SP", "12"), ("EP", "20")], id="em-dash"),
    pytest.param("1–2–3", [("SP", "1"), ("EP", "2–3")], id="first-en-dash"),
    pytest.param("1—2—3", [("SP", "1"), ("EP", "2—3")], id="first-em-dash"),
    pytest.param("12-", [("SP", "12")], id="open-range"),
])
def test_pages_around_the_first_dash_run(page: str, tags: list[tuple[str, str]]) -> None:
    assert ris.pages(page) == tags


def test_the_records_own_note_comes_first_one_n1_per_line() -> None:
    record = Record(id="k", title="T", has_code=True, fields=(("note", "Read twice\nthen cite"),))
    assert [v for t, v in ris.record_lines(record) if t == "N1"] == ["Read twice", "then cite", "Code: available"]


# -- names RIS cannot say whole: a csl.<role> N1 line (cslnotes), as CSL-JSON name objects ----------
# RIS writes a name as "Family, Given, Suffix" and reads one back by the RIS spec and Zotero's
# RIS.js: split at commas; without a comma one word is a family name and several a single-field
# (literal) name; a leading lowercase particle of the family is split off.  A name that would not
# come back the same also goes whole into an N1 line.


def _csl_lines(record: Record) -> dict[str, str]:
    return dict(v[len("csl."):].split(": ", 1) for t, v in ris.record_lines(record) if t == "N1" and v.startswith("csl."))


def _csl_names(record: Record) -> dict[str, list]:
    return {k: json.loads(v) for k, v in _csl_lines(record).items() if v.startswith("[")}


@pytest.mark.parametrize(
    ("person", "csl"),
    [
        pytest.param(Person(literal="Plato"), {"literal": "Plato"}, id="one-word-literal-reads-as-family"),
        pytest.param(Person(literal="Smith, Jones and Co"), {"literal": "Smith, Jones and Co"}, id="literal-comma"),
        pytest.param(Person("Gaulle", "Charles", dropping_particle="de"),
                     {"family": "Gaulle", "given": "Charles", "dropping-particle": "de"}, id="dropping-particle"),
        pytest.param(Person("Doe", "J", suffix="Jr.", comma_suffix=True),
                     {"family": "Doe", "given": "J", "suffix": "Jr.", "comma-suffix": True}, id="comma-suffix"),
        pytest.param(Person("Mao", "Zedong", static_ordering=True),
                     {"family": "Mao", "given": "Zedong", "static-ordering": True}, id="static-ordering"),
        pytest.param(Person("Doe", "J", parse_names=False),
                     {"family": "Doe", "given": "J", "parse-names": False}, id="parse-names"),
        pytest.param(Person("Doe, Roe", "J"), {"family": "Doe, Roe", "given": "J"}, id="comma-in-family"),
        pytest.param(Person("Doe", "J, K"), {"family": "Doe", "given": "J, K"}, id="comma-in-given"),
        pytest.param(Person("Doe", "J", suffix="Jr., PhD"), {"family": "Doe", "given": "J", "suffix": "Jr., PhD"},
                     id="comma-in-suffix"),
        pytest.param(Person("Doe", "J", particle="de, la"), {"family": "Doe", "given": "J", "non-dropping-particle": "de, la"},
                     id="comma-in-particle"),
        pytest.param(Person("de Boer", "Anna"), {"family": "de Boer", "given": "Anna"}, id="family-starting-with-a-particle"),
        pytest.param(Person("van der Berg", "Jan"), {"family": "van der Berg", "given": "Jan"}, id="three-word-family"),
    ],
)
def test_a_name_ris_cannot_say_whole_is_also_an_n1_line(person: Person, csl: dict) -> None:
    for role in ("author", "editor"):
        record = Record(id="k", title="T", **{role: (person,)})
        assert _csl_names(record) == {role: [csl]}


@pytest.mark.parametrize(
    "person",
    [
        pytest.param(Person(literal="World Health Organization"), id="literal-of-several-words"),
        pytest.param(Person("Doe", "Jane"), id="plain"),
        pytest.param(Person("Garcia Marquez", "Gabriel"), id="two-word-family"),
        pytest.param(Person("Boer de", "Anna"), id="particle-word-not-first"),
        pytest.param(Person("van", "Jan"), id="one-word-family-that-is-a-particle"),
        pytest.param(Person("Maaten", "Laurens", particle="van der"), id="particle"),
        pytest.param(Person("King", "Martin Luther", suffix="Jr."), id="suffix"),
    ],
)
def test_a_name_ris_says_whole_has_no_n1_line(person: Person) -> None:
    record = Record(id="k", title="T", author=(person,), editor=(person,))
    assert _csl_lines(record) == {}


# -- other name variables: RIS.js's tags by type, the rest as N1 lines ------------------------------


def _tags(record: Record, *tags: str) -> list[tuple[str, str]]:
    return [(t, v) for t, v in ris.record_lines(record) if t in tags]


def test_a_tag_taken_by_another_role_of_the_type_is_not_used() -> None:
    """RIS.js: A4 is a conference paper's contributor ("translator does not fit these")."""
    record = Record(id="k", type="paper-conference", title="T", names=(("translator", (Person("Roe", "Ann"),)),))
    assert _tags(record, "A2", "A3", "A4", "C2") == []
    assert _csl_names(record) == {"translator": [{"family": "Roe", "given": "Ann"}]}


def test_a_type_written_as_gen_takes_the_tags_gen_reads_as() -> None:
    """A song is no RIS type of the writer: it is GEN, which reads as a preprint (article), where
    A2 (RIS.js: performer for audioRecording) would be an editor."""
    record = Record(id="k", type="song", title="T", names=(("performer", (Person("Roe", "Ann"),)),))
    assert ris.record_lines(record)[0] == ("TY", "GEN")
    assert _tags(record, "A2", "A3", "A4", "C2") == []
    assert _csl_names(record) == {"performer": [{"family": "Roe", "given": "Ann"}]}


def test_every_tagged_role_in_tag_order_names_in_their_order() -> None:
    record = Record(id="k", type="chapter", title="T", names=(
        ("collection-editor", (Person("Series", "S"),)),
        ("container-author", (Person("Whole", "W"),)),
        ("translator", (Person("Zed", "A"), Person("Abe", "B"))),
    ))
    assert _tags(record, "A2", "A3", "A4", "C2") == [
        ("A3", "Series, S"), ("A4", "Zed, A"), ("A4", "Abe, B"), ("C2", "Whole, W")]
    assert _csl_lines(record) == {}  # all said whole by their tags


def test_creator_role_is_empty_for_a_tag_with_no_role() -> None:
    assert ris.creator_role("AU", "book") == ""  # AU is no entry of CREATOR_TAGS
    assert ris.creator_role("A3", "article-journal") == ""  # RIS.js's A3 has no default


# -- dates: Y2 for a plain access date, N1 for what RIS's YYYY/MM/DD/ cannot say -------------------


def test_an_access_date_ris_cannot_say_is_an_n1_line_not_y2() -> None:
    record = Record(id="k", title="T", dates=(("accessed", Date(2020, 5, 1, circa=True)),))
    assert _tags(record, "Y2") == []
    assert _csl_lines(record) == {"accessed": "2020-05-01~"}  # EDTF: "~" approximate


def test_a_date_with_no_tag_is_an_n1_line() -> None:
    record = Record(id="k", title="T", dates=(("accessed", Date(2020, 5, 1)), ("submitted", Date(2019, 12, 2))))
    assert _tags(record, "Y2") == [("Y2", "2020/05/01/")]
    assert _csl_lines(record) == {"submitted": "2019-12-02"}


def test_year_zero_is_said_by_py_a_negative_year_is_not() -> None:
    assert "issued" not in _csl_lines(Record(id="k", title="T", issued=Date(0)))
    assert _tags(Record(id="k", title="T", issued=Date(0)), "PY") == [("PY", "0000")]
    assert _csl_lines(Record(id="k", title="T", issued=Date(-44)))["issued"].startswith("-")


def test_a_date_with_neither_year_nor_text_writes_no_tag() -> None:
    assert ris.format_date(Record(issued=Date())) == []
