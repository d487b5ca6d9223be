"""Citation keys: readable, deterministic, ASCII, unique case-insensitively, and pinnable.

The key of a record comes from a template (``{author}{year}{title}`` by default, giving
``akyurek2022learning``); see README, "Citation keys", for the language.  Every field value
is reduced to lowercase ASCII letters and digits (unidecode: ``Akyürek`` -> ``akyurek``).

Assignment (:func:`assign_keys`), in this order:

1. Records matching an entry of a ``keys_from`` file (same normalized title, first author
   family name and year) take that entry's key; then keys that came with the input are
   kept unless ``rekey``.
2. Every other record gets its generated key.  All keys of the ``keys_from`` file are
   reserved, so a new record never takes the key of an old one.
3. Records whose generated keys clash (case-insensitively: citeproc lowercases ids) are
   ordered by date, then title, then authors; the first keeps the bare key and the others
   get ``a``, ``b``, ... ``z``, ``aa``, ... appended (``raman2024scaling``,
   ``raman2024scalinga``), or put where the template has ``{suffix}``.

An input key that is not kept (used by an earlier record, or unusable) is renamed; :func:`key_changes`
reports each one, since a document citing the old key would now cite another paper.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from unidecode import unidecode

from .errors import KeyFormatError, Problem
from .merge import identity, split_source
from .richtext import plain
from .model import Person, Record
from .text import match_key

DEFAULT_FORMAT = "{author}{year}{title}"
ANONYMOUS = "anon"  # the name part of a record with neither authors nor editors
ET_AL = ("et", "al")

# Words skipped when taking "significant" words from a title (and from institution names):
# English function words, plus the articles of French, German, Spanish and Italian titles.
STOPWORDS = frozenset(
    # English
    "a an the and or but nor for of on in at to by with from into onto upon via as is are was "
    "were be been being do does did can could will would shall should may might must has have "
    "had how what when where which who whom why whose toward towards over under about against "
    "between through without within its it this that these those our we you your their they "
    "i my me us not no vs versus per than then so if"
    # French, German, Spanish, Italian articles and contractions
    " le la les l un une des du d der die das den dem ein eine einer eines el los las una unos "
    "il lo gli".split()
)

# Characters that break a key in BibTeX, biber, LaTeX's \cite or pandoc: an input key
# containing any of these (or whitespace) is replaced by a generated one.
_BAD_KEY_CHARS = frozenset(',{}()"\'#%=\\~')
_LITERAL = re.compile(r"[A-Za-z0-9_:-]+")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)", re.S)
_MARKUP = re.compile(r"<[^>]*>|\\[A-Za-z]+\*?|\\[^A-Za-z\s]")
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9'&]+")
# A Greek letter standing alone (``The ε-Greedy``, ``β-VAE``; MICRO SIGN is mu) is spelled by
# its name, as a reader says it; in a title with Greek words (``Η ιστορία``) unidecode takes them all.
_GREEK_WORD = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]{2}")
_LONE_GREEK = re.compile(r"(?<![^\W\d_])[\u0391-\u03a9\u03b1-\u03c9\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u00b5](?![^\W\d_])")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def ascii_word(text: str) -> str:
    """Lowercase ASCII letters and digits of ``text`` (``Akyürek`` -> ``akyurek``)."""
    return _NOT_ALNUM.sub("", (text if text.isascii() else unidecode(text)).lower())  # unidecode keeps ASCII


def words(text: str) -> list[str]:
    """Significant words of ``text`` as lowercase ASCII.

    Skipped: math (``$...$``, ``\\(...\\)``), HTML and LaTeX markup, punctuation
    (hyphens split words: ``In-context`` -> ``in``, ``context``), digits-only words,
    one-letter words and :data:`STOPWORDS` (as Better BibTeX skips them).  Apostrophes and
    ampersands are dropped inside words (``Don't`` -> ``dont``, ``Q&A`` -> ``qa``, as Better
    BibTeX's ``nopunct``); a Greek letter on its own is spelled by its name (``ε-Greedy`` ->
    ``epsilon``, ``greedy``).
    """
    return list(_iter_words(text))


def _iter_words(text: str) -> Iterator[str]:
    """:func:`words`, one at a time: unidecode (letter by letter, a space stays a space) runs
    on each space-separated piece when it is reached, so the first words cost little."""
    if "$" in text or "\\" in text:  # what math starts with
        text = _MATH.sub(" ", text)
    if "<" in text or "\\" in text:  # what markup starts with
        text = _MARKUP.sub("", text)
    greek_symbols = not text.isascii() and not _GREEK_WORD.search(text)  # in a Greek title, Η is a word
    for piece in text.split():  # any whitespace: unidecode turns U+0085 (NEXT LINE) into nothing
        # The words are ASCII letters, digits, apostrophes and ampersands: ascii_word() of each, without unidecode.
        if not piece.isascii():
            piece = unidecode(_LONE_GREEK.sub(_greek_name, piece) if greek_symbols else piece)
        for word in _WORD_SPLIT.split(piece):
            word = word.lower().replace("'", "").replace("&", "")
            if len(word) > 1 and not word.isdigit() and word not in STOPWORDS:
                yield word


def _greek_name(match: re.Match[str]) -> str:
    """``ε`` -> `` epsilon ``, ``ϵ`` (GREEK LUNATE EPSILON SYMBOL) -> `` epsilon ``: from the Unicode name."""
    name = unicodedata.name(match[0]).split()
    if name[0] == "MICRO":  # MICRO SIGN
        return " mu "
    return f" {name[-2 if name[-1] == 'SYMBOL' else -1].lower()} "


def person_name(person: Person) -> str:
    """A person's key part: family name with its non-dropping particle, no suffix.

    ``van der Maaten`` -> ``vandermaaten``, ``King, Jr.`` -> ``king``.  A dropping
    particle is left out (``de Gaulle`` with ``de`` dropping -> ``gaulle``).  An institution
    (literal name) of one or two significant words is written in full (``OpenAI`` ->
    ``openai``), a longer one as initials (``World Health Organization`` -> ``who``).
    """
    if person.literal:
        significant = words(person.literal)
        if len(significant) > 2:
            return "".join(w[0] for w in significant)
        return "".join(significant) or ascii_word(person.literal)
    return ascii_word(person.family_full()) or ascii_word(person.given)


def _names(record: Record) -> tuple[list[str], bool]:
    """Key parts of the authors (else editors), and whether the list is known to go on."""
    people = record.author or record.editor
    names = [n for n in (person_name(p) for p in people) if n]
    return names, bool(record.author) and record.authors_truncated


# Fields: name -> (renderer(record, arg) -> parts, allowed args, default arg, arg help).
Renderer = Callable[[Record, int], list[str]]


def _author(record: Record, _: int) -> list[str]:
    first = next(filter(None, map(person_name, record.author or record.editor)), ANONYMOUS)
    return [first]


def _authors(record: Record, count: int) -> list[str]:
    names, more = _names(record)
    if not names:
        return [ANONYMOUS]
    etal = list(ET_AL) if more or len(names) > count else []
    return names[:count] + etal


def _authetal(record: Record, _: int) -> list[str]:
    names, more = _names(record)
    if not names:
        return [ANONYMOUS]
    if len(names) == 2 and not more:
        return names
    return names[:1] + (list(ET_AL) if more or len(names) > 2 else [])


def _year(record: Record, digits: int) -> list[str]:
    return [f"{record.year:04d}"[-digits:]] if record.year is not None else []


def _title(record: Record, count: int) -> list[str]:
    return list(itertools.islice(_iter_words(plain(record.title)), count))


def _category(record: Record, _: int) -> list[str]:
    return [ascii_word(record.categories[0])] if record.categories else []


@dataclass(frozen=True, slots=True)
class _Field:
    render: Renderer
    default: int = 1
    takes_arg: bool = False
    check: Callable[[int], bool] = lambda n: n >= 1
    arg_help: str = "a whole number from 1"


SUFFIX = "suffix"
FIELDS: dict[str, _Field] = {
    "author": _Field(_author),
    "authors": _Field(_authors, default=0, takes_arg=True),
    "authetal": _Field(_authetal),
    "year": _Field(_year, default=4, takes_arg=True, check=lambda n: n in (2, 4), arg_help="2 or 4"),
    "title": _Field(_title, takes_arg=True),
    "category": _Field(_category),
}
MODIFIERS: dict[str, Callable[[str], str]] = {
    "lower": str.lower,
    "upper": str.upper,
    "capitalize": str.capitalize,
}
_FIELD_HELP = "author, authors:N, authetal, year, year:2, title, title:N, category, suffix"


@dataclass(frozen=True, slots=True)
class _Part:
    text: str = ""  # a literal, or the field name when ``field``
    field: bool = False
    arg: int = 0
    modifiers: tuple[str, ...] = ()

    def render(self, record: Record) -> str:
        if not self.field:
            return self.text
        parts = FIELDS[self.text].render(record, self.arg)
        for name in self.modifiers:
            parts = [MODIFIERS[name](p) for p in parts]
        return "".join(parts)

    def case(self, text: str) -> str:
        for name in self.modifiers:
            text = MODIFIERS[name](text)
        return text


@dataclass(frozen=True, slots=True)
class KeyFormat:
    """A parsed ``--key-format`` template; :meth:`parse` it, :meth:`render` records with it."""

    template: str
    before: tuple[_Part, ...]  # the parts before {suffix} (all of them when there is none)
    after: tuple[_Part, ...] = ()
    suffix: _Part = _Part(SUFFIX, field=True)

    @classmethod
    def parse(cls, template: str) -> KeyFormat:
        """Parse ``template``; raise :class:`KeyFormatError` naming the bad part."""
        parts = list(_parse_parts(template))
        suffixes = [i for i, p in enumerate(parts) if p.field and p.text == SUFFIX]
        if len(suffixes) > 1:
            raise _error(template, "{suffix} may appear only once")
        if not any(p.field and p.text != SUFFIX for p in parts):
            raise _error(template, f"it has no field; use some of: {_FIELD_HELP}")
        if not suffixes:
            return cls(template, tuple(parts))
        at = suffixes[0]
        return cls(template, tuple(parts[:at]), tuple(parts[at + 1 :]), parts[at])

    def render(self, record: Record) -> tuple[str, str]:
        """The key of ``record`` without a collision suffix, split where the suffix goes."""
        before = "".join(p.render(record) for p in self.before)
        after = "".join(p.render(record) for p in self.after)
        if not _ALNUM.search(before) and not _ALNUM.search(after):
            return ANONYMOUS, ""
        return before, after

    def key(self, record: Record) -> str:
        return "".join(self.render(record))


def _error(template: str, message: str) -> KeyFormatError:
    return KeyFormatError(f"invalid key format {template!r}: {message}")


def _parse_parts(template: str) -> Iterator[_Part]:
    if not template:
        raise _error(template, f"it is empty; try {DEFAULT_FORMAT!r}")
    pos = 0
    while pos < len(template):
        if template[pos] == "{":
            end = template.find("}", pos)
            if end < 0:
                raise _error(template, f"the '{{' at position {pos} is never closed")
            yield _parse_field(template, template[pos + 1 : end], pos)
            pos = end + 1
            continue
        literal = _LITERAL.match(template, pos)
        if not literal:
            char = template[pos]
            hint = "fields are written {name}" if char == "}" else "use letters, digits, '_', ':' or '-'"
            raise _error(template, f"character {char!r} at position {pos} is not allowed in keys ({hint})")
        yield _Part(literal.group())
        pos = literal.end()


def _parse_field(template: str, spec: str, pos: int) -> _Part:
    where = f"{{{spec}}} at position {pos}"
    name, *modifiers = spec.split("|")
    name, _, arg_text = name.partition(":")
    name = name.strip()
    bad_modifiers = [m for m in modifiers if m not in MODIFIERS]
    if bad_modifiers:
        raise _error(template, f"unknown modifier {bad_modifiers[0]!r} in {where}; modifiers: {', '.join(MODIFIERS)}")
    if name == SUFFIX:
        if arg_text:
            raise _error(template, f"{where}: suffix takes no argument")
        return _Part(SUFFIX, field=True, modifiers=tuple(modifiers))
    field = FIELDS.get(name)
    if field is None:
        raise _error(template, f"unknown field {where}; fields: {_FIELD_HELP}")
    if not field.takes_arg:
        if arg_text:
            hint = "; for several authors use {authors:N}" if name == "author" else ""
            raise _error(template, f"{where}: {name} takes no argument{hint}")
        return _Part(name, field=True, arg=field.default, modifiers=tuple(modifiers))
    if not arg_text and not field.default:
        raise _error(template, f"{where}: {name} needs a count, e.g. {{{name}:2}}")
    arg = int(arg_text) if arg_text.isdecimal() else field.default if not arg_text else -1
    if not field.check(arg):
        raise _error(template, f"{where}: the argument of {name} must be {field.arg_help}, not {arg_text!r}")
    return _Part(name, field=True, arg=arg, modifiers=tuple(modifiers))


DEFAULT = KeyFormat.parse(DEFAULT_FORMAT)


def default_key(record: Record) -> str:
    """``akyurek2022learning``: first author family name, year, first significant title word."""
    return DEFAULT.key(record)


def suffix(n: int) -> str:
    """The ``n``-th collision suffix (1 -> ``a``, 26 -> ``z``, 27 -> ``aa``), as biblatex's extradate letters."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def suffixes() -> Iterator[str]:
    """``a`` .. ``z``, ``aa`` .. ``zz``, ``aaa``, ..."""
    return (suffix(n) for n in itertools.count(1))


