"""BibTeX and BibLaTeX writers: golden output, escaping, names, case protection, and the
real consumers (bibtexparser v2, pybtex, bibtex with natbib's plainnat, biber, LaTeX)."""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport import api
from bibexport.latex import to_latex, to_unicode
from bibexport.model import Date, Person, Record
from bibexport.readers import csljson, listing
from bibexport.text import clean
from bibexport.writers import bibtex

from ..conftest import DATA, REPO, SEED_AS_OF
from ..oracles import decode_latex
from .test_csljson import TWO_PAPERS

GOLDEN = Path(__file__).parent.parent / "golden" / "bibtex"
STRESS = DATA / "stress"
# A record as the BibTeX reader hands it over: original type and unknown fields in ``extra``.
FROM_BIBTEX = Record(
    id="knuth1984literate",
    type="article-journal",
    title="Literate Programming",
    author=(Person("Knuth", "Donald E."),),
    issued=Date(1984, 5),
    fields=(("container-title", "The Computer Journal"), ("volume", "27"), ("page", "97-111")),
    extra=(
        ("bibtex.type", "article"),
        ("bibtex.timestamp", "2020-01-01 10:00"),
        ("bibtex.groups", "TeX & friends_1"),
        ("zotero.key", "ABCD1234"),
    ),
)
ASCII = api.WriteOptions(ascii=True)
WRITERS = {"bibtex": bibtex.write_bibtex, "biblatex": bibtex.write_biblatex}


def listing_records(text: str) -> tuple[Record, ...]:
    return api.prepare(listing.read(text, as_of=SEED_AS_OF).records)


@functools.cache
def seed_records() -> tuple[Record, ...]:
    return listing_records((REPO / "data" / "arxiv-listing.txt").read_text(encoding="utf-8"))


@functools.cache
def stress_records() -> tuple[Record, ...]:
    """Every special character, several scripts, particles, suffixes, 100 authors, empty records."""
    from_json = csljson.read((STRESS / "records.json").read_text(encoding="utf-8")).records
    from_listing = listing.read((STRESS / "listing.txt").read_text(encoding="utf-8"), as_of=SEED_AS_OF).records
    return api.prepare([*from_json, *from_listing, FROM_BIBTEX])


def all_records() -> tuple[Record, ...]:
    return seed_records() + stress_records()


# Golden files (written by hand from the mapping in bibexport/writers/bibtex.py) ---------


@pytest.mark.parametrize(
    ("flavour", "options", "golden"),
    [
        pytest.param("bibtex", None, "two_papers.bib", id="bibtex-utf8"),
        pytest.param("bibtex", ASCII, "two_papers_ascii.bib", id="bibtex-ascii"),
        pytest.param("biblatex", None, "two_papers_biblatex.bib", id="biblatex"),
    ],
)
def test_golden_two_papers(flavour, options, golden):
    expected = (GOLDEN / golden).read_text(encoding="utf-8")
    assert WRITERS[flavour](listing_records(TWO_PAPERS), options) == expected


def test_output_is_deterministic_and_ends_with_one_newline():
    first = bibtex.write_bibtex(stress_records())
    assert first == bibtex.write_bibtex(stress_records())
    assert first.endswith("}\n") and not first.endswith("\n\n")


def test_empty_input_writes_nothing():
    assert bibtex.write_bibtex([]) == ""


def test_one_field_per_line_with_two_space_indent():
    for line in bibtex.write_biblatex(seed_records()).splitlines():
        assert line == "" or line.startswith(("@", "  ", "}")), line
        if line.startswith("  ") and not line.startswith("    "):
            assert re.match(r"  [A-Za-z]+ = ", line), line


# Escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("char", "escaped"),
    [
        pytest.param("&", "\\&", id="ampersand"),
        pytest.param("%", "\\%", id="percent"),
        pytest.param("$", "\\$", id="dollar"),
        pytest.param("#", "\\#", id="hash"),
        pytest.param("_", "\\_", id="underscore"),
        pytest.param("{", "\\textbraceleft{}", id="open-brace"),
        pytest.param("}", "\\textbraceright{}", id="close-brace"),
        pytest.param("~", "\\textasciitilde{}", id="tilde"),
        pytest.param("^", "\\textasciicircum{}", id="caret"),
        pytest.param("\\", "\\textbackslash{}", id="backslash"),
    ],
)
def test_every_special_character_is_escaped(char, escaped):
    assert bibtex.escape(f"a {char} b", math=True) == f"a {escaped} b"


@pytest.mark.parametrize(
    "math",
    [
        pytest.param("$O(1/t)$", id="plain"),
        pytest.param("$\\alpha_1 + \\beta^{2}$", id="greek-sub-sup"),
        pytest.param("$\\mathcal{L}_{\\text{CE}}$", id="fonts"),
        pytest.param("$x \\in \\mathbb{R}^d$", id="relation"),
        pytest.param("$N$", id="one-letter"),
        pytest.param("$\\{x\\}$", id="escaped-braces"),
    ],
)
def test_math_is_kept_as_math(math):
    assert bibtex.escape(f"with {math} inside", math=True) == f"with {math} inside"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\\input{/etc/passwd}", id="input"),
        pytest.param("\\write18{rm -rf /}", id="write18"),
        pytest.param("\\def\\x{y}", id="def"),
        pytest.param("$\\input{secret}$", id="input-in-math"),
        pytest.param("$^^5cinput{x}$", id="caret-notation-in-math"),
        pytest.param("$\\csname input\\endcsname$", id="csname-in-math"),
        pytest.param("$a \\\\ b$", id="double-backslash-in-math"),
        pytest.param("$x % y$", id="comment-in-math"),
        pytest.param("$a & b$", id="alignment-in-math"),
        pytest.param("$\\text{\\input{x}}$", id="nested-in-allowed-command"),
        pytest.param("$\\left( x$", id="unpaired-left"),
    ],
)
def test_no_input_can_inject_a_tex_command(text):
    out = bibtex.escape(text, math=True)
    commands = set(re.findall(r"\\([A-Za-z]+|.)", out))
    assert commands <= {"textbackslash", "textbraceleft", "textbraceright", "textasciicircum", "$", "%", "&"}
    assert to_unicode(out) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("$5 and $10", "\\$5 and \\$10", id="prices-are-not-math"),
        pytest.param("$ x$", "\\$ x\\$", id="space-after-opening"),
        pytest.param("a lone $", "a lone \\$", id="lone-dollar"),
    ],
)
def test_dollars_that_are_not_math_are_escaped(text, expected):
    assert bibtex.escape(text, math=True) == expected


