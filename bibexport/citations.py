r"""Which keys a document cites, and the records that match them.

Three kinds of document, told apart by suffix:

- ``.aux`` as LaTeX writes it: ``\citation{a,b}`` (BibTeX) and ``\abx@aux@cite{key}`` /
  ``\abx@aux@cite{0}{key}`` (biblatex; the key is the last argument; ``\nocite{*}`` is
  ``\abx@aux@nociteall``); ``\@input{ch.aux}`` (what ``\include`` leaves) is followed.
- ``.tex``: the citation commands of LaTeX, natbib and biblatex (:data:`CITE_COMMANDS`, also
  capitalized and starred, with ``[...]`` and ``(...)`` arguments), with ``\input``,
  ``\include`` and ``\subfile`` followed relative to the main file's folder, as LaTeX does
  when run there.  Comments, ``verbatim``-like environments and ``\verb`` are skipped.
- pandoc Markdown (``.md``, also Quarto ``.qmd`` and R Markdown ``.Rmd``): ``@key``,
  ``[@a; @b, p. 3]``, ``[-@key]``, ``@{braced-key}`` with pandoc's key syntax; nothing in
  code (fenced, indented, inline) or HTML comments.

``\nocite{*}`` and ``@*`` cite everything (key :data:`EVERYTHING`).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Problem
from .model import Record
from .text import decode

EVERYTHING = "*"

# Commands taking one key list; the capitalized form (\Cite, \Textcite, ...) is accepted too.
CITE_COMMANDS = frozenset(
    "cite nocite citep citet citealp citealt citeauthor citefullauthor citeyear citeyearpar "
    "citenum citetalias citepalias citetitle citeurl citedate parencite textcite autocite "
    "footcite footcitetext smartcite supercite fullcite footfullcite".split()
)
# biblatex multicite commands: (pre)(post) then any number of [pre][post]{keys}.
MULTICITE_COMMANDS = frozenset(
    "cites parencites textcites autocites footcites footcitetexts smartcites supercites".split()
)
INCLUDE_COMMANDS = frozenset({"input", "include", "subfile"})
VERBATIM_ENVIRONMENTS = ("verbatim", "verbatim*", "Verbatim", "lstlisting", "minted", "comment")
LATEX_SUFFIXES = (".tex", ".ltx", ".latex")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".pandoc", ".qmd", ".rmd")


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited key, where the document cites it."""

    key: str
    source: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True, slots=True)
class Cited:
    """Everything some documents cite, in document order, plus what went wrong reading them."""

    citations: tuple[Citation, ...] = ()
    problems: tuple[Problem, ...] = ()

    def __add__(self, other: Cited) -> Cited:
        return Cited(self.citations + other.citations, self.problems + other.problems)

    @property
    def everything(self) -> bool:
        """``\\nocite{*}`` or ``@*``: the whole library is cited."""
        return any(c.key == EVERYTHING for c in self.citations)


@dataclass(frozen=True, slots=True)
class Include:
    r"""An ``\input``-like command found while scanning: which file, from where."""

    command: str
    name: str
    line: int
    preamble: bool = False  # before \begin{document}: may name a file from the TeX tree


Event = Citation | Include


# --- reading documents -------------------------------------------------------------------


def read_all(paths: Iterable[str | Path]) -> Cited:
    """The citations of several documents, in order."""
    cited = Cited()
    for path in paths:
        cited = cited + read(path)
    return cited


