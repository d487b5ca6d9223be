"""citation-label as citeproc-js makes it (suite: disambiguate_Trigraph, magic_CitationLabel*)."""

from __future__ import annotations

from citeproc.source import Date, Name

from bibexport.csl.labels import citation_label


def test_trigraph_by_number_of_names():
    def label(*families: str, year: int | None = 2002) -> str:
        reference = {"author": [Name(family=f, given="X") for f in families]}
        if year:
            reference["issued"] = Date(year=year)
        return citation_label(reference)

    assert label("Aalto") == "Aalt02"
    assert label("Roe", "Noakes", year=1978) == "RoNo78"
    assert label("Asthma", "Bronchitis", "Cold") == "AsBC02"
    assert label("A", "B", "C", "D", "E") == "ABCD02"
    assert label("Doe", year=None) == "Doe00"


def test_own_label_wins_and_title_stands_in_for_names():
    assert citation_label({"citation_label": "SpiffLabel1900"}) == "SpiffLabel1900"
    # skip words are matched as citeproc-js matches them: case-sensitively
    assert citation_label({"title": "a study of names", "issued": Date(year=1999)}) == "Stud99"
    assert citation_label({"title": "The Book", "issued": Date(year=1999)}) == "Theb99"
