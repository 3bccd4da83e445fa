"""Desktop layer: the application window (placeholder until the desktop issue lands)."""

from __future__ import annotations

import sys


def run_gui(args: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("Redline for resolutions")
    label.resize(480, 200)
    label.show()
    return app.exec()
