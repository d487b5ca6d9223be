"""Shared fixtures: the shipped listing, its hand-written expected parse, the CSL schema."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
SEED_AS_OF = dt.date(2026, 11, 25)

# Under CI (CI=true, as .ci/run is run): a failing Hypothesis example is printed with its
# @reproduce_failure blob and kept in .hypothesis/ of the checkout, so it can be replayed
# (README, "Testing").  Each run draws new examples.
settings.register_profile(
    "ci", print_blob=True, derandomize=False, database=DirectoryBasedExampleDatabase(".hypothesis")
)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (REPO / "data" / "arxiv-listing.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_expected() -> list[dict]:
    return json.loads((DATA / "seed_expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def csl_schema() -> dict:
    return json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def csl_validator(csl_schema: dict):
    jsonschema = pytest.importorskip("jsonschema")
    validator_class = jsonschema.validators.validator_for(csl_schema)
    return validator_class(csl_schema)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of tasks of each :func:`bibexport.parallel.fork_map` call, as they come."""
    from bibexport import parallel

    calls: list[int] = []
    real = parallel.fork_map

    def spy(func, tasks):
        calls.append(len(tasks))
        return real(func, tasks)

    monkeypatch.setattr(parallel, "fork_map", spy)
    return calls
