"""The BibTeX/BibLaTeX reader on files as arXiv, Zotero, JabRef and biblatex users write them."""

from __future__ import annotations

import os
import re

import pytest

from bibexport.model import Date, Person
from bibexport.readers import bibtex

from ..conftest import DATA

FIXTURES = DATA / "readers" / "bibtex"


def _read(name: str):
    return bibtex.read((FIXTURES / name).read_text(encoding="utf-8"), name)


def _people(people):
    return [(p.given, p.particle, p.family, p.suffix, p.literal) for p in people]


def test_arxiv_export_is_a_preprint_with_category_number_and_url() -> None:
    (record,) = _read("arxiv_export_misc_eprint.bib").records
    assert record.id == "akyurek2022learning"
    assert record.type == "article"  # CSL's preprint type, as Zotero maps it
    assert record.categories == ("cs.LG",)
    assert record.get("number") == "arXiv:2211.15661"
    assert record.get("publisher") == "arXiv"
    assert record.get("URL") == "https://arxiv.org/abs/2211.15661"
    assert record.issued == Date(2022)
    assert _people(record.author)[0] == ("Ekin", "", "Akyürek", "", "")
    assert record.source == "arxiv_export_misc_eprint.bib:1"


def test_zotero_export_tabs_month_macro_particles_and_preprint_doi() -> None:
    preprint, article = _read("zotero_export_tabs_unicode.bib").records
    assert preprint.type == "article"  # @misc + DOI 10.48550/arXiv.ID is Zotero's preprint
    assert preprint.get("number") == "arXiv:2211.15661"
    assert preprint.issued == Date(2022, 11)
    assert preprint.keywords == ("Computer Science - Machine Learning", "Computer Science - Computation and Language")
    assert preprint.date("accessed") == Date(2023, 1, 5)  # biblatex's urldate is CSL's accessed
    assert preprint.get_extra("bibtex.shorttitle") == "What learning algorithm is in-context learning?"
    assert article.type == "article-journal"
    assert _people(article.author)[0] == ("Laurens", "van der", "Maaten", "", "")
    assert article.get("issue") == "86"  # @article's number is the issue
    assert article.get("page") == "2579-2605"  # CSL's range hyphen for BibTeX's "--"
    # {Data} is CSL's nocase, as Zotero reads it; "SNE" is protected by the writer's own rule anyway
    assert article.title == 'Visualizing <span class="nocase">Data</span> using t-SNE'
    assert article.get_extra("bibtex.protected") == ""


def test_jabref_header_comment_and_unknown_fields() -> None:
    (record,) = _read("jabref_comment_timestamp.bib").records
    assert record.id == "Knuth1984"
    assert record.issued == Date(1984, 1)
    assert record.get("publisher") == "Oxford University Press (OUP)"
    assert record.get("issue") == "2"
    assert ("bibtex.timestamp", "2020-01-01") in record.extra
    assert ("bibtex.owner", "alice") in record.extra
    assert ("bibtex.@comment", "jabref-meta: databaseType:bibtex;") in record.extra


def test_latex_strings_concatenation_and_others() -> None:
    erdos, child, proc = _read("latex_strings_crossref_others.bib").records
    assert _people(erdos.author) == [
        ("Pál", "", "Erdős", "", ""),
        ("Alfréd", "", "Rényi", "", ""),
        ("Jürgen", "", "Müller", "", ""),
        ("Jan", "", "Łukasiewicz", "", ""),
        ("José", "", "García", "", ""),
    ]
    assert erdos.authors_truncated  # "and others"
    assert erdos.title == ('On Random Graphs <span class="nocase">I</span> in TeX: a <span class="nocase">Markov</span>'
                           " study of $O(n^2)$ <i>graphs</i> – revisited")  # {I}, {Markov}, \emph{graphs}
    assert erdos.get("container-title") == "Journal of Machine Learning Research (Special Issue)"
    assert erdos.get("volume") == "12"
    assert erdos.issued == Date(1959, 12)
    assert erdos.get("note") == "Straße\u00a01 & 50% Çağlar"
    assert erdos.get_extra("bibtex.protected") == ""  # now nocase spans in the title
    assert erdos.get_extra("bibtex.@preamble") == r"\newcommand{\noopsort}[1]{}"


