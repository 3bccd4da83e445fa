"""Desktop layer: the history panel (issue 15) — the selected paragraph through every round.

For the paragraph selected in the window, one card per round of the negotiation file, oldest
first: the round's place, name and date, the paragraph's id there ("not present" where it is
absent; "OP9 → OP10 + OP11 (split)", "OP7 + OP8 → OP7 (merged)", "PP14 → PP16 (moved)" where
it changed shape), its text with the redline from the round before (the words marked as in the
redline view: `desktop.present`), and the annotations of that round on it (status, note,
positions, "text changed since agreed"). Clicking a round's button compares the paragraph's own
round with it (`round_chosen`; the window shows that pair).

Cheap on long negotiations: the history is computed only for the selected paragraph and only
while the panel is visible, from the lineage the file keeps (`NegotiationFile.rounds`, stored
alignments); see benchmarks/bench_rounds.py for the figure.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop import present
from desktop.rounds import RoundsDialog, menu_holding, negotiation_of, pair_of, show_rounds
from diffing.errors import RedlineError
from diffing.lineage import HistoryStep
from diffing.model import Relation
from diffing.negotiation import Annotation, NegotiationFile
from diffing.negotiation.rounds import AlignedPair, RoundHistory

if TYPE_CHECKING:
    from desktop.window import MainWindow

logger = logging.getLogger(__name__)


def _names(ids: Sequence[str], labels: dict[str, str]) -> str:
    return " + ".join(labels.get(i, i) for i in ids)


def step_line(step: HistoryStep, labels: dict[str, str]) -> str:
    """How the paragraph stands in a round, in words: "OP5", "not present", "OP9 → OP10 +
    OP11 (split)", "OP1 (new in this round)", "PP14 → PP16 (moved)". `labels` maps ids to what
    the reader calls them ("OP5 bis")."""
    now = _names(step.paragraph_ids, labels)
    before = _names(step.previous_ids, labels)
    if not step.paragraph_ids:
        return f"not present ({before} deleted in this round)" if before else "not present"
    if step.relation is None:
        return now
    if step.relation is Relation.INSERTED or not step.previous_ids:
        return f"{now} (new in this round)"
    if step.relation in (Relation.SPLIT, Relation.MERGED, Relation.MOVED):
        return f"{before} → {now} ({step.relation.value})"
    if before != now:
        return f"{before} → {now} (renumbered)"
    return now


def annotation_html(
    annotation: Annotation, labels: dict[str, str], colours: present.Colours
) -> str:
    """One annotation of a round: status badge in words, the paragraph (when a part of the
    whole), the note, the "text changed since agreed" flag and the delegations' positions."""
    background, text = present.badge_colours(annotation.status, dark=colours.dark)
    parts = [
        f'<span style="background-color:{background}; color:{text}">'
        f"&nbsp;{html.escape(annotation.status.value)}&nbsp;</span>"
    ]
    where = labels.get(annotation.paragraph_id, annotation.paragraph_id)
    if annotation.span is not None:
        where += f" (characters {annotation.span.start}–{annotation.span.end})"
    parts.append(f" <b>{html.escape(where)}</b>")
    if annotation.note:
        parts.append(f": {html.escape(annotation.note)}")
    if annotation.flag:
        parts.append(f' <b style="color:{colours.deleted}">⚠ {html.escape(annotation.flag)}</b>')
    for position in annotation.positions:
        proposed = f" — “{html.escape(position.proposed_text)}”" if position.proposed_text else ""
        parts.append(
            f"<br>&nbsp;&nbsp;{html.escape(position.delegation)}: "
            f"{html.escape(position.stance.value)}{proposed}"
        )
    return "".join(parts)


