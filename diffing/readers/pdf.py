"""Core layer: reading a resolution from a PDF with a text layer.

pypdfium2 (Apache-2.0/BSD-3, Google's PDFium) gives every character with its position, font name,
flags and size — what italics, footnote markers and footnotes need — about ten times faster than
pdfminer.six's content interpreter; a file that a cheap scan cannot clear is opened by
pdfminer.six (MIT) first, to refuse hostile ones before any content is interpreted (see below).
The resolution's structure is recovered from that layout, then handed to
`diffing.structure.build_document` like every other reader's blocks:

1. Characters -> lines (rows of characters sharing a baseline; rotated text such as side barcodes
   is ignored); a page whose rows leave an empty vertical gutter is read column by column.
2. Page furniture is removed by position and repetition, never by words alone (`_remove_furniture`):
   running headers set smaller above a later page's first body line (one or two lines, also on a
   two-page text), the masthead's symbol there, band lines that repeat and stand apart from the
   body, band lines made only of furniture tokens (page numbers, job numbers "25-16535* (E)",
   dates "180322", barcode text "*2201234*", "Please recycle"), and footnote rules of any length.
3. Footnotes: the lines below a page's last line of body text, set smaller than the body. A footnote
   starts with a superscript marker, a marker seen in that page's text, or "*"/"†"; other lines
   continue the previous footnote (also across a page break).
4. Footnote markers in the text: characters set smaller and raised above the line's baseline
   ("Crime,¹"). They leave the text and become `FootnoteRef`s to the footnote with that marker,
   preferably on the same page.
5. Paragraphs: a new paragraph starts after a vertical gap larger than the usual line spacing, a
   change of type size, a first-line indent after a closed sentence, or (in documents that do not
   space their paragraphs) a short line ending in punctuation. Across a page or column break the
   text reader's rule applies (`diffing.structure.continues`: lower-case start, broken word, open
   sentence in the body), plus the layout's: a line that ran to the right margin without closing
   punctuation goes on unless the next opens a paragraph; after a comma, a line flush with the
   margin goes on where paragraphs open indented; in a report, a sentence that ended exactly at
   the margin goes on. In any spacing, a line at the paragraph's left edge that opens with the
   label or number next in the text's sequence ("OP1 bis" after "OP1", "3." after "2.") starts a
   paragraph (`diffing.readers.pdf_sequence`): in a single-spaced compilation nothing else tells.
6. Line-end hyphens: the one rule of every reader, `diffing.textnorm.line_break` ("evidence-" +
   "based" keeps its hyphen, "imple-" + "mentation" loses it), with the document's own words.
7. Italic characters (font name with Italic/Oblique/-It, or the font's Italic flag) become
   italic spans; ligature glyphs (ﬁ ﬂ ﬀ ﬃ ﬄ) are unfolded and non-breaking hyphens read as "-"
   (`diffing.textnorm.normalise_chars`).

Hostile files: a password or unsupported encryption, a damaged file, more than `MAX_PAGES` pages,
a page whose content expands beyond the limits (all measured before any page is parsed:
`diffing.readers.pdf_checks`), more than `MAX_CHARACTERS` characters, a read taking longer than
`TIME_LIMIT_SECONDS`, and a PDF without any text (scanned) each give a one-line `ReadError`.
"""

import ctypes
import itertools
import math
import operator
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from diffing import textnorm
from diffing.errors import ReadError
from diffing.model import Document, Footnote, FootnoteRef, Span
from diffing.readers.pdf_checks import MAX_PAGES, precheck, screen, short, too_many_pages
from diffing.readers.pdf_sequence import LabelSequence
from diffing.structure import (
    Block,
    build_document,
    continues,
    ends_open,
    is_closing_line,
    is_opening_line,
    looks_like_paragraph_start,
)

MAX_CHARACTERS = 5_000_000
TIME_LIMIT_SECONDS = 120.0
"""A safety net only: a normal resolution reads in well under a second per page."""

_ITALIC_FONT = re.compile(r"italic|oblique|-(?:bold|semibold|medium|light|demi)?it$", re.I)
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_CID = re.compile(r"\(cid:\d+\)")
_WORD_RUN = re.compile(r"[A-Za-z]{3,}")
"""Plain letters that `_page_chars` reads as one word when one text object draws them all."""
_NOT_ALNUM = re.compile(r"[\W_]+")
"""What `str.isalnum` is false for: regular expressions' word characters are those and "_"."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
"""Control characters a font may map a glyph to: never text, and invalid in Word's XML."""
_MARKER = re.compile(r"\d{1,3}|\*{1,3}|[†‡§¶]")
_FOOTNOTE_LIKE = re.compile(r"^(?:\d{1,3}|\*{1,3}|[†‡])\s?[^\W\d_]")
_STAR_MARKER = re.compile(r"^(\*{1,3}|[†‡§¶])")
_FURNITURE_TOKEN = re.compile(
    r"""(?ix)^(?:
        \d{1,4}(?:/\d{1,4})?            # page number, "2/5"
      | (?:[A-Z]{1,2}\.)?\d{2}-\d{4,6}\*?(?:\([A-Z]\))?  # job number: V.22-01234, 25-16535*
      | \(E\)|\(F\)|\(S\)|\(R\)|\(C\)|\(A\)
      | \d{6}                           # issue dates printed as 180322
      | \*\d{5,9}\*                     # barcode text
      | please|recycle|♲|page|of|-|–
    )$"""
)
_SYMBOL_LINE = re.compile(r"^(?:[A-Z]{1,10}(?:\.\d+)?/)+[A-Za-z0-9.\-/()]*[A-Za-z0-9)]$")
"""A document symbol: in the top or bottom band after page 1, part of a running header."""
_PARAGRAPH_START = re.compile(r"^(?:\d{1,3}(?:\s?(?:bis|ter|quater))?\.|\([a-z]{1,5}\))(?:\s|$)")


class _Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    italic: bool
    bold: bool
    space: bool = False
    """The PDF draws a space character just before this one."""
    middle: float = 0.0
    """(top + bottom) / 2: what rows are grouped by."""


@dataclass(frozen=True)
class _Piece:
    """A run of a line's text: a word part, a space, or a footnote marker."""

    text: str
    italic: bool = False
    bold: bool = False
    marker: bool = False


