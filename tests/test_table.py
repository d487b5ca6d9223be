"""The ``list`` table: every line fits the width, cut text ends in an ellipsis."""

from __future__ import annotations

import pytest

from bibexport.model import Date, Person, Record
from bibexport.table import display_width, render, row

LONG = Record(
    id="akyurek2022learning",
    title="What learning algorithm is in-context learning? Investigations with linear models",
    author=(Person("Akyürek", "Ekin"), Person("Andreas", "Jacob")),
    issued=Date(2022, 11, 28),
    categories=("cs.LG",),
)
WIDE = Record(id="li2024", title="大規模言語モデルの評価と分析についての研究", author=(Person("李", "明"),), issued=Date(2024))


@pytest.mark.parametrize("width", [pytest.param(w, id=f"{w}-columns") for w in (40, 60, 80, 200)])
def test_every_line_fits(width):
    lines = render([LONG, WIDE], width).splitlines()
    assert len(lines) == 3
    assert all(display_width(line) <= width for line in lines)


def test_wide_terminal_shows_everything_uncut():
    text = render([LONG], 200)
    assert LONG.title in text and "…" not in text


def test_narrow_terminal_cuts_author_and_title_first_and_keeps_the_key():
    line = render([LONG], 70).splitlines()[1]
    assert line.startswith("akyurek2022learning  2022-11-28  cs.LG  Akyürek et…   What learning")
    assert line.endswith("…")


def test_very_narrow_terminal_cuts_the_key_too():
    line = render([LONG], 60).splitlines()[1]
    assert line.startswith("akyurek202…  2022-11-28")


def test_wide_characters_count_two_columns():
    assert display_width("李明") == 4
    assert display_width("Akyu\u0308rek") == 7  # combining diaeresis takes no column


def test_row_names_first_author_and_marks_others():
    assert row(LONG) == ("akyurek2022learning", "2022-11-28", "cs.LG", "Akyürek et al.", LONG.title)
    assert row(Record(title="T")) == ("", "", "", "", "T")
