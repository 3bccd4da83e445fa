"""Core layer: a negotiation in many rounds — the rounds of a negotiation file in order, the
lineage of every paragraph through them, and annotations that follow the whole chain.

A resolution goes zero draft → Rev.1 → Rev.2 → … → L. document → as adopted
(../shared/DOMAIN.md). Each round is a version of the file with a name ("Zero draft",
"Rev.1"), a date (when it was issued; by default the day it was added) and a place in the order:

    rounds = notes.rounds
    rounds.add("rev2.docx", label="Rev.2", date="2026-03-02")
    rounds.move(rounds.get(3).version_id, 2)            # reorder
    comparison = rounds.compare()                      # the last two rounds, with their links
    for step in rounds.history(rounds.latest().version_id, "OP5"):
        step.round.label, step.step.text, step.annotations

Alignments of pairs are stored in the file (see `alignments`) and recomputed only when what
they came from changed, so opening a file of nine rounds does not re-align eight pairs.

Annotations follow the chain: adding a round carries the previous round's annotations (the
store's carry); `carry_forward(version)` carries a round's annotations on through every later
round, and `annotate` / `set_links` do so as part of the edit, so an annotation made in round 2
shows on its paragraph's descendants in round 7 (split parts, merged wholes, moved and
renumbered paragraphs alike); `update_annotation` / `delete_annotation` take the copies nobody
edited along, down the chain, and stop at a copy edited in its own round. A carried copy
keeps the text it was anchored to, so "text changed since agreed" holds through any number of
rounds until somebody acknowledges the new wording.
Reordering or removing a round carries along the new order from the first round whose
predecessor changed: copies nobody edited that came from a round no longer before them go, and
the new predecessor's annotations are carried; annotations made or edited in a round stay.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diffing.errors import RedlineError
from diffing.lineage import HistoryStep, Lineage
from diffing.model import Comparison, Document, ManualLink
from diffing.module_logger import get_logger
from diffing.negotiation import alignments
from diffing.negotiation.model import Annotation, Change, ChangeSet, Round, Status
from diffing.negotiation.store import NotFoundError

if TYPE_CHECKING:
    from diffing.negotiation.store import NegotiationFile

log = get_logger(__name__)


class RoundError(RedlineError):
    """A round asked for in a way that cannot be done (bad date, position, label)."""


def parse_round_date(text: str) -> str:
    """A round date as typed ("2026-03-02") in the stored form YYYY-MM-DD; RoundError
    otherwise."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise RoundError(f"round date {text!r} is not a date (YYYY-MM-DD).") from None


@dataclass(frozen=True, kw_only=True)
class RoundHistory:
    """One round of a paragraph's history, with what was noted on it in that round."""

    round: Round
    step: HistoryStep
    """Its ids, text and the redline from the round before (see `diffing.lineage`)."""
    annotations: tuple[Annotation, ...]
    """The annotations of this round on those paragraphs, in reading order."""


@dataclass(frozen=True)
class AlignedPair:
    """Two rounds aligned ahead of a change of the order (`Rounds.aligner_for_order`)."""

    old_version: int
    new_version: int
    key: str
    """What the alignment was computed from (`alignments.alignment_key`)."""
    comparison: Comparison