def read(path: str | Path) -> Cited:
    """The citations of one ``.aux``, ``.tex`` or Markdown document (and the files it includes)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".aux":
        cited = _read_tree(path, scan_aux, _aux_candidates)
    elif suffix in LATEX_SUFFIXES:
        cited = _read_tree(path, scan_tex, _tex_candidates)
    elif suffix in MARKDOWN_SUFFIXES:
        text, problems = _load(path)
        cited = Cited(tuple(scan_markdown(text, str(path))), tuple(problems))
    else:
        raise InputError(
            f"{path}: cannot tell what kind of document this is; --cited-by takes a LaTeX .aux or "
            f".tex file or a pandoc Markdown file ({', '.join(MARKDOWN_SUFFIXES)})"
        )
    if not cited.citations:
        cited = cited + Cited(problems=(Problem("cites nothing (no citation commands found)", str(path)),))
    return cited


def _load(path: Path) -> tuple[str, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return decode(data, str(path))


def _read_tree(
    main: Path, scan: Callable[[str, str], list[Event]], candidates: Callable[[Include], list[str]]
) -> Cited:
    """Scan ``main`` and, depth first in document order, every file it includes."""
    citations: list[Citation] = []
    problems: list[Problem] = []
    root = main.parent

    def visit(path: Path, stack: tuple[Path, ...], preamble: bool) -> None:
        text, warnings = _load(path)
        problems.extend(warnings)
        source = str(path)
        for event in scan(text, source):
            if isinstance(event, Citation):
                citations.append(event)
                continue
            names = candidates(event)
            target = next((root / n for n in names if (root / n).is_file()), None)
            written = f"\\{event.command}{{{event.name}}}"
            if target is None:
                looked = ", ".join(str(root / n) for n in names)
                if preamble or event.preamble:
                    continue  # a package file from the TeX tree (glyphtounicode); holds no citations
                if event.command == "@input":  # LaTeX skips it too: \includeonly left it out, or not yet run
                    problems.append(Problem(f"{written}: no such file (looked for {looked}); skipped", source, event.line))
                    continue
                raise InputError(
                    f"{source}:{event.line}: {written}: no such file (looked for {looked}); "
                    f"included files are found relative to the main file's folder {root}"
                )
            if target.resolve() in stack:
                problems.append(Problem(f"{written} includes {target} again (a cycle); not followed", source, event.line))
                continue
            visit(target, stack + (target.resolve(),), preamble or event.preamble)

    visit(main, (main.resolve(),), False)
    return Cited(tuple(citations), tuple(problems))


def _aux_candidates(include: Include) -> list[str]:
    return [include.name]


def _tex_candidates(include: Include) -> list[str]:
    name = include.name.strip('"')
    if include.command == "include":
        return [name + ".tex"]
    return [name] if name.endswith(".tex") else [name + ".tex", name]


# --- scanners: text -> citations and includes, in document order -----------------------------


class _Lines:
    """Offset -> 1-based line number."""

    def __init__(self, text: str) -> None:
        self._starts = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_left(self._starts, offset) + 1


def _blank(match: re.Match[str]) -> str:
    """The match with every character but newlines turned into a space (keeps offsets and lines)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _keys(group: str, start: int, source: str, line_of: _Lines) -> list[Citation]:
    """Citations for a comma-separated key list found at ``start``; macro arguments (#1) skipped."""
    found = []
    offset = start
    for part in group.split(","):
        key = part.strip()
        if key and "#" not in key and "\\" not in key:
            found.append(Citation(key, source, line_of(offset + len(part) - len(part.lstrip()))))
        offset += len(part) + 1
    return found


_AUX = re.compile(
    r"^[ \t]*\\(?:(citation|abx@aux@cite|@input)[ \t]*((?:\{[^{}\n]*\}[ \t]*)+)|(abx@aux@nociteall)\b)", re.MULTILINE
)


def scan_aux(text: str, source: str = "<aux>") -> list[Event]:
    r"""``\citation{a,b}``, ``\abx@aux@cite[{refsection}]{key}``, ``\abx@aux@nociteall`` (biblatex's
    ``\nocite{*}``) and ``\@input{file.aux}`` lines."""
    line_of = _Lines(text)
    events: list[Event] = []
    for match in _AUX.finditer(text):
        if match.group(3):
            events.append(Citation(EVERYTHING, source, line_of(match.start(3))))
            continue
        command, args = match.group(1), match.group(2)
        last = list(re.finditer(r"\{([^{}]*)\}", args))[-1]
        start = match.start(2) + last.start(1)
        if command == "@input":
            events.append(Include(command, last.group(1).strip(), line_of(start)))
        else:
            events.extend(_keys(last.group(1), start, source, line_of))
    return events


