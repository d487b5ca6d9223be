"""Reference lists and in-text citations for a list of records."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import StyleError
from ...model import Record
from ...styles import DEFAULT_STYLE
from .disambiguation import disambiguate_all, global_given_levels
from .engine import NO_PRINTED_FORM, Engine, Prepared
from .marks import ANY_MARK
from .pool import JOB, map_chunks
from .sorting import sort_order


FIRST_SORT_KEYS = 3  # sort keys computed for every record; later ones only to break ties


def prepare(records: Sequence[Record], style: str, locale: str | None, jobs: int | None = None,
            drafts: bool = False) -> Prepared:
    """Sort, number and disambiguate ``records`` as ``style`` says.

    With ``drafts``, each record's bibliography entry is also rendered in the same pass (as
    if undisambiguated and numbered in input order); those that sorting and disambiguation
    leave unchanged are kept in ``Prepared.drafts`` for :func:`render_entries`, which then
    renders only the others.  One pass over the records instead of two.
    """
    engine = Engine(style, locale)
    records = list(records)
    need = engine.needs_disambiguation
    drafts = drafts and engine.entries_stand_alone
    expanded = global_given_levels(engine, records) if need else {}
    results = map_chunks(_prepare_chunk, records, style, locale, jobs, (need, expanded, drafts))
    keys = [k for chunk in results for k in chunk[0]]
    cites = [c for chunk in results for c in chunk[1]]
    order = sort_order(engine, records, keys)
    ordered = [records[i] for i in order]
    numbers = {r.id: n for n, r in enumerate(ordered, 1)}
    base = {records[i].id: cites[i] for i in order} if need else {}
    states = disambiguate_all(style, locale, ordered, base, expanded, jobs) if need else {}
    kept: list[str | None] = []
    if drafts:
        uses_number = engine.uses_number
        entries = [e for chunk in results for e in chunk[2]]
        for index in order:
            key = records[index].id
            state = states.get(key)
            # An entry shows a state's year suffix and disambiguate flag, not its names (_render_one).
            unchanged = ((state is None or not (state.year_suffix or state.disambiguate))
                         and not (uses_number and numbers[key] != index + 1))
            kept.append(entries[index] if unchanged else None)
    return Prepared(ordered, numbers, states, kept)


def _prepare_chunk(style: str, locale: str | None, start: int,
                   stop: int) -> tuple[list[Any], list[str], list[str]]:
    engine, (need, expanded, drafts) = Engine(style, locale), JOB["extra"]
    records = JOB["items"][start:stop]
    items = [engine.item(r, start + i + 1) for i, r in enumerate(records)]
    entries = []
    if drafts:  # a separate item on the same reference: the entry's state is not the cite's
        for i, (record, item) in enumerate(zip(records, items)):
            entries.append(_render_one(engine, None, record, None, start + i + 1, item.reference)[0])
    keys = engine.sort_keys(items, 0, FIRST_SORT_KEYS)
    cites = []
    if need:
        for record, item in zip(records, items):
            state = expanded.get(record.id)
            if state is not None:
                item.set(given_levels=state.given_levels)
            cites.append(engine.cite([item]))
    return keys, cites, entries


def render_entries(prepared: Prepared, style: str, locale: str | None, jobs: int | None = None) -> list[str]:
    """The bibliography entries, in order, as marked text; a record the style renders as
    nothing has no entry (citeproc-js writes no empty ``csl-entry``), except in a numbered
    style, where citeproc-js writes ``N. [CSL STYLE ERROR: reference with no printed form.]``.
    Entries already in ``prepared.drafts`` are not rendered again."""
    drafts = prepared.drafts or [None] * len(prepared.records)
    missing = [r for r, draft in zip(prepared.records, drafts) if draft is None]
    chunks = map_chunks(_render_chunk, missing, style, locale, jobs, prepared) if missing else []
    rendered = iter([e for chunk in chunks for e in chunk])
    numbered = Engine(style, locale).numbered
    out: list[str] = []
    for draft in drafts:
        entry = next(rendered) if draft is None else draft
        if ANY_MARK.sub("", entry).strip():
            out.append(entry)
        elif numbered:
            out.append(f"{len(out) + 1}. {NO_PRINTED_FORM}")
    return out


def _render_chunk(style: str, locale: str | None, start: int, stop: int) -> list[str]:
    engine, prepared = Engine(style, locale), JOB["extra"]
    records = JOB["items"]
    out = []
    previous = None
    if engine.author_substitute is not None and start > 0:
        previous = _render_one(engine, prepared, records[start - 1], None)[1]
    for record in records[start:stop]:
        text, previous = _render_one(engine, prepared, record, previous)
        out.append(text)
    return out


def _render_one(engine: Engine, prepared: Prepared | None, record: Record, previous: str | None,
                number: int | None = None, reference: Any = None) -> tuple[str, str | None]:
    """One entry: as ``prepared`` numbered and disambiguated it, or (``prepared`` None) as
    number ``number``, undisambiguated, from ``reference`` when given."""
    if prepared is None:
        item = engine.item(record, number or 0, None, reference)
    else:
        item = engine.item(record, prepared.numbers[record.id], prepared.states.get(record.id))
    item.set(names_shown=None, given_levels=())  # cite-only choices; disambiguate="true" holds in both (citeproc-js)
    text = engine.entry(item, previous)
    return text, item.first_names


def bibliography(records: Sequence[Record], style: str = DEFAULT_STYLE, locale: str | None = None,
                 jobs: int | None = None) -> list[str]:
    """The reference list for ``records`` as marked text entries (see :func:`to_text`).

    Entries keep the spaces at their edges, as citeproc-js keeps them.
    """
    if Engine(style, locale).bibliography is None:
        raise StyleError(f"style {style!r} defines no bibliography, only citations; pick another --style")
    prepared = prepare(records, style, locale, jobs, drafts=True)
    return render_entries(prepared, style, locale, jobs)
