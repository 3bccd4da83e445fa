"""Negotiation → Rounds… (issue 15), as a negotiator uses it: add a third round from a file
(read in the background), rename it and change its date in the list, undo, reorder, remove
(asked first, saying what happens to the annotations), pick two rounds and compare them.
Every change is in the file at once: checked by opening the file again beside the dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.jobs import JobRunner
from desktop.rounds import RoundsDialog, RoundsModel
from desktop.window import MainWindow
from diffing.negotiation import NegotiationFile, Status
from tests.desktop.conftest import WAIT_MS
from tests.desktop.rounds_support import negotiation, round_file
from tests.desktop.test_annotations import answer_open

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

CTRL = Qt.KeyboardModifier.ControlModifier
ROW = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows


@pytest.fixture
def talks(tmp_path: Path) -> Iterator[NegotiationFile]:
    notes = negotiation(tmp_path, 2)
    yield notes
    notes.close()


@pytest.fixture
def dialog(qtbot, talks: NegotiationFile) -> Iterator[RoundsDialog]:  # type: ignore[no-untyped-def]
    dialog = RoundsDialog(talks, JobRunner(QThreadPool.globalInstance()))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    QThreadPool.globalInstance().waitForDone()


def listed(dialog: RoundsDialog) -> list[tuple[int, str, str]]:
    """The rounds as the list shows them: place, name, date."""
    model = dialog.model
    return [
        (
            model.index(row, RoundsModel.NUMBER).data(),
            model.index(row, RoundsModel.NAME).data(),
            model.index(row, RoundsModel.DATE).data(),
        )
        for row in range(model.rowCount())
    ]


def stored(notes: NegotiationFile) -> list[tuple[int, str, str]]:
    """The rounds as the file on disk holds them (a second, read-only look at it)."""
    with NegotiationFile.open(notes.path, read_only=True) as again:
        return [(r.number, r.label, r.date) for r in again.rounds.all()]


def add_third_round(qtbot, dialog: RoundsDialog, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answer_open(monkeypatch, round_file(tmp_path, 3))
    with qtbot.waitSignal(dialog.round_added, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isHidden()


def edit_cell(qtbot, dialog: RoundsDialog, button, text: str) -> None:  # type: ignore[no-untyped-def]
    """Click Rename / Change date, type over the cell and press Enter, as a user does."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit), timeout=WAIT_MS)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_a_third_round_added_through_the_dialog_is_listed_and_stored(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile, tmp_path: Path, monkeypatch
) -> None:
    talks.rounds.annotate(talks.rounds.get(2).version_id, "OP2", Status.AGREED, note="agreed")
    dialog.reload()
    assert listed(dialog) == [(1, "Zero draft", "2026-01-12"), (2, "Rev.1", "2026-02-03")]
    add_third_round(qtbot, dialog, tmp_path, monkeypatch)
    rows = listed(dialog)
    assert [r[:2] for r in rows] == [(1, "Zero draft"), (2, "Rev.1"), (3, "rev2.txt")]
    assert stored(talks) == rows
    # The new round is selected, the annotation carried to it, and the pair to compare is
    # the last two rounds.
    assert dialog.selected_round() == talks.rounds.get(3)
    assert dialog.model.index(2, RoundsModel.ANNOTATIONS).data() == 1
    assert "1 of 1 annotations carried" in dialog.message.text()
    assert dialog.old_choice.currentText().startswith("2. Rev.1")
    assert dialog.new_choice.currentText().startswith("3. rev2.txt")


