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

Shortcuts are added to the window too, so that they work while the menu bar is hidden.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

if TYPE_CHECKING:
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
        self.open_old = a("Open &old version…", lambda: w.choose_file("old"), ["Ctrl+O"])
        self.open_new = a("Open &new version…", lambda: w.choose_file("new"), ["Ctrl+Shift+O"])
        self.swap = a(
            "&Swap versions", session.swap, ["Ctrl+Shift+X"], "Compare the other way round"
        )
        self.options = a("&Options…", w.show_options, ["Ctrl+,"])
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
            w.new_notes,
            ["Ctrl+N"],
            "Keep the two open versions, links and annotations in a new .redline file",
        )
        self.open_notes = a(
            "Open ne&gotiation file…", w.choose_notes, ["Ctrl+Alt+O"], "Open a .redline file"
        )
        self.save_notes_as = a(
            "Save negotiation file &as…", w.save_notes_as, QKeySequence.StandardKey.SaveAs
        )
        self.add_version = a(
            "A&dd version…",
            w.choose_next_version,
            ["Ctrl+Alt+V"],
            "Add the next round and compare it with the latest one; annotations carry over",
        )
        self.export_notes = a("Export &annotations (JSON)…", w.export_notes)
        self.import_notes = a("&Import annotations (JSON)…", w.import_notes)
        self.focus_panel = a(
            "&Annotate paragraph", w.focus_panel, ["Ctrl+Shift+A"], "Go to the annotation panel"
        )
        self.shortcuts = a("&Keyboard shortcuts", w.show_shortcuts, ["F1"])
        self.about = a("&About Redline", w.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)

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
        self.recent.aboutToShow.connect(window.fill_recent)
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


def _fill(target: QMenu | QToolBar, *items: QAction | None) -> None:
    """Add actions in order; None is a separator."""
    for item in items:
        if item is None:
            target.addSeparator()
        else:
            target.addAction(item)


__all__ = ["EXPORT_TEXTS", "Actions", "Menus"]
