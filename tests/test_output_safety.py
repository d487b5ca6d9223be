"""Output is safe for its consumer, and output files are never half-written or written over inputs.

* BibTeX/BibLaTeX: text from a listing cannot run a TeX command (``\\input``, ``\\write18``,
  ``\\def`` arrive as literal text), checked by parsing and by compiling with LaTeX;
* HTML: every piece of input text is escaped (only the writer's own elements appear);
* Markdown: links, images, HTML and code from the input stay text (parsed as CommonMark);
* RIS: no value can start a tag line of its own;
* files: a failed or interrupted run leaves an existing file as it was, and an input is
  not written over unless ``--force``.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport import api, latex, registry
from bibexport.cli import main
from bibexport.errors import OutputError
from bibexport.model import Person, Record
from bibexport.normalize import normalize
from bibexport.writers import bibtex as bibtex_writer

from .oracles import decode_latex, single_spaced

AS_OF = dt.date(2026, 11, 25)
INJECTIONS = (
    "\\input{secret}",
    "\\write18{touch pwned}",
    "\\immediate\\write18{touch pwned}",
    "\\def\\title{HACKED}",
    "$\\input{secret}$",
    "^^5cinput{secret}",
    "\\csname input\\endcsname{secret}",
    "} \\input{secret} {",
    "% a comment eats the brace",
)
# A listing whose title, author affiliations and abstract carry each injection attempt.
EVIL_LISTING = "".join(
    f"LGNov {i + 1}, 2022\n"
    f"Attack {i} on {text} nowAda Lovelace, Alan Turing · {text}\n"
    f"The abstract says {text} and {text.upper()}.\n"
    for i, text in enumerate(INJECTIONS)
)
# Control words the writers may emit: LaTeX text escapes (bibexport.latex's table) and the
# commands allowed inside plain math.  None of them reads files, writes, or defines.
ALLOWED_COMMANDS = (
    {name for name, _ in latex.SYMBOLS}
    | {name for name in latex.ACCENTS if name.isalpha()}
    | bibtex_writer.MATH_COMMANDS
    | {"textasciigrave"}  # a literal backtick (a bare one is TeX's opening quote)
)
DANGEROUS = {"input", "include", "write", "immediate", "def", "edef", "gdef", "xdef", "let", "csname",
             "catcode", "openout", "openin", "read", "newcommand", "renewcommand", "usepackage", "special"}


def _read_listing(text: str) -> tuple[Record, ...]:
    result = api.read_text(text, "listing", source="evil.txt", as_of=AS_OF)
    assert result.problems == ()
    return api.prepare(map(normalize, result.records))


def _bib_values(text: str) -> list[dict[str, str]]:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    return [{f.key: f.value for f in entry.fields} for entry in library.entries]


# BibTeX ----------------------------------------------------------------------------------


def test_dangerous_commands_are_not_allowed_anywhere():
    assert not DANGEROUS & ALLOWED_COMMANDS


@pytest.mark.parametrize("flavour", ["bibtex", "biblatex"])
def test_injections_from_a_listing_arrive_as_literal_text(flavour):
    records = _read_listing(EVIL_LISTING)
    assert len(records) == len(INJECTIONS)
    out = api.write(records, flavour)
    commands = set(re.findall(r"\\([A-Za-z]+)", out))
    assert commands <= ALLOWED_COMMANDS, commands - ALLOWED_COMMANDS
    assert "^^" not in out
    for text, record, entry in zip(INJECTIONS, records, _bib_values(out)):
        assert text in record.title and text in record.abstract and record.affiliations == (text,)
        assert decode_latex(entry["title"]) == record.title  # pylatexenc, not bibexport.latex
        assert decode_latex(entry["abstract"]) == record.abstract


_TEXT = st.lists(
    st.one_of(
        st.sampled_from(list("\\{}$%#&_^~@\"' \n") + ["\\input", "\\write18", "\\def", "\\csname ", "^^5c", "$x$"]),
        st.characters(blacklist_categories=("Cs",)),
    ),
    min_size=1,
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, abstract=_TEXT, note=_TEXT)
def test_any_text_is_escaped_to_allowed_commands_and_reads_back(title, abstract, note):
    record = Record(id="k", title=title.strip() or "t", abstract=abstract, author=(Person("Doe", "Jane"),),
                    fields=(("note", note),))
    record = normalize(record)
    for flavour in ("bibtex", "biblatex"):
        out = api.write([record], flavour)
        commands = set(re.findall(r"\\([A-Za-z]+)", out))
        assert commands <= ALLOWED_COMMANDS, commands - ALLOWED_COMMANDS
        assert "^^" not in out.replace("\\textasciicircum{}\\textasciicircum{}", "")
        (entry,) = _bib_values(out)
        for field, text in (("title", record.title), ("abstract", record.abstract)):
            if text.strip():
                # Canonically equivalent text reads the same (the oracle gives NFC: 'H\u0323' as
                # 'Ḥ', U+F900 as U+8C48), any whitespace run as one space.
                assert " ".join(decode_latex(entry[field]).split()) == " ".join(single_spaced(text).split())


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def test_latex_with_shell_escape_runs_nothing_from_a_listing(tmp_path):
    """Compile the BibTeX output of the evil listing with shell escape ON: no command runs."""
    _tool("bibtex")
    _tool("pdflatex")
    records = _read_listing(EVIL_LISTING)
    (tmp_path / "refs.bib").write_text(api.write(records, "bibtex", api.WriteOptions(ascii=True)), encoding="utf-8")
    (tmp_path / "secret.tex").write_text("SECRETCONTENTS\\typeout{SECRET-WAS-READ}")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{natbib}\n"
        "\\begin{document}\\nocite{*}\\bibliographystyle{plainnat}\\bibliography{refs}\\end{document}\n"
    )
    run = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-shell-escape", "doc"]
    subprocess.run(run, cwd=tmp_path, capture_output=True, timeout=120)
    assert subprocess.run(["bibtex", "doc"], cwd=tmp_path, capture_output=True, timeout=120).returncode == 0
    result = subprocess.run(run, cwd=tmp_path, capture_output=True, timeout=120)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0 and "\n! " not in log, log[-3000:]
    assert "SECRET-WAS-READ" not in log and "secret.tex" not in log
    assert not (tmp_path / "pwned").exists()
    assert (tmp_path / "doc.bbl").read_text(encoding="utf-8").count("\\bibitem") == len(INJECTIONS)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        pytest.param("csljson", '[{"id": "a", "type": "article", "title": "T", '
                     '"note": "bibtex.@preamble: \\\\write18{touch pwned}"}]', id="csljson-note"),
        pytest.param("ris", "TY  - GEN\nTI  - T\nN1  - bibtex.@preamble: \\write18{touch pwned}\nER  - \n", id="ris-n1"),
    ],
)
def test_a_note_cannot_smuggle_a_preamble_into_bibtex(fmt, text):
    """Only a BibTeX input's own ``@preamble`` is written back as one; elsewhere it is note text."""
    out = api.write(api.prepare(api.read_text(text, fmt).records), "bibtex")
    assert not re.search(r"^\s*@preamble", out, re.M | re.I)
    assert "write" not in set(re.findall(r"\\([A-Za-z]+)", out))


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        pytest.param("csljson", '[{"id": "a", "type": "article", "title": "T", "note": "bibtex.@latex: \\\\input{T}\\n'
                     'bibtex.@preamble: \\\\def\\\\input{}"}]', id="csljson-note"),
        pytest.param("ris", "TY  - GEN\nTI  - T\nN1  - bibtex.@latex: \\input{T}\nN1  - bibtex.@preamble: \\def\\input{}\n"
                     "ER  - \n", id="ris-n1"),
    ],
)
def test_a_note_cannot_smuggle_a_field_as_latex_into_bibtex(fmt, text):
    """A field is written as raw LaTeX (``bibtex.@latex``) only when a BibTeX input gave it (the
    LaTeX here decodes to the title's text: it would be written as the title)."""
    (record,) = api.prepare(api.read_text(text, fmt).records)
    assert latex.to_unicode("\\input{T}") == record.title
    assert not any(key.startswith("bibtex.@") for key, _ in record.extra)
    out = api.write([record], "bibtex")
    assert "input" not in set(re.findall(r"\\([A-Za-z]+)", out))


