"""The BibTeX/BibLaTeX writer against its specifications (tests/MUTATION.md, writers/bibtex).

Expected values come from: the ISBN and ISSN standards (ISO 2108 check digit mod 11 / weights
1,3 mod 10; ISO 3297 weights 8..2 mod 11), biblatex's manual (2.3.8 "Date Specifications":
EDTF ranges, ``1988/`` open end, ``~``/``?``/``%`` qualifiers, seasons 21-24, astronomical
years; 2.3.6 ``editora``/``editoratype``; 2.2.2 ``translator``, ``bookauthor``, ``urldate``,
``origdate``, ``eventdate``), BibTeX's name format (btxdoc; Patashnik: ``and`` at brace level 0
splits names, whatever its case, a comma at level 0 starts the ``Last, First`` form), the
module docstring's rules (``Given Family`` where that is unambiguous, ``csl.<variable>: value``
lines in ``annote`` for what has no field), and two independent readers: pylatexenc (via
``tests/oracles.py``) for what the LaTeX escapes say, and pybtex for how BibTeX splits names.
"""

from __future__ import annotations

import json

import pytest

from bibexport.model import Date, Person, Record
from bibexport.writers import bibtex

from ..oracles import decode_latex


def _fields(record: Record, flavour: str, ascii: bool = False) -> dict[str, str]:
    return dict(bibtex.entry_fields(record, flavour, ascii))


def _value(written: str) -> str:
    """A written ``{...}`` value as text (pylatexenc), braces dropped."""
    assert written.startswith("{") and written.endswith("}"), written
    return decode_latex(written[1:-1])


def _annote(record: Record, flavour: str = "biblatex") -> list[str]:
    fields = _fields(record, flavour)
    return [decode_latex(line.strip()) for line in fields["annote"][1:-1].split("\n")] if "annote" in fields else []


def _csl_line(lines: list[str], name: str):
    found = [line.removeprefix(f"csl.{name}: ") for line in lines if line.startswith(f"csl.{name}: ")]
    assert len(found) <= 1, lines
    return json.loads(found[0]) if found and found[0][:1] in "[{" else (found[0] if found else None)


# --- ISBN and ISSN check digits (biber rejects a wrong one) ------------------------------------

ISBN = bibtex.CHECKED_NUMBERS["isbn"]
ISSN = bibtex.CHECKED_NUMBERS["issn"]


def _isbn10_check(nine: str) -> str:
    """ISO 2108 (ISBN-10): weights 10..2, the check digit makes the sum 0 mod 11 (10 is X)."""
    rest = (11 - sum((10 - i) * int(c) for i, c in enumerate(nine)) % 11) % 11
    return "X" if rest == 10 else str(rest)


def _isbn13_check(twelve: str) -> str:
    """ISO 2108 (ISBN-13, EAN-13): weights 1,3,1,3..., the sum with the check digit 0 mod 10."""
    return str((10 - sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(twelve)) % 10) % 10)


def _issn_check(seven: str) -> str:
    """ISO 3297: weights 8..2, the check digit makes the sum 0 mod 11 (10 is X)."""
    rest = (11 - sum((8 - i) * int(c) for i, c in enumerate(seven)) % 11) % 11
    return "X" if rest == 10 else str(rest)


@pytest.mark.parametrize("value", [
    "0-306-40615-2", "0306406152", "0 306 40615 2",  # the standard's example, hyphens or spaces or none
    "0-8044-2957-X", "0-8044-2957-x",  # check digit 10 is X, either case
    "1-" + "84356-028-" + _isbn10_check("184356028"),
    "978-0-306-40615-7", "9780306406157", "978 0 306 40615 7",
    "979-10-90636-07-" + _isbn13_check("979109063607"),  # the 979 prefix
    "978-3-16-148410-0",
])
def test_a_valid_isbn_passes(value):
    assert ISBN(value) is True


@pytest.mark.parametrize("value", [
    "0-306-40615-3", "0-306-40615-X", "0-8044-2957-0",  # wrong check digit
    "978-0-306-40615-8", "978-0-306-40615-2",
    "977-0-306-40615-" + _isbn13_check("977030640615"),  # a valid EAN-13 that is no ISBN (977: ISSN)
    "0-306-40615", "0-306-40615-22", "97803064061570",  # too short, too long
    "X-306-40615-2", "ISBN 0-306-40615-2", "", "Visbn",
    "0_306_40615_2",  # an underscore is no separator
])
def test_an_invalid_isbn_fails(value):
    assert ISBN(value) is False


def test_every_isbn10_check_digit_is_the_only_one_that_passes():
    for nine in ("030640615", "080442957", "123456789", "999999999", "000000001"):
        right = _isbn10_check(nine)
        for digit in "0123456789X":
            assert ISBN(nine + digit) is (digit == right), nine + digit


def test_every_isbn13_check_digit_is_the_only_one_that_passes():
    for twelve in ("978030640615", "979109063607", "978999999999", "978000000001", "979123456789"):
        right = _isbn13_check(twelve)
        for digit in "0123456789":
            assert ISBN(twelve + digit) is (digit == right), twelve + digit