def test_crossref_and_bibtex_name_forms() -> None:
    _, child, proc = _read("latex_strings_crossref_others.bib").records
    assert _people(child.author) == [
        ("Ludwig", "van", "Beethoven", "", ""),
        ("Martin Luther", "", "King", "Jr.", ""),
        ("", "", "", "", "Barnes and Noble, Inc."),
        ("Juan", "de la", "Cruz", "", ""),
        ("John", "", "Smith", "Jr.", ""),
    ]
    assert child.type == "paper-conference"
    assert child.get("container-title") == "Proceedings of the 37th International Conference on Machine Learning"
    assert child.get("publisher") == "PMLR"
    assert child.issued == Date(2020, 7)
    assert _people(child.editor)[0] == ("Hal", "", "Daumé", "III", "")
    assert child.get_extra("bibtex.crossref") == "proc2020"
    assert proc.type == "book" and proc.get_extra("bibtex.type") == "proceedings"


def test_crossref_fills_blank_fields_as_biber_does() -> None:
    """biber 2.19 fills a child's blank field from its crossref parent (checked: a child with
    ``note = ""`` and ``organization = ""`` got the parent's note and organization in the .bbl)."""
    text = """@inproceedings{child, crossref={parent}, author={A. Bee}, title={T}, note = "", organization = "", key = ""}
@proceedings{parent, title={Proc}, note={Parent note}, organization={ACM}, year=1983, key={GAJ}}"""
    child, _ = bibtex.read(text, "t.bib").records
    assert child.get("note") == "Parent note" and child.get("publisher") == "ACM"
    assert child.get_extra("bibtex.key") == "GAJ" and child.get("container-title") == "Proc"


def test_biblatex_date_eprinttype_thesis_journaltitle() -> None:
    online, thesis, article = _read("biblatex_online_date_thesis.bib").records
    assert online.type == "article" and online.categories == ("cs.LG",)
    assert online.issued == Date(2022, 11, 28)
    assert thesis.type == "thesis"
    assert thesis.get("genre") == "PhD thesis"
    assert thesis.get("publisher") == "MIT"
    assert thesis.get("publisher-place") == "Cambridge, MA"
    assert thesis.issued == Date(2021, 5)
    assert article.get("container-title") == "Nature"
    assert article.get("language") == "english"


def test_broken_blocks_are_reported_with_lines_and_the_rest_is_read() -> None:
    result = _read("broken_blocks_lines.bib")
    assert [r.title for r in result.records] == ["Good One", "", "Good Two", "Duplicate key"]  # as bibtex keeps "bad"
    problems = [(p.line, p.severity, p.message.split(" ")[0]) for p in result.problems]
    assert (6, "error", "entry") in problems
    assert (13, "warning", "undefined") in problems
    assert (16, "warning", "duplicate") in problems


