"""Desktop layer: the annotation panel (issue 6) and what goes with it — the undo command for
edits of the negotiation file, the positions table model and the import-conflict dialog.

The panel never touches the negotiation file: it shows one paragraph's annotation and emits
what the user decided (`status_chosen`, `note_committed`, `positions_edited`, …); the window
makes the change in the file and pushes a `NotesCommand` holding the returned `ChangeSet`.
The note is committed when it loses focus or on Ctrl+Enter, not on every keystroke, so one
undo step is one thought, not one letter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QTextCursor, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import present
from desktop.qtcompat import protect_singletons
from diffing.negotiation import Annotation, ChangeSet, Conflict, Position, Stance, Status

logger = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

protect_singletons()


class NotesCommand(QUndoCommand):
    """An edit of the negotiation file that has already been made (the file is written at
    once); redo after an undo applies it again, undo applies its inverse. `apply` is the
    window's, so a change that no longer fits the file is reported there."""

    def __init__(self, changes: ChangeSet, text: str, apply: Callable[[ChangeSet], None]) -> None:
        super().__init__(text)
        self.changes = changes
        self._apply = apply
        self._pending_first_redo = True

    def redo(self) -> None:
        if self._pending_first_redo:
            # QUndoStack.push calls redo(): the edit is already in the file.
            self._pending_first_redo = False
            return
        self._apply(self.changes)

    def undo(self) -> None:
        self._apply(self.changes.inverted())


def merged(changes: Sequence[ChangeSet]) -> ChangeSet:
    """Several change sets made one after the other, as one (undone in reverse order)."""
    return ChangeSet(
        tuple(c for cs in changes for c in cs.annotations),
        tuple(link for cs in changes for link in cs.links),
    )


# --- positions -------------------------------------------------------------------------------

POSITION_HEADERS = ("Delegation", "Position", "Proposed text")


