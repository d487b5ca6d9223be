"""Formatted reference lists (text, HTML, Markdown) and in-text citations through citeproc-py.

The pipeline, for records in input order:

1. :func:`to_reference`: a record as a citeproc ``Reference``.  Strings pass through
   :func:`rich_text`, which turns CSL-JSON rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
   small caps, ``<span class="nocase">``) and simple LaTeX (``$x$``, ``\\emph{}``,
   ``\\textbf{}``, ``{protected}``, ``\\&``) into formatting marks instead of literal tags
   or braces.
2. Sort keys for the style's bibliography ``cs:sort`` (compared accent- and case-
   insensitively, as citeproc-js's collation does), then numbering in that order.
3. :func:`disambiguate`: the CSL disambiguation citeproc-py lacks: global given-name
   rules, ``disambiguate-add-names``, ``disambiguate-add-givenname``,
   ``disambiguate-add-year-suffix`` (2022a, 2022b, in bibliography order) and
   ``disambiguate="true"`` conditions.
4. Rendering with the :data:`MARKS` formatter: formatting becomes private-use marks, so
   text and markup never mix; :func:`punctuation_in_quote` moves commas and periods inside
   closing quotes when the locale asks for it; :func:`to_text`, :func:`to_html` and
   :func:`to_markdown` then escape the text and turn the marks into each format's markup.

Large inputs are sorted and rendered in worker processes (one per core).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import html
import multiprocessing
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from citeproc import DATES, NAMES, VARIABLES
from citeproc.source import CitationItem, Date, DateRange, LiteralDate, Name, Reference, VariableError
from citeproc.string import MixedString, NoCase, String, join

from ..errors import InputError, StyleError
from ..model import Record
from ..keys import suffix
from ..parallel import usable_cores
from ..styles import DEFAULT_LOCALE, DEFAULT_STYLE, TRUNCATED, LoadedStyle, load_style, rendered_children
from ..text import fold
from .csljson import record_to_csl

# --- formatting marks ----------------------------------------------------------------------

ITALIC, BOLD, SUP, SUB, SMALLCAPS, UNDERLINE = "ibsucl"  # mark kinds
ROMAN = "r"  # italics inside italics: set upright, as citeproc-js does
OPEN = {ITALIC: "\ue001", BOLD: "\ue003", SUP: "\ue005", SUB: "\ue007", SMALLCAPS: "\ue009", UNDERLINE: "\ue00b"}
CLOSE = {kind: chr(ord(mark) + 1) for kind, mark in OPEN.items()}
MARGIN = "\ue0f0"  # between the left-margin field and the rest (second-field-align)
_MARK_KIND = {mark: (kind, True) for kind, mark in OPEN.items()} | {mark: (kind, False) for kind, mark in CLOSE.items()}
_ANY_MARK = re.compile("[\ue000-\ue0ff]")


def _wrap(kind: str) -> Callable[[Any], str]:
    def wrap(text: Any) -> str:
        return f"{OPEN[kind]}{text}{CLOSE[kind]}"
    return wrap


# A citeproc-py formatter (the interface of citeproc.formatter.html) that emits marks.
MARKS = SimpleNamespace(
    preformat=lambda text: text, Italic=_wrap(ITALIC), Oblique=_wrap(ITALIC), Bold=_wrap(BOLD),
    Light=str, Underline=_wrap(UNDERLINE), Superscript=_wrap(SUP), Subscript=_wrap(SUB),
    SmallCaps=_wrap(SMALLCAPS),
)


# --- input text: rich text and LaTeX --------------------------------------------------------

_RICH = re.compile(
    r"<(?P<close>/?)(?P<tag>i|b|sup|sub)>"
    r"|<span\s+class=\"nocase\">(?P<nocase>)"
    r"|<span\s+style=\"font-variant:\s*small-caps;?\">(?P<sc>)"
    r"|(?P<endspan></span>)"
    r"|(?<![\\\w])\$(?P<math>[^$\s](?:[^$]*[^$\s])?)\$"
    r"|\\(?P<cmd>emph|textit|textbf|textsc|textsuperscript|textsubscript|mathrm|text|mbox)\s*\{"
    r"|\\(?P<escaped>[&%$#_{}])"
    r"|(?P<brace>[{}])"
)
_TAG_KIND = {"i": ITALIC, "b": BOLD, "sup": SUP, "sub": SUB}
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


def rich_text(value: str) -> Any:
    """A field value as citeproc text: markup as marks, protected spans as ``NoCase``.

    ``<i>x</i>`` and ``\\emph{x}`` -> italic; ``$N$`` -> italic, case-protected;
    ``{BERT}`` and ``<span class="nocase">`` -> case-protected; other braces are dropped.
    """
    value = _ANY_MARK.sub("", value)  # the marks are bibexport's own
    if not any(c in value for c in "<${}\\"):
        return String(value)
    pieces: list[tuple[str, bool]] = []  # (text, protected)
    stack: list[tuple[str, str | None]] = []  # (closer, mark kind)

    def emit(text: str) -> None:
        if text:
            pieces.append((text, any(kind == "nocase" for _, kind in stack)))

    def close(closer: str) -> None:
        while stack:
            end, kind = stack.pop()
            if kind in CLOSE:
                emit(CLOSE[kind])
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
            else:
                emit(OPEN[kind])
                stack.append((f"</{found.group('tag')}>", kind))
        elif group == "nocase":
            stack.append(("</span>", "nocase"))
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


# --- records as citeproc references ------------------------------------------------------------

_STRING_VARIABLES = frozenset(v.replace("_", "-") for v in VARIABLES)
_SKIPPED = frozenset({"abstract", "keyword", "note", "citation-key", "categories", "id", "type"})


def to_reference(record: Record) -> Reference:
    """A record as a citeproc-py Reference (listing facts stay out of ``note``)."""
    item = record_to_csl(record.replace(categories=(), affiliations=(), has_code=False,
                                        authors_truncated=False, extra=(), abstract=""))
    args: dict[str, Any] = {}
    # CSL variables other readers keep in ``extra`` as csl.<name> (accessed dates, PMID...).
    kept = [(k[4:], v) for k, v in record.extra if k.startswith("csl.") and k[4:] not in item]
    for key, value in [*item.items(), *kept]:
        name = key.replace("-", "_")
        if key in _SKIPPED or key not in _STRING_VARIABLES:
            continue
        if isinstance(value, list):
            args[name] = [Name(**person) for person in value]
        elif isinstance(value, dict):
            parsed = _date(value)
            if parsed is not None:
                args[name] = parsed
        elif name in DATES:
            parsed = _iso_date(str(value))
            if parsed is not None:
                args[name] = parsed
        elif name not in NAMES:  # a name list written as text cannot be split safely
            args[name] = rich_text(str(value))
    own_note = record.get("note")
    if own_note:
        args["note"] = rich_text(own_note)
    reference = Reference(record.id, record.type or "article", **args)
    if record.authors_truncated and "author" in args:
        reference[TRUNCATED] = ("author",)
    return reference


_ISO_DATE = re.compile(r"(-?\d{1,4})(?:-(\d\d)(?:-(\d\d))?)?$")


def _iso_date(text: str) -> Any:
    """``2024``, ``2024-05`` or ``2024-05-31`` as a citeproc date; other text as a literal date."""
    found = _ISO_DATE.match(text.strip())
    if not found:
        return LiteralDate(text.strip()) if text.strip() else None
    return _date({"date-parts": [[int(p) for p in found.groups() if p]]})


def _date(value: dict[str, Any]) -> Any:
    parts = value.get("date-parts") or []
    if parts and parts[0]:
        fields = dict(zip(("year", "month", "day"), parts[0]))
        if len(parts) > 1 and parts[1]:
            return DateRange(begin=Date(**fields), end=Date(**dict(zip(("year", "month", "day"), parts[1]))))
        return Date(**fields)
    if value.get("literal"):
        return LiteralDate(value["literal"])
    return None


class Item(CitationItem):
    """A cite of one reference, with its number and the disambiguation chosen for it."""

    reference: Any = None  # shadow CitationItem's properties with plain attributes
    bibliography: Any = None
    number: Any = None
    citation: Any = None
    names_shown: int | None = None
    given_levels: tuple[int, ...] = ()
    disambiguate: bool = False
    capture_names: bool = False  # set while rendering a bibliography entry
    first_names: str | None = None  # the entry's first rendered names (subsequent-author-substitute)

    def __init__(self, reference: Reference, number: int, bibliography: Any) -> None:
        dict.__init__(self)
        for name, value in (("key", reference.key), ("reference", reference), ("number", number),
                            ("bibliography", bibliography)):
            object.__setattr__(self, name, value)

    def set(self, **changes: Any) -> None:
        for name, value in changes.items():
            object.__setattr__(self, name, value)

    def is_bad(self) -> bool:
        return False


# --- the engine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Disambiguation:
    """What disambiguation decided for one reference's cites."""

    names_shown: int | None = None
    given_levels: tuple[int, ...] = ()
    year_suffix: str = ""
    disambiguate: bool = False


