"""Desktop layer: the navigator — every entry with its label, change and status; filters and
search; choosing a row jumps the main view to it.

When a version is a compilation text (issue 16) the navigator offers "Proposals of:" — every
delegation that made a proposal in either version, with its proposals counted by the core
(`compilation_counts`, old → new) — which keeps only the entries holding that delegation's
proposals on either side, together with the other filters. The status column then also shows
the status a paragraph's printed text gives (`present.text_status`: "[agreed ad ref]" → agreed ad
ref, words still in brackets → bracketed) in italics, wherever no annotation of the user sets one;
the user's annotation always wins.

Columns other than the label have fixed widths measured from the words they can show (relation
names, "100 %", status badges), so they never cut a word and never measure every row; the label
column takes the room left but never less than a split's name, the table scrolling sideways in a
narrow dock instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import present
from desktop.models import (
    NOT_ANNOTATED,
    TEXT_CHANGED,
    Column,
    ComparisonModel,
    ModelIndex,
    NavigatorFilter,
)
from diffing.compilation import Markup, read_markup
from diffing.compilation_rounds import compilation_counts
from diffing.model import Comparison, Document, Relation, Side
from diffing.negotiation import Status

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _RowMarkup:
    """What the compilation filter and the status column need of one entry."""

    delegations: frozenset[str]
    """Delegations with a proposal in the entry's old or new paragraphs."""
    status: Status | None
    """The status its printed text gives (`present.text_status`) on the annotated side."""


class CompilationFilter(NavigatorFilter):
    """The navigator's rows (`NavigatorFilter`), also limited to one delegation's proposals,
    with the status of the printed text where no annotation sets one (module docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._delegation = ""
        self._rows: list[_RowMarkup] | None = None
        """None until read for the comparison shown (`_read`)."""
        self._sides: frozenset[Side] = frozenset()
        self._delegations: tuple[tuple[str, int, int], ...] = ()
        self._markups: dict[Side, tuple[Document, dict[str, Markup], dict[str, int]]] = {}
        """Per side: the document read, its paragraphs' markup and its proposals per delegation
        (a relink shows the same documents again: they are not read twice)."""

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        # Read again when asked after a reset: the proxy filters (and says it was reset) before
        # a slot connected here would run.
        model.modelAboutToBeReset.connect(self._forget)
        self._rows = None

    def _forget(self) -> None:
        self._rows = None

    @property
    def sides(self) -> frozenset[Side]:
        """The versions on screen that are compilation texts; empty for ordinary texts."""
        self._read()
        return self._sides

    @property
    def delegations(self) -> tuple[tuple[str, int, int], ...]:
        """(delegation, proposals in the old version, in the new), by name."""
        self._read()
        return self._delegations

    def _read(self) -> list[_RowMarkup]:
        """The markup of both versions, read once per comparison shown (a relink reuses the
        documents' markup)."""
        if self._rows is not None:
            return self._rows
        model = self.sourceModel()
        assert isinstance(model, ComparisonModel)
        comparison = model.shown  # one version open alone has its proposals too
        self._sides = present.compilation_sides(comparison) if comparison else frozenset()
        self._rows, self._delegations = [], ()
        if comparison is None or not self._sides:
            return self._rows
        read = {side: self._read_side(comparison, side) for side in ("old", "new")}
        markups = {side: read[side][0] for side in read}
        counts = {side: read[side][1] if side in self._sides else {} for side in read}
        names = sorted(set(counts["old"]) | set(counts["new"]), key=str.casefold)
        self._delegations = tuple(
            (name, counts["old"].get(name, 0), counts["new"].get(name, 0)) for name in names
        )
        for entry in comparison.entries:
            found = [markups["old"][i] for i in entry.old] + [markups["new"][i] for i in entry.new]
            side: Side = "new" if entry.new else "old"
            own = [markups[side][i] for i in (entry.new or entry.old)]
            self._rows.append(
                _RowMarkup(
                    delegations=frozenset(d for m in found for d in m.delegations),
                    status=present.text_status(own) if side in self._sides else None,
                )
            )
        return self._rows

    def _read_side(
        self, comparison: Comparison, side: Side
    ) -> tuple[dict[str, Markup], dict[str, int]]:
        document: Document = getattr(comparison, side)
        kept = self._markups.get(side)
        if kept is not None and kept[0] is document:
            return kept[1], kept[2]
        markups = {p.id: read_markup(p.text) for p in document.paragraphs}
        counts = dict(compilation_counts(document).proposals)
        self._markups[side] = (document, markups, counts)
        return markups, counts

    def set_delegation(self, delegation: str) -> None:
        """Only entries holding a proposal of `delegation` ("EU"); "" for every entry."""
        self._begin_filter_change()
        self._delegation = delegation
        self._end_filter_change()

    @property
    def delegation(self) -> str:
        return self._delegation

    def text_status(self, source_row: int) -> Status | None:
        """The status the row's printed text gives, None for none (or an ordinary text)."""
        rows = self._read()
        return rows[source_row].status if 0 <= source_row < len(rows) else None

    def _shown_text_status(self, source_row: int) -> Status | None:
        """The text's status where the user's annotation sets none."""
        model = self.sourceModel()
        assert isinstance(model, ComparisonModel)
        return None if model.status_text(source_row) else self.text_status(source_row)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if self._delegation:
            rows = self._read()
            if not (source_row < len(rows) and self._delegation in rows[source_row].delegations):
                return False
        return super().filterAcceptsRow(source_row, source_parent)

    def _status_matches(self, model: ComparisonModel, row: int) -> bool:
        status = self._shown_text_status(row)
        if status is not None and self._status not in (NOT_ANNOTATED, TEXT_CHANGED):
            return status.value == self._status
        return super()._status_matches(model, row)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role in self._TEXT_STATUS_ROLES
            and index.isValid()
            and index.column() == Column.STATUS
            and self._read()
        ):
            status = self._shown_text_status(self.mapToSource(index).row())
            if status is not None:
                return self._text_status_data(status, role)
        return super().data(index, role)

    _TEXT_STATUS_ROLES = frozenset(
        {
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        }
    )

    def _text_status_data(self, status: Status, role: int) -> Any:
        """The status column's cell for a status that comes from the text: italic, with the
        badge's colours and a tooltip that says where it comes from."""
        if role == Qt.ItemDataRole.DisplayRole:
            return present.BADGE_SHORT[status]
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            model = self.sourceModel()
            dark = isinstance(model, ComparisonModel) and model.colours.dark
            colours = present.badge_colours(status, dark=dark)
            return QColor(colours[0 if role == Qt.ItemDataRole.BackgroundRole else 1])
        return f"{status.value} (from the text; not annotated)"  # tooltip, screen readers


