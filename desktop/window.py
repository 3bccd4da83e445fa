"""Desktop layer: the main window — two versions side by side, the redline, the navigator.

The window holds the state a user changes (which files, which options, which manual links) and
asks `JobRunner` for the results (documents, the comparison, exports); it never reads or aligns
on the UI thread. Manual links are edited through `QUndoCommand`s on one `QUndoStack`, whose
clean state drives the window's modified marker.

Room for annotations (issue 6): `current_entry_changed` tells a side panel which entry is
selected, the right dock area is free, and the model takes more columns (a status badge).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QIcon,
    QKeySequence,
    QPalette,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import present
from desktop.jobs import JobRunner, Progress
from desktop.models import Column, ComparisonModel, NavigatorFilter
from desktop.settings import Settings
from desktop.views import EntryTable
from diffing.model import Comparison, DiffOptions, Document, ManualLink, Relation

SIDES = ("old", "new")

OPEN_FILTER = "Documents (*.docx *.pdf *.txt);;All files (*)"

EXPORTS = {
    # fmt: (menu text, file filter, suffix)
    "docx": ("Word with &tracked changes…", "Word document (*.docx)", ".docx"),
    "table": ("Comparison &table (Word)…", "Word document (*.docx)", ".docx"),
    "html": ("&HTML…", "Web page (*.html)", ".html"),
    "pdf": ("&PDF of the redline…", "PDF document (*.pdf)", ".pdf"),
}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def ask_after_export(parent: QWidget, path: Path) -> str:
    """Ask what to do with a fresh export: "file", "folder" or "" (tests replace this)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Export finished")
    box.setText(f"Saved {path.name}.")
    box.setInformativeText(str(path.parent))
    open_file = box.addButton("Open file", QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_file:
        return "file"
    if clicked is open_folder:
        return "folder"
    return ""


def open_url(url: QUrl) -> bool:
    """Hand a file or folder to the desktop (tests replace this)."""
    return QDesktopServices.openUrl(url)


def read_work(path: Path) -> Callable[[Progress, Callable[[], bool]], Document]:
    def work(progress: Progress, cancelled: Callable[[], bool]) -> Document:
        from diffing.readers import read_document

        return read_document(path)

    return work


def compare_work(
    old: Document, new: Document, options: DiffOptions, links: tuple[ManualLink, ...]
) -> Callable[[Progress, Callable[[], bool]], tuple[Comparison, tuple[str, ...]]]:
    """Align, and name the entries too: both are too slow for the UI thread on long texts."""

    def work(
        progress: Progress, cancelled: Callable[[], bool]
    ) -> tuple[Comparison, tuple[str, ...]]:
        from diffing.compare import compare

        comparison = compare(old, new, options, links=links, progress=progress, cancel=cancelled)
        return comparison, present.entry_labels(comparison)

    return work


class LinksCommand(QUndoCommand):
    """A change of the manual links (link or unlink); undo restores the previous list."""

    def __init__(
        self,
        window: MainWindow,
        before: tuple[ManualLink, ...],
        after: tuple[ManualLink, ...],
        text: str,
    ) -> None:
        super().__init__(text)
        self.window = window
        self.before = before
        self.after = after

    def redo(self) -> None:
        self.window.apply_links(self.after)

    def undo(self) -> None:
        self.window.apply_links(self.before)


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
            keep = column in (Column.LABEL, Column.RELATION, Column.SIMILARITY)
            self.table.setColumnHidden(column, not keep)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Column.LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.RELATION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.SIMILARITY, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.count = QLabel(self)
        self.count.setAccessibleName("Number of paragraphs listed")

        filters = QHBoxLayout()
        filters.addWidget(self.changed_only)
        filters.addWidget(self.relation, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

        self.search.textChanged.connect(self.proxy.set_search)
        self.changed_only.toggled.connect(self.proxy.set_changed_only)
        self.relation.currentIndexChanged.connect(
            lambda _: self.proxy.set_relation(
                Relation(self.relation.currentData()) if self.relation.currentData() else None
            )
        )
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved):
            signal.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._syncing = False
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

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
        self.undo_stack = QUndoStack(self)
        self.paths: dict[str, Path | None] = {"old": None, "new": None}
        self.documents: dict[str, Document | None] = {"old": None, "new": None}
        self.links: tuple[ManualLink, ...] = ()
        self.options = self.settings.diff_options
        self._restore_ids: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self.report_error: Callable[[str, str], object] = lambda title, message: (
            QMessageBox.warning(self, title, message)
        )

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
        self.setCentralWidget(self.stack)

        self.navigator = Navigator(self.model, self)
        self.navigator_dock = QDockWidget("Navigator", self)
        self.navigator_dock.setObjectName("navigator_dock")
        self.navigator_dock.setWidget(self.navigator)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.navigator_dock)

        self.summary = QLabel(self)
        self.summary.setAccessibleName("Summary of changes")
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName("Progress")
        self.progress.setMaximumWidth(160)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel the running work")
        self.statusBar().addWidget(self.summary, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

        self._build_actions()
        self._build_menus()
        self._connect()
        self.set_view_mode(self.settings.view_mode)
        self._update_title()
        self._update_actions()
        self.resize(1280, 800)
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        if self.settings.window_state is not None:
            self.restoreState(self.settings.window_state)

    # --- construction ---
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcuts: list[QKeySequence | str] | QKeySequence.StandardKey | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcuts, QKeySequence.StandardKey):
            action.setShortcuts(shortcuts)
        elif shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self.addAction(action)  # shortcuts work even when a menu bar is hidden
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.open_old_action = a("Open &old version…", lambda: self.choose_file("old"), ["Ctrl+O"])
        self.open_new_action = a(
            "Open &new version…", lambda: self.choose_file("new"), ["Ctrl+Shift+O"]
        )
        self.swap_action = a(
            "&Swap versions", self.swap_versions, ["Ctrl+Shift+X"], "Compare the other way round"
        )
        self.options_action = a("&Options…", self.show_options, ["Ctrl+,"])
        self.quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.export_actions = {
            fmt: a(text, partial(self.export_as, fmt)) for fmt, (text, _, _) in EXPORTS.items()
        }
        self.export_actions["docx"].setShortcut(QKeySequence("Ctrl+E"))
        self.export_actions["pdf"].setShortcut(QKeySequence("Ctrl+P"))

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.link_action = a(
            "&Link paragraphs",
            self.link_selected,
            ["Ctrl+L"],
            "Align the selected old paragraph (left) with the selected new paragraph (right)",
        )
        self.unlink_action = a(
            "U&nlink entry", self.unlink_current, ["Ctrl+U"], "Stop pairing these paragraphs"
        )
        self.find_action = a("&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        self.copy_action = a(
            "&Copy text",
            self.copy_selection,
            QKeySequence.StandardKey.Copy,
            "Copy the selected text",
        )

        self.side_action = a("&Side by side", lambda: self.set_view_mode(0), ["Ctrl+1"])
        self.redline_action = a("&Redline", lambda: self.set_view_mode(1), ["Ctrl+2"])
        group = QActionGroup(self)
        for action in (self.side_action, self.redline_action):
            action.setCheckable(True)
            group.addAction(action)
        self.next_action = a(
            "&Next change", self.next_change, ["F8", "Alt+Down"], "Go to the next change (F8)"
        )
        self.previous_action = a(
            "&Previous change",
            self.previous_change,
            ["Shift+F8", "Alt+Up"],
            "Go to the previous change (Shift+F8)",
        )
        self.next_action.setIcon(QIcon.fromTheme("go-down"))
        self.previous_action.setIcon(QIcon.fromTheme("go-up"))
        self.navigator_action = self.navigator_dock.toggleViewAction()
        self.navigator_action.setShortcut(QKeySequence("F9"))
        self.cancel_action = a(
            "&Cancel", self._cancel_jobs, ["Esc"], "Stop reading, aligning or exporting"
        )
        self.cancel_action.setEnabled(False)
        self.example_action = a("Open &example", self.open_example)
        self.shortcuts_action = a("&Keyboard shortcuts", self.show_shortcuts, ["F1"])

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_old_action)
        file_menu.addAction(self.open_new_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(self.swap_action)
        file_menu.addSeparator()
        export_menu = file_menu.addMenu("&Export")
        for action in self.export_actions.values():
            export_menu.addAction(action)
        self.export_menu = export_menu
        file_menu.addSeparator()
        file_menu.addAction(self.options_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.link_action)
        edit_menu.addAction(self.unlink_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.copy_action)
        edit_menu.addAction(self.find_action)
        for view in (self.side_view, self.redline_view):
            # Right-click offers what the keyboard does: link, unlink, copy.
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addActions([self.link_action, self.unlink_action, self.copy_action])

        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.side_action)
        view_menu.addAction(self.redline_action)
        view_menu.addSeparator()
        view_menu.addAction(self.next_action)
        view_menu.addAction(self.previous_action)
        view_menu.addSeparator()
        view_menu.addAction(self.navigator_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.example_action)
        help_menu.addAction(self.shortcuts_action)

        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.open_old_action)
        toolbar.addAction(self.open_new_action)
        toolbar.addSeparator()
        toolbar.addAction(self.previous_action)
        toolbar.addAction(self.next_action)
        toolbar.addSeparator()
        toolbar.addAction(self.side_action)
        toolbar.addAction(self.redline_action)
        toolbar.addSeparator()
        toolbar.addAction(self.link_action)
        toolbar.addAction(self.unlink_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _connect(self) -> None:
        self.runner.finished.connect(self._job_finished)
        self.runner.failed.connect(self._job_failed)
        self.runner.cancelled.connect(self._job_cancelled)
        self.runner.progressed.connect(self._job_progressed)
        self.runner.busy_changed.connect(self._busy_changed)
        self.cancel_button.clicked.connect(self._cancel_jobs)
        # Bound methods (not lambdas) so that nothing calls into a window Qt already destroyed.
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.navigator.row_chosen.connect(self.go_to_row)
        self.selection.currentChanged.connect(self._current_changed)
        self.selection.selectionChanged.connect(self._selection_changed)
        for view in (self.side_view, self.redline_view):
            view.files_dropped.connect(self._files_dropped)

    def _clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _cancel_jobs(self) -> None:
        self.runner.cancel()

    def _selection_changed(self, *args: object) -> None:
        self._update_actions()

    # --- opening ---
    def open_files(self, old: str | Path, new: str | Path) -> None:
        self.open_file("old", old)
        self.open_file("new", new)

    def open_example(self) -> None:
        from resources import example_pair

        self.open_files(*example_pair())

    def choose_file(self, side: str) -> None:
        current = self.paths[side] or self.paths["new" if side == "old" else "old"]
        start = str(current.parent) if current else ""
        title = "Open the old version" if side == "old" else "Open the new version"
        path, _ = QFileDialog.getOpenFileName(self, title, start, OPEN_FILTER)
        if path:
            self.open_file(side, path)

    def open_file(self, side: str, path: str | Path) -> None:
        """Read a version in the background; on success it replaces that side and re-aligns."""
        path = Path(path)
        self.statusBar().showMessage(f"Reading {path.name}…")

        def work(progress: Progress, cancelled: Callable[[], bool]) -> tuple[Path, Document]:
            return path, read_work(path)(progress, cancelled)

        self.runner.start(side, work)

    def swap_versions(self) -> None:
        if self.documents["old"] is None and self.documents["new"] is None:
            return
        self.documents = {"old": self.documents["new"], "new": self.documents["old"]}
        self.paths = {"old": self.paths["new"], "new": self.paths["old"]}
        self.links = tuple(ManualLink(link.new, link.old, link.unlink) for link in self.links)
        self.undo_stack.clear()
        self._remember_pair()
        self.recompute()

    def _files_dropped(self, side: str, files: list[str]) -> None:
        if side == "both":
            self.open_files(files[0], files[1])
        else:
            self.open_file(side, files[0])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        pairs = [
            (o, n) for o, n in self.settings.recent_pairs if Path(o).exists() and Path(n).exists()
        ]
        if not pairs:
            empty = self.recent_menu.addAction("No recent files")
            empty.setEnabled(False)
            return
        for old, new in pairs:
            action = self.recent_menu.addAction(f"{Path(old).name} → {Path(new).name}")
            action.setToolTip(f"{old}\n{new}")
            action.triggered.connect(lambda checked=False, o=old, n=new: self.open_files(o, n))

    def _remember_pair(self) -> None:
        old, new = self.paths["old"], self.paths["new"]
        if old is not None and new is not None:
            self.settings.add_recent_pair(str(old), str(new))

    # --- comparing ---
    def recompute(self) -> None:
        old, new = self.documents["old"], self.documents["new"]
        if old is None or new is None:
            self._update_title()
            missing = "new" if old is not None else "old"
            key = "Ctrl+Shift+O" if missing == "new" else "Ctrl+O"
            self.summary.setText(f"Open the {missing} version to compare ({key}).")
            return
        self._remember_place()
        self.statusBar().showMessage("Aligning paragraphs…")
        self.runner.start("compare", compare_work(old, new, self.options, self.links))

    def apply_links(self, links: tuple[ManualLink, ...]) -> None:
        """Use these manual links and re-align (called by undo commands)."""
        self.links = links
        self.recompute()

    def set_options(self, options: DiffOptions) -> None:
        if options == self.options:
            return
        self.options = options
        self.settings.diff_options = options
        self.recompute()

    def _remember_place(self) -> None:
        row = self.current_row()
        if row >= 0 and self.model.comparison is not None:
            entry = self.model.entry(row)
            self._restore_ids = (entry.old, entry.new)

    def _show_comparison(self, comparison: Comparison, labels: tuple[str, ...]) -> None:
        self.model.set_comparison(comparison, labels)
        self.summary.setText(present.summary_text(comparison))
        self.statusBar().clearMessage()
        self._update_title()
        row = 0 if comparison.entries else -1
        if self._restore_ids is not None:
            old_ids, new_ids = self._restore_ids
            for side, ids in (("new", new_ids), ("old", old_ids)):
                if ids:
                    found = self.model.row_of_paragraph(side, ids[0])
                    if found >= 0:
                        row = found
                        break
            self._restore_ids = None
        if row >= 0:
            self.go_to_row(row)
        self._update_actions()
        self.comparison_shown.emit()

    # --- jobs ---
    def _job_finished(self, kind: str, result: object) -> None:
        if kind in SIDES:
            assert isinstance(result, tuple)
            path, document = result
            changed = self.paths[kind] != path
            self.paths[kind] = path
            self.documents[kind] = document
            if changed:
                # Links name paragraphs of the version that was replaced.
                self.links = ()
                self.undo_stack.clear()
            self._remember_pair()
            if not (self.runner.is_running("old") or self.runner.is_running("new")):
                self.recompute()
        elif kind == "compare":
            assert isinstance(result, tuple)
            comparison, labels = result
            self._show_comparison(comparison, labels)
        elif kind == "export":
            self.statusBar().showMessage(f"Saved {result}", 5000)
            self.export_finished.emit(str(result))
            self._offer_open(Path(str(result)))

    def _job_failed(self, kind: str, message: str) -> None:
        self.statusBar().clearMessage()
        if kind in SIDES:
            self.report_error("Cannot open the document", message)
            self.document_failed.emit(kind, message)
            if not (self.runner.is_running("old") or self.runner.is_running("new")):
                shown = self.model.comparison
                if (
                    shown is None
                    or shown.old is not self.documents["old"]
                    or shown.new is not self.documents["new"]
                ):
                    # The other side of the same request may have been read: show it.
                    self.recompute()
        elif kind == "export":
            self.report_error("Export failed", message)
            self.export_failed.emit(message)
        else:
            self.report_error("Cannot compare", message)

    def _job_cancelled(self, kind: str) -> None:
        what = {"compare": "Alignment", "export": "Export"}.get(kind, "Reading")
        self.statusBar().showMessage(f"{what} cancelled.", 5000)

    def _job_progressed(self, kind: str, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _busy_changed(self, busy: bool) -> None:
        self.cancel_action.setEnabled(busy)
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
        (self.redline_action if mode == 1 else self.side_action).setChecked(True)
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

    def _step(self, direction: int) -> None:
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
        """Copy the selected cells as plain text, one paragraph per line, in reading order."""
        if self.model.comparison is None:
            return
        view = self.current_view()
        indexes = sorted(
            (i for i in self.selection.selectedIndexes() if i.column() in view.columns),
            key=lambda i: (i.row(), i.column()),
        )
        texts = [self.model.plain(i.row(), i.column()) for i in indexes]
        text = "\n".join(t for t in texts if t)
        if text:
            QApplication.clipboard().setText(text)

    # --- manual alignment ---
    def selected_sides(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Old and new paragraph ids picked for a link: old cells on the left, new on the right.

        In the redline view (one column) the upper selected row gives the old paragraphs and the
        lower one the new paragraphs."""
        if self.model.comparison is None:
            return (), ()
        indexes = sorted(self.selection.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        old: list[str] = []
        new: list[str] = []
        if self.current_view() is self.side_view:
            for index in indexes:
                entry = self.model.entry(index.row())
                if index.column() == Column.OLD:
                    old.extend(pid for pid in entry.old if pid not in old)
                elif index.column() == Column.NEW:
                    new.extend(pid for pid in entry.new if pid not in new)
        else:
            rows = sorted({index.row() for index in indexes})
            if len(rows) >= 2:
                old = list(self.model.entry(rows[0]).old)
                new = list(self.model.entry(rows[-1]).new)
        return tuple(old), tuple(new)

    def link_selected(self) -> None:
        old, new = self.selected_sides()
        if not old or not new:
            self.statusBar().showMessage(
                "Select an old paragraph (left column) and a new paragraph (right column), "
                "with Ctrl+click, then Link (Ctrl+L).",
                6000,
            )
            return
        touched = set(old) | set(new)
        # A new link replaces every earlier link or unlink that involved these paragraphs.
        kept = tuple(link for link in self.links if not (set(link.old) | set(link.new)) & touched)
        after = (*kept, ManualLink(old, new))
        text = f"Link {' + '.join(old)} with {' + '.join(new)}"
        self.undo_stack.push(LinksCommand(self, self.links, after, text))

    def unlink_current(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        entry = self.model.entry(row)
        if not entry.old or not entry.new:
            self.statusBar().showMessage("This paragraph is not paired with another.", 4000)
            return
        kept = tuple(
            link
            for link in self.links
            if link.unlink or not (set(link.old) & set(entry.old) or set(link.new) & set(entry.new))
        )
        after = (*kept, ManualLink(entry.old, entry.new, unlink=True))
        text = f"Unlink {self.model.label(row)}"
        self.undo_stack.push(LinksCommand(self, self.links, after, text))

    # --- options ---
    def show_options(self) -> None:
        from desktop.dialogs import OptionsDialog

        dialog = OptionsDialog(self.options, self.settings.author, self)
        if dialog.exec():
            self.settings.author = dialog.author()
            self.set_options(dialog.options())

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS_TEXT)

    # --- export ---
    def export_comments(self) -> tuple[object, ...]:
        """Comments to carry into exports (annotations, once they exist)."""
        return ()

    def export_as(self, fmt: str) -> None:
        comparison = self.model.comparison
        if comparison is None:
            self.statusBar().showMessage("Open two versions before exporting.", 4000)
            return
        _, file_filter, suffix = EXPORTS[fmt]
        new_path = self.paths["new"]
        folder = new_path.parent if new_path else Path.home()
        stem = new_path.stem if new_path else "comparison"
        default = folder / f"{stem}-{'redline' if fmt != 'table' else 'table'}{suffix}"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export", str(default), file_filter)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        author = self.settings.author or None
        comments = self.export_comments()
        if fmt == "pdf":
            html = present.redline_document_html(comparison)

            def work(progress: Progress, cancelled: Callable[[], bool]) -> Path:
                from desktop.pdf import write_pdf

                write_pdf(html, path)
                return path

        else:

            def work(progress: Progress, cancelled: Callable[[], bool]) -> Path:
                from exporters import export

                export(comparison, path, fmt, author=author, comments=comments)  # type: ignore[arg-type]
                return path

        self.statusBar().showMessage(f"Exporting {path.name}…")
        self.runner.start("export", work)

    def _offer_open(self, path: Path) -> None:
        choice = ask_after_export(self, path)
        if choice == "file":
            open_url(QUrl.fromLocalFile(str(path)))
        elif choice == "folder":
            open_url(QUrl.fromLocalFile(str(path.parent)))

    # --- window state ---
    def _update_title(self) -> None:
        names = [
            present.document_name(doc) if doc is not None else "—"
            for doc in (self.documents["old"], self.documents["new"])
        ]
        if self.documents["old"] is None and self.documents["new"] is None:
            self.setWindowTitle("Redline[*]")
        else:
            self.setWindowTitle(f"{names[0]} → {names[1]}[*] — Redline")

    def _update_actions(self) -> None:
        has = self.model.comparison is not None
        for action in (*self.export_actions.values(), self.next_action, self.previous_action):
            action.setEnabled(has)
        self.swap_action.setEnabled(
            self.documents["old"] is not None or self.documents["new"] is not None
        )
        row = self.current_row()
        self.unlink_action.setEnabled(
            has and row >= 0 and bool(self.model.entry(row).old) and bool(self.model.entry(row).new)
        )
        self.link_action.setEnabled(has)

    def changeEvent(self, event: object) -> None:
        from PySide6.QtCore import QEvent

        super().changeEvent(event)  # type: ignore[arg-type]
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):  # type: ignore[attr-defined]
            self.model.set_colours(present.Colours.for_dark(is_dark(self.palette())))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()
        self.runner.cancel()
        self.pool.waitForDone(5000)
        super().closeEvent(event)


def _app_icon() -> QIcon:
    from resources import resource_path

    return QIcon(str(resource_path("icons", "redline.png")))


SHORTCUTS = (
    ("Ctrl+O", "Open the old version"),
    ("Ctrl+Shift+O", "Open the new version"),
    ("Ctrl+Shift+X", "Swap versions"),
    ("F8 / Alt+Down", "Next change"),
    ("Shift+F8 / Alt+Up", "Previous change"),
    ("Ctrl+1 / Ctrl+2", "Side-by-side view / redline view"),
    ("F9", "Show or hide the navigator"),
    ("Ctrl+F", "Search paragraphs in the navigator"),
    ("Ctrl+L", "Link the selected old and new paragraphs"),
    ("Ctrl+U", "Unlink the current entry"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo a link or unlink"),
    ("Ctrl+E", "Export Word with tracked changes"),
    ("Ctrl+P", "Export the redline as PDF"),
    ("Esc", "Cancel reading, aligning or exporting"),
    ("Ctrl+,", "Options"),
    ("F1", "This list"),
)

SHORTCUTS_TEXT = "\n".join(f"{keys}\t{what}" for keys, what in SHORTCUTS)


def make_settings(path: str | os.PathLike[str]) -> Settings:
    """Settings kept in an ini file (tests, benchmarks, screenshots)."""
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


__all__ = ["MainWindow", "Navigator", "make_settings"]