@pytest.mark.parametrize("value", [
    "0317-8471", "03178471", " 0317-8471 ", "2049-3630", "0378-5955", "1234-5679",
    "2434-561X", "2434-561x",  # check digit 10 is X, either case
])
def test_a_valid_issn_passes(value):
    assert ISSN(value) is True


@pytest.mark.parametrize("value", [
    "0317-8472", "2049-3631", "2434-5610", "1234-5678",
    "0317 8471", "0317--8471", "317-8471", "0317-84711", "X317-8471", "ISSN", "",
])
def test_an_invalid_issn_fails(value):
    assert ISSN(value) is False


def test_every_issn_check_digit_is_the_only_one_that_passes():
    for seven in ("0317847", "2049363", "2434561", "1000000", "9999999", "0000001"):
        right = _issn_check(seven)
        for digit in "0123456789X":
            assert ISSN(f"{seven[:4]}-{seven[4:]}{digit}") is (digit == right), seven + digit


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_a_checked_number_goes_to_its_field_or_to_annote(flavour):
    book = Record(id="k", type="book", title="t", author=(Person("B", "A"),), issued=Date(2020),
                  fields=(("ISBN", "0-8044-2957-X"),))
    assert _fields(book, flavour)["isbn"] == "{0-8044-2957-X}"
    bad = book.replace(fields=(("ISBN", "0-8044-2957-1"),))
    assert "isbn" not in _fields(bad, flavour)
    assert "csl.ISBN: 0-8044-2957-1" in _annote(bad, flavour)
    article = Record(id="k", type="article-journal", title="t", author=(Person("B", "A"),), issued=Date(2020),
                     fields=(("container-title", "J"), ("ISSN", "2434-561x")))
    assert _fields(article, flavour)["issn"] == "{2434-561x}"


# --- ascii: every value LaTeX-escaped, and it says the same text ---------------------------------

UNICODE_RECORD = Record(
    id="k", type="book", title="Über <i>Käse</i> und Brot",
    author=(Person("Müller", "Jürgen"), Person("Zola", "Émile"), Person("Maaten", "Laurens", particle="vän der"),
            Person("King", "Martin", suffix="Jünior"), Person(literal="Société Générale")),
    editor=(Person("Šimek", "Jiří"),),
    names=(("translator", (Person("Brontë", "Anne"),)), ("container-author", (Person("Ørsted", "Hans"),))),
    issued=Date(literal="2020, à paraître"),
    fields=(("publisher", "Éditions du Seuil"), ("page", "ü1–ü9"), ("note", "<b>Écrit</b> à Paris"),
            ("publisher-place", "Zürich")),
    extra=(("bibtex.remarque", "Très bien"),),
)
UNICODE_TEXT = {
    "title": "Über Käse und Brot",
    "author": "Jürgen Müller and Zola, Émile and vän der Maaten, Laurens and King, Jünior, Martin and Société Générale",
    "editor": "Jiří Šimek",
    "translator": "Anne Brontë",
    "bookauthor": "Hans Ørsted",
    "publisher": "Éditions du Seuil",
    "location": "Zürich",
    "pages": "ü1–ü9",
    "note": "Écrit à Paris",
    "addendum": "2020, à paraître",
    "remarque": "Très bien",
}


@pytest.mark.parametrize("ascii", [True, False])
def test_ascii_escapes_every_field_and_the_text_stays_the_same(ascii):
    written = _fields(UNICODE_RECORD, "biblatex", ascii)
    for name, text in UNICODE_TEXT.items():
        value = written[name]
        assert value.isascii() is ascii, (name, value)
        decoded = " ".join(_value(value).replace("--", "–").split())
        assert decoded == text, name


def test_ascii_bibtex_flavour_year_from_text_and_names():
    written = _fields(UNICODE_RECORD, "bibtex", True)
    assert all(value.isascii() for value in written.values()), written
    assert _value(written["addendum"]) == "2020, à paraître" and written["year"] == "2020"


def test_a_title_word_braced_for_its_case_keeps_its_escaped_quotes():
    """Edge punctuation of a braced word (curly quotes, guillemets) is escaped under ascii too."""
    title = "On «PyTorch» and “ImageNet”: Über alles"
    out = bibtex.escape_title(title, ascii=True)
    assert out.isascii() and "{PyTorch}" in out and "{ImageNet}" in out
    assert " ".join(decode_latex(out).split()) == title
    utf8 = bibtex.escape_title(title)
    assert "«{PyTorch}»" in utf8 and "{ImageNet}" in utf8 and ": {Über} alles" in utf8
    assert " ".join(decode_latex(utf8).split()) == title


def test_a_protected_phrase_is_escaped_like_the_rest_of_the_title():
    out = bibtex.escape_title("Maps of Zürich Nord and Süd", ascii=True, protected=["Zürich Nord"])
    assert out.isascii() and decode_latex(out) == "Maps of Zürich Nord and Süd"
    assert out.startswith("Maps of {") and "Z" in out.split("{", 1)[1]
    assert bibtex.escape_title("Maps of Zürich Nord", protected=["Zürich Nord"]) == "Maps of {Zürich Nord}"


def test_the_longest_protected_phrase_wins_where_two_overlap():
    assert bibtex.escape_title("The New York Times", protected=["New York", "New York Times"]) == "The {New York Times}"
    assert bibtex.escape_title("The New York Times", protected=["New York Times", "New York"]) == "The {New York Times}"


