"""The ``note`` convention: listing information that CSL has no variable for.

Zotero puts a CSL-JSON ``note`` into the item's Extra field and drops ``keyword`` and
``categories`` (see README, "Zotero"), so the category, affiliations, the code flag and a
truncated author list are also written as ``Label: value`` lines in the note, which the
readers parse back.  One table, used in both directions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from .dates import edtf_text, parse_edtf
from .model import DATE_ORDER, NAME_ORDER, Date, Person, Record

CATEGORIES = "arXiv categories"
AFFILIATIONS = "Affiliations"
CODE = "Code"
TRUNCATED = "Author list"
CODE_VALUE = "available"
TRUNCATED_VALUE = "truncated (et al.)"
LABELS = (CATEGORIES, AFFILIATIONS, CODE, TRUNCATED)
# "cs.LG", "hep-th", "physics.flu-dyn": a line of other text after the label is the user's.
_CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?")


def note_lines(record: Record) -> list[str]:
    """``Label: value`` lines for the listing facts and ``extra`` fields of ``record`` (not file blocks)."""
    lines = []
    if record.categories:
        lines.append(f"{CATEGORIES}: {', '.join(record.categories)}")
    if record.affiliations:
        lines.append(f"{AFFILIATIONS}: {'; '.join(record.affiliations)}")
    if record.has_code:
        lines.append(f"{CODE}: {CODE_VALUE}")
    if record.authors_truncated:
        lines.append(f"{TRUNCATED}: {TRUNCATED_VALUE}")
    # Not a BibTeX file's @preamble/@comment blocks (bibtex.@preamble): no reader takes them
    # back from a note (a note must never make a @preamble), so they would only be printed.
    lines.extend(f"{key}: {value}" for key, value in record.extra if "@" not in key)
    return lines


def compose_note(record: Record) -> str:
    """The record's own note followed by its ``Label: value`` lines."""
    own = record.get("note")
    return "\n".join(([own] if own else []) + note_lines(record))


def parse_note(note: str, record: Record) -> Record:
    """Take the ``Label: value`` lines written by :func:`compose_note` back out of ``note``.

    Only lines exactly as the writer writes them count (``Code: available``, categories that
    are arXiv names, affiliations joined by ``"; "``); ``Code: https://...`` stays in the note.
    """
    kept: list[str] = []
    changes: dict[str, object] = {}
    for line in note.split("\n"):
        label, sep, value = line.partition(": ")
        fact = _fact(label, value) if sep else None
        if fact is None:
            kept.append(line)
        else:
            changes[fact[0]] = fact[1]
    record = record.replace(**changes).with_field("note", "\n".join(kept).strip())
    return record


def _fact(label: str, value: str) -> tuple[str, object] | None:
    """The record attribute and value a note line written by :func:`note_lines` stands for."""
    if label == CODE and value == CODE_VALUE:
        return "has_code", True
    if label == TRUNCATED and value == TRUNCATED_VALUE:
        return "authors_truncated", True
    if label == CATEGORIES:
        parts = value.split(", ")
        if all(_CATEGORY.fullmatch(p) for p in parts):
            return "categories", tuple(parts)
    if label == AFFILIATIONS:
        parts = value.split("; ")
        if all(p and p == p.strip() for p in parts):
            return "affiliations", tuple(parts)
    return None


# CSL name and date variables a format has no field for travel in its note as
# ``csl.<name>: value`` lines: names as compact CSL-JSON, dates as EDTF when that says all
# (``2020-05-01``, ``1987/2003``, ``1999~``), else as a CSL-JSON date object.
def csl_lines(record: Record, roles: Iterable[str] = (), dates: Iterable[str] = ()) -> list[str]:
    """``csl.<name>: value`` lines for the name variables ``roles`` and date variables ``dates``."""
    from .writers.csljson import date_to_csl, person_to_csl

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
    from .writers.csljson import person_from_csl

    if name in NAME_ORDER:
        if text.startswith("["):
            try:
                return tuple(person_from_csl(p) for p in json.loads(text) if isinstance(p, dict))
            except (ValueError, TypeError):
                return None
        from .names import parse_name

        return tuple(parse_name(part) for part in text.split("; ") if part.strip())
    if name in DATE_ORDER:
        if text.startswith("{"):
            from .readers.csljson import _date

            try:
                return _date(json.loads(text))
            except (ValueError, TypeError, AttributeError):
                return None
        return parse_edtf(text) or Date(literal=text)
    return None


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
