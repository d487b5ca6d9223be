"""The CSL test suite's citation fixtures (CITATIONS, CITATION-ITEMS) through the citation API.

The suite (``../shared/csl-test-suite``) is the oracle; the ratchet file lists the fixtures
that pass, so the count can only go up.  ``python -m tests.csl.suite_citations`` shows the
failing ones.
"""

from __future__ import annotations

import pytest

from .suite_citations import RATCHET, SUITE, run

PASSING = [line.strip() for line in RATCHET.read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", PASSING)
def test_citation_fixture(name: str) -> None:
    if not SUITE.is_dir():
        pytest.skip(f"the CSL test suite is not at {SUITE}")
    expected, produced = run(SUITE / f"{name}.txt")
    assert produced == expected


def test_ratchet_names_existing_citation_fixtures() -> None:
    if not SUITE.is_dir():
        pytest.skip(f"the CSL test suite is not at {SUITE}")
    assert PASSING == sorted(set(PASSING))
    assert all((SUITE / f"{name}.txt").is_file() for name in PASSING)
