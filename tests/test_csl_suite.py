"""The CSL processor test suite, run through bibexport (``bench/csl_suite.py`` drives it).

``tests/data/csl-suite-passing.txt`` is a ratchet: every fixture listed there must keep
passing, so the count can only go up.  After a fix, list the new passes with
``python bench/csl_suite.py --write-passing tests/data/csl-suite-passing.txt``.
Skipped when ``../shared/csl-test-suite`` is absent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
RATCHET = Path(__file__).parent / "data" / "csl-suite-passing.txt"


def _runner():
    spec = importlib.util.spec_from_file_location("bench_csl_suite", REPO / "bench" / "csl_suite.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def suite():
    runner = _runner()
    if not runner.SUITE.is_dir():
        pytest.skip(f"{runner.SUITE} is absent: the CSL test suite is not checked out next to the repository")
    return runner


def test_listed_fixtures_still_pass(suite) -> None:
    listed = RATCHET.read_text(encoding="utf-8").split()
    paths = {p.stem: p for p in suite.fixtures()}
    assert not [n for n in listed if n not in paths], "ratchet names fixtures the suite does not have"
    failed = [o for o in suite.run(paths[n] for n in listed) if not o.passed]
    report = "\n".join(f"{o.name}: {o.reason}\n  expected: {o.expected!r}\n  got:      {o.got!r}" for o in failed)
    assert not failed, f"{len(failed)} fixtures of the ratchet fail now:\n{report}"


def test_fixture_sections_are_read() -> None:
    runner = _runner()
    text = (">>===== MODE =====>>\ncitation\n<<===== MODE =====<<\n"
            ">>===== RESULT =====>>\n  a &#38; b\n\n<<===== RESULT =====<<\n")
    sections = runner.parse("\ufeff" + text)
    assert sections["MODE"] == "citation"
    assert runner.normalize(sections["RESULT"]) == "a & b"
