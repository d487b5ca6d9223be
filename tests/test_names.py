"""Splitting displayed names into CSL name parts."""

from __future__ import annotations

import pytest

from bibexport.model import Person
from bibexport.names import parse_name


@pytest.mark.parametrize(
    ("text", "person"),
    [
        pytest.param("Ekin Akyürek", Person("Akyürek", "Ekin"), id="plain"),
        pytest.param("Marlos C. Machado", Person("Machado", "Marlos C."), id="middle-initial"),
        pytest.param("Zhaohan Daniel Guo", Person("Guo", "Zhaohan Daniel"), id="two-given"),
        pytest.param("Jack Parker-Holder", Person("Parker-Holder", "Jack"), id="hyphenated-family"),
        pytest.param("Laurens van der Maaten", Person("Maaten", "Laurens", particle="van der"), id="particle"),
        pytest.param("Juan de la Cruz", Person("Cruz", "Juan", particle="de la"), id="two-word-particle"),
        pytest.param("Martin Luther King, Jr.", Person("King", "Martin Luther", suffix="Jr."), id="comma-suffix"),
        pytest.param("Martin Luther King III", Person("King", "Martin Luther", suffix="III"), id="roman-suffix"),
        pytest.param("van der Maaten, Laurens", Person("Maaten", "Laurens", particle="van der"), id="inverted"),
        pytest.param("Knuth, Jr., Donald E.", Person("Knuth", "Donald E.", suffix="Jr."), id="inverted-suffix"),
        pytest.param("Plato", Person("Plato"), id="single-word"),
        pytest.param("van Gogh", Person("Gogh", "van"), id="two-words-keep-a-given-name"),
        pytest.param("Louis III", Person("III", "Louis"), id="two-words-no-suffix"),
        pytest.param("  Ekin \u00a0 Akyürek ", Person("Akyürek", "Ekin"), id="messy-spaces"),
        pytest.param("", Person(), id="empty"),
    ],
)
def test_parse_name(text, person):
    assert parse_name(text) == person


def test_display_puts_parts_back_in_reading_order():
    assert Person("Maaten", "Laurens", particle="van der").display() == "Laurens van der Maaten"
    assert Person("King", "Martin Luther", suffix="Jr.").display() == "Martin Luther King, Jr."
    assert Person(literal="OpenAI").display() == "OpenAI"
