"""The peer of the formatted-output benchmark: plain citeproc-py on the same CSL-JSON file.

    python bench/citeproc_py.py IN.json --style apa -o OUT.txt

Reads the CSL-JSON with citeproc-py's own reader (``CiteProcJSON``), registers every item,
sorts and prints the bibliography as plain text, one entry per line, with the same style file
bibexport uses (``bibexport.styles.resolve_style``) and the style's default locale.  No
bibexport code runs in the formatting: this is what a user of citeproc-py alone gets.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("--style", default="apa")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    from bibexport.styles import default_locale, resolve_style

    path = resolve_style(args.style)
    items = json.loads(args.input.read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of every CSL variable it does not know
        source = CiteProcJSON(items)
        style = CitationStylesStyle(str(path), locale=default_locale(path), validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(str(item["id"]).lower())]))
        bibliography.sort()  # the style's cs:sort, as bibexport's list is sorted
        entries = [str(entry) for entry in bibliography.bibliography()]
    args.output.write_text("".join(e + "\n" for e in entries), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
