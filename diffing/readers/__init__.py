"""Core layer: reading documents from files, whatever their format.

`read_document(path)` sniffs the content (never trusts the extension alone) and hands the bytes to
the reader for that format. Every failure is a `ReadError` with one line a user can act on.
"""

from __future__ import annotations

from pathlib import Path

from diffing.errors import ReadError
from diffing.model import Document

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Larger files are refused before reading: no resolution comes near this."""


def read_document(path: str | Path) -> Document:
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file.") from None
    except OSError as error:
        raise ReadError(f"{path}: cannot be read ({error.strerror or error}).") from None
    if path.is_dir():
        raise ReadError(f"{path}: is a folder, not a document.")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"{path.name}: too large to be a resolution ({size // 2**20} MB).")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReadError(f"{path}: cannot be read ({error.strerror or error}).") from None
    return read_bytes(data, path.name)


def read_bytes(data: bytes, source: str) -> Document:
    """Read a document from its bytes; `source` names it in messages and in the model."""
    if not data.strip():
        raise ReadError(f"{source}: the file is empty.")
    if data.startswith(b"%PDF"):
        from diffing.readers.pdf import read_pdf

        return read_pdf(data, source)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        from diffing.readers.docx import read_docx

        return read_docx(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReadError(
            f"{source}: an old Word .doc or a password-protected file; "
            "save it as .docx without a password and open that."
        )
    from diffing.readers.text import read_text

    return read_text(data, source)
