"""BibTeX and BibLaTeX written in several processes: the same text as in one.

(The CSL-JSON and RIS writers stay in one process: their output is so large for the work it
takes that sending it back and joining it cost more than the second process saves.)
"""

from __future__ import annotations

import os

import pytest

from bibexport import api, parallel
from bibexport.model import Record
from bibexport.writers import bibtex

from ..conftest import SEED_AS_OF

WRITERS = [pytest.param(bibtex.write_bibtex, id="bibtex"), pytest.param(bibtex.write_biblatex, id="biblatex")]


@pytest.fixture(scope="module")
def records() -> tuple[Record, ...]:
    """The seed papers twice over (100 records), keyed as an export keys them."""
    seed = api.load([], as_of=SEED_AS_OF).records
    return seed + tuple(r.replace(id=f"{r.id}x", title=f"{r.title} (again)") for r in seed)


@pytest.mark.parametrize("write", WRITERS)
@pytest.mark.parametrize("jobs", [2, 3, 7])
def test_processes_write_the_same_text(records, write, jobs: int, forks: list[int]) -> None:
    serial = write(records, api.WriteOptions(), jobs=1)
    assert write(records, api.WriteOptions(), jobs=jobs) == serial
    assert forks == [1, jobs]
    assert serial.count("@") == len(records)
    assert "{" + records[-1].id + "," in serial  # the last slice is there


def test_ascii_in_processes(records) -> None:
    options = api.WriteOptions(ascii=True)
    assert bibtex.write_bibtex(records, options, jobs=2) == bibtex.write_bibtex(records, options, jobs=1)


@pytest.mark.parametrize("write", WRITERS)
def test_nothing_or_one_record_with_two_jobs(records, write) -> None:
    assert write([], jobs=2) == ""
    assert write(records[:1], jobs=2) == write(records[:1], jobs=1)


@pytest.mark.parametrize("write", WRITERS)
def test_a_crossref_to_a_parent_in_another_process_is_kept(write) -> None:
    child = Record(id="child", type="paper-conference", title="c", extra=(("bibtex.crossref", "parent"),))
    middle = [Record(id=f"m{i}", title=f"Middle {i}") for i in range(8)]
    parent = Record(id="parent", type="book", title="Proceedings")
    chosen = [child, *middle, parent]  # child in the first slice, parent in the last
    assert "crossref = {parent}" in write(chosen, jobs=2)
    assert write(chosen, jobs=2) == write(chosen, jobs=1)


def test_large_lists_are_split_by_default(monkeypatch: pytest.MonkeyPatch, records, forks: list[int]) -> None:
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(bibtex, "PARALLEL_MIN", 50)
    assert bibtex.write_bibtex(records[:49]) == bibtex.write_bibtex(records[:49], jobs=1)
    assert bibtex.write_bibtex(records) == bibtex.write_bibtex(records, jobs=1)
    assert forks == [1, 1, 2, 1]


def test_written_here_when_no_process_can_start(monkeypatch: pytest.MonkeyPatch, records) -> None:
    serial = bibtex.write_bibtex(records, jobs=1)

    def no_fork() -> int:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fork", no_fork)
    assert bibtex.write_bibtex(records, jobs=2) == serial