def test_a_file_that_cannot_be_read_is_one_line_and_adds_nothing(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile, tmp_path: Path, monkeypatch
) -> None:
    broken = tmp_path / "rev2.docx"
    broken.write_bytes(b"PK\x03\x04 not really a Word file")
    answer_open(monkeypatch, broken)
    with qtbot.waitSignal(dialog.runner.failed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "rev2.docx" in dialog.message.text() and "\n" not in dialog.message.text()
    assert "Traceback" not in dialog.message.text()
    assert len(listed(dialog)) == 2 and len(stored(talks)) == 2
    assert dialog.add_button.isEnabled()


def test_a_round_saved_under_a_word_name_is_added_and_the_user_told(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile, tmp_path: Path, monkeypatch
) -> None:
    """A round that is plain text named .docx is read by its content and the message says so."""
    misnamed = tmp_path / "rev2.docx"
    misnamed.write_bytes(round_file(tmp_path, 3).read_bytes())
    answer_open(monkeypatch, misnamed)
    with qtbot.waitSignal(dialog.round_added, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert len(stored(talks)) == 3
    assert dialog.message.text().endswith(
        "rev2.docx: named .docx but holds plain text; read as text."
    )


def test_rename_and_redate_in_the_list_are_saved_at_once_and_undone(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile
) -> None:
    dialog.select_round(talks.rounds.get(2).version_id)
    edit_cell(qtbot, dialog, dialog.rename_button, "Rev.1 (informals)")
    qtbot.waitUntil(lambda: listed(dialog)[1][1] == "Rev.1 (informals)", timeout=WAIT_MS)
    assert stored(talks)[1] == (2, "Rev.1 (informals)", "2026-02-03")
    edit_cell(qtbot, dialog, dialog.redate_button, "2026-02-05")
    qtbot.waitUntil(lambda: listed(dialog)[1][2] == "2026-02-05", timeout=WAIT_MS)
    assert stored(talks)[1] == (2, "Rev.1 (informals)", "2026-02-05")
    # A date as people write it on paper is refused in one line; nothing changes.
    edit_cell(qtbot, dialog, dialog.redate_button, "05/02/2026")
    qtbot.waitUntil(lambda: "is not a date (YYYY-MM-DD)" in dialog.message.text(), timeout=WAIT_MS)
    assert stored(talks)[1][2] == "2026-02-05"
    # Ctrl+Z in the dialog undoes the date, then the name; Ctrl+Shift+Z redoes the name.
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, "z", CTRL)
    qtbot.waitUntil(lambda: stored(talks)[1][2] == "2026-02-03", timeout=WAIT_MS)
    qtbot.keyClick(dialog.table, "z", CTRL)
    qtbot.waitUntil(lambda: stored(talks)[1][1] == "Rev.1", timeout=WAIT_MS)
    qtbot.keyClick(dialog.table, "z", CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: stored(talks)[1][1] == "Rev.1 (informals)", timeout=WAIT_MS)
    assert listed(dialog)[1][1] == "Rev.1 (informals)"


def test_an_empty_name_is_refused_in_one_line(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile
) -> None:
    dialog.select_round(talks.rounds.get(1).version_id)
    edit_cell(qtbot, dialog, dialog.rename_button, "   ")
    qtbot.waitUntil(lambda: dialog.message.text() == "a round needs a name.", timeout=WAIT_MS)
    assert stored(talks)[0][1] == "Zero draft"


def test_rounds_are_reordered_with_the_buttons_and_the_keyboard(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile, tmp_path: Path, monkeypatch
) -> None:
    add_third_round(qtbot, dialog, tmp_path, monkeypatch)
    assert not dialog.down_button.isEnabled()  # the last round cannot go further down
    # The rounds that become neighbours are aligned in the background, then the move is made.
    with qtbot.waitSignal(dialog.rounds_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert [r[1] for r in listed(dialog)] == ["Zero draft", "rev2.txt", "Rev.1"]
    assert [r[1] for r in stored(talks)] == ["Zero draft", "rev2.txt", "Rev.1"]
    assert dialog.selected_round() == talks.rounds.get(2)  # the moved round stays selected
    assert dialog.progress.isHidden() and dialog.message.text() == "Moved rev2.txt to round 2."
    dialog.table.setFocus()
    with qtbot.waitSignal(dialog.rounds_changed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Up, CTRL)
    assert [r[1] for r in stored(talks)] == ["rev2.txt", "Zero draft", "Rev.1"]
    assert not dialog.up_button.isEnabled()
    for _ in range(2):
        with qtbot.waitSignal(dialog.rounds_changed, timeout=WAIT_MS):
            qtbot.keyClick(dialog.table, Qt.Key.Key_Down, CTRL)
    assert [r[1] for r in stored(talks)] == ["Zero draft", "Rev.1", "rev2.txt"]
    # Undo puts the round back where it was before the last move.
    with qtbot.waitSignal(dialog.rounds_changed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.table, "z", CTRL)
    assert [r[1] for r in stored(talks)] == ["Zero draft", "rev2.txt", "Rev.1"]


def test_removing_a_round_asks_first_and_says_what_happens_to_its_annotations(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile, tmp_path: Path, monkeypatch
) -> None:
    add_third_round(qtbot, dialog, tmp_path, monkeypatch)
    rev1 = talks.rounds.get(2).version_id
    talks.rounds.annotate(rev1, "OP4", Status.BRACKETED, note="G77 to propose")
    dialog.reload()
    dialog.select_round(rev1)
    asked: list[str] = []
    dialog.confirm = lambda title, question: asked.append(question) is not None  # "No"
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert len(stored(talks)) == 3  # declined: nothing removed
    assert "Remove round 2, “Rev.1”" in asked[0]
    assert "Its 1 annotation and the manual links" in asked[0]
    assert "The annotations of Zero draft are carried on to rev2.txt" in asked[0]
    assert "cannot be undone" in asked[0]
    dialog.confirm = lambda title, question: True
    dialog.table.setFocus()
    with qtbot.waitSignal(dialog.rounds_changed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert [r[1] for r in listed(dialog)] == ["Zero draft", "rev2.txt"]
    assert [r[:2] for r in stored(talks)] == [(1, "Zero draft"), (2, "rev2.txt")]
    assert dialog.message.text() == "Removed round 2, Rev.1."
    # The copy carried on from Rev.1 went with it; nobody had annotated the zero draft.
    assert talks.annotations_for(talks.rounds.get(2).version_id) == ()


def test_the_last_round_left_is_not_removed(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile
) -> None:
    dialog.confirm = lambda title, question: True
    dialog.select_round(talks.rounds.get(2).version_id)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert len(stored(talks)) == 1
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "A negotiation file keeps at least one round."
    assert len(stored(talks)) == 1


def test_rounds_1_and_3_are_picked_and_compared(
    qtbot, dialog: RoundsDialog, talks: NegotiationFile, tmp_path: Path, monkeypatch
) -> None:
    add_third_round(qtbot, dialog, tmp_path, monkeypatch)
    first, third = talks.rounds.get(1).version_id, talks.rounds.get(3).version_id
    # Selecting two rounds in the list makes them the pair, the earlier one first.
    dialog.table.clearSelection()
    dialog.table.selectionModel().select(dialog.model.index(2, 0), ROW)
    dialog.table.selectionModel().select(dialog.model.index(0, 0), ROW)
    assert dialog.chosen_pair() == (first, third)
    with qtbot.waitSignal(dialog.compare_requested, timeout=WAIT_MS) as requested:
        qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert requested.args == [first, third]
    # The same round twice is no comparison.
    dialog.new_choice.setCurrentIndex(0)
    with qtbot.assertNotEmitted(dialog.compare_requested):
        qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Pick two different rounds to compare."


def test_a_read_only_file_lists_its_rounds_and_changes_nothing(
    qtbot, talks: NegotiationFile
) -> None:
    with NegotiationFile.open(talks.path, read_only=True) as snapshot:
        dialog = RoundsDialog(snapshot, JobRunner(QThreadPool.globalInstance()))
        qtbot.addWidget(dialog)
        assert len(listed(dialog)) == 2
        assert "(read-only)" in dialog.heading.text()
        buttons = (dialog.add_button, dialog.rename_button, dialog.up_button, dialog.remove_button)
        assert not any(b.isEnabled() for b in buttons)
        assert dialog.compare_button.isEnabled()
        assert (
            not dialog.model.flags(dialog.model.index(0, RoundsModel.NAME))
            & Qt.ItemFlag.ItemIsEditable
        )


def test_the_rounds_model_passes_the_model_tester(
    qtmodeltester, dialog: RoundsDialog, talks: NegotiationFile
) -> None:
    qtmodeltester.check(dialog.model)
    dialog.model.reload(None)
    qtmodeltester.check(dialog.model)


# --- in the window ----------------------------------------------------------------------------


def open_in_window(qtbot, window: MainWindow, path: Path) -> RoundsDialog:  # type: ignore[no-untyped-def]
    """Open the negotiation file, then File → Rounds…; the window shows the last two rounds."""
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        assert window.open_notes(path)
    dialog = window.rounds_dialog
    file_menu = window.menuBar().actions()[0].menu()
    assert dialog.action is not None and dialog.action in file_menu.actions()
    assert dialog.action.shortcut().toString() == "Ctrl+Alt+R"
    dialog.action.trigger()
    qtbot.waitExposed(dialog)
    return dialog


def two_rounds_in_window(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> RoundsDialog:  # type: ignore[no-untyped-def]
    """The first two rounds open in the window; the file chooser answers with the third."""
    negotiation(tmp_path, 2).close()
    dialog = open_in_window(qtbot, window, tmp_path / "firearms.redline")
    answer_open(monkeypatch, round_file(tmp_path, 3))
    return dialog


def labels(window: MainWindow) -> list[str]:
    return [window.model.label(row) for row in range(window.model.rowCount())]


def test_rounds_1_and_3_picked_in_the_dialog_are_compared_in_the_window(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    negotiation(tmp_path, 3).close()
    dialog = open_in_window(qtbot, window, tmp_path / "firearms.redline")
    assert window.windowTitle().startswith("firearms.redline — rev1.txt → rev2.txt")
    first = dialog.model.rounds[0].version_id
    third = dialog.model.rounds[2].version_id
    dialog.old_choice.setCurrentIndex(0)
    dialog.new_choice.setCurrentIndex(2)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert window.session.pair_versions == (first, third)
    assert window.windowTitle().startswith("firearms.redline — zero-draft.txt → rev2.txt")
    # What changed from the zero draft to Rev.2: a new OP1, and OP3 split in two.
    assert "new OP1" in labels(window)
    assert "OP3 → OP4 + OP5 (split)" in labels(window)


def test_a_round_added_in_the_dialog_is_compared_with_the_one_before(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    dialog = two_rounds_in_window(qtbot, window, tmp_path, monkeypatch)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    rounds = [r.version_id for r in dialog.model.rounds]
    assert len(rounds) == 3 and window.session.pair_versions == (rounds[1], rounds[2])
    assert "OP4 → OP4 + OP5 (split)" in labels(window)


def test_removing_the_round_on_screen_shows_the_last_two_left(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    negotiation(tmp_path, 3).close()
    dialog = open_in_window(qtbot, window, tmp_path / "firearms.redline")
    first, second, third = (r.version_id for r in dialog.model.rounds)
    assert window.session.pair_versions == (second, third)
    dialog.select_round(third)
    dialog.confirm = lambda title, question: True
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert window.session.pair_versions == (first, second)
    assert window.windowTitle().startswith("firearms.redline — zero-draft.txt → rev1.txt")


def test_without_a_negotiation_file_rounds_says_how_to_get_one(qtbot, window: MainWindow) -> None:
    window.rounds_dialog.action.trigger()
    assert not window.rounds_dialog.isVisible()
    assert "negotiation file" in window.statusBar().currentMessage()


def test_the_list_follows_a_version_added_and_an_annotation_made_in_the_window(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
) -> None:
    dialog = two_rounds_in_window(qtbot, window, tmp_path, monkeypatch)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.add_version.trigger()  # File → Add version…, not the dialog
    assert [r[0] for r in listed(dialog)] == [1, 2, 3]
    window.go_to_row(window.model.row_of_paragraph("new", "OP2"))
    window.act.focus_panel.trigger()
    window.panel.status.setCurrentText("agreed")
    qtbot.waitUntil(
        lambda: dialog.model.index(2, RoundsModel.ANNOTATIONS).data() == 1, timeout=WAIT_MS
    )
