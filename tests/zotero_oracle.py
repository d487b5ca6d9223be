"""What Zotero's RDF import translator (zotero/translators ``RDF.js``) makes of Zotero RDF.

Written from RDF.js, independently of bibexport's reader, on rdflib: the items (nodes with
``z:itemType`` that are not parts, children or collections), their creators (only the
creator types valid for the item type, read from ``bib:authors``/``bib:editors``/
``bib:contributors``/``z:<type>s`` sequences; ``foaf:surname``/``foaf:givenName``; no given
name means single-field mode), the publisher (``dc:publisher``/``foaf:Organization``), the
container's title, volume and number, ``dc:identifier`` (URL, ``DOI x``, ``ISSN x``, ``ISBN x``),
tags, Extra (``dc:description``), notes, attachments, and every ``z:<field>`` (the translator's
catch-all).  Field names are the item's base field names as the translator sets them
(``publisher`` is a preprint's Repository, ``number`` its Archive ID).
"""

from __future__ import annotations

import rdflib
from rdflib import RDF, Literal

Z = rdflib.Namespace("http://www.zotero.org/namespaces/export#")
DC = rdflib.Namespace("http://purl.org/dc/elements/1.1/")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
BIB = rdflib.Namespace("http://purl.org/net/biblio#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
LINK = rdflib.Namespace("http://purl.org/rss/1.0/modules/link/")
PRISM = rdflib.Namespace("http://prismstandard.org/namespaces/1.2/basic/")
VCARD = rdflib.Namespace("http://nwalsh.com/rdf/vCard#")

# Creator types per item type, from Zotero's schema (zotero/zotero-schema), for the types tested.
CREATOR_TYPES = {
    "preprint": ["author", "contributor", "editor", "translator", "reviewedAuthor"],
    "journalArticle": ["author", "contributor", "editor", "translator", "reviewedAuthor"],
    "book": ["author", "contributor", "editor", "translator", "seriesEditor"],
    "bookSection": ["author", "contributor", "editor", "bookAuthor", "translator", "seriesEditor"],
    "thesis": ["author", "contributor"],
    "report": ["author", "editor", "contributor", "translator", "seriesEditor"],
    "film": ["director", "producer", "scriptwriter", "castMember", "host", "guest", "narrator", "translator",
             "contributor"],
    "conferencePaper": ["author", "contributor", "editor", "translator", "seriesEditor"],
    "webpage": ["author", "contributor", "translator"],
    "document": ["author", "contributor", "editor", "translator", "reviewedAuthor"],
}
ALL_CREATORS = {t for types in CREATOR_TYPES.values() for t in types} | {
    "artist", "performer", "composer", "wordsBy", "sponsor", "cosponsor", "commenter", "counsel", "programmer",
    "recipient", "interviewee", "interviewer", "cartographer", "inventor", "attorneyAgent", "podcaster",
    "presenter", "chair", "organizer", "creator", "executiveProducer", "seriesCreator", "originalCreator"}
# Fields that hold an issue (else a prism:number is the item's number), from the schema.
HAS_ISSUE = {"journalArticle", "magazineArticle", "newspaperArticle", "conferencePaper"}
CONTAINERS = {BIB.Journal, BIB.Periodical, BIB.Newspaper, BIB.Book, BIB.CourtReporter, Z.Website, Z.Blog, Z.Forum}


def parse(text: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=text, format="xml", publicID="file:///library.rdf")
    return graph


def _first(graph: rdflib.Graph, node, *predicates) -> str | None:
    for predicate in predicates:
        for obj in graph.objects(node, predicate):
            return str(obj)
    return None


def _type(graph: rdflib.Graph, node):
    return next(iter(graph.objects(node, RDF.type)), None)


def _is_part(graph: rdflib.Graph, node) -> bool:
    """RDF.js isPart(): related to another resource by an arc other than dc:relation/dcterms:hasPart."""
    return any(p not in (DC.relation, DCTERMS.relation, DCTERMS.hasPart) for _, p in graph.subject_predicates(node))


def item_nodes(graph: rdflib.Graph) -> list:
    """RDF.js getNodes() + importItem(): nodes that become items (attachments and child notes excluded)."""
    nodes = []
    for node in set(graph.subjects()):
        if any(next(graph.subjects(p, node), None) is not None
               for p in (DCTERMS.isPartOf, BIB.presentedAt, LINK.link, DCTERMS.creator)):
            continue
        kind = _type(graph, node)
        if kind in (Z.Attachment, BIB.Memo) and _is_part(graph, node):
            continue
        if kind in (Z.Collection, BIB.Collection):
            continue
        if _first(graph, node, Z.itemType):
            nodes.append(node)
    return nodes


def _creators(graph: rdflib.Graph, node, item_type: str) -> list[tuple[str, str, str | None]]:
    out = []
    for creator_type in CREATOR_TYPES[item_type]:
        ns = BIB if creator_type in ("author", "editor", "contributor") else Z
        for container in graph.objects(node, ns[creator_type + "s"]):
            members = _seq(graph, container)
            for person in members:
                last = _first(graph, person, FOAF.surname)
                first = _first(graph, person, FOAF.givenName)
                out.append((creator_type, last, first))
    return out


def _seq(graph: rdflib.Graph, container) -> list:
    numbered = []
    for predicate, obj in graph.predicate_objects(container):
        if str(predicate).startswith(str(RDF) + "_"):
            numbered.append((int(str(predicate)[len(str(RDF)) + 1:]), obj))
    return [obj for _, obj in sorted(numbered)]


def import_items(text: str) -> list[dict]:
    """The items Zotero imports from ``text``, each a dict of base fields plus ``itemType``,
    ``creators`` [(type, last, first or None)], ``tags`` [(tag, automatic)], ``notes``,
    ``attachments`` (titles) and ``collections`` (names); ordered by citation key, then title."""
    graph = parse(text)
    items = []
    for node in item_nodes(graph):
        item_type = _first(graph, node, Z.itemType)
        item: dict = {"itemType": item_type, "node": node}
        parts = list(graph.objects(node, DCTERMS.isPartOf))
        parts += [p for part in parts for p in graph.objects(part, DCTERMS.isPartOf)]
        container = next((p for p in parts if _type(graph, p) in CONTAINERS), None)
        if _first(graph, node, DC.title):
            item["title"] = _first(graph, node, DC.title)
        item["creators"] = _creators(graph, node, item_type) if item_type in CREATOR_TYPES else None
        if container is not None:
            for key, predicate in (("publicationTitle", DC.title), ("journalAbbreviation", DCTERMS.alternative)):
                if _first(graph, container, predicate):
                    item[key] = _first(graph, container, predicate)
        volume = (_first(graph, container, PRISM.volume) if container is not None else None) or _first(
            graph, node, PRISM.volume)
        if volume:
            item["volume"] = volume
        number = _first(graph, container, PRISM.number) if container is not None else None
        number = number or _first(graph, node, PRISM.number)
        if number:
            item["issue" if item_type in HAS_ISSUE else "number"] = number
        for key, predicate in (("date", DC.date), ("accessDate", DCTERMS.dateSubmitted), ("pages", BIB.pages),
                               ("abstractNote", DCTERMS.abstract), ("extra", DC.description),
                               ("rights", DC.rights), ("edition", PRISM.edition)):
            if _first(graph, node, predicate):
                item[key] = _first(graph, node, predicate)
        for publisher in graph.objects(node, DC.publisher):
            if isinstance(publisher, Literal):
                item["publisher"] = str(publisher)
            elif _type(graph, publisher) == FOAF.Organization:
                if _first(graph, publisher, FOAF.name):
                    item["publisher"] = _first(graph, publisher, FOAF.name)
                for address in graph.objects(publisher, VCARD.adr):
                    item["place"] = _first(graph, address, VCARD.locality)
        for holder in [node] + ([container] if container is not None else []):
            for identifier in graph.objects(holder, DC.identifier):
                if isinstance(identifier, Literal):
                    label, _, value = str(identifier).partition(" ")
                    if label.upper() in ("ISSN", "ISBN", "DOI"):
                        item[label.upper()] = value
                elif _type(graph, identifier) == DCTERMS.URI:
                    item["url"] = _first(graph, identifier, RDF.value)
        tags = []
        for subject in graph.objects(node, DC.subject):
            if isinstance(subject, Literal):
                tags.append((str(subject), False))
            elif _type(graph, subject) == Z.AutomaticTag:
                tags.append((_first(graph, subject, RDF.value), True))
            elif _type(graph, subject) == DCTERMS.LCC:
                item["callNumber"] = _first(graph, subject, RDF.value)
        item["tags"] = sorted(tags)
        item["notes"] = sorted(_first(graph, memo, RDF.value) or "" for memo in graph.objects(node, DCTERMS.isReferencedBy)
                               if _type(graph, memo) == BIB.Memo)
        item["attachments"] = sorted(_first(graph, a, DC.title) or "" for a in graph.objects(node, LINK.link)
                                     if _type(graph, a) == Z.Attachment)
        for predicate, obj in graph.predicate_objects(node):
            name = str(predicate)[len(str(Z)):] if str(predicate).startswith(str(Z)) else ""
            if name and name not in ("path", "itemType") and not (name.endswith("s") and name[:-1] in ALL_CREATORS):
                item[name] = str(obj)
        item["collections"] = sorted(_collection_names(graph, node))
        items.append(item)
    return sorted(items, key=lambda i: (i.get("citationKey", ""), i.get("title", "")))


def _collection_names(graph: rdflib.Graph, node) -> list[str]:
    names = []
    for collection in graph.subjects(DCTERMS.hasPart, node):
        if _type(graph, collection) in (Z.Collection, BIB.Collection):
            names.append(_first(graph, collection, DC.title) or "")
    return names

