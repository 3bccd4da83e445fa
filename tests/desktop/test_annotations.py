"""Annotations in the window (issue 6), driven as a drafter drives them: keep the corpus pair
(COP 10/2 draft → 11/6) in a negotiation file, annotate OP3 of 11/6 in the panel, undo and
redo, close and reopen, relink, add a third round, export, import a colleague's file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QMessageBox

from desktop import annotations, exporting
from desktop.app import open_last_or_example
from desktop.models import HTML_ROLE, Column
from desktop.window import MainWindow, make_settings
from diffing.negotiation import NegotiationFile, Position, Stance, Status
from diffing.readers import read_document
from tests.desktop.conftest import WAIT_MS, open_pair
from tests.helpers import corpus
from tests.helpers.generator import document_to_text

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

OP3_11_6 = "States parties to the Firearms Protocol to enhance their efforts"


def answer_save(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kw: (str(path), ""))
    )


def answer_open(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kw: (str(path), ""))
    )


@pytest.fixture
def talks(qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The corpus pair kept in a new negotiation file through File → New negotiation file."""
    window.notes_folder = tmp_path / "appdata"
    window.settings.author = "Ana (Mexico)"
    # No modal dialog may wait for a click that never comes.
    window.report_error = lambda title, message: pytest.fail(f"{title}: {message}")
    window.inform = lambda title, message: pytest.fail(f"{title}: {message}")
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    path = tmp_path / "talks.redline"
    answer_save(monkeypatch, path)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.new_notes.trigger()
    assert path.exists() and window.session.notes is not None
    return path


def go_to_new(main: MainWindow, paragraph_id: str) -> int:
    row = main.model.row_of_paragraph("new", paragraph_id)
    assert row >= 0
    main.go_to_row(row)
    main.act.focus_panel.trigger()  # Ctrl+Shift+A: the panel opens on demand
    main.current_view().setFocus()
    assert main.panel.target is not None and main.panel.target.paragraph_id == paragraph_id
    return row


