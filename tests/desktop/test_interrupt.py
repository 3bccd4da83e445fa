"""Ctrl+C in the terminal that started the app closes its window as the close button does,
instead of a KeyboardInterrupt traceback (found by a new user's run: two tracebacks)."""

from __future__ import annotations

import signal

from desktop.app import close_on_interrupt
from desktop.window import MainWindow
from tests.desktop.conftest import WAIT_MS


def test_ctrl_c_closes_the_window_and_keeps_the_settings(qtbot, window: MainWindow) -> None:
    restore = close_on_interrupt(window)
    try:
        window.resize(1000, 700)
        signal.raise_signal(signal.SIGINT)  # what the terminal sends for Ctrl+C
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    finally:
        restore()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    # closed as by its close button: the window's geometry was saved on the way out
    assert window.settings.geometry is not None and not window.settings.geometry.isEmpty()