def strip_tex_comments(text: str) -> str:
    """Blank every ``%`` comment (not ``\\%``) up to its line end; lines and offsets are kept."""
    out = []
    for line in text.split("\n"):
        i = 0
        while i < len(line):
            if line[i] == "\\":
                i += 2
            elif line[i] == "%":
                line = line[:i] + " " * (len(line) - i)
                break
            else:
                i += 1
        out.append(line)
    return "\n".join(out)


_VERBATIM = re.compile(
    r"\\begin\{(" + "|".join(re.escape(e) for e in VERBATIM_ENVIRONMENTS) + r")\}.*?\\end\{\1\}", re.DOTALL
)
_VERB = re.compile(r"\\verb\*?([^A-Za-z\s*]).*?\1")
_COMMAND = re.compile(r"\\([A-Za-z]+)(\*?)")


def scan_tex(text: str, source: str = "<tex>") -> list[Event]:
    """Citation commands and ``\\input``/``\\include``/``\\subfile`` of one LaTeX file, in order."""
    text = strip_tex_comments(text)
    text = _VERB.sub(_blank, _VERBATIM.sub(_blank, text))
    line_of = _Lines(text)
    begin = text.find("\\begin{document}")
    events: list[Event] = []
    for match in _COMMAND.finditer(text):
        name = match.group(1)
        base = name[:1].lower() + name[1:]
        if base in CITE_COMMANDS or base in MULTICITE_COMMANDS:
            for start, group in _cite_arguments(text, match.end(), multi=base in MULTICITE_COMMANDS):
                events.extend(_keys(group, start, source, line_of))
        elif name in INCLUDE_COMMANDS and not match.group(2):
            argument = _include_argument(text, match.end(), braces_only=name != "input")
            if argument and "#" not in argument[1]:
                start, file = argument
                events.append(Include(name, file.strip(), line_of(start), preamble=match.start() < begin))
    return events


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n\r":
        pos += 1
    return pos


def _balanced_end(text: str, pos: int, close: str) -> int:
    """Offset of the ``close`` matching the opener at ``pos`` (braces nest, ``\\x`` escapes); -1 if none."""
    depth = 0
    i = pos + 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}" and depth > 0:
            depth -= 1
        elif c == close and depth == 0:
            return i
        i += 1
    return -1


def _cite_arguments(text: str, pos: int, *, multi: bool) -> list[tuple[int, str]]:
    """The ``{keys}`` arguments after a citation command, skipping ``[notes]`` and ``(notes)``."""
    groups: list[tuple[int, str]] = []
    pos = _skip_space(text, pos)
    while multi and text.startswith("(", pos):
        end = _balanced_end(text, pos, ")")
        if end < 0:
            return groups
        pos = _skip_space(text, end + 1)
    while True:
        while text.startswith("[", pos):
            end = _balanced_end(text, pos, "]")
            if end < 0:
                return groups
            pos = _skip_space(text, end + 1)
        if not text.startswith("{", pos):
            return groups
        end = _balanced_end(text, pos, "}")
        if end < 0:
            return groups
        groups.append((pos + 1, text[pos + 1 : end]))
        pos = _skip_space(text, end + 1)
        if not multi:
            return groups


def _include_argument(text: str, pos: int, *, braces_only: bool) -> tuple[int, str] | None:
    r"""``{file}`` after an include command, or (``\input`` only) TeX's ``\input file`` form."""
    pos = _skip_space(text, pos)
    if text.startswith("{", pos):
        end = _balanced_end(text, pos, "}")
        return (pos + 1, text[pos + 1 : end]) if end > 0 else None
    bare = None if braces_only else re.compile(r"[^\s{}\\%]+").match(text, pos)
    return (pos, bare.group(0)) if bare else None


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"^(?: {4}| {0,3}\t)")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)]|#[.)]|\(?[A-Za-z][.)])(?:[ \t]|$)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INLINE_CODE = re.compile(r"(?<![`\\])(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)\s]*|<[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>")
_EXAMPLE_LABEL = re.compile(r"^[ \t]*\(@([\w-]+)\)", re.MULTILINE)
# pandoc: a key starts with a letter, digit or _, and has alphanumerics, _ and *internal*
# punctuation (:.#$%&-+?<>~/), so trailing punctuation ends it.  @ right after a word
# character (an email address) or a backslash is not a citation.
_MD_CITATION = re.compile(
    r"(?<![\w\\@])-?@(?:\{(?P<braced>[^{}\s]+)\}|(?P<key>\w(?:\w|[:.#$%&\-+?<>~/](?=\w))*)|(?P<all>\*))"
)