@dataclass
class Prepared:
    """Records in bibliography order, numbered, with their disambiguation."""

    records: list[Record]
    numbers: dict[str, int]
    states: dict[str, Disambiguation] = field(default_factory=dict)


class Engine:
    """One style in one locale: sorts, disambiguates and renders with citeproc-py."""

    def __init__(self, style: str, locale: str) -> None:
        self.style: LoadedStyle = load_style(style, locale)
        self.style.root.formatter = MARKS
        self.bib_context = SimpleNamespace(formatter=MARKS)
        root = self.style.root
        self.citation = root.citation
        self.bibliography = root.bibliography
        quote_option = str(root.get_locale_option("punctuation-in-quote") or "false")
        self.punctuation_in_quote = quote_option.lower() == "true"
        self.close_quote = str(root.get_single_term("close-quote") or "”")
        self.author_substitute = None if self.bibliography is None else self.bibliography.get(
            "subsequent-author-substitute")

    # references and items
    def item(self, record: Record, number: int = 0, state: Disambiguation | None = None,
             reference: Reference | None = None) -> Item:
        reference = reference if reference is not None else to_reference(record)
        if state is not None and state.year_suffix:
            reference["year_suffix"] = String(state.year_suffix)
        item = Item(reference, number, self.bib_context)
        if state is not None:
            item.set(names_shown=state.names_shown, given_levels=state.given_levels,
                     disambiguate=state.disambiguate)
        return item

    # sorting
    def sort_keys(self, items: list[Item], first: int = 0, stop: int | None = None) -> list[list[Any]]:
        """Comparable values of the bibliography's cs:sort keys ``first:stop``, per item."""
        sort = self._sort(self.bibliography)
        if sort is None:
            return [[] for _ in items]
        layout = self.bibliography.layout
        columns = [key.sort_keys(items, layout) for key in sort.findall("cs:key", _NS)[first:stop]]
        return [[_sort_value(column[i]) for column in columns] for i in range(len(items))]

    def descending(self) -> list[bool]:
        sort = self._sort(self.bibliography)
        return [] if sort is None else [k.get("sort") == "descending" for k in sort.findall("cs:key", _NS)]

    @staticmethod
    def _sort(element: Any) -> Any:
        return None if element is None else element.find("cs:sort", _NS)

    # rendering
    def entry(self, item: Item, previous_names: str | None = None) -> str:
        """One bibliography entry as marked text (MARGIN after a second-field-align label).

        The entry's first rendered names are left in ``item.first_names``; when they equal
        ``previous_names`` (the entry before), the style's ``subsequent-author-substitute``
        replaces them (rule ``complete-all``, the default).
        """
        layout = self.bibliography.layout
        layout.repressed = {}
        item.set(capture_names=True, first_names=None)
        outputs = [text for _, text in rendered_children(layout, item)]
        if not outputs:
            return ""
        if self.bibliography.get("second-field-align") and len(outputs) > 1:
            outputs = [outputs[0], String(MARGIN) + join(outputs[1:], layout.get("delimiter", ""))]
            text = join(outputs, "")
        else:
            text = join(outputs, layout.get("delimiter", ""))
        text = str(layout.format(layout.wrap(text)))
        names = item.first_names
        if self.author_substitute is not None and names and names == previous_names and names in text:
            at = text.index(names) + len(names)
            # A ". " after names ending in "." was merged into it: give it back.
            period = "." if names.endswith(".") and text[at:at + 1] == " " else ""
            text = text[:at - len(names)] + self.author_substitute + period + text[at:]
        return self.finish(text)

    def cite(self, items: Sequence[Item]) -> str:
        """One in-text citation of ``items`` (sorted as the style's cs:citation says)."""
        layout = self.citation.layout
        self.citation.cites = []
        sort = self._sort(self.citation)
        if sort is not None and len(items) > 1:  # ties keep the reference list's order
            items = sort.sort(sorted(items, key=lambda i: i.number), layout)
        parts = []
        names = []
        for item in items:
            layout.repressed = {}
            item.set(capture_names=True, first_names=None)
            try:
                rendered = layout.render_children(item)
            except VariableError:
                rendered = None
            if rendered is not None:
                parts.append((item.number, rendered))
                names.append(item.first_names)
        if not parts:
            return ""
        collapse = self.citation.get("collapse")
        delimiter = layout.get("delimiter", "")
        if collapse == "citation-number":
            text = layout.join(p for _, p in collapse_numbers(parts))
        elif collapse in ("year", "year-suffix", "year-suffix-ranged") and len(parts) > 1:
            text = String(collapse_years([str(p) for _, p in parts], names, delimiter,
                                         self.citation.get("cite-group-delimiter", ", "),
                                         self.citation.get("after-collapse-delimiter", delimiter)))
        else:
            text = layout.join(p for _, p in parts)
        return self.finish(str(layout.format(layout.wrap(text))))

    def finish(self, text: str) -> str:
        text = collapse_punctuation(text).strip()
        return punctuation_in_quote(text, self.close_quote) if self.punctuation_in_quote else text

    @property
    def needs_disambiguation(self) -> bool:
        options = ("disambiguate-add-names", "disambiguate-add-givenname", "disambiguate-add-year-suffix")
        return any(self.citation.get(o, "false") == "true" for o in options) or bool(
            self.style.root.xpath_search(".//cs:if[@disambiguate] | .//cs:else-if[@disambiguate]"))


