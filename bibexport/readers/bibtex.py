r"""BibTeX and BibLaTeX reader, on :mod:`bibexport.readers.bibsyntax`, which splits a file as BibTeX does.

Agreement with the BibTeX writer (:mod:`bibexport.writers.bibtex`), through ``Record.extra``:

* ``bibtex.type``: the original entry type, lowercase, when it is not the one the CSL type
  maps back to (``conference``, ``inbook``, ``manual``...);
* ``bibtex.<field>``: each field with no CSL home, decoded to Unicode (``timestamp``, ``owner``);
* ``bibtex.crossref``: the parent's key (its fields are already copied in);
* ``bibtex.@preamble`` / ``bibtex.@comment``: the file's ``@preamble`` and ``@comment``
  blocks, in order, on the file's first record (the ``@`` keeps them from being fields);
* ``bibtex.@latex``: the raw LaTeX of each field that uses a command the file's own ``@preamble``
  defines (``\bibcyr{...}``, ``{\MP}``, ``{\noopsort{1973c}}1981``): the author's markup.  The
  field's value is the decoded text, as always (an unknown command's argument: ``\bibcyr{Влияние}``
  is ``Влияние``); the BibTeX writer writes the raw LaTeX back where a field still has that text.
  Such a record also holds the ``@preamble`` blocks, so that they are written whichever records
  are (the writer writes each once).  An unknown command the ``@preamble`` defines is a note,
  not a warning.

Values are decoded with :func:`bibexport.latex.to_unicode`; ``url``, ``doi`` and ``eprint``
are verbatim.  Rich text becomes CSL-JSON markup (:mod:`bibexport.richtext`): ``\textit{}``
``<i>``, ``\textbf{}`` ``<b>``...; brace-protected title words that the writer's own rule (a
capital after the first letter: ``{DNA}``, ``{PyTorch}``) would not protect become
``<span class="nocase">``, as Zotero reads them, and the writer braces them again.  Blocks that cannot be parsed are reported with their line; the rest is read.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from .. import progress
from ..categories import normalize_category
from ..dates import SEASONS, make_date, parse_edtf
from ..errors import Problem
from ..latex import defined_commands, protected_words, to_unicode, unknown_commands
from ..model import DATE_ORDER, NAME_ORDER, Date, Pairs, Person, Record
from ..names import is_suffix
from ..richtext import from_latex
from ..parallel import can_fork, fork_map, usable_cores
from ..writers.bibtex import DATE_FIELDS, EDITOR_SLOTS, EDITOR_TYPES, ROLE_FIELDS, balanced, needs_protection, sentence_starts
from . import ReadResult
from .bibsyntax import ENTRY_START, Block, split
from .extra import take_note

EXTRA_PREFIX = "bibtex."
MAX_VALUE = 1_000_000  # characters a field may reach by @string concatenation

# Entry type -> CSL type.  Types the writer produces from that CSL type are "canonical";
# any other is kept in extra ``bibtex.type`` so it is written back as it was.
TYPES: dict[str, str] = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "book": "book",
    "mvbook": "book",
    "bookinbook": "chapter",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "entry-encyclopedia",
    "reference": "book",
    "manual": "report",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "unpublished": "manuscript",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "misc": "document",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "periodical": "periodical",
    "standard": "standard",
    "review": "review",
    "letter": "personal_communication",
    "movie": "motion_picture",
    "video": "motion_picture",
    "audio": "song",
    "music": "song",
    "artwork": "graphic",
    "image": "graphic",
    "legislation": "legislation",
    "legal": "legal_case",
    "performance": "performance",
}
CANONICAL = frozenset(
    "article inproceedings book incollection inreference techreport report phdthesis "
    "mastersthesis thesis unpublished online misc dataset software".split()
)
# BibTeX/BibLaTeX field -> CSL variable (first field listed wins when both are present).
FIELDS: dict[str, str] = {
    "journal": "container-title",
    "journaltitle": "container-title",
    "booktitle": "container-title",
    "series": "collection-title",
    "edition": "edition",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "type": "genre",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "language": "language",
    "langid": "language",
    "note": "note",
    "chapter": "chapter-number",
    "howpublished": "medium",
}
# Fields that hold a publisher when ``publisher`` is absent.
PUBLISHER_ALIASES = ("school", "institution", "organization")
VERBATIM = frozenset({"url", "doi", "eprint"})
OWN_LATEX = "bibtex.@latex"
# Fields read as names or dates (but the year), or verbatim: never written from their raw LaTeX.
_NOT_TEXT = VERBATIM | {"file", "author", "editor", "month", "day", "date", "crossref", "xref",
                        *ROLE_FIELDS.values(), *EDITOR_SLOTS, *DATE_FIELDS.values()}
_COMMAND = re.compile(r"\\([A-Za-z]+)")
# Types whose ``number`` is the issue of a periodical; elsewhere it is a report/standard number.
_ISSUE_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper", "periodical"})
_THESIS_GENRES = {"mastersthesis": "Master's thesis", "mathesis": "Master's thesis", "phdthesis": "PhD thesis"}
# Fields handled by the record mapping below rather than by FIELDS or extra.
_HANDLED = frozenset(
    "author editor title year month day date eprint archiveprefix eprinttype primaryclass "
    "eprintclass abstract keywords number annote crossref subtitle titleaddon".split()
) | frozenset(PUBLISHER_ALIASES)
# biblatex fields of CSL name and date variables (the writer's tables, read backwards).
_ROLE_OF_FIELD = {field: role for role, field in ROLE_FIELDS.items()}
_ROLE_OF_EDITOR_TYPE = {kind: role for role, kind in EDITOR_TYPES.items()}
_DATE_OF_FIELD = {field: variable for variable, field in DATE_FIELDS.items()}
# Parts biblatex prints after a title, each after its unit punctuation (". "), by container field.
_CONTAINER_PARTS = {
    "booktitle": ("booksubtitle", "booktitleaddon"),
    "journaltitle": ("journalsubtitle", "journaltitleaddon"),
    "journal": ("journalsubtitle", "journaltitleaddon"),
}

MONTH_MACROS: dict[str, str] = {
    m[:3].lower(): m
    for m in "January February March April May June July August September October November December".split()
}
_MONTH_NUMBER = {name.lower(): i for i, name in enumerate(MONTH_MACROS.values(), 1)} | {
    abbr: i for i, abbr in enumerate(MONTH_MACROS, 1)
}

_ENTRY_START = ENTRY_START
# A match starts only where its run of whitespace starts: a search trying every position of
# a long run (an author field of spaces) would take time quadratic in the run.
_AND = re.compile(r"(?<!\s)\s+and\s+", re.I)
_AND_KEEP = re.compile(r"((?<!\s)\s+and\s+)", re.I)
_ARXIV = re.compile(r"^\s*arxiv\s*$", re.I)
_NEW_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(v\d+)?")
_PAGE_RANGE = re.compile(r"(?<=\w)\s*(?:-+|–|—)\s*(?=\w)")
_UNDATED = frozenset({"n.d.", "n. d.", "nd", "no date", "s.d.", "o.j."})
_ZOTERO_ARXIV = re.compile(r"10\.48550/arXiv\.(\d{4}\.\d{4,5})$", re.I)
_NAME_CACHE: dict[str, Person] = {}
_NEEDS_WHOLE_FILE = re.compile(r"@\s*(?:string|preamble)\s*[{(]|\bcrossref\s*=|\bxdata\s*=", re.I)
_NOBODY = Person()
# A "{" that is neither a command's argument (\c{c}, \"{u}) nor a special character ({\"u}).
_PROTECTING_BRACE = re.compile(r"(?<!\\.)\{(?!\\)")
_TEX_URL_ESCAPE = re.compile(r"\\([_%&#$~])")
_GROUPS = re.compile(r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}")
_SEPARATOR = re.compile(r"[\s,]")
_DOUBLE_BRACED = re.compile(r"(?<![\\\w])\{\{([^{}$\\]+)\}\}")  # {{AA}}: braces around the writer's own
_URL_ONLY = re.compile(r"\s*(?:URL:?\s*)?\\url\s*\{([^{}]*)\}\s*\.?\s*", re.I)


def looks_like(text: str) -> bool:
    """True when the first thing that is not blank or a ``%`` comment is a ``@type{`` block.

    JabRef and older tools put a line of free text first; an ``@entry{`` at the start of a
    line within the first 4 KB is accepted too, unless the text is JSON or RIS.
    """
    head = text.lstrip("\ufeff")[:4096]
    for line in head.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        if stripped[:1] in "[{" or re.match(r"[A-Z][A-Z0-9]  -", stripped):
            return False
        return stripped.startswith("@") or bool(_ENTRY_START.search(head))
    return False


def read(text: str, source: str = "<input>", *, jobs: int | None = None, **_: object) -> ReadResult:
    """Read every entry; a large file with no ``@string`` or ``crossref`` is split across cores."""
    text = text.lstrip("\ufeff")
    return _finish(fork_map(_read_chunk, [(chunk, source, offset) for chunk, offset in _chunks(text, jobs)]), source)


# records, problems, file-level extra fields, unknown LaTeX commands (name -> first line, uses)
_Chunk = tuple[list[Record], list[Problem], list[tuple[str, str]], dict[str, tuple[int, int]]]
_PARALLEL_MIN = 2_000_000  # characters; below this a second process costs more than it saves


def _chunks(text: str, jobs: int | None) -> list[tuple[str, int]]:
    """``text`` cut at entry starts into ``jobs`` pieces with their line offsets, when that is safe."""
    jobs = jobs if jobs is not None else min(usable_cores(), 2)  # whatever the load: always the same cuts
    if jobs < 2 or len(text) < _PARALLEL_MIN or not can_fork():
        return [(text, 0)]
    if _NEEDS_WHOLE_FILE.search(text):
        return [(text, 0)]
    cuts = [0]
    depth, counted = 0, 0  # brace depth at text[counted] (BibTeX counts \{ too)
    for i in range(1, jobs):
        cut = text.find("\n@", max(len(text) * i // jobs, counted))
        while cut != -1:
            depth += text.count("{", counted, cut) - text.count("}", counted, cut)
            counted = cut + 1
            if depth == 0:  # between entries, not a line of a braced value that starts with "@"
                break
            cut = text.find("\n@", cut + 1)
        if cut == -1:
            break
        cuts.append(cut + 1)
    cuts.append(len(text))
    return [(text[a:b], text.count("\n", 0, a)) for a, b in zip(cuts, cuts[1:]) if b > a]


def _finish(parts: list[_Chunk], source: str) -> ReadResult:
    records = [r for part in parts for r in part[0]]
    problems = [p for part in parts for p in part[1]]
    if len(parts) > 1:  # an unknown command once per file, whichever chunks saw it
        problems = [p for p in problems if not p.message.startswith(_UNKNOWN)]
        unknown: dict[str, tuple[int, int]] = {}
        for part in parts:
            for word, (line, uses) in part[3].items():
                first, before = unknown.get(word, (line, 0))
                unknown[word] = (min(first, line), before + uses)
        problems += _unknown_problems(unknown, source)
    file_extra = [e for part in parts for e in part[2]]
    if records and OWN_LATEX in dict(records[0].extra):  # it holds the @preamble blocks already
        file_extra = [e for e in file_extra if e[0] != "bibtex.@preamble"]
    if records and file_extra:
        records[0] = records[0].replace(extra=records[0].extra + tuple(file_extra))
    earlier: dict[str, str] = {}  # key -> first source, in the chunks before this one
    for part in parts if len(parts) > 1 else ():  # each chunk was split alone
        here: dict[str, str] = {}
        for record in part[0]:
            key = record.id.lower()
            if key in earlier:
                file, _, line = record.source.rpartition(":")
                message = f"duplicate citation key {record.id!r} (first at line {earlier[key].rpartition(':')[2]}); both kept"
                problems.append(Problem(message, file, int(line)))
            here.setdefault(key, record.source)
        earlier = here | earlier
    if len(parts) > 1:
        problems.sort(key=lambda p: p.line or 0)  # in file order, as one process reports them
    return ReadResult(tuple(records), tuple(problems))


def _read_chunk(args: tuple[str, str, int]) -> _Chunk:
    text, source, offset = args
    syntax = split(text, offset + 1)
    macros: dict[str, str] = dict(MONTH_MACROS)
    problems = [Problem(message, source, line, "error") for line, message in syntax.errors]
    entries: list[tuple[Block, dict[str, str]]] = []
    file_extra: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for block in syntax.blocks:
        line = block.line
        if block.kind == "string":
            for string in block.fields:
                name = string.name.lower()
                if name in macros and name not in MONTH_MACROS:  # bibtex, like biber, uses the later definition
                    problems.append(Problem(f"@string {string.name!r} defined again; this later value is used", source, line))
                macros[name] = _resolve(string.value, macros, problems, source, string.line)
        elif block.kind == "preamble":
            file_extra.append(("bibtex.@preamble", _resolve(block.text, macros, problems, source, line)))
        elif block.kind == "comment":
            file_extra.append(("bibtex.@comment", block.text.strip()))
        elif block.kind == "entry":
            if block.reason:
                problems.append(Problem(_broken(block), source, line, "error"))
            first = seen.setdefault(block.key.lower(), line)
            if first != line:
                problems.append(Problem(f"duplicate citation key {block.key!r} (first at line {first}); both kept", source, line))
            entries.append((block, _fields(block, macros, problems, source)))
        else:
            problems.append(Problem(_failure(block), source, line, "error"))
    unknown = _unknown_commands(entries)
    preambles = tuple(pair for pair in file_extra if pair[0] == "bibtex.@preamble")
    own = frozenset().union(*(defined_commands(text) for _, text in preambles))
    problems += _unknown_problems(unknown, source, own)
    problems.sort(key=lambda p: p.line or 0)
    by_key = {entry.key.lower(): fields for entry, fields in entries}
    xdata = {entry.key.lower(): fields for entry, fields in entries if entry.type.lower() == "xdata"}
    records = []
    for entry, fields in entries:
        line = entry.line
        progress.at(line)  # the progress bar of a large file (nothing unless one is shown)
        if "xdata" in fields:
            _inherit_xdata(fields, xdata, problems, source, line, set())
        if entry.type.lower() == "xdata":
            continue  # a container of fields for other entries, never cited
        if "crossref" in fields:
            _inherit(fields, by_key, problems, source, line)
        try:
            warnings: list[str] = []
            record = _record(entry.type.lower(), entry.key, fields, f"{source}:{line}", warnings)
            records.append(_with_own_latex(record, fields, own, preambles) if own else record)
            problems.extend(Problem(f"entry {entry.key!r}: {w}", source, line) for w in warnings)
        except (ValueError, IndexError) as exc:  # defensive: one odd entry must not stop the rest
            problems.append(Problem(f"entry {entry.key!r} skipped: {exc}", source, line, "error"))
    return records, problems, file_extra, unknown


_UNKNOWN = "unknown LaTeX command \\"


def _unknown_problems(unknown: dict[str, tuple[int, int]], source: str, own: frozenset[str] = frozenset()) -> list[Problem]:
    return [Problem(f"{_UNKNOWN}{word} ({uses} use(s), first here): kept as written, or only its argument's "
                    "text; write what it prints instead", source, line) if word not in own else
            Problem(f"LaTeX command \\{word} defined in the file's @preamble ({uses} use(s), first here): BibTeX "
                    "and BibLaTeX output write it back as it is (with the @preamble); other formats get only its "
                    "argument's text, or the command as written if it takes none", source, line, "note")
            for word, (line, uses) in unknown.items()]


def _unknown_commands(entries: list[tuple[Block, dict[str, str]]]) -> dict[str, tuple[int, int]]:
    """Each LaTeX command the decoder does not know: the line of the field of its first use, and its uses."""
    found: dict[str, tuple[int, int]] = {}
    for block, fields in entries:
        lines: dict[str, int] = {}
        for name, value in fields.items():
            if "\\" in value and name not in VERBATIM and name != "file":
                for word in unknown_commands(value):
                    if not lines:
                        for field in reversed(block.fields):  # the first of a field given twice is used
                            lines[field.name.lower()] = field.line
                    line, uses = found.get(word, (lines.get(name, block.line), 0))
                    found[word] = (line, uses + 1)
    return found


def _broken(block: Block) -> str:
    kept = ", ".join(f.name for f in block.fields) or "no field"
    return (f"entry {block.key!r}: cannot parse past line {block.reason_line} ({block.reason}; unbalanced "
            f"braces or quotes, or a missing comma?); read with the fields before that ({kept}), as BibTeX reads it")


def _failure(block: Block) -> str:
    return f"cannot parse {block.text[:60]!r} (unbalanced braces or quotes, or a missing comma?); skipped"


# Values ---------------------------------------------------------------------------------


def _fields(entry: Block, macros: dict[str, str], problems: list[Problem], source: str) -> dict[str, str]:
    """Field name (lowercase) -> raw LaTeX value with macros and ``#`` resolved; first one wins."""
    out: dict[str, str] = {}
    for field in entry.fields:
        name = field.name.lower()
        if name in out:
            problems.append(Problem(f"field {field.name!r} given twice in {entry.key!r}; the first value is used",
                                    source, field.line))
            continue
        value = field.value
        first, last = value[:1], value[-1:]
        if (first == "{" and last == "}" or first == '"' and last == '"') and "#" not in value:
            out[name] = value[1:-1]  # the common case, without the general resolver
        else:
            out[name] = _resolve(value, macros, problems, source, field.line)
    return out


def _resolve(value: str, macros: dict[str, str], problems: list[Problem], source: str, line: int) -> str:
    value = value.strip()
    if "#" not in value:
        return _piece(value, macros, problems, source, line)
    joined = "".join(_piece(p, macros, problems, source, line) for p in _split_concat(value))
    if len(joined) > MAX_VALUE:  # macros that double at each level would otherwise need terabytes
        message = f"value longer than {MAX_VALUE:,} characters after @string expansion; cut there"
        problems.append(Problem(message, source, line, "error"))
        joined = joined[:MAX_VALUE]
    return joined


def _piece(value: str, macros: dict[str, str], problems: list[Problem], source: str, line: int) -> str:
    if value[:1] == "{" and value[-1:] == "}" or value[:1] == '"' and value[-1:] == '"':
        return value[1:-1]
    if value.isdigit() or not value:
        return value
    macro = macros.get(value.lower())
    if macro is None:
        problems.append(Problem(f"undefined @string macro {value!r}; kept as text (define it or brace the value)", source, line))
        return value
    return macro


def _split_concat(value: str) -> list[str]:
    """``"a" # b # {c}`` -> pieces, splitting only at ``#`` outside braces and quotes."""
    pieces, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(value):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            pieces.append(value[start:i].strip())
            start = i + 1
    pieces.append(value[start:].strip())
    return [p for p in pieces if p]


def _inherit_xdata(
    fields: dict[str, str], xdata: dict[str, dict[str, str]], problems: list[Problem], source: str, line: int,
    visiting: set[str],
) -> None:
    """biblatex's ``xdata = {a, b}``: every field of the @xdata entries a and b (themselves
    resolved first) that the entry does not have; the entry's own fields win."""
    for key in (k.strip().lower() for k in fields.pop("xdata").split(",") if k.strip()):
        parent = xdata.get(key)
        if parent is None or key in visiting:
            what = "names itself through other @xdata entries" if parent is not None else "is not an @xdata entry of this file"
            problems.append(Problem(f"xdata {key!r} {what}; ignored", source, line))
            continue
        if "xdata" in parent:
            _inherit_xdata(parent, xdata, problems, source, line, visiting | {key})
        for name, value in parent.items():
            fields.setdefault(name, value)


def _inherit(fields: dict[str, str], by_key: dict[str, dict[str, str]], problems: list[Problem], source: str, line: int) -> None:
    parent = by_key.get(fields["crossref"].strip().lower())
    if parent is None:
        problems.append(Problem(f"crossref {fields['crossref']!r} not found in this file", source, line))
        return
    if parent is fields:
        problems.append(Problem(f"crossref {fields['crossref']!r} names the entry itself; ignored", source, line))
        return
    for name, value in parent.items():  # a blank field is filled too, as biber does (bibtex keeps it blank)
        name = "booktitle" if name == "title" else name
        if name not in ("crossref", "ids", "keywords", "abstract") and not fields.get(name, "").strip():
            fields[name] = value


# Records --------------------------------------------------------------------------------


def _with_own_latex(record: Record, raw: dict[str, str], own: frozenset[str], preambles: Pairs) -> Record:
    """``record`` with the raw LaTeX of its fields that use one of the commands ``own`` of the file's
    @preamble (``bibtex.@latex``), and then with the @preamble blocks too (``preambles``)."""
    uses = [value for name, value in raw.items()
            if name not in _NOT_TEXT and "\\" in value and not own.isdisjoint(_COMMAND.findall(value))]
    latex = tuple((OWN_LATEX, value) for value in sorted(uses))  # sorted: the same in any field order
    return record.replace(extra=record.extra + latex + preambles) if latex else record


def _record(entry_type: str, key: str, raw: dict[str, str], source: str, warnings: list[str]) -> Record:
    csl_type = TYPES.get(entry_type, "document")
    fields: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    names, dates, taken = _roles_and_dates(raw, warnings)
    if entry_type not in CANONICAL:
        extra.append(("bibtex.type", entry_type))
    how = _URL_ONLY.fullmatch(raw.get("howpublished", ""))
    if how:  # howpublished = {\url{...}}: the URL, as natbib styles print it
        raw = {k: v for k, v in raw.items() if k != "howpublished"}
        raw.setdefault("url", how.group(1))
    for name, value in raw.items():
        if name in _HANDLED or name in taken:
            continue
        text = _verbatim(value) if name in VERBATIM else from_latex(value, to_unicode)
        if name == "pages":
            text = _PAGE_RANGE.sub("-", text)  # CSL writes ranges with a hyphen
        elif name == "key" and text in (to_unicode(raw.get("title", "")), key):
            continue  # the sort key the BibTeX writer adds to author-less entries
        elif name == "pubstate" and not raw.get("date") and not raw.get("year"):
            continue  # read as the (literal) date
        csl = FIELDS.get(name)
        if csl and csl not in fields and text:
            fields[csl] = text
        elif text:
            extra.append((EXTRA_PREFIX + name, text))
    container = next((n for n in raw if FIELDS.get(n) == "container-title"), "")
    joined = _CONTAINER_PARTS.get(container, ())
    if joined and "container-title" in fields:
        fields["container-title"] = _join_title(fields["container-title"], *(to_unicode(raw.get(n, "")) for n in joined))
        extra = [(k, v) for k, v in extra if k.removeprefix(EXTRA_PREFIX) not in joined]
    for name in PUBLISHER_ALIASES:
        if name in raw and raw[name].strip(" {}\"\t\n"):
            text = to_unicode(raw[name])
            if "publisher" not in fields:
                fields["publisher"] = text
            else:
                extra.append((EXTRA_PREFIX + name, text))
    number = to_unicode(raw.get("number", ""))
    if number:  # a periodical's issue; elsewhere a report, standard or series number
        fields["issue" if csl_type in _ISSUE_TYPES and "issue" not in fields else "number"] = number
    if entry_type == "report" and fields.get("genre", "").lower() == "techreport":
        del fields["genre"]  # biblatex's key for what BibTeX's @techreport says (the writer adds it: biber needs a type)
    if entry_type in _THESIS_GENRES and entry_type != "phdthesis":
        fields.setdefault("genre", _THESIS_GENRES[entry_type])
    elif "genre" in fields and fields["genre"].lower() in _THESIS_GENRES:
        fields["genre"] = _THESIS_GENRES[fields["genre"].lower()]
    if "crossref" in raw:
        extra.append(("bibtex.crossref", raw["crossref"].strip()))

    categories: tuple[str, ...] = ()
    eprint = _verbatim(raw.get("eprint", ""))
    archive = raw.get("archiveprefix") or raw.get("eprinttype") or ""
    zotero_preprint = not eprint and entry_type in ("misc", "online") and _ZOTERO_ARXIV.match(fields.get("DOI", ""))
    if zotero_preprint:  # Zotero exports a preprint as @misc, publisher arXiv, DOI 10.48550/arXiv.ID
        eprint, archive = zotero_preprint.group(1), "arXiv"
    arxiv = bool(_ARXIV.match(archive)) or bool(eprint) and not archive and bool(_NEW_ARXIV_ID.fullmatch(eprint))
    journal = raw.get("journal", raw.get("journaltitle", "")).strip()
    if arxiv and (entry_type in ("misc", "online") or entry_type in ("unpublished", "article") and not journal):
        csl_type = "article"  # a preprint, as Zotero and the listing reader describe one
        extra = [(k, v) for k, v in extra if k != "bibtex.type"]
        if entry_type not in ("misc", "online"):
            extra.append(("bibtex.type", entry_type))
        fields.setdefault("publisher", "arXiv")
        fields.setdefault("genre", "Preprint")
        if fields.get("medium") in ("arXiv preprint", f"arXiv preprint arXiv:{eprint}"):
            del fields["medium"]  # how natbib styles print a preprint; said by the eprint fields
        if eprint:
            fields.setdefault("number", f"arXiv:{eprint}")
            fields.setdefault("URL", f"https://arxiv.org/abs/{eprint}")
        primary = to_unicode(raw.get("primaryclass") or raw.get("eprintclass") or "")
        categories = (normalize_category(primary),) if primary else ()
    else:  # a published paper, or another archive: kept under biblatex's names
        eprint_class = to_unicode(raw.get("primaryclass") or raw.get("eprintclass") or "")
        for name, value in (("eprint", eprint), ("eprinttype", to_unicode(archive)), ("eprintclass", eprint_class)):
            if value:
                extra.append((EXTRA_PREFIX + name, value))

    title_raw = raw.get("title", "")
    title = _join_title(from_latex(title_raw, to_unicode), from_latex(raw.get("subtitle", ""), to_unicode),
                        from_latex(raw.get("titleaddon", ""), to_unicode))
    if "{" in title_raw:
        starts = sentence_starts(title)
        unusual = [  # the writer braces math, and words its rule catches, by itself...
            w for w in protected_words(title_raw)
            if not all(needs_protection(word) for word in w.split()) and "$" not in w and w not in starts
        ] + [to_unicode(w) for w in _DOUBLE_BRACED.findall(title_raw)]  # ...but {{AA}} is nocase all the same
        if unusual:  # as Zotero reads them: CSL's nocase (the writer braces it again)
            title = _nocase(title, dict.fromkeys(unusual))
    authors, truncated = _names(raw.get("author", ""))
    editors, _ = _names(raw.get("editor", ""))
    keywords = tuple(k.strip() for k in re.split(r"[,;]", to_unicode(raw.get("keywords", ""))) if k.strip())
    record = Record(
        id=key,
        type=csl_type,
        title=title,
        author=authors,
        editor=editors,
        issued=_date(raw, warnings, extra),
        abstract=to_unicode(raw.get("abstract", "")),
        categories=categories,
        keywords=keywords,
        fields=tuple(fields.items()),
        authors_truncated=truncated,
        names=names,
        dates=dates,
        extra=tuple(extra),
        source=source,
    )
    annote = to_unicode_lines(raw["annote"]) if "annote" in raw else ""
    return _parse_annote(annote, record) if annote else record


def _roles_and_dates(raw: dict[str, str], warnings: list[str]) -> tuple[
        tuple[tuple[str, tuple[Person, ...]], ...], tuple[tuple[str, Date], ...], set[str]]:
    """CSL name and date variables from biblatex's fields (translator, bookauthor, editora with
    editoratype compiler/organizer/collaborator, urldate, origdate, eventdate), and the fields taken."""
    names: dict[str, tuple[Person, ...]] = {}
    taken: set[str] = set()
    for name, value in raw.items():
        role = _ROLE_OF_FIELD.get(name)
        if name in EDITOR_SLOTS:
            role = _ROLE_OF_EDITOR_TYPE.get(to_unicode(raw.get(name + "type", "")).strip().lower())
            taken.add(name + "type") if role else None
        if role and role not in names and value.strip():
            names[role] = _names(value)[0]
            taken.add(name)
    dates: dict[str, Date] = {}
    for name, variable in _DATE_OF_FIELD.items():
        text = raw.get(name, "").strip()
        if "\\" in text or "{" in text:  # not for "1850~": "~" is EDTF's "approximate", not a space
            text = to_unicode(text)
        date = _biblatex_date(text, warnings) if text else None
        if date is not None:
            dates[variable] = date
            taken.add(name)
    ordered_names = tuple(sorted(names.items(), key=lambda kv: NAME_ORDER[kv[0]]))
    return ordered_names, tuple(sorted(dates.items(), key=lambda kv: DATE_ORDER[kv[0]])), taken


def _nocase(title: str, phrases: Iterable[str]) -> str:
    """``title`` with each of ``phrases`` (where it stands as words) in ``<span class="nocase">``."""
    ordered = sorted(phrases, key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<![\w>]){re.escape(p)}(?![\w<])" for p in ordered))
    return pattern.sub(lambda m: f'<span class="nocase">{m.group(0)}</span>', title)


def _join_title(title: str, *parts: str) -> str:
    """A title with its subtitle and addon as biblatex prints them: each after ". ", the period
    left out after a sentence's end (biblatex.def: ``\\subtitlepunct`` and ``\\newunitpunct``
    are ``\\addperiod\\space``; ``\\addperiod`` adds nothing after ".", "?" or "!")."""
    for part in parts:
        if part:
            title = f"{title}{' ' if title[-1:] in '.?!' else '. '}{part}" if title else part
    return title


def to_unicode_lines(value: str) -> str:
    """Like :func:`to_unicode`, but line breaks survive (for ``annote``'s ``Label: value`` lines)."""
    return "\n".join(to_unicode(line) for line in value.split("\n") if line.strip())


def _parse_annote(annote: str, record: Record) -> Record:
    """``annote`` as the writer fills it: notes.py facts and other formats' extra pairs."""
    record, kept = take_note(annote, record, skip_prefix=EXTRA_PREFIX)
    return record.replace(extra=record.extra + ((("bibtex.annote", "\n".join(kept)),) if kept else ()))


def _verbatim(value: str) -> str:
    """URL, DOI, eprint: only TeX escapes of URL characters are undone."""
    value = value.strip()
    if "\\" in value:
        value = _TEX_URL_ESCAPE.sub(r"\1", value)
    return value[1:-1] if value[:1] == "{" and value[-1:] == "}" else value


# biblatex's date fields (biblatex manual, 2.3.8 and 4.5.6): ISO 8601-2 / EDTF level 1 dates,
# a range with "/" (an empty or ".." end is open), 4-digit years (negative: astronomical
# numbering, 0000 is 1 BC), "~" approximate, "?" uncertain, "%" both, a time after "T".
_ISO_DATE = re.compile(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?)?)?)?([?~%]?)")


