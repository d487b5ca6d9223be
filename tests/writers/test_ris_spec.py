"""The RIS writer's page split as its docstrings specify it (written for the mutation score,
tests/MUTATION.md): ``SP``/``EP`` around the first dash run, "what ``_PAGES.fullmatch``
finds", whether the text has a line break (regex) or not (the hand-written scan)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    from bibexport.model import Record

    record = Record(id="k", title="T", has_code=True, fields=(("note", "Read twice\nthen cite"),))
    assert [v for t, v in ris.record_lines(record) if t == "N1"] == ["Read twice", "then cite", "Code: available"]
