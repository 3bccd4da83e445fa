"""Core layer: refusing hostile PDFs before any page's content is interpreted.

A password or unsupported encryption, a damaged or truncated file, more than `MAX_PAGES` pages
(also where the page tree's /Count lies), a page whose content expands beyond
`MAX_PAGE_CONTENT_BYTES`, all pages beyond `MAX_CONTENT_BYTES`: each gives a one-line `ReadError`.

Two steps, the cheap one first (`screen`): a file that is not encrypted, ends with its
cross-reference pointer, and whose streams all together inflate to less than one page's limit
cannot break any of these limits; the page objects it holds are counted for the reader to compare
with pdfium's count. Any other file goes through pdfminer.six (MIT, `precheck`), which walks the
page tree and measures each page's content streams — about 0.1 s of imports and parsing a read of
a 50-page resolution saves when the screen passes.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import zlib
from typing import Any

from diffing.errors import ReadError

# pdfminer logs its repairs of odd files as warnings; with no handler of its own they would reach
# stderr through logging's last-resort handler (a second line under the CLI's one-line message).
# A NullHandler keeps them out of stderr and still lets an application that configures logging
# see them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

MAX_PAGES = 1000
"""A resolution has a few dozen pages; a 1,000-page PDF is a compilation, not one text."""
MAX_PAGE_CONTENT_BYTES = 8 * 1024 * 1024
"""Decompressed content of one page (a page of text is 5-50 KB); beyond this it is a
decompression bomb or a drawing, not a resolution's page."""
MAX_CONTENT_BYTES = 128 * 1024 * 1024
"""Decompressed content of all pages together."""

_STREAM = re.compile(rb"(\d+)\s+\d+\s+obj\b(?:(?!endobj).){0,4096}?(?<!end)stream\r?\n", re.S)
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_CONTENTS = re.compile(rb"/Contents\s*(?:(\d+)\s+\d+\s+R|\[([\d\sR]*)\])")
_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R")
_TAIL = 1024
"""The last bytes of a whole PDF hold `startxref` and `%%EOF` (PDF 32000-1, 7.5.5)."""


def screen(data: bytes) -> int | None:
    """The number of pages of a PDF that plainly keeps within every limit, or None when
    pdfminer's checks (`precheck`) must decide.

    Plainly within: no /Encrypt entry; `startxref` and `%%EOF` in the last KB (a truncated file
    lacks them); one content entry ("/Contents 5 0 R" or an array of references) per page object
    ("/Type /Page"), found in the file and in its inflated object streams, each naming stream
    objects of the file; and those streams, inflated (counted no further than the limit), within
    `MAX_PAGE_CONTENT_BYTES` per page and `MAX_CONTENT_BYTES` for all pages — a stream shared by
    many pages counts for each. The caller compares the number of pages with the page tree's and
    asks `precheck` when they differ (a /Count that lies)."""
    if b"/Encrypt" in data:
        return None
    tail = data[-_TAIL:]
    if b"startxref" not in tail or b"%%EOF" not in tail:
        return None
    sizes: dict[int, int] = {}
    texts = [data]
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        end = data.find(b"endstream", match.end())
        if end < 0:
            return None
        body = view[match.end() : end]
        try:
            inflated = zlib.decompressobj().decompress(body, MAX_PAGE_CONTENT_BYTES + 1)
        except zlib.error:
            sizes[int(match.group(1))] = len(body)  # not Flate: its raw bytes
            continue
        sizes[int(match.group(1))] = len(inflated)
        if b"/ObjStm" in match.group():
            texts.append(inflated)  # an object stream: it may hold page dictionaries
    pages = contents = total = 0
    for text in texts:
        pages += len(_PAGE_OBJECT.findall(text))
        for entry in _CONTENTS.finditer(text):
            contents += 1
            single, array = entry.groups()
            numbers = [int(single)] if single else [int(n) for n in _REFERENCE.findall(array)]
            if not all(number in sizes for number in numbers):
                return None  # a reference to an array or to no stream: pdfminer resolves it
            page = sum(sizes[number] for number in numbers)
            total += page
            if page > MAX_PAGE_CONTENT_BYTES or total > MAX_CONTENT_BYTES:
                return None
    return pages if contents == pages else None


