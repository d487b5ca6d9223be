"""Format names <-> readers and writers; lookup by name, file suffix or content.

Readers and writers are named as ``module:function`` and imported on first use, so
``import bibexport`` stays cheap and a broken optional format cannot break the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import FormatError


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    description: str
    suffixes: tuple[str, ...] = ()
    reader: str | None = None  # "module:function" -> (text, source, **options) -> ReadResult
    writer: str | None = None  # "module:function" -> (records, options) -> str
    sniffer: str | None = None  # "module:function" -> (text) -> bool

    def load_reader(self) -> Callable[..., Any]:
        return _load(self.reader, f"{self.name} cannot be read; readable formats: {', '.join(readable())}")

    def load_writer(self) -> Callable[..., Any]:
        return _load(self.writer, f"{self.name} cannot be written; writable formats: {', '.join(writable())}")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "listing",
            "arXiv-style paper listing (badge+date, title+authors, abstract)",
            (".txt",),
            reader="bibexport.readers.listing:read",
            sniffer="bibexport.readers.listing:looks_like",
        ),
        Format(
            "csljson",
            "CSL-JSON, as Zotero, citeproc and pandoc use it",
            (".json", ".csljson"),
            reader="bibexport.readers.csljson:read",
            writer="bibexport.writers.csljson:write",
            sniffer="bibexport.readers.csljson:looks_like",
        ),
        Format(
            "cslyaml",
            "CSL-YAML, a pandoc bibliography (.yaml) or metadata block",
            (".yaml", ".yml"),
            reader="bibexport.readers.cslyaml:read",
            writer="bibexport.writers.cslyaml:write",
            sniffer="bibexport.readers.cslyaml:looks_like",
        ),
        Format(
            "bibtex",
            "BibTeX, for bibtex and natbib styles (arXiv's own export form)",
            (".bib",),
            writer="bibexport.writers.bibtex:write_bibtex",
            reader="bibexport.readers.bibtex:read",
            sniffer="bibexport.readers.bibtex:looks_like",
        ),
        Format(
            "biblatex",
            "BibLaTeX, for biber (date, journaltitle, @online preprints)",
            (".bib",),
            writer="bibexport.writers.bibtex:write_biblatex",
            reader="bibexport.readers.bibtex:read",
            sniffer="bibexport.readers.bibtex:looks_like",
        ),
        Format(
            "ris",
            "RIS, as Zotero, EndNote and Mendeley exchange it",
            (".ris",),
            writer="bibexport.writers.ris:write",
            reader="bibexport.readers.ris:read",
            sniffer="bibexport.readers.ris:looks_like",
        ),
        Format(
            "zotero-rdf",
            "Zotero RDF, as Zotero exports and imports a library (items, notes, collections)",
            (".rdf",),
            writer="bibexport.writers.zoterordf:write",
            reader="bibexport.readers.zoterordf:read",
            sniffer="bibexport.readers.zoterordf:looks_like",
        ),
        Format("text", "formatted reference list, plain text (--style, --locale)", (".txt",),
               writer="bibexport.writers.formatted:write_text"),
        Format("html", "formatted reference list, HTML document (--style, --locale)", (".html", ".htm"),
               writer="bibexport.writers.formatted:write_html"),
        Format("markdown", "formatted reference list, Markdown (--style, --locale)", (".md",),
               writer="bibexport.writers.formatted:write_markdown"),
    )
}


# Names people type for a format (pandoc's, file suffixes, spellings); --to/--from and get() take them.
ALIASES: dict[str, str] = {
    "bib": "bibtex", "json": "csljson", "csl-json": "csljson", "csl": "csljson",
    "yaml": "cslyaml", "yml": "cslyaml", "csl-yaml": "cslyaml",
    "txt": "text", "md": "markdown", "htm": "html",
}


def canonical(name: str) -> str:
    """The format name for ``name`` or one of its :data:`ALIASES`, any case (unknown names lowercased)."""
    name = name.strip().lower()
    return ALIASES.get(name, name)


def get(name: str) -> Format:
    try:
        return FORMATS[canonical(name)]
    except KeyError:
        raise FormatError(f"unknown format {name!r}; known formats: {', '.join(FORMATS)}") from None


def readable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.reader]


def writable() -> list[str]:
    return [f.name for f in FORMATS.values() if f.writer]


def for_suffix(path: str | Path, *, writing: bool) -> Format | None:
    """The format a file name implies (``refs.bib`` -> bibtex), preferring ones that can do the job."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.suffixes and (fmt.writer if writing else fmt.reader):
            return fmt
    return None


def sniff(text: str) -> Format | None:
    """The readable format whose sniffer recognises ``text``, if any."""
    for fmt in FORMATS.values():
        if fmt.reader and fmt.sniffer and _load(fmt.sniffer, "")(text):
            return fmt
    return None


def _load(target: str | None, missing: str) -> Callable[..., Any]:
    if target is None:
        raise FormatError(missing)
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]
