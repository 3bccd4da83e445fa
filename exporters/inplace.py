"""Exporters layer: the tracked-change export written into the drafter's own Word document.

When the new version is a .docx, Word's own Compare gives back the new document with revisions
added; so does this module. The output is the new package, every part kept as it was (styles,
numbering, settings, headers, footers, footnotes, endnotes, comments, theme, fonts, section
properties, custom XML, content controls, fields, hyperlinks), with only these changes:

- in a paragraph whose text changed, the new runs are split where the word diff says and the
  inserted pieces wrapped in w:ins; deleted text is a copy of the old document's runs (their own
  w:rPr) with w:delText in a w:del, placed where it stood; runs around them are untouched;
- a paragraph only the old version has is a copy of the old w:p (its own w:pPr, so Reject All
  restores its style) with its runs in w:del and its paragraph mark deleted; a paragraph only the
  new version has gets its runs in w:ins and its mark inserted; an unchanged paragraph out of
  order is a w:moveFrom / w:moveTo pair; one moved and edited is a deletion and an insertion with
  a comment "Moved from OP33" that lists its word changes;
- a paragraph whose properties changed (style, numbering, indents) carries w:pPrChange with the
  old ones, so Reject All restores them;
- a footnote whose reference stands in both versions has its text changes tracked inside it; a
  deleted reference brings its old footnote along (Reject All restores it);
- text already tracked in the new document stays as it is (its w:ins / w:del and its comments).

Which paragraphs correspond comes from the `Comparison` (the engine's alignment, manual links
included): each model paragraph is found in the package by its text (`_locate`); paragraphs the
model leaves out (empty ones, masthead lines) are paired by equal text between those anchors.
Provenance of every character is read by `exporters._provenance`.
"""

from __future__ import annotations

import bisect
import copy
import difflib
import io
import itertools
import logging
import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from diffing.errors import ReadError
from diffing.model import DELETE, EQUAL, INSERT, AlignedEntry, Comment, Comparison, Document
from diffing.readers.safezip import WordPackage, open_word_package
from diffing.worddiff import diff_words
from exporters import ExportError
from exporters import _ooxml as ox
from exporters._moves import moved_remark
from exporters._ooxml import w
from exporters._provenance import (
    Atoms,
    Para,
    Slot,
    custom_mark,
    paragraph_elements,
    read_paragraph,
    read_paragraphs,
)
from exporters._redline import sanitize
from exporters.tracked import comment_date

logger = logging.getLogger(__name__)

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_COMMENTS_TYPE = f"{ox.REL_TYPE}/comments"
_COMMENTS_CT = f"{ox.DOC_TYPE}.comments+xml"
_MATH_TAGS = {
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara",
}
_WRAPPERS = {w("ins"), w("del"), w("moveTo"), w("moveFrom")}
_STRIP_FROM_COPIES = {
    w("commentRangeStart"),
    w("commentRangeEnd"),
    w("bookmarkStart"),
    w("bookmarkEnd"),
    w("proofErr"),
    w("permStart"),
    w("permEnd"),
    w("moveFromRangeStart"),
    w("moveFromRangeEnd"),
    w("moveToRangeStart"),
    w("moveToRangeEnd"),
}
_ZERO_WIDTH = {w("lastRenderedPageBreak"), w("footnoteRef"), w("endnoteRef")}
_NOT_IN_PPR_CHANGE = {w("rPr"), w("sectPr"), w("pPrChange")}
_MIN_LOCATED = 0.5
"""In-place export needs at least this share of the model's paragraphs found in the package."""


class NotInPlace(ExportError):
    """The package cannot carry the comparison in place (not the document compared...)."""


# --- the packages ------------------------------------------------------------------------------


@dataclass
class _Package:
    """A checked Word package with its main part and notes parsed."""

    data: bytes
    word: WordPackage
    document: etree._Element
    body: etree._Element
    parts: dict[str, etree._Element] = field(default_factory=dict)
    """Parsed parts by zip name, for those we may change."""
    originals: dict[str, bytes] = field(default_factory=dict)
    """Their canonical XML as read: a part that did not change keeps its bytes."""

    @classmethod
    def open(cls, data: bytes, source: str) -> _Package:
        try:
            word = open_word_package(data, source)
            document = word.zip.xml(word.main)
        except ReadError as error:
            raise NotInPlace(str(error)) from None
        if etree.QName(document).namespace != ox.W:
            raise NotInPlace(f"{source}: Strict Open XML is written in the generated layout.")
        body = document.find(w("body"))
        if body is None:
            raise NotInPlace(f"{source}: the document has no body.")
        package = cls(data, word, document, body)
        package.parts[word.main] = document
        return package

    def part(self, type_suffix: str) -> tuple[str, etree._Element] | None:
        name = self.word.related_part(type_suffix)
        if name is None:
            return None
        key = next((n for n in self.parts if n.casefold() == name.casefold()), None)
        if key is None:
            self.parts[name] = root = self.word.zip.xml(name)
            self.originals[name] = etree.tostring(root, method="c14n")
            key = name
        return key, self.parts[key]

    def notes(self, kind: str) -> dict[str, etree._Element]:
        found = self.part(f"/{kind}s")
        if found is None:
            return {}
        return {
            n.get(w("id")) or "": n
            for n in found[1].findall(w(kind))
            if n.get(w("type"), "normal") == "normal"
        }


# --- model paragraphs -> w:p ------------------------------------------------------------------