def test_math_is_escaped_outside_title_abstract_and_notes():
    record = Record(id="k", type="book", title="t", fields=(("publisher", "Ca$h$ Inc"),))
    assert dict(bibtex.entry_fields(record, "bibtex"))["publisher"] == "{Ca\\$h\\$ Inc}"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        pytest.param("{a}{b}", True, id="balanced"),
        pytest.param("\\{a\\}", True, id="escaped-pair-counts-as-a-pair"),
        pytest.param("a \\{", False, id="lone-escaped-brace"),
        pytest.param("}{", False, id="closes-first"),
    ],
)
def test_balanced_counts_braces_as_bibtex_does(text, ok):
    assert bibtex.balanced(text) is ok


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab &%$#_{}~^\\-'`éłı中α\n")), max_size=30))
def test_any_text_escapes_to_balanced_braces_and_decodes_back(text):
    text = clean(text)
    out = bibtex.escape(text, math=True)
    assert bibtex.balanced(out)
    assert to_unicode(out) == text


@pytest.mark.parametrize(
    ("text", "ascii"),
    [
        pytest.param("Akyürek", "Aky{\\\"u}rek", id="umlaut"),
        pytest.param("Łukasz", "{\\L}ukasz", id="polish-l"),
        pytest.param("Işıl", "I{\\c{s}}{\\i}l", id="turkish-dotless-i"),
        pytest.param("Çağlar", "{\\c{C}}a{\\u{g}}lar", id="cedilla-breve"),
        pytest.param("Straße", "Stra{\\ss}e", id="sharp-s"),
        pytest.param("中文", "中文", id="cjk-stays-utf8"),
    ],
)
def test_ascii_option_writes_latex_escapes(text, ascii):
    assert bibtex.escape(text) == text
    assert bibtex.escape(text, ascii=True) == ascii


@given(st.text(st.characters(categories=("Lu", "Ll", "Lt", "Lm", "Lo")), min_size=1), st.booleans())
def test_a_word_of_letters_escapes_as_latex_encodes_it(word, ascii):
    """Letters-only text (names, most words) takes a shortcut; it gives what to_latex gives
    (and a lone Greek letter as math: ``Ξ`` -> ``{$\\Xi$}``)."""
    assert bibtex.escape_plain(word, ascii) == bibtex._MATH_CHAR.sub(bibtex._math_char, to_latex(word, ascii=ascii))


# Case protection --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param("Evolving Deeper LLM Thinking", "Evolving Deeper {LLM} Thinking", id="acronym"),
        pytest.param("Feedback for GPT-4V", "Feedback for {GPT-4V}", id="acronym-with-digits"),
        pytest.param("Written in PyTorch", "Written in {PyTorch}", id="mixed-case"),
        pytest.param("TEMPERA: Test-Time Prompting", "{TEMPERA}: {Test-Time} Prompting", id="all-caps-name"),  # #19: after a colon
        pytest.param("Masked Autoencoders (M3AE)", "Masked Autoencoders ({M3AE})", id="in-parentheses"),
        pytest.param("Learning in 3D", "Learning in {3D}", id="digit-capital"),
        pytest.param("Text-Guided Video Generation", "Text-Guided Video Generation", id="title-case-hyphen"),
        pytest.param("A Bayesian View", "A Bayesian View", id="capitalised-words-untouched"),
        pytest.param("Best-of-$N$ Distillation", "Best-of-{$N$} Distillation", id="math-braced"),
        pytest.param("Research at МГУ", "Research at {МГУ}", id="cyrillic-acronym"),
        pytest.param("深度学习 and Ελληνικά", "深度学习 and Ελληνικά", id="uncased-and-greek"),
        pytest.param("SFT Memorizes, RL Generalizes", "{SFT} Memorizes, {RL} Generalizes", id="comma"),
        pytest.param("R&D at AT&T", "{R\\&D} at {AT\\&T}", id="escaped-inside"),
    ],
)
def test_title_case_protection(title, expected):
    assert bibtex.escape_title(title) == expected


# Names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "written"),
    [
        pytest.param(Person("Akyürek", "Ekin"), "Ekin Akyürek", id="plain"),
        pytest.param(Person("Maaten", "Laurens", particle="van der"), "van der Maaten, Laurens", id="particle"),
        pytest.param(Person("Gaulle", "Charles", dropping_particle="de"), "de Gaulle, Charles", id="dropping-particle"),
        pytest.param(Person("King", "Martin Luther", suffix="Jr."), "King, Jr., Martin Luther", id="suffix"),
        pytest.param(Person("Smith", "John", suffix="III"), "Smith, III, John", id="roman-suffix"),
        pytest.param(Person("García Márquez", "Gabriel"), "{García Márquez}, Gabriel", id="two-word-family"),
        pytest.param(Person(literal="The ATLAS Collaboration"), "{The ATLAS Collaboration}", id="literal"),
        pytest.param(Person(literal="Procter and Gamble"), "{Procter and Gamble}", id="literal-with-and"),
        pytest.param(Person("Doe", "Jane and John"), "Doe, {Jane and John}", id="and-in-given"),
        pytest.param(Person("Kaiser", "Łukasz"), "Kaiser, Łukasz", id="non-ascii-initial"),
        pytest.param(Person("李", "小龙"), "李, 小龙", id="cjk"),
        pytest.param(Person("Plato"), "Plato", id="family-only"),
        pytest.param(Person("O'Neil", "Cathy"), "Cathy O'Neil", id="apostrophe"),
        pytest.param(Person("Smith_Jones", "A. B."), "A. B. Smith\\_Jones", id="escaped"),
    ],
)
def test_names_use_the_comma_form_only_where_needed(person, written):
    assert bibtex.format_name(person) == written


def test_truncated_author_list_ends_with_others():
    record = Record(id="k", author=(Person("Du", "Yilun"),), authors_truncated=True)
    assert dict(bibtex.entry_fields(record, "bibtex"))["author"] == "{Yilun Du and others}"


# Mapping ------------------------------------------------------------------------------


def _fields(record: Record, flavour: str) -> dict[str, str]:
    return dict(bibtex.entry_fields(record, flavour))


@pytest.mark.parametrize(
    ("issued", "bibtex_fields", "biblatex_date"),
    [
        pytest.param(Date(2022, 11, 28), {"year": "2022", "month": "nov", "date": "{2022-11-28}"}, "{2022-11-28}", id="day"),
        pytest.param(Date(2024, 2), {"year": "2024", "month": "feb"}, "{2024-02}", id="month"),
        pytest.param(Date(2019), {"year": "2019"}, "{2019}", id="year"),
        pytest.param(None, {"year": "{n.d.}"}, None, id="undated"),
    ],
)
def test_dates(issued, bibtex_fields, biblatex_date):
    record = Record(id="k", title="t", author=(Person("A", "B"),), issued=issued)
    written = _fields(record, "bibtex")
    assert {k: written[k] for k in ("year", "month", "date") if k in written} == bibtex_fields
    assert _fields(record, "biblatex").get("date") == biblatex_date


