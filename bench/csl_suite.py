"""Run the CSL processor test suite through bibexport; print pass figures by fixture group.

The fixtures (``../shared/csl-test-suite/humans/*.txt``, format in its ``FORMAT.rst``) are
driven as citeproc-js's own runner drives them, through the library functions the commands
use: the fixture's INPUT is read by the CSL-JSON reader and keyed as ``bibexport export
--from csljson`` does (:func:`bibexport.api.read_text`, :func:`bibexport.api.prepare`);
both modes go through the citation processor the writers and ``bibexport cite`` use
(:class:`bibexport.csl.processor.Processor`, HTML output).

* Registered items: every INPUT item in input order (``update_items``), the BIBENTRIES sets
  in turn, or, with CITATIONS, the items cited, in the order they are first cited.
* Citation mode: one cluster of every item without CITATION-ITEMS/CITATIONS; else one line
  per CITATION-ITEMS cluster (``make_citation_cluster``), or the CITATIONS document replayed
  cluster by cluster (``process_citation_cluster``), printed ``>>[i]`` for the citations the
  last step changed and ``..[i]`` for the others.  Bibliography mode: ``make_bibliography``
  after the citations.
* No locale is passed: the style's ``default-locale`` applies, else en-US.
* RESULT and output are compared line by line after trimming each line, dropping blank
  edge lines and reading HTML character references (``&#38;`` is ``&amp;`` is ``&``).

    python bench/csl_suite.py                 # figures by group
    python bench/csl_suite.py --failing name  # every failing fixture of group "name", with diffs
    python bench/csl_suite.py --citeproc-py       # the same for plain citeproc-py
    python bench/csl_suite.py --write-passing tests/data/csl-suite-passing.txt
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "csl-test-suite" / "humans"
_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\r?\n(.*?)\r?\n?<<=+ \1 =+<<", re.DOTALL)
_CITE_KEYS = frozenset({"id"})  # what bare-key citation (bibexport cite KEY...) can express


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    passed: bool
    reason: str = ""  # why it failed: "differs", "needs citation API", an exception
    expected: str = ""
    got: str = ""

    @property
    def group(self) -> str:
        return self.name.split("_", 1)[0]


def fixtures(folder: Path = SUITE) -> list[Path]:
    """Every fixture file of the suite, sorted by name."""
    return sorted(folder.glob("*.txt"))


def parse(text: str) -> dict[str, str]:
    """A fixture's sections by name (MODE, RESULT, CSL, INPUT, CITATION-ITEMS, CITATIONS...)."""
    return {name: body for name, body in _SECTION.findall(text.replace("\ufeff", ""))}


