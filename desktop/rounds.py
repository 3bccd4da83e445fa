"""Desktop layer: the rounds of the open negotiation file (issue 15) — Negotiation → Rounds….

`RoundsDialog` lists the rounds in order (place, name, date issued, source file, annotations)
and lets the user add a round (read and aligned with the last round in the background on the
window's `JobRunner`, with progress), rename and re-date it (edit the cell, F2), move it up or
down (Ctrl+Up / Ctrl+Down), remove it (asked first: its annotations go with it) and pick any two
rounds to compare (the last two by default). Every change is written to the file at once through
`NegotiationFile.rounds` (the file is the store); renaming, re-dating and moving can be undone in
the dialog (Ctrl+Z / Ctrl+Shift+Z). A refused change (`RoundError`, a read-only file) is one line
under the list, never a traceback.

The dialog never touches the window: it emits `compare_requested(old_version, new_version)` and
`rounds_changed()`, and `install(window)` connects them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import present
from desktop.jobs import JobRunner, Progress
from diffing.errors import RedlineError
from diffing.model import Comparison, Document
from diffing.negotiation import NegotiationFile
from diffing.negotiation.model import Round
from diffing.negotiation.rounds import AlignedPair
from diffing.readers import misnamed

if TYPE_CHECKING:
    from desktop.window import MainWindow

logger = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex

ADD_ROUND_JOB = "add_round"
ORDER_JOB = "round_order"
"""Aligning the rounds a move or a removal makes neighbours, before the change is made."""
ROUNDS_SHORTCUT = "Ctrl+Alt+R"
"""Negotiation → Rounds… (free in the window: checked against desktop/help.SHORTCUTS)."""
OPEN_FILTER = "Documents (*.docx *.docm *.dotx *.pdf *.txt *.md *.text);;All files (*)"


class RoundsModel(QAbstractTableModel):
    """The rounds of a negotiation file, oldest first; the name and date cells are editable
    (`edit_requested` carries what was typed: the dialog makes the change)."""

    NUMBER, NAME, DATE, SOURCE, ANNOTATIONS = range(5)
    HEADERS = ("Round", "Name", "Date issued", "Source file", "Annotations")

    edit_requested = Signal(int, int, str)
    """version id, column (NAME or DATE), the text typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rounds: tuple[Round, ...] = ()
        self._counts: dict[int, int] = {}
        self.read_only = False

    def reload(self, notes: NegotiationFile | None) -> None:
        self.beginResetModel()
        if notes is None or notes.closed:
            self.rounds, self._counts, self.read_only = (), {}, True
        else:
            self.rounds = notes.rounds.all()
            self._counts = {
                r.version_id: len(notes.annotations_for(r.version_id)) for r in self.rounds
            }
            self.read_only = notes.read_only
        self.endResetModel()

    def row_of(self, version_id: int) -> int:
        for row, round_ in enumerate(self.rounds):
            if round_.version_id == version_id:
                return row
        return -1

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rounds)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rounds):
            return None
        round_ = self.rounds[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            values = (
                round_.number,
                round_.label,
                round_.date,
                round_.source_name,
                self._counts.get(round_.version_id, 0),
            )
            return values[column] if 0 <= column < len(values) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.SOURCE:
                return round_.original_path or round_.source_name
            if column in (self.NAME, self.DATE) and not self.read_only:
                return "Double-click or F2 to change" + (" (YYYY-MM-DD)" if column else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.NUMBER, self.ANNOTATIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (self.NAME, self.DATE) and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if index.column() not in (self.NAME, self.DATE):
            return False
        round_ = self.rounds[index.row()]
        text = str(value)
        if text == self.data(index, Qt.ItemDataRole.EditRole):
            return False
        # The dialog writes the file and reloads; the cell shows the stored value then.
        self.edit_requested.emit(round_.version_id, index.column(), text)
        return False


class RoundCommand(QUndoCommand):
    """A change of the rounds already written to the file; undo/redo run `undo` / `redo`
    through `run`, which reports a change that no longer fits the file as one line."""

    def __init__(
        self,
        text: str,
        redo: Callable[[], object],
        undo: Callable[[], object],
        run: Callable[[Callable[[], object]], bool],
    ) -> None:
        super().__init__(text)
        self._redo, self._undo, self._run = redo, undo, run
        self._pending_first_redo = True

    def redo(self) -> None:
        if self._pending_first_redo:  # QUndoStack.push calls redo(): the change is made
            self._pending_first_redo = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)


class RoundsDialog(QDialog):
    """Negotiation → Rounds…: see the module docstring. `notes` may change (`set_notes`)."""

    compare_requested = Signal(int, int)
    """old version id, new version id: show this pair in the window."""
    rounds_changed = Signal()
    """The rounds of the file changed (added, renamed, re-dated, moved or removed)."""
    round_added = Signal(int)
    """version id of a round just added (after `rounds_changed`)."""

    def __init__(
        self, notes: NegotiationFile | None, runner: JobRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rounds_dialog")
        self.setWindowTitle("Rounds")
        self.setAccessibleName("Rounds of the negotiation")
        self.notes: NegotiationFile | None = None
        self.runner = runner
        self.undo_stack = QUndoStack(self)
        self.action: QAction | None = None
        """The window's File → Rounds… that opens this dialog (`install`)."""
        self.confirm: Callable[[str, str], bool] = lambda title, message: (
            QMessageBox.question(self, title, message) == QMessageBox.StandardButton.Yes
        )
        """Ask a yes/no question (tests replace this)."""

        self.heading = QLabel(self)
        self.model = RoundsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Rounds, oldest first")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RoundsModel.NAME, QHeaderView.ResizeMode.Stretch)

        self.add_button = QPushButton("&Add round…", self)
        self.rename_button = QPushButton("Re&name", self)
        self.redate_button = QPushButton("Change &date", self)
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move do&wn", self)
        self.remove_button = QPushButton("&Remove…", self)
        self.add_button.setToolTip("Read a document and add it as the last round")
        self.rename_button.setToolTip("Rename the selected round (F2)")
        self.redate_button.setToolTip("Change when the selected round was issued")
        self.up_button.setToolTip("Move the selected round earlier (Ctrl+Up)")
        self.down_button.setToolTip("Move the selected round later (Ctrl+Down)")
        self.remove_button.setToolTip("Remove the selected round and its annotations (Del)")
        buttons = QVBoxLayout()
        for button in (
            self.add_button,
            self.rename_button,
            self.redate_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.old_choice = QComboBox(self)
        self.new_choice = QComboBox(self)
        self.old_choice.setAccessibleName("Older round to compare")
        self.new_choice.setAccessibleName("Newer round to compare")
        self.compare_button = QPushButton("&Compare", self)
        self.compare_button.setToolTip("Show these two rounds side by side in the window")
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Compare", self))
        pick.addWidget(self.old_choice, 1)
        pick.addWidget(QLabel("with", self))
        pick.addWidget(self.new_choice, 1)
        pick.addWidget(self.compare_button)

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Progress of reading or aligning rounds")
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setAccessibleName("Rounds message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)

        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(middle, 1)
        layout.addLayout(pick)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(720, 380)

        for keys, slot in (
            ("Ctrl+Up", lambda: self.move_selected(-1)),
            ("Ctrl+Down", lambda: self.move_selected(+1)),
            ("Del", self.remove_selected),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda checked=False, s=slot: s())
            self.table.addAction(action)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo_action, self.redo_action])

        self.add_button.clicked.connect(self.choose_round)
        self.rename_button.clicked.connect(lambda: self._edit_cell(RoundsModel.NAME))
        self.redate_button.clicked.connect(lambda: self._edit_cell(RoundsModel.DATE))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.remove_button.clicked.connect(self.remove_selected)
        self.compare_button.clicked.connect(self.compare_chosen)
        # Queued: the file is written and the list reloaded once the cell editor has closed.
        self.model.edit_requested.connect(self._cell_edited, Qt.ConnectionType.QueuedConnection)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.runner.progressed.connect(self._progressed)
        self.runner.cancelled.connect(self._cancelled)
        self.set_notes(notes)

    # --- the file ---------------------------------------------------------------------------

    def set_notes(self, notes: NegotiationFile | None) -> None:
        """Show the rounds of `notes` (None: no negotiation file open)."""
        if notes is not self.notes:
            self.undo_stack.clear()
            self.runner.cancel(ADD_ROUND_JOB)
            self.runner.cancel(ORDER_JOB)
        self.notes = notes
        self.reload()

    def reload(self) -> None:
        """Read the rounds from the file again, keeping the selected round and the pair."""
        current = self.selected_round()
        pair = (self.old_choice.currentData(), self.new_choice.currentData())
        self.model.reload(self.notes)
        rounds = self.model.rounds
        for combo, chosen in ((self.old_choice, pair[0]), (self.new_choice, pair[1])):
            combo.blockSignals(True)
            combo.clear()
            for round_ in rounds:
                combo.addItem(f"{round_.number}. {round_.label} ({round_.date})", round_.version_id)
            combo.setCurrentIndex(combo.findData(chosen))
            combo.blockSignals(False)
        if rounds and (self.old_choice.currentIndex() < 0 or self.new_choice.currentIndex() < 0):
            self.old_choice.setCurrentIndex(max(0, len(rounds) - 2))
            self.new_choice.setCurrentIndex(len(rounds) - 1)
        if current is not None and self.model.row_of(current.version_id) >= 0:
            self.select_round(current.version_id)
        elif rounds:
            self.table.selectRow(len(rounds) - 1)
        if self.notes is None or self.notes.closed:
            self.heading.setText("No negotiation file is open: open or create one first.")
        else:
            state = " (read-only)" if self.notes.read_only else ""
            count = len(rounds)
            self.heading.setText(
                f"{count} round{'s' if count != 1 else ''} of {self.notes.path.name}{state}, "
                "oldest first. Changes are saved at once."
            )
        self._update_buttons()

    def selected_round(self) -> Round | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else (rows[0].row() if rows else -1)
        if rows and row not in {r.row() for r in rows}:
            row = rows[0].row()
        return self.model.rounds[row] if 0 <= row < len(self.model.rounds) else None

    def select_round(self, version_id: int) -> None:
        row = self.model.row_of(version_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, RoundsModel.NAME))

    def _update_buttons(self) -> None:
        rounds = self.model.rounds
        writable = self.notes is not None and not self.notes.closed and not self.notes.read_only
        chosen = self.selected_round()
        row = -1 if chosen is None else self.model.row_of(chosen.version_id)
        free = writable and not self._busy()
        self.add_button.setEnabled(free)
        for button in (self.rename_button, self.redate_button):
            button.setEnabled(writable and chosen is not None)
        self.remove_button.setEnabled(free and chosen is not None)
        self.up_button.setEnabled(free and row > 0)
        self.down_button.setEnabled(free and 0 <= row < len(rounds) - 1)
        self.compare_button.setEnabled(len(rounds) >= 2)

    def _busy(self) -> bool:
        """A round is being added or the rounds re-aligned: the order must not change now."""
        return self.runner.is_running(ADD_ROUND_JOB) or self.runner.is_running(ORDER_JOB)

    def _selection_changed(self, *args: object) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if len(rows) == 2:
            # Two rounds selected: they are the pair to compare, the earlier one first.
            self.old_choice.setCurrentIndex(rows[0])
            self.new_choice.setCurrentIndex(rows[1])
        self._update_buttons()

    def say(self, message: str, *, error: bool = False) -> None:
        """One line under the list; an error in the red of deletions, so it is not missed."""
        self.message.setText(message)
        from desktop.window import is_dark  # the window imports this module

        colour = present.Colours.for_dark(is_dark(self.palette())).deleted
        self.message.setStyleSheet(f"color: {colour};" if error else "")

    def _run(self, change: Callable[[], object]) -> bool:
        """Make a change of the file; a refusal is one line. Reloads and tells the window."""
        if self.notes is None or self.notes.closed:
            self.say("No negotiation file is open.", error=True)
            return False
        try:
            change()
        except RedlineError as error:
            self.say(str(error), error=True)
            self.reload()
            return False
        self.reload()
        self.rounds_changed.emit()
        return True

    def _change(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> bool:
        if not self._run(redo):
            return False
        self.undo_stack.push(RoundCommand(text, redo, undo, self._run))
        self.say(text + ".")
        return True

    # --- rename, re-date, move, remove ------------------------------------------------------

    def _edit_cell(self, column: int) -> None:
        chosen = self.selected_round()
        if chosen is None:
            return
        index = self.model.index(self.model.row_of(chosen.version_id), column)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _cell_edited(self, version_id: int, column: int, text: str) -> None:
        if column == RoundsModel.NAME:
            self.rename(version_id, text)
        else:
            self.redate(version_id, text)

    def rename(self, version_id: int, label: str) -> bool:
        assert self.notes is not None
        rounds = self.notes.rounds
        try:
            before = rounds.of_version(version_id).label
        except RedlineError as error:
            self.say(str(error), error=True)
            return False
        label = label.strip()
        return self._change(
            f"Renamed “{before}” to “{label}”",
            lambda: rounds.rename(version_id, label),
            lambda: rounds.rename(version_id, before),
        )

    def redate(self, version_id: int, date: str) -> bool:
        assert self.notes is not None
        rounds = self.notes.rounds
        try:
            round_ = rounds.of_version(version_id)
        except RedlineError as error:
            self.say(str(error), error=True)
            return False
        before = round_.date
        return self._change(
            f"{round_.label} dated {date.strip()}",
            lambda: rounds.redate(version_id, date),
            lambda: rounds.redate(version_id, before),
        )

    def _when_aligned(self, order: list[int], then: Callable[[], object], doing: str) -> None:
        """Run `then` once the rounds that become neighbours in `order` are aligned: at once
        when they are, else after aligning them in the background (progress under the list)."""
        notes = self.notes
        if notes is None or notes.closed:
            return
        align = notes.rounds.aligner_for_order(order)
        if align is None:
            then()
            return

        def aligned(result: tuple[AlignedPair, ...]) -> None:
            self.progress.hide()
            if self.notes is notes and not notes.closed:
                notes.rounds.keep_alignments(result)
                then()
            self._update_buttons()

        self.say(f"{doing}: aligning the rounds that become neighbours…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.runner.start(
            ORDER_JOB, lambda progress, cancelled: align(), done=aligned, failed=self._job_failed
        )
        self._update_buttons()

    def move_selected(self, step: int) -> None:
        """Move the selected round one place earlier (-1) or later (+1)."""
        chosen = self.selected_round()
        notes = self.notes
        if chosen is None or notes is None or self._busy():
            return
        position = chosen.number + step
        if not 1 <= position <= len(self.model.rounds):
            return
        rounds = notes.rounds
        version_id, before = chosen.version_id, chosen.number
        order = [r.version_id for r in self.model.rounds if r.version_id != version_id]
        order.insert(position - 1, version_id)

        def move() -> None:
            self._change(
                f"Moved {chosen.label} to round {position}",
                lambda: rounds.move(version_id, position),
                lambda: rounds.move(version_id, before),
            )
            self.select_round(version_id)

        self._when_aligned(order, move, f"Moving {chosen.label}")

    def remove_selected(self) -> None:
        """Remove the selected round after asking; says what happens to its annotations."""
        chosen = self.selected_round()
        notes = self.notes
        if chosen is None or notes is None or notes.closed or self._busy():
            return
        rounds = self.model.rounds
        if len(rounds) == 1:
            self.say("A negotiation file keeps at least one round.", error=True)
            return
        count = len(notes.annotations_for(chosen.version_id))
        index = chosen.number - 1
        before = rounds[index - 1] if index > 0 else None
        after = rounds[index + 1] if index + 1 < len(rounds) else None
        fate = (
            f"Its {count} annotation{'s' if count != 1 else ''} and the manual links to and "
            "from it are deleted with it."
            if count
            else "It has no annotations; the manual links to and from it are deleted with it."
        )
        if before is not None and after is not None:
            fate += (
                f" The annotations of {before.label} are carried on to {after.label}, which "
                "now follows it."
            )
        question = (
            f"Remove round {chosen.number}, “{chosen.label}” ({chosen.source_name}), from "
            f"{notes.path.name}?\n\n{fate}\n\nThis cannot be undone."
        )
        if not self.confirm("Remove round", question):
            return

        def remove() -> None:
            if not self._run(lambda: notes.rounds.remove(chosen.version_id)):
                return
            # The undo history names this round: it cannot be replayed without it.
            self.undo_stack.clear()
            self.say(f"Removed round {chosen.number}, {chosen.label}.")

        order = [r.version_id for r in rounds if r.version_id != chosen.version_id]
        self._when_aligned(order, remove, f"Removing {chosen.label}")

    # --- adding a round ---------------------------------------------------------------------

    def choose_round(self) -> None:
        notes = self.notes
        if notes is None or notes.closed:
            return
        start = ""
        latest = self.model.rounds[-1] if self.model.rounds else None
        if latest is not None and latest.original_path:
            start = str(Path(latest.original_path).parent)
        path, _ = QFileDialog.getOpenFileName(self, "Add a round", start, OPEN_FILTER)
        if path:
            self.add_round(path)

    def add_round(self, path: str | Path) -> None:
        """Read `path` and align it with the last round in the background, then add it as the
        last round (annotations carried to it). Progress shows under the list."""
        notes = self.notes
        if notes is None or notes.closed:
            return
        path = Path(path)
        align = notes.rounds.aligner_for_next()

        def work(
            progress: Progress, cancelled: Callable[[], bool]
        ) -> tuple[Path, Document, bytes, Comparison | None]:
            from diffing.readers import read_bytes, read_source

            progress(0, 2)
            data = read_source(path)  # refuses missing, oversized and unreadable files first
            document = read_bytes(data, path.name)
            progress(1, 2)
            return path, document, data, align(document)

        self.say(f"Reading {path.name} and aligning it with the last round…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.runner.start(
            ADD_ROUND_JOB,
            work,
            done=lambda read: self._round_read(*read),
            failed=self._job_failed,
        )
        self._update_buttons()

    def _progressed(self, kind: str, done: int, total: int) -> None:
        if kind == ADD_ROUND_JOB:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _round_read(
        self, path: Path, document: Document, data: bytes, comparison: Comparison | None
    ) -> None:
        self.progress.hide()
        notes = self.notes
        if notes is None or notes.closed:
            return
        previous = notes.latest()
        label = present.document_name(document)
        try:
            added = notes.rounds.add_document(
                document, data, path, label=label, comparison=comparison
            )
        except RedlineError as error:
            self.say(f"Cannot add {path.name}: {error}", error=True)
            self._update_buttons()
            return
        message = f"Added {added.label} as round {added.number} ({added.date})."
        if previous is not None:
            sources = len(notes.annotations_for(previous.id))
            left = notes.not_carried(added.version_id)
            if sources:
                message += f" {sources - len(left)} of {sources} annotations carried"
                if left:
                    ids = ", ".join(sorted({a.paragraph_id for a in left}))
                    message += f"; {ids} stay with {previous.label} (paragraph gone)"
                message += "."
        if notice := misnamed(data, path.name):
            message += f" {notice}"
        self.old_choice.setCurrentIndex(-1)  # the default pair again: the last two rounds
        self.reload()
        self.select_round(added.version_id)
        self.say(message)
        self.rounds_changed.emit()
        self.round_added.emit(added.version_id)

    def _cancelled(self, kind: str) -> None:
        if kind in (ADD_ROUND_JOB, ORDER_JOB):
            self.progress.hide()
            self.say("Stopped; the rounds are as they were.")
            self._update_buttons()

    def _job_failed(self, message: str) -> None:
        self.progress.hide()
        self.say(message, error=True)
        self._update_buttons()

    # --- comparing --------------------------------------------------------------------------

    def chosen_pair(self) -> tuple[int, int] | None:
        old, new = self.old_choice.currentData(), self.new_choice.currentData()
        if old is None or new is None:
            return None
        return int(old), int(new)

    def compare_chosen(self) -> bool:
        pair = self.chosen_pair()
        if pair is None:
            self.say("Comparing needs two rounds; add another round first.", error=True)
            return False
        if pair[0] == pair[1]:
            self.say("Pick two different rounds to compare.", error=True)
            return False
        self.say("")
        self.compare_requested.emit(*pair)
        return True


def negotiation_of(window: MainWindow) -> NegotiationFile | None:
    """The negotiation file open in `window` (None: two loose files or nothing open)."""
    return window.session.notes


def pair_of(window: MainWindow) -> tuple[int, int] | None:
    """(old, new) version ids of the rounds `window` shows, None outside a negotiation file."""
    return window.session.pair_versions


def show_rounds(window: MainWindow, first: int, second: int) -> None:
    """Show two rounds of the window's negotiation file side by side, the earlier one as the
    old version whatever order they come in."""
    notes = negotiation_of(window)
    if notes is None:
        return
    order = {r.version_id: r.number for r in notes.rounds.all()}
    if first not in order or second not in order:
        return
    old, new = sorted((first, second), key=order.__getitem__)
    window.attach(notes, old, new)
    names = " and ".join(notes.rounds.of_version(v).label for v in (old, new))
    window.statusBar().showMessage(f"Comparing {names}.", 5000)


def menu_holding(window: QMainWindow, action: QAction) -> QMenu | None:
    """The menu bar's menu that holds `action` (where a new item goes beside it)."""
    for item in window.menuBar().actions():
        menu = item.menu()
        if isinstance(menu, QMenu) and action in menu.actions():
            return menu
    return None


def install(window: MainWindow) -> RoundsDialog:
    """File → Rounds… (Ctrl+Alt+R) in `window`, beside Add version: the dialog follows the
    window's negotiation file, a pair picked in it is shown in the window, and a round added
    there is compared with the one before, as Add version does."""
    dialog = RoundsDialog(negotiation_of(window), window.runner, window)

    def show() -> None:
        notes = negotiation_of(window)
        if notes is None:
            window.statusBar().showMessage(
                "Rounds are kept in a negotiation file: create one (Ctrl+N) or open one "
                "(Ctrl+Alt+O).",
                8000,
            )
            return
        dialog.set_notes(notes)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def changed() -> None:
        notes, pair = negotiation_of(window), pair_of(window)
        if notes is None or pair is None:
            return
        rounds = notes.rounds.all()
        if rounds and not {r.version_id for r in rounds} >= set(pair):
            # The pair on screen lost a round: show the last two rounds instead.
            show_rounds(window, rounds[max(0, len(rounds) - 2)].version_id, rounds[-1].version_id)

    def added(version_id: int) -> None:
        notes = negotiation_of(window)
        if notes is not None:
            previous = notes.predecessor(version_id)
            show_rounds(window, previous.id if previous else version_id, version_id)

    def follow_window() -> None:
        """Another file opened, a version added or an annotation edited in the window."""
        if dialog.notes is not negotiation_of(window):
            dialog.set_notes(negotiation_of(window))
        elif dialog.isVisible():
            dialog.reload()

    action = QAction("&Rounds…", window)
    action.setShortcut(QKeySequence(ROUNDS_SHORTCUT))
    tip = "List, add, rename, reorder and remove the rounds; compare any two"
    action.setStatusTip(tip)
    action.setToolTip(tip)
    action.triggered.connect(lambda checked=False: show())
    window.addAction(action)  # the shortcut works with the menu bar hidden
    menu = menu_holding(window, window.act.add_version)
    if menu is not None:
        actions = menu.actions()
        following = actions.index(window.act.add_version) + 1
        if following < len(actions):
            menu.insertAction(actions[following], action)
        else:
            menu.addAction(action)
    dialog.compare_requested.connect(lambda old, new: show_rounds(window, old, new))
    dialog.rounds_changed.connect(changed)
    dialog.round_added.connect(added)
    window.comparison_shown.connect(follow_window)
    window.session.undo_stack.indexChanged.connect(lambda index: follow_window())
    dialog.action = action
    return dialog