def _iso_date(text: str, warnings: list[str], whole: str) -> Date | None:
    """One end of a biblatex date, None when it is not one; the year in CSL's numbering (no year 0)."""
    m = _ISO_DATE.fullmatch(text.strip())
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups()[:3])
    assert year is not None
    date = make_date(year if year > 0 else year - 1, month, day, text=whole, warnings=warnings)
    if date is not None and m.group(4):
        date = dataclasses.replace(date, circa=True)
    return date


def _biblatex_date(text: str, warnings: list[str]) -> Date | None:
    """``2020-05-01``, ``1987/1989``, ``2020-01/``, ``-0379-02``... as a Date; None when not one."""
    start, slash, end = text.partition("/")
    first = _iso_date(start, warnings, text) if start.strip() not in ("", "..") else None
    if first is None or first.year is None and not first.literal:  # a literal: a season (2020-21)
        return None
    if not slash:
        return _qualified(first, text)
    if end.strip() in ("", ".."):
        return _qualified(dataclasses.replace(first, end=Date()), text)
    last = _iso_date(end, warnings, text)
    return _qualified(dataclasses.replace(first, end=last), text) if last is not None and last.year is not None else None


def _qualified(date: Date, text: str) -> Date:
    """CSL has one flag, circa, for "~" (approximate), "?" (uncertain) and "%" (both): the date
    keeps its text as ``raw`` where it says more (``1999?``), so writers can give it back."""
    text = text.strip()
    if ("?" in text or "%" in text) and date.year is not None and date.year > 0 and parse_edtf(text) == date:
        return dataclasses.replace(date, raw=text)
    return date


