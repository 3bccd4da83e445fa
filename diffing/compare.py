"""Core layer: comparing two documents — alignment, relations, word diffs, summary.

`compare(old, new)` pairs the paragraphs (`diffing.align`), says what happened to each group
(unchanged, modified, moved, split, merged, inserted, deleted; `moved` too when a split, merge
or edit also stands out of order), diffs the words inside it (`diffing.worddiff`; a split or
merge as a whole: the paragraph against its joined parts), pairs and diffs its footnotes, spots
a change of the leading verb, and orders the entries as the new text reads, with each deletion
where it stood in the old text. It also compares the masthead (symbol, sponsors line, agenda
item) and the images and objects a Word file holds, and sums it all up (`model.summarize`).
`diffing.report` turns the result into words for every output.

Renumbering is not a change: the text is diffed, never the printed number (unless the caller asks
with `DiffOptions(ignore_numbering=False)`, when a different printed number marks the entry as
changed without adding anything to its diff). A footnote added to, dropped from or changed in a
paragraph marks it changed (modified) and is counted, in `AlignedEntry.footnotes` and the entry's
words, unless `ignore_footnotes`: footnote markers are not part of the paragraph text, so the
text diff shows no marks for it; footnotes pair by their words, not their numbers, and the rule
line above them is furniture, never text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from diffing.align import Group, align, heaviest_chain
from diffing.errors import Cancelled
from diffing.lazy_pattern import one_of
from diffing.model import (
    DELETE,
    INSERT,
    PARAGRAPH_SEPARATOR,
    AlignedEntry,
    Comparison,
    DiffOptions,
    Document,
    Footnote,
    FootnoteChange,
    Kind,
    ManualLink,
    MastheadChange,
    ObjectChange,
    Paragraph,
    Relation,
    Side,
    VerbChange,
    summarize,
)
from diffing.structure import leading_phrase
from diffing.worddiff import diff_with_stats, fold, word_count

Progress = Callable[[int, int], None]


def compare(
    old: Document,
    new: Document,
    options: DiffOptions = DiffOptions(),  # noqa: B008 (frozen, so safe to share)
    *,
    links: Sequence[ManualLink] = (),
    by_label: bool = True,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Comparison:
    """Align `old` with `new` and diff every aligned entry; raise `Cancelled` if asked to stop.

    With `by_label` (the default), two rounds of a compilation text pair paragraphs of the same
    label ("OP1 bis") first; False leaves them to the alignment, for a facilitator who
    renumbered the labels between rounds."""
    old_paragraphs = old.paragraphs
    new_paragraphs = new.paragraphs
    labelled: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    if by_label:
        found = _label_links(old, new, links)
        labelled = {(link.old, link.new) for link in found}
        links = (*links, *found)
    groups = align(old_paragraphs, new_paragraphs, links=links, cancel=cancel)
    moved = _moved_groups(groups)
    old_notes = {note.id: note for note in old.footnotes}
    new_notes = {note.id: note for note in new.footnotes}
    total = len(groups)
    if progress is not None:
        progress(0, total)
    built: list[tuple[Group, AlignedEntry]] = []
    for done, group in enumerate(groups, start=1):
        if cancel is not None and done % 16 == 0 and cancel():
            raise Cancelled()
        entry = _entry(
            group,
            id(group) in moved,
            (old_paragraphs, old_notes),
            (new_paragraphs, new_notes),
            options,
        )
        if entry.manual and (entry.old, entry.new) in labelled:
            entry = entry._replace(manual=False)  # paired by its label, not by a person
        built.append((group, entry))
        if progress is not None and (done % 16 == 0 or done == total):
            progress(done, total)
    entries = tuple(_reading_order(built, moved))
    masthead = compare_masthead(old, new, options)
    objects = compare_objects(old, new)
    return Comparison(
        old, new, entries, options, summarize(entries, masthead, objects), masthead, objects
    )


def _label_links(
    old: Document, new: Document, links: Sequence[ManualLink]
) -> tuple[ManualLink, ...]:
    """Between two rounds of a compilation text, paragraphs with the same label ("OP1 bis") are
    the same paragraph (`compilation_rounds.label_links`), unless a person linked or unlinked
    one of them by hand."""
    if not (old.holds_brackets() and new.holds_brackets()):
        return ()  # not two compilation rounds
    from diffing.compilation_rounds import label_links

    taken_old = {i for link in links for i in link.old}
    taken_new = {i for link in links for i in link.new}
    return tuple(
        link
        for link in label_links(old, new)
        if not (set(link.old) & taken_old or set(link.new) & taken_new)
    )


def _moved_groups(groups: list[Group]) -> set[int]:
    """Groups with both sides that are out of order: off the longest in-order chain."""
    paired = [g for g in groups if g.old and g.new]
    by_new = sorted(paired, key=lambda g: (min(g.new), min(g.old)))
    chain = heaviest_chain(
        [(min(g.old), min(g.new), float(len(g.old) + len(g.new))) for g in by_new]
    )
    kept = {(i, j) for i, j, _ in chain}
    return {id(g) for g in paired if (min(g.old), min(g.new)) not in kept}


Notes = dict[str, Footnote]


def _entry(
    group: Group,
    moved: bool,
    old_side: tuple[Sequence[Paragraph], Notes],
    new_side: tuple[Sequence[Paragraph], Notes],
    options: DiffOptions,
) -> AlignedEntry:
    """The entry of one group: relation, word diff, footnotes, and the words it inserts and
    deletes under the options."""
    (old, old_notes), (new, new_notes) = old_side, new_side
    olds = [old[i] for i in group.old]
    news = [new[j] for j in group.new]
    old_ids = tuple(p.id for p in olds)
    new_ids = tuple(p.id for p in news)
    old_text = PARAGRAPH_SEPARATOR.join(p.text for p in olds)
    new_text = PARAGRAPH_SEPARATOR.join(p.text for p in news)
    notes = _footnote_changes(
        [old_notes[r.footnote_id] for p in olds for r in p.footnotes if r.footnote_id in old_notes],
        [new_notes[r.footnote_id] for p in news for r in p.footnotes if r.footnote_id in new_notes],
        options,
    )
    note_inserted = sum(note.words_inserted for note in notes)
    note_deleted = sum(note.words_deleted for note in notes)
    if not news:
        diff = ((DELETE, old_text),) if old_text else ()
        return AlignedEntry(
            Relation.DELETED,
            old_ids,
            (),
            0.0,
            diff,
            None,
            True,
            group.manual,
            footnotes=notes,
            words_deleted=word_count(old_text) + note_deleted,
        )
    if not olds:
        diff = ((INSERT, new_text),) if new_text else ()
        return AlignedEntry(
            Relation.INSERTED,
            (),
            new_ids,
            0.0,
            diff,
            None,
            True,
            group.manual,
            footnotes=notes,
            words_inserted=word_count(new_text) + note_inserted,
        )
    # A split or merge is diffed as a whole (the paragraph against the joined parts), keeping
    # the runs of words the parts reuse equal even where the parts changed places.
    ops, stats = diff_with_stats(
        old_text,
        new_text,
        options,
        old_marks=_marks(olds),
        new_marks=_marks(news),
        reused=len(olds) > 1 or len(news) > 1,
    )
    changed = stats.changed or any(note.changed for note in notes)
    if not options.ignore_numbering and [p.number for p in olds] != [p.number for p in news]:
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
    return AlignedEntry(
        relation,
        old_ids,
        new_ids,
        stats.similarity,
        ops,
        verb,
        changed,
        group.manual,
        moved=moved,
        footnotes=notes,
        words_inserted=stats.words_inserted + note_inserted,
        words_deleted=stats.words_deleted + note_deleted,
    )


def _marks(paragraphs: Sequence[Paragraph]) -> list[int]:
    """Where footnote markers stood in the joined text of `paragraphs`."""
    found: list[int] = []
    start = 0
    for paragraph in paragraphs:
        found.extend(start + ref.offset for ref in paragraph.footnotes)
        start += len(paragraph.text) + len(PARAGRAPH_SEPARATOR)
    return found


# --- footnotes ----------------------------------------------------------------------------------

_RULE_CHARACTERS = "_\u2014\u2015\u2500\u2501"
"""Low line, em dash, horizontal bar, box-drawing horizontals: what a rule line is drawn with."""
# `one_of`: the one class of three runs reaching beyond U+00FF cost sre 0.1 ms to compile at
# every start; the pattern only ever searches a footnote's short text.
_RULE = re.compile(f"{one_of(_RULE_CHARACTERS)}{{3,}}")
"""The rule line printed above footnotes (its length differs between drafts and adopted texts):
page furniture that a reader may leave in a footnote's text, never part of it."""


