"""One style in one locale: rendering bibliography entries and citations with citeproc-py."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from citeproc.source import Reference, VariableError
from citeproc.string import String, join

from ...csl import CSL_NS, DISPLAY_CLOSE, NS
from ...csl.cache import rendered_children
from ...csl.loaded import LoadedStyle
from ...model import Record
from ...styles import load_style
from .marks import ANY_MARK, CLOSE, MARGIN, MARKS, MARKS_CLASS, NO_SPACE
from .punctuation import collapse_punctuation, drop_repeated_name, punctuation_in_quote, resolve_quotes
from .reference import Item, to_reference
from .richtext import narrow_spaces
from .sorting import compare_values, sort_value


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
    # Bibliography entries rendered while preparing (see bibliography.prepare), one per record
    # of ``records``: None where disambiguation or numbering changed what was rendered.
    drafts: list[str | None] = field(default_factory=list)


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
        self.quotes = ((narrow_spaces(str(root.get_single_term("open-quote") or "“")), narrow_spaces(self.close_quote)),
                       (narrow_spaces(str(root.get_single_term("open-inner-quote") or "‘")),
                        narrow_spaces(str(root.get_single_term("close-inner-quote") or "’"))))
        self.author_substitute = None if self.bibliography is None else self.bibliography.get(
            "subsequent-author-substitute")
        self.capitalize_terms = root.get("class", "in-text") != "in-text"
        self.uses_abstract = bool(root.xpath_search(".//cs:*[@variable='abstract']"))
        self.numbered = bool(root.xpath_search(".//cs:text[@variable='citation-number']"))

    # references and items
    def item(self, record: Record, number: int = 0, state: Disambiguation | None = None,
             reference: Reference | None = None) -> Item:
        reference = reference if reference is not None else to_reference(record, self.uses_abstract)
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
        item.set(capture_names=True, first_names=None, position=None, suffix_shown=False)
        outputs = [text for _, text in rendered_children(layout, item)]
        if not outputs:
            return ""
        if self.bibliography.get("second-field-align") and len(outputs) > 1:
            outputs = [outputs[0], String(MARGIN) + join(outputs[1:], layout.get("delimiter", ""))]
            text = join(outputs, "")
        else:
            text = join(outputs, layout.get("delimiter", ""))
        suffix = layout.get("suffix", "")
        if suffix and str(text)[-1:] in DISPLAY_CLOSE.values():
            # citeproc-js puts the layout's suffix inside the last display element.
            text = String(str(text)[:-1] + suffix + str(text)[-1])
            layout.attrib.pop("suffix")
            try:
                text = str(layout.format(layout.wrap(text)))
            finally:
                layout.attrib["suffix"] = suffix
        else:
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
        items = sorted(items, key=lambda i: i.number)
        layout = self.citation.layout
        keys = sort.findall("cs:key", NS)
        suffixes = [item.reference.pop("year_suffix", None) for item in items]  # keys have no year suffix
        try:
            columns = [[sort_value(v) for v in key.sort_keys(items, layout)] for key in keys]
        finally:
            for item, suffix in zip(items, suffixes):
                if suffix is not None:
                    item.reference["year_suffix"] = suffix
        descending = [k.get("sort") == "descending" for k in keys]

        def compare(a: int, b: int) -> int:
            for column, desc in zip(columns, descending):
                result = compare_values(column[a], column[b], desc)
                if result:
                    return result
            return 0

        return [items[i] for i in sorted(range(len(items)), key=functools.cmp_to_key(compare))]

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
        suffixes: list[str] = []  # each cite's year suffix ("" with a locator or affixes: never collapsed)
        locators: list[bool] = []
        affixes: list[tuple[str, str]] = []
        only_authors = True
        for index, item in enumerate(items):
            layout.repressed = {}
            if item.position is None:
                item.set(position=0)
            item.set(capture_names=True, first_names=None, suffix_shown=False)
            try:
                rendered = layout.render_children(item)
            except VariableError:
                rendered = None
            if item.author_only:
                rendered = String(item.first_names) if item.first_names else None
            else:
                only_authors = False
                if rendered is None and index == 0 and not item.suppress_author:
                    rendered = String(NO_PRINTED_FORM)  # citeproc-js, for a first cite that renders nothing
            if rendered is not None:
                prefix, suffix = item.get("prefix", ""), item.get("suffix", "")
                if self.capitalize_terms and (not parts or prefix):
                    rendered = self._capitalize_term(rendered, prefix)
                plain = not (prefix or suffix or item.has_locator)
                if prefix or suffix:
                    rendered = String(prefix) + rendered + String(suffix)
                parts.append((item.number if plain else None, rendered))
                names.append(item.first_names)
                suffixes.append(str(item.reference.get("year_suffix", "")) if plain else "")
                locators.append(item.has_locator)
                affixes.append((ANY_MARK.sub("", prefix), ANY_MARK.sub("", suffix)))
        if not parts:
            return ""
        collapse = self.citation.get("collapse")
        delimiter = layout.get("delimiter", "")
        if only_authors:
            return self.finish(str(join([p for _, p in parts], delimiter)))
        if collapse == "citation-number":
            text = layout.join(p for _, p in collapse_numbers(parts))
        elif collapse is None and self.citation.get("cite-group-delimiter") and len(parts) > 1:
            # cite grouping without collapsing (citeproc-js): cites by the same names brought
            # together where the first of them stands, joined by cite-group-delimiter
            groups: dict[Any, list[Any]] = {}
            for (_, part), name in zip(parts, names):
                groups.setdefault(name if name else object(), []).append(part)
            group_delimiter = self.citation.get("cite-group-delimiter")
            text = join([join(group, group_delimiter) for group in groups.values()], delimiter)
        elif collapse in ("year", "year-suffix", "year-suffix-ranged") and len(parts) > 1:
            # citeproc-js: cites of a group are joined by cite-group-delimiter, else ", " in
            # in-text styles and the layout's delimiter in note styles; year suffixes by
            # cite-group-delimiter, else year-suffix-delimiter, else the layout's delimiter.
            group_delimiter = self.citation.get("cite-group-delimiter")
            in_text = self.style.root.get("class", "in-text") == "in-text"
            after = self.citation.get("after-collapse-delimiter")
            text = String(collapse_years(
                [str(p) for _, p in parts], names, delimiter,
                group_delimiter or (", " if in_text else delimiter),
                delimiter if after is None else after, suffixes, collapse,
                group_delimiter or self.citation.get("year-suffix-delimiter"),
                locators if after is not None else (), after is not None and collapse != "year-suffix"))
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

    @functools.cached_property
    def entries_stand_alone(self) -> bool:
        """Whether an entry depends on its record alone, not on the entries around it:
        no ``subsequent-author-substitute`` (the names of the entry before)."""
        return self.bibliography is not None and self.author_substitute is None

    @functools.cached_property
    def uses_number(self) -> bool:
        """Whether the style renders or tests ``citation-number`` anywhere."""
        return bool(self.style.root.xpath_search(
            ".//cs:*[contains(@variable, 'citation-number') or contains(@is-numeric, 'citation-number')]"))

    @property
    def needs_disambiguation(self) -> bool:
        options = ("disambiguate-add-names", "disambiguate-add-givenname", "disambiguate-add-year-suffix")
        return any(self.citation.get(o, "false") == "true" for o in options) or bool(
            self.style.root.xpath_search(".//cs:if[@disambiguate] | .//cs:else-if[@disambiguate]"))


_AFTER_NAMES = " ,;:" + "".join(CLOSE.values())
NO_PRINTED_FORM = "[CSL STYLE ERROR: reference with no printed form.]"
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
                   after_collapse: str, suffixes: Sequence[str] = (), mode: str = "year",
                   suffix_delimiter: str | None = None, locators: Sequence[bool] = (),
                   after_always: bool = False) -> str:
    """Cites by the same names as one group naming them once: (Doe, 2021, 2022a; Roe, 2020).

    CSL ``collapse="year"`` with cite grouping (same names brought together, in the order
    they first appear), cites of a group joined by ``group_delimiter``; citeproc-py does not
    implement it.  With ``year-suffix``, cites of a group that differ only by their year
    suffix (``suffixes``, one per cite) print only the suffix after the first
    (Doe 2000a, b), joined by ``suffix_delimiter`` (default: ``delimiter``); with
    ``year-suffix-ranged``, three or more consecutive suffixes as a range (2000a–c).  A
    group or run that was collapsed is followed by ``after_collapse``, and so is a cite with
    a locator (``locators``) inside a group and, with ``after_always``, every group
    (citeproc-js, when the style sets after-collapse-delimiter).  Cites that render no
    names at all form one group.
    """
    suffixes = list(suffixes) or [""] * len(parts)
    suffix_delimiter = delimiter if suffix_delimiter is None else suffix_delimiter
    groups: dict[Any, list[int]] = {}
    for index, name in enumerate(names):
        groups.setdefault(name if name is not None else "", []).append(index)
    out = []
    for name, members in groups.items():
        if len(members) == 1 or not isinstance(name, str):
            out.append((parts[members[0]], False))
            continue
        # what follows the names, without the delimiter after them (nor the end of the names' formatting)
        rests = [parts[i][parts[i].find(name) + len(name):].lstrip(_AFTER_NAMES) if name in parts[i] else parts[i]
                 for i in members]
        runs: list[list[int]] = []  # positions in members; a run shares everything but the suffix
        for at, index in enumerate(members):
            if (runs and mode != "year" and suffixes[index] and suffixes[members[runs[-1][-1]]]
                    and _same_but_suffix(rests[runs[-1][-1]], suffixes[members[runs[-1][-1]]],
                                         rests[at], suffixes[index])):
                runs[-1].append(at)
            else:
                runs.append([at])
        text = ""
        for number, run in enumerate(runs):
            first = parts[members[0]] if run[0] == 0 else rests[run[0]]
            letters = [suffixes[members[at]] for at in run]
            if number and not ANY_MARK.sub("", first).strip():
                continue  # a cite that is only the names (no date): nothing to add to the group
            if number:
                previous = members[runs[number - 1][-1]]
                collapsed_run = len(runs[number - 1]) > 1 or (locators and locators[previous])
                text += after_collapse if collapsed_run else group_delimiter
            text += first + "".join(
                (suffix_delimiter + piece) if not piece.startswith("\u2013") else piece
                for piece in _suffix_pieces(letters, mode == "year-suffix-ranged"))
        out.append((text, True))
    text = out[0][0]
    for (_, collapsed), (part, _) in zip(out, out[1:]):
        text += (after_collapse if collapsed or after_always else delimiter) + part
    return text


def _same_but_suffix(before: str, before_suffix: str, after: str, after_suffix: str) -> bool:
    """Whether two cites read the same but for their year suffixes (at the same place, at the end)."""
    before, after = ANY_MARK.sub("", before), ANY_MARK.sub("", after)
    return (before.endswith(before_suffix) and after.endswith(after_suffix)
            and before[:len(before) - len(before_suffix)] == after[:len(after) - len(after_suffix)])


def _suffix_pieces(letters: list[str], ranged: bool) -> list[str]:
    """The suffixes after a run's first cite: each one, or (ranged) "–c" closing a run of 3+ from the first."""
    if not ranged:
        return letters[1:]
    numbers = [_suffix_number(s) for s in letters]
    pieces: list[str] = []
    start = 0
    while start < len(letters):
        stop = start
        while stop + 1 < len(letters) and numbers[stop + 1] == numbers[stop] + 1:
            stop += 1
        if stop - start >= 2:
            if start:
                pieces.append(letters[start])
            pieces.append("\u2013" + letters[stop])
        else:
            pieces.extend(letters[start if start else 1:stop + 1])
        start = stop + 1
    return pieces


def _suffix_number(letters: str) -> int:
    """a -> 1, z -> 26, aa -> 27 (the inverse of the year-suffix numbering)."""
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - ord("a") + 1)
    return number
