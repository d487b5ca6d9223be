"""One style in one locale: rendering bibliography entries and citations with citeproc-py."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from citeproc.source import Reference, VariableError
from citeproc.string import String, join

from ...csl import CSL_NS, NS
from ...csl.cache import rendered_children
from ...csl.loaded import LoadedStyle
from ...model import Record
from ...styles import load_style
from .marks import ANY_MARK, MARGIN, MARKS, MARKS_CLASS, NO_SPACE
from .punctuation import collapse_punctuation, drop_repeated_name, punctuation_in_quote, resolve_quotes
from .reference import Item, to_reference
from .sorting import sort_value


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

    def __init__(self, style: str, locale: str | None = None) -> None:
        """``locale`` None: the style's default-locale, else en-US (as citeproc-js)."""
        self.style: LoadedStyle = load_style(style, locale)
        self.style.root.formatter = MARKS
        self.bib_context = SimpleNamespace(formatter=MARKS)
        root = self.style.root
        self.citation = root.citation
        self.bibliography = root.bibliography
        quote_option = str(root.get_locale_option("punctuation-in-quote") or "false")
        self.punctuation_in_quote = quote_option.lower() == "true"
        self.close_quote = str(root.get_single_term("close-quote") or "”")
        self.quotes = ((str(root.get_single_term("open-quote") or "“"), self.close_quote),
                       (str(root.get_single_term("open-inner-quote") or "‘"),
                        str(root.get_single_term("close-inner-quote") or "’")))
        self.author_substitute = None if self.bibliography is None else self.bibliography.get(
            "subsequent-author-substitute")
        self.capitalize_terms = root.get("class", "in-text") != "in-text"

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
        columns = [key.sort_keys(items, layout) for key in sort.findall("cs:key", NS)[first:stop]]
        return [[sort_value(column[i]) for column in columns] for i in range(len(items))]

    def descending(self) -> list[bool]:
        sort = self._sort(self.bibliography)
        return [] if sort is None else [k.get("sort") == "descending" for k in sort.findall("cs:key", NS)]

    @staticmethod
    def _sort(element: Any) -> Any:
        return None if element is None else element.find("cs:sort", NS)

    # rendering
    def entry(self, item: Item, previous_names: str | None = None) -> str:
        """One bibliography entry as marked text (MARGIN after a second-field-align label).

        The entry's first rendered names are left in ``item.first_names``; when they equal
        ``previous_names`` (the entry before), the style's ``subsequent-author-substitute``
        replaces them (rule ``complete-all``, the default).
        """
        layout = self.bibliography.layout
        layout.repressed = {}
        item.set(capture_names=True, first_names=None, position=None)
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
        return self.finish(text, strip=False)

    def sort_cites(self, items: Sequence[Item]) -> list[Item]:
        """``items`` as the style's cs:citation sorts them (ties keep the reference list's order)."""
        sort = self._sort(self.citation)
        if sort is None or len(items) < 2:
            return list(items)
        return list(sort.sort(sorted(items, key=lambda i: i.number), self.citation.layout))

    def cite(self, items: Sequence[Item], sort: bool = True) -> str:
        """One in-text citation of ``items`` (sorted as the style's cs:citation says, if ``sort``).

        Each item's ``prefix`` and ``suffix`` (marked text) go around its cite; an item whose
        ``position`` is unset is a first cite; ``suppress_author`` leaves out the cite's first
        names and ``author_only`` keeps only them (a citation of author-only cites is not
        wrapped in the layout's affixes).
        """
        layout = self.citation.layout
        self.citation.cites = []
        if sort:
            items = self.sort_cites(items)
        parts = []
        names = []
        affixes: list[tuple[str, str]] = []
        only_authors = True
        for item in items:
            layout.repressed = {}
            if item.position is None:
                item.set(position=0)
            item.set(capture_names=True, first_names=None)
            try:
                rendered = layout.render_children(item)
            except VariableError:
                rendered = None
            if item.author_only:
                rendered = String(item.first_names) if item.first_names else None
            else:
                only_authors = False
            if rendered is not None:
                prefix, suffix = item.get("prefix", ""), item.get("suffix", "")
                if self.capitalize_terms and (not parts or prefix):
                    rendered = self._capitalize_term(rendered, prefix)
                plain = not (prefix or suffix or item.has_locator)
                if prefix or suffix:
                    rendered = String(prefix) + rendered + String(suffix)
                parts.append((item.number if plain else None, rendered))
                names.append(item.first_names)
                affixes.append((ANY_MARK.sub("", prefix), ANY_MARK.sub("", suffix)))
        if not parts:
            return ""
        collapse = self.citation.get("collapse")
        delimiter = layout.get("delimiter", "")
        if only_authors:
            return self.finish(str(join([p for _, p in parts], delimiter)))
        if collapse == "citation-number":
            text = layout.join(p for _, p in collapse_numbers(parts))
        elif collapse in ("year", "year-suffix", "year-suffix-ranged") and len(parts) > 1:
            text = String(collapse_years([str(p) for _, p in parts], names, delimiter,
                                         self.citation.get("cite-group-delimiter", ", "),
                                         self.citation.get("after-collapse-delimiter", delimiter)))
        else:
            text = parts[0][1]
            for (_, part), (_, suffix), (prefix, _) in zip(parts[1:], affixes, affixes[1:]):
                text = text + String(affix_delimiter(delimiter, suffix, prefix)) + part
        return self.finish(str(layout.format(layout.wrap(text))))

    @functools.cached_property
    def _leading_terms(self) -> tuple[str, ...]:
        """The terms the citation layout can print (``ibid``, ``op. cit.``...), longest first."""
        found = set()
        for element in self.style.root.citation.iter():
            if element.get("term") and element.tag == f"{{{CSL_NS}}}text":
                found.add(str(element._term(None) or ""))
        for macro in self.style.root.findall("cs:macro", NS):
            for element in macro.iter():
                if element.get("term") and element.tag == f"{{{CSL_NS}}}text":
                    found.add(str(element._term(None) or ""))
        return tuple(sorted((t for t in found if t[:1].islower()), key=len, reverse=True))

    def _capitalize_term(self, rendered: Any, prefix: str) -> Any:
        """A citation that opens with a term, capitalized, as citeproc-js does outside in-text
        styles (``Ibid.``), unless a prefix that is not a sentence of its own comes before."""
        plain_prefix = ANY_MARK.sub("", prefix).strip().rstrip("”’\"'»" + AFFIX_CLOSE)
        if plain_prefix and not (" " in plain_prefix and plain_prefix[-1:] in ".!?"):
            return rendered
        text = str(rendered)
        start = len(text) - len(text.lstrip(MARK_CHARS))
        if any(text.startswith(term, start) for term in self._leading_terms):
            return String(text[:start] + text[start].upper() + text[start + 1:])
        return rendered

    def finish(self, text: str, strip: bool = True) -> str:
        """Punctuation fixed, quoted spans in the locale's marks; a citation's edge spaces
        stripped (an entry keeps them, as in citeproc-js)."""
        text = drop_repeated_name(collapse_punctuation(text))
        if NO_SPACE in text:
            text = text.replace(NO_SPACE + " ", "").replace(NO_SPACE, "")
        text = text.strip() if strip else text
        text = punctuation_in_quote(text, self.close_quote) if self.punctuation_in_quote else text
        return resolve_quotes(text, *self.quotes)

    @property
    def needs_disambiguation(self) -> bool:
        options = ("disambiguate-add-names", "disambiguate-add-givenname", "disambiguate-add-year-suffix")
        return any(self.citation.get(o, "false") == "true" for o in options) or bool(
            self.style.root.xpath_search(".//cs:if[@disambiguate] | .//cs:else-if[@disambiguate]"))


AFFIX_CLOSE = "\ue1f0"  # a closing quote of a cite's affix while rendering (not the formatting marks)
MARK_CHARS = "".join(chr(c) for c in range(ord(MARKS_CLASS[0]), ord(MARKS_CLASS[-1]) + 1))


def affix_delimiter(delimiter: str, suffix: str, prefix: str) -> str:
    """The delimiter between two cites given the suffix before and prefix after it (citeproc-js):
    after a suffix ending in ``;``, ``.`` or ``,`` only the delimiter's space part is kept, and
    none before a prefix starting with one (``Book A, cited in Book B``)."""
    if not suffix and prefix[:1] in (";", ".", ","):
        return ""
    if suffix[-1:] in (";", ".", ","):
        return delimiter[delimiter.index(" "):] if " " in delimiter else ""
    return delimiter


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
