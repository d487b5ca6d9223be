"""Parsing a CSL style (and its locales) into citeproc-py's tree of fixed element classes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citeproc import LOCALES_PATH, PRIMARY_DIALECTS, model
from citeproc.frontend import CitationStylesStyle
from lxml import etree

from ..errors import StyleError
from . import CSL_NS, NS
from .cache import CachedLookups
from .elements import element_classes


FALLBACK_LOCALE = "en-US"  # CSL: the locale whose terms fill in for every other


class _Element(CachedLookups, model.CitationStylesElement):
    pass


def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace[None] = _Element
    namespace.update(element_classes())
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
        system = [locale, PRIMARY_DIALECTS.get(locale.split("-")[0], locale), FALLBACK_LOCALE]
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
        """The style's ``<info><title>``."""
        found = self.root.find("cs:info/cs:title", NS)
        return (found.text or "").strip() if found is not None else ""

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
