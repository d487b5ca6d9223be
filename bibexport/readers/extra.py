"""Notes written by bibexport's writers, read back: one helper for every reader.

Writers put the listing facts (:mod:`bibexport.notes` labels) and ``extra`` pairs of other
formats into a note as ``Label: value`` / ``prefix.key: value`` lines (CSL-JSON ``note``,
RIS ``N1``, BibTeX ``annote``).  :func:`take_note` moves them back into the record.
"""

from __future__ import annotations

import re

from ..model import DATE_VARIABLES, NAME_ROLES, Date, Record
from ..cslnotes import parse_csl_value
from ..notes import parse_note

# "bibtex.timestamp: 2020", "ris.DP: arXiv.org", "csl.accessed: 2023-01-05": the prefixes
# the readers give extra keys; "v1.2: fixed typo" is the user's.  No "@": file blocks such as
# bibtex.@preamble only ever come from a BibTeX file itself, never from a note.
EXTRA_LINE = re.compile(r"^((?:bibtex|ris|csl|zotero)\.[\w.:+-]+): (.*)$")


CSL_PREFIX = "csl."
# CSL variables whose values are not text: csl.<name> lines go back to the record's names and
# dates (:func:`bibexport.notes.parse_csl_value`), the others to fields.
_NOT_TEXT = frozenset(NAME_ROLES + DATE_VARIABLES)


def read_note(note: str, record: Record) -> Record:
    """``record`` with the facts and extra pairs from ``note``; the note's other lines are its note."""
    if not note:
        return record
    record, kept = take_note(note, record)
    return record.with_field("note", "\n".join(kept))


def take_note(note: str, record: Record, *, skip_prefix: str = "") -> tuple[Record, list[str]]:
    """``record`` with the facts and extra pairs from ``note``, and the note's other lines.

    Extra keys starting with ``skip_prefix`` stay in the other lines (a BibTeX ``annote``
    cannot carry ``bibtex.*`` fields: those are fields of the entry itself).
    """
    parsed = parse_note(note, record.with_field("note", ""))
    kept, extra, fields = [], list(parsed.extra), dict(parsed.fields)
    for line in parsed.get("note").split("\n"):
        match = EXTRA_LINE.match(line)
        key = match.group(1) if match else ""
        variable = key[len(CSL_PREFIX) :] if key.startswith(CSL_PREFIX) else ""
        value = parse_csl_value(variable, match.group(2)) if variable in _NOT_TEXT else None
        if variable and variable not in _NOT_TEXT and variable not in fields and variable != "custom":
            fields[variable] = match.group(2)  # a CSL variable the format has no field for
        elif isinstance(value, tuple) and value:  # a writer adds the line only where its own field is not whole
            parsed = parsed.with_people(variable, value)
        elif value is not None and not isinstance(value, tuple) and _fuller(parsed.date(variable), value):
            parsed = parsed.with_date(variable, value)
        elif match and not (skip_prefix and key.startswith(skip_prefix)):
            extra.append((key, match.group(2)))
        elif line.strip():
            kept.append(line)
    fields["note"] = record.get("note")
    return parsed.replace(fields=tuple((k, v) for k, v in fields.items() if v), extra=tuple(extra)), kept


def _fuller(date: Date | None, line: Date) -> bool:
    """Whether a ``csl.<date>`` line says more than the format's own field (RIS's ``PY``/``DA`` for a
    range, season or circa date): it is taken when the field is missing or agrees with its start."""
    return date is None or date.year is None or (date.year, date.month, date.day) == (line.year, line.month, line.day)
