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


# CSL 1.0.2 name and date variables (csl-data.json), in the schema's order.
NAME_ROLES = (
    "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
    "curator", "director", "editor", "editorial-director", "executive-producer", "guest", "host",
    "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer", "producer",
    "recipient", "reviewed-author", "script-writer", "series-creator", "translator",
)
DATE_VARIABLES = ("accessed", "available-date", "event-date", "issued", "original-date", "submitted")
NAME_ORDER = {role: i for i, role in enumerate(NAME_ROLES)}
DATE_ORDER = {name: i for i, name in enumerate(DATE_VARIABLES)}


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
    # CSL's flags, kept as the source gave them (true, 1, "1"); False/None: not given.
    comma_suffix: bool | int | str = False  # a comma before the suffix in inverted-less order
    static_ordering: bool | int | str = False  # family name first, whatever the script
    parse_names: bool | int | str | None = None  # CSL "parse-names"

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
    end: Date | None = None  # a range's end; ``Date()`` (no year) for an open range ("1987/..")
    # CSL "season" as given: 1-4 (spring...winter) or text; 21-24 when the source gave it as an
    # EDTF season month in date-parts ([2020, 21]), where it is written back.
    season: int | str | None = None
    circa: bool | int | str = False  # CSL "circa" as given (true, 1, "1"): an approximate date
    raw: str = ""  # CSL "raw": the date as text the source gave instead of date-parts

    @property
    def is_range(self) -> bool:
        return self.end is not None

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
    names: tuple[tuple[str, tuple[Person, ...]], ...] = ()  # other CSL name variables: ("translator", (...))
    dates: tuple[tuple[str, Date], ...] = ()  # other CSL date variables: ("accessed", Date(...))
    affiliations: tuple[str, ...] = ()
    authors_truncated: bool = False  # the source list ended in "et al."
    has_code: bool = False  # the listing flagged "Code"
    # CSL variables (and "id") a CSL-JSON source gave as JSON numbers: how, not what, so not compared.
    numeric: tuple[str, ...] = field(default=(), compare=False)
    extra: Pairs = ()  # source-format fields with no CSL home, e.g. BibTeX "timestamp"
    source: str = field(default="", compare=False)  # "file:line" where the record was read

    def get(self, name: str, default: str = "") -> str:
        """Value of a CSL variable stored in ``fields``."""
        for key, value in self.fields:
            if key == name:
                return value
        return default

    def people(self, role: str) -> tuple[Person, ...]:
        """The names of CSL name variable ``role`` (``author``, ``translator``...)."""
        if role == "author":
            return self.author
        if role == "editor":
            return self.editor
        for key, people in self.names:
            if key == role:
                return people
        return ()

    def date(self, name: str) -> Date | None:
        """The value of CSL date variable ``name`` (``issued``, ``accessed``...)."""
        if name == "issued":
            return self.issued
        for key, value in self.dates:
            if key == name:
                return value
        return None

    def with_people(self, role: str, people: tuple[Person, ...]) -> Record:
        """A copy with the names of ``role`` replaced (removed when empty), in CSL role order."""
        if role in ("author", "editor"):
            return self.replace(**{role: tuple(people)})
        kept = [(k, v) for k, v in self.names if k != role] + ([(role, tuple(people))] if people else [])
        return self.replace(names=tuple(sorted(kept, key=lambda kv: NAME_ORDER.get(kv[0], len(NAME_ORDER)))))

    def with_date(self, name: str, value: Date | None) -> Record:
        """A copy with date variable ``name`` set (removed when ``None``), in CSL order."""
        if name == "issued":
            return self.replace(issued=value)
        kept = [(k, v) for k, v in self.dates if k != name] + ([(name, value)] if value is not None else [])
        return self.replace(dates=tuple(sorted(kept, key=lambda kv: DATE_ORDER.get(kv[0], len(DATE_ORDER)))))

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

