"""CSL-YAML reader: a pandoc YAML bibliography (``references:`` and CSL items), as pandoc and
bibexport's writer write it, or as people write it by hand.

pandoc reads every string of such a file as Markdown; this reader takes back what pandoc's
and bibexport's writers escape (a backslash before ASCII punctuation, a backslash before a
line break) and leaves other Markdown as written (``*emphasis*`` stays as text).  The
items then go through the CSL-JSON reader's mapping, EDTF dates (``issued: 2022-11-28``)
included.

YAML without a YAML library: :func:`load` reads the block style these files use (mappings,
sequences, ``- key: value`` items, indentless sequences), plain scalars over several
lines, single- and double-quoted scalars (escapes, folding), ``|`` and ``>`` block scalars,
flow sequences and mappings of scalars (``[a, b]``, ``{}``), comments and the ``---``/``...``
markers.  Anchors, aliases, tags and complex keys are an error at their line.  Plain scalars
stay text except ``null``/``~``/empty (None), ``true``/``false`` and integers, so an
unquoted ``2020-05-01`` is the text of a date, as pandoc reads it.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Problem
from ..model import Record
from . import ReadResult
from .csljson import read_item


class YAMLError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
            "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NOT_PLAIN_START = set("#'\"[]{},&*!|>%@`")


class _Parser:
    def __init__(self, text: str, first_line: int) -> None:
        self.lines = text.split("\n")
        self.first = first_line
        self.i = 0

    # Lines ----------------------------------------------------------------------------------

    def _skip(self) -> None:
        """To the next line holding something (not blank, not only a comment)."""
        while self.i < len(self.lines) and _content(self.lines[self.i]) == "":
            self.i += 1

    def _indent(self) -> int:
        line = self.lines[self.i]
        return len(line) - len(line.lstrip(" "))

    def lineno(self) -> int:
        return self.first + self.i

    def _fail(self, message: str) -> YAMLError:
        return YAMLError(message, self.lineno())

    # Nodes ----------------------------------------------------------------------------------

    def node(self, indent: int, parent: int | None = None) -> Any:
        """The block node whose lines are indented ``indent`` or more (a sequence entry's value:
        ``parent`` is the entry's indentation)."""
        self._skip()
        if self.i >= len(self.lines) or self._indent() < indent:
            return None
        indent = self._indent()
        text = _content(self.lines[self.i])[indent:]
        if text == "-" or text.startswith("- "):
            return self.sequence(indent)
        if _key_end(text) is not None:
            return self.mapping(indent)
        return self.scalar(text, indent - 1 if parent is None else parent)

    def sequence(self, indent: int) -> list[Any]:
        items = []
        while True:
            self._skip()
            if self.i >= len(self.lines) or self._indent() != indent:
                return items
            text = _content(self.lines[self.i])[indent:]
            if not (text == "-" or text.startswith("- ")):
                return items
            if text == "-":
                self.i += 1
                items.append(self.node(indent + 1))
            else:  # "- value": the value starts two columns in, as if on a line of its own
                line = self.lines[self.i]
                self.lines[self.i] = line[:indent] + "  " + line[indent + 2:]
                items.append(self.node(indent + 2, indent))
            if self.i < len(self.lines) and self.lines[self.i].strip(" \t") and self._indent() > indent:
                raise self._fail("bad indentation of a sequence entry")

    def mapping(self, indent: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while True:
            self._skip()
            if self.i >= len(self.lines) or self._indent() != indent:
                return out
            text = _content(self.lines[self.i])[indent:]
            colon = _key_end(text)
            if colon is None or text.startswith("- "):
                if text.startswith("- "):
                    return out
                raise self._fail(f"expected 'key: value', found {text[:40]!r}")
            key = self._key(text[:colon].rstrip(" \t"))
            if key in out:
                raise self._fail(f"duplicate key {key!r}")
            rest = text[colon + 1:].strip(" \t")
            if rest:
                out[key] = self.scalar(rest, indent)
            else:
                self.i += 1
                self._skip()
                if self.i < len(self.lines) and self._indent() == indent and (
                        _content(self.lines[self.i])[indent:] + " ").startswith("- "):
                    out[key] = self.sequence(indent)  # an indentless sequence
                else:
                    out[key] = self.node(indent + 1)

    def _key(self, text: str) -> str:
        if text[:1] in "\"'":  # a quoted key, on its line
            return _unescape(text[1:-1], text[0])
        if text[:1] in "&*!" or text[:2] in ("? ", "?"):
            raise self._fail(f"unsupported YAML key {text!r}")
        return text

    def scalar(self, text: str, parent: int) -> Any:
        """The scalar starting with ``text`` on the current line; continuation lines are
        indented more than ``parent``.  Leaves ``self.i`` on the line after it."""
        first = text[:1]
        if first == '"':
            return self._quoted(text, '"')
        if first == "'":
            return self._quoted(text, "'")
        if first in "|>":
            return self._block_scalar(text, parent)
        if first in "[{":
            return self._flow(text)
        if first in "&*!%@`":
            raise self._fail(f"unsupported YAML ({first!r}: anchors, aliases, tags and directives are not read)")
        parts = [text.strip(" \t")]
        self.i += 1
        while self.i < len(self.lines):
            raw = self.lines[self.i]
            if not raw.strip(" \t"):  # an empty line inside a plain scalar is a line break
                j = self.i
                while j < len(self.lines) and not self.lines[j].strip(" \t"):
                    j += 1
                if j < len(self.lines) and _indent_of(self.lines[j]) > parent and _content(self.lines[j]).strip(" \t"):
                    parts.append("\n" * (j - self.i))
                    self.i = j
                    continue
                break
            if _indent_of(raw) <= parent or raw.lstrip().startswith("#"):
                break
            content = _content(raw).strip(" \t")
            if parts[-1].endswith("\n"):
                parts[-1] += content
            else:
                parts.append(content)
            self.i += 1
        value = re.sub(r" ?(\n+) ?", r"\1", _join_folded(parts))
        return _plain(value)

    def _quoted(self, text: str, quote: str) -> str:
        """A quoted scalar from ``text`` (its first line) on, over as many lines as it takes."""
        start = self.lineno()
        body = text[1:]
        pieces: list[str] = []
        while True:
            end = _closing(body, quote)
            if end >= 0:
                pieces.append(body[:end])
                after = body[end + 1:].strip(" \t")
                if after and not after.startswith("#"):
                    raise self._fail(f"text after a quoted scalar: {after[:30]!r}")
                self.i += 1
                break
            pieces.append(body)
            self.i += 1
            if self.i >= len(self.lines):
                raise YAMLError("a quoted scalar that never closes", start)
            body = self.lines[self.i]
        return _unquote(pieces, quote)

    def _block_scalar(self, header: str, parent: int) -> str:
        match = re.fullmatch(r"([|>])([+-]?)([1-9]?)([+-]?)\s*(?:#.*)?", header)
        if not match:
            raise self._fail(f"bad block scalar header {header!r}")
        style, chomp = match[1], match[2] or match[4]
        self.i += 1
        lines: list[str] = []
        indent = max(parent, 0) + int(match[3]) if match[3] else None
        while self.i < len(self.lines):
            raw = self.lines[self.i]
            if raw.strip(" \t"):
                if indent is None:
                    indent = _indent_of(raw)
                    if indent <= parent:
                        break
                if _indent_of(raw) < indent:
                    break
                lines.append(raw[indent:])
            else:
                lines.append(raw[indent:] if indent is not None else "")
            self.i += 1
        trailing = 0
        while lines and not lines[-1].strip(" \t"):  # trailing empty lines: kept only by '+'
            lines.pop()
            trailing += 1
        if not lines:
            return "\n" * trailing if chomp == "+" else ""
        if style == "|":
            value = "\n".join(lines)
        else:  # folded: a break between two lines is a space, an empty line a break; more-indented lines keep theirs
            value, last = "", ""
            for k, line in enumerate(lines):
                if not line:
                    value += "\n"
                elif k:
                    if lines[k - 1]:
                        value += "\n" if line[0].isspace() or lines[k - 1][0].isspace() else " "
                    elif last and (line[0].isspace() or last[0].isspace()):
                        value += "\n"
                value += line
                last = line or last
        if chomp == "-":
            return value
        return value + "\n" + ("\n" * trailing if chomp == "+" else "")

    def _flow(self, text: str) -> Any:
        """A flow sequence or mapping of scalars, over one or more lines."""
        start = self.lineno()
        pieces = [_content(text)]
        state = _depth(pieces[0], (0, "", False, ""))
        self.i += 1
        while state[0] > 0:
            if self.i >= len(self.lines):
                raise YAMLError("a flow collection that never closes", start)
            pieces.append(_content(self.lines[self.i]))
            state = _depth("\n" + pieces[-1], state)
            self.i += 1
        buffer = "\n".join(pieces).strip(" \t\n")
        value, end = _flow_value(buffer, 0, start)
        if buffer[end:].strip(" \t\n"):
            raise YAMLError(f"text after a flow collection: {buffer[end:][:30]!r}", start)
        return value


def _content(line: str) -> str:
    """``line`` without a comment (`` #`` outside quotes) and trailing spaces; tabs count as text."""
    if "#" not in line:
        return line.rstrip(" \t")
    k = 0
    while k < len(line):
        ch = line[k]
        if ch in "\"'" and (k == 0 or line[k - 1] in " \t:-[{,"):  # a quoted scalar: skip to its end
            end = _closing(line[k + 1:], ch)
            if end < 0:  # it goes on over the next lines: no comment on this one
                break
            k += end + 2
            continue
        if ch == "#" and (k == 0 or line[k - 1] in " \t"):
            return line[:k].rstrip(" \t")
        k += 1
    return line.rstrip(" \t")


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _join_folded(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if part.startswith("\n"):
            out += part
        elif out and not out.endswith("\n"):
            out += " " + part
        else:
            out += part
    return out


def _plain(value: str) -> Any:
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if _INT.fullmatch(value):
        return int(value)
    return value


def _closing(body: str, quote: str) -> int:
    """Where the closing quote is in ``body``, -1 if none."""
    k = 0
    while k < len(body):
        ch = body[k]
        if quote == '"' and ch == "\\":
            k += 2
            continue
        if ch == quote:
            if quote == "'" and body[k + 1:k + 2] == "'":
                k += 2
                continue
            return k
        k += 1
    return -1


def _unquote(pieces: list[str], quote: str) -> str:
    """Folded and unescaped: a line break is a space, each empty line after it a line break;
    a double-quoted line ending in a backslash joins the next without a space."""
    out: list[str] = []
    k, text = 0, pieces[0]
    while k < len(pieces) - 1:
        stripped = text.rstrip(" \t")
        k += 1
        if quote == '"' and _ends_escaped(stripped):
            out.append(_unescape(stripped[:-1], quote))
        else:
            out.append(_unescape(stripped, quote))
            empties = 0
            while k < len(pieces) - 1 and not pieces[k].strip(" \t"):
                empties, k = empties + 1, k + 1
            out.append("\n" * empties if empties else " ")
        text = pieces[k].lstrip(" \t")
    out.append(_unescape(text, quote))
    return "".join(out)


def _ends_escaped(text: str) -> bool:
    return (len(text) - len(text.rstrip("\\"))) % 2 == 1


def _unescape(text: str, quote: str) -> str:
    if quote == "'":
        return text.replace("''", "'")
    out, k = [], 0
    while k < len(text):
        ch = text[k]
        if ch != "\\":
            out.append(ch)
            k += 1
            continue
        code = text[k + 1:k + 2]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            k += 2
        elif code in _HEX:
            digits = text[k + 2:k + 2 + _HEX[code]]
            if len(digits) != _HEX[code] or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise ValueError(f"bad escape \\{code}{digits}")
            out.append(chr(int(digits, 16)))
            k += 2 + _HEX[code]
        else:
            raise ValueError(f"unknown escape \\{code}")
    return "".join(out)


def _depth(text: str, state: tuple[int, str, bool, str]) -> tuple[int, str, bool, str]:
    """The nesting depth after ``text``, from ``state`` (depth, open quote, escaped, last non-space character)."""
    depth, quote, escaped, last = state
    for k, ch in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"' or ch == "'" == quote and text[k + 1:k + 2] == "'":
                escaped = True  # \x in "...", '' in '...'
            elif ch == quote:
                quote = ""
        elif ch in "\"'" and last in ("", "[", "{", ",", ":"):  # a quote starts a scalar only
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        if ch not in " \t\n":
            last = ch
    return depth, quote, escaped, last


def _key_end(text: str) -> int | None:
    """Where the ':' of a ``key: value`` line is (outside a quoted key), None if the line is no key."""
    if not text:
        return None
    if text[0] in "\"'":
        end = _closing(text[1:], text[0])
        if end < 0:
            return None
        k = end + 2
        while k < len(text) and text[k] in " \t":
            k += 1
        return k if text[k:k + 1] == ":" and text[k + 1:k + 2] in ("", " ", "\t") else None
    if text[0] in _NOT_PLAIN_START or (text[0] in "-?:" and text[1:2] in ("", " ", "\t")):
        return None
    k = text.find(":")
    while k >= 0:
        if text[k + 1:k + 2] in ("", " ", "\t"):
            return k
        k = text.find(":", k + 1)
    return None


def _flow_value(text: str, k: int, line: int) -> tuple[Any, int]:
    while k < len(text) and text[k] in " \t\n":
        k += 1
    if k >= len(text):
        raise YAMLError("a flow collection that never closes", line)
    ch = text[k]
    if ch in "[{":
        close = "]" if ch == "[" else "}"
        items: list[Any] = []
        mapping: dict[str, Any] = {}
        k += 1
        while True:
            while k < len(text) and text[k] in " \t\n":
                k += 1
            if k < len(text) and text[k] == close:
                return (items if ch == "[" else mapping), k + 1
            value, k = _flow_value(text, k, line)
            while k < len(text) and text[k] in " \t\n":
                k += 1
            if ch == "{":
                if k >= len(text) or text[k] != ":":
                    raise YAMLError("expected ':' in a flow mapping", line)
                item, k = _flow_value(text, k + 1, line)
                mapping[str(value)] = item
            else:
                items.append(value)
            while k < len(text) and text[k] in " \t\n":
                k += 1
            if k < len(text) and text[k] == ",":
                k += 1
            elif k >= len(text) or text[k] != close:
                raise YAMLError("expected ',' or the end of a flow collection", line)
    if ch in "\"'":
        end = _closing(text[k + 1:], ch)
        if end < 0:
            raise YAMLError("a quoted scalar that never closes", line)
        return _unquote(text[k + 1:k + 1 + end].split("\n"), ch), k + end + 2
    end = k  # a plain scalar: up to ',', ']', '}' or ': '
    while end < len(text) and text[end] not in ",]}" and not (text[end] == ":" and text[end + 1:end + 2] in ("", " ", "\t", "\n")):
        end += 1
    value = text[k:end].rstrip(" \t\n")
    return _plain(re.sub(r"(?<![ \t])[ \t]*\n[ \t\n]*", " ", value) if "\n" in value else value), k + len(value)


def load(text: str) -> Any:
    """The YAML document in ``text`` (the first one; ``---`` and ``...`` markers optional)."""
    lines = text.lstrip("\ufeff").split("\n")
    if len(lines) > 1 and lines[-1] == "":  # the break ending the last line: no empty line after it
        lines.pop()
    first = 1
    body_start = 0
    for k, line in enumerate(lines):
        if not _content(line).strip(" \t") or line.startswith("%"):
            continue
        if line.rstrip(" \t") == "---":
            body_start, first = k + 1, k + 2
        elif line.startswith("--- "):  # the document starts on the marker's line
            lines[k] = " " * 4 + line[4:]
            body_start, first = k, k + 1
        else:
            body_start, first = k, k + 1
        break
    body = lines[body_start:]
    for k, line in enumerate(body):
        if line.rstrip(" \t") in ("...", "---"):
            body = body[:k]
            break
    parser = _Parser("\n".join(body), first)
    value = parser.node(0)
    parser._skip()
    if parser.i < len(parser.lines):
        raise parser._fail(f"unexpected text {parser.lines[parser.i].strip()[:40]!r}")
    return value


# CSL-YAML ------------------------------------------------------------------------------------

_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|\\\n")


def unmarkdown(value: Any) -> Any:
    """Strings as pandoc's Markdown reads them back: escapes and hard line breaks undone."""
    if isinstance(value, str):
        return _MARKDOWN_ESCAPE.sub(lambda m: m[1] or "\n", value)
    if isinstance(value, list):
        return [unmarkdown(v) for v in value]
    if isinstance(value, dict):
        return {k: unmarkdown(v) for k, v in value.items()}
    return value


_SPAN_OF = {"*": "i", "**": "b", "^": "sup", "~": "sub"}
_TAG = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>"),
        "nocase": ('<span class="nocase">', "</span>"), "smallcaps": ('<span style="font-variant:small-caps;">', "</span>")}


def rich_text(text: str) -> str:
    """A title's Markdown as CSL rich text: ``*x*``, ``**x**``, ``^x^``, ``~x~``, ``[x]{.nocase}``
    and ``[x]{.smallcaps}`` as CSL-JSON's markup; escapes and hard breaks undone; any other
    Markdown stays as written."""
    if not re.search(r"[*^~\[]", text):
        return unmarkdown(text)
    out, _ = _rich(text, 0, None)
    return out


def _rich(text: str, pos: int, closer: str | None) -> tuple[str, int]:
    """Rich text from ``pos`` up to ``closer`` (None: the end); returns (markup, position after it),
    or (partial, -1) when ``closer`` never comes."""
    out: list[str] = []
    while pos < len(text):
        ch = text[pos]
        if closer is not None and text.startswith(closer, pos) and (closer != "*" or not text.startswith("**", pos)
                                                                     or closer == "**"):
            return "".join(out), pos + len(closer)
        if ch == "\\" and pos + 1 < len(text) and (text[pos + 1] in "\n " or 33 <= ord(text[pos + 1]) <= 126
                                                   and not text[pos + 1].isalnum()):
            out.append(text[pos + 1])
            pos += 2
            continue
        opener = "**" if text.startswith("**", pos) else ch if ch in "*^~[" else None
        if opener is not None and pos + len(opener) < len(text) and not text[pos + len(opener)].isspace():
            if opener == "[":
                inner, end = _rich(text, pos + 1, "]")
                match = re.match(r"\{\.(nocase|smallcaps)\}", text[end:]) if end >= 0 else None
                if match:
                    tag = _TAG[match[1]]
                    out.append(tag[0] + inner + tag[1])
                    pos = end + match.end()
                    continue
            else:
                inner, end = _rich(text, pos + len(opener), opener)
                if end >= 0 and inner:
                    tag = _TAG[_SPAN_OF[opener]]
                    out.append(tag[0] + inner + tag[1])
                    pos = end
                    continue
        out.append(ch)
        pos += 1
    return "".join(out), (-1 if closer is not None else pos)


def looks_like(text: str) -> bool:
    """A YAML document whose top level has a ``references:`` key (pandoc's CSL-YAML)."""
    head = re.sub(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)*", "", text.lstrip("\ufeff")[:65536])  # blank and comment lines
    if head.startswith("references:"):
        return True
    return head.startswith("---") and re.search(r"^references:[ \t]*(?:\r?\n|$|\[)", head, re.M) is not None


def read(text: str, source: str = "<input>", **_: object) -> ReadResult:
    parser_lines = _item_lines(text)
    try:
        data = load(text.replace("\r\n", "\n"))
    except (YAMLError, ValueError) as exc:
        line = getattr(exc, "line", None)
        return ReadResult((), (Problem(f"invalid YAML: {exc}", source, line, "error"),))
    if isinstance(data, dict) and "references" in data:
        data = data["references"]
    if not isinstance(data, list):
        message = "YAML that is not CSL-YAML: expected 'references:' and a list of CSL items"
        return ReadResult((), (Problem(message, source, 1, "error"),))
    records: list[Record] = []
    problems: list[Problem] = []
    for index, item in enumerate(data or []):
        line = parser_lines[index] if index < len(parser_lines) else None
        if not isinstance(item, dict):
            problems.append(Problem(f"item {index + 1} is not a mapping; skipped", source, line, "error"))
            continue
        item = {str(k): rich_text(v) if str(k).endswith("title") and isinstance(v, str) else unmarkdown(v)
                for k, v in item.items()}
        if isinstance(item.get("keyword"), list):  # written by hand as a YAML list; CSL has one text
            item["keyword"] = ", ".join(str(k) for k in item["keyword"] if k is not None)
        read_item(item, index, source, line, records, problems)
    return ReadResult(tuple(records), tuple(problems))


def _item_lines(text: str) -> list[int]:
    """The line of each item of the references list: a '- ' at the list's indentation."""
    lines = text.split("\n")
    found, indent = [], None
    in_references = False
    for number, line in enumerate(lines, 1):
        if line.startswith("references:"):  # a list under another key before it is no item
            in_references, found, indent = True, [], None
            continue
        if not in_references:
            if line.startswith("- "):  # a bare list of items
                in_references, indent = True, 0
            else:
                continue
        stripped = line.lstrip(" ")
        if stripped.startswith("- ") or stripped == "-":
            here = len(line) - len(stripped)
            if indent is None:
                indent = here
            if here == indent:
                found.append(number)
        elif line and not line[0].isspace() and not line.startswith(("#", "...", "---")):
            if in_references and found:
                break
    return found