def test_control_characters_never_reach_bibtex():
    text = "bell\x07 escape\x1b[31m vt\x0b ff\x0c del\x7f nel\x85 end"
    record = Record(id="k\x07ey", title=text, abstract=text, author=(Person("Doe", "Jane\x1b"),),
                    fields=(("note", text), ("URL", "https://x.org/\x07a")), extra=(("bibtex.owner", text),))
    for flavour in ("bibtex", "biblatex"):
        out = api.write([record], flavour)
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", out), repr(out)


# HTML ------------------------------------------------------------------------------------

EVIL_CSL = """[{"id": "evil", "type": "article-journal",
  "title": "<script>alert(1)</script> & <img src=x onerror=alert(2)> &amp; \\"q\\"",
  "author": [{"family": "<b onclick=alert(3)>Doe</b>", "given": "Eve\\" onmouseover=\\"x"}],
  "container-title": "</title><iframe src=javascript:alert(4)>",
  "issued": {"date-parts": [[2020]]},
  "URL": "javascript:alert(5)\\"><script>x</script>", "DOI": "10.1/\\"><svg onload=alert(6)>",
  "publisher": "<!-- comment --><style>*{}</style>"}]"""
HTML_ELEMENTS = {"html", "head", "meta", "title", "style", "body", "div", "span", "i", "b", "sup", "sub", "a", "br", "p"}


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):  # noqa: ANN001
        self._in_style = False

    def handle_data(self, data):  # noqa: ANN001
        if self._in_style:
            self.style += data

    def handle_comment(self, data):  # noqa: ANN001
        self.comments.append(data)


