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
from exporters._xml import XmlWriter

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


def _styled_run(
    x: XmlWriter, op: str, text: str, italic: bool = False, *, superscript: bool = False
) -> None:
    look = _LOOK.get(op, {})
    ox.run(
        x,
        text,
        italic=italic,
        color=look.get("color"),
        underline=look.get("underline"),
        strike=look.get("strike"),
        superscript=superscript,
    )


def _note_run(x: XmlWriter, op: str, number: int | str) -> None:
    _styled_run(x, op, str(number), superscript=True)


def _start_cell(x: XmlWriter, width: int, shade: str | None = None) -> None:
    x.start("tc")
    x.start("tcPr")
    x.empty("tcW", w=str(width), type="dxa")
    if shade:
        x.empty("shd", val="clear", color="auto", fill=shade)
    x.end("tcPr")


def _styled_paragraph(x: XmlWriter, style: str) -> None:
    """The start of a paragraph of `style` (the caller ends it)."""
    x.start("p")
    x.start("pPr")
    x.empty("pStyle", val=style)
    x.end("pPr")


def _label(x: XmlWriter, labels: Sequence[str]) -> None:
    _styled_paragraph(x, "TableHeading")
    ox.run(x, ", ".join(labels) if labels else "—")
    x.end("p")


def _segments(x: XmlWriter, segments: Sequence[Segment], view: EntryView | None = None) -> None:
    """Runs of a cell; footnote references show the marker the comparison gives (`view`), else
    their position."""
    for segment in segments:
        if segment.note is not None:
            label = view.note_label(segment.note) if view is not None else segment.note + 1
            _note_run(x, segment.op, label)
        elif segment.text:
            _styled_run(x, segment.op, segment.text, segment.italic)


def _text_line(x: XmlWriter, text: str) -> None:
    """A paragraph of table text holding one plain run."""
    _styled_paragraph(x, "TableText")
    ox.run(x, text)
    x.end("p")


def _row(
    x: XmlWriter,
    view: EntryView,
    widths: Sequence[int] = WIDTHS,
    proposals: Sequence[str] | None = None,
) -> None:
    x.start("tr")  # rows may break across pages: some paragraphs are a page long
    _start_cell(x, widths[0])
    _label(x, view.old_labels)
    for paragraph in view.old_text:
        _styled_paragraph(x, "TableText")
        _segments(x, paragraph)
        x.end("p")
    for k, text in enumerate(view.old_notes):
        _styled_paragraph(x, "TableText")
        _note_run(x, EQUAL, k + 1)
        ox.run(x, " " + text, size=18)
        x.end("p")
    if not view.old_text:
        _styled_paragraph(x, "TableText")
        x.end("p")
    x.end("tc")

    _start_cell(x, widths[1])
    _label(x, view.new_labels)
    for segments, mark in view.redline:
        _styled_paragraph(x, "TableText")
        _segments(x, segments, view)
        if mark not in (EQUAL,) and view.old_text and view.new_labels:
            # a paragraph boundary that only one version has (split/merge) is shown as ¶
            _styled_run(x, mark, "¶")
        x.end("p")
    for k, ops in enumerate(view.notes):
        _styled_paragraph(x, "TableText")
        _note_run(x, EQUAL, view.note_label(k))
        ox.run(x, " ", size=18)
        for op, text in ops:
            _styled_run(x, op, text)
        x.end("p")
    x.end("tc")

    _start_cell(x, widths[2])
    for line in view.remarks or ("",):
        _text_line(x, line)
    x.end("tc")
    if proposals is not None:
        _start_cell(x, widths[3])
        for line in proposals or ("",):
            _text_line(x, sanitize(line))
        x.end("tc")
    x.end("tr")


def build_table_docx(
    comparison: Comparison, *, author: str, date: str, comments: Sequence[Comment] = ()
) -> bytes:
    x = ox.wml("document")
    x.start("body")
    title = next((p.text for p in comparison.new.paragraphs if p.id == "title"), "")
    _styled_paragraph(x, "ResTitle")
    ox.run(x, sanitize(title) or "Comparison")
    x.end("p")
    for line in [
        f"Old: {sanitize(comparison.old.source)}    New: {sanitize(comparison.new.source)}",
        *summary_lines(comparison),
    ]:
        _text_line(x, line)
    _styled_paragraph(x, "TableText")
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
        _styled_run(x, op, text)
    x.end("p")

    x.start("tbl")
    x.start("tblPr")
    compilation = is_compilation_comparison(comparison)
    widths = COMPILATION_WIDTHS if compilation else WIDTHS
    x.empty("tblW", w=str(sum(widths)), type="dxa")
    x.start("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        x.empty(side, val="single", sz="4", space="0", color="808080")
    x.end("tblBorders")
    x.empty("tblLayout", type="fixed")
    x.end("tblPr")
    x.start("tblGrid")
    for width in widths:
        x.empty("gridCol", w=str(width))
    x.end("tblGrid")
    x.start("tr")
    x.start("trPr")
    x.empty("tblHeader")
    x.end("trPr")
    titles = [
        f"Old: {sanitize(comparison.old.source)}",
        f"New: {sanitize(comparison.new.source)}",
        "Remarks",
    ]
    if compilation:
        titles.append("Proposals (new round)")
    for width, text in zip(widths, titles, strict=True):
        _start_cell(x, width, shade="D9D9D9")
        _label(x, [text])
        x.end("tc")
    x.end("tr")
    for view in entry_views(comparison, comments):
        proposals = None
        if compilation:
            proposals = proposal_lines(view.entry, comparison) if view.entry is not None else []
        _row(x, view, widths, proposals)
    x.end("tbl")
    # a table may not be the last thing in a body
    x.empty("p")
    ox.section(x, ox.A4_LANDSCAPE, landscape=True)
    x.end("body")
    x.end("document")
    return ox.package(x.to_bytes(), title=sanitize(title), author=author, date=date)
