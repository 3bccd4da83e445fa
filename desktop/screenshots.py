"""Desktop layer: screenshots of the main window for the README.

    python -m desktop.screenshots docs/screenshots        (best under `xvfb-run -a`)

Opens the bundled example (COP 10/2 draft → resolution 11/6), and saves the side-by-side view,
the redline view, the navigator filtered to changes, the dark palette, and the annotation panel
with status badges (the example kept in a negotiation file), as PNG files in the given folder.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QPalette

    from desktop.window import MainWindow


SIZES = ((1280, 800, ""), (1920, 1080, "-1920x1080"))
"""A small laptop (the names the README shows) and a full-HD screen."""


def take(folder: Path, width: int = 1280, height: int = 800, suffix: str = "") -> list[Path]:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.window import MainWindow, make_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    folder.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="redline-shots-") as settings_folder:
        window = MainWindow(make_settings(Path(settings_folder) / "settings.ini"))
        window.notes_folder = Path(settings_folder) / "notes"
        window.panel_dock.hide()  # the first four show the comparison at full width
        window.resize(width, height)
        window.show()
        loop = QEventLoop()
        window.comparison_shown.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        window.open_example()
        loop.exec()
        if window.model.comparison is None:
            raise SystemExit("redline: the example did not open")

        def settle() -> None:
            for _ in range(20):
                app.processEvents()
            window.current_view().measure_visible()
            app.processEvents()

        def save(name: str) -> None:
            settle()
            path = folder / name.replace(".png", f"{suffix}.png")
            window.grab().save(str(path), "PNG")
            saved.append(path)

        window.set_view_mode(0)
        window.go_to_row(0)
        window.next_change()
        window.next_change()
        save("side-by-side.png")
        window.set_view_mode(1)
        save("redline.png")
        window.set_view_mode(0)
        window.navigator.changed_only.setChecked(True)
        window.navigator.table.setFocus()
        window.go_to_row(max(window.model.rowCount() // 2, 0))
        window.next_change()
        save("navigator.png")
        light = app.palette()
        app.setPalette(dark_palette())
        window.navigator.changed_only.setChecked(False)
        window.set_view_mode(0)
        window.go_to_row(0)
        window.next_change()
        window.next_change()
        save("dark.png")
        app.setPalette(light)
        annotate_example(window, Path(settings_folder) / "example.redline", loop)
        window.panel_dock.show()
        window.navigator.changed_only.setChecked(False)
        window.go_to_row(window.model.row_of_paragraph("new", "OP4"))
        save("annotations.png")
        window.close()
        QThreadPool.globalInstance().waitForDone()
    return saved


def annotate_example(window: MainWindow, path: Path, loop: QEventLoop) -> None:
    """Keep the example in a negotiation file and annotate a few paragraphs of 11/6."""
    from diffing.negotiation import Position, Stance, Status

    window.settings.author = "Mexico"
    if not window.create_notes(path):
        raise SystemExit("redline: cannot create the example negotiation file")
    if window.runner.busy:
        # the file re-aligns the versions in the background: wait until the result is shown
        # (when it keeps the comparison on screen, nothing is to be shown, and waiting for the
        # signal held each run of this script for a minute, until its time-out)
        from PySide6.QtCore import QTimer

        window.comparison_shown.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
    notes, pair = window.session.notes, window.session.pair_versions
    assert notes is not None and pair is not None
    new = pair[1]
    notes.add_annotation(new, "PP2", Status.AGREED, author="Mexico")
    notes.add_annotation(new, "OP1", Status.AGREED_AD_REF, author="Mexico")
    notes.add_annotation(new, "OP2", Status.AGREED_IN_INFORMALS, author="Mexico")
    notes.add_annotation(
        new,
        "OP4",
        Status.BRACKETED,
        note="Secretariat to confirm resources; EU to consult capital on “within existing "
        "resources”.",
        positions=(
            Position("EU", Stance.RESERVE),
            Position("Mexico", Stance.SUPPORT),
            Position("G77", Stance.AMEND, "subject to extrabudgetary resources"),
        ),
        author="Mexico",
    )
    notes.add_annotation(new, "OP5", Status.UNDER_DISCUSSION, author="Mexico")
    window.refresh_annotations()


def dark_palette() -> QPalette:
    """A dark palette like a desktop's dark theme, to show the redline colours on it."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role = QPalette.ColorRole
    for name, colour in (
        (role.Window, "#2b2b2b"),
        (role.WindowText, "#e6e6e6"),
        (role.Base, "#202020"),
        (role.AlternateBase, "#262626"),
        (role.Text, "#e6e6e6"),
        (role.Button, "#353535"),
        (role.ButtonText, "#e6e6e6"),
        (role.Highlight, "#3d7ab8"),
        (role.HighlightedText, "#ffffff"),
        (role.ToolTipBase, "#353535"),
        (role.ToolTipText, "#e6e6e6"),
        (role.PlaceholderText, "#9a9a9a"),
    ):
        palette.setColor(name, QColor(colour))
    return palette


def shrink(path: Path) -> None:
    """Store with a 256-colour palette (Qt's own quantiser): a third of the size, and the
    screenshots' flat colours survive it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    image.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(path))  # PNG: the name


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("docs/screenshots")
    for width, height, suffix in SIZES:
        for path in take(folder, width, height, suffix):
            shrink(path)
            print(path, f"{path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
