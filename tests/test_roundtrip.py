"""Round trips: for every format with a reader and a writer, reading the writer's output
gives back the records written, checked by Hypothesis over generated records.

Where a format cannot hold something, the expected record is first passed through that
format's ``lossy_<format>`` function, which states the loss (README: "Round trips and what
each format loses").  Field order is not significant; everything else is compared exactly.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport import api, registry
from bibexport.model import Date, Person, Record
from bibexport.writers.ris import TYPES as RIS_TYPES
from bibexport.writers import bibtex as bibtex_writer

# -- generated records -------------------------------------------------------------------

_LETTERS = string.ascii_letters + "éüøłçñßåÆŒıİğşžčřőűÞðÅÑ" + "αβΩЖжя" + "中文日本"
_SPECIALS = "&%$#_{}~^\\'\"`-–—“”‘’«»<>|/@!?.,;:()[]*+=0123456789"


def _clean(text: str) -> str:
    return " ".join(text.split())


_text = st.text(st.sampled_from(_LETTERS + _SPECIALS + " "), min_size=1, max_size=60).map(_clean).filter(bool)
_word = st.text(st.sampled_from(_LETTERS), min_size=1, max_size=12)
_capitalized = _word.map(lambda w: w[0].upper() + w[1:])
_name_words = st.lists(_capitalized, min_size=1, max_size=3).map(" ".join)
_particles = st.sampled_from(["", "", "", "van", "van der", "de", "de la", "von", "di"])
_suffixes = st.sampled_from(["", "", "", "Jr.", "Sr.", "III"])
_person = st.one_of(
    st.builds(Person, family=_capitalized, given=_name_words, particle=_particles, suffix=_suffixes),
    st.builds(Person, family=_capitalized, given=_name_words),
    st.builds(Person, literal=st.lists(_capitalized, min_size=2, max_size=4).map(" ".join)),
)
_date = st.one_of(
    st.none(),
    st.builds(Date, st.integers(1000, 2100)),
    st.builds(Date, st.integers(1000, 2100), st.integers(1, 12)),
    st.builds(Date, st.integers(1000, 2100), st.integers(1, 12), st.integers(1, 28)),
    st.builds(Date, literal=st.sampled_from(["in press", "n.d."])),  # seasons: tests/test_lossless.py
)
# Note lines that look like the writer's "Label: value" and "prefix.key: value" lines but are
# the user's own text: they stay in the note.
_LOOK_ALIKES = st.sampled_from([
    "Code: https://github.com/a/b", "Code: on request", "Author list: Doe and Roe", "Author list: truncated",
    "arXiv categories: see the PDF", "arXiv categories: cs.LG and more", "v1.2: fixed typo", "doi.org: 10.1/x",
])
_note = st.one_of(_text, st.lists(st.one_of(_text, _LOOK_ALIKES), min_size=1, max_size=3).map("\n".join))
TYPES = ["article", "article-journal", "paper-conference", "book", "chapter", "report", "thesis", "manuscript", "webpage"]
# The last two have no field in BibTeX or RIS: they travel as "csl.<name>: value" note lines.
_plain_field = st.sampled_from(["volume", "issue", "publisher", "publisher-place", "container-title", "title-short", "archive"])
_fields = st.lists(
    st.one_of(
        st.tuples(_plain_field, _text),
        st.tuples(st.just("page"), st.sampled_from(["12", "1-10", "100–120", "e1234"])),
        st.tuples(st.just("DOI"), st.sampled_from(["10.1000/xyz_1", "10.1145/3292500.3330701"])),
        st.tuples(st.just("URL"), st.sampled_from(["https://example.org/a_b?x=1&y=2", "https://example.org/~me/#x"])),
        st.tuples(st.just("note"), _note),
    ),
    max_size=6,
    unique_by=lambda kv: kv[0],
).map(tuple)
_categories = st.lists(st.sampled_from(["cs.LG", "stat.ML", "cs.CL", "math.OC"]), unique=True, max_size=3).map(tuple)
_keywords = st.lists(_capitalized, unique=True, max_size=3).map(tuple)
_people = st.one_of(st.lists(_person, max_size=4), st.lists(_person, min_size=30, max_size=60)).map(tuple)
_common = {
    "id": st.from_regex(r"[a-z]{3,8}(19|20)[0-9]{2}[a-z]{3,8}", fullmatch=True),
    "title": _text,
    "author": _people,
    "editor": st.lists(_person, max_size=2).map(tuple),
    "issued": _date,
    "abstract": st.one_of(st.just(""), _text),
    "keywords": _keywords,
    "affiliations": st.lists(_capitalized, unique=True, max_size=2).map(tuple),
    "authors_truncated": st.booleans(),
    "has_code": st.booleans(),
}
_any_record = st.builds(Record, type=st.sampled_from(TYPES), categories=_categories, fields=_fields, **_common)
_arxiv_fields = st.from_regex(r"2[0-9]{3}\.[0-9]{5}", fullmatch=True).map(
    lambda n: (("publisher", "arXiv"), ("genre", "Preprint"), ("number", f"arXiv:{n}"), ("URL", f"https://arxiv.org/abs/{n}"))
)
_preprint = st.builds(  # as the listing reader and arXiv's own export describe a preprint
    Record, type=st.just("article"), categories=_categories.filter(bool), fields=_arxiv_fields, **_common
)
_record = st.one_of(_any_record, _preprint)

# -- what each format loses ----------------------------------------------------------------


def _canonical(record: Record) -> Record:
    """Field order is not significant."""
    return record.replace(fields=tuple(sorted(record.fields)), source="")


def lossy_csljson(record: Record) -> Record:
    """CSL-JSON holds everything bibexport's model does."""
    return record


