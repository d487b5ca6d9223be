"""Exporting a listing too large to hold in memory: read it several times, keep only keys.

``export`` streams when its input is one listing file of at least :data:`STREAM_MIN_BYTES`
and the output format's writer has an ``iter_write`` (CSL-JSON), with no filters,
``--cited-by`` or ``--keys-from``.  The output is byte for byte what the in-memory path
writes; only memory and time differ.  The file is read three times or more:

0. the names in its title lines (the listing reader's evidence for splitting titles);
1. every record, parsed and normalized, keeping only its generated key and its line (and
   every problem);
2. only when generated keys clash: the records with clashing keys (only they are parsed),
   without their abstracts, whose final keys :func:`~bibexport.keys.assign_keys` decides
   as it would for the whole file (the other keys are passed as taken), :data:`MAX_STUBS`
   records per pass;
3. every record again, keyed, straight to the writer.

A listing carries no keys of its own and the reader already drops duplicate papers (by the
same title, first author and year that :mod:`bibexport.merge` compares), so nothing else
needs the whole file.
"""

from __future__ import annotations

import array
import codecs
import datetime as dt
import importlib
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import registry
from .errors import Problem
from .keys import DEFAULT_FORMAT, KeyFormat, assign_keys
from .model import Record
from .normalize import normalize
from .text import codec, encoding_name, guess_encoding, legacy_warning

STREAM_MIN_BYTES = 256 * 2**20  # below this the in-memory path is faster and fits easily
MAX_STUBS = 150_000  # records with clashing keys held at once (about 1 KB each)
_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Plan:
    """A checked, keyed listing: its problems, and its records read afresh on each call."""

    problems: tuple[Problem, ...]
    records: Callable[[], Iterator[Record]]


def streamable(inputs: Sequence[str], from_: str | None, to: str) -> bool:
    """Whether ``export`` of ``inputs`` to ``to`` can stream (see the module docstring)."""
    if len(inputs) != 1 or not Path(inputs[0]).is_file() or writer_pieces(to) is None:
        return False
    path = Path(inputs[0])
    if path.stat().st_size < STREAM_MIN_BYTES:
        return False
    if from_:
        return registry.get(from_).name == "listing"
    with path.open("rb") as handle:
        head = handle.read(_BLOCK)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16: left to the in-memory path
    by_suffix = registry.for_suffix(path, writing=False)
    if by_suffix:
        return by_suffix.name == "listing"
    from .readers import listing  # here: a run that does not stream never needs the listing reader

    return listing.looks_like(head.decode("utf-8", errors="replace"))


def writer_pieces(fmt: str) -> Callable[..., Iterator[str]] | None:
    """The ``iter_write(records, options)`` of format ``fmt``'s writer module, if it has one."""
    target = registry.get(fmt).writer
    if not target:
        return None
    return getattr(importlib.import_module(target.partition(":")[0]), "iter_write", None)


def plan(
    path: str | Path, *, as_of: dt.date | None = None, rekey: bool = False, key_format: str | KeyFormat | None = None,
    encoding: str | None = None,
) -> Plan:
    """Read the listing at ``path`` (passes 0-2) and return its problems and keyed records."""
    from .readers import listing

    source = str(path)
    encoding, problems = (encoding_name(encoding), []) if encoding else _encoding(Path(path), source)
    encoding, errors = codec(encoding)
    errors = "replace" if errors == "strict" else errors  # a guess from the first block: never stop later
    as_of = as_of or dt.date.today()

    def lines() -> Iterator[str]:
        with open(path, encoding=encoding, errors=errors, newline="") as handle:
            for raw in handle:
                yield raw.rstrip("\r\n")  # as listing.LINE_BREAK splits

    known = listing.known_names(lines(), source)

    def records(found: list[Problem], only: set[int] | None = None) -> Iterator[Record]:
        return map(normalize, listing.stream(lines, source, found, as_of=as_of, known=known, only=only))

    fmt = key_format if isinstance(key_format, KeyFormat) else KeyFormat.parse(key_format or DEFAULT_FORMAT)
    keys: list[str] = []
    header_lines = array.array("q")  # where each record starts, to parse just some of them later
    for record in records(problems):
        keys.append(fmt.key(record))
        header_lines.append(int(record.source.rpartition(":")[2]))
    counts = Counter(key.lower() for key in keys)
    clashing = {key for key, count in counts.items() if count > 1}
    groups = sorted((key, counts[key]) for key in clashing)
    del counts
    # Clash groups in assign_keys's order, a batch of groups per pass to bound the stubs held.
    # Taken are the unclashing keys and those earlier batches assigned, as in one assign_keys
    # call; only keys that start like a candidate of this batch can matter, so only they are passed.
    assigned: list[int] = []
    for batch in _batches(groups, MAX_STUBS):
        indices = [i for i, key in enumerate(keys) if key.lower() in batch]
        stubs = [_stub(record) for record in records([], {header_lines[i] for i in indices})]
        starts = {fmt.render(stub)[0].lower() for stub in stubs}
        unclashing = (i for i, key in enumerate(keys) if key.lower() not in clashing)
        taken = [Record(id=keys[i]) for i in itertools.chain(unclashing, assigned) if _starts_with(keys[i], starts)]
        keyed = assign_keys(stubs, rekey=rekey, key_format=fmt, keys_from=taken)
        for i, record in zip(indices, keyed, strict=True):
            keys[i] = record.id
        assigned.extend(indices)

    def keyed_records() -> Iterator[Record]:
        for key, record in zip(keys, records([]), strict=True):
            yield record.replace(id=key)

    return Plan(tuple(problems), keyed_records)


def _batches(groups: list[tuple[str, int]], limit: int) -> Iterator[set[str]]:
    """Consecutive runs of (key, size) groups whose sizes add up to about ``limit``."""
    batch: set[str] = set()
    size = 0
    for key, count in groups:
        batch.add(key)
        size += count
        if size >= limit:
            yield batch
            batch, size = set(), 0
    if batch:
        yield batch


def pieces(records: Iterable[Record], fmt: str, options: object) -> Iterator[str]:
    """Format ``fmt``'s text for ``records``, piece by piece."""
    writer = writer_pieces(fmt)
    if writer is None:
        raise ValueError(f"{fmt} cannot be written piece by piece")
    return writer(records, options)


def _starts_with(key: str, starts: set[str]) -> bool:
    key = key.lower()
    return any(key[:n] in starts for n in range(len(key) + 1))


def _stub(record: Record) -> Record:
    """What key assignment looks at, without the bulk (abstract, affiliations, extra fields)."""
    return Record(
        id=record.id, type=record.type, title=record.title, author=record.author, editor=record.editor,
        issued=record.issued, categories=record.categories, keywords=record.keywords, fields=record.fields,
        authors_truncated=record.authors_truncated, has_code=record.has_code,
    )


def _encoding(path: Path, source: str) -> tuple[str, list[Problem]]:
    """UTF-8 (BOM or not), else the legacy encoding that the first block not in UTF-8 fits best
    (:func:`bibexport.text.guess_encoding`) with :func:`bibexport.text.decode`'s warning, in one scan."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = 0
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                guessed = guess_encoding(block, final=False)
                line = newlines + block[: max(exc.start, 0)].count(b"\n") + 1
                return guessed, [Problem(legacy_warning(guessed), source, line)]
            newlines += block.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:  # the file ends inside a character
        return "latin-1", [Problem(legacy_warning("latin-1"), source, newlines + 1)]
    return "utf-8-sig", []
