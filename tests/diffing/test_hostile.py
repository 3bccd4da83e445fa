"""Hostile and broken files: each gives a Document or one clear ReadError, in bounded time and
memory, and the command line answers with exit 2 and one line on stderr.

The files in tests/data/hostile/ are made by tests/helpers/make_hostile.py; its manifest says what
each must give. The bounds are generous sanity limits (a hang or a blow-up fails them by orders of
magnitude), not performance targets.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from diffing.errors import ReadError
from diffing.model import Document
from diffing.readers import MAX_TEXT_BYTES, read_bytes, read_document
from tests.helpers.make_hostile import CASES, HOSTILE, MANIFEST, text_pdf

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ROOT = Path(__file__).resolve().parents[2]
SECONDS = 30.0
PEAK_BYTES = 400 * 1024 * 1024
ENTRIES: list[dict[str, str]] = json.loads(MANIFEST.read_text(encoding="utf-8"))


def _read_bounded(path: Path) -> tuple[Document | ReadError, float, int]:
    """Read `path`; the outcome (a Document or the ReadError), seconds taken, peak bytes."""
    tracemalloc.start()
    started = time.monotonic()
    outcome: Document | ReadError
    try:
        outcome = read_document(path)
    except ReadError as error:
        outcome = error
    finally:
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return outcome, elapsed, peak


def test_corpus_is_large_enough_and_matches_its_generator() -> None:
    assert len(ENTRIES) >= 20
    assert [entry["file"] for entry in ENTRIES] == [case.name for case in CASES]
    for case in CASES:
        committed = HOSTILE / case.name
        assert committed.stat().st_size < 200 * 1024, case.name
        # The script regenerates exactly the committed bytes (deterministic, not stale).
        assert case.build() == committed.read_bytes(), case.name


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_hostile_file_gives_document_or_clear_error(entry: dict[str, Any]) -> None:
    outcome, elapsed, peak = _read_bounded(HOSTILE / entry["file"])
    assert elapsed < SECONDS, f"{entry['file']} took {elapsed:.1f} s"
    assert peak < PEAK_BYTES, f"{entry['file']} used {peak / 2**20:.0f} MB"
    if entry["expect"] == "document":
        assert isinstance(outcome, Document), str(outcome)
        assert outcome.paragraphs
        texts = [p.text for p in outcome.paragraphs] + [f.text for f in outcome.footnotes]
        assert not any("\x00" in text for text in texts)
        assert not any(_CONTROL.search(text) for text in texts), texts
    else:
        assert isinstance(outcome, ReadError), f"{entry['file']} was read as a document"
        message = str(outcome)
        assert entry["message"] in message
        assert "\n" not in message and message.startswith(entry["file"])
        assert "Traceback" not in message and len(message) < 300


def test_macro_enabled_document_is_read_as_text_only() -> None:
    document = read_document(HOSTILE / "macro_enabled.docm")
    texts = " ".join(p.text for p in document.paragraphs)
    assert "Encourages States parties to cooperate;" in texts
    assert "AutoOpen" not in texts and "calc.exe" not in texts


def test_owner_password_pdf_opens_without_a_password() -> None:
    document = read_document(HOSTILE / "owner_password.pdf")
    assert document.paragraphs[-1].text == "Decides to protect this text;"


def test_hundred_megabyte_text_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"Recalling its resolution 60/2 and all the others, again and again,\n"
    with path.open("wb") as stream:
        for _ in range(100 * 1024 * 1024 // (len(line) * 1000) + 1):
            stream.write(line * 1000)
    assert path.stat().st_size >= 100 * 1024 * 1024
    outcome, elapsed, peak = _read_bounded(path)
    assert isinstance(outcome, ReadError)
    assert "too large" in str(outcome) and "20 MB" in str(outcome)
    assert elapsed < 5.0
    assert peak < 16 * 1024 * 1024  # refused on its size, never read whole
    with pytest.raises(ReadError, match="too large"):
        read_bytes(b"a" * (MAX_TEXT_BYTES + 1), "huge.txt")
    _assert_cli_refuses(path)


def _assert_cli_refuses(path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "parse", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("redline: "), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "name",
    [
        "binary_junk.bin",
        "encrypted.docx",
        "zip_bomb.docx",
        "xxe.docx",
        "encrypted.pdf",
        "two_thousand_pages.pdf",
        "scanned.pdf",
        "truncated.pdf",
        "unmapped_font.pdf",
    ],
)
def test_command_line_gives_exit_2_and_one_line(name: str) -> None:
    _assert_cli_refuses(HOSTILE / name)


def test_content_decides_the_format_not_the_extension() -> None:
    pdf = text_pdf(["The Commission,", "1. Decides;"])
    # A PDF header after blank lines (added by some mail gateways) is still a PDF.
    assert read_bytes(b"\r\n  " + pdf, "mail.txt").paragraphs[-1].text == "Decides;"
    # A text that merely mentions "%PDF-" is text.
    text = read_bytes(b"The Commission,\n\n1. Decides on %PDF-1.4 files;\n", "note.pdf")
    assert text.paragraphs[-1].text == "Decides on %PDF-1.4 files;"
    # UTF-16 text is full of NUL bytes and is not binary.
    utf16 = "The Commission,\n\n1. Decides;\n".encode("utf-16-le")
    assert read_bytes(utf16, "utf16.docx").paragraphs[-1].text == "Decides;"


def test_a_text_under_a_word_or_pdf_name_is_read_as_text_and_said_so(tmp_path: Path) -> None:
    from diffing.readers import misnamed

    told: list[str] = []
    for name in ("draft.docx", "draft.PDF", "draft.docm"):
        path = tmp_path / name
        path.write_text("Urges States to act;\n", encoding="utf-8")
        document = read_document(path, told.append)
        assert [p.text for p in document.paragraphs] == ["Urges States to act;"]
    assert told == [
        "draft.docx: named .docx but holds plain text; read as text.",
        "draft.PDF: named .PDF but holds plain text; read as text.",
        "draft.docm: named .docm but holds plain text; read as text.",
    ]
    # names that promise text, or nothing, and contents that match their names say nothing
    assert misnamed(b"Urges States;", "draft.txt") is None
    assert misnamed(b"Urges States;", "draft") is None
    assert misnamed(b"%PDF-1.7\n", "draft.pdf") is None
    assert misnamed(b"PK\x03\x04rest", "draft.docx") is None


def test_the_command_line_says_when_a_text_has_a_word_name(tmp_path: Path) -> None:
    fake = tmp_path / "draft.docx"
    fake.write_text("Urges States to act;\n", encoding="utf-8")
    real = tmp_path / "new.txt"
    real.write_text("Urges all States to act;\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "compare", str(fake), str(real)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1  # compared all the same: the texts differ
    assert "Urges {+all +}States to act;" in result.stdout
    assert result.stderr.splitlines() == [
        "redline: draft.docx: named .docx but holds plain text; read as text."
    ]