def test_whitespace_between_title_words_is_escaped_where_the_title_needs_escaping():
    """A form feed is a control character (a space in the value); a no-break space is ``~`` in ASCII."""
    assert bibtex.escape_title("A\x0cB & C") == "A B \\& C"
    assert bibtex.escape_title("A\x0cB") == "A B"
    out = bibtex.escape_title("Über\u00a0alles", ascii=True)
    assert out.isascii() and decode_latex(out) == "Über\u00a0alles"
    assert bibtex.escape_title("x\u00a0y &", ascii=True).isascii()


def test_the_default_is_utf8():
    assert bibtex.escape_title("Über") == "Über"
    assert bibtex.escape_plain("Über") == "Über"
    assert bibtex.page_range("ü1–ü9") == "ü1--ü9"
    assert bibtex.page_range("ü1, ü9") == "ü1, ü9"
    assert bibtex.page_range("ü1–ü9", True).isascii() and bibtex.page_range("ü1, ü9", True).isascii()
    assert bibtex.is_plain("Über") is True
    assert bibtex.escape("a $x$ b") == "a \\$x\\$ b"  # math kept only where asked
    assert bibtex.format_names([Person("Müller", "Jürgen")]) == "Jürgen Müller"
    record = Record(id="k", title="Über", author=(Person("Müller", "Jürgen"),))
    assert dict(bibtex.entry_fields(record, "biblatex"))["title"] == "{Über}"


@pytest.mark.parametrize("text, plain", [
    ("plain words", True), ("a\x0cb", False), ("a{b", False), ("a$b", False), ("a & b", False),
    ("\u03b5-greedy", False),  # a lone Greek letter is written as math
    ("Über", True),
])
def test_is_plain_says_when_escaping_changes_nothing(text, plain):
    assert bibtex.is_plain(text) is plain
    assert (bibtex.escape_plain(text) == text) is plain


def test_control_characters_are_one_space_each():
    assert bibtex.escape_plain("a\x07b\x1bc") == "a b c"
    assert bibtex.escape_plain("{a\x07}") == "\\textbraceleft{}a \\textbraceright{}"


def test_a_dollar_beside_a_brace_is_escaped():
    assert bibtex.escape_plain("{$}") == "\\textbraceleft{}\\$\\textbraceright{}"
    out = bibtex.escape_plain("{Ü}", ascii=True)
    assert out.isascii() and decode_latex(out) == "{Ü}"


def test_a_lone_greek_letter_becomes_math_only_where_there_is_one():
    assert bibtex.escape_plain("Ünïcode") == "Ünïcode"
    assert bibtex.escape_plain("Ü ε") == "Ü {$\\varepsilon$}"  # the writer's comment: ε-greedy is {$\\varepsilon$}-greedy


# --- markup in fields other than the title -------------------------------------------------------

def test_markup_outside_the_title_is_latex_and_math_only_in_math_fields():
    record = Record(id="k", type="book", title="<i>T</i> $x$", author=(Person("B", "A"),), issued=Date(2020),
                    fields=(("note", "<i>see</i> $\\alpha$ & more"), ("publisher", "<i>Ca$h</i> & Co")))
    written = _fields(record, "biblatex")
    assert written["note"] == "{\\textit{see} $\\alpha$ \\& more}"
    assert written["publisher"] == "{\\textit{Ca\\$h} \\& Co}"
    assert written["title"] == "{\\textit{T} {$x$}}"


def test_a_kept_field_keeps_its_math():
    record = Record(id="k", title="t", extra=(("bibtex.mathnote", "$\\alpha$ & co"),))
    assert _fields(record, "biblatex")["mathnote"] == "{$\\alpha$ \\& co}"


# --- names -------------------------------------------------------------------------------------

@pytest.mark.parametrize("person, written", [
    # "and" at brace level 0 separates names, whatever its case: braced
    (Person("And", "Jane"), "Jane {And}"),
    (Person("Doe", "And"), "{And} Doe"),
    (Person("Smith and Sons", "Jane"), "{Smith and Sons}, Jane"),
    (Person("King", "Martin", suffix="and Sons"), "King, {and Sons}, Martin"),
    # a comma at level 0 starts the "Last, First" form: braced where it is part of a name
    (Person("Doe,Inc", "Jane"), "{Doe,Inc}, Jane"),
    (Person("Doe", "Jane, X"), "{Jane, X} Doe"),
    (Person("King", "Martin", suffix="Jr., PhD"), "King, {Jr., PhD}, Martin"),
    (Person("King", "Martin", suffix="Jr."), "King, Jr., Martin"),
    # particles, dropping and not, both before the family name
    (Person("Fontaine", "Jean", particle="la", dropping_particle="de"), "de la Fontaine, Jean"),
    (Person("Gaulle", "Charles", dropping_particle="de"), "de Gaulle, Charles"),
    # one part only
    (Person(given="Plato"), "Plato"),
    (Person("Plato"), "Plato"),
    (Person("United Nations"), "{United Nations}"),
    (Person("Nations", particle="van"), "van Nations"),
    # a given name that does not start with an ASCII capital: the comma form
    (Person("hooks", "bell"), "hooks, bell"),
    (Person("Zola", "Émile"), "Zola, Émile"),
    (Person("Zola", "Zoe"), "Zoe Zola"),
    (Person("Alpha", "Ann Zed"), "Ann Zed Alpha"),
    (Person("Zed", "Ann bob"), "Zed, Ann bob"),
    (Person(literal="Barnes and Noble"), "{Barnes and Noble}"),
])
def test_names_as_bibtex_splits_them(person, written):
    assert bibtex.format_name(person) == written


