"""Ordinals by grammatical gender, as citeproc-js chooses them (CSL 1.0.1 "Gender-specific Ordinals").

A number's ordinal suffix agrees with the gender of the term it numbers: ``edition`` in
French is feminine (1ʳᵉ éd.), ``issue`` masculine (1ᵉʳ), and a day agrees with its month's
term (1ᵉʳ octobre).  citeproc-py's ``to_ordinal`` ignores ``gender-form``; :func:`ordinal`
replaces it (:func:`install`), taking the gender from :data:`GENDER_OF`, which the elements
set while they render.
"""

from __future__ import annotations

import contextvars
from typing import Any

from . import NS

# The term whose gender the number being rendered takes ("edition", "month-10"), if any.
GENDER_OF: contextvars.ContextVar[str | None] = contextvars.ContextVar("GENDER_OF", default=None)


def _locales(context: Any) -> list[Any]:
    root = context.get_root()
    return list(getattr(root, "locales", None) or [root])


def _terms(context: Any, name: str) -> list[Any]:
    found = []
    locales = _locales(context)
    if name.startswith("ordinal"):  # CSL 1.0.1: a locale that defines ordinals replaces all of them
        locales = next(([loc] for loc in locales if _has_ordinals(loc)), locales)
    for locale in locales:
        terms = locale.find("cs:terms", NS)
        if terms is not None:
            found += [t for t in terms.findall("cs:term", NS) if t.get("name") == name and t.get("form") is None]
    return found


def _has_ordinals(locale: Any) -> bool:
    cache = locale.__dict__.setdefault("_has_ordinals", {})
    if "v" not in cache:
        terms = locale.find("cs:terms", NS)
        cache["v"] = terms is not None and any(
            str(t.get("name", "")).startswith("ordinal") for t in terms.findall("cs:term", NS))
    return bool(cache["v"])


def gender(context: Any, name: str | None) -> str | None:
    """The ``gender`` of term ``name`` in the style's locales (None: not set)."""
    if not name:
        return None
    for term in _terms(context, name):
        if term.get("gender"):
            return str(term.get("gender"))
    return None


def ordinal(number: int, context: Any) -> str:
    """``number`` with the locale's ordinal suffix, in the gender of :data:`GENDER_OF`'s term."""
    wanted = gender(context, GENDER_OF.get())
    candidates = [(f"ordinal-{number:02d}", "whole-number")] if number < 100 else []
    if number >= 10:
        candidates.append((f"ordinal-{number % 100:02d}", "last-two-digits"))
    candidates.append((f"ordinal-{number % 10:02d}", "last-digit"))
    for name, _ in candidates:
        terms = _terms(context, name)
        for choice in ([t for t in terms if t.get("gender-form") == wanted] if wanted else []) + [
                t for t in terms if not t.get("gender-form")]:
            value = int(name.rsplit("-", 1)[1])
            match = choice.get("match") or ("last-two-digits" if value >= 10 else "last-digit")
            if {"whole-number": number, "last-two-digits": number % 100, "last-digit": number % 10}.get(match) == value:
                return f"{number}{choice.text or ''}"
    for choice in _terms(context, "ordinal"):
        return f"{number}{choice.text or ''}"
    return str(number)


def install() -> None:
    """Use :func:`ordinal` for citeproc-py's ordinals (dates' days and cs:number)."""
    from citeproc import model

    model.to_ordinal = ordinal
