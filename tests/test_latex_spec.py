"""latex.to_unicode on the constructs README "LaTeX decoding of real bibliographies" lists,
checked against the independent decoder (tests/oracles.py, pylatexenc) where it reads them,
else against what LaTeX prints (written for the mutation score, tests/MUTATION.md)."""

from __future__ import annotations

import pytest

from bibexport.latex import protected_words, to_unicode

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
