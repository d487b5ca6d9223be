"""Two checkouts of bibexport on the same inputs, in the same run: is a change slower?

Each conversion of ``bench/run.py``'s set runs as ``python -m bibexport export`` with
``PYTHONPATH`` set to one checkout, then the other, alternating, ``--repeat`` times; the table
gives the least CPU time (user + system of the child: less sensitive to other load on the
machine than wall time) of each, and the ratio after/before.

    python bench/compare.py --before ../main --size 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate

ROOT = Path(__file__).parent.parent
CONVERSIONS = (("listing", "csljson"), ("listing", "bibtex"), ("listing", "ris"), ("bibtex", "csljson"),
               ("ris", "csljson"), ("csljson", "bibtex"), ("csljson", "ris"), ("csljson", "csljson"), ("csljson", "text"))
SUFFIX = {"csljson": ".json", "bibtex": ".bib", "ris": ".ris", "text": ".txt"}  # text: APA, the default style


def cpu_seconds(checkout: Path, source: Path, fmt: str, to: str, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, "-m", "bibexport", "export", str(source), "--from", fmt, "--to", to, "-o", str(out),
               "-q", "--force"]
    process = subprocess.Popen(command, env=env, cwd=checkout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(command)} failed in {checkout}: {process.stderr.read().decode()[-500:]}")
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare with (e.g. main)")
    parser.add_argument("--after", type=Path, default=ROOT, help="this checkout by default")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated conversions, e.g. csljson-ris,listing-bibtex")
    args = parser.parse_args(argv)
    out_dir = Path(__file__).parent / "out"
    print("| conversion | records | before CPU (s) | after CPU (s) | after/before |\n| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        only = {tuple(c.split("-")) for c in args.only.split(",") if c}
        for fmt, to in (c for c in CONVERSIONS if not only or c in only):
            source = generate.generate(fmt, args.size, out_dir)
            times: dict[str, list[float]] = {"before": [], "after": []}
            for _ in range(args.repeat):
                for name in ("before", "after"):
                    checkout = args.before if name == "before" else args.after
                    out = Path(tmp) / f"{name}{SUFFIX[to]}"
                    times[name].append(cpu_seconds(checkout.resolve(), source, fmt, to, out))
            before, after = min(times["before"]), min(times["after"])
            print(f"| {fmt} -> {to} | {args.size:,} | {before:.2f} | {after:.2f} | {after / before:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
