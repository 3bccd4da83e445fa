"""Desktop layer: the Options dialog (comparison options and the author name for exports), and
where file dialogs start (`user_folder`) and what they name (`with_suffix`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from diffing.model import DiffOptions

logger = logging.getLogger(__name__)

# Every kind the readers take (README: .docm and .dotx are Word, .md is text); a negotiation
# file chosen here is opened as one rather than refused as "a database, not a document".
OPEN_FILTER = (
    "Documents (*.docx *.docm *.dotx *.pdf *.txt *.md);;Negotiation files (*.redline);;"
    "All files (*)"
)
NOTES_FILTER = "Negotiation file (*.redline)"
JSON_FILTER = "Annotations (*.json)"


def user_folder(path: Path | None) -> Path:
    """Where file dialogs start: beside the user's document, but never in the app's own bundled
    example folder (read-only, or a temporary folder in a packaged app), nor nowhere."""
    from PySide6.QtCore import QStandardPaths

    from resources import resource_path

    bundled = Path(resource_path()).resolve()
    if path is not None and not path.resolve().is_relative_to(bundled):
        return path.parent
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def with_suffix(path: Path, suffix: str) -> Path:
    """The name chosen in a save dialog, with `suffix` added when it lacks it."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


CHECKS = (
    ("ignore_case", "Ignore &case"),
    ("ignore_punctuation", "Ignore &punctuation"),
    ("ignore_whitespace", "Ignore &white space"),
    ("ignore_footnotes", "Ignore &footnote markers"),
    ("ignore_numbering", "Ignore paragraph &numbering"),
)


class OptionsDialog(QDialog):
    def __init__(self, options: DiffOptions, author: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Options")
        self.setAccessibleName("Options")
        self.checks: dict[str, QCheckBox] = {}
        group = QGroupBox("When comparing", self)
        group_layout = QVBoxLayout(group)
        for name, text in CHECKS:
            box = QCheckBox(text, group)
            box.setAccessibleName(text.replace("&", ""))
            box.setChecked(bool(getattr(options, name)))
            self.checks[name] = box
            group_layout.addWidget(box)
        self.author_edit = QLineEdit(author, self)
        self.author_edit.setAccessibleName("Author name for tracked changes")
        self.author_edit.setPlaceholderText("Shown as the author of tracked changes")
        # Room for the whole hint, which otherwise ends "Shown as the auth…" in a narrow dialog.
        hint = self.author_edit.fontMetrics().horizontalAdvance(self.author_edit.placeholderText())
        self.author_edit.setMinimumWidth(hint + 24)
        form = QFormLayout()
        form.addRow("&Author name:", self.author_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(group)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def options(self) -> DiffOptions:
        return DiffOptions(**{name: box.isChecked() for name, box in self.checks.items()})

    def author(self) -> str:
        return self.author_edit.text().strip()
