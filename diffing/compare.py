"""Core layer: comparing two documents — alignment, relations, word diffs, summary.

`compare(old, new)` pairs the paragraphs (`diffing.align`), says what happened to each group
(unchanged, modified, moved, split, merged, inserted, deleted), diffs the words inside it
(`diffing.worddiff`), spots a change of the leading verb, and orders the entries as the new text
reads, with each deletion where it stood in the old text.

Renumbering is not a change: the text is diffed, never the printed number (unless the caller asks
with `DiffOptions(ignore_numbering=False)`, when a different printed number marks the entry as
changed without adding anything to its diff). Likewise a footnote added to, dropped from or
changed in an otherwise identical paragraph marks it changed (modified), unless
`ignore_footnotes`: footnote markers are not part of the paragraph text, so the diff shows no
marks for it; the footnote bodies are compared by their words, not their numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from diffing.align import Group, align, heaviest_chain
from diffing.errors import Cancelled
from diffing.model import (
    DELETE,
    INSERT,
    PARAGRAPH_SEPARATOR,
    AlignedEntry,
    Comparison,
    DiffOptions,
    Document,
    Kind,
    ManualLink,
    Paragraph,
    Relation,
    Summary,
    VerbChange,
)
from diffing.structure import leading_phrase
from diffing.worddiff import diff_with_stats, word_count

Progress = Callable[[int, int], None]


def compare(
    old: Document,
    new: Document,
    options: DiffOptions = DiffOptions(),  # noqa: B008 (frozen, so safe to share)
    *,
    links: Sequence[ManualLink] = (),
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Comparison:
    """Align `old` with `new` and diff every aligned entry; raise `Cancelled` if asked to stop."""
    old_paragraphs = old.paragraphs
    new_paragraphs = new.paragraphs
    groups = align(old_paragraphs, new_paragraphs, links=links, cancel=cancel)
    moved = _moved_groups(groups)
    old_notes = _footnote_words(old)
    new_notes = _footnote_words(new)
    total = len(groups)
    if progress is not None:
        progress(0, total)
    built: list[tuple[Group, AlignedEntry]] = []
    words_inserted = words_deleted = 0
    for done, group in enumerate(groups, start=1):
        if cancel is not None and done % 16 == 0 and cancel():
            raise Cancelled()
        entry, inserted, deleted = _entry(
            group,
            id(group) in moved,
            (old_paragraphs, old_notes),
            (new_paragraphs, new_notes),
            options,
        )
        words_inserted += inserted
        words_deleted += deleted
        built.append((group, entry))
        if progress is not None and (done % 16 == 0 or done == total):
            progress(done, total)
    entries = _reading_order(built, moved)
    summary = _summary(entries, words_inserted, words_deleted)
    return Comparison(old, new, tuple(entries), options, summary)


def _moved_groups(groups: list[Group]) -> set[int]:
    """Groups with both sides that are out of order: off the longest in-order chain."""
    paired = [g for g in groups if g.old and g.new]
    by_new = sorted(paired, key=lambda g: (min(g.new), min(g.old)))
    chain = heaviest_chain(
        [(min(g.old), min(g.new), float(len(g.old) + len(g.new))) for g in by_new]
    )
    kept = {(i, j) for i, j, _ in chain}
    return {id(g) for g in paired if (min(g.old), min(g.new)) not in kept}


def _entry(
    group: Group,
    moved: bool,
    old_side: tuple[Sequence[Paragraph], dict[str, str]],
    new_side: tuple[Sequence[Paragraph], dict[str, str]],
    options: DiffOptions,
) -> tuple[AlignedEntry, int, int]:
    """The entry of one group, with the words it inserts and deletes under the options."""
    (old, old_notes), (new, new_notes) = old_side, new_side
    olds = [old[i] for i in group.old]
    news = [new[j] for j in group.new]
    old_ids = tuple(p.id for p in olds)
    new_ids = tuple(p.id for p in news)
    old_text = PARAGRAPH_SEPARATOR.join(p.text for p in olds)
    new_text = PARAGRAPH_SEPARATOR.join(p.text for p in news)
    if not news:
        diff = ((DELETE, old_text),) if old_text else ()
        entry = AlignedEntry(Relation.DELETED, old_ids, (), 0.0, diff, None, True, group.manual)
        return entry, 0, word_count(old_text)
    if not olds:
        diff = ((INSERT, new_text),) if new_text else ()
        entry = AlignedEntry(Relation.INSERTED, (), new_ids, 0.0, diff, None, True, group.manual)
        return entry, word_count(new_text), 0
    ops, stats = diff_with_stats(
        old_text, new_text, options, old_marks=_marks(olds), new_marks=_marks(news)
    )
    changed = stats.changed
    if not options.ignore_numbering and [p.number for p in olds] != [p.number for p in news]:
        changed = True
    if not options.ignore_footnotes and _notes(olds, old_notes) != _notes(news, new_notes):
        # Same words, but a footnote was added, dropped or now cites something else.
        changed = True
    if len(olds) > 1 and len(news) >= 1 and len(olds) >= len(news):
        relation = Relation.MERGED
    elif len(news) > 1:
        relation = Relation.SPLIT
    elif moved:
        relation = Relation.MOVED
    elif changed:
        relation = Relation.MODIFIED
    else:
        relation = Relation.UNCHANGED
    verb = _verb_change(olds[0], news[0], options)
    entry = AlignedEntry(
        relation, old_ids, new_ids, stats.similarity, ops, verb, changed, group.manual
    )
    return entry, stats.words_inserted, stats.words_deleted


def _marks(paragraphs: Sequence[Paragraph]) -> list[int]:
    """Where footnote markers stood in the joined text of `paragraphs`."""
    found: list[int] = []
    start = 0
    for paragraph in paragraphs:
        found.extend(start + ref.offset for ref in paragraph.footnotes)
        start += len(paragraph.text) + len(PARAGRAPH_SEPARATOR)
    return found


def _footnote_words(document: Document) -> dict[str, str]:
    """Footnote id -> its text reduced to lower-case words (numbering and markup differ between
    versions of one footnote; its words say what it cites)."""
    return {
        note.id: " ".join(re.findall(r"\w+", note.text.casefold())) for note in document.footnotes
    }


def _notes(paragraphs: Sequence[Paragraph], notes: dict[str, str]) -> list[str]:
    return sorted(notes.get(ref.footnote_id, "") for p in paragraphs for ref in p.footnotes)


# --- the leading verb ---------------------------------------------------------------------------

_MOST_WORDS_IN_A_VERB = 6
"""An italic run longer than this at the start is emphasis, not the leading verb."""


def leading_verb(paragraph: Paragraph) -> str:
    """The italic opening words ("Encourages", "Noting with appreciation"), or the structure
    recogniser's reading of the leading verb phrase when the reader found no such italics."""
    text = paragraph.text
    for span in paragraph.italic:
        if text[: span.start].strip() == "" and span.end > span.start:
            words = text[span.start : span.end].split()
            if len(words) <= _MOST_WORDS_IN_A_VERB:
                return " ".join(words).rstrip(",;:")
    if paragraph.kind not in (Kind.PREAMBULAR, Kind.OPERATIVE, Kind.SUBPARAGRAPH):
        return ""
    found = leading_phrase(text)
    return "" if found is None else text[found.start : found.end]


