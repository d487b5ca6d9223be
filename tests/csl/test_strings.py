"""bibexport.csl.strings: citeproc-py's seam rules and MixedString concatenation, faster.

The oracle is citeproc-py's own implementation (kept in ``strings._ORIGINAL``): for any
texts built of String, NoCase and nested MixedString segments, the replacements return
the same segments.
"""

from __future__ import annotations

from citeproc import string as citeproc_string
from citeproc.string import MixedString, NoCase, String
from hypothesis import given
from hypothesis import strategies as st

from bibexport.csl import strings

_ORIGINAL_SEAM = strings._ORIGINAL["normalize_seam"]
_ORIGINAL_ADD = strings._ORIGINAL["add"]

_text = st.text(alphabet=" .,;:!?ab\u2019", max_size=4)
_leaf = st.one_of(_text.map(String), _text.map(NoCase), _text)
_tree = st.recursive(_leaf, lambda inner: st.lists(inner, max_size=3).map(MixedString), max_leaves=8)


def _shape(value):
    """Segments with their types, recursively (MixedString equality ignores segment types)."""
    if isinstance(value, list):
        return (type(value).__name__, [_shape(part) for part in value])
    return (type(value).__name__, str(value))


@given(_tree, _tree)
def test_seam_as_citeproc_py(left, other):
    assert _shape(strings.normalize_seam(left, other)) == _shape(_ORIGINAL_SEAM(left, other))


def _original_add(left, other):
    """citeproc-py's MixedString.__add__ with its own normalize_seam (install() replaced it)."""
    installed = citeproc_string.normalize_seam
    citeproc_string.normalize_seam = _ORIGINAL_SEAM
    try:
        return _ORIGINAL_ADD(left, other)
    finally:
        citeproc_string.normalize_seam = installed


@given(_tree.map(lambda t: t if isinstance(t, MixedString) else MixedString([t])), _tree)
def test_concatenation_as_citeproc_py(left, other):
    assert _shape(strings.mixed_add(left, other)) == _shape(_original_add(left, other))


def test_seams():
    assert str(String("a.") + String(".b")) == "a.b"
    assert str(MixedString([String("a "), MixedString([String("")])]) + String(" b")) == "a b"
    assert str(String("a,") + String(";b")) == "a,;b"
