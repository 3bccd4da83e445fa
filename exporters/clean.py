"""Exporters layer: the clean version of a compilation text, as .docx or plain text.

A clean text is what the resolution would read if the proposals were settled one way: brackets,
delegation tags, status markers and negotiators' labels removed, alternatives dropped, with either
the first alternative of each proposal or only the agreed words (`diffing.compilation`). Operative
paragraphs are numbered again 1., 2., … as an issued text would be; sub-paragraphs keep their
letters. Never Qt.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as WordDocument
from docx.shared import Pt

from diffing.compilation import CleanChoice, clean_document_texts
from diffing.model import Document, Kind
from diffing.module_logger import get_logger
from exporters import write_file

log = get_logger(__name__)


def clean_lines(document: Document, choice: CleanChoice = "first") -> list[str]:
    """The clean text of `document`, one string per paragraph, operative paragraphs numbered.

    Sub-paragraphs keep their printed letter "(a)"; the title, opening line and other
    paragraphs keep their words."""
    kept = clean_document_texts([(p.id, p.text) for p in document.paragraphs], choice)
    lines: list[str] = []
    operative = 0
    for paragraph_id, text in kept:
        paragraph = document.paragraph(paragraph_id)
        if paragraph.kind is Kind.OPERATIVE:
            operative += 1
            lines.append(f"{operative}. {text}")
        elif paragraph.kind is Kind.SUBPARAGRAPH and paragraph.number:
            lines.append(f"({paragraph.number}) {text}")
        else:
            lines.append(text)
    return lines


def clean_text_bytes(document: Document, choice: CleanChoice = "first") -> bytes:
    """The clean text as UTF-8, paragraphs separated by a blank line, ending with a newline."""
    return ("\n\n".join(clean_lines(document, choice)) + "\n").encode("utf-8")


def clean_docx_bytes(document: Document, choice: CleanChoice = "first") -> bytes:
    """The clean text as a Word document: one paragraph per line of `clean_lines`, Times New
    Roman 12 pt as UN texts are set; the title in bold."""
    word = WordDocument()
    style = word.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    titles = {p.text for p in document.paragraphs if p.kind is Kind.TITLE}
    for line in clean_lines(document, choice):
        paragraph = word.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = line in titles
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def write_clean(document: Document, path: Path, choice: CleanChoice = "first") -> None:
    """Write the clean text to `path`: .docx gives a Word document, anything else plain text.

    Raises ExportError (one line) when the file cannot be written; it is written whole or not
    at all."""
    data = (
        clean_docx_bytes(document, choice)
        if path.suffix.lower() == ".docx"
        else clean_text_bytes(document, choice)
    )
    write_file(data, path)
    log.info("clean text written to %s", path)
