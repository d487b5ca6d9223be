"""The BibTeX round trip on real files: ``export --to bibtex`` then bibtex (and biber on the
BibLaTeX output) reports no error that the original did not have (issue 16).  Skipped when
the tools are absent."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from bibexport import api

from .conftest import DATA

FILES = ["xampl.bib", "real_world_snippets.bib", "preamble_commands.bib"]


def _bibtex_errors(folder, bib: str) -> int:
    (folder / "t.aux").write_text(f"\\citation{{*}}\n\\bibstyle{{plain}}\n\\bibdata{{{bib}}}\n", encoding="utf-8")
    run = subprocess.run(["bibtex", "t"], cwd=folder, capture_output=True, text=True, errors="replace", timeout=60)
    found = re.search(r"\(There (?:was|were) (\d+|one) error message", run.stdout)
    assert run.returncode in (0, 1, 2), run.stdout
    return 0 if not found else (1 if found.group(1) == "one" else int(found.group(1)))


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
@pytest.mark.parametrize("name", FILES)
def test_bibtex_reports_no_new_error_after_the_round_trip(tmp_path, name):
    original = (DATA / "readers" / "bibtex" / name).read_bytes()
    (tmp_path / "orig.bib").write_bytes(original)
    exported = api.export([DATA / "readers" / "bibtex" / name], "bibtex")
    assert not [p for p in exported.problems if p.severity == "error"]
    (tmp_path / "out.bib").write_text("".join(exported.pieces), encoding="utf-8")
    assert _bibtex_errors(tmp_path, "out") <= _bibtex_errors(tmp_path, "orig")


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
@pytest.mark.parametrize("name", FILES)
def test_biber_reports_no_error_on_the_biblatex_output(tmp_path, name):
    exported = api.export([DATA / "readers" / "bibtex" / name], "biblatex")
    (tmp_path / "out.bib").write_text("".join(exported.pieces), encoding="utf-8")
    run = subprocess.run(["biber", "--tool", "--output-file", "checked.bib", "out.bib"], cwd=tmp_path,
                         capture_output=True, text=True, errors="replace", timeout=120)
    assert run.returncode == 0 and "ERROR" not in run.stdout, run.stdout[-2000:]


CROSSREF_UNDERSCORE = """@inproceedings{child_1,
  author = {Doe, Jane}, title = {A Paper}, crossref = {proc_2020}, pages = {1--2}
}
@proceedings{proc_2020,
  editor = {Roe, Rich}, title = {Proceedings of the Meeting}, booktitle = {Proceedings of the Meeting},
  publisher = {Pub}, year = 2020
}
"""


def test_a_crossref_key_is_written_as_the_key_it_names():
    # A crossref value is a citation key, compared with the parent's key character for character
    # (btxdoc: "the crossref field's value must be the database key of the cross-referenced
    # entry"): cr_m escaped as cr\_m named no entry ("A bad cross reference", biber's full-dot.bib).
    out = api.write(api.read_text(CROSSREF_UNDERSCORE, "bibtex").records, "bibtex")
    assert "crossref = {proc_2020}" in out and "@proceedings{proc_2020," in out


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_bibtex_finds_the_crossref_parent_after_the_round_trip(tmp_path):
    out = api.write(api.read_text(CROSSREF_UNDERSCORE, "bibtex").records, "bibtex")
    (tmp_path / "out.bib").write_text(out, encoding="utf-8")
    assert _bibtex_errors(tmp_path, "out") == 0
    assert "bad cross reference" not in (tmp_path / "t.blg").read_text()


def test_a_comment_ending_in_a_backslash_is_not_passed_through():
    # '@comment{\}' closes for BibTeX but not for bibtexparser, which reads '\}' as an escaped
    # brace and loses the rest of the file (found by tests/test_fuzz.py: '@COMMENT{\\\n@0{,').
    import bibtexparser

    out = api.write(api.read_text("@COMMENT{\\\n@misc{k, title = {T}}\n", "bibtex").records, "bibtex")
    library = bibtexparser.parse_string(out)
    assert library.failed_blocks == [] and [e.key for e in library.entries] == ["k"]


# Letters and digits with accents that pdfLaTeX's default input encoding does not set up (utf8
# with T1: "Unicode character ẗ (U+1E97) not set up for use with LaTeX"): what the reader makes of
# real entries (bibtex-tidy's orcid-quote.bib: 'sample \"Quote\" title', where TeX's \" takes the
# t after the space; Better BibTeX's overline tests: '(11\=22)'), and Vietnamese names.
UNSET = [("sample \"Quote\"ẗitle", "{\\\"t}itle"), ("Semipolar (112̄2) GaN", "(11{\\=2}2)"),
         ("Nguyễn Thị Ạnh", "Nguy{\\~{\\^e}}n Th{\\d{i}} {\\d{A}}nh")]


@pytest.mark.parametrize("title, written", UNSET)
@pytest.mark.parametrize("ascii", [False, True])
def test_letters_pdflatex_lacks_are_written_as_accents_and_read_back(title, written, ascii):
    from bibexport.model import Record

    out = api.write([Record(id="k", type="article-journal", title=title)], "bibtex",
                    api.WriteOptions(ascii=ascii))
    assert written in out
    assert api.read_text(out, "bibtex").records[0].title == title


@pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("bibtex") is None,
                    reason="pdflatex or bibtex is not installed")
def test_pdflatex_typesets_them(tmp_path):
    from bibexport.model import Record

    records = [Record(id=f"k{i}", type="article-journal", title=title) for i, (title, _) in enumerate(UNSET)]
    (tmp_path / "refs.bib").write_text(api.write(records, "bibtex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\\begin{document}"
        "\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n", encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"]
    for command in (latex, ["bibtex", "doc"], latex):
        subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=120)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert [line for line in log.splitlines() if line.startswith("! ")] == []
    assert "\\bibitem{k2}" in (tmp_path / "doc.bbl").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("bibtex") is None,
                    reason="pdflatex or bibtex is not installed")
def test_a_key_from_a_bracketed_title_is_safe_in_natbib(tmp_path):
    # Issue 16, class 4: a key made from '[1506.07365] Embed to Control' landed in natbib's
    # \bibitem[...]{key} and broke the whole bibliography; a generated key holds only [a-z0-9].
    from bibexport.model import Date, Person, Record

    record = Record(type="article-journal", title="[1506.07365] Embed to Control",
                    author=(Person("Watter", "Manuel"),), issued=Date(2015), fields=(("container-title", "NeurIPS"),))
    (keyed,) = api.prepare([record])
    assert keyed.id.isascii() and keyed.id.isalnum()
    (tmp_path / "refs.bib").write_text(api.write([keyed], "bibtex"), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\\usepackage{natbib}"
        f"\\begin{{document}}\\citet{{{keyed.id}}}\\bibliographystyle{{plainnat}}\\bibliography{{refs}}"
        "\\end{document}\n", encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"]
    for command in (latex, ["bibtex", "doc"], latex, latex):
        subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=120)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert [line for line in log.splitlines() if line.startswith("! ")] == []
    assert "undefined" not in log.lower()


def _compile(folder, stem: str) -> tuple[list[str], str]:
    """pdflatex, bibtex, pdflatex on a document citing every entry of ``stem.bib`` (plain.bst, T1, utf8):
    the ``!`` errors of the log and bibtex's .bbl."""
    doc = f"{stem}-doc"
    (folder / f"{doc}.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\\begin{document}"
        f"\\nocite{{*}}\\bibliographystyle{{plain}}\\bibliography{{{stem}}}\\end{{document}}\n", encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", doc]
    for command in (latex, ["bibtex", doc], latex):
        subprocess.run(command, cwd=folder, capture_output=True, timeout=120)
    log = (folder / f"{doc}.log").read_text(encoding="utf-8", errors="replace")
    return [line for line in log.splitlines() if line.startswith("! ")], (folder / f"{doc}.bbl").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("bibtex") is None,
                    reason="pdflatex or bibtex is not installed")
def test_commands_the_preamble_defines_typeset_as_in_the_original(tmp_path):
    # Better BibTeX's JabRef file (issue 97) has Russian titles in \bibcyr{}, defined in its
    # @preamble to print "---"; written back as their Cyrillic text, they stopped pdfLaTeX with T1
    # (289 errors in that file).  Beebe's \MP, \booktitle and {\noopsort{1992a}}1992 too: bibtex
    # makes the same .bbl of the original and of the export, and pdflatex typesets both alike.
    path = DATA / "readers" / "bibtex" / "preamble_commands.bib"
    (tmp_path / "orig.bib").write_bytes(path.read_bytes())
    (tmp_path / "out.bib").write_text("".join(api.export([path], "bibtex").pieces), encoding="utf-8")
    errors, bbl = _compile(tmp_path, "orig")
    assert errors == [] and "\\bibcyr{" in bbl and "{\\MP}" in bbl and "\\noopsort{1992a}" in bbl
    assert _compile(tmp_path, "out") == (errors, bbl)
