"""The RIS reader as its module docstring and the RIS specification describe it, for what
tests/readers/test_ris.py leaves open (written for the mutation score, tests/MUTATION.md):
a tag starts a line, a line without a tag continues the value above it, problems carry the
source and line, a book's own title may come as BT, nothing is lost."""

from __future__ import annotations

import pytest

from bibexport.model import Date, Person
from bibexport.readers import ris


def _problems(result) -> list[tuple[str, int | None, str, str]]:  # noqa: ANN001
    return [(p.source, p.line, p.severity, p.message) for p in result.problems]


def test_looks_like_needs_a_ty_line_first() -> None:
    assert ris.looks_like("\ufeffTY  - JOUR\nER  - \n")
    assert ris.looks_like("\n\n  TY  - JOUR\n")
    assert not ris.looks_like("")
    assert not ris.looks_like("\n \n")
    assert not ris.looks_like("Xanadu\nTY  - JOUR\n")


def test_a_line_without_a_tag_continues_an_empty_value() -> None:
    (record,) = ris.read("TY  - JOUR\nAB  -\nThe abstract,\nwrapped.\nER  - \n").records
    assert record.abstract == "The abstract, wrapped."


def test_a_tag_starts_the_line() -> None:
    (record,) = ris.read("TY  - JOUR\nAB  - First line\n  KW  - not a tag\nER  - \n").records
    assert record.abstract == "First line KW  - not a tag" and record.keywords == ()


def test_problems_name_the_source_and_line() -> None:
    text = "AU  - Stray, A.\nTY  - JOUR\nPY  - 2020/17/\nER  - \nXY  - stray again\nTY  - JOUR\nTI  - Open\n"
    result = ris.read(text, "refs.ris")
    assert _problems(result) == [
        ("refs.ris", 1, "warning", "'AU' line before any 'TY  - ' line; ignored up to the next TY"),
        ("refs.ris", 2, "warning", "date '2020/17/': month 17 is not a month (1-12); read as 2020"),
        ("refs.ris", 5, "warning", "'XY' line before any 'TY  - ' line; ignored up to the next TY"),
        ("refs.ris", 6, "warning", "record has no closing 'ER  - ' line; read up to the end of the file"),
    ]
    assert [r.source for r in result.records] == ["refs.ris:2", "refs.ris:6"]
    assert _problems(ris.read("TI  - x\n"))[0][0] == "<input>"


def test_a_date_part_that_is_no_number_ends_the_date_and_loses_no_record() -> None:
    # '²' is a digit to str.isdigit() but not to int(): the whole record was skipped.
    result = ris.read("TY  - JOUR\nTI  - Odd\nPY  - 2020/²/\nER  - \nTY  - JOUR\nTI  - Fine\nER  - \n", "r.ris")
    assert [(r.title, r.year) for r in result.records] == [("Odd", 2020), ("Fine", None)]
    assert result.problems == ()


@pytest.mark.parametrize("kind", ["BOOK", "EBOOK", "EDBOOK"])
def test_a_books_own_title_may_come_as_bt(kind: str) -> None:
    (record,) = ris.read(f"TY  - {kind}\nBT  - The Book\nER  - \n").records
    assert record.title == "The Book" and record.get("container-title") == ""


def test_bt_is_the_container_otherwise() -> None:
    chapter, titled_book = ris.read("TY  - CHAP\nBT  - The Book\nER  - \n"
                                    "TY  - BOOK\nTI  - Own Title\nBT  - Series Book\nER  - \n").records
    assert (chapter.title, chapter.get("container-title")) == ("", "The Book")
    assert (titled_book.title, titled_book.get("container-title")) == ("Own Title", "Series Book")


def test_a_second_id_is_kept_and_the_first_is_the_key() -> None:
    (one,) = ris.read("TY  - JOUR\nID  - key1\nER  - \n").records
    assert (one.id, [k for k, _ in one.extra]) == ("key1", [])
    (two,) = ris.read("TY  - JOUR\nID  - key1\nID  - key2\nER  - \n").records
    assert (two.id, two.extra) == ("key1", (("ris.ID", "key2"),))


