"""Run the BibTeX reader over a corpus of real .bib files and count what comes out.

    python bench/corpus.py DIR_OR_FILE... [--timeout 20] [--list]

For every file: the entries an independent scan finds (a line starting ``@type{key,``, types
other than string, preamble and comment), the records the reader returns, the keys of the
scan that no record has (lost), tracebacks and files that take longer than the timeout
(hangs).  Files are read as ``bibexport export`` reads them (:func:`bibexport.api.read` and
the default merge of one input, which never drops an entry of its own key).
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
import time
import traceback
from pathlib import Path

from bibexport import api, merge

_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t\r\n]*([^,\s})=]*+)(?![ \t\r\n]*=)", re.M)
_NOT_ENTRIES = {"string", "preamble", "comment"}


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def scan(text: str) -> list[str]:
    """Keys of the entries in ``text`` by a line-start scan, independent of the reader."""
    return [m.group(2) for m in _ENTRY.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]


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
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    totals = dict(files=0, bytes=0, scanned=0, records=0, lost=0, errors=0, warnings=0, tracebacks=0, hangs=0)
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
    totals["seconds"] = round(time.perf_counter() - start, 1)
    print(" ".join(f"{k}={v}" for k, v in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
