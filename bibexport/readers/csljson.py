"""CSL-JSON reader: arrays of items as Zotero, citation-js and pandoc write them.

Accepted quirks: a single item or ``{"items": [...]}`` instead of an array; numbers as
integers or strings (``"volume": 12``: a number is written back as one); ``date-parts`` with
strings, ranges or empty parts, ``raw`` and ``literal`` dates, and EDTF strings; names as
``literal`` objects or plain strings; citation-js's ``_graph``/``_label`` keys ignored.

Lossless: every name variable, every date variable (ranges, season, circa, raw, literal), the
name flags, ``custom`` (kept in ``extra`` as JSON) and the rich text markup of text variables
(``<i>``, ``<span class="nocase">``...) are kept.  Normalizations, all deterministic: date parts
given as numeric text become numbers, empty text and false name flags are dropped, EDTF season
months (21-24) become ``season``.  The note's ``prefix.key: value`` lines (other formats' fields,
written there by the writer) go back to ``extra``.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
from typing import Any

from ..dates import EDTF, make_date, parse_edtf
from ..errors import Problem
from ..filters import CSL_TYPES
from ..model import DATE_VARIABLES, NAME_ROLES, Date, Person, Record
from ..text import clean
from ..writers.csljson import CUSTOM, person_from_csl
from . import ReadResult
from .extra import read_note

_HANDLED = {"id", "citation-key", "type", "title", "abstract", "categories", "keyword", "note", "custom",
            *NAME_ROLES, *DATE_VARIABLES}
_ROLES = tuple(role for role in NAME_ROLES if role not in ("author", "editor"))  # the others are attributes
_DATES = tuple(name for name in DATE_VARIABLES if name != "issued")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CSL_KEYS = frozenset({"id", "type", "title", "author", "issued", "citation-key", "DOI", "URL", "container-title"})


def looks_like(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:1]
    return head in ("[", "{")


def read(text: str, source: str = "<input>", **_: object) -> ReadResult:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        return ReadResult((), (Problem(f"invalid JSON: {exc.msg}", source, exc.lineno, "error"),))
    except RecursionError:
        return ReadResult((), (Problem("invalid JSON: nested too deeply", source, 1, "error"),))
    if _SURROGATE_ESCAPE.search(text):
        data = _scrub(data)
    depth = 1
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data, depth = data["items"], 2  # {"items": [...]}
    elif isinstance(data, dict):
        if not _CSL_KEYS & data.keys():
            message = "JSON that is not CSL-JSON: expected an array of items with id, type and title"
            return ReadResult((), (Problem(message, source, 1, "error"),))
        data, depth = [data], 0
    if not isinstance(data, list):
        return ReadResult((), (Problem("CSL-JSON must be an array of items", source, 1, "error"),))
    lines = (_element_lines(text.lstrip("\ufeff")) if depth == 1 else _items_lines(text.lstrip("\ufeff"))) if depth else [1]
    records: list[Record] = []
    problems: list[Problem] = []
    for index, item in enumerate(data):
        line = lines[index] if index < len(lines) else None
        if not isinstance(item, dict):
            problems.append(Problem(f"item {index + 1} is not a JSON object; skipped", source, line, "error"))
            continue
        if not _CSL_KEYS & item.keys():
            problems.append(Problem(f"item {index + 1} has none of id, type, title; skipped", source, line, "error"))
            continue
        categories = item.get("categories")
        if categories and not isinstance(categories, (list, str)):
            message = f"item {index + 1}: categories must be a list or text, not {_kind(categories)}; ignored"
            problems.append(Problem(message, source, line, "warning"))
        read_item(item, index, source, line, records, problems)
    return ReadResult(tuple(records), tuple(problems))


def read_item(item: dict[str, Any], index: int, source: str, line: int | None,
              records: list[Record], problems: list[Problem]) -> None:
    """Item ``index`` (0-based, at ``line``) as a record in ``records``, or an error in ``problems``
    (with the warnings it gave either way); shared with the CSL-YAML reader."""
    warnings: list[str] = []
    try:
        records.append(item_to_record(item, f"{source}:{line}" if line else source, warnings))
    except (TypeError, ValueError, AttributeError) as exc:
        problems.append(Problem(f"item {index + 1}: {exc}; skipped", source, line, "error"))
    problems.extend(Problem(f"item {index + 1}: {w}", source, line) for w in warnings)


def _scrub(value: Any) -> Any:
    """Lone surrogates (``"\\ud800"`` is valid JSON, but not text) as U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    return value


