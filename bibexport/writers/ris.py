"""RIS writer, in the form Zotero exports and Zotero, EndNote and Mendeley import.

Each record is ``TAG  - value`` lines from ``TY`` to ``ER  - ``, in the fixed order of
``TAGS`` below, records separated by a blank line.  Lines end in CRLF, as the RIS
specification and Zotero's own export do (every RIS reader also takes LF); the text is
UTF-8 without a BOM.

* Type: ``TYPES`` (CSL -> RIS); a preprint (CSL ``article``) is ``GEN``, as Zotero
  exports its Preprint items (no RIS type imports as a Zotero Preprint).
* ``AU`` one per author as ``Family, Given`` (``van der Maaten, Laurens``;
  ``King, Martin Luther, Jr.``); a literal name as written.  ``ED`` for editors.
* ``PY`` the year, ``DA`` ``2022/11/28/`` (``2022/11//`` without a day; a literal date as written).
* ``KW`` one per arXiv category, then one per keyword (Zotero makes tags of them).
* ``N1`` one per line: the record's own note, then the listing facts as ``Label: value``
  (affiliations, ``Code: available``, ``Author list: truncated (et al.)``, the arXiv
  categories, and ``extra`` pairs); Zotero imports each ``N1`` as a child note.
* A value never spans lines: line breaks and other control characters become spaces,
  so no value can start a tag line of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..dates import edtf_text
from ..model import Date, Person, Record
from ..names import is_particle
from ..cslnotes import csl_lines
from ..notes import note_lines

EOL = "\r\n"
TYPES: dict[str, str] = {
    "article": "GEN",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "paper-conference": "CPAPER",
    "book": "BOOK",
    "chapter": "CHAP",
    "entry-encyclopedia": "ENCYC",
    "report": "RPRT",
    "thesis": "THES",
    "manuscript": "MANSCPT",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "dataset": "DATA",
    "software": "COMP",
    "patent": "PAT",
    "map": "MAP",
    "motion_picture": "MPCT",
    "legal_case": "CASE",
    "bill": "BILL",
    "personal_communication": "PCOMM",
}
# CSL variable -> RIS tag, in output order (after TY, ID, TI, AU, ED, AB, PY, DA).
FIELDS: tuple[tuple[str, str], ...] = (
    ("container-title", "T2"),
    ("container-title-short", "J2"),
    ("collection-title", "T3"),
    ("volume", "VL"),
    ("issue", "IS"),
    ("number", "M1"),
    ("edition", "ET"),
    ("publisher", "PB"),
    ("publisher-place", "CY"),
    ("genre", "M3"),
    ("ISBN", "SN"),
    ("ISSN", "SN"),
    ("DOI", "DO"),
    ("URL", "UR"),
    ("language", "LA"),
)
# Creators beyond AU and ED, as Zotero's RIS translator (RIS.js) maps them, both ways:
# (tag, CSL name variable, the CSL types it has that meaning in; empty: every type not
# listed for that tag elsewhere).  A2 is an editor, and A4 a translator, where not listed.
CREATOR_TAGS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("A2", "collection-editor", frozenset({"book", "report"})),
    ("A2", "recipient", frozenset({"personal_communication"})),
    ("A2", "interviewer", frozenset({"interview"})),
    ("A2", "performer", frozenset({"song"})),
    ("A2", "editor", frozenset()),
    ("A3", "collection-editor", frozenset({"chapter", "paper-conference", "entry-dictionary", "entry-encyclopedia", "map"})),
    ("A3", "producer", frozenset({"motion_picture", "broadcast"})),
    ("A3", "contributor", frozenset({"thesis"})),
    ("A4", "contributor", frozenset({"paper-conference", "motion_picture", "dataset"})),
    ("A4", "translator", frozenset()),
    ("C2", "container-author", frozenset({"chapter"})),
)
DATE_TAGS = {"accessed": "Y2"}  # Zotero: Y2 is the access date


def creator_tag(role: str, csl_type: str) -> str:
    """The RIS tag of name variable ``role`` in a record of ``csl_type`` ("" when none)."""
    for tag, name, types in CREATOR_TAGS:
        if name == role and (csl_type in types or not types and not _listed(tag, csl_type)):
            return tag
    return ""


def creator_role(tag: str, csl_type: str) -> str:
    """The CSL name variable of RIS tag ``tag`` in a record of ``csl_type`` ("" when none)."""
    fallback = ""
    for name_tag, role, types in CREATOR_TAGS:
        if name_tag == tag:
            if csl_type in types:
                return role
            fallback = fallback or (role if not types else "")
    return fallback if not _listed(tag, csl_type) else ""


def _listed(tag: str, csl_type: str) -> bool:
    return any(t == tag and csl_type in types for t, _, types in CREATOR_TAGS)


TAGS = ("TY", "ID", "TI", "AU", "ED", "A2", "A3", "A4", "C2", "AB", "PY", "DA", "Y2") + tuple(t for _, t in FIELDS) + ("SP", "EP", "KW", "N1", "ER")

_BREAKS = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def one_line(value: str) -> str:
    """The value on one line: breaks and control characters as single spaces."""
    if value.isprintable():  # the common case: nothing _BREAKS would match
        return value.strip()
    return _BREAKS.sub(" ", value).strip()


def format_name(person: Person) -> str:
    if person.literal:
        return person.literal
    family = " ".join(p for p in (person.dropping_particle, person.particle, person.family) if p)
    parts = [family, person.given] if person.given else [family]
    if person.suffix:
        parts = [family, person.given, person.suffix]
    return ", ".join(parts)


def format_date(record: Record) -> list[tuple[str, str]]:
    date = record.issued
    if date is None:
        return []
    if date.year is None:
        return [("DA", date.literal)] if date.literal else []
    return [("PY", f"{date.year:04d}"), ("DA", ris_date(date))]


def ris_date(date: Date) -> str:
    """``2022/11/28/``, ``2022/11//``, ``2022///``: RIS's date form (a range's start)."""
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.month and date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def pages(page: str) -> list[tuple[str, str]]:
    """``SP`` and ``EP`` from ``12-20``, ``12--20`` or ``12–20``; other forms all in ``SP``."""
    first, sep, last = _split_pages(page)
    return [("SP", first)] + ([("EP", last)] if sep and last else [])


