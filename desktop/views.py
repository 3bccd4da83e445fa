"""Desktop layer: the entry tables (side by side and redline) and their rich-text delegate.

Speed for 800+ rows comes from three choices:
- the delegate lays out each cell's HTML once per column width in a `QTextDocument` and keeps
  the most recently used layouts (LRU), so repainting while scrolling costs a draw, not a parse;
- row heights are never computed for the whole table at once (QHeaderView's ResizeToContents
  would lay out every cell on each resize): rows start at an estimate from their length, the
  rows in view are measured exactly at once, and the rest in small batches from an idle timer;
- measuring a row above the viewport moves the scroll position by the same amount, so the text
  the reader is looking at never jumps.
"""

from __future__ import annotations

import html
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QPainter,
    QPalette,
    QShowEvent,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.models import HTML_ROLE, Column, ComparisonModel

logger = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

CACHE_SIZE = 500
"""Laid-out cells kept; a screenful is ~60 cells, so scrolling back and forth stays cached."""
BATCH_SECONDS = 0.008
"""Time spent measuring rows in the background per idle tick: never a visible stall."""
PADDING = 6


class RichTextDelegate(QStyledItemDelegate):
    """Paints a cell's HTML_ROLE with a cached QTextDocument; plain cells paint as usual."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._docs: OrderedDict[tuple[int, int, int], QTextDocument] = OrderedDict()

    def clear(self) -> None:
        self._docs.clear()

    def document(self, index: ModelIndex, width: int) -> QTextDocument | None:
        model = index.model()
        html = (
            model.html(index.row(), index.column()) if isinstance(model, ComparisonModel) else None
        )
        if html is None:
            return None
        key = (index.row(), index.column(), width)
        doc = self._docs.get(key)
        if doc is not None:
            self._docs.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDocumentMargin(PADDING)
        view = self.parent()
        if isinstance(view, QWidget):
            doc.setDefaultFont(view.font())
        doc.setHtml(html)
        doc.setTextWidth(max(width, 20))
        self._docs[key] = doc
        if len(self._docs) > CACHE_SIZE:
            self._docs.popitem(last=False)
        return doc

    def shift_rows(self, first: int, delta: int) -> None:
        """Rows from `first` on moved by `delta` (rows inserted, or removed when negative)."""
        kept: OrderedDict[tuple[int, int, int], QTextDocument] = OrderedDict()
        for (row, column, width), doc in self._docs.items():
            if row < first:
                kept[(row, column, width)] = doc
            elif delta > 0 or row >= first - delta:
                kept[(row + delta, column, width)] = doc
        self._docs = kept

    def forget_row(self, row: int) -> None:
        for key in [k for k in self._docs if k[0] == row]:
            del self._docs[key]

    def height_for(self, index: ModelIndex, width: int) -> int:
        doc = self.document(index, width)
        if doc is None:
            return 0
        return math.ceil(doc.size().height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        doc = self.document(index, option.rect.width())
        if doc is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        # A full highlight would put blue insertions on a blue fill; a tint and a bar keep
        # every redline colour readable on the selected cell, in light and dark palettes.
        opt.state &= ~QStyle.StateFlag.State_Selected
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect: QRect = option.rect
        palette = QPalette(option.palette)
        if selected:
            # QTableView has already filled the cell with the highlight (PE_PanelItemViewRow):
            # paint the plain background over it first.
            alternate = bool(opt.features & QStyleOptionViewItem.ViewItemFeature.Alternate)
            base = QPalette.ColorRole.AlternateBase if alternate else QPalette.ColorRole.Base
            painter.fillRect(rect, palette.color(base))
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(48)
            painter.fillRect(rect, tint)
            painter.fillRect(
                QRect(rect.left(), rect.top(), 3, rect.height()),
                palette.color(QPalette.ColorRole.Highlight),
            )
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = palette
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(0, 0, rect.width(), rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        width = option.rect.width()
        doc = self.document(index, width) if width > 0 else None
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(width, math.ceil(doc.size().height()))


class EntryTable(QTableView):
    """One row per aligned entry; shows the model columns it is given, hides the rest."""

    files_dropped = Signal(str, list)
    zoom_requested = Signal(int)
    """steps: +1 larger, -1 smaller (Ctrl+wheel)"""
    """side ("old", "new" or "both"), paths"""

    def __init__(self, columns: Sequence[Column], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.delegate = RichTextDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setWordWrap(True)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setMinimumSectionSize(8)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self._measured = bytearray()
        self._next_unmeasured = 0
        self._idle = QTimer(self)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._measure_batch)
        self._visible_pending = False
        self._heights_stale = False
        self._label_dragged = False  # once the user sizes the label column, it stays as sized
        self._sizing_label = False
        self.horizontalHeader().sectionResized.connect(self._widths_changed)
        self.verticalScrollBar().valueChanged.connect(self._schedule_visible)

    # --- what the selection names ---
    def _entries(self) -> ComparisonModel | None:
        model = self.model()
        if not isinstance(model, ComparisonModel) or model.comparison is None:
            return None
        return model

    def selected_sides(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Old and new paragraph ids picked for a link: old cells on the left, new on the right.

        In the redline view (one column) the upper selected row gives the old paragraphs and the
        lower one the new paragraphs."""
        model = self._entries()
        if model is None:
            return (), ()
        indexes = sorted(
            self.selectionModel().selectedIndexes(), key=lambda i: (i.row(), i.column())
        )
        old: list[str] = []
        new: list[str] = []
        if Column.REDLINE not in self.columns:
            for index in indexes:
                entry = model.entry(index.row())
                if index.column() == Column.OLD:
                    old.extend(pid for pid in entry.old if pid not in old)
                elif index.column() == Column.NEW:
                    new.extend(pid for pid in entry.new if pid not in new)
        else:
            rows = sorted({index.row() for index in indexes})
            if len(rows) >= 2:
                old = list(model.entry(rows[0]).old)
                new = list(model.entry(rows[-1]).new)
        return tuple(old), tuple(new)

    def copy_selection(self) -> None:
        """Copy the selected cells in reading order, one paragraph per line: as rich text with
        the redline's marks (Word and mail keep them) and as plain text (`copy_text`)."""
        model = self.model()
        if not isinstance(model, ComparisonModel) or not model.rowCount():
            return
        indexes = sorted(
            (
                i
                for i in self.selectionModel().selectedIndexes()
                if i.column() in self.columns and i.column() != Column.LABEL
            ),
            key=lambda i: (i.row(), i.column()),
        )
        cells = [(i.row(), i.column()) for i in indexes]
        texts = [model.copy_text(row, column) for row, column in cells]
        text = "\n".join(t for t in texts if t)
        if not text:
            return
        rich = "".join(
            f"<p>{model.html(row, column) or html.escape(plain)}</p>"
            for (row, column), plain in zip(cells, texts, strict=True)
            if plain
        )
        data = QMimeData()
        data.setText(text)
        data.setHtml(f"<html><body>{rich}</body></html>")
        QApplication.clipboard().setMimeData(data)

    # --- model wiring ---
    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is None:
            return
        header = self.horizontalHeader()
        for column in Column:
            self.setColumnHidden(column, column not in self.columns)
        header.setMinimumSectionSize(40)
        for column in self.columns:
            if column is Column.LABEL:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self._fit_label_column()
            elif column in (Column.RELATION, Column.SIMILARITY):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        model.modelReset.connect(self.invalidate_heights)
        model.layoutChanged.connect(self.invalidate_heights)
        model.dataChanged.connect(self._data_changed)
        model.rowsRemoved.connect(self._rows_removed)
        model.rowsInserted.connect(self._rows_inserted)
        self.invalidate_heights()

    def _rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        # The header keeps the heights of the other rows; only the cached layouts, keyed by
        # row, are renumbered.
        del self._measured[first : last + 1]
        self.delegate.shift_rows(first, -(last - first + 1))
        self._next_unmeasured = min(self._next_unmeasured, first)
        self._schedule_visible()

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        self._measured[first:first] = bytes(last - first + 1)
        self.delegate.shift_rows(first, last - first + 1)
        self._next_unmeasured = min(self._next_unmeasured, first)
        self._schedule_visible()
        self._idle.start()

    def _data_changed(
        self, top: QModelIndex, bottom: QModelIndex, roles: Sequence[int] = ()
    ) -> None:
        if roles and HTML_ROLE not in roles:
            return
        if top.row() == 0 and bottom.row() >= self.model().rowCount() - 1:
            self.invalidate_heights()
            return
        for row in range(top.row(), bottom.row() + 1):
            self.delegate.forget_row(row)
            if row < len(self._measured):
                self._measured[row] = 0
        self._next_unmeasured = min(self._next_unmeasured, top.row())
        self._schedule_visible()
        self._idle.start()

    # --- row heights ---
    def text_columns(self) -> list[int]:
        return [
            c for c in self.columns if c in (Column.LABEL, Column.OLD, Column.NEW, Column.REDLINE)
        ]

    def invalidate_heights(self) -> None:
        """Forget every layout (new rows, new widths, new font) and re-estimate all rows; a view
        not on screen (the other mode) does it when it is shown, not at every edit."""
        self.delegate.clear()
        model = self.model()
        assert model is None or isinstance(model, ComparisonModel)
        rows = model.rowCount() if model is not None else 0
        self._measured = bytearray(rows)
        self._next_unmeasured = 0
        if not self.isVisible() and rows:
            self._heights_stale = True
            self._idle.stop()
            return
        self._heights_stale = False
        if rows == 0:
            self._idle.stop()
            return
        metrics = self.fontMetrics()
        char_width = max(metrics.averageCharWidth(), 1)
        line = metrics.lineSpacing()
        header = self.verticalHeader()
        widths = {c: max(self.columnWidth(c) - 2 * PADDING, 20) for c in self.text_columns()}
        for row in range(rows):
            lines = 2
            for column, width in widths.items():
                text = model.plain(row, column)
                chars_per_line = max(width // char_width, 1)
                lines = max(lines, math.ceil(len(text) * 1.05 / chars_per_line))
            header.resizeSection(row, lines * line + 2 * PADDING)
        self._schedule_visible()
        self._idle.start()

    def label_width(self) -> int:
        """The label column's width: room for a long label, but never more than a quarter of a
        narrow view, so the text columns keep enough room not to break words apart."""
        wanted = self.fontMetrics().horizontalAdvance("OP10 + OP11 → OP12 (split)") + 16
        share = self.viewport().width() // 4
        return max(min(wanted, share), self.fontMetrics().horizontalAdvance("OP10 → OP11") + 16)

    def _fit_label_column(self) -> None:
        if Column.LABEL not in self.columns or self._label_dragged or self.model() is None:
            return
        width = self.label_width()
        if self.columnWidth(Column.LABEL) != width:
            self._sizing_label = True
            try:
                self.setColumnWidth(Column.LABEL, width)
            finally:
                self._sizing_label = False

    def _widths_changed(self, column: int, old: int, new: int) -> None:
        if column == Column.LABEL and not self._sizing_label and old > 0 and new > 0:
            # Only the user's drag on the header changes this column besides the view itself.
            self._label_dragged = True
        if column in self.text_columns() and old != new:
            self.delegate.clear()
            self._measured = bytearray(len(self._measured))
            self._next_unmeasured = 0
            self._schedule_visible()
            self._idle.start()

    def showEvent(self, event: QShowEvent) -> None:
        if self._heights_stale:
            self.invalidate_heights()
        super().showEvent(event)

    def _schedule_visible(self, *args: object) -> None:
        if not self._visible_pending:
            self._visible_pending = True
            QTimer.singleShot(0, self, self.measure_visible)  # dropped if the view is gone

    def visible_rows(self) -> range:
        first = self.rowAt(0)
        if first < 0:
            return range(0)
        last = self.rowAt(self.viewport().height() - 1)
        if last < 0:
            last = self.model().rowCount() - 1
        return range(first, last + 1)

    def fully_visible_rows(self) -> range:
        rows = self.visible_rows()
        if not rows:
            return rows
        start, stop = rows.start, rows.stop
        if self.rowViewportPosition(start) < 0:
            start += 1
        last = stop - 1
        if self.rowViewportPosition(last) + self.rowHeight(last) > self.viewport().height():
            stop -= 1
        return range(start, max(start, stop))

    def reveal(self, index: QModelIndex) -> None:
        """Scroll so the row is on screen (at the top when it was not), with exact heights."""
        self.measure_visible()
        for _ in range(3):
            if index.row() in self.fully_visible_rows():
                return
            self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
            self.measure_visible()

    def measure_visible(self) -> None:
        """Measure the rows in view (and a few beyond) exactly, before they are painted."""
        self._visible_pending = False
        for _ in range(3):  # measuring can pull more rows into view; settle in a few passes
            rows = self.visible_rows()
            if not rows:
                return
            span = range(max(rows.start - 2, 0), min(rows.stop + 4, len(self._measured)))
            if not any(self._measured[row] == 0 for row in span):
                return
            self._measure_rows(span)

    def _measure_batch(self) -> None:
        count = len(self._measured)
        row = self._next_unmeasured
        deadline = time.perf_counter() + BATCH_SECONDS
        while row < count and time.perf_counter() < deadline:
            if not self._measured[row]:
                self._measure_rows(range(row, row + 1))
            row += 1
        self._next_unmeasured = row
        if row >= count:
            self._idle.stop()

    def _measure_rows(self, rows: range) -> None:
        model = self.model()
        header = self.verticalHeader()
        widths = {c: self.columnWidth(c) for c in self.text_columns()}
        top = self.rowAt(0)
        shift = 0
        changed = False
        for row in rows:
            if row >= len(self._measured) or self._measured[row]:
                continue
            height = 0
            for column, width in widths.items():
                if width > 0:
                    height = max(height, self.delegate.height_for(model.index(row, column), width))
            height = max(height, 8)
            old = header.sectionSize(row)
            if old != height:
                header.resizeSection(row, height)
                changed = True
                if 0 <= row < top:
                    shift += height - old
            self._measured[row] = 1
        if changed:
            # The scroll range follows the new heights now, not at the next layout pass.
            self.updateGeometries()
        if shift:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + shift)

    def all_measured(self) -> bool:
        return all(self._measured)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_label_column()
        self._schedule_visible()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms (as in browsers and word processors); the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() // 120
            if steps:
                self.zoom_requested.emit(steps)
            event.accept()
            return
        super().wheelEvent(event)

    def changeEvent(self, event: object) -> None:
        super().changeEvent(event)  # type: ignore[arg-type]
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FontChange:  # type: ignore[attr-defined]
            self._fit_label_column()
            self.invalidate_heights()

    # --- drag and drop: a file dropped on the left half is the old version, right half new ---
    def _local_files(self, event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._local_files(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        if len(files) >= 2:
            self.files_dropped.emit("both", files[:2])
            return
        self.files_dropped.emit(self.side_at(event.position().toPoint().x()), files)

    def side_at(self, x: int) -> str:
        """Which version a drop at viewport x means: the new column or the right half is new."""
        column = self.columnAt(x)
        if column == Column.NEW:
            return "new"
        if column == Column.OLD:
            return "old"
        return "new" if x > self.viewport().width() // 2 else "old"
