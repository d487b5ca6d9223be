"""The ``note`` convention: listing information that CSL has no variable for.

Zotero puts a CSL-JSON ``note`` into the item's Extra field and drops ``keyword`` and
``categories`` (see README, "Zotero"), so the category, affiliations, the code flag and a
truncated author list are also written as ``Label: value`` lines in the note, which the
readers parse back.  One table, used in both directions.
"""

from __future__ import annotations

import re

from .model import Record

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

