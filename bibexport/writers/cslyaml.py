"""CSL-YAML writer: the CSL-JSON items as pandoc reads them from a ``.yaml`` bibliography.

pandoc takes a YAML file (or a Markdown file's metadata block) with a ``references`` list of
CSL items, the shape pandoc-citeproc's ``--bib2yaml`` wrote::

    ---
    references:
    - id: akyurek2022learning
      type: article
      title: What learning algorithm is in-context learning? Investigations with linear models
      author:
      - family: Akyürek
        given: Ekin
      issued:
        date-parts:
        - - 2022
          - 11
          - 28
    ...

The items are those of the CSL-JSON writer, in the form pandoc itself writes CSL-YAML
(``pandoc refs.json -t markdown -s``): pandoc reads every string of a YAML bibliography as
Markdown, so the characters Markdown would read as markup are escaped with a backslash
(``\\*``, ``\\_``, ``\\$``, ``\\[``, ``\\@``, ``\\--``, an ``&`` that starts an entity...) and a
line break is Markdown's hard one (backslash, new line), which pandoc reads back as a line
break; a date is one EDTF string (``2022-11-28``).  What pandoc still changes in every
YAML bibliography, its own included: straight quotes become curly (its ``smart``
extension), runs of spaces become one.

No YAML library is needed: this small emitter writes block mappings and sequences, plain
scalars where no YAML 1.1 or 1.2 parser can read them as anything but the same string, and
double-quoted scalars otherwise (every character a YAML stream may not hold raw escaped).
The output is the same bytes for the same records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ..model import Record
from .csljson import record_to_csl

# A plain scalar: starts with a letter and holds no ':' or '#' (which could start a mapping or
# a comment), no tab or line break (not printable) and no trailing space.
_PLAIN = re.compile(r"[^\W\d_](?:[^:#]*[^:#\s])?")
# What Markdown could read as markup, escaped as pandoc's Markdown writer escapes it (pandoc
# reads a backslash before any ASCII punctuation as that character).
_MARKDOWN = re.compile(r"[\\`*_\[\]<>~^@|$#]|-(?=-)|\.(?=\.\.)|&(?=#?\w+;)")
# Words YAML 1.1 (PyYAML, pandoc's older readers) reads as booleans or null.
_RESERVED = frozenset("y n yes no on off true false null".split())
# What a YAML stream may not hold raw (YAML 1.2 c-printable), and line breaks of YAML 1.1
# (NEL, LS, PS), which a quoted scalar would fold.
_ESCAPE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\x85\u2028\u2029\ufeff]")


def scalar(value: Any) -> str:
    """One YAML scalar: a plain string, a double-quoted one, a number, true/false or null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED and text.isprintable():
        return text
    # JSON's string escapes are YAML's double-quoted escapes; escape what JSON leaves raw.
    return _ESCAPE.sub(lambda m: f"\\u{ord(m[0]):04x}" if ord(m[0]) < 0x10000 else f"\\U{ord(m[0]):08x}",
                       json.dumps(text, ensure_ascii=False))


def markdown(text: str) -> str:
    """``text`` as Markdown that pandoc reads back as ``text`` (line breaks as hard breaks)."""
    return _MARKDOWN.sub(r"\\\g<0>", text).replace("\n", "\\\n")


# CSL rich text (titles: ``<i>``, ``<span class="nocase">``...) as pandoc writes it in Markdown.
_MARKDOWN_SPAN = {"i": ("*", "*"), "b": ("**", "**"), "sup": ("^", "^"), "sub": ("~", "~"),
                  "sc": ("[", "]{.smallcaps}"), "nocase": ("[", "]{.nocase}")}


def rich_markdown(text: str) -> str:
    """A title's CSL rich text as pandoc Markdown: ``<i>x</i>`` -> ``*x*``, a nocase span ->
    ``[x]{.nocase}``, small caps -> ``[x]{.smallcaps}``, ``<sup>``/``<sub>`` -> ``^x^``/``~x~``."""
    from .. import richtext

    if not richtext.has_markup(text):
        return markdown(text)

    def span(kind: str, inner: str) -> str:
        if kind in ("sup", "sub"):  # no unescaped space inside ^...^ or ~...~
            # a space, not one already escaped (``\\ ``); ``\\\\`` is an escaped backslash, not an escape of the space
            inner = re.sub(r"(\\.)| ", lambda m: m[1] or "\\ ", inner)
        opening, closing = _MARKDOWN_SPAN[kind]
        return opening + inner + closing

    return richtext.render(richtext.parse(text), markdown, span)


def _edtf(date: dict[str, Any]) -> str | dict[str, Any]:
    """``{"date-parts": [[2022, 11, 28]]}`` as ``2022-11-28``, as pandoc writes dates; others as they are."""
    parts = date.get("date-parts")
    if len(date) == 1 and parts and len(parts) == 1 and 1 <= len(parts[0]) <= 3 and 0 < parts[0][0] <= 9999:
        year, *rest = parts[0]
        return "-".join([f"{year:04d}", *(f"{n:02d}" for n in rest)])
    return date


def _for_pandoc(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL item's strings as Markdown, its date as EDTF."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key == "issued" and isinstance(value, dict):
            value = _edtf(value)
        out[key] = rich_markdown(value) if key.endswith("title") and isinstance(value, str) else _markdown_values(value)
    return out


def _markdown_values(value: Any) -> Any:
    if isinstance(value, str):
        return markdown(value)
    if isinstance(value, list):
        return [_markdown_values(v) for v in value]
    if isinstance(value, dict):
        return {k: _markdown_values(v) for k, v in value.items()}
    return value


def _block(value: dict[str, Any] | list[Any], indent: int) -> list[str]:
    """The lines of a non-empty mapping or sequence at ``indent`` spaces."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{scalar(str(key))}:")
                lines += _block(item, indent if isinstance(item, list) else indent + 2)
            else:
                lines.append(f"{pad}{scalar(str(key))}: {_flow(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = _block(item, indent + 2)
                lines.append(f"{pad}- {inner[0][indent + 2:]}")
                lines += inner[1:]
            else:
                lines.append(f"{pad}- {_flow(item)}")
    return lines


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def dump(items: list[dict[str, Any]]) -> str:
    """A YAML document holding ``references:`` and the CSL items."""
    if not items:
        return "---\nreferences: []\n...\n"
    return "---\n" + "\n".join(["references:", *_block(items, 0)]) + "\n...\n"


def write(records: Iterable[Record], options: object = None) -> str:
    """CSL-YAML for pandoc: ``pandoc --citeproc --bibliography refs.yaml``."""
    return dump([_for_pandoc(record_to_csl(r)) for r in records])
