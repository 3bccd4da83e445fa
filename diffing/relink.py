"""Core layer: manual links applied to an alignment locally, without aligning again.

A drafter's link or unlink changes a handful of entries; re-aligning 800 paragraphs for it took
0.7–0.9 s and could re-pair the unlinked paragraphs elsewhere ("OP33 → OP8 (moved)" unlinked
gave "OP33 → OP10 (moved) 27 %"). Here the automatic alignment (`compare` without links, the
*base*) is computed once, and the links are applied on top of it, in order, a later link winning
over an earlier one that involves the same paragraphs:

- a link `ManualLink(old, new)` takes those paragraphs out of the entries that held them and
  makes one manual entry of them;
- an unlink `ManualLink(old, new, unlink=True)` means "these are not a pair": the paragraphs are
  taken out of their entries and stand alone, each old one deleted and each new one inserted,
  unless a later link pairs them with something else.

What is left of an entry a paragraph was taken from stays paired when it still has both sides
(OP9 → OP10 + OP11 less OP11 is OP9 → OP10); a one-sided rest becomes deleted/inserted paragraphs.
Only the entries that changed are diffed again (`EntryCache` keeps them across calls); moves,
the reading order and the summary are recomputed for all entries, which is cheap. Links naming a
paragraph these versions do not have are left out, as `diffing.align` does.

`relink(base, links)` is a pure function of its inputs: the app, the negotiation file and the
command line all get the same alignment for the same links, whether an edit was applied to the
comparison on screen or the file was opened afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from diffing.align import Group
from diffing.compare import Notes, _entry, _moved_groups, _reading_order, compare
from diffing.labels import entry_label
from diffing.model import (
    AlignedEntry,
    Comparison,
    DiffOptions,
    Document,
    ManualLink,
    Paragraph,
    Relation,
    summarize,
)
from diffing.module_logger import get_logger

logger = get_logger(__name__)

Progress = Callable[[int, int], None]
EntryKey = tuple[tuple[str, ...], tuple[str, ...], bool]
"""(old ids, new ids, manual): an entry as it is before its place (moved or not) is known."""


@dataclass
class EntryCache:
    """Entries diffed for one base comparison (each with its own word counts), so
    that undo and redo do not diff the same paragraphs again. Belongs to one base."""

    base: Comparison
    entries: dict[EntryKey, AlignedEntry] = field(default_factory=dict)
    _start: _Start | None = None
    """The base's entries as groups, made once (see `_start`)."""


@dataclass(frozen=True)
class _Start:
    """What every `relink` of one base starts from: paragraph positions, the base's entries by
    key, and its groups (taken apart by the links). 800 entries: ~5 ms a call saved."""

    old_index: dict[str, int]
    new_index: dict[str, int]
    base_entries: dict[EntryKey, AlignedEntry]
    groups: tuple[Group, ...]
    notes: tuple[Notes, Notes]


def _start(cache: EntryCache) -> _Start:
    if cache._start is None:
        base = cache.base
        old_index = {p.id: k for k, p in enumerate(base.old.paragraphs)}
        new_index = {p.id: k for k, p in enumerate(base.new.paragraphs)}
        cache._start = _Start(
            old_index,
            new_index,
            {(e.old, e.new, e.manual): e for e in base.entries},
            tuple(
                Group(
                    tuple(old_index[i] for i in e.old),
                    tuple(new_index[j] for j in e.new),
                    e.manual,
                )
                for e in base.entries
            ),
            (
                {note.id: note for note in base.old.footnotes},
                {note.id: note for note in base.new.footnotes},
            ),
        )
    return cache._start


