"""Fixes for text, labels, dates, groups and conditions, and the element class map.

:func:`element_classes` replaces each citeproc-py element class by one with the fixes
(here and in :mod:`.names` and :mod:`.textcase`) and :class:`~.cache.CachedLookups` mixed in.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import String, join

from . import CSL_NS
from .cache import CachedLookups, rendered_children
from .labels import citation_label
from .ordinals import GENDER_OF, install
from .strings import install as install_strings

install()
install_strings()
from .pages import first_page, format_page_range
from .names import InheritingNames, InitializeOptionName, MacroSubstitute
from .textcase import SpecTextCase


class FastText(SpecTextCase, model.Text):
    """cs:text that passes sort options into macros, without a per-render exception.

    citeproc-py renders a macro called from a sort key's macro with the style's name
    options, so Chicago sorted "Mei, Jincheng, Bo Dai" before "Mei, Jincheng, Wesley Chung"
    by given name; the spec sorts names as ``name-as-sort-order="all"`` (Chung before Dai).
    """

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        if context is None:
            context = self
        language = item.reference.get("language")
        language = str(language)[:2] if language else _default_language(self.get_root())
        attrib = self.attrib
        if attrib.get("variable") == "citation-label":
            # citeproc-js: the item's label or the trigraph one, then disambiguation's year suffix.
            text = String(citation_label(item.reference) + str(item.reference.get("year_suffix", "")))
            item.set(suffix_shown=True)
        elif "variable" in attrib:
            text = self._variable(item, context)
            if isinstance(text, int):  # citation-number: text for text-case and strip-periods
                text = String(str(text))
            elif attrib["variable"] in _NUMBER_RANGES and text is not None and "-" in str(text):
                # citeproc-js reads numeric variables as numbers: a range of two takes an en dash
                ranged = _NUMBER_RANGE.sub("\\1\u2013\\2", str(text))
                text = String(ranged) if ranged != str(text) else text
        elif "macro" in attrib:
            # citeproc-py drops sort_options here, so sort keys lost name-as-sort-order="all".
            # A macro acts as a group (citeproc-js): one that calls variables, none of which
            # rendered, renders nothing (a lone "in" term is dropped).
            macro = self.get_macro(attrib["macro"])
            text = self._render_macro(macro, item, context, kwargs.get("sort_options"))
        elif "term" in attrib:
            text = self._term(item)
        else:
            value = attrib.get("value", "")
            if any(c in value for c in "<'\"\u2018\u201c"):  # markup and quotes, as in a field
                from ..writers.formatted.richtext import rich_text  # (that package imports this one)

                text = rich_text(value)
            else:
                text = String(self.preformat(value))
        return text, language

    def markup(self, text: Any, language: Any) -> Any:
        """Text.markup, skipping strip-periods, text-case and quotes where the element has none
        (read once: the attributes of a cs:text never change)."""
        if not text:
            return None
        flags = self.__dict__.get("_markup_flags")
        if flags is None:
            flags = self.__dict__["_markup_flags"] = (
                self.get("strip-periods", "false").lower() == "true", self.get("text-case") is not None,
                self.get("quotes", "false").lower() == "true")
        strip, cased, quoted = flags
        if strip:
            text = self.strip_periods(text)
        if cased:
            text = self.case(text, language)
        text = self.format(text)
        return self.wrap(self.quote(text) if quoted else text)

    @staticmethod
    def _render_macro(macro: Any, item: Any, context: Any, sort_options: Any) -> Any:
        rendered = rendered_children(macro, item, context=context, sort_options=sort_options)
        if rendered and macro.calls_variable() and not any(child.calls_variable() for child, _ in rendered):
            rendered = []
        if not rendered:
            return None
        return rendered[0][1] if len(rendered) == 1 else join([t for _, t in rendered], "")

    def _process(self, value: Any, variable: str) -> Any:
        """``page`` with the style's ``page-range-format`` (:mod:`.pages`), ``page-first``."""
        if variable == "page-first":
            return String(first_page(str(value)))
        if variable != "page":
            return super()._process(value, variable)
        delimiter = str(self.get_single_term("page-range-delimiter") or "\u2013")
        return String(format_page_range(str(value), self.get_root().get_option("page-range-format"), delimiter))


def _default_language(root: Any) -> str:
    """The style's default-locale language ("en" when it has none)."""
    language = root.__dict__.get("_default_language")
    if language is None:
        language = root.__dict__["_default_language"] = root.get("default-locale", "en")[:2]
    return language  # type: ignore[no-any-return]


# citeproc-js's numeric variables other than page and locator (formatted elsewhere).
_NUMBER_RANGES = frozenset("""chapter-number collection-number edition issue number-of-pages number-of-volumes
    part-number printing-number supplement-number volume""".split())
