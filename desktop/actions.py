"""Desktop layer: the main window's actions, menus and toolbar.

`Actions(window)` makes every `QAction` with its text, shortcuts and tip and connects it to the
window's (or its session's) slot; `Menus(window, actions)` puts them in the menu bar, the
toolbar and the views' context menus. Both are attributes of the window:

- `window.act.<name>`: open_old, open_new, swap, options, quit, exports[fmt] (docx, table, html,
  pdf), print, undo, redo, link, unlink, find, copy, side, redline, next, previous, zoom_in,
  zoom_out, zoom_reset, navigator, panel, cancel, example, new_notes, open_notes, save_notes_as,
  add_version, export_notes, import_notes, focus_panel, shortcuts, about.
- `window.menus.<name>`: file, recent, export, edit, view, negotiation (the negotiation file's
  part of File: add an action after `menus.negotiation_end` to extend it), help, toolbar.

Shortcuts are added to the window too, so that they work while the menu bar is hidden. The
commands that first ask the user something (a file to open or save, the Options) are functions
here too; what they then do is the window's or its session's.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QToolBar

from desktop import help
from desktop.dialogs import JSON_FILTER, NOTES_FILTER, OPEN_FILTER, user_folder, with_suffix
from desktop.settings import Settings

if TYPE_CHECKING:
    from desktop.models import ComparisonModel
    from desktop.session import NegotiationSession
    from desktop.window import MainWindow

logger = logging.getLogger(__name__)

EXPORT_TEXTS = {
    "docx": "Word with &tracked changes…",
    "table": "Comparison &table (Word)…",
    "html": "&HTML…",
    "pdf": "&PDF of the redline…",
}


class Actions:
    """Every action of the main window (see the module docstring for the names)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        a = self._make
        w = window
        session = window.session
        self.open_old = a("Open &old version…", partial(choose_file, w, "old"), ["Ctrl+O"])
        self.open_new = a("Open &new version…", partial(choose_file, w, "new"), ["Ctrl+Shift+O"])
        self.swap = a(
            "&Swap versions", session.swap, ["Ctrl+Shift+X"], "Compare the other way round"
        )
        self.options = a("&Options…", partial(show_options, w), ["Ctrl+,"])
        self.quit = a("&Quit", w.close, QKeySequence.StandardKey.Quit)
        self.exports = {
            fmt: a(text, partial(w.export_as, fmt)) for fmt, text in EXPORT_TEXTS.items()
        }
        self.print = a("&Print…", w.print_redline, ["Ctrl+Shift+P"], "Print the redline")
        self.exports["docx"].setShortcut(QKeySequence("Ctrl+E"))
        self.exports["pdf"].setShortcut(QKeySequence("Ctrl+P"))

        stack = session.undo_stack
        self.undo = stack.createUndoAction(w, "&Undo")
        self.undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo = stack.createRedoAction(w, "&Redo")
        # Ctrl+Shift+Z first everywhere (the menu shows it, as the docs say), the platform's
        # own redo keys (Ctrl+Y on Windows) as well.
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys
        ]
        self.redo.setShortcuts(redo_keys)
        w.addAction(self.undo)
        w.addAction(self.redo)
        self.link = a(
            "&Link paragraphs",
            w.link_selected,
            ["Ctrl+L"],
            "Align the selected old paragraph (left) with the selected new paragraph (right)",
        )
        self.unlink = a(
            "U&nlink entry", w.unlink_current, ["Ctrl+U"], "Stop pairing these paragraphs"
        )
        self.find = a("&Find…", w.focus_search, QKeySequence.StandardKey.Find)
        self.copy = a(
            "&Copy text", w.copy_selection, QKeySequence.StandardKey.Copy, "Copy the selected text"
        )

        self.side = a("&Side by side", lambda: w.set_view_mode(0), ["Ctrl+1"])
        self.redline = a("&Redline", lambda: w.set_view_mode(1), ["Ctrl+2"])
        group = QActionGroup(w)
        for action in (self.side, self.redline):
            action.setCheckable(True)
            group.addAction(action)
        self.next = a(
            "&Next change", w.next_change, ["F8", "Alt+Down"], "Go to the next change (F8)"
        )
        self.previous = a(
            "&Previous change",
            w.previous_change,
            ["Shift+F8", "Alt+Up"],
            "Go to the previous change (Shift+F8)",
        )
        self.next.setIcon(QIcon.fromTheme("go-down"))
        self.previous.setIcon(QIcon.fromTheme("go-up"))
        self.zoom_in = a("Zoom &in", lambda: w.zoom_by(+1), ["Ctrl+=", "Ctrl++"], "Larger text")
        self.zoom_out = a("Zoom &out", lambda: w.zoom_by(-1), ["Ctrl+-"], "Smaller text")
        self.zoom_reset = a("&Actual size", lambda: w.zoom_by(-w.zoom), ["Ctrl+0"])
        self.navigator = w.navigator_dock.toggleViewAction()
        self.navigator.setShortcut(QKeySequence("F9"))
        self.panel = w.panel_dock.toggleViewAction()
        self.panel.setText("&Annotation panel")
        self.cancel = a("&Cancel", w.cancel_jobs, ["Esc"], "Stop reading, aligning or exporting")
        self.cancel.setEnabled(False)
        self.example = a("Open &example", w.open_example)
        self.new_notes = a(
            "Ne&w negotiation file…",
            partial(new_notes, w),
            ["Ctrl+N"],
            "Keep the two open versions, links and annotations in a new .redline file",
        )
        self.open_notes = a(
            "Open ne&gotiation file…",
            partial(choose_notes, w),
            ["Ctrl+Alt+O"],
            "Open a .redline file",
        )
        self.save_notes_as = a(
            "Save negotiation file &as…", partial(save_notes_as, w), QKeySequence.StandardKey.SaveAs
        )
        self.add_version = a(
            "A&dd version…",
            partial(choose_next_version, w),
            ["Ctrl+Alt+V"],
            "Add the next round and compare it with the latest one; annotations carry over",
        )
        self.export_notes = a("Export &annotations (JSON)…", partial(export_notes, w))
        self.import_notes = a("&Import annotations (JSON)…", partial(import_notes, w))
        self.focus_panel = a(
            "&Annotate paragraph", w.focus_panel, ["Ctrl+Shift+A"], "Go to the annotation panel"
        )
        self.shortcuts = a("&Keyboard shortcuts", partial(help.show_shortcuts, w), ["F1"])
        self.about = a("&About Redline", partial(help.show_about, w))
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

    def update(self, model: ComparisonModel, row: int, session: NegotiationSession) -> None:
        """Enable what makes sense now: exports and steps need a comparison, unlink a paired
        current row, edits a writable file, swap two files that are not rounds of one."""
        has = model.comparison is not None
        for action in (*self.exports.values(), self.print, self.next, self.previous):
            action.setEnabled(has)
        entry = model.entry(row) if has and row >= 0 else None
        read_only = session.read_only
        paired = session.pair_versions is not None
        attached = session.notes is not None
        self.unlink.setEnabled(
            entry is not None and bool(entry.old and entry.new) and not read_only
        )
        self.link.setEnabled(has and not read_only)
        opened = any(document is not None for document in session.documents.values())
        self.swap.setEnabled(opened and not paired)
        self.new_notes.setEnabled(session.both)
        self.save_notes_as.setEnabled(attached)
        self.add_version.setEnabled(not read_only and (paired or has))
        self.import_notes.setEnabled(attached and not read_only)
        self.export_notes.setEnabled(attached)

    def update_zoom(self, steps: int) -> None:
        least, most = Settings.ZOOM_STEPS
        self.zoom_in.setEnabled(steps < most)
        self.zoom_out.setEnabled(steps > least)
        self.zoom_reset.setEnabled(steps != 0)

    def _make(
        self,
        text: str,
        slot: Callable[[], object],
        shortcuts: list[QKeySequence | str] | QKeySequence.StandardKey | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self._window)
        if isinstance(shortcuts, QKeySequence.StandardKey):
            action.setShortcuts(shortcuts)
        elif shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda checked=False: slot())
        self._window.addAction(action)  # shortcuts work even when a menu bar is hidden
        return action


