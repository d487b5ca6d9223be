"""The listing reader against its documented behaviour (tests/MUTATION.md, readers/listing).

What is specified here, from the module's and functions' docstrings and the README: every
problem names the file it was read from and its line; stray lines are one problem per run of
non-blank lines; the note about a year taken from ``--as-of`` is said once; duplicates are kept
once with a warning naming the first line; line breaks are ``\\n``, ``\\r\\n`` or ``\\r`` (as in a
text editor); :func:`stream` gives what :func:`read` gives, and with ``only`` just those records.
No test reads /work/shared: every listing is written here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bibexport.readers import listing

AS_OF = dt.date(2026, 11, 25)
TWO = (
    "LGNov 28, 2022Code\n"
    "Learning with linear modelsEkin Akyürek, Dale Schuurmans\n"
    "First abstract.\n"
    "AIJan 31, 2023\n"
    "Universal PoliciesYilun Du, Bo Dai\n"
    "Second abstract.\n"
)


def _read(text: str, source: str = "list.txt"):
    return listing.read(text, source, as_of=AS_OF)


# --- line breaks -------------------------------------------------------------------------------

@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_every_text_editor_line_break_gives_the_same_records(newline):
    result = _read(TWO.replace("\n", newline))
    assert [r.title for r in result.records] == ["Learning with linear models", "Universal Policies"]
    assert [r.abstract for r in result.records] == ["First abstract.", "Second abstract."]
    assert [r.source for r in result.records] == ["list.txt:1", "list.txt:4"]
    assert result.problems == ()


# --- problems: source, line, message -------------------------------------------------------------

def test_the_default_source_is_input():
    (problem,) = listing.read("stray\n" + TWO, as_of=AS_OF).problems
    assert problem.source == "<input>"
    assert listing.read(TWO, as_of=AS_OF).records[0].source == "<input>:1"


def test_stray_lines_are_one_problem_per_run_with_the_file_and_line():
    text = "first stray\nsecond stray\n\nthird stray " + "x" * 60 + "\n\n" + TWO
    problems = _read(text).problems
    assert [(p.source, p.line, p.severity) for p in problems] == [("list.txt", 1, "warning"), ("list.txt", 4, "warning")]
    assert problems[0].message == (
        "unrecognized line 'first stray'; expected a header like 'LGNov 28, 2022' (category badge, date, optional 'Code')")
    assert problems[1].message.startswith(f"unrecognized line {('third stray ' + 'x' * 60)[:50]!r};")


def test_a_header_without_a_title_line_is_a_problem_at_the_header():
    (problem,) = _read("CVMar 3, 2021\n\n" + TWO).problems
    assert (problem.source, problem.line, problem.message) == (
        "list.txt", 1, "record has a header but no title/author line; skipped")


def test_an_unsplittable_title_line_is_a_problem_at_that_line():
    line = "all lower case words and nothing that could be a name at all, not one, anywhere here"
    (problem,) = _read("CVMar 3, 2021\n\n" + line + "\n" + TWO).problems
    assert (problem.source, problem.line) == ("list.txt", 3)
    assert problem.message == (f"cannot find where the title ends and the author list begins in {line[:70]!r}; "
                               "expected 'TitleFirst Author, Second Author'")


def test_an_unknown_badge_is_a_problem_at_its_header():
    result = _read(TWO + "ZZJan 3, 2023\nA TitleJane Doe\n")
    (problem,) = result.problems
    assert (problem.source, problem.line, problem.message) == ("list.txt", 7, "unknown category badge 'ZZ'; kept as given")
    assert result.records[-1].categories == ("ZZ",)


def test_a_duplicate_is_kept_once_naming_the_first_line():
    title = "A very long title that goes on and on past sixty characters for sure"
    record = f"LGNov 28, 2022\n{title}Jane Doe\n"
    result = _read(record + "\n" + record)
    assert len(result.records) == 1
    (problem,) = result.problems
    assert (problem.source, problem.line, problem.severity) == ("list.txt", 4, "warning")
    assert problem.message == f"duplicate of the paper at line 1 ({title[:60]!r}); kept once"


def test_the_year_taken_from_as_of_is_said_once_with_the_date_as_written():
    text = "LGJan 28Code\nA TitleJane Doe\nAIDec 3\nB TitleJane Doe\n"
    (note,) = _read(text).problems
    assert (note.source, note.line, note.severity) == ("list.txt", 1, "note")
    assert note.message == (
        "'Jan 28' has no year: read as 2026-01-28, the latest such date not after 2026-11-25 (--as-of, default "
        "today); so is every date without a year in this file, and the keys hold that year")


# --- looks_like ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, looks", [
    ("", False), ("\n\n  \n", False), ("\n\nLGNov 28, 2022\n", True), ("Title\nLGNov 28, 2022\n", False),
])
def test_looks_like(text, looks):
    assert listing.looks_like(text) is looks


# --- stream: what read gives, one record at a time -------------------------------------------------

MESSY = (
    "stray line\n\n" + TWO + "LGNov 28, 2022Code\nLearning with linear modelsEkin Akyürek, Dale Schuurmans\n"
    "ZZFeb 2\nC TitleKwangHwan Cho, Amil Merchant\nCVMar 3, 2021\n"
    "LGMar 4, 2021\nOther TitleAnn Lee, KwangHwan Cho\n"
)


def test_stream_gives_the_records_and_problems_read_gives():
    lines = MESSY.split("\n")
    problems: list = []
    records = list(listing.stream(lambda: iter(lines), "list.txt", problems, as_of=AS_OF))
    expected = _read(MESSY)
    assert records == list(expected.records)
    assert [r.source for r in records] == [r.source for r in expected.records]
    assert problems == list(expected.problems)
    assert records[2].title == "C Title"  # KwangHwan Cho is known from the last line
    assert records[2].author[0].given == "KwangHwan"


def test_stream_with_known_names_reads_the_lines_once():
    lines = MESSY.split("\n")
    calls = []

    def again():
        calls.append(1)
        return iter(lines)

    known = listing.known_names(lines, "list.txt")
    assert "KwangHwan Cho" in known and "Dale Schuurmans" in known
    problems: list = []
    records = list(listing.stream(again, "list.txt", problems, as_of=AS_OF, known=known))
    assert len(calls) == 1 and records == list(_read(MESSY).records)


def test_stream_with_only_gives_just_those_records_duplicates_and_all():
    lines = MESSY.split("\n")
    problems: list = []
    records = list(listing.stream(lambda: iter(lines), "list.txt", problems, as_of=AS_OF, only={3, 9}))
    assert [r.source for r in records] == ["list.txt:3", "list.txt:9"]
    assert not any("duplicate" in p.message for p in problems)


def test_stream_without_as_of_takes_today():
    lines = ["LGJan 1", "A TitleJane Doe"]
    (record,) = listing.stream(lambda: iter(lines), "x", [])
    today = dt.date.today()
    assert record.issued.year in (today.year, today.year - 1) and (record.issued.month, record.issued.day) == (1, 1)


def test_known_names_are_the_names_after_the_first_author():
    lines = ["LGNov 28, 2022", "TitleAnn Lee, Bo Dai, Cy Wu et al. · mit, cmu", "AIJan 3, 2023", "OtherSolo", "x"]
    assert listing.known_names(lines, "x") == frozenset({"Bo Dai", "Cy Wu"})


# --- dates without a year, and impossible ones ------------------------------------------------------

@pytest.mark.parametrize("header, as_of, parts, warned", [
    ("LGMar 1", dt.date(2026, 11, 25), (2026, 3, 1), False),  # the first of a month is a day
    ("LGNov 1", dt.date(2026, 11, 1), (2026, 11, 1), False),
    # no year has the day: kept to the month, the latest such month not after --as-of
    ("LGApr 31", dt.date(2026, 3, 1), (2025, 4), True),
    ("LGApr 31", dt.date(2026, 4, 10), (2026, 4), True),
    ("LGJun 31", dt.date(2026, 12, 31), (2026, 6), True),
    ("LGFeb 30", dt.date(2026, 1, 31), (2025, 2), True),
])
def test_a_yearless_date(header, as_of, parts, warned):
    result = listing.read(f"{header}\nA TitleJane Doe\n", "x", as_of=as_of)
    assert result.records[0].issued.parts() == parts
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert bool(warnings) is warned
    if warned:
        assert warnings[0].message.endswith(f"read as {parts[0]}-{parts[1]:02}")


def test_feb_29_without_a_year_is_the_last_leap_day_before_as_of():
    record = listing.read("LGFeb 29\nA TitleJane Doe\n", "x", as_of=dt.date(2027, 11, 25)).records[0]
    assert record.issued.parts() == (2024, 2, 29)
    record = listing.read("LGFeb 29\nA TitleJane Doe\n", "x", as_of=dt.date(2024, 2, 28)).records[0]
    assert record.issued.parts() == (2020, 2, 29)


# --- the split rule: the text from the split point on is a valid author list --------------------------

@pytest.mark.parametrize("line, expected", [
    # every comma-separated piece after the split is a name: not "Torch Models", "lower thingsJane Doe"
    ("Deep PyTorch Models, lower thingsJane Doe", ("Deep PyTorch Models, lower things", ("Jane Doe",), False, ())),
    # a later author of one word is a name (only the first must start with a given name)
    ("A StudyJane Doe, Plato", ("A Study", ("Jane Doe", "Plato"), False, ())),
    # a suffix belongs to the name before it, wherever that name is
    ("A StudyAnn Lee, Martin Luther King, Jr.", ("A Study", ("Ann Lee", "Martin Luther King, Jr."), False, ())),
    ("A StudyMartin Luther King, Jr.", ("A Study", ("Martin Luther King, Jr.",), False, ())),
    ("A StudyMartin Luther King, Jr., Ann Lee, Bo Dai, III", (
        "A Study", ("Martin Luther King, Jr.", "Ann Lee", "Bo Dai, III"), False, ())),
    # the affiliations are after the last " · "; a title may hold one
    ("Cats · Dogs: A StudyJane Doe · mit, cmu", ("Cats · Dogs: A Study", ("Jane Doe",), False, ("mit", "cmu"))),
    # trailing spaces do not hide "et al."
    ("A TitleJane Doe, Bo Dai et al.   ", ("A Title", ("Jane Doe", "Bo Dai"), True, ())),
    # a long author list: the split is in the first piece, however many names and spaces follow
    ("Materials GenerationJane Doe, Ann Lee, Bo Dai, Cy Wu, Di Xu, Ed Yu, Fa Zo, Gu Li", (
        "Materials Generation", ("Jane Doe", "Ann Lee", "Bo Dai", "Cy Wu", "Di Xu", "Ed Yu", "Fa Zo", "Gu Li"),
        False, ())),
])
def test_the_split_leaves_a_valid_author_list(line, expected):
    assert listing.split_title_line(line) == expected


@pytest.mark.parametrize("line", [
    "Deep PyTorch Models, Jane Doe, lower things",  # the last piece is no name: no author list ends the line
    "Deep PyTorch Models, Jane Doe, lower things · mit",
])
def test_no_split_when_the_line_does_not_end_in_names(line):
    assert listing.split_title_line(line) is None


@pytest.mark.parametrize("line", ["Jane Doe", "  Jane Doe", "Jane Doe, Bo Dai"])
def test_no_split_leaves_an_empty_title(line):
    """A split point has a title before it: a line of names only is not a record's title line."""
    assert listing.split_title_line(line) is None


