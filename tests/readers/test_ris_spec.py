"""The RIS reader as its module docstring and the RIS specification describe it, for what
tests/readers/test_ris.py leaves open (written for the mutation score, tests/MUTATION.md):
a tag starts a line, a line without a tag continues the value above it, problems carry the
source and line, a book's own title may come as BT, nothing is lost."""

from __future__ import annotations

import pytest

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
