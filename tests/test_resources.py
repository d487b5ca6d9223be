"""Where shipped data lives, and the error when it is missing."""

from __future__ import annotations

import pytest

from bibexport import resources
from bibexport.errors import BibexportError


def test_shipped_dir_finds_data_in_a_checkout():
    assert resources.default_listing().is_file()


def test_missing_shipped_dir_is_a_bibexport_error(tmp_path, monkeypatch):
    monkeypatch.setattr(resources, "_PACKAGE", tmp_path / "bibexport")
    with pytest.raises(BibexportError, match="styles/ folder is missing; reinstall bibexport"):
        resources.shipped_dir("styles")
