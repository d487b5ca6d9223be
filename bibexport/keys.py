"""Citation keys: deterministic, ASCII, unique case-insensitively.

Default pattern: first author's family name (with its particle: ``van der Maaten`` ->
``vandermaaten``), the year, and the first significant title word, all lowercase ASCII:
``akyurek2022learning``.  Collisions get ``a``, ``b``, ... appended in input order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from unidecode import unidecode

from .model import Record

STOPWORDS = frozenset(
    "a an the and or but nor for of on in at to by with from into onto upon via as is are be "
    "do does can how what when where which who why whose toward towards over under about "
    "against between through without within its it this that these those our we you your "
    "their not no yes vs versus per".split()
)


def ascii_word(text: str) -> str:
    """Lowercase ASCII letters and digits of ``text`` (``Akyürek`` -> ``akyurek``)."""
    return re.sub(r"[^a-z0-9]", "", unidecode(text).lower())


def title_words(title: str) -> list[str]:
    """Significant words of a title: no math, no stopwords, no digits-only or punctuation."""
    title = re.sub(r"\$[^$]*\$", " ", title)
    words = [ascii_word(w) for w in re.split(r"[\s\-–—/:]+", title)]
    return [w for w in words if w and not w.isdigit() and w not in STOPWORDS]


def default_key(record: Record) -> str:
    first = record.author[0] if record.author else None
    name = ascii_word(first.family_full()) if first else ""
    year = str(record.year) if record.year else ""
    words = title_words(record.title)
    return (name or "anon") + year + (words[0] if words else "")


def suffixes() -> Iterable[str]:
    """``a`` .. ``z``, ``aa`` .. ``zz``, ..."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    size = 1
    while True:
        yield from _combos(letters, size)
        size += 1


def _combos(letters: str, size: int) -> Iterable[str]:
    if size == 1:
        yield from letters
        return
    for head in letters:
        for tail in _combos(letters, size - 1):
            yield head + tail


def unique(base: str, taken: set[str]) -> str:
    """``base`` or the first ``base + suffix`` whose lowercase form is not in ``taken``; records it."""
    candidate = base
    if candidate.lower() in taken:
        candidate = next(base + s for s in suffixes() if (base + s).lower() not in taken)
    taken.add(candidate.lower())
    return candidate


def assign_keys(records: Sequence[Record], *, rekey: bool = False) -> tuple[Record, ...]:
    """Give every record a unique key; keys already present are kept unless ``rekey``."""
    taken: set[str] = set()
    out: list[Record | None] = [None] * len(records)
    pending = []
    for i, record in enumerate(records):
        if record.id and not rekey and record.id.lower() not in taken:
            taken.add(record.id.lower())
            out[i] = record
        else:
            pending.append(i)
    for i in pending:
        out[i] = records[i].replace(id=unique(default_key(records[i]), taken))
    return tuple(r for r in out if r is not None)