class PositionsModel(QAbstractTableModel):
    """Delegations' positions on the paragraph, editable in place."""

    edited = Signal()
    """A cell was changed by the user (not by `set_positions`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Position] = []
        self._editable = True

    def positions(self) -> tuple[Position, ...]:
        return tuple(self._rows)

    def set_positions(self, positions: Sequence[Position]) -> None:
        """Show these positions. The panel shows the stored annotation again after each edit;
        rows that did not change in number keep the table's current cell and open editor (a
        reset would send Tab back to the first column of the table)."""
        rows = list(positions)
        if rows == self._rows:
            return
        if len(rows) != len(self._rows):
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        self._rows = rows
        last = self.index(len(rows) - 1, len(POSITION_HEADERS) - 1)
        self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.DisplayRole])

    def set_editable(self, editable: bool) -> None:
        self._editable = editable

    def append(self, position: Position) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(position)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(POSITION_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(POSITION_HEADERS)
        ):
            return POSITION_HEADERS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        position = self._rows[index.row()]
        return (position.delegation, position.stance.value, position.proposed_text)[index.column()]

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable:
            return False
        position = self._rows[index.row()]
        text = str(value).strip()
        if index.column() == 0:
            changed = replace(position, delegation=text)
        elif index.column() == 1:
            try:
                changed = replace(position, stance=Stance.parse(text))
            except ValueError:
                return False
        else:
            changed = replace(position, proposed_text=text)
        if changed == position:
            return False
        self._rows[index.row()] = changed
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        self.edited.emit()
        return True


class StanceDelegate(QStyledItemDelegate):
    """The position column is edited with a list of the four positions."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget:
        if index.column() != 1:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setAccessibleName("Position of the delegation")
        for stance in Stance:
            combo.addItem(stance.value, stance.value)
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.model().data(index, Qt.ItemDataRole.EditRole)))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class PositionsTable(QTableView):
    """The positions table as a form is filled: Tab moves to the next cell of the row (then the
    next row), Shift+Tab to the previous one, editing it when the table was editing; past the
    last cell (or before the first) Tab leaves the table for the next control, so a keyboard user
    is never sent back to the first column nor trapped in the table. Qt's own Tab navigation
    wraps from the last cell to the first, which is why it is off (`setTabKeyNavigation`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabKeyNavigation(False)

    def _step(self, forward: bool) -> QModelIndex:
        """The cell after (before) the current one in reading order; invalid past either end."""
        model = self.model()
        current = self.currentIndex()
        columns = model.columnCount() if model is not None else 0
        if model is None or not current.isValid() or columns == 0:
            return QModelIndex()
        place = current.row() * columns + current.column() + (1 if forward else -1)
        if not 0 <= place < model.rowCount() * columns:
            return QModelIndex()
        return model.index(place // columns, place % columns)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        # Called by closeEditor when the editor's Tab asks for the next (previous) cell.
        if cursorAction is QAbstractItemView.CursorAction.MoveNext:
            return self._step(True)
        if cursorAction is QAbstractItemView.CursorAction.MovePrevious:
            return self._step(False)
        return super().moveCursor(cursorAction, modifiers)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab while the table has focus but no editor is open.
        target = self._step(next)
        if target.isValid() and self.hasFocus():
            self.setCurrentIndex(target)
            return True
        return super().focusNextPrevChild(next)

    def closeEditor(self, editor: QWidget, hint: QStyledItemDelegate.EndEditHint) -> None:
        # Tab in the editor of the last cell: close it and leave the table, not wrap round.
        hints = QStyledItemDelegate.EndEditHint
        forward = hint is hints.EditNextItem
        if (
            hint in (hints.EditNextItem, hints.EditPreviousItem)
            and not self._step(forward).isValid()
        ):
            super().closeEditor(editor, hints.NoHint)
            super().focusNextPrevChild(forward)
            return
        super().closeEditor(editor, hint)


# --- the note --------------------------------------------------------------------------------


class NoteEdit(QPlainTextEdit):
    """A note committed when focus leaves it or on Ctrl+Enter."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._shown = ""

    def show_text(self, text: str) -> None:
        self._shown = text
        if text != self.toPlainText():
            self.setPlainText(text)
            self.moveCursor(QTextCursor.MoveOperation.End)
        # The same text shown again (the refresh after saving with Ctrl+Enter) keeps the cursor
        # where the user is typing; resetting it sent the next words to the start of the note.

    @property
    def dirty(self) -> bool:
        return self.toPlainText() != self._shown

    def commit(self) -> None:
        if self.dirty and not self.isReadOnly():
            self._shown = self.toPlainText()
            self.committed.emit(self._shown)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.commit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)


# --- the panel -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The paragraph the panel is about."""

    side: str
    """"new", or "old" for a paragraph the new version deleted."""
    paragraph_id: str
    label: str
    """How the views name the entry ("OP3 → OP4 (modified)")."""