def _date(raw: dict[str, str], warnings: list[str], extra: list[tuple[str, str]]) -> Date | None:
    """``date`` (biblatex) or ``year``/``month``/``day``; a ``date`` that is not a biblatex date
    does not win over a good ``year`` (biber ignores it with a warning too)."""
    date = raw.get("date", "").strip()
    if "\\" in date or "{" in date:  # not for "1984~": "~" is EDTF's "approximate", not a space
        date = to_unicode(date)
    if date:
        parsed = _biblatex_date(date, warnings)
        if parsed is not None:
            return parsed
        if raw.get("year", "").strip():
            warnings.append(f"date {date!r} is not a biblatex date (YYYY-MM-DD, ranges with '/'); year used")
    year_text = to_unicode(raw.get("year", ""))
    if not year_text and not date and raw.get("pubstate"):
        return Date(literal=to_unicode(raw["pubstate"]))  # biblatex: "forthcoming", "in press"
    if year_text.lower() in _UNDATED:
        year_text = ""  # the writer's "n.d." for undated records
    if not year_text:
        return Date(literal=date) if date else None
    if not re.fullmatch(r"-?\d{1,4}", year_text):
        return Date(literal=year_text)
    month_text = to_unicode(raw.get("month", ""))
    month, month_day, end = _month_field(month_text)
    if month is None and month_text.strip():  # kept as written (`bibexport check` reports it)
        extra.append((EXTRA_PREFIX + "month", month_text.strip()))
    day_text = to_unicode(raw.get("day", ""))
    day = int(day_text) if month and day_text.isdecimal() else month_day
    text = "-".join(t for t in (year_text, raw.get("month", "").strip(), day_text) if t)
    date = make_date(int(year_text), month, day, text=text, warnings=warnings)
    if date is not None and end is not None and date.month == month:
        date = dataclasses.replace(date, end=make_date(int(year_text), end) or Date())
    return date


