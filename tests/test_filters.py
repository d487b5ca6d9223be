"""Filters: each one keeps what it should and drops what it should, and bad values say why."""

from __future__ import annotations

import re

import pytest

from bibexport.filters import (
    FilterValueError,
    Selection,
    check_range,
    parse_date,
    parse_regex,
    parse_sort,
    parse_years,
    select,
    sort_records,
)
from bibexport.model import Date, Person, Record

AKYUREK = Record(
    id="akyurek2022learning",
    title="What learning algorithm is in-context learning?",
    author=(Person("Akyürek", "Ekin"), Person("Andreas", "Jacob")),
    issued=Date(2022, 11, 28),
    abstract="Transformers implement gradient descent.",
    categories=("cs.LG",),
    affiliations=("microsoft-research", "mit"),
    has_code=True,
)
MAATEN = Record(
    id="vandermaaten2008visualizing",
    type="article-journal",
    title="Visualizing Data using t-SNE",
    author=(Person("Maaten", "Laurens", particle="van der"), Person("Hinton", "Geoffrey")),
    issued=Date(2008, 11),
    categories=("stat.ML",),
    affiliations=("University of Toronto",),
)
YANG = Record(
    id="yang2023foundation",
    title="Foundation Models for Decision Making",
    author=(Person("Yang", "Sherry"),),
    issued=Date(2023),
    abstract="We examine the scope of foundation models.",
    categories=("cs.AI",),
    affiliations=("summit-labs",),
)
UNDATED = Record(id="anon", title="An untitled note without a date")
RECORDS = (AKYUREK, MAATEN, YANG, UNDATED)


def ids(selection: Selection, records=RECORDS) -> list[str]:
    return [r.id for r in select(records, selection)]


@pytest.mark.parametrize(
    "selection, expected",
    [
        pytest.param(Selection(authors=("akyurek",)), ["akyurek2022learning"], id="author-accent-insensitive"),
        pytest.param(Selection(authors=("AKYÜREK",)), ["akyurek2022learning"], id="author-case-insensitive"),
        pytest.param(Selection(authors=("Ekin Akyurek",)), ["akyurek2022learning"], id="author-full-name"),
        pytest.param(Selection(authors=("Akyurek, Ekin",)), ["akyurek2022learning"], id="author-family-comma-given"),
        pytest.param(Selection(authors=("andreas",)), ["akyurek2022learning"], id="author-not-only-first"),
        pytest.param(Selection(authors=("van der maaten",)), ["vandermaaten2008visualizing"], id="author-particle"),
        pytest.param(Selection(authors=("Maaten",)), ["vandermaaten2008visualizing"], id="author-family-alone"),
        pytest.param(Selection(authors=("ekin",)), [], id="author-given-name-alone-is-not-a-name"),
        pytest.param(Selection(authors=("yang", "hinton")), ["vandermaaten2008visualizing", "yang2023foundation"],
                     id="author-repeated-is-or"),
        pytest.param(Selection(years=(2022, 2022)), ["akyurek2022learning"], id="year"),
        pytest.param(Selection(years=(2008, 2022)), ["akyurek2022learning", "vandermaaten2008visualizing"],
                     id="year-range"),
        pytest.param(Selection(since=(2022, 12)), ["yang2023foundation"], id="since-month"),
        pytest.param(Selection(since=(2022, 11, 28)), ["akyurek2022learning", "yang2023foundation"],
                     id="since-day-inclusive"),
        pytest.param(Selection(since=(2022, 11, 29)), ["yang2023foundation"], id="since-day-after"),
        pytest.param(Selection(until=(2008,)), ["vandermaaten2008visualizing"], id="until-year-includes-its-months"),
        pytest.param(Selection(until=(2008, 10)), [], id="until-month-before"),
        pytest.param(Selection(since=(2023, 5)), ["yang2023foundation"], id="year-only-date-within-since-month"),
        pytest.param(Selection(categories=("LG",)), ["akyurek2022learning"], id="category-badge"),
        pytest.param(Selection(categories=("cs.lg",)), ["akyurek2022learning"], id="category-arxiv-name"),
        pytest.param(Selection(categories=("ML",)), ["vandermaaten2008visualizing"], id="category-badge-non-cs"),
        pytest.param(Selection(categories=("LG", "AI")), ["akyurek2022learning", "yang2023foundation"],
                     id="category-repeated-is-or"),
        pytest.param(Selection(has_code=True), ["akyurek2022learning"], id="has-code"),
        pytest.param(Selection(affiliations=("MIT",)), ["akyurek2022learning"], id="affiliation-whole-word"),
        pytest.param(Selection(affiliations=("microsoft",)), ["akyurek2022learning"], id="affiliation-part"),
        pytest.param(Selection(affiliations=("toronto",)), ["vandermaaten2008visualizing"], id="affiliation-word"),
        pytest.param(Selection(match=re.compile("t-sne", re.I)), ["vandermaaten2008visualizing"], id="match-title"),
        pytest.param(Selection(match=parse_regex(r"gradient\s+descent")), ["akyurek2022learning"],
                     id="match-abstract"),
        pytest.param(Selection(keys=("YANG2023FOUNDATION",)), ["yang2023foundation"], id="key-case-insensitive"),
        pytest.param(Selection(keys=("yang*", "anon")), ["yang2023foundation", "anon"], id="key-glob"),
        pytest.param(Selection(types=("article-journal",)), ["vandermaaten2008visualizing"], id="type"),
        pytest.param(Selection(categories=("LG",), years=(2023, 2023)), [], id="filters-combine-with-and"),
        pytest.param(Selection(), [r.id for r in RECORDS], id="no-filter-keeps-all"),
    ],
)
def test_filter_keeps_exactly(selection, expected):
    assert ids(selection) == expected


