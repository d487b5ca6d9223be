"""BibTeX and BibLaTeX writers: one field table, two flavours.

arXiv preprints (CSL ``article`` with publisher arXiv, or with arXiv categories) are
written much as arXiv's own BibTeX export writes them, and for BibLaTeX as ``@online`` (the
type biblatex's manual and Zotero's Better BibLaTeX use for preprints) when the id is known::

    @misc{akyurek2022learning,                 @online{akyurek2022learning,
      title = {...},                             title = {...},
      author = {Ekin Akyürek and ... and others},  author = {... and others},
      organization = {arXiv},                    date = {2022-11-28},
      howpublished = {arXiv preprint arXiv:ID},  eprint = {2211.15661},
      year = 2022,                               eprinttype = {arxiv},
      month = nov,                               eprintclass = {cs.LG},
      date = {2022-11-28},                       ...
      eprint = {2211.15661},
      eprinttype = {arxiv},
      primaryClass = {cs.LG},
      ...

Both flavours write biblatex's ``eprinttype`` rather than arXiv's ``archivePrefix``: Zotero's
BibTeX import keeps ``eprint`` (Extra ``arXiv: ID``) only beside ``eprinttype``, and biber
reads ``archivePrefix`` as ``eprinttype`` and warns when both are given.  No ``publisher``:
biber's data model has none on ``@misc``/``@online``, so a publisher there is the
``organization`` (Zotero imports it as the publisher), but for a BibLaTeX preprint, where
``eprinttype`` says arXiv and biblatex would print "arXiv" twice.  With no id, URL or DOI, an
``@online`` is invalid for biber (and biblatex prints no "arXiv" for it): BibLaTeX writes
``@misc`` with ``howpublished = {arXiv preprint}``.  On every entry type, fields biber's data
model lacks there (``DATAMODEL``, biblatex's ``blx-dm.def``: ``publisher`` on ``@article``...) and
an ISBN/ISSN with a wrong check digit go to ``annote`` as ``csl.<variable>: value`` lines, but
for the few a BibTeX style prints (:func:`field_allowed`).  Free-text dates that are a season
or circa and a year are written as that date (``Spring 2020``: ``year = 2020``, ``date = {2020-21}``).

BibTeX flavour only, derived fields that readers should drop:
  * ``howpublished = {arXiv preprint arXiv:ID}`` on preprints (as Google Scholar writes
    it), since natbib styles such as plainnat print no eprint field;
  * ``date = {2022-11-28}`` when the day is known, since BibTeX has no day (BibTeX ignores
    it; biblatex and Zotero read it);
  * ``key = {title}`` on a record with no author or editor and ``year = {n.d.}`` on an
    undated one, so that natbib styles can sort and label them without a warning.

Field order is fixed: ``FIELD_ORDER`` below, then fields kept from BibTeX input.  One
field per line, two-space indent, ``name = {value}``; numbers (``year``) and month
macros bare; a value with line breaks (``annote``, ``note``) continues on lines indented
by four spaces.  Deterministic: the same records give the same bytes.

Where the listing facts go:
  * categories -> ``primaryClass``/``eprintclass`` (the first) and ``keywords`` (all,
    then the record's keywords); Zotero makes tags of ``keywords``;
  * abstract -> ``abstract``; truncated author list -> ``and others``;
  * affiliations, the code flag, and ``extra`` pairs that are not ``bibtex.*`` ->
    ``annote``, one ``Label: value`` line each (the :mod:`bibexport.notes` labels, plus
    ``arXiv categories`` so that keywords and categories can be told apart).  No
    standard style prints ``annote`` (biber reads it as an alias of ``annotation``) and
    Zotero imports it as a child note.

Records read from BibTeX keep their entry type and unknown fields, by this agreement with
the BibTeX reader (:mod:`bibexport.readers.bibtex`), through ``Record.extra``:
  * ``bibtex.type``: the original entry type, used when the target flavour knows it
    (``@online`` is not BibTeX: it becomes ``@misc``);
  * ``bibtex.<field>``: an unknown field as decoded (Unicode) text, written back after the
    known fields and escaped like every other value (``bibtex.annote``: the input's own
    ``annote`` lines, written before the listing facts);
  * ``bibtex.protected``: title phrases braced in the input, braced again;
  * ``bibtex.crossref``/``bibtex.xref``: written only when the parent is written too
    (for BibTeX: after the child), since the child already holds the parent's fields;
  * ``bibtex.@preamble``/``bibtex.@comment``: written as blocks before their record, each
    ``@preamble`` once (records that use its commands hold it too);
  * ``bibtex.@latex``: the raw LaTeX of a field that uses a command of its file's @preamble
    (``\\bibcyr{...}``): written as it is for a field whose text is still what it decodes to
    (whitespace and markup aside: :func:`own_latex`), when the record holds its @preamble and
    that can be written; else the field is written from its text as usual.

Escaping: ``& % $ # _ { } ~ ^ \\`` are escaped in every text field (``\\textbackslash{}``,
``\\textbraceleft{}``... so that braces always balance); non-ASCII text is UTF-8 unless
``ascii`` (then LaTeX escapes, via :func:`bibexport.latex.to_latex`; scripts with no LaTeX
spelling, such as CJK, stay UTF-8).  Math ``$...$`` in titles, abstracts and notes is
kept when it is plain math: printable ASCII, balanced braces, and only commands in
``MATH_COMMANDS``.  Anything else (``$\\input{x}$``, ``\\write18`` outside math) is
escaped and arrives as literal text: input can never inject a TeX command, but for a BibTeX
file's own LaTeX, written back as it was: its ``@preamble``, and the fields that use the
commands it defines (``bibtex.@latex``; no reader takes an ``@`` key from a note).

Case protection: in ``title``, a word with a capital after its first letter in some
hyphen-separated part (``LLM``, ``GPT-4V``, ``PyTorch``, ``TEMPERA``, ``3D``) is wrapped
in braces, and so is math and the capitalised word after ``?``, ``!`` or ``:``
(``learning? {Investigations}``, which plainnat would lowercase); nothing else.  Ordinary capitalised words (``Bayesian``) are
not: BibTeX styles may lowercase them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from ..dates import edtf_text, parse_edtf
from ..latex import MATH_CHARS, UNSET_LATIN, needs_latex, to_latex, to_unicode
from ..model import Date, Person, Record
from ..cslnotes import csl_lines
from ..notes import TRUNCATED, note_lines
from ..richtext import from_latex, has_markup, plain
from ..richtext import to_latex as rich_latex
from ..parallel import join_slices
from ..text import CONTROL, clean

BIBTEX, BIBLATEX = "bibtex", "biblatex"
EXTRA_PREFIX = "bibtex."
EXTRA_TYPE = "bibtex.type"
EXTRA_PROTECTED = "bibtex.protected"
EXTRA_ANNOTE = "bibtex.annote"
CROSSREF = ("bibtex.crossref", "bibtex.xref")
PREAMBLE, OWN_LATEX = "bibtex.@preamble", "bibtex.@latex"
FILE_BLOCKS = (PREAMBLE, "bibtex.@comment")

# CSL type -> (BibTeX entry type, BibLaTeX entry type).  Anything else: misc.
TYPES: dict[str, tuple[str, str]] = {
    "article-journal": ("article", "article"),
    "article-magazine": ("article", "article"),
    "article-newspaper": ("article", "article"),
    "paper-conference": ("inproceedings", "inproceedings"),
    "book": ("book", "book"),
    "chapter": ("incollection", "incollection"),
    "entry-encyclopedia": ("incollection", "inreference"),
    "report": ("techreport", "report"),
    "thesis": ("phdthesis", "thesis"),
    "manuscript": ("unpublished", "unpublished"),
    "webpage": ("misc", "online"),
    "post-weblog": ("misc", "online"),
    "dataset": ("misc", "dataset"),
    "software": ("misc", "software"),
    "article": ("misc", "online"),  # preprints and working papers
}
BIBTEX_TYPES = frozenset(
    "article book booklet conference inbook incollection inproceedings manual mastersthesis "
    "misc phdthesis proceedings techreport unpublished".split()
)
BIBLATEX_TYPES = BIBTEX_TYPES | frozenset(
    "bookinbook collection dataset inreference mvbook mvcollection mvproceedings mvreference "
    "online patent periodical reference report set software suppbook suppcollection "
    "suppperiodical thesis xdata artwork audio image legal legislation letter movie music "
    "performance review standard video".split()
)
# Types whose CSL container-title is a book title rather than a journal.
BOOK_PARTS = frozenset({"paper-conference", "chapter", "entry-encyclopedia"})
# Types whose CSL publisher is the degree-granting or issuing body: (BibTeX, BibLaTeX) field.
PUBLISHER_FIELD = {"thesis": ("school", "institution"), "report": ("institution", "institution")}
# biber's data model (biblatex's blx-dm.def, checked with ``biber --validate-datamodel``): the
# fields FIELDS writes that only some entry types have, and which types have each.  A field an
# entry type lacks is not written (biber warns "Invalid field"); its value goes to ``annote`` as
# a ``csl.<variable>: value`` line (a publisher on @misc/@online goes to ``organization``).
# tests/writers/test_bibtex.py checks this table against blx-dm.def.
TYPED_FIELDS = frozenset(
    "journaltitle booktitle series edition volume number pages chapter publisher institution location type "
    "howpublished organization isbn issn note language version pubstate addendum".split()
)
DATAMODEL: dict[str, frozenset[str]] = {t: frozenset(f.split()) for t, f in {
    "article": "journaltitle series volume number pages issn note language version pubstate addendum",
    "book": "series edition volume number pages chapter publisher location isbn note language pubstate addendum",
    "bookinbook": "booktitle series edition volume number pages chapter publisher location isbn note language pubstate addendum",
    "booklet": "pages chapter location type howpublished note language pubstate addendum",
    "collection": "series edition volume number pages chapter publisher location isbn note language pubstate addendum",
    "dataset": "series edition number publisher location type organization note language version pubstate addendum",
    "inbook": "booktitle series edition volume number pages chapter publisher location isbn note language pubstate addendum",
    "incollection": "booktitle series edition volume number pages chapter publisher location isbn note language pubstate addendum",
    "inproceedings": "booktitle series volume number pages chapter publisher location organization isbn note language pubstate addendum",
    "inreference": "booktitle series edition volume number pages chapter publisher location isbn note language pubstate addendum",
    "manual": "series edition number pages chapter publisher location type organization isbn note language version pubstate addendum",
    "misc": "location type howpublished organization note language version pubstate addendum",
    "online": "organization note language version pubstate addendum",
    "patent": "number location type note version pubstate addendum",
    "periodical": "series volume number issn note language pubstate addendum",
    "proceedings": "series volume number pages chapter publisher location organization isbn note language pubstate addendum",
    "reference": "series edition volume number pages chapter publisher location isbn note language pubstate addendum",
    "report": "number pages chapter institution location type note language version pubstate addendum",
    "software": "location type howpublished organization note language version pubstate addendum",
    "thesis": "pages chapter institution location type note language pubstate addendum",
    "unpublished": "location type howpublished note language pubstate addendum",
}.items()}
# biblatex's ``type`` (mandatory for these) when the record has no genre: what BibTeX's
# @techreport, written by the BibTeX flavour, stands for (the reader drops it again).
DEFAULT_TYPE = {"report": "techreport"}
# BibTeX names biber reads as its own (its default source map), entry types and fields.
BIBER_TYPES = {"techreport": "report", "phdthesis": "thesis", "mastersthesis": "thesis", "conference": "inproceedings"}
BIBER_FIELDS = {"journal": "journaltitle", "address": "location", "school": "institution"}


# Fields a standard BibTeX style prints for an entry type although biber's data model lacks them
# there (btxdoc's field lists, plainnat.bst): the BibTeX flavour keeps them.  The booktitle of a
# @book or @proceedings (a crossref parent's, as in xampl.bib, which BibTeX children inherit) is
# kept in both flavours.
BIBTEX_STYLE_FIELDS = frozenset({("incollection", "type"), ("inbook", "type"), ("booklet", "isbn")})
KEPT_FIELDS = frozenset({("book", "booktitle"), ("proceedings", "booktitle")})


def datamodel_allows(entry: str, field: str) -> bool:
    """True when biber's data model has ``field`` (either flavour's name) for entry type ``entry``."""
    allowed = DATAMODEL.get(BIBER_TYPES.get(entry, entry))
    field = BIBER_FIELDS.get(field, field)
    return allowed is None or field not in TYPED_FIELDS or field in allowed


def field_allowed(entry: str, field: str, flavour: str) -> bool:
    """Whether ``field`` is written on an ``entry`` of ``flavour``: biber's data model has it there, or
    a BibTeX style prints it (:data:`BIBTEX_STYLE_FIELDS`, :data:`KEPT_FIELDS`).  Else its value goes
    to ``annote`` as a ``csl.<variable>: value`` line, which every reader takes back."""
    if (entry, field) in KEPT_FIELDS or flavour == BIBTEX and (entry, field) in BIBTEX_STYLE_FIELDS:
        return True
    return datamodel_allows(entry, field)


def _isbn_ok(value: str) -> bool:
    digits = re.sub(r"[\s-]", "", value)
    if re.fullmatch(r"\d{9}[\dXx]", digits):
        return sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits)) % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", digits):
        return sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits)) % 10 == 0
    return False


def _issn_ok(value: str) -> bool:
    m = re.fullmatch(r"\s*(\d{4})-?(\d{3}[\dXx])\s*", value)
    if not m:
        return False
    digits = m.group(1) + m.group(2)
    return sum((8 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits)) % 11 == 0


# biber checks the check digit of an ISBN or ISSN ("Invalid ISSN in value of field 'issn'"): one
# that fails goes to annote (csl.ISSN: ...) rather than to a field biber warns about.
CHECKED_NUMBERS = {"isbn": _isbn_ok, "issn": _issn_ok}


# CSL variable -> (BibTeX field, BibLaTeX field).  "container-title" depends on the type.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("container-title", "journal", "journaltitle"),
    ("collection-title", "series", "series"),
    ("edition", "edition", "edition"),
    ("volume", "volume", "volume"),
    ("issue", "number", "number"),
    ("number", "number", "number"),
    ("page", "pages", "pages"),
    ("chapter-number", "chapter", "chapter"),
    ("medium", "howpublished", "howpublished"),
    ("publisher", "publisher", "publisher"),
    ("publisher-place", "address", "location"),
    ("genre", "type", "type"),
    ("DOI", "doi", "doi"),
    ("URL", "url", "url"),
    ("ISBN", "isbn", "isbn"),
    ("ISSN", "issn", "issn"),
    ("language", "language", "langid"),
    ("note", "note", "note"),
)
_FIELD_INDEX = {csl: i for i, (csl, *_) in enumerate(FIELDS)}
# CSL language (BCP 47) -> babel/polyglossia name for biblatex's ``langid``.  Other codes
# go to ``language`` (a babel error under ``autolang`` would be worse than a printed code).
LANGIDS = {
    "en": "english", "en-us": "american", "en-gb": "british", "de": "ngerman", "fr": "french",
    "es": "spanish", "it": "italian", "pt": "portuguese", "pt-br": "brazilian", "nl": "dutch",
    "ru": "russian", "uk": "ukrainian", "pl": "polish", "tr": "turkish", "el": "greek",
    "cs": "czech", "sv": "swedish", "da": "danish", "fi": "finnish", "nb": "norsk", "ja": "japanese",
}
# CSL name variable -> the biblatex field of that role (bibtex ignores it, harmlessly).
ROLE_FIELDS = {"translator": "translator", "container-author": "bookauthor"}
# CSL name variable -> biblatex ``editortype`` for editora/editorb/editorc (biblatex manual
# 2.3.6: editor, compiler, founder, continuator, redactor, reviser, collaborator, organizer).
EDITOR_TYPES = {"compiler": "compiler", "organizer": "organizer", "contributor": "collaborator"}
EDITOR_SLOTS = ("editora", "editorb", "editorc")
# CSL date variable -> biblatex date field.
DATE_FIELDS = {"accessed": "urldate", "original-date": "origdate", "event-date": "eventdate"}
# The fixed output order (names of both flavours; each entry uses the ones it has).
FIELD_ORDER = (
    "title", "author", "editor", "translator", "bookauthor", "editora", "editoratype", "editorb",
    "editorbtype", "editorc", "editorctype", "key", "journal", "journaltitle", "booktitle", "series", "edition",
    "volume", "number", "pages", "chapter", "publisher", "school", "institution", "organization", "address", "location",
    "type", "howpublished", "year", "month", "date", "origdate", "eventdate", "urldate", "eprint", "eprinttype",
    "archiveprefix", "primaryclass",
    "eprintclass", "pubstate", "doi", "url", "isbn", "issn", "language", "langid", "abstract",
    "keywords", "note", "addendum", "annote",
)
_ORDER_RANK = {name: i for i, name in enumerate(FIELD_ORDER)}
# Spelling of field names that are not all lowercase (arXiv's own export spells them so).
SPELLING = {"archiveprefix": "archivePrefix", "primaryclass": "primaryClass"}
VERBATIM_FIELDS = frozenset({"doi", "url"})  # written as-is (\url, \doi), minus unsafe characters
MATH_FIELDS = frozenset({"title", "abstract", "note", "annote"})
UNDATED = "n.d."
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ARXIV_ID = re.compile(r"^(?:arXiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)$", re.I)

# Commands allowed inside $...$: Greek, operators, relations, arrows, accents, fonts.
MATH_COMMANDS = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu
    nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta
    Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
    frac dfrac tfrac sqrt sum prod coprod int iint oint lim limsup liminf sup inf max min arg
    log ln exp sin cos tan sinh cosh tanh det dim ker Pr gcd deg hom mod bmod pmod
    mathbb mathcal mathbf mathrm mathit mathsf mathtt mathfrak mathscr boldsymbol bm
    text textrm textit textbf textsf texttt operatorname
    left right middle big Big bigg Bigg bigl bigr Bigl Bigr
    cdot cdots ldots dots vdots ddots times div pm mp ast star circ bullet oplus ominus otimes
    odot wedge vee cap cup setminus neg lnot land lor
    leq geq le ge neq ne approx sim simeq cong equiv propto ll gg prec succ preceq succeq
    subset subseteq supset supseteq in notin ni mid nmid parallel perp models vdash
    emptyset varnothing forall exists nexists partial nabla infty ell hbar Re Im aleph
    to gets mapsto rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow
    longrightarrow longleftarrow implies iff uparrow downarrow
    hat bar tilde widetilde widehat vec dot ddot check breve acute grave overline underline
    overbrace underbrace prime langle rangle lfloor rfloor lceil rceil vert Vert lvert rvert
    lVert rVert top bot intercal colon quad qquad displaystyle textstyle scriptstyle
    mathop limits nolimits star dagger surd varpi""".split()
)
_MATH_SYMBOLS = frozenset(",;:!| {}%#&_")  # \, \; \: \! \| \  \{ \} \% \# \& \_
_MATH_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.S)
_MATH = re.compile(r"\$(?=\S)(?:[^$\\]|\\.)+?(?<=\S)\$(?!\d)", re.S)


