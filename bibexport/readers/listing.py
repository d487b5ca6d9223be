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
import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass

from ..categories import category_for_badge
from ..dates import make_date
from ..errors import Problem
from ..model import Date, Record
from ..names import is_particle, is_suffix, parse_name
from .. import progress
from ..parallel import map_slices
from ..merge import identity
from ..text import clean
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
# Lines end as in a text editor; str.splitlines() would also break at \v, \f, \x1c-\x1e, \x85, \u2028.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
ET_AL = re.compile(r",?\s+et\s+al\.?$")  # what _et_al_start finds, in linear time
# The longest first author name tried at a split point, from the glue to the end of its
# comma-separated piece (real names are under 40 characters).
FIRST_NAME_CHARS = 120

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


def read(text: str, source: str = "<input>", *, as_of: dt.date | None = None, jobs: int | None = None) -> ReadResult:
    """Parse a listing; ``as_of`` resolves dates written without a year (default: today).

    The records of a large listing are parsed in ``jobs`` processes (default: the usable
    cores, see :func:`bibexport.parallel.jobs_for`); the result is the same.
    """
    problems: list[Problem] = []
    lines = LINE_BREAK.split(text) if "\r" in text else text.split("\n")  # the same lines, 5x sooner
    chunks = list(_chunks(lines, source, problems))
    known = _known_names(c.title_line for c in chunks)
    as_of = as_of or dt.date.today()
    parsed = _parse_all(chunks, source, as_of, known, jobs)
    records = tuple(_records(chunks, source, as_of, known, problems, parsed=parsed))
    return ReadResult(records, tuple(problems))


def _inferred_year(chunk: _Chunk, record: Record, source: str, as_of: dt.date) -> Problem:
    """The note, once per listing, that a date without a year got one from ``as_of``: keys hold the year."""
    written = chunk.header[0].removeprefix(chunk.header["badge"]).removesuffix("Code").strip()
    return Problem(
        f"{written!r} has no year: read as {record.issued.iso() if record.issued else '?'}, the latest such date "
        f"not after {as_of.isoformat()} (--as-of, default today); so is every date without a year in this "
        "file, and the keys hold that year",
        source, chunk.line, "note",
    )


PARALLEL_MIN = 4_000  # records from which parsing pays in two processes (2,000 take longer in two)


def _parse_all(
    chunks: list[_Chunk], source: str, as_of: dt.date, known: frozenset[str], jobs: int | None
) -> list[tuple[Record | None, tuple[Problem, ...]]]:
    """:func:`_parse_chunk` of every chunk, in order, slices of them in forked processes."""

    def parse(part: list[_Chunk]) -> list[tuple[Record | None, tuple[Problem, ...]]]:
        parsed = []
        for chunk in part:
            parsed.append(_parse_chunk(chunk, source, as_of, known))
            progress.at(chunk.line)  # the progress bar of a large file (nothing unless one is shown)
        return parsed

    return [pair for part in map_slices(parse, chunks, minimum=PARALLEL_MIN, jobs=jobs) for pair in part]


def stream(
    lines: Callable[[], Iterable[str]],
    source: str,
    problems: list[Problem],
    *,
    as_of: dt.date | None = None,
    known: frozenset[str] | None = None,
    only: Container[int] | None = None,
) -> Iterator[Record]:
    """The records :func:`read` gives, one at a time, for listings too large to hold in memory.

    ``lines()`` must give the listing's lines afresh on each call: it is read twice (names
    that occur in the listing help split title lines, see below), once when ``known`` is
    given (from :func:`known_names`).  Problems are appended to ``problems`` as they are
    found, in the order :func:`read` reports them.  ``only``: parse just the records whose
    header is on these lines, known to be kept by an earlier pass (no duplicate check).
    """
    if known is None:
        known = known_names(lines(), source)
    chunks = _chunks(lines(), source, problems)
    if only is not None:
        chunks = (c for c in chunks if c.line in only)
    yield from _records(chunks, source, as_of or dt.date.today(), known, problems, check_duplicates=only is None)


