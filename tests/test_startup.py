"""Start-up: a small BibTeX -> CSL-JSON run imports only what it uses (issue 16: at most 0.15 s;
times live in bench/, this checks the heavy modules stay out)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO

HEAVY = ("bibtexparser", "citeproc", "lxml", "rdflib", "pybtex", "bibexport.readers.listing",
         "bibexport.writers.formatted", "bibexport.citations", "bibexport.styles",
         "pickle")  # pickle: only a run that forks (files of 2 MB or more)
PROBE = """
import runpy, sys
sys.argv = ["bibexport", "export", sys.argv[1], "--to", "csljson", "-o", sys.argv[2]]
try:
    runpy.run_module("bibexport", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
print("\\n".join(sorted(sys.modules)))
"""


def test_small_bibtex_to_csljson_imports_no_heavy_module(tmp_path):
    source = tmp_path / "small.bib"
    source.write_text("@article{k, author = {Doe, Jane}, title = {T}, journal = {J}, year = 2020}\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", PROBE, str(source), str(tmp_path / "out.json")],
                         capture_output=True, text=True, cwd=REPO, check=True)
    loaded = set(run.stdout.split())
    assert "bibexport.readers.bibtex" in loaded  # the probe did read BibTeX
    assert [m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY or m.startswith(HEAVY)] == []