# Text ---------------------------------------------------------------------------------


def math_spans(text: str) -> Iterator[tuple[bool, str]]:
    """Split ``text`` into (is_math, piece), math being ``$...$`` by pandoc's rule.

    An opening ``$`` is followed by a non-space, a closing ``$`` follows a non-space and
    is not followed by a digit (so ``$5 and $10`` is text).
    """
    pos = 0
    for m in _MATH.finditer(text):
        if m.start() > pos:
            yield False, text[pos : m.start()]
        yield True, m.group(0)
        pos = m.end()
    if pos < len(text):
        yield False, text[pos:]


def is_safe_math(math: str) -> bool:
    """``$...$`` that can go to LaTeX as it is: it can only typeset, never run commands."""
    body = math[1:-1]
    if not body or "^^" in body or not all(" " <= c <= "~" for c in body):
        return False
    for m in _MATH_COMMAND.finditer(body):
        name = m.group(1)
        if not (name in MATH_COMMANDS or name in _MATH_SYMBOLS):
            return False
    names = [m.group(1) for m in _MATH_COMMAND.finditer(body)]
    if names.count("left") != names.count("right"):
        return False
    rest = _MATH_COMMAND.sub("", body)
    return not any(c in rest for c in "\\%#&$") and balanced(rest) and balanced(body)