def without_rule_lines(text: str) -> str:
    """A footnote's text without the rule line a reader may have left in it, trimmed."""
    return " ".join(_RULE.sub(" ", text).split()) if _RULE.search(text) else text


def footnote_text(note: Footnote) -> str:
    """A footnote's text as compared and shown: without rule lines."""
    return without_rule_lines(note.text)


def _note_key(note: Footnote) -> str:
    """What pairs two versions of a footnote: its words, not its number or markup."""
    return " ".join(re.findall(r"\w+", fold(footnote_text(note)).casefold()))


def _footnote_changes(
    olds: list[Footnote], news: list[Footnote], options: DiffOptions
) -> tuple[FootnoteChange, ...]:
    """The footnotes of an entry, old and new, paired in order by their words: the same words
    first, then what is left between them one for one (an edited footnote), the rest added or
    dropped. With `ignore_footnotes` they are listed but never count."""
    if not olds and not news:
        return ()
    counts = not options.ignore_footnotes
    matcher = SequenceMatcher(
        None, [_note_key(n) for n in olds], [_note_key(n) for n in news], autojunk=False
    )
    out: list[FootnoteChange] = []

    def paired(a: Footnote, b: Footnote) -> None:
        ops, stats = diff_with_stats(footnote_text(a), footnote_text(b), options)
        # Markup and punctuation differ between versions of one footnote (*Treaty Series*); its
        # words say what it cites.
        changed = counts and stats.changed and _note_key(a) != _note_key(b)
        out.append(
            FootnoteChange(
                a.id,
                b.id,
                b.marker,
                ops,
                changed,
                stats.words_inserted if changed else 0,
                stats.words_deleted if changed else 0,
            )
        )

    def alone(note: Footnote, side: Side) -> None:
        text = footnote_text(note)
        words = word_count(text) if counts else 0
        if side == "old":
            out.append(
                FootnoteChange(note.id, None, note.marker, ((DELETE, text),), counts, 0, words)
            )
        else:
            out.append(
                FootnoteChange(None, note.id, note.marker, ((INSERT, text),), counts, words, 0)
            )

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or tag == "replace":
            for k in range(max(i2 - i1, j2 - j1)):
                if i1 + k < i2 and j1 + k < j2:
                    paired(olds[i1 + k], news[j1 + k])
                elif i1 + k < i2:
                    alone(olds[i1 + k], "old")
                else:
                    alone(news[j1 + k], "new")
        elif tag == "delete":
            for k in range(i1, i2):
                alone(olds[k], "old")
        else:
            for k in range(j1, j2):
                alone(news[k], "new")
    return tuple(out)


