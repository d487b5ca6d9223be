"""Formatting marks: private-use characters that stand for italics, bold, ... in rendered text.

Rendering with the :data:`MARKS` formatter keeps text and markup apart until the output
format (:mod:`.output`) escapes the text and turns the marks into its own markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from ...csl import QUOTE_CLOSE, QUOTE_OPEN  # a quoted span: outer or inner marks by depth (punctuation.py)
from ...csl import DISPLAY_CLOSE, DISPLAY_OPEN


ITALIC, BOLD, SUP, SUB, SMALLCAPS, UNDERLINE = "ibsucl"  # mark kinds
# The "normal" counterparts (font-style/-weight/-variant normal, vertical-align baseline): a
# style's explicit normal, or italics inside italics (bold in bold, small caps in small caps)
# set back, as citeproc-js does; printed only inside what they undo.
ROMAN, WEIGHT_NORMAL, VARIANT_NORMAL, BASELINE = "rwvn"
OPEN = {ITALIC: "\ue001", BOLD: "\ue003", SUP: "\ue005", SUB: "\ue007", SMALLCAPS: "\ue009", UNDERLINE: "\ue00b",
        ROMAN: "\ue013", WEIGHT_NORMAL: "\ue015", VARIANT_NORMAL: "\ue017", BASELINE: "\ue019"}
CLOSE = {kind: chr(ord(mark) + 1) for kind, mark in OPEN.items()}
NO_SPACE = "\ue0f2"  # the space after it is dropped (a particle ending in an apostrophe: d’Jones)
MARGIN = "\ue0f0"  # between the left-margin field and the rest (second-field-align)
# An element's ``display`` (block, left-margin, right-inline, indent): its rendering between
# these marks; the HTML output makes them citeproc-js's csl-block... divs.
DISPLAY_KIND = {mark: kind for kind, mark in DISPLAY_OPEN.items()} | {mark: kind for kind, mark in DISPLAY_CLOSE.items()}
MARKS_CLASS = "\ue000-\ue0ff"  # every mark, as a regex character class
ANY_MARK = re.compile(f"[{MARKS_CLASS}]")
MARK_KIND = {mark: (kind, True) for kind, mark in OPEN.items()} | {mark: (kind, False) for kind, mark in CLOSE.items()}


def _wrap(kind: str) -> Callable[[Any], str]:
    def wrap(text: Any) -> str:
        return f"{OPEN[kind]}{text}{CLOSE[kind]}"
    return wrap


# A citeproc-py formatter (the interface of citeproc.formatter.html) that emits marks.
MARKS = SimpleNamespace(
    preformat=lambda text: text, Italic=_wrap(ITALIC), Oblique=_wrap(ITALIC), Bold=_wrap(BOLD),
    Light=str, Underline=_wrap(UNDERLINE), Superscript=_wrap(SUP), Subscript=_wrap(SUB),
    SmallCaps=_wrap(SMALLCAPS),
)
