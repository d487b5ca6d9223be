"""The library API: decoding, format detection, reading files and stdin, atomic saving."""

from __future__ import annotations

import io
import os
import sys

import pytest

from bibexport import api
from bibexport.errors import InputError, OutputError

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
