"""Streaming export of large listings: the same bytes and warnings as the in-memory path."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from bibexport import stream
from bibexport.cli import main
from bibexport.readers import listing

AS_OF = ["--as-of", "2026-11-25"]


@pytest.fixture
def tricky(seed_text, tmp_path):
    """The seed twice (duplicates), stray lines first, an unknown badge, a broken record, CRLF."""
    text = (
        "stray line\nmore of it\n\n" + seed_text + "\r\n"
        + seed_text.replace("LGNov 28, 2022", "ZZ-TOPNov 28, 2022")
        + "AIJan 3\nbroken line with no authors\n"
    )
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode("utf-8"))
    return path


def _export(args, *, streaming, monkeypatch):
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0 if streaming else 1 << 62)
    monkeypatch.setattr(stream, "MAX_STUBS", 3)  # several passes for clashing keys
    return CliRunner().invoke(main, ["export", *args, *AS_OF])


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param([], id="default-keys"),
        pytest.param(["--key-format", "{author}{year}"], id="many-clashing-keys"),
        pytest.param(["--key-format", "{authors:2}{suffix}{year}"], id="suffix-inside"),
    ],
)
def test_streamed_export_is_byte_identical_with_same_warnings(tricky, monkeypatch, extra):
    args = [str(tricky), "--to", "csljson", *extra]
    in_memory = _export(args, streaming=False, monkeypatch=monkeypatch)
    streamed = _export(args, streaming=True, monkeypatch=monkeypatch)
    assert in_memory.exit_code == streamed.exit_code == 0
    assert streamed.stdout == in_memory.stdout
    assert streamed.stderr == in_memory.stderr
    assert "unrecognized line" in streamed.stderr and "duplicate" in streamed.stderr


def test_streamed_export_to_file_and_latin1_input(tricky, tmp_path, monkeypatch):
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(tricky.read_bytes().replace("Akyürek".encode(), "Akyürek".encode("latin-1")))
    outputs = []
    for streaming in (False, True):
        out = tmp_path / f"out-{streaming}.json"
        result = _export([str(latin1), "-o", str(out)], streaming=streaming, monkeypatch=monkeypatch)
        assert result.exit_code == 0
        assert "read as UTF-8, its other bytes as Windows-1252" in result.stderr
        outputs.append((out.read_bytes(), result.stderr))
    assert outputs[0] == outputs[1]


def test_strict_streamed_export_writes_nothing(tricky, tmp_path, monkeypatch):
    out = tmp_path / "out.json"
    result = _export([str(tricky), "-o", str(out), "--strict"], streaming=True, monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert not out.exists()


def test_streamable_only_for_one_large_listing_to_a_piecewise_format(tricky, tmp_path, monkeypatch):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={T}}\n", encoding="utf-8")
    assert not stream.streamable([str(tricky)], None, "csljson")  # small: in memory
    monkeypatch.setattr(stream, "STREAM_MIN_BYTES", 0)
    assert stream.streamable([str(tricky)], None, "csljson")
    assert stream.streamable([str(tricky)], "listing", "csljson")
    assert not stream.streamable([str(tricky), str(tricky)], None, "csljson")
    assert not stream.streamable([str(bib)], None, "csljson")
    assert not stream.streamable(["-"], "listing", "csljson")
    assert not stream.streamable([str(tricky)], None, "text")  # no iter_write: needs every record


def test_listing_stream_gives_what_read_gives(tricky):
    text = tricky.read_text(encoding="utf-8")
    as_of = dt.date(2026, 11, 25)
    problems: list = []
    records = list(listing.stream(lambda: iter(text.splitlines()), str(tricky), problems, as_of=as_of))
    expected = listing.read(text, str(tricky), as_of=as_of)
    assert tuple(records) == expected.records
    assert [r.source for r in records] == [r.source for r in expected.records]
    assert tuple(problems) == expected.problems
