"""Records <-> Zotero items, shared by the Zotero RDF writer and reader.

A :class:`Item` is a Zotero item as Zotero's export translators see it: an item type, fields
by their base names (``publisher`` for a preprint's Repository, ``number`` for its Archive ID,
see :mod:`bibexport.zoteroschema`), creators as ``(creatorType, lastName, firstName)``, tags,
child notes, attachments and the collections the item is in.

Names follow Zotero's convention: the non-dropping particle starts the last name (``van der
Maaten``), a dropping particle ends the first name and the suffix follows it after a comma
(``Martin Luther, Jr.``); an institution is a last name alone (Zotero's single-field mode).

What an item type cannot hold goes to Extra, in Zotero's own form for CSL variables
(``original-date: 2001-02-03``, ``translator: van der Maaten || Laurens``, which Zotero's
citation processor reads), after the listing facts (:mod:`bibexport.notes`).  Data that only
Zotero has (child notes, attachments, collections, automatic tags, creator types with no CSL
role, other item fields) is kept in ``Record.extra`` under ``zotero.`` keys, so that other
formats carry it in their notes and a Zotero library comes back whole.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .categories import readable_name
from .model import NAME_ROLES, Date, Person, Record
from .names import is_particle
from .notes import note_lines
from .zoteroschema import CREATOR_ROLES, CREATOR_TYPES, CSL_DATES, CSL_FIELDS, CSL_TYPES, FIELDS

PREFIX = "zotero."
NOTE = "zotero.note"  # a child note (HTML), one pair each
ATTACHMENT = "zotero.attachment"  # a child attachment, as JSON ({"title", "path", "url", "mimeType", ...})
COLLECTION = "zotero.collection"  # a collection the item is in, as a path "Parent / Child"
AUTOMATIC_TAG = "zotero.automatic-tag"  # a tag Zotero marks automatic (a keyword too)
ITEM_TYPE = "zotero.itemType"  # the item type, when it is not the one the CSL type gives
CREATOR = "zotero.creator."  # + creator type with no CSL role: "Last || First"
COLLECTION_SEPARATOR = " / "

ARXIV_ID = re.compile(r"^(?:arXiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)$", re.I)
# Zotero's arXiv translator's Extra line: "arXiv:2211.15661 [cs.LG]" (no class for old-style ids).
ARXIV_LINE = re.compile(r"^arXiv:(\S+)(?: \[([\w.-]+)\])?$")

_ZOTERO_TYPE_CSL = {z: csl for csl, zs in CSL_TYPES.items() for z in zs}
_FIELD_CSL: dict[str, str] = {}
for _csl, _zs in CSL_FIELDS.items():
    for _z in _zs:
        _FIELD_CSL.setdefault(_z, _csl)
_FIELD_CSL.update(shortTitle="title-short", journalAbbreviation="container-title-short")  # not CSL names
_DATE_CSL = {z: csl for csl, z in CSL_DATES.items()}
_ROLE_CREATORS: dict[str, tuple[str, ...]] = {}
for _type, _role in CREATOR_ROLES.items():
    _ROLE_CREATORS[_role] = _ROLE_CREATORS.get(_role, ()) + (_type,)
# CSL 1.0.2 text variables a reader takes from Extra lines (Zotero's "variable: value" form);
# not note, abstract, title and keyword, which have their own places.
EXTRA_TEXT = frozenset(
    """annote archive archive_collection archive_location archive-place authority call-number
    chapter-number citation-label collection-number collection-title container-title
    container-title-short dimensions division DOI edition event event-title event-place genre ISBN
    ISSN issue jurisdiction language license medium number number-of-pages number-of-volumes
    original-publisher original-publisher-place original-title page page-first part-number
    part-title PMCID PMID printing-number publisher publisher-place references reviewed-genre
    reviewed-title scale section source status supplement-number title-short URL version volume
    volume-title volume-title-short""".split()
)
EXTRA_DATES = frozenset(("accessed", "available-date", "event-date", "issued", "original-date", "submitted"))
EXTRA_NAMES = frozenset(NAME_ROLES)


@dataclass
class Item:
    """One Zotero item (mutable while it is built)."""

    item_type: str
    fields: dict[str, str] = field(default_factory=dict)  # base field name -> value
    creators: list[tuple[str, str, str]] = field(default_factory=list)  # (type, last, first)
    tags: list[tuple[str, bool]] = field(default_factory=list)  # (tag, automatic)
    notes: list[str] = field(default_factory=list)
    attachments: list[dict[str, str]] = field(default_factory=list)
    collections: list[tuple[str, ...]] = field(default_factory=list)
    other: list[tuple[str, str]] = field(default_factory=list)  # z:<name> properties with no field here
    source: str = ""


# Names -------------------------------------------------------------------------------


def creator_names(person: Person) -> tuple[str, str]:
    """(lastName, firstName) in Zotero's convention; firstName ``""`` means single-field mode."""
    if person.literal:
        return person.literal, ""
    last = " ".join(p for p in (person.particle, person.family) if p)
    first = " ".join(p for p in (person.given, person.dropping_particle) if p)
    if not last:
        return first, ""
    if person.suffix:
        first = f"{first}, {person.suffix}" if first else person.suffix
    return last, first