def compare_linked(
    old: Document,
    new: Document,
    options: DiffOptions = DiffOptions(),  # noqa: B008 (frozen, so safe to share)
    links: Sequence[ManualLink] = (),
    *,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> tuple[Comparison, Comparison]:
    """(base, linked): the automatic alignment of old and new, and the same with `links`
    applied. Keep the base to apply other links later in milliseconds. Raises `Cancelled`."""
    base = compare(old, new, options, progress=progress, cancel=cancel)
    return base, relink(base, links)


def relink(
    base: Comparison, links: Sequence[ManualLink], *, cache: EntryCache | None = None
) -> Comparison:
    """`base` (an alignment made without links) with `links` applied in order; see the module
    docstring. `base` itself when there is no link."""
    if not links:
        return base
    if cache is None or cache.base is not base:
        cache = EntryCache(base)
    old_paragraphs, new_paragraphs = base.old.paragraphs, base.new.paragraphs
    start = _start(cache)
    old_index, new_index, base_entries = start.old_index, start.new_index, start.base_entries
    groups: dict[int, Group] = {}
    group_of_old: dict[int, int] = {}
    group_of_new: dict[int, int] = {}
    counter = 0

    def add(group: Group) -> None:
        nonlocal counter
        counter += 1
        groups[counter] = group
        for i in group.old:
            group_of_old[i] = counter
        for j in group.new:
            group_of_new[j] = counter

    def take(olds: set[int], news: set[int]) -> None:
        """Take these paragraphs out of their groups; one-sided rests stand alone."""
        touched = {group_of_old[i] for i in olds} | {group_of_new[j] for j in news}
        for number in sorted(touched):
            group = groups.pop(number)
            rest_old = tuple(i for i in group.old if i not in olds)
            rest_new = tuple(j for j in group.new if j not in news)
            if rest_old and rest_new:
                add(Group(rest_old, rest_new, group.manual))
                continue
            for i in rest_old:
                add(Group((i,), ()))
            for j in rest_new:
                add(Group((), (j,)))

    for group in start.groups:
        add(group)

    for link in links:
        olds = {old_index[i] for i in link.old if i in old_index}
        news = {new_index[j] for j in link.new if j in new_index}
        if len(olds) != len(set(link.old)) or len(news) != len(set(link.new)):
            logger.debug("link %s → %s names paragraphs these versions lack", link.old, link.new)
            if not link.unlink:
                continue
        if link.unlink:
            take(olds, news)
            for i in sorted(olds):
                add(Group((i,), ()))
            for j in sorted(news):
                add(Group((), (j,)))
        elif olds and news:
            take(olds, news)
            add(Group(tuple(sorted(olds)), tuple(sorted(news)), True))

    ordered = list(groups.values())
    moved = _moved_groups(ordered)
    notes = start.notes
    built: list[tuple[Group, AlignedEntry]] = []
    for group in ordered:
        key = _key(group, old_paragraphs, new_paragraphs)
        found = base_entries.get(key)
        entry = found if found is not None else _diffed(cache, key, group, notes)
        built.append((group, _placed(entry, id(group) in moved)))
    entries = tuple(_reading_order(built, moved))
    summary = summarize(entries, base.masthead, base.objects)
    return base._replace(entries=entries, summary=summary)


def linked_entry(
    base: Comparison, old: tuple[str, ...], new: tuple[str, ...], *, cache: EntryCache | None = None
) -> AlignedEntry | None:
    """The entry that linking `old` with `new` would make (its word diff and similarity), without
    applying the link to the whole alignment; None when `base` lacks one of the paragraphs."""
    if cache is None or cache.base is not base:
        cache = EntryCache(base)
    start = _start(cache)
    if any(i not in start.old_index for i in old) or any(j not in start.new_index for j in new):
        return None
    group = Group(
        tuple(sorted(start.old_index[i] for i in old)),
        tuple(sorted(start.new_index[j] for j in new)),
        True,
    )
    key = _key(group, base.old.paragraphs, base.new.paragraphs)
    return _diffed(cache, key, group, start.notes)


def _key(group: Group, old: Sequence[Paragraph], new: Sequence[Paragraph]) -> EntryKey:
    return (tuple(old[i].id for i in group.old), tuple(new[j].id for j in group.new), group.manual)


def _diffed(
    cache: EntryCache,
    key: EntryKey,
    group: Group,
    notes: tuple[Notes, Notes],
) -> AlignedEntry:
    found = cache.entries.get(key)
    if found is None:
        base = cache.base
        found = _entry(
            group,
            False,
            (base.old.paragraphs, notes[0]),
            (base.new.paragraphs, notes[1]),
            base.options,
        )
        cache.entries[key] = found
    return found


_PLACE_RELATIONS = (Relation.MOVED, Relation.MODIFIED, Relation.UNCHANGED)


def _placed(entry: AlignedEntry, moved: bool) -> AlignedEntry:
    """The entry with its relation for where it now stands: a one-to-one entry is moved when it
    left the in-order chain, else modified or unchanged (as `diffing.compare` names them)."""
    if entry.moved != moved and entry.old and entry.new:
        entry = entry._replace(moved=moved)
    if entry.relation not in _PLACE_RELATIONS or len(entry.old) != 1 or len(entry.new) != 1:
        return entry
    if moved:
        relation = Relation.MOVED
    else:
        relation = Relation.MODIFIED if entry.changed else Relation.UNCHANGED
    return entry if relation is entry.relation else entry._replace(relation=relation)


class Relinker:
    """One alignment of two documents as the app shows it: kept with its entries' names so that
    a link, an unlink or their undo is applied to it (`apply`) in milliseconds, and the names
    of the entries a link leaves as they were are not made again."""

    def __init__(self, cache: EntryCache, comparison: Comparison, labels: Sequence[str]) -> None:
        self.cache = cache
        self._labels = {
            _label_key(e): label for e, label in zip(comparison.entries, labels, strict=True)
        }

    @property
    def base(self) -> Comparison:
        """The alignment without links."""
        return self.cache.base

    def fits(self, old: Document, new: Document, options: DiffOptions) -> bool:
        """True when this alignment is of these documents under these options."""
        base = self.cache.base
        # A negotiation file gives back equal documents, not the same objects.
        return (
            base.options == options
            and (base.old is old or base.old == old)
            and (base.new is new or base.new == new)
        )

    def apply(self, links: Sequence[ManualLink]) -> tuple[Comparison, tuple[str, ...]]:
        """The alignment with `links` applied, and its entries' names (`diffing.labels`)."""
        comparison = relink(self.cache.base, links, cache=self.cache)
        labels = []
        for entry in comparison.entries:
            key = _label_key(entry)
            label = self._labels.get(key)
            if label is None:
                label = self._labels[key] = entry_label(entry, comparison)
            labels.append(label)
        return comparison, tuple(labels)

    def preview(self, old: tuple[str, ...], new: tuple[str, ...]) -> AlignedEntry | None:
        """The entry linking `old` with `new` would make (`linked_entry`)."""
        return linked_entry(self.cache.base, old, new, cache=self.cache)


def _label_key(entry: AlignedEntry) -> tuple[tuple[str, ...], tuple[str, ...], Relation]:
    return entry.old, entry.new, entry.relation


class LinkedAligner:
    """An aligner for the negotiation file (`Aligner`): the base alignment of a pair of
    documents is computed once and kept (the last few pairs, by identity of the documents), so
    that re-carrying annotations after each link costs milliseconds, not a whole alignment."""

    KEPT = 4

    def __init__(self, options: DiffOptions = DiffOptions()) -> None:  # noqa: B008
        self.options = options
        self._caches: list[EntryCache] = []

    def __call__(self, old: Document, new: Document, links: tuple[ManualLink, ...]) -> Comparison:
        for cache in self._caches:
            if cache.base.old is old and cache.base.new is new:
                return relink(cache.base, links, cache=cache)
        cache = EntryCache(compare(old, new, self.options))
        self._caches = [cache, *self._caches[: self.KEPT - 1]]
        return relink(cache.base, links, cache=cache)
