"""How :func:`bibexport.readers.bibsyntax.split` cuts a ``.bib`` file, construct by construct.

Expected blocks come from what BibTeX 0.99d reads (checked with a .bst that prints each
entry's key and fields: ``bibtex`` on the same text), from biber 2.19 (``biber --tool``) where
the module follows biber (``@comment`` bodies), and from the module's documented recovery
(its docstring: an entry keeps the fields before an error, reading goes on at the next line
that starts an entry, lines are counted at ``\\n`` only).
"""

from __future__ import annotations

import pytest

from bibexport.readers.bibsyntax import split


def _blocks(text: str, first_line: int = 1):
    syntax = split(text, first_line)
    return [(b.kind, b.line, b.key, [(f.name, f.value, f.line) for f in b.fields]) for b in syntax.blocks]


def test_blocks_that_touch_are_all_read_as_bibtex_reads_them() -> None:
    # bibtex 0.99d reads k1 k2 k3 k5 k6 k7 k8 from this text, with the values shown below.
    text = ('@misc{k1,title={T1}}@misc{k2,title={T2},year=2002}@misc(k3,title="a"#"b"#{c},note={})\n'
            '@string(s={S}) @misc{k5}@misc{k6,title=s#"!",}@preamble{"p"}@misc{k7,title={{DNA}}}\n'
            "@misc{k8,note={}}\n")
    syntax = split(text)
    assert [(b.kind, b.line, b.key) for b in syntax.blocks] == [
        ("entry", 1, "k1"), ("entry", 1, "k2"), ("entry", 1, "k3"), ("string", 2, ""), ("entry", 2, "k5"),
        ("entry", 2, "k6"), ("preamble", 2, ""), ("entry", 2, "k7"), ("entry", 3, "k8")]
    fields = [[(f.name, f.value) for f in b.fields] for b in syntax.blocks]
    assert fields == [
        [("title", "{T1}")],
        [("title", "{T2}"), ("year", "2002")],
        [("title", '"a"#"b"#{c}'), ("note", "{}")],
        [("s", "{S}")],
        [],
        [("title", 's#"!"')],
        [],
        [("title", "{{DNA}}")],
        [("note", "{}")],
    ]
    assert syntax.blocks[2].type == "misc" and syntax.blocks[6].text == '"p"'
    assert syntax.errors == []


def test_a_value_with_nested_braces_ends_at_its_matching_brace_at_the_end_of_the_file() -> None:
    (entry,) = split("@misc{k, title = {{DNA} x}}").blocks
    assert [(f.name, f.value) for f in entry.fields] == [("title", "{{DNA} x}")] and entry.reason == ""


def test_comment_bodies_as_biber_reads_them() -> None:
    # biber --tool writes back @COMMENT{x}, @COMMENT{y} and the entries k0 k4 k5 k6.
    text = "@misc{k0, note = {(a)}}\n@comment{x}@misc{k4,title={T}}@comment(y)@misc{k5,title={U}}\n@misc(k6, note = {b})\n"
    syntax = split(text)
    assert [(b.kind, b.line, b.key, b.text) for b in syntax.blocks] == [("entry", 1, "k0", ""),
        ("comment", 2, "", "x"), ("entry", 2, "k4", ""), ("comment", 2, "", "y"), ("entry", 2, "k5", ""),
        ("entry", 3, "k6", "")]


def test_an_unclosed_comment_is_the_rest_of_its_line() -> None:
    # bibtex ignores the rest of an @comment line and reads k1 on the next line.
    text = "@comment{abc\n@misc{k1,title={T}}\n"
    assert [(b.kind, b.line, b.key, b.text) for b in split(text).blocks] == [
        ("comment", 1, "", "abc"), ("entry", 2, "k1", "")]
    # ... also on the last line of a file with no final newline
    text = "@misc{k1}\n@comment{abc"
    assert [(b.kind, b.line, b.key, b.text) for b in split(text).blocks] == [
        ("entry", 1, "k1", ""), ("comment", 2, "", "abc")]


def test_an_at_sign_before_an_entry_does_not_hide_it() -> None:
    # bibtex reads k1 (as type "@misc"): the entry after "@@" is not lost.
    (entry,) = split("x@@misc{k1, title={T1}, year=2000}\n").blocks
    assert (entry.kind, entry.key) == ("entry", "k1")
    assert [(f.name, f.value) for f in entry.fields] == [("title", "{T1}"), ("year", "2000")]


def test_free_text_that_starts_with_digits_before_the_first_entry() -> None:
    # bibtex: year 1999 for k.
    assert _blocks("2024\n@misc{k, year = 1999}\n") == [("entry", 2, "k", [("year", "1999", 2)])]


def test_lines_count_from_first_line_and_from_a_leading_newline() -> None:
    assert _blocks("\n@misc{a,\n  note = {x}}\n") == [("entry", 2, "a", [("note", "{x}", 3)])]
    assert _blocks("\n@misc{a,\n  note = {x}}\n", first_line=10) == [("entry", 11, "a", [("note", "{x}", 12)])]


def test_lines_stay_exact_when_an_error_lies_past_the_entry_where_reading_goes_on() -> None:
    # The braced title runs over the next entry to the "}" of line 6 and the entry fails at line 7;
    # reading goes on at line 4, the next line that starts an entry: the count goes back from 7 to 4.
    text = ("@misc{first}\n@article{bad,\n  title = {no end,\n@article{good,\n  title = {Fine}}\n}\n"
            "@misc{after,\n  note = {x}}\n")
    syntax = split(text)
    first, bad, good, after = syntax.blocks
    assert (first.line, bad.kind, bad.line, bad.key, bad.fields) == (1, "entry", 2, "bad", [])
    assert (bad.reason, bad.reason_line) == ("expected ',' or '}' after the value of 'title'", 7)
    assert [(f.name, f.value, f.line) for f in good.fields] == [("title", "{Fine}", 5)] and good.line == 4
    assert (after.line, [(f.name, f.line) for f in after.fields]) == (7, [("note", 8)])


