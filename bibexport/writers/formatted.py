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

import difflib
import functools
import html
import multiprocessing
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from citeproc import VARIABLES
from citeproc.source import CitationItem, Date, DateRange, LiteralDate, Name, Reference, VariableError
from citeproc.string import MixedString, NoCase, String, join

from ..errors import InputError, StyleError
from ..model import Record
from ..styles import TRUNCATED, LoadedStyle, load_style
from ..text import fold
from .csljson import record_to_csl

# --- formatting marks ----------------------------------------------------------------------

ITALIC, BOLD, SUP, SUB, SMALLCAPS, UNDERLINE = "isupcu"  # mark kinds
_OPEN = {"i": "\ue001", "b": "\ue003", "s": "\ue005", "u": "\ue007", "c": "\ue009", "l": "\ue00b"}
_KIND = {"i": ITALIC, "b": BOLD, "s": SUP, "u": SUB, "c": SMALLCAPS, "l": UNDERLINE}
OPEN = {_KIND[k]: v for k, v in _OPEN.items()}
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


def rich_text(value: str) -> Any:
    """A field value as citeproc text: markup as marks, protected spans as ``NoCase``.

    ``<i>x</i>`` and ``\\emph{x}`` -> italic; ``$N$`` -> italic, case-protected;
    ``{BERT}`` and ``<span class="nocase">`` -> case-protected; other braces are dropped.
    """
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
            pieces.append((OPEN[ITALIC] + found.group("math").replace("{", "").replace("}", "") + CLOSE[ITALIC], True))
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
    for key, value in item.items():
        name = key.replace("-", "_")
        if key in _SKIPPED or key not in _STRING_VARIABLES:
            continue
        if isinstance(value, list):
            args[name] = [Name(**person) for person in value]
        elif isinstance(value, dict):
            parsed = _date(value)
            if parsed is not None:
                args[name] = parsed
        else:
            args[name] = rich_text(str(value))
    own_note = record.get("note")
    if own_note:
        args["note"] = rich_text(own_note)
    reference = Reference(record.id, record.type or "article", **args)
    if record.authors_truncated and "author" in args:
        reference[TRUNCATED] = ("author",)
    return reference


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


@dataclass
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
    def sort_keys(self, items: list[Item]) -> list[tuple[Any, ...]]:
        """One tuple of comparable keys per item, from the bibliography's cs:sort."""
        sort = self._sort(self.bibliography)
        if sort is None:
            return [() for _ in items]
        layout = self.bibliography.layout
        columns = [key.sort_keys(items, layout) for key in sort.findall("cs:key", key_ns)]
        return [tuple(_sort_value(column[i]) for column in columns) for i in range(len(items))]

    def descending(self) -> list[bool]:
        sort = self._sort(self.bibliography)
        return [] if sort is None else [k.get("sort") == "descending" for k in sort.findall("cs:key", key_ns)]

    @staticmethod
    def _sort(element: Any) -> Any:
        return None if element is None else element.find("cs:sort", key_ns)

    # rendering
    def entry(self, item: Item) -> str:
        """One bibliography entry as marked text (MARGIN after a second-field-align label)."""
        layout = self.bibliography.layout
        layout.repressed = {}
        outputs = _render_children(layout, item)
        if not outputs:
            return ""
        if self.bibliography.get("second-field-align") and len(outputs) > 1:
            outputs = [outputs[0], String(MARGIN) + join(outputs[1:], layout.get("delimiter", ""))]
            text = join(outputs, "")
        else:
            text = join(outputs, layout.get("delimiter", ""))
        return self.finish(str(layout.format(layout.wrap(text))))

    def cite(self, items: Sequence[Item]) -> str:
        """One in-text citation of ``items`` (sorted as the style's cs:citation says)."""
        layout = self.citation.layout
        self.citation.cites = []
        sort = self._sort(self.citation)
        if sort is not None and len(items) > 1:
            items = sort.sort(list(items), layout)
        parts = []
        for item in items:
            layout.repressed = {}
            try:
                rendered = layout.render_children(item)
            except VariableError:
                rendered = None
            if rendered is not None:
                parts.append(rendered)
        if not parts:
            return ""
        return self.finish(str(layout.format(layout.wrap(layout.join(parts)))))

    def finish(self, text: str) -> str:
        text = collapse_punctuation(text).strip()
        return punctuation_in_quote(text, self.close_quote) if self.punctuation_in_quote else text

    @property
    def needs_disambiguation(self) -> bool:
        options = ("disambiguate-add-names", "disambiguate-add-givenname", "disambiguate-add-year-suffix")
        return any(self.citation.get(o, "false") == "true" for o in options) or bool(
            self.style.root.xpath_search(".//cs:citation//cs:if[@disambiguate] | .//cs:citation//cs:else-if[@disambiguate]")
            or self.style.root.xpath_search(".//cs:macro//cs:if[@disambiguate]"))


