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


def test_80_columns_keep_key_and_author_and_give_the_title_the_rest():
    # 80 columns: key 19 + date 10 + category 5 + author 14 + 4 gaps of 2 = 56, title gets 24.
    line = render([LONG], 80).splitlines()[1]
    assert line == "akyurek2022learning  2022-11-28  cs.LG  Akyürek et al.  What learning algorithm…"


def test_narrower_terminal_cuts_the_key_last_of_all_but_the_date():
    # 60 columns: the author goes to 10, the title to its floor of 12, then the key gives up
    # what is still missing: 60 - (10 + 5 + 10 + 12 + 4 gaps of 2) = 15 columns.
    line = render([LONG], 60).splitlines()[1]
    assert line == "akyurek2022lea…  2022-11-28  cs.LG  Akyürek e…  What learni…"


def test_a_long_key_is_never_cut_when_the_terminal_has_room():
    key = "vandermaaten2008visualizingdata"  # 31 characters
    many = [LONG.replace(id=f"k{i}") for i in range(10)] + [LONG.replace(id=key)]
    for width in (80, 200):
        lines = render(many, width).splitlines()
        assert lines[-1].startswith(key + "  2022-11-28"), width
        assert lines[1].startswith("k0" + " " * (len(key) - 2) + "  2022-11-28")
        assert all(display_width(line) <= width for line in lines)


def test_wide_characters_count_two_columns():
    assert display_width("李明") == 4
    assert display_width("Akyu\u0308rek") == 7  # combining diaeresis takes no column


def test_row_names_first_author_and_marks_others():
    assert row(LONG) == ("akyurek2022learning", "2022-11-28", "cs.LG", "Akyürek et al.", LONG.title)
    assert row(Record(title="T")) == ("", "", "", "", "T")