@pytest.mark.parametrize(
    ("record", "bibtex_type", "biblatex_type"),
    [
        pytest.param(Record(type="article", fields=(("publisher", "arXiv"),)), "misc", "misc", id="preprint-no-id"),
        pytest.param(Record(type="article", fields=(("publisher", "arXiv"), ("number", "arXiv:2211.15661"))),
                     "misc", "online", id="preprint"),
        pytest.param(Record(type="webpage", fields=(("URL", "https://x.org"),)), "misc", "online", id="webpage"),
        pytest.param(Record(type="webpage"), "misc", "misc", id="webpage-no-url"),
        pytest.param(Record(type="article-journal"), "article", "article", id="journal"),
        pytest.param(Record(type="paper-conference"), "inproceedings", "inproceedings", id="conference"),
        pytest.param(Record(type="report"), "techreport", "report", id="report"),
        pytest.param(Record(type="thesis", fields=(("genre", "Master's thesis"),)), "mastersthesis", "thesis", id="masters"),
        pytest.param(Record(type="dataset"), "misc", "dataset", id="dataset"),
        pytest.param(Record(type="document"), "misc", "misc", id="unknown"),
        pytest.param(Record(type="article-journal", extra=(("bibtex.type", "Article"),)), "article", "article", id="kept"),
        pytest.param(Record(type="webpage", fields=(("DOI", "10.1/x"),), extra=(("bibtex.type", "online"),)),
                     "misc", "online", id="biblatex-only-type"),
    ],
)
def test_entry_types(record, bibtex_type, biblatex_type):
    assert bibtex.entry_type(record, "bibtex") == bibtex_type
    assert bibtex.entry_type(record, "biblatex") == biblatex_type


def test_arxiv_fields_as_arxiv_exports_them():
    record = Record(
        id="k", type="article", title="t", categories=("cs.LG", "stat.ML"),
        fields=(("publisher", "arXiv"), ("number", "arXiv:2211.15661"), ("genre", "Preprint")),
    )
    assert _fields(record, "bibtex") == {  # eprinttype, not archivePrefix: Zotero keeps the id only with it
        "title": "{t}", "key": "{t}", "organization": "{arXiv}", "howpublished": "{arXiv preprint arXiv:2211.15661}",
        "year": "{n.d.}", "eprint": "{2211.15661}",
        "eprinttype": "{arxiv}", "primaryClass": "{cs.LG}", "keywords": "{cs.LG, stat.ML}",
        "annote": "{arXiv categories: cs.LG, stat.ML}",
    }
    biblatex = _fields(record, "biblatex")
    assert (biblatex["eprint"], biblatex["eprinttype"], biblatex["eprintclass"]) == ("{2211.15661}", "{arxiv}", "{cs.LG}")


def test_journal_fields_per_flavour():
    record = Record(
        id="k", type="article-journal", title="t",
        fields=(("container-title", "J. Data"), ("publisher-place", "Hoboken"), ("page", "101–120"),
                ("DOI", "10.1000/a_b"), ("URL", "https://x.org/a_b%20c?q={1}")),
    )
    # biber's data model has no location on @article (nor does any BibTeX style print one): to annote
    assert [n for n, _ in bibtex.entry_fields(record, "bibtex")] == [
        "title", "key", "journal", "pages", "year", "doi", "url", "annote"]
    biblatex = _fields(record, "biblatex")
    assert (biblatex["journaltitle"], biblatex["pages"]) == ("{J. Data}", "{101--120}")
    assert biblatex["annote"] == "{csl.publisher-place: Hoboken}" and "location" not in biblatex
    assert (biblatex["doi"], biblatex["url"]) == ("{10.1000/a_b}", "{https://x.org/a_b%20c?q=%7B1%7D}")


def test_fields_from_bibtex_input_are_kept_after_the_known_ones():
    written = bibtex.entry_fields(FROM_BIBTEX, "bibtex")
    assert [n for n, _ in written][-3:] == ["annote", "timestamp", "groups"]
    assert dict(written)["groups"] == "{TeX \\& friends\\_1}"
    assert dict(written)["annote"] == "{zotero.key: ABCD1234}"


def test_listing_facts_go_to_keywords_and_annote():
    record = listing_records(TWO_PAPERS)[0]
    fields = _fields(record, "biblatex")
    assert fields["keywords"] == "{cs.LG}"
    assert "Author list" not in fields["annote"]  # said by "and others"
    assert fields["author"].endswith(" and others}")


# Real consumers -----------------------------------------------------------------------


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
@pytest.mark.parametrize("options", [None, ASCII], ids=["utf8", "ascii"])
def test_bibtexparser_reads_every_entry_and_name(flavour, options, caplog):
    bibtexparser = pytest.importorskip("bibtexparser")
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    records = all_records()
    with warnings.catch_warnings(), caplog.at_level(logging.WARNING):
        warnings.simplefilter("error")
        library = bibtexparser.parse_string(
            WRITERS[flavour](records, options), append_middleware=[SeparateCoAuthors(), SplitNameParts()]
        )
    assert caplog.records == []
    assert library.failed_blocks == [] and len(library.entries) == len(records)
    for record in records:
        entry = library.entries_dict[record.id]
        assert decode_latex(entry["title"]) == record.title if record.title else "title" not in entry
        names = entry["author"] if record.author else []
        expected = [_name_parts(p) for p in record.author] + (["others"] if record.authors_truncated else [])
        assert [_parts_of(n) for n in names] == expected


def _name_parts(person: Person) -> tuple[str, str, str, str] | str:
    if person.literal:
        return ("", "", person.literal, "")
    von = " ".join(p for p in (person.dropping_particle, person.particle) if p)
    return (person.given, von, person.family, person.suffix)


def _parts_of(name) -> tuple[str, str, str, str] | str:
    if name.last == ["others"] and not name.first:
        return "others"
    return tuple(decode_latex(" ".join(part)) for part in (name.first, name.von, name.last, name.jr))


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_pybtex_reads_everything_in_strict_mode(flavour):
    pybtex_database = pytest.importorskip("pybtex.database")
    import pybtex.errors

    records = all_records()
    pybtex.errors.set_strict_mode(True)  # any warning raises
    data = pybtex_database.parse_string(WRITERS[flavour](records, ASCII), "bibtex")
    assert len(data.entries) == len(records)
    for record in records:  # decoded by pylatexenc, not by bibexport.latex
        entry = data.entries[record.id]
        assert decode_latex(entry.fields["title"]) == record.title if record.title else "title" not in entry.fields
        people = [p for p in entry.persons.get("author", []) if p.last_names != ["others"]]
        assert [decode_latex(" ".join(p.last_names)) for p in people] == [
            p.literal or p.family for p in record.author
        ]
    king = data.entries["math2024best"].persons["author"][3]
    assert (king.first_names, king.middle_names, king.last_names, king.lineage_names) == (
        ["Martin"], ["Luther"], ["King"], ["Jr."])


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: texlive-bibtex-extra, texlive-latex-extra, biber)")
    return path


def _tex_file(name: str) -> None:
    kpsewhich = shutil.which("kpsewhich")
    found = kpsewhich and subprocess.run([kpsewhich, name], capture_output=True, text=True).stdout.strip()
    if not found:
        pytest.skip(f"{name} is not installed (Debian: texlive-bibtex-extra, texlive-latex-extra)")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120)


