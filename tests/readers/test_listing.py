"""The listing reader: the 50 seed papers exactly, messy pastes, broken records, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from bibexport.readers import listing
from bibexport.readers.listing import split_title_line

from ..conftest import SEED_AS_OF


def _read(text: str, as_of: dt.date = SEED_AS_OF):
    return listing.read(text, "listing.txt", as_of=as_of)


def _summary(record):
    return (
        record.title,
        [(p.given, p.family) for p in record.author],
        record.authors_truncated,
        record.affiliations,
        record.has_code,
        record.categories,
        record.issued.parts(),
    )


# --- the seed ---------------------------------------------------------------------------------


def test_seed_parses_all_fifty_without_problems(seed_text):
    result = _read(seed_text)
    assert len(result.records) == 50
    # Only the note that its dates without a year ('LGJan 28', line 91; 'CLJan 12') got one from --as-of.
    assert [(p.severity, p.line) for p in result.problems] == [("note", 91)]


def test_seed_records_match_hand_written_expectations(seed_text, seed_expected):
    records = _read(seed_text).records
    for record, want in zip(records, seed_expected, strict=True):
        year = want["date"][0] or 2026  # yearless dates resolve against SEED_AS_OF (2026-11-25)
        assert _summary(record) == (
            want["title"],
            [(a["given"], a["family"]) for a in want["authors"]],
            want["et_al"],
            tuple(want["affiliations"]),
            want["has_code"],
            (want["category"],),
            (year, want["date"][1], want["date"][2]),
        ), f"record at line {want['line']}"
        assert record.abstract.startswith(want["abstract_start"])
        assert record.abstract.endswith(want["abstract_end"])
        assert record.source == f"listing.txt:{want['line']}"


def test_seed_records_are_arxiv_preprints(seed_text):
    record = _read(seed_text).records[0]
    assert record.type == "article"
    assert record.get("publisher") == "arXiv"
    assert record.get("genre") == "Preprint"


# --- messy pastes -----------------------------------------------------------------------------

CLEAN = (
    "LGNov 28, 2022Code\n"
    "Learning with linear modelsEkin Akyürek, Dale Schuurmans et al. · mit\n"
    "An abstract with $O(1/t)$ and \\emph{emphasis}.\n"
    "AIJan 31, 2023\n"
    "Universal PoliciesYilun Du, Bo Dai\n"
    "Second abstract.\n"
)


def _messy(text: str) -> str:
    lines = text.splitlines()
    lines[1] = lines[1].replace(" ", "\u00a0", 1) + "   "  # non-breaking space, trailing spaces
    lines[2] = lines[2].replace(" and ", "\n  and ")  # abstract wrapped over two lines
    return "\r\n\r\n".join(lines) + "\r\n\r\n\r\n"  # Windows line endings, blank lines


def test_messy_paste_gives_same_records_as_clean():
    clean, messy = _read(CLEAN), _read(_messy(CLEAN))
    assert messy.problems == ()
    assert messy.records == clean.records
    assert clean.records[0].abstract == "An abstract with $O(1/t)$ and \\emph{emphasis}."


def test_messy_seed_gives_same_records_as_clean_seed(seed_text):
    messy = "\n\n".join(line.rstrip() + " \u00a0" for line in seed_text.splitlines()).replace("\n", "\r\n")
    assert _read(messy).records == _read(seed_text).records


def test_record_without_abstract_line():
    text = "AIJan 31, 2023\nUniversal PoliciesYilun Du, Bo Dai\nLGNov 28, 2022\nOther TitleEkin Akyürek\nAbs.\n"
    result = _read(text)
    assert [r.abstract for r in result.records] == ["", "Abs."]
    assert result.problems == ()


def test_duplicate_paper_is_kept_once_with_warning_naming_both_lines():
    result = _read(CLEAN + CLEAN)
    assert len(result.records) == 2
    lines = [p.line for p in result.problems]
    assert lines == [7, 10]
    assert "line 1" in result.problems[0].message and "line 4" in result.problems[1].message


def test_broken_record_is_reported_with_line_number_and_others_kept():
    text = CLEAN.replace("Universal PoliciesYilun Du, Bo Dai", "no authors here at all, just words")
    result = _read(text)
    assert [r.title for r in result.records] == ["Learning with linear models"]
    (problem,) = result.problems
    assert problem.line == 5
    assert "listing.txt:5" in str(problem)
    assert "title ends" in problem.message


def test_stray_line_is_reported_once_and_records_survive():
    text = "Some text pasted by accident\nmore of it\n" + CLEAN
    result = _read(text)
    assert len(result.records) == 2
    assert [p.line for p in result.problems] == [1]
    assert "expected a header" in result.problems[0].message


def test_header_without_title_line_is_reported():
    result = _read("LGNov 28, 2022\n\n" + CLEAN)
    assert len(result.records) == 2
    assert [p.line for p in result.problems] == [1]


def test_unknown_badge_is_kept_with_warning():
    result = _read("ZZ-TOPNov 28, 2022\nA TitleJane Doe\nAbs.\n")
    assert result.records[0].categories == ("ZZ-TOP",)
    assert "unknown category badge 'ZZ-TOP'" in result.problems[0].message


@pytest.mark.parametrize(
    ("badge", "category"),
    [
        pytest.param("LG", "cs.LG", id="cs"),
        pytest.param("RO", "cs.RO", id="cs-robotics"),
        pytest.param("ML", "stat.ML", id="stat"),
        pytest.param("OC", "math.OC", id="math"),
        pytest.param("QUANT-PH", "quant-ph", id="archive"),
        pytest.param("AS", "eess.AS", id="eess-audio"),
        pytest.param("SP", "eess.SP", id="eess-signal"),
        pytest.param("MTRL-SCI", "cond-mat.mtrl-sci", id="cond-mat"),
    ],
)
def test_badges_map_to_arxiv_categories(badge, category):
    result = _read(f"{badge}Nov 28, 2022\nA TitleJane Doe\n")
    assert result.records[0].categories == (category,)
    assert result.problems == ()


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "as_of", "expected"),
    [
        pytest.param("LGJan 28", dt.date(2026, 11, 25), (2026, 1, 28), id="earlier-this-year"),
        pytest.param("LGDec 3", dt.date(2026, 11, 25), (2025, 12, 3), id="later-month-is-last-year"),
        pytest.param("LGNov 25", dt.date(2026, 11, 25), (2026, 11, 25), id="today"),
        pytest.param("LGNov 26", dt.date(2026, 11, 25), (2025, 11, 26), id="tomorrow-is-last-year"),
        pytest.param("LGFeb 29", dt.date(2026, 11, 25), (2024, 2, 29), id="leap-day"),
        pytest.param("LGSep 10, 2024", dt.date(2000, 1, 1), (2024, 9, 10), id="explicit-year-ignores-as-of"),
    ],
)
def test_yearless_dates_resolve_to_most_recent_past(header, as_of, expected):
    record = _read(f"{header}\nA TitleJane Doe\n", as_of=as_of).records[0]
    assert record.issued.parts() == expected


@pytest.mark.parametrize(
    ("header", "parts", "message"),
    [
        pytest.param("LGFeb 30, 2023", (2023, 2), "date 'Feb 30, 2023': day 30 is not a day of month 2; read as 2023-02",
                     id="feb-30"),
        pytest.param("LGFeb 29, 2023", (2023, 2), "date 'Feb 29, 2023': day 29 is not a day of month 2; read as 2023-02",
                     id="feb-29-not-leap"),
        pytest.param("LGApr 31", (2026, 4), "date 'Apr 31': day 31 is not a day of month 4; read as 2026-04",
                     id="apr-31-no-year"),
        pytest.param("LGJan 0, 2023", (2023, 1), "date 'Jan 0, 2023': day 0 is not a day of month 1; read as 2023-01",
                     id="day-0"),
    ],
)
def test_an_impossible_date_is_a_warning_at_its_line(header, parts, message):
    """Issue #19: biber rejects 2023-02-30 (ISO 8601 has no such day); keep what is real, say what is not."""
    result = _read(f"LGJan 3, 2023\nA TitleJane Doe\n{header}\nOther TitleJane Doe\n", as_of=dt.date(2026, 11, 25))
    assert result.records[1].issued.parts() == parts
    assert [(str(p.line), p.severity, p.message) for p in result.problems if p.severity != "note"] == [
        ("3", "warning", message)]


