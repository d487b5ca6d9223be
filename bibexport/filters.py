"""Selecting records: predicates built from filter values, then sorting and a limit.

Every filter given must hold (AND); a repeatable filter holds when any of its values
matches (OR).  Parsers turn option text into values and raise :class:`FilterValueError`
(a ``ValueError``) with a message that says what is wrong and what is expected.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from .categories import BADGES, normalize_category
from .richtext import plain
from .model import Person, Record
from .text import clean, fold

Predicate = Callable[[Record], bool]
DateParts = tuple[int, ...]  # (year,), (year, month) or (year, month, day)

SORT_ORDERS = ("date", "-date", "author", "title", "key")  # the common ones; parse_sort takes any field

# CSL 1.0.2 item types (the schema's enum), the vocabulary of Record.type.
CSL_TYPES = (
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
)


class FilterValueError(ValueError):
    """A filter value that cannot be understood (the CLI reports it as a usage error)."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Parsed filter values, the sort order and the limit; the defaults select everything."""

    authors: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # inclusive range
    since: DateParts | None = None
    until: DateParts | None = None
    categories: tuple[str, ...] = ()
    has_code: bool = False
    affiliations: tuple[str, ...] = ()
    match: re.Pattern[str] | None = None
    keys: tuple[str, ...] = ()  # exact keys or glob patterns, case-insensitive
    types: tuple[str, ...] = ()
    collections: tuple[str, ...] = ()  # Zotero collection names or paths ("ML / Transformers")
    sort: str | None = None
    limit: int | None = None


# --- Parsing option values ----------------------------------------------------------------


