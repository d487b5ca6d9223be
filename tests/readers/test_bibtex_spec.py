"""The BibTeX/BibLaTeX reader's mapping, decoding and problems, rule by rule.

Expected values come from BibTeX's documentation (btxdoc: names, ``@string``, ``crossref``,
the month macros of the standard styles), from what bibtex 0.99d and biber 2.19 do with the
same input (noted where checked), from the biblatex manual (date fields, ``xdata``,
``pubstate``, the extended name format, ``eprinttype``), and from the reader's documented
agreement with the BibTeX writer (module docstring: ``bibtex.type``, ``bibtex.<field>``).
"""

from __future__ import annotations

import pytest

from bibexport.model import Date, Person
from bibexport.readers import bibtex


def _one(text: str, source: str = "s.bib"):
    result = bibtex.read(text, source)
    (record,) = result.records
    return record


def _problems(text: str):
    result = bibtex.read(text, "p.bib")
    assert all(p.source == "p.bib" for p in result.problems)  # every problem names the file
    return [(p.line, p.severity, p.message) for p in result.problems]


# Dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        pytest.param("jan", 1, id="macro"),
        pytest.param("dec", 12, id="macro-dec"),
        pytest.param("{May}", 5, id="full-name"),
        pytest.param("{September}", 9, id="full-name-september"),
        pytest.param("{Sep.}", 9, id="abbreviation-with-period"),
        pytest.param("{ 11 }", 11, id="number"),
        pytest.param("12", 12, id="bare-number"),
        pytest.param("{1}", 1, id="one"),
        pytest.param("{13}", None, id="not-a-month"),
        pytest.param("{0}", None, id="zero"),
    ],
)
def test_month_macros_names_and_numbers(month: str, expected: int | None) -> None:
    # btxdoc: the standard styles define jan..dec; biblatex: month is an integer 1-12.
    record = _one(f"@article{{k, year = 2000, month = {month}}}")
    assert record.issued is not None and (record.issued.year, record.issued.month) == (2000, expected)


def test_day_counts_only_with_a_month() -> None:
    assert _one("@article{k, year = 2000, month = mar, day = 5}").issued == Date(2000, 3, 5)
    assert _one("@article{k, year = 2000, day = 5}").issued == Date(2000)


@pytest.mark.parametrize("year", ["n.d.", "n. d.", "nd", "no date", "s.d.", "o.j.", "N.D."])
def test_undated_years_are_no_date(year: str) -> None:
    assert _one(f"@book{{k, title = {{T}}, year = {{{year}}}}}").issued is None


def test_a_year_that_is_not_a_number_is_a_literal_date() -> None:
    assert _one("@book{k, title = {T}, year = {2020a}}").issued == Date(literal="2020a")
    assert _one("@book{k, title = {T}, year = {in press}}").issued == Date(literal="in press")


def test_pubstate_is_the_date_of_an_undated_entry_only() -> None:
    # biblatex: pubstate (forthcoming, inpress...) says where an unpublished work stands.
    undated = _one("@article{k, title = {T}, pubstate = {forthcoming}}")
    assert undated.issued == Date(literal="forthcoming") and undated.get_extra("bibtex.pubstate") == ""
    dated = _one("@article{k, title = {T}, year = 2020, pubstate = {inpress}}")
    assert dated.issued == Date(2020) and dated.get_extra("bibtex.pubstate") == "inpress"