class RoundCard(QFrame):
    """One round of the history: a button naming the round (click: compare with it), how the
    paragraph stands there, its text or redline, and that round's annotations."""

    def __init__(
        self,
        history: RoundHistory,
        *,
        current: bool,
        labels: dict[str, str],
        colours: present.Colours,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.setFrameShape(QFrame.Shape.StyledPanel)
        round_, step = history.round, history.step
        title = f"{round_.number}. {round_.label} · {round_.date}"
        self.title: QLabel | QPushButton
        self.button: QPushButton | None = None
        """Compare with this round; None on the card of the paragraph's own round."""
        if current:
            self.title = QLabel(f"<b>{html.escape(title)}</b> (the selected paragraph)", self)
            self.title.setWordWrap(True)
            self.setStyleSheet("RoundCard { border: 2px solid palette(highlight); }")
        else:
            self.button = self.title = QPushButton(title, self)
            self.button.setFlat(True)
            self.button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.button.setStyleSheet("text-align: left; font-weight: bold;")
            self.button.setToolTip(f"Compare with {round_.label} in the window")
            # A long round name must not widen the card past the dock (the text wraps instead).
            self.button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.title.setAccessibleName(f"Round {round_.number}, {round_.label}, {round_.date}")
        self.where = QLabel(step_line(step, labels), self)
        self.where.setWordWrap(True)
        self.where.setAccessibleName(f"Paragraph in {round_.label}")
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName(f"Text in {round_.label}")
        if step.paragraph_ids or step.diff:
            if step.diff and step.changed:
                body = present.redline_html(step.diff, colours)
            else:
                body = present.side_html(((("=", step.text),)), "new", colours)
            self.text.setText(body)
        else:
            self.text.hide()
        self.notes = QLabel(self)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setAccessibleName(f"Annotations in {round_.label}")
        if history.annotations:
            self.notes.setText(
                "<br>".join(annotation_html(a, labels, colours) for a in history.annotations)
            )
        else:
            self.notes.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addWidget(self.text)
        layout.addWidget(self.notes)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)


class HistoryPanel(QWidget):
    """The history of one paragraph through the rounds (see the module docstring)."""

    round_chosen = Signal(int, int)
    """(version id of the paragraph's round, version id of the round clicked)."""
    history_shown = Signal()
    """The cards of a paragraph (or a hint) are on screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_panel")
        self.setAccessibleName("History of the paragraph through the rounds")
        self.colours = present.Colours.for_dark(False)
        self.histories: tuple[RoundHistory, ...] = ()
        self.cards: list[RoundCard] = []
        self.shown: tuple[int, str] | None = None
        """(version id, paragraph id) whose history is on screen."""
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Paragraph whose history is shown")
        self.area = QScrollArea(self)
        self.area.setWidgetResizable(True)
        # The cards wrap to the dock's width: reading a paragraph never needs a sideways scroll.
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self.area)
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addStretch(1)
        self.area.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.area, 1)
        self.set_hint("Select a paragraph of a negotiation file to see it in every round.")

    def set_colours(self, colours: present.Colours) -> None:
        self.colours = colours

    def _clear(self) -> None:
        for card in self.cards:
            self.column.removeWidget(card)
            card.deleteLater()
        self.cards = []
        self.histories = ()
        self.shown = None

    def set_hint(self, text: str) -> None:
        """No history to show: say why (no file, no paragraph selected…)."""
        self._clear()
        self.heading.setText(text)
        self.history_shown.emit()

    def show_paragraph(self, notes: NegotiationFile, version_id: int, paragraph_id: str) -> None:
        """The paragraph's text in every round of `notes`, with the redlines and annotations."""
        try:
            histories = notes.rounds.history(version_id, paragraph_id)
            round_ = notes.rounds.of_version(version_id)
        except RedlineError as error:
            self.set_hint(str(error))
            return
        self._clear()
        self.histories = histories
        self.shown = (version_id, paragraph_id)
        labels: dict[str, str] = {}
        for history in histories:
            document = notes.document(history.round.version_id)
            for pid in history.step.paragraph_ids:
                labels[pid] = document.paragraph(pid).label
        name = notes.document(version_id).paragraph(paragraph_id).label
        changed = [h.round.label for h in histories if h.step.changed]
        self.heading.setText(
            f"<b>{html.escape(name)}</b> of {html.escape(round_.label)} through "
            f"{len(histories)} rounds"
            + (
                f" — changed in {html.escape(', '.join(changed))}"
                if changed
                else " — never changed"
            )
        )
        for history in histories:
            card = RoundCard(
                history,
                current=history.round.version_id == version_id,
                labels=labels,
                colours=self.colours,
                parent=self.body,
            )
            if card.button is not None:
                card.button.clicked.connect(
                    lambda checked=False, v=history.round.version_id: self.round_chosen.emit(
                        version_id, v
                    )
                )
            self.column.insertWidget(self.column.count() - 1, card)
            self.cards.append(card)
        self.history_shown.emit()


