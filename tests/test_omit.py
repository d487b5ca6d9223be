"""``--omit``: fields left out of every output, named as BibTeX or CSL names them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from bibexport.cli import main
from bibexport.model import Date, Person, Record
from bibexport.omit import omit, parse_omit

RECORD = Record(
    id="doe2020deep", type="article-journal", title="Deep Things", author=(Person("Doe", "Jane"),),
    editor=(Person("Roe", "Rick"),), issued=Date(2020), abstract="We study things.", categories=("cs.LG",),
    keywords=("deep learning",), affiliations=("MIT",), has_code=True,
    fields=(("container-title", "Journal of Things"), ("volume", "3"), ("DOI", "10.1/x"), ("note", "Own note")),
    extra=(("bibtex.file", "paper.pdf"), ("bibtex.annote", "mine"), ("csl.PMID", "123")),
)


def test_parse_omit_splits_commas_and_ignores_case_and_blanks():
    assert parse_omit("Abstract, annote,,KEYWORDS,abstract") == ("abstract", "annote", "keywords")


def test_each_name_removes_its_field_only():
    (stripped,), unused = omit([RECORD], ["abstract", "doi", "journal", "file", "editor"])
    assert unused == []
    assert stripped == RECORD.replace(abstract="", editor=(), extra=RECORD.extra[1:],
                                      fields=(("volume", "3"), ("note", "Own note")))


def test_keywords_are_the_keywords_and_the_categories():
    (stripped,), _ = omit([RECORD], ["keywords"])
    assert (stripped.keywords, stripped.categories) == ((), ())


def test_annote_is_what_bibtex_writes_into_annote():
    (stripped,), _ = omit([RECORD], ["annote"])
    assert (stripped.affiliations, stripped.has_code) == ((), False)
    assert stripped.extra == (("bibtex.file", "paper.pdf"),)  # bibtex.annote and csl.PMID went
    assert stripped.get("note") == "Own note"


def test_a_name_no_record_has_is_reported():
    _, unused = omit([RECORD], ["abstarct", "abstract"])
    assert unused == ["abstarct"]


def test_export_omit_in_bibtex_and_csljson(tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps([{"id": "doe2020deep", "type": "article-journal", "title": "Deep Things",
                                   "author": [{"family": "Doe", "given": "Jane"}], "abstract": "We study things.",
                                   "keyword": "deep learning", "DOI": "10.1/x", "issued": {"date-parts": [[2020]]}}]),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(source), "--to", "bibtex", "--omit", "abstract,keywords"])
    assert result.exit_code == 0, result.output
    assert "abstract =" not in result.stdout and "keywords =" not in result.stdout
    assert "doi = {10.1/x}" in result.stdout
    as_json = CliRunner().invoke(main, ["export", str(source), "--to", "csljson", "--omit", "DOI,abstarct"])
    assert "DOI" not in json.loads(as_json.stdout)[0]
    assert "--omit abstarct: no selected record has this field" in as_json.stderr
