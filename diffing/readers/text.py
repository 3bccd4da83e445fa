"""Core layer: reading plain-text and light-Markdown resolutions (the corpus form).

Text converted from print carries the print with it: page breaks in the middle of paragraphs with
that page's footnotes in between, running headers, job numbers, page numbers, and light markup.
`read_text` undoes that and hands clean `Block`s to `diffing.structure.build_document`:

1. decode: UTF-8 (with or without BOM), UTF-16 (BOM, or NUL bytes in every other position),
   else cp1252; bytes that decode to many control characters are not a text document;
2. drop page furniture (job numbers "V.22-01234 (E)", "Please recycle", barcodes, page numbers,
   running headers that repeat the document symbol, also inside a paragraph);
3. tell the layout (`_layout`) and cut the lines into paragraphs accordingly:
   - "lines": one paragraph per line (text saved from Word; the corpus, blank lines or not);
   - "wrapped": hard-wrapped at a fixed width, blank lines between paragraphs;
   - "dense": hard-wrapped, no blank lines: lines are reflowed (a line continues the paragraph
     when it starts in lower case, or the line before was full and the next word would not
     have fitted on it; a number, a bullet, an opening line or a preambular lead after a
     finished sentence start a new one);
   - "double": print converted with an empty line after every line (corpus 002): reflowed the
     same way, a line of spaces marking the end of a paragraph;
4. take footnote bodies ("* E/CN.7/2022/1.", "¹ United Nations …", "^{*} …", and "1 …" when the
   text has a digit glued to a word such as "country.1") out of the flow; a footnote goes on
   over its next lines until it ends with a full stop (not "No." or "vol."); the list of link
   targets some converters print after a page's footnotes is dropped;
5. strip markup: `*italic*` (kept as an italic span), `**bold**`, `[70/1](#)` -> "70/1", a symbol
   mangled into TeX (`$E_{\\rm /CN.7/2022/L.4}$` -> "E/CN.7/2022/L.4"); take footnote markers out
   of the text (`agenda*`, `^{*}`, superscript digits glued to words `Crime,¹`) as references;
6. rejoin paragraphs cut by page breaks (`diffing.structure.rejoin_blocks`).

A marker is attached to the footnote body with the same marker printed nearest after it (the foot
of its page), else nearest before it. A marker without any body is removed from the text and not
referenced (the model has no footnote to point to). Footnote ids are the markers as printed,
superscript digits as plain digits ("1", "*"); a marker printed again for another body gets "-2".
"""

import codecs
import functools
import itertools
import re
from collections.abc import Iterator
from typing import NamedTuple

from diffing.errors import ReadError
from diffing.lazy_pattern import LazyPattern, one_of
from diffing.model import Document, Footnote, FootnoteRef, Span
from diffing.structure import (
    ENGLISH_MONTHS,
    Block,
    build_document,
    continues,
    ends_paragraph,
    is_closing_line,
    is_foreign_opening_line,
    join_text,
    looks_like_paragraph_start,
    rejoin_blocks,
    vocabulary,
)
from diffing.textnorm import normalise_chars

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")
_SUPERSCRIPT_DIGIT = one_of(_SUPERSCRIPT_DIGITS)
_PHRASE_END = one_of(".,;:”’)")
_GLUED = rf"(?:(?<=[^\W\d_])|(?<=[^\W\d_]{_PHRASE_END}))"
"""Where a footnote number glued to the text can start: after a letter, or after a letter and
the punctuation that closes a phrase (`_PHRASE_END`: "States,2", "Convention”3")."""
_STAR_END = one_of(",.;:)]”\"'", escapes=r"\s")
"""What may follow a footnote star or dagger: a blank or closing punctuation."""


# --- decoding -------------------------------------------------------------------------------


