"""The ``citation-label`` variable as citeproc-js makes it when an item has none (trigraph).

citeproc-js (util_citationlabel.js): the first name variable's first names give letters by
the trigraph ``Aaaa00:AaAa00:AaAA00:AAAA00`` (one author: four letters of the family name;
two: two letters each; three: 2-1-1; four or more: one each), then the last two digits of
the issued year ("0000" when there is none); without names, the title's first letters
after dropping the locale's skip words.  The year suffix disambiguation assigns follows it.
"""

from __future__ import annotations

import re
from typing import Any

TRIGRAPH = "Aaaa00:AaAa00:AaAA00:AAAA00"
# citeproc-js's CSL.NAME_VARIABLES order: the first one an item has gives the label.
NAME_VARIABLES = ("author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor",
                  "curator", "director", "editor", "editorial-director", "executive-producer", "guest", "host",
                  "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer", "producer",
                  "recipient", "reviewed-author", "script-writer", "series-creator", "translator")
_NOT_ROMANESQUE = re.compile("[^a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4\u05d6-\u05ff"
                             "\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]")
_LEADING_PARTICLE = re.compile(r"^([ '\u2019a-z]+\s+)")
_ARTICLE = re.compile(r"^(a\s+|the\s+|an\s+)", re.IGNORECASE)
# the locale's skip-words (citeproc-js's default list, CSL.SKIP_WORDS)
SKIP_WORDS = frozenset("""about above across afore after against al along alongside amid amidst among amongst anenst
    apropos apud around as aside astride at athwart atop barring before behind below beneath beside besides between
    beyond but by circa despite down during et except for forenenst from given in inside into lest like modulo near
    next notwithstanding of off on onto out over per plus pro qua sans since than through thru throughout thruout till
    to toward towards under underneath until unto up upon versus vs. v. vs v via vis-à-vis with within without
    according ahead apart as aside because close due far instead left near next opposite prior pursuant regardless
    subsequent such thanks together a an the and nor or yet so""".split())


def _params(trigraph: str = TRIGRAPH) -> list[tuple[list[int], int]]:
    params = []
    for piece in trigraph.split(":"):
        authors: list[int] = []
        year = 0
        for char in piece:
            if char == "A":
                authors.append(1)
            elif char == "a" and authors:
                authors[-1] += 1
            elif char == "0":
                year += 1
        params.append((authors, year))
    return params


def _cased(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def citation_label(reference: Any) -> str:
    """The item's own ``citation-label``, else the trigraph label (no year suffix)."""
    own = reference.get("citation_label")
    if own:
        return str(own)
    params = _params()
    authors, year_digits = params[0]
    label = ""
    for variable in NAME_VARIABLES:
        names = reference.get(variable.replace("-", "_"))
        if not names:
            continue
        authors, year_digits = params[min(len(names), len(params)) - 1]
        for index, name in enumerate(names[:len(authors)]):
            family = name.get("family") or ""
            text = _LEADING_PARTICLE.sub("", str(family)) if family else str(name.get("literal") or "")
            found = _ARTICLE.match(text)
            if found:
                text = text[found.end():]
            text = _NOT_ROMANESQUE.sub("", text)
            if not text:
                break
            label += _cased(text[:authors[index]])
        break
    if not label and reference.get("title"):
        words = [w for w in str(reference["title"]).split() if w not in SKIP_WORDS]
        label = _cased("".join(words)[:params[0][0][0]])
    issued = reference.get("issued")
    year = str(getattr(issued, "year", "") or "") if issued is not None else ""
    try:
        year = str(issued.begin.year) if not year and issued is not None else year
    except AttributeError:
        pass
    return label + (year or "0000")[-year_digits:]
