"""Exporters layer: a comparison as a flat stream of redline items, shared by every exporter.

Every exporter needs the same thing: for each paragraph of the output, runs of text marked
equal / deleted / inserted / moved, footnote references, and the paragraph marks that end
paragraphs (themselves equal, deleted or inserted where the paragraph boundaries differ between
the versions: a split inserts a mark, a merge deletes one).

Exactness comes from the Documents, not from the diff: each side's text is rebuilt from
`Paragraph.text`, its number and its footnotes; the entry's diff only decides where ins/del go,
and is used only when its parts really join to those texts (otherwise the words are diffed here).

Visible text of a paragraph, as the exports write it (and as Accept/Reject must give it back):
    number prefix ("5." for OPs, "(a)" for sub-paragraphs) + TAB + text, when a number exists;
    footnote references at their offsets; characters XML 1.0 forbids and CR removed (`sanitize`).
Masthead lines (symbol, sponsors line) come first as plain paragraphs when the metadata has them.
"""

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from diffing.compare import without_rule_lines
from diffing.lazy_pattern import LazyPattern
from diffing.model import (
    DELETE,
    EQUAL,
    INSERT,
    PARAGRAPH_SEPARATOR,
    AlignedEntry,
    Comment,
    Comparison,
    DiffOp,
    DiffOptions,
    Document,
    FootnoteChange,
    Kind,
    Paragraph,
    Relation,
)
from diffing.report import RELATION_NAMES, describe, entry_remarks, relation_text
from diffing.worddiff import diff_words, is_ignored
from exporters._ooxml import first_strong_rtl

MOVE_FROM = "mf"
MOVE_TO = "mt"
OLD_OPS = (DELETE, MOVE_FROM)
NEW_OPS = (INSERT, MOVE_TO)

# CR is dropped too: readers normalise line ends, and a raw CR would be a newline inside w:t.
# Written as the characters forbidden rather than "not the ones allowed": the same set, but a
# negated class over the whole of Unicode costs Python's regex compiler 5-20 ms at every start.
# Two classes of at most two runs each, not one of four: sre compiles a class of more than two
# runs that reaches beyond U+00FF into a map of all 65,536 characters (0.4 ms at every start).
_INVALID_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_INVALID_ABOVE = LazyPattern("[\ud800-\udfff\ufffe\uffff]")
"""Surrogates (a lone one cannot be encoded) and the non-characters U+FFFE, U+FFFF; compiled
only for a text that reaches U+D800 (compiling it walks the 2,048 surrogates: ~2 million
instructions, paid by every export otherwise)."""


def sanitize(text: str) -> str:
    """The text without characters XML 1.0 forbids (and without CR)."""
    if text.isprintable():
        # every forbidden character is unprintable (a control, a surrogate, a non-character):
        # most texts are left as they are without a search
        return text
    text = _INVALID_CONTROL.sub("", text)
    if text and max(text) >= "\ud800":
        text = _INVALID_ABOVE.sub("", text)
    return text


# --- items -------------------------------------------------------------------------------------


class Text(NamedTuple):
    op: str
    text: str
    italic: bool = False
    number: bool = False
    """Part of a paragraph number prefix ("5.", "(a)") or the tab after it."""


class NoteRef(NamedTuple):
    """A footnote reference; `old`/`new` are the footnote texts on each side (None: absent)."""

    op: str
    old: str | None
    new: str | None


class Break(NamedTuple):
    """A paragraph mark ending the current output paragraph; `style` is the paragraph's kind."""

    op: str
    style: str
    old_style: str | None = None
    """The kind of the paragraph this mark ends after Reject All, when the mark is in both
    versions and that differs from `style` (written as w:pPrChange)."""


class CommentMark(NamedTuple):
    comment: int
    """Which comment of the unit: its index in the comments given to the export."""
    start: bool


class MoveMark(NamedTuple):
    name: str
    op: str
    start: bool


Item = Text | NoteRef | Break | CommentMark | MoveMark


class Unit(NamedTuple):
    """One block of the output: an entry, or one side of a moved entry."""

    relation: str
    """A `Relation` value, or "masthead"."""
    old: tuple[Paragraph, ...]
    new: tuple[Paragraph, ...]
    items: tuple[Item, ...]
    entry: AlignedEntry | None = None
    role: str = ""
    """"from"/"to" for the two halves of an entry shown at both places, else ""."""


# --- word diff ---------------------------------------------------------------------------------


def word_diff(old: str, new: str) -> list[DiffOp]:
    """Word-level diff whose EQUAL+DELETE parts join to `old` and EQUAL+INSERT to `new`: the
    engine's own (`diffing.worddiff`), so footnotes and re-diffed entries read like the rest."""
    return list(diff_words(old, new))


