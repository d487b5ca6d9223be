"""Pathological lines: one record whose field is a long run of one shape, in every reader.

Every reader must take time linear in its input (issue #19: a 1,000,000-character title did
not finish).  This reads one record per reader, field and shape (``Camel`` is
``AlphaBetaGamma...`` with no space, ``spaces`` is ``A`` + spaces + ``B``, ``initials`` is
``A. B. ...``...) at two sizes, and prints the worst growth (time at the larger size over
the time at the smaller): about 10x for ten times the input is linear, 100x quadratic.  The
CPU time counts reading (with normalizing), keys and every writer.

    python bench/pathological.py                       # 10,000 and 100,000 characters
    python bench/pathological.py --sizes 100000,1000000 --readers listing
    python bench/pathological.py --list                # every case and its times

It is a benchmark, not a test: no test asserts its times (tests/test_linear.py counts
operations instead).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import sys
import time
from collections.abc import Callable
from xml.sax.saxutils import escape

from bibexport import api

AS_OF = dt.date(2026, 1, 1)
WRITERS = ("bibtex", "biblatex", "ris", "csljson", "zotero-rdf")


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


SHAPES: dict[str, Callable[[int], str]] = {
    "words": lambda n: _repeat("word alpha beta ", n).strip(),
    "nospace": lambda n: "a" * n,
    "Caps": lambda n: _repeat("Alpha Beta Gamma ", n).strip(),
    "Camel": lambda n: _repeat("AlphaBetaGamma", n),
    "Camel-hyphen": lambda n: _repeat("AlphaBeta-Gamma", n),
    "UPPER": lambda n: "A" * n,
    "commas": lambda n: _repeat("Alpha Beta, ", n).strip(" ,"),
    "initials": lambda n: _repeat("A. B. ", n).strip(),
    "initials-glued": lambda n: _repeat("A.", n),
    "dots": lambda n: "." * n,
    "amp": lambda n: _repeat("Q&A ", n).strip(),
    "greek": lambda n: _repeat("ε-Greedy ", n).strip(),
    "accents": lambda n: _repeat("Müller Æsir é ", n).strip(),
    "cjk": lambda n: _repeat("王小明", n),
    "digits": lambda n: "1" * n,
    "colons": lambda n: _repeat("Ab: Cd? Ef! ", n).strip(),
    "hyphens": lambda n: "-" * n,
    "math": lambda n: _repeat("$x$ ", n).strip(),
    "dollar-open": lambda n: "$" + _repeat("x ", n - 1),
    "backslash": lambda n: _repeat("\\'e ", n).strip(),
    "commands": lambda n: _repeat("\\foo", n),
    "brace-open": lambda n: _repeat("{A ", n).strip(),
    "et-al": lambda n: _repeat("et al. ", n).strip(),
    "and": lambda n: _repeat(" and", n),
    "separator": lambda n: _repeat(" · ", n),
    "quotes": lambda n: _repeat('"a" ', n).strip(),
    "html": lambda n: _repeat("<i>a</i> ", n).strip(),
    "url": lambda n: "https://" + _repeat("a/", n - 8),
    "spaces": lambda n: "A" + " " * (n - 2) + "B",
    "spaces-and": lambda n: "A" + " " * (n - 7) + "and B",
    "spaces-et-al": lambda n: "Jane Doe" + " " * (n - 14) + "et al",
    "tabs": lambda n: "A" + "\t " * (n // 2) + "B",
    "date": lambda n: _repeat("Nov 28, 2022 ", n).strip(),
    "date-digits": lambda n: "2020-" + "1" * (n - 5),
    "numbers": lambda n: _repeat("12-34, ", n).strip(" ,"),
    "lowercase-von": lambda n: "Jane " + _repeat("van ", n - 9) + "Doe",
}


def _bibtex_value(value: str) -> str:
    return value.replace("{", "(").replace("}", ")")  # balanced braces: one value


BIBTEX_FIELDS = ("title", "author", "editor", "journal", "booktitle", "year", "month", "date", "pages", "volume",
                 "number", "doi", "url", "keywords", "note", "annote", "abstract", "eprint", "primaryClass",
                 "publisher", "address", "isbn", "issn", "howpublished", "edition", "series", "urldate", "language",
                 "langid", "file", "eprinttype", "crossref", "xdata", "subtitle")
CSL_FIELDS = ("title", "author", "author-literal", "editor", "container-title", "issued", "issued-literal",
              "issued-parts", "accessed", "note", "abstract", "DOI", "URL", "page", "volume", "keyword", "id",
              "type", "translator", "language", "citation-key", "categories")
RIS_TAGS = ("TI", "AU", "ED", "PY", "DA", "Y1", "T2", "JO", "SP", "EP", "VL", "IS", "SN", "DO", "UR", "AB", "KW",
            "N1", "PB", "CY", "ZZ", "continued", "TY")
RDF_FIELDS = ("title", "surname", "given", "date", "abstract", "extra", "subject", "publisher", "uri")
LISTING_FIELDS = ("title", "authors", "affiliations", "header", "abstract")


def bibtex(field: str, value: str) -> str:
    fields = {"title": "T", "author": "Jane Doe and John Roe", "year": "2020"}
    fields[field] = _bibtex_value(value)
    body = ",\n".join(f"  {name} = {{{text}}}" for name, text in fields.items())
    return "@article{big,\n" + body + "\n}\n"


def csljson(field: str, value: str) -> str:
    item: dict[str, object] = {"id": "big", "type": "article-journal", "title": "T",
                               "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]}}
    if field == "author":
        item["author"] = [{"family": value, "given": value}]
    elif field == "author-literal":
        item["author"] = [{"literal": value}, value]
    elif field in ("editor", "translator"):
        item[field] = [{"family": value, "given": "Jane"}]
    elif field == "issued":
        item["issued"] = {"raw": value}
    elif field == "issued-literal":
        item["issued"] = {"literal": value}
    elif field == "issued-parts":
        item["issued"] = {"date-parts": [[value, value]]}
    elif field == "accessed":
        item["accessed"] = {"raw": value}
    elif field == "categories":
        item["categories"] = [value]
    else:
        item[field] = value
    return json.dumps([item], ensure_ascii=False)


def ris(field: str, value: str) -> str:
    lines = {"TY": "JOUR", "TI": "T", "AU": "Doe, Jane", "PY": "2020"}
    if field == "continued":
        lines["AB"] = "An abstract\r\n" + value
    else:
        lines[field] = value
    return "".join(f"{tag}  - {text}\r\n" for tag, text in lines.items()) + "ER  - \r\n"


def zoterordf(field: str, value: str) -> str:
    v = escape(value)
    parts = {"title": "T", "surname": "Doe", "given": "Jane", "date": "2020", "abstract": "", "extra": "",
             "subject": "", "publisher": "", "uri": "http://example.org/x"}
    parts[field] = v
    return f"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:z="http://www.zotero.org/namespaces/export#" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:dcterms="http://purl.org/dc/terms/" xmlns:bib="http://purl.org/net/biblio#"
 xmlns:foaf="http://xmlns.com/foaf/0.1/">
<bib:Article rdf:about="{escape(parts['uri'], {'"': '&quot;'})}"><z:itemType>journalArticle</z:itemType>
<dc:title>{parts['title']}</dc:title>
<bib:authors><rdf:Seq><rdf:li><foaf:Person><foaf:surname>{parts['surname']}</foaf:surname>
<foaf:givenName>{parts['given']}</foaf:givenName></foaf:Person></rdf:li></rdf:Seq></bib:authors>
<dc:date>{parts['date']}</dc:date><dcterms:abstract>{parts['abstract']}</dcterms:abstract>
<dc:description>{parts['extra']}</dc:description><dc:subject>{parts['subject']}</dc:subject>
<dc:publisher><foaf:Organization><foaf:name>{parts['publisher']}</foaf:name></foaf:Organization></dc:publisher>
</bib:Article></rdf:RDF>
"""


