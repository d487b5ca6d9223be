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


def test_label_plural_for_number_of_volumes_and_roman_ranges(tmp_path):
    # Suite: label_PluralNumberOfVolumes, number_PlainHyphenOrEnDashAlwaysPlural.
    from bibexport.model import Record
    from bibexport.writers.formatted import bibliography, to_text

    path = tmp_path / "labels.csl"
    path.write_text("""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout delimiter="; ">
    <group delimiter=" "><label variable="number-of-volumes"/><text variable="number-of-volumes"/></group>
    <group delimiter=" "><label variable="page"/><text variable="page"/></group>
  </layout></bibliography>
</style>""", encoding="utf-8")
    records = [Record(id="a", title="A", fields=(("number-of-volumes", "1"), ("page", "i-ix"))),
               Record(id="b", title="B", fields=(("number-of-volumes", "2"), ("page", "3-B")))]
    assert [to_text(e) for e in bibliography(records, str(path))] == ["volume 1; pages i–ix", "volumes 2; page 3-B"]


def test_note_field_variables_and_short_forms():
    # citeproc-js: "key: value" lines opening the note set variables the item lacks;
    # journalAbbreviation is container-title-short (suite: variables_ContainerTitleShort, magic_StripPeriodsTrueShortForm).
    from bibexport.model import Record
    from bibexport.writers.formatted.reference import to_reference

    record = Record(id="a", title="T", fields=(("journalAbbreviation", "Am. L.J."), (
        "note", "container-title: Container\ncollection-title-short: Series\nA real note\nissued: 1999")))
    reference = to_reference(record)
    assert str(reference["container_title"]) == "Container" and str(reference["container_title_short"]) == "Am. L.J."
    assert str(reference["collection_title_short"]) == "Series"
    assert str(reference["note"]) == "A real note\nissued: 1999"  # parsing stops at the first other line


def test_numeric_variables_take_an_en_dash_between_two_numbers():
    # citeproc-js reads issue, volume... as numbers (suite: fullstyles_ABdNT "n. 3–4").
    from bibexport.model import Record
    from bibexport.writers.formatted import bibliography, to_text

    records = [Record(id="a", title="A", fields=(("issue", "3-4"), ("volume", "2-B")))]
    text = to_text(bibliography(records, "apa")[0])
    assert "3–4" in text and "2-B" in text and "3-4" not in text


def test_macro_without_its_variables_and_substituted_names_print_nothing(tmp_path):
    # Suite: group_SuppressTermInMacro, magic_SuppressDuplicateVariableRendering.
    from bibexport.model import Person, Record
    from bibexport.writers.formatted import bibliography, to_text

    path = tmp_path / "macro.csl"
    path.write_text("""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>t</id><title>t</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="in"><text term="in" suffix=" "/><text variable="container-title"/></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout>
    <group delimiter=", "><text variable="title"/><text macro="in"/></group>
    <names variable="author" prefix=" by "><name/><substitute><names variable="editor"/></substitute></names>
    <names variable="editor" prefix=" ed. "><name/></names>
  </layout></bibliography>
</style>""", encoding="utf-8")
    record = Record(id="a", title="Life", editor=(Person("Doe", "John"),))
    assert to_text(bibliography([record], str(path))[0]) == "Life by John Doe"