def usable(key: str) -> bool:
    """Whether an input key can be kept: non-empty, no whitespace, nothing BibTeX/LaTeX chokes on."""
    return bool(key) and not any(c.isspace() or c in _BAD_KEY_CHARS for c in key)



def pinned_keys(records: Iterable[Record]) -> dict[tuple[str, str, int | None], str]:
    """Identity -> key of every keyed record (the first one wins for duplicates)."""
    out: dict[tuple[str, str, int | None], str] = {}
    for record in records:
        ident = identity(record)
        if record.id and ident is not None:
            out.setdefault(ident, record.id)
    return out


def _candidates(before: str, after: str, fmt: KeyFormat, start: int = 0) -> Iterator[str]:
    """The bare key, then the suffixed ones, from the ``start``-th on."""
    if start == 0:
        yield before + after
    for n in itertools.count(max(start, 1)):
        yield before + fmt.suffix.case(suffix(n)) + after


def _order(record: Record) -> tuple[object, ...]:
    """Who gets the bare key among clashing records: earliest date, then title, then authors."""
    date = record.issued.parts() if record.issued else ()
    authors = [p.display() for p in record.author]
    return (not date, date, match_key(plain(record.title)), authors)


def _clash_order(indices: Iterable[int], records: Sequence[Record]) -> list[int]:
    """``indices`` by :func:`_order`; records equal by it go by their whole content, then index."""
    order = {i: _order(records[i]) for i in indices}
    out: list[int] = []
    for _, run in itertools.groupby(sorted(order, key=lambda i: (order[i], i)), key=order.__getitem__):
        tied = list(run)
        if len(tied) > 1:  # rare: repr is slow
            tied.sort(key=lambda i: (repr(records[i].replace(source="")), i))
        out.extend(tied)
    return out