def known_names(lines: Iterable[str], source: str) -> frozenset[str]:
    """What a listing's title lines show after their first author, split at ", " (see the
    splitter's rule: the pieces that are names count as evidence)."""
    return _known_names(c.title_line for c in _chunks(lines, source, []))


def _records(
    chunks: Iterable[_Chunk], source: str, as_of: dt.date, known: frozenset[str], problems: list[Problem],
    *, check_duplicates: bool = True, parsed: Iterable[tuple[Record | None, tuple[Problem, ...]]] | None = None,
) -> Iterator[Record]:
    """The records of ``chunks`` (``parsed``: their :func:`_parse_chunk` results, if already
    known), without duplicates; problems appended in line order, with a note at the first
    date whose year was inferred."""
    seen: dict[bytes, int] = {}  # 128-bit digests of the duplicate keys: a third of the memory
    year_said = False
    pairs = zip(chunks, parsed) if parsed is not None else ((c, _parse_chunk(c, source, as_of, known)) for c in chunks)
    for chunk, (record, found) in pairs:
        problems.extend(found)
        if record is None:
            continue
        if not year_said and not chunk.header["year"] and record.issued and record.issued.year:
            year_said = True
            problems.append(_inferred_year(chunk, record, source, as_of))
        if not check_duplicates:
            yield record
            continue
        key = hashlib.blake2b(repr(identity(record)).encode(), digest_size=16).digest()
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
        yield record


def looks_like(text: str) -> bool:
    """True when ``text`` starts (after blank lines) with a listing header line."""
    for line in text.splitlines()[:20]:
        if line.strip():
            return bool(HEADER.match(clean(line)))
    return False


def _chunks(lines: Iterable[str], source: str, problems: list[Problem]) -> Iterator[_Chunk]:
    """Group lines into records: a header line and the lines up to the next header.

    Lines before the first header are reported, one problem per run of non-blank lines.
    """
    start: tuple[int, re.Match[str]] | None = None
    body: list[tuple[int, str]] = []
    in_stray_run = False
    for number, raw in enumerate(lines, 1):
        line = clean(raw)
        header = HEADER.match(line)
        if header:
            if start:
                yield _make_chunk(start, body)
            start, body = (number, header), []
        elif start:
            if line:
                body.append((number, line))
        elif not line:
            in_stray_run = False
        elif not in_stray_run:
            in_stray_run = True
            problems.append(
                Problem(
                    f"unrecognized line {line[:50]!r}; expected a header like "
                    "'LGNov 28, 2022' (category badge, date, optional 'Code')",
                    source,
                    number,
                )
            )
    if start:
        yield _make_chunk(start, body)


def _make_chunk(start: tuple[int, re.Match[str]], body: list[tuple[int, str]]) -> _Chunk:
    line, header = start
    title_lineno, title_line = body[0] if body else (line + 1, None)
    abstract = " ".join(text for _, text in body[1:])
    return _Chunk(line, header, title_line, title_lineno, abstract)


def _parse_chunk(
    chunk: _Chunk, source: str, as_of: dt.date, known: frozenset[str]
) -> tuple[Record | None, tuple[Problem, ...]]:
    where = f"{source}:{chunk.line}"
    if chunk.title_line is None:
        return None, (Problem("record has a header but no title/author line; skipped", source, chunk.line),)
    parsed = split_title_line(chunk.title_line, known)
    if parsed is None:
        return None, (Problem(
            "cannot find where the title ends and the author list begins in "
            f"{chunk.title_line[:70]!r}; expected 'TitleFirst Author, Second Author'",
            source,
            chunk.title_lineno,
        ),)
    title, authors, truncated, affiliations = parsed
    badge = chunk.header["badge"]
    category = category_for_badge(badge)
    problems = []
    if category is None:
        category = badge
        problems.append(Problem(f"unknown category badge {badge!r}; kept as given", source, chunk.line))
    warnings: list[str] = []
    issued = _resolve_date(chunk.header, as_of, warnings)
    problems.extend(Problem(warning, source, chunk.line) for warning in warnings)
    record = Record(
        type="article",
        title=title,
        author=tuple(map(_parse_name, authors)),
        issued=issued,
        abstract=chunk.abstract,
        categories=(category,),
        fields=(("publisher", "arXiv"), ("genre", "Preprint")),
        affiliations=affiliations,
        authors_truncated=truncated,
        has_code=bool(chunk.header["code"]),
        source=where,
    )
    return record, tuple(problems)


