"""The CSL-JSON writer's own indenting encoder gives exactly what ``json.dumps(indent=2)`` gives."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport.model import Date, Person, Record
from bibexport.writers import csljson

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4)
    | st.tuples(inner, inner),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(JSON)
def test_dump_matches_json_dumps(value):
    assert csljson._dump(value, "") == json.dumps(value, ensure_ascii=False, indent=2)
    assert csljson._dump([value], "") == json.dumps([value], ensure_ascii=False, indent=2)


def test_write_is_the_json_array_of_items_and_streams_one_item_per_piece():
    records = [
        Record(id=f"k{i}", title=f"Tïtle \"{i}\"\n\t\\", author=(Person("Akyürek", "Ekin"),), issued=Date(2022, 11, i + 1))
        for i in range(3)
    ]
    expected = json.dumps([csljson.record_to_csl(r) for r in records], ensure_ascii=False, indent=2) + "\n"
    assert csljson.write(records) == expected
    pieces = list(csljson.iter_write(records))
    assert len(pieces) == 4 and "".join(pieces) == expected
    assert list(csljson.iter_write([])) == ["[]\n"]