def test_a_year_inferred_from_as_of_is_said_once_at_its_first_line():
    """Issue #19: keys hold the year, so a year that depends on the day the command runs is said (once)."""
    text = "LGNov 28, 2022\nA TitleJane Doe\nLGJan 28\nB TitleJane Doe\nAIDec 3\nC TitleJane Doe\n"
    result = _read(text, as_of=dt.date(2026, 11, 25))
    assert [(p.line, p.severity) for p in result.problems] == [(3, "note")]
    assert result.problems[0].message.startswith("'Jan 28' has no year: read as 2026-01-28, the latest such date "
                                                  "not after 2026-11-25")
    assert _read("LGNov 28, 2022\nA TitleJane Doe\n").problems == ()  # every year given: nothing to say


def test_code_flag_and_full_month_names():
    record = _read("CVSeptember 3, 2021Code\nA TitleJane Doe\n").records[0]
    assert record.has_code and record.issued.parts() == (2021, 9, 3)


# --- splitting the title from the authors ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "title", "authors"),
    [
        pytest.param("Better LLMTianjun Zhang, Bo Dai", "Better LLM", ("Tianjun Zhang", "Bo Dai"), id="acronym"),
        pytest.param("TEMPERATianjun Zhang", "TEMPERA", ("Tianjun Zhang",), id="all-caps-word"),
        pytest.param("Linear MDPsTianjun Zhang", "Linear MDPs", ("Tianjun Zhang",), id="plural-acronym"),
        pytest.param("Best-of-$N$Tong Yang", "Best-of-$N$", ("Tong Yang",), id="math"),
        pytest.param("Seeing with GPT-4VTianjun Zhang", "Seeing with GPT-4V", ("Tianjun Zhang",), id="digit-acronym"),
        pytest.param("Scaling to 2024Jane Doe", "Scaling to 2024", ("Jane Doe",), id="digits"),
        pytest.param("Deep Learning in PyTorchSherry Yang", "Deep Learning in PyTorch", ("Sherry Yang",),
                     id="camel-case-title"),
        pytest.param("Is it Real?Jane Doe", "Is it Real?", ("Jane Doe",), id="punctuation"),
        pytest.param("Problems, Methods, and OpportunitiesSherry Yang, Ofir Nachum",
                     "Problems, Methods, and Opportunities", ("Sherry Yang", "Ofir Nachum"), id="commas-in-title"),
        pytest.param("A StudyLaurens van der Maaten, Juan de la Cruz", "A Study",
                     ("Laurens van der Maaten", "Juan de la Cruz"), id="particles"),
        pytest.param("A StudyMartin Luther King, Jr., Ann Lee", "A Study", ("Martin Luther King, Jr.", "Ann Lee"),
                     id="suffix"),
        pytest.param("A StudyJ.-P. Serre, K. Smith", "A Study", ("J.-P. Serre", "K. Smith"), id="initials"),
        pytest.param("A StudyKuang-Huei Lee, Conor O'Neil", "A Study", ("Kuang-Huei Lee", "Conor O'Neil"),
                     id="hyphen-apostrophe"),
        pytest.param("Études sur les modèlesÉmile Zola", "Études sur les modèles", ("Émile Zola",), id="accents"),
        pytest.param("Модели языкаИван Петров", "Модели языка", ("Иван Петров",), id="cyrillic"),
        pytest.param("Learning with ModelsΓιώργος Παπαδόπουλος", "Learning with Models",
                     ("Γιώργος Παπαδόπουλος",), id="greek"),
    ],
)
def test_split_title_from_authors(line, title, authors):
    parsed = split_title_line(line)
    assert parsed is not None
    assert parsed[:2] == (title, authors)


