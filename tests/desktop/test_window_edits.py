"""Edits a user makes are never lost and mean what they say: link, quit, relaunch; unlink."""

from __future__ import annotations

import itertools
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QFileDialog

from desktop.app import open_last_or_example
from desktop.models import Column
from desktop.window import MainWindow, make_settings
from diffing.model import ManualLink, Relation
from tests.desktop.conftest import WAIT_MS, open_pair
from tests.helpers import corpus

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _pick(main: MainWindow, row: int, column: Column, add: bool) -> None:
    flag = QItemSelectionModel.SelectionFlag
    main.selection.setCurrentIndex(
        main.model.index(row, column), flag.Select if add else flag.ClearAndSelect
    )


def _pairs(main: MainWindow) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    assert main.model.comparison is not None
    return {(e.old, e.new) for e in main.model.comparison.entries}


def test_a_link_survives_quitting_and_starting_again(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    window.report_error = lambda title, message: pytest.fail(f"{title}: {message}")
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    entries = window.model.comparison.entries  # type: ignore[union-attr]
    deleted = next(i for i, e in enumerate(entries) if e.relation is Relation.DELETED)
    inserted = next(i for i, e in enumerate(entries) if e.relation is Relation.INSERTED)
    link = (entries[deleted].old, entries[inserted].new)
    _pick(window, deleted, Column.OLD, add=False)
    _pick(window, inserted, Column.NEW, add=True)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        qtbot.keyClick(window.current_view(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert link in _pairs(window)
    assert not window.isWindowModified()  # nothing waits to be saved
    assert window.place.isVisible() and window.place.toolTip().startswith(str(tmp_path))
    window.close()

    again = MainWindow(make_settings(tmp_path / "settings.ini"))
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.comparison_shown, timeout=WAIT_MS):
        open_last_or_example(again)  # what `redline` alone does at the next start
    assert link in _pairs(again)
    [manual] = [e for e in again.model.comparison.entries if e.manual]  # type: ignore[union-attr]
    assert (manual.old, manual.new) == link
    again.close()


def test_unlinking_a_moved_pair_leaves_a_deleted_and_a_new_paragraph(
    qtbot, window: MainWindow
) -> None:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    entries = window.model.comparison.entries  # type: ignore[union-attr]
    row = next(
        i
        for i, e in enumerate(entries)
        if e.relation in (Relation.MOVED, Relation.MODIFIED) and len(e.old) == len(e.new) == 1
    )
    pair = (entries[row].old, entries[row].new)
    window.go_to_row(row)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        qtbot.keyClick(window.current_view(), Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    model = window.model
    old_row = model.row_of_paragraph("old", pair[0][0])
    new_row = model.row_of_paragraph("new", pair[1][0])
    assert model.entry(old_row).relation is Relation.DELETED and not model.entry(old_row).new
    assert model.entry(new_row).relation is Relation.INSERTED and not model.entry(new_row).old
    assert model.label(old_row).startswith("deleted") and model.label(new_row).startswith("new")


def test_add_version_cancelled_creates_no_negotiation_file(
    qtbot, window: MainWindow, monkeypatch
) -> None:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    qtbot.keyClick(
        window.current_view(),
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    assert window.session.notes is None
    assert not window.notes_folder.exists() or not any(window.notes_folder.iterdir())


def test_the_pdf_export_gets_the_same_mode_as_the_word_export(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:
    from desktop import exporting

    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda parent, caption, directory, file_filter: (
            str(tmp_path / Path(directory).name),
            file_filter,
        ),
    )
    monkeypatch.setattr(exporting, "ask_after_export", lambda parent, path: "")
    modes = {}
    for fmt in ("docx", "pdf"):
        with qtbot.waitSignal(window.export_finished, timeout=WAIT_MS) as blocker:
            window.act.exports[fmt].trigger()
        modes[fmt] = stat.S_IMODE(Path(blocker.args[0]).stat().st_mode)
    assert modes["pdf"] == modes["docx"] and modes["pdf"] & 0o044  # readable as others' files


def test_an_original_changed_on_disk_is_said_in_the_status_bar_at_the_next_start(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes(corpus.COP_10_2_DRAFT.read_bytes())
    new.write_bytes(corpus.COP_11_6.read_bytes())
    open_pair(qtbot, window, old, new)
    talks = tmp_path / "talks.redline"
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        assert window.create_notes(talks)
    window.close()
    new.write_text(new.read_text("utf-8") + "\nA later addition.\n", "utf-8")

    again = MainWindow(make_settings(tmp_path / "settings.ini"))
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.comparison_shown, timeout=WAIT_MS):
        open_last_or_example(again)  # aligns afresh: "Aligning paragraphs…" must not hide it
    shown = again.statusBar().currentMessage()
    assert "new.txt" in shown and "changed on disk" in shown
    again.close()


def _chars_per_line(view, column: Column) -> float:  # type: ignore[no-untyped-def]
    from desktop.views import PADDING

    return (view.columnWidth(column) - 2 * PADDING) / view.fontMetrics().averageCharWidth()


def test_at_1280_by_800_each_text_column_holds_60_characters_a_line(
    qtbot, window: MainWindow
) -> None:
    window.resize(1280, 800)
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    qtbot.waitUntil(lambda: window.width() == 1280)
    assert window.navigator_dock.isVisible() and not window.panel_dock.isVisible()
    for column in (Column.OLD, Column.NEW):
        assert _chars_per_line(window.side_view, column) >= 60
    # The panel comes when asked for.
    window.act.focus_panel.trigger()
    assert window.panel_dock.isVisible()


def test_zoom_with_keys_and_ctrl_wheel_is_remembered(qtbot, window: MainWindow, tmp_path) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    view = window.side_view
    normal = view.font().pointSizeF()
    row_height = view.rowHeight(0)
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    larger = view.font().pointSizeF()
    assert larger > normal
    qtbot.waitUntil(lambda: view.rowHeight(0) > row_height)  # the rows grow with the text
    wheel = QWheelEvent(
        QPointF(50, 50),
        QPointF(view.viewport().mapToGlobal(QPoint(50, 50))),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    zoomed = view.font().pointSizeF()
    assert normal < zoomed < larger  # the wheel turned towards the user: one step smaller
    assert window.navigator.table.font().pointSizeF() == zoomed
    window.close()

    again = MainWindow(make_settings(tmp_path / "settings.ini"))
    qtbot.addWidget(again)
    assert again.side_view.font().pointSizeF() == zoomed
    assert again.act.zoom_reset.shortcut().toString() == "Ctrl+0"
    again.act.zoom_reset.trigger()
    assert again.side_view.font().pointSizeF() == normal
    again.close()


def test_a_narrow_window_keeps_the_navigator_labels_readable(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        assert window.create_notes(tmp_path / "talks.redline")  # the status column shows
    window.resize(760, 600)
    qtbot.waitUntil(lambda: window.width() == 760)
    table = window.navigator.table
    metrics = table.fontMetrics()
    # Labels are never cut to "P…": the column holds a split's name; statuses are whole.
    assert table.columnWidth(Column.LABEL) >= metrics.horizontalAdvance("OP88 → OP88")
    for word in ("unchanged", "modified", "informals ⚠", "bracketed ⚠"):
        column = Column.STATUS if "⚠" in word else Column.RELATION
        assert table.columnWidth(column) > metrics.horizontalAdvance(word)


def test_ctrl_c_in_the_redline_copies_rich_text_and_plain_text_with_sane_spacing(
    qtbot, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QApplication

    from diffing.model import DELETE, INSERT

    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    window.act.redline.trigger()
    comparison = window.model.comparison
    assert comparison is not None
    # A paragraph where a deleted word is followed straight by an inserted one.
    row = next(
        i
        for i, e in enumerate(comparison.entries)
        if any(a[0] == DELETE and b[0] == INSERT for a, b in itertools.pairwise(e.diff))
    )
    window.go_to_row(row)
    qtbot.keyClick(window.current_view(), Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QApplication.clipboard().mimeData()
    entry = comparison.entries[row]
    deleted, inserted = next(
        (a[1].strip(), b[1].strip())
        for a, b in itertools.pairwise(entry.diff)
        if a[0] == DELETE and b[0] == INSERT
    )
    assert f"[-{deleted}-]{{+{inserted}+}}" in data.text()
    assert deleted + inserted not in data.text()  # never "States partiesParties"
    assert data.hasHtml() and "line-through" in data.html()


def test_the_progress_bar_is_not_full_while_the_work_goes_on(qtbot, window: MainWindow) -> None:
    window.runner.busy_changed.emit(True)
    window._job_progressed("compare", 10, 10)  # the last paragraph diffed, not yet shown
    assert window.progress.value() < window.progress.maximum()


@pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard")
def test_alt_down_in_a_combo_box_opens_its_list_and_does_not_jump(
    qtbot, window: MainWindow
) -> None:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    window.go_to_row(0)
    combo = window.navigator.relation
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: combo.view().isVisible())
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_row() == 0
    combo.hidePopup()


def test_a_link_of_paragraphs_with_no_word_in_common_is_asked_first(
    qtbot, window: MainWindow
) -> None:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    asked: list[str] = []
    window.confirm = lambda title, message: asked.append(message) or False
    entries = window.model.comparison.entries  # type: ignore[union-attr]
    from diffing.relink import relink

    shown = window._base
    assert shown is not None
    base = shown.cache
    deleted_ids = [e.old for e in entries if e.relation is Relation.DELETED]
    new_ids = [e.new for e in entries if e.new]
    # An old paragraph and a new one that share no word at all.
    old, new = next(
        (o, n)
        for o in deleted_ids
        for n in new_ids
        if next(e for e in relink(base.base, [ManualLink(o, n)]).entries if e.old == o).similarity
        == 0.0
    )
    before = _pairs(window)
    _pick(window, window.model.row_of_paragraph("old", old[0]), Column.OLD, add=False)
    _pick(window, window.model.row_of_paragraph("new", new[0]), Column.NEW, add=True)
    window.link_selected()
    assert len(asked) == 1 and "0 % similar" in asked[0]
    assert _pairs(window) == before and window.session.undo_stack.count() == 0  # refused: unchanged
    assert window.session.notes is None  # and no negotiation file made for it


def test_a_damaged_pdf_is_refused_in_our_words_not_the_pdf_librarys(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    shown: list[str] = []
    window.report_error = lambda title, message: shown.append(message)
    damaged = tmp_path / "draft.pdf"
    damaged.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog\n")  # cut off mid-file
    with qtbot.waitSignal(window.document_failed, timeout=WAIT_MS) as blocker:
        window.open_file("old", damaged)
    assert shown == [blocker.args[1]]
    assert shown[0].startswith("draft.pdf: ") and "damaged" in shown[0]
    assert "PDFNoValidXRef" not in shown[0] and "EOF" not in shown[0]


def test_file_print_goes_through_the_print_dialog(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtPrintSupport import QPrinter

    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    target = tmp_path / "printed.pdf"
    asked: list[object] = []

    def choose(printer: QPrinter) -> bool:  # what the user picks in the dialog
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    window.ask_print = choose  # type: ignore[method-assign]
    window.act.print.trigger()
    assert len(asked) == 1
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 5000
    window.ask_print = lambda printer: False  # type: ignore[method-assign]
    target.unlink()
    window.act.print.trigger()  # cancelled: nothing printed
    assert not target.exists()


def test_recent_files_list_negotiation_files_too(qtbot, window: MainWindow, tmp_path: Path) -> None:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    talks = tmp_path / "talks.redline"
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        assert window.create_notes(talks)
    window.menus.recent.aboutToShow.emit()
    texts = [action.text() for action in window.menus.recent.actions()]
    assert texts[0] == "talks.redline"
    assert f"{corpus.COP_10_2_DRAFT.name} → {corpus.COP_11_6.name}" in texts


def test_search_marks_the_words_in_the_text_and_brings_the_found_row_to_the_top(
    qtbot, window: MainWindow
) -> None:
    from desktop.models import HTML_ROLE

    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    window.focus_search()
    qtbot.keyClicks(window.navigator.search, "Firearms Protocol")
    table = window.navigator.table
    qtbot.waitUntil(lambda: 0 < window.navigator.proxy.rowCount() < window.model.rowCount())
    last = window.navigator.proxy.index(window.navigator.proxy.rowCount() - 1, Column.LABEL)
    table.setCurrentIndex(last)
    row = window.current_row()
    column = window.selection.currentIndex().column()
    marked = window.model.index(row, column).data(HTML_ROLE)
    assert window.model.HIGHLIGHT in marked
    view = window.current_view()
    assert view.rowAt(0) == row  # at the top, not somewhere at the bottom
    window.navigator.search.clear()
    assert window.model.HIGHLIGHT not in window.model.index(row, column).data(HTML_ROLE)


def test_a_row_shows_that_its_paragraph_has_a_note(qtbot, window: MainWindow) -> None:
    from desktop.models import HTML_ROLE, NOTE_MARK

    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    row = window.model.row_of_paragraph("new", "OP3")
    window.go_to_row(row)
    window.act.focus_panel.trigger()
    label = window.model.index(row, Column.LABEL)
    assert NOTE_MARK not in label.data(HTML_ROLE)
    window.panel.note.setFocus()
    qtbot.keyClicks(window.panel.note, "EU to confirm")
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        qtbot.keyClick(window.panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    row = window.model.row_of_paragraph("new", "OP3")
    assert NOTE_MARK in window.model.index(row, Column.LABEL).data(HTML_ROLE)
    other = window.model.row_of_paragraph("new", "OP4")
    assert NOTE_MARK not in window.model.index(other, Column.LABEL).data(HTML_ROLE)


def test_a_link_redraws_only_its_rows_and_the_view_keeps_its_place(
    qtbot, qtmodeltester, window: MainWindow
) -> None:
    """Link, unlink, undo and redo far down a long text: the rows shown are exactly what a
    fresh comparison with those links shows (labels included), and the view stays where the
    user reads instead of jumping or re-laying out every row."""
    from desktop import present
    from diffing.relink import compare_linked

    window.report_error = lambda title, message: pytest.fail(f"{title}: {message}")
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    model = window.model
    entries = model.comparison.entries  # type: ignore[union-attr]
    deleted = max(i for i, e in enumerate(entries) if e.relation is Relation.DELETED)
    paired = max(i for i, e in enumerate(entries) if e.relation is Relation.MODIFIED and e.old)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))

    def check_rows() -> None:
        shown = model.comparison
        assert shown is not None
        _, fresh = compare_linked(shown.old, shown.new, shown.options, window.session.links)
        assert [(e.old, e.new, e.relation) for e in fresh.entries] == [
            (e.old, e.new, e.relation) for e in (model.entry(r) for r in range(model.rowCount()))
        ]
        assert [model.label(r) for r in range(model.rowCount())] == list(
            present.entry_labels(fresh)
        )

    _pick(window, deleted, Column.OLD, add=False)
    _pick(window, paired, Column.NEW, add=True)
    view = window.current_view()
    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.act.link.trigger()  # the first link makes the negotiation file
    check_rows()
    resets.clear()
    # The model tester watches every row removed and inserted from here on.
    qtmodeltester.check(model, force_py=True)
    # The rest in the redline view (Ctrl+2): it keeps the place the same way.
    window.act.redline.trigger()
    view = window.current_view()
    assert view is window.redline_view
    row = window.current_row()
    qtbot.waitUntil(lambda: row in view.fully_visible_rows())
    for edit in (
        window.act.unlink.trigger,
        window.act.undo.trigger,
        window.act.redo.trigger,
        window.act.undo.trigger,
    ):
        with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
            edit()
        check_rows()
        assert window.current_row() in view.fully_visible_rows()
        # The navigator stays on the same entry, in view.
        table = window.navigator.table
        current = table.currentIndex()
        assert window.navigator.proxy.mapToSource(current).row() == window.current_row()
        assert table.viewport().rect().contains(table.visualRect(current).center())
    assert resets == []
