"""Quotes and apostrophes in field text (citeproc-js's flip-flopper), and quoted spans in output.

Expected strings come from the CSL test suite fixtures named in each case (citeproc-js output).
"""

from __future__ import annotations

import pytest

from bibexport.csl import QUOTE_CLOSE as QC, QUOTE_OPEN as QO
from bibexport.writers.formatted import bibliography, to_text
from bibexport.writers.formatted.flipflop import flipflop_quotes
from bibexport.writers.formatted.punctuation import punctuation_in_quote, resolve_quotes
from bibexport.model import Date, Person, Record


@pytest.mark.parametrize("text, expected", [
    pytest.param("Plato's thought", "Plato’s thought", id="apostrophe in a word"),
    pytest.param("'Parmenides' 132c", f"{QO}Parmenides{QC} 132c", id="leading single quote (flipflop_LeadingSingleQuote)"),
    pytest.param("(ETFA '09)", "(ETFA ’09)", id="starting apostrophe (flipflop_StartingApostrophe)"),
    pytest.param("Speak, 'friend', and enter.", f"Speak, {QO}friend{QC}, and enter.", id="single quotes pair"),
    pytest.param('"Nobody Knows You\'re a Dog": As', f"{QO}Nobody Knows You’re a Dog{QC}: As",
                 id="apostrophe inside double quotes (flipflop_SingleBeforeColon)"),
    pytest.param("From “Distance” to ‘Friction’", f"From {QO}Distance{QC} to {QO}Friction{QC}", id="curly quotes"),
    pytest.param('a "b', 'a "b', id="unmatched double quote kept"),
    pytest.param("l'''", "l’’’", id="only apostrophes (flipflop_ApostropheInsideTag)"),
    pytest.param('<i>"x"</i>', f"<i>{QO}x{QC}</i>", id="quote right after a tag"),
    pytest.param("no quotes", "no quotes", id="untouched"),
])
def test_flipflop_quotes(text, expected):
    assert flipflop_quotes(text) == expected


def test_nested_quotes_alternate():  # decorations_NestedQuotes
    assert resolve_quotes(f"{QO}My {QO}Amazing{QC} Title{QC}") == "“My ‘Amazing’ Title”"
    assert resolve_quotes(f"{QO}a {QO}b {QO}c{QC}{QC}{QC}", ("«", "»"), ("‹", "›")) == "«a ‹b «c»›»"


def test_punctuation_moves_inside_nested_quotes():  # quotes_PunctuationWithInnerQuote
    text = punctuation_in_quote(f"{QO}This is {QO}The One{QC}{QC}.")
    assert resolve_quotes(text) == "“This is ‘The One.’”"


def test_apostrophes_in_names_and_titles():
    record = Record(id="a", type="book", title="Plato's 'Parmenides'",
                    author=(Person(family="O'Brien", given="Shun'ichi"),
                            Person(family="Jones", given="John", dropping_particle="d'")), issued=Date(2000))
    text = to_text(bibliography([record], "chicago-author-date", "en-US")[0])
    # Chicago: the second author in reading order, the dropping particle joined to the family name.
    assert text == "O’Brien, Shun’ichi, and John d’Jones. 2000. Plato’s “Parmenides.”"