def test_a_date_that_is_not_a_biblatex_date_with_no_year_is_a_literal() -> None:
    result = bibtex.read("@book{k, title = {T}, date = {Spring 1999}}", "d.bib")
    assert result.records[0].issued == Date(literal="Spring 1999") and result.problems == ()


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        pytest.param("2020-05-01", Date(2020, 5, 1), id="day"),
        pytest.param("2020-05-01T10:30:00Z", Date(2020, 5, 1), id="time-utc"),
        pytest.param("2020-05-01T10:30:00+01:00", Date(2020, 5, 1), id="time-offset"),
        pytest.param("2020-05", Date(2020, 5), id="month"),
        pytest.param("0001", Date(1), id="year-one"),
        pytest.param("0000", Date(-1), id="year-zero-is-1-bc"),
        pytest.param("1987/1989", Date(1987, end=Date(1989)), id="range"),
        pytest.param("1987-05-02/1987-05-09", Date(1987, 5, 2, end=Date(1987, 5, 9)), id="day-range"),
        pytest.param("2020-01/..", Date(2020, 1, end=Date()), id="open-end-dots"),
        pytest.param(" 1999 ", Date(1999), id="spaces"),
    ],
)
def test_biblatex_date_fields(date: str, expected: Date) -> None:
    # biblatex manual 2.3.8: ISO 8601-2 dates, "/" ranges, an open end empty or "..".
    assert _one(f"@book{{k, title = {{T}}, date = {{{date}}}}}").issued == expected


@pytest.mark.parametrize("date", ["../2020", "2020/x", "2020-5", "99", "2020-05-01-02"])
def test_what_is_not_a_biblatex_date_gives_way_to_the_year(date: str) -> None:
    result = bibtex.read(f"@book{{k, title = {{T}}, year = 1975, date = {{{date}}}}}", "d.bib")
    assert result.records[0].issued == Date(1975)
    [problem] = result.problems
    assert (problem.source, problem.line, problem.severity) == ("d.bib", 1, "warning")
    assert problem.message == (f"entry 'k': date '{date}' is not a biblatex date (YYYY-MM-DD, ranges with '/'); "
                               "year used")


@pytest.mark.parametrize(
    ("date", "raw"),
    [
        pytest.param("1999?", "1999?", id="uncertain"),
        pytest.param("1999%", "1999%", id="both"),
        pytest.param("1999~", "", id="approximate"),
    ],
)
def test_uncertain_and_approximate_dates(date: str, raw: str) -> None:
    # CSL has one flag, circa; "?" and "%" keep their text as raw (the module's docstring).
    issued = _one(f"@book{{k, title = {{T}}, date = {{{date}}}}}").issued
    assert issued is not None and (issued.year, issued.circa, issued.raw) == (1999, True, raw)


def test_biblatex_role_and_date_fields() -> None:
    record = _one("@book{k, title = {T}, translator = {Doe, Jane}, urldate = {2021-03-04}, origdate = {1850},\n"
                  "  editora = {Roe, Rick}, editoratype = {compiler}, editorb = {Poe, Pat}, editorbtype = {unknown}}")
    assert record.date("accessed") == Date(2021, 3, 4) and record.date("original-date") == Date(1850)
    assert dict(record.names)["translator"] == (Person("Doe", "Jane"),)
    assert dict(record.names)["compiler"] == (Person("Roe", "Rick"),)
    assert record.get_extra("bibtex.editoratype") == "" and record.get_extra("bibtex.editora") == ""
    # an editor type CSL has no role for stays a field, with its type
    assert record.get_extra("bibtex.editorb") == "Poe, Pat" and record.get_extra("bibtex.editorbtype") == "unknown"


def test_a_blank_role_field_is_no_role() -> None:
    record = _one("@book{k, title = {T}, translator = { }}")
    assert "translator" not in dict(record.names)


# Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "person"),
    [
        # btxdoc, "Names": First von Last, von Last, First, von Last, Jr, First
        pytest.param("Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin",
                     Person("Vallée Poussin", "Charles Louis Xavier Joseph", "de la"), id="btxdoc-poussin"),
        pytest.param("jean de la fontaine", Person("fontaine", "", "jean de la"), id="all-lowercase"),
        pytest.param("Ludwig van Beethoven", Person("Beethoven", "Ludwig", "van"), id="first-von-last"),
        pytest.param("van der Berg, Anna", Person("Berg", "Anna", "van der"), id="von-last-first"),
        pytest.param("Doe, Jr., John", Person("Doe", "John", suffix="Jr."), id="last-jr-first"),
        pytest.param("Doe, Jr, John Q.", Person("Doe", "John Q.", suffix="Jr"), id="jr-without-period"),
        pytest.param("de la Cruz, Juan", Person("Cruz", "Juan", "de la"), id="two-word-von"),
        pytest.param("Doe, Jane", Person("Doe", "Jane"), id="plain-inverted"),
        pytest.param("Jane Q. Doe", Person("Doe", "Jane Q."), id="plain-direct"),
        pytest.param("Brinch Hansen, Per", Person("Brinch Hansen", "Per"), id="two-word-last"),
        pytest.param("{\\'E}douard Lucas", Person("Lucas", "Édouard"), id="special-first"),
        pytest.param("Jean {\\'e}douard Lucas", Person("Lucas", "Jean", "édouard"), id="special-lowercase-is-von"),
        pytest.param("{van Gogh}, Vincent", Person("van Gogh", "Vincent"), id="braced-last"),
        pytest.param("Vincent {van Gogh}", Person("van Gogh", "Vincent"), id="braced-last-direct"),
        pytest.param("Martin Luther King, Jr.", Person("King", "Martin Luther", suffix="Jr."), id="suffix-after-comma"),
        pytest.param("Daum{\\'e} III, Hal", Person("Daumé", "Hal", suffix="III"), id="suffix-in-last"),
        pytest.param("King, Jr.", Person("King", "Jr."), id="von-last-first-is-first"),  # btxdoc: two parts
        pytest.param("Aristotle", Person("Aristotle"), id="one-word"),
    ],
)
def test_bibtex_name_parts(raw: str, person: Person) -> None:
    assert _one(f"@misc{{k, author = {{{raw}}}}}").author == (person,)


def test_and_splits_names_outside_braces_only() -> None:
    record = _one("@misc{k, author = {{Barnes and Noble} and Smith, John AND Jane Doe and {\\'A}lvarez, Luis}}")
    assert record.author == (Person(literal="Barnes and Noble"), Person("Smith", "John"), Person("Doe", "Jane"),
                             Person("Álvarez", "Luis"))


def test_and_splits_decoded_names_when_braces_only_spell_characters() -> None:
    record = _one("@misc{k, author = {M{\\\"u}ller, J{\\\"o}rg and G{\\'o}mez, Ana}}")
    assert record.author == (Person("Müller", "Jörg"), Person("Gómez", "Ana"))


@pytest.mark.parametrize("others", ["others", "Others", "OTHERS"])
def test_and_others_truncates_the_list(others: str) -> None:
    record = _one(f"@misc{{k, author = {{Doe, Jane and {others}}}}}")
    assert record.author == (Person("Doe", "Jane"),) and record.authors_truncated


def test_a_name_list_without_others_is_not_truncated_and_blank_names_are_dropped() -> None:
    record = _one("@misc{k, author = {Doe, Jane and Roe, Rick}, editor = { }}")
    assert not record.authors_truncated and record.editor == ()


def test_extended_name_format_with_braced_parts_and_suffix() -> None:
    # biblatex manual 3.4: "family=..., given=..., prefix=..., suffix=..., useprefix=..."
    record = _one("@misc{k, author = {family={M{\\\"u}ller}, given=Hans, prefix=von, suffix={Jr.}, useprefix=false}}")
    assert record.author == (Person("Müller", "Hans", dropping_particle="von", suffix="Jr."),)
    record = _one("@misc{k, author = {given=Ludwig, family=Beethoven, prefix=van, useprefix=TRUE}}")
    assert record.author == (Person("Beethoven", "Ludwig", particle="van"),)


# Fields and values ---------------------------------------------------------------------------


