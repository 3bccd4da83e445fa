"""Desktop layer: the main window — two versions side by side, the redline, the navigator.

The window shows what its `NegotiationSession` (desktop/session.py) holds — the two versions,
their negotiation file, manual links and annotations — and redraws when the session signals a
change; it asks `JobRunner` for the slow results (documents, the alignment, exports) and never
reads or aligns on the UI thread. The rest lives beside it: actions, menus and toolbar in
desktop/actions.py, exporting and printing in desktop/exporting.py, the navigator in
desktop/navigator.py, Help in desktop/help.py, the annotation panel in desktop/annotations.py.

What other parts may use (kept stable for the docks and dialogs that hook into the window):
- `window.session`: the NegotiationSession (`session.attach(notes, old_id, new_id)` shows
  versions old→new of a file; `window.attach` does the same);
- `window.recompute()`, `window.current_row()`, `window.go_to_row(row)`, `window.model`,
  `window.navigator`, `window.current_entry_changed(row)`, `window.comparison_shown()`;
- `window.act.<name>` (every QAction) and `window.menus.<name>` (file, recent, export, edit,
  view, negotiation, help, toolbar): see desktop/actions.py for the names.

A link, an unlink or their undo changes only the links: the window applies them to the
alignment already made (`diffing.relink`, milliseconds) and the model redraws only the rows
whose entries changed, so they stay well under 100 ms on 800 paragraphs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
)

from desktop import compilation_view, exporting, history, present, rounds
from desktop.actions import Actions, Menus
from desktop.annotations import AnnotationPanel, Target
from desktop.jobs import JobRunner, Progress, compare_work, read_work
from desktop.messages import for_user
from desktop.models import Column, ComparisonModel
from desktop.navigator import Navigator
from desktop.session import NegotiationSession
from desktop.settings import Settings
from desktop.views import EntryTable
from diffing.model import Comparison, DiffOptions, Document
from diffing.negotiation import NegotiationFile, Position
from diffing.relink import EntryCache, Relinker

logger = logging.getLogger(__name__)

SIDES = ("old", "new")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class MainWindow(QMainWindow):
    comparison_shown = Signal()
    """A comparison (new, recomputed or restored) is on screen."""
    document_failed = Signal(str, str)
    """side, one-line message: a file could not be read (the dialog has been shown)."""
    export_finished = Signal(str)
    """path of the written file"""
    export_failed = Signal(str)
    current_entry_changed = Signal(int)
    """row of the entry now current, -1 when none (for side panels)."""

    def __init__(self, settings: Settings | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else Settings()
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        self.runner = JobRunner(self.pool, self)
        self.session = NegotiationSession(self.settings, self)
        self.options = self.settings.diff_options
        self._restore_ids: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self._base: Relinker | None = None
        """The alignment of the texts on screen, to apply links to (see `recompute`)."""
        self._lasting: tuple[str, int] | None = None
        """A message `tell` showed that the end of running work must not clear."""
        self.inform: Callable[[str, str], object] = lambda title, message: QMessageBox.information(
            self, title, message
        )
        self.report_error: Callable[[str, str], object] = lambda title, message: (
            QMessageBox.warning(self, title, message)
        )
        self.confirm: Callable[[str, str], bool] = lambda title, message: (
            QMessageBox.question(self, title, message) == QMessageBox.StandardButton.Yes
        )
        """Ask a yes/no question (tests replace this)."""

        self.setObjectName("main_window")
        self.setAccessibleName("Redline")
        self.setWindowIcon(_app_icon())
        self.model = ComparisonModel(self)
        self.model.set_colours(present.Colours.for_dark(is_dark(self.palette())))
        self.side_view = EntryTable(
            (Column.LABEL, Column.OLD, Column.NEW), "Side-by-side comparison", self
        )
        self.redline_view = EntryTable((Column.LABEL, Column.REDLINE), "Redline", self)
        self.side_view.setModel(self.model)
        self.redline_view.setModel(self.model)
        # One selection for both modes: switching views keeps the place.
        self.redline_view.setSelectionModel(self.side_view.selectionModel())
        self.selection = self.side_view.selectionModel()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.side_view)
        self.stack.addWidget(self.redline_view)
        # In a small window the docks give way before the paragraphs become a word per line.
        self.stack.setMinimumWidth(400)
        self.setCentralWidget(self.stack)

        self.navigator = Navigator(self.model, self)
        self.navigator_dock = QDockWidget("Navigator", self)
        self.navigator_dock.setObjectName("navigator_dock")
        self.navigator_dock.setWidget(self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator_dock)

        self.panel = AnnotationPanel(self)
        self.panel_dock = QDockWidget("Annotation", self)
        self.panel_dock.setObjectName("annotation_dock")
        self.panel_dock.setWidget(self.panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel_dock)

        self.summary = QLabel(self)
        self.summary.setAccessibleName("Summary of changes")
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(160)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel the running work")
        self.dashboard = QLabel(self)
        self.dashboard.setAccessibleName("Where the negotiation stands")
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addWidget(self.dashboard)
        self.place = QLabel(self)
        self.place.setAccessibleName("Where links and annotations are saved")
        self.statusBar().addPermanentWidget(self.place)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

        self.zoom = 0
        self.act = Actions(self)
        self.menus = Menus(self, self.act)
        self._connect()
        self.compilation = compilation_view.install(self)
        # A first note or position starts from the status the text prints (issue 16).
        self.session.starting_status = self.compilation.starting_status
        self.set_zoom(self.settings.zoom)
        self.set_view_mode(self.settings.view_mode)
        self._update_title()
        self._update_actions()
        self._mode_changed()
        self.resize(1280, 800)
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        # The text columns come first: at 1280 px each keeps 60 characters a line. The
        # annotation panel opens on demand (Ctrl+Shift+A, View → Annotation panel).
        self.panel_dock.hide()
        self.resizeDocks([self.navigator_dock], [280], Qt.Orientation.Horizontal)
        if self.settings.window_state is not None:
            self.restoreState(self.settings.window_state)
        # File → Rounds… and View → History panel (issue 15): wired in their own modules.
        self.rounds_dialog = rounds.install(self)
        self.history_dock = history.install(self, self.rounds_dialog)

    # --- where a first edit makes its negotiation file (tests, benchmarks) ---
    @property
    def notes_folder(self) -> Path:
        return self.session.notes_folder

    @notes_folder.setter
    def notes_folder(self, folder: Path) -> None:
        self.session.notes_folder = folder

    def _connect(self) -> None:
        self.runner.cancelled.connect(self._job_cancelled)
        self.runner.progressed.connect(self._job_progressed)
        self.runner.busy_changed.connect(self._busy_changed)
        self.cancel_button.clicked.connect(self.cancel_jobs)
        session = self.session
        # Bound methods (not lambdas) so that nothing calls into a window Qt already destroyed.
        session.undo_stack.cleanChanged.connect(self._clean_changed)
        session.pair_changed.connect(self._pair_changed)
        session.links_changed.connect(self.recompute)
        session.annotations_changed.connect(self._annotations_changed)
        session.mode_changed.connect(self._mode_changed)
        session.told.connect(self.tell)
        session.status.connect(self._show_status)
        session.failed.connect(self._failed)
        session.closing.connect(self.panel.note.commit)
        self.navigator.row_chosen.connect(self._row_chosen)
        self.navigator.search.textChanged.connect(self.model.set_highlight)
        self.selection.currentChanged.connect(self._current_changed)
        self.selection.selectionChanged.connect(self._selection_changed)
        for view in (self.side_view, self.redline_view):
            view.files_dropped.connect(self._files_dropped)
            view.zoom_requested.connect(self.zoom_by)
        self.current_entry_changed.connect(self._entry_changed)
        self.panel.status_chosen.connect(self._status_chosen)
        self.panel.note_committed.connect(self._note_committed)
        self.panel.positions_edited.connect(self._positions_edited)
        self.panel.acknowledge_clicked.connect(self._acknowledge)
        self.panel.remove_clicked.connect(self._remove_annotation)

    def cancel_jobs(self) -> None:
        self.runner.cancel()

    def _show_status(self, message: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def _failed(self, title: str, message: str) -> None:
        self.report_error(title, message)

    def tell(self, message: str, timeout_ms: int) -> None:
        """Show a message the user must see: work finishing meanwhile ("Aligning paragraphs…"
        ending) shows it again instead of clearing it."""
        self._lasting = (message, timeout_ms)
        self.statusBar().showMessage(message, timeout_ms)

    def _settle_message(self) -> None:
        """Work is done: clear its progress message, but keep (or bring back) a `tell`."""
        lasting, self._lasting = self._lasting, None
        if lasting is not None:
            self.statusBar().showMessage(*lasting)
        else:
            self.statusBar().clearMessage()

    # --- zoom ---
    def set_zoom(self, steps: int) -> None:
        """Text size of the views and the navigator: 10 % of the platform's size per step,
        within Settings.ZOOM_STEPS; remembered for the next start."""
        least, most = Settings.ZOOM_STEPS
        steps = max(least, min(most, steps))
        self.zoom = steps
        self.settings.zoom = steps
        base = QApplication.font()
        font = QFont(base)
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        font.setPointSizeF(size * (1 + steps / 10))
        for widget in (self.side_view, self.redline_view, self.navigator.table):
            widget.setFont(font)
        self.navigator.fit_columns()
        self.act.update_zoom(steps)

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(self.zoom + steps)
        self.statusBar().showMessage(f"Zoom {100 + 10 * self.zoom} %", 2000)

    def _clean_changed(self, clean: bool) -> None:
        # A negotiation file is written at every change: nothing is ever unsaved.
        self.setWindowModified(not clean and self.session.notes is None)

    def _selection_changed(self, *args: object) -> None:
        self._update_actions()

    # --- opening ---
    def open_files(self, old: str | Path, new: str | Path) -> None:
        self.open_file("old", old)
        self.open_file("new", new)

    def open_example(self) -> None:
        from resources import example_pair

        self.open_files(*example_pair())

    def open_file(self, side: str, path: str | Path) -> None:
        """Read a version in the background; on success it replaces that side and re-aligns."""
        path = Path(path)
        self.statusBar().showMessage(f"Reading {path.name}…")
        self.runner.start(
            side,
            read_work(path),
            done=lambda read: self._side_read(side, path, *read),
            failed=lambda message: self._side_failed(side, message),
        )

    def swap_versions(self) -> None:
        self.session.swap()

    def _files_dropped(self, side: str, files: list[str]) -> None:
        notes_files = [f for f in files if f.lower().endswith(".redline")]
        if notes_files:
            self.open_notes(notes_files[0])
            return
        if side == "both":
            self.open_files(files[0], files[1])
        else:
            self.open_file(side, files[0])

    def _side_read(
        self, side: str, path: Path, document: Document, notices: tuple[str, ...]
    ) -> None:
        if notices:
            # A file read otherwise than its name promised: said where the user looks first,
            # and kept through the alignment's own messages (`tell`).
            self.tell(" ".join(notices), 15000)
        self.session.set_side(side, path, document)

    def _side_failed(self, side: str, message: str) -> None:
        self.statusBar().clearMessage()
        message = for_user(message)
        self.report_error("Cannot open the document", message)
        self.document_failed.emit(side, message)
        if not self._reading():
            shown = self.model.comparison
            if (
                shown is None
                or shown.old is not self.session.documents["old"]
                or shown.new is not self.session.documents["new"]
            ):
                # The other side of the same request may have been read: show it.
                self.recompute()

    def _reading(self) -> bool:
        return self.runner.is_running("old") or self.runner.is_running("new")

    def _pair_changed(self) -> None:
        if self.session.pair_versions is not None:
            # Rounds of a negotiation file are shown: a version still being read would replace
            # one of them.
            self.runner.cancel("old")
            self.runner.cancel("new")
        elif self._reading():
            return  # the other side of the same request comes next: align once
        self.recompute()

    # --- comparing ---
    def recompute(self) -> None:
        """Show the session's pair with its links: one side alone, the links applied to the
        alignment already made (milliseconds), or a new alignment in the background."""
        old, new = self.session.documents["old"], self.session.documents["new"]
        if old is None or new is None:
            self._update_title()
            if old is not None:
                self._show_one("old", old)
            elif new is not None:
                self._show_one("new", new)
            self._update_actions()  # Swap puts a file opened on the wrong side on the other
            return
        self._remember_place()
        if self._base is not None and self._base.fits(old, new, self.options):
            # Same texts and options: only the links changed. Apply them to the alignment
            # already made (milliseconds, `diffing.relink`) instead of aligning again.
            self.runner.cancel("compare")
            self._show_comparison(*self._base.apply(self.session.links))
            return
        self._base = None
        if self._lasting is None:  # a notice stays in view while the alignment runs
            self.statusBar().showMessage("Aligning paragraphs…")
        self.runner.start(
            "compare",
            compare_work(old, new, self.options, self.session.links),
            done=self._compared,
            failed=self._compare_failed,
        )

    def _show_one(self, side: str, document: Document) -> None:
        """Only one version is open: show its paragraphs, and say what the rest needs."""
        self._remember_place()
        self.model.set_document(side, document)
        self._settle_message()  # "Reading …" would hide the hint below
        missing = "new" if side == "old" else "old"
        key = "Ctrl+Shift+O" if missing == "new" else "Ctrl+O"
        self.summary.setText(
            f"Open the {missing} version to compare ({key}); "
            "changes, links and exports need both versions."
        )
        self._restore_place((side,))

    def set_options(self, options: DiffOptions) -> None:
        if options == self.options:
            return
        self.options = options
        self.settings.diff_options = options
        self.recompute()

    def _remember_place(self) -> None:
        row = self.current_row()
        if 0 <= row < self.model.rowCount():
            entry = self.model.entry(row)
            self._restore_ids = (entry.old, entry.new)

    def _restore_place(self, sides: tuple[str, ...]) -> None:
        """Go back to the paragraph that was current (looked for on `sides` in turn), else to
        the first row."""
        row = 0 if self.model.rowCount() else -1
        remembered, self._restore_ids = self._restore_ids, None
        for side in sides if remembered is not None else ():
            ids = remembered[SIDES.index(side)] if remembered is not None else ()
            found = self.model.row_of_paragraph(side, ids[0]) if ids else -1
            if found >= 0:
                row = found
                break
        if row >= 0:
            self.go_to_row(row)

    def _show_comparison(self, comparison: Comparison, labels: tuple[str, ...]) -> None:
        self.model.set_comparison(comparison, labels, self.session.paragraph_states())
        self.summary.setText(present.summary_text(comparison))
        self._update_dashboard()
        self._settle_message()
        self._update_title()
        self._restore_place(("new", "old"))
        self._update_actions()
        self._refresh_panel()
        self.comparison_shown.emit()

    def _compared(self, result: tuple[EntryCache, Comparison, tuple[str, ...]]) -> None:
        cache, comparison, labels = result
        self._base = Relinker(cache, comparison, labels)
        self._show_comparison(comparison, labels)

    def _compare_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        self.report_error("Cannot compare", for_user(message))

    # --- jobs ---
    def _job_cancelled(self, kind: str) -> None:
        what = {"compare": "Alignment", "export": "Export"}.get(kind, "Reading")
        self.statusBar().showMessage(f"{what} cancelled.", 5000)

    def _job_progressed(self, kind: str, done: int, total: int) -> None:
        # The last diff is not the end (order, names, showing follow): the bar reaches its end
        # only when the job has reported, and then it is hidden.
        self.progress.setRange(0, total + 1)
        self.progress.setValue(min(done, total))

    def _busy_changed(self, busy: bool) -> None:
        self.act.cancel.setEnabled(busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)  # busy indicator until the first progress report

    # --- navigation ---
    def current_view(self) -> EntryTable:
        return self.redline_view if self.stack.currentIndex() == 1 else self.side_view

    def set_view_mode(self, mode: int) -> None:
        row = self.current_row()
        self.stack.setCurrentIndex(1 if mode == 1 else 0)
        (self.act.redline if mode == 1 else self.act.side).setChecked(True)
        self.settings.view_mode = mode
        view = self.current_view()
        view.setFocus()
        if row >= 0:
            self.go_to_row(row)

    def current_row(self) -> int:
        index = self.selection.currentIndex()
        return index.row() if index.isValid() else -1

    def go_to_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        view = self.current_view()
        current = self.selection.currentIndex()
        column = current.column() if current.isValid() else -1
        if column not in view.columns or column == Column.LABEL:
            if view is self.redline_view:
                column = Column.REDLINE
            else:
                column = Column.NEW if self.model.entry(row).new else Column.OLD
        index = self.model.index(row, column)
        self.selection.setCurrentIndex(index, self.selection.SelectionFlag.ClearAndSelect)
        view.reveal(index)

    def _row_chosen(self, row: int) -> None:
        """A row picked in the navigator: go there; a search result comes to the top of the
        view, where the eye looks for it, not wherever it happened to be."""
        self.go_to_row(row)
        if self.navigator.search.text().strip() and 0 <= row < self.model.rowCount():
            view = self.current_view()
            view.scrollTo(self.selection.currentIndex(), QAbstractItemView.ScrollHint.PositionAtTop)
            view.measure_visible()

    def _step(self, direction: int) -> None:
        focus = QApplication.focusWidget()
        combo = focus if isinstance(focus, QComboBox) else None
        if QApplication.activePopupWidget() is not None:
            return  # Alt+Up/Down belong to an open list (a combo box's), not to the text
        alt = QApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier
        if combo is not None and alt:
            # Alt+Down opens a focused combo box's list, as everywhere else.
            combo.showPopup()
            return
        rows = self.model.rowCount()
        row = self.current_row() + direction
        while 0 <= row < rows:
            if self.model.is_change(row):
                self.go_to_row(row)
                return
            row += direction
        self.statusBar().showMessage(
            "No further change." if direction > 0 else "No earlier change.", 3000
        )

    def next_change(self) -> None:
        self._step(+1)

    def previous_change(self) -> None:
        self._step(-1)

    def focus_search(self) -> None:
        self.navigator_dock.show()
        self.navigator.search.setFocus()
        self.navigator.search.selectAll()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        row = current.row() if current.isValid() else -1
        if row >= 0:
            self.navigator.follow(row)
        self._update_actions()
        if not previous.isValid() or previous.row() != row:
            self.current_entry_changed.emit(row)

    def copy_selection(self) -> None:
        self.current_view().copy_selection()

    # --- manual alignment ---
    def selected_sides(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Old and new paragraph ids picked for a link (`EntryTable.selected_sides`)."""
        return self.current_view().selected_sides()

    def link_selected(self) -> None:
        old, new = self.selected_sides()
        if not old or not new:
            self.statusBar().showMessage(
                "Select an old paragraph (left column) and a new paragraph (right column), "
                "with Ctrl+click, then Link (Ctrl+L).",
                6000,
            )
            return
        if self._shares_no_word(old, new) and not self.confirm(
            "Link paragraphs with nothing in common?",
            f"{' + '.join(old)} and {' + '.join(new)} share no word (0 % similar). "
            "Link them anyway?",
        ):
            return
        self.session.link(old, new)

    def _shares_no_word(self, old: tuple[str, ...], new: tuple[str, ...]) -> bool:
        if self.model.comparison is None or self._base is None:
            return False
        # What the link would make, without applying it (a millisecond, diffing.relink).
        entry = self._base.preview(old, new)
        return entry is not None and entry.similarity == 0.0

    def unlink_current(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        entry = self.model.entry(row)
        if not entry.old or not entry.new:
            self.statusBar().showMessage("This paragraph is not paired with another.", 4000)
            return
        self.session.unlink(entry.old, entry.new, self.model.label(row))

    # --- the negotiation file ---
    def open_notes(self, path: str | Path) -> bool:
        """Open a .redline and show its last two versions (`NegotiationSession.open_file`)."""
        return self.session.open_file(path)

    def attach(self, notes: NegotiationFile, old_id: int, new_id: int) -> None:
        """Work in `notes`, showing its versions old_id → new_id."""
        self.session.attach(notes, old_id, new_id)

    _attach = attach

    def create_notes(self, path: Path) -> bool:
        """A new negotiation file holding the two versions on screen and their manual links."""
        return self.session.create_file(path)

    def add_version(self, path: str | Path) -> None:
        """Read the next round in the background; it is added (and compared with the latest
        round, carrying the annotations) when read."""
        path = Path(path)
        self.statusBar().showMessage(f"Reading {path.name}…")

        def work(
            progress: Progress, cancelled: Callable[[], bool]
        ) -> tuple[Path, Document, bytes, str | None]:
            from diffing.readers import misnamed, read_bytes, read_source

            # read once: read_source refuses missing, oversized and unreadable files first
            data = read_source(path)
            return path, read_bytes(data, path.name), data, misnamed(data, path.name)

        self.runner.start(
            "add_version",
            work,
            done=lambda read: self._add_version_read(*read),
            failed=self._add_version_failed,
        )

    def _add_version_read(
        self, path: Path, document: Document, data: bytes, notice: str | None
    ) -> None:
        if self.session.notes is not None:  # the file was closed meanwhile: nothing to add it to
            if notice:
                self.tell(notice, 15000)
            self.session.add_round(path, document, data)

    def _add_version_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        self.report_error("Cannot add the version", for_user(message))

    def _mode_changed(self) -> None:
        # Statuses exist only in a negotiation file: without one the navigator does not
        # offer an empty column and a filter that finds nothing.
        attached = self.session.notes is not None
        self.navigator.table.setColumnHidden(Column.STATUS, not attached)
        self.navigator.fit_columns()
        needed = self.navigator.needed_width()
        if self.navigator_dock.isVisible() and self.navigator_dock.width() < needed:
            # The status column came: make room rather than scroll it out of view.
            self.resizeDocks([self.navigator_dock], [needed], Qt.Orientation.Horizontal)
        if not attached:
            self.navigator.status.setCurrentIndex(0)
        self.navigator.status.setVisible(attached)
        self.setWindowModified(False)
        self._update_title()
        self._update_actions()
        self._update_dashboard()
        self.panel.set_hint(self.session.panel_hint())
        place, where = self.session.place_text()
        self.panel.hint.setToolTip(where)
        self.place.setText(place)
        self.place.setToolTip(where)
        self.place.setVisible(attached)

    # --- annotations ---
    def _update_dashboard(self) -> None:
        line = self.session.dashboard_line()
        self.dashboard.setText(line)
        self.dashboard.setVisible(bool(line))

    def annotation_target(self, row: int | None = None) -> Target | None:
        """The paragraph the panel annotates for a row: the (first) new paragraph, or the old
        one of a deleted paragraph."""
        row = self.current_row() if row is None else row
        if self.model.comparison is None or not 0 <= row < self.model.rowCount():
            return None
        entry = self.model.entry(row)
        side, ids = ("new", entry.new) if entry.new else ("old", entry.old)
        if not ids:
            return None
        return Target(side, ids[0], self.model.label(row))

    def _entry_changed(self, row: int) -> None:
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        target = self.annotation_target()
        annotation, others = self.session.annotation(target)
        self.panel.show_annotation(target, annotation, others=others, dark=is_dark(self.palette()))

    def focus_panel(self) -> None:
        self.panel_dock.show()
        self.panel_dock.raise_()
        self.panel.focus()

    def _status_chosen(self, value: str) -> None:
        if not self.session.set_status(self.panel.target, value):
            self._refresh_panel()

    def _note_committed(self, note: str) -> None:
        if not self.session.set_note(self.panel.target, note):
            self._refresh_panel()

    def _positions_edited(self, positions: tuple[Position, ...]) -> None:
        if not self.session.set_positions(self.panel.target, positions):
            self._refresh_panel()

    def _acknowledge(self) -> None:
        self.session.acknowledge(self.panel.target)

    def _remove_annotation(self) -> None:
        self.session.remove_annotation(self.panel.target)

    def refresh_annotations(self) -> None:
        """Show the file's annotations again (after it was changed by other means)."""
        self.session.refresh()

    def _annotations_changed(self, changes: object) -> None:
        self.model.set_states(*self.session.paragraph_states())
        self._update_dashboard()
        self._refresh_panel()

    # --- options, help, export ---
    def export_as(self, fmt: str) -> None:
        """File → Export in `fmt` (docx, table, html, pdf): see desktop.exporting."""
        exporting.export_as(self, fmt)

    def print_redline(self) -> None:
        exporting.print_redline(self)

    def ask_print(self, printer: object) -> bool:
        """Qt's print dialog; True when the user chose Print (tests replace this)."""
        return exporting.ask_print(self, printer)

    # --- window state ---
    def _update_title(self) -> None:
        # Qt adds " — Redline for resolutions" (the application's display name) itself on
        # Windows and Linux; naming the app here too showed "… — Redline — Redline for resolutions".
        self.setWindowTitle(self.session.title() + "[*]")

    def _update_actions(self) -> None:
        self.act.update(self.model, self.current_row(), self.session)
        self.panel.set_read_only(self.session.read_only)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.model.set_colours(present.Colours.for_dark(is_dark(self.palette())))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
        self.panel.note.commit()  # a note being typed is kept
        self.runner.cancel()
        self.pool.waitForDone(5000)
        # A result already on its way (the re-alignment a first note starts by creating the
        # negotiation file) must not reach a window whose file is about to be closed.
        self.runner.blockSignals(True)
        self.session.shutdown()
        super().closeEvent(event)


def _app_icon() -> QIcon:
    from resources import resource_path

    return QIcon(str(resource_path("icons", "redline.png")))


def make_settings(path: str | os.PathLike[str]) -> Settings:
    """Settings kept in an ini file (tests, benchmarks, screenshots)."""
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


__all__ = ["MainWindow", "make_settings"]
