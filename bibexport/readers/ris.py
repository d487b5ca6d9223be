"""RIS reader, for RIS as Zotero, EndNote, Mendeley and PubMed-fed tools write it.

A record runs from ``TY`` to ``ER``; a line without a ``XX  - `` tag continues the value
above it (EndNote and Mendeley wrap long abstracts).  ``N1`` notes are parsed back with
:mod:`bibexport.notes` (the writer's ``Label: value`` lines).  Tags with no CSL home are
kept in ``extra`` as ``ris.<TAG>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..dates import make_date
from ..errors import Problem
from ..model import NAME_ORDER, Date, Person, Record
from ..writers.ris import CREATOR_TAGS, creator_role
from ..names import is_particle
from ..text import LINE_BREAK
from . import ReadResult
from .extra import read_note

# RIS type -> CSL type: the RIS 2011 specification's types, as Zotero maps them.
TYPES: dict[str, str] = {
    "GEN": "article",  # Zotero exports preprints as GEN, and so does bibexport's writer
    "JOUR": "article-journal",
    "EJOUR": "article-journal",
    "JFULL": "periodical",
    "MGZN": "article-magazine",
    "NEWS": "article-newspaper",
    "CPAPER": "paper-conference",
    "CONF": "paper-conference",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "ENCYC": "entry-encyclopedia",
    "DICT": "entry-dictionary",
    "RPRT": "report",
    "THES": "thesis",
    "MANSCPT": "manuscript",
    "UNPB": "manuscript",
    "INPR": "article-journal",
    "ELEC": "webpage",
    "WEB": "webpage",
    "BLOG": "post-weblog",
    "DATA": "dataset",
    "DBASE": "dataset",
    "COMP": "software",
    "PAT": "patent",
    "MAP": "map",
    "MPCT": "motion_picture",
    "VIDEO": "motion_picture",
    "SOUND": "song",
    "MUSIC": "musical_score",
    "CASE": "legal_case",
    "BILL": "bill",
    "UNBILL": "bill",
    "STAT": "legislation",
    "HEAR": "hearing",
    "PCOMM": "personal_communication",
    "ICOMM": "personal_communication",
    "PAMP": "pamphlet",
    "STAND": "standard",
    "ART": "graphic",
    "FIGURE": "figure",
    "SLIDE": "speech",
    "GOVDOC": "report",
    "GRANT": "document",
}
# Tag -> CSL variable, for the tags that map one to one.  Earlier tags win over later
# ones for the same variable (T2 over JF over JO...).
FIELDS: tuple[tuple[str, str], ...] = (
    ("T2", "container-title"),
    ("JF", "container-title"),
    ("JO", "container-title"),
    ("BT", "container-title"),
    ("JA", "container-title-short"),
    ("J2", "container-title-short"),
    ("T3", "collection-title"),
    ("VL", "volume"),
    ("IS", "issue"),
    ("CP", "issue"),
    ("M1", "number"),
    ("ET", "edition"),
    ("PB", "publisher"),
    ("CY", "publisher-place"),
    ("PP", "publisher-place"),
    ("M3", "genre"),
    ("DO", "DOI"),
    ("UR", "URL"),
    ("LA", "language"),
)
_FIELD = dict(FIELDS)
_AUTHORS = ("AU", "A1")
_EDITORS = ("ED",)
_CREATORS = frozenset(tag for tag, _, _ in CREATOR_TAGS)
_TITLES = ("TI", "T1", "CT")
_ABSTRACTS = ("AB", "N2")
_DATES = ("DA", "PY", "Y1")
_HANDLED = frozenset(
    ("TY", "ER", "ID", "KW", "N1", "SP", "EP", "SN", "Y2", *_CREATORS, *_AUTHORS, *_EDITORS, *_TITLES, *_ABSTRACTS, *_DATES, *_FIELD)
)

_TAG = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|)$")
_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")


def looks_like(text: str) -> bool:
    """True when the first non-blank line is a ``TY  - `` line."""
    for line in text.lstrip("\ufeff").splitlines()[:20]:
        if line.strip():
            return bool(re.match(r"TY {1,2}- ?", line.strip()))
    return False


def read(text: str, source: str = "<input>", **_: object) -> ReadResult:
    records: list[Record] = []
    problems: list[Problem] = []
    for line, tags, closed in _records(text.lstrip("\ufeff"), problems, source):
        if closed is not True:
            problems.append(Problem(f"record has no closing 'ER  - ' line; read up to {closed}", source, line))
        warnings: list[str] = []
        try:
            records.append(_record(tags, f"{source}:{line}", warnings))
        except ValueError as exc:  # defensive: one odd record must not stop the rest
            problems.append(Problem(f"record skipped: {exc}", source, line, "error"))
        problems.extend(Problem(w, source, line) for w in warnings)
    return ReadResult(tuple(records), tuple(problems))


def _records(text: str, problems: list[Problem], source: str) -> Iterator[tuple[int, list[tuple[str, str]], bool | str]]:
    """(line of TY, [(tag, value)], True if closed by ER else where it ended) for each record."""
    tags: list[tuple[str, str]] | None = None
    start = 0
    stray = False
    for number, line in enumerate(LINE_BREAK.split(text), 1):  # not splitlines(): \v, \x85, \u2028 are text
        match = _TAG.match(line.rstrip())
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if tags is not None:
                    yield start, tags, f"the next TY (line {number})"
                tags, start = [("TY", value)], number
            elif tags is None:
                if not stray:
                    problems.append(Problem(f"{tag!r} line before any 'TY  - ' line; ignored up to the next TY", source, number))
                    stray = True
            elif tag == "ER":
                yield start, tags, True
                tags, stray = None, False
            else:
                tags.append((tag, value))
        elif line.strip() and tags:
            tag, value = tags[-1]
            # A note's lines stay lines; so do a keyword's, each a keyword (Zotero's RIS.js keeps
            # KW's line breaks, "these could use newline as separator", and makes a tag of each).
            joiner = "\n" if tag in ("N1", "KW") else " "
            tags[-1] = (tag, f"{value}{joiner}{line.strip()}" if value else line.strip())
    if tags is not None:
        yield start, tags, "the end of the file"


def _record(tags: list[tuple[str, str]], source: str, warnings: list[str]) -> Record:
    values: dict[str, list[str]] = {}
    for tag, value in tags:
        if value:
            values.setdefault(tag, []).append(value)

    def first(*names: str) -> str:
        return next((values[n][0] for n in names if n in values), "")

    fields: dict[str, str] = {}
    for tag, csl in FIELDS:
        if tag in values and csl not in fields:
            fields[csl] = values[tag][0]
    for number in values.get("SN", ()):
        fields.setdefault("ISSN" if _ISSN.match(number.strip()) else "ISBN", number)
    start, end = first("SP"), first("EP")
    if start:
        fields["page"] = f"{start}-{end}" if end and end != start else start
    ris_type = first("TY").upper()
    if ris_type in ("BOOK", "EBOOK", "EDBOOK") and "BT" in values and not first(*_TITLES):
        values["TI"] = values.pop("BT")  # a book's own title may come as BT
        fields.pop("container-title", None)
    extra = [(f"ris.{tag}", value) for tag, vs in values.items() if tag not in _HANDLED for value in vs]
    # Nothing is lost: a second value for the same variable (JF and JO, TI and T1, two UR) goes to extra.
    used = {*fields.values(), first("ID"), first(*_TITLES), first(*_ABSTRACTS)}
    for tag in (*_FIELD, *_TITLES, *_ABSTRACTS, "ID", "SN"):
        extra += [(f"ris.{tag}", value) for value in dict.fromkeys(values.get(tag, ())) if value not in used]
    if ris_type not in TYPES:
        extra.insert(0, ("ris.TY", ris_type))
    keywords = tuple(dict.fromkeys(k.strip() for kw in values.get("KW", ()) for k in kw.split("\n") if k.strip()))
    csl_type = TYPES.get(ris_type, "document")
    people: dict[str, list[Person]] = {}
    for tag, value in tags:
        role = creator_role(tag, csl_type) if tag in _CREATORS and value else ""
        if role:
            people.setdefault(role, []).append(_name(value))
        elif tag in _CREATORS and value:
            extra.append((f"ris.{tag}", value))
    editors = tuple(_name(v) for tag, v in tags if tag in _EDITORS and v) + tuple(people.pop("editor", ()))
    accessed = _parse_date(first("Y2"), warnings) if first("Y2") else None
    record = Record(
        id=first("ID"),
        type=csl_type,
        title=first(*_TITLES),
        author=tuple(_name(v) for tag, v in tags if tag in _AUTHORS and v),  # file order, AU and A1 mixed
        editor=editors,
        names=tuple(sorted(((r, tuple(p)) for r, p in people.items()), key=lambda kv: NAME_ORDER[kv[0]])),
        dates=(("accessed", accessed),) if accessed is not None else (),
        issued=_date(values, warnings),
        abstract=first(*_ABSTRACTS),
        keywords=keywords,
        fields=tuple(fields.items()),
        extra=tuple(extra),
        source=source,
    )
    return read_note("\n".join(values.get("N1", ())), record)  # facts, other formats' fields, the note


def _name(value: str) -> Person:
    """``Family, Given, Suffix`` (RIS's form); without a comma, one word is a family name
    and several are an institution or other literal name (as Zotero reads them)."""
    parts = [p.strip() for p in value.split(",")]
    if len(parts) == 1:
        return Person(family=parts[0]) if " " not in parts[0] else Person(literal=parts[0])
    words = parts[0].split()
    particle = []
    while len(words) > 1 and is_particle(words[0]):
        particle.append(words.pop(0))
    return Person(
        family=" ".join(words),
        given=parts[1],
        particle=" ".join(particle),
        suffix=", ".join(parts[2:]),
    )


def _date(values: dict[str, list[str]], warnings: list[str]) -> Date | None:
    """The most precise of ``DA``, ``PY`` and ``Y1`` (``2022``, ``2022/11/28/``, ``2022///``, ``2022/11//``)."""
    best: Date | None = None
    for tag in _DATES:
        for text in values.get(tag, ()):
            date = _parse_date(text, warnings)
            if date and (best is None or len(date.parts()) > len(best.parts()) and best.year in (None, date.year)):
                best = date
    return best


def _parse_date(text: str, warnings: list[str]) -> Date | None:
    text = text.strip()
    digits = f"{text[:4]}/{text[4:6]}/{text[6:]}" if re.fullmatch(r"\d{8}", text) else text  # 20221128
    parts = re.split(r"[/-]", digits)
    if not re.fullmatch(r"\d{1,4}", parts[0]):
        return Date(literal=text)  # "Spring 2020", "in press"
    numbers: list[int] = [int(parts[0])]
    for part in parts[1:3]:
        if not part.isdecimal():  # not isdigit(): int() refuses "²"
            break
        numbers.append(int(part))
    return make_date(*numbers, text=text, warnings=warnings)
