"""One comparison, one summary: the CLI (text and JSON), the app's status bar (present), its PDF,
the HTML page and the comparison table show the same figures for the same pair (issue 12)."""

from __future__ import annotations

import html
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from desktop import present
from diffing.compare import compare
from diffing.readers import read_document
from diffing.report import summary_line
from exporters import render
from tests.helpers import corpus

ROOT = Path(__file__).resolve().parents[2]


def test_cli_app_pdf_html_and_table_show_the_same_summary() -> None:
    comparison = compare(read_document(corpus.COP_10_2_DRAFT), read_document(corpus.COP_11_6))
    line = summary_line(comparison)
    # the figures a user compares: counts, footnotes, masthead lines and words
    assert "35 modified" in line and "1 split" in line and "words" in line

    def cli(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "compare", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert result.returncode == 1, result.stderr  # they differ
        return result.stdout

    old, new = str(corpus.COP_10_2_DRAFT), str(corpus.COP_11_6)
    assert cli(old, new).rstrip().splitlines()[-1] == f"Summary: {line}"
    assert json.loads(cli(old, new, "--format", "json"))["summary"]["line"] == line
    assert present.summary_text(comparison) == line
    assert html.escape(line) in present.redline_document_html(comparison)
    page = render(comparison, "html", author="T", date="2024-01-01T00:00:00Z").decode("utf-8")
    assert html.escape(line) in page
    table = render(comparison, "table", author="T", date="2024-01-01T00:00:00Z")
    with zipfile.ZipFile(io.BytesIO(table)) as package:
        assert line in package.read("word/document.xml").decode("utf-8")
