"""The window as a new user meets it: a small laptop screen, the keyboard only, work interrupted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from desktop.app import open_last_or_example
from desktop.models import Column
from desktop.views import PADDING
from desktop.window import MainWindow, make_settings
from tests.desktop.conftest import WAIT_MS, open_pair
from tests.helpers import corpus

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def opened(qtbot, window: MainWindow) -> MainWindow:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    return window


def test_a_1024_by_600_window_keeps_whole_words_in_the_side_by_side_columns(
    qtbot, opened: MainWindow
) -> None:
    opened.resize(1024, 600)
    qtbot.waitUntil(lambda: opened.width() == 1024)
    view = opened.side_view
    # "Strengthening international" is the title's first line: it must fit on one line, not be
    # cut into "Strengthenin / g" because the docks and the label column took the room.
    needed = view.fontMetrics().horizontalAdvance("Strengthening international") + 2 * PADDING
    for column in (Column.OLD, Column.NEW):
        assert view.columnWidth(column) >= needed
    assert view.columnWidth(Column.LABEL) <= view.viewport().width() // 3


def test_a_label_column_the_user_widened_stays_widened_when_the_window_changes(
    qtbot, opened: MainWindow
) -> None:
    view = opened.side_view
    view.horizontalHeader().resizeSection(Column.LABEL, 260)  # as a drag on the header does
    opened.resize(1100, 700)
    qtbot.waitUntil(lambda: opened.width() == 1100)
    assert view.columnWidth(Column.LABEL) == 260
    QThreadPool.globalInstance().waitForDone()


def test_the_title_names_the_documents_and_leaves_the_app_name_to_the_platform(
    opened: MainWindow,
) -> None:
    # Qt itself appends " — Redline for resolutions"; the window must not add "Redline" again.
    title = opened.windowTitle()
    assert "→" in title and "11/6" in title
    assert "Redline" not in title


def test_quitting_while_typing_a_first_note_keeps_it_without_an_error(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    window.notes_folder = tmp_path / "appdata"
    window.report_error = lambda title, message: pytest.fail(f"{title}: {message}")
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    row = window.model.row_of_paragraph("new", "OP3")
    window.go_to_row(row)
    window.act.focus_panel.trigger()  # Ctrl+Shift+A
    window.panel.note.setFocus()
    qtbot.keyClicks(window.panel.note, "Keep this wording")
    window.close()  # no negotiation file yet: closing makes one for the note
    # Every job started before closing has reported; none of it reached the closed window.
    qtbot.waitUntil(lambda: window.runner.unreported == 0, timeout=WAIT_MS)
    saved = window.settings.last_notes
    assert saved and Path(saved).parent == tmp_path / "appdata"

    again = MainWindow(make_settings(tmp_path / "settings.ini"))
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.comparison_shown, timeout=WAIT_MS):
        open_last_or_example(again)  # what `redline` alone does at the next start
    again.go_to_row(again.model.row_of_paragraph("new", "OP3"))
    assert again.panel.note.toPlainText() == "Keep this wording"
    again.close()


def test_a_file_opened_on_the_wrong_side_can_be_swapped_before_the_other_is_open(
    qtbot, window: MainWindow
) -> None:
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        window.open_file("old", corpus.CND_60_2)
    assert window.act.swap.isEnabled()
    window.act.swap.trigger()
    assert window.session.documents["old"] is None and window.session.documents["new"] is not None
    assert "Open the old version" in window.summary.text()


def test_the_options_dialog_shows_the_author_hint_whole(qtbot) -> None:
    from desktop.dialogs import OptionsDialog
    from diffing.model import DiffOptions

    dialog = OptionsDialog(DiffOptions(), "", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit = dialog.author_edit
    assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 12


def test_dialogs_never_suggest_the_apps_own_example_folder(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from resources import resource_path

    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.open_example()
    suggested: list[Path] = []

    def ask(parent, title, start, file_filter):  # type: ignore[no-untyped-def]
        suggested.append(Path(start))
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(ask))
    window.export_as("docx")  # the export lands beside the "new" file unless that is bundled
    # A negotiation file there would be lost with the app's temporary files.
    window.act.new_notes.trigger()
    window.act.open_old.trigger()
    assert len(suggested) == 3
    bundled = Path(resource_path()).resolve()
    for start in suggested:
        assert not start.resolve().is_relative_to(bundled), start
        folder = start if start.is_dir() else start.parent
        assert folder.is_dir()


def test_an_export_no_program_can_open_says_where_the_file_is(
    qtbot, opened: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop import exporting

    target = tmp_path / "out.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "")))
    monkeypatch.setattr(exporting, "ask_after_export", lambda parent, path: "file")
    monkeypatch.setattr(exporting, "open_url", lambda url: False)
    with qtbot.waitSignal(opened.export_finished, timeout=WAIT_MS):
        opened.export_as("docx")
    message = opened.statusBar().currentMessage()
    assert "No program here opens .docx files" in message and str(target) in message


def test_the_shortcut_list_names_every_shortcut_of_the_window(window: MainWindow) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    from desktop.help import SHORTCUTS, shortcuts_html

    listed = " / ".join(keys for keys, _ in SHORTCUTS).replace(" ", "").split("/")
    for action in window.findChildren(QAction):
        # The main shortcut of each action (platform extras such as Alt+Backspace aside).
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        assert not keys or keys in listed, (keys, action.text())
    table = shortcuts_html()
    # One row per shortcut, keys and action in their own cells (so the columns line up).
    assert table.count("<tr>") == len(SHORTCUTS)
    assert "<td style='padding-right:16px'><b>Ctrl+Shift+O</b></td><td>Open the new" in table


def test_the_open_dialog_lists_every_readable_kind_and_opens_a_negotiation_file(
    qtbot, opened: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QFileDialog

    talks = tmp_path / "talks.redline"
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        assert opened.create_notes(talks)
    opened.session.close()
    filters: list[str] = []

    def choose(parent, title, start, file_filter):  # type: ignore[no-untyped-def]
        filters.append(file_filter)
        return str(talks), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    errors: list[str] = []
    opened.report_error = lambda title, message: errors.append(message)
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        opened.act.open_old.trigger()
    assert errors == []
    assert opened.session.notes is not None and opened.session.notes.path == talks
    for pattern in ("*.docx", "*.docm", "*.dotx", "*.pdf", "*.txt", "*.md", "*.redline"):
        assert pattern in filters[0]


def test_typing_on_after_saving_a_note_with_ctrl_enter_continues_where_the_cursor_was(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    window.notes_folder = tmp_path / "appdata"
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    window.go_to_row(window.model.row_of_paragraph("new", "OP3"))
    window.act.focus_panel.trigger()  # Ctrl+Shift+A
    note = window.panel.note
    note.setFocus()
    qtbot.keyClicks(note, "EU to confirm")
    # The first save creates the negotiation file and re-aligns; the panel is shown again.
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(note, " with capital")
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert note.toPlainText() == "EU to confirm with capital"
    assert window.session.notes is not None and window.session.pair_versions is not None
    [stored] = window.session.notes.annotations_for(window.session.pair_versions[1], "OP3")
    assert stored.note == "EU to confirm with capital"
