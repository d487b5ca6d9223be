"""Independent decoders for test oracles: nothing here imports bibexport.

:func:`decode_latex` is pylatexenc's LaTeX-to-text with a few commands added that pylatexenc
2.x drops or spells otherwise; each addition says what LaTeX itself makes of it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# name -> text, for control words/symbols pylatexenc lacks or spells otherwise.
PYLATEXENC_ADDITIONS: dict[str, tuple[str, str]] = {
    "S": ("§", "pylatexenc drops it; LaTeX2e: section sign"),
    "P": ("¶", "pylatexenc drops it; LaTeX2e: pilcrow"),
    "ddag": ("‡", "pylatexenc drops it; LaTeX2e: double dagger"),
    "copyright": ("©", "pylatexenc drops it; LaTeX2e"),
    "pounds": ("£", "pylatexenc drops it; LaTeX2e"),
    "textperiodcentered": ("·", "pylatexenc: U+02D9 dot above; textcomp (and latexcodec): U+00B7"),
    "SS": ("ẞ", "pylatexenc drops it; T1 \\SS is the capital of \\ss"),
    "textasciicircum": ("^", "pylatexenc: U+02C6; T1 slot 0x5E is the ASCII circumflex"),
    "euro": ("€", "pylatexenc drops it; eurosym"),
    "textunderscore": ("_", "pylatexenc drops it; T1"),
    "textbar": ("|", "pylatexenc drops it; T1"),
    "textless": ("<", "pylatexenc drops it; T1"),
    "textgreater": (">", "pylatexenc drops it; T1"),
    "textbraceleft": ("{", "pylatexenc drops it; T1"),
    "textbraceright": ("}", "pylatexenc drops it; T1"),
    "LaTeX": ("LaTeX", "pylatexenc drops logos; their letters"),
    "TeX": ("TeX", "pylatexenc drops logos; their letters"),
    "BibTeX": ("BibTeX", "pylatexenc drops logos; their letters"),
    "space": (" ", "pylatexenc drops it; a space"),
    "newline": (" ", "pylatexenc drops it; a line break is a space in a field value"),
    "par": (" ", "pylatexenc drops it; a paragraph break is a space in a field value"),
    ",": ("\u2009", "pylatexenc: a plain space; LaTeX: a thin space"),
    "-": ("", "pylatexenc: a soft hyphen; LaTeX: a hyphenation hint, no character"),
    "\n": (" ", "pylatexenc drops it; TeX: backslash-newline is a control space"),
}
# \t{o}: pylatexenc drops the tie accent (it does not take an argument there); LaTeX puts
# U+0361 (double inverted breve) over the letter.
TIE = "\u0361"
_TIE = re.compile(r"\\t(?:\{([A-Za-z])\}|[ \t]+([A-Za-z]))")


@functools.cache
def _decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()

    macros = [MacroTextSpec(name, text) for name, (text, _) in PYLATEXENC_ADDITIONS.items()]
    db.add_context_category("bibexport-oracle", macros=macros, prepend=True)
    return LatexNodes2Text(latex_context=db, math_mode="verbatim", strict_latex_spaces=True)


def single_spaced(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unicodedata.normalize("NFC", text)).strip()


# Math that is one symbol command (``$\\varepsilon$``, ``$\\leq$``) prints that symbol: read with
# pylatexenc's math-mode text (other math stays verbatim), but for two symbols it approximates.
MATH_SYMBOL_ADDITIONS: dict[str, tuple[str, str]] = {
    "prime": ("′", "pylatexenc: an apostrophe; Unicode (unicode-math): U+2032 PRIME is \\prime"),
    "cdot": ("⋅", "pylatexenc: U+00B7; Unicode (unicode-math): U+22C5 DOT OPERATOR is \\cdot"),
}
_ONE_SYMBOL_MATH = re.compile(r"\$\\([A-Za-z]+)\$")


@functools.cache
def _math_symbol(name: str) -> str | None:
    if name in MATH_SYMBOL_ADDITIONS:
        return MATH_SYMBOL_ADDITIONS[name][0]
    from pylatexenc.latex2text import LatexNodes2Text

    text = LatexNodes2Text(math_mode="text").latex_to_text(f"$\\{name}$")
    return text if len(text) == 1 and not text.isascii() else None


def decode_latex(value: str) -> str:
    """What LaTeX prints for a BibTeX field value, NFC, whitespace runs as one space."""
    value = _TIE.sub(lambda m: (m.group(1) or m.group(2)) + TIE, value)
    if "$\\" in value:
        value = _ONE_SYMBOL_MATH.sub(lambda m: _math_symbol(m.group(1)) or m.group(), value)
    return single_spaced(_decoder().latex_to_text(value))
