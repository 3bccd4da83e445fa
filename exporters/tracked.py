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
from exporters._xml import XmlWriter

_WRAPPER = {DELETE: "del", INSERT: "ins", MOVE_FROM: "moveFrom", MOVE_TO: "moveTo"}
_MARK = {DELETE: "del", INSERT: "ins", MOVE_FROM: "del", MOVE_TO: "ins"}
"""Paragraph marks of moved paragraphs are plain del/ins: every client replays those alike."""


def _reference_run(x: XmlWriter, style: str, tag: str, **attrs: str) -> None:
    """A run of character style `style` holding one reference mark (`tag`)."""
    x.start("r")
    x.start("rPr")
    x.empty("rStyle", val=style)
    x.end("rPr")
    x.empty(tag, **attrs)
    x.end("r")


class _Writer:
    """Writes document.xml, and the footnotes and comments its paragraphs refer to."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self.next_id = 0
        self.document = ox.wml("document")
        self.footnotes = ox.wml("footnotes")
        ox.footnote_separators(self.footnotes)
        self.footnote_count = 0
        self.comment_ids: dict[int, int] = {}
        self.move_ids: dict[tuple[str, str], str] = {}

    def new_id(self) -> str:
        value = self.next_id
        self.next_id += 1
        return str(value)

    def revision(self, x: XmlWriter, tag: str, *, empty: bool = False, **attrs: str) -> str:
        """The start tag of a revision (or the whole element when `empty`); its id."""
        rid = self.new_id()
        if empty:
            x.empty(tag, id=rid, author=self.author, date=self.date, **attrs)
        else:
            x.start(tag, id=rid, author=self.author, date=self.date)
        return rid

    # --- paragraph content ------------------------------------------------------------------

    def content(self, x: XmlWriter, items: Sequence[Item]) -> None:
        """Runs of one paragraph, consecutive runs of one revision kind sharing one wrapper."""
        wrapper: str | None = None  # the tag of the revision element open around the runs
        wrapper_op = EQUAL

        def target(op: str) -> None:
            nonlocal wrapper, wrapper_op
            if op == wrapper_op:
                return
            if wrapper is not None:
                x.end(wrapper)
                wrapper = None
            wrapper_op = op
            if op != EQUAL:
                wrapper = _WRAPPER[op]
                self.revision(x, wrapper)

        for item in items:
            if isinstance(item, Text):
                target(item.op)
                for piece, rtl in ox.direction_pieces(item.text):
                    ox.run(x, piece, deleted=item.op == DELETE, italic=item.italic, rtl=rtl)
            elif isinstance(item, NoteRef):
                target(item.op)
                fid = self.footnote(item)
                _reference_run(x, "FootnoteReference", "footnoteReference", id=fid)
            elif isinstance(item, CommentMark):
                target(EQUAL)
                if item.comment not in self.comment_ids:
                    self.comment_ids[item.comment] = int(self.new_id())
                cid = str(self.comment_ids[item.comment])
                if item.start:
                    x.empty("commentRangeStart", id=cid)
                else:
                    x.empty("commentRangeEnd", id=cid)
                    _reference_run(x, "CommentReference", "commentReference", id=cid)
            elif isinstance(item, MoveMark):
                target(EQUAL)
                kind = "moveFrom" if item.op == MOVE_FROM else "moveTo"
                if item.start:
                    rid = self.revision(x, f"{kind}RangeStart", empty=True, name=item.name)
                    self.move_ids[(item.name, item.op)] = rid
                else:
                    x.empty(f"{kind}RangeEnd", id=self.move_ids[(item.name, item.op)])
        target(EQUAL)

    def paragraph(self, items: Sequence[Item], mark: Break) -> None:
        x = self.document
        x.start("p")
        x.start("pPr")
        x.empty("pStyle", val=ox.STYLE_IDS.get(mark.style, "ResOther"))
        text = "".join(item.text for item in items if isinstance(item, Text) and not item.number)
        rtl = ox.first_strong_rtl(text)
        if rtl:
            x.empty("bidi")  # a right-to-left paragraph (Arabic, Hebrew...)
        if mark.op != EQUAL:
            # the revision element is the first (here: only) child of the mark's run properties
            x.start("rPr")
            self.revision(x, _MARK[mark.op], empty=True)
            x.end("rPr")
        elif mark.old_style is not None and mark.old_style != mark.style:
            # Reject All restores the style this mark had in the old version
            self.revision(x, "pPrChange")
            x.start("pPr")
            x.empty("pStyle", val=ox.STYLE_IDS.get(mark.old_style, "ResOther"))
            if rtl:
                x.empty("bidi")
            x.end("pPr")
            x.end("pPrChange")
        x.end("pPr")
        self.content(x, items)
        x.end("p")

    # --- footnotes --------------------------------------------------------------------------

    def footnote(self, ref: NoteRef) -> str:
        self.footnote_count += 1
        fid = str(self.footnote_count)
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
        x = self.footnotes
        x.start("footnote", id=fid)
        x.start("p")
        x.start("pPr")
        x.empty("pStyle", val="FootnoteText")
        x.end("pPr")
        _reference_run(x, "FootnoteReference", "footnoteRef")
        ox.run(x, " ")
        self.content(x, [item for item in items if not isinstance(item, Text) or item.text])
        x.end("p")
        x.end("footnote")
        return fid

    def comments_part(self, comments: Sequence[Comment]) -> bytes | None:
        if not self.comment_ids:
            return None
        x = ox.wml("comments")
        for index, cid in sorted(self.comment_ids.items(), key=lambda x: x[1]):
            comment = comments[index]
            author = sanitize(comment.author) or self.author
            initials = "".join(part[0] for part in author.split() if part)[:8] or "R"
            x.start(
                "comment",
                id=str(cid),
                author=author,
                date=comment_date(comment.date, self.date),
                initials=initials,
            )
            lines = sanitize(comment.text).split("\n") or [""]
            for k, line in enumerate(lines):
                x.start("p")
                x.start("pPr")
                x.empty("pStyle", val="CommentText")
                x.end("pPr")
                if k == 0:
                    _reference_run(x, "CommentReference", "annotationRef")
                if line:
                    ox.run(x, line)
                x.end("p")
            x.end("comment")
        x.end("comments")
        return x.to_bytes()


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
    x = writer.document
    x.start("body")
    current: list[Item] = []
    units = build_units(comparison, moves=moves)
    comments = [*comments, *_moved_remarks(units, author, date)]
    # a body needs at least one paragraph, even when both versions are empty
    items = flatten(attach_comments(units, comments)) or [Break(EQUAL, "other")]
    for item in items:
        if isinstance(item, Break):
            writer.paragraph(current, item)
            current = []
        else:
            current.append(item)
    ox.section(x, ox.A4_PORTRAIT)
    x.end("body")
    x.end("document")
    writer.footnotes.end("footnotes")
    title = next((p.text for p in comparison.new.paragraphs if p.id == "title"), "")
    return ox.package(
        x.to_bytes(),
        title=sanitize(title),
        author=author,
        date=date,
        footnotes=writer.footnotes.to_bytes() if writer.footnote_count else None,
        comments=writer.comments_part(comments),
        track_changes=track_changes,
    )
