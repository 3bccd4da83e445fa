"""Desktop layer: exporting and printing the comparison on screen.

`export_as(window, fmt)` asks where to save, writes the file in the background (`exporters` for
Word, the comparison table and HTML; `desktop.pdf` for the PDF of the redline, which needs Qt)
and then offers to open the file or its folder. `print_redline(window)` prints the redline as the
PDF export lays it out, through Qt's print dialog. `ask_after_export` and `open_url` are module
functions so that tests can replace them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop import present
from desktop.dialogs import user_folder, with_suffix
from desktop.jobs import Progress
from desktop.messages import for_user

if TYPE_CHECKING:
    from desktop.window import MainWindow

logger = logging.getLogger(__name__)

EXPORTS = {
    # fmt: (file filter, suffix); the menu texts are in desktop.actions
    "docx": ("Word document (*.docx)", ".docx"),
    "table": ("Word document (*.docx)", ".docx"),
    "html": ("Web page (*.html)", ".html"),
    "pdf": ("PDF document (*.pdf)", ".pdf"),
}


def ask_after_export(parent: QWidget, path: Path) -> str:
    """Ask what to do with a fresh export: "file", "folder" or "" (tests replace this)."""
    box = QMessageBox(parent)
    box.setWindowTitle("Export finished")
    box.setText(f"Saved {path.name}.")
    box.setInformativeText(str(path.parent))
    open_file = box.addButton("Open file", QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_file:
        return "file"
    if clicked is open_folder:
        return "folder"
    return ""


def open_url(url: QUrl) -> bool:
    """Hand a file or folder to the desktop (tests replace this)."""
    return QDesktopServices.openUrl(url)


def export_as(window: MainWindow, fmt: str) -> None:
    """File → Export: `fmt` is one of EXPORTS; the window's `export_finished(path)` or
    `export_failed(message)` tells how it went."""
    comparison = window.model.comparison
    if comparison is None:
        window.statusBar().showMessage("Open two versions before exporting.", 4000)
        return
    file_filter, suffix = EXPORTS[fmt]
    session = window.session
    new_path = session.paths["new"]
    stem = new_path.stem if new_path else "comparison"
    default = user_folder(new_path) / f"{stem}-{'redline' if fmt != 'table' else 'table'}{suffix}"
    chosen, _ = QFileDialog.getSaveFileName(window, "Export", str(default), file_filter)
    if not chosen:
        return
    path = with_suffix(Path(chosen), suffix)
    author = window.settings.author or None
    comments = session.comments_for(comparison)
    sources = (session.paths["old"], session.paths["new"])  # in-place .docx export (issue 14)
    if fmt == "pdf":
        html = present.redline_document_html(comparison)

        def work(progress: Progress, cancelled: Callable[[], bool]) -> Path:
            from desktop.pdf import write_pdf

            write_pdf(html, path)
            return path

    else:

        def work(progress: Progress, cancelled: Callable[[], bool]) -> Path:
            from exporters import export

            export(comparison, path, fmt, author=author, comments=comments, sources=sources)  # type: ignore[arg-type]
            return path

    def exported(path: Path) -> None:
        window.statusBar().showMessage(f"Saved {path}", 5000)
        window.export_finished.emit(str(path))
        _offer_open(window, path)

    def failed(message: str) -> None:
        window.statusBar().clearMessage()
        message = for_user(message)
        window.report_error("Export failed", message)
        window.export_failed.emit(message)

    window.statusBar().showMessage(f"Exporting {path.name}…")
    window.runner.start("export", work, done=exported, failed=failed)


def print_redline(window: MainWindow) -> None:
    """File → Print: the redline as the PDF export lays it out, through the print dialog that
    `window.ask_print(printer)` shows (printer, pages, copies)."""
    comparison = window.model.comparison
    if comparison is None:
        window.statusBar().showMessage("Open two versions before printing.", 4000)
        return
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(present.document_name(comparison.new))
    if not window.ask_print(printer):
        return
    document = QTextDocument()
    document.setHtml(present.redline_document_html(comparison))
    document.print_(printer)
    window.statusBar().showMessage("Sent to the printer.", 4000)


def ask_print(parent: QWidget, printer: object) -> bool:
    """Qt's print dialog; True when the user chose Print."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    assert isinstance(printer, QPrinter)
    dialog = QPrintDialog(printer, parent)
    return dialog.exec() == QPrintDialog.DialogCode.Accepted


def _offer_open(window: MainWindow, path: Path) -> None:
    choice = ask_after_export(window, path)
    target = path if choice == "file" else path.parent
    if choice and not open_url(QUrl.fromLocalFile(str(target))):
        # No program on this computer opens it: say where the file is rather than nothing.
        what = (
            f"No program here opens {path.suffix} files"
            if choice == "file"
            else "Cannot open the folder"
        )
        window.statusBar().showMessage(f"{what}; the export is {path}", 30000)


__all__ = ["EXPORTS", "ask_after_export", "ask_print", "export_as", "open_url", "print_redline"]
