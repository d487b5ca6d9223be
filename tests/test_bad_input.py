"""The catalogue of bad inputs (tests/data/bad/): each gives its exact error or warning with
file:line, the right exit code, no traceback, and the good records in it are still written.

The huge inputs (a 1 MB title, 10,000 authors, 100,000 nested braces) are generated here.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner

from bibexport.richtext import plain
from bibexport import api
from bibexport.readers import listing
from bibexport.cli import main
from bibexport.latex import to_unicode

from .conftest import DATA

BAD = DATA / "bad"
AS_OF = dt.date(2026, 11, 25)
NO_RECORDS = "bibexport: error: no records could be read (see the problems above); no output"
# Not UTF-8: the legacy encoding assumed is named, with --encoding to choose another (issue 16, class 11).
LATIN1 = ("not valid UTF-8 (first here); read as Windows-1252 (Western European), which its bytes fit best; "
          "if the text looks wrong, pass --encoding NAME (latin-1, gbk, big5...), or save it as UTF-8")
BINARY = "binary data (a NUL byte), not text; nothing read (UTF-16 needs a byte-order mark)"
EMPTY = "empty input, no records (is this the right file?)"
UNPARSABLE = "unbalanced braces or quotes, or a missing comma?"
# BibTeX keeps an entry it cannot read to its end, with the fields before the error
# ("I'm skipping whatever remains of this entry"; bibtex 0.99d): so does the reader.
PARTIAL = "read with the fields before that ({}), as BibTeX reads it"
HEADER_HINT = "expected a header like 'LGNov 28, 2022' (category badge, date, optional 'Code')"

# file, extra options, the exact problems (stderr lines before any error line), the keys
# written (None: nothing readable, so exit 1 and no output file).
CATALOGUE = [
    pytest.param("empty.txt", [], [f"empty.txt:1: warning: {EMPTY}"], None, id="empty-listing"),
    pytest.param("empty.bib", [], [f"empty.bib:1: warning: {EMPTY}"], None, id="empty-bibtex"),
    pytest.param("empty.json", [], [f"empty.json:1: warning: {EMPTY}"], None, id="empty-json"),
    pytest.param("binary.bin", [], [f"binary.bin:1: error: {BINARY}"], None, id="binary-no-suffix"),
    pytest.param("binary.bib", [], [f"binary.bib:3: error: {BINARY}"], None, id="binary-as-bib"),
    pytest.param("binary.bin", ["--from", "csljson"], [f"binary.bin:1: error: {BINARY}"], None, id="binary-from-json"),
    pytest.param("latin1.bib", [], [f"latin1.bib:2: warning: {LATIN1}"], ["mueller2020"], id="latin1"),
    pytest.param("windows-1252.bib", [], [f"windows-1252.bib:2: warning: {LATIN1}"], ["quotes2020"], id="windows-1252"),
    pytest.param("utf16-bom.bib", [], [], ["mueller2020"], id="utf16-le-bom"),
    pytest.param("utf16-be-bom.bib", [], [], ["mueller2020"], id="utf16-be-bom"),
    pytest.param("truncated.bib", [], [f"truncated.bib:7: error: entry 'cut2021': cannot parse past line 8 (a '{{' "
                                       f"that is never closed; {UNPARSABLE}); {PARTIAL.format('no field')}"],
                 ["good2020", "cut2021"], id="truncated-bibtex"),
    pytest.param("unbalanced-braces.bib", [],
                 [f"unbalanced-braces.bib:7: error: entry 'broken2020': cannot parse past line 13 (expected ',' or '}}' "
                  f"after the value of 'title'; {UNPARSABLE}); {PARTIAL.format('no field')}"],
                 ["first2019", "broken2020", "last2021"], id="unbalanced-braces"),
    pytest.param("duplicate-keys.bib", [],
                 ["duplicate-keys.bib:7: warning: duplicate citation key 'same2020' (first at line 1); both kept"],
                 ["same2020", "same2020a"], id="duplicate-keys"),
    pytest.param("crossref-to-itself.bib", [],
                 ["crossref-to-itself.bib:1: warning: crossref 'self2020' names the entry itself; ignored"],
                 ["self2020", "other2021"], id="crossref-to-itself"),
    pytest.param("invalid.json", [], ["invalid.json:3: error: invalid JSON: Expecting ',' delimiter"], None,
                 id="invalid-json"),
    pytest.param("not-csl.json", [], ["not-csl.json:1: error: JSON that is not CSL-JSON: expected an array of items "
                                      "with id, type and title"], None, id="json-not-csl"),
    pytest.param("not-csl-items.json", [],
                 ["not-csl-items.json:3: error: item 2 is not a JSON object; skipped",
                  "not-csl-items.json:4: error: item 3: author must be a list of names, not a number; skipped",
                  "not-csl-items.json:6: error: item 5: expected text, got an object; skipped"],
                 ["good", "bad-date"], id="json-items-not-csl"),
    pytest.param("no-er.ris", ["--from", "ris"],
                 ["no-er.ris:7: warning: record has no closing 'ER  - ' line; read up to the end of the file"],
                 ["lovelace2020first", "turing2021second"], id="ris-without-er"),
    pytest.param("unmatched-line.txt", [],
                 [f"unmatched-line.txt:1: warning: unrecognized line 'Papers I liked this week:'; {HEADER_HINT}",
                  "unmatched-line.txt:6: warning: cannot find where the title ends and the author list begins in "
                  "'no title or author list can be found on this line'; expected 'TitleFirst Author, Second Author'"],
                 ["akyurek2022learning", "yang2023foundation"], id="listing-line-matching-no-pattern"),
    # A file with no record of its format names what it looks like (#19): never a silent `[]`.
    pytest.param("csljson-saved-as.bib", [],
                 ["csljson-saved-as.bib:1: warning: no BibTeX records: the content looks like CSL-JSON; "
                  "pass --from csljson"], None, id="csljson-saved-as-bib"),
    pytest.param("csljson-saved-as.bib", ["--from", "ris"],
                 ["csljson-saved-as.bib:1: warning: no RIS records: the content looks like CSL-JSON; "
                  "pass --from csljson"], None, id="csljson-read-as-ris"),
    pytest.param("notes-saved-as.bib", [],
                 ["notes-saved-as.bib:2: warning: no BibTeX records, and the content is in no format bibexport "
                  "reads (see `bibexport formats`); is this the right file?"], None,
                 id="notes-saved-as-bib"),
    pytest.param("control-chars.txt", [], [], ["doe2022bell"], id="control-characters-listing"),
    pytest.param("control-chars.bib", [], [], ["ctl2020"], id="control-characters-bibtex"),
    pytest.param("control-chars.json", [], [], ["ctl2020"], id="control-characters-json"),
]


def _export(*args: str):  # noqa: ANN202
    return CliRunner().invoke(main, ["export", "--as-of", AS_OF.isoformat(), *args])


@pytest.mark.parametrize(("name", "args", "problems", "keys"), CATALOGUE)
def test_cli_reports_each_bad_input_and_writes_the_good_records(tmp_path, monkeypatch, name, args, problems, keys):
    monkeypatch.chdir(BAD)
    out = tmp_path / "out.json"
    result = _export(name, *args, "-o", str(out))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.splitlines() == problems + ([NO_RECORDS] if keys is None else [])
    assert result.exit_code == (1 if keys is None else 0)
    if keys is None:
        assert not out.exists()
    else:
        assert [item["id"] for item in json.loads(out.read_text(encoding="utf-8"))] == keys


@pytest.mark.parametrize(("name", "args", "problems", "keys"), CATALOGUE)
def test_api_gives_the_same_problems_and_records(monkeypatch, name, args, problems, keys):
    monkeypatch.chdir(BAD)
    fmt = args[args.index("--from") + 1] if "--from" in args else None
    result = api.read(name, fmt, as_of=AS_OF)
    assert [str(p) for p in result.problems] == problems
    assert all(p.line is not None for p in result.problems)
    assert [r.id for r in api.prepare(result.records)] == (keys or [])


@pytest.mark.parametrize(("name", "args", "problems", "keys"), CATALOGUE)
def test_strict_fails_on_every_problem_and_check_lists_them(tmp_path, monkeypatch, name, args, problems, keys):
    monkeypatch.chdir(BAD)
    strict = _export(name, *args, "--strict", "-o", str(tmp_path / "out.json"))
    assert strict.exit_code == (1 if problems else 0)
    assert (tmp_path / "out.json").exists() == (not problems)
    check = CliRunner().invoke(main, ["check", name, *args, "--as-of", AS_OF.isoformat()])
    assert check.stdout.splitlines() == problems
    assert check.exit_code == (1 if problems else 0)


@pytest.mark.parametrize("name", ["latin1.bib", "utf16-bom.bib", "utf16-be-bom.bib"])
def test_encodings_give_the_same_text(name):
    (record,) = api.read(BAD / name).records
    assert record.title == "Über Graphen"
    assert [p.display() for p in record.author] == ["Jürgen Müller", "Zoë Çelik"]
    assert record.get("container-title") == "Zeitschrift für Informatik"


def test_windows_1252_quotes_and_dashes_are_not_control_characters():
    (record,) = api.read(BAD / "windows-1252.bib").records
    assert record.title == "“Smart” Quotes – and Dashes"
    assert record.author[0].display() == "Renée Dupré"


@pytest.mark.parametrize("name", ["control-chars.txt", "control-chars.bib", "control-chars.json"])
def test_control_characters_are_dropped_and_nothing_else(name):
    (record,) = api.read(BAD / name, as_of=AS_OF).records
    assert record.title == "Bell and Escape[0m in a Title"
    assert record.author[0].display() == "Jane Doe"
    for fmt in ("bibtex", "biblatex", "ris", "text", "html", "markdown"):
        out = api.write([record], fmt)
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", out), (fmt, out)
    out = api.write([record], "csljson")  # JSON escapes C0 controls; DEL and C1 are valid JSON text
    assert not re.search(r"[\x00-\x09\x0b-\x1f]", out) and json.loads(out)[0]["title"] == record.title


def test_a_control_character_does_not_cut_a_listing_line():
    (record,) = api.read(BAD / "control-chars.txt", as_of=AS_OF).records
    assert [p.display() for p in record.author] == ["Jane Doe", "John Roe"]
    assert record.abstract == "Formfeed, verticaltab, NEL and DEL in the abstract."  # as text.clean() does


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", f"<stdin>:1: warning: {EMPTY}", id="empty"),
        pytest.param(b" \n\t\n", f"<stdin>:1: warning: {EMPTY}", id="blank"),
        pytest.param(b"\x00\x01\x02", f"<stdin>:1: error: {BINARY}", id="binary"),
    ],
)
def test_stdin(data, message):
    result = CliRunner().invoke(main, ["export", "-", "--to", "csljson"], input=data)
    assert result.stderr.splitlines() == [message, NO_RECORDS]
    assert result.exit_code == 1 and result.stdout == ""


def test_a_bad_file_next_to_a_good_one_keeps_the_good_records(tmp_path, monkeypatch):
    monkeypatch.chdir(BAD)
    result = _export("invalid.json", "truncated.bib", "--to", "csljson")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "invalid.json:3: error: invalid JSON: Expecting ',' delimiter"
    assert [item["id"] for item in json.loads(result.stdout)] == ["good2020", "cut2021"]


# CSL-JSON that is JSON but not CSL -------------------------------------------------------


def test_json_that_is_not_csl_is_reported():
    result = api.read(BAD / "not-csl.json")
    assert result.records == ()
    (problem,) = result.problems
    assert problem.line == 1 and problem.severity == "error" and "CSL" in problem.message


def test_bad_csl_items_are_skipped_and_the_good_one_kept():
    result = api.read(BAD / "not-csl-items.json")
    assert result.records[0].id == "good" and result.records[0].title == "A Good Item"
    assert "bad-title" not in [r.id for r in result.records]
    assert len(result.problems) >= 3


def test_bad_csl_items_are_reported_at_their_line_in_plain_words():
    problems = api.read(BAD / "not-csl-items.json").problems
    assert {3, 4, 6} <= {p.line for p in problems} and None not in {p.line for p in problems}
    assert str(problems[0]).endswith("not-csl-items.json:3: error: item 2 is not a JSON object; skipped")
    jargon = re.compile(r"object is not|invalid literal|has no attribute|got (int|dict|list|float|NoneType)\b|'\w+' object")
    assert not [p.message for p in problems if jargon.search(p.message)]


def test_unreadable_date_parts_are_kept_or_reported():
    result = api.read(BAD / "not-csl-items.json")
    record = next(r for r in result.records if r.id == "bad-date")
    reported = any(p.line == 5 and "date" in p.message for p in result.problems)
    assert (record.issued and record.issued.literal == "spring") or reported


# Huge inputs, generated ----------------------------------------------------------------

MB_TITLE = " ".join(f"word{i}" for i in range(120_000))[:1_000_000].rstrip()
# 10,000 distinct names of two plain words each, e.g. "Abca Aaason".
NAMES = [f"{chr(65 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}a "
         f"{chr(65 + i // 17 % 26)}{chr(97 + i // 7 % 26)}{chr(97 + i % 13)}son" for i in range(10_000)]


def _listing(title: str, names: list[str]) -> str:
    return f"LGNov 28, 2022\n{title}{', '.join(names)}\nAn abstract.\n"


def _bibtex(title: str, names: list[str]) -> str:
    return f"@article{{big,\n  title = {{{title}}},\n  author = {{{' and '.join(names)}}},\n  year = 2020\n}}\n"


def _csljson(title: str, names: list[str]) -> str:
    people = [dict(zip(("given", "family"), n.split(" "))) for n in names]
    return json.dumps([{"id": "big", "type": "article", "title": title, "author": people}])


HUGE_READERS = [
    pytest.param("listing", _listing, id="listing"),
    pytest.param("bibtex", _bibtex, id="bibtex"),
    pytest.param("csljson", _csljson, id="csljson"),
]


def _written_title_and_authors(record, fmt: str) -> tuple[str, int]:  # noqa: ANN001
    out = api.write([record], fmt)
    if fmt in ("bibtex", "biblatex"):
        import bibtexparser

        (entry,) = bibtexparser.parse_string(out).entries
        title = to_unicode(entry["title"])
        return title, len(re.split(r"\s+and\s+", entry["author"]))
    if fmt == "ris":
        lines = out.split("\r\n")
        return next(line[6:] for line in lines if line.startswith("TI  - ")), sum(line.startswith("AU  - ")
                                                                                  for line in lines)
    (item,) = json.loads(out)
    return item["title"], len(item["author"])


@pytest.mark.parametrize(("fmt", "make"), HUGE_READERS)
def test_a_1mb_title_arrives_whole_in_every_output(fmt, make):
    text = make(MB_TITLE, ["Jane Doe", "John Roe"])
    (record,) = api.read_text(text, fmt, source="big", as_of=AS_OF).records
    assert record.title == MB_TITLE and len(record.title) > 999_000
    for out in ("bibtex", "biblatex", "ris", "csljson"):
        assert _written_title_and_authors(record, out) == (MB_TITLE, 2)


def test_a_1mb_title_of_capitalised_words_is_split_once():
    """Every inner capital is a possible title/author split point; a first name has at most
    six words, so only the last few are tried (this took minutes when each was)."""
    title = " ".join(["McDonald DeepMind GPT KwangHwan"] * 32_000)
    (record,) = api.read_text(_listing(title, ["Jane Doe"]), "listing", source="big", as_of=AS_OF).records
    assert record.title == title and [p.display() for p in record.author] == ["Jane Doe"]


def test_10000_authors_with_inner_capitals():
    """Every inner capital (McDonald) is a possible split point; the author list after each
    is checked once for the whole line, not once per split point (that took minutes)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = [f"Kwang{letters[i % 26]}Hwan Mc{letters[i // 26 % 26]}Don{letters[i // 676 % 26]}ald" for i in range(10_000)]
    text = _listing("A Study of Camel Names", ["Jane Doe", *names])
    (record,) = api.read_text(text, "listing", source="camel.txt", as_of=AS_OF).records
    assert record.title == "A Study of Camel Names"
    assert [p.display() for p in record.author] == ["Jane Doe", *names]


