"""How many CSL-JSON items of the CSL test suite come back identical (issue #15's measure).

Every INPUT item of every fixture that the CSL-JSON schema (v1.0.2) accepts is read with
bibexport's CSL-JSON reader and written back (``--to csljson``), or sent through another
format first (``--via biblatex``).  Identical means the same JSON value, apart from the
documented normalizations: the ``citation-key`` the tool adds.  "Rich" items are those with
more than author/editor/issued and plain text: another name role or date variable, a date
range, season, circa, raw or literal date, name flags, ``custom``, or markup in a text.

    python bench/csljson_roundtrip.py [--via biblatex] [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "csl-test-suite" / "humans"
SCHEMA = ROOT / "tests" / "data" / "csl-data.json"
_PLAIN_KEYS = {"id", "type", "author", "editor", "issued"}
_FLAGS = {"comma-suffix", "static-ordering", "parse-names", "dropping-particle", "non-dropping-particle",
          "suffix"}


def suite_items(folder: Path = SUITE) -> list[dict[str, Any]]:
    """Every schema-valid INPUT item of the suite, in fixture order (duplicates kept)."""
    import jsonschema

    sys.path.insert(0, str(ROOT / "bench"))
    from csl_suite import fixtures, parse

    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    items = []
    for path in fixtures(folder):
        try:
            data = json.loads(parse(path.read_text(encoding="utf-8")).get("INPUT", "[]"))
        except json.JSONDecodeError:
            continue
        items.extend(item for item in data if isinstance(item, dict) and validator.is_valid([item]))
    return items


def is_rich(item: dict[str, Any]) -> bool:
    for key, value in item.items():
        if key not in _PLAIN_KEYS and isinstance(value, (list, dict)):
            return True  # another name role, date variable or custom
        if isinstance(value, str) and "<" in value and ">" in value:
            return True
    for role in ("author", "editor"):
        if any(isinstance(p, dict) and _FLAGS & p.keys() for p in item.get(role) or []):
            return True
    date = item.get("issued")
    if isinstance(date, str):
        return True
    return isinstance(date, dict) and (len(date.get("date-parts") or []) > 1 or bool(date.keys() - {"date-parts"}))


def expected(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with the normalizations the reader documents (README, "CSL-JSON"): date parts given
    as numeric text are numbers, empty date parts and empty name parts are dropped."""
    out = dict(item)
    for key, value in item.items():
        if isinstance(value, dict) and isinstance(value.get("date-parts"), list):
            parts = [[int(p) if isinstance(p, str) and p.strip().lstrip("-").isdigit() else p
                      for p in part if p != ""] if isinstance(part, list) else part for part in value["date-parts"]]
            out[key] = {**value, "date-parts": parts}
        elif isinstance(value, list) and all(isinstance(p, dict) for p in value):
            out[key] = [{k: v for k, v in p.items() if v != ""} for p in value]
    return out


def normalized(out: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """``out`` without what the tool adds by design (the citation-key, when the item had none)."""
    if "citation-key" not in item:
        out = {k: v for k, v in out.items() if k != "citation-key"}
    return out


def keeps_names_dates_title(item: dict[str, Any], out: dict[str, Any]) -> bool:
    """Every name of every role, every date (ranges included) and the title came back."""
    from bibexport.model import DATE_VARIABLES, NAME_ROLES

    want = expected(item)
    return all(want.get(key) == out.get(key) for key in (*NAME_ROLES, *DATE_VARIABLES, "title"))


def round_trip(item: dict[str, Any], via: str = "") -> dict[str, Any]:
    from bibexport import api

    records = api.prepare(api.read_text(json.dumps([item], ensure_ascii=False), "csljson").records)
    if via:
        records = api.prepare(api.read_text(api.write(records, via), via).records)
    out = json.loads(api.write(records, "csljson"))
    return out[0] if out else {}


def measure(items: list[dict[str, Any]], via: str = "", keep=None) -> tuple[int, int, int, int, list]:
    """(identical, total, identical rich, rich, failures) for ``items``."""
    same = rich_same = rich = 0
    failures = []
    for item in items:
        out = round_trip(item, via)
        ok = keep(item, out) if keep else normalized(out, item) == expected(item)
        rich_item = is_rich(item)
        rich += rich_item
        if ok:
            same += 1
            rich_same += rich_item
        else:
            failures.append((item, out))
    return same, len(items), rich_same, rich, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--via", default="", help="a format to pass through (biblatex, bibtex, ris...)")
    parser.add_argument("--keeps", action="store_true", help="compare only names, dates and the title")
    parser.add_argument("--show", type=int, default=0, help="print the first N differences")
    args = parser.parse_args(argv)
    items = suite_items()
    same, total, rich_same, rich, failures = measure(items, args.via, keeps_names_dates_title if args.keeps else None)
    print(f"identical: {same}/{total} ({100 * same / total:.1f}%), rich: {rich_same}/{rich} "
          f"({100 * rich_same / max(rich, 1):.1f}%)")
    for item, out in failures[: args.show]:
        print(json.dumps(item, ensure_ascii=False), "\n ->", json.dumps(out, ensure_ascii=False), "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
