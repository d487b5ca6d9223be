"""Disambiguation as citeproc-js does it (suite: disambiguate_AndreaEg*, disambiguate_ByCite*)."""

from __future__ import annotations

from bibexport.model import Date, Person, Record
from bibexport.writers.formatted import citation

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>test</id><title>test</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation et-al-min="3" et-al-use-first="1" disambiguate-add-names="true" disambiguate-add-givenname="true"
            {rule}>
    <layout delimiter="; "><group delimiter=" ">
      <names variable="author"><name initialize-with=". " and="symbol" delimiter-precedes-last="never" form="short"/></names>
      <date variable="issued" prefix="(" suffix=")"><date-part name="year"/></date>
    </group></layout>
  </citation>
</style>
"""


def records() -> list[Record]:
    def item(key: str, *names: tuple[str, str]) -> Record:
        return Record(id=key, title=key, author=tuple(Person(f, g) for f, g in names), issued=Date(1980))

    john = ("Jones", "John")
    return [item("a", ("Smith", "John"), ("Brown", "John"), john),
            item("b", ("Smith", "John"), ("Benson", "John"), john),
            item("c", ("Smith", "John"), ("Brown", "John"), ("Jones", "Arthur"))]


def test_names_added_with_the_given_names_that_tell_them_apart(tmp_path):
    for rule in ("", 'givenname-disambiguation-rule="all-names"'):
        path = tmp_path / f"style{len(rule)}.csl"
        path.write_text(STYLE.format(rule=rule), encoding="utf-8")
        text = citation(records(), ["a", "b", "c"], str(path))
        # only the name that differs gets its initial; Smith and Brown stay short
        assert text == "Smith, Brown & J. Jones (1980); Smith, Benson, et al. (1980); Smith, Brown & A. Jones (1980)"


def test_global_rule_with_initials_expands_only_where_initials_differ(tmp_path):
    # Suite: disambiguate_ToInitialOnly, disambiguate_DifferentSpacingInInitials.
    path = tmp_path / "initials.csl"
    path.write_text(STYLE.format(rule='givenname-disambiguation-rule="all-names-with-initials"')
                    .replace(' disambiguate-add-names="true"', ""), encoding="utf-8")

    def item(key: str, family: str, given: str) -> Record:
        return Record(id=key, title=key, author=(Person(family, given),), issued=Date(2000))

    people = [item("a", "Smith", "Cecil"), item("b", "Smith", "Charles"), item("c", "Muggins", "Bob"),
              item("d", "Muggins", "Jardine"), item("e", "Doe", "J. J."), item("f", "Doe", "J.J.")]
    assert citation(people, [p.id for p in people], str(path)) == (
        "Smith (2000); Smith (2000); B. Muggins (2000); J. Muggins (2000); Doe (2000); Doe (2000)")


def test_collapse_and_cite_grouping():
    from bibexport.writers.formatted.engine import collapse_years
    from bibexport.writers.formatted.marks import CLOSE, ITALIC, OPEN

    names = OPEN[ITALIC] + "Aalto et al." + CLOSE[ITALIC]
    # the names' formatting ends after them: no empty piece is left (bugreports_CitationSortsWithEtAl)
    parts = [f"{names}, {year}" for year in (1999, 2000)]
    assert collapse_years(parts, ["Aalto et al."] * 2, "; ", ", ", "; ") == f"{names}, 1999, 2000"
    # a cite that is only the names adds nothing (collapse_AuthorCollapseNoDateSorted)
    assert collapse_years(["Smith 325 AD", "Smith 2000", "Smith"], ["Smith"] * 3, ", ", ", ", ", ") == \
        "Smith 325 AD, 2000"