YAML_FIELDS = ("title", "title-plain", "author", "keyword-item", "abstract-block", "issued", "note-folded")


def cslyaml(field: str, value: str) -> str:
    from bibexport.writers.cslyaml import scalar

    value = value.replace("\n", " ")
    head = "---\nreferences:\n- id: big\n  type: article-journal\n"
    if field == "title":
        return head + f"  title: {scalar(value)}\n"
    if field == "title-plain":  # as written by hand: unquoted, whatever it holds
        return head + f"  title: T {value}\n"
    if field == "author":
        return head + f"  author:\n  - family: {scalar(value)}\n    given: Jane\n"
    if field == "keyword-item":
        return head + f"  keyword:\n  - {value}\n"
    if field == "abstract-block":
        return head + f"  abstract: |\n    {value}\n"
    if field == "issued":
        return head + f"  issued: {value}\n"
    return head + "  note: " + "\n    ".join(value[i:i + 70] for i in range(0, len(value), 70)) + "\n"


def listing(field: str, value: str) -> str:
    value = value.replace("\n", " ")
    if field == "title":
        return f"LGNov 28, 2022Code\n{value}Jane Doe, John Roe\nAn abstract.\n"
    if field == "authors":
        return f"LGNov 28, 2022Code\nA Title{value}\nAn abstract.\n"
    if field == "affiliations":
        return f"LGNov 28, 2022Code\nA TitleJane Doe, John Roe · {value}\nAn abstract.\n"
    if field == "header":
        return f"LG{value}\nA TitleJane Doe\nAn abstract.\n"
    return f"LGNov 28, 2022Code\nA TitleJane Doe\n{value}\n"


