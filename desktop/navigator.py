"""Desktop layer: the navigator — every entry with its label, change and status; filters and
search; choosing a row jumps the main view to it.

Columns other than the label have fixed widths measured from the words they can show (relation
names, "100 %", status badges), so they never cut a word and never measure every row; the label
column takes the room left but never less than a split's name, the table scrolling sideways in a
narrow dock instead.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import present
from desktop.models import NOT_ANNOTATED, TEXT_CHANGED, Column, ComparisonModel, NavigatorFilter
from diffing.model import Relation
from diffing.negotiation import Status

logger = logging.getLogger(__name__)


class Navigator(QWidget):
    """All entries with label, relation and similarity; filters; choosing a row jumps to it."""

    row_chosen = Signal(int)
    """source row"""

    def __init__(self, model: ComparisonModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = NavigatorFilter(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search paragraphs (Ctrl+F)")
        self.search.setAccessibleName("Search paragraphs")
        self.search.setClearButtonEnabled(True)
        self.changed_only = QCheckBox("&Changed only", self)
        self.changed_only.setAccessibleName("Show changed paragraphs only")
        self.relation = QComboBox(self)
        self.relation.setAccessibleName("Show one kind of change")
        self.relation.addItem("All kinds", "")  # not None: see desktop.qtcompat
        for relation in Relation:
            self.relation.addItem(present.RELATION_NAMES[relation].capitalize(), relation.value)
        self.table = QTableView(self)
        self.table.setObjectName("navigator")
        self.table.setAccessibleName("Navigator: list of paragraphs")
        self.table.setModel(self.proxy)
        for column in Column:
            keep = column in (Column.LABEL, Column.RELATION, Column.SIMILARITY, Column.STATUS)
            self.table.setColumnHidden(column, not keep)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.LABEL, QHeaderView.ResizeMode.Fixed)
        # Fixed widths from the known vocabulary: a column sized to its contents measured every
        # row at each re-alignment (half a second on 800 paragraphs), and cut words when the
        # dock was narrow.
        for column in (Column.RELATION, Column.SIMILARITY, Column.STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Show one annotation status")
        self.status.addItem("All statuses", "")
        self.status.addItem("Not annotated", NOT_ANNOTATED)
        for status in Status:
            self.status.addItem(status.value.capitalize(), status.value)
        self.status.addItem("Text changed since annotated", TEXT_CHANGED)
        self.count = QLabel(self)
        self.count.setAccessibleName("Number of paragraphs listed")

        filters = QHBoxLayout()
        filters.addWidget(self.changed_only)
        filters.addWidget(self.relation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        self.search.textChanged.connect(self.proxy.set_search)
        self.changed_only.toggled.connect(self.proxy.set_changed_only)
        self.relation.currentIndexChanged.connect(
            lambda _: self.proxy.set_relation(
                Relation(self.relation.currentData()) if self.relation.currentData() else None
            )
        )
        self.status.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(str(self.status.currentData() or ""))
        )
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved):
            signal.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._syncing = False
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self._label_least = self._fixed = 0
        self.table.viewport().installEventFilter(self)
        self.fit_columns()

    COLUMN_WORDS: ClassVar[dict[Column, tuple[str, ...]]] = {
        Column.RELATION: (*present.RELATION_NAMES.values(), "Change"),
        Column.SIMILARITY: ("100 %", "%"),
        Column.STATUS: (*(f"{short} ⚠" for short in present.BADGE_SHORT.values()), "Status"),
    }
    LABEL_SAMPLE = "OP88 → OP88"
    """The label column never gets narrower than a renumbered paragraph's name."""

    def fit_columns(self) -> None:
        """Size the columns for the longest word they can show in the current font (after a
        zoom too), and keep the label column readable by the dock's minimum width."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        padding = 2 * self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin) + 16
        fixed = 0
        for column, words in self.COLUMN_WORDS.items():
            width = max(metrics.horizontalAdvance(w) for w in words) + padding
            header.resizeSection(column, width)
            if not self.table.isColumnHidden(column):
                fixed += width
        self._label_least = metrics.horizontalAdvance(self.LABEL_SAMPLE) + padding
        self._fixed = fixed
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 6)
        self._fit_label()

    def needed_width(self) -> int:
        """Width of the navigator showing every visible column whole, the label at its least."""
        frame = self.width() - self.table.viewport().width()
        scroll = self.table.verticalScrollBar().sizeHint().width()
        return self._fixed + self._label_least + max(frame, 0) + scroll

    def _fit_label(self) -> None:
        """The label column takes the room left, but never less than a label needs: in a
        narrow dock the table scrolls sideways instead of cutting labels to "P…"."""
        room = self.table.viewport().width() - self._fixed
        self.table.horizontalHeader().resizeSection(Column.LABEL, max(room, self._label_least))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_label()
        return super().eventFilter(watched, event)

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.row_chosen.emit(self.proxy.mapToSource(index).row())

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._syncing and current.isValid():
            self.row_chosen.emit(self.proxy.mapToSource(current).row())

    def _update_count(self, *args: object) -> None:
        total = self.proxy.sourceModel().rowCount()
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} of {total} entries" if shown != total else f"{total} entries")

    def follow(self, source_row: int) -> None:
        """Select the row the main view is on, without jumping back."""
        source = self.proxy.sourceModel()
        index = self.proxy.mapFromSource(source.index(source_row, Column.LABEL))
        self._syncing = True
        try:
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
            else:
                self.table.clearSelection()
        finally:
            self._syncing = False