@pytest.mark.parametrize("options", [None, ASCII], ids=["utf8", "ascii"])
def test_bibtex_with_plainnat_has_no_errors_or_warnings(tmp_path, options):
    _tool("bibtex")
    _tex_file("plainnat.bst")
    records = all_records()
    (tmp_path / "refs.bib").write_text(bibtex.write_bibtex(records, options), encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plainnat}\n\\bibdata{refs}\n")
    result = _run(["bibtex", "doc"], tmp_path)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log
    assert "Warning--" not in log and "error message" not in log, log
    assert (tmp_path / "doc.bbl").read_text(encoding="utf-8").count("\\bibitem") == len(records)


CLAUSE_TITLES = [  # issue #19: plainnat printed "learning? investigations with" and "bigger! a computationally-embedded"
    ("What learning algorithm is in-context learning? Investigations with linear models",
     "What learning algorithm is in-context learning? Investigations with linear models"),
    ("The World Is Bigger! A Computationally-Embedded Perspective on the Big World Hypothesis",
     "The world is bigger! A computationally-embedded perspective on the big world hypothesis"),
    ("Foundation Models for Decision Making: Problems, Methods, and Opportunities",
     "Foundation models for decision making: Problems, methods, and opportunities"),
    ('Why? "Because" We Can', 'Why? "Because" we can'),
]


def test_the_word_after_a_question_mark_exclamation_or_colon_is_braced():
    assert bibtex.escape_title(CLAUSE_TITLES[0][0]) == (
        "What learning algorithm is in-context learning? {Investigations} with linear models")
    assert bibtex.escape_title("Bigger! A Study: Ünïcode? Ärger", ascii=True) == (
        "Bigger! {A} Study: {{\\\"U}n{\\\"i}code}? {{\\\"A}rger}")
    assert bibtex.escape_title("Real? yes") == "Real? yes"  # a lower-case word stays the style's


def test_plainnat_keeps_the_capital_after_a_question_mark_exclamation_or_colon(tmp_path):
    """plainnat's format.title is change.case$ "t": it lowercases all but the first letter and, as
    BibTeX's own rule, the letter after a colon and a space; the braces keep the rest."""
    _tool("bibtex")
    _tex_file("plainnat.bst")
    records = [Record(id=f"t{i}", type="article-journal", title=title, author=(Person("Doe", "Jane"),),
                      issued=Date(2020), fields=(("container-title", "J"),)) for i, (title, _) in enumerate(CLAUSE_TITLES)]
    (tmp_path / "refs.bib").write_text(bibtex.write_bibtex(records), encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plainnat}\n\\bibdata{refs}\n")
    result = _run(["bibtex", "doc"], tmp_path)
    assert result.returncode == 0, result.stdout
    bbl = " ".join((tmp_path / "doc.bbl").read_text(encoding="utf-8").split())
    for _, printed in CLAUSE_TITLES:
        assert printed in re.sub(r"[{}]", "", bbl), bbl


def _latin(records: tuple[Record, ...]) -> list[Record]:
    """Records that plain pdfLaTeX can typeset from --ascii output (no Greek, CJK, ...)."""
    def ok(text: str) -> bool:
        return all(ord(c) < 0x250 or c in "–—“”‘’…\u00a0" for c in text)
    return [r for r in records if ok(bibtex.write_bibtex([r]))]


