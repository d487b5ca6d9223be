"""The ``note`` convention: listing information that CSL has no variable for.

Zotero puts a CSL-JSON ``note`` into the item's Extra field and drops ``keyword`` and
``categories`` (see README, "Zotero"), so the category, affiliations, the code flag and a
truncated author list are also written as ``Label: value`` lines in the note, which the
readers parse back.  One table, used in both directions.
"""

from __future__ import annotations

from .model import Record

CATEGORIES = "arXiv categories"
AFFILIATIONS = "Affiliations"
CODE = "Code"
TRUNCATED = "Author list"
CODE_VALUE = "available"
TRUNCATED_VALUE = "truncated (et al.)"
LABELS = (CATEGORIES, AFFILIATIONS, CODE, TRUNCATED)


def note_lines(record: Record) -> list[str]:
    """``Label: value`` lines for the listing facts and ``extra`` fields of ``record``."""
    lines = []
    if record.categories:
        lines.append(f"{CATEGORIES}: {', '.join(record.categories)}")
    if record.affiliations:
        lines.append(f"{AFFILIATIONS}: {'; '.join(record.affiliations)}")
    if record.has_code:
        lines.append(f"{CODE}: {CODE_VALUE}")
    if record.authors_truncated:
        lines.append(f"{TRUNCATED}: {TRUNCATED_VALUE}")
    lines.extend(f"{key}: {value}" for key, value in record.extra)
    return lines


def compose_note(record: Record) -> str:
    """The record's own note followed by its ``Label: value`` lines."""
    own = record.get("note")
    return "\n".join(([own] if own else []) + note_lines(record))


def parse_note(note: str, record: Record) -> Record:
    """Take the ``Label: value`` lines written by :func:`compose_note` back out of ``note``."""
    kept: list[str] = []
    changes: dict[str, object] = {}
    for line in note.split("\n"):
        label, sep, value = line.partition(": ")
        if not sep or label not in LABELS:
            kept.append(line)
        elif label == CATEGORIES:
            changes["categories"] = tuple(v.strip() for v in value.split(",") if v.strip())
        elif label == AFFILIATIONS:
            changes["affiliations"] = tuple(v.strip() for v in value.split(";") if v.strip())
        elif label == CODE:
            changes["has_code"] = value.strip() == CODE_VALUE
        elif label == TRUNCATED:
            changes["authors_truncated"] = value.strip() == TRUNCATED_VALUE
    record = record.replace(**changes).with_field("note", "\n".join(kept).strip())
    return record
