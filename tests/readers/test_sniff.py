"""``--from`` inferred: from the file suffix, else (stdin, unknown suffix) from the content."""

from __future__ import annotations

import pytest

from bibexport import api
from bibexport.errors import InputError

from ..conftest import DATA, REPO

SAMPLES = {
    "listing": (REPO / "data" / "arxiv-listing.txt").read_text(encoding="utf-8"),
    "bibtex": (DATA / "readers" / "bibtex" / "jabref_comment_timestamp.bib").read_text(encoding="utf-8"),
    "csljson": (DATA / "readers" / "csljson" / "pandoc_nocase_literal_dates.json").read_text(encoding="utf-8"),
    "ris": (DATA / "readers" / "ris" / "pubmed_bom_jf_ja_y1.ris").read_text(encoding="utf-8"),
}


@pytest.mark.parametrize(("path", "fmt"), [("refs.bib", "bibtex"), ("lib.RIS", "ris"), ("zotero.json", "csljson"), ("papers.txt", "listing")])
def test_suffix_decides(path: str, fmt: str) -> None:
    assert api.detect_format("", path).name == fmt


@pytest.mark.parametrize("fmt", sorted(SAMPLES))
@pytest.mark.parametrize("path", [None, "-", "export.dat"])
def test_content_decides_for_stdin_and_unknown_suffixes(fmt: str, path: str | None) -> None:
    assert api.detect_format(SAMPLES[fmt], path).name == fmt


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        pytest.param("\ufeff\r\n\r\nTY  - JOUR\r\nER  - \r\n", "ris", id="ris-bom-blank-lines"),
        pytest.param("  \n@misc{k, title={x}}", "bibtex", id="bibtex-indented"),
        pytest.param('\n  {"items": []}', "csljson", id="json-object"),
    ],
)
def test_sniffers_tolerate_leading_noise(text: str, fmt: str) -> None:
    assert api.detect_format(text, None).name == fmt


def test_unrecognised_content_asks_for_from() -> None:
    with pytest.raises(InputError, match="--from"):
        api.detect_format("just some words\n", "notes.dat")
