"""parse_name by the rule in its docstring, for the cases tests/test_names.py leaves open
(written for the mutation score, tests/MUTATION.md): whitespace other than one space, a
suffix after two or more words, runs of particles, a particle last, family names of two
words in inverted order."""

from __future__ import annotations

import pytest

from bibexport.model import Person
from bibexport.names import is_particle, is_suffix, parse_name


@pytest.mark.parametrize(("text", "person"), [
    pytest.param("Ekin\u00a0Akyürek", Person("Akyürek", "Ekin"), id="no-break-space-only"),
    pytest.param("Ekin\tAkyürek", Person("Akyürek", "Ekin"), id="tab"),
    pytest.param("Jane  Doe", Person("Doe", "Jane"), id="two-spaces"),
    pytest.param("Ken Griffey Jr.", Person("Griffey", "Ken", suffix="Jr."), id="suffix-after-two-words"),
    pytest.param("Ken Griffey Sr", Person("Griffey", "Ken", suffix="Sr"), id="sr-without-dot"),
    pytest.param("Henry Ford 2nd", Person("Ford", "Henry", suffix="2nd"), id="ordinal-suffix"),
    pytest.param("Juan Pablo de la Cruz", Person("Cruz", "Juan Pablo", particle="de la"), id="two-given-two-particles"),
    pytest.param("Ana Maria de Souza", Person("Souza", "Ana Maria", particle="de"), id="two-given-one-particle"),
    pytest.param("José Ortega y Gasset", Person("Gasset", "José Ortega", particle="y"), id="one-letter-particle"),
    pytest.param("van der Maaten", Person("Maaten", "van", particle="der"), id="first-word-stays-given"),
    pytest.param("Anne Marie de", Person("de", "Anne Marie"), id="particle-last-is-the-family-name"),
    pytest.param("Vincent Van Gogh", Person("Gogh", "Vincent Van"), id="capitalised-particle-is-given"),
    pytest.param("Gloria jean Watkins", Person("Watkins", "Gloria jean"), id="lowercase-non-particle-is-given"),
    pytest.param("García Márquez, Gabriel", Person("García Márquez", "Gabriel"), id="inverted-two-word-family"),
    pytest.param("van, Ludwig", Person("van", "Ludwig"), id="inverted-one-word-family"),
    pytest.param("de la Cruz, Juan", Person("Cruz", "Juan", particle="de la"), id="inverted-particles"),
])
def test_parse_name_by_the_rule(text: str, person: Person) -> None:
    assert parse_name(text) == person


@pytest.mark.parametrize("word", ["Jr.", "jr", "Sr.", "II", "III", "IV", "V", "2nd", "3rd", "Jr.,", "III,"])
def test_suffixes_with_or_without_a_trailing_comma(word: str) -> None:
    assert is_suffix(word)


@pytest.mark.parametrize("word", ["Junior", "VI", ",Jr.", "Jr.x", "J", "IVX"])
def test_not_suffixes(word: str) -> None:
    assert not is_suffix(word)


@pytest.mark.parametrize(("word", "particle"), [
    ("van", True), ("de", True), ("st.", True), ("Van", False), ("De", False), ("jean", False), ("", False),
])
def test_particles_are_the_lowercase_words_of_the_list(word: str, particle: bool) -> None:
    assert is_particle(word) is particle
