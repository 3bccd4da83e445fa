"""Files in and out of the window: exports through the menu, a broken file, the item models."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop import exporting
from desktop.models import ComparisonModel, NavigatorFilter
from desktop.window import MainWindow
from diffing.model import Relation
from tests.desktop.conftest import WAIT_MS, open_pair
from tests.helpers import corpus

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def opened(qtbot, window: MainWindow) -> MainWindow:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    return window


def _menu_action(main: MainWindow, text_start: str):
    for action in main.menus.export.actions():
        if action.text().replace("&", "").startswith(text_start):
            return action
    raise AssertionError(f"no export menu entry starting {text_start!r}")


@pytest.fixture
def export_dialogs(monkeypatch, tmp_path: Path):
    """Answer the save dialog with a path in tmp_path; record the after-export question."""
    asked: list[Path] = []
    opened_urls: list[str] = []

    def save_name(parent, caption, directory, file_filter):
        return str(tmp_path / Path(directory).name), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)

    def ask(parent, path: Path) -> str:
        asked.append(path)
        return "folder"

    monkeypatch.setattr(exporting, "ask_after_export", ask)
    monkeypatch.setattr(exporting, "open_url", lambda url: opened_urls.append(url.toLocalFile()))
    return asked, opened_urls


def test_word_export_through_the_menu_writes_tracked_changes(
    qtbot, opened: MainWindow, export_dialogs, tmp_path: Path
) -> None:
    asked, opened_urls = export_dialogs
    with qtbot.waitSignal(opened.export_finished, timeout=WAIT_MS) as blocker:
        _menu_action(opened, "Word with tracked").trigger()
    path = Path(blocker.args[0])
    assert path.parent == tmp_path and path.suffix == ".docx"
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        body = package.read("word/document.xml").decode("utf-8")
    assert "<w:ins " in body and "<w:del " in body
    # A paragraph only the new version has is in the file.
    assert "Commission on Narcotic Drugs resolution 65/2" in body
    assert asked == [path]
    assert opened_urls == [str(tmp_path)]


def test_html_and_table_and_pdf_exports(
    qtbot, opened: MainWindow, export_dialogs, tmp_path: Path
) -> None:
    with qtbot.waitSignal(opened.export_finished, timeout=WAIT_MS) as blocker:
        _menu_action(opened, "HTML").trigger()
    html = Path(blocker.args[0]).read_text(encoding="utf-8")
    assert "<html" in html.lower() and "65/2" in html
    with qtbot.waitSignal(opened.export_finished, timeout=WAIT_MS) as blocker:
        _menu_action(opened, "Comparison table").trigger()
    with zipfile.ZipFile(blocker.args[0]) as package:
        assert "<w:tbl>" in package.read("word/document.xml").decode("utf-8")
    with qtbot.waitSignal(opened.export_finished, timeout=WAIT_MS) as blocker:
        _menu_action(opened, "PDF").trigger()
    pdf = Path(blocker.args[0])
    assert pdf.suffix == ".pdf" and pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 5000
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".redline-")]


def test_cancelled_save_dialog_writes_nothing(opened: MainWindow, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    _menu_action(opened, "Word with tracked").trigger()
    assert not opened.runner.is_running("export")
    assert list(tmp_path.glob("*.docx")) == []


def test_broken_file_shows_a_dialog_and_keeps_the_other_side(
    qtbot, opened: MainWindow, monkeypatch, tmp_path: Path
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text))
    )
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a Word file")
    rows = opened.model.rowCount()
    before = opened.model.comparison
    with qtbot.waitSignal(opened.document_failed, timeout=WAIT_MS) as blocker:
        opened.open_file("new", broken)
    assert blocker.args[0] == "new"
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Cannot open the document"
    assert "broken.docx" in text and "\n" not in text and "Traceback" not in text
    # Both versions that were open are still open and shown.
    assert opened.model.comparison is before and opened.model.rowCount() == rows
    assert opened.session.paths["new"] == Path(corpus.COP_11_6)
    assert opened.session.documents["old"] is not None


def test_missing_file_on_one_side_keeps_the_other_open(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    with qtbot.waitSignal(window.document_failed, timeout=WAIT_MS):
        window.open_files(corpus.CND_60_2, tmp_path / "gone.txt")
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT_MS)
    assert shown and "gone.txt" in shown[0]
    assert window.session.documents["old"] is not None and window.session.documents["new"] is None


def test_every_item_model_passes_the_model_tester(qtmodeltester, opened: MainWindow) -> None:
    qtmodeltester.check(opened.model)
    navigator = opened.navigator
    navigator.changed_only.setChecked(True)
    navigator.relation.setCurrentIndex(navigator.relation.findData(Relation.MODIFIED.value))
    qtmodeltester.check(navigator.proxy)
    empty = ComparisonModel()
    qtmodeltester.check(empty)
    proxy = NavigatorFilter()
    proxy.setSourceModel(empty)
    qtmodeltester.check(proxy)


def test_a_text_saved_under_a_word_name_is_compared_and_the_user_told(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """A plain text named .docx is read by its content, as the command line does, and the
    status bar says so in one line — kept after the alignment's own messages."""
    misnamed = tmp_path / "revised.docx"
    misnamed.write_bytes(Path(corpus.COP_11_6).read_bytes())
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, misnamed)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == (
        "revised.docx: named .docx but holds plain text; read as text."
    )
    assert window.model.rowCount() > 50  # compared paragraph by paragraph, not as nothing


def test_a_well_named_file_brings_no_notice(qtbot, window: MainWindow) -> None:
    open_pair(qtbot, window, corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT_MS)
    assert "read as text" not in window.statusBar().currentMessage()
