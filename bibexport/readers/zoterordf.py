"""Zotero RDF reader: a library as Zotero's "Zotero RDF" export writes it.

The RDF/XML is parsed into triples (:func:`triples`, on the standard library's expat; no
entity is fetched) and read the way Zotero's own import translator (``RDF.js``) reads it:
item nodes carry ``z:itemType``; journal and book fields come from their ``dcterms:isPartOf``
container, the publisher from ``dc:publisher``, creators from each ``bib:authors``,
``bib:editors``, ``z:<type>s`` sequence, tags from ``dc:subject``, child notes from
``dcterms:isReferencedBy``, attachments from ``link:link``, and collections from
``z:Collection`` nodes.  See :mod:`bibexport.zotero` for how items become records: what
only Zotero has (notes, attachments, collections, automatic tags) is kept in
``Record.extra`` under ``zotero.`` keys; attachments are listed there, their files are not
copied.  Extra is read back: Zotero's arXiv line (``arXiv:ID [cs.LG]``), CSL variables in
Zotero's ``variable: value`` form, the listing facts and other formats' fields.
"""

from __future__ import annotations

import dataclasses
import re
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..dates import make_date
from ..errors import Problem
from ..model import Date, Person, Record
from ..categories import readable_name
from ..zotero import (
    ARXIV_LINE, ATTACHMENT, AUTOMATIC_TAG, COLLECTION, COLLECTION_SEPARATOR, CREATOR, EXTRA_DATES,
    EXTRA_NAMES, EXTRA_TEXT, ITEM_TYPE, NOTE, Item, attachment_text, creator_role, csl_type,
    date_variable, field_variable, parse_extra_name, person_from,
)
from ..zoteroschema import CSL_TYPES, FIELDS
from . import ReadResult
from .extra import read_note

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
Z = "http://www.zotero.org/namespaces/export#"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
BIB = "http://purl.org/net/biblio#"
FOAF = "http://xmlns.com/foaf/0.1/"
LINK = "http://purl.org/rss/1.0/modules/link/"
PRISM = "http://prismstandard.org/namespaces/1.2/basic/"
VCARD = "http://nwalsh.com/rdf/vCard#"
_RDF_TYPE = RDF + "type"
_COLLECTIONS = (Z + "Collection", BIB + "Collection")
_CALL_NUMBERS = (DCTERMS + "LCC", DCTERMS + "DDC", DCTERMS + "UDC")
# Node type -> item type, for RDF without z:itemType (RDF.js's detectType, Zotero's own types).
_NODE_ITEM_TYPES = {
    "Book": "book", "BookSection": "bookSection", "Thesis": "thesis", "Letter": "letter",
    "Manuscript": "manuscript", "Interview": "interview", "Report": "report", "Patent": "patent",
    "MotionPicture": "film", "Illustration": "artwork", "Image": "artwork", "Legislation": "statute",
    "Recording": "audioRecording", "Memo": "note", "Document": "webpage", "Data": "computerProgram",
}
_ARTICLE_CONTAINERS = {BIB + "Journal": "journalArticle", BIB + "Periodical": "magazineArticle",
                       BIB + "Newspaper": "newspaperArticle"}
_CONTAINERS = (BIB + "Journal", BIB + "Periodical", BIB + "Newspaper", BIB + "Book", BIB + "CourtReporter",
               Z + "Website", Z + "Blog", Z + "Forum")
_KNOWN_FIELDS = frozenset(f for fields in FIELDS.values() for f in fields)


@dataclass(frozen=True, slots=True)
class Resource:
    """A URI or blank node (``_:b3``) as the object of a triple."""

    id: str


Object = str | Resource