def assign_keys(
    records: Sequence[Record],
    *,
    rekey: bool = False,
    key_format: str | KeyFormat | None = None,
    keys_from: Iterable[Record] = (),
) -> tuple[Record, ...]:
    """Give every record a key, unique case-insensitively (see the module docstring)."""
    fmt = key_format if isinstance(key_format, KeyFormat) else KeyFormat.parse(key_format or DEFAULT_FORMAT)
    old = list(keys_from)
    pins = pinned_keys(old)
    reserved = {r.id.lower() for r in old if r.id}
    claimed: set[str] = set()
    keys: list[str | None] = [None] * len(records)

    def claim(i: int, key: str) -> bool:
        if key.lower() in claimed:
            return False
        claimed.add(key.lower())
        keys[i] = key
        return True

    for i, record in enumerate(records if pins else ()):
        ident = identity(record)
        if ident in pins:
            claim(i, pins[ident])
    wanted: dict[int, tuple[str, str]] = {}
    for i, record in enumerate(records):
        if keys[i] is not None:
            continue
        if not rekey and usable(record.id):
            if not claim(i, record.id):
                wanted[i] = (record.id, "")  # a duplicate input key: suffixed below
        else:
            wanted[i] = fmt.render(record)

    counts = Counter("".join(parts).lower() for parts in wanted.values())
    groups: dict[str, list[int]] = defaultdict(list)
    for i, (before, after) in wanted.items():
        base = before + after
        if counts[base.lower()] > 1 or base.lower() in reserved or not claim(i, base):
            groups[base.lower()].append(i)
    for base in sorted(groups):
        tried = 0  # candidates before this one are taken: skip them (keeps big groups linear)
        for i in _clash_order(groups[base], records):
            for tried, candidate in enumerate(_candidates(*wanted[i], fmt, tried), start=tried):
                # a suffixed key never takes another group's bare key ({year}{author}: 2024raman + a = 2024ramana)
                if candidate.lower() not in reserved and (tried == 0 or candidate.lower() not in groups) and claim(
                    i, candidate
                ):
                    break
            tried += 1
    return tuple(_with_id(r, k) for r, k in zip(records, keys))


