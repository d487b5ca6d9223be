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


def test_flip_flop_of_bold_small_caps_and_explicit_normals():
    # Suite: flipflop_BoldfaceNodeLevelMarkup, flipflop_SmallCaps, decorations_NoNormalWithoutDecoration,
    # decorations_Baseline, flipflop_ItalicsWithOk (<span class="nodecor">).
    from bibexport.writers.formatted.marks import (BASELINE, BOLD, ROMAN, SMALLCAPS, SUP)
    from bibexport.writers.formatted.output import inline
    from bibexport.writers.formatted.richtext import rich_text

    def wrap(kind: str, text: str) -> str:
        return OPEN[kind] + text + CLOSE[kind]

    assert inline(wrap(BOLD, "a " + wrap(BOLD, "b")), "html") == '<b>a <span style="font-weight:normal;">b</span></b>'
    assert inline(wrap(SMALLCAPS, "a " + wrap(SMALLCAPS, "b")), "html") == (
        '<span style="font-variant:small-caps;">a <span style="font-variant:normal;">b</span></span>')
    assert inline(wrap(ROMAN, "plain"), "html") == "plain"  # a normal with nothing to undo prints nothing
    assert inline(wrap(ITALIC, wrap(ROMAN, "x")), "html") == '<i><span style="font-style:normal;">x</span></i>'
    assert inline(wrap(SUP, "a " + wrap(BASELINE, "b")), "html") == '<sup>a <span style="baseline">b</span></sup>'
    title = str(rich_text('Lessard <span class="nodecor">v.</span> Schmidt'))
    assert inline(wrap(ITALIC, title), "html") == '<i>Lessard <span style="font-style:normal;">v.</span> Schmidt</i>'
    assert inline(str(rich_text("One TwoF</i> Three")), "html") == "One TwoF&lt;/i&gt; Three"  # stray closer: text


def test_french_spaces_before_high_punctuation_are_narrow():
    # citeproc-js queue.js (suite: punctuation_FrenchOrthography), within one string only.
    from bibexport.writers.formatted.richtext import narrow_spaces

    assert narrow_spaces("« Anonyme » : oui ?") == "«\u202fAnonyme\u202f»\u202f: oui\u202f?"
    assert narrow_spaces("Container.") == "Container."