@dataclass
class _Line:
    page: int
    column: int
    chars: list[_Char]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    pieces: list[_Piece] = field(default_factory=list)
    _text: tuple[list[_Piece], str] | None = field(default=None, repr=False, compare=False)
    """The text of `pieces`, kept while the same list is there (it is replaced, never changed)."""

    @property
    def text(self) -> str:
        cached = self._text
        if cached is not None and cached[0] is self.pieces:
            return cached[1]
        text = "".join(piece.text for piece in self.pieces if not piece.marker)
        self._text = (self.pieces, text)
        return text


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]


@dataclass
class _FootnoteDraft:
    marker: str
    page: int
    lines: list[_Line]


def read_pdf(data: bytes, source: str) -> Document:
    """Read a resolution from PDF bytes; any failure is a one-line `ReadError`."""
    pages = _extract(data, source)
    blocks, footnotes = _assemble(pages, source)
    return build_document(blocks, footnotes, source)


# --- extraction ------------------------------------------------------------------------------


def _extract(data: bytes, source: str) -> list[_Page]:
    """The pages' lines. The file is checked first (password, damage, page count, content
    sizes — no page's content is parsed: `diffing.readers.pdf_checks`); pdfium then gives the
    characters, several times faster than pdfminer's content interpreter."""
    started = time.monotonic()
    screened = screen(data)
    count = precheck(data, source) if screened is None else None
    # PDFium is not thread-safe and the application reads both versions in background threads:
    # one document at a time goes through it.
    with _PDFIUM_LOCK:
        return _pdfium_pages(data, source, count, screened, started)


_PDFIUM_LOCK = threading.Lock()


