"""What ``bibexport check`` finds beyond reading: the faults JabRef's integrity check and biber's
data-model validation report in a ``.bib`` file, each with its ``file:line``.

* ``month`` that is no month: not 1-12 nor a month name or macro (``month = {13}``);
* ``year`` with digits but no four-digit year (``year = {20x1}``; ``n.d.``, ``forthcoming``
  and ``Spring 2020`` are text, not typos, and pass);
* an entry without a field its type requires: BibTeX's ``btxdoc`` list for the standard
  types (``author``, ``title``, ``journal``, ``year`` for ``@article``...), the biblatex
  manual's for ``@online``, ``@report`` and ``@thesis``; biblatex's names count too
  (``journaltitle`` for ``journal``, ``date`` for ``year``, ``institution`` for ``school``),
  and an entry with a ``crossref`` is skipped (its parent fills the gaps);
* a citation key that is not ASCII (classic ``bibtex`` and ``\\cite`` with some setups fail on it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import Problem
from .merge import split_source
from .model import Record
from .readers.bibsyntax import Block, split

_MONTHS = (
    "jan feb mar apr may jun jul aug sep oct nov dec january february march april june july "
    "august september october november december sept"
).split()
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")

# Entry type -> required fields; "a|b" is either.  BibTeX's btxdoc ("Entry Types"), biblatex
# manual section 2.1.1 for the biblatex-only types.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal|journaltitle", "year|date"),
    "book": ("author|editor", "title", "publisher", "year|date"),
    "booklet": ("title",),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year|date"),
    "incollection": ("author", "title", "booktitle", "publisher", "year|date"),
    "inproceedings": ("author", "title", "booktitle", "year|date"),
    "conference": ("author", "title", "booktitle", "year|date"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school|institution", "year|date"),
    "phdthesis": ("author", "title", "school|institution", "year|date"),
    "proceedings": ("title", "year|date"),
    "techreport": ("author", "title", "institution|school", "year|date"),
    "unpublished": ("author", "title", "note"),
    "online": ("author|editor", "title", "year|date", "url|doi|eprint"),
    "report": ("author", "title", "type", "institution", "year|date"),
    "thesis": ("author", "title", "type", "institution|school", "year|date"),
}


def check_bibtex(text: str, source: str) -> list[Problem]:
    """The month, year and required-field faults of every entry of a ``.bib`` text, in line order."""
    problems: list[Problem] = []
    for block in split(text).blocks:
        if block.kind == "entry":
            problems.extend(_entry_problems(block, source))
    return problems


def check_keys(records: Iterable[Record]) -> list[Problem]:
    """A warning for every citation key with a character that is not ASCII."""
    problems = []
    for record in records:
        if record.id and not record.id.isascii():
            name, line = split_source(record.source)
            problems.append(Problem(
                f"citation key {record.id!r} is not ASCII: classic bibtex and some LaTeX setups fail on it "
                "(rename it, or let bibexport make one with --rekey)", name, line))
    return problems


def _entry_problems(block: Block, source: str) -> list[Problem]:
    fields = {f.name.lower(): f for f in block.fields}
    problems = []
    month = fields.get("month")
    if month is not None:
        value = _text(month.value)
        if not _is_month(value):
            problems.append(Problem(f"month = {month.value}: not a month (1-12, or jan ... dec); "
                                    "biber rejects it", source, month.line))
    year = fields.get("year")
    if year is not None:
        value = _text(year.value)
        if any(c.isdigit() for c in value) and not _FOUR_DIGITS.search(value):
            problems.append(Problem(f"year = {year.value}: not a year (four digits, e.g. 2021)", source, year.line))
    kind = block.type.lower()
    if "crossref" not in fields and kind in REQUIRED and not block.reason:  # a cut entry is reported already
        missing = [need for need in REQUIRED[kind]
                   if not any(_text(fields[n].value).strip() for n in need.split("|") if n in fields)]
        if missing:
            names = ", ".join(need.replace("|", " or ") for need in missing)
            problems.append(Problem(
                f"@{kind}{{{block.key}}} has no {names} (required for @{kind}: "
                f"{', '.join(n.replace('|', '/') for n in REQUIRED[kind])})", source, block.line))
    return problems


def _text(value: str) -> str:
    """A raw value's text: ``{13}``, ``"13"`` and ``13`` are ``13``; a macro stays its name."""
    value = value.strip()
    if len(value) > 1 and (value[0], value[-1]) in (("{", "}"), ('"', '"')):
        return value[1:-1].strip()
    return value


def _is_month(value: str) -> bool:
    value = value.strip().rstrip(".").lower()
    if value.isdecimal():
        return 1 <= int(value) <= 12
    return value in _MONTHS or "#" in value  # a concatenation ("jan # ~--~ # feb") is not checked