def balanced(text: str) -> bool:
    """Braces balance and never close more than is open (BibTeX counts ``\\{`` too)."""
    depth = 0
    for c in text:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


_BRACE_OR_DOLLAR = re.compile(r"[{}$]")
_BRACE_OR_DOLLAR_SPLIT = re.compile(r"([{}$])")


# A Greek letter standing alone (``ε-greedy``, ``β-VAE``, ``Δ``: not inside a Greek word, which
# needs babel's Greek fonts and stays UTF-8) and the math symbols of MATH_CHARS, which pdfLaTeX's
# default input encoding does not know: written as math in braces (``{$\\varepsilon$}``: the
# braces keep styles from changing the case of ``\\Gamma``).
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_GREEK_LETTERS = "".join(c for c in MATH_CHARS if "\u0370" <= c <= "\u03ff")
_SYMBOLS = "".join(c for c in MATH_CHARS if c not in _GREEK_LETTERS)
_MATH_CHAR = re.compile(f"(?<![{_GREEK}])[{_GREEK_LETTERS}](?![{_GREEK}\u0300-\u036f])|[{_SYMBOLS}]")


def _math_char(m: re.Match[str]) -> str:
    return "{$\\" + MATH_CHARS[m.group()] + "$}"


def escape_plain(text: str, ascii: bool = False) -> str:
    """Escape text for a BibTeX value: every special character, braces as commands, control
    characters as spaces, lone Greek letters and math symbols as math (``{$\\varepsilon$}``)."""
    out = _escape_text(text, ascii)
    if not out.isascii() and _MATH_CHAR.search(out):
        return _MATH_CHAR.sub(_math_char, out)
    return out