def test_inner_capital_given_name_resolved_by_names_elsewhere_in_listing():
    line = "Scalable Diffusion for Materials GenerationKwangHwan Cho, Amil Merchant"
    assert split_title_line(line, frozenset({"KwangHwan Cho"}))[:2] == (
        "Scalable Diffusion for Materials Generation",
        ("KwangHwan Cho", "Amil Merchant"),
    )


def test_inner_capital_given_name_in_listing_context():
    text = (
        "LGOct 18, 2023\nMaterials GenerationKwangHwan Cho, Amil Merchant\nAbs.\n"
        "LGOct 19, 2023\nOther PaperSherry Yang, KwangHwan Cho\nAbs.\n"
    )
    first = _read(text).records[0]
    assert first.title == "Materials Generation"
    assert (first.author[0].given, first.author[0].family) == ("KwangHwan", "Cho")


def test_et_al_and_affiliations_are_split_off():
    assert split_title_line("A TitleJane Doe, Bo Dai et al. · deepmind, mila") == (
        "A Title",
        ("Jane Doe", "Bo Dai"),
        True,
        ("deepmind", "mila"),
    )


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("all lower case words, nothing else", id="no-names"),
        pytest.param("", id="empty"),
        pytest.param("JaneDoe", id="no-title"),
    ],
)
def test_unsplittable_lines_return_none(line):
    assert split_title_line(line) is None


def test_looks_like_detects_listing_and_rejects_others(seed_text):
    assert listing.looks_like("\n\n" + seed_text)
    assert not listing.looks_like("@article{x, title={y}}")
    assert not listing.looks_like("[]")


def test_evidence_counts_every_known_name_not_only_the_first():
    text = (
        "LGOct 18, 2023\nMaterials GenerationSherry Yang, KwangHwan Cho, Amil Merchant et al.\nAbs.\n"
        "LGOct 19, 2023\nOther PaperBo Dai, Hwan Cho\nAbs.\n"
    )
    first = _read(text).records[0]
    assert first.title == "Materials Generation"
    assert [p.display() for p in first.author] == ["Sherry Yang", "KwangHwan Cho", "Amil Merchant"]
