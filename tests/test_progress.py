"""The progress bar (#19): a single large file and the formatting steps, on stderr only when it
is a terminal or with --progress; never with -q or --no-progress, never drawn by a worker."""

from __future__ import annotations

import io
import os

import pytest
from click.testing import CliRunner

from bibexport import cli, progress
from bibexport.cli import main
from bibexport.writers.formatted import pool

from .test_cli import LISTING


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_at_each_tenth():
    stream = io.StringIO()
    with progress.showing(progress.Display(stream, terminal=False)), progress.phase("reading big.bib", 200):
        for line in range(1, 201):
            progress.at(line)
    assert stream.getvalue() == "".join(f"reading big.bib: {p}%\n" for p in range(10, 101, 10))


def test_a_phase_that_ends_early_still_says_100():
    stream = io.StringIO()
    with progress.showing(progress.Display(stream, terminal=False)), progress.phase("reading x", 1000):
        progress.at(150)
    assert stream.getvalue() == "reading x: 10%\nreading x: 100%\n"


def test_a_terminal_gets_a_bar_drawn_in_place_and_erased():
    stream = Terminal()
    with progress.showing(progress.Display(stream, terminal=True, delay=0)), progress.phase("formatting", 4):
        progress.advance(2)
    text = stream.getvalue()
    assert text.startswith("\rformatting [" + "#" * 15 + "-" * 15 + "]  50% (0s")
    assert text.endswith("\r\x1b[K") and "\n" not in text


def test_a_short_phase_on_a_terminal_draws_nothing():
    stream = Terminal()
    with progress.showing(progress.Display(stream, terminal=True)), progress.phase("reading", 10):
        progress.at(10)  # well before the half second
    assert stream.getvalue() == ""


def test_nothing_is_drawn_without_a_display_or_inside_another_phase():
    progress.at(5)  # no display: nothing to do
    stream = io.StringIO()
    with progress.showing(progress.Display(stream, terminal=False)), progress.phase("outer", 10):
        with progress.phase("inner", 10):
            progress.at(10)  # the inner phase's steps are not the outer one's
        assert not progress.active()
    assert stream.getvalue() == "outer: 100%\n"


def test_a_forked_worker_does_not_draw():
    stream = io.StringIO()
    display = progress.Display(stream, terminal=False)
    with progress.showing(display), progress.phase("reading", 10):
        display.pid = os.getpid() + 1  # as in a worker forked after the phase started
        progress.at(10)
        display.finish()
        assert stream.getvalue() == ""
        display.pid = os.getpid()


def _render_chunk(style, locale, start, stop):  # noqa: ANN001 (named as the step whose label it gets)
    return pool.JOB["items"][start:stop]


@pytest.mark.parametrize("jobs", [1, 2])
def test_formatting_steps_are_counted_as_chunks_finish(jobs):
    """In worker processes as they finish, or in one process in chunks: the same results."""
    items = list(range(50))
    stream = io.StringIO()
    with progress.showing(progress.Display(stream, terminal=False)):
        chunks = pool.map_chunks(_render_chunk, items, "apa", None, jobs, None, min_items=10)
    assert [x for part in chunks for x in part] == items
    lines = stream.getvalue().splitlines()
    assert lines[-1] == "formatting references: 100%" and lines == sorted(lines, key=lambda x: int(x[23:-1]))


def test_formatting_without_a_display_is_one_chunk_in_one_process():
    assert pool.map_chunks(_render_chunk, list(range(50)), "apa", None, 1, None, min_items=10) == [list(range(50))]


def _cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_progress_option_prints_the_reading_of_a_file(tmp_path):
    path = tmp_path / "l.txt"
    path.write_text(LISTING, encoding="utf-8")
    result = _cli("keys", str(path), "--as-of", "2026-01-01", "--progress")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == f"reading {path}: 100%"
    for args in ([], ["-q", "--progress"], ["--no-progress"]):  # not a terminal; -q; --no-progress
        result = _cli("keys", str(path), "--as-of", "2026-01-01", *args)
        assert "reading" not in result.stderr, args
    assert "100%" in _cli("--progress", "keys", str(path), "--as-of", "2026-01-01").stderr  # before the command too


def test_the_display_follows_the_terminal_and_the_options(monkeypatch):
    monkeypatch.setattr("sys.stderr", Terminal())
    assert cli.State().display().terminal
    assert cli.State(quiet=True).display() is None
    assert cli.State(progress=False).display() is None
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert cli.State().display() is None
    assert cli.State(progress=True).display().terminal is False


def test_a_phase_known_to_be_long_is_drawn_at_once():
    """A large file: the bar is there while the reader splits the file, before any line is done."""
    stream = Terminal()
    with progress.showing(progress.Display(stream, terminal=True)), progress.phase("reading big.bib", 10, long=True):
        assert stream.getvalue().startswith("\rreading big.bib [" + "-" * 30 + "]   0% (0s)")
    assert stream.getvalue().endswith("\r\x1b[K")
