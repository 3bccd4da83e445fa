"""Desktop layer: the main window — two versions side by side, the redline, the navigator.

The window holds the state a user changes (which files, which options, which manual links) and
asks `JobRunner` for the results (documents, the comparison, exports); it never reads or aligns
on the UI thread. Manual links are edited through `QUndoCommand`s on one `QUndoStack`, whose
clean state drives the window's modified marker.

Annotations (issue 6): a negotiation file (`.redline`, `diffing.negotiation`) may be open; the
window then shows two of its versions (the last two on opening) and every edit — a status, a note,
a manual link — is written to the file at once and pushed as a `NotesCommand` holding the
returned `ChangeSet`, so undo/redo work on the file too. The annotation panel in the right dock
follows `current_entry_changed`. All calls into the file happen on the UI thread (it is fast:
adding a version, which aligns it with the previous one to carry the annotations, is ~40 ms).
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QModelIndex,
    QSettings,
    QStandardPaths,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QFont,
    QIcon,
    QKeySequence,
    QPalette,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop import compilation_view, present
from desktop.annotations import AnnotationPanel, NotesCommand, Target, merged
from desktop.help import about_text, shortcuts_html
from desktop.jobs import JobRunner, Progress
from desktop.messages import for_user
from desktop.models import Column, ComparisonModel
from desktop.navigator import Navigator
from desktop.settings import Settings
from desktop.views import EntryTable
from diffing.errors import RedlineError
from diffing.labels import entry_label
from diffing.model import Comparison, DiffOptions, Document, ManualLink, Relation
from diffing.negotiation import (
    Annotation,
    ChangeSet,
    FileLockedError,
    NegotiationFile,
    OriginalState,
    ParagraphState,
    Position,
    StaleChangeError,
    Status,
)
from diffing.relink import EntryCache, compare_linked, relink

logger = logging.getLogger(__name__)

SIDES = ("old", "new")

# Every kind the readers take (README: .docm and .dotx are Word, .md is text); a negotiation
# file chosen here is opened as one rather than refused as "a database, not a document".
OPEN_FILTER = (
    "Documents (*.docx *.docm *.dotx *.pdf *.txt *.md);;Negotiation files (*.redline);;"
    "All files (*)"
)
NOTES_FILTER = "Negotiation file (*.redline)"
JSON_FILTER = "Annotations (*.json)"

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
) -> Callable[[Progress, Callable[[], bool]], tuple[EntryCache, Comparison, tuple[str, ...]]]:
    """Align, apply the links, and name the entries: too slow for the UI thread on long texts.
    The base alignment comes back too, so that later links are applied in milliseconds."""

    def work(
        progress: Progress, cancelled: Callable[[], bool]
    ) -> tuple[EntryCache, Comparison, tuple[str, ...]]:
        base, comparison = compare_linked(
            old, new, options, links, progress=progress, cancel=cancelled
        )
        return EntryCache(base), comparison, present.entry_labels(comparison)

    return work


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
        self._base: EntryCache | None = None
        self._labels: dict[tuple[tuple[str, ...], tuple[str, ...], Relation], str] = {}
        """The alignment without links of the texts on screen (see `recompute`)."""
        self.notes: NegotiationFile | None = None
        self.pair_versions: tuple[int, int] | None = None
        """(old, new) version ids of the open negotiation file that are on screen."""
        self.notice = ""
        self._lasting: tuple[str, int] | None = None
        """A message `tell` showed that the end of running work must not clear."""
        """The last non-blocking notice (e.g. an original file changed on disk)."""
        self.notes_folder = (
            Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
            / "negotiations"
        )
        """Where the first annotation made without a negotiation file creates one."""
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
        self._build_actions()
        self._build_menus()
        self._connect()
        self.compilation = compilation_view.install(self)
        self.set_zoom(self.settings.zoom)
        self.set_view_mode(self.settings.view_mode)
        self._update_title()
        self._update_actions()
        self._notes_mode_changed()
        self.resize(1280, 800)
        if self.settings.geometry is not None:
            self.restoreGeometry(self.settings.geometry)
        # The text columns come first: at 1280 px each keeps 60 characters a line. The
        # annotation panel opens on demand (Ctrl+Shift+A, View → Annotation panel).
        self.panel_dock.hide()
        self.resizeDocks([self.navigator_dock], [280], Qt.Orientation.Horizontal)
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
        self.print_action = a("&Print…", self.print_redline, ["Ctrl+Shift+P"], "Print the redline")
        self.export_actions["docx"].setShortcut(QKeySequence("Ctrl+E"))
        self.export_actions["pdf"].setShortcut(QKeySequence("Ctrl+P"))

        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        # Ctrl+Shift+Z first everywhere (the menu shows it, as the docs say), the platform's
        # own redo keys (Ctrl+Y on Windows) as well.
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys
        ]
        self.redo_action.setShortcuts(redo_keys)
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
        self.zoom_in_action = a(
            "Zoom &in", lambda: self._zoom_by(+1), ["Ctrl+=", "Ctrl++"], "Larger text"
        )
        self.zoom_out_action = a("Zoom &out", lambda: self._zoom_by(-1), ["Ctrl+-"], "Smaller text")
        self.zoom_reset_action = a("&Actual size", lambda: self._zoom_by(-self.zoom), ["Ctrl+0"])
        self.navigator_action = self.navigator_dock.toggleViewAction()
        self.navigator_action.setShortcut(QKeySequence("F9"))
        self.cancel_action = a(
            "&Cancel", self._cancel_jobs, ["Esc"], "Stop reading, aligning or exporting"
        )
        self.cancel_action.setEnabled(False)
        self.example_action = a("Open &example", self.open_example)
        self.new_notes_action = a(
            "Ne&w negotiation file…",
            self.new_notes,
            ["Ctrl+N"],
            "Keep the two open versions, links and annotations in a new .redline file",
        )
        self.open_notes_action = a(
            "Open ne&gotiation file…", self.choose_notes, ["Ctrl+Alt+O"], "Open a .redline file"
        )
        self.save_notes_as_action = a(
            "Save negotiation file &as…", self.save_notes_as, QKeySequence.StandardKey.SaveAs
        )
        self.add_version_action = a(
            "A&dd version…",
            self.choose_next_version,
            ["Ctrl+Alt+V"],
            "Add the next round and compare it with the latest one; annotations carry over",
        )
        self.export_notes_action = a("Export &annotations (JSON)…", self.export_notes)
        self.import_notes_action = a("&Import annotations (JSON)…", self.import_notes)
        self.focus_panel_action = a(
            "&Annotate paragraph", self.focus_panel, ["Ctrl+Shift+A"], "Go to the annotation panel"
        )
        self.shortcuts_action = a("&Keyboard shortcuts", self.show_shortcuts, ["F1"])
        self.about_action = a("&About Redline", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_old_action)
        file_menu.addAction(self.open_new_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(self.swap_action)
        file_menu.addSeparator()
        file_menu.addAction(self.new_notes_action)
        file_menu.addAction(self.open_notes_action)
        file_menu.addAction(self.save_notes_as_action)
        file_menu.addAction(self.add_version_action)
        file_menu.addAction(self.import_notes_action)
        file_menu.addAction(self.export_notes_action)
        file_menu.addSeparator()
        export_menu = file_menu.addMenu("&Export")
        for action in self.export_actions.values():
            export_menu.addAction(action)
        self.export_menu = export_menu
        file_menu.addAction(self.print_action)
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
        edit_menu.addSeparator()
        edit_menu.addAction(self.focus_panel_action)
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
        view_menu.addAction(self.zoom_in_action)
        view_menu.addAction(self.zoom_out_action)
        view_menu.addAction(self.zoom_reset_action)
        view_menu.addSeparator()
        view_menu.addAction(self.navigator_action)
        self.panel_action = self.panel_dock.toggleViewAction()
        self.panel_action.setText("&Annotation panel")
        view_menu.addAction(self.panel_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.example_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

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
        self.runner.cancelled.connect(self._job_cancelled)
        self.runner.progressed.connect(self._job_progressed)
        self.runner.busy_changed.connect(self._busy_changed)
        self.cancel_button.clicked.connect(self._cancel_jobs)
        # Bound methods (not lambdas) so that nothing calls into a window Qt already destroyed.
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.navigator.row_chosen.connect(self._row_chosen)
        self.navigator.search.textChanged.connect(self.model.set_highlight)
        self.selection.currentChanged.connect(self._current_changed)
        self.selection.selectionChanged.connect(self._selection_changed)
        for view in (self.side_view, self.redline_view):
            view.files_dropped.connect(self._files_dropped)
            view.zoom_requested.connect(self._zoom_by)
        self.current_entry_changed.connect(self._entry_changed)
        self.panel.status_chosen.connect(self._status_chosen)
        self.panel.note_committed.connect(self._note_committed)
        self.panel.positions_edited.connect(self._positions_edited)
        self.panel.acknowledge_clicked.connect(self._acknowledge)
        self.panel.remove_clicked.connect(self._remove_annotation)

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
        self.zoom_in_action.setEnabled(steps < most)
        self.zoom_out_action.setEnabled(steps > least)
        self.zoom_reset_action.setEnabled(steps != 0)

    def _zoom_by(self, steps: int) -> None:
        self.set_zoom(self.zoom + steps)
        self.statusBar().showMessage(f"Zoom {100 + 10 * self.zoom} %", 2000)

    def _clean_changed(self, clean: bool) -> None:
        # A negotiation file is written at every change: nothing is ever unsaved.
        self.setWindowModified(not clean and self.notes is None)

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
        start = str(user_folder(current))
        title = "Open the old version" if side == "old" else "Open the new version"
        path, _ = QFileDialog.getOpenFileName(self, title, start, OPEN_FILTER)
        if path.lower().endswith(".redline"):
            self.open_notes(path)
        elif path:
            self.open_file(side, path)

    def open_file(self, side: str, path: str | Path) -> None:
        """Read a version in the background; on success it replaces that side and re-aligns."""
        path = Path(path)
        self.statusBar().showMessage(f"Reading {path.name}…")

        def work(progress: Progress, cancelled: Callable[[], bool]) -> Document:
            return read_work(path)(progress, cancelled)

        self.runner.start(
            side,
            work,
            done=lambda document: self._side_read(side, path, document),
            failed=lambda message: self._side_failed(side, message),
        )

    def swap_versions(self) -> None:
        if self.documents["old"] is None and self.documents["new"] is None:
            return
        if self.pair_versions is not None:
            # Rounds of a negotiation file have an order; annotations follow it.
            self.statusBar().showMessage("The rounds of a negotiation file keep their order.", 4000)
            return
        self.documents = {"old": self.documents["new"], "new": self.documents["old"]}
        self.paths = {"old": self.paths["new"], "new": self.paths["old"]}
        self.links = tuple(ManualLink(link.new, link.old, link.unlink) for link in self.links)
        self.undo_stack.clear()
        self._remember_pair()
        self.recompute()

    def _files_dropped(self, side: str, files: list[str]) -> None:
        notes_files = [f for f in files if f.lower().endswith(".redline")]
        if notes_files:
            self.open_notes(notes_files[0])
            return
        if side == "both":
            self.open_files(files[0], files[1])
        else:
            self.open_file(side, files[0])

    def _fill_recent(self) -> None:
        """Negotiation files first (a negotiation is what one comes back to), then pairs."""
        self.recent_menu.clear()
        pairs = [
            (o, n) for o, n in self.settings.recent_pairs if Path(o).exists() and Path(n).exists()
        ]
        notes = [p for p in self.settings.recent_notes if Path(p).is_file()]
        for path in notes:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda checked=False, p=path: self.open_notes(p))
        if notes and pairs:
            self.recent_menu.addSeparator()
        if not pairs and not notes:
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
            if old is not None:
                self._show_one("old", old)
            elif new is not None:
                self._show_one("new", new)
            self._update_actions()  # Swap puts a file opened on the wrong side on the other
            return
        self._remember_place()
        cache = self._base
        if cache is not None and self._base_fits(cache.base, old, new):
            # Same texts and options: only the links changed. Apply them to the alignment
            # already made (milliseconds, `diffing.relink`) instead of aligning again.
            self.runner.cancel("compare")
            comparison = relink(cache.base, self.links, cache=cache)
            self._show_comparison(comparison, self._labels_of(comparison))
            return
        self._base = None
        if self._lasting is None:  # a notice stays in view while the alignment runs
            self.statusBar().showMessage("Aligning paragraphs…")
        self.runner.start(
            "compare",
            compare_work(old, new, self.options, self.links),
            done=self._compared,
            failed=self._compare_failed,
        )

    def _labels_of(self, comparison: Comparison) -> tuple[str, ...]:
        """Entry names, each made once per alignment: most entries outlive a link."""
        known = self._labels
        labels = []
        for entry in comparison.entries:
            key = (entry.old, entry.new, entry.relation)
            label = known.get(key)
            if label is None:
                label = known[key] = entry_label(entry, comparison)
            labels.append(label)
        return tuple(labels)

    def _base_fits(self, base: Comparison, old: Document, new: Document) -> bool:
        if base.options != self.options:
            return False
        for kept, wanted in ((base.old, old), (base.new, new)):
            # A negotiation file gives back equal documents, not the same objects.
            if kept is not wanted and kept != wanted:
                return False
        return True

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
        row = 0 if self.model.rowCount() else -1
        if self._restore_ids is not None:
            ids = self._restore_ids[SIDES.index(side)]
            if ids and self.model.row_of_paragraph(side, ids[0]) >= 0:
                row = self.model.row_of_paragraph(side, ids[0])
            self._restore_ids = None
        if row >= 0:
            self.go_to_row(row)

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
        if 0 <= row < self.model.rowCount():
            entry = self.model.entry(row)
            self._restore_ids = (entry.old, entry.new)

    def _show_comparison(self, comparison: Comparison, labels: tuple[str, ...]) -> None:
        self.model.set_comparison(comparison, labels, self._paragraph_states())
        self.summary.setText(present.summary_text(comparison))
        self._update_dashboard()
        self._settle_message()
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
        self._refresh_panel()
        self.comparison_shown.emit()

    # --- jobs ---
    def _side_read(self, side: str, path: Path, document: Document) -> None:
        """A version was read (`open_file`): it replaces that side and the pair re-aligns."""
        changed = self.paths[side] != path or self.pair_versions is not None
        kept_in = self.notes.path if self.notes is not None else None
        if self.notes is not None:
            # The pair on screen is no longer two rounds of the negotiation file.
            self._close_notes(
                f"Closed {self.notes.path.name}: the versions shown are not its rounds "
                "(File → Add version adds one)."
            )
        self.paths[side] = path
        self.documents[side] = document
        if changed:
            # Links name paragraphs of the version that was replaced.
            if self.links and kept_in is not None:
                self.tell(
                    f"{len(self.links)} manual link(s) of the replaced version stay in "
                    f"{kept_in.name}; they do not apply to {path.name}.",
                    15000,
                )
            self.links = ()
            self.undo_stack.clear()
        self._remember_pair()
        if not (self.runner.is_running("old") or self.runner.is_running("new")):
            self.recompute()

    def _side_failed(self, side: str, message: str) -> None:
        self.statusBar().clearMessage()
        message = for_user(message)
        self.report_error("Cannot open the document", message)
        self.document_failed.emit(side, message)
        if not (self.runner.is_running("old") or self.runner.is_running("new")):
            shown = self.model.comparison
            if (
                shown is None
                or shown.old is not self.documents["old"]
                or shown.new is not self.documents["new"]
            ):
                # The other side of the same request may have been read: show it.
                self.recompute()

    def _compared(self, result: tuple[EntryCache, Comparison, tuple[str, ...]]) -> None:
        cache, comparison, labels = result
        self._base = cache
        self._labels = {
            (e.old, e.new, e.relation): label
            for e, label in zip(comparison.entries, labels, strict=True)
        }
        self._show_comparison(comparison, labels)

    def _compare_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        self.report_error("Cannot compare", for_user(message))

    def _exported(self, path: Path) -> None:
        self.statusBar().showMessage(f"Saved {path}", 5000)
        self.export_finished.emit(str(path))
        self._offer_open(path)

    def _export_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        message = for_user(message)
        self.report_error("Export failed", message)
        self.export_failed.emit(message)

    def _add_version_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        self.report_error("Cannot add the version", for_user(message))

    def _job_cancelled(self, kind: str) -> None:
        what = {"compare": "Alignment", "export": "Export"}.get(kind, "Reading")
        self.statusBar().showMessage(f"{what} cancelled.", 5000)

    def _job_progressed(self, kind: str, done: int, total: int) -> None:
        # The last diff is not the end (order, names, showing follow): the bar reaches its end
        # only when the job has reported, and then it is hidden.
        self.progress.setRange(0, total + 1)
        self.progress.setValue(min(done, total))

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
        """Copy the selected cells in reading order, one paragraph per line: as rich text with
        the redline's marks (Word and mail keep them) and as plain text (`copy_text`)."""
        if not self.model.rowCount():
            return
        view = self.current_view()
        indexes = sorted(
            (
                i
                for i in self.selection.selectedIndexes()
                if i.column() in view.columns and i.column() != Column.LABEL
            ),
            key=lambda i: (i.row(), i.column()),
        )
        cells = [(i.row(), i.column()) for i in indexes]
        texts = [self.model.copy_text(row, column) for row, column in cells]
        text = "\n".join(t for t in texts if t)
        if not text:
            return
        rich = "".join(
            f"<p>{self.model.html(row, column) or html.escape(plain)}</p>"
            for (row, column), plain in zip(cells, texts, strict=True)
            if plain
        )
        data = QMimeData()
        data.setText(text)
        data.setHtml(f"<html><body>{rich}</body></html>")
        QApplication.clipboard().setMimeData(data)

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
        if self._shares_no_word(old, new) and not self.confirm(
            "Link paragraphs with nothing in common?",
            f"{' + '.join(old)} and {' + '.join(new)} share no word (0 % similar). "
            "Link them anyway?",
        ):
            return
        self._push_links(after, text)

    def _shares_no_word(self, old: tuple[str, ...], new: tuple[str, ...]) -> bool:
        comparison = self.model.comparison
        if comparison is None or self._base is None:
            return False
        # What the link would give, without applying it (milliseconds, diffing.relink).
        preview = relink(self._base.base, (ManualLink(old, new),), cache=self._base)
        entry = next((e for e in preview.entries if e.old == old and e.new == new), None)
        return entry is not None and entry.similarity == 0.0

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
        self._push_links(after, text)

    def _push_links(self, after: tuple[ManualLink, ...], text: str) -> None:
        """Links are stored in the negotiation file at once (re-carrying the annotations along
        the new alignment); the first one made without a file creates it in the data folder,
        so no link is ever lost on quitting."""
        if not self._ensure_notes():
            return
        assert self.notes is not None and self.pair_versions is not None
        try:
            changes = self.notes.set_links(*self.pair_versions, after)
        except RedlineError as error:
            self.report_error("Cannot change the alignment", str(error))
            return
        self.undo_stack.push(NotesCommand(changes, text, self.apply_notes_changes))
        self._notes_changed(changes)

    # --- the negotiation file ---
    def choose_notes(self) -> None:
        start = str(self.notes.path.parent) if self.notes is not None else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open a negotiation file", start, NOTES_FILTER)
        if path:
            self.open_notes(path)

    def open_notes(self, path: str | Path) -> bool:
        """Open a .redline and show its last two versions with their manual links; a file open
        in another window is offered read-only."""
        path = Path(path)
        if self.notes is not None and path.exists() and self.notes.path.resolve() == path.resolve():
            # Opening the file this window has open: read it afresh rather than refuse.
            self.panel.note.commit()
            self.notes.close()
            self.notes = None
        try:
            try:
                notes = NegotiationFile.open(path)
            except FileLockedError as error:
                answer = QMessageBox.question(
                    self,
                    "Negotiation file in use",
                    f"{error}\n\nOpen a read-only copy of it as it is now? Changes made here "
                    "would not be saved.",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return False
                notes = NegotiationFile.open(path, read_only=True)
        except RedlineError as error:
            self.report_error("Cannot open the negotiation file", str(error))
            return False
        versions = notes.versions()
        if not versions:
            notes.close()
            self.report_error(
                "Cannot open the negotiation file", f"{path.name}: holds no version to show."
            )
            return False
        old = versions[-2] if len(versions) > 1 else versions[-1]
        self._attach(notes, old.id, versions[-1].id)
        return True

    def new_notes(self) -> None:
        if self.documents["old"] is None or self.documents["new"] is None:
            self.statusBar().showMessage("Open two versions first.", 4000)
            return
        folder = user_folder(self.paths["new"])
        stem = self.paths["new"].stem if self.paths["new"] else "negotiation"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "New negotiation file", str(folder / f"{stem}.redline"), NOTES_FILTER
        )
        if chosen:
            self.create_notes(_with_suffix(Path(chosen), ".redline"))

    def create_notes(self, path: Path) -> bool:
        """A new negotiation file holding the two versions on screen (and their manual links);
        the window goes on working in it."""
        old_doc, new_doc = self.documents["old"], self.documents["new"]
        assert old_doc is not None and new_doc is not None
        sources: dict[str, bytes] = {}
        for side in SIDES:
            source = self.paths[side]
            if self.notes is not None and self.pair_versions is not None:
                sources[side] = self.notes.source_bytes(self.pair_versions[SIDES.index(side)])
                continue
            try:
                assert source is not None
                sources[side] = source.read_bytes()
            except (AssertionError, OSError):
                name = source.name if source is not None else "the document"
                self.report_error(
                    "Cannot create the negotiation file", f"{name}: cannot be read any more."
                )
                return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            notes = NegotiationFile.create(path)
            try:
                old_id = notes.add_version(
                    old_doc, sources["old"], self.paths["old"], present.document_name(old_doc)
                )
                new_id = notes.add_version(
                    new_doc, sources["new"], self.paths["new"], present.document_name(new_doc)
                )
                if self.links:
                    notes.set_links(old_id, new_id, self.links)
            except BaseException:
                notes.close()
                raise
        except (RedlineError, OSError) as error:
            self.report_error("Cannot create the negotiation file", str(error))
            return False
        self._attach(notes, old_id, new_id)
        return True

    def save_notes_as(self) -> None:
        if self.notes is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the negotiation file as", str(self.notes.path), NOTES_FILTER
        )
        if not chosen:
            return
        try:
            self.notes.save_as(_with_suffix(Path(chosen), ".redline"))
        except RedlineError as error:
            self.report_error("Cannot save the negotiation file", str(error))
            return
        self.settings.last_notes = str(self.notes.path)
        self.statusBar().showMessage(f"Now working in {self.notes.path.name}.", 5000)
        self._notes_mode_changed()

    def choose_next_version(self) -> None:
        if self.notes is None and (self.documents["old"] is None or self.documents["new"] is None):
            self.statusBar().showMessage("Open two versions first.", 4000)
            return
        start = str(user_folder(self.paths["new"]))
        path, _ = QFileDialog.getOpenFileName(self, "Add the next version", start, OPEN_FILTER)
        # The negotiation file is made only once a version was chosen: Cancel creates nothing.
        if path and (self.notes is not None or self._ensure_notes()):
            self.add_version(path)

    def add_version(self, path: str | Path) -> None:
        """Read the next round in the background; it is added (and compared with the latest
        round, carrying the annotations) when read."""
        path = Path(path)
        self.statusBar().showMessage(f"Reading {path.name}…")

        def work(progress: Progress, cancelled: Callable[[], bool]) -> tuple[Path, Document, bytes]:
            from diffing.readers import read_bytes, read_document

            read_document(path)  # refuses missing, oversized and unreadable files first
            data = path.read_bytes()
            return path, read_bytes(data, path.name), data

        self.runner.start(
            "add_version",
            work,
            done=lambda read: self._add_version_read(*read),
            failed=self._add_version_failed,
        )

    def _add_version_read(self, path: Path, document: Document, data: bytes) -> None:
        notes = self.notes
        if notes is None:
            return
        previous = notes.latest()
        try:
            new_id = notes.add_version(document, data, path, present.document_name(document))
        except RedlineError as error:
            self.report_error("Cannot add the version", str(error))
            return
        left = notes.not_carried(new_id)
        old_id = previous.id if previous is not None else new_id
        self._attach(notes, old_id, new_id)
        message = f"Added {present.document_name(document)} as version {len(notes.versions())}."
        if left:
            ids = ", ".join(sorted({a.paragraph_id for a in left}))
            message += f" {len(left)} annotation(s) stay with the previous version ({ids})."
        self.statusBar().showMessage(message, 10000)

    def _attach(self, notes: NegotiationFile, old_id: int, new_id: int) -> None:
        """Work in `notes`, showing versions old_id → new_id."""
        if self.notes is not None and self.notes is not notes:
            self.panel.note.commit()
            self.notes.close()
        self.runner.cancel("old")
        self.runner.cancel("new")
        self.notes = notes
        self.pair_versions = (old_id, new_id)
        for side, version_id in zip(SIDES, (old_id, new_id), strict=True):
            self.documents[side] = notes.document(version_id)
            original = notes.version(version_id).original_path
            self.paths[side] = Path(original) if original else None
        self.links = notes.links(old_id, new_id)
        self.undo_stack.clear()
        if not notes.read_only:
            self.settings.last_notes = str(notes.path)
        self.settings.add_recent_notes(str(notes.path))
        self._notes_mode_changed()
        self._check_originals()
        self.recompute()

    def _close_notes(self, message: str = "") -> None:
        if self.notes is None:
            return
        self.panel.note.commit()
        self.notes.close()
        self.notes = None
        self.pair_versions = None
        # The user moved on to other documents: `redline` alone reopens those next time.
        self.settings.last_notes = None
        self.undo_stack.clear()
        self.model.set_states({}, {})
        if message:
            self.statusBar().showMessage(message, 8000)
        self._notes_mode_changed()

    def _notes_mode_changed(self) -> None:
        # Statuses exist only in a negotiation file: without one the navigator does not
        # offer an empty column and a filter that finds nothing.
        attached = self.notes is not None
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
        if self.notes is None:
            self.panel.set_hint(
                "Annotations are kept in a negotiation file: the first one you make creates it."
            )
        elif self.notes.read_only:
            self.panel.set_hint(
                f"{self.notes.path.name} is open read-only (File → Save negotiation file as… "
                "to work on a copy)."
            )
        else:
            self.panel.set_hint(f"Saved as you go in {self.notes.path.name}")
        self.panel.hint.setToolTip(str(self.notes.path) if self.notes is not None else "")
        if self.notes is None:
            self.place.setText("")
        else:
            state = "read-only" if self.notes.read_only else "saved"
            self.place.setText(f"{self.notes.path.name} ({state})")
        self.place.setToolTip(str(self.notes.path) if self.notes is not None else "")
        self.place.setVisible(self.notes is not None)

    def _check_originals(self) -> None:
        """Tell (without stopping the user) when an original file changed since it was added."""
        if self.notes is None or self.pair_versions is None:
            return
        changed = [
            self.notes.version(v)
            for v in self.pair_versions
            if self.notes.original_state(v) is OriginalState.CHANGED
        ]
        if not changed:
            return
        names = " and ".join(f"{v.label} ({v.source_name})" for v in changed)
        self.notice = (
            f"The original of {names} changed on disk since it was added; the negotiation file "
            "shows it as added. File → Add version compares the new text."
        )
        self.tell(self.notice, 30000)

    def _ensure_notes(self) -> bool:
        """Annotations are never lost: without a negotiation file, make one in the app's data
        folder (File → Save negotiation file as… names it) and say so."""
        if self.notes is not None and self.pair_versions is not None:
            return True
        if self.documents["old"] is None or self.documents["new"] is None:
            self.statusBar().showMessage("Open two versions to annotate them.", 4000)
            return False
        names = [
            "".join(c if c.isalnum() or c in "-_." else "-" for c in present.document_name(d))
            for d in (self.documents["old"], self.documents["new"])
            if d is not None
        ]
        base = f"{names[0]} to {names[1]}".strip("-. ") or "negotiation"
        path = self.notes_folder / f"{base}.redline"
        number = 2
        while path.exists():
            path = self.notes_folder / f"{base} ({number}).redline"
            number += 1
        if not self.create_notes(path):
            return False
        self.tell(
            f"Your links and annotations are saved in {path} "
            "(File → Save negotiation file as… moves it).",
            15000,
        )
        return True

    # --- annotations ---
    def _paragraph_states(
        self,
    ) -> tuple[dict[str, ParagraphState], dict[str, ParagraphState]]:
        if self.notes is None or self.pair_versions is None:
            return {}, {}
        old_id, new_id = self.pair_versions
        return self.notes.paragraph_states(old_id), self.notes.paragraph_states(new_id)

    def _update_dashboard(self) -> None:
        if self.notes is None or self.pair_versions is None:
            self.dashboard.setText("")
            self.dashboard.hide()
            return
        self.dashboard.setText(self.notes.dashboard(self.pair_versions[1]).line)
        self.dashboard.show()

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

    def _version_of(self, target: Target) -> int | None:
        if self.pair_versions is None:
            return None
        return self.pair_versions[SIDES.index(target.side)]

    def current_annotation(self, target: Target | None = None) -> tuple[Annotation | None, int]:
        """The annotation the panel edits (the latest on the whole paragraph, else the latest
        on a part of it) and how many others the paragraph has."""
        target = target if target is not None else self.annotation_target()
        if target is None or self.notes is None:
            return None, 0
        version = self._version_of(target)
        if version is None:
            return None, 0
        found = self.notes.annotations_for(version, target.paragraph_id)
        if not found:
            return None, 0
        chosen = max(found, key=lambda a: (a.span is None, a.modified, a.created))
        return chosen, len(found) - 1

    def _entry_changed(self, row: int) -> None:
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        target = self.annotation_target()
        annotation, others = self.current_annotation(target)
        self.panel.show_annotation(target, annotation, others=others, dark=is_dark(self.palette()))

    def focus_panel(self) -> None:
        self.panel_dock.show()
        self.panel_dock.raise_()
        self.panel.focus()

    def _edit(self, make: Callable[[NegotiationFile, int, Target], ChangeSet], text: str) -> None:
        """Make an annotation edit of the panel's paragraph in the file, as one undo step."""
        target = self.panel.target
        if target is None:
            return
        if not self._ensure_notes():
            self._refresh_panel()
            return
        notes = self.notes
        version = self._version_of(target)
        assert notes is not None and version is not None
        try:
            changes = make(notes, version, target)
        except RedlineError as error:
            self.report_error("Cannot change the annotation", str(error))
            self._refresh_panel()
            return
        if changes:
            self.undo_stack.push(
                NotesCommand(changes, f"{text} ({target.paragraph_id})", self.apply_notes_changes)
            )
        self._notes_changed(changes)

    def _status_chosen(self, value: str) -> None:
        current, _ = self.current_annotation(self.panel.target)

        def make(notes: NegotiationFile, version: int, target: Target) -> ChangeSet:
            if not value:
                return notes.delete_annotation(current.id) if current else ChangeSet()
            if current is not None:
                return notes.update_annotation(current.id, status=Status(value))
            return notes.add_annotation(
                version, target.paragraph_id, Status(value), author=self.settings.author
            )

        self._edit(make, f"Status: {value}" if value else "Remove annotation")

    def _note_committed(self, note: str) -> None:
        current, _ = self.current_annotation(self.panel.target)

        def make(notes: NegotiationFile, version: int, target: Target) -> ChangeSet:
            if current is not None:
                return notes.update_annotation(current.id, note=note)
            if not note.strip():
                return ChangeSet()
            status = self.compilation.starting_status(target)
            return notes.add_annotation(
                version, target.paragraph_id, status, note=note, author=self.settings.author
            )

        self._edit(make, "Note")

    def _positions_edited(self, positions: tuple[Position, ...]) -> None:
        current, _ = self.current_annotation(self.panel.target)

        def make(notes: NegotiationFile, version: int, target: Target) -> ChangeSet:
            if current is not None:
                return notes.update_annotation(current.id, positions=positions)
            if not positions:
                return ChangeSet()
            return notes.add_annotation(
                version,
                target.paragraph_id,
                self.compilation.starting_status(target),
                positions=positions,
                author=self.settings.author,
            )

        self._edit(make, "Positions")

    def _acknowledge(self) -> None:
        current, _ = self.current_annotation(self.panel.target)
        if current is not None:
            self._edit(lambda notes, v, t: notes.acknowledge(current.id), "Acknowledge new wording")

    def _remove_annotation(self) -> None:
        current, _ = self.current_annotation(self.panel.target)
        if current is not None:
            self._edit(lambda notes, v, t: notes.delete_annotation(current.id), "Remove annotation")

    def apply_notes_changes(self, changes: ChangeSet) -> None:
        """Redo/undo of a NotesCommand: apply to the file; if the file no longer holds what the
        command expects (an import changed it), the history is dropped, never the file."""
        if self.notes is None:
            return
        try:
            self.notes.apply(changes)
        except StaleChangeError as error:
            self.report_error("Cannot undo or redo", f"{error} The undo history was cleared.")
            # Not from inside the stack's own undo/redo call.
            QTimer.singleShot(0, self.undo_stack.clear)
            return
        except RedlineError as error:
            self.report_error("Cannot undo or redo", str(error))
            return
        self._notes_changed(changes)

    def refresh_annotations(self) -> None:
        """Show the file's annotations again (after it was changed by other means)."""
        self._notes_changed(ChangeSet())

    def _notes_changed(self, changes: ChangeSet) -> None:
        """Show what a change of the file changed: links re-align, annotations re-badge."""
        if self.notes is None or self.pair_versions is None:
            return
        if any((c.old_version, c.new_version) == self.pair_versions for c in changes.links):
            self.links = self.notes.links(*self.pair_versions)
            self.recompute()  # states, dashboard and panel follow when it is shown
            return
        self.model.set_states(*self._paragraph_states())
        self._update_dashboard()
        self._refresh_panel()

    def export_notes(self) -> None:
        if self.notes is None:
            return
        default = self.notes.path.with_suffix(".json")
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export annotations", str(default), JSON_FILTER
        )
        if not chosen:
            return
        path = _with_suffix(Path(chosen), ".json")
        try:
            count = self.notes.export_json(path)
        except RedlineError as error:
            self.report_error("Cannot export the annotations", str(error))
            return
        self.statusBar().showMessage(f"Exported {count} annotation(s) to {path.name}.", 6000)

    def import_notes(self) -> None:
        """Merge a colleague's annotations: new ones are added, conflicts are shown and settled
        one by one by the user; nothing is overwritten silently. One undo step."""
        from desktop import annotations

        if self.notes is None or self.notes.read_only:
            return
        start = str(self.notes.path.parent)
        chosen, _ = QFileDialog.getOpenFileName(self, "Import annotations", start, JSON_FILTER)
        if not chosen:
            return
        notes = self.notes
        try:
            result = notes.import_json(chosen)
            steps = [result.changes]
            if result.conflicts:
                choices = annotations.choose_resolutions(self, result.conflicts)
                for conflict, choice in zip(result.conflicts, choices, strict=True):
                    if choice in ("incoming", "both"):
                        steps.append(notes.resolve(conflict, choice))  # type: ignore[arg-type]
        except RedlineError as error:
            self.report_error("Cannot import the annotations", str(error))
            return
        changes = merged(steps)
        if changes:
            self.undo_stack.push(
                NotesCommand(changes, "Import annotations", self.apply_notes_changes)
            )
        self._notes_changed(changes)
        lines = [
            f"{len(result.changes.added)} added, {result.unchanged} already here, "
            f"{len(result.conflicts)} conflict(s)."
        ]
        lines += [
            f"Not placed: {u.paragraph_id} of {u.version_label} ({u.reason})."
            for u in result.unplaced
        ]
        lines += [m[:1].upper() + m[1:] + "." for m in result.messages]
        self.statusBar().showMessage(lines[0], 8000)
        if len(lines) > 1:
            self.inform("Annotations imported", "\n".join(lines))

    # --- options ---
    def show_options(self) -> None:
        from desktop.dialogs import OptionsDialog

        dialog = OptionsDialog(self.options, self.settings.author, self)
        if dialog.exec():
            self.settings.author = dialog.author()
            self.set_options(dialog.options())

    def show_shortcuts(self) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", "", parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(shortcuts_html())  # a table: keys and actions in columns that line up
        box.exec()

    def show_about(self) -> None:
        QMessageBox.about(self, "About Redline", about_text())

    # --- export ---
    def export_comments(self) -> tuple[object, ...]:
        """The annotations of the pair on screen, as Word comments / table remarks."""
        comparison = self.model.comparison
        if self.notes is None or self.pair_versions is None or comparison is None:
            return ()
        return tuple(self.notes.comments_for(*self.pair_versions, comparison))

    def export_as(self, fmt: str) -> None:
        comparison = self.model.comparison
        if comparison is None:
            self.statusBar().showMessage("Open two versions before exporting.", 4000)
            return
        _, file_filter, suffix = EXPORTS[fmt]
        new_path = self.paths["new"]
        folder = user_folder(new_path)
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
        sources = (self.paths["old"], self.paths["new"])  # in-place .docx export (issue 14)
        if fmt == "pdf":
            html = present.redline_document_html(comparison)

            def work(progress: Progress, cancelled: Callable[[], bool]) -> Path:
                from desktop.pdf import write_pdf

                write_pdf(html, path)
                return path

        else:

            def work(progress: Progress, cancelled: Callable[[], bool]) -> Path:
                from exporters import export

                export(comparison, path, fmt, author=author, comments=comments, sources=sources)  # type: ignore[arg-type]
                return path

        self.statusBar().showMessage(f"Exporting {path.name}…")
        self.runner.start("export", work, done=self._exported, failed=self._export_failed)

    def print_redline(self) -> None:
        """File → Print: the redline as the PDF export lays it out, through Qt's print dialog
        (printer, pages, copies)."""
        comparison = self.model.comparison
        if comparison is None:
            self.statusBar().showMessage("Open two versions before printing.", 4000)
            return
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(present.document_name(comparison.new))
        if not self.ask_print(printer):
            return
        document = QTextDocument()
        document.setHtml(present.redline_document_html(comparison))
        document.print_(printer)
        self.statusBar().showMessage("Sent to the printer.", 4000)

    def ask_print(self, printer: object) -> bool:
        """Qt's print dialog; True when the user chose Print (tests replace this)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        assert isinstance(printer, QPrinter)
        dialog = QPrintDialog(printer, self)
        return dialog.exec() == QPrintDialog.DialogCode.Accepted

    def _offer_open(self, path: Path) -> None:
        choice = ask_after_export(self, path)
        target = path if choice == "file" else path.parent
        if choice and not open_url(QUrl.fromLocalFile(str(target))):
            # No program on this computer opens it: say where the file is rather than nothing.
            what = (
                f"No program here opens {path.suffix} files"
                if choice == "file"
                else ("Cannot open the folder")
            )
            self.statusBar().showMessage(f"{what}; the export is {path}", 30000)

    # --- window state ---
    def _update_title(self) -> None:
        names = [
            present.document_name(doc) if doc is not None else "—"
            for doc in (self.documents["old"], self.documents["new"])
        ]
        parts = []
        if self.notes is not None:
            mode = " (read-only)" if self.notes.read_only else ""
            parts.append(f"{self.notes.path.name}{mode}")
        if self.documents["old"] is not None or self.documents["new"] is not None:
            parts.append(f"{names[0]} → {names[1]}")
        # Qt adds " — Redline for resolutions" (the application's display name) itself on
        # Windows and Linux; naming the app here too showed "… — Redline — Redline for resolutions".
        self.setWindowTitle(" — ".join(parts) + "[*]")

    def _update_actions(self) -> None:
        has = self.model.comparison is not None
        for action in (
            *self.export_actions.values(),
            self.print_action,
            self.next_action,
            self.previous_action,
        ):
            action.setEnabled(has)
        self.swap_action.setEnabled(
            self.documents["old"] is not None or self.documents["new"] is not None
        )
        row = self.current_row()
        self.unlink_action.setEnabled(
            has and row >= 0 and bool(self.model.entry(row).old) and bool(self.model.entry(row).new)
        )
        self.link_action.setEnabled(has)
        read_only = self.notes is not None and self.notes.read_only
        if read_only:
            self.link_action.setEnabled(False)
            self.unlink_action.setEnabled(False)
        paired = self.pair_versions is not None
        self.swap_action.setEnabled(self.swap_action.isEnabled() and not paired)
        self.new_notes_action.setEnabled(
            self.documents["old"] is not None and self.documents["new"] is not None
        )
        self.save_notes_as_action.setEnabled(self.notes is not None)
        self.add_version_action.setEnabled(not read_only and (paired or has))
        self.import_notes_action.setEnabled(self.notes is not None and not read_only)
        self.export_notes_action.setEnabled(self.notes is not None)
        self.panel.set_read_only(read_only)

    def changeEvent(self, event: object) -> None:

        super().changeEvent(event)  # type: ignore[arg-type]
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):  # type: ignore[attr-defined]
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
        if self.notes is not None:
            self.notes.close()
        super().closeEvent(event)


def user_folder(path: Path | None) -> Path:
    """Where file dialogs start: beside the user's document, but never in the app's own bundled
    example folder (read-only, or a temporary folder in a packaged app), nor nowhere."""
    from resources import resource_path

    bundled = Path(resource_path()).resolve()
    if path is not None and not path.resolve().is_relative_to(bundled):
        return path.parent
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _app_icon() -> QIcon:
    from resources import resource_path

    return QIcon(str(resource_path("icons", "redline.png")))


def make_settings(path: str | os.PathLike[str]) -> Settings:
    """Settings kept in an ini file (tests, benchmarks, screenshots)."""
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


__all__ = ["MainWindow", "make_settings"]