def test_a_field_given_twice_keeps_the_first_as_bibtex_does() -> None:
    # bibtex 0.99d keeps the first and warns; this reader says so at the second one's line.
    text = "@misc{k,\n  title = {First},\n  Title = {Second}}\n"
    assert _one(text).title == "First"
    assert _problems(text) == [(3, "warning", "field 'Title' given twice in 'k'; the first value is used")]


def test_strings_are_case_insensitive_and_concatenate() -> None:
    # btxdoc: @string abbreviations; case does not matter; "#" concatenates.
    text = '@STRING{JML = "J. Mach."}\n@string(Learn = { Learn.})\n@article{k, journal = jml # learn # " Res.", volume = 12}\n'
    record = _one(text)
    assert record.get("container-title") == "J. Mach. Learn. Res." and record.get("volume") == "12"


def test_braced_and_quoted_pieces_concatenate() -> None:
    record = _one('@misc{k, note = {a} # {b}, title = "c" # "d", howpublished = {e}#"f"}')
    assert (record.get("note"), record.title, record.get("medium")) == ("ab", "cd", "ef")


def test_a_string_may_use_earlier_strings_and_numbers() -> None:
    text = '@string{a = "Vol"}\n@string{b = a # " " # 3}\n@misc{k, note = b}\n'
    assert _one(text).get("note") == "Vol 3"


def test_an_undefined_string_is_kept_as_text_with_a_warning() -> None:
    text = "@misc{k,\n  note = nosuchmacro # { x}}\n"
    assert _one(text).get("note") == "nosuchmacro x"
    assert _problems(text) == [
        (2, "warning", "undefined @string macro 'nosuchmacro'; kept as text (define it or brace the value)")]


def test_month_macros_may_be_redefined_without_a_warning() -> None:
    text = '@string{jan = "Janvier"}\n@misc{k, note = jan}\n'
    assert _one(text).get("note") == "Janvier" and _problems(text) == []


def test_a_preamble_with_strings_and_comments_go_on_the_first_record() -> None:
    text = ('@string{p = "\\newcommand{\\x}{y}"}\n@comment{first}\n@misc{a}\n@preamble{p # " %"}\n'
            "@comment{ second }\n@misc{b}\n")
    first, second = bibtex.read(text, "p.bib").records
    assert [(k, v) for k, v in first.extra if k.startswith("bibtex.@")] == [
        ("bibtex.@comment", "first"), ("bibtex.@preamble", "\\newcommand{\\x}{y} %"), ("bibtex.@comment", "second")]
    assert not any(k.startswith("bibtex.@") for k, _ in second.extra)


def test_no_record_no_file_extra() -> None:
    assert bibtex.read('@preamble{"x"}\n@comment{y}\n', "p.bib").records == ()


# Crossref and xdata --------------------------------------------------------------------------


def test_crossref_inherits_as_btxdoc_and_biber_say() -> None:
    # btxdoc: fields missing in the child come from the parent; the parent's title is the
    # child's booktitle.  biber does not inherit ids, crossref or keywords-like set fields.
    text = ("@inproceedings{child, crossref = {Parent}, title = {Child}, author = {Doe, J.}}\n"
            "@proceedings{parent, title = {The Proceedings}, year = 1999, publisher = {ACM}, keywords = {a, b},\n"
            "  abstract = {About}, ids = {p2}, editor = {Roe, R.}}\n")
    child, _ = bibtex.read(text, "c.bib").records
    assert (child.title, child.get("container-title"), child.issued) == ("Child", "The Proceedings", Date(1999))
    assert child.get("publisher") == "ACM" and child.editor == (Person("Roe", "R."),)
    assert child.keywords == () and child.abstract == "" and child.get_extra("bibtex.ids") == ""
    assert child.get_extra("bibtex.crossref") == "Parent"


def test_crossref_keeps_the_child_booktitle() -> None:
    text = "@inproceedings{c, crossref = {p}, booktitle = {Own}}\n@proceedings{p, title = {Parent}}\n"
    assert bibtex.read(text, "c.bib").records[0].get("container-title") == "Own"


