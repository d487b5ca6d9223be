"""Shared fixtures: the shipped listing, its hand-written expected parse, the CSL schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent
SEED_AS_OF = dt.date(2026, 11, 25)


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
