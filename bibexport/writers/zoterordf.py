"""Zotero RDF writer: RDF/XML as Zotero's own "Zotero RDF" export translator writes it.

Zotero imports this format with every field in place (its RDF import translator reads it
back): item type (an arXiv record is a Preprint with Repository arXiv, Archive ID
``arXiv:ID``, URL, DOI ``10.48550/arXiv.ID`` and Library Catalog arXiv.org, as Zotero's arXiv
translator saves one), creators of every role with particles and suffixes, tags (arXiv
categories as ``cs.LG`` and ``Computer Science - Machine Learning``), Extra, citation key,
child notes, attachments (listed, files not copied) and collections.  See
:mod:`bibexport.zotero` for what goes where.

The layout follows the translator (``Zotero RDF.js``): an item is a ``bib:Article``,
``bib:Book``... or ``rdf:Description`` node about its URL (``urn:isbn:`` for a book with an
ISBN, ``#item_N`` otherwise) with ``z:itemType``; journal, book and website fields sit on a
container node (``dcterms:isPartOf``), the publisher on a ``foaf:Organization``, creators in
one ``rdf:Seq`` per creator type (``bib:authors``, ``bib:editors``, ``z:translators``...), the
URL as ``dc:identifier``/``dcterms:URI``, DOI/ISSN/ISBN as ``dc:identifier`` text, Extra as
``dc:description``, other fields as ``z:<field>`` by their base names (a preprint's Archive ID
is ``prism:number``, as the translator writes it).  Child notes are ``bib:Memo`` and
attachments ``z:Attachment`` nodes; collections ``z:Collection`` nodes after the items.

Deterministic (the same records give the same bytes) and escaped: text is XML-escaped, a
carriage return is written ``&#13;`` so that it survives XML's line-end normalization, and
characters XML 1.0 cannot hold become U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from ..model import Record
from ..zotero import Item, record_to_item

NAMESPACES = (
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("z", "http://www.zotero.org/namespaces/export#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("bib", "http://purl.org/net/biblio#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("link", "http://purl.org/rss/1.0/modules/link/"),
    ("prism", "http://prismstandard.org/namespaces/1.2/basic/"),
    ("vcard", "http://nwalsh.com/rdf/vCard#"),
)
# Item type -> (node type, container type), as the translator's generateItem() sets them.
NODE_TYPES: dict[str, tuple[str, str]] = {
    "book": ("bib:Book", ""),
    "bookSection": ("bib:BookSection", "bib:Book"),
    "journalArticle": ("bib:Article", "bib:Journal"),
    "magazineArticle": ("bib:Article", "bib:Periodical"),
    "newspaperArticle": ("bib:Article", "bib:Newspaper"),
    "thesis": ("bib:Thesis", ""),
    "letter": ("bib:Letter", ""),
    "manuscript": ("bib:Manuscript", ""),
    "interview": ("bib:Interview", ""),
    "film": ("bib:MotionPicture", ""),
    "artwork": ("bib:Illustration", ""),
    "webpage": ("bib:Document", "z:Website"),
    "note": ("bib:Memo", ""),
    "report": ("bib:Report", ""),
    "bill": ("bib:Legislation", ""),
    "case": ("bib:Document", "bib:CourtReporter"),
    "hearing": ("bib:Report", ""),
    "patent": ("bib:Patent", ""),
    "statute": ("bib:Legislation", ""),
    "email": ("bib:Letter", ""),
    "map": ("bib:Image", ""),
    "blogPost": ("bib:Document", "z:Blog"),
    "instantMessage": ("bib:Letter", ""),
    "forumPost": ("bib:Document", "z:Forum"),
    "audioRecording": ("bib:Recording", ""),
    "presentation": ("bib:ConferenceProceedings", ""),
    "videoRecording": ("bib:Recording", ""),
    "tvBroadcast": ("bib:Recording", ""),
    "radioBroadcast": ("bib:Recording", ""),
    "podcast": ("bib:Recording", ""),
    "computerProgram": ("bib:Data", ""),
    "encyclopediaArticle": ("", "bib:Book"),
    "dictionaryEntry": ("", "bib:Book"),
    "conferencePaper": ("", "bib:Journal"),
}
BIBLIO_CREATORS = ("author", "editor", "contributor")  # bib:authors...; the others are z:<type>s
# Field -> (where, property): "item", "container" (the item when it has none) or "series".
PLACES: dict[str, tuple[str, str]] = {
    "title": ("item", "dc:title"),
    "rights": ("item", "dc:rights"),
    "edition": ("item", "prism:edition"),
    "versionNumber": ("item", "prism:edition"),
    "date": ("item", "dc:date"),
    "accessDate": ("item", "dcterms:dateSubmitted"),
    "pages": ("item", "bib:pages"),
    "extra": ("item", "dc:description"),
    "abstractNote": ("item", "dcterms:abstract"),
    "archiveLocation": ("item", "dc:coverage"),
    "ISSN": ("container", "dc:identifier"),
    "ISBN": ("container", "dc:identifier"),
    "DOI": ("container", "dc:identifier"),
    "publicationTitle": ("container", "dc:title"),
    "reporter": ("container", "dc:title"),
    "journalAbbreviation": ("container", "dcterms:alternative"),
    "volume": ("container", "prism:volume"),
    "issue": ("container", "prism:number"),
    "number": ("container", "prism:number"),
    "series": ("series", "dc:title"),
    "seriesTitle": ("series", "dcterms:alternative"),
    "seriesText": ("series", "dc:description"),
    "seriesNumber": ("series", "dc:identifier"),
}
IDENTIFIER_LABELS = ("ISSN", "ISBN", "DOI")  # written "ISSN 1234-5678"
PUBLISHER_FIELDS = ("publisher", "place")
_ABOUT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Node:
    """An RDF node: its type (``bib:Article``; ``""`` for ``rdf:Description``), URI and properties."""

    kind: str = ""
    about: str = ""
    props: list[tuple[str, str | Node | Ref]] = field(default_factory=list)


class Ref(str):
    """An ``rdf:resource`` reference to a node written elsewhere."""


class _Ids:
    def __init__(self) -> None:
        self.count = 0
        self.used: set[str] = set()

    def item(self) -> str:
        self.count += 1
        return f"#item_{self.count}"


def _about(item: Item, ids: _Ids) -> str:
    """The item's URI as the translator picks it: ``urn:isbn:``, else its URL, else ``#item_N``."""
    isbn = item.fields.get("ISBN", "")
    candidates = [f"urn:isbn:{quote(isbn, safe='')}"] if isbn else []
    url = item.fields.get("url", "")
    if _ABOUT.fullmatch(url):
        candidates.append(url)
    for uri in candidates:
        if uri not in ids.used:
            ids.used.add(uri)
            return uri
    return ids.item()


