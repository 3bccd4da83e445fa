"""Core layer: reading Word (.docx, .docm, .dotx) resolutions.

`read_docx(data, source)` checks the package (`diffing.readers.safezip`: limits, hardened XML
parsing, content types), turns the body into `Block`s and hands them to
`diffing.structure.build_document`, so a .docx and a .txt of the same resolution give the same
`Document`. The XML is read with lxml through the hardened parser (python-docx has no API for
footnotes, numbering or tracked changes, and parses with its own parser).

What is read, as a drafter sees the document in Word:

- body paragraphs in order, including paragraphs inside tables (rows and cells in order, nested
  tables too) and content controls; text boxes (DrawingML and VML, also inside table cells and
  inside other text boxes) are read in place: their paragraphs follow the paragraph that anchors
  them; headers, footers and comments are not read;
- images, charts and embedded objects are not text: each becomes an `EmbeddedObject` (kind, a
  hash of its part, the paragraph it stands in or after), so that a comparison reports a changed
  image instead of "unchanged"; equations are read as their text;
- italic and bold from direct formatting, character styles, paragraph styles and document
  defaults; italic runs become italic spans;
- real footnotes (and endnotes): a `w:footnoteReference` becomes a `FootnoteRef` at its character
  offset; the marker is the automatic number (format and start from the footnote properties) or
  the custom mark that follows a `w:customMarkFollows` reference ("*"); separator and continuation
  footnotes are ignored; footnote text is plain;
- automatic numbering (numbering.xml): numId/ilvl from the paragraph or its style, the abstract
  numbering's levels (lvlText "%1." / "(%2)", numFmt decimal, letters, roman; start values;
  lvlRestart; legal numbering), level and start overrides; one counter set per abstract numbering,
  as Word keeps them (lists that share it continue each other; a start override restarts) ->
  `Block.number` as printed ("1.", "(a)"). Numbers typed in the text stay in the text;
- tracked changes: the text reads as Word shows it with "No Markup" — the current text: inserted
  text (`w:ins`, `w:moveTo`) included, deleted text (`w:del`/`w:delText`, `w:moveFrom`) left out,
  and a paragraph whose paragraph mark was deleted runs on into the next paragraph;
- fields: the shown result only (field codes, `w:instrText`, are left out); hidden text
  (`w:vanish`) is left out;
- soft line breaks, page breaks inside a paragraph and tabs read as a space; runs of whitespace
  become one space; optional hyphens vanish and non-breaking hyphens read as "-".

Macro-enabled documents (.docm) are read like any other: their macros are never looked at.
Every failure is a `ReadError` with one line, never a traceback.
"""

import bisect
import hashlib
import itertools
import posixpath
import re
from collections.abc import Iterator
from typing import NamedTuple

from lxml import etree

from diffing import textnorm
from diffing.errors import ReadError
from diffing.model import Document, EmbeddedObject, Footnote, FootnoteRef, Span
from diffing.readers.safezip import DAMAGED, WordPackage, open_word_package
from diffing.structure import Block, build_document

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # Strict Open XML
)
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_M_STRICT = "{http://purl.oclc.org/ooxml/officeDocument/math}"

_MAX_STYLE_DEPTH = 32
"""basedOn chains longer than this (or cycles) are cut: Word's own chains are a few deep."""
_LEVELS = 9


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_V = "{urn:schemas-microsoft-com:vml}"
_O = "{urn:schemas-microsoft-com:office:office}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def read_docx(data: bytes, source: str) -> Document:
    """Read a Word document's bytes into the model; see the module doc for what is read."""
    reader, blocks, footnotes = _read(data, source)
    document = build_document(blocks, footnotes, source)
    if not reader.objects:
        return document
    return document._replace(objects=_place_objects(reader.objects, blocks, document))


def _place_objects(
    found: list[tuple[str, str, int]], blocks: list[Block], document: Document
) -> tuple[EmbeddedObject, ...]:
    """Each object with the id of the paragraph its block became (or the last one before it):
    blocks and paragraphs are matched by the start of their text, in order."""
    paragraph_of_block: list[str | None] = []
    position = 0
    paragraphs = document.paragraphs
    last: str | None = None
    for block in blocks:
        whole = " ".join(block.text.split())
        for k in range(position, len(paragraphs)):
            text = " ".join(paragraphs[k].text.split())
            # a paragraph's text is its block's, less a printed number or a label before it
            if whole and text and (text[:30] in whole or whole[:30] in text):
                last = paragraphs[k].id
                position = k + 1
                break
        paragraph_of_block.append(last)
    out = []
    for kind, digest, block_index in found:
        after = paragraph_of_block[block_index] if 0 <= block_index < len(blocks) else None
        if block_index >= len(blocks) and paragraph_of_block:
            after = paragraph_of_block[-1]
        out.append(EmbeddedObject(kind, digest, after))
    return tuple(out)


