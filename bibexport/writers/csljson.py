"""CSL-JSON writer: the format citeproc processors, Zotero and pandoc read.

arXiv preprints are written as Zotero exports its Preprint item type: ``type: article``,
``publisher: arXiv`` (Zotero's Repository) and ``genre: Preprint``.  Listing facts with no
CSL variable go into ``note`` (Zotero's Extra) as well as ``categories``/``keyword``.
"""

from __future__ import annotations

import dataclasses
import json
import operator
from collections.abc import Iterable, Iterator
from typing import Any

from ..dates import parse_edtf
from ..model import NAME_ROLES, Date, Person, Record
from ..notes import compose_note

# CSL name part <-> Person attribute.  Shared with the CSL-JSON reader.
NAME_PARTS = (
    ("family", "family"),
    ("given", "given"),
    ("non-dropping-particle", "particle"),
    ("dropping-particle", "dropping_particle"),
    ("suffix", "suffix"),
    ("literal", "literal"),
)
# CSL's name flags: kept as the source gave them (true, 1, "1").
FLAG_PARTS = (("comma-suffix", "comma_suffix"), ("static-ordering", "static_ordering"), ("parse-names", "parse_names"))
# Fixed order of the top-level keys; any other CSL variable follows, sorted.
KEY_ORDER = (
    "id", "citation-key", "type", "title", "author", "editor", "issued", "container-title",
    "volume", "issue", "page", "publisher", "publisher-place", "genre", "number", "DOI", "URL",
    "abstract", "categories", "keyword", "note",
)

# The CSL-JSON schema's (v1.0.2) text and number variables: a field with any other name would
# make the item invalid (the schema allows no other key), so it goes to ``note`` as
# ``csl.<name>: value``, which the readers take back into ``extra``.
TEXT_VARIABLES = frozenset(
    "language journalAbbreviation shortTitle abstract annote archive archive_collection archive_location "
    "archive-place authority call-number chapter-number citation-number citation-label collection-number "
    "collection-title container-title container-title-short dimensions division DOI edition event event-title "
    "event-place first-reference-note-number genre ISBN ISSN issue jurisdiction keyword locator medium note "
    "number number-of-pages number-of-volumes original-publisher original-publisher-place original-title page "
    "page-first part part-title PMCID PMID printing publisher publisher-place references reviewed-genre "
    "reviewed-title scale section source status supplement title title-short URL version volume volume-title "
    "volume-title-short year-suffix".split()
)
# The schema's variables that may be JSON numbers.
NUMBER_VARIABLES = frozenset(
    "chapter-number citation-number collection-number edition first-reference-note-number issue locator "
    "number number-of-pages number-of-volumes page page-first part printing supplement volume".split()
)
CUSTOM = "csl.custom"  # extra key: CSL-JSON's "custom" object, as JSON text


def person_to_csl(person: Person) -> dict[str, Any]:
    out: dict[str, Any] = {csl: value for csl, value in zip(_CSL_NAME_PARTS, _PERSON_VALUES(person)) if value}
    if person.comma_suffix is not False or person.static_ordering is not False or person.parse_names is not None:
        for csl, attr in FLAG_PARTS:
            flag = getattr(person, attr)
            # False is "not given" for comma_suffix and static_ordering (their default); parse_names'
            # default is None, so its False was given ("parse-names": false, as the reader keeps it).
            if flag is not None and (flag is not False or attr == "parse_names"):
                out[csl] = flag
    return out


def person_from_csl(value: dict[str, Any]) -> Person:
    """A CSL-JSON name object as a Person (text parts stripped, flags as given)."""
    parts: dict[str, Any] = {}
    for key, part in value.items():  # usually two keys: cheaper than asking for each part
        attr = _TEXT_ATTR.get(key)
        if attr:
            if part is not None and not isinstance(part, bool):
                parts[attr] = part.strip() if type(part) is str else str(part).strip()
        elif key in _FLAG_ATTR and part is not None and (part is not False or key == "parse-names"):
            parts[_FLAG_ATTR[key]] = part
    return Person(**parts)


_TEXT_ATTR = dict(NAME_PARTS)
_FLAG_ATTR = dict(FLAG_PARTS)


_CSL_NAME_PARTS = [csl for csl, _ in NAME_PARTS]
_PERSON_VALUES = operator.attrgetter(*(attr for _, attr in NAME_PARTS))


