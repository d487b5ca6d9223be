"""Zotero RDF reader, specified piece by piece (the mutation survivors of tests/MUTATION.md).

Expected values come from the RDF/XML syntax specification (checked against rdflib, an
independent parser), Zotero's RDF import translator (``RDF.js``: getFirstResults, detectType,
the container, series, publisher, identifier, tag, note and attachment code), Zotero's
schema mapping of fields and item types to CSL, and the date forms Zotero writes.
"""

from __future__ import annotations

import json

import pytest

from bibexport.model import Date, Person
from bibexport.readers import zoterordf as zr
from bibexport.zotero import person_from

rdflib = pytest.importorskip("rdflib", reason="rdflib (test extra) is the independent RDF/XML parser")

HEAD = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:z="http://www.zotero.org/namespaces/export#"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:bib="http://purl.org/net/biblio#" xmlns:foaf="http://xmlns.com/foaf/0.1/"'
        ' xmlns:link="http://purl.org/rss/1.0/modules/link/" xmlns:prism="http://prismstandard.org/namespaces/1.2/basic/"'
        ' xmlns:vcard="http://nwalsh.com/rdf/vCard#" xmlns:ex="http://example.org/">\n')
BASE = "file:///t.rdf"


def rdf(body: str) -> str:
    return HEAD + body + "\n</rdf:RDF>\n"


def one(body: str):
    result = zr.read(rdf(body), "t.rdf")
    assert result.problems == ()
    (record,) = result.records
    return record


def _extra(record, key):
    return [v for k, v in record.extra if k == key]


# RDF/XML syntax: the same graph as rdflib ------------------------------------------------

SYNTAX = rdf("""<rdf:Description rdf:about="http://example.org/a" ex:attr="attribute value" xml:lang="en">
  <ex:plain>text &amp; more</ex:plain>
  <ex:empty></ex:empty>
  <ex:ref rdf:resource="http://example.org/b"/>
  <ex:blank rdf:nodeID="n1"/>
  <ex:nested>
    <ex:Thing rdf:about="http://example.org/c">
      <ex:inner>deep</ex:inner>
    </ex:Thing>
  </ex:nested>
  <ex:anon>
    <rdf:Description><ex:v>anonymous</ex:v></rdf:Description>
  </ex:anon>
  <ex:res rdf:parseType="Resource">
    <ex:x>in a resource</ex:x>
  </ex:res>
  <ex:seq>
    <rdf:Seq>
      <rdf:li>first</rdf:li>
      <rdf:li rdf:resource="http://example.org/second"/>
      <rdf:li>third</rdf:li>
    </rdf:Seq>
  </ex:seq>
  <ex:bag>
    <rdf:Bag><rdf:li>only</rdf:li></rdf:Bag>
  </ex:bag>
</rdf:Description>
<rdf:Description rdf:nodeID="n1"><ex:name>blank one</ex:name></rdf:Description>
<ex:Kind rdf:ID="local"><ex:name>by rdf:ID</ex:name></ex:Kind>""")


def _as_rdflib(graph: zr.Graph) -> rdflib.Graph:
    out = rdflib.Graph()
    blanks: dict[str, rdflib.BNode] = {}

    def term(value: str):
        if value.startswith("_:"):
            return blanks.setdefault(value, rdflib.BNode())
        return rdflib.URIRef(BASE + value if value.startswith("#") else value)

    for subject, arcs in graph.arcs.items():
        for predicate, obj in arcs:
            value = term(obj.id) if isinstance(obj, zr.Resource) else rdflib.Literal(obj)
            out.add((term(subject), rdflib.URIRef(predicate), value))
    return out


def test_triples_are_the_graph_rdflib_reads():
    from rdflib.compare import isomorphic

    want = rdflib.Graph()
    for s, p, o in rdflib.Graph().parse(data=SYNTAX, format="xml", publicID=BASE):
        want.add((s, p, rdflib.Literal(str(o)) if isinstance(o, rdflib.Literal) else o))  # no language tags
    got = _as_rdflib(zr.triples(SYNTAX))
    assert isomorphic(got, want), sorted(got ^ want)