def _hyphen_pages(record: Record) -> Record:
    """Page ranges come back with CSL's plain hyphen (``100–120`` -> ``100-120``)."""
    return record.with_field("page", record.get("page").replace("–", "-"))


def _type_via(record: Record, types: dict[str, str]) -> Record:
    if record.type == "article" and (record.get("publisher") == "arXiv" or record.categories):
        # written in arXiv's form (archivePrefix/eprinttype): read back as an arXiv preprint
        publisher = record.get("publisher") or "arXiv"
        return record.with_field("publisher", publisher).with_field("genre", record.get("genre") or "Preprint")
    return record.replace(type=types.get(record.type, record.type))


def _bibtex_common(record: Record, flavour: str) -> Record:
    """BibTeX: a line break in a value is a space; pages come back hyphenated where they are a
    ``pages`` field (on @misc/@online, which biber's data model gives no pages, they go to annote as written)."""
    kind = bibtex_writer.entry_type(record, flavour)

    def field(name: str) -> bool:
        return bibtex_writer.field_allowed(kind, name, flavour)

    if field("pages"):
        record = _hyphen_pages(record)
    record = record.with_field("note", record.get("note").replace("\n", " "))
    if not record.author:  # "and others" needs an author list to follow
        record = record.replace(authors_truncated=False)
    if record.get("issue") and record.type not in ("article-journal", "article-magazine", "article-newspaper") and field("number"):
        # one "number" field holds both; outside periodicals it reads back as CSL number
        record = record.with_field("number", record.get("issue")).with_field("issue", "")
    return record


# Types BibTeX has no entry type for: written as @misc, read back as CSL "document".
BIBTEX_TYPES_LOST = {"article": "document", "webpage": "document"}
# BibLaTeX writes non-preprint "article" as @online (a web document, when it has a URL, DOI or eprint), read back as webpage.
BIBLATEX_TYPES_LOST = {"article": "webpage"}


def lossy_bibtex(record: Record) -> Record:
    """BibTeX: no web/generic article types; no literal "n.d." (the writer's mark for undated)."""
    record = _type_via(_bibtex_common(record, "bibtex"), BIBTEX_TYPES_LOST)
    if record.issued == Date(literal="n.d."):
        record = record.replace(issued=None)
    return record


def lossy_biblatex(record: Record) -> Record:
    # with no URL, DOI or eprint an @online is invalid for biber: written as @misc, read back as "document"
    online = bibtex_writer.entry_type(record, "biblatex") == "online"
    return _type_via(_bibtex_common(record, "biblatex"), BIBLATEX_TYPES_LOST if online else BIBTEX_TYPES_LOST)