def test_ranking_split_points_looks_at_each_known_name_once():
    """With a split point at every inner capital, the known names after each are counted once
    for the line, not once per split point (a slip to that made the test above take 15 s)."""

    class Counting(frozenset):
        lookups = 0

        def __contains__(self, name):
            Counting.lookups += 1
            return super().__contains__(name)

    names = [f"KwangHwan Mc{chr(97 + i % 26)}Don{chr(97 + i // 26 % 26)}ald" for i in range(600)]
    line = "A Study of Camel Names" + ", ".join(["Jane Doe", *names])
    known = Counting(names)
    title, authors, _, _ = listing.split_title_line(line, known)
    assert (title, authors) == ("A Study of Camel Names", ("Jane Doe", *names))
    assert Counting.lookups <= 3 * len(names)


@pytest.mark.parametrize(("fmt", "make"), HUGE_READERS)
def test_10000_authors_arrive_in_every_output(fmt, make):
    assert len(set(NAMES)) == 10_000
    text = make("A Study of Many Authors", NAMES)
    result = api.read_text(text, fmt, source="big", as_of=AS_OF)
    (record,) = result.records
    assert [p.display() for p in record.author] == NAMES
    for out in ("bibtex", "biblatex", "ris", "csljson"):
        assert _written_title_and_authors(record, out) == ("A Study of Many Authors", 10_000)


