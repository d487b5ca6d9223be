"""Zotero RDF writer: valid RDF/XML (rdflib), read by an oracle that follows Zotero's RDF.js import.

Expected values come from the hand-written seed expectations (``seed_expected.json``), a
held-out listing with hand-written Zotero creators (``data/zotero/heldout-*``), Zotero's arXiv
translator (what it stores for a preprint) and Zotero's name convention.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bibexport import api
from bibexport.model import Date, Person, Record
from bibexport.writers import zoterordf

from ..conftest import SEED_AS_OF

rdflib = pytest.importorskip("rdflib", reason="rdflib (test extra) parses the RDF/XML")
from .. import zotero_oracle as oracle  # noqa: E402  (needs rdflib)

DATA = Path(__file__).parent.parent / "data"
HELD_OUT = DATA / "zotero" / "heldout-listing.txt"
ZOTERO_ITEM_TYPES = set(
    "artwork audioRecording bill blogPost book bookSection case computerProgram conferencePaper dataset "
    "dictionaryEntry document email encyclopediaArticle film forumPost hearing instantMessage interview "
    "journalArticle letter magazineArticle manuscript map newspaperArticle patent podcast preprint "
    "presentation radioBroadcast report standard statute thesis tvBroadcast videoRecording webpage".split()
)


def _listing(path: Path | None) -> tuple[tuple[Record, ...], str, list[dict]]:
    records = api.load([path] if path else [], as_of=SEED_AS_OF).records
    rdf = api.write(records, "zotero-rdf")
    csl = json.loads(api.write(records, "csljson"))
    return records, rdf, csl


def _by_key(items: list[dict]) -> dict[str, dict]:
    return {item["citationKey"]: item for item in items}


def _zotero_name(name: dict) -> tuple[str, str]:
    """Zotero's convention, from a CSL-style expected name: particle in the last name, suffix after a comma."""
    last = " ".join(p for p in (name.get("non-dropping-particle", ""), name["family"]) if p)
    first = name.get("given", "")
    return last, f"{first}, {name['suffix']}" if name.get("suffix") else first


def _check_arxiv_item(item: dict, creators: list[tuple[str, str]], category: str, tag: str,
                      affiliations: str, code: bool, et_al: bool) -> None:
    assert item["itemType"] == "preprint"
    assert item["publisher"] == "arXiv"  # Repository
    assert item["libraryCatalog"] == "arXiv.org"
    assert [(c[1], c[2]) for c in item["creators"]] == creators
    assert {c[0] for c in item["creators"]} == {"author"}
    assert (category, True) in item["tags"] and (tag, True) in item["tags"]
    extra = item["extra"].split("\n")
    if affiliations:
        assert f"Affiliations: {affiliations}" in extra
    else:
        assert not any(line.startswith("Affiliations:") for line in extra)
    assert ("Code: available" in extra) == code
    assert ("Author list: truncated (et al.)" in extra) == et_al


def test_seed_arrives_as_zotero_preprints(seed_expected):
    records, rdf, csl = _listing(None)
    items = oracle.import_items(rdf)
    assert len(items) == 50
    keys = [i["citation-key"] for i in csl]
    assert sorted(i["citationKey"] for i in items) == sorted(keys)  # the key the other writers use
    by_key = _by_key(items)
    for key, want in zip(keys, seed_expected, strict=True):
        from bibexport.categories import readable_name  # the tag's readable name is checked on held-out data

        _check_arxiv_item(
            by_key[key], [_zotero_name(a) for a in want["authors"]], want["category"], readable_name(want["category"]),
            "; ".join(want["affiliations"]), want["has_code"], want["et_al"],
        )


def test_held_out_listing_arrives_exactly():
    expected = json.loads((DATA / "zotero" / "heldout-expected.json").read_text(encoding="utf-8"))
    records, rdf, csl = _listing(HELD_OUT)
    by_key = _by_key(oracle.import_items(rdf))
    assert len(by_key) == len(expected) == 10
    for item, want in zip(csl, expected, strict=True):
        _check_arxiv_item(
            by_key[item["citation-key"]], [tuple(c) for c in want["creators"]], want["category"], want["tag"],
            want["affiliations"], want["code"], want["et_al"],
        )