@pytest.mark.parametrize("style", ["apa", "ieee", "chicago"])
def test_html_output_escapes_everything(style):
    records = api.prepare(api.read_text(EVIL_CSL, "csljson").records)
    out = api.write(records, "html", api.WriteOptions(style=style))
    parser = _Elements()
    parser.feed(out)
    assert {tag for tag, _ in parser.tags} <= HTML_ELEMENTS
    assert [tag for tag, _ in parser.tags].count("style") <= 1 and "*{}" not in parser.style
    assert parser.comments == []
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").lower().lstrip().startswith("javascript:"), (tag, name, value)
    body = out[out.index("<body"):]
    for needle in ("<script", "<img", "<iframe", "<svg", "<!--", "<b onclick"):
        assert needle not in body


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.lists(st.sampled_from(list("<>&\"'/= abc") + ["<script>", "&amp;", "<!--", "]]>"]), min_size=1,
                      max_size=30).map("".join).filter(str.strip))
def test_html_never_contains_an_element_from_the_input(title):
    record = Record(id="k", type="article-journal", title=title, author=(Person("Doe", "Jane"),))
    out = api.write([record], "html")
    body = out[out.index("<body"):]
    parser = _Elements()
    parser.feed(body)
    assert {tag for tag, _ in parser.tags} <= HTML_ELEMENTS - {"style", "title", "meta"}
    assert parser.comments == []


# Markdown --------------------------------------------------------------------------------

MARKDOWN_TRAPS = ["[click](javascript:alert(1))", "![img](http://x/y.png)", "<script>x</script>", "<http://auto.link>",
                  "`code`", "*star*", "_under_", "# heading", "> quote", "1. item", "- item", "| a | b |", "&amp;",
                  "\\*escaped\\*", "[ref]: http://x", "***", "~~~", "<!-- c -->"]
MARKDOWN_TOKENS = {"paragraph_open", "paragraph_close", "inline", "text", "em_open", "em_close", "strong_open",
                   "strong_close", "softbreak", "hardbreak", "ordered_list_open", "ordered_list_close",
                   "bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close"}


def _markdown_tokens(text: str) -> set[str]:
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").parse(text)
    return {t.type for t in tokens} | {c.type for t in tokens for c in t.children or ()}


