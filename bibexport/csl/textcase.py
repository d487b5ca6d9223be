"""``text-case`` as citeproc-js applies it, within the CSL specification's rules.

Text is cut into words as citeproc-js cuts it: at spaces (also no-break and other Unicode
spaces) and at "tags" (quotes, brackets, ``- – — / . , ; ? ! :`` and formatting marks); an
apostrophe between two letters stays inside its word (``don't``).  Case-protected text
(``NoCase``: ``<span class="nocase">``, ``{braces}``) and small caps, superscript and
subscript (implicitly protected, as in citeproc-js) are never changed.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc.string import MixedString, NoCase

# citeproc-js's single-word skip words (CSL.SKIP_WORDS): kept as they are in title case.
STOP_WORDS = frozenset("""
    about above across afore after against along alongside amid amidst among amongst anenst apropos apud
    around as aside astride at athwart atop barring before behind below beneath beside besides between
    beyond but by circa despite down during except for forenenst from given in inside into lest like modulo
    near next notwithstanding of off on onto out over per plus pro qua sans since than through thru
    throughout thruout till to toward towards under underneath until unto up upon versus vs. v. vs v via
    vis-à-vis with within without or yet so and nor a an the de d' von van c et ca""".split())

# Private-use formatting marks (bibexport.writers.formatted.marks): small caps, superscript
# and subscript open/close pairs protect their content.
_PROTECTING = {"\ue005": "\ue006", "\ue007": "\ue008", "\ue009": "\ue00a"}
_TAG_CHARS = frozenset("\u2018\u2019\u201c\u201d\"'-\u2013\u2014/.,;?!:[]()")
_APOSTROPHES = frozenset("'\u2019")
_GREEK = re.compile("[\u0370-\u03ff]")


def _is_mark(char: str) -> bool:
    return "\ue000" <= char <= "\ue0ff"


class SpecTextCase:
    """``text-case`` on a citeproc-py element (see :func:`apply_case`).

    Title case applies to English items only (no language, or ``en``), as in citeproc-js.
    """

    def case(self, text: Any, language: str | None = None) -> Any:
        text_case = self.get("text-case")  # type: ignore[attr-defined]
        if text_case is None or not text:
            return text
        if text_case == "title" and language not in (None, "en"):
            return text
        return apply_case(text, text_case, language)


def map_words(text: Any, text_case: str) -> Any:
    """Apply ``text_case`` to a String or MixedString (kept for callers of the old name)."""
    return apply_case(text, text_case)


def _capitalized(word: str) -> str:
    """The first character upper-cased, except a lone Greek letter (a symbol: "ε-greedy")."""
    if len(word) == 1 and _GREEK.match(word):
        return word
    return word[:1].upper() + word[1:]


def _words(chars: list[str]) -> list[tuple[int, int, str]]:
    """(start, stop, separator before) of each word of ``chars``."""
    words = []
    start, separator = None, ""
    n = len(chars)
    for i, c in enumerate([*chars, " "]):
        inner_apostrophe = (c in _APOSTROPHES and start is not None and i + 1 < n
                            and chars[i - 1].isalpha() and chars[i + 1].isalpha())
        if c.isspace() or _is_mark(c) or (c in _TAG_CHARS and not inner_apostrophe):
            if start is not None:
                words.append((start, i, separator))
                start, separator = None, ""
            separator += c
        elif start is None:
            start = i
    return words


def apply_case(text: Any, text_case: str, language: str | None = None) -> Any:
    """``text_case`` applied to a String or MixedString, leaving protected text alone.

    * ``lowercase``/``uppercase``: every letter (Turkish and Azeri dotted/dotless i kept apart).
    * ``capitalize-first``/``capitalize-all``: the first/every lowercase word gets a capital
      (the spec: "arXiv" stays).
    * ``sentence``: an all-uppercase string is lowercased after its first letter; otherwise
      the first word gets a capital if lowercase and capitalized words lose it ("a Pen" ->
      "a pen", as citeproc-js); acronyms and mixed-case words (UK, iPhone) stay.
    * ``title``: lowercase words get a capital except stop words (unless last, or starting a
      hyphenated compound: "In-Context" but "Out-of-Fashion") and one-letter words; the
      first word and a word after ``:?!`` always do; uppercase and mixed-case words stay (UK,
      arXiv), as does a lone Greek letter ("ε-greedy").  These are citeproc-js's rules.
    """
    segments = [s for s in (list(text) if isinstance(text, list) else [text]) if s is not None]
    plain = "".join(str(s) for s in segments)
    chars = list(plain)
    protected = [isinstance(s, NoCase) for s in segments for _ in str(s)]
    closing: list[str] = []
    for i, c in enumerate(chars):
        if c in _PROTECTING:
            closing.append(_PROTECTING[c])
        elif closing and c == closing[-1]:
            closing.pop()
        elif closing:
            protected[i] = True
    out = list(chars)
    turkic = (language or "")[:2] in ("tr", "az")

    def put(start: int, new: str) -> None:
        for offset, c in enumerate(new):
            if not protected[start + offset]:
                out[start + offset] = c

    if text_case in ("lowercase", "uppercase"):
        for i, c in enumerate(chars):
            if protected[i]:
                continue
            if turkic:
                c = {"i": "İ", "ı": "I"}.get(c, c) if text_case == "uppercase" else {"I": "ı", "İ": "i"}.get(c, c)
            new = c.upper() if text_case == "uppercase" else c.lower()
            out[i] = new if len(new) == 1 or text_case == "uppercase" else c
        return _rebuild(text, segments, out)
    words = _words(chars)
    letters = [c for i, c in enumerate(chars) if not protected[i] and c.isalpha()]
    all_upper = bool(letters) and all(c.isupper() for c in letters) and len(letters) > 1
    for index, (start, stop, separator) in enumerate(words):
        word = "".join(chars[start:stop])
        if all(protected[start:stop]):
            continue
        lower = word.islower()
        first, last = index == 0, index == len(words) - 1
        if text_case == "capitalize-first":
            if first and lower:
                put(start, _capitalized(word))
        elif text_case == "capitalize-all":
            if lower:
                put(start, _capitalized(word))
        elif text_case == "sentence":
            if all_upper:
                put(start, _capitalized(word.lower()) if first else word.lower())
            elif first:
                if lower:
                    put(start, _capitalized(word))
            elif len(word) > 1 and word[:1].isupper() and word[1:].islower():
                put(start, word.lower())
        elif text_case == "title" and lower:
            following = chars[stop] if stop < len(chars) else ""
            if first or separator.rstrip()[-1:] in (":", "?", "!"):
                put(start, _capitalized(word))
            elif len(word) == 1:
                continue  # citeproc-js: one-letter words only first or after :?! ("07-x")
            elif word not in STOP_WORDS or last or (following == "-" and not separator.endswith("-")):
                put(start, _capitalized(word))
    return _rebuild(text, segments, out)


def _rebuild(text: Any, segments: list[Any], out: list[str]) -> Any:
    """The changed characters mapped back onto the segments (NoCase stays NoCase)."""
    rebuilt, pos = [], 0
    for segment in segments:
        size = len(str(segment))
        chars = "".join(out[pos:pos + size])
        pos += size
        rebuilt.append(segment if isinstance(segment, NoCase) else type(segment)(chars))
    return MixedString(rebuilt) if isinstance(text, list) else rebuilt[0]