READERS: dict[str, tuple[str, Callable[[str, str], str], tuple[str, ...]]] = {
    "listing": ("listing", listing, LISTING_FIELDS),
    "bibtex": ("bibtex", bibtex, BIBTEX_FIELDS),
    "csljson": ("csljson", csljson, CSL_FIELDS),
    "ris": ("ris", ris, RIS_TAGS),
    "zoterordf": ("zotero-rdf", zoterordf, RDF_FIELDS),
    "cslyaml": ("cslyaml", cslyaml, YAML_FIELDS),
}


class TooSlow(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise TooSlow


def measure(reader: str, field: str, shape: str, size: int, limit: int, write: bool = True) -> float | None:
    """CPU seconds to read (and key and write) one record, None past ``limit`` seconds."""
    fmt, make, _ = READERS[reader]
    text = make(field, SHAPES[shape](size))
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    start = time.process_time()
    try:
        records = api.read_text(text, fmt, source="big", as_of=AS_OF).records
        if write:
            keyed = api.prepare(records)
            for out in WRITERS:
                api.write(keyed, out)
        return time.process_time() - start
    except TooSlow:
        return None
    finally:
        signal.alarm(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="two sizes in characters (default 10000,100000)")
    parser.add_argument("--readers", default=",".join(READERS), help="comma-separated readers")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated shapes")
    parser.add_argument("--fields", help="comma-separated fields (default: every field of each reader)")
    parser.add_argument("--limit", type=int, default=60, help="seconds before a case counts as not finishing")
    parser.add_argument("--read-only", action="store_true", help="time reading only (no keys, no writers)")
    parser.add_argument("--list", action="store_true", help="print every case, not only each reader's worst")
    args = parser.parse_args(argv)
    small, large = (int(s) for s in args.sizes.split(","))
    shapes = args.shapes.split(",")
    worst_overall = 0.0
    print(f"| reader | cases | worst growth ({large:,} / {small:,} chars) | worst case | its time at {large:,} (s) |")
    print("| --- | ---: | ---: | --- | ---: |")
    for reader in args.readers.split(","):
        fields = args.fields.split(",") if args.fields else READERS[reader][2]
        worst: tuple[float, str, float | None] = (0.0, "", 0.0)
        count = 0
        for field in fields:
            for shape in shapes:
                a = measure(reader, field, shape, small, args.limit, not args.read_only)
                b = measure(reader, field, shape, large, args.limit, not args.read_only)
                count += 1
                growth = float("inf") if a is None or b is None else b / max(a, 1e-3)
                if args.list:
                    print(f"  {reader} {field} {shape}: {a} -> {b} ({growth:.1f}x)", file=sys.stderr, flush=True)
                if growth > worst[0]:
                    worst = (growth, f"{field} / {shape}", b)
        worst_overall = max(worst_overall, worst[0])
        shown = "did not finish" if worst[2] is None else f"{worst[2]:.2f}"
        print(f"| {reader} | {count} | {worst[0]:.1f}x | {worst[1]} | {shown} |", flush=True)
    ratio = large / small
    print(f"\nlinear: about {ratio:.0f}x; quadratic: about {ratio * ratio:.0f}x")
    return 0 if worst_overall < ratio * 3 else 1


if __name__ == "__main__":
    sys.exit(main())