def test_known_arxiv_id_gives_what_zoteros_arxiv_translator_stores():
    record = Record(id="akyurek2022learning", type="article", title="What learning algorithm",
                    author=(Person(family="Akyürek", given="Ekin"),), issued=Date(2022, 11, 28),
                    categories=("cs.LG",), fields=(("publisher", "arXiv"), ("number", "arXiv:2211.15661")))
    (item,) = oracle.import_items(zoterordf.write([record]))
    assert item["number"] == "arXiv:2211.15661"  # Archive ID (prism:number, as Zotero RDF.js writes it)
    assert item["url"] == "https://arxiv.org/abs/2211.15661"
    assert item["DOI"] == "10.48550/arXiv.2211.15661"
    assert item["date"] == "2022-11-28"
    assert item["extra"].split("\n")[0] == "arXiv:2211.15661 [cs.LG]"  # the arXiv translator's Extra line
    versioned = record.with_field("number", "arXiv:2211.15661v2")
    (item,) = oracle.import_items(zoterordf.write([versioned]))
    assert (item["url"], item["DOI"]) == ("https://arxiv.org/abs/2211.15661", "10.48550/arXiv.2211.15661")


def test_creators_of_every_role_in_zotero_convention():
    van = Person(family="Maaten", given="Laurens", particle="van der")
    king = Person(family="King", given="Martin Luther", suffix="Jr.")
    gaulle = Person(family="Gaulle", given="Charles", dropping_particle="de")
    who = Person(literal="World Health Organization")
    record = Record(id="b", type="chapter", title="A chapter", author=(van, who), editor=(king,)).with_people(
        "container-author", (gaulle,)).with_people("translator", (van,)).with_people("illustrator", (king,))
    (item,) = oracle.import_items(zoterordf.write([record]))
    assert item["itemType"] == "bookSection"
    assert item["creators"] == [
        ("author", "van der Maaten", "Laurens"), ("author", "World Health Organization", None),
        ("editor", "King", "Martin Luther, Jr."), ("bookAuthor", "Gaulle", "Charles de"),
        ("translator", "van der Maaten", "Laurens"),
    ]
    # No Zotero creator type for CSL's illustrator: Zotero's Extra form for CSL names.
    assert "illustrator: King || Martin Luther, Jr." in item["extra"].split("\n")


@pytest.mark.parametrize("csl_type", sorted(set(api.filters.CSL_TYPES)))
def test_every_csl_type_becomes_a_zotero_item_type(csl_type):
    record = Record(id="x", type=csl_type, title="T", author=(Person(family="Doe", given="Jane"),),
                    fields=(("container-title", "C"), ("publisher", "P"), ("volume", "3"), ("page", "1-2")))
    (item,) = oracle.import_items(zoterordf.write([record]))
    assert item["itemType"] in ZOTERO_ITEM_TYPES
    assert item["title"] == "T"
    held = {item.get(f) for f in ("publicationTitle", "code", "reporter", "publisher", "volume", "codeNumber", "pages")}
    extra = item.get("extra", "")
    for value, line in (("C", "container-title: C"), ("P", "publisher: P"), ("3", "volume: 3"), ("1-2", "page: 1-2")):
        assert value in held or line in extra.split("\n"), (csl_type, value)


def test_journal_article_fields_sit_on_the_journal():
    record = Record(id="j", type="article-journal", title="Paper", issued=Date(2021, 3),
                    fields=(("container-title", "Nature"), ("volume", "591"), ("issue", "7850"), ("page", "10-20"),
                            ("DOI", "10.1038/x"), ("ISSN", "0028-0836"), ("URL", "https://example.org/p")))
    (item,) = oracle.import_items(zoterordf.write([record]))
    assert (item["itemType"], item["publicationTitle"], item["volume"], item["issue"], item["pages"]) == (
        "journalArticle", "Nature", "591", "7850", "10-20")
    assert (item["DOI"], item["ISSN"], item["url"], item["date"]) == ("10.1038/x", "0028-0836", "https://example.org/p", "2021-03")