def _locate(document: Document, paras: Sequence[Para]) -> dict[str, int]:
    """Model paragraph id -> index in `paras`: found in order by its text (the package's text
    ends with it: typed numbers and masthead prefixes stay in the package)."""
    plains = [p.plain for p in paras]
    out: dict[str, int] = {}
    cursor = 0
    for paragraph in document.paragraphs:
        text = " ".join(paragraph.text.split())
        if not text:
            continue
        window = range(cursor, len(plains))
        found = next((k for k in window if plains[k] == text), None)
        if found is None:
            found = next((k for k in window if plains[k].endswith(text)), None)
        if found is None:
            found = next((k for k in window if text in plains[k]), None)
        if found is not None:
            out[paragraph.id] = found
            cursor = found + 1
    return out


def _lis(values: Sequence[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence of `values`."""
    tails: list[int] = []
    tails_at: list[int] = []
    back = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        back[i] = tails_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(value)
            tails_at.append(i)
        else:
            tails[k] = value
            tails_at[k] = i
    out: list[int] = []
    i = tails_at[-1] if tails_at else -1
    while i >= 0:
        out.append(i)
        i = back[i]
    return out[::-1]


@dataclass(frozen=True)
class _Pairing:
    anchors: list[tuple[int, int]]
    """(old index, new index), increasing on both sides."""
    moves: list[tuple[int, int, AlignedEntry]]
    """Pairs out of order: shown at both places."""
    entries: dict[tuple[int, int], AlignedEntry]
    """The entry that paired an anchor, when one did."""


def _pair(
    comparison: Comparison, olds: Sequence[Para], news: Sequence[Para]
) -> tuple[_Pairing, dict[str, int], dict[str, int]]:
    old_at = _locate(comparison.old, olds)
    new_at = _locate(comparison.new, news)
    located = len(new_at) / max(1, sum(1 for p in comparison.new.paragraphs if p.text.strip()))
    if located < _MIN_LOCATED:
        raise NotInPlace(
            f"{comparison.new.source}: the Word file does not hold the compared text "
            f"({len(new_at)} of its paragraphs found)."
        )
    candidates: list[tuple[int, int, AlignedEntry]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for entry in comparison.entries:
        o_list = [old_at[i] for i in entry.old if i in old_at]
        n_list = [new_at[i] for i in entry.new if i in new_at]
        for o, n in zip(o_list, n_list, strict=False):
            if o not in used_old and n not in used_new:
                candidates.append((o, n, entry))
                used_old.add(o)
                used_new.add(n)
    candidates.sort(key=lambda c: c[1])
    keep = set(_lis([c[0] for c in candidates]))
    anchors = [(c[0], c[1]) for k, c in enumerate(candidates) if k in keep]
    moves = [c for k, c in enumerate(candidates) if k not in keep]
    # Paragraphs the model does not hold (empty ones, masthead lines): equal texts between
    # anchors are the same paragraph; a changed block of equal length pairs line by line.
    filled: list[tuple[int, int]] = []
    bounds = [(-1, -1), *anchors, (len(olds), len(news))]
    for (oa, na), (ob, nb) in itertools.pairwise(bounds):
        gap_old = [i for i in range(oa + 1, ob) if i not in used_old]
        gap_new = [i for i in range(na + 1, nb) if i not in used_new]
        if not gap_old or not gap_new:
            continue
        matcher = difflib.SequenceMatcher(
            None,
            [olds[i].text for i in gap_old],
            [news[i].text for i in gap_new],
            autojunk=False,
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                filled.extend(zip(gap_old[i1:i2], gap_new[j1:j2], strict=True))
    entries = {(c[0], c[1]): c[2] for k, c in enumerate(candidates) if k in keep}
    anchors = sorted(anchors + filled, key=lambda a: a[1])
    return _Pairing(anchors, moves, entries), old_at, new_at


# --- writing revisions -------------------------------------------------------------------------


class _Revisions:
    """Revision ids, author and date, and the footnotes that deleted references bring along."""

    def __init__(self, author: str, date: str, first_id: int) -> None:
        self.author = author
        self.date = date
        self.next_id = first_id

    def new_id(self) -> str:
        value = self.next_id
        self.next_id += 1
        return str(value)

    def element(self, tag: str) -> etree._Element:
        return etree.Element(
            w(tag), {w("id"): self.new_id(), w("author"): self.author, w("date"): self.date}
        )


def _max_id(roots: Sequence[etree._Element]) -> int:
    top = 0
    for root in roots:
        for element in root.iter():
            value = element.get(w("id")) if isinstance(element.tag, str) else None
            if value is not None and value.lstrip("-").isdigit():
                top = max(top, int(value))
    return top


def _ppr_key(ppr: etree._Element | None) -> bytes:
    if ppr is None:
        return b""
    key: bytes = etree.tostring(_ppr_base(ppr), method="c14n")
    return key


def _ppr_base(ppr: etree._Element) -> etree._Element:
    """The paragraph properties without the mark's run properties, section and change."""
    clone = copy.deepcopy(ppr)
    for child in list(clone):
        if child.tag in _NOT_IN_PPR_CHANGE:
            clone.remove(child)
    return clone


def _ensure_ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    return ppr


def _set_ppr(p: etree._Element, ppr: etree._Element | None) -> None:
    """Replace the paragraph's properties (keeping its section break, if any)."""
    current = p.find(w("pPr"))
    section = current.find(w("sectPr")) if current is not None else None
    if current is not None:
        p.remove(current)
    if ppr is None and section is None:
        return
    new = copy.deepcopy(ppr) if ppr is not None else etree.Element(w("pPr"))
    for child in list(new):
        if child.tag == w("sectPr"):
            new.remove(child)
    if section is not None:
        change = new.find(w("pPrChange"))
        if change is not None:
            change.addprevious(section)
        else:
            new.append(section)
    p.insert(0, new)


def _mark(p: etree._Element, revision: etree._Element) -> None:
    """Put a paragraph-mark revision first in the mark's run properties."""
    ppr = _ensure_ppr(p)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        anchor = next((c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))), None)
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    for child in list(rpr):
        if child.tag in _WRAPPERS:
            rpr.remove(child)
    rpr.insert(0, revision)