# --- images and objects -----------------------------------------------------------------------


def compare_objects(old: Document, new: Document) -> tuple[ObjectChange, ...]:
    """Images, charts and embedded objects, paired in order by kind and content: the same
    content is no change; one in place of another is "changed", the rest "added" or "removed".
    Never silent: a document whose only change is an image does not read "unchanged"."""
    if not old.objects and not new.objects:
        return ()
    olds = [(o.kind, o.digest) for o in old.objects]
    news = [(o.kind, o.digest) for o in new.objects]
    matcher = SequenceMatcher(None, olds, news, autojunk=False)
    out: list[ObjectChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            if i1 + k < i2 and j1 + k < j2 and olds[i1 + k][0] == news[j1 + k][0]:
                out.append(ObjectChange(news[j1 + k][0], "changed", new.objects[j1 + k].after))
            else:
                if i1 + k < i2:
                    out.append(ObjectChange(olds[i1 + k][0], "removed", old.objects[i1 + k].after))
                if j1 + k < j2:
                    out.append(ObjectChange(news[j1 + k][0], "added", new.objects[j1 + k].after))
    return tuple(out)


# --- the masthead -------------------------------------------------------------------------------

_SPONSOR_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_NAMES_WITH_AND = (
    "Antigua and Barbuda",
    "Bosnia and Herzegovina",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland",
)
"""Member States whose names contain "and": never cut in two."""


def sponsors(line: str) -> tuple[str, ...]:
    """The delegations a sponsors line names, in order: "Argentina, Brazil and Chile: draft
    resolution" -> ("Argentina", "Brazil", "Chile"). A line naming no list ("Draft resolution
    submitted by the Chair") is one name."""
    names = line.split(":", 1)[0] if ":" in line else line
    names = " ".join(names.split())
    for name in _NAMES_WITH_AND:
        names = names.replace(name, name.replace(" and ", " \x00 "))
    return tuple(
        name.strip().replace(" \x00 ", " and ")
        for name in _SPONSOR_SPLIT.split(names.strip())
        if name.strip()
    )


def compare_masthead(
    old: Document, new: Document, options: DiffOptions
) -> tuple[MastheadChange, ...]:
    """The masthead lines either version has, compared: symbol, sponsors line, agenda item, and
    the title when it is not a paragraph (then the entries compare it)."""
    fields: list[tuple[str, str | None, str | None]] = [
        ("symbol", old.metadata.symbol, new.metadata.symbol),
        ("sponsors", old.metadata.sponsors, new.metadata.sponsors),
        ("agenda item", old.metadata.agenda_item, new.metadata.agenda_item),
    ]
    if not any(p.kind is Kind.TITLE for p in (*old.paragraphs, *new.paragraphs)):
        fields.append(("title", old.metadata.title, new.metadata.title))
    out: list[MastheadChange] = []
    for name, before, after in fields:
        before = before.strip() if before and before.strip() else None
        after = after.strip() if after and after.strip() else None
        if before is None and after is None:
            continue
        ops, stats = diff_with_stats(before or "", after or "", options)
        changed = stats.changed or (before is None) != (after is None)
        added: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        if name == "sponsors":
            old_names = sponsors(before or "")
            new_names = sponsors(after or "")
            old_keys = {fold(n).casefold() for n in old_names}
            new_keys = {fold(n).casefold() for n in new_names}
            added = tuple(n for n in new_names if fold(n).casefold() not in old_keys)
            removed = tuple(n for n in old_names if fold(n).casefold() not in new_keys)
        out.append(MastheadChange(name, before, after, ops, changed, added, removed))
    return tuple(out)


# --- the leading verb ---------------------------------------------------------------------------

_MOST_WORDS_IN_A_VERB = 6
"""An italic run longer than this at the start is emphasis, not the leading verb."""
_VERB_KINDS = (Kind.PREAMBULAR, Kind.OPERATIVE, Kind.SUBPARAGRAPH)


def leading_verb(paragraph: Paragraph) -> str:
    """The leading verb or participle phrase of a PP, OP or sub-paragraph, read whole
    ("Urges", "Calls upon", "Calling on", "Recognizing also", "Noting with appreciation"): the
    structure recogniser's reading (`leading_phrase`), the same rule for both versions whatever
    their italics; the italic opening words, extended to whole words, when it finds none. Other
    paragraphs (title, closing lines ...) have no leading verb: ""."""
    if paragraph.kind not in _VERB_KINDS:
        return ""
    text = paragraph.text
    found = leading_phrase(text)
    if found is not None:
        return text[found.start : found.end]
    for span in paragraph.italic:
        if text[: span.start].strip() == "" and span.end > span.start:
            end = span.end
            while end < len(text) and (text[end].isalnum() or text[end] in "-\u2011"):
                end += 1  # an italic run that stops inside a word ("Urge" + "s") reads whole
            words = text[span.start : end].split()
            if len(words) <= _MOST_WORDS_IN_A_VERB:
                return " ".join(words).rstrip(",;:")
    return ""


def _printed_verb(paragraph: Paragraph) -> str:
    """The leading verb as the paragraph would read once its brackets are resolved: in a
    compilation text "[Deeply] concerned" reads "Deeply concerned" and "[Encourages (G77)]
    [Urges (EU)]" reads its first alternative, "Encourages" (`compilation.clean_text`), so
    brackets and tags are never taken for a change of verb."""
    if "[" not in paragraph.text[:80]:
        return leading_verb(paragraph)
    from diffing.compilation import clean_text

    clean = clean_text(paragraph.text, "first")
    return leading_verb(paragraph._replace(text=clean, italic=()))


def _verb_change(old: Paragraph, new: Paragraph, options: DiffOptions) -> VerbChange | None:
    """A change of the leading phrase, only when its words changed (look-alike characters
    folded; case too with `ignore_case`)."""
    if old.text == new.text and old.kind is new.kind and old.italic == new.italic:
        return None  # the same words read the same way
    old_verb, new_verb = _printed_verb(old), _printed_verb(new)
    if not old_verb or not new_verb:
        return None

    def key(verb: str) -> str:
        words = " ".join(fold(verb, quotes=options.ignore_quote_style).split())
        return words.casefold() if options.ignore_case else words

    return None if key(old_verb) == key(new_verb) else VerbChange(old_verb, new_verb)


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