def item_nodes(item: Item, ids: _Ids, collections: dict[tuple[str, ...], list[str]]) -> list[Node]:
    """The item's node, then its notes', attachments' and any named container's."""
    kind, container_kind = NODE_TYPES.get(item.item_type, ("", ""))
    node = Node(kind, _about(item, ids), [("z:itemType", item.item_type)])
    extra_nodes: list[Node] = []
    for path in item.collections:
        collections.setdefault(path, []).append(node.about)
    if item.item_type == "note":
        node.props = [("rdf:value", item.notes[0] if item.notes else "")]
        return [node]
    fields = item.fields
    container: Node | None = None
    if container_kind and not (item.item_type in ("presentation", "radioBroadcast", "tvBroadcast")):
        issn = fields.get("ISSN", "")
        uri = f"urn:issn:{quote(issn, safe='')}" if issn else ""
        container = Node(container_kind, uri if uri and uri not in ids.used else "")
        if container.about:
            ids.used.add(container.about)
            extra_nodes.append(container)
            node.props.append(("dcterms:isPartOf", Ref(container.about)))
        else:
            node.props.append(("dcterms:isPartOf", container))
    if any(fields.get(f) for f in ("series", "seriesTitle", "seriesText", "seriesNumber")):
        series = Node("bib:Series")
        (container or node).props.append(("dcterms:isPartOf", series))
    else:
        series = None
    if any(fields.get(f) for f in PUBLISHER_FIELDS):
        organization = Node("foaf:Organization")
        node.props.append(("dc:publisher", organization))
        if fields.get("publisher"):
            organization.props.append(("foaf:name", fields["publisher"]))
        if fields.get("place"):
            organization.props.append(("vcard:adr", Node("vcard:Address", props=[("vcard:locality", fields["place"])])))
    sequences: dict[str, Node] = {}
    for creator_type, last, first in item.creators:
        prefix = "bib" if creator_type in BIBLIO_CREATORS else "z"
        seq = sequences.get(creator_type)
        if seq is None:
            seq = sequences[creator_type] = Node("rdf:Seq")
            node.props.append((f"{prefix}:{creator_type}s", seq))
        person = Node("foaf:Person", props=[("foaf:surname", last)])
        if first:
            person.props.append(("foaf:givenName", first))
        seq.props.append(("rdf:li", person))
    for note in item.notes:
        memo = Node("bib:Memo", ids.item(), [("rdf:value", note)])
        node.props.append(("dcterms:isReferencedBy", Ref(memo.about)))
        extra_nodes.append(memo)
    for data in item.attachments:
        attachment = _attachment_node(data, ids.item())
        node.props.append(("link:link", Ref(attachment.about)))
        extra_nodes.append(attachment)
    for tag, automatic in item.tags:
        if automatic:
            node.props.append(("dc:subject", Node("z:AutomaticTag", props=[("rdf:value", tag)])))
        else:
            node.props.append(("dc:subject", tag))
    for name, value in fields.items():
        if not value or name in PUBLISHER_FIELDS:
            continue
        if name == "url":
            node.props.append(("dc:identifier", Node("dcterms:URI", props=[("rdf:value", value)])))
        elif name == "callNumber":
            node.props.append(("dc:subject", Node("dcterms:LCC", props=[("rdf:value", value)])))
        elif name == "conferenceName":
            node.props.append(("bib:presentedAt", Node("bib:Conference", props=[("dc:title", value)])))
        elif name in ("publicationTitle", "reporter") and container is None:
            node.props.append((f"z:{name}", value))  # not dc:title, which would be the item's own title
        elif name in PLACES:
            where, prop = PLACES[name]
            target = series if where == "series" else container if where == "container" and container else node
            assert target is not None
            target.props.append((prop, f"{name} {value}" if name in IDENTIFIER_LABELS else value))
        else:
            node.props.append((f"z:{name}", value))
    node.props += [(f"z:{name}", value) for name, value in item.other if _is_name(name)]
    return [node, *extra_nodes]