def _escape_text(text: str, ascii: bool) -> str:
    if text.isalpha() and (text.isascii() or not ascii and not UNSET_LATIN.search(text)):
        return text  # a name, a word: no special character, no letter pdfLaTeX lacks (ẗ)
    if not text:
        return text
    if not text.isprintable():  # printable text has no control characters
        text = CONTROL.sub(" ", text)
    if not ("{" in text or "}" in text or "$" in text):
        return to_latex(text, ascii=ascii)
    out = []
    for piece in _BRACE_OR_DOLLAR_SPLIT.split(text):
        if piece == "{":
            out.append("\\textbraceleft{}")
        elif piece == "}":
            out.append("\\textbraceright{}")
        elif piece == "$":
            out.append("\\$")
        elif piece:
            out.append(to_latex(piece, ascii=ascii))
    return "".join(out)


def is_plain(text: str, ascii: bool = False) -> bool:
    """True when :func:`escape_plain` leaves ``text``, and every part of it, unchanged."""
    return not (CONTROL.search(text) or _BRACE_OR_DOLLAR.search(text) or needs_latex(text, ascii=ascii)
                or not text.isascii() and _MATH_CHAR.search(text))


def escape(text: str, ascii: bool = False, *, math: bool = False) -> str:
    """Escape a text value; with ``math``, plain ``$...$`` (see :func:`is_safe_math`) is kept."""
    if not math or "$" not in text:
        return escape_plain(text, ascii)
    out = []
    for is_math, piece in math_spans(text):
        if is_math and is_safe_math(piece):
            out.append(piece)
        else:
            out.append(escape_plain(piece, ascii))
    return "".join(out)


_WORD = re.compile(r"\S+")
_WORD_PARTS = re.compile(r"[-‐–—/]")
_EDGE_PUNCT = "\"'“”‘’«»()[]:;,.!?"


@functools.lru_cache(maxsize=1 << 16)
def needs_protection(word: str) -> bool:
    """True for words a style must not lowercase: a capital after the first letter of a part."""
    for part in _WORD_PARTS.split(word):
        if any(c.isupper() for c in part[1:]) and sum(c.isalpha() or c.isdigit() for c in part) > 1:
            return True
    return False


def escape_title(title: str, ascii: bool = False, protected: Iterable[str] = ()) -> str:
    """A title value: escaped, math kept and braced, case-sensitive words braced, and so are
    the ``protected`` phrases (words braced in the BibTeX input that the rule would miss)."""
    phrases = sorted({p for p in protected if p.strip()}, key=len, reverse=True)
    keep = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in phrases)) if phrases else None
    out = []
    for is_math, piece in math_spans(title):
        if is_math and is_safe_math(piece):
            out.append("{" + piece + "}")
            continue
        pos = 0
        for m in keep.finditer(piece) if keep else ():
            out.append(_protect_words(piece[pos : m.start()], ascii))
            out.append("{" + escape_plain(m.group(0), ascii) + "}")
            pos = m.end()
        out.append(_protect_words(piece[pos:], ascii))
    return "".join(out)


# A word ending a clause with ``?``, ``!`` or ``:`` (plainnat's change.case$ lowercases the next
# word after ``?`` and ``!``: "learning? investigations"): the capitalised word after it is braced.
_CLAUSE_END = re.compile(r"[?!:][\"'”’)\]]*$")


def sentence_starts(title: str) -> set[str]:
    """The capitalised words (edge punctuation stripped) right after a ``?``, ``!`` or ``:``, which
    :func:`escape_title` braces so that no style lowercases them."""
    found, prev = set(), ""
    for word in title.split():
        core = word.strip(_EDGE_PUNCT)
        if core[:1].isupper() and _CLAUSE_END.search(prev):
            found.add(core)
        prev = word
    return found