DEPTH = 100_000


def test_deeply_nested_braces_in_bibtex():
    text = f"@article{{deep,\n  title = {{{'{' * DEPTH}x{'}' * DEPTH}}},\n  year = 2020\n}}\n\n" \
           "@article{ok,\n  title = {Fine},\n  year = 2021\n}\n"
    result = api.read_text(text, "bibtex", source="deep.bib")
    assert [(r.id, plain(r.title)) for r in result.records] == [("deep", "x"), ("ok", "Fine")]  # {x}: nocase
    assert result.problems == ()


def test_deeply_nested_unbalanced_braces_in_bibtex():
    text = f"@article{{deep,\n  title = {{{'{' * DEPTH}x}},\n  year = 2020\n}}\n\n" \
           "@article{ok,\n  title = {Fine},\n  year = 2021\n}\n"
    result = api.read_text(text, "bibtex", source="deep.bib")
    assert [(r.id, r.title) for r in result.records] == [("deep", ""), ("ok", "Fine")]
    assert [str(p) for p in result.problems] == [
        f"deep.bib:1: error: entry 'deep': cannot parse past line 2 (a '{{' that is never closed; {UNPARSABLE}); "
        f"{PARTIAL.format('no field')}"]


def test_deeply_nested_braces_in_a_listing_title_are_text():
    title = "{" * DEPTH + "Deep" + "}" * DEPTH
    (record,) = api.read_text(_listing(title, ["Jane Doe"]), "listing", source="deep.txt", as_of=AS_OF).records
    assert record.title == title
    for fmt in ("bibtex", "biblatex"):
        assert _written_title_and_authors(record, fmt) == (title, 1)