LATEX_DOC = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{url}
%s
\begin{document}
\nocite{*}
%s
\end{document}
"""


def test_latex_typesets_the_natbib_bibliography_and_runs_no_injected_command(tmp_path):
    _tool("bibtex")
    _tool("latex")
    _tex_file("plainnat.bst")
    records = _latin(all_records())
    assert any(r.id == "vandermaaten2022secure" for r in records)  # the injection attempts are in
    (tmp_path / "refs.bib").write_text(bibtex.write_bibtex(records, ASCII), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        LATEX_DOC % ("\\usepackage{natbib}", "\\bibliographystyle{plainnat}\n\\bibliography{refs}")
    )
    latex = ["latex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc"]
    _run(latex, tmp_path)
    assert _run(["bibtex", "doc"], tmp_path).returncode == 0
    result = _run(latex, tmp_path)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0 and "\n! " not in log, log[-3000:]
    assert "/etc/passwd" not in log and "secret.tex" not in log


def test_biber_reads_the_biblatex_output_with_no_errors_or_warnings(tmp_path):
    _tool("biber")
    _tool("latex")
    _tex_file("biblatex.sty")
    records = all_records()
    (tmp_path / "refs.bib").write_text(bibtex.write_biblatex(records), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(LATEX_DOC % ("\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}", ""))
    latex = _run(["latex", "-interaction=nonstopmode", "-halt-on-error", "doc"], tmp_path)
    assert latex.returncode == 0, latex.stdout[-2000:]
    result = _run(["biber", "doc"], tmp_path)
    problems = [line for line in result.stdout.splitlines() if re.match(r"(WARN|ERROR) ", line)]
    assert result.returncode == 0 and problems == [], result.stdout[-3000:]
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\entry{") == len(records)
    assert "family={Maaten}" in bbl and "familyi={M\\bibinitperiod}" in bbl


def test_latex_typesets_the_biblatex_bibliography(tmp_path):
    _tool("biber")
    _tool("latex")
    _tex_file("biblatex.sty")
    records = _latin(all_records())
    (tmp_path / "refs.bib").write_text(bibtex.write_biblatex(records, ASCII), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(
        LATEX_DOC % ("\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}", "\\printbibliography")
    )
    latex = ["latex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc"]
    _run(latex, tmp_path)
    biber = _run(["biber", "doc"], tmp_path)
    assert biber.returncode == 0, biber.stdout[-2000:]
    result = _run(latex, tmp_path)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0 and "\n! " not in log, log[-3000:]


def test_cli_ascii_flag_and_bib_suffix(tmp_path):
    from click.testing import CliRunner

    from bibexport.cli import main

    listing_file = tmp_path / "l.txt"
    listing_file.write_text(TWO_PAPERS, encoding="utf-8")
    out = tmp_path / "refs.bib"
    result = CliRunner().invoke(main, ["export", str(listing_file), "--as-of", "2026-11-25", "--ascii", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (GOLDEN / "two_papers_ascii.bib").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(listing_file), "--as-of", "2026-11-25", "--to", "biblatex"])
    assert result.output.startswith("@misc{akyurek2022learning,\n")  # no arXiv id: biber's @online needs one


# What the BibTeX reader keeps in ``extra`` -------------------------------------------------


def test_phrases_braced_in_the_input_are_braced_again():
    record = Record(id="k", title="A Bayesian View of New York", extra=(("bibtex.protected", "Bayesian; New York"),))
    fields = _fields(record, "bibtex")
    assert fields["title"] == "{A {Bayesian} View of {New York}}"
    assert "protected" not in fields


def test_own_annote_comes_before_the_listing_facts():
    record = Record(id="k", has_code=True, extra=(("bibtex.annote", "Read twice"),))
    assert _fields(record, "bibtex")["annote"] == "{Read twice\nCode: available}"


def test_preamble_and_comment_blocks_are_written_before_their_record():
    record = Record(id="k", title="t", extra=(
        ("bibtex.@preamble", "\\providecommand{\\noopsort}[1]{}"), ("bibtex.@comment", "jabref-meta: x;")))
    assert bibtex.write_bibtex([record]).startswith(
        "@preamble{{\\providecommand{\\noopsort}[1]{}}}\n\n@comment{jabref-meta: x;}\n\n@misc{k,\n")


@pytest.mark.parametrize("block", [
    ",\n  title = {\\}",           # balanced to BibTeX; bibtexparser reads \\} as an escaped brace
    "\\{x}",                       # and the other way round
    "x\n@misc{b, title={y}}",      # '@' at a line start opens a new block in bibtexparser
    "x\n  @misc{b, title={y}}",
])
@pytest.mark.parametrize("kind", ["bibtex.@comment", "bibtex.@preamble"])
def test_a_block_some_reader_would_not_close_is_not_written(kind, block):
    import bibtexparser
    import pybtex.database

    text = bibtex.write_bibtex([Record(id="k", title="t", extra=((kind, block),))])
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [] and [e.key for e in library.entries] == ["k"]
    assert list(pybtex.database.parse_string(text, "bibtex").entries) == ["k"]
    assert "@comment" not in text and "@preamble" not in text


@pytest.mark.parametrize("block", ["@,", "mail jane@example.org", "x @misc{b, title={y}}"])
def test_a_comment_with_an_at_sign_is_not_written(block):
    """BibTeX (and pybtex) read '@comment' alone and go on scanning for '@': an '@' inside
    the comment starts a new command (checked with bibtex 0.99d: '@comment{@,}' is an error)."""
    import pybtex.database

    text = bibtex.write_bibtex([Record(id="k", title="t", extra=(("bibtex.@comment", block),))])
    assert "@comment" not in text
    assert list(pybtex.database.parse_string(text, "bibtex").entries) == ["k"]


def test_a_preamble_may_hold_an_at_sign_inside_its_braces():
    import pybtex.database

    text = bibtex.write_bibtex([Record(id="k", title="t", extra=(("bibtex.@preamble", "\\def\\at{@}"),))])
    assert text.startswith("@preamble{{\\def\\at{@}}}")
    assert list(pybtex.database.parse_string(text, "bibtex").entries) == ["k"]


@pytest.mark.parametrize(
    ("order", "bibtex_keeps", "biblatex_keeps"),
    [
        pytest.param(("child", "parent"), True, True, id="parent-after-child"),
        pytest.param(("parent", "child"), False, True, id="parent-first"),
        pytest.param(("child",), False, False, id="parent-not-written"),
    ],
)
def test_crossref_is_written_only_where_it_resolves(order, bibtex_keeps, biblatex_keeps):
    records = {
        "child": Record(id="child", type="paper-conference", title="c", extra=(("bibtex.crossref", "parent"),)),
        "parent": Record(id="parent", type="book", title="p"),
    }
    chosen = [records[name] for name in order]
    assert ("crossref = {parent}" in bibtex.write_bibtex(chosen)) == bibtex_keeps
    assert ("crossref = {parent}" in bibtex.write_biblatex(chosen)) == biblatex_keeps


@pytest.mark.parametrize(
    ("language", "field"),
    [
        pytest.param("en", ("langid", "{english}"), id="mapped"),
        pytest.param("en-GB", ("langid", "{british}"), id="region"),
        pytest.param("tlh", ("language", "{tlh}"), id="unmapped"),
    ],
)
def test_biblatex_langid_is_a_babel_name(language, field):
    written = _fields(Record(id="k", fields=(("language", language),)), "biblatex")
    assert (field[0], written.get(field[0])) == field
    assert _fields(Record(id="k", fields=(("language", language),)), "bibtex")["language"] == "{" + language + "}"


@pytest.mark.parametrize(
    ("key", "written"),
    [
        pytest.param("akyurek2022learning", "akyurek2022learning", id="plain"),
        pytest.param("Smith:2020_a-b", "Smith:2020_a-b", id="punctuation-bibtex-allows"),
        pytest.param("a b,c{d}%e#f~g\\h", "a_b_c_d__e_f_g_h", id="characters-that-end-a-key"),
        pytest.param("", "anonymous", id="empty"),
    ],
)
def test_citation_keys_cannot_break_the_entry(key, written):
    assert bibtex.citation_key(Record(id=key)) == written


def test_an_authorless_entry_keeps_its_own_sort_key():
    """xampl.bib's ``key = "GAJ"``: BibTeX styles sort and label by it; the title is only the
    fallback when the entry had none."""
    record = Record(id="whole-journal", type="article-journal", extra=(("bibtex.key", "GAJ"),))
    assert _fields(record, "bibtex")["key"] == "{GAJ}"
    assert _fields(Record(id="k", title="Alone"), "bibtex")["key"] == "{Alone}"


def test_a_book_s_container_is_its_booktitle():
    """A @book's booktitle (xampl.bib's whole-collection, which crossref children inherit) is
    written as booktitle, not journal, which a child would inherit as a journal."""
    record = Record(id="k", type="book", fields=(("container-title", "High Speed Computer"),))
    assert _fields(record, "bibtex")["booktitle"] == "{High Speed Computer}"


def test_nameless_people_and_blank_titles_are_left_out():
    record = Record(id="k", title="  ", author=(Person(), Person("Du", "Yilun")))
    fields = _fields(record, "biblatex")
    assert "title" not in fields and fields["author"] == "{Yilun Du}"


@pytest.mark.parametrize(
    ("literal", "bibtex_fields", "biblatex_fields"),
    [
        # a season or circa and a year: the date biber reads (EDTF), and a number in year for BibTeX
        pytest.param("Spring 2020", {"year": "2020", "date": "{2020-21}"}, {"date": "{2020-21}"}, id="season-as-edtf"),
        pytest.param("ca. 1850", {"year": "1850", "date": "{1850~}"}, {"date": "{1850~}"}, id="circa-as-edtf"),
        pytest.param("circa 1850", {"year": "1850", "date": "{1850~}"}, {"date": "{1850~}"}, id="circa-word"),
        # other text with a year: the year, and the text whole in addendum
        pytest.param("2020, in press", {"year": "2020", "addendum": "{2020, in press}"},
                     {"date": "{2020}", "addendum": "{2020, in press}"}, id="year-in-text"),
        # no year: plainnat prints year (and warns when there is none); biblatex prints pubstate
        pytest.param("forthcoming", {"year": "{forthcoming}"}, {"pubstate": "{forthcoming}"}, id="no-year"),
    ],
)
def test_literal_dates(literal, bibtex_fields, biblatex_fields):
    record = Record(id="k", author=(Person("A", "B"),), issued=Date(literal=literal))
    keys = ("year", "date", "addendum", "pubstate")
    written = _fields(record, "bibtex")
    assert {k: written[k] for k in keys if k in written} == bibtex_fields
    written = _fields(record, "biblatex")
    assert {k: written[k] for k in keys if k in written} == biblatex_fields


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
@pytest.mark.parametrize(
    ("literal", "read_back"),
    [
        pytest.param("Spring 2020", Date(2020, season=21), id="season"),
        pytest.param("ca. 1850", Date(1850, circa=True), id="circa"),
        pytest.param("forthcoming", Date(literal="forthcoming"), id="no-year"),
    ],
)
def test_literal_dates_read_back_as_the_date_they_say(flavour, literal, read_back):
    """No text is lost: "Spring 2020" is season 21 of 2020 and "ca. 1850" is circa 1850 (README)."""
    from bibexport.readers import bibtex as reader

    record = Record(id="k", type="book", title="t", author=(Person("A", "B"),), issued=Date(literal=literal))
    (back,) = reader.read(WRITERS[flavour]([record])).records
    assert back.issued == read_back and not back.extra


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_an_edtf_date_is_written_unescaped(flavour):
    """``~`` is EDTF's circa in biber's ``date``; ``\\textasciitilde{}`` made biber drop the date."""
    record = Record(id="k", type="book", title="t", author=(Person("A", "B"),), issued=Date(1850, circa=True))
    assert _fields(record, flavour)["date"] == "{1850~}"


# biber's data model (issue #17) ---------------------------------------------------------

HELD_OUT = DATA / "zotero" / "heldout-listing.txt"  # a listing no writer rule was made from


@functools.cache
def held_out_records() -> tuple[Record, ...]:
    return listing_records(HELD_OUT.read_text(encoding="utf-8"))


# What biber --validate-datamodel still says about the stress set, each for its reason; any
# other warning (and any on the seed or the held-out listing) fails.  (Was 16 BibTeX / 9 BibLaTeX:
# seasons and circa are now EDTF dates; fields @article lacks and a bad ISSN go to annote.)
UNDATED = ("empty", "emptier", "forthcoming")  # no date at all, or only the text "forthcoming"
STRESS_BIBER_EXPECTED = {
    # no date: biblatex requires one and prints "n.d." for its absence; any date written for it
    # (XXXX, "..") satisfies biber but prints "()" or "(–)" with authoryear (measured)
    *(("biblatex", key, "Missing mandatory field - one of 'date, year' must be defined") for key in UNDATED),
    # BibTeX flavour: plainnat warns on an empty year, so year = {n.d.} / {forthcoming}, which biber
    # reads as a year that is not a number (no spelling is both non-empty for bibtex and a number for biber)
    *(("bibtex", key, "Invalid value of field 'year' must be datatype 'datepart' - ignoring field") for key in UNDATED),
    *(("bibtex", key, f"legacy year field '{year}' in entry '{key}' is not an integer - this will probably not sort properly.")
      for key, year in (("empty", "n.d."), ("emptier", "n.d."), ("forthcoming", "forthcoming"))),
    # an entry with no title at all
    ("bibtex", "emptier", "Missing mandatory field 'title'"),
    ("biblatex", "emptier", "Missing mandatory field 'title'"),
    # JabRef's own fields from a BibTeX input, kept as fields (README "fields kept from BibTeX input"):
    # JabRef reads group membership from groups, so they are not moved into annote
    ("bibtex", "knuth1984literate", "Field 'timestamp' invalid in data model - ignoring"),
    ("bibtex", "knuth1984literate", "Field 'groups' invalid in data model - ignoring"),
    ("biblatex", "knuth1984literate", "Field 'timestamp' invalid in data model - ignoring"),
    ("biblatex", "knuth1984literate", "Field 'groups' invalid in data model - ignoring"),
}


def _biber_validate(records, flavour: str, options, tmp_path: Path) -> set[tuple[str, str, str]]:
    bib = tmp_path / f"{flavour}.bib"
    bib.write_text(WRITERS[flavour](records, options), encoding="utf-8")
    result = _run(["biber", "--tool", "--validate-datamodel", "--output-file", str(tmp_path / "out.bib"), bib.name], tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    problems = set()
    for line in result.stdout.splitlines():
        m = re.match(r"(?:WARN|ERROR) - (?:Datamodel: Entry '([^']*)' \([^)]*\): )?(.*)", line)
        if m:
            key = m.group(1) or (re.search(r"entry '([^']*)'", m.group(2)) or re.search("()", "")).group(1)
            problems.add((flavour, key, m.group(2)))
    return problems


@pytest.mark.parametrize("options", [None, ASCII], ids=["utf8", "ascii"])
@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_biber_data_model_accepts_the_seed_and_a_held_out_listing(tmp_path, flavour, options):
    """Issue #17: no publisher on @misc/@online, no @online without url/doi/eprint: no warning at all."""
    _tool("biber")
    for records in (seed_records(), held_out_records()):
        assert _biber_validate(records, flavour, options, tmp_path) == set()


