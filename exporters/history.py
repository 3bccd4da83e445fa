"""Exporters layer: the history table of a negotiation in many rounds (.docx).

One row per paragraph of the last round, one column per round: the first round's column holds
the paragraph's text as it stood then, every later column the redline from the round before
(deleted words struck through in red, inserted words underlined in blue — formatting only, never
tracked changes, so the table reads the same in every word processor). A paragraph that did not
exist yet reads "—". The lineage comes from `diffing.lineage.Lineage`. Never Qt.
"""

from __future__ import annotations

import copy
import io
import os
from collections.abc import Sequence

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Mm, Pt
from docx.table import Table

from diffing.lineage import HistoryStep, Lineage
from diffing.model import DELETE, EQUAL, INSERT, PARAGRAPH_SEPARATOR
from diffing.module_logger import get_logger
from exporters import write_file
from exporters.table import DELETE_COLOUR, INSERT_COLOUR

log = get_logger(__name__)

ABSENT = "—"
"""What a cell says for a round in which the paragraph did not exist."""


def _fill(paragraph: BaseOxmlElement, step: HistoryStep) -> None:
    if not step.paragraph_ids:
        _add_run(paragraph, ABSENT)
        return
    if step.round == 0 or not step.diff:
        _add_run(paragraph, step.text)
        return
    for op, text in step.diff:
        if op not in (EQUAL, DELETE, INSERT):  # pragma: no cover - only these three kinds
            raise ValueError(f"unknown diff op {op!r}")
        _add_run(paragraph, text, _MARKS.get(op))


def _marks(*children: tuple[str, str | None]) -> BaseOxmlElement:
    properties = OxmlElement("w:rPr")
    for tag, value in children:
        child = OxmlElement(tag)
        if value is not None:
            child.set(qn("w:val"), value)
        properties.append(child)
    return properties


# Run properties of deleted and inserted words, children in the schema's order (strike, color,
# u), copied into each run: python-docx's font setters cost more than the rest of the table.
_MARKS = {
    DELETE: _marks(("w:strike", None), ("w:color", DELETE_COLOUR)),
    INSERT: _marks(("w:color", INSERT_COLOUR), ("w:u", "single")),
}


def _add_run(paragraph: BaseOxmlElement, text: str, marks: BaseOxmlElement | None = None) -> None:
    """A run (`w:r` appended to the `w:p` given) holding `text`, with a line break for each
    PARAGRAPH_SEPARATOR (the texts of a split paragraph's parts) and a tab for each tab.
    python-docx's `Run.text` does the same one character at a time, which made a 10-round
    table of 800 paragraphs take seconds."""
    element = OxmlElement("w:r")
    paragraph.append(element)
    if marks is not None:
        element.append(copy.deepcopy(marks))
    for number, line in enumerate(_xml_safe(text).split(PARAGRAPH_SEPARATOR)):
        if number:
            element.append(OxmlElement("w:br"))
        for piece_number, piece in enumerate(line.split("\t")):
            if piece_number:
                element.append(OxmlElement("w:tab"))
            if piece:
                t = OxmlElement("w:t")
                t.text = piece
                t.set(qn("xml:space"), "preserve")
                element.append(t)


def _xml_safe(text: str) -> str:
    """Without the control characters XML 1.0 forbids (a stray form feed from a PDF)."""
    return "".join(c for c in text if c >= " " or c in "\t\n") if not text.isprintable() else text


def _add_row(table: Table, widths: Sequence[int | None]) -> list[BaseOxmlElement]:
    """A row of empty cells of the grid's widths; returns each cell's `w:p` (python-docx's
    `add_row` sets every cell's width through its accessors, slowly)."""
    row = OxmlElement("w:tr")
    paragraphs = []
    for width in widths:
        cell = OxmlElement("w:tc")
        if width is not None:
            properties = OxmlElement("w:tcPr")
            cell_width = OxmlElement("w:tcW")
            cell_width.set(qn("w:w"), str(Emu(width).twips))
            cell_width.set(qn("w:type"), "dxa")
            properties.append(cell_width)
            cell.append(properties)
        paragraph = OxmlElement("w:p")
        cell.append(paragraph)
        paragraphs.append(paragraph)
        row.append(cell)
    table._tbl.append(row)
    return paragraphs


def _repeat_header(row_element: object) -> None:
    tr_pr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def history_table_bytes(
    lineage: Lineage, *, title: str | None = None, dates: Sequence[str] | None = None
) -> bytes:
    """The history table as a .docx: landscape A4, header row repeated on every page, the
    paragraph label of the last round in the first column. `dates` (one per round, e.g.
    "2026-03-02") show under the rounds' names in the header."""
    if dates is not None and len(dates) != len(lineage.rounds):
        raise ValueError(f"{len(lineage.rounds)} rounds need as many dates, not {len(dates)}")
    word = WordDocument()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(9)
    if title:
        heading = word.add_paragraph()
        run = heading.add_run(title)
        run.bold = True
        run.font.size = Pt(12)
    last = len(lineage.rounds) - 1
    table = word.add_table(rows=1, cols=len(lineage.rounds) + 1)
    table.style = "Table Grid"
    table.autofit = False
    # A narrow column of labels, the rest of the landscape page shared by the rounds.
    label_width = Mm(22)
    round_width = Emu((Mm(297 - 30) - label_width) // len(lineage.rounds))
    grid = [label_width, *[round_width] * len(lineage.rounds)]
    for column, width in zip(table.columns, grid, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    header = table.rows[0]
    _repeat_header(header._tr)
    for column, label in enumerate(("Paragraph", *lineage.labels)):
        run = header.cells[column].paragraphs[0].add_run(label)
        run.bold = True
        if dates is not None and column > 0:
            header.cells[column].paragraphs[0].add_run().add_break()
            header.cells[column].paragraphs[0].add_run(dates[column - 1])
    widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
    for paragraph in lineage.rounds[last].paragraphs:
        cells = _add_row(table, widths)
        _add_run(cells[0], paragraph.label)
        for step in lineage.history(last, paragraph.id):
            _fill(cells[step.round + 1], step)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def write_history_table(
    lineage: Lineage,
    path: str | os.PathLike[str],
    *,
    title: str | None = None,
    dates: Sequence[str] | None = None,
) -> None:
    """Write the history table to `path` whole or not at all; ExportError (one line) when it
    cannot."""
    write_file(history_table_bytes(lineage, title=title, dates=dates), path)
    log.info("history table written to %s", path)
