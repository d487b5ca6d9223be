"""Merging records from several inputs: duplicates found by rules, kept or merged as asked.

Within one input the citation key is the identity: two entries with different keys are two
records, whatever they hold, unless the caller asks for duplicates within an input too.
The rules and strategies are bibtex-tidy's (``--duplicates``, ``--merge``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import Problem
from .richtext import plain
from .model import Record
from .readers import ReadResult
from .text import match_key

Identity = tuple[str, str, int | None]

# Rule -> what the warning says two records share.
RULES: dict[str, str] = {
    "key": "citation key",
    "doi": "DOI",
    "citation": "title, first author and year",
    "abstract": "abstract",
}
RULE_ALIASES = {"title": "citation"}
STRATEGIES = ("first", "last", "combine", "overwrite")


@dataclass(frozen=True, slots=True)
class Duplicates:
    """How duplicates are found and what is kept of them.

    ``rules``: what makes two records the same (any rule matching is enough): ``key``
    (citation keys equal, ignoring case), ``doi``, ``citation`` (normalized title, first
    author's family name and year; ``title`` is its alias) and ``abstract`` (its first 100
    letters and digits).  ``merge``: ``first`` keeps the earlier record, ``last`` the later
    one (in the earlier one's place), ``combine`` adds the later one's fields the earlier one
    lacks, ``overwrite`` also replaces the earlier one's fields by the later one's.
    ``within``: also look for duplicates inside one input (by default only across inputs).
    """

    rules: tuple[str, ...] = ("citation",)
    merge: str = "first"
    within: bool = False

    @classmethod
    def parse(cls, rules: str | Sequence[str] | None = None, merge: str | None = None) -> Duplicates:
        """From ``--duplicates key,doi`` and ``--merge combine``; either given means within inputs too.

        Raises ValueError naming the allowed values for an unknown rule or strategy.
        """
        if rules is None and merge is None:
            return cls()
        names = rules.split(",") if isinstance(rules, str) else list(rules or ("doi", "citation", "abstract"))
        parsed = []
        for name in (n.strip().lower() for n in names if n.strip()):
            name = RULE_ALIASES.get(name, name)
            if name not in RULES:
                raise ValueError(f"unknown duplicate rule {name!r}; use any of {', '.join([*RULES, 'title'])}")
            parsed.append(name)
        strategy = (merge or "first").lower()
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown merge strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
        return cls(tuple(dict.fromkeys(parsed)) or cls.rules, strategy, within=True)


def identity(record: Record) -> Identity | None:
    """What makes two records the same paper: normalized title, first author's family name
    (with its particle, or the literal name; the first editor's when there is no author) and
    year.  None for an untitled record.  Used for duplicates, ``--keys-from`` and listings."""
    title = match_key(plain(record.title))
    if not title:
        return None
    people = record.author or record.editor
    if not people:
        return title, "", record.year
    first = people[0]
    family = first.family if not (first.literal or first.particle) else first.family_full()  # family_full(), sooner
    return title, match_key(family), record.year


def _doi(record: Record) -> str:
    doi = record.get("DOI").strip().lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"):
        doi = doi.removeprefix(prefix)
    return doi


def _rule_key(rule: str, record: Record) -> object:
    """The value two records share under ``rule``; empty (never a match) when the record has none."""
    if rule == "key":
        return record.id.lower()
    if rule == "doi":
        return _doi(record)
    if rule == "citation":
        return identity(record)
    return match_key(record.abstract)[:100]


def find_duplicates(
    results: Sequence[ReadResult], duplicates: Duplicates = Duplicates()
) -> ReadResult:
    """The records of ``results`` (one per input), each duplicate merged into the first it repeats.

    A warning names both places, the rule that matched, and what was kept.
    """
    kept: list[Record] = []
    origin: list[int] = []  # input index of each kept record
    seen: dict[tuple[str, object], int] = {}  # (rule, value) -> index in kept
    problems: list[Problem] = []
    for index, result in enumerate(results):
        for record in result.records:
            values = [(rule, _rule_key(rule, record)) for rule in duplicates.rules]
            match = next(
                ((rule, seen[(rule, value)]) for rule, value in values
                 if value and (rule, value) in seen
                 and (duplicates.within or origin[seen[(rule, value)]] != index)),
                None,
            )
            if match is None:
                for rule, value in values:
                    if value:
                        seen.setdefault((rule, value), len(kept))
                kept.append(record)
                origin.append(index)
                continue
            rule, at = match
            first = kept[at]
            merged, said = _merge(first, record, duplicates.merge)
            kept[at] = merged
            source, line = split_source(record.source)
            what = f"{record.id!r}, " if record.id else ""
            message = (f"duplicate of {first.source or 'an earlier record'} ({what}{record.title[:60]!r}: "
                       f"same {RULES[rule]}); {said}")
            problems.append(Problem(message, source, line))
    return ReadResult(tuple(kept), tuple(problems))


def _merge(first: Record, later: Record, strategy: str) -> tuple[Record, str]:
    """``first`` merged with its duplicate ``later`` by ``strategy``, and what the warning says of it."""
    if strategy == "first":
        return first, f"{first.id or 'the first'!s} kept, this one dropped (--merge or --keep-duplicates to choose)"
    if strategy == "last":
        return later, f"this one kept in place of {first.id or 'the first'}"
    overwrite = strategy == "overwrite"
    changes: dict[str, object] = {}
    taken: list[str] = []
    for spec in dataclasses.fields(Record):
        name = spec.name
        if name in ("id", "type", "source", "authors_truncated"):
            continue
        mine, theirs = getattr(first, name), getattr(later, name)
        if name in ("fields", "extra", "names", "dates"):
            value, names = _merge_pairs(mine, theirs, overwrite)
            if names:
                changes[name] = value
                taken += names
        elif theirs and theirs != mine and (overwrite or not mine):
            changes[name] = theirs
            taken.append(name)
            if name == "author":
                changes["authors_truncated"] = later.authors_truncated
    if not taken:
        return first, f"merged into {first.id or 'the first'} (nothing to add)"
    verb = "taken" if overwrite else "added"
    return first.replace(**changes), f"merged into {first.id or 'the first'} ({verb}: {', '.join(taken)})"


def _merge_pairs(mine: tuple, theirs: tuple, overwrite: bool) -> tuple[tuple, list[str]]:
    """Name-value pairs merged by name; the names taken from ``theirs``."""
    have = {name for name, _ in mine}
    if overwrite:
        replaced = {name: value for name, value in theirs if name in have}
        out = [(n, replaced.get(n, v)) for n, v in mine]
        changed = [n for n, v in mine if n in replaced and replaced[n] != v]
    else:
        out, changed = list(mine), []
    added = [(n, v) for n, v in theirs if n not in have]
    return tuple(out + added), list(dict.fromkeys(changed + [n for n, _ in added]))


def merge(
    results: Iterable[ReadResult], *, keep_duplicates: bool = False, duplicates: Duplicates | None = None
) -> ReadResult:
    """Several inputs as one result; duplicates (across inputs, or as ``duplicates`` says) merged unless asked."""
    results = list(results)
    merged = sum(results, ReadResult())
    if keep_duplicates:
        return merged
    found = find_duplicates(results, duplicates or Duplicates())
    return ReadResult(found.records, merged.problems + found.problems)


def split_source(source: str) -> tuple[str, int | None]:
    """``"refs.bib:12"`` -> ``("refs.bib", 12)``; a source without a line number stays whole."""
    name, sep, line = source.rpartition(":")
    if sep and line.isdecimal():
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
    """Every problem of ``results`` plus duplicate records across them and keys used twice anywhere.

    A key clash is not reported for a record that is a duplicate paper (it would be dropped)
    nor where its reader already reported a duplicate (BibTeX readers do for exact keys).
    Records of one input with different keys are different records, as :func:`merge` has them.
    """
    results = list(results)
    merged = sum(results, ReadResult())
    deduped = find_duplicates(results)
    reported = {(p.source, p.line) for p in merged.problems if "duplicate" in p.message}
    clashes = [p for p in duplicate_keys(deduped.records) if (p.source, p.line) not in reported]
    return ReadResult(merged.records, merged.problems + deduped.problems + tuple(clashes))