def _protect_words(text: str, ascii: bool) -> str:
    plain = is_plain(text, ascii)
    out, pos, prev = [], 0, ""
    for m in _WORD.finditer(text):
        gap, word = text[pos : m.start()], m.group(0)
        out.append(gap if plain else escape_plain(gap, ascii))
        core = word.strip(_EDGE_PUNCT)
        if core and (needs_protection(core) or (core[0].isupper() and _CLAUSE_END.search(prev))):
            start = word.index(core)
            lead, trail = word[:start], word[start + len(core) :]
            if not plain:
                lead, core, trail = escape_plain(lead, ascii), escape_plain(core, ascii), escape_plain(trail, ascii)
            out.append(lead + "{" + core + "}" + trail)
        else:
            out.append(word if plain else escape_plain(word, ascii))
        pos, prev = m.end(), word
    tail = text[pos:]
    out.append(tail if plain else escape_plain(tail, ascii))
    return "".join(out)


def page_range(page: str, ascii: bool = False) -> str:
    """``12-20``, ``12–20`` -> ``12--20`` (BibTeX's range dash); anything else escaped as text."""
    m = re.fullmatch(r"\s*([^\s\-–—]+)\s*(?:-+|–|—)\s*([^\s\-–—]+)\s*", page)
    if not m:
        return escape_plain(page, ascii)
    return f"{escape_plain(m.group(1), ascii)}--{escape_plain(m.group(2), ascii)}"


def verbatim(value: str) -> str:
    """A URL or DOI for ``\\url``/``\\doi``: unchanged but for percent-encoded unsafe characters."""
    return re.sub(r"[{}\\\s\x00-\x1f\x7f-\x9f]", lambda m: "%{:02X}".format(ord(m.group(0))), value)


# Names --------------------------------------------------------------------------------

_AND = re.compile(r"(?:^|\s)and(?:\s|$)", re.I)


def _starts_upper_ascii(word: str) -> bool:
    return "A" <= word[:1] <= "Z"


def _brace_if(text: str, condition: bool) -> str:
    return "{" + text + "}" if condition else text


def format_name(person: Person, ascii: bool = False) -> str:
    """One name as BibTeX splits it: ``Given Family`` where that is unambiguous, else
    ``von Last, Jr, First`` with multi-word last names braced; literal names braced."""
    if person.literal:
        return "{" + escape_plain(person.literal, ascii) + "}"
    if not (person.particle or person.dropping_particle or person.suffix):  # the common name, sooner
        family, given = person.family, person.given
        simple = family and not (" " in family or "," in family or "," in given)
        if simple and all(map(_starts_upper_ascii, given.split())):
            first = _brace_if(escape_plain(given, ascii), bool(_AND.search(given)))
            return f"{first} {_brace_if(escape_plain(family, ascii), bool(_AND.search(family)))}".strip()
    von = " ".join(p for p in (person.dropping_particle, person.particle) if p)
    family, given, suffix = person.family, person.given, person.suffix
    if not family:
        family, given = given, ""
    last = _brace_if(escape_plain(family, ascii), " " in family or "," in family or bool(_AND.search(family)))
    first = _brace_if(escape_plain(given, ascii), "," in given or bool(_AND.search(given)))
    jr = _brace_if(escape_plain(suffix, ascii), "," in suffix or bool(_AND.search(suffix)))
    von_tex = escape_plain(von, ascii)
    simple_given = all(_starts_upper_ascii(w) for w in given.split())
    if not (von or suffix or " " in family or "," in family or not simple_given):
        return f"{first} {last}".strip()
    family_part = f"{von_tex} {last}".strip()
    if suffix:
        return f"{family_part}, {jr}, {first}"
    return f"{family_part}, {first}" if given else family_part


def says_all(person: Person) -> bool:
    """Whether BibTeX's name forms keep ``person`` whole: they have no dropping particle, no
    given name alone, no family name of several words alone (read back as an institution),
    no CSL name flags.  (biblatex's extended name format has some, but bibtexparser and pybtex
    reject it: the name is also written as a csl.<role> line of annote instead.)"""
    if person.literal:
        return True
    return not (person.dropping_particle or not person.family and person.given
                or " " in person.family and not person.given and not person.particle
                or person.comma_suffix is not False or person.static_ordering is not False
                or person.parse_names is not None)


def format_names(people: Iterable[Person], ascii: bool = False, truncated: bool = False) -> str:
    names = [format_name(p, ascii) for p in people if (p.family.strip() and not p.literal) or p.display().strip()]
    if names and truncated:
        names.append("others")
    return " and ".join(names)


# Records ------------------------------------------------------------------------------


def is_arxiv(record: Record) -> bool:
    return record.type == "article" and (
        record.get("publisher").lower() == "arxiv" or bool(record.categories) or bool(_arxiv_id(record))
    )


def _arxiv_id(record: Record) -> str:
    m = ARXIV_ID.match(record.get("number").strip())
    return m.group(1) if m else ""


def entry_type(record: Record, flavour: str) -> str:
    known = BIBLATEX_TYPES if flavour == BIBLATEX else BIBTEX_TYPES
    original = record.get_extra(EXTRA_TYPE).lower()
    if original in known:
        chosen = original
    else:
        bibtex_type, biblatex_type = TYPES.get(record.type, ("misc", "misc"))
        if record.type == "thesis" and "master" in record.get("genre").lower():
            bibtex_type = "mastersthesis"
        chosen = biblatex_type if flavour == BIBLATEX else bibtex_type
    if chosen == "online" and not has_locator(record):
        return "misc"  # biber's data model: an @online needs url, doi or eprint
    return chosen


def has_locator(record: Record) -> bool:
    """A URL, DOI or eprint id: what biber's data model requires of an ``@online``."""
    return bool(record.get("URL").strip() or record.get("DOI").strip() or record.get_extra("bibtex.eprint").strip()
                or (is_arxiv(record) and _arxiv_id(record)))



