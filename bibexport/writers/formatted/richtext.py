"""Field values as citeproc text: CSL-JSON rich text and simple LaTeX become marks."""

from __future__ import annotations

import re
from typing import Any

from citeproc.string import MixedString, NoCase, String

from .flipflop import flipflop_quotes
from .marks import ANY_MARK, BOLD, CLOSE, ITALIC, OPEN, ROMAN, SMALLCAPS, SUB, SUP, VARIANT_NORMAL, WEIGHT_NORMAL


_RICH = re.compile(
    r"<(?P<close>/?)(?P<tag>i|b|sup|sub|sc)>"
    r"|<span\s+class=\"nocase\">(?P<nocase>)"
    r"|<span\s+class=\"nodecor\">(?P<nodecor>)"
    r"|<span\s+style=\"font-variant:\s*small-caps;?\">(?P<sc>)"
    r"|(?P<endspan></span>)"
    r"|(?<![\\\w])\$(?P<math>[^$\s](?:[^$]*[^$\s])?)\$"
    r"|\\(?P<cmd>emph|textit|textbf|textsc|textsuperscript|textsubscript|mathrm|text|mbox)\s*\{"
    r"|\\(?P<escaped>[&%$#_{}])"
    r"|(?P<brace>[{}])"
)
_NODECOR = (ROMAN, WEIGHT_NORMAL, VARIANT_NORMAL)
_TAG_KIND = {"i": ITALIC, "b": BOLD, "sup": SUP, "sub": SUB, "sc": SMALLCAPS}  # <sc>: citeproc-js small caps
_CMD_KIND = {"emph": ITALIC, "textit": ITALIC, "textbf": BOLD, "textsc": SMALLCAPS,
             "textsuperscript": SUP, "textsubscript": SUB}
_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
          "upsilon phi chi psi omega").split()
MATH_SYMBOLS = {
    **{name: chr(0x3B1 + i + (1 if i > 16 else 0)) for i, name in enumerate(_GREEK)},
    **{name.capitalize(): chr(0x391 + i + (1 if i > 16 else 0)) for i, name in enumerate(_GREEK)},
    "varepsilon": "ε", "vartheta": "ϑ", "varphi": "φ", "ell": "ℓ", "infty": "∞", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "approx": "≈", "sim": "∼", "times": "×", "cdot": "·", "pm": "±",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "in": "∈", "sum": "∑", "prod": "∏", "partial": "∂",
    "nabla": "∇", "sqrt": "√", "log": "log", "exp": "exp", "ldots": "…", "dots": "…", "cdots": "⋯",
}
_MATH = re.compile(r"\\([A-Za-z]+)|([\^_])(\{[^{}]*\}|\\[A-Za-z]+|.)|[{}]")


def latex_math(math: str) -> str:
    """Inline TeX math as text: Greek letters and common symbols in Unicode, ``^``/``_`` as
    superscript/subscript marks, font commands (``\\mathbf{x}``) as their content, no braces."""

    def replace(found: re.Match[str]) -> str:
        command, script, argument = found.groups()
        if command:
            return MATH_SYMBOLS.get(command, "" if command.startswith(("math", "text", "bold", "operator")) else command)
        if script:
            kind = SUP if script == "^" else SUB
            return OPEN[kind] + latex_math(argument.strip("{}")) + CLOSE[kind]
        return ""

    return _MATH.sub(replace, math)


_NARROW_BEFORE = re.compile(r" ([:;?!\u00bb])")


def narrow_spaces(text: str) -> str:
    """citeproc-js (queue.js, every string it appends): the space before ``: ; ? ! »`` and
    after ``«`` is a narrow no-break space (French typography)."""
    if " " not in text or not any(c in text for c in ":;?!\u00ab\u00bb"):
        return text
    return _NARROW_BEFORE.sub("\u202f\\1", text).replace("\u00ab ", "\u00ab\u202f")


def rich_text(value: str, quotes: bool = True) -> Any:
    """A field value as citeproc text: markup as marks, protected spans as ``NoCase``.

    ``<i>x</i>`` and ``\\emph{x}`` -> italic; ``$N$`` -> italic, case-protected;
    ``{BERT}`` and ``<span class="nocase">`` -> case-protected; other braces are dropped;
    with ``quotes``, quoted spans and apostrophes as :func:`~.flipflop.flipflop_quotes` reads them.
    """
    value = narrow_spaces(ANY_MARK.sub("", value))  # the marks are bibexport's own
    if quotes:
        value = flipflop_quotes(value)
    if not any(c in value for c in "<${}\\"):
        return String(value)
    pieces: list[tuple[str, bool]] = []  # (text, protected)
    stack: list[tuple[str, str | None]] = []  # (closer, mark kind)

    def emit(text: str) -> None:
        if text:
            pieces.append((text, any(kind in ("nocase", "nodecor") for _, kind in stack)))

    def close(closer: str) -> None:
        while stack:
            end, kind = stack.pop()
            if kind in CLOSE:
                emit(CLOSE[kind])
            elif kind == "nodecor":
                emit("".join(CLOSE[k] for k in reversed(_NODECOR)))
            if end == closer:
                return

    pos = 0
    for found in _RICH.finditer(value):
        emit(value[pos:found.start()])
        pos = found.end()
        group = found.lastgroup
        if group in ("tag", "close"):
            kind = _TAG_KIND[found.group("tag")]
            if found.group("close"):
                if any(end == f"</{found.group('tag')}>" for end, _ in stack):
                    close(f"</{found.group('tag')}>")
                else:  # a closing tag that closes nothing is text, as citeproc-js prints it
                    emit(found.group())
            else:
                emit(OPEN[kind])
                stack.append((f"</{found.group('tag')}>", kind))
        elif group == "nocase":
            stack.append(("</span>", "nocase"))
        elif group == "nodecor":  # citeproc-js: every font style, weight and variant back to normal
            emit("".join(OPEN[k] for k in _NODECOR))
            stack.append(("</span>", "nodecor"))
        elif group == "sc":
            emit(OPEN[SMALLCAPS])
            stack.append(("</span>", SMALLCAPS))
        elif group == "endspan":
            if any(end == "</span>" for end, _ in stack):
                close("</span>")
        elif group == "math":
            pieces.append((OPEN[ITALIC] + latex_math(found.group("math")) + CLOSE[ITALIC], True))
        elif group == "cmd":
            kind = _CMD_KIND.get(found.group("cmd"))
            if kind:
                emit(OPEN[kind])
            stack.append(("}", kind))
        elif group == "escaped":
            emit(found.group("escaped"))
        elif found.group("brace") == "{":
            stack.append(("}", "nocase"))
        elif any(end == "}" for end, _ in stack):
            close("}")
    emit(value[pos:])
    while stack:
        close(stack[-1][0])
    if not pieces:
        return String("")
    out = MixedString()
    for text, protected in pieces:
        out += NoCase(text) if protected else String(text)
    return out