def blank_markdown_code(text: str) -> str:
    """Blank code blocks, inline code, HTML comments and link targets; lines are kept.

    An indented line is code after a blank line or more code, unless a list is open (then it
    continues a list item).
    """
    lines = text.split("\n")
    fence = ""
    in_list = code = False
    for i, line in enumerate(lines):
        blank_before = i == 0 or not lines[i - 1].strip() or code
        code = False
        if fence:
            closing = _FENCE.match(line)
            run = closing.group(1) if closing and not line[closing.end() :].strip() else ""
            if run[:1] == fence[0] and len(run) >= len(fence):
                fence = ""
            lines[i] = ""
        elif opening := _FENCE.match(line):
            if not (opening.group(1)[0] == "`" and "`" in line[opening.end() :]):
                fence = opening.group(1)
                lines[i] = ""
        elif _INDENTED.match(line) and line.strip():
            if blank_before and not in_list:
                lines[i], code = "", True
        elif line.strip():
            in_list = bool(_LIST_ITEM.match(line))
    text = "\n".join(lines)
    for pattern in (_HTML_COMMENT, _INLINE_CODE, _LINK_TARGET):
        text = pattern.sub(_blank, text)
    return text


def scan_markdown(text: str, source: str = "<markdown>") -> list[Citation]:
    """pandoc citations of a Markdown document, in order: one per cited key."""
    return [Citation(cite.key, source, cite.line) for found in parse_markdown(text, source) for cite in found.cites]


@dataclass(frozen=True, slots=True)
class PandocCite:
    """One cite of a pandoc citation: ``prefix @key locator suffix`` (``-@key``: suppress-author).

    ``label`` is the CSL locator term (``page``, ``chapter``...); prefix and suffix are
    CSL-JSON rich text (Markdown ``*emphasis*`` as ``<i>``), the prefix ending in a space.
    """

    key: str
    line: int
    prefix: str = ""
    suffix: str = ""
    locator: str = ""
    label: str = ""
    suppress_author: bool = False


@dataclass(frozen=True, slots=True)
class PandocCitation:
    """A citation as pandoc reads it: ``[see @a, p. 3; @b]`` or, ``in_text``, ``@a`` / ``@a [p. 3]``."""

    cites: tuple[PandocCite, ...]
    in_text: bool
    source: str
    line: int


# pandoc's locator terms (its manual, "Citation syntax"), to CSL locator labels.
LOCATOR_TERMS: dict[str, str] = {
    term: label
    for label, terms in {
        "book": "book books bk. bks.", "chapter": "chapter chapters chap. chaps. ch. chs.",
        "column": "column columns col. cols.", "figure": "figure figures fig. figs.",
        "folio": "folio folios fol. fols.", "issue": "number numbers no. nos. issue issues",
        "line": "line lines l. ll.", "note": "note notes n. nn.", "opus": "opus opera op. opp.",
        "page": "page pages p. pp.", "paragraph": "paragraph paragraphs para. paras. ¶ ¶¶",
        "part": "part parts pt. pts.", "section": "section sections sec. secs. § §§",
        "sub-verbo": "s.v. s.vv.", "verse": "verse verses v. vv.", "volume": "volume volumes vol. vols.",
    }.items()
    for term in terms.split()
} | {"sub verbo": "sub-verbo"}
_TERM = "|".join(re.escape(t) for t in sorted(LOCATOR_TERMS, key=len, reverse=True))
_LOCATOR_LABEL = re.compile(rf"({_TERM})(?:\s+|(?<=[.¶§])(?=\S))", re.IGNORECASE)
# A locator value: words holding a digit (or roman numerals), joined by commas, dashes or '&'.
_LOCATOR_WORD = r"(?:[^\s,;&\-–]*\d[^\s,;&\-–]*|[ivxlcdmIVXLCDM]+\b)"
_LOCATOR_VALUE = re.compile(rf"{_LOCATOR_WORD}(?:\s*(?:[-–]+|&|,)\s*{_LOCATOR_WORD})*")
_BRACKET = re.compile(r"(?<![\\!\]])\[([^\[\]]*)\](?![(\[])")
_AFTER_IN_TEXT = re.compile(r" ?\[([^\[\]@]*)\](?![(\[])")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(\*|_)(?=\S)(.+?)(?<=\S)\3")


