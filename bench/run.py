"""Benchmark bibexport against pandoc on synthetic inputs; print a table.

Every conversion runs as a subprocess (``python -m bibexport export ...`` and ``pandoc
-f X -t Y``), timed by wall clock, with the child's peak resident memory taken from
``wait4``.  Inputs come from ``bench/generate.py`` (generated on first use into
``bench/out/``, which git ignores).  Conversions whose formats this bibexport cannot
read or write yet are reported as ``n/a``.

    python bench/run.py                       # 10k and 100k records, 5k formatted
    python bench/run.py --sizes 10000 --million
    python bench/run.py --quick               # 200 records: checks the script works

The formatted row (APA) also runs plain citeproc-py on the same CSL-JSON file
(``bench/citeproc_py.py``): "vs peer" is how many times faster bibexport is than pandoc or,
for formatted output, than citeproc-py, by wall time; "vs peer CPU" the same by CPU time.

With ``--repeat N`` the cases run in N rounds, every case once per round, so that a tool
and its peer alternate under the same load; each case keeps its fastest wall time and its
least CPU time (possibly of different rounds).

Listing conversions also run ``bench/floor.py`` (the least any CPython program can do with
the file: split lines, dump) as a second peer: "x floor" is bibexport's time over its time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate  # noqa: E402

ROOT = Path(__file__).parent.parent
SUFFIX = {"csljson": ".json", "bibtex": ".bib", "biblatex": ".bib", "ris": ".ris", "text": ".txt",
          "html": ".html", "markdown": ".md"}


@dataclass(frozen=True, slots=True)
class Case:
    """One conversion of one input size by one tool."""

    source: str  # input format (a generate.py format)
    target: str  # output format (bibexport name)
    size: int
    tool: str  # "bibexport", "pandoc" or "floor" (bench/floor.py)
    extra: tuple[str, ...] = ()  # more bibexport options, e.g. ("--style", "apa")

    @property
    def label(self) -> str:
        style = f" ({self.extra[-1]})" if self.extra else ""
        return f"{self.source} -> {self.target}{style}"


@dataclass(slots=True)
class Result:
    case: Case
    status: str  # "ok", "n/a" or "error: ..."
    seconds: float | None = None  # wall clock
    cpu_seconds: float | None = None  # user + system time of the child
    peak_mb: float | None = None
    warnings: int = 0

    @property
    def per_second(self) -> float | None:
        return self.case.size / self.seconds if self.seconds else None


# pandoc reader/writer names for the formats both tools handle.
PANDOC_NAMES = {"bibtex": "bibtex", "biblatex": "biblatex", "csljson": "csljson", "ris": "ris"}


def pandoc_path(explicit: str | None) -> str | None:
    """pandoc from --pandoc, else pypandoc-binary's bundled binary, else PATH."""
    if explicit:
        return explicit
    try:
        import pypandoc  # type: ignore[import-not-found]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        return shutil.which("pandoc")


def bibexport_formats(python: str) -> tuple[set[str], set[str]]:
    """(readable, writable) format names of the bibexport installed for ``python``."""
    done = subprocess.run([python, "-m", "bibexport", "formats"], capture_output=True, text=True, check=True)
    readable, writable = set(), set()
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[1]) == 2:
            if parts[1][0] == "r":
                readable.add(parts[0])
            if parts[1][1] == "w":
                writable.add(parts[0])
    return readable, writable


def measure(command: list[str], stderr_path: Path) -> tuple[int, float, float, float]:
    """Run ``command``; return (exit code, wall seconds, CPU seconds, peak RSS in MB) of that child."""
    with stderr_path.open("wb") as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # Linux: KiB


def run_case(case: Case, args: argparse.Namespace, formats: tuple[set[str], set[str]], pandoc: str | None,
             runs: int | None = None) -> Result:
    source = generate.generate(case.source, case.size, args.out)
    output = args.out / f"result-{case.tool}-{case.source}-{case.size}{SUFFIX.get(case.target, '.out')}"
    if case.tool == "citeproc-py":  # the formatted-output peer: plain citeproc-py, same file and style
        command = [args.python, str(Path(__file__).parent / "citeproc_py.py"), str(source), "--style",
                   case.extra[-1], "-o", str(output)]
    elif case.tool == "floor":
        command = [args.python, str(Path(__file__).parent / "floor.py"), str(source), "--to", case.target,
                   "-o", str(output)]
    elif case.tool == "pandoc":
        if pandoc is None:
            return Result(case, "n/a")
        command = [pandoc, "-f", PANDOC_NAMES[case.source], "-t", PANDOC_NAMES[case.target], "-o", str(output),
                   str(source)]
    else:
        readable, writable = formats
        if case.source not in readable or case.target not in writable:
            return Result(case, "n/a")
        command = [args.python, "-m", "bibexport", "export", str(source), "--from", case.source,
                   "--to", case.target, *case.extra, "-o", str(output)]
    stderr_path = output.with_suffix(output.suffix + ".stderr")
    best: Result | None = None
    for _ in range(args.repeat if runs is None else runs):
        code, seconds, cpu, peak = measure(command, stderr_path)
        messages = stderr_path.read_text(encoding="utf-8", errors="replace").splitlines()
        if code != 0:
            return Result(case, f"error: exit {code}: {messages[-1][:100] if messages else ''}")
        best = fastest(best, Result(case, "ok", seconds, cpu, peak, len(messages)))
    assert best is not None
    return best


