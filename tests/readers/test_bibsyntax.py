""".bib syntax as BibTeX reads it (bibtex.web's scanner; checked with bibtex 0.99d where noted)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from bibexport.readers import bibtex
from bibexport.readers.bibsyntax import split

# From the issue: a quoted value holding {"a} (BibTeX ends a quoted value only at a '"'
# outside braces) must be read whole, with every later field.
QUOTED = ('@book{q1,\n  title = "Ein Handbuch",\n  subtitle = "Ein Handbuch f{\\"u}r zeitgem{"a}{\\ss} Schaffende",\n'
          '  publisher="Brinkmann",\n  year="1991"\n}\n')
# A missing comma between fields: BibTeX says "I was expecting a `,' or a `}'---line 3".
MISSING_COMMA = "@article{m1,\n  author = {Doe, Jane}\n  title = {Missing comma},\n  journal = {J},\n  year = 2000\n}\n"


def test_quoted_value_with_a_braced_quote_is_read_whole() -> None:
    (record,) = bibtex.read(QUOTED, "q.bib").records
    assert record.title == "Ein Handbuch. Ein Handbuch für zeitgemäß Schaffende"  # {"a}: babel's ä
    assert record.get("publisher") == "Brinkmann" and record.year == 1991


def test_missing_comma_is_an_error_at_the_line_of_the_next_field() -> None:
    result = bibtex.read(MISSING_COMMA, "m.bib")
    [problem] = result.problems
    assert (problem.line, problem.severity) == (3, "error")
    assert "missing comma" in problem.message and "'author' and 'title'" in problem.message
    (record,) = result.records  # nothing glued into the name, nothing lost
    assert (record.author[0].family, record.author[0].given) == ("Doe", "Jane")
    assert record.title == "Missing comma" and record.year == 2000


def test_noopsort_prints_nothing() -> None:
    # The TeX distribution's bibliographies define \noopsort in @preamble as \def\noopsort#1{}.
    text = ('@preamble{"\\def\\noopsort#1{}"}\n@book{n1, author = "Knuth", title = "T",\n'
            '  year = "{\\noopsort{1973c}}1981", volume = "{\\noopsort{1984a}}A"}\n')
    (record,) = bibtex.read(text, "n.bib").records
    assert record.year == 1981 and record.get("volume") == "A"


@pytest.mark.parametrize(
    "separator",
    [
        pytest.param("\f", id="form-feed"),
        pytest.param("\u2028", id="line-separator"),
        pytest.param("\x85", id="next-line"),
        pytest.param("\v", id="vertical-tab"),
        pytest.param("\r", id="carriage-return"),
    ],
)
def test_lines_are_counted_at_newlines_only(separator: str) -> None:
    """Characters that Python's splitlines() takes for line ends are text to BibTeX and editors."""
    filler = "".join(f"@misc{{f{i},\n  abstract = {{one{separator}two}},\n}}\n" for i in range(2000))
    text = filler + MISSING_COMMA
    result = bibtex.read(text, "big.bib")
    assert len(result.records) == 2001
    assert result.records[-1].source == f"big.bib:{filler.count(chr(10)) + 1}"
    assert [p.line for p in result.problems] == [filler.count("\n") + 3]


def test_blocks_and_their_lines() -> None:
    text = ("% free text @ not an entry, me@example.org\n@String{j = {J. Test}}\n"
            "@Preamble{ \"x\" }\n@comment{anything {nested} here}\n"
            "@Article(k1, title = j # \" 2\",\n  % note = {commented out},\n  year = 2001)\n"
            "@misc{k2}\n")
    syntax = split(text)
    assert [(b.kind, b.line) for b in syntax.blocks] == [
        ("string", 2), ("preamble", 3), ("comment", 4), ("entry", 5), ("entry", 8)]
    entry = syntax.blocks[3]
    assert (entry.type, entry.key) == ("Article", "k1")
    assert [(f.name, f.value, f.line) for f in entry.fields] == [("title", 'j # " 2"', 5), ("year", "2001", 7)]
    assert syntax.blocks[2].text == "anything {nested} here" and syntax.errors == []


def test_a_broken_entry_keeps_its_fields_before_the_error_and_reading_goes_on() -> None:
    # BibTeX: "I'm skipping whatever remains of this entry"; the entry and its earlier fields stay.
    text = ('@article{bad,\n  year = 2000,\n  title = "no end,\n  note = {n}\n}\n\n'
            '@article{good,\n  title = {Fine}\n}\n')
    result = bibtex.read(text, "b.bib")
    assert [(r.id, r.year, r.title) for r in result.records] == [("bad", 2000, ""), ("good", None, "Fine")]
    [problem] = result.problems
    assert (problem.line, problem.severity) == (1, "error") and "past line 5" in problem.message


def test_missing_comma_after_the_key_and_a_missing_key() -> None:
    text = "@article{test\n  title = {T1}\n}\n@techreport{\n  title = {T2}\n}\n"
    result = bibtex.read(text, "k.bib")
    assert [(r.id, r.title) for r in result.records] == [("test", "T1"), ("", "T2")]
    assert [(p.line, p.severity) for p in result.problems] == [(2, "error"), (4, "error")]


def test_percent_comments_inside_an_entry_are_skipped_as_biber_does() -> None:
    text = "@book{b,\n  title = {T}, % the title\n  % note = {old},\n  year = 1999 % printed\n}\n"
    (record,) = bibtex.read(text, "c.bib").records
    assert record.title == "T" and record.year == 1999 and record.get("note") == ""


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_bibtex_reports_the_missing_comma_at_the_same_line(tmp_path) -> None:
    filler = "".join(f"@misc{{f{i}, note = {{a\fb\u2028c}}}}\n" for i in range(50))
    (tmp_path / "refs.bib").write_text(filler + MISSING_COMMA, encoding="utf-8")
    (tmp_path / "t.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8")
    run = subprocess.run(["bibtex", "t"], cwd=tmp_path, capture_output=True, text=True, errors="replace")
    [bibtex_line] = map(int, re.findall(r"I was expecting a `,' or a `}'---line (\d+)", run.stdout))
    [problem] = bibtex.read(filler + MISSING_COMMA, "refs.bib").problems
    assert problem.line == bibtex_line