def _roles_and_dates(record: Record, fields: dict[str, str], ascii: bool) -> tuple[list[str], list[str]]:
    """Name and date variables with a biblatex field written into ``fields`` (in both flavours:
    bibtex ignores the fields, as Better BibTeX's output relies on); the names of the others,
    and of those the fields do not say whole, returned (for csl.<name> lines in annote)."""
    roles = [role for role in ("author", "editor") if not all(map(says_all, record.people(role)))]
    slots = iter(EDITOR_SLOTS)
    for role, people in record.names:
        name = ROLE_FIELDS.get(role) or (next(slots, "") if role in EDITOR_TYPES else "")
        if name and people:
            fields[name] = "{" + format_names(people, ascii) + "}"
            if name in EDITOR_SLOTS:
                fields[name + "type"] = "{" + EDITOR_TYPES[role] + "}"
            if not all(map(says_all, people)):
                roles.append(role)
        elif people:
            roles.append(role)
    issued = record.issued
    plain = issued is None or issued.year is None or issued == Date(issued.year, issued.month, issued.day)
    dates = [] if plain or biblatex_date(issued) else ["issued"]  # season text, raw: in full in annote
    for variable, date in record.dates:
        text = biblatex_date(date)
        if variable in DATE_FIELDS and text:
            fields[DATE_FIELDS[variable]] = "{" + text + "}"
        else:
            dates.append(variable)
    return roles, dates


def biblatex_date(date: Date) -> str:
    """``date`` as biblatex's EDTF (ranges, ``~`` circa, seasons 21-24), years astronomical with
    four digits (CSL -380, 380 BC, is ``-0379``); "" when biblatex has no form for it."""
    if date.end is None and date.season is None and date.circa is False and not date.raw and not date.literal:
        return _iso(date) if date.year is not None else ""  # the common date, sooner
    if date.raw and date.year is not None and date.year > 0 and parse_edtf(date.raw) == dataclasses.replace(date, raw=""):
        return date.raw  # as read: 1999? (uncertain) and 1999% keep their qualifier
    text = edtf_text(date)
    if not text or parse_edtf(text) != date:
        return ""
    text = text.removesuffix("/..") + "/" if text.endswith("/..") else text  # biblatex's open end
    return _BC_YEAR.sub(_astronomical, text) if "-" in text[:1] or "/-" in text else text


def _astronomical(m: re.Match[str]) -> str:
    year = int(m.group(2)) - 1  # CSL -1 (1 BC) is 0000
    return f"{m.group(1)}-{year:04d}" if year else f"{m.group(1)}0000"


_BC_YEAR = re.compile(r"(^|/)-(\d+)")


def _date_fields(date: Date, flavour: str) -> list[tuple[str, str, bool]]:
    """(field, value, bare) for the date: a range, season or circa also as an EDTF ``date``
    (written unescaped: ``1850~`` is biber's circa, not a tie)."""
    if date.year is None:
        if not date.literal.strip():
            return []
        parsed = literal_date(date.literal)
        if parsed is None:
            return _literal_date(date.literal, flavour)
        date = parsed
    edtf = biblatex_date(date)  # "" when biblatex has no form for all of it (a season as text...)
    if flavour == BIBLATEX:
        return [("date", "{" + (edtf or _iso(date)) + "}", True)]
    if date.year < 0:  # BC: BibTeX prints the year as given; biber reads the date
        out = [("year", f"{-date.year} BC", False)]
    else:
        out = [("year", str(date.year), True)]
    if date.month and 1 <= date.month <= 12:
        out.append(("month", MONTHS[date.month - 1], True))
    if date.day and date.month or date.year < 0 or edtf and edtf != date.iso():
        out.append(("date", "{" + (edtf or _iso(date)) + "}", True))  # bibtex ignores it; the reader takes it first
    return out


def _iso(date: Date) -> str:
    """``date.iso()``, with a year before 1 AD in biblatex's numbering (ISO 8601-2, astronomical:
    0000 is 1 BC, ``-0379`` is 380 BC), where CSL, which has no year 0, says -380."""
    if date.year is None or date.year >= 0:
        return date.iso()
    year = -date.year - 1
    text = f"-{year:04d}" if year else "0000"
    if date.month:
        text += f"-{date.month:02d}" + (f"-{date.day:02d}" if date.day else "")
    return text


SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}


# A free-text date that says a season or "circa" and a year: the date biber reads (EDTF).
_SEASON_TEXT = re.compile(r"\s*([A-Za-z]+)\s+(\d{4})\s*")
_CIRCA_TEXT = re.compile(r"\s*(?:ca\.?|c\.|circa|approx\.|~)\s*(\d{4})\s*", re.I)


def literal_date(text: str) -> Date | None:
    """``Spring 2020`` -> 2020, season 21 (biblatex's ``2020-21``); ``ca. 1850`` -> 1850, circa
    (``1850~``); None for any other text.  Said by the date fields whole: no text is lost."""
    season = _SEASON_TEXT.fullmatch(text)
    if season and season.group(1).lower() in SEASONS:
        return Date(int(season.group(2)), season=SEASONS[season.group(1).lower()])
    circa = _CIRCA_TEXT.fullmatch(text)
    if circa and int(circa.group(1)) > 0:
        return Date(int(circa.group(1)), circa=True)
    return None


def _literal_date(text: str, flavour: str) -> list[tuple[str, str, bool]]:
    """Other free-text dates.  With a year in it (``2020, in press``): the year (biber warns on a
    ``year`` that is not a number) and the text in ``addendum``.  Text with no year (``forthcoming``,
    ``n.d.``): BibTeX's ``year`` as written (plainnat prints it, and warns on an empty year; biber
    warns that it is not a number), BibLaTeX's ``pubstate`` (biber warns that the entry has no
    date: there is none to write, and biblatex prints "n.d." for it)."""
    year = re.search(r"(?<!\d)\d{4}(?!\d)", text)
    if year:
        field = ("date", year.group(0), False) if flavour == BIBLATEX else ("year", year.group(0), True)
        return [field, ("addendum", text, False)]
    return [("pubstate", text, False)] if flavour == BIBLATEX else [("year", text, False)]


def _annote_lines(record: Record) -> list[str]:
    """The input's own ``annote`` lines, then the listing facts and non-BibTeX ``extra``."""
    kept_extra = tuple((k, v) for k, v in record.extra if not k.startswith(EXTRA_PREFIX))
    facts = record if kept_extra == record.extra else record.replace(extra=kept_extra)
    lines = note_lines(facts)  # the truncated-list line is dropped below: "and others" says it
    own = record.get_extra(EXTRA_ANNOTE).splitlines()
    # A field whose name BibTeX cannot read (bibtex.a¹, from another format's note): a line here.
    unnamed = [f"{k}: {v}" for k, v in record.extra if k.startswith(EXTRA_PREFIX) and "@" not in k
               and k not in (EXTRA_TYPE, EXTRA_PROTECTED, EXTRA_ANNOTE) and v.strip()
               and not _FIELD_NAME.fullmatch(k[len(EXTRA_PREFIX):])]
    return own + [line for line in lines if not line.startswith(TRUNCATED + ":")] + unnamed


