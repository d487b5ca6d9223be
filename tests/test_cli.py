"""The command line: filters on every command, merging, list/check, exit codes, help and README."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bibexport import cli
from bibexport.cli import main

REPO = Path(__file__).parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")

LISTING = """\
LGNov 28, 2022Code
What learning algorithm is in-context learning? Investigations with linear modelsEkin Akyürek, Dale Schuurmans, Jacob Andreas et al. · microsoft-research, mit
Transformers can implement gradient descent in their activations.
AIJan 31, 2023
Learning Universal Policies via Text-Guided Video GenerationYilun Du, Mengjiao Yang, Bo Dai et al. · mit
We cast decision making as text-conditioned video generation.
CLMar 21, 2022
Self-Consistency Improves Chain of Thought Reasoning in Language ModelsXuezhi Wang, Jason Wei, Dale Schuurmans et al. · google
Chain-of-thought prompting combined with pre-trained large language models.
"""
# The first paper again, as another tool exports it: other key, other capitalization.
CSL_WITH_DUPLICATE = [
    {
        "id": "mykey",
        "type": "article",
        "title": "What Learning Algorithm Is In-Context Learning? Investigations with Linear Models",
        "author": [{"family": "Akyürek", "given": "Ekin"}],
        "issued": {"date-parts": [[2022, 11, 28]]},
    },
    {
        "id": "doe2021other",
        "type": "article-journal",
        "title": "Another paper",
        "author": [{"family": "Doe", "given": "Jane"}],
        "issued": {"date-parts": [[2021, 5]]},
    },
]
ALL_KEYS = ["akyurek2022learning", "du2023learning", "wang2022self"]


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, list(args), input=input, env=env)
    # Whatever happens, a user never sees a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr
    return result


@pytest.fixture
def listing(tmp_path: Path) -> str:
    path = tmp_path / "papers.txt"
    path.write_text(LISTING, encoding="utf-8")
    return str(path)


@pytest.fixture
def csl_with_duplicate(tmp_path: Path) -> str:
    path = tmp_path / "more.json"
    path.write_text(json.dumps(CSL_WITH_DUPLICATE, indent=2, ensure_ascii=False), encoding="utf-8")
    return str(path)


def keys_of(*args: str) -> list[str]:
    result = run("keys", *args)
    assert result.exit_code == 0, result.output
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


# --- Filters on every command ---------------------------------------------------------------


@pytest.mark.parametrize(
    "options, expected",
    [
        pytest.param([], ALL_KEYS, id="no-filter"),
        pytest.param(["--author", "akyurek"], ["akyurek2022learning"], id="author-accent-insensitive"),
        pytest.param(["--author", "schuurmans"], ["akyurek2022learning", "wang2022self"], id="author-any-position"),
        pytest.param(["--author", "Yilun Du", "--author", "wang"], ["du2023learning", "wang2022self"],
                     id="author-repeated-or"),
        pytest.param(["--year", "2023"], ["du2023learning"], id="year"),
        pytest.param(["--year", "2022-2022"], ["akyurek2022learning", "wang2022self"], id="year-range"),
        pytest.param(["--since", "2022-11-28"], ["akyurek2022learning", "du2023learning"], id="since"),
        pytest.param(["--until", "2022-06"], ["wang2022self"], id="until"),
        pytest.param(["--since", "2022-04", "--until", "2022"], ["akyurek2022learning"], id="since-until"),
        pytest.param(["--category", "LG"], ["akyurek2022learning"], id="category-badge"),
        pytest.param(["--category", "cs.AI"], ["du2023learning"], id="category-arxiv-name"),
        pytest.param(["--has-code"], ["akyurek2022learning"], id="has-code"),
        pytest.param(["--affiliation", "Google"], ["wang2022self"], id="affiliation"),
        pytest.param(["--match", r"gradient\s+descent"], ["akyurek2022learning"], id="match-abstract"),
        pytest.param(["--match", "^learning universal"], ["du2023learning"], id="match-title"),
        pytest.param(["--key", "wang*"], ["wang2022self"], id="key"),
        pytest.param(["--type", "article"], ALL_KEYS, id="type-kept"),
        pytest.param(["--type", "article-journal"], [], id="type-dropped"),
        pytest.param(["--affiliation", "mit", "--year", "2023"], ["du2023learning"], id="and"),
        pytest.param(["--sort", "-date"], ["du2023learning", "akyurek2022learning", "wang2022self"], id="sort"),
        pytest.param(["--sort", "date", "--limit", "1"], ["wang2022self"], id="sort-then-limit"),
    ],
)
def test_keys_filters(listing, options, expected):
    assert keys_of(listing, *options) == expected


def test_export_filters(listing):
    result = run("export", listing, "--to", "csljson", "--author", "AKYÜREK")
    assert result.exit_code == 0, result.output
    assert [item["id"] for item in json.loads(result.stdout)] == ["akyurek2022learning"]


def test_list_filters(listing):
    result = run("list", listing, "--category", "CL", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["KEY", "wang2022self"]


def test_keys_are_given_before_filtering(listing):
    # A filter must not change the key a record gets (keys would break between runs).
    full = keys_of(listing)
    assert keys_of(listing, "--year", "2023") == [k for k in full if "2023" in k]


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in ("export", "list", "keys", "cite")])
def test_every_record_command_takes_the_filter_options(name):
    command = main.commands[name]
    options = {o for p in command.params for o in p.opts}
    assert {"--author", "--year", "--since", "--until", "--category", "--has-code", "--affiliation",
            "--match", "--key", "--type", "--sort", "--limit", "--keep-duplicates"} <= options


# --- Several inputs ---------------------------------------------------------------------------


def test_merge_keeps_a_duplicate_once_naming_both_places(listing, csl_with_duplicate):
    result = run("keys", listing, csl_with_duplicate)
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ALL_KEYS + ["doe2021other"]
    [warning] = [line for line in result.stderr.splitlines() if "duplicate" in line]
    assert warning.startswith(f"{csl_with_duplicate}:2: warning: duplicate of {listing}:1")


def test_keep_duplicates(listing, csl_with_duplicate):
    result = run("keys", "--keep-duplicates", listing, csl_with_duplicate)
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ALL_KEYS + ["mykey", "doe2021other"]
    assert "duplicate" not in result.stderr


def test_quiet_silences_the_duplicate_warning(listing, csl_with_duplicate):
    result = run("-q", "keys", listing, csl_with_duplicate)
    assert result.exit_code == 0 and result.stderr == ""


def test_verbose_says_what_is_done(listing):
    result = run("-v", "keys", listing, "--year", "2023")
    assert "read 3 record(s)" in result.stderr
    assert "1 of 3 records selected" in result.stderr


def test_filters_that_select_nothing_say_so(listing):
    """Issue #19: an empty selection is said on stderr, even without -v; the shipped 50-record listing too."""
    result = run("keys", listing, "--category", "LG", "--since", "2023-06", "--has-code")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "0 of 3 records selected\n"
    shipped = run("export", "--to", "bibtex", "--category", "LG", "--since", "2023-06", "--has-code")
    assert shipped.stderr.splitlines()[-1] == "0 of 50 records selected"
    assert run("keys", listing, "--year", "2023").stderr == ""  # something selected: only with -v


