"""Records as citeproc-py references, and cites of them."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from citeproc import DATES, NAMES, VARIABLES
from citeproc.source import CitationItem, Date, DateRange, LiteralDate, Name, Reference

from ...csl import TRUNCATED
from ...dates import parse_edtf
from ...model import Record
from ..csljson import date_to_csl, record_to_csl
from .marks import NO_SPACE
from .richtext import rich_text


# CSL 1.0.2 variables citeproc-py 0.11 does not list, rendered all the same.
CSL_102_VARIABLES = frozenset("""
    archive-collection event-title part-title reviewed-title volume-title reviewed-genre division license
    part-number printing-number supplement-number scale collection-title-short""".split())
# CSL-JSON's older names for short forms (Zotero, citeproc-js): read as the CSL variables.
_SHORT_ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}
_STRING_VARIABLES = frozenset(v.replace("_", "-") for v in VARIABLES) | CSL_102_VARIABLES
_SKIPPED = frozenset({"abstract", "keyword", "note", "citation-key", "categories", "id", "type"})


def to_reference(record: Record, abstract: bool = False) -> Reference:
    """A record as a citeproc-py Reference (listing facts stay out of ``note``); the
    ``abstract`` only when asked for (few styles print it, and it is long)."""
    item = record_to_csl(record.replace(categories=(), affiliations=(), has_code=False,
                                        authors_truncated=False, extra=(), abstract=""))
    args: dict[str, Any] = {}
    # CSL variables other readers keep in ``extra`` as csl.<name> (accessed dates, PMID...).
    kept = [(k[4:], v) for k, v in record.extra if k.startswith("csl.") and k[4:] not in item]
    aliases = [(_SHORT_ALIASES[k], v) for k, v in record.fields if k in _SHORT_ALIASES
               and _SHORT_ALIASES[k] not in item and not record.get(_SHORT_ALIASES[k])]
    for key, value in [*item.items(), *kept, *aliases]:
        name = key.replace("-", "_")
        if key in _SKIPPED or key not in _STRING_VARIABLES:
            continue
        if isinstance(value, list):
            args[name] = [_name(person) for person in value]
        elif isinstance(value, dict):
            parsed = _date(value)
            if parsed is not None:
                args[name] = parsed
        elif name in DATES:
            parsed = _iso_date(str(value))
            if parsed is not None:
                args[name] = parsed
        elif name not in NAMES:  # a name list written as text cannot be split safely
            args[name] = rich_text(str(value))
    for variable in DATE_VARIABLES:  # from the record itself: ranges, seasons and circa kept
        value = record.date(variable)
        name = variable.replace("-", "_")
        if value is not None and name in DATES:
            parsed = model_date(value)
            if parsed is not None:
                args[name] = parsed
    if abstract and record.abstract:
        args["abstract"] = rich_text(record.abstract)
    own_note = record.get("note")
    if own_note:
        own_note, fields = _note_fields(own_note)
        for key, value in fields.items():  # citeproc-js: variables given in the note, if not set
            name = key.replace("-", "_")
            if name in args or key not in _STRING_VARIABLES or key in _SKIPPED:
                continue
            if name in DATES:
                edtf = parse_edtf(value)  # EDTF, ranges too (2004-10-01/2004-10-14)
                parsed = model_date(edtf) if edtf is not None else _iso_date(value)
                if parsed is not None:
                    args[name] = parsed
            elif name in NAMES:
                family, _, given = value.partition("||")
                args[name] = [_name({"family": family.strip(), "given": given.strip()} if given.strip()
                                    else {"literal": family.strip()})]
            else:
                args[name] = rich_text(value)
        if own_note:
            args["note"] = rich_text(own_note)
    newer = {name: args.pop(name) for name in list(args) if name.replace("_", "-") in CSL_102_VARIABLES}
    reference = Reference(record.id, record.type or "article", **args)
    for name, value in newer.items():  # set, not passed: Reference warns of names it does not know
        reference[name] = value
    if record.authors_truncated and "author" in args:
        reference[TRUNCATED] = ("author",)
    return reference


_NAME_KEYS = frozenset({"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "literal"})


def _name(person: dict[str, Any]) -> Name:
    """A CSL-JSON name as a citeproc-py Name, read as citeproc-js reads it: particles parsed
    out of the family and given names (:func:`parse_particles`), straight apostrophes as ``’``
    (O’Brien, Shun’ichi), and a particle ending in one joined to what follows (``d’Jones``)."""
    person = parse_particles(person)
    parts = {}
    flags = {}
    for key, value in person.items():
        if key not in _NAME_KEYS:
            flags[key] = value
            continue
        if isinstance(value, str) and "'" in value:
            value = value.replace("'", "\u2019")
        if key.endswith("particle") and isinstance(value, str) and value.endswith("\u2019"):
            value += NO_SPACE
        parts[key] = value
    name = Name(**parts)
    for key, value in flags.items():  # comma-suffix, static-ordering...: set, not passed (Name warns)
        name[key] = value
    return name


_FAMILY_PARTICLE = re.compile("^([^ ]+(?:-|\u02bb|\u2019| |') *)(.+)$")
_GIVEN_PARTICLE = re.compile("^([^ ]+(?:\u02bb |\u2019 | |' ) *)(.+)$")  # on the reversed given name
_PARTICLE_FIRST = re.compile("^[-'\u02bb\u2019\\s]*(.).*$")
_SUFFIX_COMMA = re.compile(r"(\s*,!*\s*)")


def _split_particles(value: str, given: bool = False) -> tuple[str, list[str]]:
    """citeproc-js's splitParticles: lower-case words at the start of a family name (at the
    end of a given name) and what remains."""
    original, particles = value, []
    rex = _GIVEN_PARTICLE if given else _FAMILY_PARTICLE
    if given:
        value = value[::-1]
    found = rex.match(value)
    while found:
        piece = found.group(1)[::-1] if given else found.group(1)
        first = _PARTICLE_FIRST.sub(r"\1", piece)
        if first.upper() == first:
            break
        if given:
            particles.append(original[-len(piece):])
            original = original[:-len(piece)]
        else:
            particles.append(original[:len(piece)])
            original = original[len(piece):]
        value = found.group(2)
        found = rex.match(value)
    if given:
        particles.reverse()
        for i in range(1, len(particles)):
            if particles[i][:1] == " ":
                particles[i - 1] += " "
        particles = [p[1:] if p[:1] == " " else p for p in particles]
        return original[:len(value)], particles
    return original[-len(value):], particles


def parse_particles(person: dict[str, Any]) -> dict[str, Any]:
    """A name's particles and suffix as citeproc-js parses them before rendering (its
    ``parse-names`` extension, on unless the name says ``"parse-names": false``): a family
    name in double quotes is kept as it is, without them; else, when the name has a given
    name and no non-dropping particle, lower-case words leading the family name become the
    non-dropping particle (van Gogh, al-One, d’Aubignac), ``, Suffix`` in the given name the
    suffix (``,!`` or ``, `` twice: with a comma, ``Doe, Jr.``) and lower-case words ending
    the given name the dropping particle."""
    family, given = person.get("family"), person.get("given")
    if not isinstance(family, str) or "literal" in person:
        return person
    no_parse = person.get("parse-names") in (False, "false", 0)
    if len(family) > 1 and family[0] == '"' and family[-1] == '"':
        return {**person, "family": family[1:-1]}
    if no_parse or person.get("non-dropping-particle") or not family or not isinstance(given, str) or not given:
        return person
    person = dict(person)
    person["family"], particles = _split_particles(family)
    joined = "".join(particles)
    particle = joined.strip()
    if joined.endswith(" ") and particle[-1:] in ("'", "\u2019"):
        particle += " "
    if particle:
        person["non-dropping-particle"] = particle
    if not person.get("suffix"):
        found = _SUFFIX_COMMA.search(given)
        if found:
            at = given.index(found.group(1))
            suffix = given[at + len(found.group(1)):]
            if suffix.replace(".", "") == "et al" and not person.get("dropping-particle"):
                person["dropping-particle"] = suffix
            else:
                if len(re.sub(r"\s", "", found.group(1))) == 2:
                    person["comma-suffix"] = True
                person["suffix"] = suffix
            given = given[:at]
    person["given"], particles = _split_particles(given, given=True)
    particle = "".join(particles).strip()
    if particle:
        person["dropping-particle"] = particle
    return person


_ISO_DATE = re.compile(r"(-?\d{1,4})(?:-(\d\d)(?:-(\d\d))?)?$")


from ...model import DATE_VARIABLES, Date as RecordDate  # noqa: E402

_NOTE_FIELD = re.compile(r"^([\-_a-z]+|[A-Z]+):\s*([^}]+)$")


def _note_fields(note: str) -> tuple[str, dict[str, str]]:
    """citeproc-js's note-field variables: ``key: value`` lines opening the note (after at
    most one other first line) set CSL variables the item lacks; the note keeps the rest."""
    lines = note.split("\n")
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _NOTE_FIELD.match(line)
        if not match:
            if index == 0:
                continue
            break
        found.setdefault(match.group(1), match.group(2).strip())
        lines[index] = ""
    return ("\n".join(lines).strip(), found) if found else (note, found)


_SEASON_NAMES = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def _season(value: Any) -> int | str | None:
    """A CSL season as 1-4 (spring...winter): 1-4, EDTF 21-24, 13-16, or the season's name; other text as is."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    text = str(value).strip()
    if text.isdigit():
        number = int(text)
        for low in (1, 13, 21):
            if low <= number < low + 4:
                return number - low + 1
        return None
    return _SEASON_NAMES.get(text.lower(), text)


