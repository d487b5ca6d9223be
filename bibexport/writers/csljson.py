"""CSL-JSON writer: the format citeproc processors, Zotero and pandoc read.

arXiv preprints are written as Zotero exports its Preprint item type: ``type: article``,
``publisher: arXiv`` (Zotero's Repository) and ``genre: Preprint``.  Listing facts with no
CSL variable go into ``note`` (Zotero's Extra) as well as ``categories``/``keyword``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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


def person_to_csl(person: Person) -> dict[str, str]:
    return {csl: getattr(person, attr) for csl, attr in NAME_PARTS if getattr(person, attr)}


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
    for name, value in record.fields:
        if name != "note" and value:
            item[name] = value
    note = compose_note(record)
    if note:
        item["note"] = note
    return _ordered(item)


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    rank = {key: i for i, key in enumerate(KEY_ORDER)}
    return dict(sorted(item.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def write(records: Iterable[Record], options: object = None) -> str:
    """A JSON array of CSL items, two-space indented, UTF-8 (not ASCII-escaped)."""
    items = [record_to_csl(r) for r in records]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