@pytest.mark.parametrize("options", [None, ASCII], ids=["utf8", "ascii"])
@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_biber_data_model_on_the_stress_set_says_only_what_is_explained(tmp_path, flavour, options):
    _tool("biber")
    expected = {p for p in STRESS_BIBER_EXPECTED if p[0] == flavour}
    assert _biber_validate(stress_records(), flavour, options, tmp_path) == expected


BLX_DM = Path("/usr/share/texlive/texmf-dist/tex/latex/biblatex/blx-dm.def")


def test_the_field_table_is_biblatex_s_data_model():
    """DATAMODEL is what biblatex's blx-dm.def (biber's default data model) declares per entry type."""
    path = BLX_DM if BLX_DM.exists() else None
    if path is None and shutil.which("kpsewhich"):
        found = subprocess.run(["kpsewhich", "blx-dm.def"], capture_output=True, text=True).stdout.strip()
        path = Path(found) if found else None
    if path is None:
        pytest.skip("blx-dm.def is not installed (Debian: texlive-bibtex-extra)")
    text = re.sub(r"%.*", "", path.read_text(encoding="utf-8"))
    common: set[str] = set()
    per_type: dict[str, set[str]] = {}
    for types, body in re.findall(r"\\DeclareDatamodelEntryfields(?:\[([^\]]*)\])?\{([^}]*)\}", text):
        fields = {f.strip() for f in body.split(",") if f.strip()}
        if not types:
            common |= fields
        for name in filter(None, map(str.strip, types.split(","))):
            per_type.setdefault(name, set()).update(fields)
    assert per_type
    for entry, allowed in bibtex.DATAMODEL.items():
        assert (per_type[entry] | common) & bibtex.TYPED_FIELDS == allowed, entry