_NUMBER_RANGE = re.compile(r"(?<![\w.])(\d+)\s*-\s*(\d+)(?![\w.])")


class IsolatedDatePart(SpecTextCase, model.Date_Part):
    """cs:date-part whose style overrides apply to one rendering only.

    citeproc-py copies a style's ``cs:date-part`` attributes into the locale's date format
    and leaves them there, so an entry's date could depend on the entries rendered before.
    """

    # Attributes change during a render, so the cached shortcuts of CachedLookups do not apply.
    format = model.Formatted.format
    wrap = model.Affixed.wrap

    def render(self, date: Any, context: Any = None, *args: Any, **kwargs: Any) -> Any:
        saved = dict(self.attrib)
        month = date.get("month") if hasattr(date, "get") else None
        token = GENDER_OF.set(f"month-{int(month):02d}" if self.get("name") == "day" and month else None)
        try:
            if self.get("name") == "month" and "month" not in date and "season" in date:
                self.attrib["form"] = "long"  # a season has no number: its term, as citeproc-js prints it
            text = super().render(date, context, *args, **kwargs)
            if text is not None and self.get("name") == "year":
                holder = context if isinstance(context, model.Date) else self.getparent()
                suffix = holder.__dict__.pop("_year_suffix", None)
                if suffix:
                    text = text + String(suffix)
            return text
        finally:
            GENDER_OF.reset(token)
            if dict(self.attrib) != saved:
                self.attrib.clear()
                self.attrib.update(saved)


class SuffixedDate(model.Date):
    """cs:date that prints the implicit year-suffix: when a style never renders the
    ``year-suffix`` variable, disambiguation's suffix follows the year of the first ``issued``
    date of the cite or entry (CSL: "Disambiguation"; citeproc-js: 2000a)."""

    def process(self, item: Any, variable: str | None = None, show_parts: Any = None, context: Any = None,
                **kwargs: Any) -> Any:
        name = variable or self.get("variable")
        if (not isinstance(context, model.Date) and name == "issued" and not getattr(item, "suffix_shown", True)
                and "year_suffix" in item.reference and _implicit_year_suffix(self.get_root())):
            self.__dict__["_year_suffix"] = str(item.reference["year_suffix"])
            try:
                text = super().process(item, variable, show_parts, context, **kwargs)
            finally:
                shown = "_year_suffix" not in self.__dict__
                self.__dict__.pop("_year_suffix", None)
            if shown:
                item.set(suffix_shown=True)
            return text
        return super().process(item, variable, show_parts, context, **kwargs)


    def render_single_date(self, date: Any, show_parts: Any = None, context: Any = None) -> Any:
        parts = self.parts(date, show_parts, context) if context is not self else self.parts(date, show_parts)
        return join(parts, self._date_delimiter(context)) if parts else None

    def _date_delimiter(self, context: Any) -> str:
        """The style's cs:date delimiter, else the locale date's (citeproc-py lost the latter)."""
        if context is not None and context is not self and context.get("delimiter") is not None:
            return str(context.get("delimiter"))
        return str(self.get("delimiter", ""))

    def render_date_range(self, date_range: Any, show_parts: Any = None, context: Any = None) -> Any:
        """A date range as citeproc-js renders it: the parts from the largest one that differs
        down are given for both dates, joined by that part's ``range-delimiter`` (default an
        en dash), the larger ones once (2–4 January 1999; January 2–4, 1999; Spring–Summer
        1999); the affixes that would meet at the delimiter are left out; an open range ends
        in the delimiter (1987–)."""
        shown = list(show_parts or ("year", "month", "day"))
        parts = [p for p in self.iterchildren() if p.get("name") in shown]
        begin, end = date_range.begin, date_range.get("end")
        open_range = end is None or end.is_nil()
        levels = ("year", "month", "day")
        value = {"year": lambda d: d.get("year"), "month": lambda d: d.get("month", d.get("season")),
                 "day": lambda d: d.get("day")}
        differing = "year" if open_range else next(
            (level for level in levels if level in shown and value[level](begin) != value[level](end)), None)
        if differing is None:
            return self.render_single_date(begin, shown, context)
        ranged = set(levels[levels.index(differing):])

        def attribute(part: Any, name: str, default: str = "") -> str:
            if context is not None and context is not self:
                found = context.find(f"{{{CSL_NS}}}date-part[@name='{part.get('name')}']")
                if found is not None and found.get(name) is not None:
                    return str(found.get(name))
            return str(part.get(name, default))

        def block(date: Any, strip_first_prefix: bool, strip_last_suffix: bool) -> Any:
            texts = []
            for part in parts:
                if part.get("name") not in ranged:
                    continue
                try:
                    text = part.render(date, context)
                except (VariableError, KeyError, AttributeError):
                    continue
                if text is not None:
                    texts.append((part, str(text)))
            if texts and strip_first_prefix:
                prefix = attribute(texts[0][0], "prefix")
                if prefix and texts[0][1].startswith(prefix):
                    texts[0] = (texts[0][0], texts[0][1][len(prefix):])
            if texts and strip_last_suffix:
                suffix = attribute(texts[-1][0], "suffix")
                if suffix and texts[-1][1].endswith(suffix):
                    texts[-1] = (texts[-1][0], texts[-1][1][:-len(suffix)])
            return delimiter.join(t for _, t in texts)

        delimiter = self._date_delimiter(context)
        holder = next(p for p in parts if p.get("name") == differing) if any(
            p.get("name") == differing for p in parts) else None
        range_delimiter = attribute(holder, "range-delimiter", "\u2013") if holder is not None else "\u2013"
        pieces: list[str] = []
        placed = False
        for part in parts:
            if part.get("name") in ranged:
                if not placed:
                    first = block(begin, False, True)
                    last = "" if open_range else block(end, True, False)
                    pieces.append(first + range_delimiter + last if first else "")
                    placed = True
                continue
            try:
                text = part.render(begin, context)
            except (VariableError, KeyError, AttributeError):
                continue
            if text is not None:
                pieces.append(str(text))
        text = delimiter.join(p for p in pieces if p)
        return String(text) if text else None


