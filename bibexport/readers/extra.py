"""Notes written by bibexport's writers, read back: one helper for every reader.

Writers put the listing facts (:mod:`bibexport.notes` labels) and ``extra`` pairs of other
formats into a note as ``Label: value`` / ``prefix.key: value`` lines (CSL-JSON ``note``,
RIS ``N1``, BibTeX ``annote``).  :func:`take_note` moves them back into the record.
"""

from __future__ import annotations

import re

from ..model import Record
from ..notes import parse_note

# "bibtex.timestamp: 2020", "ris.DP: arXiv.org", "csl.accessed: 2023-01-05": the prefixes
# the readers give extra keys; "v1.2: fixed typo" is the user's.  No "@": file blocks such as
# bibtex.@preamble only ever come from a BibTeX file itself, never from a note.
EXTRA_LINE = re.compile(r"^((?:bibtex|ris|csl|zotero)\.[\w.:+-]+): (.*)$")


CSL_PREFIX = "csl."
# CSL variables whose values are not text: a reader keeps them in extra as csl.<name>
# (a date as ISO text, names as "Given Family; ..."), the others go back to fields.
CSL_DATES = ("accessed", "available-date", "event-date", "original-date", "submitted")
CSL_NAME_ROLES = (
    "chair", "collection-editor", "compiler", "composer", "container-author", "contributor", "curator",
    "director", "editorial-director", "executive-producer", "guest", "host", "illustrator", "interviewer",
    "narrator", "organizer", "original-author", "performer", "producer", "recipient", "reviewed-author",
    "script-writer", "series-creator", "translator",
)
_NOT_TEXT = frozenset(CSL_DATES + CSL_NAME_ROLES)


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
        if variable and variable not in _NOT_TEXT and variable not in fields:
            fields[variable] = match.group(2)  # a CSL variable the format has no field for
        elif match and not (skip_prefix and key.startswith(skip_prefix)):
            extra.append((key, match.group(2)))
        elif line.strip():
            kept.append(line)
    fields["note"] = record.get("note")
    return parsed.replace(fields=tuple((k, v) for k, v in fields.items() if v), extra=tuple(extra)), kept
