"""End to end: ``bibexport export`` as the README's first command runs it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from click.testing import CliRunner

from bibexport.cli import main

LISTING = "LGNov 28, 2022\nA TitleJane Doe\nAbstract.\n"


def test_readme_first_command_prints_fifty_valid_records(csl_validator, seed_expected):
    run = subprocess.run(
        [sys.executable, "-m", "bibexport", "export", "--to", "csljson"], capture_output=True, check=True,
        stdin=subprocess.DEVNULL,  # as CI runs it; a piped stdin would be read instead of the shipped listing
    )
    items = json.loads(run.stdout.decode("utf-8"))
    assert list(csl_validator.iter_errors(items)) == []
    assert [i["title"] for i in items] == [e["title"] for e in seed_expected]
    # Only the note that a date without a year got today's year (issue #19: keys hold it).
    (note,) = run.stderr.decode("utf-8").splitlines()
    assert re.fullmatch(r".*arxiv-listing\.txt:91: note: 'Jan 28' has no year: read as \d{4}-01-28, .*", note)


def test_export_own_listing_to_file(tmp_path):
    src, out = tmp_path / "mine.txt", tmp_path / "out.json"
    src.write_text(LISTING, encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(src), "--to", "csljson", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))[0]["title"] == "A Title"


def test_export_reads_stdin():
    result = CliRunner().invoke(main, ["export", "-", "--to", "csljson"], input=LISTING)
    assert result.exit_code == 0
    assert json.loads(result.stdout)[0]["id"] == "doe2022title"


def test_broken_record_warns_with_line_and_still_exports():
    text = LISTING + "LGNov 29, 2022\nbroken line without names\n"
    result = CliRunner().invoke(main, ["export", "-", "--to", "csljson"], input=text)
    assert result.exit_code == 0
    assert "<stdin>:5: warning:" in result.stderr
    assert [i["title"] for i in json.loads(result.stdout)] == ["A Title"]


def test_strict_fails_on_problems_and_writes_nothing(tmp_path):
    out = tmp_path / "out.json"
    text = LISTING + "LGNov 29, 2022\nbroken line without names\n"
    result = CliRunner().invoke(main, ["export", "-", "--to", "csljson", "-o", str(out), "--strict"], input=text)
    assert result.exit_code == 1
    assert "--strict" in result.stderr
    assert not out.exists()
    assert "Traceback" not in result.output


def test_missing_input_file_is_one_line_error_exit_1(tmp_path):
    result = CliRunner().invoke(main, ["export", str(tmp_path / "none.txt"), "--to", "csljson"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "cannot read" in result.stderr


def test_as_of_resolves_yearless_dates():
    text = "LGJan 28\nA TitleJane Doe\n"
    result = CliRunner().invoke(main, ["export", "-", "--to", "csljson", "--as-of", "2024-01-01"], input=text)
    assert json.loads(result.stdout)[0]["issued"] == {"date-parts": [[2023, 1, 28]]}


def test_bad_as_of_is_usage_error():
    result = CliRunner().invoke(main, ["export", "--to", "csljson", "--as-of", "yesterday"])
    assert result.exit_code == 2