class Menus:
    """The menu bar, the toolbar and the views' context menus (names: module docstring)."""

    def __init__(self, window: MainWindow, act: Actions) -> None:
        bar = window.menuBar()
        self.file: QMenu = bar.addMenu("&File")
        self.file.addAction(act.open_old)
        self.file.addAction(act.open_new)
        self.recent: QMenu = self.file.addMenu("Open &recent")
        self.recent.aboutToShow.connect(partial(fill_recent, window))
        self.file.addAction(act.swap)
        self.file.addSeparator()
        self.negotiation = self.file
        for action in (
            act.new_notes,
            act.open_notes,
            act.save_notes_as,
            act.add_version,
            act.import_notes,
            act.export_notes,
        ):
            self.file.addAction(action)
        self.negotiation_end = act.export_notes
        """The last action of the negotiation file's part of File."""
        self.file.addSeparator()
        self.export: QMenu = self.file.addMenu("&Export")
        for action in act.exports.values():
            self.export.addAction(action)
        self.file.addAction(act.print)
        self.file.addSeparator()
        self.file.addAction(act.options)
        self.file.addSeparator()
        self.file.addAction(act.quit)

        self.edit: QMenu = bar.addMenu("&Edit")
        _fill(self.edit, act.undo, act.redo, None, act.link, act.unlink, None, act.copy, act.find)
        _fill(self.edit, None, act.focus_panel)
        for view in (window.side_view, window.redline_view):
            # Right-click offers what the keyboard does: link, unlink, copy.
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addActions([act.link, act.unlink, act.copy])

        self.view: QMenu = bar.addMenu("&View")
        _fill(self.view, act.side, act.redline, None, act.next, act.previous, None)
        _fill(self.view, act.zoom_in, act.zoom_out, act.zoom_reset, None, act.navigator, act.panel)

        self.help: QMenu = bar.addMenu("&Help")
        self.help.addAction(act.example)
        self.help.addAction(act.shortcuts)
        self.help.addSeparator()
        self.help.addAction(act.about)

        toolbar = QToolBar("Main toolbar", window)
        toolbar.setObjectName("main_toolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        _fill(toolbar, act.open_old, act.open_new, None, act.previous, act.next, None)
        _fill(toolbar, act.side, act.redline, None, act.link, act.unlink)
        window.addToolBar(toolbar)
        self.toolbar = toolbar


# --- the commands that ask the user something before the window or session acts ---


def choose_file(window: MainWindow, side: str) -> None:
    current = window.session.paths[side] or window.session.paths["new" if side == "old" else "old"]
    title = "Open the old version" if side == "old" else "Open the new version"
    path, _ = QFileDialog.getOpenFileName(window, title, str(user_folder(current)), OPEN_FILTER)
    if path.lower().endswith(".redline"):
        window.open_notes(path)
    elif path:
        window.open_file(side, path)


def fill_recent(window: MainWindow) -> None:
    """Negotiation files first (a negotiation is what one comes back to), then pairs."""
    menu = window.menus.recent
    menu.clear()
    pairs = [
        (o, n) for o, n in window.settings.recent_pairs if Path(o).exists() and Path(n).exists()
    ]
    notes = [p for p in window.settings.recent_notes if Path(p).is_file()]
    for path in notes:
        action = menu.addAction(Path(path).name)
        action.setToolTip(path)
        action.triggered.connect(lambda checked=False, p=path: window.open_notes(p))
    if notes and pairs:
        menu.addSeparator()
    if not pairs and not notes:
        menu.addAction("No recent files").setEnabled(False)
        return
    for old, new in pairs:
        action = menu.addAction(f"{Path(old).name} → {Path(new).name}")
        action.setToolTip(f"{old}\n{new}")
        action.triggered.connect(lambda checked=False, o=old, n=new: window.open_files(o, n))


def choose_notes(window: MainWindow) -> None:
    start = str(window.session.notes.path.parent) if window.session.notes is not None else ""
    path, _ = QFileDialog.getOpenFileName(window, "Open a negotiation file", start, NOTES_FILTER)
    if path:
        window.open_notes(path)


def new_notes(window: MainWindow) -> None:
    if not window.session.both:
        window.statusBar().showMessage("Open two versions first.", 4000)
        return
    new_path = window.session.paths["new"]
    stem = new_path.stem if new_path else "negotiation"
    chosen, _ = QFileDialog.getSaveFileName(
        window,
        "New negotiation file",
        str(user_folder(new_path) / f"{stem}.redline"),
        NOTES_FILTER,
    )
    if chosen:
        window.create_notes(with_suffix(Path(chosen), ".redline"))


def save_notes_as(window: MainWindow) -> None:
    if window.session.notes is None:
        return
    chosen, _ = QFileDialog.getSaveFileName(
        window, "Save the negotiation file as", str(window.session.notes.path), NOTES_FILTER
    )
    if chosen:
        window.session.save_as(with_suffix(Path(chosen), ".redline"))


def choose_next_version(window: MainWindow) -> None:
    if window.session.notes is None and not window.session.both:
        window.statusBar().showMessage("Open two versions first.", 4000)
        return
    start = str(user_folder(window.session.paths["new"]))
    path, _ = QFileDialog.getOpenFileName(window, "Add the next version", start, OPEN_FILTER)
    # The negotiation file is made only once a version was chosen: Cancel creates nothing.
    if path and window.session.ensure_file():
        window.add_version(path)


def export_notes(window: MainWindow) -> None:
    if window.session.notes is None:
        return
    default = str(window.session.notes.path.with_suffix(".json"))
    chosen, _ = QFileDialog.getSaveFileName(window, "Export annotations", default, JSON_FILTER)
    if chosen:
        window.session.export_json(with_suffix(Path(chosen), ".json"))


def import_notes(window: MainWindow) -> None:
    """Merge a colleague's annotations; the user settles each conflict. One undo step."""
    from desktop import annotations

    if window.session.notes is None or window.session.notes.read_only:
        return
    start = str(window.session.notes.path.parent)
    chosen, _ = QFileDialog.getOpenFileName(window, "Import annotations", start, JSON_FILTER)
    if not chosen:
        return
    lines = window.session.import_json(
        Path(chosen), lambda conflicts: annotations.choose_resolutions(window, conflicts)
    )
    if lines:
        window.statusBar().showMessage(lines[0], 8000)
    if len(lines) > 1:
        window.inform("Annotations imported", "\n".join(lines))


def show_options(window: MainWindow) -> None:
    from desktop.dialogs import OptionsDialog

    dialog = OptionsDialog(window.options, window.settings.author, window)
    if dialog.exec():
        window.settings.author = dialog.author()
        window.set_options(dialog.options())


def _fill(target: QMenu | QToolBar, *items: QAction | None) -> None:
    """Add actions in order; None is a separator."""
    for item in items:
        if item is None:
            target.addSeparator()
        else:
            target.addAction(item)


__all__ = ["EXPORT_TEXTS", "Actions", "Menus", "choose_file", "fill_recent"]
