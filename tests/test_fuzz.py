"""Every reader fuzzed with Hypothesis: whatever the text, a reader returns records and
problems (or raises a :class:`BibexportError`), every problem has a line in the file, and
every record it returns is written in every format as output that the format's real consumer
reads: CSL-JSON by ``json`` and the CSL schema, BibTeX/BibLaTeX by bibtexparser and pybtex,
RIS by rispy, HTML by ``html.parser`` (elements nest), Markdown by markdown-it.

Inputs are built from each format's own tokens mixed with arbitrary text, so that the
examples reach deep into the parsers; a few hundred examples per reader keep this fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport import api
from bibexport.errors import BibexportError
from bibexport.normalize import normalize
from bibexport.model import Record

from .conftest import DATA
from .writers.test_formatted import NestingChecker

SOURCE = "fuzz.txt"
AS_OF = dt.date(2026, 11, 25)
FAST_WRITERS = ("bibtex", "biblatex", "csljson", "ris")
# No database=: the active profile's (tests/conftest.py) keeps failing examples under CI.
FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

_ANY = st.text(max_size=12)
_ODD = st.sampled_from(["\x00", "\x07", "\x1b[2J", "\x0b", "\x0c", "\x85", "\u2028", "\r", "\r\n", "\t", "\ufeff",
                        "\u200b", "é", "ü", "😀", "中文", "\\", "{", "}", '"', "'", "$", "%", "#", "&", "~", "^"])

TOKENS = {
    "listing": ["LGNov 28, 2022", "AIJan 31, 2023Code", "ZZ-TOPMay 5", "CV Dec 1, 2020", "\n", "\n", "\n",
                "Title of a Paper", "Jane Doe", ", ", "John van der Berg", " Jr.", " et al.", " · ", "mit, cmu",
                "An abstract.", "Ekin Akyürek", "DNA", "GPT-4V", "ModelsEkin", "Code", " "],
    "bibtex": ["@article{", "@misc(", "@string{", "@preamble{", "@comment{", "@inproceedings{key,", "key,", "\n",
               "title = ", "author = ", "editor = ", "year = ", "month = ", "date = ", "crossref = ", "journal = ",
               "eprint = ", "archivePrefix = {arXiv}", "primaryClass = ", "note = ", "annote = ", "keywords = ",
               "{", "}", "{", "}", '"', "#", ",", "=", " and ", " and others", "jan", "2020", "2020-05-01",
               "{\\\"u}", "\\'e", "\\c{c}", "$x^2$", "{DNA}", "von ", "Jr, ", "\\input{x}", "%", "@", "\\"],
    "ris": ["TY  - JOUR", "TY  - GEN", "ER  - ", "AU  - ", "A1  - ", "TI  - ", "T1  - ", "PY  - ", "Y1  - ",
            "DA  - ", "KW  - ", "N1  - ", "AB  - ", "JO  - ", "SP  - ", "EP  - ", "UR  - ", "DO  - ", "\n", "\n",
            "\r\n", "Doe, Jane", "2020///", "2020/05/01/", "1999", "arXiv categories: cs.LG", "Code: available",
            "  ", "TY  -", "XX  - x", " - "],
}
TOKENS["biblatex"] = TOKENS["bibtex"] + ["@online{", "eprinttype = ", "eprintclass = ", "journaltitle = ",
                                         "date = {2020/2021}", "date = {2020-21}", "location = "]


_VALUE = st.lists(st.one_of(_ODD, _ANY, st.sampled_from(["Jane Doe", "van der Berg, Jr., Jan", "{DNA}", "2020",
                                                          "\\input{x}", " and ", "$x$", "et al."])),
                  max_size=6).map("".join)
_GOOD_NAME = st.sampled_from(["Jane Doe", "Ekin Akyürek", "Laurens van der Maaten", "Martin Luther King Jr.",
                               "李明", "J. R. R. Tolkien", "Ada Lovelace", "Zoë O'Neil-Smith"])
_NAME = st.one_of(_GOOD_NAME, _GOOD_NAME, _GOOD_NAME, _VALUE)


def _listing_record() -> st.SearchStrategy[str]:
    header = st.tuples(st.sampled_from(["LG", "AI", "CV", "ZZ-TOP", "QUANT-PH", "cs"]),
                       st.sampled_from(["Nov 28, 2022", "Jan 3", "May 5, 1999", "Feb 30, 2023", "Dec 1"]),
                       st.sampled_from(["", "Code", " Code"])).map("".join)
    title = st.one_of(st.sampled_from(["A Study of Things", "DNA: What {GPT-4V} Sees", "Über $x^2$ & 50% of #1_"]),
                      st.tuples(st.sampled_from(["Learning ", "Models of "]), _VALUE).map("".join))
    title_line = st.tuples(title, st.lists(_NAME, min_size=1, max_size=5).map(", ".join),
                           st.sampled_from(["", " et al.", ", et al"]),
                           st.sampled_from(["", " · mit", " · mit, google-research", " · "])).map("".join)
    return st.tuples(header, title_line, st.lists(_VALUE, max_size=3)).map(
        lambda t: "\n".join([t[0], t[1], *t[2]]) + "\n")


def _bibtex_record(types: list[str], names: list[str]) -> st.SearchStrategy[str]:
    value = st.one_of(_VALUE.map(lambda v: "{" + v + "}"), _VALUE.map(lambda v: '"' + v + '"'),
                      st.sampled_from(["jan", "2020", "foo # {bar}", "{unbalanced", "}"]))
    field = st.tuples(st.sampled_from(names), value).map(lambda f: f"  {f[0]} = {f[1]}")
    return st.tuples(st.sampled_from(types), _VALUE, st.lists(field, max_size=8)).map(
        lambda t: f"@{t[0]}{{{t[1]},\n" + ",\n".join(t[2]) + "\n}\n")


def _ris_record() -> st.SearchStrategy[str]:
    tag = st.sampled_from(["AU", "A1", "A2", "ED", "TI", "T1", "T2", "JO", "PY", "Y1", "DA", "KW", "N1", "AB", "SP",
                           "EP", "VL", "IS", "UR", "DO", "SN", "PB", "M3", "ID", "XX", "ER", "TY"])
    line = st.tuples(tag, _VALUE).map(lambda t: f"{t[0]}  - {t[1]}")
    return st.tuples(st.sampled_from(["JOUR", "GEN", "BOOK", "CHAP", "CPAPER", "ELEC", "??", ""]),
                     st.lists(st.one_of(line, _VALUE), max_size=10), st.booleans()).map(
        lambda t: f"TY  - {t[0]}\n" + "\n".join(t[1]) + ("\nER  - \n" if t[2] else "\n"))


RECORDS = {
    "listing": _listing_record(),
    "bibtex": _bibtex_record(["article", "misc", "inproceedings", "book", "online", "unknown", "string", "comment"],
                             ["title", "author", "editor", "year", "month", "date", "journal", "booktitle", "eprint",
                              "archivePrefix", "primaryClass", "crossref", "note", "annote", "keywords", "abstract",
                              "pages", "doi", "url", "number", "publisher", "school", "type", "owner"]),
    "ris": _ris_record(),
}
RECORDS["biblatex"] = _bibtex_record(["online", "article", "thesis", "report", "xdata", "set"],
                                     ["title", "author", "date", "eprinttype", "eprintclass", "journaltitle",
                                      "location", "pubstate", "xdata", "crossref", "langid", "eprint"])


def _format_text(fmt: str) -> st.SearchStrategy[str]:
    piece = st.one_of(st.sampled_from(TOKENS[fmt]), _ODD, _ANY)
    soup = st.lists(piece, max_size=80).map("".join)
    records = st.lists(st.one_of(RECORDS[fmt], soup), min_size=1, max_size=4).map("\n".join)
    return st.one_of(records, records, soup, st.text(max_size=200))


# CSL-JSON: JSON values shaped like CSL items, plus raw text near JSON (broken, escaped, nested).
_CSL_KEYS = st.sampled_from(["id", "type", "title", "author", "editor", "issued", "accessed", "categories",
                             "keyword", "note", "abstract", "DOI", "URL", "container-title", "volume", "page",
                             "citation-key", "family", "given", "literal", "date-parts", "raw", "season", "items",
                             "non-dropping-particle", "suffix", "_graph"])
_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["2020", "2020-05", "article-journal", "arXiv:2211.15661",
                                                           "bibtex.note: x", "arXiv categories: cs.LG"]))
_JSON = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(_CSL_KEYS, inner, max_size=6)), max_leaves=25)
_ITEMS = st.lists(st.fixed_dictionaries({"id": _SCALAR, "type": st.sampled_from(["article", "book", "chapter", ""]),
                                          "title": _SCALAR}, optional={k: _JSON for k in ("author", "issued", "note",
                                          "editor", "categories", "keyword", "DOI", "accessed", "abstract")}),
                  max_size=4)
_JSON_TEXT = st.one_of(
    st.tuples(st.one_of(_ITEMS, _ITEMS, _JSON), st.sampled_from([None, 1, 2])).map(
        lambda v: json.dumps(v[0], indent=v[1])),
    st.lists(st.one_of(st.sampled_from(['[', ']', '{', '}', ',', ':', '"id"', '"title"', '"author"', '"issued"',
                                        '"date-parts"', '"\\ud800"', '"\\udc00x"', '"\\ud83d\\ude00"', 'null', '1e999',
                                        '"\\u0000"', "\n"]), _ANY), max_size=60).map("".join),
)


def _bibtex_entries(text: str) -> int:
    import bibtexparser
    import pybtex.database

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [], [b.error for b in library.failed_blocks]
    assert len(pybtex.database.parse_string(text, "bibtex").entries) == len(library.entries)
    return len(library.entries)


def _html_elements_nest(text: str) -> None:
    checker = NestingChecker()
    checker.feed(text)
    checker.close()
    assert checker.stack == []


@functools.cache
def _csl_validator():
    import jsonschema

    schema = json.loads((DATA / "csl-data.json").read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def assert_valid(records: tuple[Record, ...], fmt: str, text: str) -> None:
    """``text``, written from ``records`` as ``fmt``, reads with the format's real consumer."""
    text.encode("utf-8")
    if fmt == "csljson":
        items = json.loads(text)
        assert [e.message for e in _csl_validator().iter_errors(items)] == [] and len(items) == len(records)
    elif fmt in ("bibtex", "biblatex"):
        assert _bibtex_entries(text) == len(records)
    elif fmt == "ris":
        import rispy

        assert len(rispy.loads(text)) == len(records)
    elif fmt == "html":
        _html_elements_nest(text)
    elif fmt == "markdown":
        from markdown_it import MarkdownIt

        MarkdownIt("commonmark").parse(text)


