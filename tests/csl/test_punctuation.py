"""Punctuation merging as citeproc-js's queue.js does it (suite: punctuation_FullMonty*)."""

from __future__ import annotations

from bibexport.writers.formatted.marks import CLOSE, ITALIC, OPEN, QUOTE_CLOSE, QUOTE_OPEN
from bibexport.writers.formatted.punctuation import merge_punctuation, punctuation_in_quote


def test_meeting_marks_merge_as_citeproc_js():
    assert merge_punctuation("colon:: colon") == "colon: colon"
    assert merge_punctuation("semicolon;: colon") == "semicolon; colon"
    assert merge_punctuation("question?. period") == "question? period"
    assert merge_punctuation("colon:! exclamation") == "colon! exclamation"
    # pairs that carry meaning stay
    assert merge_punctuation("period.: colon, comma,. period, q?! x") == "period.: colon, comma,. period, q?! x"
    # across formatting; an ellipsis is not a doubled period
    assert merge_punctuation(f"{OPEN[ITALIC]}Why?{CLOSE[ITALIC]}. Next") == f"{OPEN[ITALIC]}Why?{CLOSE[ITALIC]} Next"
    assert merge_punctuation("Wait... and") == "Wait... and"


def test_exclamation_and_question_marks_move_inside_quotes():
    quoted = f"{QUOTE_OPEN}exclamation{QUOTE_CLOSE}"
    assert punctuation_in_quote(merge_punctuation(quoted + "!: colon")) == f"{QUOTE_OPEN}exclamation!{QUOTE_CLOSE} colon"
    assert punctuation_in_quote(f"{QUOTE_OPEN}comma{QUOTE_CLOSE},. period") == f"{QUOTE_OPEN}comma,.{QUOTE_CLOSE} period"
    assert punctuation_in_quote(f"{QUOTE_OPEN}colon{QUOTE_CLOSE}:, x") == f"{QUOTE_OPEN}colon{QUOTE_CLOSE}:, x"