def test_pybtex_splits_the_written_names_back_into_their_parts():
    import pybtex.database

    people = [Person("And", "Jane"), Person("Doe", "And"), Person("Doe,Inc", "Jane"), Person("Doe", "Jane, X"),
              Person("King", "Martin", suffix="Jr., PhD"), Person("Smith and Sons", "Jane")]
    names = bibtex.format_names(people)
    entry = pybtex.database.parse_string(f"@book{{k, author = {{{names}}}}}", "bibtex").entries["k"]
    got = [(p.first_names, p.last_names, p.lineage_names) for p in entry.persons["author"]]
    assert got == [(["Jane"], ["{And}"], []), (["{And}"], ["Doe"], []), (["Jane"], ["{Doe,Inc}"], []),
                   (["{Jane, X}"], ["Doe"], []), (["Martin"], ["King"], ["{Jr., PhD}"]),
                   (["Jane"], ["{Smith and Sons}"], [])]


def test_a_truncated_list_ends_in_others_only_when_truncated():
    assert bibtex.format_names([Person("Doe", "Jane")]) == "Jane Doe"
    assert bibtex.format_names([Person("Doe", "Jane")], truncated=True) == "Jane Doe and others"
    assert bibtex.format_names([Person(literal="ACME"), Person()]) == "{ACME}"


# --- what BibTeX's name forms cannot say: a csl.<role> line in annote -------------------------------

@pytest.mark.parametrize("person", [
    Person("Gaulle", "Charles", dropping_particle="de"),
    Person(given="Plato"),
    Person("Royal Society"),
    Person("Doe", "Jane", comma_suffix=True, suffix="Jr."),
    Person("Mao", "Zedong", static_ordering=True),
    Person("Doe", "Jane", parse_names=False),
])
def test_a_name_the_bibtex_form_does_not_keep_whole_is_also_a_csl_line(person):
    record = Record(id="k", title="t", author=(person,), editor=(person,))
    lines = _annote(record)
    assert _csl_line(lines, "author") and _csl_line(lines, "editor")


@pytest.mark.parametrize("person", [
    Person("Doe", "Jane"), Person(literal="Royal Society"), Person("Maaten", particle="van der"),
    Person("Maaten", "Laurens", particle="van der"), Person("King", "Martin", suffix="Jr."),
])
def test_a_name_the_bibtex_form_keeps_whole_is_no_csl_line(person):
    record = Record(id="k", title="t", author=(person,), editor=(person,))
    lines = _annote(record)
    assert _csl_line(lines, "author") is None and _csl_line(lines, "editor") is None
    assert bibtex.says_all(person)


# --- other name and date variables: biblatex fields, else csl lines ------------------------------

ROLES_RECORD = Record(
    id="k", type="book", title="t", author=(Person("Doe", "Jane"),), issued=Date(2020),
    names=(
        ("translator", (Person("Brontë", "Anne"),)),
        ("container-author", (Person("Homer"),)),
        ("compiler", (Person("Smith", "Ann"),)),
        ("organizer", (Person("Jones", "Bob"),)),
        ("contributor", (Person("Lee", "Cy"), Person("Gaulle", "Charles", dropping_particle="de"))),
        ("director", (Person("Kubrick", "Stanley"),)),
        ("illustrator", ()),
    ),
    dates=(
        ("accessed", Date(2024, 1, 2)),
        ("original-date", Date(1850, circa=True)),
        ("event-date", Date(2020, 5, 1, end=Date(2020, 5, 3))),
        ("submitted", Date(2023, 3)),
        ("available-date", Date(2021, season="Spring")),
    ),
)


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_name_variables_with_a_biblatex_field(flavour):
    written = _fields(ROLES_RECORD, flavour)
    assert written["translator"] == "{Anne Brontë}"
    assert written["bookauthor"] == "{Homer}"
    assert (written["editora"], written["editoratype"]) == ("{Ann Smith}", "{compiler}")
    assert (written["editorb"], written["editorbtype"]) == ("{Bob Jones}", "{organizer}")
    assert (written["editorc"], written["editorctype"]) == ("{Cy Lee and de Gaulle, Charles}", "{collaborator}")


def test_name_variables_without_a_field_or_not_said_whole_are_csl_lines():
    lines = _annote(ROLES_RECORD)
    assert _csl_line(lines, "director") == [{"family": "Kubrick", "given": "Stanley"}]
    contributors = _csl_line(lines, "contributor")
    assert contributors[1]["dropping-particle"] == "de" and len(contributors) == 2
    for role in ("translator", "container-author", "compiler", "organizer", "illustrator", "author"):
        assert _csl_line(lines, role) is None, role


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_date_variables_with_a_biblatex_field(flavour):
    written = _fields(ROLES_RECORD, flavour)
    assert written["urldate"] == "{2024-01-02}"
    assert written["origdate"] == "{1850~}"
    assert written["eventdate"] == "{2020-05-01/2020-05-03}"


