"""Notes written by bibexport's writers, read back: one helper for every reader.

Writers put the listing facts (:mod:`bibexport.notes` labels) and ``extra`` pairs of other
formats into a note as ``Label: value`` / ``prefix.key: value`` lines (CSL-JSON ``note``,
RIS ``N1``, BibTeX ``annote``).  :func:`take_note` moves them back into the record.
"""

from __future__ import annotations

import re

from ..model import Record
from ..notes import parse_note

# "bibtex.timestamp: 2020", "ris.DP: arXiv.org", "csl.accessed: 2023-01-05".  No "@": file
# blocks such as bibtex.@preamble only ever come from a BibTeX file itself, never from a note.
EXTRA_LINE = re.compile(r"^([a-z][\w-]*\.[\w.:+-]+): (.*)$")


def take_note(note: str, record: Record, *, skip_prefix: str = "") -> tuple[Record, list[str]]:
    """``record`` with the facts and extra pairs from ``note``, and the note's other lines.

    Extra keys starting with ``skip_prefix`` stay in the other lines (a BibTeX ``annote``
    cannot carry ``bibtex.*`` fields: those are fields of the entry itself).
    """
    parsed = parse_note(note, record.with_field("note", ""))
    kept, extra = [], list(parsed.extra)
    for line in parsed.get("note").split("\n"):
        match = EXTRA_LINE.match(line)
        if match and not (skip_prefix and match.group(1).startswith(skip_prefix)):
            extra.append((match.group(1), match.group(2)))
        elif line.strip():
            kept.append(line)
    return parsed.with_field("note", record.get("note")).replace(extra=tuple(extra)), kept