def _ppr_change(p: etree._Element, old: etree._Element | None, revisions: _Revisions) -> None:
    """w:pPrChange with the old properties when they differ from the paragraph's own."""
    ppr = p.find(w("pPr"))
    if _ppr_key(ppr) == _ppr_key(old):
        return
    ppr = _ensure_ppr(p)
    for existing in ppr.findall(w("pPrChange")):
        ppr.remove(existing)
    change = revisions.element("pPrChange")
    base = _ppr_base(old) if old is not None else etree.Element(w("pPr"))
    base.attrib.clear()
    change.append(base)
    ppr.append(change)


def _to_deleted(element: etree._Element) -> None:
    """w:t -> w:delText and w:instrText -> w:delInstrText inside a copied run."""
    for node in element.iter(w("t"), w("instrText")):
        node.tag = w("delText") if node.tag == w("t") else w("delInstrText")


class _Writer:
    def __init__(
        self,
        new: _Package,
        old: _Package | None,
        revisions: _Revisions,
        atoms: Atoms,
    ) -> None:
        self.new = new
        self.old = old
        self.revisions = revisions
        self.atoms = atoms
        self.old_notes = {k: old.notes(k) if old else {} for k in ("footnote", "endnote")}
        self.new_notes = {k: new.notes(k) for k in ("footnote", "endnote")}
        self._last_written: dict[int, etree._Element] = {}

    # -- footnotes

    def carry_note(self, reference: etree._Element) -> etree._Element | None:
        """A deleted reference: its old footnote copied into the new package, a fresh id."""
        kind = "footnote" if reference.tag == w("footnoteReference") else "endnote"
        note = self.old_notes[kind].get(reference.get(w("id")) or "")
        found = self.new.part(f"/{kind}s")
        if note is None or found is None:
            return None
        root = found[1]
        ids = [int(v) for v in (n.get(w("id")) for n in root) if v and v.lstrip("-").isdigit()]
        fresh = str(max(ids, default=0) + 1)
        clone = copy.deepcopy(note)
        clone.set(w("id"), fresh)
        _clean_copy(clone)
        root.append(clone)
        self.new_notes[kind][fresh] = clone
        out = copy.deepcopy(reference)
        out.set(w("id"), fresh)
        return out

    def track_note(self, old_ref: etree._Element, new_ref: etree._Element) -> None:
        """The same footnote in both versions: its text changes tracked inside it."""
        kind = "footnote" if new_ref.tag == w("footnoteReference") else "endnote"
        old_note = self.old_notes[kind].get(old_ref.get(w("id")) or "")
        new_note = self.new_notes[kind].get(new_ref.get(w("id")) or "")
        if old_note is None or new_note is None:
            return
        olds = [read_paragraph(p, self.atoms) for p in old_note.iter(w("p"))]
        news = [read_paragraph(p, self.atoms) for p in new_note.iter(w("p"))]
        for old_para, new_para in zip(olds, news, strict=False):
            if old_para.text != new_para.text:
                self.rewrite(old_para, new_para)
        for extra in olds[len(news) :]:
            p = copy.deepcopy(extra.element)
            _clean_copy(p)
            self.wrap_runs(p, "del")
            news_last = new_note.findall(w("p"))
            if news_last:
                news_last[-1].addnext(p)
                _mark(news_last[-1], self.revisions.element("del"))
        for extra in news[len(olds) :]:
            self.wrap_runs(extra.element, "ins")
            previous = extra.element.getprevious()
            if previous is not None and previous.tag == w("p"):
                _mark(previous, self.revisions.element("ins"))

    # -- runs

    def deleted_runs(self, old: Para, start: int, end: int) -> etree._Element:
        """Old characters [start, end) as runs with their old formatting, in one w:del."""
        wrapper = self.revisions.element("del")
        k = start
        while k < end:
            slot = old.slots[k]
            j = k
            while j < end and old.slots[j].run is slot.run and slot.run is not None:
                j += 1
            if slot.run is None:  # an equation between runs
                clone = copy.deepcopy(slot.element)
                _to_deleted(clone)
                wrapper.append(clone)
                k += 1
                continue
            run = etree.SubElement(wrapper, w("r"))
            for attr, value in slot.run.attrib.items():
                run.set(attr, value)
            rpr = slot.run.find(w("rPr"))
            if rpr is not None:
                run.append(copy.deepcopy(rpr))
            self._pieces(run, old.slots[k:j], deleted=True)
            k = j
        return wrapper

    def _pieces(self, run: etree._Element, slots: Sequence[Slot], *, deleted: bool) -> None:
        """Copies of the run children the slots come from (text cut to the slots)."""
        k = 0
        while k < len(slots):
            slot = slots[k]
            if slot.offset < 0:
                child = slot.element
                if child.tag in (w("footnoteReference"), w("endnoteReference")) and deleted:
                    carried = self.carry_note(child)
                    if carried is not None:
                        run.append(carried)
                        run.extend(_mark_texts(child, deleted=True))
                elif deleted and child.tag in (w("commentReference"), w("annotationRef")):
                    pass  # the old document's comments are not in the new package
                else:
                    clone = copy.deepcopy(child)
                    if deleted:
                        _to_deleted(clone)
                    run.append(clone)
                    run.extend(_mark_texts(child, deleted=deleted))
                k += 1
                continue
            j = k
            while (
                j < len(slots)
                and slots[j].element is slot.element
                and slots[j].offset == slot.offset + (j - k)
            ):
                j += 1
            text = (slot.element.text or "")[slot.offset : slot.offset + (j - k)]
            t = etree.SubElement(run, w("delText") if deleted else w("t"))
            t.text = text
            t.set(ox.XML_SPACE, "preserve")
            k = j

    def rewrite(self, old: Para, new: Para, hint: Sequence[tuple[str, str]] = ()) -> None:
        """Word-level revisions inside a paragraph present in both versions; `hint` is the
        engine's diff of the two, used when it joins to exactly these texts."""
        ops: Sequence[tuple[str, str]] = hint
        if not (
            hint
            and "".join(t for op, t in hint if op != INSERT) == old.text
            and "".join(t for op, t in hint if op != DELETE) == new.text
        ):
            ops = diff_words(old.text, new.text)
        labels: list[str] = []
        deletions: dict[int, list[tuple[int, int]]] = {}
        o = 0
        for op, chunk in ops:
            if op == EQUAL:
                labels.extend(EQUAL * len(chunk))
                o += len(chunk)
            elif op == INSERT:
                labels.extend(INSERT * len(chunk))
            else:
                deletions.setdefault(len(labels), []).append((o, o + len(chunk)))
                o += len(chunk)
        self.track_notes(old, new, ops)

        # the top-level pieces (runs, equations) of the new paragraph, in order
        owners: list[tuple[etree._Element, int, int]] = []
        k = 0
        while k < len(new.slots):
            owner = new.slots[k].run if new.slots[k].run is not None else new.slots[k].element
            j = k
            while j < len(new.slots) and (
                (new.slots[j].run if new.slots[j].run is not None else new.slots[j].element)
                is owner
            ):
                j += 1
            owners.append((owner, k, j))
            k = j

        def dels_at(position: int) -> list[etree._Element]:
            return [self.deleted_runs(old, a, b) for a, b in deletions.pop(position, [])]

        for owner, start, end in owners:
            cuts = sorted(
                {start, end}
                | {p for p in range(start + 1, end) if labels[p] != labels[p - 1]}
                | {p for p in deletions if start < p < end}
            )
            if len(cuts) == 2 and labels[start] == EQUAL and start not in deletions:
                continue
            pieces: list[etree._Element] = []
            inside_revision = owner.getparent() is not None and owner.getparent().tag in (
                w("ins"),
                w("moveTo"),
            )
            for a, b in itertools.pairwise(cuts):
                pieces.extend(dels_at(a))
                segment = self._segment(owner, new.slots[a:b], first=a == start)
                if labels[a] == INSERT and not inside_revision:
                    wrapper = self.revisions.element("ins")
                    wrapper.append(segment)
                    pieces.append(wrapper)
                else:
                    pieces.append(segment)
            self._replace(owner, pieces)
        rest = [d for position in sorted(deletions) for d in dels_at(position)]
        if rest:
            if owners:
                last = owners[-1][0]
                # after the last piece written for it (it may have been replaced)
                anchor = self._last_written.get(id(last), last)
                for element in reversed(rest):
                    anchor.addnext(element)
            else:
                for element in rest:
                    new.element.append(element)

    def _segment(
        self, owner: etree._Element, slots: Sequence[Slot], *, first: bool
    ) -> etree._Element:
        if owner.tag != w("r"):
            return owner  # an equation: one atom, written whole
        run = etree.Element(w("r"), dict(owner.attrib))
        rpr = owner.find(w("rPr"))
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        if first:
            # zero-width children (rendered page breaks, a note's own mark) before the first
            # character
            for child in owner:
                if child.tag in _ZERO_WIDTH:
                    run.append(copy.deepcopy(child))
                elif child.tag != w("rPr"):
                    break
        self._pieces(run, slots, deleted=False)
        return run

    def _replace(self, owner: etree._Element, pieces: list[etree._Element]) -> None:
        parent = owner.getparent()
        if parent is None:
            return
        wrapper_parent = parent.tag in _WRAPPERS
        anchor = owner
        for piece in pieces:
            if piece is owner:
                continue
            if piece.tag == w("del") and wrapper_parent:
                # a deletion cannot stand inside an existing insertion: just before it
                parent.addprevious(piece)
                continue
            anchor.addnext(piece)
            anchor = piece
        if owner not in pieces:
            parent.remove(owner)
        self._last_written[id(owner)] = anchor if anchor is not owner else owner

    def track_notes(self, old: Para, new: Para, ops: Sequence[tuple[str, str]]) -> None:
        """Notes whose references stand in both versions: their own text changes tracked."""
        if not self.atoms.has_notes(old.text):
            return
        o = n = 0
        for op, chunk in ops:
            if op == EQUAL:
                for k, char in enumerate(chunk):
                    if self.atoms.is_note(char):
                        self.track_note(old.slots[o + k].element, new.slots[n + k].element)
                o += len(chunk)
                n += len(chunk)
            elif op == DELETE:
                o += len(chunk)
            else:
                n += len(chunk)

    # -- whole paragraphs

    def wrap_runs(self, p: etree._Element, kind: str) -> None:
        """Every run (and equation) of a paragraph in one revision wrapper per sibling group."""

        def walk(container: etree._Element) -> None:
            group: list[etree._Element] = []

            def flush() -> None:
                if group:
                    wrapper = self.revisions.element(kind)
                    group[0].addprevious(wrapper)
                    for element in group:
                        wrapper.append(element)
                    group.clear()

            for child in list(container):
                tag = child.tag
                if tag == w("r") or tag in _MATH_TAGS:
                    group.append(child)
                    continue
                flush()
                if tag in _WRAPPERS:
                    continue  # already tracked
                if tag in (w("hyperlink"), w("smartTag"), w("customXml"), w("fldSimple")):
                    walk(child)
                elif tag == w("sdt"):
                    content = child.find(w("sdtContent"))
                    if content is not None:
                        walk(content)
            flush()

        walk(p)
        if kind == "del":
            _to_deleted(p)

    def deleted_paragraph(self, old: Para, kind: str) -> etree._Element:
        """A copy of an old paragraph, its content deleted (or moved away)."""
        p = copy.deepcopy(old.element)
        # deleted references bring their footnotes: rewrite each reference through carry_note
        for ref in list(p.iter(w("footnoteReference"), w("endnoteReference"))):
            carried = self.carry_note(ref)
            parent = ref.getparent()
            if parent is None:
                continue
            if carried is None:
                parent.remove(ref)
            else:
                parent.replace(ref, carried)
        _clean_copy(p)
        ppr = p.find(w("pPr"))
        if ppr is not None:
            for child in list(ppr):
                if child.tag in (w("sectPr"), w("pPrChange")):
                    ppr.remove(child)
        self.wrap_runs(p, kind)
        return p


