"""The history panel (issue 15), as a negotiator uses it: select a paragraph of the last round
and read it in every round — named and dated, its id there or "not present", splits, merges and
moves named, the redline from the round before, the annotations of each round — and click a
round to compare with it. Five rounds of a small resolution of our own (tests/desktop/
rounds_support.py), read from text files as the app reads a user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.help import shortcuts_html
from desktop.history import HistoryPanel, RoundCard
from desktop.window import MainWindow
from diffing.negotiation import NegotiationFile, Position, Stance, Status
from tests.desktop.conftest import WAIT_MS, open_pair
from tests.desktop.rounds_support import (
    INVITES,
    REQUESTS_PART2,
    ROUNDS,
    URGES_AND_ENCOURAGES,
    WELCOMES,
    negotiation,
    round_file,
)
from tests.desktop.test_insertion_style import char_format

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def panel(qtbot) -> HistoryPanel:  # type: ignore[no-untyped-def]
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def talks(tmp_path: Path) -> Iterator[NegotiationFile]:
    """The zero draft annotated, then the four later rounds added: annotations carried."""
    notes = negotiation(tmp_path, 1)
    zero = notes.rounds.get(1).version_id
    notes.add_annotation(zero, "OP1", Status.AGREED, note="criminalize: agreed")
    notes.add_annotation(zero, "OP2", Status.BRACKETED, note="data sharing")
    notes.add_annotation(
        zero,
        "OP3",
        Status.AGREED_AD_REF,
        note="EU to confirm",
        positions=(Position("EU", Stance.AMEND, "subject to extrabudgetary resources"),),
    )
    notes.add_annotation(zero, "OP4", Status.UNDER_DISCUSSION, note="focal points")
    for number in range(2, len(ROUNDS) + 1):
        label, date, _ = ROUNDS[number - 1]
        notes.rounds.add(round_file(tmp_path, number), label=label, date=date)
    yield notes
    notes.close()


def show(qtbot, panel: HistoryPanel, notes: NegotiationFile, paragraph: str) -> None:  # type: ignore[no-untyped-def]
    """Select `paragraph` of the last round, as the window does when the user clicks it."""
    with qtbot.waitSignal(panel.history_shown, timeout=WAIT_MS):
        panel.show_paragraph(notes, notes.rounds.latest().version_id, paragraph)


def titles(panel: HistoryPanel) -> list[str]:
    return [card.title.text() for card in panel.cards]


def wheres(panel: HistoryPanel) -> list[str]:
    return [card.where.text() for card in panel.cards]


def notes_of(card: RoundCard) -> str:
    return card.notes.text() if card.notes.isVisibleTo(card) else ""


def test_op5_of_the_last_round_in_every_round_with_redline_and_annotations(
    qtbot, panel: HistoryPanel, talks: NegotiationFile
) -> None:
    show(qtbot, panel, talks, "OP5")
    assert titles(panel) == [
        "1. Zero draft · 2026-01-12",
        "2. Rev.1 · 2026-02-03",
        "3. Rev.2 · 2026-02-24",
        "4. Rev.3 · 2026-03-10",
        "<b>5. Rev.4 · 2026-03-31</b> (the selected paragraph)",
    ]
    assert wheres(panel) == [
        "OP3",
        "OP3 → OP4 (renumbered)",
        "OP4 → OP4 + OP5 (split)",
        "OP5 → OP4 (renumbered)",
        "OP4 → OP5 (renumbered)",
    ]
    assert "OP5" in panel.heading.text() and "changed in Rev.1, Rev.2" in panel.heading.text()
    zero, rev1, rev2, rev3, _ = panel.cards
    assert zero.text.text().count("extrabudgetary") == 1  # the zero draft's own words
    # Rev.1's rewording as a redline: the old words struck through, the new ones inserted.
    assert char_format(rev1.text.text(), "providing").fontStrikeOut()
    assert char_format(rev1.text.text(), "to provide").underlineStyle().name == "DotLine"
    assert REQUESTS_PART2.split()[2] in rev2.text.text()
    # A round that did not change the words shows them plainly, nothing struck.
    assert rev3.text.text() == REQUESTS_PART2
    assert not char_format(rev3.text.text(), "upon request").fontStrikeOut()
    # The annotation of every round: status, note, position; flagged once the text changed.
    for card in panel.cards:
        assert "agreed ad ref" in notes_of(card) and "EU to confirm" in notes_of(card)
        assert "EU: amend" in notes_of(card)
    assert "text changed since agreed" not in notes_of(zero)
    assert "text changed since agreed" in notes_of(rev1)
    # Every card but the paragraph's own round offers to compare with it.
    assert [card.button is not None for card in panel.cards] == [True] * 4 + [False]


def test_a_split_a_merge_and_a_move_carry_annotations_through_five_rounds(
    qtbot, panel: HistoryPanel, talks: NegotiationFile
) -> None:
    # The focal-points paragraph, moved to the top in Rev.4, with its note in every round.
    show(qtbot, panel, talks, "OP1")
    assert INVITES in panel.cards[-1].text.text()
    assert wheres(panel)[-1] == "OP5 → OP1 (moved)"
    assert all("focal points" in notes_of(card) for card in panel.cards)
    # OP1 and OP2 of the zero draft merged in Rev.3: both their notes on the merged paragraph.
    show(qtbot, panel, talks, "OP3")
    assert wheres(panel)[3] == "OP2 + OP3 → OP2 (merged)"
    assert URGES_AND_ENCOURAGES.split(" and ")[1][:20] in panel.cards[3].text.text()
    for card in panel.cards[3:]:
        assert "criminalize: agreed" in notes_of(card) and "data sharing" in notes_of(card)
        assert "bracketed" in notes_of(card)
    assert wheres(panel)[0] == "OP1 + OP2"  # both its ancestors in the zero draft
    # The split part of Rev.2 carries the ad ref note, as the part before it does.
    show(qtbot, panel, talks, "OP4")
    assert wheres(panel)[2] == "OP4 → OP4 + OP5 (split)"
    assert all("EU to confirm" in notes_of(card) for card in panel.cards)


def test_a_paragraph_new_in_rev1_is_not_present_in_the_zero_draft(
    qtbot, panel: HistoryPanel, talks: NegotiationFile
) -> None:
    show(qtbot, panel, talks, "OP2")
    assert WELCOMES in panel.cards[-1].text.text()
    assert wheres(panel)[:2] == ["not present", "OP1 (new in this round)"]
    assert not panel.cards[0].text.isVisibleTo(panel.cards[0])
    assert "changed in Rev.1" in panel.heading.text()


def test_clicking_a_round_asks_to_compare_the_paragraphs_round_with_it(
    qtbot, panel: HistoryPanel, talks: NegotiationFile
) -> None:
    show(qtbot, panel, talks, "OP5")
    latest = talks.rounds.latest().version_id
    zero = talks.rounds.get(1).version_id
    with qtbot.waitSignal(panel.round_chosen, timeout=WAIT_MS) as chosen:
        button = panel.cards[0].button
        assert button is not None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert chosen.args == [latest, zero]


def test_an_unknown_paragraph_is_one_line_not_a_traceback(
    qtbot, panel: HistoryPanel, talks: NegotiationFile
) -> None:
    show(qtbot, panel, talks, "OP99")
    assert panel.cards == []
    assert panel.heading.text() == "Rev.4: has no paragraph OP99."


# --- in the window ----------------------------------------------------------------------------


def test_in_the_window_the_panel_follows_the_selection_and_a_click_compares(
    qtbot, window: MainWindow, talks: NegotiationFile
) -> None:
    path = talks.path
    zero, *_, rev3, rev4 = (r.version_id for r in talks.rounds.all())
    talks.close()
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        assert window.open_notes(path)
    assert window.session.pair_versions == (rev3, rev4)
    dock = window.history_dock
    panel = dock.widget()
    assert isinstance(panel, HistoryPanel)
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    toggle = dock.toggleViewAction()
    assert toggle in view_menu.actions() and toggle.shortcut().toString() == "Ctrl+Shift+H"
    assert "Ctrl+Shift+H" in shortcuts_html() and "Ctrl+Alt+R" in shortcuts_html()
    # Hidden, it computes nothing; shown, it has the current paragraph's history.
    window.go_to_row(window.model.row_of_paragraph("new", "OP5"))
    assert panel.shown is None
    toggle.trigger()
    qtbot.waitUntil(lambda: panel.shown == (rev4, "OP5"), timeout=WAIT_MS)
    assert wheres(panel)[2] == "OP4 → OP4 + OP5 (split)"
    # Another paragraph selected: the panel follows.
    window.go_to_row(window.model.row_of_paragraph("new", "OP1"))
    qtbot.waitUntil(lambda: panel.shown == (rev4, "OP1"), timeout=WAIT_MS)
    assert wheres(panel)[-1] == "OP5 → OP1 (moved)"
    # An annotation made in the annotation panel shows in the history at once.
    window.act.focus_panel.trigger()
    window.panel.status.setCurrentText("reopened")
    qtbot.waitUntil(lambda: "reopened" in notes_of(panel.cards[-1]), timeout=WAIT_MS)
    assert "reopened" not in notes_of(panel.cards[0])
    # Clicking the zero draft compares it with the paragraph's round (Rev.4) in the window.
    button = panel.cards[0].button
    assert button is not None
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.session.pair_versions == (zero, rev4)
    assert window.windowTitle().startswith("firearms.redline — zero-draft.txt → rev4.txt")
    qtbot.waitUntil(lambda: panel.shown is not None and len(panel.cards) == 5, timeout=WAIT_MS)


def test_without_a_negotiation_file_the_panel_says_what_it_needs(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    old, new = round_file(tmp_path, 1), round_file(tmp_path, 2)
    open_pair(qtbot, window, old, new)
    panel = window.history_dock.widget()
    assert isinstance(panel, HistoryPanel)
    window.history_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: "negotiation file" in panel.heading.text(), timeout=WAIT_MS)
    assert panel.cards == []


def test_rounds_never_aligned_are_aligned_once_in_the_background(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """A file whose versions were added without their alignments (File → Add version without
    annotations, an older Redline): the panel says it is aligning, then shows the history."""
    from diffing.readers import read_document

    path = tmp_path / "older.redline"
    with NegotiationFile.create(path) as notes:
        for number in range(1, 4):
            source = round_file(tmp_path, number)
            notes.add_version(read_document(source), source.read_bytes(), source)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        assert window.open_notes(path)
    panel = window.history_dock.widget()
    assert isinstance(panel, HistoryPanel)
    window.go_to_row(window.model.row_of_paragraph("new", "OP5"))
    messages: list[str] = []
    panel.history_shown.connect(lambda: messages.append(panel.heading.text()))
    window.history_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: len(panel.cards) == 3, timeout=WAIT_MS)
    assert messages[0] == "Aligning the rounds for their history (once per file)…"
    assert wheres(panel) == ["OP3", "OP3 → OP4 (renumbered)", "OP4 → OP4 + OP5 (split)"]
    notes = window.session.notes
    assert notes is not None
    assert notes.rounds.aligner_for_order([v.id for v in notes.versions()]) is None
