"""latex.to_unicode on the constructs README "LaTeX decoding of real bibliographies" lists,
checked against the independent decoder (tests/oracles.py, pylatexenc) where it reads them,
else against what LaTeX prints (written for the mutation score, tests/MUTATION.md)."""

from __future__ import annotations

import pytest

from bibexport.latex import needs_latex, protected_words, to_latex, to_unicode, unknown_commands

from .oracles import decode_latex

SAME_AS_PYLATEXENC = [
    r"\emph{x}", r"\textbf{bold} text", r"\unknown{x}", r"\&\%\$\#\_\{\}", r"$x^2$", r"\'{\i}", r"\"{\i}",
    r"\v{s}", r"\ss", r'{\"o}', r"\c c", r'\" a', r"\o{}x", r"\'E", r"\`{a}", r"\^o", r"\~n", r"\=a", r"\.z",
    r"\u{g}", r"\H{o}", r"\k{a}", r"\r{a}", r"\d{a}", r"\b{b}", r"\L ukasz", r"\AA{}ngstr\"om", r"caf\'e",
    r"\textit{\'e}t\'e", r"{\'{\i}}", r"A--B", r"A---B", r"``quoted''",
]


@pytest.mark.parametrize("text", SAME_AS_PYLATEXENC)
def test_decodes_as_pylatexenc(text: str) -> None:
    assert to_unicode(text) == decode_latex(text)


@pytest.mark.parametrize(("text", "printed"), [
    pytest.param(r"1\(^{\mbox{th}}\)", "1th", id="ordinal-mbox"),
    pytest.param(r"2$^{\rm nd}$", "2nd", id="ordinal-rm"),
    pytest.param(r"3$^{rd}$ place", "3rd place", id="ordinal-plain"),
    pytest.param(r'{"a}', "ä", id="babel-german-umlaut"),
    pytest.param(r'Gr{"u}n', "Grün", id="babel-german-umlaut-in-word"),
    pytest.param(r"a\kern.5em b", "ab", id="kern-dropped"),
    pytest.param(r"a\hskip 2pt b", "ab", id="hskip-dropped"),
    pytest.param(r"\~{}", "~", id="tilde-accent-on-nothing"),
    pytest.param(r"\^{}", "^", id="circumflex-on-nothing"),
    pytest.param(r"\noopsort{a}Zed", "Zed", id="noopsort-argument-dropped"),
])
def test_decodes_as_latex_prints(text: str, printed: str) -> None:
    assert to_unicode(text) == printed


# protected_words: "the decoded text of each top-level brace group in a raw BibTeX value, with the
# rest of the word it is part of" (letters, digits, commands and brace groups on the right;
# letters, digits and brace groups on the left); groups that are a command's argument, a special
# character, an escaped brace or math are not case protection.  Values are as BibTeX reads them:
# braces balance (BibTeX counts escaped ones too).
@pytest.mark.parametrize(("value", "words"), [
    pytest.param(r"{F}rench", ("French",), id="group-at-start-word-goes-on"),
    pytest.param(r"i{OS} apps", ("iOS",), id="one-letter-before"),
    pytest.param(r"Mc{}{G}raw", ("McGraw",), id="empty-group-inside-word"),
    pytest.param(r"{L}a{T}e{X} rules", ("LaTeX", "LaTeX", "LaTeX"), id="groups-in-one-word-then-more-text"),
    pytest.param(r"{L}a{{T}e}X rules", ("LaTeX", "LaTeX"), id="nested-group-on-the-right"),
    pytest.param(r"{\v{S}}ko{D}a", ("ŠkoDa",), id="nested-group-on-the-left"),
    pytest.param(r"{P}r\'{e}sident", ("Président",), id="command-inside-word"),
    pytest.param(r"{AT}\&", ("AT&",), id="command-ends-value"),
    pytest.param("{X}\\", ("X",), id="lone-backslash-ends-value"),
    pytest.param(r"\{x\} {DNA}", ("DNA",), id="escaped-braces-are-no-group"),
    pytest.param(r"{$x$} and {DNA}", ("DNA",), id="math-group-is-no-protection"),
    pytest.param(r"\textbf{Bold} {\"U}ber {}", (), id="argument-special-and-empty"),
])
def test_protected_words(value: str, words: tuple[str, ...]) -> None:
    assert protected_words(value) == words


# --- decoding: whitespace, quotes, ordinals ------------------------------------------------