def parse_years(text: str) -> tuple[int, int]:
    """``2022`` -> (2022, 2022); ``2022-2024`` -> (2022, 2024)."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", text)
    if not match:
        raise FilterValueError(f"{text!r} is not a year like 2022 or a range like 2022-2024")
    first, last = int(match[1]), int(match[2] or match[1])
    if first > last:
        raise FilterValueError(f"{text!r}: the range is backwards; write {last}-{first}")
    return first, last


def parse_date(text: str) -> DateParts:
    """``2023``, ``2023-05`` or ``2023-05-31`` -> (2023,), (2023, 5), (2023, 5, 31)."""
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", text)
    if not match:
        raise FilterValueError(f"{text!r} is not a date like 2023, 2023-05 or 2023-05-31")
    parts = tuple(int(p) for p in match.groups() if p is not None)
    try:
        dt.date(*parts, *(1,) * (3 - len(parts)))
    except ValueError as exc:
        raise FilterValueError(f"{text!r} is not a real date ({exc})") from None
    return parts


def parse_regex(text: str) -> re.Pattern[str]:
    """A case-insensitive pattern; an invalid one says where it breaks."""
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as exc:
        raise FilterValueError(f"{text!r} is not a valid regular expression: {exc}") from None


def check_range(since: DateParts | None, until: DateParts | None) -> None:
    """Refuse ``--since`` after ``--until`` (it could only select nothing)."""
    if since and until and _cut(since, until) > _cut(until, since):
        raise FilterValueError("--since is after --until; nothing could match")


# --- Predicates ---------------------------------------------------------------------------


def make_predicate(selection: Selection) -> Predicate:
    """One predicate that holds when every filter in ``selection`` holds."""
    tests: list[Predicate] = []
    if selection.authors:
        wanted = {_name_key(a) for a in selection.authors}
        tests.append(lambda r: any(wanted & _person_keys(p) for p in r.author))
    if selection.years:
        first, last = selection.years
        tests.append(lambda r: r.year is not None and first <= r.year <= last)
    if selection.since:
        since = selection.since
        tests.append(lambda r: _known(r) and _cut(_parts(r), since) >= _cut(since, _parts(r)))
    if selection.until:
        until = selection.until
        tests.append(lambda r: _known(r) and _cut(_parts(r), until) <= _cut(until, _parts(r)))
    if selection.categories:
        cats = {normalize_category(c).lower() for c in selection.categories}
        tests.append(lambda r: any(normalize_category(c).lower() in cats for c in r.categories))
    if selection.has_code:
        tests.append(lambda r: r.has_code)
    if selection.affiliations:
        affs = [_words(a) for a in selection.affiliations]
        tests.append(lambda r: any(_contains(_words(have), want) for have in r.affiliations for want in affs))
    if selection.match:
        search = selection.match.search
        tests.append(lambda r: bool(search(plain(r.title)) or search(plain(r.abstract))))
    if selection.keys:
        patterns = [k.lower() for k in selection.keys]
        tests.append(lambda r: any(fnmatchcase(r.id.lower(), p) for p in patterns))
    if selection.types:
        types = {t.lower() for t in selection.types}
        tests.append(lambda r: r.type.lower() in types)
    if selection.collections:
        wanted_collections = [_collection_parts(c) for c in selection.collections]
        tests.append(lambda r: any(_in_collection(_collection_parts(v), want) for k, v in r.extra
                                   if k == "zotero.collection" for want in wanted_collections))
    return lambda record: all(test(record) for test in tests)


def select(records: Iterable[Record], selection: Selection) -> list[Record]:
    """The records ``selection`` keeps, in its sort order (else input order), at most its limit."""
    keep = make_predicate(selection)
    chosen = [r for r in records if keep(r)]
    if selection.sort:
        chosen = sort_records(chosen, selection.sort)
    return chosen if selection.limit is None else chosen[: selection.limit]


# CSL 1.0.2 text and number variables (csl-data.json) that a record may hold in ``fields``.
CSL_VARIABLES = (
    "annote", "archive", "archive_collection", "archive_location", "archive-place", "authority",
    "call-number", "chapter-number", "citation-label", "citation-number", "collection-number",
    "collection-title", "container-title", "container-title-short", "dimensions", "division", "DOI",
    "edition", "event", "event-title", "event-place", "genre", "ISBN", "ISSN", "issue", "jurisdiction",
    "keyword", "language", "license", "medium", "note", "number", "number-of-pages", "number-of-volumes",
    "original-publisher", "original-publisher-place", "original-title", "page", "part", "part-title",
    "PMCID", "PMID", "printing", "publisher", "publisher-place", "references", "reviewed-genre",
    "reviewed-title", "scale", "section", "source", "status", "supplement-number", "title-short", "URL",
    "version", "volume", "volume-title", "volume-title-short",
)
# The names people give fields in BibTeX (and CSL's, in any case) -> the CSL variable.
FIELD_ALIASES = {
    **{name.lower(): name for name in CSL_VARIABLES},
    "journal": "container-title", "journaltitle": "container-title", "booktitle": "container-title",
    "series": "collection-title", "pages": "page", "address": "publisher-place", "location": "publisher-place",
    "langid": "language", "school": "publisher", "institution": "publisher",
}
_NUMBER = re.compile(r"(\d+)")


def csl_field(name: str) -> str | None:
    """The CSL variable a field name means (``doi`` -> ``DOI``, ``journal`` -> ``container-title``)."""
    return FIELD_ALIASES.get(name.lower())


def _natural(text: str) -> tuple[object, ...]:
    """Sort key of a text: folded, its numbers by value (volume 9 before volume 10)."""
    parts = _NUMBER.split(fold(text))
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def _sort_key(name: str) -> Callable[[Record], tuple[object, ...]]:
    """The key of sort field ``name`` (lowercase, as parsed); an empty key means "no value"."""
    if name in _SORT_KEYS:
        return _SORT_KEYS[name]
    if "." in name:  # a field kept from the source format: bibtex.timestamp, ris.AN
        return lambda r: _natural(value) if (value := _extra_value(r, name)) else ()
    variable = csl_field(name) or name
    return lambda r: _natural(value) if (value := r.get(variable)) else ()


def _extra_value(record: Record, name: str) -> str:
    for key, value in record.extra:
        if key.lower() == name:
            return value
    return ""


def parse_sort(text: str) -> str:
    """``--sort`` value: comma-separated fields, each ``FIELD`` (ascending) or ``-FIELD`` (descending).

    A field is ``date``, ``year``, ``author``, ``editor``, ``title``, ``key``, ``type``, ``abstract``,
    a CSL variable or its BibTeX name (``volume``, ``doi``, ``journal``, ``publisher``...) or a
    field kept from the input (``bibtex.timestamp``).  Returns the normalized value."""
    orders = []
    for item in (part.strip() for part in text.split(",")):
        name = item.removeprefix("-").strip().lower()
        if not (name in _SORT_KEYS or csl_field(name) or re.fullmatch(r"[a-z]+\.[\w.:-]+", name)):
            raise FilterValueError(
                f"cannot sort by {item!r}: use FIELD or -FIELD (descending), FIELD one of "
                f"{', '.join(_SORT_KEYS)}, a CSL or BibTeX field (volume, doi, journal...) or bibtex.NAME")
        orders.append(("-" if item.startswith("-") else "") + name)
    return ",".join(orders)


def sort_records(records: Iterable[Record], order: str) -> list[Record]:
    """Stable sort by ``order`` (see :func:`parse_sort`): ``date``, ``-date`` (newest first),
    ``author``, ``-volume,title``...  Records without the value come last in every order."""
    result = list(records)
    for item in reversed(parse_sort(order).split(",")):  # stable sorts, least significant first
        key = _sort_key(item.removeprefix("-"))
        present = [r for r in result if key(r)]
        missing = [r for r in result if not key(r)]
        result = sorted(present, key=key, reverse=item.startswith("-")) + missing
    return result


def _first_author(record: Record) -> tuple[str, ...]:
    if not record.author:
        return ()
    person = record.author[0]
    return (fold(person.family or person.literal), fold(person.given))


def _first_editor(record: Record) -> tuple[str, ...]:
    return _first_author(record.replace(author=record.editor))


_SORT_KEYS: dict[str, Callable[[Record], tuple[object, ...]]] = {
    "date": lambda r: r.issued.parts() if r.issued else (),
    "year": lambda r: (r.year,) if r.year is not None else (),
    "author": _first_author,
    "editor": _first_editor,
    "title": lambda r: (fold(plain(r.title)),) if r.title else (),
    "key": lambda r: (r.id.lower(),) if r.id else (),
    "type": lambda r: (r.type,) if r.type else (),
    "abstract": lambda r: (fold(r.abstract),) if r.abstract else (),
}


def unknown_categories(selection: Selection, records: Iterable[Record]) -> list[str]:
    """The ``--category`` values that are neither a listing badge, an arXiv category name, nor a
    category of one of ``records`` (a typo such as ``XYZ`` selects nothing, silently otherwise)."""
    known = {name.lower() for name in BADGES.values()}
    known.update(normalize_category(c).lower() for r in records for c in r.categories)
    return [c for c in selection.categories if normalize_category(c).lower() not in known]


# --- Helpers ------------------------------------------------------------------------------


def _name_key(text: str) -> str:
    """Comparison form of a name: folded, spaces normalized, dots and commas ignored."""
    return " ".join(fold(clean(text)).replace(".", " ").replace(",", " ").split())


@functools.lru_cache(maxsize=1 << 16)  # the same people recur across a library
def _person_keys(person: Person) -> frozenset[str]:
    """The forms a user may type for ``person``: family (with or without particle), full name."""
    forms = {person.family, person.family_full(), person.display(), person.literal}
    if person.given:
        forms.add(f"{person.family_full()}, {person.given}")
    return frozenset(_name_key(f) for f in forms if f)


def _parts(record: Record) -> DateParts:
    return record.issued.parts() if record.issued else ()


def _known(record: Record) -> bool:
    return bool(_parts(record))


def _cut(parts: DateParts, other: DateParts) -> DateParts:
    """``parts`` at the precision both dates share, so that 2023 is within 2023-05."""
    return parts[: min(len(parts), len(other))]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def _contains(words: list[str], wanted: list[str]) -> bool:
    """True when ``wanted`` occurs in ``words`` as a run of whole words."""
    size = len(wanted)
    return size > 0 and any(words[i : i + size] == wanted for i in range(len(words) - size + 1))


def _collection_parts(path: str) -> tuple[str, ...]:
    return tuple(fold(p.strip()) for p in path.split("/"))


def _in_collection(have: tuple[str, ...], want: tuple[str, ...]) -> bool:
    """True when ``want`` (a name or a path) is the collection or one of its parents, as Zotero
    shows a collection's items together with its subcollections' items."""
    size = len(want)
    return any(have[i : i + size] == want for i in range(len(have) - size + 1))
