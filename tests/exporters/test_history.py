"""The history table (issue 15): a row per paragraph of the last round, a column per round,
redlines between consecutive rounds; LibreOffice opens it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx

from diffing.compare import compare
from diffing.lineage import Lineage
from diffing.readers import read_document
from exporters.history import ABSENT, history_table_bytes, write_history_table
from tests.conftest import libreoffice_odt
from tests.helpers import corpus


def _lineage() -> Lineage:
    draft = read_document(corpus.COP_10_2_DRAFT)
    successor = read_document(corpus.COP_11_6)
    return Lineage([draft, successor], [compare(draft, successor)], ["10/2 draft", "11/6"])


def test_one_row_per_paragraph_of_the_last_round_one_column_per_round(tmp_path: Path) -> None:
    lineage = _lineage()
    out = tmp_path / "history.docx"
    write_history_table(lineage, out, title="Firearms")
    (table,) = docx.Document(str(out)).tables
    assert [c.text for c in table.rows[0].cells] == ["Paragraph", "10/2 draft", "11/6"]
    rows = {row.cells[0].text: row for row in table.rows[1:]}
    assert len(rows) == len(lineage.rounds[1].paragraphs)
    assert rows["OP3"].cells[1].text == ABSENT  # new in 11/6
    # OP4 of 11/6 was OP3 of the draft: its old text, then the redline from it.
    draft_op3 = lineage.rounds[0].paragraph("OP3").text
    assert rows["OP4"].cells[1].text == draft_op3
    runs = rows["OP4"].cells[2].paragraphs[0].runs
    assert any(r.font.strike for r in runs) and any(r.font.underline for r in runs)
    assert "".join(r.text for r in runs if not r.font.underline) == draft_op3


def test_libreoffice_opens_the_history_table(tmp_path: Path) -> None:
    source = tmp_path / "history.docx"
    source.write_bytes(history_table_bytes(_lineage()))
    with zipfile.ZipFile(libreoffice_odt(source)) as archive:
        content = archive.read("content.xml").decode("utf-8")
    assert content.count("<table:table-row") >= len(_lineage().rounds[1].paragraphs) + 1
    assert "10/2 draft" in content


def test_a_split_reads_as_two_lines_and_stray_control_characters_do_not_break_the_file() -> None:
    from diffing.model import Document, Kind, Paragraph

    whole = (
        "Requests the Office to continue to assist requesting States in ratifying the Protocol "
        "and encourages Member States to make available extrabudgetary resources for it;"
    )
    first = "Requests the Office to continue to assist requesting States in ratifying the Protocol;"
    second = "Encourages Member States to make available extrabudgetary resources for it;\x0c"
    old = Document("old.txt", paragraphs=(Paragraph("OP1", Kind.OPERATIVE, whole, "1"),))
    new = Document(
        "new.txt",
        paragraphs=(
            Paragraph("OP1", Kind.OPERATIVE, first, "1"),
            Paragraph("OP2", Kind.OPERATIVE, "\t" + second, "2"),
        ),
    )
    lineage = Lineage([old, new], [compare(old, new)], ["Rev.1", "Rev.2"])
    (table,) = docx.Document(io.BytesIO(history_table_bytes(lineage))).tables
    rows = {row.cells[0].text: row for row in table.rows[1:]}
    inserted = "".join(r.text for r in rows["OP2"].cells[2].paragraphs[0].runs if not r.font.strike)
    assert inserted == first + "\n\t" + second.rstrip("\x0c")
    assert rows["OP2"].cells[1].text == whole
