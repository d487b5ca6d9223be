"""Years before 1 AD (issue 16, class 6): CSL has no year 0 (-380 is 380 BC; citeproc-js and the
CSL-JSON schema count so), biblatex dates use ISO 8601-2 astronomical years, with a year 0
(biblatex manual, "Date Specifications": ``-0379`` is 380 BCE; biber's bbl.pm writes the
"absolute astronomical year (with year 0)" and ``dateera = bce``).  Classic BibTeX has no date
field: its ``year`` is printed as written, so it gets ``380 BC``, and ``date`` keeps the value
for biber and for reading back.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from bibexport.model import Date, Person, Record
from bibexport.readers import bibtex as reader
from bibexport.writers import bibtex

CASES = [  # CSL date, biblatex date, BibTeX year
    (Date(-380, 2), "-0379-02", "380 BC"),
    (Date(-44, 3, 15), "-0043-03-15", "44 BC"),  # the Ides of March
    (Date(-2, 12, 24), "-0001-12-24", "2 BC"),
    (Date(-1), "0000", "1 BC"),  # astronomical year 0
    (Date(1), "0001", None),
]


def _record(date: Date) -> Record:
    return Record(id="plato", type="book", title="Republic", author=(Person("Plato"),), issued=date,
                  fields=(("publisher", "Academy"),))


@pytest.mark.parametrize("date, edtf, year", CASES)
def test_biblatex_writes_astronomical_years_and_reads_them_back(date, edtf, year):
    out = bibtex.write_biblatex([_record(date)])
    assert f"  date = {{{edtf}}}\n" in out
    (back,) = reader.read(out, "x.bib").records
    assert back.issued == date


@pytest.mark.parametrize("date, edtf, year", [c for c in CASES if c[2]])
def test_bibtex_writes_the_year_as_printed_and_the_date_for_biber(date, edtf, year):
    out = bibtex.write_bibtex([_record(date)])
    assert f"  year = {{{year}}},\n" in out and f"  date = {{{edtf}}}" in out
    assert "year = -" not in out  # a bare value must be a number: BibTeX rejects "-380"
    (back,) = reader.read(out, "x.bib").records
    assert back.issued == date


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_reads_the_dates_without_a_warning(tmp_path):
    records = [_record(date).replace(id=f"k{i}") for i, (date, _, _) in enumerate(CASES)]
    (tmp_path / "out.bib").write_text(bibtex.write_biblatex(records), encoding="utf-8")
    run = subprocess.run(["biber", "--tool", "--output-file", "checked.bib", "out.bib"], cwd=tmp_path,
                         capture_output=True, text=True, errors="replace", timeout=120)
    assert run.returncode == 0 and "WARN" not in run.stdout and "ERROR" not in run.stdout, run.stdout[-2000:]
    assert "DATE = {-379-02}" in (tmp_path / "checked.bib").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_bibtex_prints_the_bc_year(tmp_path):
    (tmp_path / "out.bib").write_text(bibtex.write_bibtex([_record(Date(-380, 2))]), encoding="utf-8")
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{out}\n", encoding="utf-8")
    run = subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "error message" not in run.stdout, run.stdout
    assert "February 380 BC" in (tmp_path / "t.bbl").read_text(encoding="utf-8")
