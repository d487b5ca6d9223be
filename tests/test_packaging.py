"""Packaging guards: what ``pip install .`` ships is what the code imports."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).parent.parent


def _config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_listed_for_installation():
    on_disk = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "bibexport").rglob("__init__.py")
    }
    listed = set(_config()["packages"])
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_shipped_data_and_styles_are_mapped_into_the_package():
    config = _config()
    assert config["package-dir"] == {"bibexport._shipped.data": "data", "bibexport._shipped.styles": "styles"}
    assert (REPO / "data" / "arxiv-listing.txt").is_file()
    assert len(list((REPO / "styles").glob("*.csl"))) >= 10