def test_crossref_problems() -> None:
    text = "@misc{a, crossref = {nowhere}}\n@misc{b, crossref = {B}}\n"
    assert _problems(text) == [(1, "warning", "crossref 'nowhere' not found in this file"),
                               (2, "warning", "crossref 'B' names the entry itself; ignored")]


def test_xdata_problems_and_several_keys() -> None:
    # biber: "Circular XDATA inheritance" is an error; the fields read before the cycle stay.
    text = ("@book{b, title = {T}, xdata = {x1, missing ,X3}}\n"
            "@xdata{x1, xdata = {x2}, note = {N}}\n@xdata{x2, xdata = {x1}, publisher = {P}}\n"
            "@xdata{x3, location = {L}}\n")
    result = bibtex.read(text, "x.bib")
    (record,) = result.records
    assert (record.get("note"), record.get("publisher"), record.get("publisher-place")) == ("N", "P", "L")
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "xdata 'x1' names itself through other @xdata entries; ignored"),
        (1, "xdata 'missing' is not an @xdata entry of this file; ignored"),
    ]


# Entry types and fields ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "csl", "kept"),
    [
        pytest.param("article", "article-journal", "", id="article"),
        pytest.param("inproceedings", "paper-conference", "", id="inproceedings"),
        pytest.param("conference", "paper-conference", "conference", id="conference"),
        pytest.param("inbook", "chapter", "inbook", id="inbook"),
        pytest.param("manual", "report", "manual", id="manual"),
        pytest.param("booklet", "pamphlet", "booklet", id="booklet"),
        pytest.param("unpublished", "manuscript", "", id="unpublished"),
        pytest.param("Misc", "document", "", id="misc-any-case"),
        pytest.param("whatever", "document", "whatever", id="unknown"),
    ],
)
def test_entry_types(entry: str, csl: str, kept: str) -> None:
    record = _one(f"@{entry}{{k, title = {{T}}}}")
    assert (record.type, record.get_extra("bibtex.type")) == (csl, kept)


def test_institutions_are_the_publisher_unless_there_is_one() -> None:
    assert _one("@phdthesis{k, school = {MIT}}").get("publisher") == "MIT"
    assert _one("@techreport{k, institution = {{IBM} Research}}").get("publisher") == "IBM Research"
    record = _one("@inproceedings{k, publisher = {ACM}, organization = {SIGPLAN}, school = { }}")
    assert record.get("publisher") == "ACM" and record.get_extra("bibtex.organization") == "SIGPLAN"
    assert record.get_extra("bibtex.school") == ""


@pytest.mark.parametrize(
    ("entry", "fields", "issue", "number"),
    [
        pytest.param("article", "number = 4", "4", "", id="article-number-is-issue"),
        pytest.param("article", "number = 4, issue = {Spring}", "Spring", "4", id="article-with-issue"),
        pytest.param("techreport", "number = {TR-7}", "", "TR-7", id="report-number"),
        pytest.param("periodical", "number = 2", "2", "", id="periodical"),
    ],
)
def test_number_is_an_issue_only_for_periodicals(entry: str, fields: str, issue: str, number: str) -> None:
    record = _one(f"@{entry}{{k, {fields}}}")
    assert (record.get("issue"), record.get("number")) == (issue, number)


def test_thesis_and_report_genres() -> None:
    assert _one("@mastersthesis{k, school = {S}}").get("genre") == "Master's thesis"
    assert _one("@mastersthesis{k, type = {Diploma thesis}}").get("genre") == "Diploma thesis"
    assert _one("@phdthesis{k, school = {S}}").get("genre") == ""
    assert _one("@thesis{k, type = {mathesis}}").get("genre") == "Master's thesis"
    assert _one("@thesis{k, type = {PhDThesis}}").get("genre") == "PhD thesis"
    assert _one("@report{k, type = {techreport}}").get("genre") == ""  # biblatex's key for @techreport
    assert _one("@report{k, type = {Working Paper}}").get("genre") == "Working Paper"
    assert _one("@techreport{k, type = {techreport}}").get("genre") == "techreport"