def _resolve_date(header: re.Match[str], as_of: dt.date, warnings: list[str]) -> Date | None:
    """The header's date; an impossible one (``Feb 30, 2023``) is kept to the month, with a warning."""
    month = MONTHS[header["month"][:3].lower()]
    day = int(header["day"])
    written = f"{header['month']} {header['day']}" + (f", {header['year']}" if header["year"] else "")
    if header["year"]:
        return make_date(int(header["year"]), month, day, text=written, warnings=warnings)
    if not 1 <= day <= _MONTH_DAYS[month]:  # no year has it: Feb 30, Apr 31
        year = as_of.year if month <= as_of.month else as_of.year - 1
        warnings.append(f"date {written!r}: day {day} is not a day of month {month}; read as {year}-{month:02}")
        return Date(year, month)
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


_MONTH_DAYS = dict(enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), 1))

# Listings repeat authors: parse each distinct name once (Person is immutable).
_parse_name = functools.lru_cache(maxsize=1 << 16)(parse_name)


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
#   1. the one whose author list holds the most names that appear, as written, after the
#      first author of some line in the same listing wins (listings repeat authors; this
#      resolves "GenerationKwangHwan Cho" when "KwangHwan Cho" is listed elsewhere, and keeps
#      "GenerationSherry Yang, KwangHwan Cho" whole even if a "Hwan Cho" is listed elsewhere);
#   2. otherwise the first author with the fewest unusual name words (inner capitals, or
#      several capitals in a row) wins, since camel case and acronyms in titles ("PyTorch",
#      "ImageNet", "MDPs") are commoner than names like "KwangHwan" or "DU"
#      (a split inside a title's "PyTorch ModelsJane Doe" would make a name "Torch
#      ModelsJane Doe"); a split inside a capital run ("LLMTianjun") falls before the last
#      capital, because a given name never starts with two capitals;
#   3. then a split after a lower-case letter, digit or sign over one inside a capital run
#      ("MDPs ModelsEkin" is "MDPs Models" + "Ekin", not "MD" + "Ps Models...");
#   4. then the leftmost (longest author list, shortest title).