def decode(data: bytes, source: str) -> str:
    """The text of `data`; raises ReadError when the bytes are not text in a known encoding."""
    text: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        text = _try(data[3:], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _try(data, "utf-16")
    else:
        utf16 = _utf16_guess(data)
        if utf16 is not None:
            text = _try(data, utf16)
        if text is None:
            text = _try(data, "utf-8")
        if text is None:
            text = _mixed_utf8(data)
        if text is None:
            text = _try(data, "cp1252")
    if text is None:
        raise ReadError(f"{source}: not a text document (unknown encoding or binary data).")
    text = text.lstrip("\ufeff")
    control = len(_CONTROL.findall(text))
    if control and (control > max(16, len(text) // 100) or "\x00" in text):
        raise ReadError(f"{source}: not a text document (binary data).")
    if control:
        # A few stray control characters (BEL, ESC, backspace) are debris of a conversion; XML
        # and Word cannot hold them, so they go here rather than break an export later.
        text = _CONTROL.sub("", text)
    if not text.strip():
        raise ReadError(f"{source}: the file is empty.")
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters (C0 but tab and line breaks, DEL, C1): never text a person wrote."""


def _mixed_utf8(data: bytes) -> str | None:
    """Text that is mostly UTF-8 with some lines in cp1252 (pasted from another file): each
    line in the encoding it is in. None when no line is UTF-8 beyond ASCII."""
    lines = data.split(b"\n")
    decoded = []
    utf8_lines = 0
    for line in lines:
        text = _try(line, "utf-8")
        if text is None:
            text = line.decode("cp1252", errors="replace")
        elif not line.isascii():
            utf8_lines += 1
        decoded.append(text)
    return "\n".join(decoded) if utf8_lines else None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without BOM: text in Latin script has a NUL in nearly every other byte."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)  # (counted in C)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if odd > pairs * 0.7 and even < pairs * 0.05:
        return "utf-16-le"
    if even > pairs * 0.7 and odd < pairs * 0.05:
        return "utf-16-be"
    return None


# --- page furniture -------------------------------------------------------------------------

_FURNITURE = LazyPattern(
    "|".join(
        (
            r"^(?:[A-Z]{1,2}\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}$",  # job number
            r"^\*\d{6,}\*$",  # barcode
            r"^(?i:(?:♲\s*)?Please\s+recycle(?:\s*♲)?)$",
            r"^(?i:(?:Page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?)$",  # page number
            r"^[-–]\s*\d{1,3}\s*[-–]$",
            rf"^{one_of('_–—=*-')}{{5,}}$",  # the rule above a page's footnotes, a Markdown rule
        )
    )
)
"""Lines of page furniture, each kind anchored whole; one alternation, so that a line is asked
once rather than once for each kind (a call per kind and line was most of the cost)."""
_FURNITURE_END = frozenset(")*eE♲-–—_=")
"""How page furniture ends, but for a digit: a job number's "(E)", a barcode's star, "Please
recycle ♲", a page number between dashes, a rule."""
_FURNITURE_LOWERCASE = frozenset("pleasrcygof\u017f")
"""The only lowercase letters in page furniture: those of "Please recycle", "Page" and "of",
and the long s "\u017f" that `(?i:s)` also matches (no other lowercase letter folds to one of
them)."""
_SYMBOL_LINE = LazyPattern(r"^(?:[A-Z]{1,10}(?:\.\d+)?/)+[A-Za-z0-9.\-/()]*[A-Za-z0-9)]$")
"""A document symbol alone on a line: one word with a "/" (asked only of such a line)."""


def _is_furniture(line: str) -> bool:
    """`_FURNITURE.match(line.strip())`, asked only of a line that ends as furniture ends (with
    a digit, `\\d` being `str.isdecimal`, or `_FURNITURE_END`) and holds no lowercase letter
    that furniture never holds: a line of text fails one test or the other, and the pattern
    (some 3 million instructions to compile) is then never compiled."""
    end = line.rstrip()[-1:]
    if not (end.isdecimal() or end in _FURNITURE_END):
        return False
    for char in line:
        if char.islower() and char not in _FURNITURE_LOWERCASE:
            return False
    return _FURNITURE.match(line.strip()) is not None


# --- inline markup and footnote markers ------------------------------------------------------

_INLINE = re.compile(
    r"(?P<tex>\$(?=[^$\n]*[\\_^])[^$\n]{1,200}\$)"
    r"|(?P<link>\[(?P<linktext>[^\]\n]+)\]\((?P<url>[^)\s]*)\))"
    r"|(?P<bold>\*\*(?=\S)(?P<boldtext>.+?)(?<=\S)\*\*)"
    r"|(?P<italic>(?<![\w*])\*(?=[^\s*])(?P<italictext>[^*\n]+?)(?<=[^\s*])\*(?![\w*]))"
    r"|(?P<sup>\^\{(?P<supmark>[^}\n]{1,6})\})"
    rf"|(?P<supdigits>{_SUPERSCRIPT_DIGIT}+)"
    r"|(?P<star>(?<=\S)\\?(?:\*{1,3}|†|‡)"
    rf"(?={_STAR_END}|$))"
    r"|(?P<escape>\\(?P<escaped>[!-/:-@\[-`{-~]))"
    rf"|(?P<plain>{_GLUED}\d{{1,3}}(?=\s|$))"
)


_INLINE_START = re.compile(r"[$\[*^⁰¹²³⁴⁵⁶⁷⁸⁹\\†‡\d](?<!\d\d)")
"""Every character an `_INLINE` match can start with, and the first digit of each run of digits
(a plain marker's look-behind wants a letter before its first digit, so no later digit of a run
such as "2024" can start one). One class first, so that sre skips ahead to it in C ("|\\d+"
would try the pattern at every character); one pattern for texts with and without plain markers,
as the class holds characters beyond U+00FF in more than two runs, which sre compiles into a map
of all 65,536 characters (0.3 ms at every start)."""


def _inline_matches(source: str, plain: frozenset[str]) -> Iterator[re.Match[str]]:
    """What `_INLINE.finditer(source)` finds, tried only where a match can start: trying its
    nine alternatives at every character was a fifth of reading a text. Plain digits are tried
    only when some footnote has a plain-digit marker (`plain`): otherwise such a match is kept
    as it stands, and no other alternative starts with a digit."""
    position = 0
    for start in _INLINE_START.finditer(source):
        at = start.start()
        if at < position or (not plain and source[at].isdecimal()):  # (`\d` is `isdecimal`)
            continue
        match = _INLINE.match(source, at)
        if match is not None:
            yield match
            position = match.end()


class _Inline(NamedTuple):
    text: str
    italic: tuple[Span, ...]
    markers: tuple[tuple[str, int], ...]
    """(marker as printed, offset in text)."""
    bold: bool


def _clean_tex(source: str) -> str:
    inner = source[1:-1]
    inner = re.sub(r"\\[A-Za-z]+\s*", "", inner)
    inner = re.sub(r"[_^{}\\]", "", inner)
    return " ".join(inner.split())


def parse_inline(source: str, plain: frozenset[str] = frozenset()) -> _Inline:
    """Plain text, italic spans and footnote markers of one block of light Markdown.

    `plain` holds the footnote numbers that have a body printed as plain digits ("1 https://…"):
    only those digits glued to a word ("country.1") are taken for markers."""
    out: list[str] = []
    italic: list[Span] = []
    markers: list[tuple[str, int]] = []
    length = 0
    bold_chars = 0
    position = 0
    for match in _inline_matches(source, plain):
        before = source[position : match.start()]
        out.append(before)
        length += len(before)
        position = match.end()
        kind = match.lastgroup
        if kind == "tex":
            piece = _clean_tex(match.group(0))
        elif kind == "link":
            piece = match.group("linktext")
        elif kind in ("bold", "italic"):
            inner = parse_inline(match.group(f"{kind}text"), plain)
            piece = inner.text
            italic.extend(Span(s.start + length, s.end + length) for s in inner.italic)
            markers.extend((m, o + length) for m, o in inner.markers)
            if kind == "italic":
                italic.append(Span(length, length + len(piece)))
            else:
                bold_chars += len(piece)
        elif kind == "escape":
            piece = match.group("escaped")
        elif kind == "plain" and match.group(0) not in plain:
            piece = match.group(0)
        else:
            # "Crime,\*": Markdown export escapes the asterisk of a footnote marker
            marker = match.group("supmark") if kind == "sup" else match.group(0).lstrip("\\")
            markers.append((marker.strip().translate(_SUPERSCRIPT), length))
            continue
        out.append(piece)
        length += len(piece)
    out.append(source[position:])
    text = "".join(out)
    visible = len(text.strip())
    return _Inline(text, tuple(italic), tuple(markers), visible > 0 and bold_chars >= visible)


_FOOTNOTE_BODY = re.compile(
    r"^\s*(?:\^\{(?P<sup>[^}\n]{1,6})\}"
    rf"|(?P<digits>{_SUPERSCRIPT_DIGIT}+)"
    r"|\\?(?P<star>\*{1,3}|†|‡)(?=\s))"
    r"\s*(?P<rest>\S.*)$"
)


def _footnote_start(line: str) -> tuple[str, str] | None:
    match = _FOOTNOTE_BODY.match(line)
    if not match:
        return None
    marker = match.group("sup") or match.group("digits") or match.group("star") or ""
    return marker.strip().translate(_SUPERSCRIPT), match.group("rest")


# --- the reader -----------------------------------------------------------------------------


def split_blocks(text: str) -> list[list[str]]:
    """The text's blocks (runs of non-blank lines), each as its list of lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _join_lines(lines: list[str], words: frozenset[str]) -> str:
    text = ""
    for line in lines:
        text = join_text(text, line.strip(), words)
    return text


class _RawFootnote(NamedTuple):
    marker: str
    text: str
    position: int


_GLUED_DIGITS = LazyPattern(
    rf"(\d(?:(?<=[^\W\d_]\d)|(?<=[^\W\d_]{_PHRASE_END}\d))\d{{0,2}})(?=\s|$)"
)
"""Digits where `_GLUED` says a plain marker can start. Its look-behinds come after the first
digit (and take it in), so that the pattern starts with a digit: sre then skips ahead to each
digit in C, where a look-behind first had it try every character (a tenth of reading a text).
Compiled (~1 million instructions) only for a text with a line that may be a plain-digit
footnote (`_Collector.glued`)."""
_PLAIN_FOOTNOTE = re.compile(r"^\s*(?P<digits>\d{1,3})\s+(?P<rest>\S.*)$")
_BARE_URL = LazyPattern(r"^\s*(?:https?://|www\.)\S+\s*$")
"""A web address alone on a line; asked only of a line that starts with one (`str.lstrip`
strips what `\\s` matches)."""
_BODY_NAME = LazyPattern(r"^\s*The\s+[A-Z][a-z]+\s+(?:[A-Z]|of\s+the\s+[A-Z]|on\s+[A-Z])")
"""How an opening line starts ("The General Assembly", "The Conference of the Parties"): after a
line break, a new paragraph even when the line before was full."""
_SPONSORS_END = LazyPattern(r":\s*(?:revised\s+)?draft\s+(?:resolution|decision)$", re.I)
_MASTHEAD_START = LazyPattern(
    r"^\s*(?:(?:Resolution\s+)?adopted\s+by\s+the\b|(?:S-)?\d{1,4}/\d{1,4}\.\s+[A-Z])", re.I
)
"""Masthead lines that start a paragraph even after a full line: "Resolution adopted by the …",
"55/12. The right to food" (the numbered title of an adopted text)."""
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_ABBREVIATION = LazyPattern(
    r"\b(?:No|Nos|vol|vols|para|paras|chap|sect|p|pp|art|arts|Corr|Rev|Add|Suppl|e\.g|i\.e)\.$"
)
_BULLET = LazyPattern(r"^\s*(?:[-–•]\s|\d{1,3}\.\s|\([a-z]{1,4}\)\s)")


_MONTHS = frozenset(ENGLISH_MONTHS)


def _is_date_line(line: str) -> bool:
    r"""A date alone on a line, "9 October 2020": a day of one or two digits, a month, a year of
    four, between blanks. (`str.split` and `str.isdecimal` are the blanks and digits `\s` and
    `\d` of a pattern, which cost more to compile, 1.3 million instructions, than all the lines
    ask.)"""
    words = line.split()
    return (
        len(words) == 3
        and len(words[0]) <= 2
        and words[0].isdecimal()
        and words[1] in _MONTHS
        and len(words[2]) == 4
        and words[2].isdecimal()
    )


def _glued_markers(lines: list[str]) -> frozenset[str]:
    """Plain digits glued to a word ("country.1", "corridors7"): possible footnote markers.

    Digits ending a document symbol ("A/C.3/79/L.12", "E/2024/L.5") are part of the symbol."""
    found = set()
    for line in lines:
        for match in _GLUED_DIGITS.finditer(line):
            token_start = line.rfind(" ", 0, match.start()) + 1
            if "/" not in line[token_start : match.start()]:
                found.add(match.group(1))
    return frozenset(found)


class _Collector:
    """Sorts lines into the flow of text and footnote bodies (`lines`: all the text's lines)."""

    def __init__(self, lines: list[str], words: frozenset[str] = frozenset()) -> None:
        self.lines = lines
        self.words = words
        self.flow: list[tuple[int, list[str]]] = []
        self.bodies: list[_RawFootnote] = []

    @functools.cached_property
    def glued(self) -> frozenset[str]:
        """`_glued_markers` of the text's lines, found only when a line may be a plain-digit
        footnote: searching every line for digits cost a tenth of reading a text, and most
        texts have no such line but a date."""
        return _glued_markers(self.lines)

    def footnote_start(self, line: str) -> tuple[str, str] | None:
        start = _footnote_start(line)
        if start is not None:
            return start
        plain = _PLAIN_FOOTNOTE.match(line)
        # (the date is asked first: "9 October 2020" needs no search for glued digits)
        if plain and not _is_date_line(line) and plain.group("digits") in self.glued:
            return plain.group("digits"), plain.group("rest")
        return None

    def add_footnote(self, start: tuple[str, str], position: int) -> None:
        self.bodies.append(_RawFootnote(start[0], start[1].strip(), position))

    def extend_footnote(self, line: str) -> None:
        last = self.bodies[-1]
        self.bodies[-1] = _RawFootnote(
            last.marker, join_text(last.text, line.strip(), self.words), last.position
        )

    def footnote_takes(self, line: str) -> bool:
        """A line right after a footnote line continues it when the footnote is unfinished."""
        text = self.bodies[-1].text
        if text.endswith("-"):
            return True
        if _BULLET.match(line):
            return False
        # a footnote ends with a full stop ("No. 27627."); a comma, a word or an abbreviation
        # ("vol.", "No.") means its next line is still the footnote
        end = text.rstrip("*_”’)\"' ")
        return not end.endswith((".", "!", "?")) or _ABBREVIATION.search(end) is not None

    def is_link_target(self, line: str) -> bool:
        """Converters list a page's hyperlink targets after its footnotes: not text."""
        url = line.strip().rstrip(".")
        return (
            line.lstrip().startswith(("http://", "https://", "www."))
            and _BARE_URL.match(line) is not None
            and any(url in body.text for body in self.bodies)
        )


def _collect_blocks(blocks: list[list[str]], collector: _Collector, *, per_line: bool) -> None:
    """The usual form: paragraphs and footnotes separated by blank lines; with `per_line` every
    line is a paragraph of its own (text saved from Word: one line per paragraph).

    A footnote whose text stops on a broken word or a comma ("…-republic-and-") goes on in the
    next block; any other block after a footnote is text again (000: "…No. 27627." then
    "legal means for …", the rest of a paragraph the page break cut)."""
    position = 0
    in_footnote = False
    for block in blocks:
        flow_lines: list[str] = []
        flow_start = position + 1
        if in_footnote:
            last = collector.bodies[-1].text.rstrip()
            in_footnote = last.endswith(("-", ","))
        for line in block:
            position += 1
            if _is_furniture(line):
                continue
            start = collector.footnote_start(line)
            if start is not None:
                collector.add_footnote(start, position)
                in_footnote = True
            elif in_footnote and not _BULLET.match(line):
                collector.extend_footnote(line)
            elif collector.bodies and collector.is_link_target(line):
                continue
            elif per_line or is_closing_line(line):
                # closing lines are printed on lines of their own, even in wrapped text:
                # "35th plenary meeting" / "16 December 2021"
                in_footnote = False
                if flow_lines:
                    collector.flow.append((flow_start, flow_lines))
                collector.flow.append((position, [line]))
                flow_lines = []
                flow_start = position + 1
            else:
                if not flow_lines:
                    flow_start = position
                in_footnote = False
                flow_lines.append(line)
        if flow_lines:
            collector.flow.append((flow_start, flow_lines))


def _layout(lines: list[str], blocks: list[list[str]]) -> str:
    """How the text was laid out (`blocks`: its lines' `split_blocks`): "double" (double-spaced
    hard-wrapped print), "lines" (one paragraph per line, as Word saves text), "wrapped"
    (hard-wrapped, blank lines between paragraphs) or "dense" (hard-wrapped, no blank lines
    between paragraphs)."""
    if _is_double_spaced(blocks):
        return "double"
    widths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not widths:
        return "lines"
    long_lines = sum(1 for width in widths if width > 130)
    if long_lines * 20 >= len(widths) or widths[int(len(widths) * 0.9)] < 45:
        return "lines"
    if len(widths) >= 12 * len(blocks) or any(_numbered_inside(block) for block in blocks):
        return "dense"
    return "wrapped"


def _numbered_inside(block: list[str]) -> bool:
    """A block in which a numbered line ("2. Requests", "(b) To") follows a line that ended a
    sentence holds several paragraphs: the blank lines do not separate them all."""
    return any(
        _OP_LINE.match(nxt) and ends_paragraph(prev) for prev, nxt in itertools.pairwise(block)
    )


_OP_LINE = LazyPattern(r"^\s*(?:\d{1,3}(?:\s*(?:bis|ter|quater))?\.|\([a-z]{1,4}\))\s+[A-Z]")


def _is_double_spaced(blocks: list[list[str]]) -> bool:
    """Print converted with a blank line after every line: most blank lines cut a sentence."""
    cuts = sum(
        1
        for prev, nxt in itertools.pairwise(blocks)
        if not ends_paragraph(prev[-1]) and nxt[0].lstrip()[:1].islower()
    )
    return cuts >= 5 and cuts * 4 >= len(blocks)


def _collect_reflow(lines: list[str], collector: _Collector, *, blank_breaks: bool) -> None:
    """Hard-wrapped text whose blank lines do not (only) separate paragraphs: lines are joined
    back into paragraphs. A line continues the paragraph when it starts in lower case or the line
    before was nearly full width; a bullet or number, a short line before, or a break ends the
    paragraph. A break is a blank line (`blank_breaks`), or in double-spaced text — where every
    line is followed by an empty one — a line holding only spaces, where the converter left a
    paragraph's spacing."""
    widths = sorted(len(line.rstrip()) for line in lines if line.strip())
    full = widths[int(len(widths) * 0.9)] * 0.8 if widths else 0
    wrap = widths[int(len(widths) * 0.95)] if widths else 0

    def ended_early(prev: str, line: str) -> bool:
        """The line before stopped short: in fixed-width wrapping (`blank_breaks`), only when the
        next word would have fitted on it."""
        width = len(prev.rstrip())
        if width >= full:
            return False
        return not blank_breaks or width + 1 + len(line.split()[0]) <= wrap

    current: list[str] = []
    start_position = 0
    hard_break = False
    in_footnote = False

    def flush() -> None:
        if current:
            collector.flow.append((start_position, list(current)))
            current.clear()

    for position, line in enumerate(lines):
        if not line.strip():
            if (line or blank_breaks) and not in_footnote:
                hard_break = True
            continue
        if _is_furniture(line):
            continue
        start = collector.footnote_start(line)
        if start is not None:
            collector.add_footnote(start, position)
            in_footnote = True
            continue
        if in_footnote and collector.footnote_takes(line):
            collector.extend_footnote(line)
            continue
        in_footnote = False
        if collector.bodies and collector.is_link_target(line):
            continue
        if current:
            prev = parse_inline(current[-1]).text.rstrip()  # "…of 1988,⁵" ends with its comma
            if continues(prev, line, in_body=False) and not _BULLET.match(line):
                pass
            elif (
                hard_break
                or _BULLET.match(line)
                or ended_early(current[-1], line)
                or (ends_paragraph(prev) and looks_like_paragraph_start(line))
                or _BODY_NAME.match(line)
                or is_foreign_opening_line(line)
                or _SPONSORS_END.search(prev)
                or is_closing_line(line)
                or is_closing_line(prev)
                or _MASTHEAD_START.match(line)
            ):
                flush()
        if not current:
            start_position = position
        current.append(line)
        hard_break = False
    flush()


def read_text(data: bytes, source: str) -> Document:
    """Read a plain-text or light-Markdown resolution; see the module documentation."""
    # typesetting variants of characters (non-breaking hyphen, soft hyphen, ligatures) read as
    # the plain characters, as every reader does (`diffing.textnorm`)
    text = normalise_chars(decode(data, source))
    lines = _drop_running_headers(text.splitlines())
    # The vocabulary serves only a line that ends in a hyphen (`diffing.textnorm.line_break`);
    # most texts have none, and the vocabulary costs a fifth of the read.
    words = vocabulary(text) if _hyphen_at_line_end(lines) else frozenset()
    collector = _Collector(lines, words)
    # (split once: the layout and the collecting both read them)
    line_blocks = split_blocks("\n".join(lines))
    layout = _layout(lines, line_blocks)
    if layout in ("double", "dense"):
        _collect_reflow(lines, collector, blank_breaks=layout == "dense")
    else:
        _collect_blocks(line_blocks, collector, per_line=layout == "lines")
    bodies = collector.bodies
    plain = frozenset(b.marker for b in bodies if b.marker.isdigit())

    flow: list[tuple[int, _Inline]] = []
    for position, flow_lines in collector.flow:
        joined = _MARKDOWN_HEADING.sub("", _join_lines(flow_lines, words), count=1)
        flow.append((position, parse_inline(joined, plain)))

    footnotes, ids = _number_footnotes(bodies)
    blocks: list[Block] = []
    for position, inline in flow:
        refs = []
        for marker, offset in inline.markers:
            footnote_id = _resolve(marker, position, bodies, ids)
            if footnote_id is not None:
                refs.append(FootnoteRef(footnote_id, offset))
        blocks.append(
            Block(text=inline.text, italic=inline.italic, bold=inline.bold, footnotes=tuple(refs))
        )
    return build_document(rejoin_blocks(blocks), footnotes, source)


def _hyphen_at_line_end(lines: list[str]) -> bool:
    """True when a line ends in "-": only there does joining lines consult the vocabulary (the
    readers join each line stripped, so a paragraph or footnote being joined ends as one of
    these lines ends)."""
    return any(line.rstrip().endswith("-") for line in lines)


def _drop_running_headers(lines: list[str]) -> list[str]:
    """The first line that is only a document symbol is the masthead's; later lines repeating it
    (alone or with a page number, as page headers print it) are page furniture, even inside a
    paragraph the page break cut."""
    symbol: str | None = None
    kept: list[str] = []
    for line in lines:
        if "/" in line:
            plain = parse_inline(line).text.strip()
            if symbol is None and len(plain.split()) == 1 and _SYMBOL_LINE.match(plain):
                symbol = plain
            elif symbol is not None and _is_running_header(plain, symbol):
                continue
        kept.append(line)
    return kept


def _is_running_header(line: str, symbol: str) -> bool:
    page = r"\d{1,3}(?:\s*/\s*\d{1,3})?"
    return re.match(rf"^(?:{page}\s+)?{re.escape(symbol)}(?:\s+{page})?$", line) is not None


def _number_footnotes(bodies: list[_RawFootnote]) -> tuple[tuple[Footnote, ...], list[str]]:
    seen: dict[str, int] = {}
    footnotes: list[Footnote] = []
    ids: list[str] = []
    for body in bodies:
        seen[body.marker] = seen.get(body.marker, 0) + 1
        footnote_id = (
            body.marker if seen[body.marker] == 1 else f"{body.marker}-{seen[body.marker]}"
        )
        clean = parse_inline(body.text).text
        footnotes.append(Footnote(footnote_id, body.marker, " ".join(clean.split())))
        ids.append(footnote_id)
    return tuple(footnotes), ids


def _resolve(marker: str, index: int, bodies: list[_RawFootnote], ids: list[str]) -> str | None:
    """The footnote a marker in block `index` points to: same marker, nearest after, else before."""
    candidates = [i for i, b in enumerate(bodies) if b.marker == marker]
    after = [i for i in candidates if bodies[i].position > index]
    if after:
        return ids[after[0]]
    return ids[candidates[-1]] if candidates else None