@dataclass
class Graph:
    """Triples by subject, in document order, with the line each subject was first described at."""

    arcs: dict[str, list[tuple[str, Object]]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    incoming: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # object -> (subject, predicate)

    def add(self, subject: str, predicate: str, obj: Object, line: int) -> None:
        self.arcs.setdefault(subject, []).append((predicate, obj))
        self.lines.setdefault(subject, line)
        if isinstance(obj, Resource):
            self.incoming.setdefault(obj.id, []).append((subject, predicate))

    def all(self, subject: str, predicate: str) -> list[Object]:
        return [o for p, o in self.arcs.get(subject, ()) if p == predicate]

    def text(self, subject: str | None, *predicates: str) -> str:
        """The first literal of the first predicate that has one (RDF.js's getFirstResults)."""
        for predicate in predicates:
            for obj in self.all(subject, predicate) if subject else ():
                if isinstance(obj, str):
                    return obj
                return obj.id
        return ""

    def nodes(self, subject: str, predicate: str) -> list[str]:
        return [o.id for o in self.all(subject, predicate) if isinstance(o, Resource)]

    def type(self, subject: str) -> str:
        for obj in self.all(subject, _RDF_TYPE):
            return obj.id if isinstance(obj, Resource) else obj
        return ""

    def members(self, subject: str) -> list[Object]:
        """An ``rdf:Seq``/``rdf:Bag`` node's members in order (``rdf:_1``, ``rdf:_2``...)."""
        numbered = []
        for predicate, obj in self.arcs.get(subject, ()):
            match = re.fullmatch(re.escape(RDF) + r"_(\d+)", predicate)
            if match:
                numbered.append((int(match.group(1)), obj))
        return [obj for _, obj in sorted(numbered, key=lambda pair: pair[0])]


class RDFError(ValueError):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def triples(text: str) -> Graph:
    """Parse RDF/XML into a :class:`Graph` (node and property elements, ``rdf:about``/``rdf:nodeID``/
    ``rdf:ID``/``rdf:resource``, ``rdf:li``, nested nodes, ``rdf:parseType="Resource"``/``"Literal"``)."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator="")
    graph = Graph()
    blank = iter(range(1, 1 << 62))
    # Stack entries: ("node", subject, li counter) or ("prop", subject, predicate, attrs, text, object).
    stack: list[list] = []

    def new_blank() -> str:
        return f"_:b{next(blank)}"

    def node_start(tag: str, attrs: dict[str, str], line: int) -> str:
        subject = (attrs.get(RDF + "about") or ("_:" + attrs[RDF + "nodeID"] if RDF + "nodeID" in attrs else "")
                   or ("#" + attrs[RDF + "ID"] if RDF + "ID" in attrs else "") or new_blank())
        graph.lines.setdefault(subject, line)
        graph.arcs.setdefault(subject, [])
        if tag != RDF + "Description":
            graph.add(subject, _RDF_TYPE, Resource(tag), line)
        for name, value in attrs.items():
            if not name.startswith(RDF) and not name.startswith("http://www.w3.org/XML/1998/namespace"):
                graph.add(subject, name, value, line)
        return subject

    def start(tag: str, attrs: dict[str, str]) -> None:
        line = parser.CurrentLineNumber
        top = stack[-1] if stack else None
        if top is None:
            if tag == RDF + "RDF":
                stack.append(["root"])
                return
            stack.append(["node", node_start(tag, attrs, line), 0])
            return
        if top[0] == "root":
            subject = node_start(tag, attrs, line)
            stack.append(["node", subject, 0])
            return
        if top[0] == "literal":
            stack.append(["literal", top[1]])
            return
        if top[0] == "prop":
            # A node element inside a property element: the property's object.
            subject = node_start(tag, attrs, line)
            top[5] = Resource(subject)
            stack.append(["node", subject, 0])
            return
        subject = top[1]
        predicate = tag
        if tag == RDF + "li":
            top[2] += 1
            predicate = f"{RDF}_{top[2]}"
        parse_type = attrs.get(RDF + "parseType", "")
        obj: Object | None = None
        if RDF + "resource" in attrs:
            obj = Resource(attrs[RDF + "resource"])
        elif RDF + "nodeID" in attrs:
            obj = Resource("_:" + attrs[RDF + "nodeID"])
        if parse_type == "Resource":
            inner = new_blank()
            graph.add(subject, predicate, Resource(inner), line)
            stack.append(["node", inner, 0])
            return
        entry: list = ["prop", subject, predicate, line, [], obj]
        if parse_type == "Literal":
            entry = ["literal", entry]
        stack.append(entry)

    def end(tag: str) -> None:
        entry = stack.pop()
        if entry[0] == "prop":
            _, subject, predicate, line, text, obj = entry
            graph.add(subject, predicate, obj if obj is not None else "".join(text), line)
        elif entry[0] == "literal" and stack and stack[-1][0] != "literal" and entry[1][0] == "prop":
            _, subject, predicate, line, text, _obj = entry[1]
            graph.add(subject, predicate, "".join(text), line)

    def data(chars: str) -> None:
        if stack and stack[-1][0] == "prop":
            stack[-1][4].append(chars)
        elif stack and stack[-1][0] == "literal":
            inner = stack[-1][1]
            while inner[0] == "literal":
                inner = inner[1]
            inner[4].append(chars)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.buffer_text = True
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as exc:
        raise RDFError(f"not well-formed XML: {xml.parsers.expat.errors.messages[exc.code]}"
                       f" (column {exc.offset + 1}); fix the file or export it from Zotero again", exc.lineno) from None
    return graph


def looks_like(text: str) -> bool:
    """True for RDF/XML: an ``rdf:RDF`` element near the start (after an XML declaration or comments)."""
    head = text.lstrip("\ufeff \t\r\n")[:2000]
    return head.startswith("<") and bool(re.search(r"<(?:\w+:)?RDF\b[^>]*22-rdf-syntax-ns#", head))


def read(text: str, source: str = "<input>", **_: object) -> ReadResult:
    try:
        graph = triples(text.lstrip("\ufeff"))
    except RDFError as exc:
        return ReadResult((), (Problem(str(exc), source, exc.line, "error"),))
    collections = _collections(graph)
    records: list[Record] = []
    problems: list[Problem] = []
    for subject in _item_nodes(graph, problems, source):
        line = graph.lines.get(subject)
        try:
            item = _item(graph, subject)
            item.collections = collections.get(subject, [])
            records.append(item_to_record(item, f"{source}:{line}" if line else source))
        except (ValueError, TypeError) as exc:  # defensive: one odd item must not stop the rest
            problems.append(Problem(f"item skipped: {exc}", source, line, "error"))
    if not records and not problems:
        problems.append(Problem("no Zotero items found (no node with z:itemType or a title)", source, 1))
    return ReadResult(tuple(records), tuple(problems))


def _item_nodes(graph: Graph, problems: list[Problem], source: str) -> Iterator[str]:
    """Independent items, in document order: not parts, creators or children of other items."""
    child_arcs = {DCTERMS + "isPartOf", BIB + "presentedAt", LINK + "link", DCTERMS + "isReferencedBy",
                  DC + "publisher", DC + "identifier", DC + "subject"}
    for subject, arcs in graph.arcs.items():
        kind = graph.type(subject)
        if kind in _COLLECTIONS or not arcs:
            continue
        if any(p in child_arcs or p.startswith(RDF + "_") for _, p in graph.incoming.get(subject, ())):
            continue
        item_type = graph.text(subject, Z + "itemType")
        if kind == Z + "Attachment" or item_type == "attachment":
            title = graph.text(subject, DC + "title") or subject
            problems.append(Problem(f"standalone attachment {title!r} is not an item; skipped", source,
                                    graph.lines.get(subject)))
            continue
        if item_type or graph.text(subject, DC + "title") or kind == BIB + "Memo":
            yield subject


def _collections(graph: Graph) -> dict[str, list[tuple[str, ...]]]:
    """Item node -> the paths of the collections it is in (``("ML", "Transformers")``)."""
    found: dict[str, list[tuple[str, ...]]] = {}
    nodes = [s for s in graph.arcs if graph.type(s) in _COLLECTIONS]
    children = {o for s in nodes for o in graph.nodes(s, DCTERMS + "hasPart")}

    def walk(node: str, path: tuple[str, ...], seen: frozenset[str]) -> None:
        path = path + (graph.text(node, DC + "title", DCTERMS + "title"),)
        for part in graph.nodes(node, DCTERMS + "hasPart"):
            if graph.type(part) in _COLLECTIONS:
                if part not in seen:
                    walk(part, path, seen | {part})
            else:
                found.setdefault(part, []).append(path)

    for node in nodes:
        if node not in children:
            walk(node, (), frozenset({node}))
    return found


def _item(graph: Graph, node: str) -> Item:
    """The Zotero item of ``node``, read as RDF.js reads Zotero RDF."""
    item_type = graph.text(node, Z + "itemType") or _detect_type(graph, node)
    item = Item(item_type)
    fields = item.fields
    parts = _parts(graph, node)
    container = next((p for p in parts if graph.type(p) in _CONTAINERS), None)
    series = next((p for p in parts if graph.type(p) == BIB + "Series"), None)
    section = next((p for p in parts if graph.type(p) == BIB + "Part"), None)
    allowed = FIELDS.get(item_type, FIELDS["document"])

    def put(name: str, value: str) -> None:
        if value and name not in fields:
            fields[name] = value

    put("title", graph.text(node, DC + "title"))
    if item_type == "note":
        item.notes.append(graph.text(node, RDF + "value", DC + "description"))
    for predicate, obj in graph.arcs.get(node, ()):
        creator_type = _creator_type(predicate)
        if creator_type and isinstance(obj, Resource):
            for member in graph.members(obj.id) or [obj]:
                item.creators.append((creator_type, *_creator(graph, member)))
        elif creator_type and isinstance(obj, str):
            item.creators.append((creator_type, *_split_literal(obj)))
    if container:
        put("publicationTitle", graph.text(container, DC + "title", DCTERMS + "title"))
        put("journalAbbreviation", graph.text(container, DCTERMS + "alternative"))
    put("publicationTitle", graph.text(node, Z + "publicationTitle"))
    put("journalAbbreviation", graph.text(node, DCTERMS + "alternative"))
    if section:
        put("section", graph.text(section, DC + "title"))
    if series:
        put("series", graph.text(series, DC + "title"))
        put("seriesTitle", graph.text(series, DCTERMS + "alternative"))
        put("seriesText", graph.text(series, DC + "description"))
        put("seriesNumber", graph.text(series, DC + "identifier"))
    put("volume", graph.text(container, PRISM + "volume") or graph.text(node, PRISM + "volume"))
    number = graph.text(container, PRISM + "number") or graph.text(node, PRISM + "number")
    put("issue" if "issue" in allowed else "number", number)
    edition = graph.text(node, PRISM + "edition")
    put("versionNumber" if "versionNumber" in allowed and "edition" not in allowed else "edition", edition)
    put("pages", graph.text(node, BIB + "pages"))
    put("rights", graph.text(node, DC + "rights"))
    put("archiveLocation", graph.text(node, DC + "coverage"))
    put("medium", graph.text(node, DCTERMS + "medium"))
    put("type", graph.text(node, DC + "type"))
    put("language", graph.text(node, DC + "language"))
    put("abstractNote", graph.text(node, DCTERMS + "abstract"))
    put("date", graph.text(node, DC + "date", DCTERMS + "issued", DCTERMS + "date"))
    put("accessDate", graph.text(node, DCTERMS + "dateSubmitted"))
    if item_type != "attachment":
        put("extra", graph.text(node, DC + "description"))
    for publisher in graph.all(node, DC + "publisher"):
        if isinstance(publisher, str):
            put("publisher", publisher)
        else:
            put("publisher", graph.text(publisher.id, FOAF + "name"))
            for address in graph.nodes(publisher.id, VCARD + "adr"):
                put("place", graph.text(address, VCARD + "locality"))
    for conference in graph.all(node, BIB + "presentedAt"):
        put("conferenceName", conference if isinstance(conference, str) else graph.text(conference.id, DC + "title"))
    for holder in [node] + ([container] if container else []):
        for identifier in graph.all(holder, DC + "identifier"):
            if isinstance(identifier, str):
                label, _, value = identifier.partition(" ")
                if label.upper() in ("ISSN", "ISBN", "DOI") and value.strip():
                    put(label.upper(), value.strip())
            elif graph.type(identifier.id) == DCTERMS + "URI":
                put("url", graph.text(identifier.id, RDF + "value"))
    for subject in graph.all(node, DC + "subject"):
        if isinstance(subject, str):
            item.tags.append((subject, False))
        elif graph.type(subject.id) == Z + "AutomaticTag":
            item.tags.append((graph.text(subject.id, RDF + "value"), True))
        elif graph.type(subject.id) in _CALL_NUMBERS:
            put("callNumber", graph.text(subject.id, RDF + "value"))
    for memo in graph.nodes(node, DCTERMS + "isReferencedBy"):
        if graph.type(memo) == BIB + "Memo":
            item.notes.append(graph.text(memo, RDF + "value", DC + "description"))
    for link in graph.nodes(node, LINK + "link"):
        if graph.type(link) == Z + "Attachment":
            item.attachments.append(_attachment(graph, link))
    for predicate, obj in graph.arcs.get(node, ()):
        name = predicate[len(Z):] if predicate.startswith(Z) else ""
        if name and name not in ("itemType", "path", "publicationTitle") and not _creator_type(predicate):
            value = obj if isinstance(obj, str) else obj.id
            if name in _KNOWN_FIELDS:
                put(name, value)
            else:
                item.other.append((name, value))
    return item


def _detect_type(graph: Graph, node: str) -> str:
    kind = graph.type(node)
    local = kind[len(BIB):] if kind.startswith(BIB) else ""
    if local == "Article":
        for part in _parts(graph, node):
            if graph.type(part) in _ARTICLE_CONTAINERS:
                return _ARTICLE_CONTAINERS[graph.type(part)]
    return _NODE_ITEM_TYPES.get(local, "journalArticle")


def _parts(graph: Graph, node: str) -> list[str]:
    """The nodes ``node`` is part of, and the nodes those are part of (RDF.js looks one level up)."""
    parts = graph.nodes(node, DCTERMS + "isPartOf")
    for part in list(parts):
        parts += [p for p in graph.nodes(part, DCTERMS + "isPartOf") if p not in parts and p != node]
    return parts


def _creator_type(predicate: str) -> str:
    for namespace in (BIB, Z):
        if predicate.startswith(namespace):
            name = predicate[len(namespace):]
            if name.endswith("s") and name[:-1] in _CREATOR_TYPES:
                return name[:-1]
    return ""


_CREATOR_TYPES = frozenset(
    "artist contributor performer composer wordsBy sponsor cosponsor author commenter editor translator "
    "seriesEditor bookAuthor counsel programmer reviewedAuthor recipient director scriptwriter producer "
    "interviewee interviewer cartographer inventor attorneyAgent podcaster guest presenter castMember "
    "chair organizer creator executiveProducer host narrator seriesCreator originalCreator".split()
)


def _creator(graph: Graph, member: Object) -> tuple[str, str]:
    if isinstance(member, str):
        return _split_literal(member)
    last = graph.text(member.id, FOAF + "surname", FOAF + "familyName", FOAF + "lastName")
    first = graph.text(member.id, FOAF + "givenName", FOAF + "firstName", FOAF + "givenname")
    if not (last or first):
        return graph.text(member.id, FOAF + "name"), ""
    return last, first


def _split_literal(text: str) -> tuple[str, str]:
    last, sep, first = text.partition(",")
    return (last.strip(), first.strip()) if sep else (text.strip(), "")


def _attachment(graph: Graph, node: str) -> dict[str, str]:
    data = {
        "title": graph.text(node, DC + "title"),
        "path": graph.text(node, Z + "path", RDF + "resource"),
        "url": next((graph.text(u, RDF + "value") for u in graph.nodes(node, DC + "identifier")), ""),
        "mimeType": graph.text(node, LINK + "type"),
        "charset": graph.text(node, LINK + "charset"),
        "linkMode": graph.text(node, Z + "linkMode"),
        "accessDate": graph.text(node, DCTERMS + "dateSubmitted"),
        "note": graph.text(node, DC + "description"),
    }
    return {k: v for k, v in data.items() if v}


# Item -> Record ----------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.+\-Z]*)?")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str, warnings: list[str]) -> Date | None:
    """A Zotero date field: ``2022-11-28``, ``2022-11``, ``2019-01-19T21:28+00:00``, ``07/26/2017``,
    ``November 28, 2022``, ``28 Nov 2022``, an EDTF range ``2020/2021``; other text is kept as written."""
    text = text.strip()
    if not text:
        return None
    start, slash, end = text.partition("/")
    if slash and _ISO.fullmatch(start) and (_ISO.fullmatch(end) or end == ".."):
        first = parse_date(start, warnings)
        if first is not None:
            return dataclasses.replace(first, end=parse_date(end, warnings) if end != ".." else Date())
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        date = make_date(year, month, day, text=text, warnings=warnings)
        if date is not None and len(text) > 10 and text[10] in "T ":
            date = dataclasses.replace(date, raw=text)  # a time of day ("2023-01-05 10:20:30"): kept as written
        return date
    match = _US.fullmatch(text)
    if match:
        return make_date(int(match.group(3)), int(match.group(1)), int(match.group(2)), text=text, warnings=warnings)
    words = re.fullmatch(r"(?:(\d{1,2}) )?([A-Za-z]{3,9})\.?(?: (\d{1,2}),?)? (\d{4})", text)
    month = _MONTHS.get(words.group(2)[:3].lower()) if words else None
    if words and month and not (words.group(1) and words.group(3)):
        day = words.group(1) or words.group(3)
        return make_date(int(words.group(4)), month, int(day) if day else None, text=text, warnings=warnings)
    return Date(literal=text)  # "Spring 2020", "in press": as written


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def item_to_record(item: Item, source: str = "") -> Record:
    """The record for a Zotero item (see :mod:`bibexport.zotero`)."""
    kind = item.item_type
    record_type = csl_type(kind)
    extra: list[tuple[str, str]] = []
    if kind != CSL_TYPES.get(record_type, ("",))[0]:
        extra.append((ITEM_TYPE, kind))
    warnings: list[str] = []
    fields: dict[str, str] = {}
    record = Record(type=record_type, source=source)
    note = ""
    for name, value in item.fields.items():
        if name == "title":
            record = record.replace(title=value)
        elif name == "abstractNote":
            record = record.replace(abstract=value)
        elif name == "citationKey":
            record = record.replace(id=value.strip())
        elif name == "extra":
            note = value
        elif date_variable(name):
            record = record.with_date(date_variable(name), parse_date(value, warnings))
        elif field_variable(name):
            fields.setdefault(field_variable(name), value)
        else:
            extra.append((f"zotero.{name}", value))
    people: dict[str, list[Person]] = {}
    for creator_type, last, first in item.creators:
        role = creator_role(creator_type, kind)
        if role:
            people.setdefault(role, []).append(person_from(last, first))
        else:
            extra.append((f"{CREATOR}{creator_type}", f"{last} || {first}" if first else last))
    extra += [(NOTE, _one_line_html(n)) for n in item.notes if n.strip() and kind != "note"]
    if kind == "note" and item.notes:
        extra.append((NOTE, _one_line_html(item.notes[0])))
        record = record.replace(title=record.title or _note_title(item.notes[0]))
    extra += [(ATTACHMENT, attachment_text(a)) for a in item.attachments]
    extra += [(COLLECTION, COLLECTION_SEPARATOR.join(p)) for p in item.collections]
    extra += [(f"zotero.{name}", value) for name, value in item.other]  # z:<name> with no Zotero field
    keywords = [tag for tag, _ in item.tags if tag.strip()]
    extra += [(AUTOMATIC_TAG, tag) for tag, automatic in item.tags if automatic and tag.strip()]
    record = record.replace(fields=tuple(fields.items()), extra=tuple(extra))
    for role, names in people.items():
        record = record.with_people(role, tuple(names))
    record = _read_extra(note, record, warnings)
    derived = {c for c in record.categories} | {readable_name(c) for c in record.categories}
    kept_extra = tuple((k, v) for k, v in record.extra if not (k == AUTOMATIC_TAG and v in derived))
    return record.replace(keywords=tuple(dict.fromkeys(k for k in keywords if k not in derived)), extra=kept_extra)


def _read_extra(note: str, record: Record, warnings: list[str]) -> Record:
    """Extra's lines: Zotero's arXiv line and ``variable: value`` CSL lines, then the listing facts."""
    rest: list[str] = []
    for line in note.split("\n"):
        arxiv = ARXIV_LINE.match(line.strip())
        label, sep, value = line.partition(": ")
        label, value = label.strip(), value.strip()
        if arxiv:
            if not record.get("number"):
                record = record.with_field("number", f"arXiv:{arxiv.group(1)}")
            if arxiv.group(2) and not record.categories:
                record = record.replace(categories=(arxiv.group(2),))
        elif sep and value and label in EXTRA_TEXT and not record.get(label):
            record = record.with_field(label, value)
        elif sep and value and label in EXTRA_DATES and record.date(label) is None:
            record = record.with_date(label, parse_date(value, warnings))
        elif sep and value and label in EXTRA_NAMES:
            record = record.with_people(label, record.people(label) + (parse_extra_name(value),))
        elif sep and label == "type" and record.type == "document" and re.fullmatch(r"[a-z_-]+", value):
            record = record.replace(type=value)
        else:
            rest.append(line)
    return read_note("\n".join(rest).strip("\n"), record)


_TAG = re.compile(r"<[^>]*>")


def _one_line_html(note: str) -> str:
    """A note's HTML on one line: line breaks in its text as ``&#10;`` (the same HTML)."""
    if "\n" not in note and "\r" not in note:
        return note
    out, pos = [], 0
    for match in _TAG.finditer(note):
        out.append(note[pos : match.start()].replace("\r\n", "&#10;").replace("\n", "&#10;").replace("\r", "&#10;"))
        out.append(match.group(0).replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
        pos = match.end()
    out.append(note[pos:].replace("\r\n", "&#10;").replace("\n", "&#10;").replace("\r", "&#10;"))
    return "".join(out)


def _note_title(note: str) -> str:
    text = re.sub(r"\s+", " ", _TAG.sub(" ", note)).strip()
    return text[:80]