def _consistent(ops: Sequence[DiffOp], old: str, new: str) -> bool:
    """Whether `ops` are EQUAL/DELETE/INSERT parts that join to `old` and to `new`."""
    olds: list[str] = []
    news: list[str] = []
    for op, text in ops:  # one pass over the parts (an export checks every entry's diff)
        if op == EQUAL:
            olds.append(text)
            news.append(text)
        elif op == DELETE:
            olds.append(text)
        elif op == INSERT:
            news.append(text)
        else:
            return False
    return "".join(olds) == old and "".join(news) == new


# --- paragraphs --------------------------------------------------------------------------------


def number_prefix(paragraph: Paragraph) -> str | None:
    """The printed number as the exports write it: "5.", "5 bis.", "(a)", "(ii)"; in a
    right-to-left (Arabic) paragraph "5 -", as the Arabic texts print it."""
    if paragraph.number is None or not paragraph.number.strip():
        return None
    number = sanitize(paragraph.number.strip())
    if paragraph.kind is Kind.SUBPARAGRAPH:
        return f"({number})"
    if first_strong_rtl(paragraph.text):
        return f"{number} -"
    return f"{number}."


def _note_texts(document: Document) -> dict[str, str]:
    return {footnote.id: footnote.text for footnote in document.footnotes}


def _notes(texts: dict[str, str], paragraph: Paragraph) -> dict[int, list[str]]:
    """Footnote texts by offset (`texts`: the document's, by id); references to unknown
    footnotes are dropped."""
    out: dict[int, list[str]] = {}
    for ref in paragraph.footnotes:
        if ref.footnote_id in texts:
            offset = min(max(ref.offset, 0), len(paragraph.text))
            out.setdefault(offset, []).append(texts[ref.footnote_id])
    return out


class _Side:
    """The paragraphs of one side of an entry, joined as the diff sees them."""

    # a plain class: made for every block of an export, and created at import in microseconds
    __slots__ = (
        "changes",
        "document",
        "italic",
        "joined",
        "notes",
        "paragraphs",
        "separators",
        "starts",
    )

    def __init__(self, paragraphs: tuple[Paragraph, ...], document: Document) -> None:
        self.paragraphs = paragraphs
        self.document = document
        self.joined = joined = PARAGRAPH_SEPARATOR.join(p.text for p in paragraphs)
        starts: list[int] = []
        notes: dict[int, list[str]] = {}
        spans: list[tuple[int, int]] = []
        self.starts, self.notes = starts, notes
        texts: dict[str, str] | None = None
        position = 0
        for paragraph in paragraphs:
            starts.append(position)
            length = len(paragraph.text)
            if paragraph.footnotes:
                if texts is None:
                    texts = _note_texts(document)
                for offset, found in _notes(texts, paragraph).items():
                    notes[position + offset] = found
            for span in paragraph.italic:
                start, end = position + max(0, span.start), position + min(length, span.end)
                if end > start:
                    spans.append((start, end))
            position += length + len(PARAGRAPH_SEPARATOR)
        self.separators = {s - 1 for s in starts[1:]}
        # italic[k]: whether character k is italic (empty without italics: read as False);
        # changes: where italic starts or stops inside the text, in order
        self.italic = italic = [False] * len(joined) if spans else []
        self.changes: list[int] = []
        changes = self.changes
        end_of_run = -1
        for start, end in sorted(spans):
            italic[start:end] = [True] * (end - start)
            if start > end_of_run:  # not touching the run before: a new run of italics
                if end_of_run > 0 and end_of_run < len(joined):
                    changes.append(end_of_run)
                if start > 0:
                    changes.append(start)
            end_of_run = max(end_of_run, end)
        if 0 < end_of_run < len(joined):
            changes.append(end_of_run)


def _style(paragraph: Paragraph | None) -> str:
    return str(paragraph.kind) if paragraph is not None else str(Kind.OTHER)


class _Builder:
    """Accumulates items, merging adjacent text of the same kind."""

    def __init__(self) -> None:
        self.items: list[Item] = []

    def text(self, op: str, text: str, italic: bool = False, number: bool = False) -> None:
        text = sanitize(text)
        if not text:
            return
        last = self.items[-1] if self.items else None
        if (
            isinstance(last, Text)
            and last.op == op
            and last.italic == italic
            and last.number == number
        ):
            self.items[-1] = Text(op, last.text + text, italic, number)
        else:
            self.items.append(Text(op, text, italic, number))

    def add(self, item: Item) -> None:
        self.items.append(item)