def test_field_mapping_first_field_wins_and_the_rest_is_kept() -> None:
    record = _one("@article{k, journaltitle = {JT}, journal = {J}, address = {A}, location = {L},\n"
                  "  langid = {german}, edition = {2}, series = {S}, pages = {1 -- 5}, howpublished = {Print},\n"
                  "  chapter = {3}, owner = {me}, timestamp = {2020}}")
    assert record.get("container-title") == "JT" and record.get_extra("bibtex.journal") == "J"
    assert record.get("publisher-place") == "A" and record.get_extra("bibtex.location") == "L"
    assert (record.get("language"), record.get("edition"), record.get("collection-title")) == ("german", "2", "S")
    assert (record.get("page"), record.get("medium"), record.get("chapter-number")) == ("1-5", "Print", "3")
    assert (record.get_extra("bibtex.owner"), record.get_extra("bibtex.timestamp")) == ("me", "2020")


@pytest.mark.parametrize(
    ("pages", "page"),
    [("12--15", "12-15"), ("12 - 15", "12-15"), ("12\u201315", "12-15"), ("12---15", "12-15"), ("e1234", "e1234"),
     ("A1--A5", "A1-A5"), ("12, 14--16", "12, 14-16")],
)
def test_page_ranges_use_a_hyphen(pages: str, page: str) -> None:
    assert _one(f"@article{{k, pages = {{{pages}}}}}").get("page") == page


def test_url_doi_and_eprint_are_verbatim() -> None:
    record = _one("@misc{k, url = {https://x.org/a\\_b\\%20c~d}, doi = {{10.1000/a_b}}, eprint = {\\#1}}")
    assert record.get("URL") == "https://x.org/a_b%20c~d" and record.get("DOI") == "10.1000/a_b"
    assert record.get_extra("bibtex.eprint") == "#1"


def test_the_sort_key_the_writer_adds_is_dropped_and_others_kept() -> None:
    assert _one("@misc{k, title = {T}, key = {T}}").get_extra("bibtex.key") == ""
    assert _one("@misc{k, title = {T}, key = {k}}").get_extra("bibtex.key") == ""
    assert _one("@misc{k, title = {T}, key = {Other}}").get_extra("bibtex.key") == "Other"


def test_keywords_split_at_commas_and_semicolons() -> None:
    assert _one("@misc{k, keywords = {a, b;c ; ,d}}").keywords == ("a", "b", "c", "d")


def test_container_title_parts_only_for_the_field_that_gave_it() -> None:
    record = _one("@article{k, journaltitle = {Journal}, journalsubtitle = {Sub}, booksubtitle = {Other}}")
    assert record.get("container-title") == "Journal. Sub"
    assert record.get_extra("bibtex.booksubtitle") == "Other" and record.get_extra("bibtex.journalsubtitle") == ""
    record = _one("@article{k, journalsubtitle = {Sub}}")  # no container: the part stays a field
    assert record.get("container-title") == "" and record.get_extra("bibtex.journalsubtitle") == "Sub"


def test_title_joins_end_punctuation() -> None:
    assert _one("@book{k, title = {Done.}, subtitle = {More}}").title == "Done. More"
    assert _one("@book{k, title = {Wow!}, titleaddon = {Notes}}").title == "Wow! Notes"
    assert _one("@book{k, subtitle = {Only}}").title == "Only"


# arXiv and other eprints ---------------------------------------------------------------------


