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

Modules: `exporters._package` (the package read and written back), `exporters._runs`
(revisions inside paragraphs), `exporters._marks` (paragraph marks), `exporters._provenance`
(where each character comes from).

Which paragraphs correspond comes from the `Comparison` (the engine's alignment, manual links
included): each model paragraph is found in the package by its text (`_locate`); paragraphs the
model leaves out (empty ones, masthead lines) are paired by equal text between those anchors.
Provenance of every character is read by `exporters._provenance`.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from diffing.model import EQUAL, AlignedEntry, Comment, Comparison, Document
from diffing.module_logger import get_logger
from exporters import _ooxml as ox
from exporters._marks import (
    DEL,
    EQ,
    INS,
    MOVE_FROM,
    MOVE_TO,
    Out,
    separate_insertions,
    write_marks,
)
from exporters._moves import moved_remark
from exporters._ooxml import w
from exporters._package import (
    COMMENTS_CT,
    COMMENTS_TYPE,
    Comments,
    NotInPlace,
    Package,
    add_part,
    el,
    notes_in_reference_order,
    set_track_revisions,
    text_run,
    write_zip,
    xml_bytes,
    zip_parts,
)
from exporters._provenance import Atoms, Para, paragraph_elements, read_paragraphs
from exporters._redline import sanitize
from exporters._runs import Revisions, RunWriter, max_id
from exporters.tracked import comment_date

__all__ = ["NotInPlace", "build_inplace_docx", "set_track_revisions"]

logger = get_logger(__name__)

_MIN_LOCATED = 0.5
"""In-place export needs at least this share of the model's paragraphs found in the package."""


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


def _synthetic_old(document: Document) -> etree._Element:
    """A body for an old version that is not a Word file: one plain paragraph per model paragraph
    (its printed number first), so deleted text has somewhere to come from."""
    from exporters._redline import number_prefix

    body = el(None, "body")
    for paragraph in document.paragraphs:
        p = el(body, "p")
        prefix = number_prefix(paragraph)
        text = sanitize(paragraph.text)
        p.append(text_run(f"{prefix}\t{text}" if prefix else text))
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
    new = Package.open(new_data, comparison.new.source)
    old = Package.open(old_data, comparison.old.source) if old_data is not None else None
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
    revisions = Revisions(author, date, max_id(roots) + 1)
    writer = RunWriter(new, old, revisions, atoms)
    remarks = Comments(new, revisions)

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

    status: dict[etree._Element, Out] = {}
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
            out = Out(para.element, EQ, ppr, old_para.element.find(w("pPr")))
        elif n in same_moves:
            out = Out(para.element, MOVE_TO, ppr)
        else:
            out = Out(para.element, INS, ppr)
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
        status[copied] = Out(copied, kind, None, ppr)
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
    write_marks(order, revisions)
    separate_insertions(order, revisions)
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
        notes_in_reference_order(new, kind)
    parts = zip_parts(new_data)
    main = new.word.main
    for name, root in new.parts.items():
        if root is remarks.root and remarks.created:
            continue
        if new.originals.get(name) == etree.tostring(root, method="c14n"):
            continue
        part_name = next(n for n in parts if n.casefold() == name.casefold())
        parts[part_name] = xml_bytes(root)
    if remarks.count and remarks.created:
        add_part(parts, main, xml_bytes(remarks.root), remarks.name, COMMENTS_TYPE, COMMENTS_CT)
    settings = new.part("/settings")
    if settings is not None:
        set_track_revisions(settings[1], track_changes)
        part_name = next(n for n in parts if n.casefold() == settings[0].casefold())
        parts[part_name] = xml_bytes(settings[1])
    logger.debug("in-place export of %s: %d paragraphs", main, len(order))
    return write_zip(new_data, parts)


def _paragraphs(body: etree._Element) -> list[etree._Element]:
    return list(paragraph_elements(body))


def _range(p: etree._Element, kind: str, name: str, revisions: Revisions) -> None:
    start = revisions.element(f"{kind}RangeStart")
    start.set(w("name"), name)
    ppr = p.find(w("pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    etree.SubElement(p, w(f"{kind}RangeEnd"), {w("id"): start.get(w("id")) or ""})
