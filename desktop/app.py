"""Desktop layer: starting the application window.

`run_gui(args)` is what `redline` and `redline OLD NEW` run. Before Qt is asked for a window it
checks what Qt would otherwise report as a page of plugin errors and an abort: no display at all,
or the X11 (xcb) platform's system libraries missing — each becomes one line saying what to do.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from desktop.window import MainWindow

XCB_LIBRARIES = (
    # (soname, library name for find_library, Debian/Ubuntu package)
    ("libxcb-cursor.so.0", "xcb-cursor", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "xkbcommon-x11", "libxkbcommon-x11-0"),
    ("libxcb-icccm.so.4", "xcb-icccm", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "xcb-keysyms", "libxcb-keysyms1"),
    ("libxcb-image.so.0", "xcb-image", "libxcb-image0"),
    ("libxcb-render-util.so.0", "xcb-render-util", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "xcb-shape", "libxcb-shape0"),
)

HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs"}


def _loadable(soname: str, name: str) -> bool:
    """Whether the dynamic loader finds a library, by its soname or by find_library's search."""
    candidates = [soname]
    found = ctypes.util.find_library(name)
    if found and found != soname:
        candidates.append(found)
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return True
    return False


def missing_xcb_packages() -> list[str]:
    return [package for soname, name, package in XCB_LIBRARIES if not _loadable(soname, name)]


def display_problem(
    environ: dict[str, str] | None = None, platform: str = sys.platform
) -> str | None:
    """One line explaining why no window can open here, or None when it should open."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if chosen in HEADLESS_PLATFORMS:
        return None
    wayland, x11 = bool(env.get("WAYLAND_DISPLAY")), bool(env.get("DISPLAY"))
    if not wayland and not x11:
        return (
            "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set); run redline from a "
            "desktop session, or use the command-line tools (redline --help)"
        )
    uses_xcb = chosen == "xcb" or (not chosen and x11 and not wayland)
    if uses_xcb:
        missing = missing_xcb_packages()
        if missing:
            return (
                "the Qt xcb libraries are missing; install them with: sudo apt install "
                + " ".join(missing)
            )
    return None


def run_gui(args: list[str], *, debug: bool = False) -> int:
    """The app on `args` (none, OLD NEW, or FILE.redline); `debug` writes a log file."""
    # What was typed is checked before the display: a mistyped command or a missing file is
    # said as such, also where no window could open anyway.
    notes_file = len(args) == 1 and args[0].lower().endswith(".redline")
    if len(args) == 1 and not notes_file:
        from desktop.main import COMMANDS

        if Path(args[0]).is_file():
            wrong = "one version only; to compare, give both: redline OLD NEW"
        else:
            wrong = (
                f"neither a command ({', '.join(COMMANDS)}) nor a negotiation file (.redline); "
                "to compare two files: redline OLD NEW"
            )
        print(f"redline: {args[0]}: {wrong} (see redline --help)", file=sys.stderr)
        return 2
    if len(args) not in (0, 2) and not notes_file:
        print(
            "redline: give two files (OLD NEW), a negotiation file (.redline) or none; "
            "see redline --help",
            file=sys.stderr,
        )
        return 2
    missing = [path for path in args if not Path(path).exists()]
    if missing:
        print(f"redline: {missing[0]}: no such file", file=sys.stderr)
        return 2
    problem = display_problem()
    if problem is not None:
        print(f"redline: {problem}", file=sys.stderr)
        return 1

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop.window import MainWindow

    if QApplication.instance() is None:
        # Fractional desktop scaling (125 %, 150 %) is drawn at that scale, not rounded.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Redline")
    app.setOrganizationName("Redline")
    app.setApplicationDisplayName("Redline for resolutions")
    from desktop import logs

    log = logs.set_up(debug)
    if log is not None:
        print(f"redline: writing the log to {log}", file=sys.stderr)
    window = MainWindow()
    if notes_file:
        if not window.open_notes(args[0]):
            window.open_example()
    elif args:
        window.open_files(args[0], args[1])
    else:
        open_last_or_example(window)
    window.settings.started_before = True
    window.show()
    restore = close_on_interrupt(window)
    try:
        return app.exec()
    finally:
        restore()


def close_on_interrupt(window: MainWindow) -> Callable[[], None]:
    """Ctrl+C (SIGINT) in the terminal that started the app closes the window as its close
    button does — the note being typed kept, settings and the negotiation file saved — instead
    of ending the process with a KeyboardInterrupt traceback. Python runs a signal handler only
    between bytecodes, and Qt's event loop runs C: the C-level handler writes to a socket
    (`signal.set_wakeup_fd`) that a QSocketNotifier watches, which brings the loop back into
    Python at once. Returns a function that puts the previous handler back; the socket pair
    lives until it is called."""
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    previous_fd = signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)
    notifier.activated.connect(lambda: reader.recv(64))

    def interrupted(number: int, frame: object) -> None:
        logger.info("interrupted (signal %d): closing the window", number)
        window.close()

    previous = signal.signal(signal.SIGINT, interrupted)

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        reader.close()
        writer.close()

    return restore


def open_last_or_example(window: MainWindow) -> None:
    """`redline` alone: the bundled example on first start, later the last negotiation file
    (if it is still there) or else the last pair compared."""
    last_notes = window.settings.last_notes
    if last_notes and Path(last_notes).is_file() and window.open_notes(last_notes):
        return
    if window.settings.started_before:
        for old, new in window.settings.recent_pairs[:1]:
            if Path(old).exists() and Path(new).exists():
                window.open_files(old, new)
                return
    window.open_example()


def open_example_window(timeout_ms: int = 30_000) -> tuple[int, tuple[int, int]]:
    """Open the bundled example in a main window, wait until it is shown, paint it.

    Returns (rows shown, (width, height) of the painted image). Used by --self-test and the
    startup benchmark; raises RuntimeError when the example does not appear in time."""
    import tempfile

    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.window import MainWindow, make_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="redline-window-") as folder:
        window = MainWindow(make_settings(Path(folder) / "settings.ini"))
        loop = QEventLoop()
        failures: list[str] = []
        window.comparison_shown.connect(loop.quit)
        # No modal dialog may block a self-test: failures are collected instead.
        window.report_error = lambda title, message: failures.append(message)
        window.document_failed.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        window.show()
        window.open_example()
        loop.exec()
        try:
            if failures:
                raise RuntimeError(failures[0])
            if window.model.comparison is None:
                raise RuntimeError(f"the example was not shown within {timeout_ms / 1000:.0f} s")
            app.processEvents()
            image = window.grab().toImage()
            return window.model.rowCount(), (image.width(), image.height())
        finally:
            window.close()
            QThreadPool.globalInstance().waitForDone()
            window.deleteLater()
            app.processEvents()