def parse_markdown(text: str, source: str = "<markdown>") -> list[PandocCitation]:
    """Every pandoc citation of a Markdown document, in order, with locators, prefixes and suffixes.

    A bracket whose ``;``-separated parts each hold one ``@key`` is one citation (its cites
    keep the text around the key: ``[see @a, pp. 33-35 and *passim*; -@b]``); any other
    ``@key`` is an in-text citation, with the locator and suffix of a bracket right after it
    (``@a [p. 3]``).  Locators follow pandoc: an optional label (:data:`LOCATOR_TERMS`, page
    by default) and words holding digits, or any text in braces (``@a, {pp. iv, vi-xi}``);
    ``@*`` (cite everything) is a citation of key :data:`EVERYTHING`.
    """
    text = blank_markdown_code(text)
    examples = set(_EXAMPLE_LABEL.findall(text))
    line_of = _Lines(text)
    found: list[tuple[int, PandocCitation]] = []
    taken: list[tuple[int, int]] = []

    def key_of(match: re.Match[str]) -> str:
        return (match.group("key") or match.group("braced") or match.group("all") or "").strip()

    for bracket in _BRACKET.finditer(text):
        parts = bracket.group(1).split(";")
        matches = [list(_MD_CITATION.finditer(part)) for part in parts]
        if not all(len(m) == 1 and key_of(m[0]) not in examples for m in matches):
            continue
        cites, offset = [], bracket.start(1)
        for part, (match,) in zip(parts, matches):
            prefix, suffix = part[:match.start()], part[match.end():]
            label, locator, rest = split_locator(suffix)
            cites.append(PandocCite(key_of(match), line_of(offset + match.start()), _affix(prefix, before=True),
                                    _affix(rest), locator, label, match.group(0).startswith("-")))
            offset += len(part) + 1
        found.append((bracket.start(), PandocCitation(tuple(cites), False, source, line_of(bracket.start()))))
        taken.append(bracket.span())
    for match in _MD_CITATION.finditer(text):
        key = key_of(match)
        if not key or key in examples or any(start <= match.start() < end for start, end in taken):
            continue
        label = locator = rest = ""
        after = _AFTER_IN_TEXT.match(text, match.end())
        if after:
            label, locator, rest = split_locator(after.group(1), bare=True)
            taken.append(after.span())
        cite = PandocCite(key, line_of(match.start()), "", _affix(rest), locator, label)
        found.append((match.start(), PandocCitation((cite,), True, source, cite.line)))
    return [citation for _, citation in sorted(found, key=lambda pair: pair[0])]


