"""The CSL-YAML writer against YAML and pandoc's Markdown (tests/MUTATION.md, writers/cslyaml).

Expected values come from the YAML 1.2 spec (plain scalars, double-quoted escapes, c-printable
characters; YAML 1.1's booleans and null words, and its line breaks NEL, LS, PS), PyYAML as an
independent reader, pandoc's Markdown manual (backslash escapes of ASCII punctuation; ``*x*``,
``**x**``, ``^x^``/``~x~`` with escaped spaces, ``[x]{.smallcaps}``, a hard line break as a
backslash before the new line) and the writer's docstring (a date of one date-parts list as one
EDTF string, as pandoc writes it).
"""

from __future__ import annotations

import pytest
import yaml

from bibexport.model import Date, Person, Record
from bibexport.writers import cslyaml


def _cases(values: list) -> list:
    """Numbered ids: the values hold backslashes, line breaks and control characters."""
    return [pytest.param(*(v if isinstance(v, tuple) else (v,)), id=f"case{i}") for i, v in enumerate(values)]


# --- scalars -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, written", _cases([
    (None, "null"), (True, "true"), (False, "false"), (0, "0"), (2022, "2022"), (-3, "-3"), (1.5, "1.5"),
    ("abc", "abc"), ("Jane Doe", "Jane Doe"), ("Émile", "Émile"), ("a-b.c", "a-b.c"),
]))
def test_scalars_written_plain(value, written):
    assert cslyaml.scalar(value) == written
    assert yaml.safe_load(f"k: {written}")["k"] == value


@pytest.mark.parametrize("text", _cases([
    "yes", "No", "ON", "off", "y", "N", "true", "False", "null", "Null",  # YAML 1.1 booleans and null
    "", " a", "a ", "3 apples", "12", "-x", "_x", "a: b", "a:b", "a #b", "#a", "a\tb", "a\nb", "[a]", "{a}",
    "'a'", '"a"', "*a", "&a", "!a", "%a", "@a", "|a", ">a", "?a",
]))
def test_strings_yaml_would_read_otherwise_are_double_quoted(text):
    written = cslyaml.scalar(text)
    assert written.startswith('"') and written.endswith('"'), written
    assert yaml.safe_load(f"k: {written}")["k"] == text


@pytest.mark.parametrize("char, escape", _cases([
    ("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\ufeff", "\\ufeff"),  # YAML 1.1 breaks, BOM
    ("\x7f", "\\u007f"), ("\x9f", "\\u009f"), ("\ufffe", "\\ufffe"), ("\uffff", "\\uffff"),  # not c-printable
    ("\x07", "\\u0007"),
]))
def test_characters_a_yaml_stream_may_not_hold_are_escaped(char, escape):
    written = cslyaml.scalar(f"a{char}b")
    assert written == f'"a{escape}b"'
    assert yaml.safe_load(f"k: {written}")["k"] == f"a{char}b"


@pytest.mark.parametrize("char", _cases(["\xa0", "\ud7ff", "\ue000", "\ufffd", "\U0001f600", "\U0010fffd"]))
def test_printable_characters_stay_raw_in_a_quoted_scalar(char):
    written = cslyaml.scalar(f"a: {char}")
    assert char in written and yaml.safe_load(f"k: {written}")["k"] == f"a: {char}"


def test_a_character_above_the_bmp_that_must_be_escaped_uses_the_long_form():
    # U+E0001 (LANGUAGE TAG) is printable for YAML but not for Python: quoted, written raw; a
    # noncharacter of plane 1 is printable for YAML too.  Only BMP characters need \\u escapes
    # here, and the long form is \\U followed by eight hex digits.
    assert cslyaml._ESCAPE.sub(lambda m: m[0], "\U0001f600") == "\U0001f600"
    assert cslyaml.scalar("a\U000e0001") == '"a\U000e0001"'


# --- Markdown -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, written", _cases([
    ("a*b_c", "a\\*b\\_c"), ("`x`", "\\`x\\`"), ("[a]", "\\[a\\]"), ("<a>", "\\<a\\>"), ("~x^", "\\~x\\^"),
    ("@key", "\\@key"), ("a|b", "a\\|b"), ("$5", "\\$5"), ("#1", "\\#1"), ("a\\b", "a\\\\b"),
    ("a--b", "a\\--b"), ("a---b", "a\\-\\--b"), ("a-b", "a-b"),  # only a dash before a dash
    ("a...", "a\\..."), ("a..", "a.."), ("a.", "a."),
    ("&amp; &#38; & &x", "\\&amp; \\&\\#38; & &x"),  # only an & that starts an entity (and every #)
    ("a\nb", "a\\\nb"),  # a hard line break
]))
def test_markdown_escapes(text, written):
    assert cslyaml.markdown(text) == written


