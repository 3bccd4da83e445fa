"""Core layer: reading documents from files, whatever their format.

`read_document(path)` sniffs the content (never trusts the extension alone) and hands the bytes to
the reader for that format. Every failure is a `ReadError` with one line a user can act on.

Files come from strangers (e-mail attachments, shared drives), so each format has a size limit
checked *before* its bytes are read or parsed; the readers then bound what they expand (zip
entries, PDF pages). The limits are far above any real resolution — a long GA omnibus text is
well under 1 MB as text and under 100 pages — and well below what would make the app hang:

    text (.txt, .md)     20 MB
    Word (.docx)         50 MB on disk (the zip reader also limits what it expands)
    PDF                 100 MB on disk and `diffing.readers.pdf.MAX_PAGES` pages
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path

from diffing.errors import ReadError
from diffing.model import Document


class Format(Enum):
    TEXT = "text"
    DOCX = "docx"
    PDF = "pdf"


MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_FILE_BYTES = max(MAX_TEXT_BYTES, MAX_DOCX_BYTES, MAX_PDF_BYTES)
"""No file larger than this is read at all."""

_LIMITS = {Format.TEXT: MAX_TEXT_BYTES, Format.DOCX: MAX_DOCX_BYTES, Format.PDF: MAX_PDF_BYTES}
_NAMES = {Format.TEXT: "a text", Format.DOCX: "a Word", Format.PDF: "a PDF"}

_SNIFF_BYTES = 64 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

# Formats that are recognisably not documents we read; a specific message beats "not text".
_FOREIGN = (
    (b"{\\rtf", "a Rich Text (.rtf) file; save it as .docx and open that"),
    (b"\x89PNG\r\n\x1a\n", "an image (PNG), not a document; OCR is not supported"),
    (b"\xff\xd8\xff", "an image (JPEG), not a document; OCR is not supported"),
    (b"GIF8", "an image (GIF), not a document; OCR is not supported"),
    (b"II*\x00", "an image (TIFF), not a document; OCR is not supported"),
    (b"MM\x00*", "an image (TIFF), not a document; OCR is not supported"),
    (b"SQLite format 3\x00", "a database (perhaps a .redline notes file), not a document"),
    (b"\x1f\x8b", "a compressed (.gz) archive, not a document"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not a document"),
    (b"Rar!", "a RAR archive, not a document"),
    (b"\x7fELF", "a program, not a document"),
    (b"MZ", "a program, not a document"),
)


_EXTENSIONS = {".docx": Format.DOCX, ".docm": Format.DOCX, ".pdf": Format.PDF}


def misnamed(data: bytes, source: str) -> str | None:
    """One line when a file's name promises Word or PDF and its bytes are plain text — a text
    saved under the wrong name, which is read as text (the content decides, always) but would
    otherwise be compared without a word: "draft.docx: named .docx but holds plain text; read
    as text." None when the name and the content agree, or the name promises neither."""
    promised = _EXTENSIONS.get(Path(source).suffix.lower())
    if promised is None or sniff(data[:_SNIFF_BYTES]) is not Format.TEXT:
        return None
    return f"{source}: named {Path(source).suffix} but holds plain text; read as text."


def read_document(path: str | Path, notice: Callable[[str], object] | None = None) -> Document:
    """The document in the file at `path` (see the module docstring); `notice` is told, in one
    line, what a user should know though it is no error (`misnamed`). Raises ReadError."""
    data = read_source(path)
    document = read_bytes(data, Path(path).name)
    if notice is not None and (said := misnamed(data, Path(path).name)):
        notice(said)
    return document


