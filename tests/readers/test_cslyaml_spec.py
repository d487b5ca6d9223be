"""The CSL-YAML reader against its references: the YAML loader against PyYAML (``yaml.safe_load``,
YAML 1.2 spec examples for the parts both agree on) one document at a time, the Markdown of titles
as pandoc reads it into CSL rich text (pandoc manual, "Citation syntax"/CSL-YAML: ``*x*``,
``**x**``, ``^x^``, ``~x~``, ``[x]{.nocase}``, ``[x]{.smallcaps}``; citeproc-js markup), the
detection of a pandoc bibliography, and the reader's problems and lines.  Focused cases, fast
per mutant (the Hypothesis comparison lives in test_cslyaml.py)."""

from __future__ import annotations

import pytest
import yaml

from bibexport import api
from bibexport.readers import cslyaml

# Documents read the same by PyYAML and by the YAML 1.2 spec (no 1.1-only scalars such as yes/no,
# octal or sexagesimal numbers).
DOCUMENTS = {
    "block-mapping": "a: 1\nb: text\nc:\n",
    "keys-starting-with-x": "Xa: 1\nXb: 'X'\nX: \"Xy\"\n",
    "flow-empty-value": "{a: , b: }\n",
    "flow-empty-value-nested": "a: {b: }\nc: [d, {e: }]\n",
    "flow-quoted-keys-over-lines": "a: {'x': 1,\n  \"y\": ['z',\n  \"w\"]}\n",
    "flow-value-with-colon": "a: {u: http://x.org/a:b, v: c}\n",
    "flow-nested-over-lines": "a: [1, [2,\n    3], {k: v,\n  l: [m]}]\nb: x\n",
    "flow-trailing-comma": "a: [1, 2, ]\nb: {c: d, }\n",
    "quoted-keys-with-colon-and-hash": "\"a: b\": 1\n'c # d': 2\n",
    "key-then-spaces": "a  : 1\nb:   2\n",
    "nested-mapping": "a:\n  b:\n    c: d\n  e: f\ng: h\n",
    "sequence": "- a\n- b\n-\n- 3\n",
    "sequence-of-mappings": "- a: 1\n  b: 2\n- c: 3\n",
    "sequence-entry-on-its-own-line": "-\n  a: 1\n  b: 2\n-\n  - x\n  - y\n",
    "nested-sequences": "- - a\n  - b\n- - c\n",
    "indentless-sequence": "a:\n- 1\n- 2\nb: x\n",
    "indented-sequence": "a:\n  - 1\n  - 2\nb: x\n",
    "indentless-sequence-of-mappings": "references:\n- id: a\n  title: t\n- id: b\n",
    "plain-multiline": "a: one\n  two\n  three\nb: x\n",
    "plain-multiline-in-sequence": "- one\n  two\n- three\n",
    "plain-empty-line": "a: one\n\n  two\n",
    "plain-two-empty-lines": "a: one\n\n\n  two\nb: c\n",
    "plain-empty-line-then-end": "a: one\n\nb: two\n",
    "plain-comment-ends-it": "a: one\n  # note\nb: x\n",
    "plain-with-colon-inside": "a: http://x.org/a:b\nb: a:b c\n",
    "plain-hash-inside": "a: C# and F#\nb: x #comment\n",
    "null-forms": "a: ~\nb: null\nc: Null\nd: NULL\ne:\n",
    "bool-forms": "a: true\nb: True\nc: TRUE\nd: false\ne: False\nf: FALSE\n",
    "ints": "a: 0\nb: -12\nc: +7\nd: 12\ne: 012x\n",
    "double-quoted": 'a: "x: y # z"\nb: "tab\\tnl\\nq\\"bs\\\\sl\\/"\n',
    "double-escapes": 'a: "\\0\\a\\b\\v\\f\\r\\e\\ \\_\\x41\\u00e9\\U0001F600"\n',
    "double-escape-tab-char": 'a: "x\\\ty"\n',
    "double-folded": 'a: "one\n  two\n\n  three"\n',
    "double-folded-two-empties": 'a: "one\n\n\n  two"\n',
    "double-trailing-space-folded": 'a: "one   \n   two"\n',
    "double-escaped-break": 'a: "one\\\n  two"\n',
    "double-escaped-backslash-at-end": 'a: "one\\\\\n  two"\n',
    "single-quoted": "a: 'it''s # not a comment'\nb: '\\n'\n",
    "single-folded": "a: 'one\n  two\n\n  three'\n",
    "quoted-then-comment": "a: 'x' # c\nb: \"y\" # d\n",
    "quoted-key": "'a b': 1\n\"c: d\": 2\n\"e\\tf\": 3\n'g''h' : 4\n",
    "literal": "a: |\n  one\n   two\n\n  three\nb: x\n",
    "literal-strip": "a: |-\n  one\n  two\n\n\nb: x\n",
    "literal-keep": "a: |+\n  one\n\n\nb: x\n",
    "literal-keep-at-end": "a: |+\n  one\n\n",
    "literal-clip-trailing-empty": "a: |\n  one\n\n\nb: x\n",
    "literal-indicator": "a: |2\n    one\n  two\n",
    "literal-indicator-then-chomp": "a: |2-\n    one\n  two\n",
    "literal-chomp-then-indicator": "a: |-2\n    one\n  two\n",
    "literal-with-comment": "a: | # note\n  one\n",
    "literal-empty": "a: |\nb: x\n",
    "literal-keep-empty": "a: |+\n\nb: x\n",
    "literal-leading-empty-lines": "a: |\n\n  one\n",
    "literal-in-sequence": "- |\n  one\n  two\n- x\n",
    "folded": "a: >\n  one\n  two\n\n  three\n",
    "folded-more-indented": "a: >\n  one\n    two\n  three\n",
    "folded-more-indented-after-empty": "a: >\n  one\n\n    two\n  three\n",
    "folded-empty-then-more-indented-then-normal": "a: >\n  one\n    two\n\n  three\n",
    "folded-two-empty-lines": "a: >\n  one\n\n\n  two\n",
    "folded-strip": "a: >-\n  one\n  two\n",
    "folded-keep": "a: >+\n  one\n\n",
    "literal-ideographic-space-line": "a: |\n  \u3000\n",
    "literal-ideographic-space-last": "a: |\n  one\n  \u3000\n",
    "literal-space-more-indented-empty": "a: |\n  one\n     \n  two\n",
    "literal-only-empty-lines": "a: |\n\n\nb: x\n",
    "folded-indicator-after-empty": "a: >1\n\n   x\n",
    "folded-one-letter-lines": "a: >\n  a\n  b\n   c\n  d\n\n   e\n  f\n",
    "folded-more-indented-after-empty-line": "a: >\n  x\n\n   y\n  z\n",
    "flow-plain-starting-with-x": "a: [Xy, {Xk: Xv}, X]\n",
    "flow-json": "a: {\"k\":\"v\",\"n\":1}\n",
    "flow-no-spaces": "a: [1,2,3]\nb: {c: d,e: f}\n",
    "flow-spaces-before-comma": "a: [ 1 ,\n 2 ]\n",
    "flow-escaped-quote-over-lines": "a: [\"x\\\" ]\", 'y'']',\n  z]\n",
    "flow-x-over-lines": "a: [Xa, X,\n b]\n",
    "flow-nested-over-lines": "a: [[1],\n [2]]\n",
    "flow-quote-at-line-start": "a: [x,\n \"]\", z]\n",
    "double-four-backslashes-then-break": "a: \"one\\\\\\\\\n  two\"\n",
    "entry-on-its-own-line-indented-one": "-\n a: 1\n",
    "plain-continuation-one-column-in": "- one\n two\n",
    "empty-quoted": "a: \"\"\nb: ''\n",
    "double-unicode-space-before-break": "a: \"one\u3000\n two\"\n",
    "double-leading-space": "a: \" one\n two\"\n",
    "single-backslash-folded": "a: 'x\\\\n\n  y'\n",
    "double-empty-last-line": "a: \"one\n\n\"\n",
    "double-unicode-space-after-empty-line": "a: \"one\n\n\u3000two\"\n",
    "flow-sequence": "a: [1, two, 'three', \"four\", ~, true]\n",
    "flow-sequence-multiline": "a: [one,\n  two, three\n  four]\nb: x\n",
    "flow-mapping": "a: {b: 1, c: two, 'd': \"e\"}\n",
    "flow-empty": "a: []\nb: {}\n",
    "flow-nested": "a: [[1, 2], {b: [c]}, []]\n",
    "flow-trailing-comma": "a: [1, 2, ]\n",
    "flow-quoted-brackets": "a: ['[', \"]\", '{x}']\n",
    "flow-plain-with-colon": "a: [http://x.org, a:b]\n",
    "flow-plain-spaces": "a: [one two ,three]\n",
    "flow-then-comment": "a: [1, 2] # c\n",
    "comments-and-blank-lines": "# head\n\na: 1 # x\n   # indented comment\n\nb: 2\n",
    "document-marker": "---\na: 1\n",
    "document-marker-comment-before": "# c\n---\na: 1\n...\n",
    "marker-with-content": "--- [1, 2]\n",
    "directive": "%YAML 1.2\n---\na: 1\n",
    "bom": "\ufeffa: 1\n",
    "top-scalar": "just text\n",
    "top-empty": "",
    "only-comments": "# nothing\n",
    "spaces-before-colon": "a   : 1\n",
    "dash-text": "a: -x\nb: x-\n",
    "question-text": "a: ?x\n",
    "key-with-dash": "-a: 1\n",
    "value-after-empty-key-line-is-deeper": "a:\n  b\n",
}