@pytest.mark.parametrize("text", [
    pytest.param("[" * DEPTH + "]" * DEPTH, id="nested-arrays"),
    pytest.param('[{"id": "ok", "title": "Fine"}, {"note": ' + "[" * DEPTH + "]" * DEPTH + "}]", id="nested-in-item"),
])
def test_deeply_nested_json_is_a_problem_not_a_crash(text):
    result = api.read_text(text, "csljson", source="deep.json")
    assert [str(p) for p in result.problems] == ["deep.json:1: error: invalid JSON: nested too deeply"]


def test_deeply_nested_json_through_the_cli_is_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * DEPTH + "]" * DEPTH, encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(path), "--to", "bibtex"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [f"{path}:1: error: invalid JSON: nested too deeply", NO_RECORDS]


def test_catalogue_files_are_small_and_named_after_what_they_cover():
    files = sorted(p.name for p in BAD.iterdir())
    assert all((BAD / name).stat().st_size < 2000 for name in files)
    covered = {param.values[0] for param in CATALOGUE}
    assert set(files) == covered


def test_dropping_control_characters_returns_a_clean_record_unchanged():
    from bibexport.model import Record
    from bibexport.normalize import drop_control_characters

    clean = Record(id="k", title="T", abstract="line one\nline two\tend", fields=(("URL", "https://x.org"),))
    assert drop_control_characters(clean) is clean
    dirty = clean.replace(abstract="a\x1b[31mb\x9bc", fields=(("URL", "https://x.org/\x07"),), keywords=("k\x00",))
    assert drop_control_characters(dirty) == clean.replace(abstract="a[31mbc", fields=(("URL", "https://x.org/"),),
                                                           keywords=("k",))


def test_string_macros_that_double_at_each_level_are_cut():
    levels = 60  # 3 * 2**60 characters if nothing bounded the expansion
    text = "@string{s0 = {lol}}\n" + "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, levels + 1))
    text += f"@article{{laughs, title = s{levels}, year = 2020}}\n@article{{ok, title = {{Fine}}, year = 2021}}\n"
    result = api.read_text(text, "bibtex", source="laughs.bib")
    assert [r.id for r in result.records] == ["laughs", "ok"]
    assert len(result.records[0].title) == 1_000_000
    cut = "error: value longer than 1,000,000 characters after @string expansion; cut there"
    assert str(result.problems[0]) == f"laughs.bib:20: {cut}"
    assert all(p.line is not None for p in result.problems)