def test_triples_keep_document_order_lines_and_incoming_arcs():
    graph = zr.triples(SYNTAX)
    a = "http://example.org/a"
    assert [p.rpartition("/")[2] for p, _ in graph.arcs[a]][:4] == ["attr", "plain", "empty", "ref"]
    assert graph.lines[a] == 2 and graph.lines["http://example.org/c"] == 8 and graph.lines["#local"] == 30
    assert graph.lines["_:n1"] == 29  # first described there (before: only an object)
    assert graph.incoming["http://example.org/b"] == [(a, "http://example.org/ref")]
    assert graph.type("#local") == "http://example.org/Kind" and graph.type(a) == ""
    assert graph.text(a, "http://example.org/none", "http://example.org/ref") == "http://example.org/b"
    assert graph.text(None, "http://example.org/plain") == ""
    assert graph.nodes(a, "http://example.org/plain") == []


def test_sequence_members_in_numeric_order():
    graph = zr.triples(rdf("""<rdf:Seq rdf:about="http://example.org/s">
  <rdf:_10>ten</rdf:_10><rdf:_2>two</rdf:_2><rdf:_1>one</rdf:_1><ex:_3>not a member</ex:_3>
</rdf:Seq>"""))
    assert graph.members("http://example.org/s") == ["one", "two", "ten"]


def test_parse_type_literal_is_the_text_of_its_content():
    graph = zr.triples(rdf("""<rdf:Description rdf:about="http://example.org/a">
  <ex:lit rdf:parseType="Literal">a <b>bold <i>x</i></b> c</ex:lit><ex:after>next</ex:after>
</rdf:Description>"""))
    assert graph.arcs["http://example.org/a"] == [("http://example.org/lit", "a bold x c"),
                                                  ("http://example.org/after", "next")]