@pytest.mark.parametrize("trap", MARKDOWN_TRAPS)
def test_markdown_output_is_text_and_emphasis_only(trap):
    record = Record(id="k", type="article-journal", title=f"{trap} in a title", author=(Person("Doe", trap),),
                    fields=(("container-title", trap), ("publisher", trap)))
    out = api.write([record], "markdown")
    assert _markdown_tokens(out) <= MARKDOWN_TOKENS, out
    rendered = pytest.importorskip("markdown_it").MarkdownIt("commonmark").render(out)
    assert not re.search(r"<(?!/?(p|em|strong|ol|ul|li)>)", rendered), rendered


# RIS -------------------------------------------------------------------------------------

_RIS_BREAKERS = ["\nER  - \n", "\r\nTY  - JOUR\r\n", "\rAU  - Evil, Eve\r", "\u2028TI  - x", "\x85KW  - k",
                 "\x0bN1  - n", "\x0cPY  - 1999"]


@pytest.mark.parametrize("breaker", _RIS_BREAKERS)
def test_ris_values_cannot_start_a_tag_line(breaker):
    record = Record(
        id="k" + breaker, title="Before" + breaker + "after", abstract=breaker, author=(Person("Doe" + breaker, "J"),),
        keywords=("kw" + breaker,), affiliations=("mit" + breaker,), fields=(("note", "n" + breaker),
                                                                             ("URL", "u" + breaker)),
    )
    out = api.write([record], "ris")
    lines = out.split("\r\n")
    assert lines[0].startswith("TY  - ") and lines[-2] == "ER  - " and lines[-1] == ""
    assert [line for line in lines if line.startswith(("TY  -", "ER  -"))] == [lines[0], "ER  - "]
    assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]", out.replace("\r\n", ""))
    tags = [line[:2] for line in lines[:-1]]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]", tag) for tag in tags)
    rispy = pytest.importorskip("rispy")
    (entry,) = rispy.loads(out)
    assert len(entry["authors"]) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_text_stays_inside_its_ris_line(text):
    record = Record(id="k", title=text, abstract=text, author=(Person(text, text),), keywords=(text,))
    out = api.write([record], "ris")
    lines = out.split("\r\n")
    assert lines[-1] == "" and lines[-2] == "ER  - "
    assert all(re.match(r"[A-Z][A-Z0-9]  - ", line) for line in lines[:-1])


# Files -----------------------------------------------------------------------------------

LISTING = "LGNov 28, 2022\nA TitleJane Doe\nAbstract.\n"
OLD = "old contents, must survive\n"


def _export(*args: str):  # noqa: ANN202
    return CliRunner().invoke(main, ["export", "--as-of", "2026-11-25", *args], catch_exceptions=True)


@pytest.fixture
def existing(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "in.txt").write_text(LISTING, encoding="utf-8")
    (tmp_path / "out.json").write_text(OLD, encoding="utf-8")
    return tmp_path / "in.txt", tmp_path / "out.json"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_writer_failing_midway_leaves_the_existing_file_untouched(existing, monkeypatch):
    source, out = existing

    def broken_writer(records, options):  # noqa: ANN001, ANN202
        raise RuntimeError("writer failed halfway")

    monkeypatch.setattr(registry.Format, "load_writer", lambda self: broken_writer)
    result = _export(str(source), "-o", str(out))
    assert isinstance(result.exception, RuntimeError)
    assert out.read_text(encoding="utf-8") == OLD
    assert _leftovers(out.parent) == []


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit, OSError(28, "No space left on device")],
                         ids=["ctrl-c", "exit", "disk-full"])
def test_interrupted_save_leaves_the_existing_file_untouched(existing, monkeypatch, interrupt):
    source, out = existing
    real_fdopen = os.fdopen

    class HalfWritten:
        """The real file, but the first write stops halfway with ``interrupt``."""

        def __init__(self, handle) -> None:  # noqa: ANN001
            self.handle = handle

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc) -> None:  # noqa: ANN002
            self.handle.close()

        def write(self, text: str) -> None:
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            raise interrupt

        def writelines(self, pieces) -> None:  # noqa: ANN001
            for piece in pieces:
                self.write(piece)

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: HalfWritten(real_fdopen(fd, *a, **k)))
    if isinstance(interrupt, OSError):
        result = _export(str(source), "-o", str(out))
        assert result.exit_code == 1
        assert result.stderr == f"bibexport: error: {out}: cannot write: No space left on device\n"
    else:
        with pytest.raises(interrupt):
            api.save(api.write(api.read(source, as_of=AS_OF).records, "csljson"), out)
    assert out.read_text(encoding="utf-8") == OLD
    assert _leftovers(out.parent) == []


