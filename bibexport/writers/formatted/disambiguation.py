"""CSL disambiguation, which citeproc-py lacks: names, given names, year suffixes."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from citeproc.source import Reference

from ...keys import suffix
from ...model import Record
from .engine import Disambiguation, Engine
from .pool import JOB, map_chunks
from .reference import to_reference


def year_suffix(index: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa (as citeproc-js numbers them)."""
    return suffix(index + 1)


def disambiguate(engine: Engine, records: Sequence[Record], base: dict[str, str],
                 states: dict[str, Disambiguation] | None = None,
                 numbers: dict[str, int] | None = None) -> dict[str, Disambiguation]:
    """CSL disambiguation (spec, "Disambiguation") for records in bibliography order.

    ``base`` holds each record's cite as first rendered (with the given-name expansions of
    the global rules in ``states`` already applied, see :func:`global_given_levels`).  Cites
    that render alike get more names, then expanded given names (each kept only if it
    tells some of them apart), then year suffixes in list order, else ``disambiguate``.
    Returns the states that differ from the default, by key.  ``numbers`` are the records'
    places in the whole list (default: their place in ``records``).
    """
    citation = engine.citation
    add_names = citation.get("disambiguate-add-names", "false") == "true"
    add_given = citation.get("disambiguate-add-givenname", "false") == "true"
    add_suffix = citation.get("disambiguate-add-year-suffix", "false") == "true"
    rule = citation.get("givenname-disambiguation-rule", "by-cite")
    use_first = _citation_option(engine, "et-al-use-first", 1)
    by_key = {r.id: r for r in records}
    order = {r.id: i for i, r in enumerate(records)}
    states = dict(states or {})
    references: dict[str, Reference] = {}
    current = dict(base)

    rendered: dict[tuple[Any, ...], str] = {}

    def render(key: str) -> str:
        # Cites that rendered alike differ after a change only through their names.
        record, state = by_key[key], states.get(key, Disambiguation())
        signature = (current[key], state, record.author, record.editor, record.authors_truncated)
        if signature not in rendered:
            if key not in references:
                references[key] = to_reference(record)
            number = numbers[key] if numbers else order[key] + 1
            rendered[signature] = engine.cite([engine.item(record, number, state, references[key])])
        return rendered[signature]

    def try_change(group: list[str], change: Callable[[Disambiguation], Disambiguation]) -> bool:
        """Apply ``change`` to the group's cites; keep it if the group then renders in more ways."""
        before = {k: states.get(k, Disambiguation()) for k in group}
        texts = {}
        for key in group:
            states[key] = change(before[key])
            texts[key] = render(key)
        if len(set(texts.values())) > len({current[k] for k in group}):
            current.update(texts)
            return True
        states.update(before)
        return False

    def ambiguous(keys: Iterable[str]) -> list[list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            groups[current[key]].append(key)
        return [sorted(g, key=order.__getitem__) for g in groups.values() if len(g) > 1]

    def people(key: str, count: int | None = None) -> tuple[tuple[str, str], ...]:
        names = by_key[key].author or by_key[key].editor
        return tuple((p.family_full(), p.given) for p in names[:count])

    def expand_givens(group: list[str], count: int, level: int) -> Callable[[Disambiguation], Disambiguation]:
        """Given names up to ``level`` at the first ``count`` places where the group's cites
        share a family name but not the given name (citeproc-js expands only those)."""
        places = [p for p in range(count) if len({
            (people(k)[p][0], _initials(people(k)[p][1]) if level == 1 else people(k)[p][1])
            for k in group if p < len(people(k))}) > len({people(k)[p][0] for k in group if p < len(people(k))})]

        def change(s: Disambiguation) -> Disambiguation:
            levels = list((s.given_levels + (0,) * count)[:max(count, len(s.given_levels))])
            for place in places:
                levels[place] = max(level, levels[place])
            return _replace(s, given_levels=tuple(levels))
        return change

    levels = (1,) if rule.endswith("with-initials") else (1, 2)
    groups = ambiguous(current)
    if add_names:
        for group in groups:
            longest = max(len(people(k)) for k in group)
            for shown in range(use_first + 1, longest + 1):
                for still in ambiguous(group):
                    if len({people(k, shown) for k in still}) > 1:  # more names can tell them apart
                        if try_change(still, lambda s, n=shown: _replace(s, names_shown=n)) or not add_given:
                            continue
                        # The names alone do not: with their given names they may (citeproc-js).
                        for level in levels:
                            expand = expand_givens(still, shown, level)
                            if try_change(still, lambda s, n=shown, e=expand: e(_replace(s, names_shown=n))):
                                break
        groups = ambiguous(current)
    if add_given:
        for group in groups:
            for level in levels:
                for still in ambiguous(group):
                    count = 1 if rule.startswith("primary") else max(states.get(k, Disambiguation()).names_shown
                                                                      or use_first for k in still)
                    if len({tuple(_initials(g) if level == 1 else g for _, g in people(k, count))
                            for k in still}) > 1:
                        try_change(still, expand_givens(still, count, level))
        groups = ambiguous(current)
    for group in groups:
        for index, key in enumerate(group):
            state = states.setdefault(key, Disambiguation())
            states[key] = _replace(state, year_suffix=year_suffix(index)) if add_suffix else _replace(
                state, disambiguate=True)
    return {key: state for key, state in states.items() if state != Disambiguation()}


def disambiguate_all(style: str, locale: str | None, records: Sequence[Record], base: dict[str, str],
                     states: dict[str, Disambiguation], jobs: int | None = None) -> dict[str, Disambiguation]:
    """:func:`disambiguate` each set of records whose cites render alike (in parallel)."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        groups[base[record.id]].append(record)
    todo = [g for g in groups.values() if len(g) > 1]
    numbers = {r.id: n for n, r in enumerate(records, 1)}
    found = dict(states)
    for chunk in map_chunks(_disambiguate_chunk, todo, style, locale, jobs, (base, states, numbers), min_items=40):
        found.update(chunk)
    return found


def _disambiguate_chunk(style: str, locale: str | None, start: int, stop: int) -> dict[str, Disambiguation]:
    engine, (base, states, numbers) = Engine(style, locale), JOB["extra"]
    found: dict[str, Disambiguation] = {}
    for group in JOB["items"][start:stop]:
        keys = [r.id for r in group]
        found.update(disambiguate(engine, group, {k: base[k] for k in keys},
                                  {k: states[k] for k in keys if k in states}, numbers))
    return found


def _replace(state: Disambiguation, **changes: Any) -> Disambiguation:
    return dataclasses.replace(state, **changes)


def _citation_option(engine: Engine, name: str, default: int) -> int:
    value = engine.citation.get(name, engine.style.root.get(name))
    return int(value) if value is not None else default


def global_given_levels(engine: Engine, records: Sequence[Record]) -> dict[str, Disambiguation]:
    """Given-name expansion for the global rules (all-names, primary-name, ...-with-initials).

    Unlike by-cite disambiguation these expand every rendered name that another person in
    the list shares: "S. Yang" and "M. Yang" everywhere, not just in ambiguous cites.
    """
    rule = engine.citation.get("givenname-disambiguation-rule", "by-cite")
    if engine.citation.get("disambiguate-add-givenname", "false") != "true" or rule == "by-cite":
        return {}
    et_al_min = _citation_option(engine, "et-al-min", 0)
    use_first = _citation_option(engine, "et-al-use-first", 1)

    def shown(record: Record) -> int:
        people = record.author or record.editor
        if rule.startswith("primary"):
            return min(1, len(people))
        return use_first if et_al_min and len(people) >= et_al_min else len(people)

    people_by_family: dict[str, dict[str, str]] = defaultdict(dict)
    for record in records:  # every name counts (citeproc-js registers them all), not just those shown
        for person in (record.author or record.editor)[: None if rule.startswith("all") else shown(record)]:
            if not person.literal:  # "J. J." and "J.J." are one given name (citeproc-js)
                people_by_family[person.family_full()].setdefault(_SPACING.sub("", person.given), person.given)
    # per family name: how many of its distinct given names have each set of initials
    initials_by_family = {family: Counter(_initials(g) for g in set(givens.values()))
                          for family, givens in people_by_family.items() if len(set(givens.values())) > 1}
    result = {}
    for record in records:
        levels = []
        for person in (record.author or record.editor)[: None if rule.startswith("all") else shown(record)]:
            initials = initials_by_family.get(person.family_full())
            if initials is None or person.literal:  # fewer than two given names with this family name
                levels.append(0)
                continue
            alike = initials[_initials(person.given)]  # given names with the same initials as this one
            if "with-initials" in rule:  # initials only, and only where they tell someone apart
                levels.append(1 if alike < sum(initials.values()) else 0)
            else:
                levels.append(2 if alike > 1 else 1)
        if any(levels):
            result[record.id] = Disambiguation(given_levels=tuple(levels))
    return result


_SPACING = re.compile(r"[\s.]+")


@functools.lru_cache(maxsize=65536)
def _initials(given: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s.\-]+", given) if part)
