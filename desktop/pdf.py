"""Desktop layer: the redline as a PDF, printed by Qt's text engine (exporters/ never load Qt).

Written through `diffing.fileio.atomic_write` like every other export: a failed export never
leaves half a PDF under the user's chosen name, and the file gets the user's usual mode.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from diffing.fileio import atomic_write

logger = logging.getLogger(__name__)


def write_pdf(html: str, path: str | Path) -> None:
    """Print `html` (a QTextDocument subset) to an A4 PDF at `path`; raises OSError."""
    path = Path(path)
    with atomic_write(path) as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
        writer.setTitle(path.stem)
        writer.setCreator("Redline for resolutions")
        document = QTextDocument()
        document.setHtml(html)
        document.print_(writer)
        del writer  # finishes the file
