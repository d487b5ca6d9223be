"""The CSL-YAML reader (#19): its YAML loader against PyYAML, pandoc's own CSL-YAML, hand-written
files, problems at their lines."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibexport import api, registry
from bibexport.readers import cslyaml
from bibexport.writers import csljson

from ..writers.test_cslyaml import _pandoc, _records

# YAML 1.1 (PyYAML) and 1.2 (pandoc) differ on NEL, LS and PS (line breaks in 1.1 only): left out.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff\x85\u2028\u2029"), max_size=40)
KEYS = st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs"),
                             blacklist_characters="\x85\u2028\u2029\ufeff\xa0"), min_size=1, max_size=8)
SCALARS = st.none() | st.booleans() | st.integers(-10**6, 10**6) | TEXT


def _tree(leaves: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                        max_leaves=15)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data(), st.sampled_from([None, '"', "'", "|", ">"]), st.sampled_from([20, 80, 1000]), st.booleans(),
       st.booleans())
def test_the_loader_reads_what_pyyaml_writes_as_pyyaml_reads_it(data, style, width, flow, explicit_start):
    """Block and flow style, plain/quoted/literal/folded scalars, folded at 20 columns and more
    (a forced quote style writes tags on numbers, which are not read: strings only there)."""
    value = data.draw(_tree(TEXT if style else SCALARS))
    text = yaml.safe_dump({"references": value}, default_style=style, width=width, allow_unicode=True,
                          default_flow_style=None if flow else False, explicit_start=explicit_start)
    assert cslyaml.load(text) == yaml.safe_load(text), text


@pytest.mark.parametrize("text", [
    "{references: '''{'}",  # '' is a quote inside '...', not its end: the { is text (Hypothesis found it)
    "[ 'a''', '{' ]",
    "a: 'it'' #x'",  # nor does a # after '' start a comment
    "a: 'it'' b' # c",
    'a: "x\\" #" # c',  # \" is a quote inside "...": the # after it is text
    "a: 'x\\' # c",  # a backslash escapes nothing in '...'
])
def test_escaped_quotes_neither_close_a_scalar_nor_open_a_collection_or_comment(text):
    assert cslyaml.load(text) == yaml.safe_load(text)


def test_what_bibexport_writes_it_reads_back_as_the_csl_json_records():
    records = _records()
    from_yaml = api.read_text(api.write(records, "cslyaml"), "cslyaml", source="refs.yaml").records
    from_json = api.read_text(csljson.write(records), "csljson", source="refs.json").records
    assert from_yaml == from_json


def test_pandocs_own_csl_yaml_is_read(tmp_path):
    """pandoc's writer folds long strings over lines and writes dates as EDTF; what it loses
    itself (categories, line breaks in notes) is lost, the rest arrives."""
    pandoc = _pandoc()
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    records = _records()
    (tmp_path / "refs.json").write_text(csljson.write(records), encoding="utf-8")
    text = subprocess.run([pandoc, str(tmp_path / "refs.json"), "-f", "csljson", "-t", "markdown", "-s"],
                          capture_output=True, text=True, check=True).stdout
    assert "nocite:" in text and "\n    " in text  # pandoc's shape: other metadata, folded lines
    result = api.read_text(text, "cslyaml", source="pandoc.yaml")
    expected = api.read_text(csljson.write(records), "csljson").records
    assert [p for p in result.problems if p.severity == "error"] == []
    def seen(records):  # noqa: ANN001, ANN202 (pandoc moves 'van der' out of a family name: compare as printed)
        return [(r.id, r.type, [p.display() for p in r.author], r.issued, r.abstract) for r in records]

    assert seen(result.records) == seen(expected)


HAND_WRITTEN = """\
# my bibliography
---
references:
- id: doe2020   # the key
  type: article-journal
  title: 'A Study of Things: Don''t Panic'
  author:
    - family: Doe
      given: Jane
    - {family: Roe, given: Richard}
  issued: 2020-05-01
  container-title: Journal of
    Things
  keyword: [things, study]
  volume: 3
  abstract: |
    First line.
    Second line.
- id: roe2021
  type: book
  title: >-
    A Book of
    Things
  issued:
    date-parts:
    - [2021]
...
"""


def test_a_hand_written_file():
    result = api.read_text(HAND_WRITTEN, "cslyaml", source="my.yaml")
    assert result.problems == ()
    doe, roe = result.records
    assert (doe.id, doe.title, doe.get("container-title"), doe.get("volume")) == (
        "doe2020", "A Study of Things: Don't Panic", "Journal of Things", "3")
    assert [p.display() for p in doe.author] == ["Jane Doe", "Richard Roe"]
    assert doe.issued.iso() == "2020-05-01" and doe.abstract == "First line.\nSecond line."
    assert doe.keywords == ("things", "study") or "things" in doe.keywords
    assert (roe.title, roe.issued.year, roe.source) == ("A Book of Things", 2021, "my.yaml:19")
    assert doe.source == "my.yaml:4"


def test_the_format_comes_from_the_suffix_or_the_content(tmp_path):
    path = tmp_path / "refs.yml"
    path.write_text(HAND_WRITTEN.split("\n", 1)[1], encoding="utf-8")
    assert [r.id for r in api.read(path).records] == ["doe2020", "roe2021"]
    assert api.detect_format(HAND_WRITTEN.split("\n", 1)[1]).name == "cslyaml"
    assert "cslyaml" in registry.readable()


@pytest.mark.parametrize(("text", "expected"), [
    ("---\nreferences:\n- id: a\n  title: \"unclosed\n", "x.yaml:4: error: invalid YAML: a quoted scalar that never closes"),
    ("---\nreferences:\n- id: a\n title: b\n", "x.yaml:4: error: invalid YAML: bad indentation of a sequence entry"),
    ("---\nreferences:\n- &anchor\n  id: a\n", "x.yaml:3: error: invalid YAML: unsupported YAML ('&': anchors, "
                                            "aliases, tags and directives are not read)"),
    ("---\ntitle: not a bibliography\n...\n", "x.yaml:1: error: YAML that is not CSL-YAML: expected 'references:' "
                                               "and a list of CSL items"),
    ("---\nreferences:\n- id: a\n- just text\n", "x.yaml:4: error: item 2 is not a mapping; skipped"),
])
def test_problems_are_reported_at_their_line(text, expected):
    result = api.read_text(text, "cslyaml", source="x.yaml")
    assert str(result.problems[0]) == expected


def test_unmarkdown_undoes_what_the_writer_escapes():
    from bibexport.writers.cslyaml import markdown

    for text in ["a*b_c", "$x$ [1] <i> @key", "1--2...", "line\nbreak", "back\\slash", "&amp; &x"]:
        assert cslyaml.unmarkdown(markdown(text)) == text
    assert json.loads(json.dumps(cslyaml.unmarkdown({"a": ["\\*"]}))) == {"a": ["*"]}


@pytest.mark.skipif(shutil.which("bash") is None, reason="no shell")
def test_the_cli_reads_yaml_from_stdin(tmp_path):
    from click.testing import CliRunner

    from bibexport.cli import main

    result = CliRunner().invoke(main, ["-q", "export", "-", "--to", "csljson"], input=HAND_WRITTEN)
    assert result.exit_code == 0 and [i["id"] for i in json.loads(result.stdout)] == ["doe2020", "roe2021"]
