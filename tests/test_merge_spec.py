"""merge.py as its docstrings and README "--duplicates/--merge" specify it, for what
tests/test_merge.py leaves open (written for the mutation score, tests/MUTATION.md)."""

from __future__ import annotations

import pytest

from bibexport.merge import Duplicates, merge
from bibexport.model import Date, Person, Record
from bibexport.readers import ReadResult


def _merged(first: Record, later: Record, rules: str, strategy: str = "first") -> tuple[list[Record], list[str]]:
    result = merge([ReadResult((first,)), ReadResult((later,))], duplicates=Duplicates.parse(rules, strategy))
    return list(result.records), [p.message for p in result.problems]


def test_rules_are_comma_separated() -> None:
    assert Duplicates.parse("key,doi").rules == ("key", "doi")
    assert Duplicates.parse(" Key , DOI ,").rules == ("key", "doi")


def test_refusals_name_the_allowed_values() -> None:
    with pytest.raises(ValueError) as rule:
        Duplicates.parse("isbn")
    assert str(rule.value) == "unknown duplicate rule 'isbn'; use any of key, doi, citation, abstract, title"
    with pytest.raises(ValueError) as strategy:
        Duplicates.parse("doi", "both")
    assert str(strategy.value) == "unknown merge strategy 'both'; use one of first, last, combine, overwrite"


@pytest.mark.parametrize("written", [
    "10.1000/xyz", "https://doi.org/10.1000/XYZ", "http://doi.org/10.1000/xyz", "https://dx.doi.org/10.1000/xyz",
    "http://dx.doi.org/10.1000/xyz", "doi:10.1000/xyz", "DOI:10.1000/xyz",
])
def test_a_doi_is_the_same_whatever_resolver_or_prefix(written: str) -> None:
    one = Record(id="a", title="One", fields=(("DOI", "10.1000/XYZ"),), source="a.bib:1")
    two = Record(id="b", title="Two", fields=(("DOI", written),), source="b.bib:1")
    assert len(_merged(one, two, "doi")[0]) == 1


def test_keys_equal_ignoring_case_only_where_bibtex_ignores_it() -> None:
    """BibTeX compares keys ignoring ASCII case: 'Maß2020' and 'MASS2020' are different keys."""
    one = Record(id="Maß2020", title="One", source="a.bib:1")
    assert len(_merged(one, Record(id="MASS2020", title="Two", source="b.bib:1"), "key")[0]) == 2
    assert len(_merged(one, Record(id="mAß2020", title="Two", source="b.bib:1"), "key")[0]) == 1


ABSTRACT = "We study " + "x" * 83 + " in depth and"  # exactly 100 letters and digits


def test_the_abstract_rule_compares_the_first_100_letters_and_digits() -> None:
    one = Record(id="a", title="One", abstract=ABSTRACT + " conclude.", source="a.bib:1")
    same = Record(id="b", title="Two", abstract=ABSTRACT + " find more!", source="b.bib:1")
    assert len(_merged(one, same, "abstract")[0]) == 1
    early = Record(id="b", title="Two", abstract=ABSTRACT[:-6] + "in dopth and", source="b.bib:1")
    assert len(_merged(one, early, "abstract")[0]) == 2


def test_the_warning_for_records_without_key_or_source() -> None:
    title = "A title that is longer than sixty characters, so the warning cuts it short"
    first = Record(title=title, author=(Person("Doe", "Jane"),), issued=Date(2020))
    later = first.replace(source="b.bib:4")
    _, messages = _merged(first, later, "citation")
    assert messages == [f"duplicate of an earlier record ({title[:60]!r}: same title, first author and year); "
                        "the first kept, this one dropped (--merge or --keep-duplicates to choose)"]
    _, messages = _merged(first, later, "citation", "last")
    assert messages[0].endswith("; this one kept in place of the first")


def test_combine_merges_name_value_pairs_and_lists_what_it_added() -> None:
    first = Record(id="a", title="One", fields=(("volume", "3"),), extra=(("bibtex.x", "1"),),
                   names=(("translator", (Person("Roe", "Ann"),)),), dates=(("accessed", Date(2020)),),
                   source="a.bib:1")
    later = Record(id="b", title="One", fields=(("page", "9"),), extra=(("bibtex.y", "2"),),
                   names=(("director", (Person("Poe", "Al"),)),), dates=(("original-date", Date(1990)),),
                   source="b.bib:1")
    [record], [message] = _merged(first, later, "citation", "combine")
    assert record.fields == (("volume", "3"), ("page", "9"))
    assert record.extra == (("bibtex.x", "1"), ("bibtex.y", "2"))
    assert record.names == (("translator", (Person("Roe", "Ann"),)), ("director", (Person("Poe", "Al"),)))
    assert record.dates == (("accessed", Date(2020)), ("original-date", Date(1990)))
    assert message.endswith("merged into a (added: page, director, original-date, bibtex.y)")