def _mark_texts(reference: etree._Element, *, deleted: bool) -> list[etree._Element]:
    """Copies of the custom mark ("*") that follows a note reference in its run."""
    if not custom_mark(reference):
        return []
    out = []
    for sibling in reference.itersiblings():
        if sibling.tag == w("t"):
            clone = copy.deepcopy(sibling)
            if deleted:
                clone.tag = w("delText")
            out.append(clone)
    return out


def _clean_copy(element: etree._Element) -> None:
    """Old content copied into the new document: without what refers to old-only things
    (comments, bookmarks, move ranges), without old deletions, old insertions unwrapped."""
    for node in list(element.iter()):
        if not isinstance(node.tag, str):
            continue
        parent = node.getparent()
        if parent is None:
            continue
        if node.tag in _STRIP_FROM_COPIES or node.tag in (w("del"), w("moveFrom")):
            if node.tag in (w("del"), w("moveFrom")) and parent.tag == w("rPr"):
                parent.remove(node)
                continue
            parent.remove(node)
        elif node.tag == w("r") and node.find(w("commentReference")) is not None:
            parent.remove(node)
    for node in list(element.iter(w("ins"), w("moveTo"))):
        parent = node.getparent()
        if parent is None or parent.tag == w("rPr"):
            if parent is not None:
                parent.remove(node)
            continue
        index = parent.index(node)
        for offset, child in enumerate(list(node)):
            parent.insert(index + offset, child)
        parent.remove(node)


