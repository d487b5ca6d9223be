"""LaTeX <-> Unicode: decoding follows LaTeX's own meaning of each command; encoding round-trips."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport import latex
from bibexport.latex import protected_words, to_latex, to_unicode


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        pytest.param(r'{\"u}ber', "über", id="braced-umlaut"),
        pytest.param(r'\"{u}ber', "über", id="umlaut-braced-argument"),
        pytest.param(r'\"uber', "über", id="umlaut-bare"),
        pytest.param(r"caf\'e", "café", id="acute-bare"),
        pytest.param(r"{\l}{\'o}d{\'z}", "łódź", id="l-stroke"),
        pytest.param(r"{\c{C}}a{\c c}", "Çaç", id="cedilla-letter-accent"),
        pytest.param(r"Stra\ss e", "Straße", id="eszett-eats-space"),
        pytest.param(r"Stra{\ss}e", "Straße", id="eszett-braced"),
        pytest.param(r"Garc{\'\i}a", "García", id="dotless-i"),
        pytest.param(r"\v{S}koda", "Škoda", id="caron"),
        pytest.param(r"Erd\H{o}s", "Erdős", id="hungarian-umlaut"),
        pytest.param(r"\'{\"u}", "ǘ", id="nested-accents"),
        pytest.param(r"{\o}re {\AA}se {\ae}", "øre Åse æ", id="nordic-letters"),
        pytest.param("pages 1--10", "pages 1–10", id="en-dash"),
        pytest.param("yes---no", "yes—no", id="em-dash"),
        pytest.param("``quoted''", "“quoted”", id="tex-quotes"),
        pytest.param(r"R\&D at 50\% \$5 \#1 a\_b", "R&D at 50% $5 #1 a_b", id="escaped-specials"),
        pytest.param("Figure~1", "Figure\u00a01", id="tilde-nbsp"),
        pytest.param(r"\emph{Deep} \textbf{and} \textit{wide}", "Deep and wide", id="formatting-kept-text"),
        pytest.param("{DNA} of {T}he {Bayesian} kind", "DNA of The Bayesian kind", id="case-braces-dropped"),
        pytest.param(r"$\alpha_1$-stable {L}{\'e}vy", r"$\alpha_1$-stable Lévy", id="math-kept"),
        # one symbol in math is that symbol (the writer spells Greek letters pdfLaTeX lacks so; #17)
        pytest.param(r"$\alpha$-stable {$\Gamma$} $\leq$", "α-stable Γ ≤", id="one-symbol-math"),
        pytest.param(r":C$\backslash$:/Users", ":C\\:/Users", id="mendeley-backslash-math"),
        pytest.param(r"\~{} and \^{}", "~ and ^", id="accent-on-nothing"),
        pytest.param(r"\textbackslash{}n", "\\n", id="textbackslash"),
        pytest.param("two\n   lines\tand  tabs", "two lines and tabs", id="whitespace-collapsed"),
        pytest.param(r"\LaTeX{} and \TeX", "LaTeX and TeX", id="logos"),
        pytest.param("plain text, nothing to do", "plain text, nothing to do", id="fast-path"),
        pytest.param(r"\unknowncmd stays", r"\unknowncmd stays", id="unknown-command-kept"),
    ],
)
def test_to_unicode(latex: str, text: str) -> None:
    assert to_unicode(latex) == text


@pytest.mark.parametrize(
    ("text", "ascii", "latex"),
    [
        pytest.param("Müller", True, r'M{\"u}ller', id="umlaut"),
        pytest.param("Müller", False, "Müller", id="utf8-kept"),
        pytest.param("Łódź", True, r"{\L}{\'o}d{\'z}", id="symbol-letters"),
        pytest.param("Çedilla", True, r"{\c{C}}edilla", id="letter-accent"),
        pytest.param("Straße", True, r"Stra{\ss}e", id="eszett"),
        pytest.param("R&D 50% $5 #1 a_b {x}", False, r"R\&D 50\% \$5 \#1 a\_b \{x\}", id="specials"),
        pytest.param("1–10 and a—b", False, "1--10 and a---b", id="dashes"),
        pytest.param("a--b", False, "a-{}-b", id="literal-double-hyphen"),
        pytest.param(r"\input{x}", False, r"\textbackslash{}input\{x\}", id="no-command-injection"),
        pytest.param("$x^{2}$ loss", False, "$x^{2}$ loss", id="math-kept"),
        pytest.param("日本語", True, "日本語", id="no-latex-spelling-kept"),
    ],
)
def test_to_latex(text: str, ascii: bool, latex: str) -> None:
    assert to_latex(text, ascii=ascii) == latex


_LONG_PLAIN = "a" * 60 + " "


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        pytest.param(
            _LONG_PLAIN + "R&D 50% #1 a_b ~x^ \\emph 1–2 a—b “q” n\u00a0b\u2009c",
            _LONG_PLAIN + r"R\&D 50\% \#1 a\_b \textasciitilde{}x\textasciicircum{} \textbackslash{}emph 1--2 a---b ``q'' n~b\,c",
            id="long-specials",
        ),
        pytest.param(_LONG_PLAIN + "a--b –-", _LONG_PLAIN + "a-{}-b --{}-", id="long-ligature-pairs"),
        pytest.param(_LONG_PLAIN + "$x_1$ & {y}", _LONG_PLAIN + r"$x_1$ \& \{y\}", id="long-math-and-braces"),
    ],
)
def test_to_latex_long_text(text: str, latex: str) -> None:
    """Long text (abstracts) takes a shortcut without the per-character regex callback."""
    assert to_latex(text) == latex


_LONG_TRICKY = st.lists(
    st.sampled_from(list("\\{}$'`-~^_%&# aZé\u0301ıł–—“”\u00a0\u2009ǘ日\x85\t") + ["$x$", r"\\emph", "plain words "]),
    min_size=20,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_LONG_TRICKY, _LONG_TRICKY.map(lambda t: re.sub("[{}$]", "", t))))
def test_to_latex_shortcut_matches_regex_pass(text: str) -> None:
    """The shortcut for long text gives exactly what the single regex pass gives."""
    assert to_latex(text) == latex._ENCODE_TOKEN.sub(latex._encode_token, text)


def test_protected_words() -> None:
    value = r"The {DNA} of {\"U}ber {Bayesian Networks} \emph{in} {T}oday"
    assert protected_words(value) == ("DNA", "Bayesian Networks", "Today")


def test_protected_words_take_the_whole_word_a_brace_group_is_part_of() -> None:
    """xampl.bib's ``{F}rench``: bracing the word keeps its capital as bracing the letter does
    (a writer that braces whole words needs the word)."""
    assert protected_words(r"Festooning {F}rench Phrases, {L}a{T}e{X}") == ("French", "LaTeX", "LaTeX", "LaTeX")


def _single_spaced(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unicodedata.normalize("NFC", text)).strip()


_TRICKY = st.lists(st.sampled_from(list("\\{}$'`-~^_%&# aZé\u0301ıł–—“”\u00a0\u2009ǘ日") + ["$x$", r"\\emph"])).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _TRICKY).map(_single_spaced), st.booleans())
def test_round_trip(text: str, ascii: bool) -> None:
    """Decoding what was encoded gives the text back, whatever it contains."""
    assert to_unicode(to_latex(text, ascii=ascii)) == text


@settings(max_examples=200, deadline=None)
@given(_TRICKY.map(_single_spaced))
def test_encoded_braces_balance(text: str) -> None:
    encoded = re.sub(r"\\[{}]", "", to_latex(text, ascii=True))
    depth = 0
    for char in encoded:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # \noopsort is defined to print nothing (\def\noopsort#1{}), as in the TeX distribution's .bib files.
        pytest.param(r"{\noopsort{1973c}}1981", "1981", id="noopsort-year"),
        pytest.param(r"{\noopsort{1984a}}A", "A", id="noopsort-volume"),
        pytest.param(r"\SortNoop{b}Beta", "Beta", id="sortnoop"),
        # {"a}: german babel's shorthand for \"a (ngerman's "a is an umlaut).
        pytest.param(r'zeitgem{"a}{\ss}', "zeitgemäß", id="babel-umlaut"),
        pytest.param(r'{"O}l', "Öl", id="babel-umlaut-capital"),
    ],
)
def test_bibliography_idioms(latex, text):
    assert to_unicode(latex) == text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        # What TeX typesets (TeXbook: a control word eats the spaces after it; ` and ' are quotes).
        pytest.param(r"Input\slash Output", "Input/Output", id="slash"),
        pytest.param(r"Make\emdash A Guide", "Make—A Guide", id="emdash"),
        pytest.param(r"A\kern.1em B and T\kern -0.16667em E", "AB and TE", id="kern"),  # a space after a unit is eaten
        pytest.param(r"x\vphantom{y}z", "xz", id="vphantom"),
        pytest.param(r"\=2", "2\u0304", id="macron-on-digit"),
        pytest.param("`bed of nails' and don't", "\u2018bed of nails\u2019 and don't", id="single-quotes"),
        pytest.param(r"the 12\(^{\mbox{th}}\) workshop", "the 12th workshop", id="ordinal-math"),
        pytest.param(r"3$^{\rm rd}$ edition", "3rd edition", id="ordinal-dollar"),
        # aas_macros.sty: \def\apj{\ref@jnl{ApJ}}, \aap A&A, \mnras MNRAS
        pytest.param(r"\apj, \aap{} and \mnras", "ApJ, A&A and MNRAS", id="aas-journals"),
    ],
)
def test_what_tex_prints(latex, text):
    assert to_unicode(latex) == text


def test_unknown_commands_outside_math():
    from bibexport.latex import unknown_commands

    assert unknown_commands(r"\foo{x} \emph{y} \apj $\alpha$ \'e") == ["foo"]


# How LaTeX (source2e: \newcommand, \renewcommand, \providecommand, \DeclareRobustCommand,
# \ProvideTextCommandDefault; xparse: \NewDocumentCommand; etoolbox: \newrobustcmd) and plain TeX
# (\def, \gdef, \edef, \xdef, \let) define a command, as .bib files' @preamble blocks do it: Better
# BibTeX's JabRef test file wraps \newcommand in \@ifundefined, Beebe's TeX bibliographies put
# \def in \ifx \undefined ... \fi and \let \k = \c.
@pytest.mark.parametrize(
    "preamble",
    [
        r"\newcommand{\x}[1]{#1}", r"\newcommand*{\x}{}", r"\newcommand\x{}", r"\renewcommand{\x}{}",
        r"\providecommand{\x}[1]{}", r"\providecommand*\x{}", r"\DeclareRobustCommand{\x}[1]{#1}",
        r"\def\x#1{#1}", r"\def \x {x}", r"\gdef\x{}", r"\edef\x{}", r"\xdef\x{}", r"\let\x=\relax",
        r"\let \x \relax", r"\NewDocumentCommand{\x}{m}{#1}", r"\newrobustcmd{\x}{}",
        r"\ProvideTextCommandDefault{\x}{\ensuremath{\mu}}",
        r"\makeatletter \@ifundefined{x}{\newcommand{\x}[1]{---}}{} \makeatother",
        "\\ifx \\undefined \\x\n  \\def \\x {{\\sc Meta}\\-{\\sc Post}\\spacefactor1000 } \\fi",
    ],
)
def test_commands_a_preamble_defines(preamble):
    from bibexport.latex import defined_commands

    assert defined_commands(preamble) == {"x"}


@pytest.mark.parametrize("preamble", [r"\ifdefined\x \fi", r"\define\x{}", r"\input bibnames.sty", r"\x{y}", ""])
def test_what_defines_no_command(preamble):
    from bibexport.latex import defined_commands

    assert defined_commands(preamble) == frozenset()


@pytest.mark.parametrize("text", ["H. P\u0303. Smith", "Q\u0323uote", "x\u0301\u0308"])
def test_letters_with_no_precomposed_form_are_written_as_accent_commands(text):
    # pdflatex stops at a combining character ("Unicode character U+0303 not set up").
    for ascii_ in (False, True):
        written = to_latex(text, ascii=ascii_)
        assert not any(unicodedata.combining(c) for c in written)
        assert to_unicode(written) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("raw, text", [
    ("\\$ $`$", "$ $`$"),  # an escaped dollar starts no math: the math after it keeps its backtick
    ("\\$5 or `five' \\$", "$5 or ‘five’ $"),
])
def test_escaped_dollar_is_not_math_for_single_quotes(raw, text):
    assert to_unicode(raw) == text
