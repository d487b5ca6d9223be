"""Normalization steps: each fixes one thing, leaves clean records alone, and is idempotent."""

from __future__ import annotations

import pytest

from bibexport.model import Person, Record
from bibexport.normalize import canonical_categories, clean_text, distinct_keywords, normalize


@pytest.mark.parametrize(
    ("step", "before", "after"),
    [
        pytest.param(clean_text, Record(title=" A\u00a0 title\n"), Record(title="A title"), id="title-spaces"),
        pytest.param(
            clean_text,
            Record(author=(Person(" Doe ", "Jane\u00a0 Ann"),)),
            Record(author=(Person("Doe", "Jane Ann"),)),
            id="name-spaces",
        ),
        pytest.param(
            canonical_categories,
            Record(categories=("LG", "cs.lg", "stat.ML", "weird")),
            Record(categories=("cs.LG", "stat.ML", "weird")),
            id="categories",
        ),
        pytest.param(
            distinct_keywords,
            Record(categories=("cs.LG",), keywords=("cs.LG", "rl", "rl")),
            Record(categories=("cs.LG",), keywords=("rl",)),
            id="keywords",
        ),
    ],
)
def test_step(step, before, after):
    assert step(before) == after
    assert step(after) is after or step(after) == after


def test_clean_record_is_returned_unchanged():
    record = Record(title="A title", author=(Person("Doe", "Jane"),), categories=("cs.LG",))
    assert normalize(record) is record
