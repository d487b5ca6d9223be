"""``text-case`` as the CSL specification defines it (citeproc-py capitalizes "arXiv" as "ArXiv")."""

from __future__ import annotations

import re
from typing import Any

from citeproc.string import MixedString, NoCase


_LETTER = re.compile(r"[^\W\d_]")
# citeproc-js's single-word skip words (CSL.SKIP_WORDS): kept lowercase in title case.
STOP_WORDS = frozenset("""
    about above across afore after against along alongside amid amidst among amongst anenst apropos apud
    around as aside astride at athwart atop barring before behind below beneath beside besides between
    beyond but by circa despite down during except for forenenst from given in inside into lest like modulo
    near next notwithstanding of off on onto out over per plus pro qua sans since than through thru
    throughout thruout till to toward towards under underneath until unto up upon versus vs. v. vs v via
    vis-à-vis with within without or yet so and nor a an the de d' von van c et ca""".split())


def _capitalize(word: str) -> str:
    """Upper-case the first letter (skipping leading quotes, brackets and markup)."""
    found = _LETTER.search(word)
    if not found:
        return word
    i = found.start()
    return word[:i] + word[i].upper() + word[i + 1:]


def _is_lower(word: str) -> bool:
    return word.islower() or not any(c.isalpha() for c in word)


class SpecTextCase:
    """``text-case`` as the CSL 1.0.2 specification defines it (citeproc-js does the same).

    capitalize-first/capitalize-all change only lowercase words ("arXiv" stays); title case
    capitalizes lowercase words and lowercases stop words except the first, the last and
    after a colon; sentence case keeps mixed-case words.  ``NoCase`` spans are untouched.
    """

    def case(self, text: Any, language: str | None = None) -> Any:
        text_case = self.get("text-case")  # type: ignore[attr-defined]
        if text_case is None or not text:
            return text
        if text_case == "title" and language not in (None, "en"):
            return text
        if text_case == "lowercase":
            return text.lower()
        if text_case == "uppercase":
            return text.upper()
        return map_words(text, text_case)


def _segments(text: Any) -> list[Any]:
    return list(text) if isinstance(text, list) else [text]


def map_words(text: Any, text_case: str) -> Any:
    """Apply a word-wise case to a String or MixedString, leaving NoCase segments alone."""
    segments = [s for s in _segments(text) if s is not None]
    plain = "".join(str(s) for s in segments)
    upper = plain.isupper()
    tokens = re.split(r"(\s+)", plain)
    words = [t for t in tokens if t and not t.isspace()]
    out_words: list[str] = []
    after_colon = True
    for index, word in enumerate(words):
        first, last = index == 0, index == len(words) - 1
        if text_case == "capitalize-first":
            new = _capitalize(word) if first and _is_lower(word) else word
        elif text_case == "capitalize-all":
            new = _capitalize(word) if _is_lower(word) else word
        elif text_case == "sentence":
            new = word.lower() if upper else word
            new = _capitalize(new) if first and _is_lower(new) else new
        else:  # title
            parts = word.split("-")
            fixed = []
            for j, part in enumerate(parts):
                part = part.lower() if upper else part
                bare = re.sub(r"[^\w.'-]", "", part).lower()
                bare = bare if bare in STOP_WORDS else bare.rstrip(".")
                edge = j == 0 and len(parts) > 1 or (first and j == 0) or (last and j == len(parts) - 1) or (
                    after_colon and j == 0)
                if bare in STOP_WORDS and not edge:
                    fixed.append(part.lower() if _is_lower(part) or upper else part)
                elif _is_lower(part):
                    fixed.append(_capitalize(part))
                else:
                    fixed.append(part)
            new = "-".join(fixed)
        after_colon = word.endswith((":", "?", "!"))
        out_words.append(new)
    # Map the changed characters back onto the segments, keeping NoCase text as it was.
    changed = iter("".join(t if t.isspace() or not t else out_words.pop(0) for t in tokens))
    rebuilt = []
    for segment in segments:
        chars = "".join(next(changed) for _ in str(segment))
        rebuilt.append(segment if isinstance(segment, NoCase) else type(segment)(chars))
    return MixedString(rebuilt) if isinstance(text, list) else rebuilt[0]