def _prefix(builder: _Builder, old: Paragraph | None, new: Paragraph | None, old_op: str) -> None:
    """Number prefixes at the start of an output paragraph: renumbering shows as del + ins."""
    old_prefix = number_prefix(old) if old is not None else None
    new_prefix = number_prefix(new) if new is not None else None
    if old_prefix is not None and old_prefix == new_prefix:
        builder.text(EQUAL, old_prefix + "\t", number=True)
        return
    # Moved text keeps its number outside the move range: numbers are not part of the move.
    old_op = DELETE if old_op == MOVE_FROM else old_op
    if old_prefix is not None:
        builder.text(old_op, old_prefix + ("\t" if new_prefix is None else ""), number=True)
    if new_prefix is not None:
        new_op = INSERT
        builder.text(new_op, new_prefix + ("\t" if old_prefix is None else ""), number=True)
    if old_prefix is not None and new_prefix is not None:
        builder.text(EQUAL, "\t", number=True)


def side_items(
    old_paragraphs: tuple[Paragraph, ...],
    new_paragraphs: tuple[Paragraph, ...],
    old_document: Document,
    new_document: Document,
    diff: Sequence[DiffOp] = (),
    *,
    move: tuple[str, str] | None = None,
) -> list[Item]:
    """Items of one block: its output paragraphs, each ended by a `Break`.

    `move` = (name, MOVE_FROM | MOVE_TO) writes the block's text as a move range (one side only).
    """
    old = _Side(old_paragraphs, old_document)
    new = _Side(new_paragraphs, new_document)
    ops: Sequence[DiffOp]
    if old_paragraphs and new_paragraphs:
        ops = diff if diff and _consistent(diff, old.joined, new.joined) else ()
        if not ops:
            ops = word_diff(old.joined, new.joined)
    elif old_paragraphs:
        ops = [(DELETE, old.joined)] if old.joined else []
    else:
        ops = [(INSERT, new.joined)] if new.joined else []
    old_op, new_op = DELETE, INSERT
    if move is not None:
        old_op = MOVE_FROM if move[1] == MOVE_FROM else DELETE
        new_op = MOVE_TO if move[1] == MOVE_TO else INSERT

    b = _Builder()
    o = n = 0  # positions in old.joined / new.joined
    oi = ni = 0  # index of the current old / new paragraph
    old_notes = dict(old.notes)
    new_notes = dict(new.notes)

    def start_paragraph(old_starts: bool, new_starts: bool) -> None:
        _prefix(
            b,
            old.paragraphs[oi] if old_starts and old.paragraphs else None,
            new.paragraphs[ni] if new_starts and new.paragraphs else None,
            old_op,
        )

    def flush_notes(next_op: str | None) -> None:
        # A reference is written just before the character at its offset is consumed; an old and
        # a new reference due at the same point are one footnote whose text changes are tracked.
        old_due = o in old_notes and next_op in (None, EQUAL, DELETE)
        new_due = n in new_notes and next_op in (None, EQUAL, INSERT)
        if old_due or new_due:
            old_due = old_due or o in old_notes
            new_due = new_due or n in new_notes
        olds = old_notes.pop(o) if old_due else []
        news = new_notes.pop(n) if new_due else []
        for k in range(max(len(olds), len(news))):
            if k < len(olds) and k < len(news):
                b.add(NoteRef(EQUAL, olds[k], news[k]))
            elif k < len(olds):
                b.add(NoteRef(old_op, olds[k], None))
            else:
                b.add(NoteRef(new_op, None, news[k]))

    def end_paragraph(op: str, style: str, old_style: str | None = None) -> None:
        if move is not None:
            b.add(MoveMark(move[0], move[1], start=False))
        b.add(Break(op, style, old_style if old_style != style else None))

    start_paragraph(bool(old.paragraphs), bool(new.paragraphs))
    if move is not None:
        b.add(MoveMark(move[0], move[1], start=True))

    # one paragraph a side, no italics: only a footnote reference can interrupt the text
    plain = not (old.separators or new.separators or old.changes or new.changes)

    def special(op: str, length: int) -> list[int]:
        # Offsets in the chunk where something else than plain text happens: a paragraph
        # boundary, a footnote reference, a change of italics. Text between them is copied in one
        # slice, which keeps long paragraphs fast.
        if plain and not old_notes and not new_notes:
            return []
        found: set[int] = set()
        sides = []
        if op in (EQUAL, DELETE):
            sides.append((old, o, old_notes))
        if op in (EQUAL, INSERT):
            sides.append((new, n, new_notes))
        for side, at, notes in sides:
            for position in side.separators:
                if at <= position < at + length:
                    found.add(position - at)
            for position in notes:
                if at <= position < at + length:
                    found.add(position - at)
        italic_side, at = (old, o) if op == DELETE else (new, n)
        k = bisect.bisect_left(italic_side.changes, at + 1)
        while k < len(italic_side.changes) and italic_side.changes[k] < at + length:
            found.add(italic_side.changes[k] - at)
            k += 1
        return sorted(found)

    for op, chunk in ops:
        cuts = special(op, len(chunk))
        cuts.append(len(chunk))
        r = 0
        for cut in cuts:
            if cut > r:
                piece = chunk[r:cut]
                if op == EQUAL:
                    b.text(EQUAL, piece, new.italic[n] if n < len(new.italic) else False)
                    o, n = o + len(piece), n + len(piece)
                elif op == DELETE:
                    b.text(old_op, piece, old.italic[o] if o < len(old.italic) else False)
                    o += len(piece)
                else:
                    b.text(new_op, piece, new.italic[n] if n < len(new.italic) else False)
                    n += len(piece)
            if cut >= len(chunk):
                break
            char = chunk[cut]
            r = cut + 1
            flush_notes(op)
            old_sep = op in (EQUAL, DELETE) and o in old.separators
            new_sep = op in (EQUAL, INSERT) and n in new.separators
            if op == EQUAL:
                if old_sep and new_sep:
                    end_paragraph(EQUAL, _style(new.paragraphs[ni]), _style(old.paragraphs[oi]))
                    oi, ni = oi + 1, ni + 1
                    start_paragraph(True, True)
                elif old_sep:
                    end_paragraph(old_op, _style(old.paragraphs[oi]))
                    oi += 1
                    start_paragraph(True, False)
                    b.text(new_op, char)
                elif new_sep:
                    b.text(old_op, char)
                    end_paragraph(new_op, _style(new.paragraphs[ni]))
                    ni += 1
                    start_paragraph(False, True)
                else:
                    b.text(EQUAL, char, new.italic[n] if n < len(new.italic) else False)
                o, n = o + 1, n + 1
            elif op == DELETE:
                if old_sep:
                    end_paragraph(old_op, _style(old.paragraphs[oi]))
                    oi += 1
                    start_paragraph(True, False)
                else:
                    b.text(old_op, char, old.italic[o] if o < len(old.italic) else False)
                o += 1
            else:
                if new_sep:
                    end_paragraph(new_op, _style(new.paragraphs[ni]))
                    ni += 1
                    start_paragraph(False, True)
                else:
                    b.text(new_op, char, new.italic[n] if n < len(new.italic) else False)
                n += 1
    flush_notes(None)
    if old.paragraphs and new.paragraphs:
        end_paragraph(EQUAL, _style(new.paragraphs[-1]), _style(old.paragraphs[-1]))
    elif old.paragraphs:
        end_paragraph(old_op, _style(old.paragraphs[-1]))
    else:
        end_paragraph(new_op, _style(new.paragraphs[-1]))
    return b.items


