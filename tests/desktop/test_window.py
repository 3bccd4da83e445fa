"""The main window driven as a user drives it: open the corpus pair, read the rows, move through
the changes with the keyboard, filter the navigator, switch views, fix the alignment by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from desktop.models import CHANGED_ROLE, Column
from desktop.present import is_change
from desktop.window import MainWindow
from diffing.model import DiffOptions, Relation
from tests.desktop.conftest import WAIT_MS, open_pair
from tests.helpers import corpus

# The offscreen platform cannot size native dock windows; it says so once per window.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def opened(qtbot, window: MainWindow) -> MainWindow:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    return window


def labels(main: MainWindow) -> list[str]:
    return [main.model.index(row, Column.LABEL).data() for row in range(main.model.rowCount())]


def test_corpus_pair_shows_every_paragraph_once_with_its_label(opened: MainWindow) -> None:
    comparison = opened.model.comparison
    assert comparison is not None
    assert opened.model.rowCount() == len(comparison.entries) > 40
    shown_old = [pid for e in comparison.entries for pid in e.old]
    shown_new = [pid for e in comparison.entries for pid in e.new]
    assert sorted(shown_old) == sorted(p.id for p in comparison.old.paragraphs)
    assert sorted(shown_new) == sorted(p.id for p in comparison.new.paragraphs)

    names = labels(opened)
    assert names[0] == "title (modified)"  # 10/2 draft and 11/6 have different titles
    for row, (name, entry) in enumerate(zip(names, comparison.entries, strict=True)):
        old_text = opened.model.index(row, Column.OLD).data()
        new_text = opened.model.index(row, Column.NEW).data()
        if entry.relation is Relation.INSERTED:
            assert name.startswith("new ") and old_text == "" and new_text
        elif entry.relation is Relation.DELETED:
            assert name.startswith("deleted ") and new_text == "" and old_text
        else:
            assert old_text and new_text
            assert " → " in name or entry.old == entry.new
            if entry.relation is not Relation.UNCHANGED:
                assert name.endswith(f"({entry.relation.value})")
    # 11/6 (2022) recalls CND resolution 65/2 (March 2022), which the 2020 draft could not.
    recalled = [n for row, n in enumerate(names) if "65/2" in opened.model.index(row, 2).data()]
    assert recalled and recalled[0].startswith("new PP")
    # The title bar names both versions; the summary line counts the changes.
    assert "11/6" in opened.windowTitle() and "→" in opened.windowTitle()
    modified = sum(1 for e in comparison.entries if e.relation is Relation.MODIFIED)
    assert f"{modified} modified" in opened.summary.text()
    assert "words" in opened.summary.text()


def test_redline_cells_strike_deletions_and_underline_insertions(opened: MainWindow) -> None:
    from desktop.models import HTML_ROLE

    comparison = opened.model.comparison
    assert comparison is not None
    row = next(
        i
        for i, e in enumerate(comparison.entries)
        if e.relation is Relation.MODIFIED
        and any(op == "-" for op, _ in e.diff)
        and any(op == "+" for op, _ in e.diff)
    )
    old_html = opened.model.index(row, Column.OLD).data(HTML_ROLE)
    new_html = opened.model.index(row, Column.NEW).data(HTML_ROLE)
    redline = opened.model.index(row, Column.REDLINE).data(HTML_ROLE)
    assert "line-through" in old_html and "underline" not in old_html
    assert "underline" in new_html and "line-through" not in new_html
    assert "line-through" in redline and "underline" in redline
    spoken = opened.model.index(row, Column.REDLINE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "[deleted: " in spoken and "[inserted: " in spoken


def test_keyboard_moves_from_change_to_change(qtbot, opened: MainWindow) -> None:
    model = opened.model
    changed = [row for row in range(model.rowCount()) if model.index(row, 0).data(CHANGED_ROLE)]
    quiet = [row for row in range(model.rowCount()) if row not in changed]
    assert changed and quiet, "the pair has both changed and unchanged paragraphs"
    start = quiet[0]
    opened.go_to_row(start)
    view = opened.current_view()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F8)
    expected = next(row for row in changed if row > start)
    assert opened.current_row() == expected
    assert is_change(model.entry(opened.current_row()))
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert opened.current_row() == next(row for row in changed if row > expected)
    qtbot.keyClick(view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert opened.current_row() == expected
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    previous = [row for row in changed if row < expected]
    assert opened.current_row() == (previous[-1] if previous else expected)
    # The current row is on screen after a jump.
    opened.go_to_row(changed[-1])
    assert changed[-1] in view.visible_rows()
    qtbot.keyClick(view, Qt.Key.Key_F8)
    assert opened.current_row() == changed[-1]
    assert "No further change" in opened.statusBar().currentMessage()


def test_views_switch_with_ctrl_1_and_ctrl_2_keeping_the_place(qtbot, opened: MainWindow) -> None:
    opened.go_to_row(10)
    qtbot.keyClick(opened.current_view(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert opened.current_view() is opened.redline_view
    assert opened.redline_view.isVisible() and not opened.side_view.isVisible()
    assert opened.current_row() == 10
    qtbot.keyClick(opened.current_view(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert opened.current_view() is opened.side_view
    assert opened.current_row() == 10


def test_navigator_filters_and_jumps(qtbot, opened: MainWindow) -> None:
    navigator = opened.navigator
    comparison = opened.model.comparison
    assert comparison is not None
    total = len(comparison.entries)
    assert navigator.proxy.rowCount() == total

    navigator.changed_only.setChecked(True)
    assert navigator.proxy.rowCount() == sum(1 for e in comparison.entries if is_change(e))
    assert navigator.proxy.rowCount() < total
    navigator.changed_only.setChecked(False)

    navigator.relation.setCurrentIndex(navigator.relation.findData(Relation.DELETED.value))
    deleted = [e for e in comparison.entries if e.relation is Relation.DELETED]
    assert navigator.proxy.rowCount() == len(deleted) > 0
    for row in range(navigator.proxy.rowCount()):
        assert navigator.proxy.index(row, Column.LABEL).data().startswith("deleted ")
    navigator.relation.setCurrentIndex(navigator.relation.findData(Relation.MODIFIED.value))
    # The navigator's label leaves the relation to its Change column.
    first = navigator.proxy.index(0, Column.LABEL).data()
    assert "(modified)" not in first
    assert navigator.proxy.index(0, Column.RELATION).data() == "modified"
    navigator.relation.setCurrentIndex(0)

    qtbot.keyClicks(navigator.search, "65/2")
    assert 0 < navigator.proxy.rowCount() < total
    assert "of" in navigator.count.text()

    target = navigator.proxy.index(0, Column.LABEL)
    rect = navigator.table.visualRect(target)
    qtbot.mouseClick(navigator.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    source_row = navigator.proxy.mapToSource(target).row()
    assert opened.current_row() == source_row
    assert source_row in opened.current_view().visible_rows()

    qtbot.keyClick(opened.current_view(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert navigator.search.hasFocus()


def _select_cell(main: MainWindow, row: int, column: Column, add: bool) -> None:
    flag = QItemSelectionModel.SelectionFlag
    mode = flag.Select if add else flag.ClearAndSelect
    main.selection.setCurrentIndex(main.model.index(row, column), mode)


def _entry_pairs(main: MainWindow) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    comparison = main.model.comparison
    assert comparison is not None
    return {(e.old, e.new) for e in comparison.entries}


def test_link_and_unlink_with_undo_and_redo(qtbot, opened: MainWindow) -> None:
    comparison = opened.model.comparison
    assert comparison is not None
    before = _entry_pairs(opened)
    deleted_row = next(
        i for i, e in enumerate(comparison.entries) if e.relation is Relation.DELETED
    )
    inserted_row = next(
        i for i, e in enumerate(comparison.entries) if e.relation is Relation.INSERTED
    )
    old_ids = comparison.entries[deleted_row].old
    new_ids = comparison.entries[inserted_row].new
    _select_cell(opened, deleted_row, Column.OLD, add=False)
    _select_cell(opened, inserted_row, Column.NEW, add=True)
    assert opened.selected_sides() == (old_ids, new_ids)

    view = opened.current_view()
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        qtbot.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    linked = _entry_pairs(opened)
    assert (old_ids, new_ids) in linked
    manual = [e for e in opened.model.comparison.entries if e.manual]  # type: ignore[union-attr]
    assert [(e.old, e.new) for e in manual] == [(old_ids, new_ids)]
    # Nothing is left unsaved: the link is in a negotiation file made for it, and the status
    # bar says where.
    assert not opened.isWindowModified()
    assert (
        opened.session.notes is not None and opened.session.notes.path.parent == opened.notes_folder
    )
    assert str(opened.session.notes.path) in opened.statusBar().currentMessage()
    assert "Link" in opened.act.undo.text()

    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _entry_pairs(opened) == before

    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        opened.act.redo.trigger()
    assert _entry_pairs(opened) == linked

    # Unlink a paragraph the aligner paired: both sides then stand alone.
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        opened.act.undo.trigger()
    comparison = opened.model.comparison
    assert comparison is not None
    row = next(i for i, e in enumerate(comparison.entries) if e.relation is Relation.MODIFIED)
    pair = (comparison.entries[row].old, comparison.entries[row].new)
    opened.go_to_row(row)
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        qtbot.keyClick(view, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    # Unlinked means "not a pair": the old paragraph is deleted and the new one is new,
    # neither paired with a third paragraph instead.
    pairs = _entry_pairs(opened)
    assert pair not in pairs
    assert (pair[0], ()) in pairs and ((), pair[1]) in pairs
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        opened.act.undo.trigger()
    assert pair in _entry_pairs(opened)


def test_link_without_two_sides_explains_what_to_select(opened: MainWindow) -> None:
    _select_cell(opened, 0, Column.OLD, add=False)
    opened.link_selected()
    assert "Select an old paragraph" in opened.statusBar().currentMessage()
    assert opened.session.undo_stack.count() == 0


def test_swap_versions_turns_insertions_into_deletions(qtbot, opened: MainWindow) -> None:
    comparison = opened.model.comparison
    assert comparison is not None
    inserted = sum(1 for e in comparison.entries if e.relation is Relation.INSERTED)
    deleted = sum(1 for e in comparison.entries if e.relation is Relation.DELETED)
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        opened.act.swap.trigger()
    swapped = opened.model.comparison
    assert swapped is not None
    assert sum(1 for e in swapped.entries if e.relation is Relation.INSERTED) == deleted
    assert sum(1 for e in swapped.entries if e.relation is Relation.DELETED) == inserted
    assert opened.windowTitle().startswith("Resolution 11/6 →")


def test_options_recompute_and_are_remembered(qtbot, opened: MainWindow, monkeypatch) -> None:
    from desktop import dialogs

    def accept(dialog: dialogs.OptionsDialog) -> int:
        dialog.checks["ignore_case"].setChecked(True)
        dialog.checks["ignore_punctuation"].setChecked(True)
        dialog.author_edit.setText("  Delegation of Mexico ")
        return 1

    monkeypatch.setattr(dialogs.OptionsDialog, "exec", accept)
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        opened.act.options.trigger()
    comparison = opened.model.comparison
    assert comparison is not None
    assert comparison.options.ignore_case and comparison.options.ignore_punctuation
    assert opened.settings.diff_options.ignore_case
    assert opened.settings.author == "Delegation of Mexico"


def test_recent_pairs_are_listed_in_the_file_menu(opened: MainWindow) -> None:
    opened.menus.recent.aboutToShow.emit()
    texts = [action.text() for action in opened.menus.recent.actions()]
    assert texts == [f"{corpus.COP_10_2_DRAFT.name} → {corpus.COP_11_6.name}"]


def test_example_opens_from_the_help_menu(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.example.trigger()
    assert window.model.rowCount() > 40
    assert (
        window.session.paths["old"] is not None
        and window.session.paths["old"].name == "cop-10-2-draft.txt"
    )


def test_one_side_only_says_what_is_missing(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        window.open_file("old", corpus.CND_60_2)
    assert window.model.comparison is None
    assert "Open the new version" in window.summary.text()


def test_dropping_a_file_on_the_right_half_opens_the_new_version(qtbot, opened: MainWindow) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    view = opened.side_view
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(corpus.CND_60_2))])
    right = view.columnViewportPosition(Column.NEW) + 20
    event = QDropEvent(
        QPointF(right, 30),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(opened.comparison_shown, timeout=WAIT_MS):
        view.dropEvent(event)
    assert opened.session.paths["new"] == Path(corpus.CND_60_2)
    assert opened.session.paths["old"] == Path(corpus.COP_10_2_DRAFT)


def test_cancel_stops_a_slow_alignment_and_keeps_the_window_usable(
    qtbot, opened: MainWindow, monkeypatch
) -> None:
    import threading

    import desktop.window as window_module
    from diffing.errors import Cancelled

    started = threading.Event()

    def slow_compare(old, new, options, links):
        def work(progress, cancelled):
            progress(1, 10)
            started.set()
            while not cancelled():
                threading.Event().wait(0.01)
            raise Cancelled()

        return work

    monkeypatch.setattr(window_module, "compare_work", slow_compare)
    before = opened.model.comparison
    opened.set_options(DiffOptions(ignore_case=True))  # a new alignment, not only new links
    qtbot.waitUntil(lambda: opened.cancel_button.isVisible() and started.is_set())
    assert opened.progress.isVisible()
    with qtbot.waitSignal(opened.runner.cancelled, timeout=WAIT_MS):
        qtbot.mouseClick(opened.cancel_button, Qt.MouseButton.LeftButton)
    assert "cancelled" in opened.statusBar().currentMessage()
    assert not opened.cancel_button.isVisible() and not opened.progress.isVisible()
    # Esc cancels too.
    started.clear()
    opened.recompute()
    qtbot.waitUntil(lambda: started.is_set() and opened.act.cancel.isEnabled())
    with qtbot.waitSignal(opened.runner.cancelled, timeout=WAIT_MS):
        qtbot.keyClick(opened.current_view(), Qt.Key.Key_Escape)
    assert not opened.cancel_button.isVisible() and not opened.progress.isVisible()
    assert opened.model.comparison is before


def test_redline_colours_follow_a_dark_palette(qtbot, opened: MainWindow) -> None:
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from desktop.models import HTML_ROLE
    from desktop.present import Colours

    comparison = opened.model.comparison
    assert comparison is not None
    row = next(i for i, e in enumerate(comparison.entries) if e.relation is Relation.DELETED)
    light = opened.model.index(row, Column.OLD).data(HTML_ROLE)
    assert Colours.for_dark(False).deleted in light
    app = QApplication.instance()
    original = app.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(
            lambda: (
                Colours.for_dark(True).deleted
                in opened.model.index(row, Column.OLD).data(HTML_ROLE)
            )
        )
    finally:
        app.setPalette(original)


def test_first_start_shows_the_example_and_later_starts_the_last_pair(
    qtbot, window: MainWindow
) -> None:
    from desktop.app import open_last_or_example

    assert not window.settings.started_before
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        open_last_or_example(window)
    assert (
        window.session.paths["new"] is not None
        and window.session.paths["new"].name == "cop-11-6.txt"
    )
    window.settings.started_before = True
    window.settings.add_recent_pair(str(corpus.CND_L4_DRAFT), str(corpus.CND_60_2))
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        open_last_or_example(window)
    assert window.session.paths == {"old": Path(corpus.CND_L4_DRAFT), "new": Path(corpus.CND_60_2)}


def test_ctrl_c_copies_the_selected_paragraph_text(qtbot, opened: MainWindow) -> None:
    from PySide6.QtWidgets import QApplication

    comparison = opened.model.comparison
    assert comparison is not None
    row = next(i for i, e in enumerate(comparison.entries) if e.relation is Relation.INSERTED)
    _select_cell(opened, row, Column.NEW, add=False)
    qtbot.keyClick(opened.current_view(), Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    pid = comparison.entries[row].new[0]
    assert QApplication.clipboard().text() == comparison.new.paragraph(pid).text


def test_help_about_names_the_version_and_the_offline_promise(monkeypatch, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from diffing import __version__

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "about", lambda parent, title, text: shown.append((title, text))
    )
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    about = next(a for a in help_menu.actions() if a.text() == "&About Redline")
    about.trigger()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "About Redline"
    assert f"Redline for resolutions {__version__}" in text
    assert "never uses the network" in text