class Navigator(QWidget):
    """All entries with label, relation and similarity; filters; choosing a row jumps to it."""

    row_chosen = Signal(int)
    """source row"""

    def __init__(self, model: ComparisonModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = CompilationFilter(self)
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
        self.proposals_label = QLabel("P&roposals of:", self)
        self.proposals = QComboBox(self)
        self.proposals.setAccessibleName("Show one delegation's proposals")
        self.proposals.setToolTip(
            "Only the paragraphs holding this delegation's proposals, in either version "
            "(proposals counted old → new)"
        )
        self.proposals_label.setBuddy(self.proposals)
        self.show_all_proposals = QToolButton(self)
        self.show_all_proposals.setText("✕")
        self.show_all_proposals.setAutoRaise(True)
        self.show_all_proposals.setToolTip("Show every delegation's proposals")
        self.show_all_proposals.setAccessibleName("Show every delegation's proposals")
        self.proposals_row = QWidget(self)
        proposals = QHBoxLayout(self.proposals_row)
        proposals.setContentsMargins(0, 0, 0, 0)
        proposals.addWidget(self.proposals_label)
        proposals.addWidget(self.proposals, 1)
        proposals.addWidget(self.show_all_proposals)

        filters = QHBoxLayout()
        filters.addWidget(self.changed_only)
        filters.addWidget(self.relation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.proposals_row)
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
        self.proposals.currentIndexChanged.connect(self._delegation_chosen)
        self.show_all_proposals.clicked.connect(lambda: self.proposals.setCurrentIndex(0))
        self.proxy.modelReset.connect(self._fill_proposals)
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
        self._fill_proposals()

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
        text = f"{shown} of {total} entries" if shown != total else f"{total} entries"
        if self.proxy.delegation:
            text += f" · proposals of {self.proxy.delegation}"
        self.count.setText(text)

    # --- compilation texts ---
    def _fill_proposals(self) -> None:
        """The delegations of the versions now shown; the one chosen stays chosen while it is
        still there (a relink or the next round), else the list goes back to all."""
        wanted = self.proxy.delegation
        both = self.proxy.sides == {"old", "new"}
        self.proposals.blockSignals(True)
        try:
            self.proposals.clear()
            self.proposals.addItem("All delegations", "")
            for name, old, new in self.proxy.delegations:
                count = f"{old} → {new}" if both else str(old + new)
                noun = "proposal" if (new if both else old + new) == 1 else "proposals"
                self.proposals.addItem(f"{name} ({count} {noun})", name)
            found = self.proposals.findData(wanted) if wanted else 0
            self.proposals.setCurrentIndex(max(found, 0))
        finally:
            self.proposals.blockSignals(False)
        if wanted and self.proposals.currentIndex() <= 0:
            self.proxy.set_delegation("")
        self.proposals_row.setVisible(bool(self.proxy.sides))
        self.show_all_proposals.setVisible(self.proposals.currentIndex() > 0)
        self._update_count()

    def _delegation_chosen(self, index: int) -> None:
        self.proxy.set_delegation(str(self.proposals.itemData(index) or ""))
        self.show_all_proposals.setVisible(index > 0)
        self._update_count()

    def choose_delegation(self, delegation: str) -> bool:
        """Show only `delegation`'s proposals ("" for all); False when it made none here."""
        index = self.proposals.findData(delegation) if delegation else 0
        if index < 0:
            return False
        self.proposals.setCurrentIndex(index)
        return True

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
