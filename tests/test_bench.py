"""The benchmark keeps working: tiny inputs, generated files that the readers accept, a table.

No test here asserts a time.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from bibexport.readers import csljson, listing

BENCH = Path(__file__).parent.parent / "bench"


def _load(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # run.py imports generate as a sibling module
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate():
    return _load("generate")


@pytest.fixture(scope="module")
def bench_run():
    return _load("run")


def test_generated_listing_reads_back_without_problems(generate, tmp_path):
    path = generate.generate("listing", 300, tmp_path)
    result = listing.read(path.read_text(encoding="utf-8"), str(path), as_of=dt.date(2026, 1, 1))
    papers = list(generate.papers(300))
    assert result.problems == ()
    assert [r.title for r in result.records] == [p.title for p in papers]
    assert [r.author[0].family for r in result.records] == [p.authors[0].family for p in papers]
    assert sum(r.authors_truncated for r in result.records) == sum(len(p.authors) > 3 for p in papers)


def test_generated_inputs_are_realistic(generate, tmp_path):
    papers = list(generate.papers(300))
    assert max(len(p.authors) for p in papers) >= 100  # long author lists
    bib = generate.generate("bibtex", 300, tmp_path).read_text(encoding="utf-8")
    assert '{\\"u}' in bib and '\\"{u}' in bib and "{\\L}" in bib  # LaTeX accents, three spellings
    assert any(not p.title.isascii() for p in papers)


def test_generated_csljson_is_valid_and_readable(generate, tmp_path, csl_validator):
    path = generate.generate("csljson", 50, tmp_path)
    items = json.loads(path.read_text(encoding="utf-8"))
    for item in items:
        csl_validator.validate([item])
    result = csljson.read(path.read_text(encoding="utf-8"), str(path))
    assert result.problems == () and len(result.records) == 50


def test_generated_bibtex_parses_with_bibtexparser(generate, tmp_path):
    bibtexparser = pytest.importorskip("bibtexparser")
    library = bibtexparser.parse_string(generate.generate("bibtex", 50, tmp_path).read_text(encoding="utf-8"))
    assert len(library.entries) == 50
    assert library.failed_blocks == []


def test_quick_run_prints_a_table_with_every_case(bench_run, tmp_path, capsys):
    results = bench_run.main(["--quick", "--out", str(tmp_path), "--pandoc-max", "0"])
    out = capsys.readouterr().out
    assert "| conversion" in out and "listing -> csljson" in out
    listing_row = next(r for r in results if (r.case.source, r.case.target) == ("listing", "csljson"))
    assert listing_row.status == "ok" and listing_row.peak_mb > 0 and listing_row.warnings == 0
    assert all(r.status in ("ok", "n/a") for r in results), [r.status for r in results if r.status != "ok"]
    assert (tmp_path / "result-bibexport-listing-200.json").exists()


def test_format_bibexport_cannot_handle_is_reported_not_run(bench_run, tmp_path):
    args = bench_run.parse_args(["--quick", "--out", str(tmp_path)])
    case = bench_run.Case("ris", "csljson", 10, "bibexport")
    assert bench_run.run_case(case, args, ({"listing"}, {"csljson"}), None).status == "n/a"
    assert bench_run.run_case(bench_run.Case("ris", "csljson", 10, "pandoc"), args, (set(), set()), None).status == "n/a"


def test_ratio_compares_with_pandoc_on_the_same_case(bench_run):
    fast = bench_run.Result(bench_run.Case("bibtex", "csljson", 10, "bibexport"), "ok", seconds=2.0)
    slow = bench_run.Result(bench_run.Case("bibtex", "csljson", 10, "pandoc"), "ok", seconds=11.0)
    other = bench_run.Result(bench_run.Case("bibtex", "csljson", 20, "pandoc"), "ok", seconds=1.0)
    assert bench_run.ratio([fast, other, slow], fast) == "5.5x"
    assert bench_run.ratio([fast, other, slow], slow) == ""


def test_saved_results_print_the_same_table(bench_run, tmp_path, capsys):
    saved = tmp_path / "results.json"
    results = bench_run.main(["--sizes", "20", "--out", str(tmp_path), "--pandoc-max", "0", "--formatted", "0",
                              "--json", str(saved)])
    capsys.readouterr()
    again = bench_run.main(["--table", str(saved)])
    assert [(r.case, r.status, r.seconds) for r in again] == [(r.case, r.status, r.seconds) for r in results]
    assert bench_run.table(again) in capsys.readouterr().out


def test_floor_peer_writes_every_record(generate, bench_run, tmp_path):
    """bench/floor.py bounds bibexport's listing speed from below: it must still see every record."""
    results = bench_run.main(["--sizes", "120", "--out", str(tmp_path), "--pandoc-max", "0", "--formatted", "0"])
    assert {r.case.target for r in results if r.case.tool == "floor" and r.status == "ok"} == {"csljson", "bibtex", "ris"}
    items = json.loads((tmp_path / "result-floor-listing-120.json").read_text(encoding="utf-8"))
    assert len(items) == 120  # its split of titles and authors is crude, but every paper is there
    assert [item["abstract"] for item in items] == [p.abstract for p in generate.papers(120)]
    assert (tmp_path / "result-floor-listing-120.ris").read_text(encoding="utf-8").count("ER  - ") == 120


def test_floor_ratio_is_bibexport_time_over_floor_time(bench_run):
    ours = bench_run.Result(bench_run.Case("listing", "csljson", 10, "bibexport"), "ok", seconds=3.0)
    floor = bench_run.Result(bench_run.Case("listing", "csljson", 10, "floor"), "ok", seconds=0.5)
    assert bench_run.over_floor([ours, floor], ours) == "6.0x"
    assert bench_run.over_floor([ours, floor], floor) == ""
    assert bench_run.ratio([ours, floor], ours) == ""  # the floor is no pandoc


def test_repeated_runs_keep_the_fastest_wall_and_the_least_cpu(bench_run):
    case = bench_run.Case("csljson", "text", 10, "bibexport", ("--style", "apa"))
    first = bench_run.Result(case, "ok", seconds=3.0, cpu_seconds=1.0, peak_mb=50.0)
    second = bench_run.Result(case, "ok", seconds=2.0, cpu_seconds=1.5, peak_mb=60.0)
    best = bench_run.fastest(bench_run.fastest(None, first), second)
    assert (best.seconds, best.cpu_seconds, best.peak_mb) == (2.0, 1.0, 60.0)
    failed = bench_run.Result(case, "error: exit 1")
    assert bench_run.fastest(best, failed).status == "error: exit 1"


def test_cpu_ratio_compares_with_citeproc_py_by_cpu_time(bench_run):
    mine = bench_run.Result(bench_run.Case("csljson", "text", 10, "bibexport", ("--style", "apa")), "ok",
                            seconds=4.0, cpu_seconds=2.0)
    peer = bench_run.Result(bench_run.Case("csljson", "text", 10, "citeproc-py", ("--style", "apa")), "ok",
                            seconds=10.0, cpu_seconds=9.0)
    assert (bench_run.ratio([mine, peer], mine), bench_run.cpu_ratio([mine, peer], mine)) == ("2.5x", "4.5x")
    assert bench_run.cpu_ratio([mine, peer], peer) == ""