# --- the whole export --------------------------------------------------------------------------

EQ, INS, DEL, MOVE_TO, MOVE_FROM = "eq", "ins", "del", "moveTo", "moveFrom"
_ACCEPTED = (EQ, INS, MOVE_TO)
_REJECTED = (EQ, DEL, MOVE_FROM)


@dataclass
class _Out:
    """One paragraph of the output, what its mark is, and its properties in each version."""

    element: etree._Element
    status: str
    accept: etree._Element | None = None
    reject: etree._Element | None = None


def _synthetic_old(document: Document) -> etree._Element:
    """A body for an old version that is not a Word file: one plain paragraph per model paragraph
    (its printed number first), so deleted text has somewhere to come from."""
    from exporters._redline import number_prefix

    body = ox.el(None, "body")
    for paragraph in document.paragraphs:
        p = ox.el(body, "p")
        prefix = number_prefix(paragraph)
        text = sanitize(paragraph.text)
        p.append(ox.run(f"{prefix}\t{text}" if prefix else text))
    return body


def _has_package_refs(element: etree._Element) -> bool:
    """True when the element points at a relationship (image, link, object) of its package."""
    return any(
        attr.startswith(f"{{{ox.R}}}")
        for node in element.iter()
        if isinstance(node.tag, str)
        for attr in node.attrib
    )


def _strip_package_refs(element: etree._Element) -> None:
    """Old content copied into the new package: drawings, objects and links point at the old
    package's relationships, so drawings are left out and links keep only their text."""
    for node in list(element.iter(w("drawing"), w("pict"), w("object"))):
        if _has_package_refs(node) and node.getparent() is not None:
            node.getparent().remove(node)
    for link in list(element.iter(w("hyperlink"))):
        parent = link.getparent()
        if parent is None or not _has_package_refs(link):
            continue
        index = parent.index(link)
        for offset, child in enumerate(list(link)):
            parent.insert(index + offset, child)
        parent.remove(link)


_SETTINGS_BEFORE_TRACK = [
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
    "embedTrueTypeFonts",
    "embedSystemFonts",
    "saveSubsetFonts",
    "saveFormsData",
    "mirrorMargins",
    "alignBordersAndEdges",
    "bordersDoNotSurroundHeader",
    "bordersDoNotSurroundFooter",
    "gutterAtTop",
    "hideSpellingErrors",
    "hideGrammaticalErrors",
    "activeWritingStyle",
    "proofState",
    "formsDesign",
    "attachedTemplate",
    "linkStyles",
    "stylePaneFormatFilter",
    "stylePaneSortMethod",
    "documentType",
    "mailMerge",
    "revisionView",
]


def set_track_revisions(settings: etree._Element, on: bool) -> None:
    """w:trackRevisions on or off, at its place in the settings' schema order."""
    for existing in settings.findall(w("trackRevisions")):
        settings.remove(existing)
    if not on:
        return
    before = {w(name) for name in _SETTINGS_BEFORE_TRACK}
    index = 0
    for k, child in enumerate(settings):
        if child.tag in before:
            index = k + 1
    settings.insert(index, etree.Element(w("trackRevisions")))