def _verb_change(old: Paragraph, new: Paragraph, options: DiffOptions) -> VerbChange | None:
    old_verb, new_verb = leading_verb(old), leading_verb(new)
    if not old_verb or not new_verb:
        return None
    if options.ignore_case:
        same = old_verb.casefold() == new_verb.casefold()
    else:
        same = old_verb == new_verb
    return None if same else VerbChange(old_verb, new_verb)


# --- order and summary --------------------------------------------------------------------------


def _reading_order(built: list[tuple[Group, AlignedEntry]], moved: set[int]) -> list[AlignedEntry]:
    """Entries as the new text reads; a deletion follows the entry of the old paragraph before it
    (an entry that stayed in order, so deletions do not travel with a moved paragraph)."""
    placed = sorted((g for g, _ in built if g.new), key=lambda g: min(g.new))
    entry_of = {id(g): e for g, e in built}
    anchor_of_old: dict[int, int] = {}
    for position, group in enumerate(placed):
        if id(group) not in moved:
            for i in group.old:
                anchor_of_old[i] = position
    deletions: dict[int, list[Group]] = {}
    last_old = max((i for g, _ in built for i in g.old), default=-1)
    anchor = -1
    deleted = {g.old[0]: g for g, _ in built if not g.new}
    for i in range(last_old + 1):
        if i in anchor_of_old:
            anchor = anchor_of_old[i]
        elif i in deleted:
            deletions.setdefault(anchor, []).append(deleted[i])
    ordered = [entry_of[id(g)] for g in deletions.get(-1, [])]
    for position, group in enumerate(placed):
        ordered.append(entry_of[id(group)])
        ordered.extend(entry_of[id(g)] for g in deletions.get(position, []))
    return ordered


def _summary(entries: Sequence[AlignedEntry], inserted: int, deleted: int) -> Summary:
    counts = {relation: 0 for relation in Relation}
    for entry in entries:
        counts[entry.relation] += 1
    return Summary(tuple(counts.items()), inserted, deleted)
