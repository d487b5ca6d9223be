"""Nothing lost: for each input format, every field it can hold is listed here with where it
lands in each output (BibTeX, BibLaTeX, CSL-JSON, RIS), or with the README sentence that
documents why it cannot.

Each input field carries a distinct marker value (``Vseries``); a cell names the output
field (BibTeX field, CSL-JSON variable, RIS tag) whose value must contain the marker.  The
formatted outputs (text, HTML, Markdown) are reference lists and print what the style
prints; README, "What each format keeps", says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import pytest

from bibexport import api
from bibexport.latex import to_unicode
from bibexport.normalize import normalize

from .conftest import REPO

OUTPUTS = ("bibtex", "biblatex", "csljson", "ris")
AS_OF = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class Lost:
    """A documented loss: ``readme`` is quoted from README, "What each format keeps"."""

    readme: str


# A cell: an output field name, or (field name, the marker as that output spells it), or Lost.
Cell = str | tuple[str, str] | Lost


def row(field: str, marker: str, bibtex: Cell, biblatex: Cell, csljson: Cell, ris: Cell):  # noqa: ANN201
    return pytest.param(marker, dict(zip(OUTPUTS, (bibtex, biblatex, csljson, ris))), id=field)


# -- the inputs -----------------------------------------------------------------------------

LISTING = """\
LGNov 28, 2022Code
Vtitle Listing PaperEkin Vakyurek, Dale Vschuurmans et al. · Vaffiliation-one, Vaffiliation-two
Vabstract of the listing paper.
"""
LISTING_ROWS = [
    row("badge", "cs.LG", "primaryClass", "eprintclass", "categories", "KW"),
    row("date", "2022-11-28", "date", "date", ("issued", "2022, 11, 28"), ("DA", "2022/11/28/")),
    row("code-flag", "Code: available", "annote", "annote", "note", "N1"),
    row("title", "Vtitle Listing Paper", "title", "title", "title", "TI"),
    row("first-author", "Vakyurek", "author", "author", "author", "AU"),
    row("second-author", "Vschuurmans", "author", "author", "author", "AU"),
    row("et-al", "others", "author", "author", ("note", "Author list: truncated (et al.)"),
        ("N1", "Author list: truncated (et al.)")),
    row("affiliations", "Vaffiliation-one; Vaffiliation-two", "annote", "annote", "note", "N1"),
    row("abstract", "Vabstract of the listing paper.", "abstract", "abstract", "abstract", "AB"),
]

BIBTEX = r"""
@string{pub = {Vpublisher}}
@preamble{"\providecommand{\Vpreamble}{}"}
@comment{Vcomment}
@incollection{vkey2020,
  title = {Vtitle},
  author = {Vauthorfamily, Vauthorgiven and others},
  editor = {Veditorgiven Veditorfamily},
  booktitle = {Vbooktitle},
  chapter = {Vchapter},
  edition = {Vedition},
  series = {Vseries},
  volume = {Vvolume},
  number = {Vnumber},
  pages = {101--109},
  publisher = pub,
  address = {Vaddress},
  organization = {Vorganization},
  institution = {Vinstitution},
  school = {Vschool},
  howpublished = {Vhowpublished},
  type = {Vtype},
  year = {1999},
  month = aug,
  day = {17},
  note = {Vnote},
  annote = {Vannote},
  key = {Vsortkey},
  doi = {10.9999/Vdoi},
  url = {https://example.org/Vurl},
  isbn = {Visbn},
  issn = {Vissn},
  language = {Vlanguage},
  abstract = {Vabstract},
  keywords = {Vkeyword1, Vkeyword2},
  eprint = {Veprint},
  archivePrefix = {Varchive},
  timestamp = {Vtimestamp},
  owner = {Vowner},
  file = {Vfile.pdf}
}

Free text between entries, Vimplicit.
"""
IMPLICIT = Lost("Text between BibTeX entries that is not in an `@comment` block is not kept")
FILE_BLOCK = Lost("A BibTeX file's `@preamble` and `@comment` blocks are not written to CSL-JSON or RIS")
BIBTEX_ROWS = [
    row("entry-type", "incollection", "@type", "@type", ("type", "chapter"), ("TY", "CHAP")),
    row("citation-key", "vkey2020", "@key", "@key", "id", "ID"),
    row("@string", "Vpublisher", "publisher", "publisher", "publisher", "PB"),
    row("@preamble", "\\providecommand{\\Vpreamble}{}", "@preamble", "@preamble", FILE_BLOCK, FILE_BLOCK),
    row("@comment", "Vcomment", "@comment", "@comment", FILE_BLOCK, FILE_BLOCK),
    row("implicit-comment", "Vimplicit", IMPLICIT, IMPLICIT, IMPLICIT, IMPLICIT),
    row("title", "Vtitle", "title", "title", "title", "TI"),
    row("author", "Vauthorfamily", "author", "author", "author", "AU"),
    row("author-given", "Vauthorgiven", "author", "author", "author", "AU"),
    row("and-others", "others", "author", "author", ("note", "Author list: truncated (et al.)"),
        ("N1", "Author list: truncated (et al.)")),
    row("editor", "Veditorfamily", "editor", "editor", "editor", "ED"),
    row("editor-given", "Veditorgiven", "editor", "editor", "editor", "ED"),
    row("booktitle", "Vbooktitle", "booktitle", "booktitle", "container-title", "T2"),
    row("chapter", "Vchapter", "chapter", "chapter", "chapter-number", "N1"),
    row("edition", "Vedition", "edition", "edition", "edition", "ET"),
    row("series", "Vseries", "series", "series", "collection-title", "T3"),
    row("volume", "Vvolume", "volume", "volume", "volume", "VL"),
    row("number", "Vnumber", "number", "number", "number", "M1"),
    row("pages", "101", ("pages", "101–109"), ("pages", "101–109"), ("page", "101-109"), "SP"),
    row("publisher", "Vpublisher", "publisher", "publisher", "publisher", "PB"),
    row("address", "Vaddress", "address", "location", "publisher-place", "CY"),
    row("organization", "Vorganization", "organization", "organization", "note", "N1"),
    row("institution", "Vinstitution", "institution", "institution", "note", "N1"),
    row("school", "Vschool", "school", "school", "note", "N1"),
    row("howpublished", "Vhowpublished", "annote", "annote", "medium", "N1"),  # not on @incollection (biber)
    row("type", "Vtype", "type", "annote", "genre", "M3"),  # BibTeX styles print it; biber has none here
    row("year", "1999", "year", "date", "issued", "PY"),
    row("month-and-day", "1999-08-17", "date", "date", ("issued", "1999, 8, 17"), ("DA", "1999/08/17/")),
    row("note", "Vnote", "note", "note", "note", "N1"),
    row("annote", "Vannote", "annote", "annote", "note", "N1"),
    row("key", "Vsortkey", "key", "key", "note", "N1"),
    row("doi", "10.9999/Vdoi", "doi", "doi", "DOI", "DO"),
    row("url", "https://example.org/Vurl", "url", "url", "URL", "UR"),
    row("isbn", "Visbn", "annote", "annote", "ISBN", "SN"),  # no valid check digit (biber checks it)
    row("issn", "Vissn", "annote", "annote", "ISSN", "SN"),
    row("language", "Vlanguage", "language", "language", "language", "LA"),
    row("abstract", "Vabstract", "abstract", "abstract", "abstract", "AB"),
    row("keywords", "Vkeyword1", "keywords", "keywords", "keyword", "KW"),
    row("second-keyword", "Vkeyword2", "keywords", "keywords", "keyword", "KW"),
    row("eprint", "Veprint", "eprint", "eprint", "note", "N1"),
    row("archivePrefix", "Varchive", "eprinttype", "eprinttype", "note", "N1"),
    row("timestamp", "Vtimestamp", "timestamp", "timestamp", "note", "N1"),
    row("owner", "Vowner", "owner", "owner", "note", "N1"),
    row("file", "Vfile.pdf", "file", "file", "note", "N1"),
]

BIBLATEX = r"""
@online{vblx2021,
  title = {Vtitle},
  subtitle = {Vsubtitle},
  titleaddon = {Vtitleaddon},
  author = {Vauthorfamily, Vauthorgiven},
  editor = {Veditorfamily, Veditorgiven},
  journaltitle = {Vjournaltitle},
  date = {2021-02-03},
  urldate = {2024-01-02},
  origdate = {1850~},
  eventdate = {2020-06/2020-07},
  translator = {Vtranslatorfamily, Vtranslatorgiven},
  bookauthor = {Vbookauthorfamily, Vbookauthorgiven},
  editora = {Veditorafamily, Veditoragiven},
  editoratype = {compiler},
  annotator = {Vannotatorfamily, Vannotatorgiven},
  eprint = {2102.00001},
  eprinttype = {arxiv},
  eprintclass = {cs.CL},
  location = {Vlocation},
  institution = {Vinstitution},
  langid = {german},
  pubstate = {Vpubstate},
  addendum = {Vaddendum},
  keywords = {Vkeyword},
  abstract = {Vabstract},
  doi = {10.9999/Vdoi},
  url = {https://example.org/Vurl},
  isbn = {Visbn},
  note = {Vnote},
  annotation = {Vannotation},
  file = {Vfile.pdf}
}
"""
BIBLATEX_ROWS = [
    # (a "~" reads as a tie in LaTeX text, so the BibTeX cells see "1850"; test_lossless checks "1850~")
    row("origdate", "1850~", ("origdate", "1850"), ("origdate", "1850"), ("original-date", '"circa": true'), ("N1", "csl.original-date: 1850~")),
    row("eventdate", "2020-06/2020-07", "eventdate", "eventdate", ("event-date", "[2020, 6], [2020, 7]"),
        ("N1", "csl.event-date: 2020-06/2020-07")),
    row("translator", "Vtranslatorfamily", "translator", "translator", "translator", "A4"),
    row("bookauthor", "Vbookauthorfamily", "bookauthor", "bookauthor", "container-author", "N1"),
    row("editora-compiler", "Veditorafamily", "editora", "editora", "compiler", "N1"),
    row("translator-given", "Vtranslatorgiven", "translator", "translator", "translator", "A4"),
    row("bookauthor-given", "Vbookauthorgiven", "bookauthor", "bookauthor", "container-author", "N1"),
    row("editora-given", "Veditoragiven", "editora", "editora", "compiler", "N1"),
    row("annotator-given", "Vannotatorgiven", "annotator", "annotator", "note", "N1"),
    row("annotator", "Vannotatorfamily", "annotator", "annotator", ("note", "bibtex.annotator: "), ("N1", "bibtex.annotator: ")),
    row("title", "Vtitle", "title", "title", "title", "TI"),
    # joined to the title as biblatex prints them ("Title. Subtitle. Addon"; issue 16, class 7)
    row("subtitle", "Vsubtitle", "title", "title", "title", "TI"),
    row("titleaddon", "Vtitleaddon", "title", "title", "title", "TI"),
    row("author", "Vauthorfamily", "author", "author", "author", "AU"),
    row("author-given", "Vauthorgiven", "author", "author", "author", "AU"),
    row("editor", "Veditorfamily", "editor", "editor", "editor", "ED"),
    row("editor-given", "Veditorgiven", "editor", "editor", "editor", "ED"),
    # a preprint (@misc/@online): biber's data model has no journaltitle, location, publisher or isbn there
    row("journaltitle", "Vjournaltitle", "annote", "annote", "container-title", "T2"),
    row("date", "2021-02-03", "date", "date", ("issued", "2021, 2, 3"), ("DA", "2021/02/03/")),
    row("urldate", "2024-01-02", "urldate", "urldate", ("accessed", "2024, 1, 2"), ("Y2", "2024/01/02/")),
    row("eprint", "2102.00001", "eprint", "eprint", "number", "M1"),
    row("eprinttype", "arXiv", ("eprinttype", "arxiv"), ("eprinttype", "arxiv"), ("number", "arXiv:2102.00001"),
        ("M1", "arXiv:2102.00001")),
    row("eprintclass", "cs.CL", "primaryClass", "eprintclass", "categories", "KW"),
    row("location", "Vlocation", "address", "annote", "publisher-place", "CY"),
    row("institution", "Vinstitution", "organization", "organization", "publisher", "PB"),
    row("langid", "german", "language", "language", "language", "LA"),
    row("pubstate", "Vpubstate", "pubstate", "pubstate", "note", "N1"),
    row("addendum", "Vaddendum", "addendum", "addendum", "note", "N1"),
    row("keywords", "Vkeyword", "keywords", "keywords", "keyword", "KW"),
    row("abstract", "Vabstract", "abstract", "abstract", "abstract", "AB"),
    row("doi", "10.9999/Vdoi", "doi", "doi", "DOI", "DO"),
    row("url", "https://example.org/Vurl", "url", "url", "URL", "UR"),
    row("isbn", "Visbn", "annote", "annote", "ISBN", "SN"),
    row("note", "Vnote", "note", "note", "note", "N1"),
    row("annotation", "Vannotation", "annotation", "annotation", "note", "N1"),
    row("file", "Vfile.pdf", "file", "file", "note", "N1"),
]

RIS = """\
TY  - JOUR
ID  - Vid
TI  - Vtitle
T1  - Vsecondtitle
ST  - Vshorttitle
AU  - Vau1family, Vau1given
A1  - Vau2family, Vau2given
A2  - Va2family, Va2given
ED  - Vedfamily, Vedgiven
A3  - Va3family, Va3given
A4  - Va4family, Va4given
AB  - Vabstract
N2  - Vsecondabstract
Y1  - 1999/08/17/
Y2  - 2024/01/02/
JF  - Vjournal
JO  - Vjournalabbr
J2  - Vjournalshort
T3  - Vseries
VL  - Vvolume
IS  - Vissue
SP  - 101
EP  - 109
M1  - Vnumber
M3  - Vgenre
ET  - Vedition
PB  - Vpublisher
CY  - Vplace
SN  - 1234-5678
SN  - 978-3-16-148410-0
DO  - 10.9999/Vdoi
UR  - https://example.org/Vurl
UR  - https://example.org/Vsecondurl
L1  - Vfile.pdf
LA  - Vlanguage
KW  - Vkeyword
N1  - Vnote
AN  - Vaccession
CN  - Vcallnumber
DB  - Vdatabase
DP  - Vprovider
C1  - Vcustom1
AD  - Vaddress
ER  - 
"""
RIS_ROWS = [
    row("TY", "JOUR", ("@type", "article"), ("@type", "article"), ("type", "article-journal"), "TY"),
    row("ID", "Vid", "@key", "@key", "id", "ID"),
    row("TI", "Vtitle", "title", "title", "title", "TI"),  # TI wins over T1 (readers/ris.py)
    row("T1-second-title", "Vsecondtitle", "annote", "annote", "note", "N1"),
    row("ST", "Vshorttitle", "annote", "annote", "note", "N1"),
    row("AU", "Vau1family, Vau1given", ("author", "Vau1given Vau1family"), ("author", "Vau1given Vau1family"),
        ("author", '"family": "Vau1family", "given": "Vau1given"'), "AU"),
    row("A1", "Vau2family, Vau2given", ("author", "Vau2given Vau2family"), ("author", "Vau2given Vau2family"),
        ("author", '"family": "Vau2family", "given": "Vau2given"'), "AU"),
    row("A2", "Va2family, Va2given", ("editor", "Va2given Va2family"), ("editor", "Va2given Va2family"),
        ("editor", '"family": "Va2family", "given": "Va2given"'), "ED"),
    row("ED", "Vedfamily, Vedgiven", ("editor", "Vedgiven Vedfamily"), ("editor", "Vedgiven Vedfamily"),
        ("editor", '"family": "Vedfamily", "given": "Vedgiven"'), "ED"),
    row("A3", "Va3family, Va3given", "annote", "annote", "note", "N1"),
    row("A4", "Va4family", "translator", "translator", "translator", "A4"),  # RIS.js: A4 is the translator
    row("A4-given", "Va4given", "translator", "translator", "translator", "A4"),
    row("AB", "Vabstract", "abstract", "abstract", "abstract", "AB"),
    row("N2-second-abstract", "Vsecondabstract", "annote", "annote", "note", "N1"),
    row("Y1", "1999-08-17", "date", "date", ("issued", "1999, 8, 17"), ("DA", "1999/08/17/")),
    row("Y2", "2024/01/02/", ("urldate", "2024-01-02"), ("urldate", "2024-01-02"), ("accessed", "2024, 1, 2"), "Y2"),
    row("JF", "Vjournal", "journal", "journaltitle", "container-title", "T2"),
    row("JO", "Vjournalabbr", "annote", "annote", "note", "N1"),
    row("J2", "Vjournalshort", "annote", "annote", "container-title-short", "J2"),
    row("T3", "Vseries", "series", "series", "collection-title", "T3"),
    row("VL", "Vvolume", "volume", "volume", "volume", "VL"),
    row("IS", "Vissue", "number", "number", "issue", "IS"),
    row("SP-EP", "101", ("pages", "101–109"), ("pages", "101–109"), ("page", "101-109"), "SP"),
    row("M1", "Vnumber", "annote", "annote", "number", "M1"),
    row("M3", "Vgenre", "annote", "annote", "genre", "M3"),  # none of these on @article (biber)
    row("ET", "Vedition", "annote", "annote", "edition", "ET"),
    row("PB", "Vpublisher", "annote", "annote", "publisher", "PB"),
    row("CY", "Vplace", "annote", "annote", "publisher-place", "CY"),
    row("SN-issn", "1234-5678", "annote", "annote", "ISSN", "SN"),  # wrong check digit
    row("SN-isbn", "978-3-16-148410-0", "annote", "annote", "ISBN", "SN"),
    row("DO", "10.9999/Vdoi", "doi", "doi", "DOI", "DO"),
    row("UR", "https://example.org/Vurl", "url", "url", "URL", "UR"),
    row("UR-second", "https://example.org/Vsecondurl", "annote", "annote", "note", "N1"),
    row("L1", "Vfile.pdf", "annote", "annote", "note", "N1"),
    row("LA", "Vlanguage", "language", "language", "language", "LA"),
    row("KW", "Vkeyword", "keywords", "keywords", "keyword", "KW"),
    row("N1", "Vnote", "note", "note", "note", "N1"),
    row("AN", "Vaccession", "annote", "annote", "note", "N1"),
    row("CN", "Vcallnumber", "annote", "annote", "note", "N1"),
    row("DB", "Vdatabase", "annote", "annote", "note", "N1"),
    row("DP", "Vprovider", "annote", "annote", "note", "N1"),
    row("C1", "Vcustom1", "annote", "annote", "note", "N1"),
    row("AD", "Vaddress", "annote", "annote", "note", "N1"),
]

CSLJSON = json.dumps([{
    "id": "Vid", "type": "article-journal", "title": "Vtitle", "title-short": "Vtitleshort",
    "author": [{"family": "Vfamily", "given": "Vgiven", "non-dropping-particle": "Vparticle", "suffix": "Vsuffix"},
               {"literal": "Vliteral Institute"}],
    "editor": [{"family": "Veditor", "given": "E."}],
    "issued": {"date-parts": [[2021, 3, 4]]}, "accessed": {"date-parts": [[2024, 1, 2]]},
    "container-title": "Vcontainer", "container-title-short": "Vcshort", "collection-title": "Vcollection",
    "volume": "Vvolume", "issue": "Vissue", "page": "3-4", "number": "Vnumber", "edition": "Vedition",
    "publisher": "Vpublisher", "publisher-place": "Vplace", "genre": "Vgenre", "medium": "Vmedium",
    "DOI": "10.9999/Vdoi", "URL": "https://example.org/Vurl", "ISBN": "Visbn", "ISSN": "Vissn",
    "PMID": "Vpmid", "archive": "Varchive", "call-number": "Vcallnumber", "chapter-number": "Vchapter",
    "language": "Vlanguage", "abstract": "Vabstract", "keyword": "Vkw1, Vkw2", "note": "Vnote",
    "categories": ["cs.LG"], "version": "Vversion", "status": "Vstatus",
}])
CSLJSON_ROWS = [
    row("id", "Vid", "@key", "@key", "id", "ID"),
    row("type", "article-journal", ("@type", "article"), ("@type", "article"), "type", ("TY", "JOUR")),
    row("title", "Vtitle", "title", "title", "title", "TI"),
    row("title-short", "Vtitleshort", "annote", "annote", "title-short", "N1"),
    row("author-family", "Vfamily", "author", "author", "author", "AU"),
    row("author-given", "Vgiven", "author", "author", "author", "AU"),
    row("author-particle", "Vparticle", "author", "author", "author", "AU"),
    row("author-suffix", "Vsuffix", "author", "author", "author", "AU"),
    row("author-literal", "Vliteral Institute", "author", "author", "author", "AU"),
    row("editor", "Veditor", "editor", "editor", "editor", "ED"),
    row("issued", "2021-03-04", "date", "date", ("issued", "2021, 3, 4"), ("DA", "2021/03/04/")),
    row("accessed", "2024-01-02", "urldate", "urldate", ("accessed", "2024, 1, 2"), ("Y2", "2024/01/02/")),
    row("container-title", "Vcontainer", "journal", "journaltitle", "container-title", "T2"),
    row("container-title-short", "Vcshort", "annote", "annote", "container-title-short", "J2"),
    row("collection-title", "Vcollection", "series", "series", "collection-title", "T3"),
    row("volume", "Vvolume", "volume", "volume", "volume", "VL"),
    row("issue", "Vissue", "number", "number", "issue", "IS"),
    row("page", "3-4", ("pages", "3–4"), ("pages", "3–4"), "page", ("SP", "3")),
    row("number", "Vnumber", "annote", "annote", "number", "M1"),
    row("edition", "Vedition", "annote", "annote", "edition", "ET"),  # none of these on @article (biber)
    row("publisher", "Vpublisher", "annote", "annote", "publisher", "PB"),
    row("publisher-place", "Vplace", "annote", "annote", "publisher-place", "CY"),
    row("genre", "Vgenre", "annote", "annote", "genre", "M3"),
    row("medium", "Vmedium", "annote", "annote", "medium", "N1"),
    row("DOI", "10.9999/Vdoi", "doi", "doi", "DOI", "DO"),
    row("URL", "https://example.org/Vurl", "url", "url", "URL", "UR"),
    row("ISBN", "Visbn", "annote", "annote", "ISBN", "SN"),
    row("ISSN", "Vissn", "annote", "annote", "ISSN", "SN"),
    row("PMID", "Vpmid", "annote", "annote", "PMID", "N1"),
    row("archive", "Varchive", "annote", "annote", "archive", "N1"),
    row("call-number", "Vcallnumber", "annote", "annote", "call-number", "N1"),
    row("chapter-number", "Vchapter", "annote", "annote", "chapter-number", "N1"),
    row("version", "Vversion", "annote", "annote", "version", "N1"),
    row("status", "Vstatus", "annote", "annote", "status", "N1"),
    row("language", "Vlanguage", "language", "language", "language", "LA"),
    row("abstract", "Vabstract", "abstract", "abstract", "abstract", "AB"),
    row("keyword", "Vkw1", "keywords", "keywords", "keyword", "KW"),
    row("second-keyword", "Vkw2", "keywords", "keywords", "keyword", "KW"),
    row("categories", "cs.LG", "keywords", "keywords", "categories", "KW"),
    row("note", "Vnote", "note", "note", "note", "N1"),
]

# Every CSL name variable and date variable (csl-data.json) of a book chapter.  Where each
# lands: biblatex's role and date fields (biblatex manual 2.3.6 and 2.3.8: translator,
# bookauthor, editora-c with editoratype compiler/collaborator/organizer, urldate, origdate,
# eventdate), bibtex ignoring them; RIS tags as Zotero's RIS.js maps a book section (A2 editor,
# A3 series editor, A4 translator, C2 book author, Y2 access date); the rest as csl.<name>
# lines in annote / N1.
_ROLES = ("author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
          "curator", "director", "editor", "editorial-director", "executive-producer", "guest", "host",
          "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer", "producer",
          "recipient", "reviewed-author", "script-writer", "series-creator", "translator")
CSLJSON_ROLES = json.dumps([{
    "id": "roles", "type": "chapter", "title": "Roles and dates",
    **{role: [{"family": "V" + role.replace("-", ""), "given": "G."}] for role in _ROLES},
    "issued": {"date-parts": [[1987], [2003]]}, "accessed": {"date-parts": [[2024, 1, 2]]},
    "original-date": {"date-parts": [[1850]]}, "event-date": {"date-parts": [[1999, 5]]},
    "available-date": {"date-parts": [[2001, 2, 3]]}, "submitted": {"date-parts": [[2002, 3, 4]], "circa": True},
}])
_BIBLATEX_ROLE = {"author": "author", "editor": "editor", "translator": "translator", "container-author": "bookauthor",
                  "compiler": "editora", "contributor": "editorb", "organizer": "editorc"}
_RIS_ROLE = {"author": "AU", "editor": "ED", "collection-editor": "A3", "translator": "A4", "container-author": "C2"}
CSLJSON_ROLES_ROWS = [
    row(role, "V" + role.replace("-", ""), _BIBLATEX_ROLE.get(role, "annote"), _BIBLATEX_ROLE.get(role, "annote"),
        role, _RIS_ROLE.get(role, "N1"))
    for role in _ROLES
] + [
    row("issued-range", "1987/2003", "date", "date", ("issued", "[1987], [2003]"), ("N1", "csl.issued: 1987/2003")),
    row("accessed", "2024-01-02", "urldate", "urldate", ("accessed", "2024, 1, 2"), ("Y2", "2024/01/02/")),
    row("original-date", "1850", "origdate", "origdate", "original-date", ("N1", "csl.original-date: 1850")),
    row("event-date", "1999-05", "eventdate", "eventdate", ("event-date", "1999, 5"), ("N1", "csl.event-date: 1999-05")),
    row("available-date", "csl.available-date: 2001-02-03", "annote", "annote", ("available-date", "2001, 2, 3"), "N1"),
    row("submitted-circa", "csl.submitted: 2002-03-04~", "annote", "annote", ("submitted", '"circa": true'), "N1"),
]

INPUTS = {
    "listing": (LISTING, LISTING_ROWS),
    "bibtex": (BIBTEX, BIBTEX_ROWS),
    "biblatex": (BIBLATEX, BIBLATEX_ROWS),
    "ris": (RIS, RIS_ROWS),
    "csljson": (CSLJSON, CSLJSON_ROWS),
    "csljson-roles": (CSLJSON_ROLES, CSLJSON_ROLES_ROWS),
}


# -- where a value landed -------------------------------------------------------------------


def _outputs(fmt: str) -> dict[str, str]:
    text, _ = INPUTS[fmt]
    result = api.read_text(text, fmt.split("-")[0], source=f"input.{fmt}", as_of=AS_OF)
    assert result.problems == ()
    records = api.prepare(map(normalize, result.records))
    return {out: api.write(records, out) for out in OUTPUTS}


_CACHE: dict[str, dict[str, str]] = {}


def outputs(fmt: str) -> dict[str, str]:
    if fmt not in _CACHE:
        _CACHE[fmt] = _outputs(fmt)
    return _CACHE[fmt]


def values_at(text: str, out: str, where: str) -> list[str]:
    """The values of output field ``where`` in the (first) record of ``text``."""
    if out in ("bibtex", "biblatex"):
        import bibtexparser

        library = bibtexparser.parse_string(text)
        entry = library.entries[0]
        if where == "@key":
            return [entry.key]
        if where == "@type":
            return [entry.entry_type]
        if where in ("@preamble", "@comment"):
            blocks = library.preambles if where == "@preamble" else library.comments
            return [getattr(b, "value", None) or getattr(b, "comment", "") for b in blocks]
        field = {f.key.lower(): f.value for f in entry.fields}.get(where.lower())
        return [] if field is None else [field.strip("{}") if where in ("url", "doi") else to_unicode(field)]
    if out == "csljson":
        item = json.loads(text)[0]
        if where not in item:
            return []
        value = item[where]
        return [value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)]
    return [line[6:] for line in text.split("\r\n") if line[:2] == where]


def _cases():  # noqa: ANN202
    for fmt, (_, rows) in INPUTS.items():
        for param in rows:
            marker, cells = param.values
            for out in OUTPUTS:
                yield pytest.param(fmt, marker, out, cells[out], id=f"{fmt}:{param.id}->{out}")


@pytest.mark.parametrize(("fmt", "marker", "out", "cell"), list(_cases()))
def test_every_input_field_lands_where_the_table_says(fmt, marker, out, cell):
    text = outputs(fmt)[out]
    if isinstance(cell, Lost):
        assert marker not in text, f"{marker!r} is in the {out} output now: update the table and README"
        return
    where, spelled = cell if isinstance(cell, tuple) else (cell, marker)
    found = values_at(text, out, where)
    assert any(spelled in value for value in found), (where, found, text)


def _readme_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("## What each format keeps")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def test_every_documented_loss_is_in_the_readme():
    section = " ".join(_readme_section().split())
    losses = {cell.readme for _, rows in INPUTS.values() for p in rows for cell in p.values[1].values()
              if isinstance(cell, Lost)}
    assert losses
    for sentence in losses:
        assert sentence in section


@pytest.mark.parametrize("fmt", list(INPUTS))
def test_every_marker_of_the_input_is_in_the_table(fmt):
    """The table is complete: every ``V...`` marker in the fixture has a row."""
    text, rows = INPUTS[fmt]
    markers = set(re.findall(r"V[a-z][a-z0-9-]*", text))
    covered = " ".join(p.values[0] for p in rows)
    assert {m for m in markers if m not in covered} == set()


def test_csljson_name_roles_beyond_author_and_editor_are_kept():
    item = [{"id": "a", "type": "book", "title": "T", "author": [{"family": "Author"}],
             "translator": [{"family": "Vtranslator"}], "container-author": [{"family": "Vcontainerauthor"}]}]
    result = api.read_text(json.dumps(item), "csljson")
    for out in OUTPUTS:
        text = api.write(result.records, out)
        assert "Vtranslator" in text and "Vcontainerauthor" in text, out


def test_ris_author_order_is_the_file_order():
    (record,) = api.read_text(RIS, "ris").records
    assert [p.family for p in record.author] == ["Vau1family", "Vau2family"]
    mixed = "TY  - JOUR\nA1  - First, A\nAU  - Second, B\nA1  - Third, C\nER  - \n"
    (record,) = api.read_text(mixed, "ris").records
    assert [p.family for p in record.author] == ["First", "Second", "Third"]