@pytest.mark.parametrize(
    ("raw", "person"),
    [
        pytest.param("Donald E. Knuth", Person("Knuth", "Donald E."), id="first-last"),
        pytest.param("Knuth, Donald E.", Person("Knuth", "Donald E."), id="last-first"),
        pytest.param("Jean de La Fontaine", Person("La Fontaine", "Jean", "de"), id="von-is-lowercase-only"),
        pytest.param("von Neumann, John", Person("Neumann", "John", "von"), id="von-last-first"),
        pytest.param("Ford, Jr., Henry", Person("Ford", "Henry", suffix="Jr."), id="von-last-jr-first"),
        pytest.param("{Garc{\\'i}a M{\\'a}rquez}, Gabriel", Person("García Márquez", "Gabriel"), id="braced-family"),
        pytest.param("{\\'E}mile Zola", Person("Zola", "Émile"), id="special-character-first"),
        pytest.param("{World Health Organization}", Person(literal="World Health Organization"), id="institution"),
        pytest.param("Plato", Person("Plato"), id="single-word"),
    ],
)
def test_name_rules(raw: str, person: Person) -> None:
    (record,) = bibtex.read(f"@misc{{k, author = {{{raw}}}}}").records
    assert record.author == (person,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@article{k, title={x}}", True, id="entry"),
        pytest.param("\ufeff\n% Encoding: UTF-8\n\n@Article{k,", True, id="jabref-header"),
        pytest.param("This file was created with JabRef 2.10.\nEncoding: UTF8\n\n@article{k, title={x}}", True, id="free-text-first"),
        pytest.param('[{"id": "x"}]', False, id="json"),
        pytest.param("TY  - JOUR\nTI  - x\nER  - \n", False, id="ris"),
        pytest.param("[LG] 28 Nov 2022\nTitle\n", False, id="listing"),
        pytest.param("", False, id="empty"),
    ],
)
def test_looks_like(text: str, expected: bool) -> None:
    assert bibtex.looks_like(text) is expected


def test_large_files_split_across_processes_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (FIXTURES / "zotero_export_tabs_unicode.bib").read_text(encoding="utf-8")
    many = "\n".join(text.replace("{akyurek_what_2022,", f"{{k{i},").replace("{van_der_maaten_visualizing_2008,", f"{{v{i},") for i in range(30))
    many += "\n@misc{k0, title = {Same key as the first entry}}\n"
    whole = bibtex.read(many, "many.bib", jobs=1)
    monkeypatch.setattr(bibtex, "_PARALLEL_MIN", 0)
    split = bibtex.read(many, "many.bib", jobs=2)
    assert len(whole.records) == 61
    assert split.records == whole.records
    assert [r.source for r in split.records] == [r.source for r in whole.records]
    assert [str(p) for p in whole.problems] == ["many.bib:841: warning: duplicate citation key 'k0' (first at line 1); both kept"]
    assert split.problems == whole.problems


@pytest.mark.parametrize("jobs", [2, 3, 4, 7])
def test_large_files_split_only_between_entries(monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """A braced value with a line that starts with "@" is not an entry boundary."""
    entry = "@article{{k{i},\n  title = {{Paper {i}}},\n  abstract = {{First line.\n@inproceedings entries are conference papers}},\n  year = {{2020}}\n}}\n\n"
    text = "".join(entry.format(i=i) for i in range(40))
    whole = bibtex.read(text, "at.bib", jobs=1)
    monkeypatch.setattr(bibtex, "_PARALLEL_MIN", 0)
    split = bibtex.read(text, "at.bib", jobs=jobs)
    assert len(whole.records) == 40 and whole.problems == ()
    assert whole.records[0].abstract == "First line. @inproceedings entries are conference papers"
    assert split.records == whole.records and split.problems == ()
    assert [r.source for r in split.records] == [r.source for r in whole.records]


def test_jobs_do_not_depend_on_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bibtex, "_PARALLEL_MIN", 0)
    monkeypatch.setattr(bibtex, "usable_cores", lambda: 8)  # the cores this process may use, at most 2
    assert len(bibtex._chunks("@misc{a}\n" * 10, None)) == 2
    monkeypatch.setattr(os, "getloadavg", lambda: (99.0, 99.0, 99.0))
    busy = bibtex._chunks("@misc{a}\n" * 10, None)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert bibtex._chunks("@misc{a}\n" * 10, None) == busy