@pytest.mark.parametrize(("text", "printed"), [
    # to_unicode: "whitespace runs become one space", each kind of whitespace on its own too
    pytest.param("a\rb", "a b", id="carriage-return"),
    pytest.param("a\tb", "a b", id="tab"),
    pytest.param("a\nb", "a b", id="newline"),
    pytest.param("a  b", "a b", id="two-spaces"),
    pytest.param(r"A \noopsort{a} B", "A B", id="run-left-by-a-dropped-command"),
    # TeX's single quotes: `x' is ‘x’, a lone ` is ‘ ('Twas), math keeps its backticks
    pytest.param("`Twas", "\u2018Twas", id="lone-grave"),
    pytest.param("x `a' $y$", "x \u2018a\u2019 $y$", id="quotes-before-math"),
    pytest.param("`a' $x$ `b' $y$ c", "\u2018a\u2019 $x$ \u2018b\u2019 $y$ c", id="quotes-around-two-maths"),
])
def test_decodes_as_tex_reads_it(text: str, printed: str) -> None:
    assert to_unicode(text) == printed


def test_an_ordinal_and_the_same_math_elsewhere_decode_each_in_its_place() -> None:
    """$^{th}$ after a digit is an ordinal's letters; elsewhere it is math, kept as written,
    whichever of the two was decoded first (the token cache once mixed them up)."""
    assert to_unicode("1$^{th}$ and $^{th}$") == "1th and $^{th}$"
    assert to_unicode("$^{th}$ and 1$^{th}$") == "$^{th}$ and 1th"
    assert to_unicode("$^{th}$") == "$^{th}$"
    assert to_unicode("2$^{th}$") == "2th"


@pytest.mark.parametrize(("value", "commands"), [
    pytest.param(r"\foo$x$", ["foo"], id="command-ends-at-math"),
    pytest.param(r"\foo\&co $x$", ["foo"], id="control-symbol-ends-command"),
    # \\ is a line break (a control symbol), so "second" is text, not a command
    pytest.param(r"First line\\second", [], id="line-break-then-text"),
    pytest.param(r"First line\\second $x$", [], id="line-break-then-text-with-math"),
])
def test_unknown_commands(value: str, commands: list[str]) -> None:
    assert unknown_commands(value) == commands


# --- encoding ------------------------------------------------------------------------------

LONG = "a" * 64 + " "  # at least 64 characters: the shortcut for long plain text


@pytest.mark.parametrize(("text", "ascii", "written"), [
    # a digit with an accent is written as the accent command (\=2), any digit
    pytest.param("0\u0304", False, r"{\=0}", id="macron-zero"),
    pytest.param("2\u0304", False, r"{\=2}", id="macron-two"),
    pytest.param("9\u0304", False, r"{\=9}", id="macron-nine"),
    # "no LaTeX spelling (CJK, Greek...): kept as Unicode", also with ascii=True
    pytest.param("άλφα", True, "άλφα", id="greek-with-accent-kept"),
    # ascii is off unless asked for
    pytest.param("Müller", False, "Müller", id="utf8-by-default"),
    # a ligature character's ASCII half gets {} only before what it would merge with
    pytest.param("a-“b”", False, "a-``b''", id="hyphen-before-quotes-no-merge"),
    pytest.param("rock'-n", False, "rock'-n", id="apostrophe-before-hyphen-no-merge"),
    # math that only spells a character is escaped, so it reads back as the dollars and backslash
    pytest.param("$\\alpha$ and $\\backslash$", False, r"\$\textbackslash{}alpha\$ and \$\textbackslash{}backslash\$",
                 id="math-text-escaped"),
    # long text: the shortcut escapes what the regex pass escapes
    pytest.param(LONG + "a{b", False, LONG + r"a\{b", id="long-open-brace"),
    pytest.param(LONG + "a}b", False, LONG + r"a\}b", id="long-close-brace"),
    pytest.param(LONG + "costs $5", False, LONG + r"costs \$5", id="long-lone-dollar"),
    pytest.param(LONG + "Müller", True, LONG + r'M{\"u}ller', id="long-ascii"),
])
def test_to_latex(text: str, ascii: bool, written: str) -> None:
    assert (to_latex(text, ascii=ascii) if ascii else to_latex(text)) == written


@pytest.mark.parametrize("text", [
    "q\u0301\u0308\u0304",  # three marks on a letter with no precomposed form: kept, as the decoder reads one nesting
    "$\\alpha$", "$\\backslash$", "0\u0304", "a-“b” rock'-n",
])
@pytest.mark.parametrize("ascii", [False, True])
def test_round_trip(text: str, ascii: bool) -> None:
    """Module docstring: to_unicode(to_latex(s)) == s for any single-spaced s."""
    assert to_unicode(to_latex(text, ascii=ascii)) == text


@pytest.mark.parametrize(("text", "ascii", "needed"), [
    pytest.param("plain words", False, False, id="plain"),
    pytest.param("Müller", False, False, id="utf8-kept"),
    pytest.param("Müller", True, True, id="ascii-escapes-letters"),
    pytest.param("R&D", False, True, id="special"),
])
def test_needs_latex_says_whether_to_latex_changes_the_text(text: str, ascii: bool, needed: bool) -> None:
    assert (needs_latex(text, ascii=ascii) if ascii else needs_latex(text)) is needed
    assert (to_latex(text, ascii=ascii) != text) is needed