def test_date_variables_without_a_field_or_a_biblatex_form_are_csl_lines():
    lines = _annote(ROLES_RECORD)
    assert _csl_line(lines, "submitted") == "2023-03"
    assert _csl_line(lines, "available-date") == {"date-parts": [[2021]], "season": "Spring"}
    for name in ("accessed", "original-date", "event-date", "issued"):
        assert _csl_line(lines, name) is None, name
    record = ROLES_RECORD.replace(dates=(("accessed", Date(2021, season="Spring")),))
    assert "urldate" not in _fields(record, "biblatex")
    assert _csl_line(_annote(record), "accessed") == {"date-parts": [[2021]], "season": "Spring"}


@pytest.mark.parametrize("issued, line", [
    (Date(2020, season="Spring"), {"date-parts": [[2020]], "season": "Spring"}),  # no EDTF for a season as text
    (Date(2020, season=21), None),  # EDTF 2020-21 says it
    (Date(2020, 5, 1), None),
    (Date(1850, circa=True), None),
    (None, None),
])
def test_an_issued_date_biblatex_cannot_say_is_a_csl_line(issued, line):
    record = Record(id="k", title="t", author=(Person("Doe", "Jane"),), issued=issued)
    assert _csl_line(_annote(record), "issued") == line
    assert _csl_line(_annote(record, "bibtex"), "issued") == line


# --- biblatex dates (manual 2.3.8) --------------------------------------------------------------

@pytest.mark.parametrize("date, written", [
    (Date(1988, end=Date(1992)), "1988/1992"),
    (Date(2002, 1, end=Date(2002, 2)), "2002-01/2002-02"),
    (Date(1995, 3, 30, end=Date(2004, 5, 8)), "1995-03-30/2004-05-08"),
    (Date(1988, end=Date()), "1988/"),  # an open end: biblatex's "1988/"
    (Date(1850, circa=True), "1850~"),
    (Date(2020, season=21), "2020-21"),
    (Date(2020, season=24), "2020-24"),
    (Date(-380, end=Date(-300)), "-0379/-0299"),  # astronomical years, year 0 is 1 BC
    (Date(-1, end=Date(5)), "0000/0005"),
    (Date(5, end=Date(10)), "0005/0010"),
    (Date(1999, circa=True, raw="1999?"), "1999?"),  # as read: uncertain
    (Date(1999, circa=True, raw="1999%"), "1999%"),  # as read: uncertain and approximate
    (Date(1, circa=True, raw="0001?"), "0001?"),
    (Date(1999, 5, raw="1999-05"), "1999-05"),
])
def test_biblatex_dates(date, written):
    assert bibtex.biblatex_date(date) == written
    record = Record(id="k", type="book", title="t", author=(Person("B", "A"),), issued=date)
    assert _fields(record, "biblatex")["date"] == "{" + written + "}"


@pytest.mark.parametrize("date", [
    Date(2020, season="Spring"), Date(2020, season=1), Date(literal="forthcoming"), Date(),
    Date(1999, raw="May 1999"),  # raw text that is no EDTF: biblatex cannot say it whole
])
def test_a_date_biblatex_has_no_form_for_is_empty(date):
    assert bibtex.biblatex_date(date) == ""


def test_a_date_with_no_biblatex_form_still_writes_its_year():
    record = Record(id="k", type="book", title="t", author=(Person("B", "A"),), issued=Date(2020, season="Spring"))
    assert _fields(record, "biblatex")["date"] == "{2020}"
    assert _fields(record, "bibtex")["year"] == "2020"


@pytest.mark.parametrize("date, fields", [
    (Date(1988, end=Date(1992)), {"year": "1988", "date": "{1988/1992}"}),
    (Date(2020, 5, end=Date(2020, 6)), {"year": "2020", "month": "may", "date": "{2020-05/2020-06}"}),
    (Date(2020, 13), {"year": "2020"}),  # no month 13 in BibTeX's macros
    (Date(2020, 0), {"year": "2020"}),
    (Date(2020, 12), {"year": "2020", "month": "dec"}),
    (Date(2020, 1), {"year": "2020", "month": "jan"}),
    (Date(2020, season=22), {"year": "2020", "date": "{2020-22}"}),
])
def test_bibtex_date_fields(date, fields):
    record = Record(id="k", type="book", title="t", author=(Person("B", "A"),), issued=date)
    written = _fields(record, "bibtex")
    assert {k: written[k] for k in ("year", "month", "date") if k in written} == fields


@pytest.mark.parametrize("text, date", [
    ("Summer 2020", Date(2020, season=22)), ("autumn 2020", Date(2020, season=23)),
    ("Fall 2020", Date(2020, season=23)), ("WINTER 2020", Date(2020, season=24)),
    (" Spring 2020 ", Date(2020, season=21)),
    ("c. 1850", Date(1850, circa=True)), ("approx. 1850", Date(1850, circa=True)), ("~1850", Date(1850, circa=True)),
    ("CA 1850", Date(1850, circa=True)),
    ("Monsoon 2020", None), ("ca. 0000", None), ("Spring 20", None), ("in 1850", None),
])
def test_literal_dates_that_are_a_season_or_circa(text, date):
    assert bibtex.literal_date(text) == date


