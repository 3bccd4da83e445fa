"""Desktop layer: what Help shows — the keyboard shortcuts (F1) and About.

SHORTCUTS is the one list of the window's keys: F1 shows it, and a test checks that every
action's shortcut is in it.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)


SHORTCUTS = (
    ("Ctrl+O", "Open the old version"),
    ("Ctrl+Shift+O", "Open the new version"),
    ("Ctrl+Shift+X", "Swap versions"),
    ("F8 / Alt+Down", "Next change"),
    ("Shift+F8 / Alt+Up", "Previous change"),
    ("Ctrl+1 / Ctrl+2", "Side-by-side view / redline view"),
    ("F9", "Show or hide the navigator"),
    ("Ctrl+= / Ctrl+- / Ctrl+0", "Larger / smaller / actual text size (or Ctrl+wheel)"),
    ("Ctrl+F", "Search paragraphs in the navigator"),
    ("Ctrl+arrow keys", "Move between cells without changing the selection"),
    ("Ctrl+Space", "Add the cell to the selection (or take it out)"),
    ("Ctrl+L", "Link the selected old and new paragraphs"),
    ("Ctrl+U", "Unlink the current entry"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo a link, unlink or annotation edit"),
    ("Ctrl+Shift+A", "Annotate the current paragraph (go to the annotation panel)"),
    ("Ctrl+Enter", "In the note: save the note"),
    ("Ctrl+N", "New negotiation file from the two open versions"),
    ("Ctrl+Alt+O", "Open a negotiation file"),
    ("Ctrl+Shift+S", "Save the negotiation file as…"),
    ("Ctrl+Alt+V", "Add the next version (round) to the negotiation file"),
    ("Ctrl+Alt+R", "Rounds: add, rename, reorder, remove, compare any two"),
    ("Ctrl+Up / Ctrl+Down / Del", "In the rounds list: move a round earlier / later, remove it"),
    ("Ctrl+Shift+H", "Show or hide the history panel (the paragraph in every round)"),
    ("Ctrl+E", "Export Word with tracked changes"),
    ("Ctrl+P", "Export the redline as PDF"),
    ("Ctrl+Shift+P", "Print the redline"),
    ("Ctrl+C", "Copy the selected text"),
    ("Esc", "Cancel reading, aligning or exporting"),
    ("Ctrl+,", "Options"),
    ("F1", "This list"),
    ("Ctrl+Q", "Quit"),
)


def shortcuts_html() -> str:
    """Help → Keyboard shortcuts as a two-column table (tab stops did not line up)."""
    rows = "".join(
        f"<tr><td style='padding-right:16px'><b>{html.escape(keys)}</b></td>"
        f"<td>{html.escape(what)}</td></tr>"
        for keys, what in SHORTCUTS
    )
    from desktop.present import legend_html

    legend = f"<p><b>What the styles mean</b></p>{legend_html()}"
    return f"<table cellspacing='2'>{rows}</table>{legend}"


def about_text() -> str:
    """What Help → About says: name, version, the runtime, and the privacy promise."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    from diffing import __version__

    return (
        f"<h3>Redline for resolutions {__version__}</h3>"
        "<p>Compares versions of United Nations resolutions: aligned paragraphs, word-level "
        "redlines, Word tracked changes and offline annotations.</p>"
        "<p>Works entirely offline: it never uses the network and sends nothing anywhere.</p>"
        f"<p><small>Qt {qVersion()} · PySide6 {pyside_version}</small></p>"
    )


def show_shortcuts(parent: QWidget) -> None:
    """F1: the shortcuts in a table whose keys and actions line up in columns."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts", "", parent=parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(shortcuts_html())
    box.exec()


def show_about(parent: QWidget) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(parent, "About Redline", about_text())
