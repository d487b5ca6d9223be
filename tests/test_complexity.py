"""Regression guards for the quadratic cases fixed before, counted in operations, not seconds.

Each guard reads a listing of size n and of size 2n and counts the lines of bibexport's own
Python code executed (``sys.settrace`` line events in files under ``bibexport/``; caches are
cleared first, so that the second run does not reuse the first's work).  Linear work doubles
(ratio about 2); the quadratic versions that were fixed gave 3.5 to 4, whatever the machine's
speed or load.  Each case was checked against the code before its fix (listing.py of the
parent commit, with the rest of the package as now):

- a title line with thousands of ``Jr.`` pieces (a947b3d): ratio 3.97 before, 1.96 now;
- 10,000 camel-case authors (36526f3): ratio 3.47 before, 1.97 now;
- a long title of capitalised words (ebb370c, the 1 MB title): before, every glue point of
  the title was tried (ratio 2.0 on a doubled title); now only the last few, so the count
  does not grow with the title at all.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import bibexport
from bibexport import api

PACKAGE = str(Path(bibexport.__file__).resolve().parent)
AS_OF = dt.date(2026, 11, 25)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if name == "bibexport" or name.startswith("bibexport."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def lines_executed(func: Callable[[], object]) -> int:
    """How many lines of bibexport's code ``func()`` executes."""
    _clear_caches()
    count = 0

    def local(frame, event, arg):  # noqa: ANN001, ANN202
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame, event, arg):  # noqa: ANN001, ANN202
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        func()
    finally:
        sys.settrace(previous)
    return count


def _listing(title: str, names: list[str]) -> str:
    return f"LGNov 28, 2022\n{title}{', '.join(names)}\nAn abstract.\n"


def _read(text: str):  # noqa: ANN202
    (record,) = api.read_text(text, "listing", source="big.txt", as_of=AS_OF).records
    return record


def _growth(make: Callable[[int], str], n: int) -> tuple[int, int, float]:
    small = lines_executed(lambda: _read(make(n)))
    large = lines_executed(lambda: _read(make(2 * n)))
    return small, large, large / small


def test_the_counter_sees_quadratic_work() -> None:
    """The measure itself: a quadratic loop in bibexport's code gives a ratio of 4."""
    from bibexport import text

    def pairs(n: int) -> None:
        items = [str(i) for i in range(n)]
        for a in items:
            for b in items:
                text.clean(a + b)

    small = lines_executed(lambda: pairs(30))
    assert 3.5 < lines_executed(lambda: pairs(60)) / small <= 4.5


def _suffix_title(n: int) -> str:
    return _listing("Suffixes" + ", Jr." * n + ", in a title of many commas", ["Jane Doe", "John Roe"])


def test_a_title_line_with_thousands_of_jr_pieces_is_read_in_linear_work() -> None:
    record = _read(_suffix_title(8_000))
    assert record.title == "Suffixes" + ", Jr." * 8_000 + ", in a title of many commas"
    assert [p.display() for p in record.author] == ["Jane Doe", "John Roe"]
    small, large, ratio = _growth(_suffix_title, 1_000)
    assert ratio < 2.5, f"{small} -> {large} lines for 1,000 -> 2,000 'Jr.' pieces"


def _camel_authors(n: int) -> str:
    names = [f"Kwang{LETTERS[i % 26]}Hwan Mc{LETTERS[i // 26 % 26]}Don{LETTERS[i // 676 % 26]}ald" for i in range(n)]
    return _listing("A Study of Camel Names", ["Jane Doe", *names])


def test_camel_case_authors_are_read_in_linear_work() -> None:
    small, large, ratio = _growth(_camel_authors, 500)
    assert ratio < 2.5, f"{small} -> {large} lines for 500 -> 1,000 camel-case authors"


def _capitalised_title(n: int) -> str:
    return _listing(" ".join(["McDonald DeepMind GPT KwangHwan"] * n), ["Jane Doe"])


def test_a_long_title_of_capitalised_words_costs_no_more_than_a_short_one() -> None:
    """Only the last few glue points before the authors can start the first author (at most
    six words in a first name), so the title's length adds no Python work: a 1 MB title of
    glue points is read like a 60 KB one."""
    small, large, ratio = _growth(_capitalised_title, 2_000)
    assert ratio < 1.1, f"{small} -> {large} lines for a title of 2,000 -> 4,000 x 4 words"
    assert lines_executed(lambda: _read(_capitalised_title(32_000))) < 1.1 * small  # 1 MB
