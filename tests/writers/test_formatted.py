"""Formatted reference lists (text, HTML, Markdown) and in-text citations.

Expected strings are written from each style's CSL rules and the CSL 1.0.2 specification
(what citeproc-js, Zotero's processor, gives), not copied from bibexport's output.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from bibexport import api
from bibexport.cli import main
from bibexport.errors import InputError, StyleError
from bibexport.model import Date, Person, Record
from bibexport.text import fold
from bibexport.writers import formatted
from bibexport.writers.formatted import (
    CLOSE, ITALIC, OPEN, bibliography, citation, collapse_punctuation, punctuation_in_quote, rich_text,
    to_html, to_markdown, to_text, year_suffix,
)

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def listing() -> list[Record]:
    return list(api.prepare(api.read_all([], as_of=AS_OF).records))


def entries(records, style="apa", locale="en-US", jobs=1) -> list[str]:
    return [to_text(e) for e in bibliography(list(records), style, locale, jobs)]


def book(key: str, title: str, year: int, *people: Person, **fields: str) -> Record:
    pairs = tuple((k.replace("_", "-"), v) for k, v in {"publisher": "Acme", **fields}.items())
    return Record(id=key, type="book", title=title, author=people, issued=Date(year), fields=pairs)


DOE, ROE = Person("Doe", "John"), Person("Roe", "Jane")
SMITH, JONES, BROWN, WHITE = Person("Smith", "Ann"), Person("Jones", "Bob"), Person("Brown", "Cy"), Person("White", "Di")


# --- the shipped listing in the shipped styles -------------------------------------------------------


def test_ieee_listing_entry_comma_inside_quotes(listing):
    # IEEE: initials, "and" list with et al. for the truncated list, title in quotes with
    # the comma inside (en-US punctuation-in-quote), date "Nov. 28, 2022", publisher.
    first = entries(listing, "ieee")[0]
    assert first == ("[1] E. Akyürek, D. Schuurmans, J. Andreas, et al., “What learning algorithm is "
                     "in-context learning? Investigations with linear models,” Nov. 28, 2022, arXiv.")


ARXIV_OWN_BIBTEX = """\
@misc{akyurek2022learning,
      title={What learning algorithm is in-context learning? Investigations with linear models},
      author={Ekin Akyürek and Dale Schuurmans},
      year={2022},
      eprint={2211.15661},
      archivePrefix={arXiv},
      primaryClass={cs.LG}
}
@article{scholar,
  title={Scaling laws},
  author={Doe, John},
  journal={arXiv preprint arXiv:2211.15662},
  year={2022}
}
"""


def test_ieee_prints_an_arxiv_id_from_arxivs_own_bibtex_once():
    """Issue #19: IEEE's ``publisher: number`` gave "arXiv: arXiv:2211.15661"; the IEEE reference
    guide cites a preprint as ``arXiv:2211.15661``."""
    records = api.prepare(api.read_text(ARXIV_OWN_BIBTEX, "bibtex", source="arxiv.bib").records)
    own, scholar = entries(records, "ieee")
    assert "models,” 2022, arXiv:2211.15661. [Online]." in own
    assert "arXiv: arXiv:" not in own + scholar
    assert "arXiv preprint arXiv:2211.15662, 2022." in scholar
    html = to_html(bibliography(list(records), "ieee", "en-US", 1)[0])
    assert "2022, arXiv:2211.15661." in html and "<i>arXiv</i>" not in html


def test_a_name_before_an_identifier_that_repeats_it_is_dropped():
    assert formatted.punctuation.drop_repeated_name(f"2022, {OPEN[ITALIC]}arXiv{CLOSE[ITALIC]}: arXiv:1.2.") == (
        "2022, arXiv:1.2.")
    assert formatted.punctuation.drop_repeated_name("Note: Notes are kept: see Notes:1") == (
        "Note: Notes are kept: see Notes:1")  # only the same name right before the identifier
    assert formatted.punctuation.drop_repeated_name("bioRxiv: bioRxiv:2020.01") == "bioRxiv:2020.01"


def test_ieee_numbers_in_input_order(listing):
    texts = entries(listing, "ieee")
    assert [t.split(" ", 1)[0] for t in texts] == [f"[{n}]" for n in range(1, len(listing) + 1)]
    assert texts[1].startswith("[2] Y. Du, M. Yang, B. Dai, et al., “Learning Universal Policies")


def test_chicago_keeps_full_given_names_and_arxiv(listing):
    agarwal = next(t for t in entries(listing, "chicago") if t.startswith("Agarwal"))
    # Chicago: first name inverted, others in reading order, "and" with a serial comma,
    # full given names (initialize="false"), title case inside quotes, period inside.
    assert agarwal.startswith("Agarwal, Rishabh, Dale Schuurmans, and Mohammad Norouzi. 2019. "
                              "“An Optimistic Perspective on Offline Reinforcement Learning.” ")
    assert "arXiv" in agarwal and "ArXiv" not in agarwal


def test_mla_full_given_name_and_et_al(listing):
    # MLA: three or more authors -> first author inverted with full given name, "et al.".
    agarwal = next(t for t in entries(listing, "mla") if t.startswith("Agarwal"))
    assert agarwal.startswith("Agarwal, Rishabh, et al. “An Optimistic Perspective on Offline "
                              "Reinforcement Learning.” ")
    assert "ArXiv" not in agarwal


def test_apa_listing_entry_and_alphabetical_order(listing):
    texts = entries(listing, "apa")
    # APA 7 preprint: "Family, I., ... (year). Title [Description]. Archive."  The listing's
    # "et al." becomes the style's et-al term after the known authors.
    assert texts[1] == ("Akyürek, E., Schuurmans, D., Andreas, J., et al. (2022). What learning algorithm is "
                        "in-context learning? Investigations with linear models [Preprint]. arXiv.")
    families = [t.split(",", 1)[0] for t in texts]
    assert families == sorted(families, key=fold)


def test_sort_by_all_names_in_sort_order_and_ignoring_accents():
    # A sort key's names are sorted family-first (name-as-sort-order="all"), so Chung comes
    # before Dai although "Bo" < "Wesley"; accents do not push Ümit after Zhang.
    chung = book("w", "W", 2023, Person("Mei", "Jincheng"), Person("Chung", "Wesley"))
    dai = book("b", "B", 2025, Person("Mei", "Jincheng"), Person("Dai", "Bo"))
    texts = entries([dai, chung], "chicago")
    assert texts[0].startswith("Mei, Jincheng, and Wesley Chung. 2023.")
    assert texts[1].startswith("Mei, Jincheng, and Bo Dai. 2025.")
    umit = book("u", "U", 2020, Person("Ümit", "Ali"))
    zhang = book("z", "Z", 2020, Person("Zhang", "Wei"))
    assert [t[:5] for t in entries([zhang, umit])] == ["Ümit,", "Zhang"]


def test_cite_from_the_listing(listing):
    assert citation(listing, ["akyurek2022learning"]) == "(Akyürek et al., 2022)"
    assert citation(listing, ["akyurek2022learning"], "ieee") == "[1]"


def test_cite_numbers_follow_the_sorted_list(listing):
    # ACM numbers its list sorted by author, so a cite's number is its place there.
    texts = entries(listing, "acm")
    number = next(t.split("]")[0][1:] for t in texts if "Akyürek" in t)
    assert citation(listing, ["akyurek2022learning"], "acm") == f"[{number}]"


# --- disambiguation -----------------------------------------------------------------------------------

SUFFIXED = [book("doe2022b", "Beta", 2022, DOE), book("doe2021", "Gamma", 2021, DOE), book("doe2022a", "Alpha", 2022, DOE)]


def test_apa_year_suffixes_in_list_order():
    # Same author and year: a, b follow the reference list order (title Alpha before Beta).
    assert entries(SUFFIXED) == ["Doe, J. (2021). Gamma. Acme.", "Doe, J. (2022a). Alpha. Acme.",
                                 "Doe, J. (2022b). Beta. Acme."]
    assert [citation(SUFFIXED, [k]) for k in ("doe2022a", "doe2022b", "doe2021")] == [
        "(Doe, 2022a)", "(Doe, 2022b)", "(Doe, 2021)"]


def test_author_date_cites_collapse_by_names():
    # collapse="year": repeated names are given once; cites grouped by names.
    assert citation(SUFFIXED, ["doe2022b", "doe2021", "doe2022a"]) == "(Doe, 2021, 2022a, 2022b)"
    records = SUFFIXED + [book("roe", "Delta", 2021, ROE)]
    # Harvard sorts cites by year only: Doe 2021, Roe 2021, Doe 2022a; grouping joins the Does.
    assert citation(records, ["doe2022a", "roe", "doe2021"], "harvard") == "(Doe, 2021, 2022a; Roe, 2021)"
    assert citation(records, ["doe2022a", "roe"], "chicago") == "(Doe 2022a; Roe 2021)"


def test_chicago_year_suffixes():
    assert entries(SUFFIXED, "chicago") == ["Doe, John. 2021. Gamma. Acme.", "Doe, John. 2022a. Alpha. Acme.",
                                            "Doe, John. 2022b. Beta. Acme."]
    assert citation(SUFFIXED, ["doe2022b"], "chicago") == "(Doe 2022b)"


def test_apa_adds_names_before_suffixes():
    # "(Smith et al., 2020)" twice: names are added until the cites differ.
    records = [book("x", "X", 2020, SMITH, JONES, BROWN), book("y", "Y", 2020, SMITH, JONES, WHITE)]
    assert citation(records, ["x"]) == "(Smith, Jones, & Brown, 2020)"
    assert citation(records, ["y"]) == "(Smith, Jones, & White, 2020)"
    assert "2020a" not in "".join(entries(records))


def test_apa_initials_for_different_people_with_one_family_name():
    # APA's givenname-disambiguation-rule="primary-name-with-initials" applies to all cites.
    records = [book("s", "P", 2020, Person("Yang", "Sherry")), book("m", "Q", 2021, Person("Yang", "Mengjiao"))]
    assert citation(records, ["s", "m"]) == "(M. Yang, 2021; S. Yang, 2020)"


def test_mla_adds_the_title_only_when_needed():
    records = [book("a", "Alpha", 2020, DOE), book("b", "Beta", 2021, DOE), book("r", "Gamma", 2020, ROE)]
    assert citation(records, ["a", "b", "r"], "mla") == "(Doe, Alpha; Doe, Beta; Roe)"
    # A book's short title is italic.
    assert citation(records, ["a"], "mla", form="markdown") == "(Doe, *Alpha*)"
    assert citation(records, ["a"], "mla", form="html") == "(Doe, <i>Alpha</i>)"


def test_mla_subsequent_author_substitute():
    # MLA: subsequent-author-substitute="———" (rule complete-all) for the same names in a row.
    records = [book("b", "Beta", 2021, DOE), book("r", "Gamma", 2020, ROE), book("a", "Alpha", 2020, DOE)]
    assert entries(records, "mla") == ["Doe, John. Alpha. Acme, 2020.", "———. Beta. Acme, 2021.",
                                       "Roe, Jane. Gamma. Acme, 2020."]
    assert entries(records, "mla", jobs=2) == entries(records, "mla")


def test_numbers_collapse_into_ranges():
    # collapse="citation-number": three or more consecutive numbers become a range.
    records = [book(f"k{n}", f"T{n}", 2020, DOE) for n in range(1, 6)]
    assert citation(records, ["k1", "k3", "k4", "k5"], "vancouver") == "(1,3\u20135)"
    assert citation(records, ["k2", "k1"], "vancouver") == "(1,2)"
    assert citation(records, ["k1", "k2", "k3"], "ieee") == "[1], [2], [3]"  # IEEE does not collapse


def test_year_suffix_letters():
    assert [year_suffix(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["a", "b", "z", "aa", "ab", "zz", "aaa"]


# --- truncated author lists ------------------------------------------------------------------------------


def test_truncated_list_is_abbreviated_where_the_style_would():
    # Harvard cites abbreviate from four names: three known + "et al." is at least four.
    record = book("t", "T", 2022, SMITH, JONES, BROWN).replace(authors_truncated=True)
    assert citation([record], ["t"], "harvard") == "(Smith et al., 2022)"
    assert entries([record], "harvard") == ["Smith, A. et al. (2022) T. Acme."]


def test_single_known_author_of_a_truncated_list():
    # delimiter-precedes-et-al="contextual" (APA): no comma after a single name;
    # "always" (MLA): a comma.
    record = book("t", "T", 2022, SMITH).replace(authors_truncated=True)
    assert entries([record]) == ["Smith, A. et al. (2022). T. Acme."]
    assert entries([record], "mla") == ["Smith, Ann, et al. T. Acme, 2022."]


# --- input text: rich text and LaTeX ---------------------------------------------------------------------


I_, _I = OPEN[ITALIC], CLOSE[ITALIC]


@pytest.mark.parametrize("value, expected", [
    pytest.param("Plain & simple", "Plain & simple", id="plain"),
    pytest.param("On <i>Drosophila</i> genes", f"On {I_}Drosophila{_I} genes", id="html-italic"),
    pytest.param("Best-of-$N$ sampling", f"Best-of-{I_}N{_I} sampling", id="math"),
    pytest.param(r"An \emph{emphasized} {BERT} study", f"An {I_}emphasized{_I} BERT study", id="latex"),
    pytest.param(r"Tom \& Jerry, 100\% sure", "Tom & Jerry, 100% sure", id="escaped"),
    pytest.param("Odd } brace {", "Odd brace ", id="unbalanced braces dropped"),
    pytest.param("a < b and <unknown>", "a < b and <unknown>", id="not markup"),
    pytest.param("$5 and $10", "$5 and $10", id="dollars that are not math"),
    pytest.param("private \ue001use", "private use", id="input cannot forge marks"),
])
def test_rich_text(value, expected):
    assert str(rich_text(value)) == expected


def test_csl_variables_kept_in_extra_are_used():
    # Readers keep CSL variables that Record has no attribute for as extra "csl.<name>".
    page = Record(id="w", type="webpage", title="Docs", author=(DOE,),
                  fields=(("URL", "https://example.org"),), extra=(("csl.accessed", "2024-05-31"),))
    # APA, a URL of an undated work: "Retrieved Month D, YYYY, from URL".
    assert entries([page]) == ["Doe, J. (n.d.). Docs. Retrieved May 31, 2024, from https://example.org"]


S_, _S = OPEN[formatted.SUP], CLOSE[formatted.SUP]


@pytest.mark.parametrize("math, expected", [
    pytest.param(r"\alpha", "α", id="greek"),
    pytest.param(r"\Omega(\sqrt{n})", "Ω(√n)", id="symbols and braces"),
    pytest.param(r"k \leq n", "k ≤ n", id="relation"),
    pytest.param(r"\mathbb{R}^n", f"R{S_}n{_S}", id="font command and superscript"),
    pytest.param(r"\ell_{2}", f"ℓ{OPEN[formatted.SUB]}2{CLOSE[formatted.SUB]}", id="subscript"),
])
def test_latex_math(math, expected):
    assert formatted.latex_math(math) == expected


def test_math_in_a_bibtex_title_leaves_no_tex():
    record = Record(id="m", type="book", title=r"Sparse $\alpha$-nets in $\mathbb{R}^{d}$", author=(DOE,),
                    issued=Date(2020), fields=(("publisher", "Acme"),))
    assert entries([record]) == ["Doe, J. (2020). Sparse α-nets in Rd. Acme."]
    html = to_html(bibliography([record], "apa")[0])
    assert "<i>Sparse <span style=\"font-style:normal;\">α</span>-nets in <span style=\"font-style:normal;\">R<sup>d</sup></span></i>" in html


def test_protected_spans_keep_their_case():
    record = Record(id="p", type="article-journal", title="{BERT} and <span class=\"nocase\">iPhone</span> models",
                    author=(DOE,), issued=Date(2020), fields=(("container-title", "J"),))
    # Chicago title-cases article titles; protected words are left alone.
    assert "“BERT and iPhone Models.”" in entries([record], "chicago")[0]


# --- output formats --------------------------------------------------------------------------------------

TRICKY = Record(id="t", type="book", title="Cats & <i>Felis catus</i>: *stars*, _under_ [x] `code` <b>bold</b>",
                author=(Person("Neil", "Ann"),), issued=Date(2020), fields=(("publisher", "A & B"),))


class NestingChecker(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    VOID = {"meta", "br"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, f"</{tag}> does not match"

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_well_formed_escaped_and_without_leaking_markup():
    document = formatted.write_html([TRICKY], api.WriteOptions(style="apa"))
    assert document.startswith("<!DOCTYPE html>\n<html lang=\"en-US\">")
    checker = NestingChecker()
    checker.feed(document)
    checker.close()
    assert checker.stack == []
    # APA book: title in italics; the rich-text italics inside it are set upright.
    assert ('<div class="csl-entry">Neil, A. (2020). <i>Cats &amp; <span style="font-style:normal;">Felis catus'
            '</span>: *stars*, _under_ [x] `code` <b>bold</b></i>. A &amp; B.</div>') in document
    assert "&lt;i&gt;" not in document and "&amp;amp;" not in document


def test_html_layout_options_become_css():
    # APA: line-spacing="2" and hanging-indent="true"; IEEE: second-field-align="flush".
    apa = formatted.write_html([TRICKY], api.WriteOptions(style="apa"))
    assert ".csl-bib-body { line-height: 2; }" in apa and "text-indent: -2em" in apa
    ieee = formatted.write_html([TRICKY], api.WriteOptions(style="ieee"))
    assert ".csl-left-margin { float: left;" in ieee and "line-height" not in ieee


def test_html_numbered_entries_have_margin_and_body():
    record = book("a", "Alpha", 2020, DOE)
    html = to_html(bibliography([record], "ieee")[0])
    # citeproc-js's layout (formats.js): the margin and body on a line of their own.
    assert html == ('  <div class="csl-entry">\n    <div class="csl-left-margin">[1]</div>'
                    '<div class="csl-right-inline">J. Doe, <i>Alpha</i>. Acme, 2020.</div>\n  </div>')
    assert to_text(bibliography([record], "ieee")[0]) == "[1] J. Doe, Alpha. Acme, 2020."


def test_html_display_divs_and_superscript_letters():
    # Suite fixtures display_AuthorAsHeading, display_DisplayBlock, magic_SuperscriptChars.
    from bibexport.csl import DISPLAY_CLOSE, DISPLAY_OPEN

    block = DISPLAY_OPEN["block"] + "John Doe" + DISPLAY_CLOSE["block"]
    indent = DISPLAY_OPEN["indent"] + "Abstract." + DISPLAY_CLOSE["indent"]
    assert to_html(block + "Book (2000)" + indent) == (
        '  <div class="csl-entry">\n\n    <div class="csl-block">John Doe</div>\n'
        'Book (2000)<div class="csl-indent">Abstract.</div>\n  </div>')
    assert to_text(block + "Book (2000)" + indent) == "John Doe Book (2000) Abstract."
    assert to_html("1ʳᵉ éd. ™") == '  <div class="csl-entry">1<sup>r</sup><sup>e</sup> éd. <sup>TM</sup></div>'


def test_markdown_italics_and_escapes():
    text = formatted.write_markdown([TRICKY], api.WriteOptions(style="apa"))
    # Markdown has no upright-in-italics: the rich-text italics merge into the title's.
    assert text == ("Neil, A. (2020). *Cats & Felis catus: \\*stars\\*, \\_under\\_ \\[x\\] \\`code\\` "
                    "**bold***. A & B.\n")


def test_markdown_escapes_numbered_line_starts():
    record = book("a", "Alpha", 2020, DOE)
    assert formatted.write_markdown([record], api.WriteOptions(style="vancouver")) == "1\\. Doe J. Alpha. Acme; 2020.\n"
    assert formatted.markdown_escape("# not a heading") == "\\# not a heading"


def test_text_is_plain_unicode_without_marks(listing):
    text = formatted.write_text(listing, api.WriteOptions(style="chicago"))
    assert not re.search("[\ue000-\uf8ff<>]", text)
    assert text.count("\n") == len(listing)


# --- post-processing steps -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    pytest.param("“Title”, 2020", "“Title,” 2020", id="comma"),
    pytest.param("“Title”. Next", "“Title.” Next", id="period"),
    pytest.param("“Why?”. Next", "“Why?” Next", id="period after question mark dropped"),
    pytest.param("“Title”; next", "“Title”; next", id="semicolon stays outside"),
    pytest.param(f"“{I_}Title{_I}”, x", f"“{I_}Title{_I},” x", id="through formatting"),
])
def test_punctuation_in_quote(text, expected):
    assert punctuation_in_quote(text) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param(f"{I_}et al.{_I}. Title", f"{I_}et al.{_I} Title", id="period"),
    pytest.param(f"{I_}Why?{_I}. Next", f"{I_}Why?{_I} Next", id="question mark"),
    pytest.param(f"{I_}A,{_I}, b", f"{I_}A,{_I} b", id="comma"),
    pytest.param(f"{I_}A.{_I}, b", f"{I_}A.{_I}, b", id="different kept"),
    pytest.param("January 02, 2021. .", "January 02, 2021.", id="after an affix space"),
    pytest.param("Wait. . . what", "Wait. . . what", id="spaced ellipsis kept"),
    pytest.param("A. , b", "A. , b", id="space then other punctuation kept"),
])
def test_collapse_punctuation(text, expected):
    assert collapse_punctuation(text) == expected


def test_no_quote_move_for_locales_without_it():
    record = Record(id="a", type="article-journal", title="Titel", author=(DOE,), issued=Date(2020),
                    fields=(("container-title", "Zeitschrift"),))
    # de-DE: punctuation-in-quote is false and the quotes are „...“.
    assert "„Titel“." in entries([record], "chicago", "de-DE")[0]


# --- locales ----------------------------------------------------------------------------------------------

UNDATED = Record(id="u", type="book", title="Undated", author=(DOE,), fields=(("publisher", "Acme"),))


@pytest.mark.parametrize("locale, no_date", [
    pytest.param("en-US", "(n.d.)", id="en-US"),
    pytest.param("de-DE", "(o.\u00a0J.)", id="de-DE"),
    pytest.param("fr-FR", "(s.\u00a0d.)", id="fr-FR"),
    pytest.param("es-ES", "(s.\u00a0f.)", id="es-ES"),
])
def test_locale_terms(locale, no_date):
    # The CSL locale files' short "no date" term (with a no-break space, as they write it).
    assert entries([UNDATED], "apa", locale) == [f"Doe, J. {no_date}. Undated. Acme."]


# --- errors, parallel rendering, registry and CLI ----------------------------------------------------------


def test_unknown_key_suggests_close_keys(listing):
    with pytest.raises(InputError, match=r"unknown citation key 'akyurek2022leaning'; did you mean akyurek2022learning"):
        citation(listing, ["akyurek2022leaning"])


def test_keys_are_matched_ignoring_case(listing):
    assert citation(listing, ["Akyurek2022Learning"]) == "(Akyürek et al., 2022)"


def test_style_without_bibliography_cites_but_lists_nothing(tmp_path):
    path = tmp_path / "notes.csl"
    path.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0"><info><id>n</id><title>n</title>'
        '<updated>2024-01-01T00:00:00+00:00</updated></info><citation><layout suffix=".">'
        '<text variable="title" font-style="italic"/></layout></citation></style>', encoding="utf-8")
    assert citation(SUFFIXED, ["doe2021"], str(path)) == "Gamma."
    with pytest.raises(StyleError, match="defines no bibliography"):
        bibliography(SUFFIXED, str(path))


def test_unknown_style_is_a_style_error(listing):
    with pytest.raises(StyleError, match="unknown style"):
        formatted.write_text(listing, api.WriteOptions(style="apaa"))


def test_workers_give_the_same_list(listing):
    many = [r.replace(id=f"{r.id}{i}") for i in range(2) for r in listing]
    assert bibliography(many, "apa", jobs=2) == bibliography(many, "apa", jobs=1)


@pytest.mark.parametrize("name, fmt", [("refs.txt", "text"), ("refs.html", "html"), ("refs.md", "markdown")])
def test_suffixes_choose_the_formatted_writers(name, fmt):
    assert api.output_format(None, name) == fmt


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_cite_and_errors():
    result = run("cite", "akyurek2022learning", "--as-of", "2026-11-25")
    assert result.exit_code == 0 and result.stdout == "(Akyürek et al., 2022)\n"
    result = run("cite", "akyurek2022leaning", "--as-of", "2026-11-25")
    assert result.exit_code == 1 and "did you mean akyurek2022learning" in result.stderr
    result = run("cite", "akyurek2022learning", "--style", "apaa")
    assert result.exit_code == 2 and "did you mean apa" in result.stderr


def test_cli_cite_reads_inputs_with_i(tmp_path):
    path = tmp_path / "refs.json"
    path.write_text(api.write(SUFFIXED, "csljson"), encoding="utf-8")
    result = run("cite", "doe2022b", "doe2021", "-i", str(path), "--style", "chicago")
    # Chicago has no cite sort: the keys' order, with the names given once (collapse="year").
    assert result.exit_code == 0 and result.stdout == "(Doe 2022b, 2021)\n"


def test_cli_export_text_with_style_and_locale(tmp_path):
    out = tmp_path / "refs.txt"
    path = tmp_path / "refs.json"
    path.write_text(api.write([UNDATED], "csljson"), encoding="utf-8")
    result = run("export", str(path), "--style", "apa", "--locale", "de-DE", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == "Doe, J. (o.\u00a0J.). Undated. Acme.\n"


def test_cli_styles_lists_short_names():
    result = run("styles")
    assert result.exit_code == 0
    assert re.search(r"^chicago\s+Chicago Manual of Style 18th edition \(author-date\)\s+chicago-author-date.csl$",
                     result.stdout, re.MULTILINE)
    assert "de-DE" in run("styles", "--locales").stdout


# --- year-suffix collapsing (CSL collapse="year-suffix"/"year-suffix-ranged"; CSL suite collapse_*) ---------


def test_year_suffixes_collapse_after_the_first_cite():
    # collapse_YearSuffixCollapseNoRange: "Smith 2000a,b,c,d,e, 2001"
    parts = ["Smith 2000a", "Smith 2000b", "Smith 2000c", "Smith 2001"]
    text = formatted.collapse_years(parts, ["Smith"] * 4, ", ", ", ", ", ", ["a", "b", "c", ""], "year-suffix", ",")
    assert text == "Smith 2000a,b,c, 2001"


def test_year_suffixes_ranged_from_three():
    # collapse_YearSuffixCollapse: "Smith 2000a,c–e, 2001"
    parts = ["Smith 2000a", "Smith 2000c", "Smith 2000d", "Smith 2000e", "Smith 2001"]
    text = formatted.collapse_years(parts, ["Smith"] * 5, ", ", ", ", ", ", ["a", "c", "d", "e", ""],
                                    "year-suffix-ranged", ",")
    assert text == "Smith 2000a,c–e, 2001"


def test_implicit_year_suffix_follows_the_first_year():
    # CSL "Disambiguation": a style that never prints year-suffix still gets one after the year.
    records = [book("a", "First", 2000, DOE), book("b", "Second", 2000, DOE)]
    assert [t.split(". ")[1] for t in entries(records, "chicago-author-date")] == ["2000a", "2000b"]


def test_writer_bookkeeping_in_note_is_not_printed(tmp_path):
    # Issue #18 class 9: iso690 prints `note`; bibexport's own `bibtex.*` lines in a CSL-JSON
    # note (written by the CSL-JSON writer) must not reach the reference list.
    source = tmp_path / "a.bib"
    source.write_text("@article{doe2020, title = {The {BERT} Model}, author = {Doe, John}, journal = {J}, "
                      "year = {2020}, note = {A real note}, timestamp = {2020-01-01}}\n", encoding="utf-8")
    runner = CliRunner()
    written = runner.invoke(main, ["export", str(source), "--to", "csljson", "-q"])
    assert "bibtex.timestamp" in written.output  # the writer keeps it for the round trip
    (tmp_path / "a.json").write_text(written.output, encoding="utf-8")
    for path in (source, tmp_path / "a.json"):
        shown = runner.invoke(main, ["export", str(path), "--to", "text", "--style", "iso690-author-date-en", "-q"])
        assert "A real note" in shown.output
        assert "bibtex." not in shown.output and "\n" not in shown.output.rstrip("\n")