@pytest.fixture
def consumers() -> None:
    """Skips, with the reason, when a consumer is not installed (all are in the test extra)."""
    for module in ("bibtexparser", "pybtex", "rispy", "jsonschema", "markdown_it"):
        pytest.importorskip(module)


def _check(fmt: str, text: str) -> None:
    lines = text.count("\n") + text.count("\r") + 1
    try:
        result = api.read_text(text, fmt, source=SOURCE, as_of=AS_OF)
    except BibexportError as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip()
        return
    for problem in result.problems:
        assert problem.line is not None and 1 <= problem.line <= lines, problem
        assert str(problem).startswith(f"{SOURCE}:{problem.line}: ")
    records = api.prepare(map(normalize, result.records))
    for out in FAST_WRITERS:
        assert_valid(records, out, api.write(records, out))


@pytest.mark.parametrize("fmt", ["listing", "bibtex", "biblatex", "ris"])
def test_reader_never_crashes_and_gives_lines(fmt, consumers):
    @FUZZ
    @given(_format_text(fmt))
    def run(text: str) -> None:
        _check(fmt, text)

    run()


@FUZZ
@given(_JSON_TEXT)
def test_csljson_reader_never_crashes_and_gives_lines(consumers, text):
    _check("csljson", text)


def test_csljson_unpaired_surrogate_escapes_do_not_break_the_output(consumers):
    _check("csljson", '[{"id": "a", "type": "article", "title": "lone \\ud800 surrogate"}]')


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from(["listing", "csljson", "bibtex", "ris", None]))
def test_any_bytes_through_the_file_api(tmp_path_factory, consumers, data, fmt):
    path = tmp_path_factory.mktemp("fuzz") / "input.dat"
    path.write_bytes(data)
    try:
        result = api.read(path, fmt, as_of=AS_OF)
    except BibexportError:
        return
    assert all(p.line is not None and p.source == str(path) for p in result.problems)
    records = api.prepare(result.records)
    for out in FAST_WRITERS:
        assert_valid(records, out, api.write(records, out))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_format_text("bibtex"))
def test_formatted_writers_take_whatever_a_reader_gives(consumers, text):
    records = api.prepare(map(normalize, api.read_text(text, "bibtex", source=SOURCE).records))
    for out in ("text", "html", "markdown"):
        assert_valid(records, out, api.write(records, out))
