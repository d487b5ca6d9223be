"""Start-up time of a small conversion (issue 16: at most 0.15 s for a small file).

    python bench/startup.py [--runs 41] [FILE.bib]

Runs ``bibexport export FILE --to csljson -o /dev/null`` (the installed console script, as a
user runs it), ``pandoc -f bibtex -t csljson`` (pypandoc-binary's, when installed) and
``python -c pass`` (the interpreter alone) in turn, ``--runs`` times each after a warm-up, and
prints the median and the fastest wall time and the median CPU time (user + system of the
child) of each.  The child runs without PYTHONDONTWRITEBYTECODE, as a user's shell does, so
that compiled bytecode is used.  Default FILE: the shipped test file real_world_snippets.bib
(7 entries, 891 bytes).  ``--imports`` also lists the modules the bibexport run imports.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT = REPO / "tests" / "data" / "readers" / "bibtex" / "real_world_snippets.bib"


def _pandoc() -> str | None:
    try:
        import pypandoc  # type: ignore[import-not-found]

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _time(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    """Median wall, fastest wall, median CPU seconds of ``command`` over ``runs`` runs."""
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=41)
    parser.add_argument("--imports", action="store_true")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    script = Path(sys.executable).with_name("bibexport")
    bibexport = [str(script) if script.exists() else "bibexport", "export", str(args.file), "--to", "csljson",
                 "-o", os.devnull]
    commands = {"bibexport": bibexport, "python -c pass": [sys.executable, "-c", "pass"]}
    pandoc = _pandoc()
    if pandoc:
        commands["pandoc"] = [pandoc, "-f", "bibtex", "-t", "csljson", "-o", os.devnull, str(args.file)]
    load = os.getloadavg()[0]
    print(f"{args.file.name} ({args.file.stat().st_size:,} bytes), {args.runs} runs each, "
          f"load average {load:.2f} on {os.cpu_count()} cores")
    print(f"| command | median wall (s) | fastest (s) | median CPU (s) |\n| --- | --- | --- | --- |")
    for name, command in commands.items():
        median, fastest, cpu = _time(command, args.runs, env)
        print(f"| {name} | {median:.3f} | {fastest:.3f} | {cpu:.3f} |")
    if args.imports:
        probe = (f"import runpy, sys; sys.argv = {bibexport!r}\ntry:\n    runpy.run_module('bibexport', "
                 "run_name='__main__')\nexcept SystemExit:\n    pass\nprint(' '.join(sorted(sys.modules)))")
        run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
        print(run.stdout)


if __name__ == "__main__":
    main()
