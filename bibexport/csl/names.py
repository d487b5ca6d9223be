"""Fixes for names: cs:name options, per-cite expansion, truncated lists, cs:substitute."""

from __future__ import annotations

from typing import Any

import re

from citeproc import model
from citeproc.string import String, join

from . import CSL_NS, TRUNCATED
from .initials import initialize_given


def _name_option(element: Any, name: str, context: Any, default: str) -> str:
    """An inheritable name option from the name element, its citation/bibliography, the style."""
    value = element.get(name)
    if value is not None:
        return value  # type: ignore[no-any-return]
    parent = (context if context is not None else element).xpath_search(
        "./ancestor::*[self::cs:citation or self::cs:bibliography][1]")
    for holder in (parent[0] if parent else None, element.get_root()):
        if holder is not None and holder.get(name) is not None:
            return holder.get(name)  # type: ignore[no-any-return]
    return default


class InitializeOptionName(model.Name):
    """cs:name with ``initialize="false"``, per-cite name expansion and truncated lists.

    citeproc-py initializes every given name when ``initialize-with`` is set; CSL says that
    with ``initialize="false"`` names stay full and only existing initials get the mark
    ("James T Kirk" -> "James T. Kirk").  Citation items may carry ``names_shown`` (names
    added by disambiguation) and ``given_levels`` (per name: 1 = initials, 2 = full given
    name); a reference flagged as truncated ends with the style's et-al term.
    """

    def initialize(self, given: str, mark: str, context: Any) -> str:
        if getattr(self, "_force_full", False):
            return given
        initialize = _name_option(self, "initialize", context, "true").lower() != "false"
        return initialize_given(given, mark, initialize, bool(self.get_option("initialize-with-hyphen", context)))

    def process(self, item: Any, variable: str, context: Any = None, sort_options: Any = None,
                **kwargs: Any) -> Any:
        names = item.reference.get(variable, [])
        in_sort = sort_options is not None
        self.__dict__["_sorting"] = in_sort
        shown = None if in_sort else getattr(item, "names_shown", None)
        levels = () if in_sort else getattr(item, "given_levels", ())
        truncated = variable in item.reference.get(TRUNCATED, ())
        subsequent = {} if in_sort or not (getattr(item, "position", None) or 0) else self._subsequent_options(context)
        if not (shown or levels or truncated or subsequent) or not names:
            return self._base_process(item, variable, context, sort_options, **kwargs)
        options = dict(sort_options or {}) | subsequent
        if shown:
            options.update({"et-al-min": str(shown + 1), "et-al-use-first": str(shown)})
        if truncated:
            # The source list ended in "et al.": there is at least one more name.
            et_al_min = int(self.get_option("et-al-min", context, options or None))
            use_first = int(self.get_option("et-al-use-first", context, options or None))
            count = len(names) + 1
            keep = min(use_first, len(names)) if et_al_min and count >= et_al_min else len(names)
            options.update({"et-al-min": "1", "et-al-use-first": str(keep), "et-al-use-last": "false"})
            if len(names) == 1:  # citeproc-py adds et al. only after two or more names
                text = self._base_process(item, variable, context, options, **kwargs)
                et_al = self.et_al()
                if not text or not et_al or isinstance(text, int):  # nothing to add to, or form="count"
                    return text
                always = self.get_option("delimiter-precedes-et-al", context) == "always"
                return join([text, et_al], self.get_option("delimiter", context) if always else " ")
        if not levels:
            return self._base_process(item, variable, context, options, **kwargs)
        return self._process_expanded(item, variable, context, options, levels, **kwargs)

    def _base_process(self, item: Any, variable: str, context: Any = None, sort_options: Any = None,
                      **kwargs: Any) -> Any:
        """citeproc-py's Name.process with citeproc-js's rules: name parts formatted one by one
        (a particle takes its name part's formatting and text case separately), name-part
        affixes around the whole family or given block, CJK names in family-given order
        without a space, ``after-inverted-name``, the delimiter before "and" inherited,
        ``et-al-use-first="0"`` printing nothing, and ``form="count"`` counting every name
        shown."""
        def option(name: str) -> Any:
            return self.get_option(name, context, sort_options)

        names = item.reference.get(variable, [])
        and_ = None if self.__dict__.get("_sorting") else option("and")  # a sort key has no "and" (citeproc-js)
        delimiter = option("delimiter")
        et_al_min = option("et-al-min")
        use_first = option("et-al-use-first")
        use_last = option("et-al-use-last")
        form = option("form")
        truncate = len(names) > 1 and et_al_min and len(names) >= et_al_min
        if form == "count":
            return min(len(names), use_first) if truncate else len(names)
        if truncate and use_first == 0:
            return None
        last_too = truncate and use_last and use_first <= et_al_min - 2
        if truncate:
            names = names[:use_first] + ([names[-1]] if last_too else [])
        initialize_with = option("initialize-with")
        order = option("name-as-sort-order")
        sort_separator = option("sort-separator")
        demote = option("demote-non-dropping-particle")
        parts = self._name_parts()
        output: list[Any] = []
        inverted: list[bool] = []
        for index, name in enumerate(names):
            invert = form == "long" and (order == "all" or (order == "first" and index == 0))
            text, was_inverted = self._person(name, invert, form, initialize_with, sort_separator, demote, parts,
                                              context)
            output.append(text)
            inverted.append(was_inverted)

        def precedes(rule: str, count: int, last_inverted: bool) -> bool:
            return rule == "always" or (rule == "contextual" and count) or (
                rule == "after-inverted-name" and last_inverted)

        if truncate:
            et_al = self.et_al()
            if last_too:
                output[-1] = self.unicode_character("horizontal ellipsis") + " " + output[-1]
                return join(output, delimiter)
            if not et_al:
                return join(output, delimiter)
            rule = option("delimiter-precedes-et-al")
            if precedes(rule, len(output) >= 2, inverted[-1]):
                return join(output + [et_al], delimiter)
            return join(output, delimiter) + " " + et_al
        if and_ is not None and len(output) > 1:
            and_term = self.get_single_term(name="and") if and_ == "text" else self.preformat("&")
            text = join(output[:-1], delimiter)
            rule = option("delimiter-precedes-last")
            glue = delimiter if precedes(rule, len(output) > 2, inverted[-2]) else " "
            return text + String(glue) + and_term + String(" ") + output[-1]
        return join(output, delimiter)

    def _name_parts(self) -> dict[str, Any]:
        found = self.__dict__.get("_parts")
        if found is None:
            found = self.__dict__["_parts"] = {part.get("name"): part for part in self.findall(
                f"{{{CSL_NS}}}name-part")}
        return found  # type: ignore[no-any-return]

    def _person(self, name: Any, invert: bool, form: str, initialize_with: Any, sort_separator: str,
                demote: str, parts: dict[str, Any], context: Any) -> tuple[Any, bool]:
        """One name as text, and whether it was inverted (family name first)."""
        given, family, dp, ndp, suffix = name.parts()
        family_part, given_part = parts.get("family"), parts.get("given")

        def decor(part: Any, text: Any) -> Any:
            if not text:
                return None
            text = String(text) if isinstance(text, str) else text
            return text if part is None else part.format(part.case(text))

        def affixes(part: Any, text: Any) -> Any:
            return text if part is None or text is None else part.wrap(text)

        def glue(pieces: list[Any], separator: str) -> Any:
            pieces = [p for p in pieces if p]
            if not pieces:
                return None
            out = pieces[0]
            for piece in pieces[1:]:  # no space after a part that ends in one (a no-break space suffix)
                spaced = separator == " " and str(out)[-1:].isspace()
                out = join([out, piece], "" if spaced else separator)
            return out

        if isinstance(name, _Prerendered):
            return String(name["literal"]), False
        if "literal" in name:
            return affixes(family_part, decor(family_part, family)), False
        romanesque = _romanesque(family or "", given or "")
        if romanesque and family and given is not None and initialize_with is not None:
            given = self.initialize(given, initialize_with, context)
        family_text, ndp_text = decor(family_part, family), decor(family_part, ndp)
        ndp_glue = "" if ndp and ndp.endswith("-") else " "
        if form != "long":
            return affixes(family_part, glue([glue([ndp_text, family_text], ndp_glue)], " ")), False
        given_text, dp_text = decor(given_part, given), decor(given_part, dp)
        if romanesque == 0:
            return glue([ndp_text, family_text, given_text], ""), False
        if romanesque == 1 or name.get("static-ordering"):
            return glue([glue([ndp_text, family_text], ndp_glue), given_text], " "), False
        suffix_text = String(suffix) if suffix else None
        if invert:
            if demote in ("never", "sort-only"):
                first = glue([ndp_text, family_text], ndp_glue)
                second = glue([given_text, dp_text], " ")
            else:
                first = family_text
                second = glue([given_text, dp_text, ndp_text], " ")
            text = glue([affixes(family_part, first), affixes(given_part, second)], sort_separator)
            return glue([text, suffix_text], sort_separator), True
        second = glue([dp_text, glue([ndp_text, family_text], ndp_glue)], " ")
        second = glue([second, suffix_text], ", " if name.get("comma-suffix") else " ")
        return glue([affixes(given_part, given_text), affixes(family_part, second)], " "), False

    def _subsequent_options(self, context: Any) -> dict[str, str]:
        """A subsequent cite's et-al options: ``et-al-subsequent-min``/``-use-first`` when the
        style sets them (CSL: they replace ``et-al-min``/``et-al-use-first`` for such cites)."""
        cache = self.__dict__.setdefault("_subsequent", {})
        if id(context) not in cache:
            minimum = _name_option(self, "et-al-subsequent-min", context, "")
            first = _name_option(self, "et-al-subsequent-use-first", context, "")
            options = {}
            if minimum:
                options["et-al-min"] = minimum
            if first:
                options["et-al-use-first"] = first
            cache[id(context)] = options
        return cache[id(context)]  # type: ignore[no-any-return]

    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if sort_options and name in sort_options:
            value = sort_options[name]
            if name in ("initialize-with-hyphen", "et-al-use-last"):
                return str(value).lower() == "true"
            return int(value) if name.startswith("et-al") else value
        cache = self.__dict__.setdefault("_options", {})
        key = (name, id(context))
        if key not in cache:
            cache[key] = super().get_option(name, context, None)
        return cache[key]

    def _process_expanded(self, item: Any, variable: str, context: Any, options: dict[str, str],
                          levels: tuple[int, ...], **kwargs: Any) -> Any:
        """Render each name separately at its expansion level, then join as the style does."""
        names = item.reference.get(variable, [])
        parts = []
        for index, name in enumerate(names):
            single = _OneName(item, variable, name)
            level = levels[index] if index < len(levels) else 0
            self._force_full = level >= 2
            try:
                if level:
                    opts = dict(options, form="long")
                    if level >= 2 or self.get_option("initialize-with", context) is None:
                        self._force_full = True
                    text = self._base_process(single, variable, context, opts, **kwargs)
                else:
                    text = self._base_process(single, variable, context, options or None, **kwargs)
            finally:
                self._force_full = False
            parts.append(text)
        # Let citeproc-py do the joining (delimiters, "and", et al.) on pre-rendered names.
        rendered = [_Prerendered(str(p)) for p in parts]
        return self._base_process(_PrerenderedItem(item, variable, rendered), variable, context,
                                  options or None, **kwargs)