# Each malformed entry: the entry with the fields before the error, why it failed and where;
# the entries on the following lines are read.
MALFORMED = [
    pytest.param("@misc{k,\n  = {x}}\n", [], "expected a field name", 2, id="no-field-name"),
    pytest.param("@misc{k,\n  title {x}}\n", [], "expected '=' after 'title'", 2, id="no-equals"),
    pytest.param("@misc{k,\n  year = 2000,\n  title = ,\n  note = {n}}\n", ["year"],
                 'expected a value: {...}, "...", a number or an @string name', 3, id="no-value"),
    pytest.param("@misc{k,\n  year = 2000,\n  title = {x} ;\n}\n", ["year"],
                 "expected ',' or '}' after the value of 'title'", 3, id="junk-after-value"),
    pytest.param("@misc(k,\n  title = {x} ;\n)\n", [], "expected ',' or ')' after the value of 'title'", 2,
                 id="junk-after-value-parens"),
    pytest.param('@misc{k,\n  year = 2000,\n  title = "ab}\n}\n', ["year"],
                 "a '}' with no '{' inside a quoted value", 3, id="quoted-closing-brace"),
]


@pytest.mark.parametrize(("entry", "kept", "reason", "line"), MALFORMED)
def test_a_malformed_entry_keeps_its_earlier_fields_and_says_why_and_where(
    entry: str, kept: list[str], reason: str, line: int
) -> None:
    text = "@misc{before}\n" + entry + "@misc{next1}\n  @misc{next2}\n"
    syntax = split(text)
    before, broken, next1, next2 = syntax.blocks
    assert (broken.kind, broken.line, broken.key) == ("entry", 2, "k")
    assert [f.name for f in broken.fields] == kept
    assert (broken.reason, broken.reason_line) == (reason, line + 1)
    lines = 1 + entry.count("\n")
    assert [(b.kind, b.key, b.line) for b in (before, next1, next2)] == [
        ("entry", "before", 1), ("entry", "next1", lines + 1), ("entry", "next2", lines + 2)]


# A value never closed runs to the end of the file: the entry ends there, with its earlier fields.
NEVER_CLOSED = [
    pytest.param("@misc{k,\n  year = 2000,\n  title = {a {b}\n", "a '{' that is never closed", id="nested-brace"),
    pytest.param("@misc{k,\n  year = 2000,\n  title = {abc\n", "a '{' that is never closed", id="brace"),
    pytest.param('@misc{k,\n  year = 2000,\n  title = "abc\n', "a '\"' that is never closed", id="quote"),
]


@pytest.mark.parametrize(("text", "reason"), NEVER_CLOSED)
def test_a_value_never_closed_ends_the_entry_at_the_value(text: str, reason: str) -> None:
    (entry,) = split(text).blocks
    assert (entry.kind, entry.key, [f.name for f in entry.fields]) == ("entry", "k", ["year"])
    assert (entry.reason, entry.reason_line) == (reason, 3)


def test_junk_after_the_key_is_an_error_at_its_line_and_the_next_entries_are_read() -> None:
    # bibtex: "I was expecting a `,' or a `}'---line 2" (it keeps k with no field; here the block
    # fails whole, which is not asserted either way).
    syntax = split("@misc{before}\n@misc{k ;\n  title = {T}}\n@misc{next1}\n  @misc{next2}\n")
    before, broken, next1, next2 = syntax.blocks
    assert (broken.line, broken.reason, broken.reason_line) == (2, "expected a ',' after the citation key", 2)
    assert [(b.kind, b.key, b.line) for b in (before, next1, next2)] == [
        ("entry", "before", 1), ("entry", "next1", 4), ("entry", "next2", 5)]


def test_a_block_that_is_not_an_entry_fails_whole_with_its_first_line() -> None:
    text = '@preamble{"p" "q"}\n@string{s = {a}\n  junk}\n@misc{k1}\n@misc{k2}\n@string{ = "x"}'
    syntax = split(text)
    assert [(b.kind, b.line, b.type, b.text, b.reason, b.reason_line) for b in syntax.blocks] == [
        ("failed", 1, "preamble", '@preamble{"p" "q"}', "expected '}' after the @preamble value", 1),
        ("failed", 2, "string", "@string{s = {a}", "expected ',' or '}' after the value of 's'", 3),
        ("entry", 4, "misc", "", "", 0),
        ("entry", 5, "misc", "", "", 0),
        ("failed", 6, "string", '@string{ = "x"}', "expected a field name", 6),
    ]


def test_missing_commas_are_errors_with_their_messages_and_lines() -> None:
    text = "@article{test\n  title = {T1}\n  year = 2000\n}\n"
    syntax = split(text)
    (entry,) = syntax.blocks
    assert [(f.name, f.value, f.line) for f in entry.fields] == [("title", "{T1}", 2), ("year", "2000", 3)]
    assert syntax.errors == [
        (2, "missing comma after the citation key 'test'; read as if it were there: add the comma"),
        (3, "missing comma between fields 'title' and 'year' (BibTeX stops the entry here); "
            "read as if it were there: add the comma"),
    ]