def test_overwrite_keeps_the_first_records_key_type_and_place() -> None:
    first = Record(id="a", type="article-journal", title="One", source="a.bib:1")
    later = Record(id="b", type="book", title="One", fields=(("page", "9"),), source="b.bib:7")
    [record], _ = _merged(first, later, "citation", "overwrite")
    assert (record.id, record.type, record.source, record.get("page")) == ("a", "article-journal", "a.bib:1", "9")


def test_a_truncated_author_list_comes_with_its_authors() -> None:
    """'et al.' belongs to the author list it ends: it is taken with the authors, and only then."""
    doe = (Person("Doe", "Jane"),)
    no_authors = Record(id="a", title="One", issued=Date(2020), source="a.bib:1")
    truncated = Record(id="b", title="One", issued=Date(2020), author=doe, authors_truncated=True,
                       fields=(("DOI", "10.1/x"),), source="b.bib:1")
    [record], _ = _merged(no_authors.replace(fields=(("DOI", "10.1/x"),)), truncated, "doi", "combine")
    assert (record.author, record.authors_truncated) == (doe, True)
    kept = Record(id="a", title="One", author=doe, authors_truncated=True, fields=(("DOI", "10.1/x"),),
                  source="a.bib:1")
    [record], _ = _merged(kept, truncated.replace(authors_truncated=False, abstract="New."), "doi", "combine")
    assert (record.abstract, record.authors_truncated) == ("New.", True)


def test_combine_never_takes_et_al_without_the_authors() -> None:
    doe = (Person("Doe", "Jane"),)
    first = Record(id="a", title="One", author=doe, fields=(("DOI", "10.1/x"),), source="a.bib:1")
    later = first.replace(id="b", authors_truncated=True, abstract="New.", source="b.bib:1")
    [record], [message] = _merged(first, later, "doi", "combine")
    assert (record.abstract, record.authors_truncated) == ("New.", False)
    assert message.endswith("merged into a (added: abstract)")


def test_merge_messages_name_the_first_record_or_say_the_first() -> None:
    first = Record(title="One", fields=(("DOI", "10.1/x"), ("volume", "3")), source="a.bib:1")
    same = first.replace(source="b.bib:1")
    assert _merged(first, same, "doi", "combine")[1][0].endswith("; merged into the first (nothing to add)")
    more = first.replace(fields=(("DOI", "10.1/x"), ("volume", "4")), source="b.bib:1")
    assert _merged(first, more, "doi", "combine")[1][0].endswith("; merged into the first (nothing to add)")
    assert _merged(first, more, "doi", "overwrite")[1][0].endswith("; merged into the first (taken: volume)")


def test_overwrite_replaces_only_the_fields_the_later_record_has() -> None:
    first = Record(id="a", title="One", fields=(("DOI", "10.1/x"), ("volume", "3"), ("issue", "2")), source="a.bib:1")
    later = Record(id="b", title="One", fields=(("DOI", "10.1/x"), ("volume", "4"), ("page", "7")), source="b.bib:1")
    [record], [message] = _merged(first, later, "doi", "overwrite")
    assert record.fields == (("DOI", "10.1/x"), ("volume", "4"), ("issue", "2"), ("page", "7"))
    assert message.endswith("merged into a (taken: volume, page)")


@pytest.mark.parametrize(("source", "expected"), [
    ("refs.bib:12", ("refs.bib", 12)), ("C:/refs.bib", ("C:/refs.bib", None)), ("a:b:3", ("a:b", 3)),
    ("refs.bib", ("refs.bib", None)), ("", ("<input>", None)),
])
def test_split_source(source: str, expected: tuple[str, int | None]) -> None:
    from bibexport.merge import split_source

    assert split_source(source) == expected


def test_check_reports_every_key_used_twice_and_keeps_every_record() -> None:
    from bibexport.merge import check

    records = (Record(title="No key", source="a.bib:1"), Record(id="Maß", title="One", source="a.bib:2"),
               Record(id="MASS", title="Two", source="a.bib:3"), Record(id="k", title="Three"),
               Record(id="K", title="Four", source="a.bib:9"))
    result = check([ReadResult(records)])
    assert result.records == records
    assert [(p.source, p.line, p.message) for p in result.problems] == [
        ("a.bib", 9, "citation key 'K' is already used at an earlier record; give one of them another key")]
