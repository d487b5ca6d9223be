"""Marked text as plain text, HTML or Markdown: text escaped, marks turned into markup."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .marks import (ANY_MARK, BASELINE, BOLD, DISPLAY_KIND, DISPLAY_OPEN, ITALIC, MARGIN, MARK_KIND, ROMAN,
                    SMALLCAPS, SUB, SUP, UNDERLINE, VARIANT_NORMAL, WEIGHT_NORMAL)


_HTML_TAGS = {ITALIC: ("<i>", "</i>"), ROMAN: ('<span style="font-style:normal;">', "</span>"), BOLD: ("<b>", "</b>"),
              SUP: ("<sup>", "</sup>"), SUB: ("<sub>", "</sub>"),
              SMALLCAPS: ('<span style="font-variant:small-caps;">', "</span>"),
              UNDERLINE: ('<span style="text-decoration:underline;">', "</span>"),
              WEIGHT_NORMAL: ('<span style="font-weight:normal;">', "</span>"),
              VARIANT_NORMAL: ('<span style="font-variant:normal;">', "</span>"),
              BASELINE: ('<span style="baseline">', "</span>")}
_MD_TAGS = {ITALIC: ("*", "*"), ROMAN: ("", ""), BOLD: ("**", "**"), SUP: ("<sup>", "</sup>"), SUB: ("<sub>", "</sub>"),
            SMALLCAPS: ("", ""), UNDERLINE: ("", ""), WEIGHT_NORMAL: ("", ""), VARIANT_NORMAL: ("", ""),
            BASELINE: ("", "")}
# What each kind is printed as, given the innermost open kind of its family (citeproc-js's
# flip-flop): italics in italics upright, bold in bold normal, small caps in small caps normal;
# an explicit normal only inside what it undoes (None: nothing printed).
_FAMILY = {ITALIC: "style", ROMAN: "style", BOLD: "weight", WEIGHT_NORMAL: "weight", SMALLCAPS: "variant",
           VARIANT_NORMAL: "variant", SUP: "align", SUB: "align", BASELINE: "align"}
_FLIP = {ITALIC: (ITALIC, ROMAN), ROMAN: (None, ROMAN), BOLD: (BOLD, WEIGHT_NORMAL), WEIGHT_NORMAL: (None, WEIGHT_NORMAL),
         SMALLCAPS: (SMALLCAPS, VARIANT_NORMAL), VARIANT_NORMAL: (None, VARIANT_NORMAL)}
_UNDONE = {ROMAN: ITALIC, WEIGHT_NORMAL: BOLD, VARIANT_NORMAL: SMALLCAPS}


def _printed(kind: str, open_kinds: list[str]) -> str | None:
    family = _FAMILY.get(kind)
    if family is None:
        return kind
    inner = next((k for k in reversed(open_kinds) if _FAMILY.get(k) == family), None)
    if kind == BASELINE:
        return BASELINE if inner in (SUP, SUB) else None
    if kind in (SUP, SUB):
        return kind
    plain, flipped = _FLIP[kind]
    return flipped if inner == _UNDONE[flipped] else plain
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")


def _tokens(text: str) -> list[tuple[str, str]]:
    """Marked text as ("t", text) / ("o", kind) / ("c", kind), balanced, without empty spans,
    each kind as printed inside the ones around it (:func:`_printed`)."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[str, str | None]] = []  # (kind asked for, kind printed or None)
    pos = 0
    for found in [*ANY_MARK.finditer(text), None]:
        end = found.start() if found else len(text)
        if end > pos:
            out.append(("t", text[pos:end]))
        if found is None:
            break
        pos = found.end()
        kind_open = MARK_KIND.get(found.group())
        if kind_open is None:
            continue
        kind, is_open = kind_open
        if is_open:
            printed = _printed(kind, [p for _, p in stack if p])
            stack.append((kind, printed))
            if printed:
                out.append(("o", printed))
        elif any(asked == kind for asked, _ in stack):
            while stack:
                asked, printed = stack.pop()
                if printed:
                    out.append(("c", printed))
                if asked == kind:
                    break
    out.extend(("c", p) for _, p in reversed(stack) if p)
    cleaned: list[tuple[str, str]] = []
    for token in out:  # drop spans with nothing in them
        if token[0] == "c" and cleaned and cleaned[-1] == ("o", token[1]):
            cleaned.pop()
        else:
            cleaned.append(token)
    return cleaned