def test_a_node_element_without_rdf_root():
    graph = zr.triples('<ex:T xmlns:ex="http://example.org/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                       ' rdf:about="http://example.org/a"><ex:p>v</ex:p></ex:T>')
    assert graph.arcs["http://example.org/a"] == [(zr.RDF + "type", zr.Resource("http://example.org/T")),
                                                  ("http://example.org/p", "v")]


def test_malformed_xml_says_where_and_what():
    result = zr.read(rdf("<rdf:Description>\n<dc:title>x</dc:titl>\n</rdf:Description>"), "bad.rdf")
    (problem,) = result.problems
    assert result.records == ()
    assert problem.line == 3 and problem.severity == "error"
    assert problem.message.startswith("not well-formed XML: mismatched tag (column ")


def test_looks_like():
    assert zr.looks_like("\ufeff \n" + HEAD)
    assert zr.looks_like('<?xml version="1.0"?>\n<!-- c -->\n<RDF xmlns="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    assert not zr.looks_like("x" + HEAD)
    assert not zr.looks_like("<rdf:RDF xmlns:rdf='http://example.org/'>")
    assert not zr.looks_like("<!--" + " " * 2000 + "-->" + HEAD)


# Which nodes are items (RDF.js getNodes/importItem) ---------------------------------------

def test_items_empty_library_and_standalone_attachment():
    result = zr.read(rdf(""), "e.rdf")
    assert result.records == ()
    assert [(p.message, p.line, p.source) for p in result.problems] == [
        ("no Zotero items found (no node with z:itemType or a title)", 1, "e.rdf")]
    result = zr.read(rdf("""<z:Attachment rdf:about="#a"><z:itemType>attachment</z:itemType><dc:title>Scan</dc:title></z:Attachment>
<rdf:Description rdf:about="#b"><z:itemType>attachment</z:itemType></rdf:Description>"""), "s.rdf")
    assert result.records == ()
    assert [(p.message, p.line) for p in result.problems] == [
        ("standalone attachment 'Scan' is not an item; skipped", 2),
        ("standalone attachment '#b' is not an item; skipped", 3)]


def test_parts_children_and_untitled_nodes_are_not_items():
    result = zr.read(rdf("""<bib:Article rdf:about="#i"><z:itemType>journalArticle</z:itemType>
  <dcterms:isPartOf rdf:resource="#j"/><dc:publisher rdf:resource="#p"/><dc:subject rdf:resource="#s"/>
  <dc:identifier rdf:resource="#d"/><bib:presentedAt rdf:resource="#c"/>
  <bib:authors><rdf:Seq><rdf:li rdf:resource="#person"/></rdf:Seq></bib:authors>
</bib:Article>
<bib:Journal rdf:about="#j"><dc:title>J</dc:title></bib:Journal>
<foaf:Organization rdf:about="#p"><dc:title>P</dc:title></foaf:Organization>
<z:AutomaticTag rdf:about="#s"><dc:title>S</dc:title></z:AutomaticTag>
<dcterms:URI rdf:about="#d"><dc:title>D</dc:title></dcterms:URI>
<bib:Conference rdf:about="#c"><dc:title>C</dc:title></bib:Conference>
<foaf:Person rdf:about="#person"><dc:title>A person</dc:title></foaf:Person>
<rdf:Description rdf:about="#untitled"><ex:x>y</ex:x></rdf:Description>
<bib:Memo rdf:about="#memo"><rdf:value>standalone</rdf:value></bib:Memo>
<rdf:Description rdf:about="#titled"><dc:title>Only a title</dc:title></rdf:Description>"""), "p.rdf")
    assert result.problems == ()
    assert [(r.title, r.type, r.source) for r in result.records] == [
        ("", "article-journal", "p.rdf:2"), ("standalone", "document", "p.rdf:14"), ("Only a title", "article-journal", "p.rdf:15")]


def test_collections_nested_and_cyclic():
    result = zr.read(rdf("""<rdf:Description rdf:about="#i"><z:itemType>book</z:itemType><dc:title>T</dc:title></rdf:Description>
<z:Collection rdf:about="#c1"><dc:title>Top</dc:title><dcterms:hasPart rdf:resource="#c2"/><dcterms:hasPart rdf:resource="#i"/></z:Collection>
<bib:Collection rdf:about="#c2"><dcterms:title>Sub</dcterms:title><dcterms:hasPart rdf:resource="#i"/><dcterms:hasPart rdf:resource="#c3"/></bib:Collection>
<z:Collection rdf:about="#c3"><dc:title>Loop</dc:title><dcterms:hasPart rdf:resource="#c2"/></z:Collection>"""))
    (record,) = result.records
    assert _extra(record, "zotero.collection") == ["Top / Sub", "Top"]  # hasPart order


# Item type (RDF.js detectType) ------------------------------------------------------------

@pytest.mark.parametrize(("node", "container", "csl", "zotero_type"), [
    ("bib:Article", "bib:Journal", "article-journal", None),
    ("bib:Article", "bib:Periodical", "article-magazine", None),
    ("bib:Article", "bib:Newspaper", "article-newspaper", None),
    ("bib:Article", "", "article-journal", None),
    ("bib:Book", "", "book", None),
    ("bib:Thesis", "", "thesis", None),
    ("bib:MotionPicture", "", "motion_picture", None),
    ("bib:Recording", "", "song", None),
    ("bib:Data", "", "software", None),
    ("bib:Legislation", "", "legislation", None),
    ("bib:Illustration", "", "graphic", None),
    ("ex:Unknown", "", "article-journal", None),
])
def test_type_from_the_node_without_item_type(node, container, csl, zotero_type):
    part = f'<dcterms:isPartOf><{container} rdf:about="#j"><dc:title>J</dc:title></{container}></dcterms:isPartOf>' if container else ""
    record = one(f'<{node} rdf:about="#x"><dc:title>T</dc:title>{part}</{node}>')
    assert record.type == csl


def test_article_type_from_the_container_of_its_container():
    record = one("""<bib:Article rdf:about="#x"><dc:title>T</dc:title>
  <dcterms:isPartOf><bib:Part rdf:about="#issue">
    <dcterms:isPartOf><bib:Periodical rdf:about="#p"><dc:title>Mag</dc:title></bib:Periodical></dcterms:isPartOf>
  </bib:Part></dcterms:isPartOf>
</bib:Article>""")
    assert record.type == "article-magazine" and record.get("container-title") == "Mag"


# Fields (RDF.js's field code; CSL names from Zotero's schema) ------------------------------

BOOK_SECTION = """<bib:BookSection rdf:about="#s">
  <z:itemType>bookSection</z:itemType>
  <dc:title>Chapter</dc:title>
  <dcterms:isPartOf>
    <bib:Book rdf:about="urn:isbn:1">
      <dcterms:title>The Book</dcterms:title>
      <dcterms:alternative>TB</dcterms:alternative>
      <prism:volume>3</prism:volume>
      <prism:number>12</prism:number>
      <dc:identifier>isbn 978-1</dc:identifier>
      <dc:identifier>ISSN </dc:identifier>
      <dcterms:isPartOf>
        <bib:Series><dc:title>Lecture Notes</dc:title><dcterms:alternative>LN</dcterms:alternative>
          <dc:description>Series text</dc:description><dc:identifier>42</dc:identifier></bib:Series>
      </dcterms:isPartOf>
    </bib:Book>
  </dcterms:isPartOf>
  <prism:volume>99</prism:volume>
  <prism:edition>2</prism:edition>
  <bib:pages>10-20</bib:pages>
  <dc:rights>CC BY</dc:rights>
  <dc:coverage>Box 4</dc:coverage>
  <dcterms:medium>Print</dcterms:medium>
  <dc:type>Chapter type</dc:type>
  <dc:language>de</dc:language>
  <dcterms:abstract>Abstract.</dcterms:abstract>
  <dcterms:issued>2001-02-03</dcterms:issued>
  <dcterms:dateSubmitted>2020-01-02</dcterms:dateSubmitted>
  <dc:description>An extra line</dc:description>
  <dc:publisher>Literal Press</dc:publisher>
  <dc:publisher><foaf:Organization><foaf:name>Org Press</foaf:name>
    <vcard:adr><vcard:Address><vcard:locality>Berlin</vcard:locality></vcard:Address></vcard:adr></foaf:Organization></dc:publisher>
  <dc:identifier>DOI 10.1/x </dc:identifier>
  <dc:identifier><dcterms:URI><rdf:value>https://example.org/s</rdf:value></dcterms:URI></dc:identifier>
  <dc:identifier><ex:Other><rdf:value>https://example.org/other</rdf:value></ex:Other></dc:identifier>
  <dc:subject>plain tag</dc:subject>
  <dc:subject><z:AutomaticTag><rdf:value>auto tag</rdf:value></z:AutomaticTag></dc:subject>
  <dc:subject><dcterms:DDC><rdf:value>510</rdf:value></dcterms:DDC></dc:subject>
  <dc:subject><ex:Other><rdf:value>ignored</rdf:value></ex:Other></dc:subject>
  <dc:subject>  </dc:subject>
  <z:libraryCatalog>Catalog</z:libraryCatalog>
  <z:shortTitle>Chap</z:shortTitle>
  <z:madeUp rdf:resource="http://example.org/r"/>
  <z:path>ignored path</z:path>
  <z:publicationTitle>Not the container</z:publicationTitle>
  <z:seriesEditors><rdf:Seq><rdf:li><foaf:Person><foaf:surname>Ser</foaf:surname><foaf:givenName>Ed</foaf:givenName></foaf:Person></rdf:li></rdf:Seq></z:seriesEditors>
  <bib:authors><rdf:Seq>
    <rdf:li><foaf:Person><foaf:familyName>Family</foaf:familyName><foaf:firstName>First</foaf:firstName></foaf:Person></rdf:li>
    <rdf:li><foaf:Person><foaf:lastName>Last</foaf:lastName><foaf:givenname>Given</foaf:givenname></foaf:Person></rdf:li>
    <rdf:li><foaf:Person><foaf:name>Some Committee</foaf:name></foaf:Person></rdf:li>
    <rdf:li>Literal, Name</rdf:li>
    <rdf:li>Mononym</rdf:li>
  </rdf:Seq></bib:authors>
  <z:bookAuthors><foaf:Person><foaf:surname>Single</foaf:surname></foaf:Person></z:bookAuthors>
  <z:editors>Plain, Ed</z:editors>
</bib:BookSection>"""


def test_book_section_fields():
    r = one(BOOK_SECTION)
    assert r.type == "chapter" and r.title == "Chapter" and r.abstract == "Abstract."
    assert r.issued == Date(2001, 2, 3) and r.date("accessed") == Date(2020, 1, 2)
    assert dict(r.fields) == {
        "container-title": "The Book", "container-title-short": "TB", "volume": "3", "number": "12",
        "collection-title": "Lecture Notes", "collection-number": "42", "edition": "2", "page": "10-20",
        "license": "CC BY", "archive_location": "Box 4", "medium": "Print", "genre": "Chapter type", "language": "de",
        "publisher": "Literal Press", "publisher-place": "Berlin", "DOI": "10.1/x", "ISBN": "978-1", "URL": "https://example.org/s",
        "call-number": "510", "source": "Catalog", "title-short": "Chap", "note": "An extra line",
    }
    assert _extra(r, "zotero.seriesText") == ["Series text"]  # no CSL variable: kept as Zotero's
    assert _extra(r, "zotero.madeUp") == ["http://example.org/r"]
    assert sorted(k for k, _ in r.extra) == ["zotero.automatic-tag", "zotero.madeUp", "zotero.seriesText"]
    assert not _extra(r, "zotero.path") and not _extra(r, "zotero.publicationTitle")
    assert r.keywords == ("plain tag", "auto tag") and _extra(r, "zotero.automatic-tag") == ["auto tag"]
    assert r.author == (Person(family="Family", given="First"), Person(family="Last", given="Given"),
                        Person(literal="Some Committee"), Person(family="Literal", given="Name"), person_from("Mononym", ""))
    assert r.people("collection-editor") == (Person(family="Ser", given="Ed"),)
    assert r.people("container-author") == (person_from("Single", ""),)
    assert r.editor == (Person(family="Plain", given="Ed"),)


def test_fields_from_the_item_when_the_container_has_none_and_issue_or_number():
    r = one("""<bib:Article rdf:about="#a"><z:itemType>journalArticle</z:itemType><dc:title>A</dc:title>
  <dcterms:isPartOf><bib:Journal><dc:title>J</dc:title><dc:identifier>ISSN 1234-5678</dc:identifier></bib:Journal></dcterms:isPartOf>
  <prism:volume>7</prism:volume><prism:number>2</prism:number><dcterms:date>2019</dcterms:date>
  <dcterms:alternative>Short J</dcterms:alternative>
  <dcterms:isPartOf><bib:Part><dc:title>Section A</dc:title></bib:Part></dcterms:isPartOf>
</bib:Article>""")
    assert (r.get("volume"), r.get("issue"), r.get("number"), r.get("ISSN")) == ("7", "2", "", "1234-5678")
    assert r.issued == Date(2019) and r.get("container-title-short") == "Short J" and r.get("section") == "Section A"


def test_edition_is_a_version_for_software_and_publication_title_without_container():
    r = one("""<rdf:Description rdf:about="#a"><z:itemType>computerProgram</z:itemType><dc:title>P</dc:title>
  <prism:edition>1.2</prism:edition><z:publicationTitle>Own</z:publicationTitle><dc:date>2020</dc:date>
  <dcterms:issued>1999</dcterms:issued>
  <z:programmers><rdf:Seq><rdf:li><foaf:Person><foaf:surname>Coder</foaf:surname></foaf:Person></rdf:li></rdf:Seq></z:programmers>
</rdf:Description>""")
    assert r.type == "software" and r.get("version") == "1.2" and r.get("edition") == ""
    assert r.issued == Date(2020) and r.author == (person_from("Coder", ""),)
    assert _extra(r, "zotero.publicationTitle") == [] and r.get("container-title") == "Own"


def test_conference_place_and_publisher_node():
    r = one("""<rdf:Description rdf:about="#a"><z:itemType>conferencePaper</z:itemType><dc:title>P</dc:title>
  <bib:presentedAt><bib:Conference><dc:title>Conf 2020</dc:title></bib:Conference></bib:presentedAt>
  <dc:publisher><foaf:Organization><vcard:adr><vcard:Address><vcard:locality>Rome</vcard:locality></vcard:Address></vcard:adr>
    <foaf:name>ACM</foaf:name></foaf:Organization></dc:publisher>
  <z:sponsors><rdf:Seq><rdf:li><foaf:Person><foaf:surname>S</foaf:surname><foaf:givenName>T</foaf:givenName></foaf:Person></rdf:li></rdf:Seq></z:sponsors>
</rdf:Description>""")
    assert (r.get("event-title"), r.get("publisher"), r.get("publisher-place")) == ("Conf 2020", "ACM", "Rome")
    assert _extra(r, "zotero.itemType") == [] and _extra(r, "zotero.creator.sponsor") == ["S || T"]
    r = one("""<rdf:Description rdf:about="#a"><z:itemType>conferencePaper</z:itemType><dc:title>P</dc:title>
  <bib:presentedAt>Literal Conf</bib:presentedAt>
  <z:sponsors><rdf:Seq><rdf:li><foaf:Person><foaf:surname>Solo</foaf:surname></foaf:Person></rdf:li></rdf:Seq></z:sponsors></rdf:Description>""")
    assert r.get("event-title") == "Literal Conf" and _extra(r, "zotero.creator.sponsor") == ["Solo"]


def test_notes_attachments_and_a_standalone_note():
    r = one("""<rdf:Description rdf:about="#a"><z:itemType>report</z:itemType><dc:title>R</dc:title>
  <dcterms:isReferencedBy rdf:resource="#n1"/><dcterms:isReferencedBy rdf:resource="#n2"/>
  <dcterms:isReferencedBy rdf:resource="#n3"/><dcterms:isReferencedBy rdf:resource="#x"/>
  <link:link rdf:resource="#att"/><link:link rdf:resource="#x"/>
</rdf:Description>
<bib:Memo rdf:about="#n1"><rdf:value>&lt;p&gt;one&lt;/p&gt;</rdf:value></bib:Memo>
<bib:Memo rdf:about="#n2"><dc:description>line one\r\nline &lt;b\nclass="x"&gt;two&lt;/b&gt;\rthree</dc:description></bib:Memo>
<bib:Memo rdf:about="#n3"><rdf:value>  </rdf:value></bib:Memo>
<ex:Thing rdf:about="#x"><rdf:value>not a note</rdf:value></ex:Thing>
<z:Attachment rdf:about="#att"><z:itemType>attachment</z:itemType><dc:title>PDF</dc:title>
  <rdf:resource rdf:resource="files/1/a.pdf"/>
  <dc:identifier><dcterms:URI><rdf:value>https://example.org/a.pdf</rdf:value></dcterms:URI></dc:identifier>
  <link:type>application/pdf</link:type><link:charset>utf-8</link:charset><z:linkMode>2</z:linkMode>
  <dcterms:dateSubmitted>2021-01-01</dcterms:dateSubmitted><dc:description>att note</dc:description>
</z:Attachment>""")
    assert _extra(r, "zotero.note") == ["<p>one</p>", 'line one&#10;line <b class="x">two</b>&#10;three']
    (attachment,) = _extra(r, "zotero.attachment")
    assert json.loads(attachment) == {"title": "PDF", "path": "files/1/a.pdf", "url": "https://example.org/a.pdf",
                                      "mimeType": "application/pdf", "charset": "utf-8", "linkMode": "2",
                                      "accessDate": "2021-01-01", "note": "att note"}
    assert r.get("note") == ""
    long = "word " * 30
    note = one(f'<bib:Memo rdf:about="#m"><rdf:value>&lt;h1&gt;Head&lt;/h1&gt;\n&lt;p&gt;{long}&lt;/p&gt;</rdf:value></bib:Memo>')
    assert note.type == "document" and _extra(note, "zotero.itemType") == ["note"]
    assert note.title == ("Head " + long)[:80]
    assert _extra(note, "zotero.note") == [f"<h1>Head</h1>&#10;<p>{long}</p>"]
    titled = one('<rdf:Description rdf:about="#m"><z:itemType>note</z:itemType><dc:title>Own</dc:title>'
                 '<dc:description>desc</dc:description></rdf:Description>')
    assert titled.title == "Own" and _extra(titled, "zotero.note") == ["desc"] and titled.get("note") == "desc"


# Extra (dc:description) and item fields read back as CSL -------------------------------

def test_extra_lines():
    r = one("""<rdf:Description rdf:about="#a"><z:itemType>document</z:itemType><dc:title>D</dc:title>
  <z:citationKey> key1 </z:citationKey>
  <dc:subject>Computer Science - Machine Learning</dc:subject>
  <dc:subject><z:AutomaticTag><rdf:value>cs.LG</rdf:value></z:AutomaticTag></dc:subject>
  <dc:subject>kept</dc:subject><dc:subject>kept</dc:subject>
  <dc:date>2001</dc:date>
  <dc:description>arXiv:2101.00001 [cs.LG]
container-title: Venue
container-title: Second
original-date: 1999-05
issued: 2000
translator: Trans || Lator
translator: Second || One
type: report
type: Not a Type
plain line</dc:description></rdf:Description>""")
    assert r.id == "key1" and r.type == "report"
    assert (r.get("number"), r.categories, r.get("container-title")) == ("arXiv:2101.00001", ("cs.LG",), "Venue")
    assert r.date("original-date") == Date(1999, 5) and r.issued == Date(2001)
    assert r.people("translator") == (Person(family="Trans", given="Lator"), Person(family="Second", given="One"))
    assert r.keywords == ("kept",) and _extra(r, "zotero.automatic-tag") == []
    assert r.get("note") == "container-title: Second\nissued: 2000\ntype: Not a Type\nplain line"


def test_arxiv_line_keeps_an_archive_id_and_categories():
    r = one("""<rdf:Description rdf:about="#a"><z:itemType>preprint</z:itemType><dc:title>P</dc:title>
  <z:number>arXiv:1</z:number><dc:description>arXiv:2101.00001</dc:description></rdf:Description>""")
    assert r.get("number") == "arXiv:1" and r.categories == ()
    assert r.type == "article" and _extra(r, "zotero.itemType") == []


# Dates as Zotero writes them ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "want"), [
    ("2022-11-28", Date(2022, 11, 28)),
    ("2022-11", Date(2022, 11)),
    ("2022-1-5", Date(2022, 1, 5)),
    (" 2022 ", Date(2022)),
    ("2019-01-19T21:28:00Z", Date(2019, 1, 19, raw="2019-01-19T21:28:00Z")),
    ("2019-01-19 21:28", Date(2019, 1, 19, raw="2019-01-19 21:28")),
    ("07/26/2017", Date(2017, 7, 26)),
    ("November 28, 2022", Date(2022, 11, 28)),
    ("Nov. 2022", Date(2022, 11)),
    ("28 Nov 2022", Date(2022, 11, 28)),
    ("sept 2022", Date(2022, 9)),
    ("28 Nov 3, 2022", Date(literal="28 Nov 3, 2022")),
    ("Spring 2020", Date(literal="Spring 2020")),
    ("Xyz 2020", Date(literal="Xyz 2020")),
    ("2020/2021", Date(2020, end=Date(2021))),
    ("2020-03/2020-05-02", Date(2020, 3, end=Date(2020, 5, 2))),
    ("2020/..", Date(2020, end=Date())),
    ("2020/soon", Date(literal="2020/soon")),
    ("", None),
    ("   ", None),
])
def test_dates(text, want):
    assert zr.parse_date(text, []) == want


