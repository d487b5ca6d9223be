"""Bibliography order: the style's cs:sort keys, compared as citeproc-js does."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any, Protocol

from ...model import Record
from ...text import fold
from .marks import ANY_MARK
from .reference import Item


class SortingEngine(Protocol):
    """What :func:`sort_order` needs of :class:`~.engine.Engine` (which imports this module)."""

    def descending(self) -> list[bool]: ...

    def item(self, record: Record, number: int = 0) -> Item: ...

    def sort_keys(self, items: list[Item], first: int = 0, stop: int | None = None) -> list[list[Any]]: ...


# citeproc-js compares sort keys with punctuation ignored (Intl.Collator ignorePunctuation):
# quotes, commas and apostrophes do not count; spaces do (d’Wander before de’ Frinkle).
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def sort_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = ANY_MARK.sub("", str(value))
    text = _PUNCTUATION.sub("", text).strip() if not text.isalnum() else text
    try:
        return int(text)
    except ValueError:
        return (fold(text), text.lower())


def compare_values(a: Any, b: Any, descending: bool) -> int:
    """citeproc-py's comparison of two key values (empty ones last), on folded text."""
    if a is None or b is None:
        return 0 if a is b else (1 if a is None else -1)
    if type(a) is not type(b):
        a, b = str(a), str(b)
    result = (a > b) - (a < b)
    return -result if descending else result


def sort_order(engine: SortingEngine, records: Sequence[Record], keys: list[list[Any]]) -> list[int]:
    """Indices of ``records`` in bibliography order; ties keep input order.

    ``keys`` holds the first sort keys of each record; later keys are computed only for
    records still tied (most lists are ordered by the first two or three).
    """
    descending = engine.descending()
    made: dict[int, Item] = {}

    def value(index: int, level: int) -> Any:
        return keys[index][level]

    def order(indices: list[int], level: int) -> list[int]:
        if len(indices) < 2 or level >= len(descending):
            return indices
        if any(len(keys[i]) <= level for i in indices):
            items = [made[i] if i in made else made.setdefault(i, engine.item(records[i], i + 1)) for i in indices]
            for i, extra in zip(indices, engine.sort_keys(items, level, level + 1)):
                keys[i][level:] = extra
        desc = descending[level]
        ranked = sorted(indices, key=functools.cmp_to_key(lambda a, b: compare_values(value(a, level), value(b, level), desc)))
        out: list[int] = []
        run = [ranked[0]]
        for index in ranked[1:]:
            if compare_values(value(run[0], level), value(index, level), desc) == 0:
                run.append(index)
            else:
                out += order(run, level + 1)
                run = [index]
        return out + order(run, level + 1)

    return order(list(range(len(records))), 0)
