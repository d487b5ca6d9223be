"""``bibexport cite`` with pandoc's citation syntax, and ``export --cited-by`` numbering.

Expected citations follow the styles' rules (APA 7: ``(Author, year, p. N)``, a narrative
citation ``Author (year)``; IEEE: ``[n]`` numbered in order of first citation) and pandoc's
documented citation syntax (manual, "Citation syntax").
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bibexport.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def refs(tmp_path):
    items = [
        {"id": "doe2020", "type": "book", "title": "Alpha", "author": [{"family": "Doe", "given": "Jane"}],
         "issued": {"date-parts": [[2020]]}, "publisher": "Press"},
        {"id": "roe2021", "type": "book", "title": "Beta", "author": [{"family": "Roe", "given": "Rita"}],
         "issued": {"date-parts": [[2021]]}, "publisher": "Press"},
        {"id": "poe2019", "type": "book", "title": "Gamma", "author": [{"family": "Poe", "given": "Paul"}],
         "issued": {"date-parts": [[2019]]}, "publisher": "Press"},
    ]
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("citation", "expected"), [
    pytest.param("[see @doe2020, p. 12; @roe2021]", "(see Doe, 2020, p. 12; Roe, 2021)", id="prefix-locator"),
    pytest.param("[@doe2020, pp. 33-35, 38-39 and *passim*]", "(Doe, 2020, pp. 33–35, 38–39 and passim)", id="suffix"),
    pytest.param("[-@doe2020, p. 3]", "(2020, p. 3)", id="suppress-author"),
    pytest.param("@doe2020 [p. 3]", "Doe (2020, p. 3)", id="in-text-locator"),
    pytest.param("@doe2020 says", "Doe (2020)", id="in-text"),
    pytest.param("[@doe2020, and nowhere else]", "(Doe, 2020, and nowhere else)", id="suffix-no-locator"),
])
def test_pandoc_citation_syntax(refs, citation, expected):
    result = run("cite", citation, refs)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected + "\n"


def test_several_citations_one_line_each(refs):
    result = run("cite", "[@doe2020]", "and", "[@roe2021, chap. 2]", refs)
    assert result.stdout == "(Doe, 2020)\n(Roe, 2021, Chapter 2)\n"


def test_bare_keys_cite_together_and_input_option_still_works(refs):
    assert run("cite", "doe2020", "roe2021", refs).stdout == "(Doe, 2020; Roe, 2021)\n"
    assert run("cite", "doe2020", "-i", refs).stdout == "(Doe, 2020)\n"


def test_numbers_are_those_of_the_reference_list(refs):
    # IEEE numbers in input order (cite agrees with export's reference list) and sorts a
    # citation's cites by number
    assert run("cite", "[@poe2019; @doe2020]", refs, "--style", "ieee").stdout == "[1], [3]\n"


def test_unknown_key_is_an_error_naming_close_keys(refs):
    result = run("cite", "[@doe2002]", refs)
    assert result.exit_code == 1
    assert "unknown citation key 'doe2002'; did you mean doe2020" in result.stderr


def test_no_citation_is_a_usage_error(refs):
    result = run("cite", refs)
    assert result.exit_code == 2
    assert "no citation given" in result.stderr


def test_cited_by_numbers_a_numeric_style_by_first_citation(refs, tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text("As @poe2019 shows [see also @roe2021, p. 3], and later @poe2019 again.\n", encoding="utf-8")
    result = run("export", refs, "--cited-by", str(paper), "--to", "text", "--style", "ieee")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line[:3] for line in lines] == ["[1]", "[2]"]
    assert "Gamma" in lines[0] and "Beta" in lines[1]  # Poe is cited first; Doe is not cited


def test_cited_by_keeps_library_order_for_bibliography_files(refs, tmp_path):
    paper = tmp_path / "paper.md"
    paper.write_text("[@poe2019; @doe2020]\n", encoding="utf-8")
    result = run("export", refs, "--cited-by", str(paper), "--to", "csljson")
    assert [item["id"] for item in json.loads(result.stdout)] == ["doe2020", "poe2019"]