def test_mendeley_header_text_double_braces_and_published_eprint() -> None:
    (record,) = _read("mendeley_double_braces_arxivid.bib").records
    assert record.type == "article-journal"  # @article with a journal: published, not a preprint
    assert record.title == '<span class="nocase">Attention is all you need</span>'  # {{...}}: the whole title
    assert record.get("number") == ""  # the eprint is not an issue number
    assert ("bibtex.eprint", "1706.03762") in record.extra and ("bibtex.eprinttype", "arXiv") in record.extra
    assert record.get_extra("bibtex.file") == ":C\\:/Users/me/Mendeley/Vaswani2017.pdf:pdf"
    assert record.source == "mendeley_double_braces_arxivid.bib:6"


def test_pandoc_biblatex_dates_and_logo() -> None:
    knuth, lamport = _read("pandoc_biblatex_date.bib").records
    assert knuth.issued == Date(1984, 1)
    assert knuth.get("container-title") == "The Computer Journal" and knuth.get("issue") == "2"
    assert lamport.title == "LaTeX: A Document Preparation System"
    assert lamport.get("publisher-place") == "Reading, MA" and lamport.get("edition") == "2"


def test_string_defined_twice_takes_the_later_value_with_a_warning() -> None:
    text = '@string{jml = "Old Journal"}\n@string{jml = "New Journal"}\n@article{a, title = {T}, journal = jml}\n'
    result = bibtex.read(text, "twice.bib")
    assert result.records[0].get("container-title") == "New Journal"  # as bibtex and biber do
    assert [(p.message, p.line, p.severity) for p in result.problems] == [
        ("@string 'jml' defined again; this later value is used", 2, "warning")
    ]
    assert bibtex.read("@STRING{0=}@STRING{0=}", "fuzz.bib").records == ()  # fuzzing found this one crashing


def test_string_concatenation_is_bounded() -> None:
    text = "@string{s0 = {lol}}\n" + "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, 41))
    text += "@article{laughs, title = s40}\n"
    result = bibtex.read(text, "laughs.bib")
    assert len(result.records[0].title) == bibtex.MAX_VALUE
    assert result.problems[0].line == 20 and result.problems[0].severity == "error"


# biblatex dates, names, xdata and title parts; expectations from biber 2.17's .bbl output and
# the biblatex manual (checked: biber -> \field{year}{1975} and "Invalid format '15/05/84' of
# date field 'date' - ignoring"; -0379-02 -> year 379, dateera bce, which biblatex prints as
# 380 BCE: biber's bbl.pm writes "absolute astronomical year (with year 0)").


def _one(text: str):
    (record,) = bibtex.read(text, "x.bib").records
    return record


def test_a_date_that_is_not_a_biblatex_date_does_not_override_the_year() -> None:
    result = bibtex.read('@book{b, title = {T}, year = "1975", date = "15/05/84"}', "x.bib")
    assert result.records[0].issued == Date(1975)
    assert "15/05/84" in result.problems[0].message


def test_negative_iso_year_is_csl_year_without_year_zero() -> None:
    assert _one("@book{b, title = {T}, date = {-0379-02}}").issued == Date(-380, 2)


def test_date_range_keeps_its_end() -> None:
    assert _one("@book{b, title = {T}, date = {1987-05/1989-06}}").issued == Date(1987, 5, end=Date(1989, 6))
    assert _one("@book{b, title = {T}, date = {1987/}}").issued == Date(1987, end=Date())  # open end


def test_approximate_date() -> None:
    assert _one("@book{b, title = {T}, date = {1984~}}").issued == Date(1984, circa=True)


@pytest.mark.parametrize(
    ("raw", "person"),
    [
        pytest.param("family=Beethoven, given=Ludwig, prefix=van, useprefix=true",
                     Person("Beethoven", "Ludwig", particle="van"), id="useprefix"),
        pytest.param("given={Jean}, prefix={de}, family={La Fontaine}",
                     Person("La Fontaine", "Jean", dropping_particle="de"), id="prefix-not-used"),
        pytest.param("family=King, given=Martin Luther, suffix=Jr.", Person("King", "Martin Luther", suffix="Jr."),
                     id="suffix"),
    ],
)
def test_biblatex_extended_name_format(raw: str, person: Person) -> None:
    assert _one(f"@book{{b, title = {{T}}, author = {{{raw} and Doe, Jane}}}}").author == (person, Person("Doe", "Jane"))