def _one_date(date: RecordDate) -> Any:
    fields: dict[str, Any] = {"year": date.year}
    if date.month:
        fields["month"] = date.month
        if date.day:
            fields["day"] = date.day
    season = _season(date.season) if not date.month else None
    if season is not None:
        fields["season"] = season
    value = Date(**fields)
    if date.circa not in (False, None, 0, "", "0", "false"):
        value["circa"] = True
    return value


def model_date(date: RecordDate) -> Any:
    """A record's date as a citeproc date: a range (open: ending in year 0) keeps its end,
    a season (1-4, or its text) stands where no month is, circa is kept; no year: literal."""
    if date.year is None:
        text = date.literal or date.raw
        return LiteralDate(text) if text else None
    begin = _one_date(date)
    if date.end is None:
        return begin
    end = _one_date(date.end) if date.end.year is not None else Date(year=0)
    value = DateRange(begin=begin, end=end)
    if begin.get("circa"):
        value["circa"] = True
    return value


def _iso_date(text: str) -> Any:
    """``2024``, ``2024-05`` or ``2024-05-31`` as a citeproc date; other text as a literal date."""
    found = _ISO_DATE.match(text.strip())
    if not found:
        return LiteralDate(text.strip()) if text.strip() else None
    return _date({"date-parts": [[int(p) for p in found.groups() if p]]})


