"""The citation API: positions by the CSL specification's rules, clusters, numbering, bibliography.

Expected outputs come from the CSL 1.0.2 specification ("Position" conditions), citeproc-js's
documented behaviour (``processCitationCluster``) and the styles' own rules.
"""

from __future__ import annotations

import pytest

from bibexport.csl import Cite, Cluster, Processor, positions
from bibexport.csl.processor import FIRST, IBID, IBID_WITH_LOCATOR, SUBSEQUENT, Position
from bibexport.errors import InputError
from bibexport.model import Date, Person, Record


def book(key: str, family: str, year: int, title: str) -> Record:
    return Record(id=key, type="book", title=title, author=(Person(family=family, given="Jane"),),
                  issued=Date(year), fields=(("publisher", "Press"),))


RECORDS = [book("doe", "Doe", 2020, "Alpha"), book("roe", "Roe", 2019, "Beta"), book("poe", "Poe", 2018, "Gamma")]


def where(*clusters: tuple[int, list[Cite]]) -> list[list[int]]:
    return [[p.position for p in cluster] for cluster in positions(list(clusters))]


def test_first_then_subsequent() -> None:
    assert where((1, [Cite("a")]), (2, [Cite("b")]), (3, [Cite("a")])) == [[FIRST], [FIRST], [SUBSEQUENT]]


def test_ibid_within_a_citation_and_from_the_previous_note() -> None:
    # spec: ibid when the same item is cited by the previous cite of the citation, or by
    # the previous citation when it consists of that one cite
    assert where((1, [Cite("a"), Cite("a")]), (2, [Cite("a")])) == [[FIRST, IBID], [SUBSEQUENT]]
    assert where((1, [Cite("a")]), (2, [Cite("a")])) == [[FIRST], [IBID]]


def test_no_ibid_after_a_citation_of_several_items() -> None:
    assert where((1, [Cite("b"), Cite("a")]), (2, [Cite("a")])) == [[FIRST, FIRST], [SUBSEQUENT]]


def test_ibid_with_locator_and_the_locator_rules() -> None:
    # spec: ibid-with-locator when the cite has a locator the previous one lacks or differs from;
    # a cite without the previous cite's locator is subsequent, not ibid
    clusters = [(1, [Cite("a")]), (2, [Cite("a", "12")]), (3, [Cite("a", "12")]), (4, [Cite("a", "13")]),
                (5, [Cite("a")])]
    assert where(*clusters) == [[FIRST], [IBID_WITH_LOCATOR], [IBID], [IBID_WITH_LOCATOR], [SUBSEQUENT]]


def test_locator_labels_count() -> None:
    assert where((1, [Cite("a", "3")]), (2, [Cite("a", "3", "chapter")])) == [[FIRST], [IBID_WITH_LOCATOR]]


def test_near_note_distance() -> None:
    found = positions([(1, [Cite("a")]), (3, [Cite("b")]), (6, [Cite("a")]), (20, [Cite("a")])], near_note_distance=5)
    assert [p[0].near_note for p in found] == [False, False, True, False]
    assert found[2][0].first_note == 1  # first-reference-note-number


def test_text_and_notes_counted_apart() -> None:
    # citeproc-js: citations in the text (note 0) and in notes have their own positions
    assert where((0, [Cite("a")]), (1, [Cite("a")]), (0, [Cite("a")])) == [[FIRST], [FIRST], [IBID]]


def test_lower_note_number_starts_afresh() -> None:
    assert where((3, [Cite("a")]), (1, [Cite("a")])) == [[FIRST], [FIRST]]


def test_cite_from_citeproc_js_json() -> None:
    cluster = Cluster.from_json({"citationID": "C1", "properties": {"noteIndex": 2}, "citationItems": [
        {"id": "doe", "locator": " 12 ", "label": "chapter", "prefix": "see ", "suppress-author": True}]})
    assert cluster == Cluster((Cite("doe", "12", "chapter", "see ", suppress_author=True),), 2, "C1")
    assert Cite.from_json({"id": "x", "position": 2}).position == Position(IBID)


def test_apa_locator_prefix_suffix_and_author_modes() -> None:
    processor = Processor(RECORDS, "apa")
    assert processor.make_citation_cluster([Cite("doe", "12", prefix="see ")]) == "(see Doe, 2020, p. 12)"
    assert processor.make_citation_cluster([Cite("doe", "3", "chapter")]) == "(Doe, 2020, Chapter 3)"
    assert processor.make_citation_cluster([Cite("doe", suppress_author=True)]) == "(2020)"
    assert processor.make_citation_cluster([Cite("doe", "3")], mode="composite") == "Doe (2020, p. 3)"
    assert processor.make_citation_cluster([Cite("doe")], mode="author-only") == "Doe"
    assert processor.make_citation_cluster([Cite("doe", suffix=", emphasis added")]) == "(Doe, 2020, emphasis added)"


def test_numeric_style_numbers_by_first_citation() -> None:
    processor = Processor(RECORDS, "ieee")
    texts = processor.process_document([Cluster((Cite("poe"),)), Cluster((Cite("doe"), Cite("poe", "5")))])
    assert texts == ["[1]", "[1, p. 5], [2]"]
    bibliography = processor.make_bibliography()
    assert [entry[:3] for entry in bibliography] == ["[1]", "[2]"]
    assert "Gamma" in bibliography[0] and "Alpha" in bibliography[1]  # roe is not cited: not listed


def test_registered_items_number_first() -> None:
    processor = Processor(RECORDS, "ieee")
    processor.update_items(["doe", "roe", "poe"])
    assert processor.process_document([Cluster((Cite("poe"),))]) == ["[3]"]


def test_process_citation_cluster_reports_changed_citations() -> None:
    processor = Processor(RECORDS, "ieee")
    assert processor.process_citation_cluster(Cluster((Cite("doe"),), id="A")) == [(0, "[1]", "A")]
    # inserting a citation of another item before it renumbers it
    changed = processor.process_citation_cluster(Cluster((Cite("roe"),), id="B"), pre=[], post=[("A", 0)])
    assert changed == [(0, "[1]", "B"), (1, "[2]", "A")]
    assert processor.citations == ["[1]", "[2]"]


def test_unknown_key_names_close_ones() -> None:
    with pytest.raises(InputError, match="did you mean doe"):
        Processor(RECORDS, "apa").make_citation_cluster([Cite("deo")])


def test_keys_ignore_case() -> None:
    assert Processor(RECORDS, "apa").make_citation_cluster([Cite("DOE")]) == "(Doe, 2020)"