def date_to_csl(date: Date) -> dict[str, Any]:
    """A CSL-JSON date object: date-parts (a range has two), season, circa, literal, raw.

    An open range (``1987/..``) ends in ``[0]``, as the CSL test suite writes it.  A date read
    from ``raw`` alone is written back that way when ``raw`` says all it holds.
    """
    if date.year is None:
        return {"raw": date.raw} if date.raw and not date.literal else {"literal": date.literal}
    if date.raw and parse_edtf(date.raw) == dataclasses.replace(date, raw=""):
        return {"raw": date.raw}
    parts = [_parts(date)]
    if date.end is not None:
        parts.append(_parts(date.end) or [0])
    out: dict[str, Any] = {"date-parts": parts}
    if date.season is not None and date.season != "" and not _season_month(date):
        out["season"] = date.season
    if date.circa is not False:
        out["circa"] = date.circa
    if date.literal:
        out["literal"] = date.literal
    if date.raw:
        out["raw"] = date.raw
    return out


def _season_month(date: Date) -> bool:
    return type(date.season) is int and 21 <= date.season <= 24 and date.month is None


def _parts(date: Date) -> list[int]:
    return [*date.parts(), date.season] if _season_month(date) else list(date.parts())  # type: ignore[list-item]


def record_to_csl(record: Record) -> dict[str, Any]:
    """One record as a CSL-JSON item (a plain dict in the fixed key order)."""
    numeric = record.numeric
    item: dict[str, Any] = {"id": _number(record.id) if "id" in numeric else record.id, "type": record.type}
    if record.id:
        item["citation-key"] = record.id
    if record.title:
        item["title"] = record.title
    for role in ("author", "editor"):
        people = getattr(record, role)
        if people:
            item[role] = [person_to_csl(p) for p in people]
    for role, people in record.names:
        if people and role in _ROLES:
            item[role] = [person_to_csl(p) for p in people]
    if record.issued:
        item["issued"] = date_to_csl(record.issued)
    for name, date in record.dates:
        item[name] = date_to_csl(date)
    if record.abstract:
        item["abstract"] = record.abstract
    if record.categories:
        item["categories"] = list(record.categories)
    keywords = list(dict.fromkeys(record.categories + record.keywords))
    if keywords:
        item["keyword"] = ", ".join(keywords)
    strays = []
    for name, value in record.fields:
        if name in TEXT_VARIABLES:
            if name != "note" and value:
                item[name] = _number(value) if name in numeric and name in NUMBER_VARIABLES else value
        elif value:
            strays.append(f"csl.{name}: {value}")
    custom = record.get_extra(CUSTOM)
    if custom:
        record = record.replace(extra=tuple(pair for pair in record.extra if pair[0] != CUSTOM))
        item["custom"] = json.loads(custom)
    note = "\n".join([compose_note(record), *strays]).strip("\n") if strays else compose_note(record)
    if note:
        item["note"] = note
    return _ordered(item)


_ROLES = frozenset(NAME_ROLES) - {"author", "editor"}


def _number(text: str) -> int | float | str:
    """Text a CSL-JSON source gave as a JSON number, as that number again."""
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


_RANK = {key: i for i, key in enumerate(KEY_ORDER)}


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with the keys of KEY_ORDER in that order, then any others sorted."""
    keys = [key for key in KEY_ORDER if key in item]
    if len(keys) < len(item):
        keys += sorted(key for key in item if key not in _RANK)
    return {key: item[key] for key in keys}


def write(records: Iterable[Record], options: object = None) -> str:
    """A JSON array of CSL items, two-space indented, UTF-8 (not ASCII-escaped)."""
    return "".join(iter_write(records, options))


def iter_write(records: Iterable[Record], options: object = None) -> Iterator[str]:
    """:func:`write`'s text in pieces, one item at a time, for output too large to hold."""
    separator = "[\n  "
    for record in records:
        yield separator + _dump(record_to_csl(record), "  ")
        separator = ",\n  "
    yield "[]\n" if separator.startswith("[") else "\n]\n"


_encode_string = json.encoder.encode_basestring  # the C encoder, non-ASCII kept as is


def _dump(value: Any, indent: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` nested at ``indent``, several times faster."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is int:
        return int.__repr__(value)
    inner = indent + "  "
    try:
        if kind is dict and value:  # most values are strings: encoded here, not by a call to _dump
            body = f",\n{inner}".join([
                f"{_encode_string(k)}: {_encode_string(v) if type(v) is str else _dump(v, inner)}"
                for k, v in value.items()
            ])
            return f"{{\n{inner}{body}\n{indent}}}"
        if kind is list and value:
            body = f",\n{inner}".join([_encode_string(v) if type(v) is str else _dump(v, inner) for v in value])
            return f"[\n{inner}{body}\n{indent}]"
    except TypeError:  # a key that is not a string: let json convert it
        pass
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)
