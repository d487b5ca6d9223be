"""CSL-JSON writer: the format citeproc processors, Zotero and pandoc read.

arXiv preprints are written as Zotero exports its Preprint item type: ``type: article``,
``publisher: arXiv`` (Zotero's Repository) and ``genre: Preprint``.  Listing facts with no
CSL variable go into ``note`` (Zotero's Extra) as well as ``categories``/``keyword``.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Date, Person, Record
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


def person_to_csl(person: Person) -> dict[str, str]:
    return {csl: value for csl, value in zip(_CSL_NAME_PARTS, _PERSON_VALUES(person)) if value}


_CSL_NAME_PARTS = [csl for csl, _ in NAME_PARTS]
_PERSON_VALUES = operator.attrgetter(*(attr for _, attr in NAME_PARTS))


def date_to_csl(date: Date) -> dict[str, Any]:
    if date.year is None:
        return {"literal": date.literal}
    return {"date-parts": [list(date.parts())]}


def record_to_csl(record: Record) -> dict[str, Any]:
    """One record as a CSL-JSON item (a plain dict in the fixed key order)."""
    item: dict[str, Any] = {"id": record.id, "type": record.type}
    if record.id:
        item["citation-key"] = record.id
    if record.title:
        item["title"] = record.title
    for role in ("author", "editor"):
        people = getattr(record, role)
        if people:
            item[role] = [person_to_csl(p) for p in people]
    if record.issued:
        item["issued"] = date_to_csl(record.issued)
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
                item[name] = value
        elif value:
            strays.append(f"csl.{name}: {value}")
    note = "\n".join([compose_note(record), *strays]).strip("\n") if strays else compose_note(record)
    if note:
        item["note"] = note
    return _ordered(item)


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