def _pdfium_pages(
    data: bytes, source: str, count: int | None, screened: int | None, started: float
) -> list[_Page]:
    """The lines of the first `count` pages (the pages pdfminer's page-tree walk found), read by
    pdfium (hold `_PDFIUM_LOCK`). `count` is None for a file that passed the cheap screen, which
    found `screened` page objects: when the page tree holds another number (a /Count that lies),
    pdfminer's checks decide after all."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception as error:
        raise ReadError(f"{source}: is not a readable PDF ({short(error)}).") from None
    pages: list[_Page] = []
    characters = 0
    unmapped = [0]
    fonts: dict[str, tuple[bool, bool]] = {}
    try:
        total = len(document)
        if total > MAX_PAGES:
            raise too_many_pages(source, total)
        if count is None:
            count = total if screened == total else precheck(data, source)
        for index in range(min(count, total) if count else total):
            if time.monotonic() - started > TIME_LIMIT_SECONDS:
                raise ReadError(
                    f"{source}: reading the PDF took too long (over "
                    f"{TIME_LIMIT_SECONDS:.0f} s at page {index + 1}); it is not a "
                    "normal resolution."
                )
            page = document[index]
            try:
                width, height = (float(value) for value in page.get_size())
                chars = _page_chars(page, fonts, unmapped)
            finally:
                page.close()
            characters += len(chars)
            if characters > MAX_CHARACTERS:
                raise ReadError(
                    f"{source}: too much text for a resolution (over "
                    f"{MAX_CHARACTERS:,} characters)."
                )
            pages.append(_Page(index + 1, width, height, _lines(chars, index + 1, width)))
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(f"{source}: is not a readable PDF (too large to read).") from None
    except Exception as error:
        raise ReadError(f"{source}: is not a readable PDF ({short(error)}).") from None
    finally:
        document.close()
    if not pages:
        raise ReadError(f"{source}: the PDF has no pages.")
    if unmapped[0] >= 50 and unmapped[0] * 5 > characters:
        raise ReadError(
            f"{source}: the PDF's fonts do not say which letters they draw, so its text cannot "
            "be read; print it to PDF again from Word, or open the Word file."
        )
    if characters == 0:
        raise ReadError(f"{source}: has no text layer (scanned?); OCR is not supported.")
    return pages


_FONT_ITALIC_FLAG = 1 << 6
_FONT_BOLD_FLAG = 1 << 18
"""Font descriptor flags (PDF 32000-1, table 123): Italic, ForceBold."""
_PDFIUM: dict[str, Any] = {}


def _pdfium_functions() -> dict[str, Any]:
    """pdfium's per-character functions called through prototypes that take plain addresses
    (ints): the binding's own argument conversions cost more than the calls themselves, and
    they run once per character."""
    if not _PDFIUM:
        import pypdfium2.raw as raw

        def bare(function: Any, result: Any, *arguments: Any) -> Any:
            address = ctypes.cast(function, ctypes.c_void_p).value
            if not address:
                raise RuntimeError("pdfium lacks a text function")
            return ctypes.CFUNCTYPE(result, *arguments)(address)

        pointer, integer = ctypes.c_void_p, ctypes.c_int
        _PDFIUM["object"] = bare(raw.FPDFText_GetTextObject, pointer, pointer, integer)
        _PDFIUM["box"] = bare(raw.FPDFText_GetLooseCharBox, integer, pointer, integer, pointer)
        _PDFIUM["generated"] = bare(raw.FPDFText_IsGenerated, integer, pointer, integer)
        _PDFIUM["raw"] = raw
    return _PDFIUM


def _page_chars(page: Any, fonts: dict[str, tuple[bool, bool]], unmapped: list[int]) -> list[_Char]:
    """The page's visible, upright characters in page coordinates (y growing downwards), each
    with `space` set when the PDF itself put a space character before it. Glyphs whose font
    gives no letter for them are counted in `unmapped[0]`.

    One text object (one text-showing operator) has one font, size and baseline, so the style is
    looked up per object, not per character. Which object a character belongs to is asked only
    where it may change: after a gap in pdfium's character list (a space, a skipped glyph), where
    the character's box moves up or down, and around punctuation (an italic word followed by a
    roman comma in the same line box). A word of three plain letters or more that one text object
    draws left to right takes boxes at its two ends only (`_WORD_RUN`): about three characters in
    four of an English text, each otherwise a call into pdfium."""
    functions = _pdfium_functions()
    raw = functions["raw"]
    get_object = functions["object"]
    loose_box = functions["box"]
    is_generated = functions["generated"]
    left, _, _, top_edge = (float(value) for value in page.get_bbox())
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        address = ctypes.cast(handle, ctypes.c_void_p).value
        count = raw.FPDFText_CountChars(handle)
        if count <= 0:
            return []
        buffer = ctypes.create_string_buffer((count + 1) * 2)
        raw.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        text = buffer.raw[: count * 2].decode("utf-16-le", "replace")
        if len(text) != count:
            text = "".join(chr(raw.FPDFText_GetUnicode(handle, k) or 0xFFFD) for k in range(count))
        # per text object: whether its characters are read, and the fields of a `_Char` after
        # x0 and x1, without and with a space drawn before the character
        styles: dict[int, tuple[bool, tuple[Any, ...], tuple[Any, ...]]] = {}
        rect = raw.FS_RECTF()
        rect_address = ctypes.addressof(rect)
        make = tuple.__new__  # _Char without the Python-level constructor: 160,000 per 50 pages
        chars: list[_Char] = []
        append = chars.append
        pending = -1  # index of a space character before the next visible one
        previous_index = -2
        previous_top = previous_bottom = 0.0
        visible, tail, spaced = False, (), ()
        skip = 0  # the characters before this index were read with their word
        words = {word.start(): word.end() for word in _WORD_RUN.finditer(text)}
        for index, raw_char in enumerate(text):
            if index < skip:
                continue
            if raw_char.isalnum() and raw_char.isascii():
                end = words.get(index)
                if end is not None:
                    last = end - 1
                    key = get_object(address, index) or -index
                    loose_box(address, last, rect_address)
                    end_x0, end_x1 = rect.left - left, rect.right - left
                    end_top, end_bottom = rect.top, rect.bottom
                    loose_box(address, index, rect_address)
                    x0, x1 = rect.left - left, rect.right - left
                    if end_x0 >= x1 and key == (get_object(address, last) or -last):
                        # A word of one text object, drawn left to right: its own spaces are
                        # characters of pdfium's text (none inside the word), so only its ends
                        # need boxes; the letters between share the space between them. (A
                        # ligature's letters share one box: such a word is read letter by letter.)
                        style = styles.get(key)
                        if style is None:
                            style = styles[key] = _style(raw, handle, index, fonts, top_edge)
                        visible, tail, spaced = style
                        skip = last + 1
                        previous_index = -2
                        if not visible:
                            pending = -1
                            continue
                        drawn = pending >= 0 and not is_generated(address, pending)
                        pending = -1
                        append(make(_Char, (raw_char, x0, x1, *(spaced if drawn else tail))))
                        step = (end_x0 - x1) / (last - index - 1)
                        for offset, letter in enumerate(text[index + 1 : last]):
                            start = x1 + step * offset
                            append(make(_Char, (letter, start, start + step, *tail)))
                        append(make(_Char, (text[last], end_x0, end_x1, *tail)))
                        previous_index = last
                        previous_top, previous_bottom = end_top, end_bottom
                        continue
                char_text = raw_char  # plain letters and digits, most characters: no cleaning
                plain = True
            elif raw_char == " ":
                if pending < 0:
                    pending = index
                continue
            elif raw_char.isspace() or raw_char == "\x00":
                continue
            else:
                plain = False
                if " " < raw_char < "\x7f":
                    char_text = raw_char
                elif raw_char == "\ufffe":
                    char_text = "-"  # pdfium's mark for a hyphen ending a line
                else:
                    char_text = textnorm.normalise_chars(_CONTROL.sub("", raw_char))
                    if not char_text or raw_char == "\ufffd":
                        unmapped[0] += 1
                        pending = -1
                        continue
                    if char_text.isspace():
                        continue
            loose_box(address, index, rect_address)
            top, bottom = rect.top, rect.bottom
            if (
                not plain
                or index != previous_index + 1
                or top != previous_top
                or bottom != previous_bottom
            ):
                key = get_object(address, index) or -index
                style = styles.get(key)
                if style is None:
                    style = styles[key] = _style(raw, handle, index, fonts, top_edge)
                visible, tail, spaced = style
            # after punctuation the next character asks for its object again
            previous_index = index if plain else -2
            previous_top, previous_bottom = top, bottom
            if not visible:
                pending = -1
                continue  # rotated side text (barcodes, vertical job numbers), invisible specks
            if pending >= 0:
                # A space the PDF draws (not one pdfium guessed from the layout) is a space even
                # where justification squeezed it. (The gap alone cannot say: a glyph pdfium
                # lists elsewhere in its text, such as an "ﬀ" ligature, may fill it.)
                drawn = not is_generated(address, pending)
                pending = -1
                append(
                    make(
                        _Char,
                        (
                            char_text,
                            rect.left - left,
                            rect.right - left,
                            *(spaced if drawn else tail),
                        ),
                    )
                )
            else:
                append(make(_Char, (char_text, rect.left - left, rect.right - left, *tail)))
        return chars
    finally:
        textpage.close()


def _style(
    raw: Any, handle: Any, index: int, fonts: dict[str, tuple[bool, bool]], top_edge: float
) -> tuple[bool, tuple[Any, ...], tuple[Any, ...]]:
    """A character's text object — one text-showing operator, so one font, size and baseline
    for all its characters — as (read: upright and not a speck, the `_Char` fields from `top`
    on without and with a space before). Every character of a size gets the same height on its
    baseline (glyph boxes vary with ascenders and descenders, and lines must be spaced by their
    baselines); y grows downwards from the page's top edge."""
    matrix = raw.FS_MATRIX()
    size = float(raw.FPDFText_GetFontSize(handle, index))
    if raw.FPDFText_GetMatrix(handle, index, matrix):
        # the size as drawn: the font size scaled by the text matrix's vertical scale
        scale = math.hypot(matrix.c, matrix.d)
        if scale > 0 and abs(scale - 1) > 0.01:
            size *= scale
        upright = abs(matrix.b) < 1e-3 * max(1.0, abs(matrix.a)) and matrix.a > 0 and matrix.d > 0
        baseline = float(matrix.f)
    else:
        upright = True
        x = ctypes.c_double(0.0)
        y = ctypes.c_double(0.0)
        raw.FPDFText_GetCharOrigin(handle, index, ctypes.byref(x), ctypes.byref(y))
        baseline = y.value
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int(0)
    length = raw.FPDFText_GetFontInfo(handle, index, buffer, 256, ctypes.byref(flags))
    font = buffer.value.decode("utf-8", "replace") if length else ""
    style = fonts.get(font + str(flags.value))
    if style is None:
        name = font.split("+")[-1]
        style = fonts[font + str(flags.value)] = (
            bool(_ITALIC_FONT.search(name)) or bool(flags.value & _FONT_ITALIC_FLAG),
            bool(_BOLD_FONT.search(name)) or bool(flags.value & _FONT_BOLD_FLAG),
        )
    size = round(size, 1)
    bottom = top_edge - baseline + size * 0.2
    top = bottom - size
    middle = (top + bottom) / 2
    return (
        upright and size > 0.5,
        (top, bottom, size, style[0], style[1], False, middle),
        (top, bottom, size, style[0], style[1], True, middle),
    )


