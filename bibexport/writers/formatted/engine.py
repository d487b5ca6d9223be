"""One style in one locale: rendering bibliography entries and citations with citeproc-py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from citeproc.source import Reference, VariableError
from citeproc.string import String, join

from ...csl import NS
from ...csl.cache import rendered_children
from ...csl.loaded import LoadedStyle
from ...model import Record
from ...styles import load_style
from .marks import MARGIN, MARKS
from .punctuation import collapse_punctuation, punctuation_in_quote
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