def test_text_is_escaped_and_survives_an_rdf_parser():
    title = 'A <b>bold</b> & "quoted" ]]> title\r\nwith\ttabs, \x00nul \x0b and 💡'
    record = Record(id="e&<", type="article-journal", title=title, abstract="x < y && z > w",
                    keywords=("R&D", "<tag>"), fields=(("URL", 'https://e.org/?a=1&b="2"'),))
    rdf = zoterordf.write([record])
    (item,) = oracle.import_items(rdf)
    assert item["title"] == title.replace("\x00", "\ufffd").replace("\x0b", "\ufffd")
    assert item["abstractNote"] == "x < y && z > w"
    assert item["citationKey"] == "e&<"
    assert ("R&D", False) in item["tags"] and ("<tag>", False) in item["tags"]


def test_output_is_deterministic_and_declares_zoteros_namespaces():
    records, rdf, _ = _listing(HELD_OUT)
    assert api.write(records, "zotero-rdf") == rdf
    assert rdf.startswith("<rdf:RDF\n xmlns:rdf=")
    graph = oracle.parse(rdf)
    assert len(graph) > 200
    assert zoterordf.write([]).strip().endswith("</rdf:RDF>")
    assert len(oracle.parse(zoterordf.write([]))) == 0


def test_notes_attachments_and_collections_are_written_as_zotero_nodes():
    record = Record(id="n", type="book", title="Book", fields=(("ISBN", "978-3-16-148410-0"),), extra=(
        ("zotero.note", "<p>Read <strong>twice</strong>.</p>"),
        ("zotero.attachment", '{"title": "Full Text PDF", "path": "files/3/b.pdf", "mimeType": "application/pdf"}'),
        ("zotero.collection", "ML / Transformers"), ("zotero.collection", "Reading"),
    ))
    rdf = zoterordf.write([record])
    (item,) = oracle.import_items(rdf)
    assert item["notes"] == ["<p>Read <strong>twice</strong>.</p>"]
    assert item["attachments"] == ["Full Text PDF"]
    assert item["collections"] == ["Reading", "Transformers"]
    assert str(item["node"]) == "urn:isbn:978-3-16-148410-0"  # the translator's URI for a book with an ISBN
    graph = oracle.parse(rdf)
    ml = next(s for s in graph.subjects(rdflib.RDF.type, oracle.Z.Collection)
              if str(next(graph.objects(s, oracle.DC.title))) == "ML")
    parts = list(graph.objects(ml, oracle.DCTERMS.hasPart))
    assert [str(next(graph.objects(p, oracle.DC.title))) for p in parts] == ["Transformers"]
    assert "zotero." not in item.get("extra", "")


def test_formats_footer_points_at_the_readme_table_of_zotero_routes():
    """`bibexport formats` names a README section; that section's table starts with Zotero RDF
    and has one row for each format that can go into Zotero, each a format bibexport writes."""
    import re

    from click.testing import CliRunner

    from bibexport import registry
    from bibexport.cli import ZOTERO_FOOTER, main

    result = CliRunner().invoke(main, ["formats"])
    assert result.exit_code == 0 and result.output.endswith(ZOTERO_FOOTER + "\n")
    (section,) = re.findall(r'README, "([^"]+)"', ZOTERO_FOOTER)
    readme = (Path(__file__).parent.parent.parent / "README.md").read_text(encoding="utf-8")
    body = readme.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in body.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    header, routes = rows[0], rows[1:]
    assert all(line.count(" | ") == header.count(" | ") for line in routes)
    names = [re.search(r"\(`([a-z-]+)`\)", line.split(" | ")[0]).group(1) for line in routes]
    assert names == ["zotero-rdf", "csljson", "bibtex", "biblatex", "ris"]  # Zotero RDF first
    assert set(names) <= set(registry.writable())