key_ns = {"cs": "http://purl.org/net/xbiblio/csl"}


def _render_children(layout: Any, item: Item) -> list[Any]:
    from citeproc.model import Choose

    outputs = []
    for child in layout.iterchildren():
        try:
            text = child.render(item, delimiter="") if isinstance(child, Choose) else child.render(item)
        except VariableError:
            continue
        if text is not None:
            outputs.append(text)
    return outputs


def _sort_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = _ANY_MARK.sub("", str(value))
    try:
        return int(text)
    except ValueError:
        return (fold(text), text.lower())


def _compare(descending: Sequence[bool]) -> Callable[[Any, Any], int]:
    """citeproc-py's key comparison (empty keys last), on folded text."""

    def compare(left: tuple[Any, ...], right: tuple[Any, ...]) -> int:
        for a, b, desc in zip(left[0], right[0], descending):
            if a is None or b is None:
                if a is None and b is None:
                    continue
                return 1 if a is None else -1
            if type(a) is not type(b):
                a, b = str(a), str(b)
            result = (a > b) - (a < b)
            if result:
                return -result if desc else result
        return left[1] - right[1]

    return compare


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
        return f"{end}{punct}{marks}{close_quote}{after}"

    return pattern.sub(move, text)


_DOUBLED = re.compile(f"([.,;:!?])([{_MARKS_CLASS}]+)([.,;:])")


def collapse_punctuation(text: str) -> str:
    """Drop a period or comma repeated across formatting (``*et al.*.`` -> ``*et al.*``).

    citeproc-py removes doubled punctuation only where two plain strings meet; citeproc-js
    also does it across italics and other formatting.
    """

    def fix(found: re.Match[str]) -> str:
        before, marks, after = found.groups()
        if after == before or (after == "." and before in "?!"):
            return before + marks
        return found.group()

    return _DOUBLED.sub(fix, text)


# --- disambiguation ---------------------------------------------------------------------------


