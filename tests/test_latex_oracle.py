"""Every entry of bibexport/latex.py's tables checked against LaTeX decoders that share nothing
with it: pylatexenc (first) and latexcodec (where pylatexenc does not know a command).

A table bug that is symmetric (the encoder and decoder share the tables, so ``\\d{a}`` mapped
to a dot above would round-trip) shows here, because the expected text never comes from
bibexport.  Both directions: what we write decodes to the original text, and LaTeX spelled by
pylatexenc's own encoder decodes with ours to the same character.
"""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from bibexport import latex
from bibexport.latex import to_latex, to_unicode

from .oracles import PYLATEXENC_ADDITIONS, decode_latex, single_spaced

pytest.importorskip("pylatexenc")
latexencode = pytest.importorskip("pylatexenc.latexencode")
pytest.importorskip("latexcodec")  # registers the "ulatex" codec

_BASES = "aeoAEOgz"


def _symbol_cases() -> list:
    cases = []
    for name, char in latex.SYMBOLS:
        for spelled in (f"\\{name}{{}}", f"{{\\{name}}}"):
            cases.append(pytest.param(f"x{spelled}y", id=spelled))
    return cases


def _accent_spellings(accent: str, base: str) -> tuple[str, ...]:
    if accent.isalpha():
        return (f"\\{accent}{{{base}}}", f"{{\\{accent} {base}}}")
    return (f"\\{accent}{{{base}}}", f"{{\\{accent}{base}}}", f"\\{accent}{base}")


def _accent_cases() -> list:
    return [
        pytest.param(accent, f"x{spelled}y", id=spelled)
        for accent in latex.ACCENTS
        for base in _BASES
        for spelled in _accent_spellings(accent, base)
    ]


@pytest.mark.parametrize("value", _symbol_cases())
def test_every_symbol_decodes_as_latex_does(value: str) -> None:
    assert single_spaced(to_unicode(value)) == decode_latex(value)


@pytest.mark.parametrize(("accent", "value"), _accent_cases())
def test_every_accent_decodes_as_latex_does(accent: str, value: str) -> None:
    assert single_spaced(to_unicode(value)) == decode_latex(value)


@pytest.mark.parametrize("symbol", sorted(latex.ESCAPED))
def test_every_control_symbol_decodes_as_latex_does(symbol: str) -> None:
    value = f"x\\{symbol}y"
    assert single_spaced(to_unicode(value)) == decode_latex(value)


def _encodable() -> list[str]:
    chars = {char for _, char in latex.SYMBOLS if len(char) == 1 and not char.isspace()}
    composed = (unicodedata.normalize("NFC", base + mark) for mark in latex.ACCENTS.values() for base in _BASES)
    chars |= {char for char in composed if len(char) == 1}  # Unicode has no "z" with a ring
    chars |= set(latex._SPECIALS) - {"\u00a0", "\u2009"}
    return sorted(chars)


@pytest.mark.parametrize("char", _encodable())
def test_every_encoded_character_decodes_to_itself_in_latex(char: str) -> None:
    """Encode -> an independent decoder -> the original character (ASCII output, so the
    encoder really spelled it in LaTeX)."""
    written = to_latex(f"x{char}y", ascii=True)
    assert written.isascii(), written
    assert decode_latex(written) == f"x{char}y", written


def _pylatexenc_spellings() -> list:
    """(char, LaTeX) for each table character pylatexenc's encoder spells in text mode; it has
    no spelling for the rest (dot below, ring on E...), which the decoding tests above cover."""
    out = []
    for char in _encodable():
        spelled = latexencode.unicode_to_latex(char, non_ascii_only=False, unknown_char_policy="keep")
        # pylatexenc leaves "`" as it is, which TeX typesets as an opening quote (‘): not a spelling.
        if spelled.isascii() and "ensuremath" not in spelled and spelled != "`":
            out.append(pytest.param(char, spelled, id=spelled))
    return out


@pytest.mark.parametrize(("char", "spelled"), _pylatexenc_spellings())
def test_pylatexenc_spelling_decodes_with_ours(char: str, spelled: str) -> None:
    """LaTeX written by pylatexenc's own encoder (its spelling, not ours) -> our decoder."""
    assert to_unicode(f"x{spelled}y") == f"x{char}y"


def test_pylatexenc_spells_most_table_characters() -> None:
    assert len(_pylatexenc_spellings()) >= 0.75 * len(_encodable())


_LATEXCODEC_KNOWS = {"S", "P", "ddag", "copyright", "pounds", "textperiodcentered", "par"}


@pytest.mark.parametrize("name", sorted(PYLATEXENC_ADDITIONS))
def test_oracle_additions_are_needed_and_agree_with_latexcodec(name: str) -> None:
    """Each addition to pylatexenc is a real gap of it (so the list cannot hide a table bug),
    and where latexcodec knows the command it agrees."""
    from pylatexenc.latex2text import LatexNodes2Text

    text, _reason = PYLATEXENC_ADDITIONS[name]
    value = f"x\\{name}{{}}y"
    assert single_spaced(LatexNodes2Text().latex_to_text(value)) != single_spaced(f"x{text}y")
    if name in _LATEXCODEC_KNOWS:
        assert single_spaced(codecs.decode(value, "ulatex").replace("{}", "")) == single_spaced(f"x{text}y")