# --- entry types and fields per type -------------------------------------------------------------

@pytest.mark.parametrize("record, bibtex_type, biblatex_type", [
    (Record(type="thesis", fields=(("genre", "Master's thesis"),)), "mastersthesis", "thesis"),
    (Record(type="thesis", fields=(("genre", "MASTER thesis"),)), "mastersthesis", "thesis"),
    (Record(type="thesis"), "phdthesis", "thesis"),
    (Record(type="webpage", fields=(("URL", "https://x.org"),)), "misc", "online"),
    (Record(type="webpage", fields=(("DOI", "10.1/x"),)), "misc", "online"),
    (Record(type="webpage", fields=(("URL", "  "),)), "misc", "misc"),
    (Record(type="webpage", extra=(("bibtex.eprint", "1234"),)), "misc", "online"),
    (Record(type="article", fields=(("number", "2211.15661"),)), "misc", "online"),
    (Record(type="article", fields=(("number", "12"),)), "misc", "misc"),
    (Record(type="article", fields=(("publisher", "arXiv"),)), "misc", "misc"),
    (Record(type="song"), "misc", "misc"),
    (Record(type="report"), "techreport", "report"),
    (Record(type="book", extra=(("bibtex.type", "MVBook"),)), "book", "mvbook"),
    (Record(type="book", extra=(("bibtex.type", "Booklet"),)), "booklet", "booklet"),
])
def test_entry_types(record, bibtex_type, biblatex_type):
    assert bibtex.entry_type(record, "bibtex") == bibtex_type
    assert bibtex.entry_type(record, "biblatex") == biblatex_type


@pytest.mark.parametrize("record, arxiv", [
    (Record(type="article", fields=(("publisher", "ARXIV"),)), True),
    (Record(type="article", categories=("cs.LG",)), True),
    (Record(type="article", fields=(("number", "arXiv:2211.15661v2"),)), True),
    (Record(type="article", fields=(("number", "hep-th/9901001"),)), True),
    (Record(type="article", fields=(("number", "math.AG/0309136"),)), True),
    (Record(type="article", fields=(("number", "12"),)), False),
    (Record(type="article"), False),
    (Record(type="article-journal", categories=("cs.LG",), fields=(("publisher", "arXiv"),)), False),
])
def test_is_arxiv(record, arxiv):
    assert bibtex.is_arxiv(record) is arxiv


def test_a_thesis_and_a_report_name_their_institution_per_flavour():
    thesis = Record(id="k", type="thesis", title="t", author=(Person("B", "A"),), issued=Date(2020),
                    fields=(("publisher", "MIT"),))
    assert _fields(thesis, "bibtex")["school"] == "{MIT}" and "publisher" not in _fields(thesis, "bibtex")
    assert _fields(thesis, "biblatex")["institution"] == "{MIT}"
    report = thesis.replace(type="report")
    assert _fields(report, "bibtex")["institution"] == "{MIT}"
    assert _fields(report, "biblatex")["institution"] == "{MIT}"
    assert _fields(report, "biblatex")["type"] == "{techreport}"  # mandatory for biber
    assert "type" not in _fields(report, "bibtex")
    assert _fields(report.replace(fields=(("genre", "Memo"),)), "biblatex")["type"] == "{Memo}"


def test_a_publisher_on_misc_is_the_organization_and_on_a_book_the_publisher():
    misc = Record(id="k", type="song", title="t", author=(Person("B", "A"),), fields=(("publisher", "Label"),))
    assert _fields(misc, "biblatex")["organization"] == "{Label}" and "publisher" not in _fields(misc, "biblatex")
    book = misc.replace(type="book")
    assert _fields(book, "biblatex")["publisher"] == "{Label}" and "organization" not in _fields(book, "biblatex")
    report = misc.replace(type="patent")  # @misc in both, organization there
    assert _fields(report, "bibtex")["organization"] == "{Label}"


def test_a_type_field_is_kept_on_an_incollection_for_bibtex_only():
    """btxdoc: @incollection has an optional ``type``; biber's data model has none there."""
    record = Record(id="k", type="chapter", title="t", author=(Person("B", "A"),), issued=Date(2020),
                    fields=(("container-title", "Book"), ("genre", "Chapter"), ("publisher", "P")))
    assert _fields(record, "bibtex")["type"] == "{Chapter}"
    assert "type" not in _fields(record, "biblatex")
    assert "csl.genre: Chapter" in _annote(record, "biblatex")
    assert bibtex.field_allowed("incollection", "type", "bibtex") and not bibtex.field_allowed("incollection", "type", "biblatex")
    assert bibtex.datamodel_allows("phdthesis", "school") and not bibtex.datamodel_allows("phdthesis", "publisher")
    assert bibtex.datamodel_allows("techreport", "address") and not bibtex.datamodel_allows("techreport", "isbn")


