"""Annotations reach the exports: as Word comments on their paragraph in the tracked-change
document (read back by LibreOffice) and in the remarks column of the comparison table."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

import exporters
from diffing.compare import compare
from diffing.negotiation import NegotiationFile, Position, Stance, Status
from tests.conftest import soffice
from tests.helpers import corpus


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    with NegotiationFile.create(tmp_path / "firearms.redline") as notes:
        old = notes.add_version_from_file(corpus.COP_10_2_DRAFT, "10/2 draft")
        notes.add_annotation(
            old,
            "OP3",
            Status.AGREED,
            note="agreed in the second reading",
            positions=[Position("EU", Stance.AMEND, "upon request")],
            author="Ana",
        )
        notes.add_annotation(old, "OP11", Status.BRACKETED, note="G77 objects", author="Ben")
        notes.add_annotation(old, "PP7", Status.AGREED_AD_REF, note="capital to confirm")
        new = notes.add_version_from_file(corpus.COP_11_6, "11/6")
        comparison = compare(notes.document(old), notes.document(new))
        comments = notes.comments_for(old, new, comparison)
    assert sorted((c.paragraph_id, c.side) for c in comments) == [
        ("OP11", "old"),  # deleted in 11/6: the old paragraph carries it
        ("OP4", "new"),  # OP3 renumbered
        ("PP8", "new"),  # PP7 renumbered
    ]
    tracked = tmp_path / "tracked.docx"
    table = tmp_path / "table.docx"
    stamp = "2026-03-14T09:00:00Z"
    exporters.export(comparison, tracked, "docx", author="T", date=stamp, comments=comments)
    exporters.export(comparison, table, "table", author="T", date=stamp, comments=comments)
    return tracked, table, [c.text for c in comments]


def words(text: str) -> str:
    return " ".join(text.split())


def test_comments_in_the_tracked_document(exported: tuple[Path, Path, list[str]]) -> None:
    tracked, _, texts = exported
    with zipfile.ZipFile(tracked) as package:
        comments = package.read("word/comments.xml").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
    found = re.findall(r"<w:comment .*?</w:comment>", comments, re.S)
    assert len(found) == 3
    readable = [words(re.sub(r"<[^>]+>", " ", c)) for c in found]
    for text in texts:
        assert words(text) in readable
    assert body.count("<w:commentReference") == 3
    assert "Agreed: agreed in the second reading EU: amend — “upon request” Text changed" in (
        " ".join(readable)
    )


def test_remarks_column_of_the_table(exported: tuple[Path, Path, list[str]]) -> None:
    _, table, texts = exported
    rows = [[cell.text for cell in row.cells] for row in docx.Document(str(table)).tables[0].rows]
    assert rows[0][-1] == "Remarks"
    remarks = " | ".join(words(row[-1]) for row in rows)
    for text in texts:
        assert words(text) in remarks
    (deleted,) = [row for row in rows if "G77 objects" in row[-1]]
    assert deleted[0].split()[0] == "OP11"


@pytest.mark.libreoffice
def test_libreoffice_reads_the_comments_back(
    exported: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    tracked, _, texts = exported
    office = soffice()
    # Conversion only: LibreOffice 7.4 headless crashes when it opens a *view* on a document
    # with comments, not when it converts one.
    subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "odt", "--outdir", str(tmp_path), str(tracked)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with zipfile.ZipFile(tmp_path / "tracked.odt") as package:
        content = package.read("content.xml").decode("utf-8")
    annotations = re.findall(r"<office:annotation[ >].*?</office:annotation>", content, re.S)
    assert len(annotations) == len(texts) == 3
    readable = " | ".join(words(re.sub(r"<[^>]+>", " ", a)) for a in annotations)
    for text in texts:
        assert words(text) in readable