_NS = {"cs": "http://purl.org/net/xbiblio/csl"}


_LEADING_PUNCTUATION = re.compile(r"^[^\w]+")  # quotes and brackets do not count in sorting


def _sort_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = _LEADING_PUNCTUATION.sub("", _ANY_MARK.sub("", str(value)))
    try:
        return int(text)
    except ValueError:
        return (fold(text), text.lower())


def _compare(a: Any, b: Any, descending: bool) -> int:
    """citeproc-py's comparison of two key values (empty ones last), on folded text."""
    if a is None or b is None:
        return 0 if a is b else (1 if a is None else -1)
    if type(a) is not type(b):
        a, b = str(a), str(b)
    result = (a > b) - (a < b)
    return -result if descending else result


def sort_order(engine: Engine, records: Sequence[Record], keys: list[list[Any]]) -> list[int]:
    """Indices of ``records`` in bibliography order; ties keep input order.

    ``keys`` holds the first sort keys of each record; later keys are computed only for
    records still tied (most lists are ordered by the first two or three).
    """
    descending = engine.descending()
    made: dict[int, Item] = {}

    def value(index: int, level: int) -> Any:
        return keys[index][level]

    def order(indices: list[int], level: int) -> list[int]:
        if len(indices) < 2 or level >= len(descending):
            return indices
        if any(len(keys[i]) <= level for i in indices):
            items = [made[i] if i in made else made.setdefault(i, engine.item(records[i], i + 1)) for i in indices]
            for i, extra in zip(indices, engine.sort_keys(items, level, level + 1)):
                keys[i][level:] = extra
        desc = descending[level]
        ranked = sorted(indices, key=functools.cmp_to_key(lambda a, b: _compare(value(a, level), value(b, level), desc)))
        out: list[int] = []
        run = [ranked[0]]
        for index in ranked[1:]:
            if _compare(value(run[0], level), value(index, level), desc) == 0:
                run.append(index)
            else:
                out += order(run, level + 1)
                run = [index]
        return out + order(run, level + 1)

    return order(list(range(len(records))), 0)


