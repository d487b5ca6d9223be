"""The CSL-JSON writer: golden output, schema validity, Zotero's preprint form, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibexport import api
from bibexport.model import Date, Person, Record
from bibexport.readers import csljson as csljson_reader
from bibexport.readers import listing
from bibexport.writers import csljson

from ..conftest import SEED_AS_OF

GOLDEN = Path(__file__).parent.parent / "golden" / "csljson"

TWO_PAPERS = (
    "LGNov 28, 2022Code\n"
    "Learning with linear modelsEkin Akyürek, Laurens van der Maaten et al. · microsoft-research, mit\n"
    "An abstract with $O(1/t)$ and \\emph{emphasis}.\n"
    "MLJan 31, 2023\n"
    "Universal PoliciesYilun Du\n"
)


def _records(text: str):
    return api.prepare(listing.read(text, as_of=SEED_AS_OF).records)


def test_golden_listing_two_papers():
    expected = (GOLDEN / "listing_two_papers.json").read_text(encoding="utf-8")
    assert csljson.write(_records(TWO_PAPERS)) == expected


def test_seed_output_is_schema_valid(seed_text, csl_validator):
    items = json.loads(csljson.write(_records(seed_text)))
    assert len(items) == 50
    errors = [f"{e.json_path}: {e.message}" for e in csl_validator.iter_errors(items)]
    assert errors == []


def test_stress_record_is_schema_valid(csl_validator):
    record = Record(
        id="x",
        type="article-journal",
        title="Ünïcödé & <tags> \\ \"quotes\"",
        author=(Person(literal="The Consortium"), Person("King", "Martin Luther", suffix="Jr.")),
        editor=(Person("Gaulle", "Charles", dropping_particle="de"),),
        issued=Date(literal="Spring 2020"),
        fields=(("volume", "12"), ("container-title", "Journal")),
        extra=(("bibtex.timestamp", "2020-01-01"),),
    )
    errors = list(csl_validator.iter_errors(json.loads(csljson.write([record]))))
    assert errors == []


def test_writer_output_ends_with_newline_and_is_not_ascii_escaped():
    text = csljson.write(_records(TWO_PAPERS))
    assert text.endswith("]\n")
    assert "Akyürek" in text


def test_round_trip_through_reader_keeps_every_listing_fact(seed_text):
    records = _records(seed_text)
    back = csljson_reader.read(csljson.write(records)).records
    assert back == records


def test_empty_input_writes_empty_array():
    assert csljson.write([]) == "[]\n"


@pytest.mark.parametrize(
    ("record", "note"),
    [
        pytest.param(Record(title="t"), None, id="nothing-to-note"),
        pytest.param(Record(title="t", has_code=True), "Code: available", id="code"),
        pytest.param(
            Record(title="t", fields=(("note", "Own note"),), categories=("cs.AI", "cs.CL")),
            "Own note\narXiv categories: cs.AI, cs.CL",
            id="own-note-first",
        ),
    ],
)
def test_note_holds_what_zotero_would_otherwise_drop(record, note):
    assert csljson.record_to_csl(record).get("note") == note


def test_field_the_schema_lacks_goes_to_note_and_comes_back(csl_validator):
    """The CSL schema allows no other top-level key: such a field is a ``csl.name`` note line."""
    text = '[{"id": "a", "type": "book", "title": "T", "volume": "3", "family": 0, "x-custom": "v"}]'
    records = csljson_reader.read(text, "in.json").records
    out = csljson.write(records)
    (item,) = json.loads(out)
    assert list(csl_validator.iter_errors([item])) == []
    assert item["volume"] == "3" and item["note"] == "csl.family: 0\ncsl.x-custom: v"
    (again,) = csljson_reader.read(out, "out.json").records
    assert csljson.write([again]) == out  # read back as fields, written the same way
