"""The library API: decoding, format detection, reading files and stdin, atomic saving."""

from __future__ import annotations

import io
import os
import sys

import pytest

from bibexport import api
from bibexport.errors import InputError, OutputError
from bibexport.filters import Selection

LISTING = "LGNov 28, 2022\nA TitleJane Doe\nAbstract.\n"


@pytest.mark.parametrize(
    ("data", "text", "warned"),
    [
        pytest.param("Akyürek".encode(), "Akyürek", False, id="utf8"),
        pytest.param(b"\xef\xbb\xbf" + "Akyürek".encode(), "Akyürek", False, id="utf8-bom"),
        pytest.param("Akyürek".encode("utf-16"), "Akyürek", False, id="utf16-bom"),
        pytest.param("Akyürek".encode("latin-1"), "Akyürek", True, id="latin1-fallback"),
    ],
)
def test_decode(data, text, warned):
    decoded, problems = api.decode(data, "f.txt")
    assert decoded == text
    assert bool(problems) == warned


def test_read_listing_file_and_default_listing(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(LISTING, encoding="utf-8")
    assert [r.title for r in api.read(path).records] == ["A Title"]
    assert len(api.read_all([]).records) == 50


def test_read_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(LISTING.encode())))
    result = api.read("-")
    assert [r.source for r in result.records] == ["<stdin>:1"]


def test_unknown_content_asks_for_from(tmp_path):
    path = tmp_path / "mystery.dat"
    path.write_text("just some words\n", encoding="utf-8")
    with pytest.raises(InputError, match="--from"):
        api.read(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        api.read(tmp_path / "nope.txt")


def test_save_is_atomic_and_keeps_old_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")
    api.save("new\n", target)
    assert target.read_text(encoding="utf-8") == "new\n"

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        api.save("newer\n", target)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left behind


def test_output_format_from_suffix_or_error():
    assert api.output_format(None, "refs.json") == "csljson"
    assert api.output_format("CSLJSON", "-") == "csljson"
    with pytest.raises(OutputError, match="--to"):
        api.output_format(None, "-")


def test_undetectable_stdin_is_named_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"just some words\n")))
    with pytest.raises(InputError, match=r"^<stdin>: cannot tell the input format"):
        api.read("-")


def test_write_options_default_to_the_styles_module_defaults():
    from bibexport.styles import DEFAULT_LOCALE, DEFAULT_STYLE

    records = api.prepare(api.read_text(LISTING, "listing").records)
    chosen = api.WriteOptions(style=DEFAULT_STYLE, locale=DEFAULT_LOCALE)
    assert api.write(records, "text") == api.write(records, "text", chosen)
    assert api.write(records, "text") != api.write(records, "text", api.WriteOptions(style="ieee"))


def test_read_text_normalizes_as_read_does(tmp_path):
    text = '[{"id": "doe2020", "type": "article", "title": "Deep\\u00a0  learning\\n again", "keyword": "rl, rl"}]'
    path = tmp_path / "refs.json"
    path.write_text(text, encoding="utf-8")
    (from_text,) = api.read_text(text, "csljson", source=str(path)).records
    assert (from_text.title, from_text.keywords) == ("Deep learning again", ("rl",))
    assert api.read(path).records == (from_text,)


DUPLICATE_CSL = (
    '[{"id": "mine", "type": "article", "title": "A title", "author": [{"family": "Doe", "given": "Jane"}],'
    ' "issued": {"date-parts": [[2022, 11, 28]]}},'
    ' {"id": "other2021", "type": "article", "title": "Other", "issued": {"date-parts": [[2021]]}}]'
)


@pytest.fixture
def two_inputs(tmp_path):
    listing, csl = tmp_path / "mine.txt", tmp_path / "more.json"
    listing.write_text(LISTING, encoding="utf-8")
    csl.write_text(DUPLICATE_CSL, encoding="utf-8")
    return [str(listing), str(csl)]


def test_load_merges_drops_duplicates_and_keys(two_inputs):
    result = api.load(two_inputs, key_format="{author}{year}")
    assert [r.id for r in result.records] == ["doe2022", "other2021"]
    (problem,) = result.problems
    assert (problem.source, problem.line) == (two_inputs[1], 1) and "duplicate of" in problem.message
    assert len(api.load(two_inputs, keep_duplicates=True).records) == 3


def test_load_reuses_the_keys_of_an_earlier_export(two_inputs, tmp_path):
    earlier = tmp_path / "earlier.json"
    earlier.write_text(DUPLICATE_CSL.replace('"id": "mine"', '"id": "janes-paper"'), encoding="utf-8")
    result = api.load(two_inputs[:1], keys_from=earlier)
    assert [r.id for r in result.records] == ["janes-paper"] and result.problems == ()


def test_load_without_paths_reads_the_shipped_listing():
    assert len(api.load([]).records) == 50


@pytest.mark.parametrize(
    "cli_args, api_args",
    [
        pytest.param([], {}, id="plain"),
        pytest.param(["--key-format", "{author}{year}", "--year", "2021"],
                     {"key_format": "{author}{year}", "selection": Selection(years=(2021, 2021))}, id="filtered"),
        pytest.param(["--keep-duplicates", "--rekey"], {"keep_duplicates": True, "rekey": True}, id="duplicates"),
    ],
)
def test_export_writes_what_the_cli_writes(two_inputs, cli_args, api_args):
    from click.testing import CliRunner

    from bibexport.cli import main

    result = CliRunner().invoke(main, ["export", *two_inputs, "--to", "bibtex", *cli_args])
    exported = api.export(two_inputs, "bibtex", **api_args)
    assert "".join(exported.pieces) == result.stdout
    assert [str(p) for p in exported.problems] == result.stderr.splitlines()


def test_export_streams_a_large_listing(two_inputs, monkeypatch):
    from bibexport import stream

    in_memory = "".join(api.export(two_inputs[:1], "csljson").pieces)
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    assert api.streamable(two_inputs[:1], None, "csljson")
    assert "".join(api.export(two_inputs[:1], "csljson").pieces) == in_memory
    assert not api.streamable(two_inputs[:1], None, "csljson", selection=Selection(years=(2022, 2022)))


def test_export_of_nothing_readable_says_so(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n", encoding="utf-8")
    exported = api.export([str(path)], "csljson")
    assert exported.nothing_read and len(exported.problems) == 1