def split_title_line(
    line: str, known: frozenset[str] = frozenset()
) -> tuple[str, tuple[str, ...], bool, tuple[str, ...]] | None:
    """Split a title line into (title, author names, truncated, affiliations), or None.

    ``known``: what the listing shows after the first author of its title lines
    (:func:`known_names`); the names among it rank the split points (see the rule above).
    """
    affiliations: tuple[str, ...] = ()
    if AFFILIATION_SEPARATOR in line:
        line, _, tail = line.rpartition(AFFILIATION_SEPARATOR)
        affiliations = tuple(a.strip() for a in tail.split(",") if a.strip())
    line = line.rstrip()
    et_al = _et_al_start(line)
    if et_al is not None:
        line = line[:et_al]
    # The names after each ", " (suffixes joined to the name before them: "King, Jr."), and
    # whether every name from the g-th on is a name; each checked once per line.
    pieces = line.split(", ")
    stripped = [piece.strip() for piece in pieces]
    suffix = [False] + [is_suffix(piece) for piece in stripped[1:]]
    if True in suffix:
        merged: list[str] = []
        group = [0] * (len(pieces) + 1)  # piece index (not a suffix's) -> index in ``rest`` of its name
        for i, piece in enumerate(pieces):
            if merged and suffix[i]:
                merged[-1] = f"{merged[-1]}, {stripped[i]}"
            else:
                group[i] = len(merged)
                merged.append(piece)
        group[-1] = len(merged)
        rest = [name.strip() for name in merged]
    else:
        group, rest = list(range(len(pieces) + 1)), stripped
    valid = [True] * (len(rest) + 1)
    for g in range(len(rest) - 1, -1, -1):
        valid[g] = valid[g + 1] and _is_name(rest[g], first=False)
    title_start = len(line) - len(line.lstrip())
    starts = list(itertools.accumulate((len(piece) + 2 for piece in pieces[:-1]), initial=0))

    names_after = [len(pieces)] * len(pieces)  # piece k -> the first piece after it that is not a suffix
    for k in range(len(pieces) - 2, -1, -1):
        names_after[k] = names_after[k + 1] if suffix[k + 1] else k + 1

    # Split points lie in a piece followed by names only (from piece k0 on, as valid[g] holds
    # for every g after one where it holds), with at most 6 spaces (a first name has at most 6
    # words) before the piece's end: look only after the 7th space before the end of piece k0.
    k0 = 0
    while not valid[group[names_after[k0]]]:
        k0 += 1
    low = cut = starts[k0] + len(pieces[k0])
    for _ in range(7):
        cut = line.rfind(" ", starts[k0], cut)
        if cut < 0:
            low = starts[k0]
            break
    else:
        low = cut + 1
    # A first name is also at most FIRST_NAME_CHARS long: only the glue points that close to
    # the end of their piece are tried, so a line is split in time linear in its length (a
    # 200,000-character title of camel case or capitals took minutes when each was tried).
    candidates: list[tuple[int, str, int]] = []  # (split point, first name, g)
    for k in range(k0, len(pieces)):
        end = starts[k] + len(pieces[k])
        for p in _glue_points(line, max(low if k == k0 else starts[k], end - FIRST_NAME_CHARS), end):
            if p <= title_start or line.count(" ", p, end) > 6:
                continue
            i = names_after[k]
            first = ", ".join([pieces[k][p - starts[k] :], *stripped[k + 1 : i]]).strip()
            if _is_name(first, first=True):
                candidates.append((p, first, group[i]))
    if not candidates:
        return None

    if len(candidates) == 1:
        p, first, g = candidates[0]
        return line[:p].rstrip(), (first, *rest[g:]), et_al is not None, affiliations
    lowest = min(g for _, _, g in candidates)
    known_from = [0] * (len(rest) + 1)  # known names among rest[g:], counted once for every g
    for g in range(len(rest) - 1, lowest - 1, -1):
        known_from[g] = known_from[g + 1] + (rest[g] in known and _is_name(rest[g], first=True))

    def rank(candidate: tuple[int, str, int]) -> tuple[int, int, bool, int]:
        p, first, g = candidate
        return (
            -((first in known) + known_from[g]),
            sum(map(_is_unusual_name_word, first.split(" "))),
            line[p - 1].isupper(),
            p,
        )

    p, first, g = min(candidates, key=rank)
    return line[:p].rstrip(), (first, *rest[g:]), et_al is not None, affiliations


def _et_al_start(line: str) -> int | None:
    """Where ``ET_AL`` matches in ``line`` (``, et al.`` at its end), or None.

    By hand: a regex search would try every position of a long run of whitespace, each time
    to the end of the run (quadratic)."""
    body = line.removesuffix(".")
    if not body.endswith("al"):
        return None
    body = body[:-2]
    before = body.rstrip()
    if len(before) == len(body) or not before.endswith("et"):
        return None
    body = before[:-2]
    before = body.rstrip()
    if len(before) == len(body):
        return None
    return len(before) - 1 if before.endswith(",") else len(before)


# Every possible glue point: a letter, not lower-case ASCII, after a character that is not a
# space, hyphen or apostrophe.
# The lower-case letters of Latin-1, Latin Extended, Greek and Cyrillic are left out too
# (never a glue point; names in these scripts would otherwise match at every letter).
_LOWER = "".join(c for c in map(chr, range(0xC0, 0x530)) if c.islower())
_GLUE_CANDIDATE = re.compile(rf"(?<=[^\s'’-])[^\W\d_a-z{_LOWER}]")


def _glue_points(line: str, start: int, end: int) -> list[int]:
    """The glue points in ``line[start:end]``."""
    points = []
    for match in _GLUE_CANDIDATE.finditer(line, start, end):
        p = match.start()
        ch, prev = line[p], line[p - 1]
        if prev.isspace() or prev in "-'’" or not ch.isalpha():
            continue
        if ch.isupper() or (not ch.islower() and prev.isalpha() and (prev.isupper() or prev.islower())):
            points.append(p)  # a capital, or an uncased letter right after a cased one
    return points