def test_an_unknown_category_is_a_warning(listing):
    result = run("keys", listing, "--category", "XYZ", "--category", "cl")
    assert result.stdout.split("\t")[0] == "wang2022self"
    assert result.stderr.splitlines() == [
        "bibexport: warning: --category XYZ: no such category in the input, nor a listing badge or arXiv "
        "category (e.g. LG, cs.LG, stat.ML)"]
    # An arXiv category the input does not hold is no typo: no warning, just nothing selected.
    assert run("keys", listing, "--category", "hep-th").stderr == "0 of 3 records selected\n"


def test_an_inferred_year_is_a_note_not_a_problem(tmp_path):
    """Issue #19: said once on stderr; --strict and check do not count it; -q silences it."""
    path = tmp_path / "yearless.txt"
    path.write_text("LGJan 28\nA TitleJane Doe\nLGJan 29\nB TitleJane Doe\n", encoding="utf-8")
    strict = run("keys", str(path), "--as-of", "2026-11-25", "--strict")
    assert strict.exit_code == 0 and strict.stdout.startswith("doe2026title\t2026\t")
    assert strict.stderr.splitlines() == [f"{path}:1: note: 'Jan 28' has no year: read as 2026-01-28, the latest "
                                          "such date not after 2026-11-25 (--as-of, default today); so is every date "
                                          "without a year in this file, and the keys hold that year"]
    check = run("check", str(path))
    assert check.exit_code == 0 and check.stdout == "" and ": note: " in check.stderr
    assert run("-q", "keys", str(path)).stderr == ""


