"""Quotation marks and apostrophes in field text, read as citeproc-js's flip-flopper reads them.

A field's straight or curly quotes that pair up (``"friend"``, ``'Parmenides'``,
``“Distance”``) become a quoted span (:data:`~.marks.QUOTE_OPEN` ... :data:`~.marks.QUOTE_CLOSE`)
that the output prints with the locale's quotation marks, outer or inner by nesting depth;
an apostrophe (``Plato's``, ``'t Horvath``, ``ETFA '09``) becomes ``’``.  The rules are those
of citeproc-js's ``CSL.Util.FlipFlopper``:

* an opening quote follows a space, an opening parenthesis or another opener (``<i>"x"</i>``);
  any ``"``/``'`` elsewhere is a closer;
* a ``'`` followed by anything but a space or ``, . ? : ;`` is an apostrophe, and so is a
  ``'`` that closes nothing, or an opening one that is never closed;
* a closer must match the innermost open quote or tag; otherwise the opener it skips is
  taken as plain text;
* ``’`` between two letters is an apostrophe, never a closing quote.

HTML tags (``<i>``, ``<span class="nocase">``...) take part in the nesting but are left in
the text for :func:`~.richtext.rich_text`.
"""

from __future__ import annotations

import re

from .marks import QUOTE_CLOSE, QUOTE_OPEN

_QUOTE_OPENERS = {' "': '"', " '": "'", '("': '"', "('": "'", "\u201c": "\u201d", "\u2018": "\u2019"}
_TAG_OPENERS = {"<i>": "</i>", "<b>": "</b>", "<sc>": "</sc>", "<sup>": "</sup>", "<sub>": "</sub>",
                '<span class="nocase">': "</span>", '<span class="nodecor">': "</span>",
                '<span style="font-variant:small-caps;">': "</span>"}
_OPENERS = {**_QUOTE_OPENERS, **_TAG_OPENERS}
_CLOSERS = frozenset(_OPENERS.values())
_TOKEN = re.compile("|".join(re.escape(t) for t in sorted([*_OPENERS, *_CLOSERS], key=len, reverse=True)))
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])\u2019(?=[^\W\d_])")
_QUICK = frozenset("'\"\u2018\u2019\u201c")
_NOT_APOSTROPHE_AFTER = frozenset(",.?:; ")


def flipflop_quotes(value: str) -> str:
    """``value`` with quoted spans as quote marks and apostrophes as ``’`` (see the module)."""
    if not any(c in _QUICK for c in value):
        return value
    text = " " + _INNER_APOSTROPHE.sub("'", value)
    tags = [m.group() for m in _TOKEN.finditer(text)]
    strings = _TOKEN.split(text)
    forced: set[int] = set()  # closers made openers because they follow an opener directly
    for i in range(len(tags) - 1):
        if tags[i] in _OPENERS and not strings[i + 1] and tags[i + 1] in ('"', "'"):
            tags[i + 1] = " " + tags[i + 1]
            forced.add(i + 1)
    stack: list[int] = []  # positions of open tags

    def neutralize(at: int) -> None:
        literal = tags[at][1:] if at in forced else tags[at]
        strings[at + 1] = literal + strings[at + 1]
        tags[at] = ""

    for i, tag in enumerate(tags):
        after = strings[i + 1]
        if tag == "'" and after and after[0] not in _NOT_APOSTROPHE_AFTER:
            strings[i + 1], tags[i] = "\u2019" + after, ""
            continue
        if tag == " '" and after.startswith(" "):
            strings[i + 1], tags[i] = " \u2019" + after, ""
            continue
        if tag in _OPENERS:
            stack.append(i)
            continue
        while True:
            if stack and tag == _OPENERS[tags[stack[-1]]]:
                stack.pop()
                break
            if tag == "'":  # a closing single quote that closes nothing: an apostrophe
                strings[i + 1], tags[i] = "\u2019" + strings[i + 1], ""
                break
            if not stack:
                neutralize(i)
                break
            neutralize(stack.pop())
    for at in reversed(stack):  # never closed
        if tags[at] in (" '", "'"):
            strings[at + 1], tags[at] = " \u2019" + strings[at + 1], ""
        else:
            neutralize(at)
    out = [strings[0]]
    for i, tag in enumerate(tags):
        if tag in _QUOTE_OPENERS:
            out.append(("" if i in forced or len(tag) == 1 else tag[0]) + QUOTE_OPEN)
        elif tag in _TAG_OPENERS or (tag in _CLOSERS and tag not in ('"', "'", "\u201d", "\u2019")):
            out.append(tag)
        elif tag:
            out.append(QUOTE_CLOSE)
        out.append(strings[i + 1])
    result = "".join(out)
    return result[1:] if result.startswith(" ") else result
