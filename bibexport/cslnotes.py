"""CSL name and date variables in a format's free text: ``csl.<name>: value`` lines.

A format with no field for a name or date variable (BibTeX's ``annote``, RIS's ``N1``) gets it
as a line: names as compact CSL-JSON, dates as EDTF when that says all (``2020-05-01``,
``1987/2003``, ``1999~``), else as a CSL-JSON date object.  Every reader takes them back
(:mod:`bibexport.readers.extra`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .dates import edtf_text, parse_edtf
from .model import DATE_ORDER, NAME_ORDER, Date, Person, Record
from .names import parse_name
from .writers.csljson import date_to_csl, person_from_csl, person_to_csl


def csl_lines(record: Record, roles: Iterable[str] = (), dates: Iterable[str] = ()) -> list[str]:
    """``csl.<name>: value`` lines for the name variables ``roles`` and date variables ``dates``."""
    lines = [f"csl.{role}: {_compact([person_to_csl(p) for p in people])}"
             for role in roles if (people := record.people(role))]
    for name in dates:
        date = record.date(name)
        if date is not None:
            text = edtf_text(date)
            lines.append(f"csl.{name}: {text if text and parse_edtf(text) == date else _compact(date_to_csl(date))}")
    return lines


def parse_csl_value(name: str, text: str) -> tuple[Person, ...] | Date | None:
    """The value of a ``csl.<name>`` line for a name or date variable (None: not one, or unreadable).

    Older files wrote names as ``Given Family; ...`` and dates as ISO text: both are read.
    """
    if name in NAME_ORDER:
        if text.startswith("["):
            try:
                return tuple(person_from_csl(p) for p in json.loads(text) if isinstance(p, dict))
            except (ValueError, TypeError):
                return None
        return tuple(parse_name(part) for part in text.split("; ") if part.strip())
    if name in DATE_ORDER:
        if text.startswith("{"):
            # Imported here: that reader imports readers.extra, which imports this module.
            from .readers.csljson import date_from_csl

            try:
                return date_from_csl(json.loads(text))
            except (ValueError, TypeError, AttributeError):
                return None
        return parse_edtf(text) or Date(literal=text)
    return None


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