@pytest.mark.parametrize("text", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_the_loader_reads_a_document_as_pyyaml_does(text):
    assert cslyaml.load(text) == yaml.safe_load(text)


# Not YAML, or YAML the loader does not read (anchors, aliases, tags, complex keys): an error at
# its line (PyYAML raises too, or reads a feature the loader refuses).
ERRORS = {
    "unclosed-double": ('a: "x\n', 1, "a quoted scalar that never closes"),
    "unclosed-single": ("a: 1\nb: 'x\n\n", 2, "a quoted scalar that never closes"),
    "text-after-quote": ('a: "x" y\n', 1, "text after a quoted scalar: 'y'"),
    "unclosed-flow": ("a: [1, 2\nb: 3\n", 1, "a flow collection that never closes"),
    "text-after-flow": ("a: [1] x\n", 1, "text after a flow collection"),
    "flow-mapping-without-colon": ("a: {b, c}\n", 1, "expected ':' in a flow mapping"),
    "nested-flow-mapping-without-colon": ("x: 1\na: [{b}]\n", 2, "expected ':' in a flow mapping"),
    "flow-mapping-value-without-colon": ("x: 1\na: {b: {c}}\n", 2, "expected ':' in a flow mapping"),
    "unicode-space-after-flow": ("a: [1] \u3000\n", 1, "text after a flow collection: ' \\u3000'"),
    "long-text-after-flow": ("a: [1] " + "x" * 40 + "\n", 1, "text after a flow collection: ' " + "x" * 29 + "'"),
    "text-right-after-quote": ('a: "x"y\n', 1, "text after a quoted scalar: 'y'"),
    "hex-with-x": ('a: "\\x4X"\n', None, "bad escape \\x4X"),
    "flow-missing-comma": ("a: [[1] [2]]\n", 1, "expected ',' or the end of a flow collection"),
    "flow-unclosed-quote": ("a: ['x]\n", 1, "a flow collection that never closes"),
    "anchor": ("a: &x 1\n", 1, "unsupported YAML ('&': anchors, aliases, tags and directives are not read)"),
    "alias": ("a: 1\nb: *x\n", 2, "unsupported YAML ('*': anchors, aliases, tags and directives are not read)"),
    "tag": ("a: !!str 1\n", 1, "unsupported YAML ('!': anchors, aliases, tags and directives are not read)"),
    "complex-key": ("a: 1\n? b\n: c\n", 2, "expected 'key: value', found '? b'"),
    "complex-key-in-mapping": ("a: 1\n? b: c\n", 2, "expected 'key: value', found '? b: c'"),
    "duplicate-key": ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'"),
    "not-a-key": ("a: 1\nb\n", 2, "expected 'key: value', found 'b'"),
    "bad-block-header": ("a: |x\n  y\n", 1, "bad block scalar header '|x'"),
    "bad-hex": ('a: "\\x4g"\n', None, "bad escape \\x4g"),
    "short-hex": ('a: "\\u00e"\n', None, "bad escape \\u00e"),
    "unknown-escape": ('a: "\\q"\n', None, "unknown escape \\q"),
}


@pytest.mark.parametrize(("text", "line", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_what_the_loader_does_not_read_is_an_error_at_its_line(text, line, message):
    with pytest.raises(ValueError) as error:
        cslyaml.load(text)
    assert str(error.value).startswith(message)
    if line is not None:
        assert error.value.line == line


@pytest.mark.parametrize(("text", "expected"), [
    ("issued: 2020-05-01\npage: 1.5\nv: 1e3\n", {"issued": "2020-05-01", "page": "1.5", "v": "1e3"}),
    ("a: 1\n...\nb: 2\n", {"a": 1}),  # the first document only
    ("---\na: 1\n---\nb: 2\n", {"a": 1}),
    ("a:\tb\nc: d\t\n", {"a": "b", "c": "d"}),  # tabs separate (YAML 1.2 s-white; PyYAML refuses them)
    ("\n\n---\na: 1\nb: [x]\n", {"a": 1, "b": ["x"]}),
])
def test_what_the_loader_reads_as_pandoc_and_yaml_1_2_do(text, expected):
    """Beyond PyYAML: only integers, booleans and nulls are typed (dates and floats stay the text
    pandoc reads), the first document is read, tabs are white space."""
    assert cslyaml.load(text) == expected


def test_block_scalar_keep_chomping_at_the_end_of_the_text():
    """YAML 1.2 8.1.1.2: '+' keeps the final line break and the trailing empty lines; the line
    break ending the text is not one more empty line (PyYAML agrees)."""
    for text in ("a: |+\n  one\n\n", "a: >+\n  one\n\n", "a: |+\n  one\n\n\n", "a: |+\n  one\n"):
        assert cslyaml.load(text) == yaml.safe_load(text)
    assert cslyaml.load("a: |+\n  one\n\n") == {"a": "one\n\n"}


# Titles: pandoc reads them as Markdown; its CSL output marks them up as CSL-JSON rich text
# (citeproc-js tags).  Emphasis needs a non-space after the opener; an unclosed or empty span,
# a bracket without a {.nocase}/{.smallcaps} attribute, stay as written.
RICH = {
    "plain": ("A title", "A title"),
    "italic": ("An *Italic* word", "An <i>Italic</i> word"),
    "bold": ("A **bold** word", "A <b>bold</b> word"),
    "superscript": ("E = mc^2^", "E = mc<sup>2</sup>"),
    "subscript": ("H~2~O", "H<sub>2</sub>O"),
    "nocase": ("The [DNA]{.nocase} of [iPhone]{.nocase}", 'The <span class="nocase">DNA</span> of '
               '<span class="nocase">iPhone</span>'),
    "smallcaps": ("[Small]{.smallcaps} caps", '<span style="font-variant:small-caps;">Small</span> caps'),
    "bold-inside-italic": ("*a **b** c*", "<i>a <b>b</b> c</i>"),
    "italic-inside-bold": ("**a *b* c**", "<b>a <i>b</i> c</b>"),
    "italic-inside-nocase": ("[*x* y]{.nocase}", '<span class="nocase"><i>x</i> y</span>'),
    "unclosed": ("a *b", "a *b"),
    "unclosed-bold": ("a **b", "a **b"),
    "unclosed-bracket": ("a [b", "a [b"),
    "opener-before-space": ("a * b * c", "a * b * c"),
    "caret-before-space": ("a ^ b", "a ^ b"),
    "opener-at-end": ("a *", "a *"),
    "empty-span": ("a ** b", "a ** b"),
    "bracket-without-attribute": ("see [x] and [y]{.other}", "see [x] and [y]{.other}"),
    "escaped-star": ("\\*not\\* *yes*", "*not* <i>yes</i>"),
    "escaped-bracket": ("\\[x\\]{.nocase}", "[x]{.nocase}"),
    "escaped-backslash": ("a\\\\b *c*", "a\\b <i>c</i>"),
    "backslash-before-letter": ("\\alpha *c*", "\\alpha <i>c</i>"),
    "backslash-before-digit": ("\\1 *c*", "\\1 <i>c</i>"),
    "backslash-at-end": ("*c* \\", "<i>c</i> \\"),
    "hard-break": ("a\\\nb *c*", "a\nb <i>c</i>"),
    "escape-without-markup": ("a\\_b \\# c", "a_b # c"),
    "backslash-before-capital-x": ("\\X *c*", "\\X <i>c</i>"),
    "escaped-exclamation": ("\\! *c*", "! <i>c</i>"),
    "backslash-before-delete": ("\\\x7f *c*", "\\\x7f <i>c</i>"),
    "x-is-no-markup": ("XbX *c*", "XbX <i>c</i>"),
    "tilde-and-caret-escaped": ("\\~x\\~ \\^y\\^", "~x~ ^y^"),
}


@pytest.mark.parametrize(("markdown", "csl"), RICH.values(), ids=RICH.keys())
def test_a_titles_markdown_is_read_as_csl_rich_text(markdown, csl):
    assert cslyaml.rich_text(markdown) == csl


def test_titles_are_rich_text_and_other_fields_plain_text():
    text = ("references:\n- id: a\n  type: article-journal\n  title: '*On* [DNA]{.nocase}'\n"
            "  container-title: '*J*'\n  title-short: '**S**'\n  note: '*not* \\*markup'\n"
            "  keyword: [one, ~, two]\n")
    record, = api.read_text(text, "cslyaml", source="x.yaml").records
    assert record.title == '<i>On</i> <span class="nocase">DNA</span>'
    assert record.get("container-title") == "<i>J</i>"
    assert record.keywords == ("one", "two")


# A pandoc bibliography: a YAML document whose top level has ``references:`` (pandoc manual,
# "Specifying bibliographic data"), with or without the ``---`` marker, after blank and comment lines.
@pytest.mark.parametrize(("text", "expected"), [
    ("references:\n- id: a\n", True),
    ("\n# my refs\n  \nreferences:\n- id: a\n", True),
    ("\ufeffreferences: []\n", True),
    ("---\nreferences:\n- id: a\n", True),
    ("---\r\nreferences:\r\n- id: a\r\n", True),
    ("---\ntitle: x\nreferences: [{id: a}]\n", True),
    ("---\ntitle: x\nreferences:", True),
    ("---\ntitle: x\nreferences: \n- id: a\n", True),
    ("---\ntitle: x\n  references:\n", False),
    ("---\nreferences-x:\n", False),
    ("---\nreferences: x\n", False),
    ("title: x\nreferences:\n- id: a\n", False),
    ("# references:\n", False),
    ("XXreferences:\n", False),
    ("x references:\n", False),
    ("@article{a, title={references:}}", False),
])
def test_a_pandoc_bibliography_is_recognised(text, expected):
    assert cslyaml.looks_like(text) is expected


# Each record's source is the line of its '- ' at the list's indentation.
@pytest.mark.parametrize(("text", "lines"), [
    ("references:\n- id: a\n  author:\n  - family: X\n  - family: Y\n- id: b\n", [1 + 1, 6]),
    ("references:\n  - id: a\n    author:\n      - family: X\n  - id: b\n", [2, 5]),
    ("- id: a\n  keyword:\n  - k\n- id: b\n", [1, 4]),
    ("# c\nreferences:\n# inside\n-\n  id: a\n- id: b\n", [4, 6]),
    ("references:\n- id: a\n...\n- x\n", [2]),
    ("---\nnocite: x\nreferences:\n- id: a\n", [4]),
])
def test_records_come_from_the_line_of_their_item(text, lines):
    records = api.read_text(text, "cslyaml", source="x.yaml").records
    assert [r.source for r in records] == [f"x.yaml:{n}" for n in lines]


def test_the_reader_takes_crlf_flow_lists_and_reports_escapes_without_a_line():
    text = "references:\r\n- id: a\r\n  title: T\r\n  publisher: '*P*'\r\n"
    record, = api.read_text(text, "cslyaml", source="x.yaml").records
    assert (record.title, record.get("publisher"), record.source) == ("T", "*P*", "x.yaml:2")
    flow = api.read_text("references: [{id: a}, {id: b}]\n", "cslyaml", source="x.yaml")
    assert [r.id for r in flow.records] == ["a", "b"] and flow.problems == ()
    bad = api.read_text('references:\n- id: a\n  title: "\\q"\n', "cslyaml", source="x.yaml")
    assert [str(p) for p in bad.problems] == ["x.yaml: error: invalid YAML: unknown escape \\q"]
    skipped = api.read_text("references:\n- x\n- id: b\n# c\n- id: c\n", "cslyaml", source="x.yaml")
    assert [(r.id, r.source) for r in skipped.records] == [("b", "x.yaml:3"), ("c", "x.yaml:5")]
    after = api.read_text("nocite:\n- '@*'\nreferences:\n- id: a\n", "cslyaml", source="x.yaml")
    assert [r.source for r in after.records] == ["x.yaml:4"]
