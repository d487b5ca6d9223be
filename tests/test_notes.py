"""notes.py: the writer's "Label: value" lines come back as facts; the user's own lines stay."""

from __future__ import annotations

import pytest

from bibexport import api
from bibexport.model import Record
from bibexport.notes import compose_note, parse_note
from bibexport.readers.extra import read_note, take_note

FACTS = Record(categories=("cs.LG", "hep-th"), affiliations=("MIT", "ETH Zürich"), has_code=True, authors_truncated=True)


def test_written_facts_are_read_back() -> None:
    note = compose_note(FACTS.with_field("note", "My note"))
    assert note == "My note\narXiv categories: cs.LG, hep-th\nAffiliations: MIT; ETH Zürich\nCode: available\nAuthor list: truncated (et al.)"
    assert parse_note(note, Record()) == FACTS.with_field("note", "My note")


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Code: https://github.com/a/b", id="code-url"),
        pytest.param("Code: none", id="code-other"),
        pytest.param("Author list: Doe and Roe", id="author-list"),
        pytest.param("arXiv categories: see the PDF", id="categories-text"),
        pytest.param("Affiliations:  MIT", id="affiliations-spaced"),
    ],
)
def test_look_alike_lines_stay_in_the_note(line: str) -> None:
    assert parse_note(f"Mine\n{line}", Record()) == Record().with_field("note", f"Mine\n{line}")


@pytest.mark.parametrize(
    ("line", "extra"),
    [
        pytest.param("bibtex.timestamp: 2020", (("bibtex.timestamp", "2020"),), id="bibtex"),
        pytest.param("ris.DP: arXiv.org", (("ris.DP", "arXiv.org"),), id="ris"),
        pytest.param("v1.2: fixed typo", (), id="version"),
        pytest.param("doi.org: 10.1/x", (), id="other-prefix"),
    ],
)
def test_only_known_prefixes_are_extra(line: str, extra: tuple) -> None:
    record, kept = take_note(line, Record())
    assert record.extra == extra
    assert kept == ([] if extra else [line])


BIB_WITH_BLOCKS = (
    '@preamble{"\\newcommand{\\noopsort}[1]{}"}\n'
    "@comment{jabref-meta: databaseType:bibtex;}\n"
    "@article{doe2020t, title = {T}, author = {Doe, Jane}, journal = {J}, year = 2020, note = {My note}}\n"
)


@pytest.mark.parametrize("via", ["csljson", "ris"])
def test_file_blocks_do_not_leak_into_a_note(via: str) -> None:
    records = api.read_text(BIB_WITH_BLOCKS, "bibtex").records
    assert records[0].get_extra("bibtex.@preamble")  # kept for writing BibTeX again
    written = api.write(records, via)
    assert "preamble" not in written and "jabref-meta" not in written
    back = api.write(api.read_text(written, via).records, "bibtex")
    assert "note = {My note}" in back and "preamble" not in back and "jabref-meta" not in back


def test_read_note_is_the_readers_one_helper() -> None:
    record = read_note("Own\nCode: available\nris.DP: arXiv.org", Record(id="a"))
    assert record == Record(id="a", has_code=True, extra=(("ris.DP", "arXiv.org"),)).with_field("note", "Own")
    assert read_note("", Record(id="a")) == Record(id="a")