def test_preprint_genre_and_arxiv_number_are_said_by_the_eprint_fields():
    record = Record(id="k", type="article", title="t", author=(Person("B", "A"),), issued=Date(2022),
                    fields=(("number", "2211.15661"), ("genre", "Preprint"), ("publisher", "arXiv"),
                            ("medium", "online")))
    for flavour in ("bibtex", "biblatex"):
        written = _fields(record, flavour)
        lines = _annote(record, flavour)
        assert written["eprint"] == "{2211.15661}"
        assert not any(line.startswith(("csl.genre", "csl.number", "csl.publisher")) for line in lines), lines
        assert "csl.medium: online" in lines  # howpublished says "arXiv preprint", not the medium
    other = record.replace(fields=(("number", "2211.15661"), ("genre", "Working paper")))
    assert "csl.genre: Working paper" in _annote(other, "biblatex")  # biber's @online has no type field


def test_an_unplaced_value_is_one_line_with_single_spaces():
    record = Record(id="k", type="article-journal", title="t", fields=(("container-title", "J"),
                                                                      ("publisher", "A  big\n press")))
    assert "csl.publisher: A big press" in _annote(record)


# --- fields kept from BibTeX input ---------------------------------------------------------------

def test_kept_key_fields_are_citation_keys_and_other_kept_fields_text():
    record = Record(id="k", title="t", extra=(
        ("bibtex.related", "a b, c{d}"), ("bibtex.Related", "again"), ("bibtex.XDATA", "x y"),
        ("bibtex.title", "a second title")))
    written = bibtex.entry_fields(record, "biblatex")
    names = [n for n, _ in written]
    assert ("related", "{a_b,c_d_}") in written
    assert ("XDATA", "{x_y}") in written
    assert names.count("title") == 1 and "Related" not in names


def test_a_kept_field_named_as_a_written_one_is_left_out_whatever_its_case():
    record = Record(id="k", title="t", extra=(("bibtex.TITLE", "other"), ("bibtex.Note", "kept")))
    written = bibtex.entry_fields(record, "bibtex")
    assert [n for n, _ in written].count("title") + [n for n, _ in written].count("TITLE") == 1
    assert ("Note", "{kept}") in written


# --- output blocks, crossrefs, writers -----------------------------------------------------------

def test_an_entry_with_no_field_is_closed():
    assert bibtex.format_entry(Record(id="k", type="article-journal"), "biblatex") == "@article{k,\n}\n"


def test_multi_line_values_continue_indented_by_four_spaces():
    out = bibtex.format_entry(Record(id="k", title="t", abstract="one\ntwo"), "biblatex")
    assert out.endswith("  abstract = {one\n    two}\n}\n")


@pytest.mark.parametrize("flavour, keeps", [("bibtex", False), ("biblatex", True)])
def test_a_crossref_to_an_earlier_entry(flavour, keeps):
    parent = Record(id="Parent", type="book", title="p")
    child = Record(id="child", type="chapter", title="c", extra=(("bibtex.crossref", " parent "),))
    out = bibtex.write_entries([parent, child], flavour)
    assert ("crossref = {parent}" in out) is keeps
    missing = bibtex.write_entries([child], flavour)
    assert "crossref" not in missing


def test_writers_take_options_and_jobs():
    class Options:
        ascii = True

    record = Record(id="k", title="Über", author=(Person("Müller", "Jürgen"),))
    for write in (bibtex.write_bibtex, bibtex.write_biblatex):
        assert write([record], Options()).isascii()
        assert not write([record]).isascii()
        assert write([record], None, jobs=1) == write([record])
    assert bibtex.write_bibtex([record]).startswith("@misc{k,\n")
    assert bibtex.write_biblatex([record]).startswith("@misc{k,\n")
    assert "year = {n.d.}" in bibtex.write_bibtex([record]) and "n.d." not in bibtex.write_biblatex([record])


@pytest.mark.parametrize("block, written", [
    ("x \\{ y", False),  # balanced only when \{ is not counted
    ("x\n@misc{y}", False),
    ("ends in \\", False),
    ("a {b} c", True),
])
def test_a_preamble_is_written_only_if_every_reader_closes_it(block, written):
    out = bibtex.write_bibtex([Record(id="k", title="t", extra=(("bibtex.@preamble", block),))])
    assert out.startswith("@preamble{") is written


# --- math ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("math, safe", [
    ("$\\left( x \\right)$", True),
    ("$\\left( x$", False),
    ("$\\left( x \\right) \\left($", False),
    ("$x^^41$", False),
    ("$x~y$", True),  # printable ASCII up to and including ~
    ("$x\x7fy$", False),
    ("$\\alpha é$", False),
    ("$a & b$", False),
    ("$a \\& b$", True),
    ("$a{b$", False),
    ("$\\{a$", False),
    ("$}{$", False),
    ("$\\mathbf{x}$", True),
    ("$\\input{x}$", False),
    ("$$", False),
])
def test_is_safe_math(math, safe):
    assert bibtex.is_safe_math(math) is safe


@pytest.mark.parametrize("text, spans", [
    ("$x$", [(True, "$x$")]),
    ("a $x$", [(False, "a "), (True, "$x$")]),
    ("$x$ b", [(True, "$x$"), (False, " b")]),
    ("$x$$y$", [(True, "$x$"), (True, "$y$")]),
    ("", []),
])
def test_math_spans(text, spans):
    assert list(bibtex.math_spans(text)) == spans


def test_a_url_is_percent_encoded_where_latex_would_break_it():
    assert bibtex.verbatim("https://x.org/a b{c}\\d\x7f") == "https://x.org/a%20b%7Bc%7D%5Cd%7F"
    assert bibtex.verbatim("https://x.org/\x85") == "https://x.org/%85"