_PAGES = re.compile(r"\s*(.*?)\s*(-+|–|—)\s*(.*?)\s*")


def _split_pages(page: str) -> tuple[str, str, str]:
    """What ``_PAGES.fullmatch`` finds: the text around the first dash run.  By hand when there is
    no line break: the regex tries its lazy group at every position of a run of spaces, each
    time to the end of the run (quadratic: 100,000 spaces in a page field did not finish)."""
    if "\n" not in page:  # where '.' matches every character
        text = page.strip()
        found = [i for i in (text.find("-"), text.find("–"), text.find("—")) if i >= 0]
        if not found:
            return text, "", ""
        start = end = min(found)
        end += 1
        if text[start] == "-":
            while end < len(text) and text[end] == "-":
                end += 1
        return text[:start].rstrip(), text[start:end], text[end:].lstrip()
    m = _PAGES.fullmatch(page)
    return (m.group(1), m.group(2), m.group(3)) if m else (page.strip(), "", "")


def record_lines(record: Record) -> list[tuple[str, str]]:
    """(tag, value) pairs of one record, in the order of ``TAGS`` (the order they are made in)."""
    values: dict[str, str] = {}
    for csl, value in record.fields:
        values.setdefault(csl, value)  # the value record.get() gives
    lines = [("TY", TYPES.get(record.type, "GEN"))]
    if record.id:
        lines.append(("ID", record.id))
    lines.append(("TI", record.title))
    lines += [("AU", format_name(p)) for p in record.author]
    lines += [("ED", format_name(p)) for p in record.editor]
    # Name variables with no tag, or whose names RIS cannot say whole: N1 lines (the reader's override).
    roles = [role for role in ("author", "editor") if not all(map(_nameable, record.people(role)))]
    tagged = []
    for role, people in record.names:
        tag = creator_tag(role, record.type if record.type in TYPES else "article")  # GEN reads as article
        if tag:
            tagged += [(tag, format_name(p)) for p in people]
        if people and not (tag and all(map(_nameable, people))):
            roles.append(role)
    lines += sorted(tagged, key=lambda line: _TAG_RANK[line[0]])  # stable: each role's names in order
    lines.append(("AB", record.abstract))
    lines += format_date(record)
    dates = [name for name, date in record.dates if not (name in DATE_TAGS and _plain_date(date))]
    lines += [(DATE_TAGS[name], ris_date(date)) for name, date in record.dates if name not in dates]
    issued = record.issued
    if issued is not None and issued.year is not None and (edtf_text(issued) != issued.iso() or issued.year < 0):
        dates.insert(0, "issued")  # a range, season or circa: in full as an N1 line
    lines += [(tag, values[csl]) for csl, tag in FIELDS if csl in values]
    if values.get("page"):
        lines += pages(values["page"])
    lines += [("KW", k) for k in dict.fromkeys(record.categories + record.keywords)]
    own = values.get("note", "")
    lines += [("N1", line) for line in own.splitlines() + note_lines(record)]
    # Nothing is lost: CSL variables with no tag here go to N1 as ``csl.<name>: value``.
    lines += [("N1", f"csl.{k}: {v}") for k, v in record.fields if k not in _TAGGED and v.strip()]
    lines += [("N1", line) for line in csl_lines(record, roles, dates)]
    kept = [(tag, one_line(value)) for tag, value in lines if value]
    return [(t, v) for t, v in kept if v]


_TAGGED = {csl for csl, _ in FIELDS} | {"page", "note"}
_TAG_RANK = {tag: i for i, tag in enumerate(TAGS)}


def _nameable(person: Person) -> bool:
    """A name RIS's ``Family, Given, Suffix`` keeps whole (no comma inside a part, no flags)."""
    if person.literal:
        return " " in person.literal and "," not in person.literal  # one word reads as a family name
    if person.dropping_particle or person.comma_suffix is not False or person.static_ordering is not False \
            or person.parse_names is not None:
        return False
    if "," in person.family or "," in person.given or "," in person.suffix or "," in person.particle:
        return False
    return " " not in person.family or not is_particle(person.family.split(" ", 1)[0])  # "de Boer": de a particle


def _plain_date(date: Date) -> bool:
    """A date RIS's ``YYYY/MM/DD/`` says all of."""
    return date.year is not None and date == Date(date.year, date.month, date.day)


def format_record(record: Record) -> str:
    body = "".join(f"{tag}  - {value}{EOL}" for tag, value in record_lines(record))
    return body + "ER  - " + EOL


def write(records: Iterable[Record], options: object = None) -> str:
    """RIS text: CRLF line ends, records separated by a blank line."""
    return EOL.join(format_record(r) for r in records)