class AnnotationPanel(QWidget):
    status_chosen = Signal(str)
    """A status value, or "" to remove the annotation."""
    note_committed = Signal(str)
    positions_edited = Signal(object)
    """tuple[Position, ...]"""
    acknowledge_clicked = Signal()
    remove_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotation_panel")
        self.setAccessibleName("Annotation of the selected paragraph")
        self.target: Target | None = None
        self.annotation: Annotation | None = None
        self._loading = False
        self._read_only = False

        self.heading = QLabel(self)
        self.heading.setAccessibleName("Annotated paragraph")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status of the paragraph")
        self.status.addItem("Not annotated", "")  # not None: see desktop.qtcompat
        for status in Status:
            self.status.addItem(status.value, status.value)
        self.badge = QLabel(self)
        self.badge.setAccessibleName("Status badge")
        self.badge.setTextFormat(Qt.TextFormat.RichText)
        self.flag = QLabel(self)
        self.flag.setAccessibleName("Text changed warning")
        self.flag.setWordWrap(True)
        self.acknowledge = QPushButton("Ac&knowledge new wording", self)
        self.acknowledge.setAccessibleName("Acknowledge the changed text")
        self.acknowledge.setToolTip("I have read the new wording: clear the warning")
        self.note = NoteEdit(self)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Note (saved when you leave the field, or Ctrl+Enter)")
        self.positions_model = PositionsModel(self)
        self.positions = PositionsTable(self)
        self.positions.setObjectName("positions")
        self.positions.setAccessibleName("Delegations' positions")
        self.positions.setModel(self.positions_model)
        self.positions.setItemDelegate(StanceDelegate(self.positions))
        self.positions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.positions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.positions.verticalHeader().hide()
        header = self.positions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_position = QPushButton("&Add position", self)
        self.add_position.setAccessibleName("Add a delegation's position")
        self.remove_position = QPushButton("Remo&ve position", self)
        self.remove_position.setAccessibleName("Remove the selected position")
        self.meta = QLabel(self)
        self.meta.setAccessibleName("Author and time")
        self.meta.setWordWrap(True)
        self.remove = QPushButton("Remove annotation", self)
        self.remove.setAccessibleName("Remove the annotation")
        self.hint = QLabel(self)
        self.hint.setAccessibleName("About the negotiation file")
        self.hint.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Status:", self.status)
        form.addRow("", self.badge)
        flag_row = QHBoxLayout()
        flag_row.addWidget(self.flag, 1)
        flag_row.addWidget(self.acknowledge)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_position)
        buttons.addWidget(self.remove_position)
        buttons.addStretch(1)
        note_label = QLabel("N&ote:", self)
        note_label.setBuddy(self.note)
        positions_label = QLabel("&Positions:", self)
        positions_label.setBuddy(self.positions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(flag_row)
        layout.addWidget(note_label)
        layout.addWidget(self.note, 2)
        layout.addWidget(positions_label)
        layout.addWidget(self.positions, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.meta)
        layout.addWidget(self.remove)
        layout.addWidget(self.hint)

        self.status.currentIndexChanged.connect(self._status_changed)
        self.note.committed.connect(self.note_committed)
        self.positions_model.edited.connect(self._positions_changed)
        self.add_position.clicked.connect(self._add_position)
        self.remove_position.clicked.connect(self._remove_position)
        self.acknowledge.clicked.connect(self.acknowledge_clicked)
        self.remove.clicked.connect(self.remove_clicked)
        self.show_annotation(None, None)

    # --- what is shown ---
    def show_annotation(
        self,
        target: Target | None,
        annotation: Annotation | None,
        *,
        others: int = 0,
        dark: bool = False,
    ) -> None:
        """Show a paragraph's annotation (None: not annotated); `others` more annotations on
        the paragraph are mentioned, not shown."""
        if target != self.target:
            # A note typed for the previous paragraph is kept before the panel moves on.
            self.note.commit()
        self._loading = True
        try:
            self.target = target
            self.annotation = annotation
            if target is None:
                self.heading.setText("Select a paragraph to annotate it.")
            else:
                side = "" if target.side == "new" else " (old version: deleted in the new one)"
                self.heading.setText(f"{target.label}{side}")
            status = annotation.status.value if annotation is not None else ""
            self.status.setCurrentIndex(max(self.status.findData(status), 0))
            state = None
            if annotation is not None:
                from diffing.negotiation import ParagraphState

                state = ParagraphState(annotation.paragraph_id, annotation.status)
            colours = present.Colours.for_dark(dark)
            self.badge.setText(present.badge_html(state, colours))
            self.badge.setVisible(state is not None)
            flag = annotation.flag if annotation is not None else None
            self.flag.setText(f"⚠ {flag[:1].upper()}{flag[1:]}." if flag else "")
            self.flag.setVisible(flag is not None)
            self.acknowledge.setVisible(flag is not None)
            self.note.show_text(annotation.note if annotation is not None else "")
            self.positions_model.set_positions(annotation.positions if annotation else ())
            self.meta.setText(_meta_text(annotation, others))
            self.remove.setVisible(annotation is not None)
        finally:
            self._loading = False
        self._update_enabled()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._update_enabled()

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def _update_enabled(self) -> None:
        editable = self.target is not None and not self._read_only
        for widget in (
            self.status,
            self.add_position,
            self.remove_position,
            self.acknowledge,
            self.remove,
        ):
            widget.setEnabled(editable)
        self.note.setReadOnly(not editable)
        self.positions_model.set_editable(editable)

    def focus(self) -> None:
        """Ctrl+Shift+A: start at the status."""
        self.status.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- user edits ---
    def _status_changed(self, index: int) -> None:
        if self._loading or self.target is None:
            return
        value = self.status.itemData(index)
        self.status_chosen.emit(value if isinstance(value, str) else "")

    def _positions_changed(self) -> None:
        if self._loading or self.target is None:
            return
        kept = tuple(p for p in self.positions_model.positions() if p.delegation)
        self.positions_edited.emit(kept)

    def _add_position(self) -> None:
        row = self.positions_model.append(Position("", Stance.SUPPORT))
        index = self.positions_model.index(row, 0)
        self.positions.setCurrentIndex(index)
        self.positions.setFocus()
        self.positions.edit(index)

    def _remove_position(self) -> None:
        index = self.positions.currentIndex()
        if not index.isValid():
            return
        self.positions_model.remove(index.row())
        self._positions_changed()


def _meta_text(annotation: Annotation | None, others: int) -> str:
    if annotation is None:
        return ""
    parts = []
    if annotation.author:
        parts.append(f"By {annotation.author}")
    if annotation.modified:
        parts.append(f"last changed {_when(annotation.modified)}")
    if annotation.created and annotation.created != annotation.modified:
        parts.append(f"created {_when(annotation.created)}")
    if annotation.carried_from:
        parts.append("carried from the previous version")
    text = ", ".join(parts)
    text = text[:1].upper() + text[1:] if text else ""
    if others:
        text += f" ({others} more annotation{'s' if others != 1 else ''} on this paragraph)"
    return text


def _when(stamp: str) -> str:
    """ "2026-11-25T20:45:00Z" as "2026-11-25 20:45 UTC"."""
    return stamp.replace("T", " ")[:16] + " UTC" if "T" in stamp else stamp


# --- import conflicts ------------------------------------------------------------------------

CHOICES = (
    ("local", "Keep mine"),
    ("incoming", "Take theirs"),
    ("both", "Keep both"),
)


class ConflictDialog(QDialog):
    """One line per conflict: both versions of the annotation, and a choice (default: keep
    mine — nothing is overwritten unless the user says so)."""

    def __init__(self, conflicts: Sequence[Conflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Imported annotations conflict with yours")
        self.setAccessibleName("Import conflicts")
        self.combos: list[QComboBox] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{len(conflicts)} imported annotation{'s' if len(conflicts) != 1 else ''} "
            "differ from the ones in this file. Choose for each:",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        for conflict in conflicts:
            mine, theirs = conflict.local, conflict.incoming
            text = f"{mine.paragraph_id}\n  mine: {_one_line(mine)}\n  theirs: {_one_line(theirs)}"
            combo = QComboBox(self)
            combo.setAccessibleName(f"Choice for {mine.paragraph_id}")
            for key, name in CHOICES:
                combo.addItem(name, key)
            label = QLabel(text, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(label, combo)
            self.combos.append(combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choices(self) -> list[str]:
        return [str(combo.currentData()) for combo in self.combos]


def _one_line(annotation: Annotation) -> str:
    text = annotation.status.value
    if annotation.note:
        text += f": {annotation.note}"
    if annotation.author:
        text += f" ({annotation.author})"
    return text if len(text) <= 120 else text[:119] + "…"


def choose_resolutions(parent: QWidget, conflicts: Sequence[Conflict]) -> list[str]:
    """ "local", "incoming" or "both" per conflict; all "local" when the user cancels (tests
    replace this)."""
    dialog = ConflictDialog(conflicts, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return ["local"] * len(conflicts)
    return dialog.choices()
