"""Desktop layer: the Options dialog (comparison options and the author name for exports)."""

from __future__ import annotations

import logging

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