@functools.lru_cache(maxsize=1 << 16)  # the same names recur at each split point and across lines
def _is_name(name: str, *, first: bool) -> bool:
    core, _, suffix = name.partition(", ")
    words = core.split(" ")
    if first:  # a name (cached: names come first and later) that starts with a given name
        return (len(words) > 1 or _is_uncased(words[0])) and _is_given_word(words[0]) and _is_name(name, first=False)
    if suffix and not is_suffix(suffix):
        return False
    if not 1 <= len(words) <= 6:
        return False
    if all(map(_is_name_word, words)):
        return True
    for i, word in enumerate(words):
        if 0 < i < len(words) - 1 and is_particle(word):
            continue
        if i == len(words) - 1 and i > 1 and is_suffix(word):
            continue
        if not _is_name_word(word):
            return False
    return True


@functools.lru_cache(maxsize=1 << 16)
def _is_name_word(word: str) -> bool:
    """A capitalised word whose parts (split at hyphens and apostrophes) are each all capitals
    (``O``, ``J.``, ``DU``), uncased letters, or capitals each followed by lower case
    (``Parker``, ``McDonald``, ``KwangHwan``) — never a mix like ``TEMPERAEkin`` or three
    humps like ``PyTorchEkin``."""
    if not _NAME_WORD.match(word) or not (word[0].isupper() or _is_uncased(word)):
        return False
    if not word.isascii() and len({_script(c) for c in word if c.isalpha()}) > 1:
        return False  # "МоделиEkin": a script change inside a word is glue, not a name
    return all(_is_name_part(part) for part in _NAME_WORD_PARTS.split(word))


_NAME_WORD_PARTS = re.compile(r"['’-]")
_INITIALS = re.compile(r"(?:[^\W\d_]\.)(?:-?[^\W\d_]\.)*")


def _script(char: str) -> str:
    """First word of the Unicode name: LATIN, CYRILLIC, GREEK, CJK, HANGUL, ARABIC, ..."""
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _is_name_part(part: str) -> bool:
    if part.endswith("."):
        part = part[:-1]
        if len(part) > 1 and part.isupper():
            return False  # "J." is an initial; "TEMPERAJ." is not
    if not part.isalpha():
        return False
    if part.isupper() or _is_uncased(part):
        return True
    capitals = [nxt for ch, nxt in zip(part, part[1:] + " ") if ch.isupper()]
    # At most two humps: "McDonald", "KwangHwan"; "PyTorchEkin" is a title word glued to a name.
    return part[0].isupper() and len(capitals) <= 2 and all(nxt.islower() for nxt in capitals)


def _is_given_word(word: str) -> bool:
    """A given name: ``Ekin``, ``Kuang-Huei``, ``KwangHwan``, ``J.``, or an uncased-script word."""
    if not word[:1].isupper():
        return _is_uncased(word)
    return bool(_INITIALS.fullmatch(word)) or (_is_name_word(word) and len(word) > 1 and word[1].islower())


def _is_uncased(word: str) -> bool:
    if word.isascii():  # ASCII letters are all cased
        return not word
    return all(c.isalpha() and not c.isupper() and not c.islower() for c in word)


@functools.lru_cache(maxsize=1 << 16)
def _is_unusual_name_word(word: str) -> bool:
    """Camel case (``KwangHwan``) or several capitals (``DU``): possible in names, likelier in titles."""
    letters = [c for c in word if c.isalpha()]
    inner_capital = any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))
    return inner_capital or (len(letters) > 1 and all(c.isupper() for c in letters))


def _known_names(lines: Iterable[str | None]) -> frozenset[str]:
    """What appears after the first author in some title line: unambiguous evidence for the
    names among it (the splitter checks that they are names when it counts them)."""
    names: set[str] = set()
    for line in lines:
        if not line:
            continue
        body = line.rpartition(AFFILIATION_SEPARATOR)[0] if AFFILIATION_SEPARATOR in line else line
        cut = _et_al_start(body.removesuffix("\n"))
        if cut is not None:
            body = body[:cut]
        pieces = body.split(", ")[1:]
        names.update(p for p in pieces if " " in p)
    return frozenset(names)