# --- the whole comparison ----------------------------------------------------------------------


def _masthead_units(comparison: Comparison) -> list[Unit]:
    units: list[Unit] = []
    old_meta, new_meta = comparison.old.metadata, comparison.new.metadata
    for old_line, new_line in (
        (old_meta.symbol, new_meta.symbol),
        (old_meta.sponsors, new_meta.sponsors),
    ):
        old_ok = old_line is not None and bool(sanitize(old_line).strip())
        new_ok = new_line is not None and bool(sanitize(new_line).strip())
        old_p = (Paragraph("masthead", Kind.OTHER, old_line or ""),) if old_ok else ()
        new_p = (Paragraph("masthead", Kind.OTHER, new_line or ""),) if new_ok else ()
        if not old_p and not new_p:
            continue
        items = side_items(old_p, new_p, comparison.old, comparison.new)
        items = [Break(i.op, "masthead") if isinstance(i, Break) else i for i in items]
        units.append(Unit("masthead", old_p, new_p, tuple(items)))
    return units


def _lis(values: list[int]) -> set[int]:
    """Indices (into `values`) of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tails_at: list[int] = []
    back: list[int] = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect.bisect_left(tails, value)
        back[i] = tails_at[k - 1] if k > 0 else -1
        if k == len(tails):
            tails.append(value)
            tails_at.append(i)
        else:
            tails[k] = value
            tails_at[k] = i
    out: set[int] = set()
    i = tails_at[-1] if tails_at else -1
    while i >= 0:
        out.add(i)
        i = back[i]
    return out


def _same_text(old: Paragraph, new: Paragraph, comparison: Comparison) -> bool:
    if old.text != new.text:
        return False
    old_notes = _notes(_note_texts(comparison.old), old)
    return old_notes == _notes(_note_texts(comparison.new), new)


Group = tuple[list[int], list[int], AlignedEntry | None]


def _groups(comparison: Comparison) -> list[Group]:
    """(old indices, new indices, entry) for every entry, then one group per paragraph no entry
    claimed: each paragraph exactly once. An id an earlier entry claimed, or that the document
    lacks, is passed over; a document that repeats an id (the model says it should not) has its
    paragraphs of that id claimed in order, so none is lost from the export."""
    free_old: dict[str, list[int]] = {}
    free_new: dict[str, list[int]] = {}
    for free, paragraphs in (
        (free_old, comparison.old.paragraphs),
        (free_new, comparison.new.paragraphs),
    ):
        for index, paragraph in enumerate(paragraphs):
            free.setdefault(paragraph.id, []).append(index)

    def claim(ids: Sequence[str], free: dict[str, list[int]]) -> list[int]:
        return [free[pid].pop(0) for pid in ids if free.get(pid)]

    groups: list[Group] = []
    for given in comparison.entries:
        olds, news = claim(given.old, free_old), claim(given.new, free_new)
        if olds or news:
            groups.append((olds, news, given))
    groups.extend(([i], [], None) for i in sorted(i for left in free_old.values() for i in left))
    groups.extend(([], [i], None) for i in sorted(i for left in free_new.values() for i in left))
    return groups


def build_units(
    comparison: Comparison, *, moves: bool = True, comments: Sequence[Comment] = ()
) -> list[Unit]:
    """The output blocks in order: masthead, then every paragraph of both versions exactly once.

    Old paragraphs appear in old order and new ones in new order (so Reject and Accept give each
    version back); an entry out of order on either side is shown at both places: as a native move
    when its text is unchanged (and `moves`), otherwise as a deletion and an insertion.
    """
    # (old paragraphs, new paragraphs, entry) with ids validated: each paragraph once.
    groups = [(sorted(olds), sorted(news), entry) for olds, news, entry in _groups(comparison)]

    def contiguous(indices: list[int]) -> bool:
        return indices == list(range(indices[0], indices[0] + len(indices)))

    both = [
        k
        for k, (olds, news, entry) in enumerate(groups)
        if olds
        and news
        and contiguous(olds)
        and contiguous(news)
        # the comparison says which entries stand out of order (a split or an edit that also
        # moved); the longest in-order chain below only guards hand-made comparisons
        and not (entry is not None and (entry.relation is Relation.MOVED or entry.moved))
    ]
    both.sort(key=lambda k: groups[k][1][0])
    keep = _lis([groups[k][0][0] for k in both])
    anchor_keys = [k for j, k in enumerate(both) if j in keep]
    anchors = [groups[k] for k in anchor_keys]
    anchor_set = set(anchor_keys)
    anchor_old = [g[0][-1] for g in anchors]
    anchor_new = [g[1][-1] for g in anchors]

    old_p, new_p = comparison.old.paragraphs, comparison.new.paragraphs
    # gap k holds what stands before anchor k (gap len(anchors): after the last one)
    gaps_old: dict[int, list[tuple[int, Unit]]] = {}
    gaps_new: dict[int, list[tuple[int, Unit]]] = {}
    move_count = 0
    for key, (olds, news, entry) in enumerate(groups):
        if key in anchor_set:
            continue
        relation = entry.relation.value if entry is not None else ""
        if olds and news and contiguous(olds) and contiguous(news):
            single = len(olds) == 1 and len(news) == 1
            if (
                moves
                and single
                and old_p[olds[0]].text.strip()  # an empty move range helps no one
                and _same_text(old_p[olds[0]], new_p[news[0]], comparison)
            ):
                move_count += 1
                name = f"move{move_count}"
                from_move: tuple[str, str] | None = (name, MOVE_FROM)
                to_move: tuple[str, str] | None = (name, MOVE_TO)
            else:
                from_move = to_move = None
            from_items = side_items(
                tuple(old_p[i] for i in olds), (), comparison.old, comparison.new, move=from_move
            )
            to_items = side_items(
                (), tuple(new_p[i] for i in news), comparison.old, comparison.new, move=to_move
            )
            relation = relation or Relation.MOVED.value
            from_unit = Unit(
                relation, tuple(old_p[i] for i in olds), (), tuple(from_items), entry, "from"
            )
            to_unit = Unit(
                relation, (), tuple(new_p[i] for i in news), tuple(to_items), entry, "to"
            )
            gaps_old.setdefault(bisect.bisect_left(anchor_old, olds[0]), []).append(
                (olds[0], from_unit)
            )
            gaps_new.setdefault(bisect.bisect_left(anchor_new, news[0]), []).append(
                (news[0], to_unit)
            )
        else:
            for i in olds:
                items = side_items((old_p[i],), (), comparison.old, comparison.new)
                unit = Unit(
                    relation or Relation.DELETED.value, (old_p[i],), (), tuple(items), entry
                )
                gaps_old.setdefault(bisect.bisect_left(anchor_old, i), []).append((i, unit))
            for i in news:
                items = side_items((), (new_p[i],), comparison.old, comparison.new)
                unit = Unit(
                    relation or Relation.INSERTED.value, (), (new_p[i],), tuple(items), entry
                )
                gaps_new.setdefault(bisect.bisect_left(anchor_new, i), []).append((i, unit))

    units = _masthead_units(comparison)
    for k in range(len(anchors) + 1):
        units.extend(u for _, u in sorted(gaps_old.get(k, []), key=lambda x: x[0]))
        units.extend(u for _, u in sorted(gaps_new.get(k, []), key=lambda x: x[0]))
        if k < len(anchors):
            olds, news, entry = anchors[k]
            items = side_items(
                tuple(old_p[i] for i in olds),
                tuple(new_p[i] for i in news),
                comparison.old,
                comparison.new,
                entry.diff if entry is not None else (),
            )
            relation = entry.relation.value if entry is not None else Relation.MODIFIED.value
            units.append(
                Unit(
                    relation,
                    tuple(old_p[i] for i in olds),
                    tuple(new_p[i] for i in news),
                    tuple(items),
                    entry,
                )
            )
    return _attach_comments(units, comments)


def attach_comments(units: list[Unit], comments: Sequence[Comment]) -> list[Unit]:
    """`units` with each comment's start and end marks around the unit of its paragraph."""
    return _attach_comments(units, comments)