def collapse_numbers(parts: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """Runs of three or more consecutive cite numbers as a range: 1, 3, 4, 5 -> 1, 3–5.

    CSL ``collapse="citation-number"``, which citeproc-py does not implement.
    """
    out: list[tuple[int, Any]] = []
    run: list[tuple[int, Any]] = []
    for number, text in [*parts, (None, None)]:
        if run and number is not None and isinstance(run[-1][0], int) and number == run[-1][0] + 1:
            run.append((number, text))
            continue
        if len(run) >= 3:
            out.append((run[0][0], String(str(run[0][1]) + "–" + str(run[-1][1]))))
        else:
            out.extend(run)
        run = [(number, text)]
    return out


def collapse_years(parts: Sequence[str], names: Sequence[str | None], delimiter: str, group_delimiter: str,
                   after_collapse: str) -> str:
    """Cites by the same names as one group naming them once: (Doe, 2021, 2022a; Roe, 2020).

    CSL ``collapse="year"`` with cite grouping (same names brought together, in the order
    they first appear); citeproc-py does not implement it.  The year-suffix variants of
    ``collapse`` are treated the same way.
    """
    groups: dict[Any, list[str]] = {}
    for index, (text, name) in enumerate(zip(parts, names)):
        groups.setdefault(name if name else index, []).append(text)
    out = []
    for name, texts in groups.items():
        if len(texts) == 1 or not isinstance(name, str):
            out.append((texts[0], False))
            continue
        rests = [t[t.find(name) + len(name):].lstrip(" ,;:") if name in t else t for t in texts[1:]]
        out.append((group_delimiter.join([texts[0], *rests]), True))
    text = out[0][0]
    for (_, collapsed), (part, _) in zip(out, out[1:]):
        text += (after_collapse if collapsed else delimiter) + part
    return text


# --- punctuation --------------------------------------------------------------------------------

_MARKS_CLASS = "\ue000-\ue0ff"


def punctuation_in_quote(text: str, close_quote: str = "”") -> str:
    """Move a comma or period that follows a closing quote inside it (``“Title”,`` -> ``“Title,”``).

    citeproc-py ignores the locale option ``punctuation-in-quote`` (true for en-US); a period
    is dropped when the quoted text already ends in ``.``, ``?`` or ``!``.
    """
    if not close_quote:
        return text
    pattern = re.compile(f"([.?!]?)([{_MARKS_CLASS}]*){re.escape(close_quote)}([{_MARKS_CLASS}]*)([.,])")

    def move(found: re.Match[str]) -> str:
        end, marks, after, punct = found.groups()
        if end and punct == ".":
            punct = ""
        return f"{end}{marks}{punct}{close_quote}{after}"

    return pattern.sub(move, text)


_DOUBLED = re.compile(f"(?<!\\. )([.,;:!?])([{_MARKS_CLASS}]+| (?=[.,;:](?: [^.]|$)))([.,;:])")


def collapse_punctuation(text: str) -> str:
    """Drop a period or comma repeated across formatting or a space (``*et al.*.``, ``2021. .``).

    citeproc-py removes doubled punctuation only where two plain strings meet; citeproc-js
    also does it across italics and after an affix's trailing space (ACM: an empty group's
    suffix).  A spaced ellipsis (``. . .``) is left alone.
    """

    def fix(found: re.Match[str]) -> str:
        before, marks, after = found.groups()
        if after == before or (after == "." and before in "?!"):
            return before + marks.strip()
        return found.group()

    return _DOUBLED.sub(fix, text)


# --- disambiguation ---------------------------------------------------------------------------


def year_suffix(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa (as citeproc-js numbers them)."""
    return suffix(index + 1)


def disambiguate(engine: Engine, records: Sequence[Record], base: dict[str, str],
                 states: dict[str, Disambiguation] | None = None,
                 numbers: dict[str, int] | None = None) -> dict[str, Disambiguation]:
    """CSL disambiguation (spec, "Disambiguation") for records in bibliography order.

    ``base`` holds each record's cite as first rendered (with the given-name expansions of
    the global rules in ``states`` already applied, see :func:`global_given_levels`).  Cites
    that render alike get more names, then expanded given names (each kept only if it
    tells some of them apart), then year suffixes in list order, else ``disambiguate``.
    Returns the states that differ from the default, by key.  ``numbers`` are the records'
    places in the whole list (default: their place in ``records``).
    """
    citation = engine.citation
    add_names = citation.get("disambiguate-add-names", "false") == "true"
    add_given = citation.get("disambiguate-add-givenname", "false") == "true"
    add_suffix = citation.get("disambiguate-add-year-suffix", "false") == "true"
    rule = citation.get("givenname-disambiguation-rule", "by-cite")
    use_first = _citation_option(engine, "et-al-use-first", 1)
    by_key = {r.id: r for r in records}
    order = {r.id: i for i, r in enumerate(records)}
    states = dict(states or {})
    references: dict[str, Reference] = {}
    current = dict(base)

    rendered: dict[tuple[Any, ...], str] = {}

    def render(key: str) -> str:
        # Cites that rendered alike differ after a change only through their names.
        record, state = by_key[key], states.get(key, Disambiguation())
        signature = (current[key], state, record.author, record.editor, record.authors_truncated)
        if signature not in rendered:
            if key not in references:
                references[key] = to_reference(record)
            number = numbers[key] if numbers else order[key] + 1
            rendered[signature] = engine.cite([engine.item(record, number, state, references[key])])
        return rendered[signature]

    def try_change(group: list[str], change: Callable[[Disambiguation], Disambiguation]) -> None:
        """Apply ``change`` to the group's cites; keep it if the group then renders in more ways."""
        before = {k: states.get(k, Disambiguation()) for k in group}
        texts = {}
        for key in group:
            states[key] = change(before[key])
            texts[key] = render(key)
        if len(set(texts.values())) > len({current[k] for k in group}):
            current.update(texts)
        else:
            states.update(before)

    def ambiguous(keys: Iterable[str]) -> list[list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            groups[current[key]].append(key)
        return [sorted(g, key=order.__getitem__) for g in groups.values() if len(g) > 1]

    def people(key: str, count: int | None = None) -> tuple[tuple[str, str], ...]:
        names = by_key[key].author or by_key[key].editor
        return tuple((p.family_full(), p.given) for p in names[:count])

    groups = ambiguous(current)
    if add_names:
        for group in groups:
            longest = max(len(people(k)) for k in group)
            for shown in range(use_first + 1, longest + 1):
                for still in ambiguous(group):
                    if len({people(k, shown) for k in still}) > 1:  # more names can tell them apart
                        try_change(still, lambda s, n=shown: _replace(s, names_shown=n))
        groups = ambiguous(current)
    if add_given:
        levels = (1,) if rule.endswith("with-initials") else (1, 2)
        for group in groups:
            for level in levels:
                for still in ambiguous(group):
                    count = 1 if rule.startswith("primary") else max(states.get(k, Disambiguation()).names_shown
                                                                      or use_first for k in still)
                    if len({tuple(_initials(g) if level == 1 else g for _, g in people(k, count))
                            for k in still}) > 1:
                        try_change(still, lambda s, lv=level, c=count: _replace(
                            s, given_levels=tuple(max(lv, old) for old in (s.given_levels + (0,) * c)[:c])))
        groups = ambiguous(current)
    for group in groups:
        for index, key in enumerate(group):
            state = states.setdefault(key, Disambiguation())
            states[key] = _replace(state, year_suffix=year_suffix(index)) if add_suffix else _replace(
                state, disambiguate=True)
    return {key: state for key, state in states.items() if state != Disambiguation()}


def disambiguate_all(style: str, locale: str, records: Sequence[Record], base: dict[str, str],
                     states: dict[str, Disambiguation], jobs: int | None = None) -> dict[str, Disambiguation]:
    """:func:`disambiguate` each set of records whose cites render alike (in parallel)."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        groups[base[record.id]].append(record)
    todo = [g for g in groups.values() if len(g) > 1]
    numbers = {r.id: n for n, r in enumerate(records, 1)}
    found = dict(states)
    for chunk in _map(_disambiguate_chunk, todo, style, locale, jobs, (base, states, numbers), min_items=40):
        found.update(chunk)
    return found


def _disambiguate_chunk(style: str, locale: str, start: int, stop: int) -> dict[str, Disambiguation]:
    engine, (base, states, numbers) = Engine(style, locale), _JOB["extra"]
    found: dict[str, Disambiguation] = {}
    for group in _JOB["items"][start:stop]:
        keys = [r.id for r in group]
        found.update(disambiguate(engine, group, {k: base[k] for k in keys},
                                  {k: states[k] for k in keys if k in states}, numbers))
    return found


def _replace(state: Disambiguation, **changes: Any) -> Disambiguation:
    return dataclasses.replace(state, **changes)


def _citation_option(engine: Engine, name: str, default: int) -> int:
    value = engine.citation.get(name, engine.style.root.get(name))
    return int(value) if value is not None else default


def global_given_levels(engine: Engine, records: Sequence[Record]) -> dict[str, Disambiguation]:
    """Given-name expansion for the global rules (all-names, primary-name, ...-with-initials).

    Unlike by-cite disambiguation these expand every rendered name that another person in
    the list shares: "S. Yang" and "M. Yang" everywhere, not just in ambiguous cites.
    """
    rule = engine.citation.get("givenname-disambiguation-rule", "by-cite")
    if engine.citation.get("disambiguate-add-givenname", "false") != "true" or rule == "by-cite":
        return {}
    et_al_min = _citation_option(engine, "et-al-min", 0)
    use_first = _citation_option(engine, "et-al-use-first", 1)

    def shown(record: Record) -> int:
        people = record.author or record.editor
        if rule.startswith("primary"):
            return min(1, len(people))
        return use_first if et_al_min and len(people) >= et_al_min else len(people)

    people_by_family: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for person in (record.author or record.editor)[: shown(record)]:
            if not person.literal:
                people_by_family[person.family_full()].add(person.given)
    result = {}
    for record in records:
        levels = []
        for person in (record.author or record.editor)[: shown(record)]:
            givens = people_by_family.get(person.family_full(), set())
            if len(givens) < 2 or person.literal:
                levels.append(0)
                continue
            full_needed = sum(_initials(g) == _initials(person.given) for g in givens) > 1
            levels.append(2 if full_needed and "with-initials" not in rule else 1)
        if any(levels):
            result[record.id] = Disambiguation(given_levels=tuple(levels))
    return result


def _initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


# --- bibliography and citations -----------------------------------------------------------------

FIRST_SORT_KEYS = 3  # sort keys computed for every record; later ones only to break ties
PARALLEL_MIN = 400  # records from which rendering is spread over worker processes
_JOB: dict[str, Any] = {}


def prepare(records: Sequence[Record], style: str, locale: str, jobs: int | None = None) -> Prepared:
    """Sort, number and disambiguate ``records`` as ``style`` says."""
    engine = Engine(style, locale)
    records = list(records)
    need = engine.needs_disambiguation
    expanded = global_given_levels(engine, records) if need else {}
    results = _map(_prepare_chunk, records, style, locale, jobs, (need, expanded))
    keys = [k for chunk in results for k in chunk[0]]
    cites = [c for chunk in results for c in chunk[1]]
    order = sort_order(engine, records, keys)
    ordered = [records[i] for i in order]
    numbers = {r.id: n for n, r in enumerate(ordered, 1)}
    base = {records[i].id: cites[i] for i in order} if need else {}
    states = disambiguate_all(style, locale, ordered, base, expanded, jobs) if need else {}
    return Prepared(ordered, numbers, states)


def _prepare_chunk(style: str, locale: str, start: int, stop: int) -> tuple[list[Any], list[str]]:
    engine, (need, expanded) = Engine(style, locale), _JOB["extra"]
    records = _JOB["items"][start:stop]
    items = [engine.item(r, start + i + 1) for i, r in enumerate(records)]
    keys = engine.sort_keys(items, 0, FIRST_SORT_KEYS)
    cites = []
    if need:
        for record, item in zip(records, items):
            state = expanded.get(record.id)
            if state is not None:
                item.set(given_levels=state.given_levels)
            cites.append(engine.cite([item]))
    return keys, cites


def render_entries(prepared: Prepared, style: str, locale: str, jobs: int | None = None) -> list[str]:
    """The bibliography entries, in order, as marked text."""
    return [e for chunk in _map(_render_chunk, prepared.records, style, locale, jobs, prepared) for e in chunk]


def _render_chunk(style: str, locale: str, start: int, stop: int) -> list[str]:
    engine, prepared = Engine(style, locale), _JOB["extra"]
    records = _JOB["items"]
    out = []
    previous = None
    if engine.author_substitute is not None and start > 0:
        previous = _render_one(engine, prepared, records[start - 1], None)[1]
    for record in records[start:stop]:
        text, previous = _render_one(engine, prepared, record, previous)
        out.append(text)
    return out


def _render_one(engine: Engine, prepared: Prepared, record: Record, previous: str | None) -> tuple[str, str | None]:
    item = engine.item(record, prepared.numbers[record.id], prepared.states.get(record.id))
    item.set(names_shown=None, given_levels=(), disambiguate=False)  # cite-only choices
    text = engine.entry(item, previous)
    return text, item.first_names


def _map(func: Callable[..., Any], items: Sequence[Any], style: str, locale: str, jobs: int | None,
         extra: Any, min_items: int = PARALLEL_MIN) -> list[Any]:
    """``func(style, locale, start, stop)`` over chunks of ``items``, in worker processes when it pays.

    Workers are forked, so they inherit ``items``, ``extra`` and the parsed style instead
    of receiving them pickled; ``jobs`` (default: the usable cores) 1 means no workers.
    Where processes cannot be started, the work runs here.
    """
    workers = jobs if jobs is not None else usable_cores()
    _JOB.update(items=items, extra=extra)
    try:
        if (workers > 1 and len(items) >= (min_items if jobs is None else 2)
                and "fork" in multiprocessing.get_all_start_methods()):
            load_style(style, locale)  # parse once, before forking
            size = -(-len(items) // (workers * 4))
            tasks = [(style, locale, start, min(start + size, len(items))) for start in range(0, len(items), size)]
            try:
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    return pool.starmap(func, tasks)
            except (OSError, AssertionError):  # no child processes here (sandbox, daemon process)
                pass
        return [func(style, locale, 0, len(items))]
    finally:
        _JOB.clear()


def bibliography(records: Sequence[Record], style: str = DEFAULT_STYLE, locale: str = DEFAULT_LOCALE,
                 jobs: int | None = None) -> list[str]:
    """The reference list for ``records`` as marked text entries (see :func:`to_text`)."""
    if Engine(style, locale).bibliography is None:
        raise StyleError(f"style {style!r} defines no bibliography, only citations; pick another --style")
    prepared = prepare(records, style, locale, jobs)
    return render_entries(prepared, style, locale, jobs)


def citation(records: Sequence[Record], keys: Sequence[str], style: str = DEFAULT_STYLE, locale: str = DEFAULT_LOCALE,
             prepared: Prepared | None = None, form: str = "text") -> str:
    """The in-text citation of ``keys``, numbered and disambiguated against all ``records``.

    ``form`` is ``text`` (plain), ``html`` or ``markdown`` (inline markup, escaped).
    """
    by_key = {r.id: r for r in records}
    folded: dict[str, str] = {}
    for record in records:
        folded.setdefault(record.id.casefold(), record.id)
    keys = [k if k in by_key else folded.get(k.casefold(), k) for k in keys]  # keys ignore case, as in BibTeX
    missing = [k for k in keys if k not in by_key]
    if missing:
        close = difflib.get_close_matches(missing[0], list(by_key), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; run `bibexport keys` to list them"
        raise InputError(f"unknown citation key {missing[0]!r}{hint}")
    prepared = prepared or prepare(records, style, locale)
    engine = Engine(style, locale)
    items = [engine.item(by_key[k], prepared.numbers[k], prepared.states.get(k)) for k in dict.fromkeys(keys)]
    return inline(engine.cite(items), form)


# --- output formats ---------------------------------------------------------------------------

_HTML_TAGS = {ITALIC: ("<i>", "</i>"), ROMAN: ('<span style="font-style:normal;">', "</span>"), BOLD: ("<b>", "</b>"), SUP: ("<sup>", "</sup>"), SUB: ("<sub>", "</sub>"),
              SMALLCAPS: ('<span style="font-variant:small-caps;">', "</span>"),
              UNDERLINE: ('<span style="text-decoration:underline;">', "</span>")}
_MD_TAGS = {ITALIC: ("*", "*"), ROMAN: ("", ""), BOLD: ("**", "**"), SUP: ("<sup>", "</sup>"), SUB: ("<sub>", "</sub>"),
            SMALLCAPS: ("", ""), UNDERLINE: ("", "")}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")


def _tokens(text: str) -> list[tuple[str, str]]:
    """Marked text as ("t", text) / ("o", kind) / ("c", kind), balanced, without empty spans."""
    out: list[tuple[str, str]] = []
    stack: list[str] = []
    pos = 0
    for found in [*_ANY_MARK.finditer(text), None]:
        end = found.start() if found else len(text)
        if end > pos:
            out.append(("t", text[pos:end]))
        if found is None:
            break
        pos = found.end()
        kind_open = _MARK_KIND.get(found.group())
        if kind_open is None:
            continue
        kind, is_open = kind_open
        if is_open:
            slanted = [k for k in stack if k in (ITALIC, ROMAN)]
            if kind == ITALIC and slanted and slanted[-1] == ITALIC:
                kind = ROMAN
            stack.append(kind)
            out.append(("o", kind))
        elif kind in stack or (kind == ITALIC and ROMAN in stack):
            while stack:
                last = stack.pop()
                out.append(("c", last))
                if last == kind or (kind == ITALIC and last == ROMAN):
                    break
    out.extend(("c", k) for k in reversed(stack))
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
        if kind == "t" or value == ROMAN:  # Markdown has no upright-inside-italics
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


def inline(text: str, form: str = "text") -> str:
    """Marked text (a citation) as plain text, or as escaped HTML or Markdown inline markup."""
    if form == "html":
        return _convert(text, lambda s: html.escape(s, quote=False), _HTML_TAGS)
    if form == "markdown":
        return _convert(text, _md_inline, _MD_TAGS, flanking=True)
    return _ANY_MARK.sub("", text)


def to_text(entry: str) -> str:
    """Plain Unicode: marks removed; a second-field-align label is followed by a space."""
    margin, body = _split_margin(entry)
    text = _ANY_MARK.sub("", body)
    return f"{_ANY_MARK.sub('', margin).rstrip()} {text.lstrip()}" if margin else text


def to_html(entry: str) -> str:
    """One ``csl-entry`` div, escaped, with citeproc-js's class names."""
    margin, body = _split_margin(entry)

    def convert(text: str) -> str:
        return _convert(text, lambda s: html.escape(s, quote=False), _HTML_TAGS)

    if margin:
        inner = (f'<div class="csl-left-margin">{convert(margin.rstrip())}</div>'
                 f'<div class="csl-right-inline">{convert(body.lstrip())}</div>')
    else:
        inner = convert(body)
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
    margin, body = _split_margin(entry)
    text = _convert(body, _md_inline, _MD_TAGS, flanking=True)
    if margin:
        text = f"{_convert(margin.rstrip(), _md_inline, _MD_TAGS, flanking=True)} {text.lstrip()}"
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_line_start(m.group(2)), text)


def _entries(records: Iterable[Record], options: Any) -> list[str]:
    style = getattr(options, "style", None) or DEFAULT_STYLE
    locale = getattr(options, "locale", None) or DEFAULT_LOCALE
    return bibliography(list(records), style, locale)


def write_text(records: Iterable[Record], options: Any = None) -> str:
    """The reference list as plain text, one entry per line."""
    return "".join(to_text(e) + "\n" for e in _entries(records, options))


def write_markdown(records: Iterable[Record], options: Any = None) -> str:
    """The reference list as Markdown paragraphs."""
    return "\n".join(to_markdown(e) + "\n" for e in _entries(records, options))


def write_html(records: Iterable[Record], options: Any = None) -> str:
    """A complete HTML5 document holding the reference list (citeproc-js's markup).

    The style's layout options become CSS, as Zotero writes them: ``line-spacing`` as
    line-height, ``hanging-indent`` as a hanging indent, and a floated label column for
    ``second-field-align``.
    """
    style = getattr(options, "style", None) or DEFAULT_STYLE
    locale = getattr(options, "locale", None) or DEFAULT_LOCALE
    body = "\n".join(to_html(e) for e in _entries(records, options))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(locale)}">\n<head>\n<meta charset="utf-8">\n<title>References</title>\n'
        f"<style>\n{_html_css(Engine(style, locale).bibliography)}</style>\n</head>\n"
        f'<body>\n<div class="csl-bib-body">\n{body}\n</div>\n</body>\n</html>\n'
    )


def _html_css(bibliography: Any) -> str:
    rules = []
    line_spacing = bibliography.get("line-spacing", "1")
    if line_spacing.isdigit() and line_spacing != "1":
        rules.append(f".csl-bib-body {{ line-height: {line_spacing}; }}")
    if bibliography.get("hanging-indent") == "true":
        rules.append(".csl-entry { padding-left: 2em; text-indent: -2em; }")
    if bibliography.get("second-field-align"):
        rules += [".csl-entry { clear: left; }", ".csl-left-margin { float: left; padding-right: 0.5em; }",
                  ".csl-right-inline { margin-left: 2.5em; }"]
    return "".join(rule + "\n" for rule in rules)