# --- lines and columns -----------------------------------------------------------------------


def _lines(chars: list[_Char], page: int, width: float) -> list[_Line]:
    rows = _rows(chars)
    gutter = _gutter(rows, width)
    lines: list[_Line] = []
    if gutter is None:
        for row in rows:
            lines.append(_make_line(row, page, 0))
        return lines
    # Runs of rows that leave the gutter empty are read left column first, then right.
    run: list[list[_Char]] = []

    def flush() -> None:
        # Each column's lines are found again on their own: the columns' baselines need not
        # line up, and a superscript must join the line of its own column.
        left = [c for row in run for c in row if c.x1 <= gutter]
        right = [c for row in run for c in row if c.x0 >= gutter]
        lines.extend(_make_line(row, page, 1) for row in _rows(left))
        lines.extend(_make_line(row, page, 2) for row in _rows(right))
        run.clear()

    for row in rows:
        if _crosses(row, gutter):
            flush()
            lines.append(_make_line(row, page, 0))
        else:
            run.append(row)
    flush()
    return lines


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Group characters whose vertical middles align (superscripts stay with their line).

    Taken in order of their middles (left to right on a tie), a character joins the row being
    built when its middle lies within 0.45 of the taller one's size from the row's middle (that
    of the row's largest character). Characters of one middle (one baseline and size: a text
    object's, and usually a whole line's) go together, decided by the leftmost of them, which is
    what taking them one by one would give, with one decision per middle instead of per
    character."""
    groups: dict[float, list[_Char]] = {}
    for middle, run in itertools.groupby(chars, _MIDDLE):
        group = groups.get(middle)
        if group is None:
            groups[middle] = list(run)
        else:
            group.extend(run)
    rows: list[list[_Char]] = []
    current: list[_Char] = []
    row_middle = 0.0
    size = 0.0
    for middle in sorted(groups):
        group = groups[middle]
        group.sort(key=_by_x)
        largest = max(map(_SIZE, group))
        first = group[0].size
        tallest = size if size > first else first
        if current and abs(middle - row_middle) <= tallest * 0.45:
            current.extend(group)
            if largest > size:
                size, row_middle = largest, middle
            continue
        if current:
            rows.append(current)
        current, row_middle, size = group, middle, largest
    if current:
        rows.append(current)
    for row in rows:
        row.sort(key=_by_x)
    rows.sort(key=lambda row: min(map(_TOP, row)))
    return rows


_MIDDLE = operator.attrgetter("middle")
_SIZE = operator.attrgetter("size")


_by_x = operator.attrgetter("x0")


def _wide_gaps(row: list[_Char]) -> list[tuple[float, float]]:
    """The gaps in a row wide enough to be a gutter between columns (a tab stop is one too)."""
    gaps = [(row[0].x0 - 1e6, row[0].x0)]
    for before, after in itertools.pairwise(row):
        gap = after.x0 - before.x1
        if gap >= 8.0 and gap >= after.size * 1.5:
            gaps.append((before.x1, after.x0))
    gaps.append((max(map(_X1, row)), row[-1].x1 + 1e6))
    return gaps


def _crosses(row: list[_Char], x: float, gaps: list[tuple[float, float]] | None = None) -> bool:
    """True when the row's text runs across `x` (no wide gap there)."""
    return not any(a <= x <= b for a, b in gaps or _wide_gaps(row))


def _gutter(rows: list[list[_Char]], width: float) -> float | None:
    """The x of an empty vertical gutter shared by several rows with text on both sides."""
    if len(rows) < 6:
        return None
    # A column holds words on both sides; a tab after a paragraph number ("(iii)", "10 bis.")
    # leaves an empty band down the page too, with only the number to its left: a row counts
    # for a gutter only with a few words' worth of characters on its left.
    shapes = [(row[min(len(row) - 1, 8)].x1, row[-1].x0, _wide_gaps(row)) for row in rows]
    low, high = width * 0.3, width * 0.7
    inner = [shape for shape in shapes if any(a <= high and b >= low for a, b in shape[2][1:-1])]
    if len(inner) < 4:
        return None  # fewer than four rows have a wide gap in the middle: one column
    best: tuple[int, float] | None = None
    x = width * 0.3
    while x < width * 0.7:
        both = crossing = 0
        for first_end, last_start, gaps in shapes:
            if not any(a <= x <= b for a, b in gaps):
                crossing += 1
            elif first_end <= x <= last_start:
                both += 1
        if both >= 4 and both >= crossing and (best is None or both > best[0]):
            best = (both, x)
        x += 2.0
    return None if best is None else best[1]


def _make_line(chars: list[_Char], page: int, column: int) -> _Line:
    """A line of characters sorted left to right; its size is the most common one (the larger
    on a tie), its bottom the baseline side of the characters of that size."""
    sizes = Counter(map(_SIZE, chars))
    size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0]
    line = _Line(
        page=page,
        column=column,
        chars=chars,
        x0=chars[0].x0,
        x1=max(map(_X1, chars)),
        top=min(map(_TOP, chars)),
        bottom=(
            max(map(_BOTTOM, chars))
            if len(sizes) == 1
            else max(c.bottom for c in chars if c.size == size)
        ),
        size=size,
    )
    line.pieces = _pieces(line)
    return line


_X1 = operator.attrgetter("x1")
_TOP = operator.attrgetter("top")
_BOTTOM = operator.attrgetter("bottom")