def annotate_op3(qtbot, main: MainWindow) -> int:
    """Status, note and one position on OP3 of 11/6, through the panel's widgets."""
    row = go_to_new(main, "OP3")
    panel = main.panel
    panel.status.setCurrentText("agreed ad ref")
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "EU to confirm with capital")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(panel.add_position, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not panel.add_position
    qtbot.keyClicks(editor, "EU")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits the typed cell from the event loop.
    qtbot.waitUntil(lambda: bool(stored_op3(main)[0].positions), timeout=WAIT_MS)  # type: ignore[attr-defined]
    return row


def stored_op3(main: MainWindow) -> list[object]:
    assert main.session.notes is not None and main.session.pair_versions is not None
    return list(main.session.notes.annotations_for(main.session.pair_versions[1], "OP3"))


def test_tab_in_the_positions_table_moves_to_the_next_column_then_out(
    qtbot, window: MainWindow, talks: Path
) -> None:
    go_to_new(window, "OP3")
    panel = window.panel
    table = panel.positions
    qtbot.mouseClick(panel.add_position, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert editor is not None and table.isAncestorOf(editor)
    qtbot.keyClicks(editor, "EU")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    # The next column of the same row, not the first one: the list of positions.
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QComboBox), timeout=WAIT_MS)
    assert (table.currentIndex().row(), table.currentIndex().column()) == (0, 1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: table.currentIndex().column() == 2, timeout=WAIT_MS)
    proposal = QApplication.focusWidget()
    assert proposal is not None and table.isAncestorOf(proposal)
    qtbot.keyClicks(proposal, "calls upon")
    # Past the last cell Tab leaves the table for the next control instead of wrapping round.
    qtbot.keyClick(proposal, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.add_position, timeout=WAIT_MS)
    assert stored_op3(window)[0].positions == (  # type: ignore[attr-defined]
        Position("EU", Stance.SUPPORT, "calls upon"),
    )
    # Without an open editor too: Tab and Shift+Tab step through the row's cells, then out.
    table.setFocus()
    table.setCurrentIndex(panel.positions_model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert table.hasFocus() and table.currentIndex().column() == 1
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert table.hasFocus() and table.currentIndex().column() == 0
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is panel.note


def test_annotating_op3_in_the_panel_writes_the_file_and_badges_the_row(
    qtbot, window: MainWindow, talks: Path
) -> None:
    assert "talks.redline" in window.windowTitle()
    assert window.dashboard.text().startswith("0 of ")
    row = annotate_op3(qtbot, window)

    [annotation] = stored_op3(window)
    assert annotation.status is Status.AGREED_AD_REF  # type: ignore[attr-defined]
    assert annotation.note == "EU to confirm with capital"  # type: ignore[attr-defined]
    assert annotation.positions == (Position("EU", Stance.SUPPORT),)  # type: ignore[attr-defined]
    assert annotation.author == "Ana (Mexico)"  # type: ignore[attr-defined]
    # Badge in the navigator's status column and in the label cell both views show.
    assert window.model.index(row, Column.STATUS).data() == "agreed ad ref"
    assert "agreed ad ref" in window.model.index(row, Column.LABEL).data(HTML_ROLE)
    # Not by colour alone: a screen reader hears the status with the label.
    spoken = window.model.index(row, Column.LABEL).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith(", agreed ad ref")
    navigator_cell = window.navigator.proxy.mapFromSource(window.model.index(row, Column.STATUS))
    assert navigator_cell.data() == "ad ref"
    assert navigator_cell.data(Qt.ItemDataRole.ToolTipRole) == "agreed ad ref"
    assert "1 of " in window.dashboard.text() and "(1 ad ref)" in window.dashboard.text()
    assert "By Ana (Mexico)" in window.panel.meta.text()

    # One undo step per edit: position, note, status.
    assert window.session.undo_stack.count() == 3
    window.act.undo.trigger()
    assert stored_op3(window)[0].positions == ()  # type: ignore[attr-defined]
    assert window.panel.positions_model.rowCount() == 0
    window.act.undo.trigger()
    window.act.undo.trigger()
    assert stored_op3(window) == []
    assert window.model.index(row, Column.STATUS).data() == ""
    assert window.panel.status.currentText() == "Not annotated"
    assert window.dashboard.text().startswith("0 of ")
    for _ in range(3):
        window.act.redo.trigger()
    [again] = stored_op3(window)
    assert again == annotation
    assert window.panel.note.toPlainText() == "EU to confirm with capital"
    assert window.model.index(row, Column.STATUS).data() == "agreed ad ref"


def test_the_annotation_is_there_after_closing_and_reopening(
    qtbot, window: MainWindow, talks: Path, tmp_path: Path
) -> None:
    annotate_op3(qtbot, window)
    dashboard = window.dashboard.text()
    window.close()
    QThreadPool.globalInstance().waitForDone()

    # `redline` alone reopens the last negotiation file.
    again = MainWindow(make_settings(tmp_path / "settings.ini"))
    qtbot.addWidget(again)
    again.show()
    try:
        with qtbot.waitSignal(again.comparison_shown, timeout=WAIT_MS):
            open_last_or_example(again)
        assert again.session.notes is not None and again.session.notes.path == talks
        assert "talks.redline" in again.windowTitle()
        row = go_to_new(again, "OP3")
        assert again.model.index(row, Column.STATUS).data() == "agreed ad ref"
        assert again.panel.status.currentText() == "agreed ad ref"
        assert again.panel.note.toPlainText() == "EU to confirm with capital"
        assert again.panel.positions_model.positions() == (Position("EU", Stance.SUPPORT),)
        assert again.dashboard.text() == dashboard
        # The navigator's status filter lists the annotated paragraph only.
        again.navigator.status.setCurrentIndex(again.navigator.status.findData("agreed ad ref"))
        assert again.navigator.proxy.rowCount() == 1
        assert again.navigator.proxy.index(0, Column.STATUS).data() == "ad ref"
    finally:
        again.close()
        QThreadPool.globalInstance().waitForDone()


def test_links_are_stored_in_the_file_with_undo_and_restored(
    qtbot, window: MainWindow, talks: Path
) -> None:
    # OP3 of 11/6 is new; OP4 ("Requests …") continues a paragraph of the draft.
    row = go_to_new(window, "OP4")
    entry = window.model.entry(row)
    assert entry.old and entry.new

    def partner() -> tuple[str, ...]:
        return window.model.entry(window.model.row_of_paragraph("new", "OP4")).old

    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.unlink.trigger()
    notes = window.session.notes
    assert notes is not None and window.session.pair_versions is not None
    stored = notes.links(*window.session.pair_versions)
    assert len(stored) == 1 and stored[0].unlink and stored[0].new == entry.new
    assert partner() == ()
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.undo.trigger()
    assert notes.links(*window.session.pair_versions) == ()
    assert partner() == entry.old
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.redo.trigger()
    assert notes.links(*window.session.pair_versions) == stored

    window.session.notes.close()
    window.session.notes = None
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        assert window.open_notes(talks)
    assert window.session.links == stored
    assert partner() == ()


def test_a_third_version_carries_the_annotation_and_flags_the_changed_text(
    qtbot, window: MainWindow, talks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    annotate_op3(qtbot, window)
    text = document_to_text(read_document(corpus.COP_11_6))
    assert OP3_11_6 in text
    third = tmp_path / "11-6-rev1.txt"
    third.write_text(text.replace(OP3_11_6, OP3_11_6.replace("enhance", "redouble")), "utf-8")
    answer_open(monkeypatch, third)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.add_version.trigger()
    notes = window.session.notes
    assert notes is not None and len(notes.versions()) == 3
    assert window.session.pair_versions == (notes.versions()[1].id, notes.versions()[2].id)

    row = go_to_new(window, "OP3")
    [carried] = stored_op3(window)
    assert carried.note == "EU to confirm with capital"  # type: ignore[attr-defined]
    assert carried.flag == "text changed since agreed"  # type: ignore[attr-defined]
    assert window.panel.flag.isVisibleTo(window.panel)
    assert "text changed since agreed" in window.panel.flag.text().lower()
    assert window.model.index(row, Column.STATUS).data() == "agreed ad ref ⚠"
    assert "text changed since agreed" in window.model.index(row, Column.LABEL).data(HTML_ROLE)
    assert "1 changed since agreed" in window.dashboard.text()

    qtbot.mouseClick(window.panel.acknowledge, Qt.MouseButton.LeftButton)
    assert stored_op3(window)[0].flag is None  # type: ignore[attr-defined]
    assert not window.panel.flag.isVisibleTo(window.panel)
    assert window.model.index(row, Column.STATUS).data() == "agreed ad ref"
    window.act.undo.trigger()
    assert stored_op3(window)[0].flag == "text changed since agreed"  # type: ignore[attr-defined]


def test_exports_carry_the_annotation_as_a_word_comment_and_a_table_remark(
    qtbot, window: MainWindow, talks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    annotate_op3(qtbot, window)
    monkeypatch.setattr(exporting, "ask_after_export", lambda parent, path: "")
    for fmt, name in (("docx", "tracked.docx"), ("table", "table.docx")):
        answer_save(monkeypatch, tmp_path / name)
        with qtbot.waitSignal(window.export_finished, timeout=WAIT_MS):
            window.act.exports[fmt].trigger()
    with zipfile.ZipFile(tmp_path / "tracked.docx") as docx:
        comments = docx.read("word/comments.xml").decode("utf-8")
    assert "EU to confirm with capital" in comments and "Agreed ad ref" in comments
    assert "Ana (Mexico)" in comments
    with zipfile.ZipFile(tmp_path / "table.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "EU to confirm with capital" in body


def test_importing_a_conflicting_annotation_asks_and_applies_the_choice(
    qtbot, window: MainWindow, talks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    annotate_op3(qtbot, window)
    shared = tmp_path / "from-colleague.json"
    answer_save(monkeypatch, shared)
    window.act.export_notes.trigger()
    assert shared.exists()
    # Here the note changes after the colleague got the file: the same annotation now differs.
    window.panel.note.setFocus()
    window.panel.note.selectAll()
    qtbot.keyClicks(window.panel.note, "Mexico drafts new wording")
    window.panel.note.commit()
    assert stored_op3(window)[0].note == "Mexico drafts new wording"  # type: ignore[attr-defined]

    asked: list[object] = []

    def choose(parent: object, conflicts: list[object]) -> list[str]:
        asked.extend(conflicts)
        return ["incoming"]

    monkeypatch.setattr(annotations, "choose_resolutions", choose)
    answer_open(monkeypatch, shared)
    window.act.import_notes.trigger()
    assert len(asked) == 1
    assert asked[0].local.note == "Mexico drafts new wording"  # type: ignore[attr-defined]
    [taken] = stored_op3(window)
    assert taken.note == "EU to confirm with capital"  # type: ignore[attr-defined]
    assert window.panel.note.toPlainText() == "EU to confirm with capital"
    window.act.undo.trigger()  # the import is one step
    assert stored_op3(window)[0].note == "Mexico drafts new wording"  # type: ignore[attr-defined]

    # Keeping mine changes nothing.
    monkeypatch.setattr(annotations, "choose_resolutions", lambda parent, c: ["local"])
    window.act.import_notes.trigger()
    assert [a.note for a in stored_op3(window)] == ["Mexico drafts new wording"]  # type: ignore[attr-defined]


def test_conflict_dialog_offers_the_three_choices_and_defaults_to_mine(
    qtbot, window: MainWindow, talks: Path
) -> None:
    from dataclasses import replace

    from diffing.negotiation import Conflict, ConflictKind

    annotate_op3(qtbot, window)
    [mine] = stored_op3(window)
    theirs = replace(mine, note="theirs")  # type: ignore[type-var]
    dialog = annotations.ConflictDialog([Conflict(ConflictKind.SAME_ID, mine, theirs)], window)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.choices() == ["local"]
    combo = dialog.combos[0]
    assert [combo.itemData(i) for i in range(combo.count())] == ["local", "incoming", "both"]
    combo.setCurrentIndex(2)
    assert dialog.choices() == ["both"]


def test_a_file_open_elsewhere_is_offered_read_only(
    qtbot, window: MainWindow, talks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    annotate_op3(qtbot, window)
    assert window.session.notes is not None
    window.session.notes.close()
    window.session.notes = None
    other = NegotiationFile.open(talks)  # another Redline window holds it
    try:
        questions: list[str] = []

        def question(parent: object, title: str, text: str, *args: object) -> object:
            questions.append(text)
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
        with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
            assert window.open_notes(talks)
        assert questions and "already open" in questions[0]
        assert window.session.notes is not None and window.session.notes.read_only
        assert "read-only" in window.windowTitle()
        go_to_new(window, "OP3")
        assert window.panel.status.currentText() == "agreed ad ref"
        assert not window.panel.status.isEnabled() and window.panel.note.isReadOnly()
        assert not window.act.link.isEnabled() and not window.act.unlink.isEnabled()
        assert not window.act.import_notes.isEnabled()
        assert not window.act.add_version.isEnabled()

        # Save As makes a copy to work in: writable again, annotations and all.
        copy = talks.with_name("my-copy.redline")
        answer_save(monkeypatch, copy)
        window.act.save_notes_as.trigger()
        assert window.session.notes.path == copy and not window.session.notes.read_only
        assert "my-copy.redline" in window.windowTitle() and "read-only" not in window.windowTitle()
        assert window.settings.last_notes == str(copy)
        assert window.panel.status.isEnabled() and window.act.link.isEnabled()
        window.panel.status.setCurrentText("agreed")
        assert stored_op3(window)[0].status is Status.AGREED  # type: ignore[attr-defined]
        assert other.annotations_for(window.session.pair_versions[1], "OP3")[0].status is (  # type: ignore[index]
            Status.AGREED_AD_REF
        )
    finally:
        other.close()


def test_the_first_annotation_without_a_file_creates_one_in_the_data_folder(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    window.notes_folder = tmp_path / "appdata"
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    assert window.session.notes is None
    go_to_new(window, "OP3")
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.panel.status.setCurrentText("bracketed")
    assert window.session.notes is not None
    assert window.session.notes.path.parent == tmp_path / "appdata"
    assert window.settings.last_notes == str(window.session.notes.path)
    [annotation] = stored_op3(window)
    assert annotation.status is Status.BRACKETED  # type: ignore[attr-defined]
    assert window.panel.status.currentText() == "bracketed"
    assert window.session.notes.path.name in window.windowTitle()


def test_a_changed_original_is_noticed_without_a_dialog(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes(corpus.COP_10_2_DRAFT.read_bytes())
    new.write_bytes(corpus.COP_11_6.read_bytes())
    open_pair(qtbot, window, old, new)
    path = tmp_path / "talks.redline"
    answer_save(monkeypatch, path)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.new_notes.trigger()
    assert window.session.notice == ""
    new.write_text(new.read_text("utf-8") + "\nA later addition.\n", "utf-8")
    window.report_error = lambda title, message: pytest.fail(message)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        assert window.open_notes(path)
    assert "new.txt" in window.session.notice and "changed on disk" in window.session.notice


def test_new_models_pass_the_model_tester(qtmodeltester, qtbot, window: MainWindow, talks) -> None:
    annotate_op3(qtbot, window)
    qtmodeltester.check(window.panel.positions_model)
    qtmodeltester.check(window.model)
    window.navigator.status.setCurrentIndex(window.navigator.status.findData("agreed ad ref"))
    qtmodeltester.check(window.navigator.proxy)


def test_undo_after_the_file_changed_elsewhere_clears_the_history_not_the_file(
    qtbot, window: MainWindow, talks: Path
) -> None:
    annotate_op3(qtbot, window)
    notes = window.session.notes
    assert notes is not None
    [annotation] = stored_op3(window)
    # A change the undo stack does not know about (as a script with `redline notes` makes).
    notes.update_annotation(annotation.id, note="changed by a script")  # type: ignore[attr-defined]
    reported: list[str] = []
    window.report_error = lambda title, message: reported.append(message)
    window.act.undo.trigger()
    assert reported and "undo history was cleared" in reported[0]
    qtbot.waitUntil(lambda: window.session.undo_stack.count() == 0, timeout=WAIT_MS)
    assert stored_op3(window)[0].note == "changed by a script"  # type: ignore[attr-defined]


def test_a_last_negotiation_file_that_is_gone_opens_the_example(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    window.settings.last_notes = str(tmp_path / "moved-away.redline")
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        open_last_or_example(window)
    assert window.session.notes is None and window.model.rowCount() > 40
    assert "11/6" in window.windowTitle()


def test_dropping_a_negotiation_file_opens_it_and_other_documents_close_it(
    qtbot, window: MainWindow, talks: Path
) -> None:
    annotate_op3(qtbot, window)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window._files_dropped("new", [str(talks)])
    assert window.session.notes is not None and window.session.notes.path == talks
    assert window.model.index(go_to_new(window, "OP3"), Column.STATUS).data() == "agreed ad ref"
    # Opening another document leaves the negotiation file (closed, annotations kept in it).
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.open_file("old", corpus.CND_L4_DRAFT)
    assert window.session.notes is None and window.settings.last_notes is None
    assert "talks.redline" not in window.windowTitle()
    assert window.dashboard.text() == ""
    with NegotiationFile.open(talks, read_only=True) as notes:
        assert notes.annotations_for(notes.versions()[-1].id, "OP3")[0].note == (
            "EU to confirm with capital"
        )