def _attach_comments(units: list[Unit], comments: Sequence[Comment]) -> list[Unit]:
    if not comments:
        return units
    where: dict[tuple[str, str], int] = {}
    for k, unit in enumerate(units):
        if unit.relation == "masthead":
            continue
        for p in unit.old:
            where.setdefault(("old", p.id), k)
        for p in unit.new:
            where.setdefault(("new", p.id), k)
    first = next((k for k, u in enumerate(units) if u.relation != "masthead"), 0)
    by_unit: dict[int, list[int]] = {}
    for index, comment in enumerate(comments):
        found = where.get((comment.side, comment.paragraph_id))
        if found is None:
            # the other side, then the first paragraph: a remark is never silently lost
            other = "old" if comment.side == "new" else "new"
            found = where.get((other, comment.paragraph_id), first)
        by_unit.setdefault(found, []).append(index)
    out = list(units)
    for k, indices in by_unit.items():
        if k >= len(out):
            continue
        unit = out[k]
        items = list(unit.items)
        starts: list[Item] = [CommentMark(i, True) for i in indices]
        ends: list[Item] = [CommentMark(i, False) for i in indices]
        items = starts + items[:-1] + ends + items[-1:]
        out[k] = Unit(unit.relation, unit.old, unit.new, tuple(items), unit.entry, unit.role)
    return out