def _month(text: str) -> int | None:
    text = text.strip().rstrip(".").lower()
    if text.isdecimal():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTH_NUMBER.get(text) or _MONTH_NUMBER.get(text[:3])


_SEASONS = {name.lower(): month for month, name in SEASONS.items() if month >= 21} | {"fall": 23}  # EDTF season months
_MONTH_DAY = re.compile(r"(\d{1,2})\.?\s+([^\W\d]+\.?)|([^\W\d]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?")
_MONTH_RANGE = re.compile(r"(\w+\.?)\s*(?:-{1,3}|\u2013|\u2014|/)\s*(\w+\.?)")


def _month_field(text: str) -> tuple[int | None, int | None, int | None]:
    """A BibTeX ``month`` as (month, day, the range's end month): ``jan``, ``1``, ``10~jan``
    (xampl.bib's ``"10~" # jan``), ``January 10``, ``apr-may`` (a range), else (None, None, None)."""
    text = " ".join(text.replace("~", " ").split())
    if not text:
        return None, None, None
    if re.fullmatch(r"[^\W_]+\.?", text):  # one word: jan, January, Sept., 1, spring
        season = _SEASONS.get(text.lower())
        return (season, None, None) if season else (_month(text), None, None)
    if m := _MONTH_DAY.fullmatch(text):
        day, name = (m[1], m[2]) if m[1] else (m[4], m[3])
        month = _month(name)
        if month is not None and 1 <= int(day) <= 31:
            return month, int(day), None
    if m := _MONTH_RANGE.fullmatch(text):
        first, last = _month(m[1]), _month(m[2])
        if first is not None and last is not None and first < last:
            return first, None, last
    return None, None, None


