"""Names as citeproc-js renders them (util_names_render.js): suite fixtures name_AsianGlyphs,
name_FormattingOfParticles, name_AfterInvertedName, name_namepartAffixes, etal_UseZeroFirst."""

from __future__ import annotations

import pytest

from bibexport.model import Person, Record
from bibexport.writers.formatted import bibliography, to_html, to_text

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><id>test</id><title>test</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><names variable="author">{name}</names></layout></bibliography>
</style>
"""


def render(tmp_path, name: str, *people: Person, html: bool = False) -> str:
    path = tmp_path / f"test-{abs(hash(name))}.csl"  # styles are cached by path
    path.write_text(STYLE.format(name=name), encoding="utf-8")
    entries = bibliography([Record(id="a", title="T", author=people)], str(path))
    return (to_html if html else to_text)(entries[0]).strip()


def test_cjk_names_run_together_without_initials(tmp_path):
    assert render(tmp_path, '<name initialize-with=". " name-as-sort-order="all"/>', Person("张", "伟")) == "张伟"
    assert render(tmp_path, "<name/>", Person("我妻", "栄")) == "我妻栄"


def test_particles_take_their_name_parts_formatting_separately(tmp_path):
    person = Person("Meer", "Gerard", particle="der", dropping_particle="van")
    assert render(tmp_path, '<name><name-part name="family" text-case="uppercase"/></name>', person) == \
        "Gerard van DER MEER"
    affixed = '<name><name-part name="family" prefix="(" suffix=")"/><name-part name="given" prefix="[" suffix="]"/></name>'
    assert render(tmp_path, affixed, Person("Fontaine", "Jean", particle="La", dropping_particle="de",
                                            suffix="III")) == "[Jean] (de La Fontaine III)"


@pytest.mark.parametrize("rule, expected", [
    ("after-inverted-name", "Doe, J., & Roe, J."),
    ("contextual", "Doe, J. & Roe, J."),
])
def test_delimiter_before_and_after_an_inverted_name(tmp_path, rule, expected):
    name = f'<name name-as-sort-order="all" and="symbol" initialize-with=". " delimiter-precedes-last="{rule}"/>'
    assert render(tmp_path, name, Person("Doe", "John"), Person("Roe", "Jane")) == expected


def test_et_al_use_first_zero_prints_no_names(tmp_path):
    with pytest.raises(IndexError):  # nothing rendered: no entry
        render(tmp_path, '<name et-al-min="2" et-al-use-first="0"/>', Person("Doe", "John"), Person("Roe", "Jane"))


@pytest.mark.parametrize("person, expected", [
    ({"family": "van Gogh", "given": "Vincent"}, {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}),
    ({"family": "al-One", "given": "Alan"}, {"family": "One", "given": "Alan", "non-dropping-particle": "al-"}),
    ({"family": "Humboldt", "given": "Alexander von"},
     {"family": "Humboldt", "given": "Alexander", "dropping-particle": "von"}),
    ({"family": "Doe", "given": "John,! Jr."}, {"family": "Doe", "given": "John", "suffix": "Jr.", "comma-suffix": True}),
    ({"family": "Doe", "given": "John, III"}, {"family": "Doe", "given": "John", "suffix": "III"}),
    ({"family": '"van Happel"', "given": "Eduard"}, {"family": "van Happel", "given": "Eduard"}),
    ({"family": "van Gogh", "given": "Vincent", "parse-names": False},
     {"family": "van Gogh", "given": "Vincent", "parse-names": False}),
    ({"family": "van Gogh"}, {"family": "van Gogh"}),  # no given name: not parsed
])
def test_particles_and_suffixes_parsed_as_citeproc_js(person, expected):
    from bibexport.writers.formatted.reference import parse_particles

    assert parse_particles(person) == expected


def test_entry_with_no_printed_form_in_a_numbered_style(tmp_path):
    # citeproc-js (api_bibliography.js): a numbered style says so instead of leaving the entry out.
    layout = ('<choose><if variable="title"><text variable="citation-number" suffix=". "/>'
              '<text variable="title"/></if></choose>')
    path = tmp_path / "numbered.csl"
    path.write_text(STYLE.replace('<names variable="author">{name}</names>', layout), encoding="utf-8")
    entries = bibliography([Record(id="a", title="T"), Record(id="b")], str(path))
    assert [to_text(e) for e in entries] == ["1. T", "2. [CSL STYLE ERROR: reference with no printed form.]"]


def test_sort_values_ignore_punctuation_but_not_spaces():
    # citeproc-js compares with punctuation ignored (suite: sort_Quotes, sort_LeadingApostropheOnNameParticle).
    from bibexport.writers.formatted.sorting import sort_value

    titles = ["Simple \u201ctitle\u201d here C", "\u201cSimple title here B\u201d", "Simple title, here A"]
    assert sorted(titles, key=sort_value) == titles[::-1]
    assert sort_value("d\u2019 Wander") < sort_value("de\u2019 Frinkle")
