"""Formatted reference lists (text, HTML, Markdown) and in-text citations through citeproc-py.

The pipeline, for records in input order:

1. :func:`to_reference`: a record as a citeproc ``Reference``.  Strings pass through
   :func:`rich_text`, which turns CSL-JSON rich text (``<i>``, ``<b>``, ``<sup>``, ``<sub>``,
   small caps, ``<span class="nocase">``) and simple LaTeX (``$x$``, ``\\emph{}``,
   ``\\textbf{}``, ``{protected}``, ``\\&``) into formatting marks instead of literal tags
   or braces.
2. Sort keys for the style's bibliography ``cs:sort`` (compared accent- and case-
   insensitively, as citeproc-js's collation does), then numbering in that order.
3. :func:`disambiguate`: the CSL disambiguation citeproc-py lacks: global given-name
   rules, ``disambiguate-add-names``, ``disambiguate-add-givenname``,
   ``disambiguate-add-year-suffix`` (2022a, 2022b, in bibliography order) and
   ``disambiguate="true"`` conditions.
4. Rendering with the :data:`MARKS` formatter: formatting becomes private-use marks, so
   text and markup never mix; :func:`punctuation_in_quote` moves commas and periods inside
   closing quotes when the locale asks for it; :func:`to_text`, :func:`to_html` and
   :func:`to_markdown` then escape the text and turn the marks into each format's markup.

Large inputs are sorted and rendered in worker processes (one per core).

Modules: :mod:`.marks`, :mod:`.richtext` and :mod:`.reference` (input), :mod:`.engine`,
:mod:`.sorting`, :mod:`.disambiguation` and :mod:`.punctuation` (rendering), :mod:`.pool`
(worker processes), :mod:`.bibliography` (the entry points) and :mod:`.output` (text, HTML,
Markdown).  The citeproc-py element fixes live in :mod:`bibexport.csl`.  This module holds
the registered writers.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from ...model import Record
from ...styles import DEFAULT_STYLE
from .bibliography import FIRST_SORT_KEYS, bibliography, prepare, render_entries
from .disambiguation import disambiguate, disambiguate_all, global_given_levels, year_suffix
from .engine import Disambiguation, Engine, Prepared, collapse_numbers, collapse_years
from .marks import BOLD, CLOSE, ITALIC, MARGIN, MARKS, OPEN, ROMAN, SMALLCAPS, SUB, SUP, UNDERLINE
from .output import inline, markdown_escape, to_html, to_markdown, to_text
from .pool import PARALLEL_MIN
from .punctuation import collapse_punctuation, punctuation_in_quote
from .reference import Item, to_reference
from .richtext import MATH_SYMBOLS, latex_math, rich_text
from .sorting import sort_order

__all__ = [
    "BOLD", "CLOSE", "FIRST_SORT_KEYS", "ITALIC", "MARGIN", "MARKS", "MATH_SYMBOLS", "OPEN", "PARALLEL_MIN", "ROMAN",
    "SMALLCAPS", "SUB", "SUP", "UNDERLINE", "Disambiguation", "Engine", "Item", "Prepared", "bibliography",
    "citation", "collapse_numbers", "collapse_punctuation", "collapse_years", "disambiguate", "disambiguate_all",
    "global_given_levels", "inline", "latex_math", "markdown_escape", "prepare", "punctuation_in_quote",
    "render_entries", "rich_text", "sort_order", "to_html", "to_markdown", "to_reference", "to_text", "write_html",
    "write_markdown", "write_text", "year_suffix",
]


def citation(records: Sequence[Record], keys: Sequence[str], style: str = DEFAULT_STYLE, locale: str | None = None,
             prepared: Prepared | None = None, form: str = "text") -> str:
    """The in-text citation of ``keys``, numbered and disambiguated against all ``records``.

    ``form`` is ``text`` (plain), ``html`` or ``markdown`` (inline markup, escaped).  A
    shortcut for :meth:`bibexport.csl.processor.Processor.make_citation_cluster`.
    """
    from ...csl.processor import Cite, Processor  # the processor imports this package's modules

    processor = Processor(records, style, locale, form=form)
    processor.update_items(r.id for r in records)
    if prepared is not None:
        processor.use_prepared(prepared)
    return processor.make_citation_cluster([Cite(k) for k in dict.fromkeys(keys)])


def _entries(records: Iterable[Record], options: Any) -> list[str]:
    """The reference list of ``records`` through the citation processor (every record
    registered, in input order: the order of first citation for ``--cited-by``)."""
    from ...csl.processor import Processor  # the processor imports this package

    style = getattr(options, "style", None) or DEFAULT_STYLE
    locale = getattr(options, "locale", None)
    records = list(records)
    if len({r.id for r in records}) < len(records) or any(not r.id for r in records):
        return bibliography(records, style, locale)  # records not keyed yet (api.prepare keys them)
    processor = Processor(records, style, locale)
    processor.update_items(r.id for r in records)
    return processor.bibliography_marks()


def write_text(records: Iterable[Record], options: Any = None) -> str:
    """The reference list as plain text, one entry per line."""
    return "".join(to_text(e) + "\n" for e in _entries(records, options))


def write_markdown(records: Iterable[Record], options: Any = None) -> str:
    """The reference list as Markdown paragraphs."""
    return "\n".join(to_markdown(e) + "\n" for e in _entries(records, options))


def write_html(records: Iterable[Record], options: Any = None) -> str:
    """A complete HTML5 document holding the reference list (citeproc-js's markup).

    The style's layout options become CSS, as Zotero writes them: ``line-spacing`` as
    line-height, ``hanging-indent`` as a hanging indent, and a floated label column for
    ``second-field-align``.
    """
    engine = Engine(getattr(options, "style", None) or DEFAULT_STYLE, getattr(options, "locale", None))
    body = "\n".join(to_html(e) for e in _entries(records, options))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(engine.style.locale)}">\n<head>\n<meta charset="utf-8">\n<title>References</title>\n'
        f"<style>\n{_html_css(engine.bibliography)}</style>\n</head>\n"
        f'<body>\n<div class="csl-bib-body">\n{body}\n</div>\n</body>\n</html>\n'
    )


def _html_css(bibliography: Any) -> str:
    rules = []
    line_spacing = bibliography.get("line-spacing", "1")
    if line_spacing.isdigit() and line_spacing != "1":
        rules.append(f".csl-bib-body {{ line-height: {line_spacing}; }}")
    if bibliography.get("hanging-indent") == "true":
        rules.append(".csl-entry { padding-left: 2em; text-indent: -2em; }")
    if bibliography.get("second-field-align"):
        rules += [".csl-entry { clear: left; }", ".csl-left-margin { float: left; padding-right: 0.5em; }",
                  ".csl-right-inline { margin-left: 2.5em; }"]
    return "".join(rule + "\n" for rule in rules)
