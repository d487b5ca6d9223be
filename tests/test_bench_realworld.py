"""bench/realworld.py's real-world-shaped .bib (issue 16): the same bytes every time, a file that
BibTeX itself reads without an error, and bibexport reads every entry of it under its own key.
No time is asserted (bench/README.md has the measurements)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bibexport import api

BENCH = Path(__file__).parent.parent / "bench"


@pytest.fixture(scope="module")
def realworld():
    spec = importlib.util.spec_from_file_location("bench_realworld", BENCH / "realworld.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(realworld, tmp_path_factory):
    return realworld.generate(600, tmp_path_factory.mktemp("realworld"))


def test_generator_is_deterministic(realworld, generated, tmp_path):
    assert realworld.generate(600, tmp_path).read_bytes() == generated.read_bytes()


def test_it_mixes_what_real_files_have(generated):
    text = generated.read_text(encoding="utf-8")
    for needle in ("@string{", "@preamble{", "@comment{jabref-meta", "crossref = ", "\n%", "{\\\"u}", "\\\"{u}",
                   "\\noopsort", "# \"~", "@online{", "@INPROCEEDINGS{", "DBLP:journals", "\tauthor", "and others"):
        assert needle in text, needle
    types = {t.lower() for t in re.findall(r"^@(\w+)\{", text, re.M)} - {"string", "preamble", "comment"}
    assert len(types) >= 12


def test_bibexport_reads_every_entry_under_its_key(generated):
    keys = generated.with_suffix(".keys").read_text(encoding="utf-8").split()
    result = api.read(generated)
    assert [p for p in result.problems if p.severity == "error"] == []
    assert {r.id for r in result.records} == set(keys) and len(result.records) == len(keys)


@pytest.mark.skipif(shutil.which("bibtex") is None, reason="bibtex is not installed")
def test_bibtex_reads_it_without_an_error(generated):
    folder = generated.parent
    (folder / "t.aux").write_text(f"\\citation{{*}}\n\\bibstyle{{plain}}\n\\bibdata{{{generated.stem}}}\n")
    run = subprocess.run(["bibtex", "t"], cwd=folder, capture_output=True, text=True, errors="replace", timeout=60)
    assert "error message" not in run.stdout, run.stdout[-2000:]