def _side(paragraph: tuple[list[Item], Break]) -> str | None:
    """ "old"/"new" when a whole output paragraph, mark included, belongs to one version."""
    content, mark = paragraph
    side = "old" if mark.op in OLD_OPS else "new" if mark.op in NEW_OPS else None
    if side is None:
        return None
    ops = OLD_OPS if side == "old" else NEW_OPS
    for item in content:
        if isinstance(item, Text | NoteRef) and item.op not in ops:
            return None
    return side


def flatten(units: Sequence[Unit]) -> list[Item]:
    """All items in order, with the marks of whole inserted/deleted paragraphs placed as the
    clients need them.

    A run of whole old-only and new-only paragraphs after a paragraph X is written as
        X [del mark] O1 [del mark] O2 ... [ins mark] N1 ... Nb [plain mark]
    i.e. each paragraph's revision mark stands *before* it, at the end of the paragraph above.
    Accept and Reject read this exactly like the usual "mark after" form, but (1) the document's
    last paragraph mark, which cannot carry a revision, stays plain, and (2) LibreOffice (7.4)
    accepts a deleted paragraph that holds a footnote reference without leaving an empty
    paragraph behind (with the mark after it, it leaves one). Without an X (the document starts
    with such a run) the usual form is kept; when the whole document is such a run the last
    old paragraph and the first new one share an output paragraph.
    """
    paragraphs: list[tuple[list[Item], Break]] = []
    current: list[Item] = []
    for item in (item for unit in units for item in unit.items):
        if isinstance(item, Break):
            paragraphs.append((current, item))
            current = []
        else:
            current.append(item)
    out: list[Item] = []
    sides = [_side(p) for p in paragraphs]

    def emit_run(
        olds: list[tuple[list[Item], Break]],
        news: list[tuple[list[Item], Break]],
        style: str,
        x_old_style: str | None,
    ) -> None:
        # Each mark carries the style of the paragraph it ends in the version that sees it, so
        # Accept All gives every new paragraph its own style; the final mark, shared by the
        # last old and the last new paragraph, carries the old one's as its old style, so
        # Reject All gives every old paragraph its own style too.
        old_style = x_old_style or style
        for content, mark in olds:
            out.append(Break(DELETE, old_style))
            out.extend(content)
            old_style = mark.style
        new_style = style
        for content, mark in news:
            out.append(Break(INSERT, new_style))
            out.extend(content)
            new_style = mark.style
        out.append(Break(EQUAL, new_style, old_style if old_style != new_style else None))

    i = 0
    if sides and sides[0] is not None:
        # The document starts with whole inserted/deleted paragraphs: the first old and the
        # first new one share the first output paragraph, which then plays the part of X.
        j = 0
        while j < len(paragraphs) and sides[j] is not None:
            j += 1
        olds = [paragraphs[k] for k in range(j) if sides[k] == "old"]
        news = [paragraphs[k] for k in range(j) if sides[k] == "new"]
        if olds and news:
            out.extend(olds[0][0] + news[0][0])
            emit_run(olds[1:], news[1:], news[0][1].style, olds[0][1].style)
        else:
            for k in range(j):
                out.extend(paragraphs[k][0])
                out.append(
                    paragraphs[k][1]
                    if k < j - 1 or j < len(paragraphs)
                    else Break(EQUAL, paragraphs[k][1].style)
                )
        i = j
    while i < len(paragraphs):
        content, mark = paragraphs[i]
        j = i + 1
        while j < len(paragraphs) and sides[j] is not None:
            j += 1
        out.extend(content)
        if j == i + 1 or mark.op != EQUAL:
            out.append(mark)
            i += 1
            continue
        emit_run(
            [paragraphs[k] for k in range(i + 1, j) if sides[k] == "old"],
            [paragraphs[k] for k in range(i + 1, j) if sides[k] == "new"],
            mark.style,
            mark.old_style,
        )
        i = j
    return out


