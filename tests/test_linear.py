"""Pathological lines are read in linear time (#19), checked by counting work, not by a clock.

``bench/pathological.py`` times every reader on every shape; here the work of the parts that
were quadratic is counted (characters handed to the name checks), and the hand-written
replacements of quadratic regex searches are compared with the regexes they replace.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport.readers import bibtex, listing

SHAPES = {
    "camel": "AlphaBetaGamma",
    "capitals": "A",
    "camel-hyphen": "AlphaBeta-Gamma",
    "initials-glued": "A.",
    "capitals-spaced": "AB CD ",
}


def _work(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the characters every name check of the splitter is given."""
    counted = [0]
    checked = listing._is_name.__wrapped__  # the uncached function: every call counts

    def is_name(name: str, *, first: bool) -> bool:
        counted[0] += len(name)
        return checked(name, first=first)

    monkeypatch.setattr(listing, "_is_name", is_name)
    return counted


@pytest.mark.parametrize("unit", SHAPES.values(), ids=SHAPES.keys())
@pytest.mark.parametrize("where", ["title", "authors"])
def test_the_title_splitter_does_work_linear_in_the_line(monkeypatch, unit, where):
    """A 200,000-character title of camel case or capitals: each of its inner capitals is a
    possible split point; trying each with the rest of the line made the work quadratic
    (20,000 characters: 1.2 s; 200,000: did not finish)."""
    counted = _work(monkeypatch)
    work = {}
    for size in (20_000, 200_000):
        run = (unit * (size // len(unit)))[:size]
        line = f"{run}Jane Doe, John Roe" if where == "title" else f"A Title{run}"
        counted[0] = 0
        listing.split_title_line(line)
        work[size] = counted[0]
        assert counted[0] <= 20 * len(line) + 10_000, (size, counted[0])
    assert work[200_000] <= 12 * work[20_000] + 10_000  # ten times the line, about ten times the work


def test_a_long_first_name_is_still_split_as_before():
    """The bound on a first name's length (FIRST_NAME_CHARS) is far above real names."""
    name = "Kwang-Hwan Abcdefghijklmnopqrstuvwxyz Parker-Holder Maria Jose Sharifnassab"
    assert len(name) < listing.FIRST_NAME_CHARS
    title, authors, _, _ = listing.split_title_line(f"A Study of Things{name}, John Roe")
    assert (title, authors) == ("A Study of Things", (name, "John Roe"))


_ET_AL_TEXT = st.lists(st.sampled_from([" ", "\t", ",", "et", "al", ".", "a", "Jane Doe", "\u00a0", "\n"]),
                       max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_ET_AL_TEXT)
def test_et_al_found_by_hand_where_the_regex_finds_it(text):
    match = listing.ET_AL.search(text)
    expected = None if match is None or match.end() != len(text) else match.start()
    assert listing._et_al_start(text) == expected


OLD_AND = re.compile(r"\s+and\s+", re.I)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "and", "AND", "And", "x", "{", "}", "\n", "andy"]), max_size=14).map("".join))
def test_author_split_at_and_is_the_split_of_the_plain_regex(text):
    """``and`` found only where a run of whitespace starts: the same splits, without trying
    every position of a long run (an author field of 100,000 spaces did not finish)."""
    assert bibtex._AND.split(text) == OLD_AND.split(text)
    assert bibtex._AND_KEEP.split(text) == re.compile(r"(\s+and\s+)", re.I).split(text)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "-", "–", "—", "1", "x", "\u00a0", "\n", "--"]), max_size=12).map("".join))
def test_ris_pages_split_by_hand_as_the_regex_splits_them(page):
    """The RIS writer's SP/EP split (a page field of 100,000 spaces did not finish)."""
    from bibexport.writers import ris

    m = ris._PAGES.fullmatch(page)
    assert ris._split_pages(page) == ((m.group(1), m.group(2), m.group(3)) if m else (page.strip(), "", ""))