def test_parts_look_one_level_up_and_not_back_at_the_node():
    graph = zr.triples(rdf("""<rdf:Description rdf:about="#x"><dcterms:isPartOf rdf:resource="#a"/><dcterms:isPartOf rdf:resource="#b"/></rdf:Description>
<rdf:Description rdf:about="#a"><dcterms:isPartOf rdf:resource="#x"/><dcterms:isPartOf rdf:resource="#b"/><dcterms:isPartOf rdf:resource="#c"/></rdf:Description>
<rdf:Description rdf:about="#c"><dcterms:isPartOf rdf:resource="#d"/></rdf:Description>"""))
    assert zr._parts(graph, "#x") == ["#a", "#b", "#c"]


def test_item_type_kept_when_the_csl_type_does_not_give_it_back():
    email = one('<rdf:Description rdf:about="#a"><z:itemType>email</z:itemType><dc:title>E</dc:title></rdf:Description>')
    letter = one('<rdf:Description rdf:about="#a"><z:itemType>letter</z:itemType><dc:title>L</dc:title></rdf:Description>')
    assert (email.type, _extra(email, "zotero.itemType")) == ("personal_communication", ["email"])
    assert (letter.type, _extra(letter, "zotero.itemType")) == ("personal_communication", [])


def test_unknown_zotero_properties_are_kept():
    """z:<name> without a Zotero field (RDF.js's catch-all) is kept under zotero.<name> (bibexport.zotero)."""
    r = one('<rdf:Description rdf:about="#a"><z:itemType>book</z:itemType><dc:title>B</dc:title>'
            '<z:madeUp>value</z:madeUp><z:dateAdded>2020-01-01 10:00:00</z:dateAdded></rdf:Description>')
    assert [(k, v) for k, v in r.extra if k in ("zotero.madeUp", "zotero.dateAdded")] == [
        ("zotero.madeUp", "value"), ("zotero.dateAdded", "2020-01-01 10:00:00")]