def person_from(last: str, first: str) -> Person:
    """A :class:`Person` from Zotero's lastName and firstName (see :func:`creator_names`)."""
    last, first = " ".join(last.split()), " ".join(first.split())
    words = last.split(" ")
    particle = []
    while len(words) > 1 and is_particle(words[0]):
        particle.append(words.pop(0))
    if not first:
        if len(words) == 1 or particle:
            return Person(family=" ".join(words), particle=" ".join(particle))
        return Person(literal=last)
    given, _, suffix = first.partition(", ")
    given_words = given.split(" ")
    dropping = []
    while len(given_words) > 1 and is_particle(given_words[-1]):
        dropping.insert(0, given_words.pop())
    return Person(family=" ".join(words), given=" ".join(given_words), particle=" ".join(particle),
                  dropping_particle=" ".join(dropping), suffix=suffix.strip())


def extra_name(person: Person) -> str:
    """A name in Zotero's Extra form: ``Last || First``, or the single-field name."""
    last, first = creator_names(person)
    return f"{last} || {first}" if first else last


def parse_extra_name(text: str) -> Person:
    last, sep, first = text.partition("||")
    return person_from(last.strip(), first.strip()) if sep else person_from(text.strip(), "")


# Record -> Item ----------------------------------------------------------------------


def is_arxiv(record: Record) -> bool:
    return record.type == "article" and (
        record.get("publisher").lower() == "arxiv" or bool(record.categories) or bool(arxiv_id(record))
    )


def arxiv_id(record: Record) -> str:
    m = ARXIV_ID.match(record.get("number").strip())
    return m.group(1) if m else ""


def item_type(record: Record) -> str:
    wanted = record.get_extra(ITEM_TYPE)
    if wanted in FIELDS and _ZOTERO_TYPE_CSL.get(wanted) == record.type:
        return wanted
    if wanted == "note":
        return "note"
    types = CSL_TYPES.get(record.type, ())
    return types[0] if types and types[0] in FIELDS else "document"


_ALIASES = {"container-title-short": ("journalAbbreviation",)}  # Zotero's CSL map names it so


def _field_for(csl: str, fields: tuple[str, ...]) -> str:
    for name in CSL_FIELDS.get(csl, ()) or _ALIASES.get(csl, ()):
        if name in fields:
            return name
    return ""


def _creator_type(role: str, kind: str) -> str:
    allowed = CREATOR_TYPES.get(kind, ())
    if role == "author":
        return "author" if "author" in allowed else (allowed[0] if allowed else "")
    return next((t for t in _ROLE_CREATORS.get(role, ()) if t in allowed), "")


def date_text(date: Date) -> str:
    """A date as Zotero's free-text date field holds it (ISO when it is a calendar date)."""
    if date.raw:
        return date.raw
    text = date.literal or date.iso()
    if date.end is not None:
        text += "/" + (date.end.iso() or "..")
    return text


