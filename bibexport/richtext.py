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
    """``On <i>Things</i>`` -> ``("On ", Span("i", ("Things",)))``.

    A closing tag closes the innermost open span of its kind; spans opened inside it and not
    closed are text, and so is every span still open at the end, and a tag nested deeper than
    :data:`MAX_DEPTH` (the tree is rendered recursively).  Linear: a title of 40,000 unclosed
    ``<i>`` is text like any other.
    """
    if not has_markup(text):
        return (text,) if text else ()
    tags = list(_TAG.finditer(text))
    kinds = [_kind(m) for m in tags]
    paired = _paired(tags, kinds)
    stack: list[tuple[str, list[Node | list[str]]]] = [("", [])]
    pos = 0
    for i, m in enumerate(tags):
        _add_text(stack[-1][1], text[pos : m.start()])
        pos = m.end()
        if i not in paired:
            _add_text(stack[-1][1], m.group())
        elif kinds[i]:
            stack.append((kinds[i], []))
        else:
            kind, children = stack.pop()
            stack[-1][1].append(Span(kind, _joined(children)))
    _add_text(stack[0][1], text[pos:])
    return _joined(stack[0][1])


_TAG = re.compile(rf"(?P<open>{_OPEN.pattern})|</i>|</b>|</sup>|</sub>|</span>")


def _kind(m: re.Match[str]) -> str:
    """The kind an opening tag opens ("" for a closing tag)."""
    if not m.group("open"):
        return ""
    return m.group(2) or (NOCASE if "nocase" in m.group() else SMALL_CAPS)


MAX_DEPTH = 100  # CSL-JSON titles nest two or three spans


def _paired(tags: list[re.Match[str]], kinds: list[str]) -> set[int]:
    """Indices of the tags that open or close a span (the rest are text): one pass with a stack."""
    opened: list[int] = []
    open_count = dict.fromkeys(_CLOSE.values(), 0)  # a closing tag with none of its kind open is text at once
    paired: set[int] = set()
    for i, m in enumerate(tags):
        if kinds[i]:
            if len(opened) < MAX_DEPTH:
                opened.append(i)
                open_count[_CLOSE[kinds[i]]] += 1
        elif open_count[m.group()]:
            while _CLOSE[kinds[opened[-1]]] != m.group():  # opened inside, never closed: text
                open_count[_CLOSE[kinds[opened.pop()]]] -= 1
            open_count[m.group()] -= 1
            paired.update((opened.pop(), i))
    return paired


def _add_text(nodes: list[Node | list[str]], text: str) -> None:
    """``text`` after ``nodes``: a run of text is a list of pieces until it is joined."""
    if text:
        if nodes and isinstance(nodes[-1], list):
            nodes[-1].append(text)
        else:
            nodes.append([text])


def _joined(nodes: list[Node | list[str]]) -> tuple[Node, ...]:
    return tuple("".join(n) if isinstance(n, list) else n for n in nodes)


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