class Rounds:
    """The rounds of one open negotiation file (`NegotiationFile.rounds`)."""

    def __init__(self, notes: NegotiationFile) -> None:
        self._notes = notes
        # In memory for this session, under the same keys as the stored alignments: a history
        # panel asks for the lineage at every click.
        self._comparisons: dict[tuple[int, int], tuple[str, Comparison]] = {}
        self._lineage: tuple[tuple[object, ...], Lineage] | None = None

    # --- the rounds in order ----------------------------------------------------------------

    def all(self) -> tuple[Round, ...]:
        return tuple(
            Round(
                version_id=version_id,
                number=number,
                label=label,
                date=round_date or str(added)[:10],
                added=added,
                source_name=source_name,
                original_path=original_path,
            )
            for number, (
                version_id,
                _,
                label,
                original_path,
                source_name,
                _,
                added,
                round_date,
            ) in enumerate(self._notes._versions(), start=1)
        )

    def get(self, number: int) -> Round:
        """The round at `number` (1 for the first); NotFoundError when there is none."""
        rounds = self.all()
        if not 1 <= number <= len(rounds):
            raise NotFoundError(
                f"{self._notes.path.name}: has no round {number} "
                f"(it has {len(rounds)} round{'s' if len(rounds) != 1 else ''})."
            )
        return rounds[number - 1]

    def of_version(self, version_id: int) -> Round:
        for round_ in self.all():
            if round_.version_id == version_id:
                return round_
        raise NotFoundError(f"{self._notes.path.name}: has no version {version_id}.")

    def latest(self) -> Round:
        rounds = self.all()
        if not rounds:
            raise NotFoundError(f"{self._notes.path.name}: holds no rounds yet.")
        return rounds[-1]

    # --- changing the rounds ----------------------------------------------------------------

    def add(self, path: str | Path, *, label: str | None = None, date: str | None = None) -> Round:
        """Read a document (any format the readers know) and add it as the last round."""
        from diffing.readers import read_bytes, read_source

        path = Path(path)
        data = read_source(path)  # refuses missing, oversized and unreadable files first
        return self.add_document(read_bytes(data, path.name), data, path, label=label, date=date)

    def add_document(
        self,
        document: Document,
        source_bytes: bytes,
        path: str | Path | None = None,
        *,
        label: str | None = None,
        date: str | None = None,
        comparison: Comparison | None = None,
    ) -> Round:
        """Add `document` as the last round: the previous round's annotations are carried to it
        and the alignment of the pair is stored, so the lineage needs no new alignment.

        `comparison`: the last round aligned with `document`, made beforehand off the UI thread
        with `aligner_for_next()`; aligned here when it is None or no longer of the last round
        (a round was added meanwhile)."""
        round_date = None if date is None else parse_round_date(date)
        if label is not None and not label.strip():
            raise RoundError("a round needs a name.")
        notes = self._notes
        previous = notes.latest()
        if previous is None:
            comparison = None
        elif (
            comparison is None
            or comparison.new is not document
            or comparison.old != notes.document(previous.id)
        ):
            comparison = notes._aligner(notes.document(previous.id), document, ())
        version_id = notes.add_version(
            document, source_bytes, path, label, round_date=round_date, comparison=comparison
        )
        if previous is not None and comparison is not None:
            key = self._key(previous.id, version_id, ())
            self._save(previous.id, version_id, key, alignments.comparison_to_json(comparison))
        return self.of_version(version_id)

    def aligner_for_next(self) -> Callable[[Document], Comparison | None]:
        """A function aligning the last round with a document about to be added, for a worker
        thread: it holds the last round's document and the aligner, never the file (SQLite
        stays in the thread that opened it). None from it when the file holds no round."""
        notes = self._notes
        latest = notes.latest()
        if latest is None:
            return lambda document: None
        previous = notes.document(latest.id)
        aligner = notes._aligner
        return lambda document: aligner(previous, document, ())

    def aligner_for_order(
        self, order: Sequence[int]
    ) -> Callable[[], tuple[AlignedPair, ...]] | None:
        """A function for a worker thread that aligns the consecutive pairs of `order` (version
        ids, first round first) that have no valid alignment yet — what `move` or `remove`
        would otherwise align in the caller's thread; give its result to `keep_alignments`.
        None when every pair is aligned already. Like `aligner_for_next`, it holds documents
        and the aligner, never the file."""
        notes = self._notes
        work = []
        for old_version, new_version in itertools.pairwise(order):
            links = notes.links(old_version, new_version)
            key = self._key(old_version, new_version, links)
            remembered = self._comparisons.get((old_version, new_version))
            if remembered is not None and remembered[0] == key:
                continue
            if alignments.stored(notes._conn, old_version, new_version, key):
                continue
            old, new = notes.document(old_version), notes.document(new_version)
            work.append((old_version, new_version, key, old, new, links))
        if not work:
            return None
        aligner = notes._aligner

        def align() -> tuple[AlignedPair, ...]:
            return tuple(
                AlignedPair(old_version, new_version, key, aligner(old, new, links))
                for old_version, new_version, key, old, new, links in work
            )

        return align

    def keep_alignments(self, aligned: Sequence[AlignedPair]) -> None:
        """Store alignments made by `aligner_for_order` (those whose documents or links changed
        meanwhile are left out: `compare` aligns them again when asked)."""
        for pair in aligned:
            links = self._notes.links(pair.old_version, pair.new_version)
            try:
                key = self._key(pair.old_version, pair.new_version, links)
            except NotFoundError:
                continue  # a round removed meanwhile
            if key != pair.key:
                continue
            self._save(
                pair.old_version,
                pair.new_version,
                key,
                alignments.comparison_to_json(pair.comparison),
            )
            self._comparisons[(pair.old_version, pair.new_version)] = (key, pair.comparison)

    def rename(self, version_id: int, label: str) -> str:
        """Returns the previous name."""
        if not label.strip():
            raise RoundError("a round needs a name.")
        return self._notes.rename_version(version_id, label)

    def redate(self, version_id: int, date: str) -> str:
        """Set when the round was issued (YYYY-MM-DD); returns the previous date."""
        previous = self.of_version(version_id).date
        value = parse_round_date(date)
        with self._notes._transaction() as db:
            db.execute("UPDATE versions SET round_date = ? WHERE id = ?", (value, version_id))
        return previous

    def move(self, version_id: int, position: int) -> int:
        """Put the round at `position` (1 for first), the others keeping their order, and carry
        annotations along the new order; returns its previous position (undo: move it back)."""
        order = [r.version_id for r in self.all()]
        if version_id not in order:
            raise NotFoundError(f"{self._notes.path.name}: has no version {version_id}.")
        if not 1 <= position <= len(order):
            raise RoundError(f"position {position} is not between 1 and {len(order)}.")
        previous = order.index(version_id) + 1
        order.remove(version_id)
        order.insert(position - 1, version_id)
        with self._notes._transaction() as db:
            self._renumber(db, order)
        # The rounds from the first whose predecessor changed carry along the new order.
        self._carry_from(max(0, min(previous, position) - 2), ())
        return previous

    def remove(self, version_id: int) -> None:
        """Remove the round with its annotations, links and stored alignments (not undoable:
        ask first); the rounds after it move up, and the round before it carries its
        annotations to the round after it (the removed round's copies nobody edited go)."""
        position = self.of_version(version_id).number
        removed = self._notes.annotations_for(version_id)
        self._notes.remove_version(version_id)
        with self._notes._transaction() as db:
            self._renumber(db, [r.version_id for r in self.all()])
        self._carry_from(max(0, position - 2), removed)

    @staticmethod
    def _renumber(db: sqlite3.Connection, order: Sequence[int]) -> None:
        # Ordinals are UNIQUE: step through negative ones so no two rows meet on the way.
        db.execute("UPDATE versions SET ordinal = -ordinal")
        for ordinal, version_id in enumerate(order, start=1):
            db.execute("UPDATE versions SET ordinal = ? WHERE id = ?", (ordinal, version_id))

    # --- comparing and the lineage ----------------------------------------------------------

    def compare(self, old_version: int | None = None, new_version: int | None = None) -> Comparison:
        """Compare two rounds (by version id; default the last two) with that pair's manual
        links: from the stored alignment when it is still valid, else aligned and stored."""
        if old_version is None or new_version is None:
            rounds = self.all()
            if len(rounds) < 2:
                raise RoundError("comparing needs two rounds; add another round first.")
            old_version = rounds[-2].version_id if old_version is None else old_version
            new_version = rounds[-1].version_id if new_version is None else new_version
        notes = self._notes
        old = notes.document(old_version)
        new = notes.document(new_version)
        links = notes.links(old_version, new_version)
        key = self._key(old_version, new_version, links)
        remembered = self._comparisons.get((old_version, new_version))
        if remembered is not None and remembered[0] == key and remembered[1].old is old:
            return remembered[1]
        comparison = None
        stored = alignments.load(notes._conn, old_version, new_version, key)
        if stored is not None:
            try:
                comparison = alignments.comparison_from_json(stored, old, new)
            except (ValueError, KeyError, TypeError):
                log.warning("stored alignment %s→%s unreadable", old_version, new_version)
        if comparison is None:
            comparison = notes._aligner(old, new, links)
            self._save(old_version, new_version, key, alignments.comparison_to_json(comparison))
        self._comparisons[(old_version, new_version)] = (key, comparison)
        return comparison

    def lineage(self) -> Lineage:
        """The chains of paragraphs through all rounds in order (see `diffing.lineage`)."""
        rounds = self.all()
        documents = [self._notes.document(r.version_id) for r in rounds]
        comparisons = [
            self.compare(rounds[k].version_id, rounds[k + 1].version_id)
            for k in range(len(rounds) - 1)
        ]
        key = (*(r.label for r in rounds), *(id(d) for d in documents), *map(id, comparisons))
        if self._lineage is not None and self._lineage[0] == key:
            return self._lineage[1]
        lineage = Lineage(documents, comparisons, [r.label for r in rounds])
        self._lineage = (key, lineage)
        return lineage

    def history(self, version_id: int, paragraph_id: str) -> tuple[RoundHistory, ...]:
        """The paragraph's text in every round, the redline between consecutive rounds and the
        annotations of each round on it. NotFoundError for an unknown paragraph."""
        rounds = self.all()
        position = self.of_version(version_id).number - 1
        lineage = self.lineage()
        try:
            steps = lineage.history(position, paragraph_id)
        except KeyError:
            raise NotFoundError(
                f"{rounds[position].label}: has no paragraph {paragraph_id}."
            ) from None
        result = []
        for round_, step in zip(rounds, steps, strict=True):
            noted = tuple(
                annotation
                for paragraph_id in step.paragraph_ids
                for annotation in self._notes.annotations_for(round_.version_id, paragraph_id)
            )
            result.append(RoundHistory(round=round_, step=step, annotations=noted))
        return tuple(result)

    def prune_alignments(self) -> int:
        """Drop stored alignments of pairs that are no longer consecutive rounds."""
        rounds = self.all()
        keep = [(a.version_id, b.version_id) for a, b in itertools.pairwise(rounds)]
        with self._notes._transaction() as db:
            return alignments.prune(db, keep)

    # --- annotations along the chain --------------------------------------------------------

    def carry_forward(self, version_id: int) -> ChangeSet:
        """Carry the round's annotations on through every later round, each round's to the
        next along the stored alignment with that pair's links, in one transaction. Copies
        nobody edited move with the alignment (and the copies made from them in later rounds
        go with them); edited copies are never dropped."""
        return self._carry_forward(version_id, ())

    def _carry_forward(self, version_id: int, removed: Sequence[Annotation]) -> ChangeSet:
        return self._carry_from(self.of_version(version_id).number - 1, removed)

    def _carry_from(self, start: int, removed: Sequence[Annotation]) -> ChangeSet:
        """Carry along every pair from round index `start` on. `removed`: annotations taken
        out of the file just before (a removed round's), whose unedited copies go too."""
        rounds = self.all()
        pairs = [(rounds[k], rounds[k + 1]) for k in range(start, len(rounds) - 1)]
        comparisons = [self.compare(a.version_id, b.version_id) for a, b in pairs]
        notes = self._notes
        # Annotations taken away on the way (a copy that no longer aligns): the unedited copies
        # made from them in the next rounds go too, so no copy is left without its source.
        gone = {a.id: a for a in removed}
        changes: list[ChangeSet] = []
        with notes._transaction():
            if start == 0 and rounds:
                # The first round carries from nothing: a copy there is left from another order.
                changes.append(self._stale_copies(rounds[0].version_id, None, gone))
            for (old, new), comparison in zip(pairs, comparisons, strict=True):
                plan = notes._carry_plan(
                    old.version_id,
                    new.version_id,
                    notes.document(new.version_id),
                    notes.version(new.version_id).sha256,
                    notes.links(old.version_id, new.version_id),
                    comparison,
                )
                notes._apply_in_transaction(plan)
                gone.update({a.id: a for a in plan.removed})
                changes += [plan, self._stale_copies(new.version_id, old.version_id, gone)]
        return _joined(changes)

    def _stale_copies(
        self, version_id: int, predecessor: int | None, gone: dict[str, Annotation]
    ) -> ChangeSet:
        """Take out (inside the caller's transaction) the round's copies whose source is no
        longer in the round before it — removed, or in another round since a reorder — when
        nobody edited them; records them in `gone`, so their own copies follow."""
        notes = self._notes
        sources = set()
        if predecessor is not None:
            sources = {a.id for a in notes.annotations_for(predecessor)}
        stale = []
        for copy in notes.annotations_for(version_id):
            if copy.carried_from is None or copy.carried_from in sources:
                continue
            source = gone.get(copy.carried_from) or notes.find_annotation(copy.carried_from)
            if source is not None and copy.content() == source.content():
                stale.append(Change(copy, None))
        changes = ChangeSet(tuple(stale))
        notes._apply_in_transaction(changes)
        gone.update({a.id: a for a in changes.removed})
        return changes

    def annotate(
        self, version_id: int, paragraph_id: str, status: Status = Status.OPEN, **values: Any
    ) -> ChangeSet:
        """`NegotiationFile.add_annotation`, then carried on through the later rounds; undo
        with `apply(changes.inverted())`."""
        added = self._notes.add_annotation(version_id, paragraph_id, status, **values)
        return _joined([added, self.carry_forward(version_id)])

    def update_annotation(self, annotation_id: str, **values: Any) -> ChangeSet:
        """`NegotiationFile.update_annotation`, followed by the copies carried from it in later
        rounds that nobody edited since (and theirs, down the chain): changing the status noted
        in round 2 changes it on the paragraph's descendant in round 7. A copy edited in its
        own round keeps its own words."""
        notes = self._notes
        changes = notes.update_annotation(annotation_id, **values)
        followers: list[Change] = []
        frontier = [(c.before, c.after) for c in changes.updated]
        while frontier:
            before, after = frontier.pop()
            assert before is not None and after is not None
            for copy in self._unedited_copies(before):
                moved = replace(
                    copy,
                    status=after.status,
                    note=after.note,
                    positions=after.positions,
                    author=after.author,
                    modified=after.modified,
                )
                followers.append(Change(copy, moved))
                frontier.append((copy, moved))
        follow = ChangeSet(tuple(followers))
        notes.apply(follow)
        return _joined([changes, follow])

    def delete_annotation(self, annotation_id: str) -> ChangeSet:
        """`NegotiationFile.delete_annotation` with the unedited copies carried from it in
        later rounds (and theirs): an edited copy stays."""
        notes = self._notes
        removed: list[Change] = []
        frontier = [notes.annotation(annotation_id)]
        while frontier:
            source = frontier.pop()
            removed.append(Change(source, None))
            frontier.extend(self._unedited_copies(source))
        # The copies first, so that undo (the inverse, in reverse) restores sources first.
        changes = ChangeSet(tuple(reversed(removed)))
        notes.apply(changes)
        return changes

    def _unedited_copies(self, source: Annotation) -> list[Annotation]:
        return [
            copy
            for copy in self._notes._read("a.carried_from = ?", (source.id,))
            if copy.content() == source.content()
        ]

    def set_links(
        self, old_version: int, new_version: int, links: Sequence[ManualLink]
    ) -> ChangeSet:
        """`NegotiationFile.set_links` (which re-carries the pair when it is consecutive), then
        carried on through the later rounds."""
        changes = self._notes.set_links(old_version, new_version, links)
        previous = self._notes.predecessor(new_version)
        if previous is None or previous.id != old_version:
            return changes
        return _joined([changes, self._carry_forward(new_version, changes.removed)])

    # --- helpers ----------------------------------------------------------------------------

    def _key(self, old_version: int, new_version: int, links: Sequence[ManualLink]) -> str:
        notes = self._notes
        return alignments.alignment_key(
            notes.version(old_version).sha256,
            notes.version(new_version).sha256,
            links,
            notes._aligner,
        )

    def _save(self, old_version: int, new_version: int, key: str, entries: str) -> None:
        notes = self._notes
        if notes.read_only:
            # A read-only file is a snapshot in memory: keep the alignment for this session.
            alignments.save(notes._conn, old_version, new_version, key, entries)
            return
        with notes._transaction() as db:
            alignments.save(db, old_version, new_version, key, entries)


def _joined(change_sets: Sequence[ChangeSet]) -> ChangeSet:
    return ChangeSet(
        tuple(c for changes in change_sets for c in changes.annotations),
        tuple(link for changes in change_sets for link in changes.links),
    )