# --- views for the table and the HTML page -----------------------------------------------------


class Segment(NamedTuple):
    op: str
    text: str = ""
    italic: bool = False
    note: int | None = None
    """Index into `EntryView.notes` when this segment is a footnote reference."""


class EntryView(NamedTuple):
    """One entry as the table and the HTML page show it."""

    relation: str
    old_labels: tuple[str, ...]
    new_labels: tuple[str, ...]
    old_text: tuple[tuple[Segment, ...], ...]
    """The old paragraphs, plain (op EQUAL), footnote references included."""
    redline: tuple[tuple[tuple[Segment, ...], str], ...]
    """Output paragraphs of the redline with the op of the paragraph mark that ends each."""
    notes: tuple[tuple[DiffOp, ...], ...]
    """The footnotes referenced in the redline, each as a word diff of old and new text."""
    old_notes: tuple[str, ...]
    remarks: tuple[str, ...]
    entry: AlignedEntry | None
    note_markers: tuple[str, ...] = ()
    """The printed marker of each of `notes` ("3", "*"); "" where the comparison has none."""

    def note_label(self, index: int) -> str:
        """What a footnote reference in the redline shows: its marker, else its position."""
        if index < len(self.note_markers) and self.note_markers[index]:
            return self.note_markers[index]
        return str(index + 1)


def _remarks(
    relation: str,
    olds: tuple[Paragraph, ...],
    news: tuple[Paragraph, ...],
    entry: AlignedEntry | None,
) -> list[str]:
    old_labels = ", ".join(p.label for p in olds)
    new_labels = ", ".join(p.label for p in news)
    out: list[str] = []
    if relation == Relation.MOVED:
        out.append(f"Moved (was {old_labels})")
    elif relation == Relation.SPLIT:
        out.append(f"Split into {new_labels}")
    elif relation == Relation.MERGED:
        out.append(f"Merged from {old_labels}")
    elif relation == Relation.INSERTED:
        out.append("New paragraph")
    elif relation == Relation.DELETED:
        out.append("Deleted")
    elif relation == Relation.MODIFIED:
        out.append("Modified")
    if entry is not None and entry.moved and relation != Relation.MOVED:
        out.append(f"Also moved (was {old_labels})")
    if (
        relation not in (Relation.MOVED, Relation.SPLIT, Relation.MERGED)
        and olds
        and news
        and old_labels != new_labels
    ):
        out.append(f"Renumbered: {old_labels} → {new_labels}")
    if entry is not None and entry.manual:
        out.append("Linked by hand")
    return out


def _compared_notes(
    comparison: Comparison, entry: AlignedEntry | None
) -> dict[tuple[str | None, str | None], FootnoteChange]:
    """The entry's footnotes as the comparison paired them, by (old text, new text)."""
    if entry is None or not entry.footnotes:
        return {}
    old_texts = {note.id: note.text for note in comparison.old.footnotes}
    new_texts = {note.id: note.text for note in comparison.new.footnotes}
    return {
        (
            old_texts.get(change.old) if change.old is not None else None,
            new_texts.get(change.new) if change.new is not None else None,
        ): change
        for change in entry.footnotes
    }


