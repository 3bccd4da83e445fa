"""Real client for the in-place export: LibreOffice's Accept All gives the new .docx exactly as
LibreOffice reads it (paragraph texts and paragraph style names), Reject All the old one.

The pairs are UN-style Word files (custom styles, numbering.xml lists, running header and
job-number footer, real footnotes) built from real resolutions with random edits, half of them
with a table, a field, a hyperlink, an equation, a text box, a content control, an endnote and a
custom XML part (tests/helpers/rich_docx.py). Comments are taken out before LibreOffice opens
the export: LibreOffice 7.4 headless crashes when it opens a view on a document with comments
(see lo_replay.py); they are no revisions.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from diffing.compare import compare
from diffing.readers import read_bytes, read_document
from exporters.inplace import build_inplace_docx
from tests.conftest import soffice
from tests.exporters.cases import edit_document
from tests.exporters.test_libreoffice import SCRIPT, _show, _uno_python
from tests.helpers import corpus
from tests.helpers.docx_builder import build_docx
from tests.helpers.ooxml import without_comments
from tests.helpers.rich_docx import enrich

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

PAIRS = [
    (corpus.CND_L4_DRAFT, 2),
    (corpus.CND_60_2, 1),
    (corpus.CND_60_2, 2),
    (corpus.COP_11_6, 3),
    (corpus.REPORT, 2),
    (corpus.CND_L4_DRAFT, 4),
    # an insertion ending a paragraph before one starting with an insertion (LibreOffice would
    # reject both as one and join the paragraphs), and notes on both sides of a deletion
    (corpus.CND_L4_DRAFT, 13),
    (corpus.CND_60_2, 13),
    (corpus.CND_60_2, 17),
    (corpus.COP_10_2_DRAFT, 13),
    (corpus.CND_60_2, 7),
    (corpus.CND_60_2, 9),
    (
        corpus.CND_60_2,
        27,
    ),  # insertions (text, note, text) ending a paragraph before an inserted one
]
NAMES = [f"{p.name[:3]}-{s}-{kind}" for p, s in PAIRS for kind in ("plain", "rich")]


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    office = soffice()
    python = _uno_python()
    folder = tmp_path_factory.mktemp("lo-inplace")
    profile = tmp_path_factory.mktemp("lo-profile")
    files: dict[str, tuple[Path, Path, Path]] = {}
    for path, seed in PAIRS:
        edited = edit_document(read_document(path), seed)
        for kind in ("plain", "rich"):
            old = build_docx(edited.old, header="E/CN.7/2022/L.4", footer="V.22-01234")
            new = build_docx(edited.new, header="E/CN.7/2022/L.4", footer="V.22-01234")
            if kind == "rich":
                old, new = enrich(old, version=0), enrich(new, version=1)
            comparison = compare(read_bytes(old, "old.docx"), read_bytes(new, "new.docx"))
            out = build_inplace_docx(
                comparison, new, old, author="Tester", date="2024-03-18T10:00:00Z"
            )
            name = f"{path.name[:3]}-{seed}-{kind}"
            trio = (
                folder / f"{name}-old.docx",
                folder / f"{name}-new.docx",
                folder / f"{name}.docx",
            )
            # a moved and edited paragraph carries a comment: see without_comments
            for target, data in zip(trio, (old, new, without_comments(out)), strict=True):
                target.write_bytes(data)
            files[name] = trio
    result = folder / "result.json"
    run = subprocess.run(
        [python, str(SCRIPT), office, str(profile), str(result)]
        + [str(p) for trio in files.values() for p in trio],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, f"LibreOffice replay failed:\n{run.stderr[-3000:]}"
    read = json.loads(result.read_text(encoding="utf-8"))
    return {name: tuple(read[str(p)] for p in trio) for name, trio in files.items()}


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_accept_all_is_the_new_document_and_reject_all_the_old(
    replayed: dict[str, Any], name: str
) -> None:
    old, new, out = replayed[name]
    assert out["redlines"][0] > 0, "LibreOffice saw no tracked changes"
    assert out["redlines"][1] == 0 and out["redlines"][3] == 0
    assert out["accept"] == new["accept"], _show(out["accept"], new["accept"])
    assert out["reject"] == old["accept"], _show(out["reject"], old["accept"])
    assert out["accept_styles"] == new["accept_styles"]
    assert out["reject_styles"] == old["accept_styles"]