def lossy_ris(record: Record) -> Record:
    """RIS: page ranges as SP/EP (rejoined with a hyphen); a CSL type with no RIS type is
    written ``GEN``, which reads back as ``article``."""
    record = _hyphen_pages(record)
    return record if record.type in RIS_TYPES else record.replace(type="article")


def lossy_zotero_rdf(record: Record) -> Record:
    """Zotero RDF: an arXiv preprint gains what Zotero's arXiv translator stores (Library Catalog
    arXiv.org; with a known id its DOI 10.48550/arXiv.ID and URL)."""
    if record.type == "article" and (record.get("publisher") == "arXiv" or record.categories or record.get("number")):
        if not record.get("publisher"):
            record = record.with_field("publisher", "arXiv")
        record = record.with_field("source", record.get("source") or "arXiv.org")
        number = record.get("number").removeprefix("arXiv:")
        if number and re.fullmatch(r"\d{4}\.\d{4,5}", number):
            record = record.with_field("DOI", record.get("DOI") or f"10.48550/arXiv.{number}")
            record = record.with_field("URL", record.get("URL") or f"https://arxiv.org/abs/{number}")
    return record


LOSSY = {"csljson": lossy_csljson, "bibtex": lossy_bibtex, "biblatex": lossy_biblatex, "ris": lossy_ris,
         "zotero-rdf": lossy_zotero_rdf, "cslyaml": lossy_csljson}  # CSL-YAML: the CSL-JSON items, all kept
ROUND_TRIP_FORMATS = [name for name in registry.readable() if name in registry.writable()]


CASES = [pytest.param(name, False, id=name) for name in ROUND_TRIP_FORMATS] + [
    pytest.param(name, True, id=f"{name}-ascii") for name in ("bibtex", "biblatex")  # LaTeX escapes
]


def test_every_readable_and_writable_format_has_its_losses_stated() -> None:
    assert set(ROUND_TRIP_FORMATS) == set(LOSSY)


@pytest.mark.parametrize(("fmt", "ascii"), CASES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(_record, min_size=1, max_size=3))
def test_round_trip(fmt: str, ascii: bool, records: list[Record]) -> None:
    written = api.write(records, fmt, api.WriteOptions(ascii=ascii))
    result = api.read_text(written, fmt, source="out")
    assert not [p for p in result.problems if p.severity == "error"], written
    lossy = LOSSY[fmt]
    expected = [_canonical(lossy(r)) for r in records]
    assert [_canonical(r) for r in result.records] == expected, written


# -- the tools' own files: read, write in the same format, read again ----------------------

FIXTURES = sorted(
    (path, fmt)
    for fmt, suffix in (("bibtex", "bib"), ("csljson", "json"), ("ris", "ris"))
    for path in (Path(__file__).parent / "data" / "readers" / fmt).glob(f"*.{suffix}")
)


@pytest.mark.parametrize(("path", "fmt"), [pytest.param(p, f, id=p.name) for p, f in FIXTURES])
def test_fixture_round_trip(path: Path, fmt: str) -> None:
    """What a tool exported survives bibexport reading and writing it in the same format."""
    first = api.read(path, fmt).records
    again = api.read_text(api.write(first, fmt), fmt, source="out").records
    assert [_canonical(r) for r in again] == [_canonical(LOSSY[fmt](r)) for r in first]


def test_bibtex_to_bibtex_restores_protection_preamble_comment_and_unknown_fields() -> None:
    text = (
        '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n'
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        "@conference{k2020, title = {A {Bayesian} view of {DNA}}, author = {Doe, Jane}, year = 2020,\n"
        "  booktitle = {Proc}, timestamp = {2020-01-01}}\n"
    )
    written = api.write(api.read_text(text, "bibtex").records, "bibtex")
    assert "{Bayesian}" in written and "{DNA}" in written
    assert "@preamble{" in written and "@comment{jabref-meta: databaseType:bibtex;}" in written
    assert "@conference{k2020," in written
    assert "timestamp = {2020-01-01}" in written