# Names ----------------------------------------------------------------------------------


def _names(value: str) -> tuple[tuple[Person, ...], bool]:
    """``A and B and others`` -> people, and whether the list was truncated (``and others``)."""
    value = value.strip()
    if not value:
        return (), False
    if "{" not in value:
        parts = _AND.split(value)
    elif not _PROTECTING_BRACE.search(value):
        # Braces only spell special characters ({\"u}, \'{e}): decode the field once.
        parts = _AND.split(to_unicode(value))
    else:
        parts = _split_and(value)
    truncated = parts[-1].strip().lower() == "others"
    if truncated:
        parts.pop()
    people = []
    for part in parts:
        person = _NAME_CACHE.get(part)
        if person is None:
            person = _name(part.strip())
            if len(_NAME_CACHE) < 200_000:
                _NAME_CACHE[part] = person
        people.append(person)
    return tuple(p for p in people if p != _NOBODY), truncated


def _split_and(value: str) -> list[str]:
    """Split at `` and `` outside braces: pieces inside an open brace are joined back."""
    out: list[str] = []
    pending = ""
    for i, piece in enumerate(_AND_KEEP.split(value)):
        if i % 2 and not pending:
            continue  # a separator between two complete names
        pending += piece
        if not i % 2 and pending.count("{") <= pending.count("}"):
            out.append(pending)
            pending = ""
    if pending:
        out.append(pending)
    return out


