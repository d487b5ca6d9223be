"""``--omit``: fields left out of the output, named as people name them (bibtex-tidy's option).

Fields are removed from the records, so every output format loses them alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from .filters import csl_field
from .model import DATE_VARIABLES, NAME_ROLES, Record

# Record parts that BibTeX writes into annote (and CSL-JSON into note): the listing facts and
# the fields kept from other formats.
ANNOTE = ("annote", "annotation")


def parse_omit(text: str) -> tuple[str, ...]:
    """``abstract,annote, keywords`` -> ("abstract", "annote", "keywords"): lowercase, no empties."""
    return tuple(dict.fromkeys(name.strip().lower() for name in text.split(",") if name.strip()))


def omit(records: Iterable[Record], names: Iterable[str]) -> tuple[list[Record], list[str]]:
    """``records`` without the fields ``names``, and the names that no record had (likely typos)."""
    names = tuple(names)
    used: set[str] = set()
    out = []
    for record in records:
        for name in names:
            stripped = omit_field(record, name)
            if stripped != record:
                used.add(name)
                record = stripped
        out.append(record)
    return out, [name for name in names if name not in used]


def omit_field(record: Record, name: str) -> Record:
    """``record`` without field ``name`` (see the README, "Output"): ``abstract``; ``keywords`` (the
    keywords and the arXiv categories); ``annote`` (the listing facts and fields kept from other
    formats, which BibTeX writes into annote); ``note``; a name role or date variable (``editor``,
    ``accessed``); a CSL variable or its BibTeX name (``doi``, ``url``, ``journal``); and in any case a
    field kept from the input under that name (``file`` -> ``bibtex.file``)."""
    name = name.lower()
    extra = tuple((k, v) for k, v in record.extra if k.lower().split(".", 1)[-1] != name and k.lower() != name)
    record = record.replace(extra=extra)
    if name == "abstract":
        return record.replace(abstract="")
    if name in ("keywords", "keyword"):
        return record.replace(keywords=(), categories=()).with_field("keyword", "")
    if name in ANNOTE:
        kept = tuple((k, v) for k, v in record.extra if k.startswith("bibtex."))
        return record.replace(affiliations=(), has_code=False, extra=kept).with_field("annote", "")
    if name in NAME_ROLES:
        return record.with_people(name, ())
    if name in DATE_VARIABLES and name != "issued":
        return record.with_date(name, None)
    variable = csl_field(name)
    return record.with_field(variable, "") if variable else record
