"""The exception hierarchy, and the ``Problem`` records readers return for bad input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


class BibexportError(Exception):
    """Base of every error bibexport raises on purpose; the CLI prints it as one line, exit 1."""


class InputError(BibexportError):
    """An input file could not be read or parsed at all."""


class FormatError(BibexportError):
    """An unknown format, or one that cannot be read or written."""


class StyleError(BibexportError):
    """An unknown or broken CSL style or locale."""


class KeyFormatError(BibexportError):
    """An invalid ``--key-format`` template."""


class OutputError(BibexportError):
    """The output could not be written."""


class StrictError(BibexportError):
    """``--strict`` was given and the input had problems."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one part of an input: what, where, and how to fix it."""

    message: str
    source: str = "<input>"
    line: int | None = None
    severity: Literal["warning", "error", "note"] = "warning"  # a note is information, not a problem

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.severity}: {self.message}"
