"""The least a CPython program can do to turn a listing into CSL-JSON, BibTeX or RIS.

Not a converter: it splits each title line at its last capital glued to a letter, splits
the authors at commas and each name at its last space, and escapes nothing.  It reads
the same file and writes about as many bytes as bibexport, so its time bounds from below
what any pure-Python listing exporter can take on this machine (``bench/run.py`` runs it
as the "floor" peer of the listing conversions).

    python bench/floor.py bench/out/papers-10000.txt --to csljson -o /tmp/floor.json
"""

from __future__ import annotations

import argparse
import gc
import json
import re

HEADER = re.compile(r"([A-Z][A-Z-]*?)([A-Z][a-z]{2}) (\d{1,2}),? ?(\d{4})?(Code)?$")
GLUE = re.compile(r"(?<=[^\s-])(?=[A-Z])")
MONTHS = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def records(text: str) -> list[dict]:
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        header = HEADER.match(line)
        if not header or i + 1 >= len(lines):
            continue
        head, _, affiliations = lines[i + 1].partition(" · ")
        cuts = [m.start() for m in GLUE.finditer(head)]
        cut = cuts[-1] if cuts else 0
        authors = []
        for name in head[cut:].removesuffix(" et al.").split(", "):
            given, _, family = name.rpartition(" ")
            authors.append({"family": family, "given": given})
        out.append({
            "id": f"r{i}", "type": "article", "title": head[:cut], "author": authors,
            "issued": {"date-parts": [[int(header[4] or 2026), MONTHS.get(header[2], 1), int(header[3])]]},
            "abstract": lines[i + 2] if i + 2 < len(lines) else "", "note": affiliations,
        })
    return out


def bibtex(items: list[dict]) -> str:
    return "\n".join(
        f"@misc{{{r['id']},\n  title = {{{r['title']}}},\n  author = {{"
        + " and ".join(f"{a['family']}, {a['given']}" for a in r["author"])
        + f"}},\n  year = {{{r['issued']['date-parts'][0][0]}}},\n  abstract = {{{r['abstract']}}},\n"
        f"  note = {{{r['note']}}}\n}}\n"
        for r in items
    )


def ris(items: list[dict]) -> str:
    return "".join(
        f"TY  - GEN\r\nTI  - {r['title']}\r\n"
        + "".join(f"AU  - {a['family']}, {a['given']}\r\n" for a in r["author"])
        + f"PY  - {r['issued']['date-parts'][0][0]}\r\nAB  - {r['abstract']}\r\nN1  - {r['note']}\r\nER  - \r\n\r\n"
        for r in items
    )


WRITERS = {"csljson": lambda items: json.dumps(items, ensure_ascii=False) + "\n", "bibtex": bibtex, "ris": ris}


def main() -> None:
    gc.disable()  # nothing here makes reference cycles
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("input")
    parser.add_argument("--to", choices=sorted(WRITERS), required=True)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    with open(args.input, encoding="utf-8") as handle:
        items = records(handle.read())
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(WRITERS[args.to](items))


if __name__ == "__main__":
    main()
