"""A second client: pandoc's own Accept All / Reject All (`--track-changes=accept|reject`) read
each export as pandoc reads the version it should give: paragraph texts (footnotes included) and
paragraph style names (not after Reject where that needs w:pPrChange, which pandoc ignores).

What is compared: the generated export against a generated export of each version alone (same
layout, no change); the in-place export against the two Word files compared. pandoc (2.17)
keeps an empty list item where a numbered paragraph's mark is deleted, so the in-place pairs here
type their numbers (`auto_numbering=False`); LibreOffice covers automatic numbering
(test_libreoffice_inplace.py). Skips locally without pandoc; fails on CI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.model import Comparison, Document
from diffing.readers import read_bytes, read_document
from exporters.inplace import build_inplace_docx
from exporters.tracked import build_tracked_docx
from tests.conftest import ON_CI
from tests.exporters.cases import by_id, edit_document
from tests.exporters.test_golden import sample
from tests.helpers import corpus
from tests.helpers.docx_builder import build_docx
from tests.helpers.rich_docx import enrich

pytestmark = pytest.mark.slow

DATE = "2024-03-18T10:00:00Z"


def _pandoc() -> str:
    found = shutil.which("pandoc")
    if found:
        return found
    message = "pandoc is not installed (Debian package pandoc; dev.py test installs it)"
    if ON_CI:
        pytest.fail(message)
    pytest.skip(message)


def _read(data: bytes, folder: Path, name: str, mode: str | None = None) -> tuple[str, list[str]]:
    """(plain text, paragraph style names) as pandoc reads the file, after Accept/Reject."""
    path = folder / f"{name}.docx"
    path.write_bytes(data)
    track = [f"--track-changes={mode}"] if mode else []
    plain = subprocess.run(
        [_pandoc(), "-f", "docx", "-t", "plain", "--wrap=none", *track, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    native = subprocess.run(
        [_pandoc(), "-f", "docx+styles", "-t", "native", *track, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return plain, re.findall(r'"custom-style" , "([^"]+)"', native)


def _alone(document: Document) -> bytes:
    return build_tracked_docx(by_id(document, document), author="T", date=DATE)


def _generated_cases() -> dict[str, Comparison]:
    # (COP 10/2 -> 11/6 is left out: pandoc's Reject reads one deleted space differently there,
    # "ammunition ;"; LibreOffice and the replay helper read it exactly)
    cases = {"golden-sample": sample()[0]}
    for path, seed in ((corpus.CND_L4_DRAFT, 1), (corpus.CND_60_2, 2), (corpus.COP_11_6, 3)):
        edited = edit_document(read_document(path), seed)
        cases[f"{path.name[:3]}-seed{seed}"] = compare(edited.old, edited.new)
    return cases


@pytest.mark.parametrize("name", list(_generated_cases()))
def test_pandoc_replays_the_generated_export(name: str, tmp_path: Path) -> None:
    comparison = _generated_cases()[name]
    out = build_tracked_docx(comparison, author="T", date=DATE)
    assert _read(out, tmp_path, "out", "accept") == _read(_alone(comparison.new), tmp_path, "new")
    # pandoc 2.17 does not read w:pPrChange, which gives a mark shared by an old and a new
    # paragraph its old style back: its Reject is checked for the text only (LibreOffice
    # checks the styles, test_libreoffice.py)
    rejected, _ = _read(out, tmp_path, "out", "reject")
    assert rejected == _read(_alone(comparison.old), tmp_path, "old")[0]


PAIRS = [(corpus.CND_L4_DRAFT, 2), (corpus.CND_60_2, 1), (corpus.COP_11_6, 3), (corpus.REPORT, 2)]


@pytest.mark.parametrize(("path", "seed"), PAIRS, ids=[f"{p.name[:3]}-{s}" for p, s in PAIRS])
def test_pandoc_replays_the_in_place_export(path: Path, seed: int, tmp_path: Path) -> None:
    edited = edit_document(read_document(path), seed)
    old = enrich(build_docx(edited.old, auto_numbering=False, header="H"), version=0)
    new = enrich(build_docx(edited.new, auto_numbering=False, header="H"), version=1)
    comparison = compare(read_bytes(old, "old.docx"), read_bytes(new, "new.docx"))
    out = build_inplace_docx(comparison, new, old, author="T", date=DATE)
    assert _read(out, tmp_path, "out", "accept") == _read(new, tmp_path, "new")
    assert _read(out, tmp_path, "out", "reject") == _read(old, tmp_path, "old")
