"""The citation processor: a document's citations, cluster by cluster, as citeproc-js processes them.

Shaped like citeproc-js (the processor inside Zotero and Mendeley)::

    processor = Processor(records, "chicago-fullnote-bibliography", form="html")
    processor.process_citation_cluster(Cluster([Cite("doe2020", locator="12")], note=1))
    processor.process_citation_cluster(Cluster([Cite("doe2020")], note=2))  # -> "Ibid."
    processor.make_bibliography()  # the entries of the items cited, in the style's order

* **Registering items**: :meth:`Processor.update_items` sets the items of the bibliography
  (``updateItems``); citing an item registers it.  Numeric styles number items in the
  bibliography's sort order, and items the bibliography does not sort in the order they
  were first cited (or registered, when nothing is cited).
* **Clusters** (:class:`Cluster`) of cites (:class:`Cite`: locator and label, prefix,
  suffix, suppress-author, author-only) are kept in document order;
  :meth:`~Processor.process_citation_cluster` inserts or replaces one and returns every
  citation whose output changed (``processCitationCluster``).
* **Positions** (:func:`positions`): first, subsequent, ibid, ibid-with-locator and near-note
  (within the style's ``near-note-distance`` notes), by citeproc-js's rules; in-text
  citations (note 0) and citations in notes are counted apart.
* :meth:`~Processor.make_citation_cluster` renders cites outside the document (every cite
  a first cite; ``makeCitationCluster``) and :meth:`~Processor.make_bibliography` the
  reference list that goes with the document (``makeBibliography``).

Rendering is bibexport's engine (:mod:`bibexport.writers.formatted`: citeproc-py with the
fixes of this package).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from citeproc.source import Locator
from citeproc.string import String

from ..errors import InputError, StyleError
from ..model import Record
from ..styles import DEFAULT_STYLE
from ..writers.formatted.bibliography import prepare, render_entries
from ..writers.formatted.engine import AFFIX_CLOSE, Engine
from ..writers.formatted.output import inline, to_html, to_markdown, to_text
from ..writers.formatted.reference import to_reference
from ..writers.formatted.richtext import rich_text

if TYPE_CHECKING:
    from ..citations import PandocCitation

FIRST, SUBSEQUENT, IBID, IBID_WITH_LOCATOR = range(4)
POSITION_NAMES = ("first", "subsequent", "ibid", "ibid-with-locator")
FORMS = ("text", "html", "markdown")

# The CSL 1.0.2 locator terms (the values of a cite's ``label``).
LOCATOR_LABELS = frozenset(
    "act appendix article-locator book canon chapter column elocation equation figure folio issue line note "
    "opus page paragraph part rule scene section sub-verbo supplement table timestamp title-locator verse "
    "version volume".split()
)


@dataclass(frozen=True, slots=True)
class Cite:
    """One cite of one item: ``id`` with an optional locator (``label`` defaults to page),
    text before and after it, and citeproc-js's ``suppress-author`` and ``author-only``."""

    id: str
    locator: str = ""
    label: str = ""
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False
    author_only: bool = False
    position: Position | None = None  # given by the caller: used by make_citation_cluster only

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Cite:
        """A citeproc-js citation item: ``{"id", "locator", "label", "prefix", "suffix",
        "suppress-author", "author-only"}``, and ``position``, ``near-note`` and
        ``first-reference-note-number`` as :meth:`Processor.make_citation_cluster` takes them."""
        locator = data.get("locator")
        given = None
        if "position" in data:
            given = Position(int(data["position"]), bool(data.get("near-note")),
                             int(data.get("first-reference-note-number") or 0))
        label = str(data.get("label") or "").replace(" ", "-")  # citeproc-js also takes "sub verbo"
        return cls(str(data["id"]), "" if locator is None else str(locator).strip(), label,
                   str(data.get("prefix") or ""), str(data.get("suffix") or ""),
                   bool(data.get("suppress-author")), bool(data.get("author-only")), given)

    @property
    def locator_label(self) -> str:
        return (self.label or "page") if self.locator else ""


