"""Pure ``Record -> Record`` normalization steps, applied to every record after reading.

Each step returns the record unchanged (the same object) when there is nothing to do,
so normalizing twice is a no-op.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable

from .categories import normalize_category
from .model import Person, Record
from .text import CONTROL, clean

Step = Callable[[Record], Record]


def clean_text(record: Record) -> Record:
    """Whitespace runs (including NBSP and line breaks) as one space in title and names."""
    title = clean(record.title)
    author = tuple(_clean_person(p) for p in record.author)
    editor = tuple(_clean_person(p) for p in record.editor)
    names = tuple((role, tuple(_clean_person(p) for p in people)) for role, people in record.names)
    if (title, author, editor, names) == (record.title, record.author, record.editor, record.names):
        return record
    return record.replace(title=title, author=author, editor=editor, names=names)


def _clean_person(person: Person) -> Person:
    values = _PERSON_VALUES(person)
    if all(clean(v) == v for v in values if v):
        return person
    return dataclasses.replace(person, **{name: clean(v) if v else v for name, v in zip(_PERSON_PARTS, values)})


_PERSON_PARTS = ("family", "given", "particle", "dropping_particle", "suffix", "literal")  # the text parts
_PERSON_VALUES = operator.attrgetter(*_PERSON_PARTS)


def canonical_categories(record: Record) -> Record:
    """Badges and arXiv names in any case -> canonical arXiv names (``lg`` -> ``cs.LG``), once each."""
    categories = tuple(dict.fromkeys(normalize_category(c) for c in record.categories if c.strip()))
    return record if categories == record.categories else record.replace(categories=categories)


def distinct_keywords(record: Record) -> Record:
    """Keywords without duplicates and without repeating the categories."""
    keywords = tuple(k for k in dict.fromkeys(record.keywords) if k not in record.categories)
    return record if keywords == record.keywords else record.replace(keywords=keywords)


def drop_control_characters(record: Record) -> Record:
    """No control characters (terminal escapes, form feeds, NUL) in any other text; line breaks and tabs stay."""

    def drop(text: str) -> str:
        return CONTROL.sub("", text)

    def pairs(values: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        return tuple((key, drop(value)) for key, value in values)

    texts = (record.id, record.abstract, *record.keywords, *record.categories, *record.affiliations,
             *(v for _, v in record.fields), *(v for _, v in record.extra))
    if not any(not text.isprintable() and CONTROL.search(text) for text in texts):  # printable: no control characters
        return record
    return record.replace(
        id=drop(record.id), abstract=drop(record.abstract), keywords=tuple(map(drop, record.keywords)),
        categories=tuple(map(drop, record.categories)), affiliations=tuple(map(drop, record.affiliations)),
        fields=pairs(record.fields), extra=pairs(record.extra),
    )


STEPS: tuple[Step, ...] = (clean_text, drop_control_characters, canonical_categories, distinct_keywords)


def normalize(record: Record, steps: Iterable[Step] = STEPS) -> Record:
    for step in steps:
        record = step(record)
    return record
