"""Merging records from several inputs: the same paper read twice is kept once."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import Problem
from .model import Record
from .readers import ReadResult
from .text import match_key

Identity = tuple[str, str, int | None]


def identity(record: Record) -> Identity | None:
    """What makes two records the same paper: normalized title, first author's family name
    (with its particle, or the literal name; the first editor's when there is no author) and
    year.  None for an untitled record.  Used for duplicates, ``--keys-from`` and listings."""
    title = match_key(record.title)
    if not title:
        return None
    people = record.author or record.editor
    if not people:
        return title, "", record.year
    first = people[0]
    family = first.family if not (first.literal or first.particle) else first.family_full()  # family_full(), sooner
    return title, match_key(family), record.year


def drop_duplicates(records: Iterable[Record]) -> ReadResult:
    """Keep the first of every group of duplicates, with a warning naming both places."""
    seen: dict[Identity, Record] = {}
    kept: list[Record] = []
    problems: list[Problem] = []
    for record in records:
        key = identity(record)
        first = seen.get(key) if key else None
        if first is None:
            if key:
                seen[key] = record
            kept.append(record)
            continue
        source, line = split_source(record.source)
        problems.append(
            Problem(
                f"duplicate of {first.source or 'an earlier record'} ({record.title[:60]!r}); kept once "
                "(pass --keep-duplicates to keep both)",
                source,
                line,
            )
        )
    return ReadResult(tuple(kept), tuple(problems))


def merge(results: Iterable[ReadResult], *, keep_duplicates: bool = False) -> ReadResult:
    """Several inputs as one result, duplicates across (and within) them dropped unless asked."""
    merged = sum(results, ReadResult())
    if keep_duplicates:
        return merged
    deduped = drop_duplicates(merged.records)
    return ReadResult(deduped.records, merged.problems + deduped.problems)


def split_source(source: str) -> tuple[str, int | None]:
    """``"refs.bib:12"`` -> ``("refs.bib", 12)``; a source without a line number stays whole."""
    name, sep, line = source.rpartition(":")
    if sep and line.isdigit():
        return name, int(line)
    return source or "<input>", None


def duplicate_keys(records: Iterable[Record]) -> list[Problem]:
    """A problem for every citation key an earlier record already uses (case-insensitively)."""
    seen: dict[str, Record] = {}
    problems = []
    for record in records:
        if not record.id:
            continue
        first = seen.setdefault(record.id.lower(), record)
        if first is not record:
            source, line = split_source(record.source)
            problems.append(
                Problem(
                    f"citation key {record.id!r} is already used at {first.source or 'an earlier record'}; "
                    "give one of them another key",
                    source,
                    line,
                )
            )
    return problems


def check(results: Iterable[ReadResult]) -> ReadResult:
    """Every problem of ``results`` plus duplicate records and keys across all of them.

    A key clash is not reported for a record that is a duplicate paper (it would be dropped)
    nor where its reader already reported a duplicate (BibTeX readers do for exact keys).
    """
    merged = sum(results, ReadResult())
    deduped = drop_duplicates(merged.records)
    reported = {(p.source, p.line) for p in merged.problems if "duplicate" in p.message}
    clashes = [p for p in duplicate_keys(deduped.records) if (p.source, p.line) not in reported]
    return ReadResult(merged.records, merged.problems + deduped.problems + tuple(clashes))
