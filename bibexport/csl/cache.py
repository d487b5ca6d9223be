"""Memoized lookups for citeproc-py elements, and rendering an element's children."""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import String, join

from . import DISPLAY_CLOSE, DISPLAY_OPEN, QUOTE_CLOSE, QUOTE_OPEN


_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
# Formatting marks of the explicit normals (bibexport.writers.formatted.marks: ROMAN...).
NORMAL_OPEN = {"r": "\ue013", "w": "\ue015", "v": "\ue017", "n": "\ue019"}
NORMAL_CLOSE = {kind: chr(ord(mark) + 1) for kind, mark in NORMAL_OPEN.items()}
_NORMALS = (("font-style", "normal", "r"), ("font-weight", "normal", "w"), ("font-variant", "normal", "v"),
            ("vertical-align", "baseline", "n"))


def rendered_children(element: Any, item: Any, delimiter: str = "", **kwargs: Any) -> list[tuple[Any, Any]]:
    """(child, text) for each child of ``element`` that renders: neither ``None`` nor VariableError.

    A ``cs:choose`` child gets ``delimiter`` (its branch joins its own children with it).
    """
    output = []
    for child, is_choose in element._children():
        try:
            text = child.render(item, delimiter=delimiter, **kwargs) if is_choose else child.render(item, **kwargs)
        except VariableError:
            continue
        if text is not None:
            output.append((child, text))
    return output


class CachedLookups:
    """Memoizes tree lookups; safe because every element of a loaded style is kept alive.

    citeproc-py spends most of its time in XPath searches whose result never changes
    (the macro called ``author``, the enclosing ``cs:citation``, a locale term).
    """

    def xpath_search(self, expression: str) -> list[Any]:
        cache = self.__dict__.setdefault("_xpath", {})
        try:
            return list(cache[expression])
        except KeyError:
            found = cache[expression] = self.xpath(expression, namespaces=self.nsmap)  # type: ignore[attr-defined]
            return list(found)

    def get_root(self) -> Any:
        root = self.__dict__.get("_root")
        if root is None:
            root = self.__dict__["_root"] = self.getroottree().getroot()  # type: ignore[attr-defined]
        return root

    def calls_variable(self) -> bool:
        cached = self.__dict__.get("_calls_variable")
        if cached is None:
            cached = self.__dict__["_calls_variable"] = super().calls_variable()  # type: ignore[misc]
        return cached  # type: ignore[no-any-return]

    def get_term(self, name: str, form: str | None = None, fallback_locale: bool = True,
                 zero_padded: bool = False) -> Any:
        if isinstance(self, model.Locale):
            return super().get_term(name, form, zero_padded=zero_padded)  # type: ignore[misc]
        root = self.get_root()
        if not isinstance(root, model.Style):
            return super().get_term(name, form, fallback_locale, zero_padded)  # type: ignore[misc]
        cache = root.__dict__.setdefault("_terms", {})
        key = (name, form, fallback_locale, zero_padded)
        if key not in cache:
            cache[key] = super().get_term(name, form, fallback_locale, zero_padded)  # type: ignore[misc]
        return cache[key]

    def get_macro(self, name: str) -> Any:
        root = self.get_root()
        macros = root.__dict__.get("_macros")
        if macros is None:
            macros = root.__dict__["_macros"] = {m.get("name"): m for m in reversed(root.findall("cs:macro", root.nsmap))}
        return macros[name]

    def render_children(self, item: Any, delimiter: str = "", **kwargs: Any) -> Any:
        """Parent.render_children over a cached list of children."""
        output = [text for _, text in rendered_children(self, item, delimiter, **kwargs)]
        return join(output, delimiter) if output else None

    def _children(self) -> tuple[tuple[Any, bool], ...]:
        children = self.__dict__.get("_child_list")
        if children is None:
            children = self.__dict__["_child_list"] = tuple(
                (child, isinstance(child, model.Choose)) for child in self.iterchildren())  # type: ignore[attr-defined]
        return children

    def get_formatter(self) -> Any:
        root = self.get_root()
        return root.style.formatter if isinstance(root, model.Locale) else root.formatter

    def format(self, string: Any) -> Any:
        """Formatted.format, skipped for the many elements without formatting attributes."""
        plain = self.__dict__.get("_plain")
        if plain is None:
            plain = self.__dict__["_plain"] = not any(a in self.attrib for a in _FORMATTING)  # type: ignore[attr-defined]
        if plain:
            if isinstance(string, (int, float)):  # a name count stays a number: cs:names adds them up
                return string if isinstance(self, model.Name) else str(string)
            return string
        text = super().format(string)  # type: ignore[misc]
        attrib = self.attrib  # type: ignore[attr-defined]
        for name, value, mark in _NORMALS:  # explicit normals undo what is around them
            if attrib.get(name) == value and text is not None:
                text = String(NORMAL_OPEN[mark]) + text + String(NORMAL_CLOSE[mark])
        return text

    def wrap(self, string: Any) -> Any:
        """Affixed.wrap, skipped for elements without prefix and suffix; an element's
        ``display`` puts display marks around the result (affixes inside, as citeproc-js)."""
        bare = self.__dict__.get("_bare")
        if bare is None:
            attrib = self.attrib  # type: ignore[attr-defined]
            bare = self.__dict__["_bare"] = "prefix" not in attrib and "suffix" not in attrib and (
                attrib.get("display") not in DISPLAY_OPEN)
        if bare:
            return string
        display = self.get("display")  # type: ignore[attr-defined]
        string = super().wrap(string)  # type: ignore[misc]
        if display in DISPLAY_OPEN and string is not None:
            string = String(DISPLAY_OPEN[display]) + string + String(DISPLAY_CLOSE[display])
        return string

    def quote(self, string: Any) -> Any:
        """Quoted.quote: ``quotes="true"`` marks a quoted span; the output picks outer or inner
        quotation marks by nesting (citeproc-py always printed the outer ones)."""
        if self.get("quotes", "false").lower() == "true":  # type: ignore[attr-defined]
            return String(QUOTE_OPEN) + string + String(QUOTE_CLOSE)
        return string

    def get_locale_option(self, name: str) -> Any:
        root = self.get_root()
        cache = root.__dict__.setdefault("_locale_options", {})
        if name not in cache:
            cache[name] = super().get_locale_option(name)  # type: ignore[misc]
        return cache[name]