# --- Output files -----------------------------------------------------------------------------


def test_output_suffix_picks_the_format(listing, tmp_path):
    out = tmp_path / "refs.json"
    result = run("export", listing, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert [item["id"] for item in json.loads(out.read_text(encoding="utf-8"))] == ALL_KEYS


def test_failed_write_leaves_no_temporary_file(listing, tmp_path):
    target = tmp_path / "refs.json"
    target.mkdir()  # a folder where the file should go
    result = run("export", listing, "-o", str(target))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr
    assert os.listdir(tmp_path) == ["papers.txt", "refs.json"] or sorted(os.listdir(tmp_path)) == [
        "papers.txt",
        "refs.json",
    ]


# --- list -------------------------------------------------------------------------------------


def test_list_fits_a_narrow_terminal(listing):
    result = run("list", listing, env={"COLUMNS": "60"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert all(len(line) <= 60 for line in lines)
    assert any(line.endswith("…") for line in lines)
    assert lines[0].split() == ["KEY", "DATE", "CAT", "AUTHOR", "TITLE"]


def test_list_uses_a_wide_terminal(listing):
    result = run("list", listing, env={"COLUMNS": "250"})
    assert "Self-Consistency Improves Chain of Thought Reasoning in Language Models" in result.stdout
    assert "2022-03-21  cs.CL  Wang et al." in result.stdout


# --- check ------------------------------------------------------------------------------------


def test_check_clean_file_exits_0(listing):
    result = run("check", listing)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "1 file(s), 3 record(s), 0 problem(s)" in result.stderr


def test_check_reports_every_problem_with_file_and_line(listing, csl_with_duplicate, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_text("LGNov 29, 2022\nbroken line without names\n\nLGMay 1, 2023\nno names here either\n",
                      encoding="utf-8")
    missing = str(tmp_path / "missing.bib")
    result = run("check", listing, csl_with_duplicate, str(broken), missing)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{broken}:2: ") for line in lines)
    assert any(line.startswith(f"{broken}:5: ") for line in lines)
    assert any(line.startswith(f"{csl_with_duplicate}:2: warning: duplicate of {listing}:1") for line in lines)
    assert f"{missing}: error: cannot read" in result.stdout
    assert len(lines) == 4


def test_check_reports_duplicate_citation_keys(tmp_path):
    path = tmp_path / "keys.json"
    items = [dict(CSL_WITH_DUPLICATE[1], id="same"), dict(CSL_WITH_DUPLICATE[0], id="SAME")]
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "citation key 'SAME' is already used at" in result.stdout


# --- Exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        pytest.param(["keys", "--year", "twenty"], "not a year", id="bad-year"),
        pytest.param(["keys", "--year", "2024-2020"], "backwards", id="backwards-year-range"),
        pytest.param(["keys", "--since", "2023-02-30"], "not a real date", id="bad-since"),
        pytest.param(["keys", "--until", "yesterday"], "not a date", id="bad-until"),
        pytest.param(["keys", "--since", "2024", "--until", "2023"], "--since is after --until", id="since-after-until"),
        pytest.param(["list", "--match", "(oops"], "not a valid regular expression", id="bad-regex"),
        pytest.param(["keys", "--type", "novel"], "novel", id="bad-type"),
        pytest.param(["keys", "--sort", "size"], "size", id="bad-sort"),
        pytest.param(["keys", "--limit", "-1"], "-1", id="negative-limit"),
        pytest.param(["keys", "--as-of", "2024-13-01"], "not a date", id="bad-as-of"),
        pytest.param(["export", "-o", "refs.docx"], "--to", id="unknown-output-suffix"),
        pytest.param(["export"], "--to", id="no-output-format"),
        pytest.param(["export", "--to", "word"], "word", id="unknown-format"),
        pytest.param(["check"], "FILE", id="check-without-files"),
        pytest.param(["frobnicate"], "No such command", id="unknown-command"),
        pytest.param(["keys", "--no-such-option"], "No such option", id="unknown-option"),
    ],
)
def test_usage_mistakes_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "make_args, message",
    [
        pytest.param(lambda d: ["keys", str(d / "nope.txt")], "cannot read", id="missing-input"),
        pytest.param(lambda d: ["keys", str(d)], "cannot read", id="input-is-a-folder"),
        pytest.param(lambda d: ["export", "--to", "csljson", "-o", str(d / "no" / "such" / "dir.json")],
                     "cannot write", id="output-folder-missing"),
        pytest.param(lambda d: ["keys", "--strict", "-"], "--strict", id="strict-with-problems"),
        pytest.param(lambda d: ["check", "-"], "", id="check-with-problems"),
    ],
)
def test_errors_and_data_problems_exit_1(tmp_path, make_args, message):
    result = run(*make_args(tmp_path), input="LGNov 29, 2022\nbroken line without names\n")
    assert result.exit_code == 1, result.output
    assert message in result.stderr + result.stdout


UNREADABLE = [pytest.param(["keys"], id="keys"), pytest.param(["check"], id="check"),
              pytest.param(["export", "--to", "csljson"], id="export")]


def _says_unreadable(path: str, output: str) -> bool:
    # export and keys: "bibexport: error: FILE: cannot read: ..."; check: "FILE: error: cannot read: ..."
    return re.search(rf"^(bibexport: error: )?{re.escape(path)}: (error: )?cannot read: Permission denied$", output, re.M) is not None


@pytest.mark.parametrize("command", UNREADABLE)
def test_unreadable_input_exits_1(listing, command):
    os.chmod(listing, 0)
    try:
        if not os.access(listing, os.R_OK):
            result = run(*command, listing)
            assert result.exit_code == 1 and _says_unreadable(listing, result.stdout + result.stderr)
            return
        # Root reads any file (CAP_DAC_OVERRIDE): run the command as root without that capability
        # and CAP_DAC_READ_SEARCH, so that the file's mode 0 applies (setpriv, util-linux).
        setpriv = shutil.which("setpriv")
        if setpriv is None or os.geteuid() != 0:
            pytest.skip("this user can read a file of mode 0 and setpriv (util-linux) is not installed to drop that")
        process = subprocess.run([setpriv, "--bounding-set", "-dac_override,-dac_read_search",
                                  sys.executable, "-m", "bibexport", *command, listing],
                                 capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
        assert process.returncode == 1, process.stderr
        assert _says_unreadable(listing, process.stdout + process.stderr)
    finally:
        os.chmod(listing, 0o644)


# Progress: tests/test_progress.py


# --- Help, README and the command tree --------------------------------------------------------


def walk(command: click.Command, path: tuple[str, ...] = ()):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from walk(sub, path + (name,))


COMMANDS = list(walk(main))


@pytest.mark.parametrize("path, command", [pytest.param(p, c, id=" ".join(p) or "bibexport") for p, c in COMMANDS])
def test_help_has_an_example(path, command):
    result = run(*path, "--help")
    assert result.exit_code == 0
    assert command.help and "Example" in command.help
    assert re.search(r"^\s+bibexport\b", result.stdout, re.MULTILINE), "the example shows a command line"


def _documented(name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", README) is not None


@pytest.mark.parametrize("path, command", [pytest.param(p, c, id=" ".join(p) or "bibexport") for p, c in COMMANDS])
def test_readme_documents_command_and_options(path, command):
    if path:
        assert f"bibexport {' '.join(path)}" in README, f"README does not show `bibexport {' '.join(path)}`"
    with click.Context(command) as ctx:
        options = [o for p in command.get_params(ctx) if isinstance(p, click.Option)
                   for o in p.opts + p.secondary_opts]
    missing = [o for o in options if not _documented(o)]
    assert missing == [], f"README does not mention {missing} of `{' '.join(('bibexport',) + path)}`"


def test_readme_documents_shell_completion_and_exit_codes():
    assert "_BIBEXPORT_COMPLETE=bash_source" in README
    assert "## Exit codes" in README


@pytest.mark.parametrize("path, command", [pytest.param(p, c, id=" ".join(p)) for p, c in COMMANDS if p])
def test_every_command_turns_library_errors_into_one_line(path, command):
    marker = cli.handle_errors(lambda: None).__code__
    func = command.callback
    while func is not None and func.__code__ is not marker:
        func = getattr(func, "__wrapped__", None)
    assert func is not None, f"`bibexport {' '.join(path)}` is not wrapped in handle_errors"


def test_styles_without_shipped_styles_exits_1_with_one_line(tmp_path, monkeypatch):
    from bibexport import resources

    monkeypatch.setattr(resources, "_PACKAGE", tmp_path / "bibexport")
    result = run("styles")
    assert result.exit_code == 1
    assert result.stderr == "bibexport: error: bibexport's styles/ folder is missing; reinstall bibexport\n"


@pytest.mark.parametrize("command", ["export", "cite"])
def test_style_help_names_the_styles_module_defaults(command):
    from bibexport.styles import DEFAULT_LOCALE, DEFAULT_STYLE

    help_text = " ".join(run(command, "--help").stdout.split())
    assert f"default {DEFAULT_STYLE}." in help_text and f"default {DEFAULT_LOCALE}." in help_text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["export", "--to", "text", "--style", "apaa"], "unknown style 'apaa'; did you mean apa", id="style-typo"),
        pytest.param(["export", "--to", "ris", "--style", "nosuch"], "unknown style 'nosuch'", id="style-unused-by-ris"),
        pytest.param(["export", "--to", "html", "--style", "no/such.csl"], "no/such.csl: no such style file", id="style-file"),
        pytest.param(["export", "--to", "text", "--locale", "de-XX"], "unknown locale 'de-XX'; did you mean", id="locale"),
        pytest.param(["cite", "akyurek2022learning", "--style", "chicgo"], "did you mean chicago", id="cite-style"),
    ],
)
def test_unknown_style_or_locale_is_a_usage_error(args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Invalid value for" in result.stderr
    assert result.stdout == ""


def test_known_style_and_locale_are_accepted_for_any_output(listing):
    assert run("export", listing, "--to", "ris", "--style", "ieee", "--locale", "de").exit_code == 0


def test_importing_the_cli_loads_no_reader_writer_or_optional_module():
    import subprocess
    import sys

    code = "import sys, bibexport.cli; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    lazy = ["bibexport.citations", "bibexport.stream", "bibexport.styles", "citeproc", "lxml"]
    assert [m for m in loaded if m in lazy or m.startswith(("bibexport.readers.", "bibexport.writers."))] == []


def test_the_program_collects_garbage_rarely(monkeypatch):
    calls = []
    monkeypatch.setattr(cli.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(cli.gc, "set_threshold", lambda *t: calls.append(t))
    monkeypatch.setattr(cli.sys, "argv", ["bibexport", "formats"])
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 0
    assert calls == ["freeze", (200_000, 100, 100)]


# --- Duplicates within one .bib file: the key is the identity -------------------------------

TWO_KEYS_ONE_TITLE = """@article{knuth1984a, author = {Knuth, Donald E.}, title = {Literate Programming},
  journal = {The Computer Journal}, year = 1984}
@article{knuth1984b, author = {Knuth, Donald E.}, title = {Literate programming}, year = 1984, volume = 27}
"""


def test_entries_of_one_bib_file_with_different_keys_are_all_kept(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(TWO_KEYS_ONE_TITLE, encoding="utf-8")
    result = run("keys", str(path))
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["knuth1984a", "knuth1984b"]
    assert result.stderr == ""


def test_duplicates_and_merge_options_within_one_file(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(TWO_KEYS_ONE_TITLE, encoding="utf-8")
    result = run("export", "--duplicates", "citation", "--merge", "combine", "--to", "csljson", str(path))
    [item] = json.loads(result.stdout)
    assert (item["id"], item["volume"], item["container-title"]) == ("knuth1984a", "27", "The Computer Journal")
    assert f"{path}:3: warning: duplicate of {path}:1" in result.stderr and "added: volume" in result.stderr


def test_unknown_duplicate_rule_is_a_usage_error(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(TWO_KEYS_ONE_TITLE, encoding="utf-8")
    result = run("keys", "--duplicates", "isbn", str(path))
    assert result.exit_code == 2 and "key, doi, citation, abstract" in result.stderr
