"""The syntax of a ``.bib`` file, as BibTeX reads it: entries, ``@string``, ``@preamble``, ``@comment``.

This only splits the text; :mod:`bibexport.readers.bibtex` gives the pieces their meaning.
It follows BibTeX's own scanner (``bibtex.web``) where tools differ:

* text outside ``@...`` blocks is a comment; so is ``%`` to the end of the line between the
  parts of an entry (biber skips those; BibTeX stops the entry there);
* a braced value ends at its matching brace, counting every brace (``\\{`` too);
* a quoted value ends at the first ``"`` outside braces, so ``"f{"a}r"`` is one value;
* values join with ``#``; a bare word is an ``@string`` macro, bare digits a number;
* a field name right after a value or the key, with no comma between them, is an error at its
  line (BibTeX: "I was expecting a `,' or a `}'"); the field is read, as if the comma were there;
  an entry with no key (``@misc{ title = ...``) is an error and is read;
* any other error ends the entry there: it keeps the fields before the one that failed, as
  BibTeX keeps them, and reading goes on at the next line that starts an entry.

Lines are counted as BibTeX counts them: at ``\\n`` only, so every reported line is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# BibTeX's identifiers (entry types, field names, macros): printable, none of "#%'(),={} .
_IDENT = re.compile(r"""[^\s"#%'(),={}]+""")
_AT = re.compile(r"""@[ \t\r\n]*([^\s"#%'(),={}@]*)[ \t\r\n]*""")
_WS = re.compile(r"(?:\s+|%[^\n]*)*")
_KEY = {"{": re.compile(r"[^,\s}]*"), "(": re.compile(r"[^,\s)]*")}
_CLOSE = {"{": "}", "(": ")"}
_BRACES = re.compile(r"[{}]")
_QUOTED = re.compile(r'[{}"]')
_DIGITS = re.compile(r"[0-9]+")
_FIELD_START = re.compile(r"""[^\s"#%'(),={}]+\s*=""")
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.M)


@dataclass(slots=True)
class Field:
    """``name = value``: ``value`` is the raw expression (``{a}``, ``"a" # b``), ``line`` the name's line."""

    name: str
    value: str
    line: int


@dataclass(slots=True)
class Block:
    """One ``@`` block.  ``kind``: ``entry``, ``string``, ``preamble``, ``comment`` or ``failed``."""

    kind: str
    line: int  # of the "@"
    type: str = ""  # the entry type as written (``Article``)
    key: str = ""
    fields: list[Field] = field(default_factory=list)
    text: str = ""  # preamble value, comment text, or a failed block's first line
    reason: str = ""  # why a failed block failed, or why an entry ends early
    reason_line: int = 0  # where it failed


@dataclass(slots=True)
class Syntax:
    """What :func:`split` found: the blocks in order, and errors that did not cost a block."""

    blocks: list[Block]
    errors: list[tuple[int, str]]  # (line, message)


class _Failed(Exception):
    def __init__(self, reason: str, at: int) -> None:
        self.reason, self.at = reason, at
        self.block: Block | None = None  # an entry read up to the failure


class _Lines:
    """Line numbers of positions, counted from the last position asked (forward or back)."""

    def __init__(self, text: str, first: int) -> None:
        self.text, self.pos, self.line = text, 0, first

    def at(self, pos: int) -> int:
        if pos >= self.pos:
            self.line += self.text.count("\n", self.pos, pos)
        else:
            self.line -= self.text.count("\n", pos, self.pos)
        self.pos = pos
        return self.line


def split(text: str, first_line: int = 1) -> Syntax:
    """The blocks of ``text``, whose first line is line ``first_line``."""
    lines = _Lines(text, first_line)
    blocks: list[Block] = []
    errors: list[tuple[int, str]] = []
    pos = text.find("@")
    while pos != -1:
        m = _AT.match(text, pos)
        kind, end = m.group(1), m.end()
        delim = text[end : end + 1]
        if not kind or delim not in ("{", "("):  # "@" in free text: an e-mail address, a note
            pos = text.find("@", pos + 1)
            continue
        line = lines.at(pos)
        try:
            block, pos = _block(text, kind, end + 1, delim, line, lines, errors)
            blocks.append(block)
        except _Failed as failure:
            newline = text.find("\n", pos)
            head = text[pos : len(text) if newline == -1 else newline].strip()
            block = failure.block or Block("failed", line, kind, text=head)
            block.reason, block.reason_line = failure.reason, lines.at(min(failure.at, len(text)))
            blocks.append(block)
            restart = ENTRY_START.search(text, pos + 1)
            pos = text.find("@", restart.start()) if restart else -1
            continue
        pos = text.find("@", pos)
    return Syntax(blocks, errors)


