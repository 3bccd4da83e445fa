"""Desktop layer: the redline as a PDF, printed by Qt's text engine (exporters/ never load Qt).

Written to a temporary file beside the target and moved into place, so a failed export never
leaves half a PDF under the user's chosen name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument


def write_pdf(html: str, path: str | Path) -> None:
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".redline-", suffix=".pdf", dir=path.parent)
    os.close(handle)
    try:
        writer = QPdfWriter(temporary)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
        writer.setTitle(path.stem)
        writer.setCreator("Redline for resolutions")
        document = QTextDocument()
        document.setHtml(html)
        document.print_(writer)
        del writer  # finishes the file
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
