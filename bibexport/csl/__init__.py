"""citeproc-py's CSL element tree with the fixes that bring it in line with citeproc-js.

citeproc-js is Zotero's processor, so its output is what users compare against.  Each fix
is a named, documented element class or method:

* :mod:`.cache`: memoized tree lookups (citeproc-py is slow without them) and
  :func:`~.cache.rendered_children`, the one loop that renders an element's children.
* :mod:`.textcase`: ``text-case`` as the CSL specification says.
* :mod:`.names`: ``initialize="false"``, per-cite name expansion, truncated author lists,
  inherited name options in ``cs:substitute`` and substituted macros' variables.
* :mod:`.elements`: ``disambiguate="true"`` conditions, sort options passed into macros,
  empty labels, date parts and the class map that puts all of them in place.
* :mod:`.loaded`: the parser and :class:`~.loaded.LoadedStyle`.

Where styles and locales are found is :mod:`bibexport.styles`'s business.
"""

CSL_NS = "http://purl.org/net/xbiblio/csl"
NS = {"cs": CSL_NS}  # prefix map for find/findall/xpath

# Key under which a citeproc Reference records that its author list was cut short.
TRUNCATED = "_bibexport_truncated"

# A quoted span in rendered text (``quotes="true"``, a field's own quotes): the output prints
# the locale's outer or inner quotation marks by nesting depth.  Formatting marks
# (bibexport.writers.formatted.marks) share this private-use range.
QUOTE_OPEN, QUOTE_CLOSE = "\ue011", "\ue012"
# An element's ``display`` (block, left-margin, right-inline, indent): its rendering, affixes
# included, between these marks; the HTML output makes them citeproc-js's csl-block... divs.
DISPLAY_OPEN = {"block": "\ue0e0", "left-margin": "\ue0e2", "right-inline": "\ue0e4", "indent": "\ue0e6"}
DISPLAY_CLOSE = {kind: chr(ord(mark) + 1) for kind, mark in DISPLAY_OPEN.items()}

_PROCESSOR_NAMES = frozenset({"Cite", "Cluster", "Position", "Processor", "positions"})


def __getattr__(name: str) -> object:
    """``Processor``, ``Cite``, ``Cluster``, ``Position`` and ``positions`` from :mod:`.processor`,
    imported when first asked for (the processor imports the formatted writers, which import this)."""
    if name in _PROCESSOR_NAMES:
        from . import processor

        return getattr(processor, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