@pytest.mark.parametrize("line, expected", [
    # ", et al." and " et al." both end the list; the comma is not part of the last name
    ("A TitleJane Doe, Bo Dai, et al.", ("A Title", ("Jane Doe", "Bo Dai"), True, ())),
    ("A TitleJane Doe, Bo Dai et al", ("A Title", ("Jane Doe", "Bo Dai"), True, ())),
    # glue after a one-letter title word, a capital that is no name's start, a script change
    ("Part AJane Doe", ("Part A", ("Jane Doe",), False, ())),
    ("Rockets by SpaceXJane Doe", ("Rockets by SpaceX", ("Jane Doe",), False, ())),
    ("Learning Models李 明", ("Learning Models", ("李 明",), False, ())),
    # a capital after a hyphen starts no name: "Kuang-Huei" is one given name
    ("Better LLMKuang-Huei Lee", ("Better LLM", ("Kuang-Huei Lee",), False, ())),
])
def test_more_splits(line, expected):
    assert listing.split_title_line(line) == expected


@pytest.mark.parametrize("text", ["Jane Doe xy al", "Jane Doe Betal", "Jane Doe, al.", "Jane Doe etal"])
def test_only_et_al_ends_a_list(text):
    assert listing._et_al_start(text) is None


def test_an_impossible_date_warning_names_the_file():
    result = listing.read("LGFeb 30, 2023\nA TitleJane Doe\n", "list.txt", as_of=AS_OF)
    assert [(p.source, p.line, p.severity) for p in result.problems] == [("list.txt", 1, "warning")]