def item_to_record(item: dict[str, Any], source: str = "", warnings: list[str] | None = None) -> Record:
    """One CSL-JSON item as a record; a date part that is not in the calendar is a message in ``warnings``."""
    fields = tuple(
        (key, _text(value))
        for key, value in item.items()
        if key not in _HANDLED and not key.startswith("_")
        and isinstance(value, (str, int, float)) and not isinstance(value, bool) and _text(value)
    )
    numeric = tuple(key for key, value in item.items()
                    if isinstance(value, (int, float)) and not isinstance(value, bool) and key not in _HANDLED - {"id"})
    custom = item.get("custom")
    extra = ((CUSTOM, json.dumps(custom, ensure_ascii=False)),) if isinstance(custom, dict) and custom else ()
    names = tuple((role, people) for role in _ROLES if role in item and (people := _people(item, role)))
    dates = tuple((name, date) for name in _DATES
                  if name in item and (date := date_from_csl(item[name], warnings)) is not None)
    categories = _categories(item.get("categories"))
    keyword = _text(item.get("keyword", ""))
    keywords = tuple(k.strip() for k in re.split(r"[,;]", keyword) if k.strip())
    record = Record(
        id=_text(item.get("citation-key") or item.get("id") or ""),
        type=_type(item.get("type"), warnings),
        title=_text(item.get("title", "")),
        author=_people(item, "author"),
        editor=_people(item, "editor"),
        issued=date_from_csl(item.get("issued"), warnings),
        names=names,
        dates=dates,
        numeric=numeric,
        abstract=_text(item.get("abstract", "")),
        categories=categories,
        keywords=tuple(k for k in keywords if k not in categories),
        fields=fields,
        extra=extra,
        source=source,
    )
    return read_note(_text(item.get("note", "")), record)


def _type(value: Any, warnings: list[str] | None) -> str:
    """A CSL type (case as the schema spells it); none is "article", one the schema lacks "document"."""
    text = value.strip() if isinstance(value, str) else ""
    if not text and value in (None, ""):
        return "article"
    if text.lower() in CSL_TYPES:
        return text.lower()
    if warnings is not None:
        warnings.append(f"type {json.dumps(value)} is not a CSL type; read as \"document\"")
    return "document"


def _categories(value: Any) -> tuple[str, ...]:
    """``["cs.LG", "stat.ML"]``, or ``"cs.LG"``: one category (anything else: none)."""
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    return tuple(_text(c) for c in value) if isinstance(value, list) else ()


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_kind(value)}")
    return value.strip()


def _people(item: dict[str, Any], role: str) -> tuple[Person, ...]:
    names = item.get(role) or []
    if not isinstance(names, list):
        raise ValueError(f"{role} must be a list of names, not {_kind(names)}")
    return tuple(_person(p) for p in names)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(type(value), "a number")


def _person(value: Any) -> Person:
    if isinstance(value, str):
        return Person(literal=clean(value))
    if not isinstance(value, dict):
        raise ValueError(f"a name must be an object, got {_kind(value)}")
    return person_from_csl(value)


