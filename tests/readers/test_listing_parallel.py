"""The listing reader in several processes: the same records, sources and problems as in one."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from bibexport import parallel
from bibexport.readers import listing

from ..conftest import REPO, SEED_AS_OF

# Ten records: chunks 0-4 go to the first process and 5-9 to the second with jobs=2, so the
# duplicate pair (lines 6 and 22) straddles the cut.
BROKEN = """\
Pasted from the arXiv listing page

LGNov 28, 2022Code
Paper AlphaEkin Akyürek, Dale Schuurmans
Alpha abstract.
CVJan 31, 2023
Paper BravoYilun Du, Mengjiao Yang
Bravo abstract.
AIMar 7, 2023
ZZOct 9, 2023
Paper CharlieSherry Yang, Ofir Nachum
Charlie abstract.
ROFeb 1, 2024
an all lowercase line with no author list
Delta abstract.
LGMar 2, 2024
Paper DeltaPieter Abbeel
Delta abstract.
CLApr 3, 2024
Paper EchoJacob Andreas
Echo abstract.
CVJan 31, 2023
Paper BravoYilun Du, Mengjiao Yang
Bravo abstract again.
NEMay 4, 2024
Paper FoxtrotDale Schuurmans
Foxtrot abstract.
LGJun 5, 2024
Paper GolfEkin Akyürek
Golf abstract.
"""
BROKEN_PROBLEMS = [
    "t.txt:1: warning: unrecognized line 'Pasted from the arXiv listing page'; expected a header like "
    "'LGNov 28, 2022' (category badge, date, optional 'Code')",
    "t.txt:9: warning: record has a header but no title/author line; skipped",
    "t.txt:10: warning: unknown category badge 'ZZ'; kept as given",
    "t.txt:14: warning: cannot find where the title ends and the author list begins in "
    "'an all lowercase line with no author list'; expected 'TitleFirst Author, Second Author'",
    "t.txt:22: warning: duplicate of the paper at line 6 ('Paper Bravo'); kept once",
]


def _read(text: str, source: str = "t.txt", **options):
    return listing.read(text, source, as_of=SEED_AS_OF, **options)


def _same(result, expected) -> None:
    assert result.records == expected.records
    assert [r.source for r in result.records] == [r.source for r in expected.records]  # not part of ==
    assert result.problems == expected.problems


def test_bad_records_and_a_duplicate_across_the_cut_are_reported_as_in_one_process(forks: list[int]) -> None:
    serial = _read(BROKEN, jobs=1)
    assert [str(p) for p in serial.problems] == BROKEN_PROBLEMS
    assert [r.source for r in serial.records] == [f"t.txt:{n}" for n in (3, 6, 10, 16, 19, 25, 28)]
    for jobs in (2, 3, 4, 10):
        _same(_read(BROKEN, jobs=jobs), serial)
    assert forks == [1, 2, 3, 4, 10]


def test_the_seed_listing_reads_the_same_in_two_processes(seed_text: str, forks: list[int]) -> None:
    serial = _read(seed_text, "arxiv-listing.txt", jobs=1)
    assert len(serial.records) == 50 and [p.severity for p in serial.problems] == ["note"]  # a year inferred
    _same(_read(seed_text, "arxiv-listing.txt", jobs=2), serial)
    assert forks == [1, 2]


def _generated_listing(n: int) -> str:
    spec = importlib.util.spec_from_file_location("bench_generate_for_listing", REPO / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        return "".join(map(module.listing_entry, module.papers(n)))
    finally:
        del sys.modules[spec.name]


def test_a_listing_past_the_threshold_is_split_by_default(monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    monkeypatch.setattr(parallel, "usable_cores", lambda: 2)
    text = _generated_listing(listing.PARALLEL_MIN)
    entries = text.split("\n")
    text += "\n".join(entries[30:33]) + "\n"  # paper 10 (3 lines each) again, at the end
    serial = _read(text, "big.txt", jobs=1)
    split = _read(text, "big.txt")
    assert forks == [1, 2]
    assert len(serial.records) == listing.PARALLEL_MIN
    (duplicate,) = serial.problems  # paper 10's header is on line 31; its copy's after every paper's 3 lines
    assert duplicate.line == 3 * listing.PARALLEL_MIN + 1
    assert duplicate.message.startswith("duplicate of the paper at line 31 (")
    _same(split, serial)


def test_everything_is_read_here_when_no_process_can_start(monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _read(BROKEN, jobs=1)

    def no_fork() -> int:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "fork", no_fork)
    _same(_read(BROKEN, jobs=2), serial)


def test_small_listings_stay_in_one_process(seed_text: str, forks: list[int]) -> None:
    _read(seed_text)
    assert forks == [1]
