"""Reader for pasted arXiv-style listings.

Each paper is a header line (category badge glued to a date, optionally ``Code``),
a line with the title glued to the author list, and an abstract (which may be
wrapped over several lines, or missing)::

    LGNov 28, 2022Code
    What learning algorithm is in-context learning? Investigations with linear modelsEkin Akyürek, Dale Schuurmans, Jacob Andreas et al. · microsoft-research, mit
    Neural sequence models, especially transformers, ...
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..categories import category_for_badge
from ..errors import Problem
from ..model import Date, Record
from ..names import is_particle, is_suffix, parse_name
from ..text import clean, match_key
from . import ReadResult

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_WORD = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
HEADER = re.compile(
    rf"^(?P<badge>[A-Z][A-Z-]*?)\s?(?P<month>{_MONTH_WORD})\.?\s+(?P<day>\d{{1,2}})"
    rf"(?:,?\s+(?P<year>\d{{4}}))?\s*(?P<code>Code)?$"
)
AFFILIATION_SEPARATOR = " · "
ET_AL = re.compile(r",?\s+et\s+al\.?$")

# A word that can be part of a person's name.  Cased scripts: a capital then lower-case
# letters, where hyphens, apostrophes and inner capitals may start new parts
# ("Parker-Holder", "O'Neil", "KwangHwan", "McDonald"); or an initial ("A.", "J.-P.").
# Uncased scripts (CJK, Arabic, ...) are taken as they come.
_NAME_WORD = re.compile(r"^(?:\w\.)(?:-\w\.)*$|^\w+(?:['’-]\w+)*\.?$")


@dataclass(frozen=True, slots=True)
class _Chunk:
    """The lines of one record before parsing: header, title line, abstract lines."""

    line: int
    header: re.Match[str]
    title_line: str | None
    title_lineno: int
    abstract: str


def read(text: str, source: str = "<input>", *, as_of: dt.date | None = None) -> ReadResult:
    """Parse a listing; ``as_of`` resolves dates written without a year (default: today)."""
    as_of = as_of or dt.date.today()
    chunks, problems = _chunk(text, source)
    known = _known_names(c.title_line for c in chunks)
    records: list[Record] = []
    seen: dict[str, int] = {}
    for chunk in chunks:
        record, problem = _parse_chunk(chunk, source, as_of, known)
        if problem:
            problems.append(problem)
        if record is None:
            continue
        key = _duplicate_key(record)
        if key in seen:
            problems.append(
                Problem(
                    f"duplicate of the paper at line {seen[key]} ({record.title[:60]!r}); kept once",
                    source,
                    chunk.line,
                )
            )
            continue
        seen[key] = chunk.line
        records.append(record)
    return ReadResult(tuple(records), tuple(problems))


def looks_like(text: str) -> bool:
    """True when ``text`` starts (after blank lines) with a listing header line."""
    for line in text.splitlines()[:20]:
        if line.strip():
            return bool(HEADER.match(clean(line)))
    return False


def _chunk(text: str, source: str) -> tuple[list[_Chunk], list[Problem]]:
    lines = [clean(line) for line in text.splitlines()]
    problems: list[Problem] = []
    chunks: list[_Chunk] = []
    i = 0
    while i < len(lines):
        header = HEADER.match(lines[i])
        if not header:
            if lines[i]:
                problems.append(
                    Problem(
                        f"unrecognized line {lines[i][:50]!r}; expected a header like "
                        "'LGNov 28, 2022' (category badge, date, optional 'Code')",
                        source,
                        i + 1,
                    )
                )
                while i + 1 < len(lines) and lines[i + 1] and not HEADER.match(lines[i + 1]):
                    i += 1  # report a run of stray lines once
            i += 1
            continue
        start = i
        body: list[tuple[int, str]] = []
        i += 1
        while i < len(lines) and not HEADER.match(lines[i]):
            if lines[i]:
                body.append((i + 1, lines[i]))
            i += 1
        title_lineno, title_line = body[0] if body else (start + 1, None)
        abstract = " ".join(line for _, line in body[1:])
        chunks.append(_Chunk(start + 1, header, title_line, title_lineno, abstract))
    return chunks, problems


def _parse_chunk(
    chunk: _Chunk, source: str, as_of: dt.date, known: frozenset[str]
) -> tuple[Record | None, Problem | None]:
    where = f"{source}:{chunk.line}"
    if chunk.title_line is None:
        return None, Problem("record has a header but no title/author line; skipped", source, chunk.line)
    parsed = split_title_line(chunk.title_line, known)
    if parsed is None:
        return None, Problem(
            "cannot find where the title ends and the author list begins in "
            f"{chunk.title_line[:70]!r}; expected 'TitleFirst Author, Second Author'",
            source,
            chunk.title_lineno,
        )
    title, authors, truncated, affiliations = parsed
    badge = chunk.header["badge"]
    category = category_for_badge(badge)
    problem = None
    if category is None:
        category = badge
        problem = Problem(f"unknown category badge {badge!r}; kept as given", source, chunk.line)
    record = Record(
        type="article",
        title=title,
        author=tuple(parse_name(a) for a in authors),
        issued=_resolve_date(chunk.header, as_of),
        abstract=chunk.abstract,
        categories=(category,),
        fields=(("publisher", "arXiv"), ("genre", "Preprint")),
        affiliations=affiliations,
        authors_truncated=truncated,
        has_code=bool(chunk.header["code"]),
        source=where,
    )
    return record, problem


def _resolve_date(header: re.Match[str], as_of: dt.date) -> Date:
    month = MONTHS[header["month"][:3].lower()]
    day = int(header["day"])
    if header["year"]:
        return Date(int(header["year"]), month, day)
    year = as_of.year
    while True:  # the most recent such date that is not after ``as_of`` (Feb 29 may skip years)
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            if year < as_of.year - 8:
                return Date(None, month, day, literal=header[0])
            year -= 1
            continue
        if candidate <= as_of:
            return Date(year, month, day)
        year -= 1


def _duplicate_key(record: Record) -> str:
    first = record.author[0].family if record.author else ""
    return f"{match_key(record.title)}|{match_key(first)}|{record.year}"


# --- Splitting the title from the author list -----------------------------------------------
#
# Rule.  The line is TITLE + AUTHORS [" et al."] [" · " AFFILIATIONS], where AUTHORS is
# names joined by ", " and the first name is glued to the title with no separator.
# A *split point* is a position p where the text from p on is a valid author list:
#   * the character at p is an upper-case letter (or a letter of an uncased script) and the
#     character before it is not a space, a hyphen or an apostrophe (the glue);
#   * every comma-separated name is 1-6 name words (capitalised words, initials, lowercase
#     particles such as "van der", a final suffix such as "Jr."), and the first name starts
#     with a given-name word: a capital followed by lower-case letters, or an initial.
# Among the split points:
#   1. one whose first author also appears, as written, elsewhere in the same listing wins
#      (listings repeat authors; this resolves "GenerationKwangHwan Cho" vs "...KwangHwan Cho");
#   2. otherwise the first author with the fewest inner-capital words wins, since camel
#      case in titles ("PyTorch", "ImageNet") is commoner than given names like "KwangHwan"
#      (a split inside a title's "PyTorch ModelsJane Doe" would make a name "Torch
#      ModelsJane Doe"); a split inside a capital run ("LLMTianjun") falls before the last
#      capital, because a given name never starts with two capitals;
#   3. then the leftmost (longest author list, shortest title).


def split_title_line(
    line: str, known: frozenset[str] = frozenset()
) -> tuple[str, tuple[str, ...], bool, tuple[str, ...]] | None:
    """Split a title line into (title, author names, truncated, affiliations), or None."""
    affiliations: tuple[str, ...] = ()
    if AFFILIATION_SEPARATOR in line:
        line, _, tail = line.rpartition(AFFILIATION_SEPARATOR)
        affiliations = tuple(a.strip() for a in tail.split(",") if a.strip())
    line = line.rstrip()
    truncated = bool(ET_AL.search(line))
    if truncated:
        line = ET_AL.sub("", line)
    best: tuple[tuple[int, int, int], int, list[str]] | None = None
    for p in _glue_points(line):
        names = [n.strip() for n in _merge_suffixes(line[p:].split(", "))]
        if not line[:p].strip() or not all(_is_name(n, first=(i == 0)) for i, n in enumerate(names)):
            continue
        rank = (
            0 if names[0] in known else 1,
            sum(map(_has_inner_capital, names[0].split(" "))),
            p,
        )
        if best is None or rank < best[0]:
            best = (rank, p, names)
    if best is None:
        return None
    _, p, names = best
    return line[:p].rstrip(), tuple(names), truncated, affiliations


def _glue_points(line: str) -> list[int]:
    points = []
    for p in range(1, len(line)):
        ch, prev = line[p], line[p - 1]
        if prev.isspace() or prev in "-'’" or not ch.isalpha():
            continue
        if ch.isupper() or (not ch.islower() and prev.isalpha() and (prev.isupper() or prev.islower())):
            points.append(p)  # a capital, or an uncased letter right after a cased one
    return points


def _merge_suffixes(names: list[str]) -> list[str]:
    """``["Martin Luther King", "Jr."]`` -> ``["Martin Luther King, Jr."]``."""
    out: list[str] = []
    for name in names:
        if out and is_suffix(name.strip()):
            out[-1] = f"{out[-1]}, {name.strip()}"
        else:
            out.append(name)
    return out


def _is_name(name: str, *, first: bool) -> bool:
    core, _, suffix = name.partition(", ")
    if suffix and not is_suffix(suffix):
        return False
    words = core.split(" ")
    if not 1 <= len(words) <= 6:
        return False
    if len(words) == 1 and first and not _is_uncased(words[0]):
        return False
    if first and not _is_given_word(words[0]):
        return False
    for i, word in enumerate(words):
        if is_particle(word) and 0 < i < len(words) - 1:
            continue
        if i == len(words) - 1 and i > 1 and is_suffix(word):
            continue
        if not _is_name_word(word):
            return False
    return True


def _is_name_word(word: str) -> bool:
    """A capitalised word whose parts (split at hyphens and apostrophes) are each all capitals
    (``O``, ``J.``, ``DU``), uncased letters, or capitals each followed by lower case
    (``Parker``, ``McDonald``, ``KwangHwan``) — but never a mix like ``TEMPERAEkin``."""
    if not _NAME_WORD.match(word) or not (word[0].isupper() or _is_uncased(word)):
        return False
    return all(_is_name_part(part.replace(".", "")) for part in re.split(r"['’-]", word))


def _is_name_part(part: str) -> bool:
    if not part.isalpha():
        return False
    if part.isupper() or _is_uncased(part):
        return True
    return part[0].isupper() and all(
        nxt.islower() for ch, nxt in zip(part, part[1:] + " ") if ch.isupper()
    )


def _is_given_word(word: str) -> bool:
    """A given name: ``Ekin``, ``Kuang-Huei``, ``KwangHwan``, ``J.``, or an uncased-script word."""
    if _is_uncased(word):
        return True
    if re.fullmatch(r"(?:[^\W\d_]\.)(?:-?[^\W\d_]\.)*", word):
        return word[0].isupper()
    return _is_name_word(word) and word[0].isupper() and len(word) > 1 and word[1].islower()


def _is_uncased(word: str) -> bool:
    return all(c.isalpha() and not c.isupper() and not c.islower() for c in word)


def _has_inner_capital(word: str) -> bool:
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def _known_names(lines: object) -> frozenset[str]:
    """Names that appear after the first author in some title line: unambiguous evidence."""
    names: set[str] = set()
    for line in lines:  # type: ignore[attr-defined]
        if not line:
            continue
        body = line.rpartition(AFFILIATION_SEPARATOR)[0] if AFFILIATION_SEPARATOR in line else line
        pieces = ET_AL.sub("", body).split(", ")[1:]
        names.update(p for p in pieces if " " in p and _is_name(p, first=True))
    return frozenset(names)

