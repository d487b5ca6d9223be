"""Zotero RDF reader: a hand-written library in the form Zotero's "Zotero RDF" export writes
(several item types, creators of several roles, notes, attachments, nested collections, an
arXiv item as Zotero's arXiv translator saves it), read back and carried through other formats.

Expected values are written by hand from the fixture; the cross-format checks compare what
Zotero's import translator (the RDF.js oracle, tests/zotero_oracle.py) makes of the original
and of the round-tripped file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibexport import api
from bibexport.model import Date, Person
from bibexport.readers import zoterordf

LIBRARY = Path(__file__).parent.parent / "data" / "zotero" / "library.rdf"


@pytest.fixture(scope="module")
def records():
    result = api.read(LIBRARY)
    assert result.problems == ()
    return {r.title: r for r in result.records}


def _extra(record, key):
    return [v for k, v in record.extra if k == key]


def test_every_item_in_file_order_with_its_line(records):
    assert [(r.type, r.source.rsplit(":", 1)[1]) for r in records.values()] == [
        ("article-journal", "11"), ("book", "73"), ("chapter", "133"), ("article", "179"), ("thesis", "253"),
        ("motion_picture", "279"), ("paper-conference", "320"), ("document", "346"),
    ]


def test_journal_article_with_container_note_attachment_and_tags(records):
    r = records["Visualizing Data using t-SNE"]
    assert r.id == "vandermaaten2008visualizing"
    assert r.author == (Person(family="Maaten", given="Laurens", particle="van der"), Person(family="Hinton", given="Geoffrey"))
    assert r.issued == Date(2008, 11)
    assert r.date("accessed") == Date(2023, 1, 5, raw="2023-01-05 10:20:30")
    assert dict(r.fields) == {
        "container-title": "Journal of Machine Learning Research", "container-title-short": "JMLR", "volume": "9",
        "issue": "86", "page": "2579-2605", "URL": "https://jmlr.org/papers/v9/vandermaaten08a.html",
        "ISSN": "1532-4435", "source": "jmlr.org", "language": "en", "title-short": "t-SNE",
        "note": "Citation count: 40000",
    }
    assert r.abstract == "We present a new technique called “t-SNE” that visualizes high-dimensional data & more."
    assert r.keywords == ("dimensionality reduction", "visualization")
    assert _extra(r, "zotero.automatic-tag") == ["dimensionality reduction"]
    assert _extra(r, "zotero.note") == [
        '<div data-schema-version="8"><p>Perplexity matters.</p>&#10;<p>See <strong>figure 3</strong> &amp; the appendix.</p>&#10;</div>'
    ]
    (attachment,) = _extra(r, "zotero.attachment")
    assert json.loads(attachment) == {"title": "Full Text PDF", "linkMode": "1", "mimeType": "application/pdf",
                                      "path": "files/12/van der Maaten - 2008 - Visualizing Data using t-SNE.pdf"}
    assert _extra(r, "zotero.collection") == ["Reading"]


def test_book_chapter_and_film_creators_of_every_role(records):
    book = records["Deep Learning"]
    assert book.author[1] == Person(family="King", given="Martin Luther", suffix="Jr.")
    assert book.people("translator") == (Person(family="Cruz", given="Pablo", particle="de la"),)
    assert book.people("collection-editor") == (Person(family="Dietterich", given="Thomas"),)
    assert (book.get("publisher"), book.get("publisher-place"), book.get("ISBN"), book.get("collection-title")) == (
        "MIT Press", "Cambridge, MA", "978-0-262-03561-3", "Adaptive Computation and Machine Learning")
    chapter = records["On Kernels"]
    assert chapter.author == (Person(family="Gaulle", given="Charles", dropping_particle="de"),)
    assert chapter.editor == (Person(literal="World Health Organization"),)
    assert chapter.people("container-author") == (Person(family="Smith", given="John", suffix="III"),)
    assert chapter.get("container-title") == "Handbook of Learning"
    film = records["AlphaGo"]
    assert film.author == (Person(family="Kohs", given="Greg"),)  # the primary creator (director), as Zotero cites it
    assert film.people("performer") == (Person(family="Hassabis", given="Demis"),)
    assert film.people("producer") == (Person(family="Gary", given="Krieg"),)
    assert records["Learning to Walk"].get("genre") == "PhD Thesis"
    assert records["Attention Is All You Need"].get("event-title") == "NeurIPS 2017"


def test_arxiv_item_as_zoteros_arxiv_translator_saves_it(records):
    r = records["BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"]
    assert r.type == "article" and r.categories == ("cs.CL",)
    assert (r.get("number"), r.get("publisher"), r.get("DOI"), r.get("version")) == (
        "arXiv:1810.04805", "arXiv", "10.48550/arXiv.1810.04805", "1")
    assert r.keywords == ()  # "Computer Science - Computation and Language" is the category's tag
    assert r.get("note") == ""
    assert [json.loads(a)["title"] for a in _extra(r, "zotero.attachment")] == ["Preprint PDF", "Snapshot"]
    assert json.loads(_extra(r, "zotero.attachment")[0])["path"] == "files/22/Devlin et al. - 2018 - BERT.pdf"
    assert _extra(r, "zotero.collection") == ["ML / Transformers"]


def test_standalone_note_and_collections(records):
    note = records["Reading list for the seminar"]
    assert _extra(note, "zotero.itemType") == ["note"]
    assert _extra(note, "zotero.note") == ["<p>Reading list for the seminar</p>"]
    assert _extra(records["Deep Learning"], "zotero.collection") == ["ML"]


def test_collection_filter_matches_a_collection_or_its_parent(records):
    from bibexport import filters

    def titles(*names):
        return [r.title for r in filters.select(records.values(), filters.Selection(collections=names))]

    assert titles("Transformers") == ["BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
                                      "Attention Is All You Need"]
    assert titles("ml") == ["Deep Learning", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
                            "Attention Is All You Need"]
    assert titles("ML / Transformers", "Reading") == [
        "Visualizing Data using t-SNE", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        "Attention Is All You Need", "Reading list for the seminar"]


rdflib = pytest.importorskip("rdflib", reason="rdflib (test extra) parses the RDF/XML")
from .. import zotero_oracle as oracle  # noqa: E402


def _without_node(items):
    return [{k: v for k, v in item.items() if k != "node"} for item in items]


def test_rdf_to_rdf_loses_nothing():
    original = LIBRARY.read_text(encoding="utf-8")
    records = api.prepare(api.read_text(original, "zotero-rdf").records)
    again = api.write(records, "zotero-rdf")
    want = _without_node(oracle.import_items(original))
    got = _without_node(oracle.import_items(again))
    bert = next(i for i in want if i["title"].startswith("BERT"))
    bert["tags"] = sorted(bert["tags"] + [("cs.CL", True)])  # gains the category's own tag
    for item in want:  # records without a key get one
        item.setdefault("citationKey", next(g["citationKey"] for g in got if g["title"] == item["title"]))
    assert sorted(got, key=lambda i: i["title"]) == sorted(want, key=lambda i: i["title"])
    assert api.write(api.read_text(again, "zotero-rdf").records, "zotero-rdf") == again  # stable


@pytest.mark.parametrize("fmt", ["csljson", "ris", "biblatex", "bibtex"])
def test_rdf_through_another_format_keeps_what_it_can_hold(fmt):
    """Authors, editors, title, date, tags, Extra, notes, attachments and collections survive;
    other creator roles and the access date wait for the target's writer to hold them."""
    original = LIBRARY.read_text(encoding="utf-8")
    records = api.prepare(api.read_text(original, "zotero-rdf").records)
    through = api.read_text(api.write(records, fmt), fmt).records
    again = oracle.import_items(api.write(through, "zotero-rdf"))
    first = oracle.import_items(api.write(records, "zotero-rdf"))
    compared = ("title", "date", "tags", "notes", "attachments", "collections", "citationKey", "abstractNote")
    if fmt in ("biblatex", "bibtex"):
        compared = ("title", "date", "notes", "attachments", "collections", "citationKey")
    for a, b in zip(first, again, strict=True):
        assert {k: a.get(k) for k in compared} == {k: b.get(k) for k in compared}
        assert _names(a, exact=fmt == "csljson") == _names(b, exact=fmt == "csljson")


def _names(item, exact):
    """Authors and editors; BibTeX and RIS have one particle (a dropping one comes back non-dropping,
    README), so there the name in reading order is compared."""
    primary = {"director": "author"}  # a film's primary creator; BibTeX has no film type (it comes back a document)
    people = [(primary.get(c[0], c[0]), *c[1:]) for c in item["creators"] or () if c[0] in ("author", "editor", "director")]
    return people if exact else [(t, f"{(first or '').partition(', ')[0]} {last}".strip()) for t, last, first in people]


def test_malformed_xml_is_an_error_with_its_line():
    result = zoterordf.read("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n<a>\n</rdf:RDF>", "bad.rdf")
    (problem,) = result.problems
    assert (problem.source, problem.line, problem.severity) == ("bad.rdf", 3, "error")
    assert "mismatched tag" in problem.message


def test_rdf_is_recognised_by_its_content():
    assert zoterordf.looks_like(LIBRARY.read_text(encoding="utf-8"))
    assert zoterordf.looks_like('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    assert not zoterordf.looks_like("<html><body>RDF</body></html>")
    assert api.read_text(LIBRARY.read_text(encoding="utf-8")).records  # format detected
