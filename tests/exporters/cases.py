"""Test data for the exporters: small documents by hand, and random edits of real resolutions
with their ground-truth alignment (so every relation — moved, split, merged... — is exercised
exactly as labelled, independently of the alignment engine)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from diffing.model import (
    AlignedEntry,
    Comparison,
    Document,
    Footnote,
    FootnoteRef,
    Kind,
    Metadata,
    Paragraph,
    Relation,
    Span,
)


def para(
    pid: str,
    text: str,
    kind: Kind = Kind.OPERATIVE,
    number: str | None = None,
    italic: int = 0,
    notes: tuple[tuple[str, int], ...] = (),
) -> Paragraph:
    if kind is Kind.OPERATIVE and number is None and pid.startswith("OP"):
        number = pid[2:]
    return Paragraph(
        pid,
        kind,
        text,
        number=number,
        italic=(Span(0, italic),) if italic else (),
        footnotes=tuple(FootnoteRef(fid, offset) for fid, offset in notes),
    )


def doc(*paragraphs: Paragraph, footnotes: dict[str, str] | None = None, **meta: str) -> Document:
    return Document(
        source="test",
        metadata=Metadata(**meta),  # type: ignore[arg-type]
        paragraphs=paragraphs,
        footnotes=tuple(Footnote(k, k, v) for k, v in (footnotes or {}).items()),
        structured=True,
    )


def entry(relation: Relation, old: tuple[str, ...], new: tuple[str, ...]) -> AlignedEntry:
    return AlignedEntry(relation, old, new, 0.5, changed=relation is not Relation.UNCHANGED)


def by_id(old: Document, new: Document) -> Comparison:
    """A plain alignment: same id = same paragraph."""
    old_ids = {p.id for p in old.paragraphs}
    new_ids = {p.id for p in new.paragraphs}
    entries = [
        entry(Relation.MODIFIED, (p.id,), (p.id,))
        if p.id in old_ids
        else entry(Relation.INSERTED, (), (p.id,))
        for p in new.paragraphs
    ]
    entries += [entry(Relation.DELETED, (p.id,), ()) for p in old.paragraphs if p.id not in new_ids]
    return Comparison(old, new, tuple(entries))


# --- random edits of a real document -----------------------------------------------------------

WORDS = [
    "States",
    "parties",
    "Member",
    "States",
    "Secretariat",
    "encourages",
    "further",
    "cooperation",
    "firearms",
    "trafficking",
    "illicit",
    "international",
    "appropriate",
    "resources",
    "extrabudgetary",
    "upon",
    "request",
    "Protocol",
    "Convention",
    "implementation",
]


@dataclass
class _Record:
    origin: tuple[str, ...]
    relation: Relation
    text: str
    kind: Kind
    number_kind: bool
    letter: str | None
    italic: tuple[Span, ...]
    notes: list[tuple[str, int]]  # (footnote text, offset)
    frozen: bool = False  # takes part in a structural change already


@dataclass(frozen=True)
class Edited:
    old: Document
    new: Document
    truth: Comparison
    """The comparison with the ground-truth alignment."""


def _shift(
    notes: list[tuple[str, int]], at: int, removed: int, added: int
) -> list[tuple[str, int]]:
    out = []
    for text, offset in notes:
        if offset > at + removed:
            offset += added - removed
        elif offset > at:
            offset = at
        out.append((text, offset))
    return out


def edit_document(old: Document, seed: int, n_edits: int = 8) -> Edited:
    rng = random.Random(seed)
    notes_by_id = {f.id: f.text for f in old.footnotes}
    records = [
        _Record(
            (p.id,),
            Relation.UNCHANGED,
            p.text,
            p.kind,
            p.number is not None and p.kind is not Kind.SUBPARAGRAPH,
            p.number if p.kind is Kind.SUBPARAGRAPH else None,
            p.italic,
            [
                (notes_by_id[r.footnote_id], r.offset)
                for r in p.footnotes
                if r.footnote_id in notes_by_id
            ],
        )
        for p in old.paragraphs
    ]
    deleted: list[str] = []
    body = [k for k, r in enumerate(records) if r.kind in (Kind.PREAMBULAR, Kind.OPERATIVE)]
    for _ in range(n_edits):
        action = rng.choice(
            ["word", "word", "insert", "delete", "move", "split", "merge", "note", "renumber"]
        )
        if not records:
            break
        k = rng.randrange(len(records))
        record = records[k]
        if record.kind in (Kind.TITLE, Kind.OPENING) and action != "word":
            continue
        if action == "word" and record.text:
            words = list(re.finditer(r"\w+", record.text))
            if not words:
                continue
            match = rng.choice(words)
            replacement = rng.choice(["", rng.choice(WORDS), rng.choice(WORDS) + " " + "new"])
            start, end = match.span()
            record.text = record.text[:start] + replacement + record.text[end:]
            record.notes = _shift(record.notes, start, end - start, len(replacement))
            record.italic = ()
            if record.relation is Relation.UNCHANGED:
                record.relation = Relation.MODIFIED
        elif action == "insert":
            if record.relation is Relation.SPLIT and not record.origin:
                continue  # keep the pieces of a split together
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))) + ";"
            kind = records[k].kind
            records.insert(
                k,
                _Record((), Relation.INSERTED, text, kind, kind is Kind.OPERATIVE, None, (), []),
            )
        elif action == "delete" and not record.frozen and len(record.origin) == 1:
            deleted.append(record.origin[0])
            records.pop(k)
        elif action == "move" and not record.frozen and record.origin and body:
            records.pop(k)
            target = rng.randrange(len(records) + 1)
            record.relation = Relation.MOVED
            record.frozen = True
            records.insert(target, record)
        elif action == "split" and not record.frozen and len(record.origin) == 1:
            spaces = [m.start() for m in re.finditer(" ", record.text)]
            if len(spaces) < 2:
                continue
            cut = rng.choice(spaces[1:])
            first_notes = [(t, o) for t, o in record.notes if o <= cut]
            second_notes = [(t, max(0, o - cut - 1)) for t, o in record.notes if o > cut]
            first = _Record(
                record.origin,
                Relation.SPLIT,
                record.text[:cut],
                record.kind,
                record.number_kind,
                record.letter,
                record.italic,
                first_notes,
                True,
            )
            second = _Record(
                (),
                Relation.SPLIT,
                record.text[cut + 1 :],
                record.kind,
                record.number_kind,
                None,
                (),
                second_notes,
                True,
            )
            records[k : k + 1] = [first, second]
        elif action == "merge" and k + 1 < len(records):
            a, b = records[k], records[k + 1]
            if a.frozen or b.frozen or len(a.origin) != 1 or len(b.origin) != 1:
                continue
            old_ids = [p.id for p in old.paragraphs]
            if old_ids.index(b.origin[0]) != old_ids.index(a.origin[0]) + 1:
                continue
            merged = _Record(
                a.origin + b.origin,
                Relation.MERGED,
                a.text + " " + b.text,
                a.kind,
                a.number_kind,
                a.letter,
                a.italic,
                a.notes + [(t, o + len(a.text) + 1) for t, o in b.notes],
                True,
            )
            records[k : k + 2] = [merged]
        elif action == "note":
            choice = rng.random()
            if record.notes and choice < 0.4:
                text, offset = record.notes[0]
                record.notes[0] = (text.replace(" ", " amended ", 1) or "amended", offset)
            elif record.notes and choice < 0.7:
                record.notes.pop(0)
            else:
                record.notes.append(
                    ("New footnote text, vol. 1.", rng.randint(0, len(record.text)))
                )
            if record.relation is Relation.UNCHANGED:
                record.relation = Relation.MODIFIED
        elif action == "renumber":
            record.number_kind = not record.number_kind
            if record.relation is Relation.UNCHANGED:
                record.relation = Relation.MODIFIED

    # The new document: ids and OP numbers in order, footnotes collected.
    paragraphs: list[Paragraph] = []
    footnotes: list[Footnote] = []
    counters = {Kind.PREAMBULAR: 0, Kind.OPERATIVE: 0, Kind.OTHER: 0, Kind.SUBPARAGRAPH: 0}
    entries: list[AlignedEntry] = []
    pending_split: list[str] = []
    for record in records:
        if record.kind in counters:
            counters[record.kind] += 1
        count = counters.get(record.kind, 0)
        if record.kind is Kind.TITLE:
            pid = "title"
        elif record.kind is Kind.OPENING:
            pid = "opening"
        elif record.kind is Kind.PREAMBULAR:
            pid = f"PP{count}"
        elif record.kind is Kind.OPERATIVE:
            pid = f"OP{count}"
        else:
            pid = f"P{count}" if record.kind is Kind.OTHER else f"S{count}"
        number = None
        if record.kind is Kind.SUBPARAGRAPH:
            number = record.letter
        elif record.number_kind:
            number = str(count) if record.kind is Kind.OPERATIVE else f"{count} bis"
        refs = []
        for text, offset in record.notes:
            footnotes.append(Footnote(f"n{len(footnotes) + 1}", str(len(footnotes) + 1), text))
            refs.append(FootnoteRef(footnotes[-1].id, min(offset, len(record.text))))
        paragraphs.append(
            Paragraph(pid, record.kind, record.text, number, record.italic, tuple(refs))
        )
        if record.relation is Relation.SPLIT:
            if record.origin:
                pending_split = [pid]
                entries.append(entry(Relation.SPLIT, record.origin, (pid,)))
            else:
                pending_split.append(pid)
                last = entries[-1]
                entries[-1] = last._replace(new=tuple(pending_split))
        else:
            entries.append(entry(record.relation, record.origin, (pid,)))
    entries += [entry(Relation.DELETED, (pid,), ()) for pid in deleted]
    new = Document(
        source=f"{old.source} (edited {seed})",
        metadata=old.metadata,
        paragraphs=tuple(paragraphs),
        footnotes=tuple(footnotes),
        structured=old.structured,
    )
    return Edited(old, new, Comparison(old, new, tuple(entries)))


def truth_comparison(old: Document, new: Document, truth: object) -> Comparison:
    """A comparison from a generator's ground truth: {(old ids, new ids, relation)}."""
    order = {p.id: k for k, p in enumerate(new.paragraphs)}
    groups = sorted(
        truth,  # type: ignore[call-overload]
        key=lambda g: (min((order[i] for i in g[1]), default=-1), g[0], g[1]),
    )
    return Comparison(
        old, new, tuple(entry(relation, olds, news) for olds, news, relation in groups)
    )