def read_docx_blocks(data: bytes, source: str) -> tuple[list[Block], list[Footnote]]:
    """The body of a Word document as `Block`s (one per paragraph, in order) and its footnotes,
    before structure recognition."""
    _, blocks, footnotes = _read(data, source)
    return blocks, footnotes


def _read(data: bytes, source: str) -> "tuple[_WordReader, list[Block], list[Footnote]]":
    try:
        package = open_word_package(data, source)
        reader = _WordReader(package)
        blocks, footnotes = reader.read()
        return reader, blocks, footnotes
    except ReadError:
        raise
    except (RecursionError, MemoryError):
        raise ReadError(f"{source}: refused: too deeply nested or too large to read.") from None
    except Exception:
        # A package that passed every check but still upsets lxml or our reading is damaged
        # in a way we did not foresee; the user needs one line, not a traceback.
        raise ReadError(f"{source}: {DAMAGED}.") from None


# --- small helpers --------------------------------------------------------------------------


def _on(value: str | None) -> bool:
    """An OOXML boolean: absent val means true."""
    return value is None or value.strip().lower() not in {"0", "false", "off", "none"}


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _roman(number: int) -> str:
    if number <= 0 or number >= 4000:
        return str(number)
    out = []
    for value, letters in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    """Word's letter numbering: a … z, then aa … zz, aaa …"""
    if number <= 0:
        return str(number)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


_CHICAGO = "*†‡§"


