"""Rich text: CSL-JSON's markup (citeproc-js's HTML-like tags) and its LaTeX form."""

from __future__ import annotations

import pytest

from bibexport.latex import to_unicode
from bibexport.richtext import (
    MAX_DEPTH,
    NOCASE,
    Span,
    from_latex,
    parse,
    plain,
    to_latex,
    to_markup,
)


@pytest.mark.parametrize(
    ("text", "nodes"),
    [
        ("On <i>Things</i>", ("On ", Span("i", ("Things",)))),
        ("<b>x<sup>2</sup></b>", (Span("b", ("x", Span("sup", ("2",)))),)),
        ('<span class="nocase">DNA</span> repair', (Span(NOCASE, ("DNA",)), " repair")),
        ('<span style="font-variant:small-caps;">Here</span>', (Span("sc", ("Here",)),)),
        ('<span style="font-variant: small-caps;">Here</span>', (Span("sc", ("Here",)),)),  # the CSL suite's spacing
        ("a < b and <i>open", ("a < b and <i>open",)),  # not markup: text
        ("<u>under</u>", ("<u>under</u>",)),  # a tag CSL does not define
        ("", ()),
    ],
)
def test_parse(text: str, nodes: tuple) -> None:
    assert parse(text) == nodes


def test_plain_and_markup_round_trip() -> None:
    text = 'On <i>Things</i> and <span class="nocase">DNA</span> H<sub>2</sub>O'
    assert plain(text) == "On Things and DNA H2O"
    assert to_markup(parse(text)) == text


def test_to_latex_uses_the_text_commands_and_braces_for_nocase() -> None:
    text = 'On <i>Things</i>, <b>b</b>, <sup>s</sup>, <sub>u</sub>, <span style="font-variant:small-caps;">c</span>, ' \
           '<span class="nocase">N</span>'
    assert to_latex(text, lambda t: t.replace("&", r"\&")) == \
        r"On \textit{Things}, \textbf{b}, \textsuperscript{s}, \textsubscript{u}, \textsc{c}, {N}"


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"On \textit{Things}", "On <i>Things</i>"),
        (r"\emph{Caf\'e} and \textbf{b\textsuperscript{2}}", "<i>Café</i> and <b>b<sup>2</sup></b>"),
        (r"{\textit{x}} y", "<i>x</i> y"),
        (r"H\textsubscript{2}O in \textsc{Caps}", 'H<sub>2</sub>O in <span style="font-variant:small-caps;">Caps</span>'),
        (r"no \"o command", "no ö command"),
    ],
)
def test_from_latex(latex: str, text: str) -> None:
    assert from_latex(latex, to_unicode) == text


@pytest.mark.parametrize("text", ["<i>x " * 10_000, "<b>" * 10_000 + "y" + "</b>" * 10_000, "</i><b>" * 10_000])
def test_long_runs_of_tags_parse_without_recursion(text: str) -> None:
    # A title of many tags (pasted HTML, a fuzzer) is read like any other: no RecursionError.
    assert to_markup(parse(text)) == text
    assert len(plain(text)) <= len(text)


def test_spans_nest_to_max_depth_and_deeper_tags_are_text() -> None:
    text = "<b>" * MAX_DEPTH + "y" + "</b>" * MAX_DEPTH
    assert plain(text) == "y"
    deeper = "<i>" + text + "</i>"
    assert to_markup(parse(deeper)) == deeper and "y" in plain(deeper)


def test_a_closing_tag_drops_spans_left_open_inside_it() -> None:
    assert parse("<i>a<b>c</i>") == (Span("i", ("a<b>c",)),)
    assert parse("<b>x<i>y</b>z</i>") == (Span("b", ("x<i>y",)), "z</i>")