def test_xdata_is_resolved_and_not_a_record() -> None:
    # biblatex manual, @xdata: fields are inherited, the entry's own win, xdata entries may nest.
    text = ("@xdata{pub, publisher = {Addison-Wesley}, location = {Reading, Mass.}}\n"
            "@xdata{series, xdata = {pub}, series = {Computers and Typesetting}, volume = {X}}\n"
            "@book{ct:a, author = {Knuth, Donald E.}, title = {The TeXbook}, volume = {A}, date = {1984}, xdata = {series}}\n")
    record = _one(text)
    assert record.id == "ct:a" and record.get("volume") == "A"
    assert (record.get("publisher"), record.get("publisher-place")) == ("Addison-Wesley", "Reading, Mass.")
    assert record.get("collection-title") == "Computers and Typesetting"
    assert not any(k == "bibtex.xdata" for k, _ in record.extra)


def test_title_parts_join_as_biblatex_prints_them() -> None:
    # biblatex.def: title \subtitlepunct subtitle \newunit titleaddon; both puncts are
    # \addperiod\space, and \addperiod adds nothing after "?".
    record = _one("@incollection{a, title = {Why?}, subtitle = {An Essay}, titleaddon = {With Notes},\n"
                  "  booktitle = {Collected}, booksubtitle = {Essays}, booktitleaddon = {Volume One}}")
    assert record.title == "Why? An Essay. With Notes"
    assert record.get("container-title") == "Collected. Essays. Volume One"
    assert not any(k.endswith(("subtitle", "titleaddon")) for k, _ in record.extra)


def test_unknown_latex_commands_are_reported_once_each() -> None:
    text = "@misc{a, title = {On \\foo}, note = {\\foo \\bar{x}}}\n@misc{b, title = {\\foo}, url = {http://x/\\foo}}\n"
    problems = [(p.line, p.message.split(" (")[0]) for p in bibtex.read(text, "u.bib").problems]
    assert problems == [(1, "unknown LaTeX command \\foo"), (1, "unknown LaTeX command \\bar")]


def test_howpublished_url_is_the_url() -> None:
    (record,) = bibtex.read("@misc{a, title = {T}, howpublished = {\\url{https://example.org/a_b}}}", "h.bib").records
    assert record.get("URL") == "https://example.org/a_b" and record.get("medium") == ""


def test_real_world_snippets() -> None:
    result = _read("real_world_snippets.bib")
    by_id = {r.id: r for r in result.records}
    assert by_id["handbuch1991"].title == "Ein Handbuch. Ein Handbuch für zeitgemäß Schaffende"
    assert by_id["handbuch1991"].get("publisher") == "Brinkmann" and by_id["handbuch1991"].year == 1991
    assert (by_id["knuth1981"].year, by_id["knuth1981"].get("volume")) == (1981, "2")
    assert by_id["aas2020"].title == 'The 12th <span class="nocase">Data</span> Release: ‘bed of nails’ Model/Method'
    assert by_id["aas2020"].get("container-title") == "ApJ"
    assert by_id["aas2020"].author[1].family_full() == "van der Berg"
    assert by_id["web2019"].get("URL") == "https://example.org/guidance_2019"
    assert result.problems == ()


def test_xampl_every_entry_is_read() -> None:
    text = (FIXTURES / "xampl.bib").read_text(encoding="utf-8")
    keys = re.findall(r"^@(?!string|preamble)\w+\{([^,]+),", text, re.M | re.I)
    assert [r.id for r in bibtex.read(text, "xampl.bib").records] == keys