def normalize(text: str) -> str:
    """Lines trimmed, blank edge lines dropped, character references read."""
    lines = [line.strip() for line in html.unescape(text).strip("\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


_STYLE_DIR: Path | None = None


def style_path(csl: str) -> str:
    """The fixture's style as a file (one per distinct style, kept for the run)."""
    global _STYLE_DIR
    if _STYLE_DIR is None:
        _STYLE_DIR = Path(tempfile.mkdtemp(prefix="bibexport-csl-suite-"))
    path = _STYLE_DIR / (hashlib.sha1(csl.encode("utf-8")).hexdigest()[:16] + ".csl")
    if not path.exists():
        path.write_text(csl.strip(), encoding="utf-8")
    return str(path)


def _locale(csl: str) -> str:
    """The style's default-locale for citeproc-py, the peer (en-US when it has none or an unknown one)."""
    from bibexport.styles import DEFAULT_LOCALE, resolve_locale
    from bibexport.errors import StyleError

    found = re.search(r"<style\b[^>]*\bdefault-locale=\"([^\"]+)\"", csl)
    if not found:
        return DEFAULT_LOCALE
    try:
        return resolve_locale(found.group(1))
    except StyleError:
        return DEFAULT_LOCALE


def render(sections: dict[str, str]) -> str:
    """The fixture's output as bibexport produces it, through the citation processor."""
    from bibexport import api
    from bibexport.csl.processor import Cite, Cluster, Processor

    items = json.loads(sections["INPUT"])
    if isinstance(items, dict):
        items = [items]
    # citeproc-js's fixture runner numbers items without an id ITEM-1, ITEM-2... in input order.
    items = [item if "id" in item else {**item, "id": f"ITEM-{n}"} for n, item in enumerate(items, 1)]
    ids = [str(item["id"]) for item in items]
    result = api.read_text(json.dumps(items), "csljson", source="INPUT")
    records = api.prepare(result.records)
    if len(records) != len(ids):
        raise ValueError(f"read {len(records)} records from {len(ids)} items")
    key = dict(zip(ids, (r.id for r in records)))
    ids = list(dict.fromkeys(ids))  # citeproc-js's runner keeps items by id: a repeated id is one item
    style, locale = style_path(sections["CSL"]), None  # no --locale
    processor = Processor(records, style, locale, form="html")

    def cite(data: dict[str, object]) -> Cite:
        return Cite.from_json({**data, "id": key[str(data["id"])]})

    if "BIBENTRIES" in sections:
        for id_set in json.loads(sections["BIBENTRIES"]):
            processor.update_items(key[str(i)] for i in id_set)
    elif "CITATIONS" not in sections:
        processor.update_items(key[i] for i in ids)
    lines = []
    if "CITATIONS" in sections:  # a document, replayed as citeproc-js's runner does
        changed: set[str] = set()
        for citation, pre, post in json.loads(sections["CITATIONS"]):
            cluster = Cluster.from_json(citation)
            cluster = Cluster(tuple(cite(c) for c in citation["citationItems"]), cluster.note, cluster.id, cluster.mode)
            step = processor.process_citation_cluster(
                cluster, [(str(i), int(n or 0)) for i, n in pre], [(str(i), int(n or 0)) for i, n in post])
            changed = {cid for _, _, cid in step}
        lines = [f"{'>>' if c.id in changed else '..'}[{i}] {text}"
                 for i, (c, text) in enumerate(zip(processor.clusters, processor.citations))]
    elif sections["MODE"].strip() != "bibliography":
        clusters = json.loads(sections["CITATION-ITEMS"]) if "CITATION-ITEMS" in sections else [
            [{"id": i} for i in ids if key[i] in processor.items]]
        lines = [processor.make_citation_cluster([cite(c) for c in cluster]) for cluster in clusters]
    if sections["MODE"].strip() == "bibliography":
        return "\n".join(['<div class="csl-bib-body">', *processor.make_bibliography(), "</div>"])
    return "\n".join(lines)


def render_citeproc_py(sections: dict[str, str]) -> str:
    """The fixture's output from plain citeproc-py (the peer), driven the same way."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(sections["INPUT"])
    items = [items] if isinstance(items, dict) else items
    if "CITATIONS" in sections:
        raise NotImplementedError("needs citation API (CITATIONS)")
    style = CitationStylesStyle(style_path(sections["CSL"]), locale=_locale(sections["CSL"]), validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
    clusters = json.loads(sections["CITATION-ITEMS"]) if "CITATION-ITEMS" in sections else [
        [{"id": i["id"]} for i in items]]
    if any(set(cite) - _CITE_KEYS for cluster in clusters for cite in cluster):
        raise NotImplementedError("needs citation API (locator, affixes or flags)")
    citations = [Citation([CitationItem(str(c["id"]).lower()) for c in cluster]) for cluster in clusters]
    if sections["MODE"].strip() == "bibliography":
        for item in items:
            bib.register(Citation([CitationItem(str(item["id"]).lower())]))
        entries = [f'  <div class="csl-entry">{entry}</div>' for entry in bib.bibliography()]
        return "\n".join(['<div class="csl-bib-body">', *entries, "</div>"])
    for cite in citations:
        bib.register(cite)
    return "\n".join(str(bib.cite(cite, lambda _: None)) for cite in citations)


def run_one(path: Path, peer: bool = False) -> Outcome:
    sections = parse(path.read_text(encoding="utf-8"))
    expected = normalize(sections.get("RESULT", ""))
    try:
        got = normalize(render_citeproc_py(sections) if peer else render(sections))
    except NotImplementedError as exc:
        return Outcome(path.stem, False, str(exc), expected)
    except Exception as exc:  # noqa: BLE001 - a fixture that crashes the formatter fails
        return Outcome(path.stem, False, f"{type(exc).__name__}: {exc}", expected)
    return Outcome(path.stem, got == expected, "" if got == expected else "differs", expected, got)


def run(paths: Iterable[Path], peer: bool = False) -> list[Outcome]:
    return [run_one(p, peer) for p in paths]


def table(outcomes: list[Outcome]) -> str:
    """Passed / total by group, most fixtures first, and the total."""
    total, passed = Counter(o.group for o in outcomes), Counter(o.group for o in outcomes if o.passed)
    reasons = Counter(o.reason for o in outcomes if not o.passed and o.reason.startswith("needs"))
    width = max(len(g) for g in total) if total else 5
    lines = [f"{'group':<{width}}  passed  total"]
    for group, count in sorted(total.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{group:<{width}}  {passed[group]:>6}  {count:>5}")
    share = 100 * sum(passed.values()) / max(1, len(outcomes))
    lines.append(f"{'TOTAL':<{width}}  {sum(passed.values()):>6}  {len(outcomes):>5}  ({share:.1f}%)")
    lines += [f"  failing for want of an API: {n} {reason}" for reason, n in reasons.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, default=SUITE, help="folder of fixtures (humans/)")
    parser.add_argument("--only", default="", help="run fixtures whose name starts with this")
    parser.add_argument("--failing", metavar="PREFIX", help="show failing fixtures starting with PREFIX, with diffs")
    parser.add_argument("--citeproc-py", action="store_true", help="run plain citeproc-py (the peer) instead")
    parser.add_argument("--write-passing", type=Path, help="write the passing fixture names to this file")
    args = parser.parse_args(argv)
    if not args.suite.is_dir():
        print(f"{args.suite}: no such folder (the CSL test suite)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    outcomes = run((p for p in fixtures(args.suite) if p.stem.startswith(args.only)), args.citeproc_py)
    print(table(outcomes))
    if args.failing is not None:
        for o in outcomes:
            if not o.passed and o.name.startswith(args.failing):
                print(f"\n== {o.name}: {o.reason}\n-- expected\n{o.expected}\n-- got\n{o.got}")
    if args.write_passing:
        args.write_passing.write_text("".join(f"{o.name}\n" for o in outcomes if o.passed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
