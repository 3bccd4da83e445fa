"""Exporters layer: a Word document that reads as the new version, with native tracked changes.

Accept All gives exactly the new text and Reject All exactly the old one (paragraph by
paragraph, numbers and footnotes included; see `exporters._redline` for what "text" means):
word-level w:ins/w:del inside aligned paragraphs, paragraph marks inserted or deleted wherever
the paragraph boundaries differ (whole paragraphs, splits, merges), unchanged moved paragraphs as
w:moveFrom/w:moveTo ranges, OP numbers as text so renumbering is a tracked change, real footnotes
whose text changes are tracked inside the footnote, and Word comments for annotations.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from diffing.model import DELETE, EQUAL, INSERT, Comment, Comparison, Relation
from exporters import ExportError, format_date
from exporters import _ooxml as ox
from exporters._moves import moved_remark
from exporters._redline import (
    MOVE_FROM,
    MOVE_TO,
    Break,
    CommentMark,
    Item,
    MoveMark,
    NoteRef,
    Text,
    Unit,
    attach_comments,
    build_units,
    flatten,
    sanitize,
    word_diff,
)

_WRAPPER = {DELETE: "del", INSERT: "ins", MOVE_FROM: "moveFrom", MOVE_TO: "moveTo"}
_MARK = {DELETE: "del", INSERT: "ins", MOVE_FROM: "del", MOVE_TO: "ins"}
"""Paragraph marks of moved paragraphs are plain del/ins: every client replays those alike."""


class _Writer:
    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self.next_id = 0
        self.footnotes = ox.el(None, "footnotes")
        ox.footnote_separators(self.footnotes)
        self.footnote_count = 0
        self.comment_ids: dict[int, int] = {}
        self.move_ids: dict[tuple[str, str], int] = {}

    def new_id(self) -> str:
        value = self.next_id
        self.next_id += 1
        return str(value)

    def revision(self, parent: etree._Element | None, tag: str) -> etree._Element:
        return ox.el(parent, tag, id=self.new_id(), author=self.author, date=self.date)

    # --- paragraph content ------------------------------------------------------------------

    def content(self, paragraph: etree._Element, items: Sequence[Item]) -> None:
        """Runs of one paragraph, consecutive runs of one revision kind sharing one wrapper."""
        wrapper: etree._Element | None = None
        wrapper_op = EQUAL

        def target(op: str) -> etree._Element:
            nonlocal wrapper, wrapper_op
            if op == EQUAL:
                wrapper, wrapper_op = None, EQUAL
                return paragraph
            if wrapper is None or wrapper_op != op:
                wrapper = self.revision(paragraph, _WRAPPER[op])
                wrapper_op = op
            return wrapper

        for item in items:
            if isinstance(item, Text):
                parent = target(item.op)
                for piece, rtl in ox.direction_pieces(item.text):
                    parent.append(
                        ox.run(piece, deleted=item.op == DELETE, italic=item.italic, rtl=rtl)
                    )
            elif isinstance(item, NoteRef):
                parent = target(item.op)
                r = ox.el(parent, "r")
                ox.el(ox.el(r, "rPr"), "rStyle", val="FootnoteReference")
                ox.el(r, "footnoteReference", id=self.footnote(item))
            elif isinstance(item, CommentMark):
                target(EQUAL)
                if item.index not in self.comment_ids:
                    self.comment_ids[item.index] = int(self.new_id())
                cid = self.comment_ids[item.index]
                if item.start:
                    ox.el(paragraph, "commentRangeStart", id=str(cid))
                else:
                    ox.el(paragraph, "commentRangeEnd", id=str(cid))
                    r = ox.el(paragraph, "r")
                    ox.el(ox.el(r, "rPr"), "rStyle", val="CommentReference")
                    ox.el(r, "commentReference", id=str(cid))
            elif isinstance(item, MoveMark):
                target(EQUAL)
                kind = "moveFrom" if item.op == MOVE_FROM else "moveTo"
                if item.start:
                    mark = self.revision(paragraph, f"{kind}RangeStart")
                    mark.set(ox.w("name"), item.name)
                    self.move_ids[(item.name, item.op)] = int(mark.get(ox.w("id")) or 0)
                else:
                    ox.el(
                        paragraph,
                        f"{kind}RangeEnd",
                        id=str(self.move_ids[(item.name, item.op)]),
                    )

    def paragraph(self, body: etree._Element, items: Sequence[Item], mark: Break) -> None:
        p = ox.el(body, "p")
        ppr = ox.el(p, "pPr")
        ox.el(ppr, "pStyle", val=ox.STYLE_IDS.get(mark.style, "ResOther"))
        text = "".join(item.text for item in items if isinstance(item, Text) and not item.number)
        if ox.first_strong_rtl(text):
            ox.el(ppr, "bidi")  # a right-to-left paragraph (Arabic, Hebrew...)
        if mark.op != EQUAL:
            # the revision element is the first (here: only) child of the mark's run properties
            self.revision(ox.el(ppr, "rPr"), _MARK[mark.op])
        elif mark.old_style is not None and mark.old_style != mark.style:
            # Reject All restores the style this mark had in the old version
            change = self.revision(ppr, "pPrChange")
            old_ppr = ox.el(change, "pPr")
            ox.el(old_ppr, "pStyle", val=ox.STYLE_IDS.get(mark.old_style, "ResOther"))
            if ox.first_strong_rtl(text):
                ox.el(old_ppr, "bidi")
        self.content(p, items)

    # --- footnotes --------------------------------------------------------------------------

    def footnote(self, ref: NoteRef) -> str:
        self.footnote_count += 1
        fid = str(self.footnote_count)
        note = ox.el(self.footnotes, "footnote", id=fid)
        p = ox.el(note, "p")
        ox.el(ox.el(p, "pPr"), "pStyle", val="FootnoteText")
        r = ox.el(p, "r")
        ox.el(ox.el(r, "rPr"), "rStyle", val="FootnoteReference")
        ox.el(r, "footnoteRef")
        p.append(ox.run(" "))
        old, new = sanitize(ref.old or ""), sanitize(ref.new or "")
        items: list[Item]
        if ref.op == EQUAL:
            items = [Text(op, text) for op, text in word_diff(old, new)]
        elif ref.op == DELETE:
            # a deleted reference keeps its definition, so Reject restores the footnote
            items = [Text(DELETE, old)]
        elif ref.op == INSERT:
            items = [Text(INSERT, new)]
        else:
            items = [Text(EQUAL, old if ref.op == MOVE_FROM else new)]
        self.content(p, [item for item in items if not isinstance(item, Text) or item.text])
        return fid

    def comments_part(self, comments: Sequence[Comment]) -> etree._Element | None:
        if not self.comment_ids:
            return None
        root = ox.el(None, "comments")
        for index, cid in sorted(self.comment_ids.items(), key=lambda x: x[1]):
            comment = comments[index]
            author = sanitize(comment.author) or self.author
            initials = "".join(part[0] for part in author.split() if part)[:8] or "R"
            c = ox.el(
                root,
                "comment",
                id=str(cid),
                author=author,
                date=comment_date(comment.date, self.date),
                initials=initials,
            )
            lines = sanitize(comment.text).split("\n") or [""]
            for k, line in enumerate(lines):
                p = ox.el(c, "p")
                ox.el(ox.el(p, "pPr"), "pStyle", val="CommentText")
                if k == 0:
                    r = ox.el(p, "r")
                    ox.el(ox.el(r, "rPr"), "rStyle", val="CommentReference")
                    ox.el(r, "annotationRef")
                if line:
                    p.append(ox.run(line))
        return root


def _moved_remarks(units: Sequence[Unit], author: str, date: str) -> list[Comment]:
    """A remark on every paragraph moved and edited (shown as deletion + insertion): where it
    came from and its word changes (`exporters._moves`)."""
    out = []
    for unit in units:
        if unit.role != "to" or not unit.new or any(isinstance(i, MoveMark) for i in unit.items):
            continue
        entry = unit.entry
        if entry is None or entry.relation is not Relation.MOVED:
            continue
        olds = [p for p in (u.old for u in units if u.entry is entry and u.role == "from")]
        old_paragraphs = olds[0] if olds else ()
        if not old_paragraphs:
            continue
        label = ", ".join(p.label for p in old_paragraphs)
        old_text = " ".join(p.text for p in old_paragraphs)
        new_text = " ".join(p.text for p in unit.new)
        remark = moved_remark(label, old_text, new_text)
        out.append(Comment(unit.new[0].id, "new", author, remark, date))
    return out


def comment_date(given: str | None, default: str) -> str:
    """The comment's own date as UTC "YYYY-MM-DDTHH:MM:SSZ" when it is one, else the export's."""
    if given is None:
        return default
    try:
        return format_date(given)
    except ExportError:
        return default


def build_tracked_docx(
    comparison: Comparison,
    *,
    author: str,
    date: str,
    comments: Sequence[Comment] = (),
    moves: bool = True,
    track_changes: bool = False,
) -> bytes:
    """The tracked-change .docx as bytes; `date` is UTC "YYYY-MM-DDTHH:MM:SSZ".

    `moves=False` writes moved paragraphs as plain deletion + insertion; `track_changes` opens
    the document with Track Changes on (off by default: the recipient reads, then decides).
    """
    author = sanitize(author).strip() or "Redline"
    writer = _Writer(author, date)
    document = ox.el(None, "document")
    body = ox.el(document, "body")
    current: list[Item] = []
    units = build_units(comparison, moves=moves)
    comments = [*comments, *_moved_remarks(units, author, date)]
    # a body needs at least one paragraph, even when both versions are empty
    items = flatten(attach_comments(units, comments)) or [Break(EQUAL, "other")]
    for item in items:
        if isinstance(item, Break):
            writer.paragraph(body, current, item)
            current = []
        else:
            current.append(item)
    ox.section(body, ox.A4_PORTRAIT)
    title = next((p.text for p in comparison.new.paragraphs if p.id == "title"), "")
    return ox.package(
        document,
        title=sanitize(title),
        author=author,
        date=date,
        footnotes=writer.footnotes if writer.footnote_count else None,
        comments=writer.comments_part(comments),
        track_changes=track_changes,
    )