def test_note_html_on_one_line():
    assert zr._one_line_html("<p>no break</p>") == "<p>no break</p>"
    assert zr._one_line_html('<p a="1"\r\nb="2"\rc="3"\nd="4">x\r\ny</p>\rz\n') == (
        '<p a="1" b="2" c="3" d="4">x&#10;y</p>&#10;z&#10;')
    assert zr._one_line_html("a\r\nb\rc\nd") == "a&#10;b&#10;c&#10;d"
    assert zr._one_line_html("only\r") == "only&#10;"


def test_note_title_is_its_text_on_one_line_cut_at_80():
    assert zr._note_title("<h1>A</h1>\n<p>  b\tc </p>") == "A b c"
    assert zr._note_title("<p>" + "x" * 100 + "</p>") == "x" * 80


def test_creator_predicates():
    assert [zr._creator_type(zr.BIB + n) for n in ("authors", "editors", "contributors", "author", "pages")] == [
        "author", "editor", "contributor", "", ""]
    assert [zr._creator_type(zr.Z + n) for n in ("seriesEditors", "castMembers", "wordsBys", "itemType", "s")] == [
        "seriesEditor", "castMember", "wordsBy", "", ""]
    assert zr._creator_type(zr.DC + "authors") == ""
    assert zr._split_literal(" Last , First ") == ("Last", "First")
    assert zr._split_literal(" Name ") == ("Name", "")


def test_graph_lookups_of_absent_subjects_and_odd_arcs():
    graph = zr.triples(rdf("""<rdf:Description rdf:about="http://example.org/s">
  <rdf:type>a literal type</rdf:type><rdf:_1>b</rdf:_1><rdf:_1>a</rdf:_1>
</rdf:Description>"""))
    assert graph.type("http://example.org/s") == "a literal type"
    assert graph.members("http://example.org/s") == ["b", "a"]  # the same index twice: document order
    assert graph.all("#absent", zr.DC + "title") == [] and graph.members("#absent") == []
    assert graph.type("#absent") == "" and graph.text("#absent", zr.DC + "title") == ""


def test_looks_like_reads_the_first_2000_characters():
    def head(pad: int) -> str:
        return "<rdf:RDF" + " " * pad + "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
    fits = head(2002 - len(head(0)))
    assert fits[1999] == "#"  # the 2000th character
    assert zr.looks_like(fits)
    assert not zr.looks_like(head(2003 - len(head(0))))
    assert not zr.looks_like("X" + HEAD) and not zr.looks_like("\ufeffX" + HEAD)
