"""Initials (initialize-with, initialize="false"): expected values from the CSL test suite's
name_Initials* and name_CeltsAndToffs* fixtures (citeproc-js)."""

from __future__ import annotations

import pytest

from bibexport.csl.initials import initialize_given


@pytest.mark.parametrize("given, terminator, initialize, expected", [
    ("ME", ". ", True, "M."),
    ("M.E", ". ", True, "M. E."),
    ("John M.E.", "", True, "JME"),
    ("ME.", ".", True, "ME."),  # an abbreviation keeps its letters
    ("Ph. M.E.", ". ", True, "Ph. M. E."),
    ("M.E", ". ", False, "M. E."),  # initialize="false": only initials get the terminator
    ("John M.E.", " ", False, "John M E"),
    ("Ph.M.E.", "", False, "PhME"),
    ("Me.", ".", False, "Me."),
    ("H.-L.", ".", True, "H.-L."),  # name_CeltsAndToffsWithHyphens
    ("Guo-ping", " ", True, "G"),  # a lowercase part after a hyphen is dropped
    ("栄", ". ", True, "栄"),  # other scripts are not initialized
])
def test_initialize_given(given, terminator, initialize, expected):
    assert initialize_given(given, terminator, initialize) == expected


def test_without_hyphen():
    assert initialize_given("Jean-Pierre", ". ", True, hyphen=False) == "J. P."
