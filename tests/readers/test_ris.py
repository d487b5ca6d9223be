"""The RIS reader on files as Zotero, EndNote, Mendeley and PubMed-fed tools export them."""

from __future__ import annotations

import pytest

from bibexport import api
from bibexport.model import Date, Person
from bibexport.readers import ris

from ..conftest import DATA

FIXTURES = DATA / "readers" / "ris"


def _read(name: str):
    # newline="" keeps Zotero's CRLF line ends as they are in the file
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return ris.read(handle.read(), name)


def test_zotero_preprint_and_book_with_crlf() -> None:
    result = _read("zotero_preprint_book_crlf.ris")
    preprint, book = result.records
    assert not result.problems
    assert preprint.type == "article"  # Zotero's GEN for a preprint
    assert preprint.issued == Date(2022, 11, 28)  # DA 2022/11/28/ beats PY 2022
    assert preprint.author[2] == Person("Maaten", "Laurens", "van der")
    assert preprint.get("publisher") == "arXiv"
    assert preprint.keywords == ("Computer Science - Machine Learning", "Computer Science - Computation and Language")
    assert ("ris.ST", "What learning algorithm is in-context learning?") in preprint.extra
    assert book.type == "book" and book.source == "zotero_preprint_book_crlf.ris:20"
    assert book.issued == Date(1997)  # DA 1997///
    assert book.get("ISBN") == "978-0-201-89683-1"
    assert book.get("edition") == "3"
    assert book.get("publisher-place") == "Reading, MA"


def test_endnote_wrapped_values_suffix_editor_pages() -> None:
    (record,) = _read("endnote_journal_wrapped_abstract.ris").records
    assert record.abstract == (
        "The author and his associates have been experimenting for the past several years "
        "with a programming language and documentation system called WEB."
    )
    assert record.get("note") == "First note line\ncontinued on a second line"
    assert record.author[1] == Person("King", "Martin Luther", suffix="Jr.")
    assert record.editor == (Person("Editor", "Ed"),)  # A2
    assert record.issued == Date(1984, 1)  # DA 1984/01//
    assert record.get("page") == "97-111"
    assert record.get("ISSN") == "0010-4620"
    assert record.get("container-title") == "The Computer Journal"
    assert record.get("container-title-short") == "Comput. J."


def test_mendeley_conference_y1_and_institution_author() -> None:
    (record,) = _read("mendeley_conf_y1_slashes.ris").records
    assert record.id == "Vaswani2017"
    assert record.type == "paper-conference"
    assert record.issued == Date(2017)
    assert record.author[2] == Person(literal="Google Brain")  # no comma: one literal name
    assert record.get("ISBN") == "9781510860964"


def test_pubmed_bom_t1_jf_ja_y1_and_unknown_tags() -> None:
    (record,) = _read("pubmed_bom_jf_ja_y1.ris").records
    assert record.title == "A study of things."
    assert record.issued == Date(2020, 3, 15)
    assert record.get("container-title") == "Nature medicine"
    assert record.get("container-title-short") == "Nat Med"
    assert record.author[1] == Person("Doe", "A B")
    assert record.abstract == "Background: things matter."
    assert ("ris.AN", "32123456") in record.extra and ("ris.DB", "PubMed") in record.extra


def test_missing_er_and_stray_lines_are_reported_and_records_kept() -> None:
    result = _read("missing_er_stray_lines.ris")
    assert [r.title for r in result.records] == [
        "A Report",
        "Unknown type and no ER before the next TY",
        "Last record without ER",
    ]
    report, unknown, thesis = result.records
    assert report.issued == Date(literal="Spring 2020") and report.get("number") == "TR-42"
    assert unknown.type == "document" and ("ris.TY", "XYZ") in unknown.extra
    assert unknown.issued == Date(2021)  # 2021/13/40/: month and day out of range, a warning
    assert thesis.get("genre") == "PhD thesis"
    assert [(p.line, p.message.split(";")[0]) for p in result.problems] == [
        (1, "'AU' line before any 'TY  - ' line"),
        (4, "record has no closing 'ER  - ' line"),
        (8, "record has no closing 'ER  - ' line"),
        (8, "date '2021/13/40/': month 13 is not a month (1-12)"),
        (11, "record has no closing 'ER  - ' line"),
    ]


def test_notes_label_lines_come_back_as_listing_facts() -> None:
    text = "TY  - GEN\nTI  - T\nN1  - Own note\nN1  - arXiv categories: cs.LG, stat.ML\nN1  - Code: available\nN1  - bibtex.timestamp: 2020-01-01\nKW  - cs.LG\nKW  - stat.ML\nKW  - graphs\nER  - \n"
    (record,) = api.read_text(text, "ris").records
    assert record.categories == ("cs.LG", "stat.ML")
    assert record.keywords == ("graphs",)  # normalize.distinct_keywords: not the categories again
    assert record.has_code
    assert record.get("note") == "Own note"
    assert record.extra == (("bibtex.timestamp", "2020-01-01"),)


@pytest.mark.parametrize(
    ("value", "date"),
    [
        pytest.param("2022", Date(2022), id="year"),
        pytest.param("2022/11/28/", Date(2022, 11, 28), id="full-with-slash"),
        pytest.param("2022///", Date(2022), id="year-slashes"),
        pytest.param("2022/11//", Date(2022, 11), id="year-month"),
        pytest.param("2022/11/28", Date(2022, 11, 28), id="no-trailing-slash"),
        pytest.param("2022/11/28/Fall meeting", Date(2022, 11, 28), id="other-part"),
        pytest.param("2022-11-28", Date(2022, 11, 28), id="iso"),
        pytest.param("20221128", Date(2022, 11, 28), id="compact"),
        pytest.param("in press", Date(literal="in press"), id="literal"),
    ],
)
def test_date_forms(value: str, date: Date) -> None:
    (record,) = ris.read(f"TY  - JOUR\nDA  - {value}\nER  - \n").records
    assert record.issued == date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("TY  - JOUR\n", True, id="ris"),
        pytest.param("\ufeff\r\nTY  - GEN\r\n", True, id="bom-crlf"),
        pytest.param("@article{k,}", False, id="bibtex"),
        pytest.param("[LG] 28 Nov 2022\n", False, id="listing"),
        pytest.param("TI  - no type first\n", False, id="no-ty"),
    ],
)
def test_looks_like(text: str, expected: bool) -> None:
    assert ris.looks_like(text) is expected


def test_authors_keep_file_order_across_au_and_a1() -> None:
    text = "TY  - JOUR\nA1  - First, A\nAU  - Second, B\nA1  - Third, C\nER  - \n"
    (record,) = ris.read(text).records
    assert [p.family for p in record.author] == ["First", "Second", "Third"]


@pytest.mark.parametrize(
    ("pages", "page"),
    [
        pytest.param("SP  - 5\nEP  - 5\n", "5", id="one-page-range"),  # EndNote writes both
        pytest.param("SP  - 5\n", "5", id="start-only"),
        pytest.param("SP  - 5\nEP  - 9\n", "5-9", id="range"),
        pytest.param("SP  - e1001\nEP  - e1001\n", "e1001", id="article-number"),
    ],
)
def test_start_and_end_page(pages: str, page: str) -> None:
    """RIS SP is the start page, EP the end page: a page that starts and ends the range is one page."""
    (record,) = ris.read(f"TY  - JOUR\nTI  - One page\n{pages}ER  - \n", "pages.ris").records
    assert record.get("page") == page
