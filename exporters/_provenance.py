"""Exporters layer: where each character of a Word document's text comes from.

The model (`diffing.model.Document`) holds normalised text; an in-place export has to write
revisions into the drafter's own runs, so it needs, for every body paragraph (`w:p`, in the
reader's order: body, tables row by row and cell by cell, content controls, custom XML), the
paragraph's visible text as one string and, for each character, the element it came from:

    a character of a w:t          -> (run, the w:t, offset in its text)
    a tab, break, symbol, field character, drawing, footnote reference… inside a run
                                  -> (run, that child, -1): one "atom" character
    an equation (m:oMath) between runs -> (None, the element, -1): one atom character

Atoms that are not tabs or breaks are written as private-use characters chosen from their XML
(`Atoms`), so the same field or drawing in both versions compares equal, and a footnote reference
is one shared character whatever its id (its text is compared inside the footnote).

Text already deleted in a tracked change (`w:del`, `w:moveFrom`) is not part of the text, as in the
reader (`diffing.readers.docx`: the document reads as Word shows it with "No Markup").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from exporters._ooxml import w

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

NOTE_REF = "\U000f0000"
"""The one character every footnote/endnote reference with an automatic number reads as."""
NOTE_MARKS = 0x100001


def custom_mark(reference: etree._Element) -> str | None:
    """The custom mark of a note reference (the w:t text after it in its run), else None."""
    follows = reference.get(w("customMarkFollows"))
    if follows is None or follows.strip().lower() in {"0", "false", "off"}:
        return None
    return "".join(t.text or "" for t in reference.itersiblings(w("t")))


_CONTAINERS = {w("tbl"), w("tr"), w("tc"), w("customXml"), w("sdtContent")}
_INLINE = {
    w("hyperlink"),
    w("smartTag"),
    w("customXml"),
    w("fldSimple"),
    w("ins"),
    w("moveTo"),
    w("dir"),
    w("bdo"),
    w("sdtContent"),
}
_ZERO_WIDTH_IN_RUN = {
    w("rPr"),
    w("lastRenderedPageBreak"),
    # the automatic mark at the start of a note's text: the note's own, never changed
    w("footnoteRef"),
    w("endnoteRef"),
}
_MATH = {f"{{{M}}}oMath", f"{{{M}}}oMathPara"}


@dataclass
class Atoms:
    """Private-use characters for atoms, shared by both versions so equal atoms compare equal."""

    table: dict[str, str] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)
    """The characters of references with a custom mark."""

    def char(self, element: etree._Element) -> str:
        tag = element.tag
        if tag == w("tab") or tag == w("ptab"):
            return "\t"
        if tag in (w("br"), w("cr")) and element.get(w("type")) in (None, "textWrapping"):
            return "\n"
        if tag in (w("footnoteReference"), w("endnoteReference")):
            mark = custom_mark(element)
            if mark is None:
                return NOTE_REF
            # a custom mark ("*", "†") is part of the reference: another mark, another character
            return self._lookup(f"custom-note:{mark}")
        if tag == w("noBreakHyphen"):
            return "\u2011"
        if tag == w("softHyphen"):
            return "\u00ad"
        return self._lookup(etree.tostring(element, method="c14n").decode("utf-8", "replace"))

    def is_note(self, char: str) -> bool:
        """True for the character of a note reference."""
        return char == NOTE_REF or char in self.notes

    def has_notes(self, text: str) -> bool:
        """True when `text` holds a note reference."""
        return NOTE_REF in text or any(char in text for char in self.notes)

    def _lookup(self, key: str) -> str:
        found = self.table.get(key)
        if found is None:
            # plane 16 private use, after NOTE_REF; a document has a few hundred distinct atoms
            found = chr(NOTE_MARKS + len(self.table) % 0xFFFD)
            self.table[key] = found
            if key.startswith("custom-note:"):
                self.notes.add(found)
        return found


@dataclass
class Slot:
    """Where one character of a paragraph's text comes from."""

    run: etree._Element | None
    element: etree._Element
    offset: int
    """Offset in `element.text` for a w:t; -1 for an atom."""


_ATOM_CHARS = re.compile("[\U000f0000-\U0010ffff]")
_LINE_CHARS = str.maketrans({"\t": " ", "\n": " "})


class Para:
    """One w:p with its text and the origin of each character.

    The origins are kept as pieces (a w:t's text or one atom) and expanded to one `Slot` per
    character only for the paragraphs that are rewritten: a long document has a million
    characters and a few hundred changed paragraphs."""

    def __init__(
        self,
        element: etree._Element,
        text: str,
        pieces: list[tuple[etree._Element | None, etree._Element, int]],
    ) -> None:
        self.element = element
        self.text = text
        self._pieces = pieces
        """(run, element, length): length characters of a w:t, or -1 for one atom."""
        self._slots: list[Slot] | None = None

    @property
    def slots(self) -> list[Slot]:
        if self._slots is None:
            slots: list[Slot] = []
            for run, element, length in self._pieces:
                if length < 0:
                    slots.append(Slot(run, element, -1))
                else:
                    slots.extend(Slot(run, element, k) for k in range(length))
            self._slots = slots
        return self._slots

    @property
    def plain(self) -> str:
        """The text as the reader sees it: atoms dropped, whitespace collapsed."""
        visible = _ATOM_CHARS.sub("", self.text).translate(_LINE_CHARS)
        return " ".join(visible.split())


def paragraph_elements(container: etree._Element) -> Iterator[etree._Element]:
    """Body paragraphs in reading order (as `diffing.readers.docx` reads them)."""
    for child in container:
        tag = child.tag
        if tag == w("p"):
            yield child
        elif tag in _CONTAINERS:
            if tag == w("tr") and child.find(f"{w('trPr')}/{w('del')}") is not None:
                continue
            yield from paragraph_elements(child)
        elif tag == w("sdt"):
            content = child.find(w("sdtContent"))
            if content is not None:
                yield from paragraph_elements(content)


def read_paragraph(element: etree._Element, atoms: Atoms) -> Para:
    chars: list[str] = []
    pieces: list[tuple[etree._Element | None, etree._Element, int]] = []

    def inline(container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == w("r"):
                absorbed = False  # the custom mark after a note reference is the reference's
                for part in child:
                    ptag = part.tag
                    if not isinstance(ptag, str) or ptag in _ZERO_WIDTH_IN_RUN:
                        continue
                    if ptag == w("t") and absorbed:
                        continue
                    if ptag in (w("footnoteReference"), w("endnoteReference")):
                        absorbed = custom_mark(part) is not None
                    if ptag == w("t"):
                        text = part.text or ""
                        chars.append(text)
                        pieces.append((child, part, len(text)))
                    else:
                        chars.append(atoms.char(part))
                        pieces.append((child, part, -1))
            elif tag in _INLINE:
                inline(child)
            elif tag == w("sdt"):
                content = child.find(w("sdtContent"))
                if content is not None:
                    inline(content)
            elif tag in _MATH:
                chars.append(atoms.char(child))
                pieces.append((None, child, -1))

    inline(element)
    return Para(element, "".join(chars), pieces)


def read_paragraphs(body: etree._Element, atoms: Atoms) -> list[Para]:
    return [read_paragraph(p, atoms) for p in paragraph_elements(body)]