def fastest(best: Result | None, new: Result) -> Result:
    """The fastest wall time and the least CPU time of two runs of a case (an error wins)."""
    if best is None or best.status != "ok":
        return new if best is None else best
    if new.status != "ok":
        return new
    seconds = min(best.seconds or 0, new.seconds or 0)
    cpu = min(c for c in (best.cpu_seconds, new.cpu_seconds) if c is not None) if (
        best.cpu_seconds is not None or new.cpu_seconds is not None) else None
    kept = best if (best.seconds or 0) <= (new.seconds or 0) else new
    return Result(best.case, "ok", seconds, cpu, kept.peak_mb, kept.warnings)


def plan(args: argparse.Namespace) -> list[Case]:
    cases: list[Case] = []
    for size in args.sizes:
        for target in ("csljson", "bibtex", "ris"):
            cases.append(Case("listing", target, size, "bibexport"))
            if args.floor:
                cases.append(Case("listing", target, size, "floor"))
        for source, target in (("bibtex", "csljson"), ("ris", "csljson"), ("csljson", "bibtex")):
            cases.append(Case(source, target, size, "bibexport"))
            if size <= args.pandoc_max:
                cases.append(Case(source, target, size, "pandoc"))
        cases.append(Case("csljson", "ris", size, "bibexport"))
    if args.formatted:
        cases.append(Case("csljson", "text", args.formatted, "bibexport", ("--style", "apa")))
        if args.citeproc_py:
            cases.append(Case("csljson", "text", args.formatted, "citeproc-py", ("--style", "apa")))
    if args.million:
        cases.append(Case("listing", "csljson", args.million, "bibexport"))
    return cases


def peer_seconds(results: list[Result], result: Result, tool: str) -> float | None:
    """The wall time of ``tool`` on a bibexport row's case, if it ran."""
    if result.case.tool != "bibexport" or not result.seconds:
        return None
    for other in results:
        c = other.case
        if (c.tool, c.source, c.target, c.size, c.extra) == (tool, result.case.source, result.case.target,
                                                             result.case.size, result.case.extra) and other.seconds:
            return other.seconds
    return None


def ratio(results: list[Result], result: Result) -> str:
    """For a bibexport row: how many times faster than pandoc on the same case (formatted
    output: than plain citeproc-py, bench/citeproc_py.py)."""
    seconds = peer_seconds(results, result, "citeproc-py" if result.case.target in ("text", "html", "markdown")
                           else "pandoc")
    return f"{seconds / result.seconds:.1f}x" if seconds and result.seconds else ""


def cpu_ratio(results: list[Result], result: Result) -> str:
    """:func:`ratio` by CPU time (user + system, the child's and its workers')."""
    if result.case.tool != "bibexport" or not result.cpu_seconds:
        return ""
    peer = "citeproc-py" if result.case.target in ("text", "html", "markdown") else "pandoc"
    for other in results:
        c = other.case
        if (c.tool, c.source, c.target, c.size, c.extra) == (peer, result.case.source, result.case.target,
                                                             result.case.size, result.case.extra) and other.cpu_seconds:
            return f"{other.cpu_seconds / result.cpu_seconds:.1f}x"
    return ""


def over_floor(results: list[Result], result: Result) -> str:
    """For a bibexport row: how many times the floor's time (bench/floor.py) it takes."""
    seconds = peer_seconds(results, result, "floor")
    return f"{result.seconds / seconds:.1f}x" if seconds and result.seconds else ""


