"""Rich text: CSL-JSON's markup (citeproc-js's HTML-like tags) and its LaTeX form."""

from __future__ import annotations

import pytest

from bibexport.latex import to_unicode
from bibexport.richtext import (
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
