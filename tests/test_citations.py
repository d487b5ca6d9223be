"""Citations: keys cited by LaTeX (.tex, .aux) and pandoc Markdown, and ``--cited-by``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bibexport import api, citations, registry
from bibexport.citations import Citation, Cited
from bibexport.cli import main
from bibexport.errors import InputError, Problem
from bibexport.model import Record

DATA = Path(__file__).parent / "data" / "citations"
LATEX = DATA / "latex"
LIBRARY = DATA / "library.json"


def keys_of(events: list) -> list[str]:
    return [e.key for e in events if isinstance(e, Citation)]


def where(cited: Cited, root: Path) -> list[tuple[str, str, int]]:
    return [(c.key, Path(c.source).relative_to(root).as_posix(), c.line) for c in cited.citations]


# --- LaTeX source -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tex", "keys"),
    [
        pytest.param(r"\cite{a}", ["a"], id="cite"),
        pytest.param(r"\citep{a} \citet{b}", ["a", "b"], id="natbib-p-t"),
        pytest.param(r"\citeauthor{a} (\citeyear{a})", ["a", "a"], id="citeauthor-citeyear"),
        pytest.param(r"\citealp{a}\citealt{b}\citenum{c}", ["a", "b", "c"], id="natbib-more"),
        pytest.param(r"\parencite{a}\textcite{b}\autocite{c}\footcite{d}", ["a", "b", "c", "d"], id="biblatex"),
        pytest.param(r"\Cite{a} \Parencite{b} \Textcite{c} \Citet{d}", ["a", "b", "c", "d"], id="capitalized"),
        pytest.param(r"\cite*{a} \citet*{b} \parencite*{c}", ["a", "b", "c"], id="starred"),
        pytest.param(r"\cite{a,b , c}", ["a", "b", "c"], id="multi-key"),
        pytest.param(r"\citep[p.~3]{a,b}", ["a", "b"], id="postnote"),
        pytest.param(r"\parencite[see][12]{a}", ["a"], id="prenote-postnote"),
        pytest.param(r"\cite[see {[}x{]}][p.~\emph{3}]{a}", ["a"], id="notes-with-braces"),
        pytest.param("\\cite\n  [p. 3]\n  {a}", ["a"], id="spaces-between-arguments"),
        pytest.param(r"\textcites(pre)(post)[1]{a}[2]{b,c}{d} \cite{e}", ["a", "b", "c", "d", "e"], id="multicite"),
        pytest.param(r"\nocite{a}", ["a"], id="nocite"),
        pytest.param(r"\nocite{*}", ["*"], id="nocite-everything"),
        pytest.param(r"\cite{doi:10.1/x_y-z.2}", ["doi:10.1/x_y-z.2"], id="punctuated-key"),
        pytest.param(r"\citestyle{plain}\citetext{free text}\recite{x}", [], id="not-citation-commands"),
        pytest.param(r"\newcommand{\mycite}[1]{\cite{#1}}", [], id="macro-argument-skipped"),
        pytest.param("% \\cite{a}\n\\cite{b}", ["b"], id="comment-line"),
        pytest.param("\\cite{a}% \\cite{b}", ["a"], id="comment-after-code"),
        pytest.param("50\\% \\cite{a}", ["a"], id="escaped-percent"),
        pytest.param("\\\\% \\cite{a}", [], id="line-break-then-comment"),
        pytest.param("\\begin{verbatim}\n\\cite{a}\n\\end{verbatim}\\cite{b}", ["b"], id="verbatim"),
        pytest.param("\\begin{lstlisting}\\cite{a}\\end{lstlisting}", [], id="lstlisting"),
        pytest.param(r"\verb|\cite{a}| \verb+\cite{b}+ \cite{c}", ["c"], id="verb"),
        pytest.param(r"\cite{a", [], id="unclosed-brace"),
    ],
)
def test_latex_citation_forms(tex, keys):
    assert keys_of(citations.scan_tex(tex)) == keys


def test_latex_line_is_where_each_key_stands():
    tex = "text\n\\cite{a,\n  b}\n\n\\citep[p.~1]{c}"
    assert [(c.key, c.line) for c in citations.scan_tex(tex, "x.tex")] == [("a", 2), ("b", 3), ("c", 5)]


def test_latex_include_forms_are_reported_in_order():
    tex = "\\input{macros}\n\\begin{document}\n\\cite{a}\\input{sec/one}\\include{two}\n\\input three\n\\subfile{four}"
    events = citations.scan_tex(tex)
    assert [(type(e).__name__, getattr(e, "name", getattr(e, "key", ""))) for e in events] == [
        ("Include", "macros"), ("Citation", "a"), ("Include", "sec/one"), ("Include", "two"),
        ("Include", "three"), ("Include", "four"),
    ]
    assert [e.preamble for e in events if isinstance(e, citations.Include)] == [True, False, False, False, False]


def test_includegraphics_is_not_include():
    assert citations.scan_tex(r"\includegraphics{fig} \inputencoding{utf8}") == []


def test_multi_file_document_in_reading_order():
    cited = citations.read(LATEX / "main.tex")
    assert where(cited, LATEX) == [
        ("akyurek2022learning", "main.tex", 8),
        ("Du2023Learning", "main.tex", 8),
        ("yang2023foundation", "main.tex", 9),
        ("zhang2022making", "main.tex", 9),
        ("mei2023role", "main.tex", 10),
        ("mei2023role", "main.tex", 10),
        ("ren2022spectral", "sections/intro.tex", 2),
        ("zhou2022least", "sections/intro.tex", 2),
        ("wang2022self", "sections/intro.tex", 3),
        ("geng2022multimodal", "sections/intro.tex", 3),
        # \input{sections/related} inside sections/intro.tex: relative to main.tex's folder
        ("zhang2022tempera", "sections/related.tex", 2),
        ("yang2023learning", "sections/related.tex", 2),
        ("yang2023probabilistic", "sections/related.tex", 2),
        ("doesnotexist2020", "sections/related.tex", 3),
        ("du2023learning", "sections/related.tex", 3),
        ("akyurek2022learnin", "chapters/methods.tex", 2),
        ("smith1999ghost", "chapters/methods.tex", 3),
        ("yang2023foundation", "chapters/methods.tex", 4),
    ]
    # \input{glyphtounicode} in the preamble comes from the TeX tree: skipped without a word
    assert cited.problems == ()


def test_include_cycle_is_reported_and_not_followed():
    cited = citations.read(DATA / "cycle" / "a.tex")
    assert keys_of(list(cited.citations)) == ["first", "second"]
    (problem,) = cited.problems
    assert (Path(problem.source).name, problem.line) == ("b.tex", 2)
    assert "cycle" in problem.message and "\\input{a}" in problem.message


def test_missing_included_file_is_an_error_with_where_and_what_was_looked_for():
    with pytest.raises(InputError) as error:
        citations.read(DATA / "missing" / "main.tex")
    message = str(error.value)
    assert message.startswith(f"{DATA / 'missing' / 'main.tex'}:3: \\include{{chapters/nothere}}: no such file")
    assert str(DATA / "missing" / "chapters" / "nothere.tex") in message


def test_a_file_included_twice_without_cycle_is_read_twice(tmp_path):
    (tmp_path / "main.tex").write_text("\\input{part}\\input{part}", encoding="utf-8")
    (tmp_path / "part.tex").write_text("\\cite{p}", encoding="utf-8")
    cited = citations.read(tmp_path / "main.tex")
    assert keys_of(list(cited.citations)) == ["p", "p"] and cited.problems == ()


def test_input_with_explicit_suffix_and_quotes(tmp_path):
    (tmp_path / "a b.tex").write_text("\\cite{spaced}", encoding="utf-8")
    (tmp_path / "main.tex").write_text('\\begin{document}\\input{"a b"}\\input{a b.tex}', encoding="utf-8")
    assert keys_of(list(citations.read(tmp_path / "main.tex").citations)) == ["spaced", "spaced"]


# --- .aux ---------------------------------------------------------------------------------


def test_bibtex_aux_follows_included_chapter_aux():
    cited = citations.read(LATEX / "main.aux")
    assert where(cited, LATEX) == [
        ("akyurek2022learning", "main.aux", 2),
        ("Du2023Learning", "main.aux", 3),
        ("yang2023foundation", "main.aux", 4),
        ("zhang2022making", "main.aux", 5),
        ("mei2023role", "main.aux", 6),
        ("mei2023role", "main.aux", 7),
        ("ren2022spectral", "main.aux", 8),
        ("zhou2022least", "main.aux", 8),
        ("akyurek2022learnin", "chapters/methods.aux", 2),
        ("smith1999ghost", "chapters/methods.aux", 3),
    ]
    assert cited.problems == ()


def test_biblatex_aux_both_forms_and_nothing_else():
    cited = citations.read(DATA / "biblatex.aux")
    # \abx@aux@cite{0}{key} (refsection, key) and the older \abx@aux@cite{key};
    # \abx@aux@segm and \abx@aux@defaultrefcontext repeat keys and are not citations
    assert where(cited, DATA) == [
        ("akyurek2022learning", "biblatex.aux", 3),
        ("Du2023Learning", "biblatex.aux", 5),
        ("yang2023foundation", "biblatex.aux", 7),
    ]


def test_aux_written_by_latex_and_biblatex_lists_what_the_tex_scanner_finds():
    # biblatex-run/ holds the .aux files pdfTeX + biblatex 3.18b wrote for latex/main.tex with
    # natbib swapped for biblatex (natbib=true); biblatex writes the \include'd chapter's
    # citations into main.aux, so the chapter .aux holds none
    from_aux = citations.read(DATA / "biblatex-run" / "main.aux")
    from_tex = citations.read(LATEX / "main.tex")
    assert [c.key for c in from_aux.citations] == [c.key for c in from_tex.citations]
    assert from_aux.problems == ()


@pytest.mark.parametrize(
    ("aux", "keys"),
    [
        pytest.param("\\citation{a, b}\n", ["a", "b"], id="bibtex-multi"),
        pytest.param("\\citation{*}\n", ["*"], id="bibtex-nocite-all"),
        pytest.param("\\abx@aux@cite{1}{k}\n", ["k"], id="biblatex-refsection-1"),
        # what biblatex 3.18b writes for \nocite{*}\cite{x}
        pytest.param("\\abx@aux@nociteall\n\\abx@aux@cite{0}{x}\n", ["*", "x"], id="biblatex-nocite-all"),
        pytest.param("\\abx@aux@nociteallx{y}\n", [], id="biblatex-other-command"),
        pytest.param("\\bibcite{a}{1}\n\\bibdata{refs}\n", [], id="bibcite-not-a-citation"),
    ],
)
def test_aux_lines(aux, keys):
    assert keys_of(citations.scan_aux(aux)) == keys


def test_missing_chapter_aux_is_a_warning(tmp_path):
    (tmp_path / "main.aux").write_text("\\citation{a}\n\\@input{ch1.aux}\n", encoding="utf-8")
    cited = citations.read(tmp_path / "main.aux")
    assert keys_of(list(cited.citations)) == ["a"]
    (problem,) = cited.problems
    assert (problem.line, problem.severity) == (2, "warning") and "ch1.aux" in problem.message


# --- pandoc Markdown ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("md", "keys"),
    [
        pytest.param("As @doe99 says.", ["doe99"], id="in-text"),
        pytest.param("[@doe99]", ["doe99"], id="bracketed"),
        pytest.param("[@a; @b, p. 3]", ["a", "b"], id="several-with-locator"),
        pytest.param("[see @a, pp. 33-35; also @b, chap. 1]", ["a", "b"], id="prefix-locator"),
        pytest.param("Smith says blah [-@smith04].", ["smith04"], id="suppress-author"),
        pytest.param("@a:b @c.d @e-f @g_h", ["a:b", "c.d", "e-f", "g_h"], id="key-punctuation"),
        pytest.param("@a. @b, @c: @d; @e-", ["a", "b", "c", "d", "e"], id="trailing-punctuation"),
        pytest.param("@{https://x.org/?a=b}", ["https://x.org/?a=b"], id="braced-key"),
        pytest.param("@Müller2020", ["Müller2020"], id="unicode-key"),
        pytest.param("mail jane.doe@example.org", [], id="email"),
        pytest.param(r"\@escaped", [], id="escaped-at"),
        pytest.param("`@code` ``a ` @more``", [], id="inline-code"),
        pytest.param("```\n@a\n```\n~~~~\n@b\n~~~~\n", [], id="fenced-code"),
        pytest.param("````\n```\n@inner\n````\n@after", ["after"], id="longer-fence-closes-only"),
        pytest.param("para\n\n    @code\n", [], id="indented-code"),
        pytest.param("- item\n\n    @continuation\n", ["continuation"], id="list-continuation-not-code"),
        pytest.param("<!-- @hidden --> @shown", ["shown"], id="html-comment"),
        pytest.param("[text](https://x.org/@user) <https://x.org/@auto>", [], id="links"),
        pytest.param("(@good) An example.\n\nAs (@good) shows, @real.", ["real"], id="example-list-label"),
        pytest.param("---\nnocite: '@*'\n---\n", ["*"], id="nocite-everything"),
    ],
)
def test_markdown_citation_forms(md, keys):
    assert keys_of(citations.scan_markdown(md)) == keys


EXPECTED_MARKDOWN = [
    ("yang2023foundation", 6),
    ("akyurek2022learning", 11),
    ("Du2023Learning", 11),
    ("zhang2022making", 12),
    ("mei2023role", 12),
    ("ren2022spectral", 12),
    ("doi:10.1000/xyz.1", 13),
    ("zhou2022least", 13),
    ("wang2022self", 31),
    ("geng2022multimodal", 33),
    ("missing-key", 35),
]


def test_markdown_document_with_code_blocks():
    cited = citations.read(DATA / "paper.md")
    assert [(c.key, c.line) for c in cited.citations] == EXPECTED_MARKDOWN
    assert cited.problems == ()


def test_markdown_document_agrees_with_pandoc():
    pypandoc = pytest.importorskip("pypandoc")
    try:
        ast = json.loads(pypandoc.convert_text((DATA / "paper.md").read_text(encoding="utf-8"), "json", format="markdown"))
    except OSError:
        pytest.skip("pandoc is not installed")
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                found.extend(c["citationId"] for c in node["c"][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast)
    assert found == [key for key, _ in EXPECTED_MARKDOWN]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("paper.aux", "\\citation{k}\n", id="aux"),
        pytest.param("paper.TEX", "\\cite{k}", id="tex-any-case"),
        pytest.param("paper.ltx", "\\cite{k}", id="ltx"),
        pytest.param("paper.markdown", "@k", id="markdown"),
        pytest.param("paper.qmd", "```{r}\n@x\n```\n@k", id="quarto"),
        pytest.param("paper.Rmd", "@k", id="r-markdown"),
    ],
)
def test_document_kind_follows_the_suffix(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert [c.key for c in citations.read(path).citations] == ["k"]


def test_unknown_document_kind_is_an_error(tmp_path):
    path = tmp_path / "paper.docx"
    path.write_bytes(b"")
    with pytest.raises(InputError, match=r"paper\.docx: cannot tell what kind of document"):
        citations.read(path)


def test_document_citing_nothing_is_a_warning(tmp_path):
    path = tmp_path / "empty.tex"
    path.write_text("\\begin{document}Hello.\\end{document}", encoding="utf-8")
    (problem,) = citations.read(path).problems
    assert problem.source == str(path) and "cites nothing" in problem.message


# --- matching -----------------------------------------------------------------------------


def rec(key: str, extra: dict[str, str] | None = None) -> Record:
    return Record(id=key, title=f"Title of {key}", extra=tuple((extra or {}).items()))


def cite(*keys: str) -> Cited:
    return Cited(tuple(Citation(k, "paper.tex", n) for n, k in enumerate(keys, start=1)))


LIBRARY_RECORDS = (rec("akyurek2022learning"), rec("Du2023Learning"), rec("vaswani2017attention"), rec("mei2023role"))


def test_select_matches_case_insensitively_and_keeps_document_spelling_in_library_order():
    kept, problems = citations.select(LIBRARY_RECORDS, cite("Mei2023Role", "du2023learning", "mei2023role"))
    assert [r.id for r in kept] == ["du2023learning", "Mei2023Role"]
    assert [r.title for r in kept] == ["Title of Du2023Learning", "Title of mei2023role"]
    (mixed,) = problems
    assert (mixed.source, mixed.line) == ("paper.tex", 3)
    assert "'mei2023role' is cited as 'Mei2023Role' at paper.tex:1" in mixed.message
    assert mixed.severity == "error"  # BibTeX: "Case mismatch error between cite keys"


def test_select_reports_missing_key_with_place_and_closest_key():
    kept, problems = citations.select(LIBRARY_RECORDS, cite("akyurek2022learnin", "smith1999ghost", "smith1999ghost"))
    assert kept == ()
    assert [str(p) for p in problems] == [
        "paper.tex:1: warning: 'akyurek2022learnin' is cited but not in the library; "
        "did you mean 'akyurek2022learning'?",
        "paper.tex:2: warning: 'smith1999ghost' is cited but not in the library; no similar key in the library",
    ]


def test_nocite_everything_keeps_all_and_still_reports_missing():
    kept, problems = citations.select(LIBRARY_RECORDS, cite("*", "MEI2023ROLE", "nothere"))
    assert [r.id for r in kept] == ["akyurek2022learning", "Du2023Learning", "vaswani2017attention", "MEI2023ROLE"]
    assert [p.line for p in problems] == [3]


def test_crossref_parent_comes_along():
    library = (
        rec("proc2020"), rec("paper2020", {"bibtex.crossref": "Proc2020"}),
        rec("book"), rec("chapter", {"bibtex.xref": "book"}), rec("other"),
    )
    kept, problems = citations.select(library, cite("paper2020", "chapter"))
    # parents after their children, as BibTeX needs
    assert [r.id for r in kept] == ["paper2020", "chapter", "proc2020", "book"] and problems == ()


def test_reading_problems_are_passed_on():
    warning = Problem("no such file", "x.aux", 2)
    assert citations.select((), Cited(problems=(warning,)))[1] == (warning,)


def test_api_selects_after_keys_are_assigned():
    records = api.prepare(api.read(LIBRARY).records)
    kept, _ = api.select_cited(records, api.read_citations([DATA / "biblatex.aux"]))
    assert [r.id for r in kept] == ["akyurek2022learning", "Du2023Learning"]


# --- command line -------------------------------------------------------------------------


def export(*args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["export", *args, "--to", "csljson"])
    ids = [item["id"] for item in json.loads(result.stdout)] if result.exit_code == 0 else []
    return result.exit_code, ids, result.stderr


def test_cli_cited_by_tex_keeps_cited_records_in_document_spelling():
    code, ids, stderr = export(str(LIBRARY), "--cited-by", str(LATEX / "main.tex"))
    assert code == 0
    assert ids == ["akyurek2022learning", "Du2023Learning", "mei2023role", "zhou2022least"]
    assert f"{LATEX / 'chapters' / 'methods.tex'}:2: warning: 'akyurek2022learnin' is cited" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("fmt", registry.writable())
def test_cli_cited_by_works_for_every_output_format(fmt):
    result = CliRunner().invoke(main, ["export", str(LIBRARY), "--cited-by", str(DATA / "biblatex.aux"), "--to", fmt])
    assert result.exit_code == 0, result.output
    # the two cited records' titles, not the uncited "Attention Is All You Need" (nor the others)
    assert "algorithm" in result.stdout and "Universal" in result.stdout
    assert not any(word in result.stdout for word in ("Attention", "Baselines", "Least"))


@pytest.mark.skipif(
    "bibtex" not in registry.FORMATS or not registry.FORMATS["bibtex"].reader, reason="BibTeX reader not yet registered"
)
def test_cli_bib_library_to_bib_keeps_document_spelling_and_crossref_parent():
    bibtexparser = pytest.importorskip("bibtexparser")
    result = CliRunner().invoke(
        main, ["export", str(DATA / "library.bib"), "--cited-by", str(DATA / "biblatex.aux"), "--to", "bibtex"]
    )
    assert result.exit_code == 0, result.output
    library = bibtexparser.parse_string(result.stdout)
    assert library.failed_blocks == []
    # library order; keys as biblatex.aux spells them; the crossref parent comes along, last
    assert [e.key for e in library.entries] == ["akyurek2022learning", "Du2023Learning", "NeurIPS2022"]
    assert "biblatex.aux:7: warning: 'yang2023foundation' is cited but not in the library" in result.stderr


def test_cli_cited_by_is_repeatable_and_takes_markdown():
    code, ids, _ = export(str(LIBRARY), "--cited-by", str(DATA / "biblatex.aux"), "--cited-by", str(DATA / "paper.md"))
    assert code == 0
    assert ids == ["akyurek2022learning", "Du2023Learning", "mei2023role", "zhou2022least"]


def test_cli_cited_by_on_the_shipped_listing():
    code, ids, _ = export("--cited-by", str(DATA / "biblatex.aux"))
    assert code == 0
    assert ids == ["akyurek2022learning", "Du2023Learning", "yang2023foundation"]


def test_cli_strict_fails_on_missing_keys_and_writes_nothing(tmp_path):
    out = tmp_path / "paper.json"
    result = CliRunner().invoke(
        main, ["export", str(LIBRARY), "--cited-by", str(LATEX / "main.aux"), "--strict", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "'smith1999ghost' is cited but not in the library" in result.stderr
    assert "--strict" in result.stderr
    assert not out.exists()


def test_cli_missing_included_file_is_one_line_exit_1():
    document = DATA / "missing" / "main.tex"
    result = CliRunner().invoke(main, ["export", str(LIBRARY), "--cited-by", str(document), "--to", "csljson"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr


def test_cli_missing_document_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["export", str(LIBRARY), "--cited-by", str(tmp_path / "none.tex"), "--to", "csljson"])
    assert result.exit_code == 2 and "none.tex" in result.stderr
