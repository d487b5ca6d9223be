"""Records, people and dates survive pickling (worker processes send them back) and copying."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from bibexport.model import Date, Person, Record

VAN_DER_MAATEN = Person(family="Maaten", given="Laurens", particle="van der")
KING = Person(family="King", given="Martin Luther", suffix="Jr.")
DE_GAULLE = Person(family="Gaulle", given="Charles", dropping_particle="de")
WHO = Person(literal="World Health Organization")
FULL = Record(
    id="vandermaaten2008visualizing",
    type="article-journal",
    title="Visualizing Data using t-SNE",
    author=(VAN_DER_MAATEN, KING, VAN_DER_MAATEN),
    editor=(DE_GAULLE, WHO),
    issued=Date(2008, 11, 2),
    abstract="We present a new technique.",
    categories=("cs.LG", "stat.ML"),
    keywords=("embedding",),
    fields=(("container-title", "JMLR"), ("volume", "9")),
    affiliations=("tilburg",),
    authors_truncated=True,
    has_code=True,
    extra=(("bibtex.timestamp", "2020-01-01"),),
    source="refs.bib:12",
)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(FULL, id="record-every-field"),
        pytest.param(Record(), id="record-defaults"),
        pytest.param(Record(title="Undated", issued=Date(literal="forthcoming"), source="x.txt:3"), id="literal-date"),
        pytest.param(KING, id="person"),
        pytest.param(WHO, id="literal-person"),
        pytest.param(Date(2022, 11), id="date-without-day"),
        pytest.param(Date(), id="date-empty"),
    ],
)
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_pickle_round_trip_keeps_every_field(value: object, protocol: int) -> None:
    back = pickle.loads(pickle.dumps(value, protocol))
    assert type(back) is type(value)
    assert back == value
    # ``source`` does not take part in ==: compare field by field.
    assert [getattr(back, f.name) for f in dataclasses.fields(value)] == [getattr(value, f.name) for f in dataclasses.fields(value)]


def test_pickled_record_keeps_its_source() -> None:
    back = pickle.loads(pickle.dumps(FULL))
    assert back.source == "refs.bib:12"
    assert pickle.loads(pickle.dumps(FULL.replace(source="other.bib:1"))).source == "other.bib:1"


def test_shared_people_stay_shared_within_one_pickle() -> None:
    back = pickle.loads(pickle.dumps([FULL, FULL.replace(id="again")]))
    assert back[0].author[0] is back[0].author[2] is back[1].author[0]


def test_copies_are_equal_and_frozen() -> None:
    for clone in (copy.copy(FULL), copy.deepcopy(FULL)):
        assert clone == FULL and clone.source == FULL.source
        with pytest.raises(dataclasses.FrozenInstanceError):
            clone.title = "changed"  # type: ignore[misc]
