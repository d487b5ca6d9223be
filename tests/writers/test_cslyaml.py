"""The CSL-YAML writer (#19): pandoc's shape, read by a real YAML parser and by pandoc itself."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bibexport import api, registry
from bibexport.cli import main
from bibexport.model import Date, Person, Record
from bibexport.writers import csljson, cslyaml

DATA = Path(__file__).parent.parent / "data"


def unmarkdown(text: str) -> str:
    """What pandoc reads from the writer's Markdown: hard breaks as line breaks, escapes dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace("\\\n", "\n"))


def _as_csl(value):  # noqa: ANN001, ANN202
    """A parsed CSL-YAML item as the CSL-JSON writer's item (Markdown undone, EDTF dates as date-parts)."""
    if isinstance(value, str):
        return unmarkdown(value)
    if isinstance(value, list):
        return [_as_csl(v) for v in value]
    if isinstance(value, dict):
        from bibexport.readers.cslyaml import rich_text  # a title's Markdown back to CSL rich text

        out = {k: rich_text(v) if k.endswith("title") and isinstance(v, str) else _as_csl(v) for k, v in value.items()}
        if isinstance(out.get("issued"), str):
            out["issued"] = {"date-parts": [[int(p) for p in out["issued"].split("-")]]}
        return out
    return value


def _records():
    return api.prepare(api.load([str(DATA / "readers" / "bibtex" / "real_world_snippets.bib")]).records
                       + api.read(DATA / "csl-data.json").records)


def test_every_item_parses_with_a_yaml_parser_as_the_csl_json_item():
    records = _records()
    parsed = yaml.safe_load(cslyaml.write(records))
    assert list(parsed) == ["references"]
    assert [_as_csl(item) for item in parsed["references"]] == json.loads(csljson.write(records))


def test_titles_rich_text_as_pandoc_markdown():
    """CSL-JSON's markup in titles is pandoc Markdown in CSL-YAML, as pandoc writes it."""
    record = Record(id="x", type="article-journal",
                    title='The <span class="nocase">iPhone</span> and <i>E. coli</i>: x<sup>2</sup>, H<sub>2</sub>O, '
                          '<b>bold</b>, <span style="font-variant:small-caps;">Caps</span> *not*')
    assert yaml.safe_load(cslyaml.write([record]))["references"][0]["title"] == (
        "The [iPhone]{.nocase} and *E. coli*: x^2^, H~2~O, **bold**, [Caps]{.smallcaps} \\*not\\*")