def test_rename_failure_leaves_the_existing_file_untouched(existing, monkeypatch):
    source, out = existing

    def refuse(src, dst):  # noqa: ANN001, ANN202
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = _export(str(source), "-o", str(out))
    assert result.exit_code == 1 and "cannot write: Permission denied" in result.stderr
    assert out.read_text(encoding="utf-8") == OLD
    assert _leftovers(out.parent) == []


@pytest.mark.parametrize(
    "make_args",
    [
        pytest.param(lambda d: [str(d / "in.txt"), "-o", str(d / "in.txt"), "--to", "csljson"], id="same-path"),
        pytest.param(lambda d: [str(d / "in.txt"), "-o", str(d / "sub" / ".." / "in.txt"), "--to", "csljson"],
                     id="other-spelling"),
        pytest.param(lambda d: [str(d / "link.txt"), "-o", str(d / "in.txt"), "--to", "csljson"], id="symlink"),
        pytest.param(lambda d: [str(d / "other.txt"), str(d / "in.txt"), "-o", str(d / "in.txt"), "--to", "csljson"],
                     id="second-input"),
        pytest.param(lambda d: [str(d / "other.txt"), "--cited-by", str(d / "paper.md"), "-o", str(d / "paper.md"),
                                "--to", "csljson"], id="cited-by"),
    ],
)
def test_writing_over_an_input_is_refused_unless_force(tmp_path, make_args):
    (tmp_path / "sub").mkdir()
    (tmp_path / "in.txt").write_text(LISTING, encoding="utf-8")
    (tmp_path / "other.txt").write_text(LISTING.replace("A Title", "Another Title"), encoding="utf-8")
    (tmp_path / "old.json").write_text('[{"id": "doe2022title", "type": "article", "title": "A Title"}]\n',
                                       encoding="utf-8")
    (tmp_path / "paper.md").write_text("As shown by @doe2022title.\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "in.txt")
    args = make_args(tmp_path)
    target = Path(args[args.index("-o") + 1])
    before = target.read_bytes()
    refused = _export(*args)
    assert refused.exit_code == 1, refused.output
    assert refused.stderr.startswith(f"bibexport: error: {args[args.index('-o') + 1]}: is also an input (")
    assert refused.stderr.endswith("refusing to write over it (pass --force to overwrite, or choose another -o)\n")
    assert target.read_bytes() == before
    forced = _export(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != before


def test_keys_from_the_output_file_refreshes_it_without_force(tmp_path):
    # The README's way to refresh a file: its keys are read before it is replaced.
    (tmp_path / "in.txt").write_text(LISTING + LISTING.replace("A Title", "Newer Work").replace("Nov 28", "Nov 29"),
                                     encoding="utf-8")
    old = tmp_path / "refs.json"
    old.write_text('[{"id": "kept-key", "type": "article", "title": "A Title", "author": [{"family": "Doe"}],'
                   ' "issued": {"date-parts": [[2022]]}}]\n', encoding="utf-8")
    result = _export(str(tmp_path / "in.txt"), "--keys-from", str(old), "-o", str(old))
    assert result.exit_code == 0, result.output
    assert [item["id"] for item in json.loads(old.read_text(encoding="utf-8"))] == ["kept-key", "doe2022newer"]


def test_api_refuses_only_the_same_file(tmp_path):
    (tmp_path / "a.txt").write_text(LISTING, encoding="utf-8")
    (tmp_path / "b.json").write_text("[]\n", encoding="utf-8")
    api.refuse_overwriting_inputs(tmp_path / "b.json", [tmp_path / "a.txt", "-"])
    api.refuse_overwriting_inputs(tmp_path / "new.json", [tmp_path / "a.txt"])
    api.refuse_overwriting_inputs("-", [tmp_path / "a.txt"])
    with pytest.raises(OutputError, match="is also an input"):
        api.refuse_overwriting_inputs(tmp_path / "a.txt", [tmp_path / "a.txt"])
