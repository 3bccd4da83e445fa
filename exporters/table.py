"""Exporters layer: the comparison table negotiators circulate between rounds (.docx).

Three columns: the old paragraph (label + text), the new paragraph (label + redline in colour:
insertions underlined, deletions struck through, moves doubled — formatting only, never tracked
changes, so the table reads the same in every word processor), and remarks (relation, renumbering,
verb change, annotations). Between two rounds of a compilation text a fourth column says who
proposes what in the new round, with its status ("EU: Urges (bracketed)",
`diffing.report.proposal_lines`). Landscape A4, header row repeated on every page.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from diffing.model import DELETE, EQUAL, INSERT, Comment, Comparison
from diffing.report import PALETTE, is_compilation_comparison, proposal_lines
from exporters import _ooxml as ox
from exporters._redline import (
    MOVE_FROM,
    MOVE_TO,
    EntryView,
    Segment,
    entry_views,
    sanitize,
    summary_lines,
)

# The colours of every output (`diffing.report.PALETTE`), as OOXML writes them.
INSERT_COLOUR = PALETTE.inserted.lstrip("#").upper()
DELETE_COLOUR = PALETTE.deleted.lstrip("#").upper()
MOVE_COLOUR = PALETTE.moved.lstrip("#").upper()
WIDTHS = (5900, 5900, 2770)
COMPILATION_WIDTHS = (4700, 4700, 2585, 2585)
"""With a proposals column, for two rounds of a compilation text (the same page width)."""

_LOOK: dict[str, dict[str, str]] = {
    DELETE: {"color": DELETE_COLOUR, "strike": "strike"},
    INSERT: {"color": INSERT_COLOUR, "underline": "single"},
    MOVE_FROM: {"color": MOVE_COLOUR, "strike": "dstrike"},
    MOVE_TO: {"color": MOVE_COLOUR, "underline": "double"},
}


def _styled_run(op: str, text: str, italic: bool = False, bold: bool = False) -> etree._Element:
    look = _LOOK.get(op, {})
    return ox.run(
        text,
        italic=italic,
        bold=bold,
        color=look.get("color"),
        underline=look.get("underline"),
        strike=look.get("strike"),
    )


def _note_run(op: str, number: int | str) -> etree._Element:
    r = _styled_run(op, str(number))
    rpr = r.find(ox.w("rPr"))
    if rpr is None:
        rpr = ox.el(None, "rPr")
        r.insert(0, rpr)
    ox.el(rpr, "vertAlign", val="superscript")
    return r


def _cell(row: etree._Element, width: int, shade: str | None = None) -> etree._Element:
    tc = ox.el(row, "tc")
    pr = ox.el(tc, "tcPr")
    ox.el(pr, "tcW", w=str(width), type="dxa")
    if shade:
        ox.el(pr, "shd", val="clear", color="auto", fill=shade)
    return tc


def _label(tc: etree._Element, labels: Sequence[str]) -> None:
    p = ox.el(tc, "p")
    ox.el(ox.el(p, "pPr"), "pStyle", val="TableHeading")
    p.append(ox.run(", ".join(labels) if labels else "—"))


def _segments(
    p: etree._Element, segments: Sequence[Segment], view: EntryView | None = None
) -> None:
    """Runs of a cell; footnote references show the marker the comparison gives (`view`), else
    their position."""
    for segment in segments:
        if segment.note is not None:
            label = view.note_label(segment.note) if view is not None else segment.note + 1
            p.append(_note_run(segment.op, label))
        elif segment.text:
            p.append(_styled_run(segment.op, segment.text, segment.italic))


def _text_paragraph(tc: etree._Element) -> etree._Element:
    p = ox.el(tc, "p")
    ox.el(ox.el(p, "pPr"), "pStyle", val="TableText")
    return p


def _row(
    table: etree._Element,
    view: EntryView,
    widths: Sequence[int] = WIDTHS,
    proposals: Sequence[str] | None = None,
) -> None:
    row = ox.el(table, "tr")  # rows may break across pages: some paragraphs are a page long
    old = _cell(row, widths[0])
    _label(old, view.old_labels)
    for paragraph in view.old_text:
        _segments(_text_paragraph(old), paragraph)
    for k, text in enumerate(view.old_notes):
        p = _text_paragraph(old)
        p.append(_note_run(EQUAL, k + 1))
        p.append(ox.run(" " + text, size=18))
    if not view.old_text:
        _text_paragraph(old)

    new = _cell(row, widths[1])
    _label(new, view.new_labels)
    for segments, mark in view.redline:
        p = _text_paragraph(new)
        _segments(p, segments, view)
        if mark not in (EQUAL,) and view.old_text and view.new_labels:
            # a paragraph boundary that only one version has (split/merge) is shown as ¶
            p.append(_styled_run(mark, "¶"))
    for k, ops in enumerate(view.notes):
        p = _text_paragraph(new)
        p.append(_note_run(EQUAL, view.note_label(k)))
        p.append(ox.run(" ", size=18))
        for op, text in ops:
            r = _styled_run(op, text)
            p.append(r)

    remarks = _cell(row, widths[2])
    for line in view.remarks or ("",):
        _text_paragraph(remarks).append(ox.run(line))
    if proposals is not None:
        cell = _cell(row, widths[3])
        for line in proposals or ("",):
            _text_paragraph(cell).append(ox.run(sanitize(line)))


def build_table_docx(
    comparison: Comparison, *, author: str, date: str, comments: Sequence[Comment] = ()
) -> bytes:
    document = ox.el(None, "document")
    body = ox.el(document, "body")
    title = next((p.text for p in comparison.new.paragraphs if p.id == "title"), "")
    heading = ox.el(body, "p")
    ox.el(ox.el(heading, "pPr"), "pStyle", val="ResTitle")
    heading.append(ox.run(sanitize(title) or "Comparison"))
    for line in [
        f"Old: {sanitize(comparison.old.source)}    New: {sanitize(comparison.new.source)}",
        *summary_lines(comparison),
    ]:
        p = ox.el(body, "p")
        ox.el(ox.el(p, "pPr"), "pStyle", val="TableText")
        p.append(ox.run(line))
    legend = ox.el(body, "p")
    ox.el(ox.el(legend, "pPr"), "pStyle", val="TableText")
    for op, text in (
        (EQUAL, "Legend: "),
        (INSERT, "inserted"),
        (EQUAL, ", "),
        (DELETE, "deleted"),
        (EQUAL, ", "),
        (MOVE_TO, "moved here"),
        (EQUAL, ", "),
        (MOVE_FROM, "moved away"),
    ):
        legend.append(_styled_run(op, text))

    table = ox.el(body, "tbl")
    pr = ox.el(table, "tblPr")
    compilation = is_compilation_comparison(comparison)
    widths = COMPILATION_WIDTHS if compilation else WIDTHS
    ox.el(pr, "tblW", w=str(sum(widths)), type="dxa")
    borders = ox.el(pr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        ox.el(borders, side, val="single", sz="4", space="0", color="808080")
    ox.el(pr, "tblLayout", type="fixed")
    grid = ox.el(table, "tblGrid")
    for width in widths:
        ox.el(grid, "gridCol", w=str(width))
    header = ox.el(table, "tr")
    ox.el(ox.el(header, "trPr"), "tblHeader")
    titles = [
        f"Old: {sanitize(comparison.old.source)}",
        f"New: {sanitize(comparison.new.source)}",
        "Remarks",
    ]
    if compilation:
        titles.append("Proposals (new round)")
    for width, text in zip(widths, titles, strict=True):
        tc = _cell(header, width, shade="D9D9D9")
        _label(tc, [text])
    for view in entry_views(comparison, comments):
        proposals = None
        if compilation:
            proposals = proposal_lines(view.entry, comparison) if view.entry is not None else []
        _row(table, view, widths, proposals)
    # a table may not be the last thing in a body
    ox.el(body, "p")
    ox.section(body, ox.A4_LANDSCAPE, landscape=True)
    return ox.package(document, title=sanitize(title), author=author, date=date)
