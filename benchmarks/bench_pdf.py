"""Benchmark: reading a ~30-page UN-style PDF (target: under 3 s).

Builds the PDF with LibreOffice from corpus resolution 11/6 with its preambular and operative
paragraphs repeated (renumbered) until the document runs to about 30 pages, then times
`read_document` on it and prints the figures. Run: `.venv/bin/python benchmarks/bench_pdf.py`.
"""

from __future__ import annotations

import dataclasses
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber

from diffing.model import Document, Kind, Paragraph
from diffing.readers import read_document
from tests.helpers import corpus
from tests.helpers.pdf_builder import build_pdfs, document_to_fodt

COPIES = 7
TARGET_SECONDS = 3.0


def long_document(copies: int) -> Document:
    """Resolution 11/6 with its PPs and OPs repeated `copies` times; footnotes on the first copy."""
    base = read_document(corpus.COP_11_6)
    head = [p for p in base.paragraphs if p.kind in (Kind.TITLE, Kind.OPENING)]
    pps = [p for p in base.paragraphs if p.kind is Kind.PREAMBULAR]
    ops = [p for p in base.paragraphs if p.kind in (Kind.OPERATIVE, Kind.SUBPARAGRAPH)]
    body: list[Paragraph] = []
    for copy in range(copies):
        for p in pps:
            body.append(p if copy == 0 else dataclasses.replace(p, footnotes=()))
    number = 0
    for copy in range(copies):
        for p in ops:
            p = p if copy == 0 else dataclasses.replace(p, footnotes=())
            if p.kind is Kind.OPERATIVE:
                number += 1
                p = dataclasses.replace(p, number=str(number))
            body.append(p)
    return dataclasses.replace(base, paragraphs=(*head, *body))


def main() -> int:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("LibreOffice (soffice) is needed to build the benchmark PDF.")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        document = long_document(COPIES)
        pdf = build_pdfs({"long": document_to_fodt(document)}, Path(folder), office)["long"]
        built = time.perf_counter() - started
        with pdfplumber.open(pdf) as opened:
            pages = len(opened.pages)
        times = []
        result = None
        for _ in range(3):
            started = time.perf_counter()
            result = read_document(pdf)
            times.append(time.perf_counter() - started)
        assert result is not None
        best, median = min(times), statistics.median(times)
        print(f"PDF: {pages} pages, {pdf.stat().st_size / 1024:.0f} KB (built in {built:.1f} s)")
        print(f"read_document: best {best:.2f} s, median {median:.2f} s of 3 runs")
        print(f"per page: {best / pages * 1000:.0f} ms; paragraphs read: {len(result.paragraphs)}")
        same = len(result.paragraphs) == len(document.paragraphs)
        print(
            f"paragraphs as built: {len(document.paragraphs)} ({'same' if same else 'DIFFERENT'})"
        )
        verdict = "meets" if best < TARGET_SECONDS else "MISSES"
        print(f"target under {TARGET_SECONDS:.0f} s for ~30 pages: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