def read_source(path: str | Path) -> bytes:
    """The bytes of a document file, refused (ReadError) when missing, a folder, unreadable or
    over the size limit of its format — checked before the rest is read, so a huge file costs
    nothing. For callers that keep the bytes they parse (the negotiation file)."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ReadError(f"{path}: is a folder, not a document.")
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
            # Refuse by size before reading the rest, so a huge file costs nothing.
            _check_size(sniff(head), size, path.name)
            data = head + stream.read()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a folder, not a document.") from None
    except OSError as error:
        raise ReadError(f"{path}: cannot be read ({error.strerror or error}).") from None
    return data


def read_bytes(data: bytes, source: str) -> Document:
    """Read a document from its bytes; `source` names it in messages and in the model."""
    if not data.strip():
        raise ReadError(f"{source}: the file is empty.")
    head = data[:_SNIFF_BYTES]
    kind = sniff(head)
    _check_size(kind, len(data), source)
    if kind is Format.PDF:
        from diffing.readers.pdf import read_pdf

        return read_pdf(data, source)
    if kind is Format.DOCX:
        from diffing.readers.docx import read_docx

        document: Document = read_docx(data, source)
        return document
    if head.startswith(_OLE_MAGIC):
        raise ReadError(f"{source}: {_describe_ole(data)}")
    for magic, description in _FOREIGN:
        if head.startswith(magic):
            raise ReadError(f"{source}: is {description}.")
    if _looks_binary(head) or _mostly_nul(data):
        raise ReadError(f"{source}: is not a text, Word (.docx) or PDF document (binary content).")
    from diffing.readers.text import read_text

    return read_text(data, source)


def sniff(head: bytes) -> Format | None:
    """The format the first bytes announce; None for OLE and other foreign formats."""
    # Readers accept a PDF header after some leading blanks (mail gateways add them); a text
    # that merely mentions "%PDF-" further on stays text.
    if head.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF"):
        return Format.PDF
    if head.startswith(_ZIP_MAGICS):
        return Format.DOCX
    if head.startswith(_OLE_MAGIC) or any(head.startswith(magic) for magic, _ in _FOREIGN):
        return None
    return Format.TEXT


def _check_size(kind: Format | None, size: int, source: str) -> None:
    limit = _LIMITS.get(kind, MAX_FILE_BYTES) if kind is not None else MAX_FILE_BYTES
    if size > limit:
        what = _NAMES[kind] if kind is not None else "a"
        raise ReadError(
            f"{source}: too large to be a resolution ({_megabytes(size)}; "
            f"the limit for {what} file is {_megabytes(limit)})."
        )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


def _describe_ole(data: bytes) -> str:
    """An OLE compound file: an encrypted Office file, an old .doc, or something else."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return (
            "is password-protected (encrypted); remove the password in Word "
            "(File > Info > Protect Document) and save it again."
        )
    if "WordDocument".encode("utf-16-le") in data:
        return "is an old Word 97-2003 (.doc) file; save it as .docx in Word and open that."
    return "is an old Office (OLE) file, not a .docx; save it as .docx and open that."


def _looks_binary(head: bytes) -> bool:
    """Binary content (a program, an image, junk) rather than text in some encoding.

    UTF-16 text is full of NUL bytes, but only at every other position; other text has at most a
    few stray control characters, which the text reader drops."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = head[:8192]
    if not sample:
        return False
    nuls = sample.count(0)
    if nuls:
        even = sample[0::2].count(0)
        odd = sample[1::2].count(0)
        utf16 = nuls >= len(sample) // 4 and min(even, odd) <= nuls // 50
        if not utf16 and nuls * 100 > len(sample):
            return True
    # (counted in C: the bytes deleted are the controls; a loop in Python took 0.4 ms a file)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls * 20 > len(sample)


_CONTROL_BYTES = bytes(byte for byte in range(0x20) if byte not in b"\t\n\r\x0c\x0b\x1a\x00")
"""Control bytes no text holds (text keeps tab, line breaks, form feed, Ctrl-Z and NUL, which
UTF-16 is full of)."""


def _mostly_nul(data: bytes) -> bool:
    """Half the file's bytes or more are NUL, wherever they sit (the first bytes may be text):
    binary, unless the NULs keep to every other position as UTF-16 text's do."""
    nuls = data.count(0)
    if nuls * 2 < len(data):
        return False
    even = data[0::2].count(0)
    odd = nuls - even
    return min(even, odd) > nuls // 50