def test_the_shape_pandoc_writes():
    record = Record(id="doe2020", type="article-journal", title="Q&A: *not* emphasis $x$ -- 1--2...",
                    author=(Person(family="Doe", given="Jane"), Person(literal="The Team")),
                    issued=Date(2020, 5), fields=(("container-title", "Journal of Things"), ("volume", "12")),
                    abstract="Line one\nline two: more")
    assert cslyaml.write([record]) == (
        "---\n"
        "references:\n"
        "- id: doe2020\n"
        "  citation-key: doe2020\n"
        "  type: article-journal\n"
        '  title: "Q&A: \\\\*not\\\\* emphasis \\\\$x\\\\$ \\\\-- 1\\\\--2\\\\..."\n'
        "  author:\n"
        "  - family: Doe\n"
        "    given: Jane\n"
        "  - literal: The Team\n"
        '  issued: "2020-05"\n'
        "  container-title: Journal of Things\n"
        '  volume: "12"\n'
        '  abstract: "Line one\\\\\\nline two: more"\n'
        "...\n"
    )
    assert cslyaml.write([]) == "---\nreferences: []\n...\n"


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["yes", "No", "null", "~", "2020-05-01", "1:20", "- x", "a: b", "a #b", "#x", "*x", "&x", "!x", "@x", "'x'",
     '"x"', "x ", " x", "\u2028", "\x85", "\ufeff", "\x7f", "\t", "O'Neil", "a\\b", "%x", "|", ">", "?", ".inf"])


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_any_string_is_one_yaml_scalar_read_back_as_itself(text):
    assert yaml.safe_load(f"key: {cslyaml.scalar(text)}\n") == {"key": text}
    assert yaml.safe_load(f"- {cslyaml.scalar(text)}\n") == [text]


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab \\*_`[]<>~^@|$#-.&;!\n'\"x12"), max_size=20))
def test_markdown_escapes_read_back_as_the_text(text):
    assert unmarkdown(cslyaml.markdown(text)) == text


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.integers(-5, 3000) | TEXT | st.booleans() | st.none(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=12))
def test_nested_values_read_back(value):
    assert yaml.safe_load(cslyaml.dump([{"id": "x", "value": value}])) == {"references": [{"id": "x", "value": value}]}


def test_cli_to_yaml_and_the_suffix(tmp_path):
    for args in (["--to", "yaml"], ["--to", "csl-yaml"], ["-o", str(tmp_path / "refs.yaml")]):
        result = CliRunner().invoke(main, ["-q", "export", "--to", "bibtex", "-o", str(tmp_path / "x.bib")])
        result = CliRunner().invoke(main, ["-q", "export", str(tmp_path / "x.bib"), *args])
        assert result.exit_code == 0, result.output
        text = result.stdout if "-o" not in args else (tmp_path / "refs.yaml").read_text(encoding="utf-8")
        assert len(yaml.safe_load(text)["references"]) == 50
    assert registry.canonical("yml") == "cslyaml" and "cslyaml" in registry.writable()


def _pandoc() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _pandoc_csl(pandoc: str, path: Path, fmt: str) -> list[dict]:
    out = subprocess.run([pandoc, str(path), "-f", fmt, "-s", "-t", "csljson"], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)


def _loose(value):  # noqa: ANN001, ANN202
    """What pandoc changes in any YAML bibliography or CSL-JSON file: quotes made curly (in YAML)
    or flipped (in JSON), runs of spaces; categories it does not read from YAML."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", re.sub("[\"'“”‘’]", '"', value)).strip()
    if isinstance(value, list):
        return [_loose(v) for v in value]
    if isinstance(value, dict):
        return {k: _loose(v) for k, v in value.items() if k != "categories"}
    return value


def test_pandoc_reads_the_yaml_as_it_reads_the_json(tmp_path):
    """pandoc (pypandoc-binary's or on PATH) reads the CSL-YAML bibliography as the CSL-JSON one;
    where pandoc drops a literal date from CSL-JSON, the YAML keeps it."""
    pandoc = _pandoc()
    if pandoc is None:
        pytest.skip("pandoc is not installed (the test extra brings pypandoc-binary)")
    records = _records()
    (tmp_path / "refs.yaml").write_text(cslyaml.write(records), encoding="utf-8")
    (tmp_path / "refs.json").write_text(csljson.write(records), encoding="utf-8")
    from_yaml = _pandoc_csl(pandoc, tmp_path / "refs.yaml", "markdown")
    from_json = _pandoc_csl(pandoc, tmp_path / "refs.json", "csljson")
    assert len(from_yaml) == len(records)
    for item in from_json:
        if item.get("issued") == {"date-parts": []}:
            item["issued"] = next(y["issued"] for y in from_yaml if y["id"] == item["id"])
    assert _loose(from_yaml) == _loose(from_json)


_RUN = st.text(st.sampled_from("ab *^~[]{}\\_.:#$@<>-"), min_size=1, max_size=6).filter(
    lambda t: t.strip(" ") == t and t.strip())  # text at a span's edge is not a space


def _spans(depth: int = 2):  # noqa: ANN202
    from bibexport import richtext

    leaf = _RUN
    if depth == 0:
        return leaf.map(lambda t: (t,))
    kinds = st.sampled_from(["i", "b", "sup", "sub", "sc", "nocase"])
    node = st.one_of(_RUN.map(lambda t: (t,)),
                     st.tuples(kinds, _spans(depth - 1)).map(lambda kc: (richtext.Span(kc[0], kc[1]),)))
    return st.lists(node, min_size=1, max_size=3).map(lambda parts: tuple(n for part in parts for n in part))


@settings(max_examples=300, deadline=None)
@given(_spans())
def test_title_markup_reads_back_as_written(nodes):
    """Spans of every kind, nested, around text full of Markdown's characters: written as pandoc
    Markdown, read back as the same CSL markup (no span directly inside one of its own kind, whose
    Markdown would be ambiguous: ``**`` is bold; nor two spans side by side)."""
    from bibexport import richtext
    from bibexport.readers.cslyaml import rich_text

    def nested_alike(ns, outer=None):  # noqa: ANN001, ANN202
        return any(isinstance(n, richtext.Span) and (n.kind == outer or nested_alike(n.children, n.kind)
                                                     or (n.kind == "i" and outer == "b") or (n.kind == "b" and outer == "i"))
                   for n in ns)

    def adjacent(ns):  # noqa: ANN001, ANN202  (*a**b*: two spans side by side read as one, as in pandoc)
        return any(isinstance(a, richtext.Span) and isinstance(b, richtext.Span) for a, b in zip(ns, ns[1:])) or any(
            isinstance(n, richtext.Span) and adjacent(n.children) for n in ns)

    if nested_alike(nodes) or adjacent(nodes):
        return
    title = richtext.to_markup(nodes)
    assert rich_text(cslyaml.rich_markdown(title)) == title
