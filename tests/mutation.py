"""Mutation testing of one core module with its own test files only (tests/MUTATION.md).

    pip install -e '.[test,mutation]'
    python tests/mutation.py dates            # or: names, keys, latex, readers/ris, ...
    python tests/mutation.py --list           # the modules and their test files

mutmut (3.x) runs in a copy of the project under a temporary folder (nothing is written into
the checkout), mutating only ``bibexport/<MODULE>.py`` and running only that module's test
files for each mutant (never the whole suite: a mutant runs only the tests that call the
mutated function), one process at a time.  It prints the counts and every surviving mutant's
diff; ``--keep DIR`` keeps the copy (``cd DIR && mutmut show NAME``, ``mutmut browse``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# module (under bibexport/, without .py) -> the test files that specify it
MODULES: dict[str, tuple[str, ...]] = {
    "dates": ("tests/test_dates.py", "tests/test_dates_spec.py"),
    "names": ("tests/test_names.py", "tests/test_names_spec.py"),
    "merge": ("tests/test_merge.py", "tests/test_merge_spec.py"),
    "filters": ("tests/test_filters.py", "tests/test_filters_spec.py"),
    "keys": ("tests/test_keys.py", "tests/test_keys_spec.py"),
    "latex": ("tests/test_latex.py", "tests/test_latex_oracle.py", "tests/test_latex_spec.py"),
    "readers/ris": ("tests/readers/test_ris.py", "tests/readers/test_ris_spec.py", "tests/test_nothing_lost.py"),
    "readers/csljson": ("tests/readers/test_csljson.py", "tests/readers/test_sniff.py", "tests/test_nothing_lost.py",
                        "tests/readers/test_csljson_spec.py"),
    "readers/cslyaml": ("tests/readers/test_cslyaml.py", "tests/readers/test_cslyaml_spec.py"),
    "readers/extra": ("tests/readers/test_csljson.py", "tests/test_notes.py", "tests/readers/test_extra_spec.py"),
    "readers/bibsyntax": ("tests/readers/test_bibsyntax.py", "tests/readers/test_bibsyntax_spec.py"),
    "readers/bibtex": ("tests/readers/test_bibtex.py", "tests/readers/test_bibtex_spec.py"),
    "readers/listing": ("tests/readers/test_listing.py", "tests/readers/test_listing_spec.py"),
    "readers/zoterordf": ("tests/readers/test_zoterordf_spec.py", "tests/readers/test_zoterordf.py"),
    # test_lossless.py takes about 20 s (the CSL suite, Hypothesis): only its RIS tests
    "writers/ris": ("tests/writers/test_ris.py", "tests/writers/test_ris_spec.py", "tests/test_nothing_lost.py",
                    "tests/test_lossless.py::test_ris_creator_tags_as_zotero_maps_them",
                    "tests/test_lossless.py::test_ris_access_date_is_y2_and_a_range_an_n1_line"),
    "writers/csljson": ("tests/writers/test_csljson.py", "tests/writers/test_csljson_encoder.py", "tests/writers/test_csljson_spec.py",
                        "tests/test_nothing_lost.py"),
    "writers/cslyaml": ("tests/writers/test_cslyaml.py", "tests/writers/test_cslyaml_spec.py"),
    # slow tests (bibtex, biber, pdflatex runs) left out with --deselect, see tests/MUTATION.md
    "writers/bibtex": ("tests/writers/test_bibtex.py", "tests/writers/test_bibtex_bc_dates.py",
                       "tests/writers/test_bibtex_spec.py"),
    "writers/zoterordf": ("tests/writers/test_zoterordf.py", "tests/readers/test_zoterordf.py", "tests/readers/test_zoterordf_spec.py"),
}


PLUGIN = '''"""Written by tests/mutation.py: bibexport's caches emptied before every test."""
import sys

import pytest


@pytest.fixture(autouse=True)
def _empty_caches():
    for name, module in list(sys.modules.items()):
        if name == "bibexport" or name.startswith("bibexport."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
            for key, cache in list(vars(module).items()):  # latex._CACHE, readers.bibtex._NAME_CACHE
                if key.endswith("_CACHE") and isinstance(cache, dict):
                    cache.clear()
    yield
'''


def run(module: str, keep: Path | None, jobs: int = 1, deselect: str = "") -> int:
    tests = MODULES[module]
    work = keep or Path(tempfile.mkdtemp(prefix="bibexport-mutation-"))
    work.mkdir(parents=True, exist_ok=True)
    for name in ("bibexport", "data", "styles", "tests"):
        shutil.copytree(REPO / name, work / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
    # Tests read README.md (test_nothing_lost checks its "What each format keeps" section):
    # without it mutmut's clean run fails and every mutant stays "not checked".
    shutil.copy2(REPO / "README.md", work / "README.md")
    # Caches filled by the run that maps tests to functions would hide a mutant of a cached
    # function (latex._CACHE, bibtex._NAME_CACHE, lru_cache): every test starts with them empty.
    (work / "tests" / "_mutation_plugin.py").write_text(PLUGIN, encoding="utf-8")
    config = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    extra = f", \"-k\", \"not ({deselect})\"" if deselect else ""
    config += f"""
[tool.mutmut]
source_paths = ["bibexport"]
only_mutate = ["bibexport/{module}.py"]
pytest_add_cli_args_test_selection = {list(tests)!r}
pytest_add_cli_args = ["-p", "no:randomly", "-p", "no:cacheprovider", "-p", "tests._mutation_plugin", "-q", "-x"{extra}]
also_copy = ["data", "styles", "README.md"]
"""
    (work / "pyproject.toml").write_text(config.replace("'", '"'), encoding="utf-8")
    mutmut = [sys.executable, "-m", "mutmut"]
    done = subprocess.run([*mutmut, "run", "--max-children", str(jobs)], cwd=work, stdout=subprocess.DEVNULL)
    results = subprocess.run([*mutmut, "results", "--all", "true"], cwd=work, capture_output=True, text=True)
    status: dict[str, str] = {}
    for line in results.stdout.splitlines():
        if m := re.match(r"\s*(\S+__mutmut_\d+): (.+)$", line):
            status[m[1]] = m[2].strip()
    counts: dict[str, int] = {}
    for value in status.values():
        counts[value] = counts.get(value, 0) + 1
    total = len(status)
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    print(f"bibexport/{module}.py with {' '.join(tests)}: {total} mutants, {killed} killed "
          f"({100 * killed / max(total, 1):.1f}%), {counts}")
    for name, value in status.items():
        if value not in ("killed", "timeout"):
            shown = subprocess.run([*mutmut, "show", name], cwd=work, capture_output=True, text=True).stdout
            print(f"--- {name}: {value}\n{shown.strip()}")
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", nargs="?", choices=sorted(MODULES), metavar="MODULE")
    parser.add_argument("--list", action="store_true", help="print the modules and their test files")
    parser.add_argument("--keep", type=Path, help="run in DIR and keep it (mutmut's state, for mutmut show/browse)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--deselect", default="", metavar="EXPR",
                        help="leave out the tests pytest -k EXPR selects (slow external tools: 'biber or pdflatex')")
    args = parser.parse_args()
    if args.list or not args.module:
        for module, tests in MODULES.items():
            print(f"{module:20} {' '.join(tests)}")
        return 0
    return run(args.module, args.keep, args.jobs, args.deselect)


if __name__ == "__main__":
    sys.exit(main())