def test_sentence_starts():
    assert bibtex.sentence_starts("Why? Because: «Reasons» and! more") == {"Because", "Reasons"}
    assert bibtex.sentence_starts("Start here") == set()
    assert bibtex.sentence_starts("What? x Y") == set()
    assert bibtex.sentence_starts("What? eBay") == set()


# --- more of the same rules, at their edges -------------------------------------------------------

def test_a_capital_letter_alone_is_safe_math():
    assert bibtex.is_safe_math("$X$") and bibtex.is_safe_math("$N \\times M$")


def test_text_before_a_protected_phrase_is_escaped_under_ascii():
    out = bibtex.escape_title("Über New York", ascii=True, protected=["New York"])
    assert out.isascii() and out.endswith("{New York}") and decode_latex(out) == "Über New York"


def test_trailing_control_characters_of_a_title_are_spaces():
    assert bibtex.escape_title("a & b\x0c") == "a \\& b "


@pytest.mark.parametrize("page, written", [
    ("12-20", "12--20"), (" 12 - 20 ", "12--20"), ("12--20", "12--20"), ("12—20", "12--20"), ("e12-e20", "e12--e20"),
    ("12", "12"), ("12-", "12-"), ("12, 14", "12, 14"),
])
def test_page_ranges_use_bibtex_s_range_dash(page, written):
    assert bibtex.page_range(page) == written
    record = Record(id="k", type="article-journal", title="t", fields=(("container-title", "J"), ("page", page)))
    assert _fields(record, "biblatex")["pages"] == "{" + written + "}"


def test_a_family_name_in_the_comma_form_is_escaped_under_ascii():
    for person in (Person("Lüdenscheidt", "émile"), Person("Müller Lüdenscheidt", "Hans")):
        out = bibtex.format_name(person, ascii=True)
        assert out.isascii() and "," in out, out
    assert bibtex.format_name(Person("And", "Émile")) == "{And}, Émile"


def test_a_role_with_no_field_takes_no_editor_slot():
    record = Record(id="k", title="t", names=(("director", (Person("Kubrick", "Stanley"),)),
                                              ("compiler", (Person("Smith", "Ann"),))))
    written = _fields(record, "biblatex")
    assert (written["editora"], written["editoratype"]) == ("{Ann Smith}", "{compiler}")
    assert _csl_line(_annote(record), "director") == [{"family": "Kubrick", "given": "Stanley"}]


def test_a_day_date_with_raw_text_still_writes_the_date_for_biber():
    record = Record(id="k", type="book", title="t", author=(Person("B", "A"),), issued=Date(2020, 5, 1, raw="1 May 2020"))
    written = _fields(record, "bibtex")
    assert (written["year"], written["month"], written["date"]) == ("2020", "may", "{2020-05-01}")


def test_circa_year_one():
    assert bibtex.literal_date("ca. 0001") == Date(1, circa=True)


def test_a_letter_with_no_latin_font_glyph_is_escaped_even_in_utf8():
    """The docstring's ``ẗ``: no precomposed glyph in pdfLaTeX's fonts, so it is an accent command."""
    out = bibtex.escape_plain("Jẗ")
    assert out != "Jẗ" and out.isascii() and decode_latex(out) == "Jẗ"


def test_text_around_kept_math_is_escaped_under_ascii():
    out = bibtex.escape("Über $x$ & ß", ascii=True, math=True)
    assert out.isascii() and "$x$" in out and decode_latex(out.replace("$x$", "x")) == "Über x & ß"


def test_a_protected_phrase_in_a_title_with_markup_is_braced():
    record = Record(id="k", title="<i>A</i> Bayesian View", extra=(("bibtex.protected", "Bayesian"),))
    assert _fields(record, "bibtex")["title"] == "{\\textit{A} {Bayesian} View}"


def test_a_csl_variable_with_no_field_goes_to_annote_and_a_blank_one_nowhere():
    record = Record(id="k", title="t", fields=(("status", "in review"), ("volume", "  "), ("references", "")))
    written = _fields(record, "biblatex")
    assert "volume" not in written
    assert _annote(record) == ["csl.status: in review"]


def test_a_medium_saying_arxiv_preprint_on_a_non_arxiv_record_is_its_howpublished():
    record = Record(id="k", type="webpage", title="t", fields=(("medium", "arXiv preprint"),))
    written = _fields(record, "bibtex")
    assert written["howpublished"] == "{arXiv preprint}"
    assert "annote" not in written


def test_format_entry_defaults_and_flavour():
    record = Record(id="k", type="webpage", title="Über", fields=(("URL", "https://x.org"),))
    assert bibtex.format_entry(record, "biblatex").startswith("@online{k,\n  title = {Über},\n")
    assert bibtex.format_entry(record, "bibtex").startswith("@misc{k,\n")


def test_a_crossref_to_itself_is_dropped_for_bibtex():
    """BibTeX takes a crossref's parent from later in the file: an entry cannot be its own."""
    record = Record(id="k", type="chapter", title="c", extra=(("bibtex.crossref", "k"),))
    assert "crossref" not in bibtex.write_bibtex([record])
