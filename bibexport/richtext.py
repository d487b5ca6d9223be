"""Rich text in CSL text variables: the markup CSL-JSON uses, as a tree each writer renders.

Records keep titles (and other text) as CSL-JSON writes them: ``<i>``, ``<b>``, ``<sup>``,
``<sub>``, ``<span style="font-variant:small-caps;">`` and ``<span class="nocase">`` around
text.  :func:`parse` gives the structure; :func:`plain` the text alone; :func:`to_latex` and
:func:`from_latex` map it to and from ``\\textit{}``, ``\\textbf{}``, ``\\textsuperscript{}``,
``\\textsubscript{}``, ``\\textsc{}`` and protecting braces.  A tag that is not closed, or one
CSL does not define, is text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

ITALIC, BOLD, SUP, SUB, SMALL_CAPS, NOCASE = "i", "b", "sup", "sub", "sc", "nocase"
_OPEN = re.compile(
    r"<(i|b|sup|sub)>|<span\s+class=\"nocase\"\s*>|<span\s+style=\"\s*font-variant\s*:\s*small-caps\s*;?\s*\"\s*>"
)
_CLOSE = {ITALIC: "</i>", BOLD: "</b>", SUP: "</sup>", SUB: "</sub>", SMALL_CAPS: "</span>", NOCASE: "</span>"}
_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span)\b")
# CSL-JSON markup <-> LaTeX command (nocase: a brace group of its own).
LATEX = {ITALIC: "textit", BOLD: "textbf", SUP: "textsuperscript", SUB: "textsubscript", SMALL_CAPS: "textsc"}
_FROM_LATEX = {**{command: kind for kind, command in LATEX.items()}, "emph": ITALIC, "mkbibemph": ITALIC}
_LATEX_COMMAND = re.compile(r"\\(" + "|".join(sorted(_FROM_LATEX, key=len, reverse=True)) + r")\s*\{")
_MARK_OPEN = {kind: chr(0xF8F0 + i) for i, kind in enumerate(LATEX)}  # private use: survive decoding
_MARK_CLOSE = "\uf8ff"
_OPEN_TAG = {ITALIC: "<i>", BOLD: "<b>", SUP: "<sup>", SUB: "<sub>",
             SMALL_CAPS: '<span style="font-variant:small-caps;">', NOCASE: '<span class="nocase">'}


@dataclass(frozen=True, slots=True)
class Span:
    """Text in one kind of markup (:data:`ITALIC`... :data:`NOCASE`)."""

    kind: str
    children: tuple[Node, ...]


Node = str | Span


def has_markup(text: str) -> bool:
    return "<" in text and bool(_MARKUP.search(text))


def parse(text: str) -> tuple[Node, ...]:
    """``On <i>Things</i>`` -> ``("On ", Span("i", ("Things",)))``."""
    if not has_markup(text):
        return (text,) if text else ()
    nodes, _ = _parse(text, 0, None)
    return tuple(nodes)


def _parse(text: str, pos: int, closing: str | None) -> tuple[list[Node], int]:
    nodes: list[Node] = []
    buffer = ""
    while pos < len(text):
        if closing and text.startswith(closing, pos):
            break
        m = _OPEN.match(text, pos)
        if m:
            kind = m.group(1) or (NOCASE if "nocase" in m.group() else SMALL_CAPS)
            children, end = _parse(text, m.end(), _CLOSE[kind])
            if end < len(text):  # closed
                if buffer:
                    nodes.append(buffer)
                    buffer = ""
                nodes.append(Span(kind, tuple(children)))
                pos = end + len(_CLOSE[kind])
                continue
        buffer += text[pos]
        pos += 1
    if buffer:
        nodes.append(buffer)
    return nodes, pos


def plain(text: str) -> str:
    """The text without its markup."""
    if not has_markup(text):
        return text
    return _plain(parse(text))


def _plain(nodes: tuple[Node, ...]) -> str:
    return "".join(n if isinstance(n, str) else _plain(n.children) for n in nodes)


def render(nodes: tuple[Node, ...], text: Callable[[str], str], span: Callable[[str, str], str]) -> str:
    """``nodes`` with each text run through ``text`` and each span through ``span(kind, inner)``."""
    return "".join(text(n) if isinstance(n, str) else span(n.kind, render(n.children, text, span)) for n in nodes)


def to_markup(nodes: tuple[Node, ...]) -> str:
    """CSL-JSON markup for ``nodes`` (:func:`parse` backwards)."""
    return render(nodes, lambda t: t, lambda kind, inner: _OPEN_TAG[kind] + inner + _CLOSE[kind])


def to_latex(text: str, escape: Callable[[str], str], nocase: Callable[[str], str] | None = None) -> str:
    """``text`` as LaTeX: runs of text through ``escape``, markup as ``\\textit{}``..., nocase as
    ``{...}`` (or through ``nocase``, given the escaped inner text)."""

    def span(kind: str, inner: str) -> str:
        if kind == NOCASE:
            return nocase(inner) if nocase else "{" + inner + "}"
        return f"\\{LATEX[kind]}{{{inner}}}"

    return render(parse(text), escape, span)


def from_latex(value: str, decode: Callable[[str], str]) -> str:
    """A LaTeX value as text with markup: ``\\textit{x}`` -> ``<i>x</i>``; the rest through ``decode``.

    The commands are marked with private-use characters that ``decode`` keeps, and turned
    into tags afterwards, so decoding sees the whole value at once.
    """
    if "\\" not in value or not _LATEX_COMMAND.search(value):
        return decode(value)
    marked = _mark(value)
    text = decode(marked)
    if _MARK_CLOSE not in text:
        return decode(value)
    out, stack = [], []
    for char in text:
        kind = _KIND_OF_MARK.get(char)
        if kind:
            stack.append(kind)
            out.append(_OPEN_TAG[kind])
        elif char == _MARK_CLOSE:
            out.append(_CLOSE[stack.pop()] if stack else "")
        else:
            out.append(char)
    out.extend(_CLOSE[k] for k in reversed(stack))
    return "".join(out)


_KIND_OF_MARK = {mark: kind for kind, mark in _MARK_OPEN.items()}


def _mark(value: str) -> str:
    """``\\textit{x}`` -> ``{<mark>x<end>}``: the braces stay a group for the decoder."""
    out, pos, ends = [], 0, []
    depth = 0
    i = 0
    while i < len(value):
        m = _LATEX_COMMAND.match(value, i) if value[i] == "\\" else None
        if m:
            out.append(value[pos:i] + "{" + _MARK_OPEN[_FROM_LATEX[m.group(1)]])
            depth += 1
            ends.append(depth)
            i = pos = m.end()
            continue
        char = value[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if ends and ends[-1] == depth:
                ends.pop()
                out.append(value[pos:i] + _MARK_CLOSE + "}")
                pos = i + 1
            depth -= 1
        i += 1
    out.append(value[pos:])
    return "".join(out)
