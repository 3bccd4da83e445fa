"""Desktop layer: compilation texts in the main window (issue 16) — where each round stands, and
the status an annotation starts from.

`install(window)` adds, once the window is built:
- **View → Compilation summary…** and a link in the status bar ("Compilation: 5 → 2 paragraphs
  bracketed"), shown only while a version on screen is a compilation text. The summary gives,
  for each version, the paragraphs still bracketed, the bracket pairs, the proposals per
  delegation and the printed status markers — the core's `compilation_counts`, never counted
  again here — then what happened between the rounds, entry by entry (`report.round_lines`:
  "OP1: G77 proposal withdrawn (Encourages)"), and what the styles of the views mean.
- `CompilationView.starting_status(target)`: the status a new annotation of a paragraph starts
  from.

The rule for statuses printed in the text (documented here, applied by `present.text_status`
and the navigator's `CompilationFilter`):
1. A paragraph of a compilation version whose text carries a status marker has that marker's
   status (`present.MARKER_STATUS`): "[agreed ad ref]"/"[AAR]"/"[ad ref]" → agreed ad ref,
   "[agreed pending EU]" → agreed ad ref (agreed, subject to one delegation's check),
   "[agreed in informals]" → agreed in informals, "[agreed]" → agreed, "[pending]" → under
   discussion, "[Retain]" → bracketed. The first marker counts.
2. Without a marker, a paragraph with words still in brackets is "bracketed".
3. The navigator's status column shows that status in italics (tooltip "from the text; not
   annotated") wherever the user's annotation sets none, and the status filter finds it; the
   user's own annotation always wins and is drawn upright, as before.
4. When the user first annotates such a paragraph by writing a note or a delegation's position,
   the annotation starts with the text's status instead of "open"; choosing a status in the
   panel sets that status, as always. The text's status is never written to the negotiation
   file by itself: only what the user does is stored.
"""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import present
from desktop.models import Column
from diffing.compilation_rounds import CompilationCounts, compilation_counts
from diffing.model import Comparison, Side
from diffing.negotiation import Status
from diffing.report import round_lines

if TYPE_CHECKING:
    from desktop.annotations import Target
    from desktop.window import MainWindow

logger = logging.getLogger(__name__)


def counts_html(counts: CompilationCounts) -> str:
    """One version's counts as rows of a definition list."""
    proposals = ", ".join(f"{html.escape(who)} {n}" for who, n in counts.proposals) or "none"
    statuses = ", ".join(f"{html.escape(s)} {n}" for s, n in counts.statuses) or "none"
    return (
        f"<tr><td>Paragraphs still bracketed</td><td><b>{counts.bracketed_paragraphs}</b></td></tr>"
        f"<tr><td>Bracket pairs</td><td><b>{counts.bracket_pairs}</b></td></tr>"
        f"<tr><td>Proposals per delegation</td><td>{proposals}</td></tr>"
        f"<tr><td>Status markers</td><td>{statuses}</td></tr>"
    )


def summary_html(comparison: Comparison, sides: frozenset[Side], colours: present.Colours) -> str:
    """The compilation summary of a comparison whose `sides` are compilation texts."""
    parts = []
    for side in ("old", "new"):
        document = comparison.old if side == "old" else comparison.new
        name = html.escape(present.document_name(document))
        if not document.paragraphs:
            continue  # one version open alone
        if side not in sides:
            parts.append(
                f"<h3>{side.capitalize()} version: {name}</h3><p>Not a compilation text.</p>"
            )
            continue
        counts = compilation_counts(document)
        parts.append(
            f"<h3>{side.capitalize()} version: {name}</h3>"
            f"<table cellspacing='4'>{counts_html(counts)}</table>"
        )
    if comparison.old.paragraphs and comparison.new.paragraphs:  # not one version alone
        lines = round_lines(comparison)
        parts.append("<h3>Between the rounds</h3>")
        if lines:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append("<p>No proposal was accepted, withdrawn or added.</p>")
    parts.append(f"<h3>What the styles mean</h3>{present.legend_html(colours)}")
    return "".join(parts)


