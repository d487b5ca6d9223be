"""filters.py as its docstrings and README "Selecting records" specify it, for what
tests/test_filters.py leaves open (written for the mutation score, tests/MUTATION.md)."""

from __future__ import annotations

import pytest

from bibexport.filters import (FilterValueError, Selection, check_range, parse_regex, parse_sort, select,
                               sort_records, unknown_categories)
from bibexport.model import Person, Record

COLLECTION = "zotero.collection"  # bibexport.zotero: a path "Parent / Child"


def _ids(records: list[Record]) -> list[str]:
    return [r.id for r in records]


def test_match_is_case_insensitive() -> None:
    records = [Record(id="a", title="In-context learning"), Record(id="b", title="Other")]
    assert _ids(select(records, Selection(match=parse_regex("LEARNING")))) == ["a"]


def test_since_after_until_is_refused_with_the_reason() -> None:
    with pytest.raises(FilterValueError) as refused:
        check_range((2024,), (2023, 5))
    assert str(refused.value) == "--since is after --until; nothing could match"


def test_collection_by_name_or_path_includes_subcollections() -> None:
    records = [
        Record(id="a", extra=((COLLECTION, "ML / Transformers"),)),
        Record(id="b", extra=((COLLECTION, "ML"),)),
        Record(id="c", extra=((COLLECTION, "Reading"), (COLLECTION, "Physics / Transformers"))),
        Record(id="d", extra=(("zotero.other", "ML"),)),
    ]
    assert _ids(select(records, Selection(collections=("ML",)))) == ["a", "b"]
    assert _ids(select(records, Selection(collections=("transformers",)))) == ["a", "c"]
    assert _ids(select(records, Selection(collections=("ML / Transformers",)))) == ["a"]
    assert _ids(select(records, Selection(collections=("ml/transformers", "Reading")))) == ["a", "c"]
    assert _ids(select(records, Selection(collections=("Transformers / ML",)))) == []


def test_author_initials_match_with_or_without_dots() -> None:
    records = [Record(id="a", author=(Person("Doe", "J."),)), Record(id="b", author=(Person("Doe", "Jane"),))]
    assert _ids(select(records, Selection(authors=("Doe, J",)))) == ["a"]
    assert _ids(select(records, Selection(authors=("J Doe",)))) == ["a"]
    assert _ids(select(records, Selection(authors=("Doe, J.",)))) == ["a"]


def test_an_affiliation_of_no_words_matches_nothing() -> None:
    records = [Record(id="a", affiliations=("mit",))]
    assert select(records, Selection(affiliations=("--",))) == []


def test_records_without_the_sort_value_come_last_in_both_orders() -> None:
    records = [Record(id="none"), Record(id="b", extra=(("bibtex.timestamp", "2"),)),
               Record(id="a", extra=(("bibtex.timestamp", "1"),))]
    assert _ids(sort_records(records, "bibtex.timestamp")) == ["a", "b", "none"]
    assert _ids(sort_records(records, "-bibtex.timestamp")) == ["b", "a", "none"]


def test_sort_by_author_uses_an_institution_name_as_family() -> None:
    records = [Record(id="zed", author=(Person("Zed", "Ann"),)), Record(id="acme", author=(Person(literal="Acme"),)),
               Record(id="none")]
    assert _ids(sort_records(records, "author")) == ["acme", "zed", "none"]


def test_sort_by_editor() -> None:
    records = [Record(id="none"), Record(id="roe", editor=(Person("Roe", "Ann"),)),
               Record(id="doe", editor=(Person("Doe", "Jane"),), author=(Person("Zed", "Z"),))]
    assert _ids(sort_records(records, "editor")) == ["doe", "roe", "none"]


def test_unknown_sort_field_names_the_choices() -> None:
    with pytest.raises(FilterValueError) as refused:
        parse_sort("colour")
    assert str(refused.value) == (
        "cannot sort by 'colour': use FIELD or -FIELD (descending), FIELD one of date, year, author, editor, "
        "title, key, type, abstract, a CSL or BibTeX field (volume, doi, journal...) or bibtex.NAME")


def test_unknown_categories_are_neither_badges_nor_arxiv_names_nor_in_the_records() -> None:
    records = [Record(id="a", categories=("q-bio.NC",))]
    selection = Selection(categories=("LG", "cs.lg", "CS.AI", "q-bio.nc", "XYZ", "cs.XX"))
    assert unknown_categories(selection, records) == ["XYZ", "cs.XX"]
    assert unknown_categories(Selection(categories=("XYZ",)), [Record(id="b", categories=("xyz",))]) == []
