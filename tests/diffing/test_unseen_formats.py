"""The unseen resolutions (tests/data/unseen/) through Word and PDF: each text is read, written
as a drafter's .docx (numbered lists, Word footnotes; also with typed numbers) and printed to PDF
through LibreOffice, and read back. A user opening the Word or PDF version of a resolution must
see the paragraphs, numbers, footnotes and closing lines the text version shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffing.model import Document, Kind
from diffing.readers import read_bytes, read_document
from tests.conftest import soffice
from tests.helpers.docx_builder import build_docx
from tests.helpers.pdf_builder import build_pdfs, document_to_fodt

DATA = Path(__file__).resolve().parent.parent / "data" / "unseen"
NAMES = sorted(path.name for path in DATA.iterdir())
JOB = "V.24-01234 (E)"


def _body(document: Document) -> list[tuple[str, str, str | None, str | None]]:
    """Every paragraph from the title or opening line on (the PDF builder prints a masthead of
    its own before an excerpt), with its kind, text, number and parent."""
    paragraphs = list(document.paragraphs)
    start = next(i for i, p in enumerate(paragraphs) if p.kind is not Kind.OTHER)
    return [(p.id, p.text, p.number, p.parent) for p in paragraphs[start:]]


def _footnotes(document: Document) -> list[tuple[str, str, int]]:
    return [
        (p.id, document.footnote(r.footnote_id).text, r.offset)
        for p in document.paragraphs
        for r in p.footnotes
    ]


@pytest.mark.parametrize("auto_numbering", [True, False])
@pytest.mark.parametrize("name", NAMES)
def test_word_version_reads_like_the_text(name: str, auto_numbering: bool) -> None:
    text = read_document(DATA / name)
    word = read_bytes(build_docx(text, auto_numbering=auto_numbering), "x.docx")
    assert _body(word) == _body(text)
    assert _footnotes(word) == _footnotes(text)
    assert word.metadata.symbol == text.metadata.symbol
    assert word.metadata.body == text.metadata.body
    assert word.metadata.status == text.metadata.status


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    office = soffice()
    sources: dict[str, str | bytes] = {
        name: document_to_fodt(read_document(DATA / name), job=JOB) for name in NAMES
    }
    return build_pdfs(sources, tmp_path_factory.mktemp("unseen-pdf"), office)


@pytest.mark.parametrize("name", NAMES)
def test_pdf_version_reads_like_the_text(name: str, pdfs: dict[str, Path]) -> None:
    """Sub-paragraph numbers set in a tab column ((a)…(k), (i)…(iv)) are not a second column of
    text; "48th plenary meeting" and its date stay two lines; a right-aligned masthead line is not
    joined to what follows, nor are short masthead lines set one under the other; "Security
    Council" alone in the masthead is no title."""
    text = read_document(DATA / name)
    pdf = read_document(pdfs[name])
    assert _body(pdf) == _body(text)
    assert [f[:2] for f in _footnotes(pdf)] == [f[:2] for f in _footnotes(text)]
    assert pdf.metadata.title == text.metadata.title
    assert pdf.metadata.body == text.metadata.body
    assert pdf.metadata.status == text.metadata.status
    # "Commission on …" / "Thirty-fourth session" / "Draft resolution" stay three lines
    assert pdf.metadata.sponsors == text.metadata.sponsors
    if text.metadata.symbol is not None:  # an excerpt gets a stand-in symbol from the builder
        assert pdf.metadata.symbol == text.metadata.symbol
