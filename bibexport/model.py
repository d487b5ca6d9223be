"""The central record model, in CSL-JSON vocabulary.

Every reader produces :class:`Record` values and every writer consumes them.
Records are frozen: transforms return new records via :func:`dataclasses.replace`.
"""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass, field
from typing import TypeVar

Pairs = tuple[tuple[str, str], ...]
_C = TypeVar("_C", bound=type)


def _pickled_by_fields(cls: _C) -> _C:
    """Pickle as ``cls(*field values)``: about twice as fast as the default for slots dataclasses
    (records travel between worker processes, see :mod:`bibexport.parallel`)."""
    values = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Person:
    """A name as CSL models it; ``literal`` is used for institutions and unsplittable names."""

    family: str = ""
    given: str = ""
    particle: str = ""  # CSL "non-dropping-particle": "van der" in "van der Maaten"
    dropping_particle: str = ""  # CSL "dropping-particle": "de" in "Charles de Gaulle" sorted as Gaulle
    suffix: str = ""  # "Jr.", "III"
    literal: str = ""

    def family_full(self) -> str:
        """Family name with its non-dropping particle, e.g. ``van der Maaten``."""
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.particle, self.family) if p)

    def display(self) -> str:
        """The name in reading order: ``Given dropping particle Family, Suffix``."""
        if self.literal:
            return self.literal
        core = " ".join(p for p in (self.given, self.dropping_particle, self.particle, self.family) if p)
        return f"{core}, {self.suffix}" if self.suffix else core


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Date:
    """A calendar date with optional month and day, or a free-text ``literal`` date."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    literal: str = ""

    def parts(self) -> tuple[int, ...]:
        out: list[int] = []
        for value in (self.year, self.month, self.day):
            if value is None:
                break
            out.append(value)
        return tuple(out)

    def iso(self) -> str:
        """ISO 8601 / EDTF form with as much precision as is known (``2022-11-28``, ``2022-11``)."""
        if self.year is None:
            return self.literal
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Record:
    """One bibliographic item.

    Core CSL variables are attributes; any other CSL variable (``container-title``,
    ``DOI``, ``volume``...) lives in ``fields``.  Information that no CSL variable holds
    is kept in the listing-specific attributes or in ``extra`` so that nothing is lost.
    """

    id: str = ""
    type: str = "article"
    title: str = ""
    author: tuple[Person, ...] = ()
    editor: tuple[Person, ...] = ()
    issued: Date | None = None
    abstract: str = ""
    categories: tuple[str, ...] = ()  # arXiv categories, e.g. ("cs.LG",)
    keywords: tuple[str, ...] = ()
    fields: Pairs = ()  # other CSL variables, in CSL names
    affiliations: tuple[str, ...] = ()
    authors_truncated: bool = False  # the source list ended in "et al."
    has_code: bool = False  # the listing flagged "Code"
    extra: Pairs = ()  # source-format fields with no CSL home, e.g. BibTeX "timestamp"
    source: str = field(default="", compare=False)  # "file:line" where the record was read

    def get(self, name: str, default: str = "") -> str:
        """Value of a CSL variable stored in ``fields``."""
        for key, value in self.fields:
            if key == name:
                return value
        return default

    def get_extra(self, name: str, default: str = "") -> str:
        for key, value in self.extra:
            if key == name:
                return value
        return default

    def replace(self, **changes: object) -> Record:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def with_field(self, name: str, value: str) -> Record:
        """A copy with CSL variable ``name`` set (or removed when ``value`` is empty)."""
        kept = tuple((k, v) for k, v in self.fields if k != name)
        return self.replace(fields=kept + ((name, value),) if value else kept)

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

