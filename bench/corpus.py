"""Run the BibTeX reader over a corpus of real .bib files and count what comes out.

    python bench/corpus.py DIR_OR_FILE... [--timeout 20] [--list]

For every file: the entries an independent scan finds (a line starting ``@type{key,``, types
other than string, preamble and comment), the records the reader returns, the keys of the
scan that no record has (lost), tracebacks and files that take longer than the timeout
(hangs).  Files are read as ``bibexport export`` reads them (:func:`bibexport.api.read` and
the default merge of one input, which never drops an entry of its own key).

``--roundtrip bibtex,biber,latex`` (any of them) also checks issue 16's round trip on every
file: ``bibtex``, the error messages of bibtex (plain.bst, every entry cited) on the original
and on ``export --to bibtex``; ``biber``, the ERROR lines of ``biber --tool`` on the original
and on ``export --to biblatex``; ``latex``, the ``!`` errors of pdflatex compiling a document
that cites every entry (pdflatex, bibtex, pdflatex) on the original and on the BibTeX export.
A file whose output has more errors than its original is listed (NEW).  biber takes about 2 s
a run, pdflatex about 1 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bibexport import api, merge

_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t\r\n]*([^,\s})=]*+)(?![ \t\r\n]*=)", re.M)
_NOT_ENTRIES = {"string", "preamble", "comment", "xdata"}  # @xdata: fields for others, never cited


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def scan(text: str) -> list[str]:
    """Keys of the entries in ``text`` by a line-start scan, independent of the reader."""
    return [m.group(2) for m in _ENTRY.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]


def _run(command: list[str], folder: Path, timeout: int) -> str:
    try:
        run = subprocess.run(command, cwd=folder, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "TIMEOUT"
    return run.stdout.decode("utf-8", "replace") + run.stderr.decode("utf-8", "replace")


def bibtex_errors(folder: Path, stem: str) -> int:
    """Error messages of bibtex (plain.bst, \\citation{*}) on ``folder/stem.bib``."""
    (folder / f"{stem}-cite.aux").write_text(f"\\citation{{*}}\n\\bibstyle{{plain}}\n\\bibdata{{{stem}}}\n")
    out = _run(["bibtex", f"{stem}-cite"], folder, 120)
    found = re.search(r"\(There (?:was|were) (\d+|one) error message", out)
    return 0 if not found else 1 if found.group(1) == "one" else int(found.group(1))


def biber_errors(folder: Path, stem: str) -> int:
    """ERROR lines of ``biber --tool`` on ``folder/stem.bib``."""
    out = _run(["biber", "--tool", "--quiet", "--output-file", f"{stem}-tool.bib", f"{stem}.bib"], folder, 300)
    return out.count("ERROR - ") + (out == "TIMEOUT")


LATEX_DOC = (
    "\\documentclass{{article}}\\usepackage[T1]{{fontenc}}\\usepackage[utf8]{{inputenc}}\\usepackage{{url}}"
    "\\begin{{document}}\\nocite{{*}}\\bibliographystyle{{plain}}\\bibliography{{{stem}}}\\end{{document}}\n"
)


def latex_errors(folder: Path, stem: str) -> int:
    """``!`` errors of pdflatex on a document citing every entry of ``folder/stem.bib`` (plain.bst)."""
    doc = f"{stem}-doc"
    (folder / f"{doc}.tex").write_text(LATEX_DOC.format(stem=stem))
    latex = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", doc]
    _run(latex, folder, 120)
    _run(["bibtex", doc], folder, 120)
    _run(latex, folder, 120)
    log = (folder / f"{doc}.log").read_text(encoding="utf-8", errors="replace") if (folder / f"{doc}.log").exists() else ""
    return sum(1 for line in log.splitlines() if line.startswith("! "))


def roundtrip(path: Path, data: bytes, tools: list[str]) -> dict[str, tuple[int, int]]:
    """(errors on the original, errors on the output) for each of ``tools`` (bibtex, biber, latex)."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "orig.bib").write_bytes(data)
        (folder / "out.bib").write_text("".join(api.export([path], "bibtex", "bibtex").pieces), encoding="utf-8")
        (folder / "outlatex.bib").write_text("".join(api.export([path], "biblatex", "bibtex").pieces),
                                             encoding="utf-8")
        found = {}
        if "bibtex" in tools:
            found["bibtex"] = (bibtex_errors(folder, "orig"), bibtex_errors(folder, "out"))
        if "biber" in tools:
            found["biber"] = (biber_errors(folder, "orig"), biber_errors(folder, "outlatex"))
        if "latex" in tools:
            found["latex"] = (latex_errors(folder, "orig"), latex_errors(folder, "out"))
        return found


def files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for path in map(Path, paths):
        out += sorted(path.rglob("*.bib")) if path.is_dir() else [path]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--timeout", type=int, default=20)
    parser.add_argument("--list", action="store_true", help="print every file with a loss, traceback or hang")
    parser.add_argument("--roundtrip", metavar="TOOLS", default="",
                        help="comma-separated: bibtex, biber, latex (pdflatex), on the original and the export")
    args = parser.parse_args()
    tools = [t for t in args.roundtrip.split(",") if t]
    for tool in tools:
        if tool not in ("bibtex", "biber", "latex") or not shutil.which("pdflatex" if tool == "latex" else tool):
            parser.error(f"--roundtrip {tool}: not a tool, or not installed")
    signal.signal(signal.SIGALRM, _alarm)
    totals = dict(files=0, bytes=0, scanned=0, records=0, lost=0, errors=0, warnings=0, tracebacks=0, hangs=0)
    for tool in tools:
        totals |= {f"{tool}_orig": 0, f"{tool}_out": 0, f"{tool}_new": 0}
    start = time.perf_counter()
    for path in files(args.paths):
        data = path.read_bytes()
        text, _ = api.decode(data, str(path))
        keys = scan(text)
        totals["files"] += 1
        totals["bytes"] += len(data)
        totals["scanned"] += len(keys)
        signal.alarm(args.timeout)
        try:
            result = merge.merge([api.read(path, "bibtex")])
        except Hang:
            totals["hangs"] += 1
            print(f"HANG {path}", file=sys.stderr)
            continue
        except Exception:  # noqa: BLE001 - counting them is the point
            totals["tracebacks"] += 1
            print(f"TRACEBACK {path}\n{traceback.format_exc()}", file=sys.stderr)
            continue
        finally:
            signal.alarm(0)
        ids = {r.id.lower() for r in result.records}
        lost = [k for k in dict.fromkeys(keys) if k.lower() not in ids]
        totals["records"] += len(result.records)
        totals["lost"] += len(lost)
        totals["errors"] += sum(p.severity == "error" for p in result.problems)
        totals["warnings"] += sum(p.severity == "warning" for p in result.problems)
        if lost and args.list:
            errors = [str(p) for p in result.problems if p.severity == "error"][:3]
            print(f"LOST {len(lost)} {path}: {lost[:5]} {errors}", file=sys.stderr)
        if tools and result.records:
            for tool, (before, after) in roundtrip(path, data, tools).items():
                totals[f"{tool}_orig"] += before
                totals[f"{tool}_out"] += after
                if after > before:
                    totals[f"{tool}_new"] += 1
                    print(f"NEW {tool} errors {before} -> {after}: {path}", file=sys.stderr)
    totals["seconds"] = round(time.perf_counter() - start, 1)
    print(" ".join(f"{k}={v}" for k, v in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
