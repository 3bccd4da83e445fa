"""Fixtures for the desktop tests: a main window with its own settings file, drained at teardown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from desktop.window import MainWindow, make_settings

WAIT_MS = 60_000


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    main = MainWindow(make_settings(tmp_path / "settings.ini"))
    main.notes_folder = tmp_path / "appdata"  # never the user's own data folder
    qtbot.addWidget(main)
    main.resize(1200, 800)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    QThreadPool.globalInstance().waitForDone()


def open_pair(qtbot, main: MainWindow, old: Path, new: Path) -> None:
    with qtbot.waitSignal(main.comparison_shown, timeout=WAIT_MS):
        main.open_files(old, new)


@pytest.fixture(autouse=True, scope="session")
def _empty_clipboard_at_exit(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Qt's offscreen platform crashes at exit while its clipboard holds rich data set from
    Python (Ctrl+C copies HTML); the real platforms (xcb, Windows, macOS) do not. Empty it."""
    yield
    qapp.clipboard().clear()