@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [
        pytest.param("issn", "1234-5679", True, id="issn"),
        pytest.param("issn", "0378-5955", True, id="issn-2"),
        pytest.param("issn", "2434-561X", True, id="issn-x"),
        pytest.param("issn", "1234-5678", False, id="issn-bad-check-digit"),
        pytest.param("isbn", "978-3-16-148410-0", True, id="isbn13"),
        pytest.param("isbn", "0-306-40615-2", True, id="isbn10"),
        pytest.param("isbn", "978-3-16-148410-1", False, id="isbn13-bad"),
        pytest.param("isbn", "Visbn", False, id="not-a-number"),
    ],
)
def test_isbn_and_issn_go_to_a_field_only_when_biber_takes_them(tmp_path, name, value, valid):
    """biber checks the check digit; one that fails is written to annote (csl.ISSN: ...), and read back."""
    from bibexport.readers import bibtex as reader

    csl = name.upper()
    where = ("publisher", "P") if name == "isbn" else ("container-title", "J")  # a @book, an @article
    record = Record(id="k", type="book" if name == "isbn" else "article-journal", title="t",
                    author=(Person("A", "B"),), issued=Date(2020), fields=(where, (csl, value)))
    for flavour in ("bibtex", "biblatex"):
        fields = _fields(record, flavour)
        assert (fields.get(name) == "{" + value + "}") == valid
        assert (f"csl.{csl}: {value}" in fields.get("annote", "")) == (not valid)
        assert reader.read(WRITERS[flavour]([record])).records[0].get(csl) == value
    if shutil.which("biber"):
        assert _biber_validate([record], "biblatex", None, tmp_path) == set()


def test_bibtex_with_plainnat_has_no_warnings_on_a_held_out_listing(tmp_path):
    _tool("bibtex")
    _tex_file("plainnat.bst")
    (tmp_path / "refs.bib").write_text(bibtex.write_bibtex(held_out_records()), encoding="utf-8")
    (tmp_path / "doc.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plainnat}\n\\bibdata{refs}\n")
    result = _run(["bibtex", "doc"], tmp_path)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0 and "Warning--" not in log and "error message" not in log, log


def test_arxiv_id_reaches_zotero_and_biblatex_prints_the_venue():
    """Zotero's BibTeX.js keeps ``eprint`` only beside ``eprinttype`` (Extra ``arXiv: ID``);
    biblatex prints ``arXiv: ID [class]`` from the eprint fields, and ``howpublished`` when no id is known."""
    with_id = Record(id="k", type="article", title="t", author=(Person("Doe", "Jane"),), issued=Date(2022),
                     categories=("cs.LG",), fields=(("publisher", "arXiv"), ("number", "arXiv:2211.15661")))
    for flavour in ("bibtex", "biblatex"):
        fields = _fields(with_id, flavour)
        assert (fields["eprint"], fields["eprinttype"]) == ("{2211.15661}", "{arxiv}")
        assert "publisher" not in fields and "archivePrefix" not in fields
    assert bibtex.entry_type(with_id, "biblatex") == "online"
    without = with_id.with_field("number", "")
    assert bibtex.entry_type(without, "biblatex") == "misc"
    assert _fields(without, "biblatex")["howpublished"] == "{arXiv preprint}"
    assert "organization" not in _fields(without, "biblatex")  # "arXiv preprint" says it
    by_url = without.with_field("URL", "https://example.org/paper")
    assert bibtex.entry_type(by_url, "biblatex") == "online"
    assert _fields(by_url, "biblatex")["organization"] == "{arXiv}"  # the venue biblatex prints


def test_a_publisher_on_misc_or_online_is_the_organization():
    record = Record(id="k", type="document", title="t", issued=Date(2020), fields=(("publisher", "ACME"),))
    for flavour in ("bibtex", "biblatex"):
        assert _fields(record, flavour)["organization"] == "{ACME}"


@pytest.mark.parametrize("style", ["authoryear", "numeric"])
def test_biblatex_standard_styles_print_the_preprint_venue(tmp_path, style):
    """biblatex's standard styles print "arXiv: ID [class]" for an id and "arXiv preprint" without one."""
    _tool("biber")
    _tool("pdflatex")
    _tex_file("biblatex.sty")
    base = Record(id="withid", type="article", title="With an id", author=(Person("Doe", "Jane"),),
                  issued=Date(2022, 11, 28), categories=("cs.LG",),
                  fields=(("publisher", "arXiv"), ("number", "arXiv:2211.15661")))
    records = [base, base.replace(id="noid", title="Without an id").with_field("number", ""),
               base.replace(id="byurl", title="By its URL").with_field("number", "").with_field("URL", "https://example.org/p")]
    (tmp_path / "refs.bib").write_text(bibtex.write_biblatex(records), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(LATEX_DOC % (
        f"\\usepackage[style={style},backend=biber]{{biblatex}}\n\\addbibresource{{refs.bib}}", "\\printbibliography"))
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc"]
    _run(latex, tmp_path)
    biber = _run(["biber", "--validate-datamodel", "doc"], tmp_path)
    assert biber.returncode == 0 and not re.search(r"^(WARN|ERROR)", biber.stdout, re.M), biber.stdout[-3000:]
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert re.search(r"\\entry\{withid\}\{online\}.*?\\field\{eprinttype\}\{arxiv\}.*?\\verb\{eprint\}\s*\\verb 2211\.15661", bbl, re.S)
    assert re.search(r"\\entry\{noid\}\{misc\}.*?\\field\{howpublished\}\{arXiv preprint\}", bbl, re.S)
    assert re.search(r"\\entry\{byurl\}\{online\}.*?\\list\{organization\}\{1\}\{%\s*\{arXiv\}", bbl, re.S)
    result = _run(latex, tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]


# Greek letters and math symbols pdfLaTeX does not know (issue #17) ------------------------

# Titles no rule was written from, with characters pdfLaTeX's default input encoding rejects.
HELD_OUT_MATH_TITLES = [
    "Δ-Learning for β-VAEs: Regret ≤ √T and μP Transfer",
    "When ε → 0: Convergence of ∇-Free Methods in ℓ∞ Norm, with θ′ ≈ θ",
    "Ω(n log n) Lower Bounds for ∑-Products over ∅ ⊆ S",
]


@pytest.mark.parametrize("options", [None, ASCII], ids=["utf8", "ascii"])
@pytest.mark.parametrize(
    ("text", "written"),
    [
        pytest.param("ε-greedy", "{$\\varepsilon$}-greedy", id="epsilon"),
        pytest.param("β-VAE and Δ", "{$\\beta$}-VAE and {$\\Delta$}", id="beta-delta"),
        pytest.param("x ≤ y → ∞", "x {$\\leq$} y → {$\\infty$}", id="symbols"),  # → is known (textcomp)
        pytest.param("Μηχανική μάθηση", "Μηχανική μάθηση", id="greek-words-stay"),
    ],
)
def test_greek_letters_and_math_symbols_are_written_as_math(text, written, options):
    out = bibtex.escape(text, bool(options), math=True)
    assert out == written
    assert to_unicode(out) == text


def test_bibtex_reader_reads_the_math_back_as_the_character():
    from bibexport.readers import bibtex as reader

    (record,) = reader.read("@misc{k, title = {{$\\varepsilon$}-Greedy: $\\leq$ {$\\Gamma$} and $\\alpha_1$}}").records
    assert record.title == "ε-Greedy: ≤ Γ and $\\alpha_1$"
    assert not record.get_extra("bibtex.protected")  # the math braces are not case protection


def _math_title_records() -> list[Record]:
    made = [Record(id=f"heldout{i}", type="article", title=title, author=(Person("Ørsted", "Zoë"),),
                   issued=Date(2024, 5), categories=("cs.LG",), abstract=f"About {title}.",
                   fields=(("publisher", "arXiv"),)) for i, title in enumerate(HELD_OUT_MATH_TITLES)]
    return [*held_out_records(), *made]


@pytest.mark.parametrize("options", [None, ASCII], ids=["utf8", "ascii"])
@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_pdflatex_typesets_greek_and_math_symbols(tmp_path, flavour, options):
    """A held-out listing (a title with ε) and held-out titles with Greek letters and math
    symbols: pdfLaTeX with its default input encoding typesets the bibliography, no error."""
    _tool("pdflatex")
    _tool("bibtex" if flavour == "bibtex" else "biber")
    _tex_file("plainnat.bst" if flavour == "bibtex" else "biblatex.sty")
    records = _math_title_records()
    assert any("ε" in r.title for r in held_out_records())
    (tmp_path / "refs.bib").write_text(WRITERS[flavour](records, options), encoding="utf-8")
    if flavour == "bibtex":
        preamble, body, tool = "\\usepackage{natbib}", "\\bibliographystyle{plainnat}\n\\bibliography{refs}", "bibtex"
    else:
        preamble, body, tool = "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}", "\\printbibliography", "biber"
    (tmp_path / "doc.tex").write_text(LATEX_DOC.replace("\\usepackage[utf8]{inputenc}\n", "") % (preamble, body))
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "doc"]
    _run(latex, tmp_path)
    assert _run([tool, "doc"], tmp_path).returncode == 0
    result = _run(latex, tmp_path)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0 and "\n! " not in log and "not set up for use with LaTeX" not in log, log[-3000:]
    assert (tmp_path / "doc.pdf").exists()


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_a_kept_field_is_written_only_under_an_ascii_name(flavour):
    """pybtex (and BibTeX) take field names of ASCII letters, digits and .:+-_ only: 'a¹' made
    output pybtex could not parse (found by the fuzz tests' writer-side check)."""
    import pybtex.database

    record = Record(id="k", title="t", extra=(("bibtex.a¹", "0"), ("bibtex.note2", "kept")))
    text = getattr(bibtex, f"write_{flavour}")([record])
    assert "a¹ =" not in text and "note2 = {kept}" in text
    assert "annote = {bibtex.a¹: 0}" in text  # nothing is lost: a line of annote
    entries = pybtex.database.parse_string(text, "bibtex").entries
    assert list(entries) == ["k"] and entries["k"].fields["annote"] == "bibtex.a¹: 0"