@pytest.mark.parametrize("title, written", _cases([
    ("plain *title*", "plain \\*title\\*"),
    ("<i>x</i> y", "*x* y"),
    ("<b>x</b>", "**x**"),
    ("E = mc<sup>2 a</sup>", "E = mc^2\\ a^"),
    ("H<sub>2</sub>O", "H~2~O"),
    ('<span style="font-variant:small-caps;">Sc</span>', "[Sc]{.smallcaps}"),
    ('<span class="nocase">iPhone</span>', "[iPhone]{.nocase}"),
    ("<sup><i>a b</i></sup>", "^*a\\ b*^"),
    # pandoc: no unescaped space inside ^...^; "\\\\" is an escaped backslash, so the space after it
    # is escaped too (the backslash of the title, then an escaped space)
    ("<sup>a\\ b</sup>", "^a\\\\\\ b^"),
    ("<sub>a  b</sub>", "~a\\ \\ b~"),
]))
def test_rich_text_titles_as_markdown_spans(title, written):
    assert cslyaml.rich_markdown(title) == written


# --- dates ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("date, written", _cases([
    ({"date-parts": [[2022, 11, 28]]}, "2022-11-28"),
    ({"date-parts": [[2022, 1]]}, "2022-01"),
    ({"date-parts": [[2022]]}, "2022"),
    ({"date-parts": [[5]]}, "0005"),
    ({"date-parts": [[1]]}, "0001"),
    ({"date-parts": [[9999, 12, 31]]}, "9999-12-31"),
]))
def test_a_date_of_one_date_parts_list_is_edtf(date, written):
    assert cslyaml._edtf(date) == written


@pytest.mark.parametrize("date", _cases([
    {"date-parts": [[10000]]}, {"date-parts": [[0]]}, {"date-parts": [[-380]]},  # no four-digit EDTF year
    {"date-parts": [[2020], [2021]]},  # a range
    {"date-parts": [[2020]], "circa": True}, {"date-parts": [[2020]], "season": 1},  # more than the parts
    {"date-parts": [[2020, 1, 2, 3]]}, {"date-parts": [[]]}, {"date-parts": []}, {"literal": "x"},
]))
def test_other_dates_stay_csl_objects(date):
    assert cslyaml._edtf(date) == date


def test_only_the_issued_date_is_written_as_edtf():
    record = Record(id="k", type="book", title="t", issued=Date(2022, 11, 28), dates=(("accessed", Date(2023, 1, 2)),))
    (item,) = yaml.safe_load(cslyaml.write([record]))["references"]
    assert item["issued"] == "2022-11-28"
    assert item["accessed"] == {"date-parts": [[2023, 1, 2]]}


# --- the document ---------------------------------------------------------------------------------

def test_no_records_is_an_empty_references_list():
    assert cslyaml.dump([]) == "---\nreferences: []\n...\n"
    assert cslyaml.write([]) == "---\nreferences: []\n...\n"


def test_block_layout_of_mappings_sequences_and_empty_values():
    items = [{"id": "k", "a": {}, "b": [], "c": {"d": [1, {"e": "f", "g": [2]}], "h": None}, "yes": [[1, 2], []]}]
    assert cslyaml.dump(items) == (
        "---\n"
        "references:\n"
        "- id: k\n"
        "  a: {}\n"
        "  b: []\n"
        "  c:\n"
        "    d:\n"
        "    - 1\n"
        "    - e: f\n"
        "      g:\n"
        "      - 2\n"
        "    h: null\n"
        '  "yes":\n'
        "  - - 1\n"
        "    - 2\n"
        "  - []\n"
        "...\n"
    )
    assert yaml.safe_load(cslyaml.dump(items))["references"] == items


def test_titles_are_rich_markdown_and_other_strings_plain_markdown():
    record = Record(id="k", type="chapter", title="<i>A</i> *b*", author=(Person("Doe_x", "Jane"),),
                    fields=(("container-title", "<b>C</b>"), ("note", "<i>n</i>")))
    (item,) = yaml.safe_load(cslyaml.write([record]))["references"]
    assert item["title"] == "*A* \\*b\\*"
    assert item["container-title"] == "**C**"
    assert item["note"] == "\\<i\\>n\\</i\\>"
    assert item["author"] == [{"family": "Doe\\_x", "given": "Jane"}]