def test_affiliation_is_not_a_substring_of_a_word():
    # "mit" must not match "summit-labs".
    assert ids(Selection(affiliations=("mit",))) == ["akyurek2022learning"]


@pytest.mark.parametrize(
    "order, expected",
    [
        pytest.param("date", ["vandermaaten2008visualizing", "akyurek2022learning", "yang2023foundation", "anon"],
                     id="date-undated-last"),
        pytest.param("-date", ["yang2023foundation", "akyurek2022learning", "vandermaaten2008visualizing", "anon"],
                     id="newest-first-undated-last"),
        pytest.param("author", ["akyurek2022learning", "vandermaaten2008visualizing", "yang2023foundation", "anon"],
                     id="author-by-family-then-no-author"),
        pytest.param("title", ["anon", "yang2023foundation", "vandermaaten2008visualizing", "akyurek2022learning"],
                     id="title"),
        pytest.param("key", ["akyurek2022learning", "anon", "vandermaaten2008visualizing", "yang2023foundation"],
                     id="key"),
    ],
)
def test_sort(order, expected):
    assert [r.id for r in sort_records(RECORDS, order)] == expected


def test_sort_is_stable_for_equal_dates():
    twins = [YANG.replace(id="b"), YANG.replace(id="a")]
    assert [r.id for r in sort_records(twins, "-date")] == ["b", "a"]


VOLUMES = [Record(id=i, title=t, fields=(("volume", v), ("container-title", j)) if v else ())
           for i, t, v, j in [("a", "Alpha", "9", "Nature"), ("b", "Beta", "10", "Science"), ("c", "Gamma", "", ""),
                              ("d", "Delta", "10", "Cell")]]


@pytest.mark.parametrize(
    "order, expected",
    [
        pytest.param("volume", ["a", "b", "d", "c"], id="numbers-by-value-missing-last"),
        pytest.param("-volume", ["b", "d", "a", "c"], id="descending-stable-missing-last"),
        pytest.param("-volume,-title", ["d", "b", "a", "c"], id="ties-broken-by-the-second-field"),
        pytest.param("-volume,title", ["b", "d", "a", "c"], id="second-field-ascending"),
        pytest.param("journal", ["d", "a", "b", "c"], id="bibtex-name-of-container-title"),
        pytest.param("-Container-Title", ["b", "a", "d", "c"], id="csl-name-any-case"),
    ],
)
def test_sort_by_any_field(order, expected):
    assert [r.id for r in sort_records(VOLUMES, order)] == expected


def test_sort_by_year_keeps_input_order_within_a_year():
    same_year = [YANG.replace(id="x", issued=Date(2023, 12)), YANG.replace(id="y", issued=Date(2023, 1))]
    assert [r.id for r in sort_records(same_year, "year")] == ["x", "y"]
    assert [r.id for r in sort_records(same_year, "date")] == ["y", "x"]


@pytest.mark.parametrize("text", ["size", "-", "date,,title", "bibtex."])
def test_unknown_sort_field_says_what_is_allowed(text):
    with pytest.raises(FilterValueError, match="cannot sort by"):
        parse_sort(text)


def test_sort_by_a_field_kept_from_bibtex():
    records = [Record(id="a", extra=(("bibtex.timestamp", "2021-05-01"),)), Record(id="b"),
               Record(id="c", extra=(("bibtex.timestamp", "2020-01-01"),))]
    assert [r.id for r in sort_records(records, "-bibtex.timestamp")] == ["a", "c", "b"]


def test_limit_applies_after_sort():
    assert ids(Selection(sort="-date", limit=2)) == ["yang2023foundation", "akyurek2022learning"]


def test_limit_zero_selects_nothing():
    assert ids(Selection(limit=0)) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("2022", (2022, 2022), id="one-year"),
        pytest.param("2022-2024", (2022, 2024), id="range"),
        pytest.param(" 2022 – 2024 ", (2022, 2024), id="en-dash-and-spaces"),
    ],
)
def test_parse_years(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("2023", (2023,), id="year"),
        pytest.param("2023-05", (2023, 5), id="month"),
        pytest.param("2024-02-29", (2024, 2, 29), id="leap-day"),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "parse, text, message",
    [
        pytest.param(parse_years, "22", "not a year", id="year-two-digits"),
        pytest.param(parse_years, "2024-2022", "backwards", id="year-range-backwards"),
        pytest.param(parse_date, "May 2023", "not a date", id="date-words"),
        pytest.param(parse_date, "2023-13", "not a real date", id="date-month-13"),
        pytest.param(parse_date, "2023-02-29", "not a real date", id="date-not-leap"),
        pytest.param(parse_regex, "(unclosed", "not a valid regular expression", id="regex"),
    ],
)
def test_bad_values_say_what_is_wrong(parse, text, message):
    with pytest.raises(FilterValueError, match=message):
        parse(text)


def test_since_after_until_is_refused():
    with pytest.raises(FilterValueError, match="--since is after --until"):
        check_range((2024,), (2023, 5))


def test_since_and_until_in_the_same_year_are_fine():
    check_range((2023, 5), (2023,))