# -- what a line is: the tag at the very start, and only after a BOM ---------------------------


def test_only_a_bom_is_stripped_before_the_first_tag() -> None:
    """``XTY  - JOUR`` has no tag at the start of the line: it is no RIS and opens no record."""
    assert not ris.looks_like("XTY  - JOUR\nER  - \n")
    result = ris.read("XTY  - JOUR\nTI  - T\nER  - \n", "x.ris")
    assert result.records == ()
    assert _problems(result) == [("x.ris", 2, "warning", "'TI' line before any 'TY  - ' line; ignored up to the next TY")]


def test_keyword_lines_continued_are_keywords_each() -> None:
    """Zotero's RIS.js keeps the line breaks of a continued ``KW`` ("these could use newline as
    separator") and makes a tag of each line; the other tags' continuation lines join with a space."""
    (record,) = ris.read("TY  - JOUR\nKW  - Keyword1, Keyword2\nKeyword4\nKW  - Last\nTI  - A\ntitle\nER  - \n").records
    assert record.keywords == ("Keyword1, Keyword2", "Keyword4", "Last")
    assert record.title == "A title"


# -- dates: DA first (Zotero: PY is only a backup), Y2 the access date --------------------------


def test_da_beats_y1_of_the_same_precision() -> None:
    # RIS.js's own test: "Its value should not be used when DA is present, even if Y1 comes first."
    (record,) = ris.read("TY  - JOUR\nY1  - 1900/01/01\nDA  - 1950/01/01\nER  - \n").records
    assert record.issued == Date(1950, 1, 1)
    (record,) = ris.read("TY  - JOUR\nY1  - 2020/06/15\nDA  - 2020/01/01\nER  - \n").records
    assert record.issued == Date(2020, 1, 1)


def test_a_more_precise_date_of_another_year_does_not_replace_da() -> None:
    (record,) = ris.read("TY  - JOUR\nDA  - 2021\nPY  - 2020/05/01/\nER  - \n").records
    assert record.issued == Date(2021)


def test_a_year_completes_a_literal_date() -> None:
    (record,) = ris.read("TY  - JOUR\nDA  - in press\nPY  - 2020\nER  - \n").records
    assert record.issued == Date(2020)


def test_the_part_after_the_third_slash_is_other_information() -> None:
    """RIS: ``YYYY/MM/DD/other info``; the fourth part is never a date part, even when a number."""
    (record,) = ris.read("TY  - JOUR\nPY  - 2022/11/28/1\nER  - \n").records
    assert record.issued == Date(2022, 11, 28)


def test_y2_is_the_access_date() -> None:
    # RIS.js: Y2: "accessDate"
    (record,) = ris.read("TY  - ELEC\nTI  - Page\nY2  - 2023/01/05/\nER  - \n").records
    assert record.dates == (("accessed", Date(2023, 1, 5)),)
    assert record.issued is None and record.extra == ()
    (record,) = ris.read("TY  - ELEC\nTI  - Page\nER  - \n").records
    assert record.dates == ()


def test_a_bad_access_date_is_reported() -> None:
    result = ris.read("TY  - ELEC\nY2  - 2023/13/05/\nER  - \n", "a.ris")
    assert result.records[0].dates == (("accessed", Date(2023)),)
    assert _problems(result) == [("a.ris", 1, "warning", "date '2023/13/05/': month 13 is not a month (1-12); read as 2023")]


# -- names: RIS's "Family, Given, Suffix"; other creator tags by type as RIS.js maps them -------