@dataclass(frozen=True, slots=True)
class Cluster:
    """A citation: cites rendered together, in the note ``note`` (0: in the text).

    ``mode`` is citeproc-js's citation mode: ``""``, ``suppress-author``, ``author-only``
    or ``composite`` (the authors, a space, then the citation without them: pandoc's
    ``@doe2020 [p. 3]``).  ``id`` names the cluster in the document (given when empty).
    """

    cites: tuple[Cite, ...]
    note: int = 0
    id: str = ""
    mode: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "cites", tuple(self.cites))
        if self.mode not in ("", "suppress-author", "author-only", "composite"):
            raise ValueError(f"unknown citation mode {self.mode!r}")

    @classmethod
    def from_pandoc(cls, citation: PandocCitation, note: int = 0) -> Cluster:
        """A pandoc citation (:func:`bibexport.citations.parse_markdown`): ``@key [p. 3]`` in
        the text is a ``composite`` cluster (``Doe (2020, p. 3)``)."""
        return cls(tuple(Cite(c.key, c.locator, c.label, c.prefix, c.suffix, c.suppress_author)
                         for c in citation.cites), note, mode="composite" if citation.in_text else "")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Cluster:
        """A citeproc-js citation: ``{"citationID", "citationItems", "properties": {"noteIndex", "mode"}}``."""
        properties = data.get("properties") or {}
        return cls(tuple(Cite.from_json(c) for c in data.get("citationItems", ())),
                   int(properties.get("noteIndex") or 0), str(data.get("citationID") or ""),
                   str(properties.get("mode") or ""))


@dataclass(frozen=True, slots=True)
class Position:
    """Where a cite stands in the document: ``position`` (:data:`FIRST` ... :data:`IBID_WITH_LOCATOR`),
    ``near_note``, and ``first_note``, the note of the item's first cite (CSL
    ``first-reference-note-number``; 0 when there is none or it is the current note)."""

    position: int = FIRST
    near_note: bool = False
    first_note: int = 0

    @property
    def name(self) -> str:
        return POSITION_NAMES[self.position]


def positions(clusters: Sequence[tuple[int, Sequence[Cite]]], near_note_distance: int = 5) -> list[list[Position]]:
    """The position of every cite of ``clusters`` (``(note, cites)`` in document order).

    citeproc-js's rules (``processCitationCluster``), which the CSL specification describes:
    a cite is *ibid* when it follows a cite of the same item in the same citation, or opens
    a citation whose previous citation (in the same note, or in the note before when that
    note holds one cite) cited the same item; *ibid-with-locator* when it then has a locator
    the previous cite lacks or differs from; *subsequent* when it lacks the locator the
    previous cite had, or otherwise cites an item cited before.  Citations in the text
    (note 0) and in notes are counted apart; a note number lower than the one before starts
    afresh.  *near-note*: the item's last cite is at most ``near_note_distance`` notes back
    (always, in the text).
    """
    result: list[list[Position]] = [[] for _ in clusters]
    for in_notes in (False, True):
        indices = [i for i, (note, _) in enumerate(clusters) if bool(note) == in_notes]
        first: dict[str, int] = {}
        last: dict[str, int] = {}
        per_note: dict[int, int] = {}
        for j, index in enumerate(indices):
            note, cites = clusters[index]
            previous = clusters[indices[j - 1]] if j else None
            if previous is not None and note and previous[0] > note:
                first, last, per_note = {}, {}, {}
            per_note[note] = per_note.get(note, 0) + len(cites)
            out = result[index]
            for k, cite in enumerate(cites):
                key = cite.id
                if key not in last:
                    first[key] = last[key] = note
                    out.append(Position(FIRST))
                    continue
                before: Cite | None = None  # the cite an ibid repeats
                if k:
                    if cites[k - 1].id == key:
                        before = cites[k - 1]
                elif previous is not None and previous[1]:
                    prev_note, prev_cites = previous
                    if prev_note != note:
                        if (prev_cites[0].id == key and prev_note >= note - 1
                                and (per_note.get(prev_note) == 1 or prev_note == 0)):
                            before = prev_cites[0]
                    elif prev_cites[-1].id == key:
                        before = prev_cites[0]  # sic: citeproc-js compares with the first cite's locator
                position = SUBSEQUENT
                if before is not None:
                    was, now = _locator_key(before), _locator_key(cite)
                    if not was:
                        position = IBID_WITH_LOCATOR if now else IBID
                    elif now:
                        position = IBID if now == was else IBID_WITH_LOCATOR
                near = True
                if note:
                    near = note - last[key] <= near_note_distance
                    last[key] = note
                out.append(Position(position, near, first[key] if first[key] != note else 0))
    return result


def _locator_key(cite: Cite) -> str:
    return f"{cite.locator}\0{cite.locator_label}" if cite.locator else ""


@dataclass
class _Document:
    clusters: list[Cluster] = field(default_factory=list)
    rendered: dict[str, tuple[str, Any]] = field(default_factory=dict)  # id -> (text, what decided it)