def date_from_csl(value: Any, warnings: list[str] | None = None) -> Date | None:
    """A CSL-JSON date (object, EDTF text or year) as a Date; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, (str, int)):
        return _edtf(str(value), warnings)
    if not isinstance(value, dict):
        raise ValueError(f"a date must be an object, got {_kind(value)}")
    date: Date | None = None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        date = _parts(parts[0], warnings)
        if date is not None and len(parts) > 1 and isinstance(parts[1], list):
            end = _parts(parts[1], warnings) if any(str(p).strip() not in ("", "0") for p in parts[1]) else None
            date = dataclasses.replace(date, end=end if end is not None and end.year is not None else Date())
    raw = _text(value.get("raw", ""))
    if raw and date is not None:
        date = dataclasses.replace(date, raw=raw)
    elif raw:  # EDTF kept as written; other text read as _edtf reads it (a bad month dropped, said)
        parsed = parse_edtf(raw)
        date = dataclasses.replace(parsed, raw=raw) if parsed else _edtf(raw, warnings)
    literal = _text(value.get("literal", ""))
    if literal:  # "Spring 2020" stays text, as CSL means
        date = dataclasses.replace(date or Date(), literal=literal)
    if date is None:
        return None
    changes: dict[str, Any] = {}
    if value.get("season") not in (None, ""):
        changes["season"] = value["season"]
    if value.get("circa") not in (None, False):
        changes["circa"] = value["circa"]
    return dataclasses.replace(date, **changes) if changes else date


def _parts(parts: list[Any], warnings: list[str] | None) -> Date | None:
    """``[2020, 5, 1]`` (numbers or numeric text) as a Date; other text as a literal date."""
    numbers: list[int] = []
    for part in parts[:3]:  # "2020", 2020 and "" all occur
        if isinstance(part, bool) or not re.fullmatch(r"\s*-?\d+\s*", str(part)):
            break
        numbers.append(int(part))
    if numbers:
        return make_date(*numbers, warnings=warnings)
    text = "-".join(str(p) for p in parts if str(p).strip())
    return Date(literal=text) if text else None  # [["spring"]]: kept as text rather than lost


def _edtf(text: str, warnings: list[str] | None) -> Date | None:
    match = EDTF.fullmatch(text.strip())
    if not match:
        year = re.search(r"\b(\d{4})\b", text)
        return Date(int(year.group(1)), literal=text) if year else Date(literal=text)
    year, month, day = (int(g) if g else None for g in match.groups())
    return make_date(year, month, day, text=text, warnings=warnings)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _element_lines(text: str, start: int = 0) -> list[int]:
    """1-based line where each element of the array at ``start`` starts, by the json scanner."""
    decoder, starts = json.JSONDecoder(), []
    pos = _JSON_SPACE.match(text, _JSON_SPACE.match(text, start).end() + 1).end()  # after "["
    while text[pos : pos + 1] not in ("]", ""):
        starts.append(pos)
        pos = _JSON_SPACE.match(text, decoder.raw_decode(text, pos)[1]).end()
        if text[pos : pos + 1] == ",":
            pos = _JSON_SPACE.match(text, pos + 1).end()
    newlines = [m.start() for m in re.finditer("\n", text)] if starts else []
    return [bisect.bisect(newlines, p) + 1 for p in starts]


def _items_lines(text: str) -> list[int]:
    """:func:`_element_lines` of the ``items`` array of ``{"items": [...]}`` (the last one, as
    json.loads takes it), whatever other keys come before it."""
    decoder, found = json.JSONDecoder(), -1
    pos = _JSON_SPACE.match(text, _JSON_SPACE.match(text).end() + 1).end()  # after "{"
    while text[pos : pos + 1] == '"':
        key, pos = decoder.raw_decode(text, pos)
        pos = _JSON_SPACE.match(text, _JSON_SPACE.match(text, pos).end() + 1).end()  # after ":"
        if key == "items":
            found = pos
        pos = _JSON_SPACE.match(text, decoder.raw_decode(text, pos)[1]).end()
        if text[pos : pos + 1] == ",":
            pos = _JSON_SPACE.match(text, pos + 1).end()
    return _element_lines(text, found) if found >= 0 else []