def _implicit_year_suffix(root: Any) -> bool:
    """Whether the style leaves the year-suffix to the first date (it renders no ``year-suffix``)."""
    implicit = root.__dict__.get("_implicit_year_suffix")
    if implicit is None:
        implicit = root.__dict__["_implicit_year_suffix"] = not root.xpath_search(
            './/cs:text[@variable="year-suffix" or @variable="citation-label"]')
    return implicit  # type: ignore[no-any-return]


class VariableLabel(model.Label):
    """cs:label that renders nothing when its variable is empty, as the CSL spec says.

    citeproc-py renders the term anyway, e.g. a lone "p" in ACS for an item without pages.
    """

    def render(self, item: Any, variable: str | None = None, *args: Any, **kwargs: Any) -> Any:
        name = variable or self.get("variable")
        if variable is None and name:
            if name == "locator":
                if not item.has_locator:
                    return None
            elif name.replace("-", "_") not in item.reference:
                return None
        return super().render(item, variable, *args, **kwargs)

    _ROMAN_RANGE = re.compile(r"\b(?:[ivxlcdm]+\s*[-\u2013]\s*[ivxlcdm]+|[IVXLCDM]+\s*[-\u2013]\s*[IVXLCDM]+)\b")

    def _is_plural(self, item: Any) -> bool:
        """citeproc-py's test, with ``number-of-...`` read from the reference (it raised, so the
        label was lost) and roman numeral ranges (i–ix) plural, as citeproc-js counts them."""
        variable = self.get("variable")
        if variable != "locator" and variable:
            value = item.reference.get(variable.replace("-", "_"))
            if variable.startswith("number-of"):
                try:
                    return int(str(value)) > 1
                except ValueError:
                    return False
            if value is not None and self._ROMAN_RANGE.search(str(value)):
                return True
        return bool(super()._is_plural(item))


