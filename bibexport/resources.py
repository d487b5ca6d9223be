"""Where shipped data lives: the repository's ``data/`` and ``styles/``, installed as package data."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_LISTING = "arxiv-listing.txt"


def shipped_dir(name: str) -> Path:
    """``data`` or ``styles``: inside the installed package, or beside it in a source checkout."""
    for candidate in (_PACKAGE / "_shipped" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise InputError(f"bibexport's {name}/ folder is missing; reinstall bibexport")


def default_listing() -> Path:
    """The listing ``bibexport export`` reads when no input is given."""
    return shipped_dir("data") / DEFAULT_LISTING