_FIELD_NAME = re.compile(r"[A-Za-z][\w.:+-]*", re.ASCII)  # what bibtex and pybtex read as a field name


def entry_fields(record: Record, flavour: str, ascii: bool = False) -> list[tuple[str, str]]:
    """The (field name, written value) pairs of one entry, in the fixed order."""
    fields: dict[str, str] = {}
    own = own_latex(record, ascii)

    def text(name: str, value: str) -> None:
        if value.strip():
            if own and (latex := own.get(clean(plain(value)))):
                fields[name] = "{" + latex + "}"
            elif name in VERBATIM_FIELDS:
                fields[name] = "{" + verbatim(value.strip()) + "}"
            elif name == "pages":
                fields[name] = "{" + page_range(value, ascii) + "}"
            elif has_markup(value):
                fields[name] = "{" + rich_latex(value, lambda t: escape(t, ascii, math=name in MATH_FIELDS)) + "}"
            else:
                fields[name] = "{" + escape(value, ascii, math=name in MATH_FIELDS) + "}"

    if record.title.strip():
        protected = record.get_extra(EXTRA_PROTECTED).split("; ")
        if own and (latex := own.get(clean(plain(record.title)))):
            fields["title"] = "{" + latex + "}"
        elif has_markup(record.title):  # <i>, <span class="nocase">...: \textit{}, braces
            fields["title"] = "{" + rich_latex(record.title, lambda t: escape_title(t, ascii, protected)) + "}"
        else:
            fields["title"] = "{" + escape_title(record.title, ascii, protected) + "}"
    if record.author:
        fields["author"] = "{" + format_names(record.author, ascii, record.authors_truncated) + "}"
    if record.editor:
        fields["editor"] = "{" + format_names(record.editor, ascii) + "}"
    unplaced_roles, unplaced_dates = _roles_and_dates(record, fields, ascii)
    arxiv = is_arxiv(record)
    kind = entry_type(record, flavour)
    column = 2 if flavour == BIBLATEX else 1
    placed: set[tuple[str, str]] = set()  # (CSL variable, value) written as a field
    values: dict[str, str] = {}
    for csl, value in record.fields:
        values.setdefault(csl, value)  # the value record.get() gives
    # FIELDS in order, only those with a value: a blank one writes nothing.
    present = sorted(_FIELD_INDEX[csl] for csl, value in values.items() if csl in _FIELD_INDEX and value.strip())
    for csl, *names in (FIELDS[i] for i in present):
        name = names[column - 1]
        value = values[csl]
        if csl == "container-title" and (record.type in BOOK_PARTS or record.type == "book"):
            name = "booktitle"
        if name == "langid":
            name, value = ("langid", LANGIDS[value.lower()]) if value.lower() in LANGIDS else ("language", value)
        if csl == "publisher" and record.type in PUBLISHER_FIELD:
            name = PUBLISHER_FIELD[record.type][column - 1]
        if arxiv and (csl == "genre" and value.lower() == "preprint" or csl == "number" and _arxiv_id(record)
                      or csl == "publisher" and value.strip().lower() == "arxiv" and flavour == BIBLATEX
                      and (kind == "misc" or _arxiv_id(record))):
            placed.add((csl, value))
            continue  # said by the eprint fields or howpublished (readers give a preprint publisher arXiv)
        # (else the publisher arXiv is the organization: Zotero's publisher, and for biblatex the
        # venue of an @online known by its URL or DOI only, which prints no eprint)
        if name == "publisher" and not datamodel_allows(kind, name) and datamodel_allows(kind, "organization"):
            name = "organization"  # @misc, @online: biber's data model has no publisher there
        if not field_allowed(kind, name, flavour) or name in CHECKED_NUMBERS and not CHECKED_NUMBERS[name](value):
            continue  # not a field of this entry type for biber, or a bad ISSN/ISBN: to annote (csl.<variable>)
        if name not in fields:
            text(name, value)
            placed.add((csl, value))
    if flavour == BIBLATEX and kind in DEFAULT_TYPE and "type" not in fields:
        fields["type"] = "{" + DEFAULT_TYPE[kind] + "}"  # mandatory for biber; what @techreport means
    for name, value, bare in _date_fields(record.issued or Date(), flavour):
        if name == "year" and own and (latex := own.get(value)):  # {\noopsort{1973c}}1981
            fields[name] = "{" + latex + "}"
        else:
            fields[name] = value if bare else "{" + escape_plain(value, ascii) + "}"
    if flavour == BIBTEX:
        # BibTeX styles sort and label by author or ``key``, and warn on a missing year.
        if not (record.author or record.editor):
            text("key", record.get_extra("bibtex.key") or plain(record.title) or record.id)
        fields.setdefault("year", "{" + UNDATED + "}")
    if arxiv:
        eprint = _arxiv_id(record)
        if eprint:
            fields["eprint"] = "{" + eprint + "}"
        # biblatex's name, in both flavours: Zotero keeps the id only with it (Extra "arXiv: ID"),
        # and biber reads arXiv's ``archivePrefix`` as this field (and warns when both are given).
        fields["eprinttype"] = "{arxiv}"
        if flavour == BIBLATEX:
            if record.categories:
                text("eprintclass", record.categories[0])
            if kind == "misc":  # no id: biblatex prints no eprint, so the venue is said here
                fields["howpublished"] = "{arXiv preprint}"
        else:
            # Natbib styles ignore the eprint fields; this is what they print for @misc.
            fields["howpublished"] = "{arXiv preprint" + (f" arXiv:{eprint}" if eprint else "") + "}"
            if record.categories:
                text("primaryclass", record.categories[0])
    text("abstract", record.abstract)
    keywords = list(dict.fromkeys(record.categories + record.keywords))
    text("keywords", ", ".join(keywords))
    if arxiv and "howpublished" in fields and fields["howpublished"].startswith("{arXiv preprint"):
        placed.discard(("medium", record.get("medium")))  # howpublished says "arXiv preprint"
    # Nothing is lost: CSL variables with no field here (or sharing one) go to annote.
    unplaced = [f"csl.{k}: {' '.join(v.split())}" for k, v in record.fields if v.strip() and (k, v) not in placed]
    unplaced += csl_lines(record, unplaced_roles, unplaced_dates)
    text("annote", "\n".join(_annote_lines(record) + unplaced))
    in_order = sorted(fields.keys() & _ORDER_RANK.keys(), key=_ORDER_RANK.__getitem__)
    ordered = [(SPELLING.get(n, n), fields[n]) for n in in_order]
    written = {n.lower() for n, _ in ordered} if record.extra else set()
    for key, value in record.extra:
        name = key[len(EXTRA_PREFIX) :]
        if key.startswith(EXTRA_PREFIX) and key not in (EXTRA_TYPE, EXTRA_PROTECTED) and _FIELD_NAME.fullmatch(name):
            if name.lower() not in written and value.strip():
                written.add(name.lower())
                if name.lower() in KEY_FIELDS:  # citation keys, written as citation_key writes them (cr_m, not cr\_m)
                    value = ",".join(_KEY_UNSAFE.sub("_", unicodedata.normalize("NFC", k.strip())) for k in value.split(","))
                    ordered.append((name, "{" + value + "}"))
                elif own and (latex := own.get(clean(value))):
                    ordered.append((name, "{" + latex + "}"))
                else:
                    ordered.append((name, "{" + escape(value, ascii, math=True) + "}"))
    return ordered