def record_to_item(record: Record) -> Item:
    """The Zotero item for ``record``; what the item type cannot hold goes to Extra."""
    kind = item_type(record)
    allowed = FIELDS.get(kind, FIELDS["document"])
    item = Item(kind, source=record.source)
    fields = item.fields
    extra_lines: list[str] = []
    if record.title:
        fields["title"] = record.title
    if record.abstract:
        fields["abstractNote"] = record.abstract
    for name in ("issued", *(n for n, _ in record.dates)):
        date = record.date(name)
        if date is None or not date_text(date):
            continue
        target = CSL_DATES.get(name, "")
        if target in allowed and target not in fields:
            fields[target] = date_text(date)
        else:
            extra_lines.append(f"{name}: {date_text(date)}")
    for csl, value in record.fields:
        if not value.strip() or csl == "note":
            continue
        target = _field_for(csl, allowed)
        if target and target not in fields:
            fields[target] = value
        else:
            extra_lines.append(f"{csl}: {' '.join(value.split())}")
    if record.type not in CSL_TYPES and kind != "note":
        extra_lines.insert(0, f"type: {record.type}")  # a CSL type Zotero has no item type for
    if record.id and "citationKey" in allowed:
        fields["citationKey"] = record.id
    arxiv_line = ""
    if is_arxiv(record):
        _arxiv_fields(record, fields, allowed)
        eprint = arxiv_id(record)
        if eprint:
            cls = f" [{record.categories[0]}]" if record.categories and "/" not in eprint else ""
            arxiv_line = f"arXiv:{eprint}{cls}"
    for role in NAME_ROLES:
        people = record.people(role)
        creator = _creator_type(role, kind) if people else ""
        for person in people:
            if creator:
                item.creators.append((creator, *creator_names(person)))
            else:
                extra_lines.append(f"{role}: {extra_name(person)}")
    automatic = {v for k, v in record.extra if k == AUTOMATIC_TAG}
    for category in record.categories:
        item.tags.append((category, True))
        if readable_name(category):
            item.tags.append((readable_name(category), True))
    for keyword in record.keywords:
        item.tags.append((keyword, keyword in automatic))
    item.tags = list(dict.fromkeys(item.tags))
    for key, value in record.extra:
        if key == NOTE:
            item.notes.append(value.replace("&#10;", "\n"))  # the reader's one-line form of the same HTML
        elif key == ATTACHMENT:
            item.attachments.append(_attachment(value))
        elif key == COLLECTION:
            item.collections.append(tuple(p.strip() for p in value.split(COLLECTION_SEPARATOR.strip())))
        elif key.startswith(CREATOR) and key[len(CREATOR):] in CREATOR_TYPES.get(kind, ()):
            item.creators.append((key[len(CREATOR):], *creator_names(parse_extra_name(value))))
        elif key.startswith(PREFIX) and key not in (AUTOMATIC_TAG, ITEM_TYPE) and not key.startswith(CREATOR):
            item.other.append((key[len(PREFIX):], value))
    facts = record.replace(extra=tuple((k, v) for k, v in record.extra if not k.startswith(PREFIX)))
    if arxiv_line.endswith("]") and len(record.categories) == 1:
        facts = facts.replace(categories=())  # the arXiv line says it: "arXiv:ID [cs.LG]"
    own = record.get("note")
    extra = [line for line in (arxiv_line, own, *note_lines(facts), *extra_lines) if line]
    if extra:
        fields["extra"] = "\n".join(extra)
    rank = {name: i for i, name in enumerate(allowed)}  # the schema's order, whatever the record's
    item.fields = {name: fields[name] for name in sorted(fields, key=lambda n: rank.get(n, len(rank)))}
    return item


def _arxiv_fields(record: Record, fields: dict[str, str], allowed: tuple[str, ...]) -> None:
    """What Zotero's arXiv translator stores for a preprint: repository, archive ID, URL, DOI, catalog."""
    eprint = arxiv_id(record)
    additions = {"publisher": "arXiv", "libraryCatalog": "arXiv.org"}
    if eprint:
        bare = re.sub(r"v\d+$", "", eprint)
        additions.update(number=f"arXiv:{bare}", url=f"https://arxiv.org/abs/{bare}", DOI=f"10.48550/arXiv.{bare}")
    for name, value in additions.items():
        if name in allowed:
            fields.setdefault(name, value)


def _attachment(value: str) -> dict[str, str]:
    try:
        data = json.loads(value)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return {"title": value}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, (str, int))}


def attachment_text(data: dict[str, str]) -> str:
    """An attachment as the ``zotero.attachment`` value: one line of JSON, keys sorted."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


# Item -> Record ----------------------------------------------------------------------


def csl_type(kind: str) -> str:
    return _ZOTERO_TYPE_CSL.get(kind, "document")


def field_variable(name: str) -> str:
    """The CSL variable of a Zotero field (base name), or ``""``."""
    return _FIELD_CSL.get(name, "")


def date_variable(name: str) -> str:
    return _DATE_CSL.get(name, "")


def creator_role(creator_type: str, kind: str) -> str:
    """The CSL role of a creator: the item type's primary creator is the author, as Zotero
    cites it; ``""`` for a creator type with no CSL role."""
    allowed = CREATOR_TYPES.get(kind, ())
    if allowed and creator_type == allowed[0]:
        return "author"
    return CREATOR_ROLES.get(creator_type, "")
