"""The CSL-JSON writer as its docstrings and the CSL-JSON schema (tests/data/csl-data.json, v1.0.2)
specify it, for what tests/writers/test_csljson.py leaves open (written for the mutation score,
tests/MUTATION.md)."""

from __future__ import annotations

import json

import pytest

from bibexport.model import Person
from bibexport.writers import csljson


@pytest.mark.parametrize(
    ("person", "csl"),
    [
        pytest.param(Person("Doe", "J", parse_names=False), {"family": "Doe", "given": "J", "parse-names": False},
                     id="parse-names-false"),
        pytest.param(Person("Doe", "J", parse_names=True), {"family": "Doe", "given": "J", "parse-names": True},
                     id="parse-names-true"),
        pytest.param(Person("Doe", "J", comma_suffix=True), {"family": "Doe", "given": "J", "comma-suffix": True},
                     id="comma-suffix"),
        pytest.param(Person("Doe", "J", static_ordering=1), {"family": "Doe", "given": "J", "static-ordering": 1},
                     id="static-ordering-as-given"),
        pytest.param(Person("Doe", "J"), {"family": "Doe", "given": "J"}, id="no-flag"),
    ],
)
def test_name_flags_as_given(person: Person, csl: dict) -> None:
    """comma-suffix and static-ordering are off unless given; parse-names has no default in the
    record (None), so a given ``false`` is written back (the reader keeps it: lossless)."""
    assert csljson.person_to_csl(person) == csl


def test_parse_names_false_survives_csl_json_to_csl_json() -> None:
    from bibexport import api

    item = {"id": "a", "type": "book", "title": "T", "author": [{"family": "Doe", "given": "J", "parse-names": False}]}
    (back,) = json.loads(api.write(api.read_text(json.dumps([item]), "csljson").records, "csljson"))
    assert back["author"] == item["author"]