class GenderedNumber(model.Number):
    """cs:number whose ordinal agrees with its variable's term (French 1ʳᵉ éd., 1ᵉʳ numéro)."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        token = GENDER_OF.set(self.get("variable"))
        try:
            return super().process(item, context, **kwargs)
        finally:
            GENDER_OF.reset(token)


class LabelKey(model.Key):
    """cs:key that sorts by ``citation-label`` as rendered (the item's own or the trigraph label)."""

    def sort_keys(self, items: Any, context: Any) -> Any:
        if self.get("variable") == "citation-label":
            return [citation_label(item.reference) for item in items]
        return super().sort_keys(items, context)


class FastGroup(model.Group):
    """cs:group as citeproc-py renders it, over a cached list of children."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        # CSL: a group that calls variables is suppressed if none of them rendered.
        plan = self.__dict__.get("_group_plan")
        if plan is None:
            plan = self.__dict__["_group_plan"] = (
                any([child.calls_variable() for child, _ in self._children()]),  # type: ignore[attr-defined]
                self.get("delimiter", ""))
        variable_called, delimiter = plan
        rendered = rendered_children(self, item, delimiter, context=context, **kwargs)
        if rendered and (not variable_called or any(child.calls_variable() for child, _ in rendered)):
            return rendered[0][1] if len(rendered) == 1 else self.join([text for _, text in rendered])
        raise VariableError


class DisambiguatingIf(model.If):
    """cs:if/cs:else-if that evaluates ``disambiguate="true"`` (citeproc-py ignores it)."""

    def _type(self, item: Any) -> list[bool]:
        types = self.__dict__.get("_types")
        if types is None:
            types = self.__dict__["_types"] = tuple(t.lower() for t in self.get("type").split())
        kind = item.reference["type"]
        return [t == kind for t in types]

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        if not self.matches(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def matches(self, item: Any, context: Any = None) -> bool:
        """Whether the condition holds for ``item`` (evaluated from a cached plan)."""
        plan = self.__dict__.get("_plan")
        if plan is None:  # which tests this element has, looked up once
            tests = {"type": self._type, "variable": self._variable, "is-numeric": self._is_numeric,
                     "is-uncertain-date": self._is_uncertain_date, "locator": self._locator}
            plan = self.__dict__["_plan"] = (
                [test for attribute, test in tests.items() if attribute in self.attrib],
                "disambiguate" in self.attrib, "position" in self.attrib, self.get("match", "all"))
        tests, disambiguate, position, match = plan
        results = [bool(getattr(item, "disambiguate", False))] if disambiguate else []
        for test in tests:
            results += test(item)
        if position:
            results += self._position(item, context)
        return any(results) if match == "any" else (not any(results) if match == "none" else all(results))


    def _is_numeric(self, item: Any) -> list[bool]:
        """``is-numeric`` tests, the cite's ``locator`` included (citeproc-py looks only in the reference)."""
        results = []
        for name in self.get("is-numeric").split():
            if name == "locator":
                value = str(item.locator.identifier) if item.has_locator else None
            else:
                variable = name.replace("-", "_")
                value = str(item.reference[variable]) if variable in item.reference else None
            results.append(value is not None and bool(self.re_numeric.match(value)))
        return results

    def _locator(self, item: Any) -> list[bool]:
        """``locator`` tests: the cite's locator label is one of those named (``sub-verbo`` too)."""
        label = item.locator.label.replace(" ", "-") if item.has_locator else None
        return [label == name for name in self.get("locator").split()]

    def _position(self, item: Any, context: Any = None) -> list[bool]:
        """``position`` tests on the position the citation processor gave the cite.

        ``item.position`` is 0 (first), 1 (subsequent), 2 (ibid) or 3 (ibid-with-locator), as
        citeproc-js numbers them: ibid-with-locator is also ibid, and both are subsequent;
        ``near-note`` holds for a subsequent cite whose item was cited within the style's
        ``near-note-distance`` notes.  ``None`` (a bibliography entry): every test is false.
        """
        position = getattr(item, "position", None)
        if position is None:
            return [False]
        near = bool(getattr(item, "near_note", False))
        tests = {"first": position == 0, "subsequent": position >= 1, "ibid": position >= 2,
                 "ibid-with-locator": position == 3, "near-note": position >= 1 and near,
                 "far-note": position == 1 and not near}
        return [tests.get(name, False) for name in self.get("position").split()]


class FastChoose(model.Choose):
    """cs:choose that tests its branches instead of catching an exception per failed branch."""

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        branches = self.__dict__.get("_branches")
        if branches is None:
            branches = self.__dict__["_branches"] = tuple(
                (branch, isinstance(branch, DisambiguatingIf)) for branch in self.iterchildren())
        for branch, conditional in branches:
            if not conditional or branch.matches(item, context):
                return branch.render_children(item, context=context, delimiter=delimiter, **kwargs)
        return None


class _ElseIf(DisambiguatingIf, model.Else_If):  # type: ignore[misc]
    pass


# citeproc-py element class -> the class bibexport uses in its place.
_FIXED: dict[type, tuple[type, ...]] = {
    model.Name: (InitializeOptionName,),
    model.Names: (InheritingNames,),
    model.Substitute: (MacroSubstitute,),
    model.If: (DisambiguatingIf,),
    model.Group: (FastGroup,),
    model.Key: (LabelKey,),
    model.Choose: (FastChoose,),
    model.Else_If: (_ElseIf,),
    model.Text: (FastText,),
    model.Label: (SpecTextCase, VariableLabel),
    model.Number: (SpecTextCase, GenderedNumber),
    model.Date_Part: (IsolatedDatePart,),
    model.Date: (SuffixedDate,),
    model.Name_Part: (SpecTextCase, model.Name_Part),
}


@functools.cache
def element_classes() -> dict[str, type]:
    """Tag name -> element class: citeproc-py's classes with the fixes and caching mixed in."""
    classes = {}
    for base in model.CitationStylesElement.__subclasses__():
        if base.__module__ != model.__name__:
            continue
        fixes = _FIXED.get(base, (base,))
        # IsolatedDatePart must not get the caching shortcuts: it comes first.
        bases = (*fixes, CachedLookups) if fixes == (IsolatedDatePart,) else (CachedLookups, *fixes)
        classes[base.__name__.replace("_", "-").lower()] = type(base.__name__, bases, {})
    return classes