def format_number(number: int, fmt: str) -> str:
    """A counter value in an OOXML numFmt ("decimal", "lowerLetter", "upperRoman" …)."""
    if fmt == "lowerLetter":
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "chicago" and number > 0:
        return _CHICAGO[(number - 1) % 4] * ((number - 1) // 4 + 1)
    if fmt == "none":
        return ""
    return str(number)


# --- styles ---------------------------------------------------------------------------------


class _Style(NamedTuple):
    name: str | None
    based_on: str | None
    flags: dict[str, bool]
    """Run properties the style sets: "i", "b", "vanish" -> on/off."""
    num_id: str | None
    ilvl: int | None


_FLAGS = ("i", "b", "vanish")


class _Styles:
    def __init__(self, root: etree._Element | None, w: str) -> None:
        self.styles: dict[str, _Style] = {}
        self.defaults: dict[str, bool] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        defaults = root.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr")
        if defaults is not None:
            self.defaults = _flags(defaults, w)
        for element in root.iter(f"{w}style"):
            style_id = element.get(f"{w}styleId")
            if style_id is None:
                continue
            name = element.find(f"{w}name")
            based = element.find(f"{w}basedOn")
            rpr = element.find(f"{w}rPr")
            numpr = element.find(f"{w}pPr/{w}numPr")
            num_id = ilvl = None
            if numpr is not None:
                num_el = numpr.find(f"{w}numId")
                lvl_el = numpr.find(f"{w}ilvl")
                num_id = num_el.get(f"{w}val") if num_el is not None else None
                ilvl = _int(lvl_el.get(f"{w}val"), 0) if lvl_el is not None else None
            self.styles[style_id] = _Style(
                name=name.get(f"{w}val") if name is not None else None,
                based_on=based.get(f"{w}val") if based is not None else None,
                flags=_flags(rpr, w) if rpr is not None else {},
                num_id=num_id,
                ilvl=ilvl,
            )
            default = element.get(f"{w}default")
            if element.get(f"{w}type") == "paragraph" and default is not None and _on(default):
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> Iterator[tuple[str, _Style]]:
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and len(seen) < _MAX_STYLE_DEPTH:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                return
            yield style_id, style
            style_id = style.based_on

    def flag(self, style_id: str | None, name: str) -> bool | None:
        for _, style in self.chain(style_id):
            if name in style.flags:
                return style.flags[name]
        return None

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style (or a style it is based on) gives its paragraphs."""
        num_id: str | None = None
        ilvl: int | None = None
        for _, style in self.chain(style_id):
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
        return num_id, ilvl

    def name(self, style_id: str | None) -> str | None:
        style = self.styles.get(style_id) if style_id is not None else None
        if style is None:
            return None
        return style.name or style_id


def _flags(rpr: etree._Element, w: str) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for name in _FLAGS:
        element = rpr.find(f"{w}{name}")
        if element is not None:
            out[name] = _on(element.get(f"{w}val"))
    return out


# --- numbering ------------------------------------------------------------------------------


class _Level(NamedTuple):
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    """lvlRestart: None = after any higher level; 0 = never; n = after levels 1..n (1-based)."""
    legal: bool = False
    style: str | None = None


class _Num(NamedTuple):
    abstract: str
    levels: dict[int, _Level]
    """Whole levels replaced by lvlOverride/lvl."""
    starts: dict[int, int]
    """Levels restarted by lvlOverride/startOverride."""


def _level(element: etree._Element, w: str) -> _Level:
    def val(name: str) -> str | None:
        child = element.find(f"{w}{name}")
        return child.get(f"{w}val") if child is not None else None

    restart = val("lvlRestart")
    legal = element.find(f"{w}isLgl")
    return _Level(
        start=_int(val("start"), 1),
        fmt=val("numFmt") or "decimal",
        text=val("lvlText"),
        restart=_int(restart, 0) if restart is not None else None,
        legal=legal is not None and _on(legal.get(f"{w}val")),
        style=val("pStyle"),
    )


class _Numbering:
    """Numbering definitions and Word's counters, fed paragraph by paragraph in order."""

    def __init__(self, root: etree._Element | None, styles: _Styles, w: str) -> None:
        self.w = w
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.style_links: dict[str, str] = {}
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        if root is None:
            return
        for element in root.iter(f"{w}abstractNum"):
            abstract_id = element.get(f"{w}abstractNumId")
            if abstract_id is None:
                continue
            levels = {}
            for lvl in element.findall(f"{w}lvl"):
                ilvl = _int(lvl.get(f"{w}ilvl"), -1)
                if 0 <= ilvl < _LEVELS:
                    levels[ilvl] = _level(lvl, w)
            self.abstracts[abstract_id] = levels
            link = element.find(f"{w}numStyleLink")
            if link is not None and link.get(f"{w}val"):
                self.style_links[abstract_id] = link.get(f"{w}val") or ""
        for element in root.iter(f"{w}num"):
            num_id = element.get(f"{w}numId")
            abstract = element.find(f"{w}abstractNumId")
            if num_id is None or abstract is None:
                continue
            levels = {}
            starts = {}
            for override in element.findall(f"{w}lvlOverride"):
                ilvl = _int(override.get(f"{w}ilvl"), -1)
                if not 0 <= ilvl < _LEVELS:
                    continue
                start = override.find(f"{w}startOverride")
                if start is not None:
                    starts[ilvl] = _int(start.get(f"{w}val"), 1)
                lvl = override.find(f"{w}lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl, w)
            self.nums[num_id] = _Num(abstract.get(f"{w}val") or "", levels, starts)
        # A numbering style link (numStyleLink) points, through a style's numId, at the
        # abstract numbering that really holds the levels.
        for abstract_id, style_id in self.style_links.items():
            linked_num, _ = styles.numbering(style_id)
            target = self.nums.get(linked_num or "")
            if (
                target is not None
                and target.abstract in self.abstracts
                and target.abstract != abstract_id
            ):
                self.abstracts[abstract_id] = self.abstracts[target.abstract]

    def _abstract_of(self, num: _Num) -> str:
        # Lists linked to the same numbering style share its counters.
        style_id = self.style_links.get(num.abstract)
        return f"style:{style_id}" if style_id else num.abstract

    def level(self, num: _Num, ilvl: int) -> _Level:
        if ilvl in num.levels:
            return num.levels[ilvl]
        return self.abstracts.get(num.abstract, {}).get(ilvl, _Level())

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        num = self.nums.get(num_id)
        if num is None or style_id is None:
            return None
        for ilvl in range(_LEVELS):
            if self.level(num, ilvl).style == style_id:
                return ilvl
        return None

    def next(self, num_id: str, ilvl: int) -> str | None:
        """Count one paragraph of list `num_id` at level `ilvl`; its number as printed."""
        num = self.nums.get(num_id)
        if num is None or num.abstract not in self.abstracts:
            return None
        ilvl = max(0, min(ilvl, _LEVELS - 1))
        key = self._abstract_of(num)
        counts = self.counters.setdefault(key, [None] * _LEVELS)
        if num_id not in self.used:
            self.used.add(num_id)
            for overridden in num.starts:
                counts[overridden] = None
        level = self.level(num, ilvl)
        current = counts[ilvl]
        counts[ilvl] = num.starts.get(ilvl, level.start) if current is None else current + 1
        for lower in range(ilvl + 1, _LEVELS):
            restart = self.level(num, lower).restart
            if restart is None or (restart > 0 and ilvl < restart):
                counts[lower] = None
        if level.fmt in {"bullet", "none"} or level.text is None:
            return None
        out: list[str] = []
        text = level.text
        i = 0
        while i < len(text):
            char = text[i]
            if char == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
                index = int(text[i + 1]) - 1
                source = self.level(num, index)
                value = counts[index]
                if value is None:
                    value = num.starts.get(index, source.start)
                out.append(format_number(value, "decimal" if level.legal else source.fmt))
                i += 2
                continue
            out.append(char)
            i += 1
        printed = "".join(out).strip()
        return printed or None


# --- reading paragraphs ---------------------------------------------------------------------


class _NoteKey(NamedTuple):
    kind: str
    """"footnote" or "endnote"."""
    word_id: str
    custom_mark: str | None


class _Para:
    """A paragraph as runs of text with one formatting each (never one object per character:
    a hostile document may hold millions of them); filled in as the reader walks it."""

    __slots__ = ("breaks", "length", "number", "objects", "refs", "segments", "style")

    def __init__(self, style: str | None = None) -> None:
        self.segments: list[tuple[str, bool, bool]] = []
        """(text, italic, bold)."""
        self.length = 0
        self.refs: list[tuple[int, _NoteKey]] = []
        self.number: str | None = None
        self.style = style
        self.objects: list[tuple[str, str]] = []
        """(kind, digest) of the images, charts and embedded objects it holds."""
        self.breaks: list[int] = []
        """Offsets of line breaks (w:br, w:cr): the kernel's line-break rule decides there (a
        space, or none in "imple-" + "mentation", "cost-" + "effectiveness", a broken web
        address)."""

    def add(self, text: str, italic: bool, bold: bool) -> None:
        if text:
            self.segments.append((text, italic, bold))
            self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(segment[0] for segment in self.segments)

    def extend(self, other: "_Para") -> None:
        if self.length and other.length:
            self.add(" ", False, False)
        shift = self.length
        self.segments.extend(other.segments)
        self.length += other.length
        self.refs.extend((offset + shift, key) for offset, key in other.refs)
        self.objects.extend(other.objects)
        self.breaks.extend(position + shift for position in other.breaks)
        self.number = other.number
        self.style = other.style

    def lines(self) -> str:
        """The text with its line breaks as newlines (for `textnorm.vocabulary`)."""
        text = self.text
        bounds = [0, *self.breaks, len(text)]
        return "\n".join(text[start:end] for start, end in itertools.pairwise(bounds))

    def join_breaks(self, words: frozenset[str]) -> None:
        """Join the text at each line break by `diffing.textnorm.line_break`, in one pass (a
        hostile document may hold millions of breaks)."""
        if not self.breaks:
            return
        text = self.text
        edits: list[tuple[int, int, str]] = []
        for position in self.breaks:
            drop, between = textnorm.line_break(
                text[max(0, position - 100) : position], text[position : position + 100], words
            )
            if drop or between:
                edits.append((position - drop, drop, between))
        self.breaks.clear()
        if not edits:
            return
        segments: list[tuple[str, bool, bool]] = []
        start = 0
        index = 0
        for segment, italic, bold in self.segments:
            end = start + len(segment)
            parts: list[str] = []
            cursor = start
            while index < len(edits) and (
                edits[index][0] < end or (edits[index][0] == end and not edits[index][1])
            ):
                position, remove, insert = edits[index]
                parts.append(text[cursor:position])
                parts.append(insert)
                cursor = position + remove
                index += 1
            parts.append(text[cursor:end])
            joined = "".join(parts)
            if joined:
                segments.append((joined, italic, bold))
            start = end
        positions = [position for position, _, _ in edits]
        shifts = list(itertools.accumulate(len(insert) - remove for _, remove, insert in edits))
        self.segments = segments
        self.length = sum(len(segment[0]) for segment in segments)
        moved: list[tuple[int, _NoteKey]] = []
        for offset, key in self.refs:
            before = bisect.bisect_left(positions, offset)
            moved.append((offset + (shifts[before - 1] if before else 0), key))
        self.refs = moved


_WORDS = re.compile(r"\S+")


def _normalised(para: _Para) -> tuple[str, tuple[Span, ...], bool, list[tuple[int, _NoteKey]]]:
    """Whitespace collapsed and stripped, offsets moved along; italic spans bridge the spaces
    between italic words (a space's slant cannot be seen)."""
    raw = para.text
    raw_starts: list[int] = []
    raw_ends: list[int] = []
    out_starts: list[int] = []
    length = 0
    for match in _WORDS.finditer(raw):
        if raw_starts:
            length += 1
        raw_starts.append(match.start())
        raw_ends.append(match.end())
        out_starts.append(length)
        length += match.end() - match.start()
    text = " ".join(raw[a:b] for a, b in zip(raw_starts, raw_ends, strict=True))

    def at(offset: int) -> int:
        """Where raw `offset` lands in the collapsed text."""
        k = bisect.bisect_right(raw_starts, offset) - 1
        if k < 0:
            return 0
        if offset < raw_ends[k]:
            return out_starts[k] + offset - raw_starts[k]
        return out_starts[k] + raw_ends[k] - raw_starts[k]

    spans: list[Span] = []
    position = 0
    bold = False
    all_bold = True
    for segment, italic, is_bold in para.segments:
        start, position = position, position + len(segment)
        if not segment.strip():
            continue
        bold = True
        all_bold = all_bold and is_bold
        if not italic:
            continue
        span_start, span_end = at(start), at(position)
        while span_start < span_end and text[span_start] == " ":
            span_start += 1
        while span_end > span_start and text[span_end - 1] == " ":
            span_end -= 1
        if span_end <= span_start:
            continue
        if spans and text[spans[-1].end : span_start].strip() == "":
            spans[-1] = Span(spans[-1].start, span_end)
        else:
            spans.append(Span(span_start, span_end))
    refs = [(at(offset), key) for offset, key in para.refs]
    return text, tuple(spans), bold and all_bold, refs


class _WordReader:
    def __init__(self, package: WordPackage) -> None:
        self.package = package
        self.source = package.source
        document = package.zip.xml(package.main)
        namespace = etree.QName(document).namespace or ""
        if namespace not in _W_NAMESPACES:
            raise ReadError(f"{self.source}: {DAMAGED}: the main part is not WordprocessingML.")
        self.w = w = "{" + namespace + "}"
        self.m = _M_STRICT if namespace == _W_NAMESPACES[1] else _M
        self.body = document.find(f"{w}body")
        self.styles = _Styles(self._part("/styles"), w)
        self._flag_cache: dict[tuple[str | None, str | None], dict[str, bool]] = {}
        self.numbering = _Numbering(self._part("/numbering"), self.styles, w)
        self.notes: dict[str, dict[str, etree._Element]] = {
            "footnote": self._notes("/footnotes", "footnote"),
            "endnote": self._notes("/endnotes", "endnote"),
        }
        self.objects: list[tuple[str, str, int]] = []
        """(kind, digest, index of the block it stands in or after), filled by `_finish`."""
        self._targets: dict[str, str] | None = None
        settings = self._part("/settings")
        self.note_formats = {
            kind: self._note_format(settings, kind, default)
            for kind, default in (("footnote", "decimal"), ("endnote", "lowerRoman"))
        }

    def _part(self, type_suffix: str) -> etree._Element | None:
        name = self.package.related_part(type_suffix)
        return self.package.zip.xml(name) if name is not None else None

    def _notes(self, type_suffix: str, tag: str) -> dict[str, etree._Element]:
        root = self._part(type_suffix)
        if root is None:
            return {}
        w = self.w
        out: dict[str, etree._Element] = {}
        for note in root.iter(f"{w}{tag}"):
            note_type = note.get(f"{w}type", "normal")
            note_id = note.get(f"{w}id")
            if note_type == "normal" and note_id is not None:
                out[note_id] = note
        return out

    def _note_format(self, settings: etree._Element | None, kind: str, default: str) -> _Level:
        """Numbering of footnote (endnote) marks: the last section's properties, else the
        document settings', else Word's default."""
        w = self.w
        candidates = []
        if self.body is not None:
            candidates.append(self.body.find(f"{w}sectPr/{w}{kind}Pr"))
        if settings is not None:
            candidates.append(settings.find(f"{w}{kind}Pr"))
        fmt: str | None = None
        start: int | None = None
        for properties in candidates:
            if properties is None:
                continue
            fmt_el = properties.find(f"{w}numFmt")
            start_el = properties.find(f"{w}numStart")
            if fmt is None and fmt_el is not None:
                fmt = fmt_el.get(f"{w}val")
            if start is None and start_el is not None:
                start = _int(start_el.get(f"{w}val"), 1)
        return _Level(start=start or 1, fmt=fmt or default)

    # -- the body

    def read(self) -> tuple[list[Block], list[Footnote]]:
        if self.body is None:
            raise ReadError(f"{self.source}: {DAMAGED}: the document has no body.")
        paragraphs: list[_Para] = []
        carried: _Para | None = None
        for element in self._reading_order(self.body):
            para, mark_deleted = self._paragraph(element, count_number=True)
            if carried is not None:
                carried.extend(para)
                para = carried
                carried = None
            if mark_deleted:
                carried = para
                continue
            paragraphs.append(para)
        if carried is not None:
            paragraphs.append(carried)
        return self._finish(paragraphs)

    def _reading_order(self, container: etree._Element) -> Iterator[etree._Element]:
        """Paragraphs as a reader meets them: each followed by the paragraphs of the text boxes
        it anchors (and theirs, in turn)."""
        for element in self._paragraph_elements(container):
            yield element
            for box in self._text_boxes(element):
                yield from self._reading_order(box)

    def _text_boxes(self, paragraph: etree._Element) -> list[etree._Element]:
        """The w:txbxContent elements a paragraph anchors directly: not those of the fallback
        of an mc:AlternateContent (the same box drawn the old way), not those nested in
        another text box (read with that box)."""
        w = self.w
        found = []
        for box in paragraph.iter(f"{w}txbxContent"):
            parent = box.getparent()
            inside = False
            while parent is not None and parent is not paragraph:
                if parent.tag in (f"{_MC}Fallback", f"{w}txbxContent"):
                    inside = True
                    break
                parent = parent.getparent()
            if not inside:
                found.append(box)
        return found

    def _objects(self, paragraph: etree._Element) -> list[tuple[str, str]]:
        """(kind, digest) of each image, chart or embedded object drawn in this paragraph
        itself (not in its text boxes' paragraphs, nor in an mc:Fallback)."""
        w = self.w
        found: list[tuple[str, str]] = []
        for element in paragraph.iter(
            f"{_A}blip", f"{_C}chart", f"{_O}OLEObject", f"{_V}imagedata"
        ):
            parent = element.getparent()
            skip = False
            while parent is not None and parent is not paragraph:
                if parent.tag in (f"{_MC}Fallback", f"{w}txbxContent") or (
                    parent.tag == f"{w}object" and element.tag == f"{_V}imagedata"
                ):
                    skip = True  # an object's preview picture is the object
                    break
                parent = parent.getparent()
            if skip:
                continue
            tag = element.tag
            kind = (
                "chart" if tag == f"{_C}chart" else "object" if tag == f"{_O}OLEObject" else "image"
            )
            target = (
                element.get(f"{_R}embed")
                or element.get(f"{_R}id")
                or element.get(f"{_R}link")
                or element.get(f"{_O}relid")
                or ""
            )
            found.append((kind, self._digest(target)))
        return found

    def _digest(self, relationship_id: str) -> str:
        """A hash of the part a relationship points to (its id when the part is missing)."""
        if self._targets is None:
            self._targets = {}
            folder, name = posixpath.split(self.package.main)
            rels = posixpath.join(folder, "_rels", name + ".rels")
            if self.package.zip.has(rels):
                root = self.package.zip.xml(rels)
                for relationship in root:
                    target = relationship.get("Target") or ""
                    if relationship.get("TargetMode") == "External":
                        self._targets[relationship.get("Id") or ""] = "external:" + target
                    else:
                        path = posixpath.normpath(posixpath.join(folder, target.lstrip("/")))
                        if target.startswith("/"):
                            path = target.lstrip("/")
                        self._targets[relationship.get("Id") or ""] = path
        target = self._targets.get(relationship_id, "")
        if target and not target.startswith("external:") and self.package.zip.has(target):
            content = self.package.zip.read(target)
        else:
            content = (target or relationship_id).encode("utf-8", "replace")
        return hashlib.blake2b(content, digest_size=12).hexdigest()

    def _paragraph_elements(self, container: etree._Element) -> Iterator[etree._Element]:
        """Paragraphs in reading order: body, tables (row by row, cell by cell), content
        controls; deleted table rows are left out."""
        w = self.w
        for child in container:
            tag = child.tag
            if tag == f"{w}p":
                yield child
            elif tag in (f"{w}tbl", f"{w}tc", f"{w}customXml", f"{w}sdtContent"):
                yield from self._paragraph_elements(child)
            elif tag == f"{w}tr":
                if child.find(f"{w}trPr/{w}del") is None:
                    yield from self._paragraph_elements(child)
            elif tag == f"{w}sdt":
                content = child.find(f"{w}sdtContent")
                if content is not None:
                    yield from self._paragraph_elements(content)

    def _paragraph(self, element: etree._Element, *, count_number: bool) -> tuple[_Para, bool]:
        """One w:p; returns it and whether its paragraph mark is a tracked deletion."""
        w = self.w
        ppr = element.find(f"{w}pPr")
        style_id: str | None = None
        mark_deleted = False
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            style_el = ppr.find(f"{w}pStyle")
            if style_el is not None:
                style_id = style_el.get(f"{w}val")
            mark = ppr.find(f"{w}rPr")
            if mark is not None:
                mark_deleted = mark.find(f"{w}del") is not None or (
                    mark.find(f"{w}moveFrom") is not None
                )
            numpr = ppr.find(f"{w}numPr")
            if numpr is not None:
                num_el = numpr.find(f"{w}numId")
                lvl_el = numpr.find(f"{w}ilvl")
                if num_el is not None:
                    num_id = num_el.get(f"{w}val")
                if lvl_el is not None:
                    ilvl = _int(lvl_el.get(f"{w}val"), 0)
        if style_id is None:
            style_id = self.styles.default_paragraph
        para = _Para(style=self.styles.name(style_id))
        if count_number and not mark_deleted:
            style_num, style_lvl = self.styles.numbering(style_id)
            num_id = num_id if num_id is not None else style_num
            if num_id is not None and num_id != "0":
                if ilvl is None:
                    ilvl = style_lvl
                if ilvl is None:
                    ilvl = self.numbering.level_for_style(num_id, style_id)
                para.number = self.numbering.next(num_id, ilvl or 0)
        self._inline(element, para, style_id)
        para.objects = self._objects(element)
        return para, mark_deleted

    def _inline(self, container: etree._Element, para: _Para, style_id: str | None) -> None:
        w = self.w
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == f"{w}r":
                self._run(child, para, style_id)
            elif tag in (
                f"{w}hyperlink",
                f"{w}smartTag",
                f"{w}customXml",
                f"{w}fldSimple",
                f"{w}ins",
                f"{w}moveTo",
                f"{w}dir",
                f"{w}bdo",
                f"{w}sdtContent",
            ):
                self._inline(child, para, style_id)
            elif tag == f"{w}sdt":
                content = child.find(f"{w}sdtContent")
                if content is not None:
                    self._inline(content, para, style_id)
            elif tag in (f"{self.m}oMath", f"{self.m}oMathPara"):
                for text in child.iter(f"{self.m}t"):
                    para.add(text.text or "", False, False)
            # w:del, w:moveFrom (deleted text), w:pPr, bookmarks, comments, proofing marks:
            # nothing a reader sees.

    def _inherited(self, char_style: str | None, style_id: str | None) -> dict[str, bool]:
        """Run flags from the character style, else the paragraph style, else the defaults."""
        key = (char_style, style_id)
        cached = self._flag_cache.get(key)
        if cached is None:
            cached = {}
            for name in _FLAGS:
                value = self.styles.flag(char_style, name)
                if value is None:
                    value = self.styles.flag(style_id, name)
                if value is None:
                    value = self.styles.defaults.get(name, False)
                cached[name] = value
            self._flag_cache[key] = cached
        return cached

    def _run_flags(self, rpr: etree._Element | None, style_id: str | None) -> dict[str, bool]:
        """Hidden, italic and bold of a run: direct formatting over styles."""
        w = self.w
        direct: dict[str, bool] = {}
        char_style: str | None = None
        if rpr is not None:
            for child in rpr:
                tag = child.tag
                if not isinstance(tag, str) or not tag.startswith(w):
                    continue
                name = tag[len(w) :]
                if name in _FLAGS:
                    direct[name] = _on(child.get(f"{w}val"))
                elif name == "rStyle":
                    char_style = child.get(f"{w}val")
        inherited = self._inherited(char_style, style_id)
        return {**inherited, **direct} if direct else inherited

    def _run(self, run: etree._Element, para: _Para, style_id: str | None) -> None:
        w = self.w
        flags = self._run_flags(run.find(f"{w}rPr"), style_id)
        if flags["vanish"]:
            return
        italic = flags["i"]
        bold = flags["b"]
        custom: _NoteKey | None = None
        custom_mark: list[str] = []
        for child in run:
            tag = child.tag
            if tag == f"{w}t":
                if custom is not None:
                    custom_mark.append(child.text or "")
                else:
                    para.add(child.text or "", italic, bold)
            elif tag in (f"{w}br", f"{w}cr"):
                para.breaks.append(para.length)  # joined by the kernel's rule in `_finish`
            elif tag in (f"{w}tab", f"{w}ptab"):
                para.add(" ", italic, bold)
            elif tag == f"{w}noBreakHyphen":
                para.add("-", italic, bold)
            elif tag == f"{w}sym":
                char = _hex(child.get(f"{w}char"))
                if char is not None:
                    para.add(char, italic, bold)
            elif tag in (f"{w}footnoteReference", f"{w}endnoteReference"):
                kind = "footnote" if tag == f"{w}footnoteReference" else "endnote"
                key = _NoteKey(kind, child.get(f"{w}id") or "", None)
                follows = child.get(f"{w}customMarkFollows")
                if follows is not None and _on(follows):
                    # The text after it in this run is the printed mark, not body text.
                    custom = key
                para.refs.append((para.length, key))
        if custom is not None:
            mark = "".join(custom_mark).strip() or "*"
            for index, (offset, key) in enumerate(para.refs):
                if key is custom:
                    para.refs[index] = (offset, _NoteKey(key.kind, key.word_id, mark))

    # -- footnotes and blocks

    def _note_text(self, note: etree._Element) -> str:
        parts: list[str] = []
        for element in self._paragraph_elements(note):
            para, _ = self._paragraph(element, count_number=False)
            parts.append(para.text)
        return " ".join(" ".join(parts).split())

    def _finish(self, paragraphs: list[_Para]) -> tuple[list[Block], list[Footnote]]:
        footnotes: list[Footnote] = []
        ids: dict[tuple[str, str], str] = {}
        taken: dict[str, int] = {}
        counters = {kind: level.start for kind, level in self.note_formats.items()}
        blocks: list[Block] = []
        if any(para.breaks for para in paragraphs):
            words = textnorm.vocabulary("\n".join(para.lines() for para in paragraphs))
            for para in paragraphs:
                para.join_breaks(words)
        for para in paragraphs:
            text, italic, bold, refs = _normalised(para)
            out_refs: list[FootnoteRef] = []
            for offset, key in refs:
                note = self.notes[key.kind].get(key.word_id)
                if note is None:
                    continue  # a reference to a footnote that is not there: nothing to show
                known = ids.get((key.kind, key.word_id))
                if known is None:
                    if key.custom_mark is not None:
                        marker = key.custom_mark
                    else:
                        fmt = self.note_formats[key.kind].fmt
                        marker = format_number(counters[key.kind], fmt)
                        counters[key.kind] += 1
                    taken[marker] = taken.get(marker, 0) + 1
                    known = marker if taken[marker] == 1 else f"{marker}-{taken[marker]}"
                    ids[(key.kind, key.word_id)] = known
                    note_text = self._note_text(note)
                    if key.custom_mark is not None and note_text.startswith(marker):
                        # Word repeats a custom mark as plain text at the start of the note.
                        note_text = note_text[len(marker) :].lstrip()
                    footnotes.append(Footnote(known, marker, note_text))
                out_refs.append(FootnoteRef(known, offset))
            # An object stands in its paragraph's block, or after the block before it when its
            # paragraph holds nothing else (a picture on a line of its own).
            at = len(blocks) if text else len(blocks) - 1
            self.objects.extend((kind, digest, at) for kind, digest in para.objects)
            if not text:
                continue  # an empty paragraph (even a numbered one) has nothing to compare
            blocks.append(
                Block(
                    text=text,
                    italic=italic,
                    bold=bold,
                    footnotes=tuple(out_refs),
                    number=para.number,
                    style=para.style,
                )
            )
        return blocks, footnotes


def _hex(value: str | None) -> str | None:
    """The character of a w:sym, unless it is a private-use symbol-font code."""
    if not value:
        return None
    try:
        code = int(value, 16)
    except ValueError:
        return None
    if code <= 0x1F or 0xE000 <= code <= 0xF8FF or code > 0x10FFFF:
        return None
    return chr(code)