def _quiet(segments: list[Segment], options: DiffOptions) -> tuple[Segment, ...]:
    """A difference the options ignore (look-alike characters always) reads as the new text,
    unmarked, in the table and the HTML page: they are read, not accepted or rejected."""
    out: list[Segment] = []
    k = 0
    while k < len(segments):
        segment = segments[k]
        following = segments[k + 1] if k + 1 < len(segments) else None
        if (
            segment.op == DELETE
            and segment.note is None
            and following is not None
            and following.op == INSERT
            and following.note is None
            and is_ignored(segment.text, following.text, options)
        ):
            out.append(Segment(EQUAL, following.text, following.italic))
            k += 2
            continue
        if segment.op in (DELETE, INSERT) and segment.note is None:
            alone = (segment.text, "") if segment.op == DELETE else ("", segment.text)
            if is_ignored(*alone, options):
                if segment.op == INSERT:
                    out.append(Segment(EQUAL, segment.text, segment.italic))
                k += 1
                continue
        out.append(segment)
        k += 1
    return tuple(out)


def entry_views(comparison: Comparison, comments: Sequence[Comment] = ()) -> list[EntryView]:
    """Every entry in the comparison's order, plus any paragraph no entry covers."""
    old_p, new_p = comparison.old.paragraphs, comparison.new.paragraphs
    groups = [
        (tuple(old_p[i] for i in olds), tuple(new_p[i] for i in news), entry)
        for olds, news, entry in _groups(comparison)
    ]

    where: dict[tuple[str, str], int] = {}
    for k, (olds, news, _) in enumerate(groups):
        for p in olds:
            where.setdefault(("old", p.id), k)
        for p in news:
            where.setdefault(("new", p.id), k)
    remarks_for: dict[int, list[str]] = {}
    for comment in comments:
        author, text = sanitize(comment.author).strip(), sanitize(comment.text)
        line = f"{author}: {text}" if author else text
        # as in the Word export: the other side, then the first entry; a remark is never lost
        other = "old" if comment.side == "new" else "new"
        found = where.get((comment.side, comment.paragraph_id))
        if found is None:
            found = where.get((other, comment.paragraph_id), 0)
        remarks_for.setdefault(found, []).append(line)

    views: list[EntryView] = []
    for k, (olds, news, entry) in enumerate(groups):
        if entry is not None:
            relation = entry.relation.value
        else:
            relation = Relation.DELETED.value if olds else Relation.INSERTED.value
        items = side_items(
            olds, news, comparison.old, comparison.new, entry.diff if entry is not None else ()
        )
        notes: list[tuple[DiffOp, ...]] = []
        markers: list[str] = []
        compared = _compared_notes(comparison, entry)
        paragraphs: list[tuple[tuple[Segment, ...], str]] = []
        current: list[Segment] = []
        for item in items:
            if isinstance(item, Text):
                current.append(Segment(item.op, item.text, item.italic))
            elif isinstance(item, NoteRef):
                old_note, new_note = sanitize(item.old or ""), sanitize(item.new or "")
                change = compared.get((item.old, item.new))
                if change is not None:
                    # as the comparison diffed and numbers it ("footnote 3"), furniture left out
                    notes.append(tuple((op, sanitize(text)) for op, text in change.diff))
                    markers.append(change.marker)
                elif item.op == EQUAL:
                    notes.append(tuple(word_diff(old_note, new_note)))
                    markers.append("")
                elif item.op in OLD_OPS:
                    notes.append(((DELETE, old_note),))
                    markers.append("")
                else:
                    notes.append(((INSERT, new_note),))
                    markers.append("")
                current.append(Segment(item.op, note=len(notes) - 1))
            elif isinstance(item, Break):
                paragraphs.append((_quiet(current, comparison.options), item.op))
                current = []
        old_text: list[tuple[Segment, ...]] = []
        old_notes: list[str] = []
        segments: list[Segment] = []
        for item in side_items(olds, (), comparison.old, comparison.new) if olds else []:
            if isinstance(item, Text):
                segments.append(Segment(EQUAL, item.text, item.italic))
            elif isinstance(item, NoteRef):
                old_notes.append(sanitize(without_rule_lines(item.old or "")))
                segments.append(Segment(EQUAL, note=len(old_notes) - 1))
            elif isinstance(item, Break):
                old_text.append(tuple(segments))
                segments = []
        remarks = _remarks(relation, olds, news, entry)
        # the verb on the ladder, a compilation round's events, the budget flag (report.py)
        remarks.extend(entry_remarks(entry, comparison) if entry is not None else [])
        remarks.extend(remarks_for.get(k, []))
        views.append(
            EntryView(
                # the relation as every output names it ("new", "split, moved")
                relation=(
                    relation_text(entry)
                    if entry is not None
                    else RELATION_NAMES[Relation(relation)]
                ),
                old_labels=tuple(p.label for p in olds),
                new_labels=tuple(p.label for p in news),
                old_text=tuple(old_text),
                redline=tuple(paragraphs),
                notes=tuple(notes),
                old_notes=tuple(old_notes),
                note_markers=tuple(markers),
                remarks=tuple(remarks),
                entry=entry,
            )
        )
    return views


def summary_lines(comparison: Comparison) -> list[str]:
    """The summary line and the masthead changes, as every output says them (`diffing.report`)."""
    return list(describe(comparison))