_FIELD_NAMES = [f.name for f in dataclasses.fields(Record)]
_ID = _FIELD_NAMES.index("id")
_VALUES = operator.attrgetter(*_FIELD_NAMES)


def _with_id(record: Record, key: str | None) -> Record:
    """``record.replace(id=key)`` in a third of the time (no per-field work of dataclasses.replace)."""
    values = list(_VALUES(record))
    values[_ID] = key
    return Record(*values)


def key_changes(
    records: Sequence[Record], keyed: Sequence[Record], *, rekey: bool = False, keys_from: Iterable[Record] = ()
) -> list[Problem]:
    """A warning for every input key of ``records`` that :func:`assign_keys` (giving ``keyed``) did not keep.

    Not for ``rekey`` (asked for) nor a key taken from ``keys_from`` (the earlier export's key wins).
    """
    if rekey:
        return []
    pins = pinned_keys(keys_from)
    holders = {record.id.lower(): record for record in keyed}
    problems = []
    for before, after in zip(records, keyed, strict=True):
        if not before.id or after.id == before.id or pins.get(identity(before)) == after.id:
            continue
        if usable(before.id):
            holder = holders.get(before.id.lower())
            message = f"key {before.id!r} already used at {holder.source if holder else 'an earlier record'}"
        else:
            message = f"key {before.id!r} cannot be used (whitespace or one of {''.join(sorted(_BAD_KEY_CHARS))})"
        problems.append(Problem(f"{message}; written as {after.id!r}", *split_source(before.source)))
    return problems