def _pieces(line: _Line) -> list[_Piece]:
    """The line as text pieces; spaces come from gaps (or the PDF's own space characters),
    superscript markers are set apart. Consecutive characters of one style share a piece."""
    chars = line.chars
    size = line.size
    raised_size = size * 0.85
    if min(map(_SIZE, chars)) > raised_size:
        return _plain_pieces(chars, size)  # no superscript: most lines
    pieces: list[_Piece] = []
    raised_bottom = line.bottom - size * 0.12
    previous: _Char | None = None
    buffer: list[str] = []
    style = (False, False)

    def flush() -> None:
        if buffer:
            pieces.append(_Piece("".join(buffer), style[0], style[1]))
            buffer.clear()

    index = 0
    while index < len(chars):
        char = chars[index]
        if char.size <= raised_size and char.bottom < raised_bottom:
            end = index
            while (
                end < len(chars)
                and chars[end].size <= raised_size
                and chars[end].bottom < raised_bottom
            ):
                end += 1
            run = chars[index:end]
            text = "".join(c.text for c in run)
            parts = [part for part in re.split(r"[,\s]+", text) if part]
            if parts and all(_MARKER.fullmatch(part) for part in parts):
                flush()
                if previous is not None and run[0].x0 - previous.x1 > size * 0.25:
                    pieces.append(_Piece(" "))
                for part in parts:
                    pieces.append(_Piece(part, marker=True))
                previous = run[-1]
                index = end
                continue
            # Raised small text that is not a marker ("A" set large, then "/RES/80/1"): all of it
            # is text — a marker is never looked for again inside it ("1" at its end).
            for char in run:
                style = _add_char(buffer, pieces, char, previous, size, style)
                previous = char
            index = end
            continue
        # the gap rule of `_add_char`, inline: this loop sees every character of the document
        tallest = previous.size if previous is not None and previous.size > char.size else char.size
        if previous is not None and (
            char.space or char.x0 - previous.x1 > (size if size < tallest else tallest) * 0.18
        ):
            style = _add_char(buffer, pieces, char, previous, size, style)
        elif (char.italic, char.bold) == style:
            buffer.append(char.text)  # the common case: a letter of the same style, no gap
        else:
            style = _add_char(buffer, pieces, char, None, size, style)
        previous = char
        index += 1
    flush()
    return pieces


def _plain_pieces(chars: list[_Char], size: float) -> list[_Piece]:
    """`_pieces` of a line without raised characters: the same gap rule as `_add_char`, inline,
    for this loop sees nearly every character of the document."""
    pieces: list[_Piece] = []
    buffer: list[str] = []
    previous = chars[0]
    style = _add_char(buffer, pieces, previous, None, size, (False, False))
    previous_x1, previous_size = previous.x1, previous.size
    for char in itertools.islice(chars, 1, None):
        text, x0, x1, _, _, char_size, italic, bold, space, _ = char
        tallest = previous_size if previous_size > char_size else char_size
        if space or x0 - previous_x1 > (size if size < tallest else tallest) * 0.18:
            style = _add_char(buffer, pieces, char, previous, size, style)
        elif (italic, bold) == style:
            buffer.append(text)  # the common case: a letter of the same style, no gap
        else:
            style = _add_char(buffer, pieces, char, None, size, style)
        previous, previous_x1, previous_size = char, x1, char_size
    if buffer:
        pieces.append(_Piece("".join(buffer), style[0], style[1]))
    return pieces


def _add_char(
    buffer: list[str],
    pieces: list[_Piece],
    char: _Char,
    previous: _Char | None,
    size: float,
    style: tuple[bool, bool],
) -> tuple[bool, bool]:
    """Add `char` (and the space before it, if any) to the piece being built in `buffer`;
    a change of style closes that piece into `pieces`. Returns the style now being built."""
    if previous is not None and (
        char.space or char.x0 - previous.x1 > min(size, max(previous.size, char.size)) * 0.18
    ):
        both_italic = previous.italic and char.italic
        if (both_italic, False) != style and buffer:
            pieces.append(_Piece("".join(buffer), style[0], style[1]))
            buffer.clear()
        if not buffer:
            style = (both_italic, False)
        buffer.append(" ")
    if (char.italic, char.bold) != style:
        if buffer:
            pieces.append(_Piece("".join(buffer), style[0], style[1]))
            buffer.clear()
        style = (char.italic, char.bold)
    buffer.append(char.text)
    return style


# --- furniture, footnotes, paragraphs ---------------------------------------------------------


def _assemble(pages: list[_Page], source: str) -> tuple[list[Block], list[Footnote]]:
    _remove_furniture(pages)
    body_size = _body_size(pages)
    drafts: list[_FootnoteDraft] = []
    body: list[_Line] = []
    for page in pages:
        lines, notes = _split_footnotes(page, body_size, drafts)
        body.extend(lines)
        drafts.extend(notes)
    if not body and not drafts:
        raise ReadError(f"{source}: has no text layer (scanned?); OCR is not supported.")
    vocabulary = _vocabulary(body + [line for draft in drafts for line in draft.lines])
    footnotes, by_marker = _footnotes(drafts, vocabulary)
    blocks = _paragraphs(body, body_size, vocabulary, by_marker)
    return blocks, footnotes