def _convert(text: str, escape: Callable[[str], str], tags: dict[str, tuple[str, str]],
             flanking: bool = False) -> str:
    """Escape the text between marks and turn marks into ``tags``.

    With ``flanking`` (Markdown), spaces are moved outside the emphasis markers and a marker
    that closes and reopens the same emphasis is dropped, so ``*...*`` always parses.
    """
    tokens = _tokens(text)
    if flanking:
        tokens = _flank(tokens)
    return "".join(escape(value) if kind == "t" else tags[value][0 if kind == "o" else 1] for kind, value in tokens)


def _flank(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Markdown emphasis must not start before or end after a space: move spaces outside."""
    todo = list(tokens)
    out: list[tuple[str, str]] = []
    for i, (kind, value) in enumerate(todo):
        if kind == "t" or not _MD_TAGS[value][0]:  # Markdown has no upright-inside-italics
            out.append((kind, value))
            continue
        opens = kind == "o"
        trailing = ""
        if opens and i + 1 < len(todo) and todo[i + 1][0] == "t":
            text = todo[i + 1][1]
            out.append(("t", text[: len(text) - len(text.lstrip())]))
            todo[i + 1] = ("t", text.lstrip())
        elif not opens and out and out[-1][0] == "t":
            text = out[-1][1]
            out[-1] = ("t", text.rstrip())
            trailing = text[len(text.rstrip()):]
        out.append((kind, value))
        out.append(("t", trailing))
    merged: list[tuple[str, str]] = []
    for token in out:  # "*" right after "*" would read as bold: the two cancel out
        if token[0] == "t" and not token[1]:
            continue
        if token[0] != "t" and token[1] == ITALIC and merged and merged[-1][0] != "t" and merged[-1][1] == ITALIC:
            merged.pop()
        else:
            merged.append(token)
    return merged


def _split_margin(entry: str) -> tuple[str, str]:
    margin, sep, body = entry.partition(MARGIN)
    return (margin, body) if sep else ("", entry)


_DISPLAY_MARKS = re.compile("[" + "".join(DISPLAY_KIND) + "]")


def _segments(entry: str) -> list[tuple[str | None, str]]:
    """An entry as (display, text) pieces: the second-field-align label and body as
    ``left-margin`` and ``right-inline``, else each outermost ``display`` element's text
    (display None: text outside them).  Empty display pieces are left out."""
    if MARGIN in entry:
        margin, body = _split_margin(entry)
        return [("left-margin", _DISPLAY_MARKS.sub("", margin)), ("right-inline", _DISPLAY_MARKS.sub("", body))]
    out: list[tuple[str | None, str]] = []
    depth, kind, pos = 0, None, 0
    for found in _DISPLAY_MARKS.finditer(entry):
        mark = found.group()
        opening = mark in DISPLAY_OPEN.values()
        if opening:
            depth += 1
            if depth == 1:
                out.append((None, entry[pos:found.start()]))
                kind, pos = DISPLAY_KIND[mark], found.end()
        elif depth:
            depth -= 1
            if depth == 0:
                out.append((kind, entry[pos:found.start()]))
                kind, pos = None, found.end()
    out.append((kind, entry[pos:]))
    return [(k, _DISPLAY_MARKS.sub("", t)) for k, t in out if t and (k is None or ANY_MARK.sub("", t))]


# Letters Unicode has as superscripts (ª, ², ʳ, ᵉ, ™...): citeproc-js's HTML output writes them as
# <sup> of the plain letter (CSL.SUPERSCRIPTS).
_SUPERSCRIPTS = dict(zip(
    "ª²³¹ºʰʱʲʳʴʵʶʷʸˠˡˢˣˤᴬᴭᴮᴰᴱᴲᴳᴴᴵᴶᴷᴸᴹᴺᴼᴽᴾᴿᵀᵁᵂᵃᵄᵅᵆᵇᵈᵉᵊᵋᵌᵍᵏᵐᵑᵒᵓᵔᵕᵖᵗᵘᵙᵚᵛᵜᵝᵞᵟᵠᵡ⁰ⁱ⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ℠™㆒㆓㆔㆕㆖㆗㆘㆙㆚㆛㆜㆝㆞㆟ˀˁۥۦ",
    "a|2|3|1|o|h|ɦ|j|r|ɹ|ɻ|ʁ|w|y|ɣ|l|s|x|ʕ|A|Æ|B|D|E|Ǝ|G|H|I|J|K|L|M|N|O|Ȣ|P|R|T|U|W|a|ɐ|ɑ|ᴂ|b|d|e|ə|ɛ|ɜ|g|k|m|ŋ|o|ɔ|ᴖ|"
    "ᴗ|p|t|u|ᴝ|ɯ|v|ᴥ|β|γ|δ|φ|χ|0|i|4|5|6|7|8|9|+|−|=|(|)|n|SM|TM|一|二|三|四|上|中|下|甲|乙|丙|丁|天|地|人|ʔ|ʕ|و|ي".split("|")))
_SUPERSCRIPT_CHARS = re.compile("[" + re.escape("".join(_SUPERSCRIPTS)) + "]")


def _html_escape(text: str) -> str:
    text = html.escape(text, quote=False)
    if _SUPERSCRIPT_CHARS.search(text):
        text = _SUPERSCRIPT_CHARS.sub(lambda m: f"<sup>{_SUPERSCRIPTS[m.group()]}</sup>", text)
    return text


def inline(text: str, form: str = "text") -> str:
    """Marked text (a citation) as plain text, or as escaped HTML or Markdown inline markup."""
    if form == "html":
        return _convert(text, _html_escape, _HTML_TAGS)
    if form == "markdown":
        return _convert(text, _md_inline, _MD_TAGS, flanking=True)
    return ANY_MARK.sub("", text)


def to_text(entry: str) -> str:
    """Plain Unicode on one line: marks removed; a left-margin label is followed by a space,
    and so is a block or indented display (citeproc-js's text output breaks the line there)."""
    out = ""
    spaced = False  # a block ended: what follows starts after a space
    for kind, text in _segments(entry):
        text = ANY_MARK.sub("", text)
        if kind == "left-margin":
            out += text.rstrip() + " "
        elif kind in ("right-inline", "block", "indent") or spaced:
            if out and not out.endswith(" "):
                out += " "
            out += text.lstrip() if out else text
        else:
            out += text
        spaced = kind == "block"
    return out


# citeproc-js's HTML for each display (formats.js).
_HTML_DISPLAY = {"block": ('\n\n    <div class="csl-block">', "</div>\n"),
                 "left-margin": ('\n    <div class="csl-left-margin">', "</div>"),
                 "right-inline": ('<div class="csl-right-inline">', "</div>\n  "),
                 "indent": ('<div class="csl-indent">', "</div>\n  ")}


def to_html(entry: str) -> str:
    """One ``csl-entry`` div, escaped, with citeproc-js's class names and display divs."""
    inner = ""
    for kind, text in _segments(entry):
        if kind == "right-inline":  # citeproc-js ends the body without its trailing spaces
            text = text.rstrip()
        converted = _convert(text, _html_escape, _HTML_TAGS)
        if kind is None:
            inner += converted
        else:
            inner += _HTML_DISPLAY[kind][0] + converted + _HTML_DISPLAY[kind][1]
    return f'  <div class="csl-entry">{inner}</div>'


def _md_inline(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_escape(text: str) -> str:
    """Backslash-escape Markdown syntax so that text renders as itself."""
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_line_start(m.group(2)), _md_inline(text))


def _escape_line_start(token: str) -> str:
    return token[:-1] + "\\" + token[-1] if token[-1] in ".)" else "\\" + token


def to_markdown(entry: str) -> str:
    """Markdown: ``*italic*``, ``**bold**``, everything else escaped."""
    margin, body = _split_margin(_DISPLAY_MARKS.sub("", entry.strip()))  # edge spaces could make a code block
    text = _convert(body, _md_inline, _MD_TAGS, flanking=True)
    if margin:
        text = f"{_convert(margin.rstrip(), _md_inline, _MD_TAGS, flanking=True)} {text.lstrip()}"
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_line_start(m.group(2)), text)
