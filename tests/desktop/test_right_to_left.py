"""Arabic in the app (issue 17): every cell of an Arabic pair is laid out right to left as Qt
draws it, in both versions' columns and the redline; English cells stay left to right."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from desktop.models import HTML_ROLE, Column
from desktop.window import MainWindow
from tests.desktop.conftest import open_pair

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

DATA = Path(__file__).resolve().parent.parent / "data" / "languages"


def direction(html: str) -> Qt.LayoutDirection:
    document = QTextDocument()
    document.setHtml(html)
    return document.firstBlock().textDirection()


def test_arabic_cells_read_right_to_left(qtbot, window: MainWindow) -> None:
    open_pair(qtbot, window, DATA / "ar_old.txt", DATA / "ar_new.txt")
    model = window.model
    checked = 0
    for row in range(model.rowCount()):
        for column in (Column.OLD, Column.NEW, Column.REDLINE):
            html = model.index(row, column).data(HTML_ROLE)
            if html and any("\u0600" <= c <= "\u06ff" for c in html):
                assert direction(html) is Qt.LayoutDirection.RightToLeft, (row, column, html)
                checked += 1
    assert checked >= 25


def test_english_cells_stay_left_to_right(qtbot, window: MainWindow) -> None:
    data = Path(__file__).resolve().parent.parent / "data" / "compilation"
    open_pair(qtbot, window, data / "salw_round1.txt", data / "salw_round2.txt")
    html = window.model.index(1, Column.NEW).data(HTML_ROLE)
    assert direction(html) is Qt.LayoutDirection.LeftToRight