# Commands the file's own @preamble defines -----------------------------------------------

# Better BibTeX's JabRef test file (issue 97) and Nelson Beebe's TeX bibliographies, cut down.
OWN_COMMANDS = r"""@PREAMBLE{" \makeatletter
\@ifundefined{bibcyr}{\newcommand{\bibcyr}[1]{---}}{}
\makeatother "
  # "\ifx \undefined \MP \def \MP {MetaPost} \fi"
  # "\providecommand{\noopsort}[1]{}"}

@Article{Klier_1955,
  Title = {\bibcyr{Влияние освещения}},
  Author = {Klier, E.},
  Journal = {Czechoslovak Journal of Physics},
  Year = {1955},
  Note = {In Russian}
}

@Book{hobby,
  author = "\bibcyr{Хобби}, John D.",
  title = "A User's Manual for {\MP}",
  year = "{\noopsort{1992a}}1992",
  volume = "{\noopsort{b}}2",
}
"""


def test_a_field_using_a_command_of_the_preamble_keeps_its_latex_beside_its_text() -> None:
    import pybtex.database

    klier, hobby = bibtex.read(OWN_COMMANDS, "own.bib").records
    oracle = pybtex.database.parse_string(OWN_COMMANDS, "bibtex")
    latex = {r.id: [v for k, v in r.extra if k == "bibtex.@latex"] for r in (klier, hobby)}
    # The text is what it was: an unknown command's argument, the sorting macro's nothing.
    assert (klier.title, hobby.title) == ("Влияние освещения", "A User's Manual for \\MP")
    assert hobby.issued == Date(1992) and hobby.get("volume") == "2"
    # The LaTeX is the field's value as BibTeX reads it (pybtex), for text fields and the year
    # (the fields of a name list are not written from their LaTeX: not kept).
    assert latex["Klier_1955"] == [oracle.entries["Klier_1955"].fields["title"]]
    fields = oracle.entries["hobby"].fields
    assert latex["hobby"] == sorted([fields["title"], fields["year"], fields["volume"]])
    # Both hold the @preamble (as pybtex reads it, whitespace aside), so that it is written with either.
    for record in (klier, hobby):
        (preamble,) = [v for k, v in record.extra if k == "bibtex.@preamble"]
        assert " ".join(preamble.split()) == oracle.preamble


def test_an_unknown_command_the_preamble_defines_is_a_note() -> None:
    problems = [(p.line, p.severity, p.message.split(" (")[0]) for p in bibtex.read(OWN_COMMANDS, "own.bib").problems]
    assert problems == [(8, "note", "LaTeX command \\bibcyr defined in the file's @preamble"),
                        (17, "note", "LaTeX command \\MP defined in the file's @preamble")]
    without = OWN_COMMANDS.split("\n@Article")[1]
    problems = [(p.severity, p.message.split(" (")[0]) for p in bibtex.read("@Article" + without, "own.bib").problems]
    assert problems == [("warning", "unknown LaTeX command \\bibcyr"), ("warning", "unknown LaTeX command \\MP")]
    assert not any(k == "bibtex.@latex" for r in bibtex.read("@Article" + without).records for k, _ in r.extra)


def test_records_using_no_command_of_the_preamble_keep_no_latex() -> None:
    text = '@preamble{"\\def\\MP{MetaPost}"}\n@misc{a, title = {On \\emph{x}}}\n@misc{b, title = {\\MP}}\n'
    a, b = bibtex.read(text).records
    assert a.extra == (("bibtex.@preamble", "\\def\\MP{MetaPost}"),)  # the first record: as every file's
    assert b.extra == (("bibtex.@latex", "\\MP"), ("bibtex.@preamble", "\\def\\MP{MetaPost}"))
    first = bibtex.read('@preamble{"\\def\\MP{MetaPost}"}\n@misc{b, title = {\\MP}}\n').records[0]
    assert first.extra == b.extra  # not twice
