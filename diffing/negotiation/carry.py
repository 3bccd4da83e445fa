"""Core layer: carrying annotations from one version (round) to the next along the alignment.

Pure planning: given the annotations of the earlier version, the copies already carried into
the later one and the alignment, say what to add, move or remove. The store applies the plan in
one transaction. Rules:
- each annotation is copied to every paragraph aligned with its paragraph (a split paragraph
  gets a copy on each part, a merged one the copies of all its parts); a paragraph deleted in
  the later version gets none;
- a copy keeps the original's anchored text and fingerprint, so a change of wording since the
  annotation shows as a flag on the copy until somebody acknowledges it;
- re-carrying after a manual relink moves only what the alignment moved: a copy nobody edited
  is removed from where it no longer belongs and made afresh where it now belongs (with the
  same id as before, so undo stacks stay valid), an edited copy is moved, never dropped.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from diffing.model import Comparison, Document, Span
from diffing.negotiation.model import Annotation, Change, ChangeSet

_CARRY_NAMESPACE = uuid.UUID("0f6b1d7e-5d1c-4c63-9a4e-7f3c2a9e8b10")


def alignment_map(comparison: Comparison) -> dict[str, tuple[str, ...]]:
    """Old paragraph id -> the new paragraph ids aligned with it (in the new reading order)."""
    mapping: dict[str, list[str]] = {}
    for entry in comparison.entries:
        if not entry.old or not entry.new:
            continue
        for old_id in entry.old:
            targets = mapping.setdefault(old_id, [])
            targets.extend(new_id for new_id in entry.new if new_id not in targets)
    return {old_id: tuple(targets) for old_id, targets in mapping.items()}


def carried_id(source_id: str, version_key: str, paragraph_id: str) -> str:
    """The same source carried to the same paragraph of the same version (`version_key`: the
    hash of its source) always gets the same id — after an undo, and in a colleague's file."""
    return str(uuid.uuid5(_CARRY_NAMESPACE, f"{source_id}|{version_key}|{paragraph_id}"))


def remap_span(span: Span | None, old_text: str, new_text: str) -> Span | None:
    """Where the annotated words stand in the new text: the occurrence nearest to where they
    were; None (the whole paragraph) when they are gone."""
    if span is None:
        return None
    if old_text == new_text:
        return span
    quote = old_text[span.start : span.end]
    if not quote.strip():
        return None
    starts = []
    at = new_text.find(quote)
    while at >= 0:
        starts.append(at)
        at = new_text.find(quote, at + 1)
    if not starts:
        return None
    # Relative position, so text inserted before the quote does not pull it to another match.
    where = span.start / max(len(old_text), 1) * len(new_text)
    best = min(starts, key=lambda start: (abs(start - where), start))
    return Span(best, best + len(quote))


def plan_carry(
    sources: Sequence[Annotation],
    existing: Sequence[Annotation],
    mapping: Mapping[str, Sequence[str]],
    old: Document,
    new: Document,
    version_id: int,
    version_key: str,
    taken_ids: Iterable[str] = (),
) -> ChangeSet:
    """The changes that make `version_id` hold exactly the carried copies `mapping` implies.

    `sources`: annotations of the earlier version; `existing`: annotations of the later version
    (only those carried from one of `sources` are touched); `taken_ids`: ids in use anywhere in
    the file."""
    old_texts = {p.id: p.text for p in old.paragraphs}
    new_texts = {p.id: p.text for p in new.paragraphs}
    taken = set(taken_ids)
    changes: list[Change] = []
    copies: dict[str, list[Annotation]] = {}
    for annotation in existing:
        if annotation.carried_from is not None:
            copies.setdefault(annotation.carried_from, []).append(annotation)

    for source in sources:
        targets = [t for t in mapping.get(source.paragraph_id, ()) if t in new_texts]
        current = copies.get(source.id, [])
        kept = {c.paragraph_id for c in current if c.paragraph_id in targets}
        uncovered = [t for t in targets if t not in kept]
        source_text = old_texts.get(source.paragraph_id, source.anchor_text)
        for copy in current:
            if copy.paragraph_id in targets:
                continue
            if copy.content() == source.content():
                changes.append(Change(copy, None))
                taken.discard(copy.id)
            elif uncovered:
                target = uncovered.pop(0)
                span = remap_span(source.span, source_text, new_texts[target])
                changes.append(Change(copy, replace(copy, paragraph_id=target, span=span)))
            # else: an edited copy whose paragraph no longer aligns stays where it is.
        for target in uncovered:
            new_id = carried_id(source.id, version_key, target)
            if new_id in taken:
                new_id = str(uuid.uuid4())
            taken.add(new_id)
            span = remap_span(source.span, source_text, new_texts[target])
            copy = replace(
                source,
                id=new_id,
                version_id=version_id,
                paragraph_id=target,
                span=span,
                carried_from=source.id,
            )
            changes.append(Change(None, copy))
    return ChangeSet(tuple(changes))