def _date(value: dict[str, Any]) -> Any:
    parts = value.get("date-parts") or []
    if parts and parts[0]:
        fields = _date_fields(parts[0], value.get("season"))
        if len(parts) > 1 and parts[1]:
            return DateRange(begin=Date(**fields), end=Date(**_date_fields(parts[1], None)))
        return Date(**fields)
    if value.get("literal"):
        return LiteralDate(value["literal"])
    if value.get("raw"):  # an EDTF date written as raw text (1999?): its parts
        parsed = parse_edtf(value["raw"])
        return _date(date_to_csl(dataclasses.replace(parsed, raw=""))) if parsed and parsed.year else LiteralDate(value["raw"])
    return None


def _date_fields(parts: list[Any], season: Any) -> dict[str, Any]:
    """citeproc-py's Date arguments: a season month (13-16, 21-24: citeproc-js's and EDTF's) or
    CSL's ``season`` 1-4 as ``season``, which citeproc-py prints with the locale's term."""
    fields = dict(zip(("year", "month", "day"), parts))
    month = fields.get("month")
    if isinstance(month, int) and (13 <= month <= 16 or 21 <= month <= 24) and "day" not in fields:
        fields["season"] = (month - 1) % 4 + 1
        del fields["month"]
    elif type(season) is int and 1 <= season <= 4 and "month" not in fields:
        fields["season"] = season
    return fields


class Item(CitationItem):
    """A cite of one reference, with its number and the disambiguation chosen for it."""

    reference: Any = None  # shadow CitationItem's properties with plain attributes
    bibliography: Any = None
    number: Any = None
    citation: Any = None
    names_shown: int | None = None
    given_levels: tuple[int, ...] = ()
    disambiguate: bool = False
    capture_names: bool = False  # set while rendering a bibliography entry
    first_names: str | None = None  # the entry's first rendered names (subsequent-author-substitute)
    position: int | None = None  # in a citation: 0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator
    near_note: bool = False
    suppress_author: bool = False  # the cite leaves out its first names
    author_only: bool = False  # the cite is only its first names
    suffix_shown: bool = True  # the implicit year-suffix was printed (False: not yet, in this render)

    def __init__(self, reference: Reference, number: int, bibliography: Any) -> None:
        dict.__init__(self)
        for name, value in (("key", reference.key), ("reference", reference), ("number", number),
                            ("bibliography", bibliography)):
            object.__setattr__(self, name, value)

    def set(self, **changes: Any) -> None:
        for name, value in changes.items():
            object.__setattr__(self, name, value)

    def is_bad(self) -> bool:
        return False
