"""One version open alone (issue 5): its paragraphs are shown, the other column asks for a file,
and what needs two versions (changes, links, exports) waits until both are open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.models import HTML_ROLE, Column
from desktop.window import MainWindow
from diffing.readers import read_document
from tests.desktop.conftest import WAIT_MS
from tests.helpers import corpus

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _open_old_only(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.runner.finished, timeout=WAIT_MS):
        window.open_file("old", path)


def _texts(window: MainWindow, column: Column) -> list[str]:
    model = window.model
    return [str(model.index(row, column).data()) for row in range(model.rowCount())]


def test_an_old_version_alone_shows_its_paragraphs_and_asks_for_the_new_one(
    qtbot, window: MainWindow
) -> None:
    _open_old_only(qtbot, window, corpus.CND_60_2)
    document = read_document(corpus.CND_60_2)
    model = window.model

    assert _texts(window, Column.LABEL) == [p.label for p in document.paragraphs]
    assert _texts(window, Column.OLD) == [p.text for p in document.paragraphs]
    assert "OP1" in _texts(window, Column.LABEL) and "PP1" in _texts(window, Column.LABEL)
    new_cells = _texts(window, Column.NEW)
    assert "Open the new version (Ctrl+Shift+O)" in new_cells[0]
    assert all(cell == "" for cell in new_cells[1:])
    assert "not open" in str(model.headerData(Column.NEW, Qt.Orientation.Horizontal))

    # Read as it is: neither struck through as deleted nor underlined as new.
    for row in range(model.rowCount()):
        for column in (Column.OLD, Column.REDLINE):
            html = str(model.index(row, column).data(HTML_ROLE))
            assert "line-through" not in html and "underline" not in html
    assert document.paragraphs[3].text in str(model.index(3, Column.REDLINE).data())
    labels = [str(model.index(row, Column.LABEL).data(HTML_ROLE)) for row in range(3)]
    assert not any("deleted" in label or "new" in label for label in labels)

    assert window.navigator.proxy.rowCount() == len(document.paragraphs)
    assert window.current_view().isVisible() and window.current_row() == 0
    for action in (
        window.act.next,
        window.act.previous,
        window.act.link,
        window.act.unlink,
        *window.act.exports.values(),
    ):
        assert not action.isEnabled(), action.text()
    assert "need both versions" in window.summary.text()
    assert window.statusBar().currentMessage() == ""  # "Reading …" no longer hides the hint
    assert window.model.comparison is None  # annotations and exports see no comparison


def test_a_broken_new_version_keeps_the_old_one_shown_until_a_good_one_opens(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    _open_old_only(qtbot, window, corpus.COP_10_2_DRAFT)
    document = read_document(corpus.COP_10_2_DRAFT)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a Word file")

    with qtbot.waitSignal(window.document_failed, timeout=WAIT_MS):
        window.open_file("new", broken)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT_MS)
    assert shown and "broken.docx" in shown[0]
    assert window.model.single_side == "old"
    assert _texts(window, Column.OLD) == [p.text for p in document.paragraphs]
    assert not window.act.next.isEnabled()

    with qtbot.waitSignal(window.comparison_shown, timeout=WAIT_MS):
        window.open_file("new", corpus.COP_11_6)
    assert window.model.single_side is None and window.model.comparison is not None
    assert "Open the new version" not in _texts(window, Column.NEW)[0]
    assert window.act.next.isEnabled() and window.act.exports["docx"].isEnabled()
    assert any(window.model.is_change(row) for row in range(window.model.rowCount()))


def test_a_new_version_alone_shows_in_the_new_column(qtbot, window: MainWindow) -> None:
    _open_old_only(qtbot, window, corpus.CND_60_2)
    window.act.swap.trigger()
    document = read_document(corpus.CND_60_2)
    assert window.model.single_side == "new"
    assert _texts(window, Column.NEW) == [p.text for p in document.paragraphs]
    assert "Open the old version (Ctrl+O)" in _texts(window, Column.OLD)[0]


def test_the_single_version_model_passes_the_model_tester(
    qtmodeltester, qtbot, window: MainWindow
) -> None:
    _open_old_only(qtbot, window, corpus.CND_60_2)
    qtmodeltester.check(window.model)
    window.navigator.search.setText("narcotic")
    qtmodeltester.check(window.navigator.proxy)
    assert 0 < window.navigator.proxy.rowCount() < window.model.rowCount()