def own_latex(record: Record, ascii: bool = False) -> dict[str, str]:
    """The record's raw LaTeX values (``bibtex.@latex``) by the text they decode to (as
    :func:`bibexport.text.clean` gives it, without markup): a field with that text is written
    as that LaTeX.  With ``ascii``, only those that are ASCII."""
    return {clean(plain(from_latex(value, to_unicode))): value for key, value in record.extra
            if key == OWN_LATEX and (value.isascii() or not ascii) and _passable(value)} if record.extra else {}


# Fields whose value is one citation key or a comma-separated list of them (BibTeX, biblatex).
KEY_FIELDS = frozenset({"crossref", "xref", "xdata", "related", "entryset"})
_KEY_UNSAFE = re.compile(r"[\s,{}()\"#%'=\\~\x00-\x1f\x7f-\x9f]")


def citation_key(record: Record) -> str:
    return _KEY_UNSAFE.sub("_", unicodedata.normalize("NFC", record.id)) or "anonymous"


def format_entry(record: Record, flavour: str, ascii: bool = False) -> str:
    fields = entry_fields(record, flavour, ascii)
    head = f"@{entry_type(record, flavour)}{{{citation_key(record)}"
    body = ",\n".join(f"  {name} = {value}".replace("\n", "\n    ") for name, value in fields)
    return f"{head},\n{body}\n}}\n" if body else head + ",\n}\n"


_ESCAPED_BRACE = re.compile(r"\\[{}]")
_AT_LINE_START = re.compile(r"\n[ \t]*@")


def _passable(block: str) -> bool:
    """A block every reader closes where BibTeX does: its braces balance whether ``\\{``/``\\}``
    count (BibTeX, pybtex) or not (bibtexparser), and no line starts with ``@`` (a new block
    to bibtexparser), nor ends in a backslash (bibtexparser would read it and the closing brace as ``\\}``)."""
    return (balanced(block) and balanced(_ESCAPED_BRACE.sub("", block)) and not _AT_LINE_START.search(block)
            and not block.endswith("\\"))


def file_blocks(record: Record) -> str:
    """``@preamble`` and ``@comment`` blocks the BibTeX reader kept on a record (only those
    that every reader closes where BibTeX does: see :func:`_passable`)."""
    out = []
    for key, value in record.extra:
        # BibTeX and pybtex skip only the word after @comment: any '@' in its text opens a new block.
        if key in FILE_BLOCKS and _passable(value) and not (key == "bibtex.@comment" and "@" in value):
            block = "{" + value + "}" if key == "bibtex.@preamble" else value
            out.append(f"@{key[len(EXTRA_PREFIX) + 1:]}{{{block}}}\n\n")
    return "".join(out)


def _preambles_once(records: list[Record]) -> list[Record]:
    """Each @preamble written once, before the first record holding it (a record that uses its
    commands holds it too: see the reader), and a record's raw LaTeX (``bibtex.@latex``) kept only
    when all its @preamble blocks can be written (:func:`_passable`): else from its text."""
    written: set[str] = set()
    out = []
    for record in records:
        extra = record.extra
        if not any(key in (PREAMBLE, OWN_LATEX) for key, _ in extra):
            out.append(record)
            continue
        preambles = [value for key, value in extra if key == PREAMBLE]
        if not (preambles and all(map(_passable, preambles))):
            extra = tuple((k, v) for k, v in extra if k != OWN_LATEX)
        kept = []
        for key, value in extra:
            if key == PREAMBLE:
                if value in written:
                    continue
                written.add(value)
            kept.append((key, value))
        out.append(record if len(kept) == len(record.extra) else record.replace(extra=tuple(kept)))
    return out


def _resolve_crossrefs(records: list[Record], flavour: str) -> list[Record]:
    """Drop a ``crossref`` whose parent is not written (or, for BibTeX, not after the child):
    the child already holds the parent's fields, and BibTeX and biber warn on a bad one."""
    position = {r.id.lower(): i for i, r in enumerate(records)}
    out = []
    for i, record in enumerate(records):
        def ok(key: str, value: str) -> bool:
            if key not in CROSSREF:
                return True
            parent = position.get(value.strip().lower())
            return parent is not None and (flavour == BIBLATEX or parent > i)

        kept = tuple((k, v) for k, v in record.extra if ok(k, v))
        out.append(record if len(kept) == len(record.extra) else record.replace(extra=kept))
    return out


PARALLEL_MIN = 1_000  # records from which writing pays in two processes (0.06 s in one, 0.045 s in two)


def write_entries(records: Iterable[Record], flavour: str, options: object = None, *, jobs: int | None = None) -> str:
    """The entries, a large list's written in ``jobs`` processes (see :mod:`bibexport.parallel`)."""
    ascii = bool(getattr(options, "ascii", False))
    records = _preambles_once(_resolve_crossrefs(list(records), flavour))
    return join_slices(lambda r: file_blocks(r) + format_entry(r, flavour, ascii), records, "\n",
                       minimum=PARALLEL_MIN, jobs=jobs)


def write_bibtex(records: Iterable[Record], options: object = None, *, jobs: int | None = None) -> str:
    """BibTeX for ``bibtex``/natbib styles (``year``/``month``, ``journal``, ``@misc`` preprints)."""
    return write_entries(records, BIBTEX, options, jobs=jobs)


def write_biblatex(records: Iterable[Record], options: object = None, *, jobs: int | None = None) -> str:
    """BibLaTeX for biber (``date``, ``journaltitle``, ``location``, ``@online`` preprints)."""
    return write_entries(records, BIBLATEX, options, jobs=jobs)
