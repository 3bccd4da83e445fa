"""Exporters layer: paragraph marks of the in-place export.

Each output paragraph has a mark that is kept, inserted or deleted, and the paragraph properties
it carries in each version; this module writes them so that Accept All and Reject All give every
paragraph its own properties (w:pPrChange where a kept mark's differ), and works around what
LibreOffice 7.4 replays differently from Word (see `write_marks`, `separate_insertions`).
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass

from lxml import etree

from exporters import _ooxml as ox
from exporters._ooxml import w
from exporters._runs import Revisions, ensure_ppr, mark_paragraph, to_deleted

_NOT_IN_PPR_CHANGE = {w("rPr"), w("sectPr"), w("pPrChange")}

EQ, INS, DEL, MOVE_TO, MOVE_FROM = "eq", "ins", "del", "moveTo", "moveFrom"

ACCEPTED = (EQ, INS, MOVE_TO)

REJECTED = (EQ, DEL, MOVE_FROM)


@dataclass
class Out:
    """One paragraph of the output, what its mark is, and its properties in each version."""

    element: etree._Element
    status: str
    accept: etree._Element | None = None
    reject: etree._Element | None = None


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


def _ppr_change(p: etree._Element, old: etree._Element | None, revisions: Revisions) -> None:
    """w:pPrChange with the old properties when they differ from the paragraph's own."""
    ppr = p.find(w("pPr"))
    if _ppr_key(ppr) == _ppr_key(old):
        return
    ppr = ensure_ppr(p)
    for existing in ppr.findall(w("pPrChange")):
        ppr.remove(existing)
    change = revisions.element("pPrChange")
    base = _ppr_base(old) if old is not None else etree.Element(w("pPr"))
    base.attrib.clear()
    change.append(base)
    ppr.append(change)


def write_marks(order: list[Out], revisions: Revisions) -> None:
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
            mark_paragraph(out.element, revisions.element("ins"))
        else:
            mark_paragraph(out.element, revisions.element("del"))


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


def separate_insertions(order: list[Out], revisions: Revisions) -> None:
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
        last = head[-1]
        start = last
        while (previous := start.getprevious()) is not None and previous.tag == w("ins"):
            start = previous  # a group of insertions (text, a note reference, text)
        before = start.getprevious()
        if before is not None and before.tag == w("del"):
            last.addnext(before)  # lxml moves it
            continue
        if _borrow(before, start, last, revisions, at_end=True):
            continue
        # the paragraph is all insertion: the next one starts with a deletion instead
        end = tail[0]
        while (following := end.getnext()) is not None and following.tag == w("ins"):
            end = following
        _borrow(end.getnext(), end, tail[0], revisions, at_end=False)


def _borrow(
    run: etree._Element | None,
    into: etree._Element,
    far: etree._Element,
    revisions: Revisions,
    *,
    at_end: bool,
) -> bool:
    """Move the character of `run` next to a group of insertions into it (`into`: the one
    beside `run`), and delete it on the far side of the group (`far`): "ab[ins c]" ->
    "a[ins bc][del b]" (at_end), "[ins c]ab" -> "[del a][ins ca]b". False when `run` has no
    text to lend."""
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
    to_deleted(gone)
    wrapper = revisions.element("del")
    wrapper.append(gone)
    if at_end:
        into.insert(0, again)
        far.addnext(wrapper)
    else:
        into.append(again)
        far.addprevious(wrapper)
    return True


def _has_notes(p: etree._Element) -> bool:
    return next(p.iter(w("footnoteReference"), w("endnoteReference")), None) is not None


def _shift(region: list[Out], *, anchored: bool) -> None:
    """Marks of a run moved one paragraph up (see `write_marks`); `anchored`: the region starts
    with the kept paragraph X."""
    accepts = [o.accept for o in region if o.status in ACCEPTED]
    rejects = [o.reject for o in region if o.status in REJECTED]
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
        elif new_status in ACCEPTED:
            out.accept = next(a, None)
        else:
            out.reject = next(r, None)
        # move ranges stay where they are; only the mark moves
        out.status = {MOVE_TO: INS, MOVE_FROM: DEL}.get(new_status, new_status)
        _set_ppr(out.element, out.accept if out.status != DEL else out.reject)