# A field using a command of its file's @preamble (bibtex.@latex) ---------------------------

OWN_PREAMBLE = ("bibtex.@preamble", "\\providecommand{\\bibcyr}[1]{---}\\def\\MP{MetaPost}")


def _own(title="Влияние", latex="\\bibcyr{Влияние}", **changes):
    record = Record(id="k", type="article-journal", title=title, author=(Person("Klier", "E."),), issued=Date(1955),
                    extra=(("bibtex.@latex", latex), OWN_PREAMBLE))
    return record.replace(**changes)


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_a_field_still_holding_the_text_of_its_latex_is_written_as_that_latex(flavour):
    out = api.write([_own()], flavour)
    assert "title = {\\bibcyr{Влияние}}," in out
    assert out.count("@preamble{") == 1
    # Whitespace and markup aside (the title's text as normalized, a nocase span the reader adds)
    for title in ("Влияние ", '<span class="nocase">Влияние</span>'):
        assert "{\\bibcyr{Влияние}}" in api.write([_own(title)], flavour)


def test_any_field_with_that_text_is_written_as_that_latex():
    # "\\MP Manual": the reader's text of {\\MP} Manual (an unknown command without argument as written)
    record = _own("Manual", "{\\MP} Manual", fields=(("container-title", "\\MP Manual"), ("note", "\\MP Manual")))
    fields = _fields(record, "bibtex")
    assert fields["journal"] == fields["note"] == "{{\\MP} Manual}"
    assert fields["title"] == "{Manual}"  # its text is not the LaTeX's


def test_a_field_whose_text_changed_is_written_from_its_text():
    out = api.write([_own("Влияние освещения")], "bibtex")
    assert "bibcyr{" not in out.split("@article")[1] and "title = {Влияние освещения}" in out


def test_the_year_of_a_sorting_macro_is_written_back_for_bibtex_only():
    record = _own("T", "{\\noopsort{1973c}}1981", issued=Date(1981),
                  extra=(("bibtex.@latex", "{\\noopsort{1973c}}1981"), ("bibtex.@preamble", "\\def\\noopsort#1{}")))
    assert _fields(record, "bibtex")["year"] == "{{\\noopsort{1973c}}1981}"
    assert _fields(record, "biblatex")["date"] == "{1981}"  # biber parses a date: no LaTeX in it
    assert _fields(record.replace(issued=Date(1982)), "bibtex")["year"] == "1982"


def test_the_preamble_is_written_once_whichever_records_hold_it():
    records = [_own(id="a"), Record(id="b", title="B", extra=(OWN_PREAMBLE,)), _own(id="c")]
    out = api.write(records, "bibtex")
    assert out.count("@preamble{") == 1 and out.index("@preamble{") < out.index("@article{a,")
    assert out.count("{\\bibcyr{Влияние}}") == 2
    # A record left out by a filter took no @preamble with it: the one using its commands holds it.
    out = api.write(records[2:], "bibtex")
    assert out.count("@preamble{") == 1 and "{\\bibcyr{Влияние}}" in out


@pytest.mark.parametrize("extra", [
    pytest.param((("bibtex.@latex", "\\bibcyr{Влияние}"),), id="no-preamble"),
    pytest.param((("bibtex.@latex", "\\bibcyr{Влияние}"), ("bibtex.@preamble", "\\def\\x{\\}")), id="preamble-not-written"),
    pytest.param((("bibtex.@latex", "\\bibcyr{Влияние} \\}"), OWN_PREAMBLE), id="latex-some-reader-would-not-close"),
])
def test_latex_is_written_only_with_its_preamble_and_when_every_reader_closes_it(extra):
    text = "Влияние }" if "\\}" in extra[0][1] else "Влияние"  # the text of the LaTeX
    assert to_unicode(extra[0][1]) == text
    out = api.write([_own(text, extra=extra)], "bibtex")
    assert "\\bibcyr" not in out.split("@article")[1]


def test_ascii_output_writes_only_ascii_latex():
    assert "title = {Влияние}" in api.write([_own()], "bibtex", api.WriteOptions(ascii=True))
    out = api.write([_own("Manual for \\MP", "Manual for \\MP")], "bibtex", api.WriteOptions(ascii=True))
    assert "title = {Manual for \\MP}" in out
