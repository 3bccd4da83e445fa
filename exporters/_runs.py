"""Exporters layer: revisions inside paragraphs, for the in-place export.

`RunWriter` splits the new document's runs where the word diff says and wraps inserted pieces in
w:ins; deleted text is a copy of the old document's runs (their own w:rPr) with w:delText in a
w:del; whole paragraphs get their runs wrapped; notes standing in both versions have their text
changes tracked inside them, and a deleted reference brings its old note along. Character
origins come from `exporters._provenance`.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lxml import etree

from diffing.model import DELETE, EQUAL, INSERT
from diffing.worddiff import diff_words
from exporters import _ooxml as ox
from exporters._ooxml import w
from exporters._provenance import Atoms, Para, Slot, custom_mark, read_paragraph

if TYPE_CHECKING:
    from exporters._package import Package

MATH_TAGS = {
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara",
}

WRAPPERS = {w("ins"), w("del"), w("moveTo"), w("moveFrom")}

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
    # formatting changes already tracked in the old document: their ids are the old package's
    w("rPrChange"),
    w("pPrChange"),
}

_ZERO_WIDTH = {w("lastRenderedPageBreak"), w("footnoteRef"), w("endnoteRef")}


class Revisions:
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


def max_id(roots: Sequence[etree._Element]) -> int:
    top = 0
    for root in roots:
        for element in root.iter():
            value = element.get(w("id")) if isinstance(element.tag, str) else None
            if value is not None and value.lstrip("-").isdigit():
                top = max(top, int(value))
    return top


def to_deleted(element: etree._Element) -> None:
    """w:t -> w:delText and w:instrText -> w:delInstrText inside a copied run."""
    for node in element.iter(w("t"), w("instrText")):
        node.tag = w("delText") if node.tag == w("t") else w("delInstrText")


def ensure_ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    return ppr


def mark_paragraph(p: etree._Element, revision: etree._Element) -> None:
    """Put a paragraph-mark revision first in the mark's run properties."""
    ppr = ensure_ppr(p)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        anchor = next((c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))), None)
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    for child in list(rpr):
        if child.tag in WRAPPERS:
            rpr.remove(child)
    rpr.insert(0, revision)


class RunWriter:
    def __init__(
        self,
        new: Package,
        old: Package | None,
        revisions: Revisions,
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
        clean_copy(clone)
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
            clean_copy(p)
            self.wrap_runs(p, "del")
            news_last = new_note.findall(w("p"))
            if news_last:
                news_last[-1].addnext(p)
                mark_paragraph(news_last[-1], self.revisions.element("del"))
        for extra in news[len(olds) :]:
            self.wrap_runs(extra.element, "ins")
            previous = extra.element.getprevious()
            if previous is not None and previous.tag == w("p"):
                mark_paragraph(previous, self.revisions.element("ins"))

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
                to_deleted(clone)
                wrapper.append(clone)
                k += 1
                continue
            run = etree.SubElement(wrapper, w("r"))
            for attr, value in slot.run.attrib.items():
                run.set(attr, value)
            rpr = slot.run.find(w("rPr"))
            if rpr is not None:
                clone = copy.deepcopy(rpr)
                for change in clone.findall(w("rPrChange")):
                    clone.remove(change)
                run.append(clone)
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
                        to_deleted(clone)
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
        wrapper_parent = parent.tag in WRAPPERS
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
                if tag == w("r") or tag in MATH_TAGS:
                    group.append(child)
                    continue
                flush()
                if tag in WRAPPERS:
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
            to_deleted(p)

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
        clean_copy(p)
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


def clean_copy(element: etree._Element) -> None:
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