@pytest.mark.parametrize(
    ("value", "person"),
    [
        pytest.param("Plato", Person(family="Plato"), id="one-word-family"),
        pytest.param("World Health Organization", Person(literal="World Health Organization"), id="institution"),
        pytest.param("Garcia Marquez, Gabriel", Person(family="Garcia Marquez", given="Gabriel"), id="two-word-family"),
        pytest.param("van der Waals, Johannes", Person(family="Waals", given="Johannes", particle="van der"), id="particles"),
        pytest.param("van, Jan", Person(family="van", given="Jan"), id="the-family-is-never-empty"),
        pytest.param(", Anonymous", Person(given="Anonymous"), id="no-family"),
        pytest.param("Doe, John, Jr., PhD", Person(family="Doe", given="John", suffix="Jr., PhD"), id="rest-is-suffix"),
    ],
)
def test_name_forms(value: str, person: Person) -> None:
    (record,) = ris.read(f"TY  - JOUR\nAU  - {value}\nER  - \n").records
    assert record.author == (person,)


@pytest.mark.parametrize(
    ("ris_type", "tag", "role"),
    [  # RIS.js's A2/A3/A4/C2 maps (creators/seriesEditor is CSL collection-editor, bookAuthor container-author)
        pytest.param("BOOK", "A2", "collection-editor", id="book-A2-series-editor"),
        pytest.param("RPRT", "A2", "collection-editor", id="report-A2-series-editor"),
        pytest.param("PCOMM", "A2", "recipient", id="letter-A2-recipient"),
        pytest.param("CHAP", "A3", "collection-editor", id="chapter-A3-series-editor"),
        pytest.param("THES", "A3", "contributor", id="thesis-A3-contributor"),
        pytest.param("MPCT", "A3", "producer", id="film-A3-producer"),
        pytest.param("CPAPER", "A4", "contributor", id="paper-A4-contributor"),
        pytest.param("JOUR", "A4", "translator", id="A4-translator-by-default"),
        pytest.param("CHAP", "C2", "container-author", id="chapter-C2-book-author"),
    ],
)
def test_creator_tags_by_type(ris_type: str, tag: str, role: str) -> None:
    (record,) = ris.read(f"TY  - {ris_type}\nTI  - T\n{tag}  - Roe, Ann\nER  - \n").records
    assert record.names == ((role, (Person(family="Roe", given="Ann"),)),)
    assert record.editor == () and record.extra == ()


def test_a2_is_an_editor_where_no_type_says_otherwise() -> None:
    (record,) = ris.read("TY  - JOUR\nED  - First, E\nA2  - Second, E\nER  - \n").records
    assert [p.family for p in record.editor] == ["First", "Second"] and record.names == ()


def test_a_creator_tag_without_a_role_for_the_type_is_kept_as_extra() -> None:
    (record,) = ris.read("TY  - JOUR\nA3  - Roe, Ann\nER  - \n").records  # RIS.js's A3 has no default
    assert record.names == () and record.extra == (("ris.A3", "Roe, Ann"),)


def test_an_empty_creator_line_is_no_creator() -> None:
    (record,) = ris.read("TY  - JOUR\nA2  - \nA4  -\nAU  - \nER  - \n").records
    assert (record.author, record.editor, record.names, record.extra) == ((), (), (), ())


def test_name_variables_come_in_csl_order_whatever_the_file_order() -> None:
    (record,) = ris.read("TY  - CHAP\nA4  - Trans, T\nC2  - Whole, W\nA3  - Series, S\nER  - \n").records
    assert [role for role, _ in record.names] == ["collection-editor", "container-author", "translator"]


# -- nothing lost ---------------------------------------------------------------------------------


def test_a_second_isbn_is_kept() -> None:
    (record,) = ris.read("TY  - BOOK\nSN  - 978-0-201-89683-1\nSN  - 978-3-16-148410-0\nSN  - 0010-4620\nER  - \n").records
    assert record.get("ISBN") == "978-0-201-89683-1" and record.get("ISSN") == "0010-4620"
    assert record.extra == (("ris.SN", "978-3-16-148410-0"),)


def test_an_unknown_type_is_the_first_kept_tag() -> None:
    """The type is the record's first line: ``ris.TY`` comes before the other kept tags."""
    (record,) = ris.read("TY  - XYZ\nDB  - PubMed\nAN  - 123\nER  - \n").records
    assert record.type == "document"
    assert record.extra == (("ris.TY", "XYZ"), ("ris.DB", "PubMed"), ("ris.AN", "123"))