def _block(
    text: str, kind: str, pos: int, delim: str, line: int, lines: _Lines, errors: list[tuple[int, str]]
) -> tuple[Block, int]:
    """The block whose body starts at ``pos`` (after its delimiter), and where it ends."""
    close = _CLOSE[delim]
    lower = kind.lower()
    if lower == "comment":
        end = _balanced(text, pos - 1) if delim == "{" else text.find(")", pos)
        if end == -1:  # unbalanced: the rest of the line
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            return Block("comment", line, text=text[pos:end]), end
        return Block("comment", line, text=text[pos : end - (delim == "{")]), end + (delim != "{")
    if lower == "preamble":
        value, pos = _value(text, _skip(text, pos))
        pos = _skip(text, pos)
        if text[pos : pos + 1] != close:
            raise _Failed(f"expected {close!r} after the @preamble value", pos)
        return Block("preamble", line, text=value), pos + 1
    block = Block("string" if lower == "string" else "entry", line, kind)
    if block.kind == "entry":
        pos = _skip(text, pos)
        m = _KEY[delim].match(text, pos)
        key_end = _skip(text, m.end())
        if text[key_end : key_end + 1] == "=":  # no key: this is the first field
            errors.append((line, f"@{kind} entry with no citation key; read, with a generated key: give it one"))
        else:
            block.key, pos = m.group(), key_end
            if text[pos : pos + 1] == close:
                return block, pos + 1
            if text[pos : pos + 1] == ",":
                pos += 1
            elif _FIELD_START.match(text, pos):
                errors.append((lines.at(pos), f"missing comma after the citation key {block.key!r}; "
                               "read as if it were there: add the comma"))
            else:
                raise _Failed("expected a ',' after the citation key", pos)
    try:
        return block, _fields(text, pos, close, block, lines, errors)
    except _Failed as failure:
        if block.kind == "entry":
            failure.block = block
        raise


def _fields(text: str, pos: int, close: str, block: Block, lines: _Lines, errors: list[tuple[int, str]]) -> int:
    """Read ``name = value`` pairs into ``block`` up to the closing delimiter; the position after it."""
    while True:
        pos = _skip(text, pos)
        if text[pos : pos + 1] == close:
            return pos + 1
        m = _IDENT.match(text, pos)
        if not m:
            raise _Failed("expected a field name", pos)
        name, name_at = m.group(), m.start()
        pos = _skip(text, m.end())
        if text[pos : pos + 1] != "=":
            raise _Failed(f"expected '=' after {name!r}", pos)
        value, pos = _value(text, _skip(text, pos + 1))
        block.fields.append(Field(name, value, lines.at(name_at)))
        pos = _skip(text, pos)
        after = text[pos : pos + 1]
        if after == ",":
            pos += 1
        elif after == close:
            return pos + 1
        elif _FIELD_START.match(text, pos):
            following = _IDENT.match(text, pos).group()  # type: ignore[union-attr]
            errors.append((lines.at(pos), f"missing comma between fields {name!r} and {following!r} "
                           "(BibTeX stops the entry here); read as if it were there: add the comma"))
        else:
            block.fields.pop()  # its value may hold the rest of the file
            raise _Failed(f"expected ',' or {close!r} after the value of {name!r}", pos)


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _value(text: str, pos: int) -> tuple[str, int]:
    """The raw value expression at ``pos`` (pieces joined by ``#``), and the position after it."""
    start = pos
    while True:
        ch = text[pos : pos + 1]
        if ch == "{":
            end = _balanced(text, pos)
            if end == -1:
                raise _Failed("a '{' that is never closed", pos)
            pos = end
        elif ch == '"':
            pos = _quoted(text, pos)
        else:
            m = _DIGITS.match(text, pos) or _IDENT.match(text, pos)
            if not m:
                raise _Failed("expected a value: {...}, \"...\", a number or an @string name", pos)
            pos = m.end()
        end = pos
        pos = _skip(text, pos)
        if text[pos : pos + 1] != "#":
            return text[start:end], end
        pos = _skip(text, pos + 1)


def _balanced(text: str, pos: int) -> int:
    """Position after the brace matching the ``{`` at ``pos``; -1 when it is never closed."""
    close = text.find("}", pos + 1)
    if close != -1 and text.find("{", pos + 1, close) == -1:
        return close + 1  # the common flat value
    depth = 0
    for m in _BRACES.finditer(text, pos):
        depth += 1 if m.group() == "{" else -1
        if depth == 0:
            return m.end()
    return -1


def _quoted(text: str, pos: int) -> int:
    """Position after the ``"`` that closes the quoted value at ``pos`` (braces inside must balance)."""
    depth = 0
    for m in _QUOTED.finditer(text, pos + 1):
        ch = m.group()
        if ch == '"':
            if depth == 0:
                return m.end()
        elif ch == "{":
            depth += 1
        elif depth == 0:
            raise _Failed("a '}' with no '{' inside a quoted value", m.start())
        else:
            depth -= 1
    raise _Failed("a '\"' that is never closed", pos)