def _split_top(text: str, separator: str) -> list[str]:
    """Split at ``separator`` (``,`` or whitespace) outside braces."""
    if "{" not in text or not any(_SEPARATOR.search(g) for g in _GROUPS.findall(text)):
        return text.split(",") if separator == "," else text.split()
    out, depth, current = [], 0, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if depth == 0 and (ch == "," if separator == "," else ch.isspace()):
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return out if separator == "," else [w for w in out if w]


def _is_lower(word: str) -> bool:
    """BibTeX's von test: the first letter at brace depth 0 (or of a special character) is lowercase."""
    depth = 0
    for i, ch in enumerate(word):
        if ch == "{":
            depth += 1
            if depth == 1 and word[i + 1 : i + 2] == "\\":  # {\'e}: a special character counts
                letters = re.sub(r"\\[A-Za-z]+|\\.|[{}]", lambda m: to_unicode(m.group(0)), word[i:])
                return letters[:1].islower()
        elif ch == "}":
            depth -= 1
        elif depth == 0 and ch.isalpha():
            return ch.islower()
    return False


# biblatex's extended name format (biblatex manual 3.4): "family=Beethoven, given=Ludwig,
# prefix=van, useprefix=true"; parts may be braced, and given-i/family-i (initials) are hints.
_EXTENDED_NAME = re.compile(r"\s*(?:family|given|prefix|suffix|useprefix)\s*=", re.I)