def test_new_style_arxiv_id_without_archive_is_a_preprint() -> None:
    record = _one("@misc{k, title = {T}, eprint = {2101.00001v2}}")
    assert record.type == "article" and record.get("number") == "arXiv:2101.00001v2"
    assert record.get("URL") == "https://arxiv.org/abs/2101.00001v2" and record.get("publisher") == "arXiv"
    assert record.get("genre") == "Preprint" and record.get_extra("bibtex.type") == ""


def test_old_style_arxiv_id_needs_the_archive() -> None:
    record = _one("@unpublished{k, eprint = {hep-th/9901001}, archivePrefix = { arXiv }, primaryClass = {hep-th}}")
    assert record.type == "article" and record.categories == ("hep-th",)
    assert record.get("number") == "arXiv:hep-th/9901001" and record.get_extra("bibtex.type") == "unpublished"
    record = _one("@misc{k, eprint = {hep-th/9901001}}")  # no archive: not known to be arXiv
    assert record.type == "document" and record.get_extra("bibtex.eprint") == "hep-th/9901001"


def test_a_published_article_with_an_arxiv_eprint_stays_an_article() -> None:
    record = _one("@article{k, journal = {Nature}, eprint = {2101.00001}, eprinttype = {arxiv}, eprintclass = {cs.LG}}")
    assert record.type == "article-journal" and record.categories == ()
    assert (record.get_extra("bibtex.eprint"), record.get_extra("bibtex.eprinttype"),
            record.get_extra("bibtex.eprintclass")) == ("2101.00001", "arxiv", "cs.LG")


def test_other_archives_are_kept_as_biblatex_fields() -> None:
    record = _one("@misc{k, eprint = {12345}, eprinttype = {pubmed}}")
    assert record.type == "document" and record.get("number") == ""
    assert (record.get_extra("bibtex.eprint"), record.get_extra("bibtex.eprinttype")) == ("12345", "pubmed")


def test_natbib_preprint_howpublished_is_dropped() -> None:
    record = _one("@misc{k, eprint = {2101.00001}, howpublished = {arXiv preprint arXiv:2101.00001}}")
    assert record.get("medium") == ""
    record = _one("@misc{k, eprint = {2101.00001}, howpublished = {In print}}")
    assert record.get("medium") == "In print"


def test_zotero_preprint_doi() -> None:
    record = _one("@misc{k, doi = {10.48550/arXiv.2211.15661}, publisher = {arXiv}}")
    assert record.type == "article" and record.get("number") == "arXiv:2211.15661"
    record = _one("@book{k, doi = {10.48550/arXiv.2211.15661}}")  # only @misc and @online
    assert record.type == "book" and record.get("number") == ""


# Problems -----------------------------------------------------------------------------------


def test_broken_entries_and_blocks_are_reported_whole() -> None:
    text = '@misc{a,\n  year = 2000,\n  title = "x} }\n@string{ = "v"}\n@misc{b}\n'
    assert _problems(text) == [
        (1, "error", "entry 'a': cannot parse past line 3 (a '}' with no '{' inside a quoted value; unbalanced "
                     "braces or quotes, or a missing comma?); read with the fields before that (year), as BibTeX reads it"),
        (4, "error", "cannot parse '@string{ = \"v\"}' (unbalanced braces or quotes, or a missing comma?); skipped"),
    ]
    assert _problems('@misc{a,\n  title = "x}"}\n') == [
        (1, "error", "entry 'a': cannot parse past line 2 (a '}' with no '{' inside a quoted value; unbalanced "
                     "braces or quotes, or a missing comma?); read with the fields before that (no field), as BibTeX reads it")]


def test_duplicate_keys_are_case_insensitive_warnings() -> None:
    assert _problems("@misc{Key}\n@misc{key}\n") == [
        (2, "warning", "duplicate citation key 'key' (first at line 1); both kept")]