def _normalised(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


_RULE = re.compile(r"^[_\u2014\u2015\u2500-]{5,}$")
"""A footnote rule set as text (underscores or dashes, of any length): never words."""


def _remove_furniture(pages: list[_Page]) -> None:
    """Take running headers and footers, job numbers, barcodes and rules off the pages.

    By position and repetition, never by words alone. A page's furniture lies in its top or
    bottom band (12 % of its height) and outside its body text: a line there is furniture when
    - it is set smaller than the body above the page's first body line (a running header of one
      or two lines; page 1 excepted, its masthead holds the metadata), or names the document's
      symbol there (a header set at body size);
    - it repeats on other pages (digits masked) and stands apart from the body text — set in
      another size, or further from the nearest body line than paragraphs are spaced (a body
      line at the page's foot that happens to read like another page's never goes);
    - or it is made only of furniture tokens (page numbers, job numbers, issue dates, barcodes,
      "Please recycle"; after page 1 also the symbol).
    Anywhere on a page, a line that is only a rule ("______") goes."""
    body_size = _body_size(pages)
    spacing = _line_spacing([line for page in pages for line in page.lines], body_size)
    symbols = _masthead_symbols(pages[0]) if pages else set()

    def in_band(line: _Line, page: _Page) -> bool:
        return line.bottom < page.height * 0.12 or line.top > page.height * 0.88

    def is_body(line: _Line) -> bool:
        return abs(line.size - body_size) < body_size * 0.08

    def may_repeat(line: _Line, page: _Page) -> bool:
        # A footnote ("⁵ Ibid.") may repeat from page to page; it is not furniture.
        if not in_band(line, page) or not line.text.strip():
            return False
        if any(piece.marker for piece in line.pieces[:2]):
            return False
        return not _FOOTNOTE_LIKE.match(line.text)

    def apart(line: _Line, page: _Page) -> bool:
        """Not part of the page's body text: another size, or set off by a wider gap."""
        if not is_body(line):
            return True
        others = [other for other in page.lines if other is not line and is_body(other)]
        if not others:
            return True
        nearest = min(
            min(abs(other.bottom - line.bottom), abs(other.top - line.top)) for other in others
        )
        return nearest > spacing * 1.8

    seen: Counter[tuple[str, float]] = Counter()
    for page in pages:
        signatures = {
            (_normalised(line.text), round(line.size))
            for line in page.lines
            if may_repeat(line, page)
        }
        seen.update(signatures)
    repeated = {key for key, count in seen.items() if count >= 2 and count * 3 >= len(pages)}
    for page in pages:
        first_body = min((line.top for line in page.lines if is_body(line)), default=page.height)
        kept: list[_Line] = []
        for line in page.lines:
            text = line.text.strip()
            if _RULE.match(text.replace(" ", "")):
                continue
            if in_band(line, page):
                if page is not pages[0] and line.bottom < page.height * 0.12:
                    header = line.top < first_body and line.size < body_size * 0.92
                    if header or symbols & set(text.split()):
                        continue
                if (
                    may_repeat(line, page)
                    and (_normalised(line.text), round(line.size)) in repeated
                    and apart(line, page)
                ):
                    continue
                if _only_furniture(line.text, symbols=page is not pages[0]):
                    continue
            kept.append(line)
        page.lines = kept


def _masthead_symbols(page: _Page) -> set[str]:
    """The document symbols printed in page 1's top band ("A/RES/80/1"); running headers of
    later pages repeat them."""
    found: set[str] = set()
    for line in page.lines:
        if line.bottom < page.height * 0.12:
            found.update(token for token in line.text.split() if _SYMBOL_LINE.match(token))
    return found


def _only_furniture(text: str, *, symbols: bool) -> bool:
    """A band line made of furniture tokens only; after page 1 a document symbol is one too
    (a running header "E/CN.7/2022/L.4   3")."""
    tokens = text.split()
    return bool(tokens) and all(
        _FURNITURE_TOKEN.match(token) or (symbols and _SYMBOL_LINE.match(token)) for token in tokens
    )


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.chars)
    return max(sizes.items(), key=lambda item: (item[1], item[0]))[0] if sizes else 10.0


def _split_footnotes(
    page: _Page, body_size: float, earlier: list[_FootnoteDraft]
) -> tuple[list[_Line], list[_FootnoteDraft]]:
    """Take the page-foot lines in a smaller size out of the flow, as footnote drafts."""
    lines = page.lines
    body_lines = [line for line in lines if line.size >= body_size * 0.92]
    if not body_lines:
        return lines, []  # a page of small text only is body text, not footnotes
    # Below the last line of body text, wherever the reading order put them (a short footnote
    # line under two columns reads as part of the left column).
    floor = max(max(line.bottom for line in body_lines), page.height * 0.4)
    foot = sorted(
        (line for line in lines if line.size < body_size * 0.92 and line.top > floor),
        key=lambda line: (line.top, line.x0),
    )
    if not foot:
        return lines, []
    footset = {id(line) for line in foot}
    body = [line for line in lines if id(line) not in footset]
    page_markers = {piece.text for line in body for piece in line.pieces if piece.marker}
    drafts: list[_FootnoteDraft] = []
    for line in foot:
        marker = _footnote_start(line, page_markers)
        if marker is not None:
            drafts.append(_FootnoteDraft(marker, page.number, [line]))
        elif drafts:
            drafts[-1].lines.append(line)
        elif earlier:
            earlier[-1].lines.append(line)  # a footnote continued from the previous page
        else:
            drafts.append(_FootnoteDraft("", page.number, [line]))
    return body, drafts


def _footnote_start(line: _Line, page_markers: set[str]) -> str | None:
    """The marker a footnote line starts with (removing it from the line), or None."""
    pieces = line.pieces
    if pieces and pieces[0].marker:
        leading = pieces[0].text
        line.pieces = _strip_leading(pieces[1:])
        return leading
    text = line.text
    star = _STAR_MARKER.match(text)
    candidates = sorted(page_markers, key=len, reverse=True)
    digits = re.match(r"\d{1,3}", text)
    marker: str | None = None
    if star:
        marker = star.group(1)
    elif digits and digits.group() in candidates:
        marker = digits.group()
    elif digits and len(text) > digits.end() and text[digits.end()] == " ":
        # "12<tab>Text": a number set apart by a wide gap at the start of a footnote line.
        first_gap = _leading_gap(line, len(digits.group()))
        if first_gap > line.size * 0.8:
            marker = digits.group()
    if marker is None:
        return None
    line.pieces = _strip_leading(_drop_prefix(pieces, len(marker)))
    return marker


def _leading_gap(line: _Line, count: int) -> float:
    if len(line.chars) <= count:
        return 0.0
    return line.chars[count].x0 - line.chars[count - 1].x1


def _drop_prefix(pieces: list[_Piece], count: int) -> list[_Piece]:
    result = list(pieces)
    while count > 0 and result:
        piece = result.pop(0)
        if len(piece.text) > count:
            result.insert(0, _Piece(piece.text[count:], piece.italic, piece.bold, piece.marker))
            count = 0
        else:
            count -= len(piece.text)
    return result


def _strip_leading(pieces: list[_Piece]) -> list[_Piece]:
    index = 0
    while index < len(pieces) and pieces[index].text == " ":
        index += 1
    return pieces[index:]


def _vocabulary(lines: list[_Line]) -> frozenset[str]:
    """The document's words for the line-break rule (`diffing.textnorm.vocabulary`)."""
    return textnorm.vocabulary("\n".join(line.text for line in lines))


def _joiner(before: str, after: str, vocabulary: frozenset[str]) -> tuple[int, str]:
    """How to join a line ending with `before` to one starting with `after`: the kernel's rule
    (`diffing.textnorm.line_break`). Returns (characters to drop from the end of `before`,
    text to insert between)."""
    if not after.strip():
        return 0, " "  # a line of footnote markers only
    return textnorm.line_break(before, after, vocabulary)