class _Comments:
    """Comments added to the new package (its own comments stay)."""

    def __init__(self, package: _Package, revisions: _Revisions) -> None:
        self.package = package
        self.revisions = revisions
        found = package.part("/comments")
        self.created = found is None
        if found is None:
            self.name = "word/comments.xml"
            self.root = ox.el(None, "comments")
        else:
            self.name, self.root = found
        self.count = 0

    def add(self, p: etree._Element, author: str, date: str, text: str) -> None:
        cid = self.revisions.new_id()
        initials = "".join(part[0] for part in author.split() if part)[:8] or "R"
        comment = etree.SubElement(
            self.root,
            w("comment"),
            {w("id"): cid, w("author"): author, w("date"): date, w("initials"): initials},
        )
        for k, line in enumerate(sanitize(text).split("\n")):
            cp = etree.SubElement(comment, w("p"))
            if k == 0:
                etree.SubElement(etree.SubElement(cp, w("r")), w("annotationRef"))
            if line:
                cp.append(ox.run(line))
        ppr = p.find(w("pPr"))
        start = etree.Element(w("commentRangeStart"), {w("id"): cid})
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        etree.SubElement(p, w("commentRangeEnd"), {w("id"): cid})
        ref = etree.SubElement(p, w("r"))
        etree.SubElement(ref, w("commentReference"), {w("id"): cid})
        self.count += 1


def _add_part(
    parts: dict[str, bytes],
    main: str,
    data: bytes,
    name: str,
    rel_type: str,
    content_type: str,
) -> None:
    """A new part: its bytes, its content type and its relationship from the main part."""
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{_CT_NS}}}Override", PartName=f"/{name}", ContentType=content_type)
    parts["[Content_Types].xml"] = _xml(types)
    folder, base = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    rels = etree.fromstring(parts[rels_name])
    taken = {r.get("Id") for r in rels}
    k = 1
    while f"rId{k}" in taken:
        k += 1
    etree.SubElement(
        rels,
        f"{{{_REL_NS}}}Relationship",
        Id=f"rId{k}",
        Type=rel_type,
        Target=posixpath.relpath(name, folder),
    )
    parts[rels_name] = _xml(rels)
    parts[name] = data


