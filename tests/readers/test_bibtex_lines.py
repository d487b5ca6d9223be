"""Every ``file:line`` is exact deep into a large file (issue 16, class 10: warnings drifted by 1-2
lines after about line 31,000 of a real bibliography).

The files are generated here, over 40,000 lines, with what real files have between the problems:
values over several lines, ``%`` comments, ``@comment`` and ``@preamble`` blocks, ``@string``s,
characters that other programs count as line breaks but BibTeX does not (form feed, vertical tab,
NEL, U+2028: BibTeX counts only the line feed, and so do editors' line numbers), CRLF line ends.
The generator writes down the line of each problem as it writes it; the reader must report that
line.  The large variant (over 2 MB, no ``@string``) is read in two halves on two cores.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from bibexport import api
from bibexport.cli import main
from bibexport.parallel import can_fork
from bibexport.readers import bibtex

ODD_BREAKS = ["\x0c", "\x0b", "\x85", "\u2028", "\u2029", "\x1c"]


def _generate(n_lines: int, *, strings: bool, abstract: int) -> tuple[str, dict[int, str]]:
    """A .bib text of at least ``n_lines`` lines and, by line, the problem expected there."""
    lines: list[str] = []
    expected: dict[int, str] = {}

    def add(text: str, problem: str | None = None) -> None:
        if problem:
            expected[len(lines) + 1] = problem
        lines.append(text)

    if strings:
        add('@string{jcp = "J. Chem. Phys."}')
        add('@preamble{"\\newcommand{\\noopsort}[1]{}"}')
    i = 0
    while len(lines) < n_lines:
        i += 1
        if i % 97 == 0:
            add(f"% a comment line {i}" + (" with a { brace" if strings else ""))  # (a brace: no parallel cut)
        if i % 211 == 0:
            add(f"@comment{{ a comment block {i}")
            add("   over two lines }")
        if strings and i % 1001 == 0:
            add('@string{jcp = "Journal of Chemical Physics"}', "@string 'jcp' defined again")
        add(f"@article{{key{i},")
        add(f"  author = {{M{{\\\"u}}ller, J{i}rgen and van der Berg, Anna}},")
        odd = ODD_BREAKS[i % len(ODD_BREAKS)]
        add(f"  title = {{A title over{odd}two lines,")
        add(f"           number {i}{odd} with odd breaks}},")
        if abstract:
            add(f"  abstract = {{{'Some words of an abstract. ' * abstract}}},")
        if i % 500 == 0:
            add("  month = {13},", "month = {13}: not a month")
        if i % 733 == 0:
            add("  author = {Someone Else},", "field 'author' given twice")
        if i % 1234 == 0:  # reported once, at its first use, with the number of uses
            add("  note = {see \\unknowncmd{x}},", None if i > 1234 else "unknown LaTeX command \\unknowncmd")
        if i % 1777 == 0:
            add("  pages = {1--2}")  # the comma is missing: the error is at the next field's line
            add("  volume = {3},", "missing comma between fields 'pages' and 'volume'")
        add(f"  journal = {'jcp' if strings else '{J. Chem. Phys.}'},")
        add(f"  year = {1990 + i % 30}")
        add("}")
        if i % 2003 == 0:
            add(f"@misc{{key{i},", "duplicate citation key")
            add("  title = {The same key again}, year = 2001}")
        add("")
    add("@misc{last,")  # the last lines of the file
    add("  title = {Last}, month = {13},", "month = {13}: not a month")
    add("  author = {A. Author}")
    add("  year = {2000}", "missing comma between fields 'author' and 'year'")
    add("}")
    return "\n".join(lines) + "\n", expected


def _reported(output: str, name: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for match in re.finditer(rf"^{re.escape(name)}:(\d+): (?:warning|error): (.*)$", output, re.M):
        found.setdefault(int(match[1]), []).append(match[2])
    return found


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
@pytest.mark.parametrize("strings, abstract", [(True, 0), (False, 10)], ids=["strings", "over-2MB-two-halves"])
def test_every_problem_is_reported_at_its_exact_line(tmp_path, strings, abstract, crlf):
    text, expected = _generate(40_000, strings=strings, abstract=abstract)
    assert text.count("\n") >= 40_000 and max(expected) > 38_000
    if not strings:  # the reader splits this file across two cores (where it can fork)
        assert len(bibtex._chunks(text, 2)) == 2 or not can_fork()
    path = tmp_path / "big.bib"
    path.write_bytes(text.replace("\n", "\r\n").encode() if crlf else text.encode())
    result = CliRunner().invoke(main, ["check", str(path)])
    reported = _reported(result.stdout, str(path))
    for line, problem in expected.items():
        assert any(problem in message for message in reported.get(line, [])), (line, problem, reported.get(line))
    stray = {line: messages for line, messages in reported.items() if line not in expected}
    assert stray == {}


def test_an_unknown_command_is_reported_once_per_file_even_when_read_in_halves(tmp_path):
    text, expected = _generate(40_000, strings=False, abstract=10)
    uses = text.count("\\unknowncmd")
    assert uses > 1
    path = tmp_path / "big.bib"
    path.write_text(text, encoding="utf-8")
    result = api.read(path)
    unknown = [p for p in result.problems if "unknown LaTeX command" in p.message]
    assert len(unknown) == 1
    assert f"({uses} use(s), first here)" in unknown[0].message
    (line,) = [line for line, problem in expected.items() if problem.startswith("unknown LaTeX")]
    assert unknown[0].line == line