@dataclass
class _Text:
    """A paragraph or footnote being assembled from lines."""

    chars: list[str] = field(default_factory=list)
    italic: list[bool] = field(default_factory=list)
    bold: list[bool] = field(default_factory=list)
    markers: list[tuple[str, int, int]] = field(default_factory=list)
    """(marker, offset, page)"""
    first: _Line | None = None
    last: _Line | None = None

    @property
    def text(self) -> str:
        return "".join(self.chars)

    letters: int = 0
    bold_letters: int = 0
    """Letters and digits in the text, and how many of them are bold."""

    def add(self, line: _Line, vocabulary: frozenset[str]) -> None:
        if self.chars:
            # the line-break rule looks at the paragraph's end only (its last 100 characters)
            end = "".join(self.chars[-200:])
            if len(self.chars) > 200 and len(end.rstrip()) < 100:
                end = self.text
            drop, between = _joiner(end, line.text, vocabulary)
            for _ in range(drop):
                if self.chars.pop().isalnum():
                    self.letters -= 1
                    self.bold_letters -= self.bold[-1]
                self.italic.pop()
                self.bold.pop()
            for char in between:
                self.chars.append(char)
                self.italic.append(bool(self.italic) and self.italic[-1])
                self.bold.append(False)
                self.letters += char.isalnum()
        else:
            self.first = line
        for piece in line.pieces:
            if piece.marker:
                self.markers.append((piece.text, len(self.chars), line.page))
                continue
            count = len(piece.text)
            self.chars.extend(piece.text)
            self.italic.extend([piece.italic] * count)
            self.bold.extend([piece.bold] * count)
            letters = len(_NOT_ALNUM.sub("", piece.text))
            self.letters += letters
            if piece.bold:
                self.bold_letters += letters
        self.last = line

    def spans(self) -> tuple[Span, ...]:
        text = self.text
        spans: list[Span] = []
        start: int | None = None
        for index, flag in enumerate([*self.italic, False]):
            if flag and start is None:
                start = index
            elif not flag and start is not None:
                # A plain space between two italic words stays inside the span.
                if (
                    index < len(text)
                    and text[index] == " "
                    and self.italic[index + 1 :][:1] == [True]
                ):
                    continue
                end = index
                while end > start and text[end - 1] == " ":
                    end -= 1
                if end > start:
                    spans.append(Span(start, end))
                start = None
        return tuple(spans)

    def is_bold(self) -> bool:
        """Four letters in five or more are bold (a heading set in bold)."""
        return self.letters > 0 and self.bold_letters * 5 >= self.letters * 4


def _footnotes(
    drafts: list[_FootnoteDraft], vocabulary: frozenset[str]
) -> tuple[list[Footnote], dict[str, list[tuple[int, str]]]]:
    footnotes: list[Footnote] = []
    by_marker: dict[str, list[tuple[int, str]]] = {}
    used: Counter[str] = Counter()
    for draft in drafts:
        text = _Text()
        for line in draft.lines:
            text.add(line, vocabulary)
        body = " ".join(text.text.split())
        if not body:
            continue
        marker = draft.marker
        base = _footnote_base_id(marker, len(footnotes) + 1)
        used[base] += 1
        footnote_id = base if used[base] == 1 else f"{base}-{used[base]}"
        footnotes.append(Footnote(id=footnote_id, marker=marker, text=body))
        by_marker.setdefault(marker, []).append((draft.page, footnote_id))
    return footnotes, by_marker


def _footnote_base_id(marker: str, ordinal: int) -> str:
    if marker.isdigit():
        return marker
    if marker and set(marker) == {"*"}:
        return "*" * len(marker)
    return marker or f"n{ordinal}"


def _resolve(marker: str, page: int, by_marker: dict[str, list[tuple[int, str]]]) -> str | None:
    """The footnote a marker refers to: the one on its page, else the nearest one; None for a
    marker without any footnote body (removed from the text, like the text reader does)."""
    candidates = by_marker.get(marker)
    if not candidates:
        return None
    return min(candidates, key=lambda item: (abs(item[0] - page), item[0] < page))[1]


def _paragraphs(
    lines: list[_Line],
    body_size: float,
    vocabulary: frozenset[str],
    by_marker: dict[str, list[tuple[int, str]]],
) -> list[Block]:
    spacing = _line_spacing(lines, body_size)
    margins = _margins(lines)
    indents, spaced = _paragraph_style(lines, spacing, margins)
    layout = _Layout(body_size, spacing, margins, indents, spaced)
    paragraphs: list[_Text] = []
    current: _Text | None = None
    in_body = False
    sequence = LabelSequence()
    for line in lines:
        if not line.text.strip():
            if line.pieces and current is not None:
                current.add(line, vocabulary)  # a line of markers only
            continue
        if (
            current is None
            or current.last is None
            or current.first is None
            or _labelled_start(current.first, current.last, line, sequence)
            or _starts_paragraph(current.last, line, layout, current.text, in_body)
        ):
            if current is not None and is_opening_line(current.text):
                in_body = True
            current = _Text()
            paragraphs.append(current)
            sequence.note(line.text.lstrip())
        current.add(line, vocabulary)
    blocks: list[Block] = []
    for paragraph in paragraphs:
        block = _block(paragraph, by_marker)
        if block is not None:
            blocks.append(block)
    return blocks


def _labelled_start(first: _Line, before: _Line, line: _Line, sequence: LabelSequence) -> bool:
    """A line at the paragraph's left edge (no further right than its first line) that opens
    with the label or number next in the text's sequence ("OP1 bis" after "OP1", "3." after
    "2.") starts a paragraph, whatever the spacing: in a single-spaced compilation text nothing
    else tells. Within one page column; breaks have their own rules."""
    if (before.page, before.column) != (line.page, line.column):
        return False
    return line.x0 <= first.x0 + line.size * 0.5 and sequence.follows(line.text.lstrip())


def _block(paragraph: _Text, by_marker: dict[str, list[tuple[int, str]]]) -> Block | None:
    text = paragraph.text
    stripped = text.strip()
    if not stripped:
        return None
    offset = len(text) - len(text.lstrip())
    limit = len(stripped)
    spans = tuple(
        Span(max(0, span.start - offset), min(limit, span.end - offset))
        for span in paragraph.spans()
        if span.end - offset > 0
    )
    refs: list[FootnoteRef] = []
    for marker, position, page in paragraph.markers:
        footnote_id = _resolve(marker, page, by_marker)
        if footnote_id is not None:
            refs.append(FootnoteRef(footnote_id, min(limit, max(0, position - offset))))
    return Block(text=stripped, italic=spans, bold=paragraph.is_bold(), footnotes=tuple(refs))