def status_link_text(comparison: Comparison, sides: frozenset[Side]) -> str:
    """ "Compilation: 5 → 2 paragraphs bracketed" for the status bar (one side: "5 …")."""
    documents = [
        d for side, d in (("old", comparison.old), ("new", comparison.new)) if side in sides
    ]
    figures = [compilation_counts(document).bracketed_paragraphs for document in documents]
    noun = "paragraph" if figures[-1] == 1 else "paragraphs"
    return f"Compilation: {' → '.join(map(str, figures))} {noun} bracketed"


class CompilationSummary(QDialog):
    """View → Compilation summary: a window of its own the user can keep open beside the text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compilation summary")
        self.setObjectName("compilation_summary")
        self.text = QTextBrowser(self)
        self.text.setAccessibleName("Where each compilation round stands")
        self.text.setOpenLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def show_html(self, text: str) -> None:
        self.text.setHtml(text)


class CompilationView:
    """What `install` adds to a window; kept as `window.compilation`."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.summary = CompilationSummary(window)
        self.action = QAction("&Compilation summary…", window)
        self.action.setStatusTip(
            "Paragraphs still bracketed, bracket pairs and proposals per delegation in each "
            "round, and what happened between the rounds"
        )
        self.action.triggered.connect(lambda checked=False: self.show_summary())
        self.action.setVisible(False)
        self.link = QLabel(window)
        self.link.setAccessibleName("Compilation counts")
        self.link.setToolTip("View → Compilation summary")
        self.link.linkActivated.connect(lambda _: self.show_summary())
        self.link.hide()
        window.statusBar().addWidget(self.link)
        # After every reset, including one version shown alone (no comparison_shown then).
        window.model.modelReset.connect(self.refresh)

    @property
    def sides(self) -> frozenset[Side]:
        """The versions on screen that are compilation texts (the navigator read them)."""
        if self.window.model.shown is None:
            return frozenset()
        return self.window.navigator.proxy.sides

    def refresh(self) -> None:
        """Show or hide the summary's entries for the comparison now on screen."""
        comparison = self.window.model.shown
        sides = self.sides
        self.action.setVisible(bool(sides))
        self.link.setVisible(bool(sides))
        # Statuses come from the text too: the navigator's status column and its filter are
        # worth showing without a negotiation file (which shows them anyway).
        navigator = self.window.navigator
        shown = bool(sides) or self.window.session.notes is not None
        if navigator.table.isColumnHidden(Column.STATUS) == shown:
            navigator.table.setColumnHidden(Column.STATUS, not shown)
            navigator.fit_columns()
            dock = self.window.navigator_dock
            if shown and dock.isVisible() and dock.width() < navigator.needed_width():
                # Make room for the column rather than scroll it out of view.
                self.window.resizeDocks(
                    [dock], [navigator.needed_width()], Qt.Orientation.Horizontal
                )
        if not shown:
            navigator.status.setCurrentIndex(0)
        navigator.status.setVisible(shown)
        if comparison is None or not sides:
            self.summary.hide()
            return
        self.link.setText(
            f"<a href='#summary'>{html.escape(status_link_text(comparison, sides))}</a>"
        )
        if self.summary.isVisible():
            self.show_summary()

    def show_summary(self) -> None:
        comparison = self.window.model.shown
        if comparison is None or not self.sides:
            return
        colours = self.window.model.colours
        self.summary.show_html(summary_html(comparison, self.sides, colours))
        self.summary.show()
        self.summary.activateWindow()

    def starting_status(self, target: Target) -> Status:
        """The status a first annotation of `target` starts from: the text's (rule 4 of the
        module docstring), else "open"."""
        row = self.window.model.row_of_paragraph(target.side, target.paragraph_id)
        found = self.window.navigator.proxy.text_status(row) if row >= 0 else None
        return found or Status.OPEN


def install(window: MainWindow) -> CompilationView:
    """Add the compilation summary to `window`'s View menu and status bar (module docstring)."""
    view = CompilationView(window)
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "View":
            menu.addSeparator()
            menu.addAction(view.action)
            break
    else:
        logger.warning("no View menu: the compilation summary is only in the status bar")
    return view