def test_a_glued_character_that_is_no_letter_is_passed_over():
    """``Ⅷ`` is alphanumeric (a number) but no letter: not a split point, and the next one is still tried."""
    assert listing.split_title_line("Playing FFⅧJane Doe") == ("Playing FFⅧ", ("Jane Doe",), False, ())


# --- name words (the docstrings' examples) ------------------------------------------------------------

@pytest.mark.parametrize("word, is_name", [
    ("Parker", True), ("McDonald", True), ("KwangHwan", True), ("O", True), ("J.", True), ("DU", True),
    ("Jr.", True), ("O'Neil", True), ("Parker-Holder", True), ("Иван", True), ("李", True),
    ("TEMPERAJ.", False), ("DU.", False),  # an initial is one capital and a period
    ("TEMPERAEkin", False), ("PyTorchEkin", False),  # a mix, or three humps: a title word glued to a name
    ("Jean-luc", False), ("J3", False), ("parker", False), ("МоделиEkin", False),
])
def test_name_words(word, is_name):
    assert listing._is_name_word(word) is is_name


@pytest.mark.parametrize("word, given", [
    ("Ekin", True), ("Kuang-Huei", True), ("KwangHwan", True), ("J.", True), ("J.-P.", True), ("李", True),
    ("DU", False), ("Du", True), ("d", False), ("Ps", True), ("A", False),
])
def test_given_name_words(word, given):
    assert listing._is_given_word(word) is given


@pytest.mark.parametrize("word, uncased", [("李明", True), ("김", True), ("Émile", False), ("ÉMILE", False), ("émile", False),
                                          ("Ab", False)])
def test_uncased_words(word, uncased):
    assert listing._is_uncased(word) is uncased


def test_known_names_stop_at_the_last_affiliation_separator():
    lines = ["LGNov 28, 2022", "Cats · DogsJane Doe, Bo Dai · mit"]
    assert listing.known_names(lines, "x") == frozenset({"Bo Dai"})


def test_a_name_in_a_script_whose_letters_have_no_unicode_name_here():
    """Tangut ideographs (U+17000...) are letters of an uncased script, taken as they come, though
    Python's unicodedata gives them no name."""
    assert listing._is_name_word("\U00017000\U00017001") is True
    assert listing.split_title_line("Tangut Studies\U00017000 \U00017001") == (
        "Tangut Studies", ("\U00017000 \U00017001",), False, ())
