"""str.isdigit() holds for characters int() refuses (superscripts '²', circled '①'): every
check before an int() uses str.isdecimal().  Found while reading the RIS reader's surviving
mutants (tests/MUTATION.md): a date part '²' made int() raise, and the whole record was lost."""

from __future__ import annotations

from click.testing import CliRunner

from bibexport import api
from bibexport.cli import main
from bibexport.merge import split_source


def test_bibtex_month_or_day_that_is_no_number_loses_no_record() -> None:
    for fields in ("month = {²}", "month = feb, day = {①}"):
        result = api.read_text(f"@article{{a, title = {{T}}, year = 2020, {fields}}}", "bibtex", source="x.bib")
        assert [(r.title, r.year) for r in result.records] == [("T", 2020)]
        assert all(p.severity == "warning" for p in result.problems)


def test_ris_date_part_that_is_no_number_loses_no_record() -> None:
    (record,) = api.read_text("TY  - JOUR\nTI  - T\nPY  - 2020/²/\nER  - \n", "ris").records
    assert (record.title, record.year) == ("T", 2020)


def test_check_reads_a_month_that_is_no_number(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "a.bib"
    path.write_text("@article{a, title={T}, author={Ann Doe}, journal={J}, year=2020, month={²}}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "month" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_a_key_format_count_that_is_no_number_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["keys", "--key-format", "{title:²}"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    assert "the argument of title must be" in result.stderr


def test_a_source_line_that_is_no_number_stays_in_the_name() -> None:
    assert split_source("a.bib:²") == ("a.bib:²", None)
