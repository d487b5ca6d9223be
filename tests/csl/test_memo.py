"""Renderings memoized per kind of item (bibexport.csl.cache.absent_variables) stay per item.

A group, choice or macro call that can render no variable the item has is rendered once per
item type, language, disambiguation flag and set of tested variables, then reused: these
tests render items that differ in exactly one of those, one after the other, and expect
what the CSL specification says for each.
"""

from __future__ import annotations

from bibexport.model import Record
from bibexport.writers.formatted import Disambiguation, Engine, bibliography, to_text

STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><id>t</id><title>t</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  <macro name="kind">
    <choose>
      <if type="book"><text value="Book"/></if>
      <else-if variable="note"><text term="in"/></else-if>
      <else><text value="other"/></else>
    </choose>
  </macro>
  <macro name="cased"><group><text value="a study of names" text-case="title"/></group></macro>
  <macro name="flag">
    <choose><if disambiguate="true"><text value="D"/></if><else><text value="-"/></else></choose>
  </macro>
  <macro name="edition"><group delimiter=" "><text value="ed."/><text variable="edition"/></group></macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout delimiter="; ">
    <text macro="kind"/><text macro="cased"/><text macro="flag"/><text macro="edition"/>
  </layout></bibliography>
</style>"""


def _style(tmp_path) -> str:
    path = tmp_path / "memo.csl"
    path.write_text(STYLE, encoding="utf-8")
    return str(path)


def test_type_tested_variables_and_language_each_decide(tmp_path):
    records = [
        Record(id="a", type="book", title="A"),
        Record(id="b", type="article-journal", title="B", fields=(("note", "n"),)),
        Record(id="c", type="article-journal", title="C"),
        Record(id="d", type="article-journal", title="D", fields=(("language", "de"),)),
        Record(id="e", type="book", title="E", fields=(("edition", "2"),)),
        Record(id="f", type="book", title="F"),
    ]
    got = [to_text(e) for e in bibliography(records, _style(tmp_path), jobs=1)]
    # CSL: title case applies to English items only (no language: the style's en-US);
    # a group whose variables are all empty is suppressed, its terms and values with it.
    assert got == [
        "Book; A Study of Names; -",
        "in; A Study of Names; -",
        "other; A Study of Names; -",
        "other; a study of names; -",
        "Book; A Study of Names; -; ed. 2",
        "Book; A Study of Names; -",
    ]


def test_disambiguate_flag_decides(tmp_path):
    engine = Engine(_style(tmp_path))
    record = Record(id="a", type="book", title="A")
    plain = engine.entry(engine.item(record, 1))
    flagged = engine.entry(engine.item(record, 1, Disambiguation(disambiguate=True)))
    again = engine.entry(engine.item(record, 1))
    assert [to_text(plain), to_text(flagged), to_text(again)] == [
        "Book; A Study of Names; -", "Book; A Study of Names; D", "Book; A Study of Names; -"]