_ROMANESQUE = re.compile("[-0-9a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
                         "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]")
_STARTS_ROMANESQUE = re.compile("[&a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
                                "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b"
                                "\u202a-\u202e]")


def _romanesque(family: str, given: str) -> int:
    """citeproc-js's _isRomanesque: 0 a name in other scripts only (CJK: family and given
    names run together), 1 a mixed one (family name first, spaced), 2 a Latin-like one."""
    if _ROMANESQUE.search(family.replace('"', "")):
        return 2
    return 1 if given and _STARTS_ROMANESQUE.match(given) else 0


class _OneName:
    def __init__(self, item: Any, variable: str, name: Any) -> None:
        self.reference = {variable: [name]}
        self.key = item.key


class _Prerendered(dict):  # type: ignore[type-arg]
    """A citeproc Name whose display text is already rendered."""

    def __init__(self, text: str) -> None:
        super().__init__(literal=text)

    def parts(self) -> tuple[Any, ...]:
        return (None, self["literal"], None, None, None)


class _PrerenderedItem:
    def __init__(self, item: Any, variable: str, names: list[Any]) -> None:
        self.reference = {variable: names}
        self.key = item.key


class InheritingNames(model.Names):
    """cs:names without cs:name inside cs:substitute inherits the substituted cs:names' children.

    citeproc-py does this only for direct children of cs:substitute; one nested in cs:choose
    (Chicago: an edited book's editors) got a bare default cs:name inserted into the style,
    with initials and no "ed." label.
    """

    def process(self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        # CSL: a name variable a cs:substitute already rendered is not rendered again.
        try:
            repressed = (context if context is not None else self).get_layout().repressed.get(self.tag, ())
        except (IndexError, AttributeError):
            repressed = ()
        if repressed and set(self.get("variable", "").split()) <= set(repressed):
            return None
        if names_context is None and self.find("cs:name", self.nsmap) is None:
            outer = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            if outer:
                names_context = outer[0]
            else:
                self.insert(0, self.makeelement(f"{{{CSL_NS}}}name"))
        capturing = getattr(item, "capture_names", False) and item.first_names is None and kwargs.get(
            "sort_options") is None
        text = super().process(item, names_context=names_context, context=context, **kwargs)
        if text and capturing:
            if item.first_names is None:
                item.set(first_names=str(text))  # for subsequent-author-substitute, author-only
            if getattr(item, "suppress_author", False) and not self.xpath_search("./ancestor::cs:substitute"):
                return None  # a cite's suppress-author: its first names (or their substitute) are left out
        return text


class MacroSubstitute(model.Substitute):
    """cs:substitute that suppresses every variable of a substituted macro, not just the macro.

    CSL: substituted variables are not rendered again in the entry.  citeproc-py records
    only a ``variable`` attribute, so APA and Chicago printed an untitled work's title twice.
    """

    def add_to_repressed_list(self, child: Any, context: Any) -> None:
        super().add_to_repressed_list(child, context)
        macro = child.get("macro")
        if macro:
            repressed = context.get_layout().repressed
            text_tag = f"{{{CSL_NS}}}text"
            repressed.setdefault(text_tag, []).extend(_macro_variables(self.get_macro(macro)))


def _macro_variables(element: Any, seen: frozenset[str] = frozenset()) -> list[str]:
    """Every variable a macro can render, through the macros it calls."""
    found = []
    for node in element.iter():
        if node.get("variable"):
            found += node.get("variable").split()
        name = node.get("macro") if node is not element else None
        if name and name not in seen:
            found += _macro_variables(node.get_macro(name), seen | {name})
    return found
