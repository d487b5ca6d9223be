"""Memoized lookups for citeproc-py elements, and rendering an element's children."""

from __future__ import annotations

from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import String, join

from . import CSL_NS, DISPLAY_CLOSE, DISPLAY_OPEN, QUOTE_CLOSE, QUOTE_OPEN


_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")
# Formatting marks of the explicit normals (bibexport.writers.formatted.marks: ROMAN...).
NORMAL_OPEN = {"r": "\ue013", "w": "\ue015", "v": "\ue017", "n": "\ue019"}
NORMAL_CLOSE = {kind: chr(ord(mark) + 1) for kind, mark in NORMAL_OPEN.items()}
_NORMALS = (("font-style", "normal", "r"), ("font-weight", "normal", "w"), ("font-variant", "normal", "v"),
            ("vertical-align", "baseline", "n"))


def rendered_children(element: Any, item: Any, delimiter: str = "", **kwargs: Any) -> list[tuple[Any, Any]]:
    """(child, text) for each child of ``element`` that renders: neither ``None`` nor VariableError.

    A ``cs:choose`` child gets ``delimiter`` (its branch joins its own children with it).
    Groups, choices and macro calls that can render no variable the item has are rendered
    once per kind of item and call (:func:`absent_variables`), then taken from a memo.
    """
    output = []
    reference = item.reference
    options = None
    for child, is_choose, plan in element._children_plans():
        if plan is not None and plan[0].isdisjoint(reference):
            if options is None:
                options = _options_key(delimiter, kwargs)
            if options is not False:
                key = (options, reference["type"], reference.get("language"), getattr(item, "disambiguate", False),
                       tuple([v in reference for v in plan[1]]))
                memo = child.__dict__.setdefault("_absent_memo", {})
                text = memo.get(key, _MISSING)
                if text is _MISSING:
                    try:
                        text = (child.render(item, delimiter=delimiter, **kwargs) if is_choose
                                else child.render(item, **kwargs))
                    except VariableError:
                        text = _FAILED
                    if text is None or text is _FAILED or type(text) is String:  # immutable: safe to share
                        memo[key] = text
                if text is not None and text is not _FAILED:
                    output.append((child, text))
                continue
        try:
            text = child.render(item, delimiter=delimiter, **kwargs) if is_choose else child.render(item, **kwargs)
        except VariableError:
            continue
        if text is not None:
            output.append((child, text))
    return output


_MISSING = object()
_FAILED = object()  # the memoized rendering raised VariableError


def _options_key(delimiter: str, kwargs: dict[str, Any]) -> Any:
    """The call's options as a memo key (the context element by identity); False when some
    option is not one a memoized rendering may depend on safely."""
    parts: list[Any] = [delimiter]
    for name, value in sorted(kwargs.items()):
        if name == "context":
            parts.append(("context", id(value)))
        elif name == "sort_options":
            parts.append(("sort_options", None if value is None else tuple(sorted(value.items()))))
        else:
            return False
    return tuple(parts)


# Variables whose value is not a reference's field (the cite's number, locator, label):
# an element that renders them is never memoized by absent_variables.
_NOT_FIELDS = frozenset({"citation-number", "locator", "citation-label"})


def absent_variables(element: Any) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """What ``element``'s rendering can read of a reference, through the macros it calls:
    ``(rendered, tested)``, the keys (``title``, ``container_title_short``...) of variables
    it can render or test the value of, and those it only tests the presence of
    (``cs:if variable=...``); ``None`` when its output may depend on more than those, the
    item's type, its language and its ``disambiguate`` flag.

    When none of the ``rendered`` keys is in a reference, rendering the element reads no
    field's value: only terms, values and conditions on type, ``disambiguate`` and which of
    the ``tested`` keys are set apply, so the output is the same for every item that agrees
    on those (and the call's context and sort options).  Excluded: position and locator
    conditions, the cite's number, locator and label, and ``cs:substitute`` (it records what
    it substituted in the layout).
    """
    found = element.__dict__.get("_absent_variables", False)
    if found is not False:
        return found  # type: ignore[no-any-return]
    rendered: set[str] = set()
    tested: set[str] = set()
    seen: set[int] = set()
    condition_tags = (f"{{{CSL_NS}}}if", f"{{{CSL_NS}}}else-if")

    def keys(name: str) -> tuple[str, str]:
        if name == "page-first":
            name = "page"
        return name.replace("-", "_"), f"{name}-short".replace("-", "_")

    def visit(node: Any) -> bool:
        if id(node) in seen:
            return True
        seen.add(id(node))
        for child in node.iter():
            if not isinstance(child.tag, str):
                continue
            attrib = child.attrib
            if child.tag == f"{{{CSL_NS}}}substitute" or "position" in attrib or "locator" in attrib:
                return False
            for attribute in ("variable", "is-numeric", "is-uncertain-date"):
                for name in attrib.get(attribute, "").split():
                    if name in _NOT_FIELDS:
                        return False
                    (tested if attribute == "variable" and child.tag in condition_tags else rendered).update(
                        keys(name))
            if "macro" in attrib:
                try:
                    macro = child.get_macro(attrib["macro"])
                except KeyError:  # a missing macro: rendering reports it
                    return False
                if not visit(macro):
                    return False
        return True

    result = (frozenset(rendered), tuple(sorted(tested - rendered))) if visit(element) else None
    element.__dict__["_absent_variables"] = result
    return result


def _memoizable(element: Any) -> bool:
    """Elements worth a memo: groups, choices and macro calls (they hold many others)."""
    return isinstance(element, (model.Group, model.Choose)) or (
        isinstance(element, model.Text) and "macro" in element.attrib)


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

    def get_layout(self) -> Any:
        layout = self.__dict__.get("_layout")
        if layout is None:
            layout = self.__dict__["_layout"] = self.xpath_search("./ancestor-or-self::cs:layout[1]")[0]
        return layout

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
        # citeproc's join returns a lone text as it is: no call for the many single children
        return (output[0] if len(output) == 1 else join(output, delimiter)) if output else None

    def _children_plans(self) -> tuple[tuple[Any, bool, Any], ...]:
        """(child, is a cs:choose, its :func:`absent_variables` or None) per child."""
        children = self.__dict__.get("_child_plans")
        if children is None:
            children = self.__dict__["_child_plans"] = tuple(
                (child, is_choose, absent_variables(child) if _memoizable(child) else None)
                for child, is_choose in self._children())
        return children

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