HISTORY_JOB = "history_alignments"
"""Aligning, once, the rounds of a file whose alignments were never stored."""
HISTORY_SHORTCUT = "Ctrl+Shift+H"
"""View → History panel (free in the window: checked against desktop/help.SHORTCUTS)."""


def install(window: MainWindow, rounds: RoundsDialog | None = None) -> QDockWidget:
    """View → History panel (Ctrl+Shift+H) in `window`: a dock that follows the selected
    paragraph, the pair shown, annotation edits and changes of the rounds (`rounds`), while it
    is visible; clicking a round shows it beside the paragraph's round in the window."""
    from desktop.window import SIDES, is_dark

    panel = HistoryPanel(window)
    dock = QDockWidget("History", window)
    dock.setObjectName("history_dock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()  # opens when asked for (the text columns come first)
    window.restoreDockWidget(dock)  # as the user left it, when the window state knew it

    def refresh() -> None:
        if dock.isVisible():  # computed only while someone looks at it
            timer.start()  # once for the signals one user action sends together

    def refresh_now() -> None:
        panel.set_colours(present.Colours.for_dark(is_dark(window.palette())))
        notes, pair = negotiation_of(window), pair_of(window)
        if notes is None or pair is None:
            panel.set_hint(
                "A paragraph's history is kept in a negotiation file: open one (Ctrl+Alt+O) "
                "or add the next round (Ctrl+Alt+V)."
            )
            return
        target = window.annotation_target()
        if target is None:
            panel.set_hint("Select a paragraph to see it in every round.")
            return
        align = notes.rounds.aligner_for_order([r.version_id for r in notes.rounds.all()])
        if align is not None:
            # Rounds never aligned (added by an older version, or by File → Add version
            # without annotations): align them once in the background, then show.
            if not window.runner.is_running(HISTORY_JOB):
                panel.set_hint("Aligning the rounds for their history (once per file)…")

                def aligned(result: tuple[AlignedPair, ...]) -> None:
                    if negotiation_of(window) is notes and not notes.closed:
                        notes.rounds.keep_alignments(result)
                        refresh()

                window.runner.start(
                    HISTORY_JOB,
                    lambda progress, cancelled: align(),
                    done=aligned,
                    failed=panel.set_hint,
                )
            return
        panel.show_paragraph(notes, pair[SIDES.index(target.side)], target.paragraph_id)

    def cancelled(kind: str) -> None:
        if kind == HISTORY_JOB:
            panel.set_hint("Stopped aligning the rounds; select a paragraph to start again.")

    timer = QTimer(dock)
    timer.setSingleShot(True)
    timer.setInterval(0)
    timer.timeout.connect(refresh_now)
    action = dock.toggleViewAction()
    action.setText("&History panel")
    action.setShortcut(QKeySequence(HISTORY_SHORTCUT))
    action.setStatusTip("The selected paragraph in every round, with redlines and annotations")
    window.addAction(action)
    menu = menu_holding(window, window.act.navigator)
    if menu is not None:
        menu.addAction(action)
    dock.visibilityChanged.connect(lambda visible: refresh() if visible else None)
    window.current_entry_changed.connect(lambda row: refresh())
    window.comparison_shown.connect(refresh)
    window.session.undo_stack.indexChanged.connect(lambda index: refresh())  # annotation edits
    panel.round_chosen.connect(lambda current, chosen: show_rounds(window, current, chosen))
    window.runner.cancelled.connect(cancelled)
    if rounds is not None:
        rounds.rounds_changed.connect(refresh)
    return dock