def _paragraph_style(
    lines: list[_Line], spacing: float, margins: dict[tuple[int, int], tuple[float, float]]
) -> tuple[bool, bool]:
    """(indents, spaced): whether most paragraph gaps are followed by a line indented from its
    column's margin, and whether the document sets paragraphs apart by space at all."""
    starts = indented = pairs = 0
    for before, after in itertools.pairwise(lines):
        if (before.page, before.column) != (after.page, after.column) or before.size != after.size:
            continue
        pairs += 1
        if after.bottom - before.bottom > spacing * 1.3:
            starts += 1
            if after.x0 > margins[(after.page, after.column)][0] + after.size:
                indented += 1
    indents = starts >= 3 and indented * 5 >= starts * 3
    spaced = starts >= 3 and starts * 20 >= pairs
    return indents, spaced


def _line_spacing(lines: list[_Line], body_size: float) -> float:
    """The usual distance between baselines of consecutive body lines of one paragraph."""
    distances: list[float] = []
    for before, after in itertools.pairwise(lines):
        if (before.page, before.column) != (after.page, after.column):
            continue
        distance = after.bottom - before.bottom
        if 0 < distance < body_size * 3:
            distances.append(round(distance * 2) / 2)
    if not distances:
        return body_size * 1.2
    # The smallest distance that is common: in a text of short paragraphs the gap between
    # paragraphs may be the most frequent distance, but lines of one paragraph are the closest.
    counts = Counter(distances)
    floor = max(2, len(distances) // 10)
    for distance in sorted(counts):
        near = sum(count for d, count in counts.items() if abs(d - distance) <= 0.5)
        if near >= floor:
            return max(d for d in counts if abs(d - distance) <= 0.5)
    return min(distance for distance, count in counts.items() if count == max(counts.values()))


def _margins(lines: list[_Line]) -> dict[tuple[int, int], tuple[float, float]]:
    """Left and right text edges of each page column (the most common line edges)."""
    edges: dict[tuple[int, int], tuple[list[float], list[float]]] = {}
    for line in lines:
        lefts, rights = edges.setdefault((line.page, line.column), ([], []))
        lefts.append(line.x0)
        rights.append(line.x1)
    margins: dict[tuple[int, int], tuple[float, float]] = {}
    for key, (lefts, rights) in edges.items():
        margins[key] = (min(lefts), _high(rights))
    return margins


def _high(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.9)] if len(ordered) > 2 else ordered[-1]


@dataclass(frozen=True)
class _Layout:
    """What the whole document's body text tells about how it sets paragraphs."""

    body_size: float
    spacing: float
    """The usual distance between baselines of body lines within a paragraph."""
    margins: dict[tuple[int, int], tuple[float, float]]
    indents: bool
    """Paragraphs open with a first-line indent."""
    spaced: bool
    """Paragraphs are set apart by extra vertical space."""


def _starts_paragraph(
    before: _Line, line: _Line, layout: _Layout, paragraph: str, in_body: bool
) -> bool:
    spacing, margins, body_size = layout.spacing, layout.margins, layout.body_size
    indents = layout.indents
    text = line.text.lstrip()
    previous = before.text.rstrip()
    numbered = bool(_PARAGRAPH_START.match(text))
    closes = previous.endswith((".", ";", ":", ","))
    right = margins.get((before.page, before.column), (0.0, before.x1))[1]
    full = before.x1 >= right - line.size * 2
    if (before.page, before.column) != (line.page, line.column):
        # Page or column break: the text reader's rule (`continues`: a lower-case start, a broken
        # word, an open sentence in the body) plus the layout's: a line that ran to the margin
        # without closing punctuation goes on, unless the next one opens a paragraph.
        if continues(paragraph, text, in_body=in_body):
            return False
        if numbered:
            return True
        opens = looks_like_paragraph_start(text) or is_opening_line(text)
        left = margins.get((line.page, line.column), (line.x0, 0.0))[0]
        flush_right = before.x1 >= right - line.size * 0.6
        if not in_body and flush_right and text[:1].isupper() and line.size == before.size:
            # Outside a resolution's body (a report): justified lines end at the margin and a
            # paragraph's last line almost never does, so a sentence ending there goes on.
            return False
        if indents and full and previous.endswith(",") and not opens:
            # "…Trafficking in Firearms," | "Their Parts and Components…": where paragraphs
            # open with an indent, a line flush with the margin continues the last one.
            return line.x0 > left + line.size * 0.5
        if closes or not full:
            return True
        return opens
    if line.size != before.size and abs(line.size - before.size) > 0.6:
        return True
    left_margin = margins.get((before.page, before.column), (line.x0, 0.0))[0]
    if before.x0 - line.x0 > (right - left_margin) * 0.3 or is_opening_line(text):
        # the line before stood far to the right (a right-aligned masthead line such as
        # "Original: English"): not the first line of a paragraph that goes on at the margin
        return True
    if (
        not in_body
        and not closes
        and text[:1].isupper()
        and before.x1 - left_margin < (right - left_margin) * 0.6
        and not ends_open(previous)
    ):
        # masthead lines set one under the other ("Commission on …" / "Thirty-fourth session" /
        # "Draft resolution"): a short line that does not leave a phrase open ends there
        return True
    if is_closing_line(text) or is_closing_line(previous):
        # "48th plenary meeting" / "19 December 2023": lines of their own, set without a gap
        return True
    distance = line.bottom - before.bottom
    # `spacing` is measured on body-size lines; larger type (a title) is spaced in proportion.
    if distance > spacing * max(1.0, max(line.size, before.size) / body_size) * 1.3 or distance < 0:
        return True
    if numbered and closes:
        return True
    if closes and line.x0 > before.x0 + line.size and not text[:1].islower():
        return True  # a first-line indent after a line that closed a sentence
    # A short line that closes a sentence ends a paragraph — unless paragraphs are set apart by
    # space, where ragged-right text makes short lines common and the gap already told.
    return not layout.spaced and not full and closes and not text[:1].islower()