def split_locator(suffix: str, bare: bool = False) -> tuple[str, str, str]:
    """(label, locator, rest) of the text after a key, by pandoc's rules: ``, p. 33 and more``
    -> (``page``, ``33``, `` and more``); no locator -> ("", "", ``suffix``).  ``bare``: the
    text of ``@key [p. 33]``'s bracket, where the comma is not needed."""
    braced = re.match(r"\{([^{}]*)\}|\s*,\s*\{([^{}]*)\}", suffix)
    if braced:
        inside = (braced.group(1) if braced.group(1) is not None else braced.group(2)).strip()
        label = _LOCATOR_LABEL.match(inside)
        rest = suffix[braced.end():]
        if not inside:
            return "", "", rest
        return (LOCATOR_TERMS[label.group(1).lower()], inside[label.end():].strip(), rest) if label else (
            "page", inside, rest)
    lead = re.match(r"\s*,?\s*" if bare else r"\s*,\s*", suffix)
    if not lead:
        return "", "", suffix
    at = lead.end()
    label = _LOCATOR_LABEL.match(suffix, at)
    value = _LOCATOR_VALUE.match(suffix, label.end() if label else at)
    if not value or (not label and not suffix[value.start()].isdigit()):
        return "", "", suffix
    return (LOCATOR_TERMS[label.group(1).lower()] if label else "page", value.group(0), suffix[value.end():])


def _affix(text: str, before: bool = False) -> str:
    """A cite's prefix (``before``) or suffix as rich text: Markdown emphasis as ``<i>``/``<b>``,
    a prefix followed by a space, a suffix that starts with a word preceded by one."""
    text = " ".join(text.split()) if text.strip() else ""
    if before:
        text = text.removesuffix("-").strip()
    text = _EMPHASIS.sub(lambda m: f"<b>{m.group(2)}</b>" if m.group(1) else f"<i>{m.group(4)}</i>", text)
    if not text:
        return ""
    if before:
        return text + " "
    return text if text[0] in ",.;:!?)]" else " " + text


# --- matching -------------------------------------------------------------------------------


# Record.extra names (as the BibTeX reader stores them) of fields naming a parent record by key.
CROSSREF_FIELDS = ("bibtex.crossref", "bibtex.xref")


def select(records: Sequence[Record], cited: Cited,
           by_citation: bool = False) -> tuple[tuple[Record, ...], tuple[Problem, ...]]:
    """Keep the records ``cited`` names, matched case-insensitively as BibTeX does.

    They keep the library's order, or with ``by_citation`` the order of their first
    citation (what a numeric style numbers by; records not cited by key come last).

    A kept record takes the key spelling of its first citation, and brings along the record
    its ``crossref``/``xref`` names, placed after the records that name it (as BibTeX needs).  Problems: ``cited``'s own, every key cited but missing
    from ``records`` (with the closest existing key), and keys cited in two spellings.
    """
    by_key = {r.id.lower(): r for r in records}
    first: dict[str, Citation] = {}
    problems = list(cited.problems)
    for citation in cited.citations:
        if citation.key == EVERYTHING:
            continue
        seen = first.setdefault(citation.key.lower(), citation)
        if seen.key != citation.key:
            problems.append(Problem(
                f"'{citation.key}' is cited as '{seen.key}' at {seen.where}; keys match case-insensitively, "
                f"so both name one record, written as '{seen.key}' (use one spelling)",
                citation.source, citation.line, "error",  # as BibTeX calls it
            ))
    for folded, citation in first.items():
        if folded not in by_key:
            problems.append(Problem(_missing(citation.key, records), citation.source, citation.line))
    wanted = set(by_key) if cited.everything else set(first) & set(by_key)
    parents = {p for k in wanted for n in CROSSREF_FIELDS if (p := by_key[k].get_extra(n).lower()) in by_key}
    wanted |= parents
    kept = [
        r.replace(id=first[r.id.lower()].key) if r.id.lower() in first else r
        for r in records
        if r.id.lower() in wanted
    ]
    if by_citation:
        rank = {key: index for index, key in enumerate(first)}
        kept.sort(key=lambda r: rank.get(r.id.lower(), len(rank)))
    # BibTeX needs a cross-referenced entry after every entry that refers to it
    kept.sort(key=lambda r: r.id.lower() in parents)
    return tuple(kept), tuple(problems)


def _missing(key: str, records: Sequence[Record]) -> str:
    ids = {r.id.lower(): r.id for r in records}
    close = difflib.get_close_matches(key.lower(), list(ids), n=1, cutoff=0.6)
    hint = f"; did you mean '{ids[close[0]]}'?" if close else "; no similar key in the library"
    return f"'{key}' is cited but not in the library{hint}"
