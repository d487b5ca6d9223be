"""``bibexport check`` beyond reading (issue #19): what JabRef's integrity check and biber's
data-model validation report.  Required fields are BibTeX's btxdoc list ("Entry Types") and,
for @online/@report/@thesis, the biblatex manual's (section 2.1.1)."""

from __future__ import annotations

from click.testing import CliRunner

from bibexport import lint
from bibexport.cli import main
from bibexport.model import Record

BIB = """\
@article{good2020,
  author = {Doe, Jane},
  title = {Good},
  journal = {J},
  year = {2020},
  month = {13}
}
@article{bad2021,
  author = {Doe, Jane},
  title = {Bad year},
  journal = {J},
  year = {20x1}
}
@inproceedings{m\u00fcller2020,
  title = {No author or booktitle},
  year = 2020
}
@misc{fine,
  title = {Anything}
}
@book{edited,
  editor = {Roe, Richard},
  title = {Edited},
  publisher = {P},
  date = {2020-05},
  month = may
}
@article{child,
  crossref = {parent},
  title = {Fields from the parent}
}
@online{site,
  title = {A site},
  year = {n.d.}
}
"""


def _messages(text: str) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in lint.check_bibtex(text, "refs.bib")]


def test_month_year_and_required_fields_with_their_lines():
    assert _messages(BIB) == [
        (6, "month = {13}: not a month (1-12, or jan ... dec); biber rejects it"),
        (12, "year = {20x1}: not a year (four digits, e.g. 2021)"),
        (14, "@inproceedings{m\u00fcller2020} has no author, booktitle (required for @inproceedings: "
             "author, title, booktitle, year/date)"),
        (32, "@online{site} has no author or editor, url or doi or eprint (required for @online: "
             "author/editor, title, year/date, url/doi/eprint)"),
    ]


def test_months_and_years_that_are_fine():
    for month in ("{1}", "12", "jan", "{March}", '"Sept."', "jan # {~--~} # feb"):
        assert not _messages(f"@misc{{k, month = {month}}}"), month
    for year in ("{2021}", "1999", "{n.d.}", "{forthcoming}", "{Spring 2020}", "{2020/2021}"):
        assert not _messages(f"@misc{{k, year = {year}}}"), year
    assert [m for _, m in _messages("@misc{k, month = {0}, year = {202}}")] == [
        "month = {0}: not a month (1-12, or jan ... dec); biber rejects it",
        "year = {202}: not a year (four digits, e.g. 2021)"]


def test_non_ascii_keys():
    records = [Record(id="m\u00fcller2020", source="refs.bib:3"), Record(id="mueller2020", source="refs.bib:9")]
    (problem,) = lint.check_keys(records)
    assert (problem.source, problem.line) == ("refs.bib", 3)
    assert problem.message.startswith("citation key 'm\u00fcller2020' is not ASCII")


def test_check_reports_them_in_line_order_and_exits_1(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    lines = [line.split(": warning: ")[0] for line in result.stdout.splitlines()]
    assert lines == [f"{path}:{n}" for n in (6, 12, 14, 14, 28, 32)]  # 28: the reader: no entry "parent"
    assert "citation key 'm\u00fcller2020' is not ASCII" in result.stdout
    # export reads the same file without these warnings: they are check's
    exported = CliRunner().invoke(main, ["export", str(path), "--to", "csljson"])
    assert exported.exit_code == 0 and "not a month" not in exported.stderr