def table(results: list[Result]) -> str:
    header = ("conversion", "records", "tool", "time (s)", "CPU (s)", "records/s", "records/CPU s", "peak MB",
              "vs peer", "vs peer CPU", "x floor", "warnings")
    rows = [header, tuple("---" for _ in header)]
    for r in results:
        rows.append((
            r.case.label, f"{r.case.size:,}", r.case.tool,
            f"{r.seconds:.2f}" if r.seconds is not None else r.status,
            f"{r.cpu_seconds:.2f}" if r.cpu_seconds is not None else "",
            f"{r.per_second:,.0f}" if r.per_second else "",
            f"{r.case.size / r.cpu_seconds:,.0f}" if r.cpu_seconds else "",
            f"{r.peak_mb:,.0f}" if r.peak_mb is not None else "",
            ratio(results, r),
            cpu_ratio(results, r),
            over_floor(results, r),
            str(r.warnings) if r.status == "ok" else "",
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |" for row in rows)


def scaling(results: list[Result]) -> list[str]:
    """Time ratios (wall clock and CPU) between the largest and smallest size of each bibexport conversion."""
    lines = []
    by_case: dict[tuple[str, str], dict[int, Result]] = {}
    for r in results:
        if r.case.tool == "bibexport" and r.seconds and r.cpu_seconds and not r.case.extra:
            by_case.setdefault((r.case.source, r.case.target), {})[r.case.size] = r
    for (source, target), runs in by_case.items():
        if len(runs) >= 2:
            small, large = runs[min(runs)], runs[max(runs)]
            lines.append(
                f"{source} -> {target}: {large.case.size:,} records take {large.seconds / small.seconds:.1f}x the "
                f"wall time and {large.cpu_seconds / small.cpu_seconds:.1f}x the CPU time of {small.case.size:,}"
            )
    return lines


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())  # other jobs on the machine skew wall times
    return (f"{dt.date.today().isoformat()}, {platform.system()} {platform.machine()}, nproc {os.cpu_count()}, "
            f"Python {platform.python_version()}, load average {load}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated record counts (default 10000,100000)")
    parser.add_argument("--formatted", type=int, default=5000, help="records for formatted output, 0 to skip")
    parser.add_argument("--million", type=int, nargs="?", const=1_000_000, default=0,
                        help="also export a listing of this many records (default 1,000,000) to CSL-JSON")
    parser.add_argument("--pandoc-max", type=int, default=10_000,
                        help="largest size pandoc is run on (default 10,000: pandoc needs ~1.4 GB per 10k BibTeX entries)")
    parser.add_argument("--no-citeproc-py", dest="citeproc_py", action="store_false",
                        help="skip plain citeproc-py, the peer of the formatted (apa) row")
    parser.add_argument("--no-floor", dest="floor", action="store_false",
                        help="skip bench/floor.py, the bare-CPython peer of the listing conversions")
    parser.add_argument("--pandoc", help="pandoc binary (default: pypandoc-binary's, else PATH)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of runs (every case once per round); the fastest wall time and least CPU count")
    parser.add_argument("--quick", action="store_true", help="200 records, 200 formatted: a smoke test")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out", help="inputs and outputs")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--python", default=sys.executable, help="the Python that runs bibexport")
    parser.add_argument("--table", type=Path, metavar="JSON", help="only print the table of a --json file")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.formatted = "200", 200
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s]
    return args


def load_results(path: Path) -> list[Result]:
    """The results a ``--json`` run saved."""
    fields = {"status", "seconds", "cpu_seconds", "peak_mb", "warnings"}
    return [Result(Case(**{**row["case"], "extra": tuple(row["case"]["extra"])}), **{k: row[k] for k in fields if k in row})
            for row in json.loads(path.read_text(encoding="utf-8"))]


def main(argv: list[str] | None = None) -> list[Result]:
    args = parse_args(argv)
    if args.table:
        results = load_results(args.table)
        print(table(results))
        print("\n".join(scaling(results)))
        return results
    pandoc = pandoc_path(args.pandoc)
    formats = bibexport_formats(args.python)
    cases = plan(args)
    best: list[Result | None] = [None] * len(cases)
    for _ in range(args.repeat):  # rounds: a tool and its peer alternate under the same load
        for index, case in enumerate(cases):
            if best[index] is not None and best[index].status != "ok":  # type: ignore[union-attr]
                continue
            result = run_case(case, args, formats, pandoc, runs=1)
            print(f"  {case.tool:<11} {case.label:<28} {case.size:>9,}  {result.status}"
                  + (f"  {result.seconds:.2f} s, CPU {result.cpu_seconds:.2f} s" if result.seconds else "")
                  + f"  (load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
            best[index] = fastest(best[index], result)
    results = [r for r in best if r is not None]
    print(f"{machine()}; pandoc: {pandoc or 'not found'}\n")
    print(table(results))
    for line in scaling(results):
        print(line)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"per_second": r.per_second} for r in results], indent=2))
    return results


if __name__ == "__main__":
    main()