def year_suffix(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa (as citeproc-js numbers them)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def disambiguate(engine: Engine, records: Sequence[Record], base: dict[str, str]) -> dict[str, Disambiguation]:
    """CSL disambiguation (spec, "Disambiguation") for records in bibliography order.

    ``base`` holds each record's cite as first rendered.  Returns the states that differ
    from the default, by key.
    """
    citation = engine.citation
    add_names = citation.get("disambiguate-add-names", "false") == "true"
    add_given = citation.get("disambiguate-add-givenname", "false") == "true"
    add_suffix = citation.get("disambiguate-add-year-suffix", "false") == "true"
    rule = citation.get("givenname-disambiguation-rule", "by-cite")
    by_key = {r.id: r for r in records}
    order = {r.id: i for i, r in enumerate(records)}
    states: dict[str, Disambiguation] = {}
    references: dict[str, Reference] = {}

    def render(key: str) -> str:
        state = states.get(key, Disambiguation())
        reference = references.setdefault(key, to_reference(by_key[key]))
        reference.pop("year_suffix", None)
        return engine.cite([engine.item(by_key[key], order[key] + 1, state, reference)])

    current = dict(base)
    if add_given and rule != "by-cite":
        for key, levels in _global_given_levels(engine, records, rule).items():
            states[key] = Disambiguation(given_levels=levels)
            current[key] = render(key)

    def ambiguous_groups() -> list[list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for key, text in current.items():
            groups[text].append(key)
        return [sorted(g, key=order.__getitem__) for g in groups.values() if len(g) > 1]

    def improve(group: list[str], change: Callable[[Disambiguation], Disambiguation | None]) -> None:
        """Apply ``change`` to each member of ``group``; keep it where it made the cite unique."""
        trial = {}
        for key in group:
            before = states.get(key, Disambiguation())
            after = change(before)
            if after is None:
                continue
            states[key] = after
            trial[key] = (before, render(key))
        texts = defaultdict(int)
        for key in group:
            texts[trial[key][1] if key in trial else current[key]] += 1
        reduced = len(texts) > 1
        for key, (before, text) in trial.items():
            if reduced:
                current[key] = text
            else:
                states[key] = before

    if add_names:
        for group in ambiguous_groups():
            for _ in range(max(len(by_key[k].author) for k in group)):
                still = [k for k in group if sum(current[k] == current[o] for o in group) > 1]
                if not still:
                    break
                improve(still, lambda s, n=_: _more_names(engine, s, n))
    if add_given:
        for group in ambiguous_groups():
            for level in (1,) if rule.endswith("with-initials") else (1, 2):
                improve(group, lambda s, lv=level: _given_level(s, lv, rule))
                if len({current[k] for k in group}) == len(group):
                    break
    for group in ambiguous_groups():
        for index, key in enumerate(group):
            state = states.setdefault(key, Disambiguation())
            if add_suffix:
                state.year_suffix = year_suffix(index)
            else:
                state.disambiguate = True
    for key, state in list(states.items()):
        if state == Disambiguation():
            del states[key]
    return states


def _more_names(engine: Engine, state: Disambiguation, step: int) -> Disambiguation:
    use_first = int(engine.citation.get("et-al-use-first", engine.style.root.get("et-al-use-first", "1")))
    return Disambiguation(use_first + step + 1, state.given_levels, state.year_suffix, state.disambiguate)


def _given_level(state: Disambiguation, level: int, rule: str) -> Disambiguation:
    count = 1 if rule.startswith("primary") else max(state.names_shown or 1, len(state.given_levels), 1)
    levels = tuple(max(level, old) for old in (state.given_levels + (0,) * count)[:count])
    return Disambiguation(state.names_shown, levels, state.year_suffix, state.disambiguate)


def _global_given_levels(engine: Engine, records: Sequence[Record], rule: str) -> dict[str, tuple[int, ...]]:
    """Name expansion for the global rules: different people whose short names collide."""
    citation = engine.citation
    et_al_min = int(citation.get("et-al-min", engine.style.root.get("et-al-min", "0")))
    use_first = int(citation.get("et-al-use-first", engine.style.root.get("et-al-use-first", "1")))

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
            result[record.id] = tuple(levels)
    return result


def _initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)


# --- bibliography and citations -----------------------------------------------------------------

PARALLEL_MIN = 400  # records from which rendering is spread over worker processes
_JOB: dict[str, Any] = {}


def prepare(records: Sequence[Record], style: str, locale: str, jobs: int | None = None) -> Prepared:
    """Sort, number and disambiguate ``records`` as ``style`` says."""
    engine = Engine(style, locale)
    if engine.bibliography is None:
        raise StyleError(f"style {style!r} has no bibliography (a note style); pick another --style")
    records = list(records)
    need = engine.needs_disambiguation
    results = _map(_prepare_chunk, records, style, locale, jobs, need)
    keys = [k for chunk in results for k in chunk[0]]
    cites = [c for chunk in results for c in chunk[1]]
    compare = _compare(engine.descending())
    order = sorted(range(len(records)), key=functools.cmp_to_key(
        lambda a, b: compare((keys[a], a), (keys[b], b))))
    ordered = [records[i] for i in order]
    numbers = {r.id: n for n, r in enumerate(ordered, 1)}
    states = disambiguate(engine, ordered, {records[i].id: cites[i] for i in order}) if need else {}
    return Prepared(ordered, numbers, states)


def _prepare_chunk(style: str, locale: str, start: int, stop: int) -> tuple[list[Any], list[str]]:
    engine, need = Engine(style, locale), _JOB["extra"]
    records = _JOB["records"][start:stop]
    items = [engine.item(r, start + i + 1) for i, r in enumerate(records)]
    keys = engine.sort_keys(items)
    cites = [engine.cite([item]) for item in items] if need else []
    return keys, cites


def render_entries(prepared: Prepared, style: str, locale: str, jobs: int | None = None) -> list[str]:
    """The bibliography entries, in order, as marked text."""
    return [e for chunk in _map(_render_chunk, prepared.records, style, locale, jobs, prepared) for e in chunk]


def _render_chunk(style: str, locale: str, start: int, stop: int) -> list[str]:
    engine, prepared = Engine(style, locale), _JOB["extra"]
    out = []
    for record in _JOB["records"][start:stop]:
        state = prepared.states.get(record.id)
        item = engine.item(record, prepared.numbers[record.id], state)
        item.set(names_shown=None, given_levels=(), disambiguate=False)  # cite-only choices
        out.append(engine.entry(item))
    return out


def _map(func: Callable[..., Any], records: list[Record], style: str, locale: str, jobs: int | None,
         extra: Any) -> list[Any]:
    """Run ``func`` over chunks of ``records``, in worker processes when it pays."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    _JOB.update(records=records, extra=extra)  # worker processes inherit these by fork
    if workers <= 1 or len(records) < (PARALLEL_MIN if jobs is None else 2) or "fork" not in multiprocessing.get_all_start_methods():
        return [func(style, locale, 0, len(records))]
    load_style(style, locale)  # parse once, before forking
    size = -(-len(records) // (workers * 4))
    tasks = [(style, locale, start, min(start + size, len(records))) for start in range(0, len(records), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.starmap(func, tasks)


def bibliography(records: Sequence[Record], style: str = "apa", locale: str = "en-US",
                 jobs: int | None = None) -> list[str]:
    """The reference list for ``records`` as marked text entries (see :func:`to_text`)."""
    prepared = prepare(records, style, locale, jobs)
    return render_entries(prepared, style, locale, jobs)


def citation(records: Sequence[Record], keys: Sequence[str], style: str = "apa", locale: str = "en-US",
             prepared: Prepared | None = None) -> str:
    """The in-text citation of ``keys``, numbered and disambiguated against all ``records``."""
    by_key = {r.id: r for r in records}
    missing = [k for k in keys if k not in by_key]
    if missing:
        close = difflib.get_close_matches(missing[0], list(by_key), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; run `bibexport keys` to list them"
        raise InputError(f"unknown citation key {missing[0]!r}{hint}")
    prepared = prepared or prepare(records, style, locale)
    engine = Engine(style, locale)
    items = [engine.item(by_key[k], prepared.numbers[k], prepared.states.get(k)) for k in dict.fromkeys(keys)]
    return engine.cite(items)


# --- output formats ---------------------------------------------------------------------------

_HTML_TAGS = {ITALIC: ("<i>", "</i>"), BOLD: ("<b>", "</b>"), SUP: ("<sup>", "</sup>"), SUB: ("<sub>", "</sub>"),
              SMALLCAPS: ('<span style="font-variant:small-caps;">', "</span>"),
              UNDERLINE: ('<span style="text-decoration:underline;">', "</span>")}
_MD_TAGS = {ITALIC: ("*", "*"), BOLD: ("**", "**"), SUP: ("<sup>", "</sup>"), SUB: ("<sub>", "</sub>"),
            SMALLCAPS: ("", ""), UNDERLINE: ("", "")}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")


def _convert(text: str, escape: Callable[[str], str], tags: dict[str, tuple[str, str]]) -> str:
    """Escape the text between marks and turn marks into ``tags``; unbalanced marks are dropped."""
    out: list[str] = []
    open_kinds: list[str] = []
    pos = 0
    for found in _ANY_MARK.finditer(text):
        out.append(escape(text[pos:found.start()]))
        pos = found.end()
        kind_open = _MARK_KIND.get(found.group())
        if kind_open is None:
            continue
        kind, is_open = kind_open
        if is_open:
            open_kinds.append(kind)
            out.append(tags[kind][0])
        elif kind in open_kinds:
            while open_kinds:
                last = open_kinds.pop()
                out.append(tags[last][1])
                if last == kind:
                    break
    out.append(escape(text[pos:]))
    out.extend(tags[k][1] for k in reversed(open_kinds))
    return "".join(out)


def _split_margin(entry: str) -> tuple[str, str]:
    margin, sep, body = entry.partition(MARGIN)
    return (margin, body) if sep else ("", entry)


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
    text = _convert(body, _md_inline, _MD_TAGS)
    if margin:
        text = f"{_convert(margin.rstrip(), _md_inline, _MD_TAGS)} {text.lstrip()}"
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_line_start(m.group(2)), text)


def _entries(records: Iterable[Record], options: Any) -> list[str]:
    style = getattr(options, "style", None) or "apa"
    locale = getattr(options, "locale", None) or "en-US"
    return bibliography(list(records), style, locale)


def write_text(records: Iterable[Record], options: Any = None) -> str:
    """The reference list as plain text, one entry per line."""
    return "".join(to_text(e) + "\n" for e in _entries(records, options))


def write_markdown(records: Iterable[Record], options: Any = None) -> str:
    """The reference list as Markdown paragraphs."""
    return "\n".join(to_markdown(e) + "\n" for e in _entries(records, options))


def write_html(records: Iterable[Record], options: Any = None) -> str:
    """A complete HTML5 document holding the reference list (citeproc-js's markup)."""
    locale = getattr(options, "locale", None) or "en-US"
    body = "\n".join(to_html(e) for e in _entries(records, options))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(locale)}">\n<head>\n<meta charset="utf-8">\n<title>References</title>\n</head>\n'
        f'<body>\n<div class="csl-bib-body">\n{body}\n</div>\n</body>\n</html>\n'
    )