class Processor:
    """A CSL style applied to ``records``: citations in document order and their bibliography.

    ``form`` is the output of every method: ``text`` (plain), ``html`` (citeproc-js's
    markup, escaped) or ``markdown``.  Cites name records by key, ignoring case as BibTeX
    does; an unknown key is an :class:`~bibexport.errors.InputError` naming the closest keys.
    """

    def __init__(self, records: Iterable[Record], style: str = DEFAULT_STYLE, locale: str | None = None,
                 form: str = "text", jobs: int | None = None) -> None:
        if form not in FORMS:
            raise ValueError(f"unknown output form {form!r}; one of {', '.join(FORMS)}")
        self.records = {r.id: r for r in records}
        self._folded: dict[str, str] = {}
        for key in self.records:
            self._folded.setdefault(key.casefold(), key)
        self.style, self.locale, self.form, self.jobs = style, locale, form, jobs
        self.engine = Engine(style, locale)
        citation = self.engine.citation
        self.note_style = self.engine.style.root.get("class") == "note"
        self.near_note_distance = int(citation.get("near-note-distance", "5") or 5)
        self.uses_positions = bool(self.engine.style.root.xpath_search(".//cs:if[@position] | .//cs:else-if[@position]"))
        sort = self.engine._sort(citation)
        self._sort_after_positions = sort is not None and any(
            key.get("variable") == "citation-number" for key in sort.iterchildren())
        self._registered: list[str] = []
        self._uncited: list[str] = []
        self._document = _Document()
        self._prepared: tuple[tuple[str, ...], Any] | None = None
        self._next_id = 0

    # --- items ---------------------------------------------------------------------------
    def key(self, cited: str) -> str:
        """The key of the record ``cited`` names (exactly, else ignoring case); InputError if none."""
        if cited in self.records:
            return cited
        found = self._folded.get(cited.casefold())
        if found is not None:
            return found
        close = difflib.get_close_matches(cited, list(self.records), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; run `bibexport keys` to list them"
        raise InputError(f"unknown citation key {cited!r}{hint}")

    def update_items(self, ids: Iterable[str]) -> None:
        """Register exactly these items (citeproc-js ``updateItems``): the bibliography when
        nothing is cited, and the numbering order of styles whose bibliography is not sorted."""
        self._registered = list(dict.fromkeys(self.key(i) for i in ids))

    def update_uncited_items(self, ids: Iterable[str]) -> None:
        """Items in the bibliography although not cited (LaTeX's ``\\nocite``, pandoc's ``nocite``)."""
        self._uncited = list(dict.fromkeys(self.key(i) for i in ids))

    @property
    def items(self) -> list[str]:
        """The registered keys, in registration order: those of :meth:`update_items`, then the
        items cited in the document in order of first citation, then uncited ones."""
        cited = [self.key(c.id) for cluster in self._document.clusters for c in cluster.cites]
        return list(dict.fromkeys(self._registered + cited + self._uncited))

    def use_prepared(self, prepared: Any) -> None:
        """Take ``prepared`` (:func:`bibexport.writers.formatted.prepare` of the registered
        records, in :attr:`items` order) instead of computing it again."""
        self._prepared = (tuple(self.items), prepared)

    def prepared(self, drafts: bool = False) -> Any:
        """The registered records sorted, numbered and disambiguated (computed once per item
        set; with ``drafts``, the bibliography's entries rendered on the way when it is computed)."""
        keys = tuple(self.items)
        if self._prepared is None or self._prepared[0] != keys:
            self._prepared = (keys, prepare([self.records[k] for k in keys], self.style, self.locale, self.jobs,
                                            drafts=drafts))
        return self._prepared[1]

    # --- citations -----------------------------------------------------------------------
    def make_citation_cluster(self, cites: Sequence[Cite], mode: str = "") -> str:
        """One citation outside the document (citeproc-js ``makeCitationCluster``): every cite
        is a first cite; items not registered yet are registered."""
        cluster = Cluster(tuple(cites), mode=mode)
        missing = [self.key(c.id) for c in cluster.cites if self.key(c.id) not in self.items]
        if missing:
            self._registered = list(dict.fromkeys(self._registered + missing))
        prepared = self.prepared()
        ordered = self._ordered(cluster, prepared)
        if self._sort_after_positions:
            ordered = self._sorted(ordered, prepared)
        return self._output(self._render(cluster, ordered, [c.position or Position() for c in ordered], prepared))

    def process_citation_cluster(self, cluster: Cluster, pre: Sequence[tuple[str, int]] | None = None,
                                 post: Sequence[tuple[str, int]] = ()) -> list[tuple[int, str, str]]:
        """Put ``cluster`` in the document between the citations ``pre`` and ``post``
        (``(id, note)`` pairs; ``pre`` defaults to every citation so far, i.e. appending).

        Citations missing from ``pre`` and ``post`` leave the document.  Returns
        ``(index, text, id)`` for this citation and every other whose text, or (when the style
        tests positions) position or note number, changed (citeproc-js ``processCitationCluster``).
        """
        if not cluster.id:
            self._next_id += 1
            cluster = replace(cluster, id=f"CITATION-{self._next_id}")
        for cite in cluster.cites:
            self.key(cite.id)
        known = {c.id: c for c in self._document.clusters}
        if pre is None:
            pre = [(c.id, c.note) for c in self._document.clusters if c.id != cluster.id]
        order: list[Cluster] = []
        for cid, note in [*pre, (cluster.id, cluster.note), *post]:
            if cid == cluster.id:
                order.append(cluster)
            elif cid in known:
                order.append(replace(known[cid], note=int(note or 0)))
            else:
                raise InputError(f"citation {cid!r} is not in the document")
        self._document.clusters = order
        return self._refresh(cluster.id)

    def append_citation_cluster(self, cluster: Cluster) -> list[tuple[int, str, str]]:
        """:meth:`process_citation_cluster` at the end of the document."""
        return self.process_citation_cluster(cluster)

    def process_document(self, clusters: Iterable[Cluster]) -> list[str]:
        """Every citation of a document at once, in order (faster than one cluster at a time)."""
        numbered = []
        for cluster in clusters:
            if not cluster.id:
                self._next_id += 1
                cluster = replace(cluster, id=f"CITATION-{self._next_id}")
            numbered.append(cluster)
        for cluster in numbered:
            for cite in cluster.cites:
                self.key(cite.id)
        self._document = _Document(numbered)
        self._refresh(None)
        return self.citations

    @property
    def clusters(self) -> list[Cluster]:
        """The document's citations, in order."""
        return list(self._document.clusters)

    @property
    def citations(self) -> list[str]:
        """The document's citations, in order, as last rendered."""
        return [self._document.rendered[c.id][0] for c in self._document.clusters]

    def _refresh(self, current: str | None) -> list[tuple[int, str, str]]:
        """Render every citation; the changed ones as :meth:`process_citation_cluster` returns them.

        A citation changed when its text did or, in a style that tests positions, the position
        of one of its cites; and when the note of an item's first citation moved (its
        ``first-reference-note-number``), every citation of that item did, as in citeproc-js.
        """
        prepared = self.prepared()
        clusters = self._document.clusters
        ordered = [self._ordered(c, prepared) for c in clusters]
        found = positions([(c.note, cites) for c, cites in zip(clusters, ordered)], self.near_note_distance)
        old = self._document.rendered
        new: dict[str, tuple[str, Any]] = {}
        moved: set[str] = set()  # items whose first citation's note changed
        for cluster, cites, where in zip(clusters, ordered, found):
            if self._sort_after_positions:
                by_cite = dict(zip(map(id, cites), where))
                cites = self._sorted(cites, prepared)
                where = [by_cite[id(c)] for c in cites]
            text = self._output(self._render(cluster, cites, where, prepared))
            decided = tuple((c.id, p) for c, p in zip(cites, where)) if self.uses_positions else ()
            before = dict(old.get(cluster.id, ("", ()))[1])
            moved.update(c.id for c, p in zip(cites, where)
                         if c.id in before and before[c.id].first_note != p.first_note)
            new[cluster.id] = (text, decided)
        changed = []
        for index, cluster in enumerate(clusters):
            text, decided = new[cluster.id]
            if (cluster.id == current or old.get(cluster.id) != (text, decided)
                    or any(self.key(c.id) in moved for c in cluster.cites)):
                changed.append((index, text, cluster.id))
        self._document.rendered = new
        return changed

    def _ordered(self, cluster: Cluster, prepared: Any) -> list[Cite]:
        """The cluster's cites, keyed by record, sorted as the style's cs:citation says
        (unless it sorts by citation number: then after positions, as citeproc-js does)."""
        cites = [replace(c, id=self.key(c.id)) for c in cluster.cites]
        return cites if self._sort_after_positions else self._sorted(cites, prepared)

    def _sorted(self, cites: list[Cite], prepared: Any) -> list[Cite]:
        if len(cites) < 2:
            return cites
        items = [self._item(c, Position(), prepared) for c in cites]
        by_item = {id(item): cite for item, cite in zip(items, cites)}
        return [by_item[id(item)] for item in self.engine.sort_cites(items)]

    def _item(self, cite: Cite, where: Position, prepared: Any, mode: str = "") -> Any:
        record = self.records[cite.id]
        reference = None
        if where.first_note:
            reference = to_reference(record)
            reference["first_reference_note_number"] = String(str(where.first_note))
        item = self.engine.item(record, prepared.numbers[cite.id], prepared.states.get(cite.id), reference)
        item.set(position=where.position, near_note=where.near_note,
                 suppress_author=cite.suppress_author or mode == "suppress-author",
                 author_only=cite.author_only or mode == "author-only")
        if cite.locator:
            locator = self._quotes(_RANGE_SPACES.sub(r"\1-\2", cite.locator), self.engine.close_quote)
            item["locator"] = Locator(cite.locator_label, locator)
        for name in ("prefix", "suffix"):
            value = getattr(cite, name)
            if value:
                item[name] = str(rich_text(self._quotes(_affix_markup(value)), quotes=False))
        return item

    def _quotes(self, text: str, close: str = AFFIX_CLOSE) -> str:
        """Straight quotes in an affix as the locale's quotation marks (a quoted span) or
        apostrophes (inside a word), as citeproc-js prints them."""
        if "'" not in text and '"' not in text:
            return text
        root = self.engine.style.root
        opening = str(root.get_single_term("open-quote") or "“")
        tags: list[str] = []

        def hide(found: re.Match[str]) -> str:  # markup tags keep their quotes
            tags.append(found.group(0))
            return "\0"

        # In affixes AFFIX_CLOSE stands in for the closing mark until the end: punctuation-in-quote
        # does not pull a delimiter into an affix's quotes (citeproc-js: “quote”, Hello); a
        # locator's quotes are ordinary ones (s.v. “gargoyle.”).
        text = _QUOTED.sub(lambda m: opening + m.group(2) + close, _TAG.sub(hide, text)).replace("'", "’")
        restore = iter(tags)
        return re.sub("\0", lambda _: next(restore), text)

    def _render(self, cluster: Cluster, cites: Sequence[Cite], where: Sequence[Position], prepared: Any) -> str:
        """The cluster as marked text (see :mod:`bibexport.writers.formatted.marks`)."""
        if cluster.mode == "composite":
            authors = self.engine.cite([self._item(c, p, prepared, "author-only") for c, p in zip(cites, where)],
                                       sort=False)
            rest = self.engine.cite([self._item(c, p, prepared, "suppress-author") for c, p in zip(cites, where)],
                                    sort=False)
            return " ".join(t for t in (authors, rest) if t)
        return self.engine.cite([self._item(c, p, prepared, cluster.mode) for c, p in zip(cites, where)], sort=False)

    def _output(self, marked: str) -> str:
        return inline(marked.replace(AFFIX_CLOSE, self.engine.close_quote), self.form)

    # --- bibliography --------------------------------------------------------------------
    def make_bibliography(self) -> list[str]:
        """The bibliography of the registered items (citeproc-js ``makeBibliography``): one
        entry per item, in the style's order, as text, HTML ``csl-entry`` divs or Markdown."""
        convert = {"text": to_text, "html": to_html, "markdown": to_markdown}[self.form]
        return [convert(entry) for entry in self.bibliography_marks()]

    def bibliography_marks(self) -> list[str]:
        """The bibliography entries as marked text (for the writers)."""
        if self.engine.bibliography is None:
            raise StyleError(f"style {self.style!r} defines no bibliography, only citations; pick another --style")
        if not self.items:
            return []
        return render_entries(self.prepared(drafts=True), self.style, self.locale, self.jobs)


_SMALL_CAPS = re.compile(r"<(/?)sc>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_QUOTED = re.compile(r"(?<!\w)([\"'])(?=\S)(.+?)(?<=\S)\1(?!\w)")
_RANGE_SPACES = re.compile(r"(\d)\s+[-–]\s+(\d)")


def _affix_markup(text: str) -> str:
    """citeproc-js's affix markup (``<i>``, ``<b>``, ``<sc>``...) as CSL-JSON rich text."""
    return _SMALL_CAPS.sub(lambda m: "</span>" if m.group(1) else '<span style="font-variant:small-caps;">', text)


__all__ = ["FIRST", "FORMS", "IBID", "IBID_WITH_LOCATOR", "LOCATOR_LABELS", "POSITION_NAMES", "SUBSEQUENT", "Cite",
           "Cluster", "Position", "Processor", "positions"]
