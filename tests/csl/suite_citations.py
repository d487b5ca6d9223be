"""Running the CSL test suite's citation fixtures (CITATIONS, CITATION-ITEMS) through the
citation API, as citeproc-js's own runner (``src/test_runner.js``) drives them.

Usable as a script: ``python -m tests.csl.suite_citations [NAME...]`` prints each fixture
that fails (expected, then got) and the count that pass.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "csl-test-suite" / "humans"
RATCHET = Path(__file__).resolve().parents[1] / "data" / "csl-suite-citations-passing.txt"
_SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n?(.*?)\n?<<=+ \1 =+<<", re.DOTALL)


def sections(text: str) -> dict[str, str]:
    """A fixture's sections by name (MODE, RESULT, CSL, INPUT, CITATIONS, ...)."""
    return {m.group(1): m.group(2) for m in _SECTION.finditer(text)}


def citation_fixtures() -> list[Path]:
    """The fixtures that replay a document (CITATIONS) or render clusters (CITATION-ITEMS)."""
    if not SUITE.is_dir():
        return []
    return sorted(p for p in SUITE.glob("*.txt")
                  if re.search(r">>=+ (CITATIONS|CITATION-ITEMS) =+>>", p.read_text(encoding="utf-8")))


def normalized(text: str) -> str:
    """The suite's comparison: each line trimmed, blank lines at the edges dropped."""
    return "\n".join(line.strip() for line in text.strip("\n").split("\n")).strip()


def run(path: Path) -> tuple[str, str]:
    """(expected, produced) for one fixture."""
    from bibexport import api
    from bibexport.csl.processor import Cite, Cluster, Processor

    parts = sections(path.read_text(encoding="utf-8"))
    mode = parts["MODE"].strip()
    records = api.read_text(parts["INPUT"], "csljson", source=path.name).records
    locale = re.search(r'<style[^>]*default-locale="([^"]+)"', parts["CSL"])
    with tempfile.TemporaryDirectory() as folder:
        style = Path(folder) / f"{path.stem}.csl"
        style.write_text(parts["CSL"], encoding="utf-8")
        processor = Processor(records, str(style), locale.group(1) if locale else "en-US", form="html")
        ids = [r.id for r in records]
        if "BIBENTRIES" in parts:
            for id_set in json.loads(parts["BIBENTRIES"]):
                processor.update_items(id_set)
        elif "CITATIONS" not in parts:
            processor.update_items(ids)
        lines: list[str] = []
        if "CITATIONS" in parts:
            changed: set[str] = set()
            for citation, pre, post in json.loads(parts["CITATIONS"]):
                result = processor.process_citation_cluster(
                    Cluster.from_json(citation), [(str(i), int(n or 0)) for i, n in pre],
                    [(str(i), int(n or 0)) for i, n in post])
                changed = {cid for _, _, cid in result}
            lines = [f"{'>>' if cluster.id in changed else '..'}[{i}] {text}" for i, (cluster, text)
                     in enumerate(zip(processor.clusters, processor.citations))]
        else:
            clusters = json.loads(parts["CITATION-ITEMS"]) if "CITATION-ITEMS" in parts else [
                [{"id": key} for key in processor.items]]
            lines = [processor.make_citation_cluster([Cite.from_json(c) for c in cluster]) for cluster in clusters]
        if mode.startswith("bibliography"):
            produced = '<div class="csl-bib-body">\n' + "".join(
                f"  {entry}\n" for entry in processor.make_bibliography()) + "</div>"
        else:
            produced = "\n".join(lines)
    return normalized(parts["RESULT"]), normalized(produced)


def passes(path: Path) -> bool:
    try:
        expected, produced = run(path)
    except Exception:  # noqa: BLE001 - a fixture the processor cannot run fails
        return False
    return expected == produced


def main(names: list[str]) -> None:
    fixtures = [SUITE / f"{n}.txt" for n in names] if names else citation_fixtures()
    passed = 0
    for path in fixtures:
        try:
            expected, produced = run(path)
        except Exception as exc:  # noqa: BLE001 - reported
            expected, produced = "", f"{type(exc).__name__}: {exc}"
        if expected == produced:
            passed += 1
        elif names or "-v" in sys.argv:
            print(f"== {path.stem}\n-- expected\n{expected}\n-- got\n{produced}")
        else:
            print(f"FAIL {path.stem}")
    print(f"{passed} of {len(fixtures)} citation fixtures pass")


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if not a.startswith("-")])
