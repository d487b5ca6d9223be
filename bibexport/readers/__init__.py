"""Readers: text in one format -> :class:`ReadResult` (records plus problems)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Problem
from ..model import Record


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a reader returns: every good record, and a problem for everything it skipped."""

    records: tuple[Record, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    def __add__(self, other: ReadResult) -> ReadResult:
        return ReadResult(self.records + other.records, self.problems + other.problems)