def _extended_name(raw: str) -> Person:
    """A name in biblatex's extended format; ``prefix`` is CSL's non-dropping particle when
    ``useprefix=true`` (biblatex then cites "van Beethoven"), else the dropping particle."""
    parts: dict[str, str] = {}
    for item in _split_top(raw, ","):
        name, eq, value = item.partition("=")
        if eq:
            value = value.strip()
            parts[name.strip().lower()] = value[1:-1] if value[:1] == "{" and value[-1:] == "}" else value
    prefix = to_unicode(parts.get("prefix", ""))
    use_prefix = parts.get("useprefix", "").strip().lower() == "true"
    return Person(
        family=to_unicode(parts.get("family", "")),
        given=to_unicode(parts.get("given", "")),
        particle=prefix if use_prefix else "",
        dropping_particle="" if use_prefix else prefix,
        suffix=to_unicode(parts.get("suffix", "")),
    )


def _name(raw: str) -> Person:
    """One name by BibTeX's rules: ``First von Last``, ``von Last, First``, ``von Last, Jr, First``."""
    if "=" in raw and _EXTENDED_NAME.match(raw):
        return _extended_name(raw)
    if "{" not in raw and "\\" not in raw:  # fast path for the common plain forms
        family, comma, given = raw.partition(",")
        family, given = family.strip(), given.strip()
        if comma and " " not in family and "," not in given and not is_suffix(given):
            return Person(family=to_unicode(family), given=to_unicode(given))
        words = raw.split()
        if not comma and len(words) > 1 and all(w[:1].isupper() for w in words) and not is_suffix(words[-1]):
            return Person(family=to_unicode(words[-1]), given=to_unicode(" ".join(words[:-1])))
    if raw.startswith("{") and raw.endswith("}") and balanced(raw[1:-1]) and not raw.startswith("{\\"):
        return Person(literal=to_unicode(raw[1:-1]))  # {Barnes and Noble, Inc.}
    parts = [p.strip() for p in _split_top(raw, ",")]
    if len(parts) == 1:
        words = _split_top(parts[0], " ")
        if len(words) == 1:
            return Person(family=to_unicode(words[0]))
        body, last = words[:-1], words[-1]
        von_start = next((i for i, w in enumerate(body) if _is_lower(w)), len(body))
        von_end = von_start
        for i in range(len(body) - 1, von_start - 1, -1):
            if _is_lower(body[i]):
                von_end = i + 1
                break
        given, von, family = body[:von_start], body[von_start:von_end], body[von_end:] + [last]
        suffix = ""
    else:
        words = _split_top(parts[0], " ")
        von_end = 0
        for i in range(len(words) - 1):
            if _is_lower(words[i]):
                von_end = i + 1
        von, family = words[:von_end], words[von_end:]
        suffix = parts[1] if len(parts) > 2 else ""
        given = [", ".join(parts[2:])] if len(parts) > 2 else [parts[1]]
        if len(parts) == 2 and len(family) > 1 and not von and is_suffix(parts[1]):
            # "Martin Luther King, Jr.": reading order with the suffix after a comma
            person = _name(parts[0])
            return Person(person.family, person.given, person.particle, suffix=to_unicode(parts[1]))
        if len(parts) == 2 and len(family) > 1 and is_suffix(family[-1]):
            family, suffix = family[:-1], family[-1]  # "Daumé III, Hal"
    return Person(
        family=to_unicode(" ".join(family)),
        given=to_unicode(" ".join(given)),
        particle=to_unicode(" ".join(von)),
        suffix=to_unicode(suffix),
    )
