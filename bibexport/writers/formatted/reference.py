"""Records as citeproc-py references, and cites of them."""

from __future__ import annotations

import re
from typing import Any

from citeproc import DATES, NAMES, VARIABLES
from citeproc.source import CitationItem, Date, DateRange, LiteralDate, Name, Reference

from ...csl import TRUNCATED
from ...model import Record
from ..csljson import record_to_csl
from .marks import NO_SPACE
from .richtext import rich_text


# CSL 1.0.2 variables citeproc-py 0.11 does not list, rendered all the same.
CSL_102_VARIABLES = frozenset("""
    archive-collection event-title part-title reviewed-title volume-title reviewed-genre division license
    part-number printing-number supplement-number scale""".split())
_STRING_VARIABLES = frozenset(v.replace("_", "-") for v in VARIABLES) | CSL_102_VARIABLES
_SKIPPED = frozenset({"abstract", "keyword", "note", "citation-key", "categories", "id", "type"})


def to_reference(record: Record, abstract: bool = False) -> Reference:
    """A record as a citeproc-py Reference (listing facts stay out of ``note``); the
    ``abstract`` only when asked for (few styles print it, and it is long)."""
    item = record_to_csl(record.replace(categories=(), affiliations=(), has_code=False,
                                        authors_truncated=False, extra=(), abstract=""))
    args: dict[str, Any] = {}
    # CSL variables other readers keep in ``extra`` as csl.<name> (accessed dates, PMID...).
    kept = [(k[4:], v) for k, v in record.extra if k.startswith("csl.") and k[4:] not in item]
    for key, value in [*item.items(), *kept]:
        name = key.replace("-", "_")
        if key in _SKIPPED or key not in _STRING_VARIABLES:
            continue
        if isinstance(value, list):
            args[name] = [_name(person) for person in value]
        elif isinstance(value, dict):
            parsed = _date(value)
            if parsed is not None:
                args[name] = parsed
        elif name in DATES:
            parsed = _iso_date(str(value))
            if parsed is not None:
                args[name] = parsed
        elif name not in NAMES:  # a name list written as text cannot be split safely
            args[name] = rich_text(str(value))
    if abstract and record.abstract:
        args["abstract"] = rich_text(record.abstract)
    own_note = record.get("note")
    if own_note:
        args["note"] = rich_text(own_note)
    newer = {name: args.pop(name) for name in list(args) if name.replace("_", "-") in CSL_102_VARIABLES}
    reference = Reference(record.id, record.type or "article", **args)
    for name, value in newer.items():  # set, not passed: Reference warns of names it does not know
        reference[name] = value
    if record.authors_truncated and "author" in args:
        reference[TRUNCATED] = ("author",)
    return reference


def _name(person: dict[str, Any]) -> Name:
    """A CSL-JSON name as a citeproc-py Name: straight apostrophes as ``’`` (O’Brien, Shun’ichi),
    and a particle ending in one joined to what follows (``d’Jones``), as citeproc-js prints them."""
    parts = {}
    for key, value in person.items():
        if isinstance(value, str) and "'" in value:
            value = value.replace("'", "\u2019")
        if key.endswith("particle") and isinstance(value, str) and value.endswith("\u2019"):
            value += NO_SPACE
        parts[key] = value
    return Name(**parts)


_ISO_DATE = re.compile(r"(-?\d{1,4})(?:-(\d\d)(?:-(\d\d))?)?$")


def _iso_date(text: str) -> Any:
    """``2024``, ``2024-05`` or ``2024-05-31`` as a citeproc date; other text as a literal date."""
    found = _ISO_DATE.match(text.strip())
    if not found:
        return LiteralDate(text.strip()) if text.strip() else None
    return _date({"date-parts": [[int(p) for p in found.groups() if p]]})


def _date(value: dict[str, Any]) -> Any:
    parts = value.get("date-parts") or []
    if parts and parts[0]:
        fields = dict(zip(("year", "month", "day"), parts[0]))
        if len(parts) > 1 and parts[1]:
            return DateRange(begin=Date(**fields), end=Date(**dict(zip(("year", "month", "day"), parts[1]))))
        return Date(**fields)
    if value.get("literal"):
        return LiteralDate(value["literal"])
    return None


class Item(CitationItem):
    """A cite of one reference, with its number and the disambiguation chosen for it."""

    reference: Any = None  # shadow CitationItem's properties with plain attributes
    bibliography: Any = None
    number: Any = None
    citation: Any = None
    names_shown: int | None = None
    given_levels: tuple[int, ...] = ()
    disambiguate: bool = False
    capture_names: bool = False  # set while rendering a bibliography entry
    first_names: str | None = None  # the entry's first rendered names (subsequent-author-substitute)
    position: int | None = None  # in a citation: 0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator
    near_note: bool = False
    suppress_author: bool = False  # the cite leaves out its first names
    author_only: bool = False  # the cite is only its first names
    suffix_shown: bool = True  # the implicit year-suffix was printed (False: not yet, in this render)

    def __init__(self, reference: Reference, number: int, bibliography: Any) -> None:
        dict.__init__(self)
        for name, value in (("key", reference.key), ("reference", reference), ("number", number),
                            ("bibliography", bibliography)):
            object.__setattr__(self, name, value)

    def set(self, **changes: Any) -> None:
        for name, value in changes.items():
            object.__setattr__(self, name, value)

    def is_bad(self) -> bool:
        return False
