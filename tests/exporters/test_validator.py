"""Word compatibility without Word: openxml-audit (schema and semantic checks of the Open XML
SDK, in its strict policy, as its command line runs) finds nothing in any generated export, and
an in-place export adds no finding to those the drafter's own file already has."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.readers import read_bytes, read_document
from exporters.inplace import build_inplace_docx
from exporters.table import build_table_docx
from exporters.tracked import build_tracked_docx
from tests.exporters.cases import edit_document
from tests.exporters.test_golden import sample
from tests.helpers import corpus
from tests.helpers.docx_builder import build_docx
from tests.helpers.rich_docx import enrich

openxml_audit = pytest.importorskip("openxml_audit", reason="openxml-audit is a test extra")

DATE = "2024-03-18T10:00:00Z"


def findings(data: bytes, tmp_path: Path, name: str) -> list[str]:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    validator = openxml_audit.OpenXmlValidator(strict=True, max_errors=0)
    return sorted(str(error) for error in validator.validate(str(path)).errors)


def test_generated_exports_have_no_finding(tmp_path: Path) -> None:
    comparison, comments = sample()
    tracked = build_tracked_docx(comparison, author="T", date=DATE, comments=comments)
    table = build_table_docx(comparison, author="T", date=DATE, comments=comments)
    assert findings(tracked, tmp_path, "tracked") == []
    assert findings(table, tmp_path, "table") == []
    old, new = read_document(corpus.COP_10_2_DRAFT), read_document(corpus.COP_11_6)
    real = build_tracked_docx(compare(old, new), author="T", date=DATE, track_changes=True)
    assert findings(real, tmp_path, "real") == []


@pytest.mark.parametrize(("path", "seed"), [(corpus.CND_L4_DRAFT, 2), (corpus.CND_60_2, 13)])
def test_in_place_exports_add_no_finding(path: Path, seed: int, tmp_path: Path) -> None:
    edited = edit_document(read_document(path), seed)
    old = enrich(build_docx(edited.old, header="H", footer="F"), version=0)
    new = enrich(build_docx(edited.new, header="H", footer="F"), version=1)
    comparison = compare(read_bytes(old, "old.docx"), read_bytes(new, "new.docx"))
    out = build_inplace_docx(comparison, new, old, author="T", date=DATE)
    assert findings(out, tmp_path, "out") == findings(new, tmp_path, "new")