def test_unknown_commands_are_counted_per_file_at_the_field_of_the_first_use() -> None:
    text = "@misc{a,\n  title = {T},\n  note = {\\foo \\foo},\n  note = {\\bar}}\n@misc{b, note = {\\foo}, file = {\\baz}}\n"
    assert _problems(text) == [
        (3, "warning", "unknown LaTeX command \\foo (3 use(s), first here): kept as written, or only its argument's "
                       "text; write what it prints instead"),
        (4, "warning", "field 'note' given twice in 'a'; the first value is used"),
    ]


# Detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("% comment\n\n  @Book{k,", True, id="comment-then-entry"),
        pytest.param("Some notes\nmore\n@book{k, title={x}}", True, id="entry-at-line-start-later"),
        pytest.param("Some notes mentioning @book{k, inline}", False, id="at-inside-text"),
        pytest.param("{\"a\": 1}", False, id="json-object"),
        pytest.param("TY  - JOUR\n@book{k,", False, id="ris-first"),
        pytest.param("\ufeff% x\n", False, id="only-comments"),
        pytest.param("x\n" * 2100 + "@book{k, title={x}}", False, id="entry-past-4kb"),
    ],
)
def test_looks_like_spec(text: str, expected: bool) -> None:
    assert bibtex.looks_like(text) is expected


# Reading a large file in pieces --------------------------------------------------------------


def test_a_file_is_cut_only_where_it_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "@misc{a}\n@misc{b}\n@misc{c}\n@misc{d}\n"  # 36 characters, entries every 9
    assert bibtex._chunks(text, 2) == [(text, 0)]  # smaller than _PARALLEL_MIN
    monkeypatch.setattr(bibtex, "_PARALLEL_MIN", 0)
    assert bibtex._chunks(text, 2) == [(text[:27], 0), (text[27:], 3)]  # at the first "\n@" past the middle
    assert bibtex._chunks(text, 1) == [(text, 0)]
    for needs_whole in ("@String{s = {x}}\n", "@misc{e, crossref = {a}}\n", "@misc{e, xdata = {a}}\n"):
        assert bibtex._chunks(text + needs_whole, 2) == [(text + needs_whole, 0)]
    monkeypatch.setattr(bibtex, "can_fork", lambda: False)
    assert bibtex._chunks(text, 2) == [(text, 0)]


def test_a_file_with_no_entry_start_past_the_middle_is_one_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bibtex, "_PARALLEL_MIN", 0)
    text = "@misc{a, abstract = {" + "x " * 50 + "}}\n"
    assert bibtex._chunks(text, 3) == [(text, 0)]


def test_pieces_read_as_the_whole_file(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("@misc{A,\n  note = {\\foo}}\n@misc{b}\n@preamble{\"p\"}\n@misc{c,\n  note = {\\foo \\foo \\qux}}\n"
            "@misc{a,\n  title = {T}}\n")
    whole = bibtex.read(text, "w.bib", jobs=1)
    monkeypatch.setattr(bibtex, "_PARALLEL_MIN", 0)
    for jobs in (2, 3):
        pieces = bibtex.read(text, "w.bib", jobs=jobs)
        assert pieces.records == whole.records and pieces.problems == whole.problems
    assert {p.source for p in whole.problems} == {"w.bib"}
    assert whole.records[0].get_extra("bibtex.@preamble") == "p"
    assert [(p.line, p.message.split(":")[0]) for p in whole.problems] == [
        (2, "unknown LaTeX command \\foo (3 use(s), first here)"),
        (6, "unknown LaTeX command \\qux (1 use(s), first here)"),
        (7, "duplicate citation key 'a' (first at line 1); both kept"),
    ]


# annote ---------------------------------------------------------------------------------------


def test_annote_lines_are_decoded_line_by_line() -> None:
    assert bibtex.to_unicode_lines("Caf{\\'e}\n\n  \nna{\\\"i}ve") == "Café\nnaïve"
    record = _one("@misc{k, annote = {First {\\'e}t{\\'e}\n\nSecond line}}")
    assert record.get_extra("bibtex.annote") == "First été\nSecond line"
