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


# Under .ci/run (BIBEXPORT_STRICT_SKIPS=1) a skipped test fails, unless its reason is one of
# these, each explained in README "Testing": CI has every tool, so any other skip would hide a
# check that did not run.
ALLOWED_SKIPS = (
    "one usable core: the formatted writer starts no workers",
)
# A clone has no ../shared: the CSL test suite's tests skip with this ending (README "Testing").
SUITE_ABSENT = "is absent: the CSL test suite is not checked out next to the repository"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # noqa: ANN201
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("BIBEXPORT_STRICT_SKIPS") == "1" and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        if reason not in ALLOWED_SKIPS and not reason.endswith(SUITE_ABSENT):
            report.outcome = "failed"
            report.longrepr = (f"skipped under BIBEXPORT_STRICT_SKIPS=1 (.ci/run), where every test must run: "
                               f"{reason}\n(install what it needs, or explain the skip in README 'Testing' "
                               "and tests/conftest.py ALLOWED_SKIPS)")


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