def _is_name(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_][\w.-]*", name))


def _attachment_node(data: dict[str, str], about: str) -> Node:
    node = Node("z:Attachment", about, [("z:itemType", "attachment")])
    if data.get("path"):
        node.props.append(("z:path", Ref(data["path"])))
    if data.get("url"):
        node.props.append(("dc:identifier", Node("dcterms:URI", props=[("rdf:value", data["url"])])))
    if data.get("accessDate"):
        node.props.append(("dcterms:dateSubmitted", data["accessDate"]))
    if data.get("title"):
        node.props.append(("dc:title", data["title"]))
    if data.get("note"):
        node.props.append(("dc:description", data["note"]))
    if data.get("linkMode"):
        node.props.append(("z:linkMode", data["linkMode"]))
    if data.get("charset"):
        node.props.append(("link:charset", data["charset"]))
    if data.get("mimeType"):
        node.props.append(("link:type", data["mimeType"]))
    return node


def collection_nodes(collections: dict[tuple[str, ...], list[str]]) -> list[Node]:
    """``z:Collection`` nodes: each collection with its items and subcollections, parents first."""
    paths: list[tuple[str, ...]] = []
    for path in collections:
        for depth in range(1, len(path) + 1):
            if path[:depth] not in paths:
                paths.append(path[:depth])
    ids = {path: f"#collection_{i}" for i, path in enumerate(paths, 1)}
    nodes = []
    for path in paths:
        node = Node("z:Collection", ids[path], [("dc:title", path[-1])])
        node.props += [("dcterms:hasPart", Ref(ids[p])) for p in paths if len(p) == len(path) + 1 and p[:-1] == path]
        node.props += [("dcterms:hasPart", Ref(about)) for about in collections.get(path, ())]
        nodes.append(node)
    return nodes


# Serialization -----------------------------------------------------------------------


def escape_text(text: str) -> str:
    text = _NOT_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attribute(text: str) -> str:
    text = escape_text(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#9;")


def _serialize(node: Node, indent: str, out: list[str]) -> None:
    tag = node.kind or "rdf:Description"
    about = f' rdf:about="{escape_attribute(node.about)}"' if node.about else ""
    if not node.props:
        out.append(f"{indent}<{tag}{about}/>\n")
        return
    out.append(f"{indent}<{tag}{about}>\n")
    inner = indent + "    "
    for prop, value in node.props:
        if isinstance(value, Ref):
            out.append(f'{inner}<{prop} rdf:resource="{escape_attribute(value)}"/>\n')
        elif isinstance(value, Node):
            out.append(f"{inner}<{prop}>\n")
            _serialize(value, inner + "    ", out)
            out.append(f"{inner}</{prop}>\n")
        else:
            out.append(f"{inner}<{prop}>{escape_text(value)}</{prop}>\n")
    out.append(f"{indent}</{tag}>\n")


def write(records: Iterable[Record], options: object = None) -> str:
    """Zotero RDF (RDF/XML, UTF-8) for ``records``, items in input order, then collections."""
    ids = _Ids()
    collections: dict[tuple[str, ...], list[str]] = {}
    nodes: list[Node] = []
    for record in records:
        nodes += item_nodes(record_to_item(record), ids, collections)
    nodes += collection_nodes(collections)
    head = "<rdf:RDF\n" + "\n".join(f' xmlns:{p}="{uri}"' for p, uri in NAMESPACES) + ">\n"
    out = [head]
    for node in nodes:
        _serialize(node, "    ", out)
    out.append("</rdf:RDF>\n")
    return "".join(out)