def precheck(data: bytes, source: str) -> int:
    """Open the file with pdfminer and refuse it before any content is interpreted: a password,
    unsupported encryption, damage, too many pages, content that inflates beyond the limits.
    Returns the number of pages found in the page tree."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    content = 0
    with warnings.catch_warnings():
        # pdfminer warns about harmless oddities; a warning must not become an error.
        warnings.simplefilter("ignore")
        try:
            document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        except Exception as error:
            cause = _root_cause(error)
            if isinstance(cause, PDFPasswordIncorrect):
                raise ReadError(
                    f"{source}: the PDF is protected by a password; "
                    "open it in a PDF viewer, save an unprotected copy and open that."
                ) from None
            if isinstance(cause, PDFEncryptionError):
                raise ReadError(
                    f"{source}: the PDF is encrypted in a way that cannot be read "
                    f"({short(cause)}); save an unprotected copy and open that."
                ) from None
            raise ReadError(f"{source}: is not a readable PDF ({short(cause)}).") from None
        try:
            declared = _declared_page_count(document)
            if declared > MAX_PAGES:
                raise too_many_pages(source, declared)
            # Walk the page tree first (cheap: no content is parsed) so that a /Count that lies
            # cannot make us read a thousand pages before refusing.
            pdfminer_pages: list[Any] = []
            for pdfminer_page in PDFPage.create_pages(document):
                if len(pdfminer_pages) >= MAX_PAGES:
                    raise too_many_pages(source, None)
                pdfminer_pages.append(pdfminer_page)
            # Measure what the pages' contents inflate to before any of them is parsed.
            for index, pdfminer_page in enumerate(pdfminer_pages):
                content += _check_content_size(pdfminer_page, source, index + 1)
                if content > MAX_CONTENT_BYTES:
                    raise ReadError(
                        f"{source}: the PDF's pages expand to more than "
                        f"{MAX_CONTENT_BYTES // 2**20} MB (a decompression bomb?); not read."
                    )
        except ReadError:
            raise
        except RecursionError:
            raise ReadError(f"{source}: is not a readable PDF (nested too deeply).") from None
        except MemoryError:
            raise ReadError(f"{source}: is not a readable PDF (too large to read).") from None
        except Exception as error:
            raise ReadError(
                f"{source}: is not a readable PDF ({short(_root_cause(error))})."
            ) from None
    if not pdfminer_pages:
        raise ReadError(f"{source}: the PDF has no pages.")
    return len(pdfminer_pages)


def _root_cause(error: BaseException) -> BaseException:
    seen = 0
    while seen < 10:
        inner = error.__cause__ or error.__context__
        if inner is None and error.args and isinstance(error.args[0], BaseException):
            inner = error.args[0]
        if inner is None:
            break
        error = inner
        seen += 1
    return error


def short(error: BaseException) -> str:
    """One short line describing a library error, never a traceback."""
    text = " ".join(str(error).split())
    name = type(error).__name__
    if not text:
        return "damaged or truncated file"
    if len(text) > 120:
        text = text[:117] + "..."
    return f"damaged or truncated file: {name}: {text}"


def too_many_pages(source: str, count: int | None) -> ReadError:
    counted = f"{count:,} pages" if count is not None else f"more than {MAX_PAGES:,} pages"
    return ReadError(
        f"{source}: the PDF has {counted}; at most {MAX_PAGES:,} are read — "
        "extract the resolution's pages into a PDF of their own."
    )


def _declared_page_count(doc: Any) -> int:
    """The page tree's /Count, read without walking the tree (0 when absent or odd)."""
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else 0
    except Exception:
        return 0
    return count if isinstance(count, int) else 0


def _check_content_size(pdfminer_page: Any, source: str, number: int) -> int:
    """Refuse a page whose content streams inflate beyond reason before pdfminer inflates them;
    the page's content size otherwise."""
    from pdfminer.pdftypes import PDFStream, resolve1

    try:
        contents = resolve1(pdfminer_page.attrs.get("Contents"))
    except Exception:
        return 0
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for item in streams[:1000]:
        try:
            stream = resolve1(item)
        except Exception:
            continue
        if not isinstance(stream, PDFStream):
            continue
        filters = stream.get_filters()
        raw = stream.get_rawdata()
        if raw is None:
            continue
        if filters and len(filters) == 1 and filters[0][0] is not None:
            name = getattr(filters[0][0], "name", filters[0][0])
            if name in ("FlateDecode", "Fl"):
                total += _inflated_size(raw, MAX_PAGE_CONTENT_BYTES - total + 1)
                continue
        total += len(raw)
        if total > MAX_PAGE_CONTENT_BYTES:
            break
    if total > MAX_PAGE_CONTENT_BYTES:
        raise ReadError(
            f"{source}: page {number} of the PDF expands to more than "
            f"{MAX_PAGE_CONTENT_BYTES // 2**20} MB (a decompression bomb?); not read."
        )
    return total


def _inflated_size(raw: bytes, limit: int) -> int:
    """Size of zlib data once inflated, counting no further than `limit`."""
    inflater = zlib.decompressobj()
    size = 0
    chunk = raw
    try:
        while chunk and size < limit:
            size += len(inflater.decompress(chunk, 1024 * 1024))
            chunk = inflater.unconsumed_tail
    except zlib.error:
        pass
    return size