def _xml(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def build_inplace_docx(
    comparison: Comparison,
    new_data: bytes,
    old_data: bytes | None = None,
    *,
    author: str,
    date: str,
    comments: Sequence[Comment] = (),
    moves: bool = True,
    track_changes: bool = False,
) -> bytes:
    """The new Word document with the comparison's revisions added (see the module doc).

    new_data / old_data: the two versions' .docx bytes (old_data None: the old version is not a
    Word file; deleted text is then plain). `date` is UTC "YYYY-MM-DDTHH:MM:SSZ".
    track_changes: switch Track Changes on for the recipient (w:trackRevisions).
    Raises NotInPlace when the package does not hold the compared new text (then write the
    generated layout instead).
    """
    author = sanitize(author).strip() or "Redline"
    new = _Package.open(new_data, comparison.new.source)
    old = _Package.open(old_data, comparison.old.source) if old_data is not None else None
    atoms = Atoms()
    news = read_paragraphs(new.body, atoms)
    old_body = old.body if old is not None else _synthetic_old(comparison.old)
    olds = read_paragraphs(old_body, atoms)
    pairing, old_at, new_at = _pair(comparison, olds, news)

    roots = [new.document]
    for suffix in ("/footnotes", "/endnotes", "/comments"):
        found = new.part(suffix)
        if found is not None:
            roots.append(found[1])
    revisions = _Revisions(author, date, _max_id(roots) + 1)
    writer = _Writer(new, old, revisions, atoms)
    remarks = _Comments(new, revisions)

    anchored_new = {n: o for o, n in pairing.anchors}
    anchored_old = {o: n for o, n in pairing.anchors}
    anchor_olds = sorted(anchored_old)
    same_moves: dict[int, int] = {}
    edited_moves: dict[int, tuple[int, AlignedEntry]] = {}
    for o, n, entry in pairing.moves:
        if moves and olds[o].text == news[n].text and olds[o].text.strip():
            same_moves[n] = o
        else:
            edited_moves[n] = (o, entry)
    moved_from = {o for o in same_moves.values()}

    status: dict[etree._Element, _Out] = {}
    for n, para in enumerate(news):
        ppr = para.element.find(w("pPr"))
        if n in anchored_new:
            old_para = olds[anchored_new[n]]
            if old_para.text != para.text:
                paired = pairing.entries.get((anchored_new[n], n))
                single = paired is not None and len(paired.old) == len(paired.new) == 1
                writer.rewrite(old_para, para, paired.diff if paired is not None and single else ())
            elif atoms.has_notes(para.text):
                writer.track_notes(old_para, para, [(EQUAL, para.text)])
            out = _Out(para.element, EQ, ppr, old_para.element.find(w("pPr")))
        elif n in same_moves:
            out = _Out(para.element, MOVE_TO, ppr)
        else:
            out = _Out(para.element, INS, ppr)
        status[para.element] = out
    # paragraphs only the old version has, after the anchor that precedes them
    placed: dict[int, list[etree._Element]] = {}
    old_copies: dict[int, etree._Element] = {}
    for o, para in enumerate(olds):
        if o in anchored_old:
            continue
        k = bisect.bisect_left(anchor_olds, o) - 1
        key = anchored_old[anchor_olds[k]] if k >= 0 else -1
        kind = MOVE_FROM if o in moved_from else DEL
        copied = writer.deleted_paragraph(para, kind)
        _strip_package_refs(copied)
        ppr = copied.find(w("pPr"))
        status[copied] = _Out(copied, kind, None, ppr)
        old_copies[o] = copied
        placed.setdefault(key, []).append(copied)
        if kind == MOVE_FROM:
            n = next(n for n, oo in same_moves.items() if oo == o)
            name = f"move{n}"
            _range(copied, "moveFrom", name, revisions)
            _range(news[n].element, "moveTo", name, revisions)
    for key, copies in placed.items():
        if key >= 0:
            anchor = news[key].element
            for element in copies:
                anchor.addnext(element)
                anchor = element
        elif news:
            for element in copies:
                news[0].element.addprevious(element)
        else:
            section = new.body.find(w("sectPr"))
            for element in copies:
                if section is not None:
                    section.addprevious(element)
                else:
                    new.body.append(element)
    for n, para in enumerate(news):
        if n not in anchored_new:
            writer.wrap_runs(para.element, MOVE_TO if n in same_moves else "ins")
        if n in edited_moves:
            o, entry = edited_moves[n]
            old_model = [p for p in comparison.old.paragraphs if p.id in entry.old]
            new_model = [p for p in comparison.new.paragraphs if p.id in entry.new]
            label = ", ".join(p.label for p in old_model) or "an earlier place"
            remark = moved_remark(
                label,
                " ".join(p.text for p in old_model) or olds[o].plain,
                " ".join(p.text for p in new_model) or para.plain,
            )
            remarks.add(para.element, author, date, remark)

    order = [status[p] for p in _paragraphs(new.body) if p in status]
    _write_marks(order, revisions)
    _separate_insertions(order, revisions)
    old_places = {o: news[n].element for o, n in anchored_old.items()} | old_copies
    targets = {
        **{("old", pid): old_places[o] for pid, o in old_at.items() if o in old_places},
        **{("new", pid): news[n].element for pid, n in new_at.items()},
    }
    for comment in comments:
        other = "old" if comment.side == "new" else "new"
        target = targets.get((comment.side, comment.paragraph_id))
        if target is None:
            # the other side, then the first paragraph: a remark is never silently lost
            target = targets.get((other, comment.paragraph_id), order[0].element if order else None)
        if target is not None:
            name = sanitize(comment.author).strip() or author
            remarks.add(target, name, comment_date(comment.date, date), comment.text)

    for kind in ("footnote", "endnote"):
        _notes_in_reference_order(new, kind)
    parts = _zip_parts(new_data)
    main = new.word.main
    for name, root in new.parts.items():
        if root is remarks.root and remarks.created:
            continue
        if new.originals.get(name) == etree.tostring(root, method="c14n"):
            continue
        part_name = next(n for n in parts if n.casefold() == name.casefold())
        parts[part_name] = _xml(root)
    if remarks.count and remarks.created:
        _add_part(parts, main, _xml(remarks.root), remarks.name, _COMMENTS_TYPE, _COMMENTS_CT)
    settings = new.part("/settings")
    if settings is not None:
        set_track_revisions(settings[1], track_changes)
        part_name = next(n for n in parts if n.casefold() == settings[0].casefold())
        parts[part_name] = _xml(settings[1])
    logger.debug("in-place export of %s: %d paragraphs", main, len(order))
    return _write_zip(new_data, parts)


def _notes_in_reference_order(package: _Package, kind: str) -> None:
    """Notes numbered and stored in the order of their references (as Word saves them):
    LibreOffice (7.4) gives the k-th reference the k-th note by id, whatever the ids say."""
    found = package.part(f"/{kind}s")
    if found is None:
        return
    root = found[1]
    refs = list(package.body.iter(w(f"{kind}Reference")))
    notes = [n for n in root if n.tag == w(kind) and n.get(w("type"), "normal") == "normal"]
    if not notes:
        return
    by_id = {n.get(w("id")) or "": n for n in notes}
    special = [
        int(v)
        for n in root
        if n.tag == w(kind) and n.get(w("type"), "normal") != "normal"
        for v in [n.get(w("id")) or ""]
        if v.lstrip("-").isdigit()
    ]
    next_id = max([0, *special]) + 1
    ranked: list[etree._Element] = []
    renamed: dict[str, str] = {}
    for ref in refs:
        old_id = ref.get(w("id")) or ""
        note = by_id.get(old_id)
        if note is None:
            continue
        if old_id not in renamed:
            renamed[old_id] = str(next_id)
            next_id += 1
            ranked.append(note)
        ref.set(w("id"), renamed[old_id])
    for note in notes:
        if note not in ranked:
            ranked.append(note)
            note.set(w("id"), str(next_id))
            next_id += 1
    for note in ranked:
        old_id = note.get(w("id")) or ""
        if old_id in renamed:
            note.set(w("id"), renamed[old_id])
    first = root.index(notes[0])
    for note in notes:
        root.remove(note)
    for offset, note in enumerate(ranked):
        root.insert(first + offset, note)


def _paragraphs(body: etree._Element) -> list[etree._Element]:
    return list(paragraph_elements(body))


def _range(p: etree._Element, kind: str, name: str, revisions: _Revisions) -> None:
    start = revisions.element(f"{kind}RangeStart")
    start.set(w("name"), name)
    ppr = p.find(w("pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    etree.SubElement(p, w(f"{kind}RangeEnd"), {w("id"): start.get(w("id")) or ""})


def _write_marks(order: list[_Out], revisions: _Revisions) -> None:
    """Paragraph marks, each with the properties of the paragraph it ends in the version that
    sees it (w:pPrChange holds the old ones where a kept mark's properties differ).

    A run of whole inserted/deleted paragraphs after a kept paragraph X is written with each
    revision mark one paragraph up: X [mark of D1] D1 [mark of D2] D2 … [X's mark] — as the
    generated export does (`exporters._redline.flatten`), and the document's last mark, which
    cannot carry a revision, stays plain. LibreOffice (7.4) leaves an empty paragraph on Accept
    All where it joins a paragraph holding notes to a deleted one: measured on 30 pairs, that
    happens with marks one paragraph up when X holds notes, and with each paragraph's own mark
    when the paragraph after the run holds notes; so X holding notes keeps the own marks. Runs
    that cross a table cell keep their own marks too."""
    k = 0
    while k < len(order):
        if order[k].status == EQ:
            k += 1
            continue
        j = k
        while j < len(order) and order[j].status != EQ:
            j += 1
        at_end = j == len(order)
        if k > 0:
            region = order[k - 1 : j]
            parent = region[0].element.getparent()
            same = all(o.element.getparent() is parent for o in region)
            if at_end or (same and not _has_notes(region[0].element)):
                _shift(region, anchored=True)
        elif at_end:
            _shift(order[k:j], anchored=False)
        k = j
    for out in order:
        if out.status == EQ:
            _ppr_change(out.element, out.reject, revisions)
        elif out.status in (INS, MOVE_TO):
            _mark(out.element, revisions.element("ins"))
        else:
            _mark(out.element, revisions.element("del"))


def _content(p: etree._Element) -> list[etree._Element]:
    return [c for c in p if isinstance(c.tag, str) and c.tag not in _EMPTY_IN_P]


_EMPTY_IN_P = {
    w("pPr"),
    w("bookmarkStart"),
    w("bookmarkEnd"),
    w("proofErr"),
    w("commentRangeStart"),
    w("commentRangeEnd"),
    w("moveFromRangeStart"),
    w("moveFromRangeEnd"),
    w("moveToRangeStart"),
    w("moveToRangeEnd"),
}


def _separate_insertions(order: list[_Out], revisions: _Revisions) -> None:
    """A kept paragraph that ends with an insertion, before one that starts with an insertion:
    LibreOffice (7.4) rejects the two as one, paragraph mark included, and joins the paragraphs.
    The paragraph is made to end with a deletion instead: a deletion just before the insertion
    goes after it; else the last character before it is deleted there and inserted again at the
    start of the insertion (Accept and Reject read the same)."""
    for first, second in itertools.pairwise(order):
        if first.status != EQ:
            continue
        head, tail = _content(first.element), _content(second.element)
        if not head or not tail or head[-1].tag != w("ins") or tail[0].tag != w("ins"):
            continue
        inserted = head[-1]
        before = inserted.getprevious()
        if before is not None and before.tag == w("del"):
            inserted.addnext(before)  # lxml moves it
            continue
        if _borrow(before, inserted, revisions, at_end=True):
            continue
        # the paragraph is all insertion: the next one starts with a deletion instead
        _borrow(tail[0].getnext(), tail[0], revisions, at_end=False)


def _borrow(
    run: etree._Element | None,
    inserted: etree._Element,
    revisions: _Revisions,
    *,
    at_end: bool,
) -> bool:
    """Move the character of `run` next to the insertion into it, and delete it from where it
    stood, on the far side of the insertion: "ab[ins c]" -> "a[ins bc][del b]" (at_end), and
    "[ins c]ab" -> "[del a][ins ca]b". False when `run` has no text to lend."""
    if run is None or run.tag != w("r"):
        return False
    texts = [t for t in run.iter(w("t")) if t.text]
    if not texts:
        return False
    source = texts[-1] if at_end else texts[0]
    text = source.text or ""
    char = text[-1] if at_end else text[0]
    source.text = text[:-1] if at_end else text[1:]
    again = etree.Element(w("r"), dict(run.attrib))
    rpr = run.find(w("rPr"))
    if rpr is not None:
        again.append(copy.deepcopy(rpr))
    t = etree.SubElement(again, w("t"))
    t.text = char
    t.set(ox.XML_SPACE, "preserve")
    gone = copy.deepcopy(again)
    _to_deleted(gone)
    wrapper = revisions.element("del")
    wrapper.append(gone)
    if at_end:
        inserted.insert(0, again)
        inserted.addnext(wrapper)
    else:
        inserted.append(again)
        inserted.addprevious(wrapper)
    return True


def _has_notes(p: etree._Element) -> bool:
    return next(p.iter(w("footnoteReference"), w("endnoteReference")), None) is not None


def _shift(region: list[_Out], *, anchored: bool) -> None:
    """Marks of a run moved one paragraph up (see `_write_marks`); `anchored`: the region starts
    with the kept paragraph X."""
    accepts = [o.accept for o in region if o.status in _ACCEPTED]
    rejects = [o.reject for o in region if o.status in _REJECTED]
    if anchored:
        shifted = [o.status for o in region[1:]] + [EQ]
    else:
        shifted = [DEL] * max(len(rejects) - 1, 0) + [INS] * max(len(accepts) - 1, 0) + [EQ]
        if not rejects:
            rejects = [accepts[-1] if accepts else None]
        if not accepts:
            accepts = [rejects[-1]]
    a = iter(accepts)
    r = iter(rejects)
    for out, new_status in zip(region, shifted, strict=True):
        if new_status == EQ:
            out.accept, out.reject = next(a, None), next(r, None)
        elif new_status in _ACCEPTED:
            out.accept = next(a, None)
        else:
            out.reject = next(r, None)
        # move ranges stay where they are; only the mark moves
        out.status = {MOVE_TO: INS, MOVE_FROM: DEL}.get(new_status, new_status)
        _set_ppr(out.element, out.accept if out.status != DEL else out.reject)


def _zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _write_zip(original: bytes, parts: dict[str, bytes]) -> bytes:
    """The package with its parts in their original order and zip settings; new parts last."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        seen = set()
        for info in source.infolist():
            seen.add(info.filename)
            clone = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            clone.compress_type = info.compress_type
            clone.external_attr = info.external_attr
            target.writestr(clone, parts[info.filename])
        for name, data in parts.items():
            if name in seen:
                continue
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return buffer.getvalue()
