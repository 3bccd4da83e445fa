"""Core layer: the lineage of paragraphs through the rounds of a negotiation.

A resolution goes zero draft → Rev.1 → Rev.2 → … → L. document → adopted (../shared/DOMAIN.md);
negotiators ask "what did OP5 say in the zero draft, and which round changed it?". Given the
rounds in order and the `Comparison` of each round with the next, `Lineage` links every
paragraph to its ancestors and descendants through renumbering, moves, splits and merges: the
entries of consecutive comparisons are the edges of a graph whose nodes are (round, paragraph
id), and a paragraph's chain is what can be reached from it going back, or going forward, only.

`history(round, paragraph_id)` gives one `HistoryStep` per round: the paragraph's ids there, its
text, and the redline from the round before — what a history panel or a history table shows.
Pure data in, data out: the rounds and comparisons come from the caller (the negotiation file
keeps them), so the same function serves the app, the CLI and the exporters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from diffing.model import (
    PARAGRAPH_SEPARATOR,
    AlignedEntry,
    Comparison,
    DiffOp,
    Document,
    Relation,
)


class LineageError(ValueError):
    """The rounds and comparisons given do not fit together."""


@dataclass(frozen=True, kw_only=True)
class HistoryStep:
    """One round of a paragraph's history."""

    round: int
    """Index of the round, 0 for the first."""
    label: str
    """The round's name ("Zero draft", "Rev.1")."""
    paragraph_ids: tuple[str, ...]
    """The paragraph's ids in this round: none when it did not exist yet (or no more), several
    after a split or before a merge."""
    text: str
    """The texts of those paragraphs joined with PARAGRAPH_SEPARATOR ("" when none)."""
    relation: Relation | None
    """How this round's paragraphs came from the previous round's (None for the first round)."""
    diff: tuple[DiffOp, ...]
    """The redline from the previous round's text to this one's; () for the first round."""
    changed: bool
    """True when this round changed the paragraph's words (or added or removed it)."""
    previous_ids: tuple[str, ...] = ()
    """The ids in the round before that these paragraphs came from (() for the first round
    and for a paragraph new in this round): "OP9" for the parts OP10 + OP11 of a split, where
    the previous step may show more (a split part's history shows the whole split)."""


class Lineage:
    """Chains of paragraphs through consecutive rounds (see the module docstring).

    `rounds` are the documents in order, `labels` their names, `comparisons[k]` compares
    `rounds[k]` with `rounds[k + 1]`. Raises `LineageError` when the counts do not fit or a
    comparison is not of the documents it stands between."""

    def __init__(
        self,
        rounds: Sequence[Document],
        comparisons: Sequence[Comparison],
        labels: Sequence[str] | None = None,
    ) -> None:
        if len(comparisons) != max(0, len(rounds) - 1):
            raise LineageError(
                f"{len(rounds)} rounds need {max(0, len(rounds) - 1)} comparisons, "
                f"not {len(comparisons)}"
            )
        for index, comparison in enumerate(comparisons):
            if comparison.old is not rounds[index] or comparison.new is not rounds[index + 1]:
                old_ids = [p.id for p in comparison.old.paragraphs]
                new_ids = [p.id for p in comparison.new.paragraphs]
                if old_ids != [p.id for p in rounds[index].paragraphs] or new_ids != [
                    p.id for p in rounds[index + 1].paragraphs
                ]:
                    raise LineageError(f"comparison {index} is not of rounds {index}, {index + 1}")
        self.rounds = tuple(rounds)
        self.comparisons = tuple(comparisons)
        self.labels = (
            tuple(labels)
            if labels is not None
            else tuple(f"Round {k + 1}" for k in range(len(rounds)))
        )
        if len(self.labels) != len(self.rounds):
            raise LineageError("one label per round")
        self._places = [{p.id: k for k, p in enumerate(r.paragraphs)} for r in self.rounds]
        # entry index per paragraph id, going forward (old side) and back (new side)
        self._by_old: list[dict[str, AlignedEntry]] = []
        self._by_new: list[dict[str, AlignedEntry]] = []
        for comparison in self.comparisons:
            by_old: dict[str, AlignedEntry] = {}
            by_new: dict[str, AlignedEntry] = {}
            for entry in comparison.entries:
                for paragraph_id in entry.old:
                    by_old[paragraph_id] = entry
                for paragraph_id in entry.new:
                    by_new[paragraph_id] = entry
            self._by_old.append(by_old)
            self._by_new.append(by_new)

    def ancestors(self, round_index: int, paragraph_ids: Iterable[str]) -> list[tuple[str, ...]]:
        """The paragraph's ids in every round up to `round_index`, first round first."""
        chain = [self._ordered(round_index, set(paragraph_ids))]
        for index in range(round_index - 1, -1, -1):
            entries = self._entries(self._by_new[index], chain[0])
            chain.insert(0, self._ordered(index, {o for e in entries for o in e.old}))
        return chain

    def descendants(self, round_index: int, paragraph_ids: Iterable[str]) -> list[tuple[str, ...]]:
        """The paragraph's ids in every round from `round_index` on, in order."""
        chain = [self._ordered(round_index, set(paragraph_ids))]
        for index in range(round_index, len(self.comparisons)):
            entries = self._entries(self._by_old[index], chain[-1])
            chain.append(self._ordered(index + 1, {n for e in entries for n in e.new}))
        return chain

    def chain(self, round_index: int, paragraph_id: str) -> list[tuple[str, ...]]:
        """The paragraph's ids in every round: its ancestors, then its descendants."""
        back = self.ancestors(round_index, [paragraph_id])
        forward = self.descendants(round_index, [paragraph_id])
        return back[:-1] + forward

    def history(self, round_index: int, paragraph_id: str) -> tuple[HistoryStep, ...]:
        """The paragraph's text in every round with the redline between consecutive rounds.

        Raises KeyError when `paragraph_id` is not a paragraph of round `round_index`."""
        document = self.rounds[round_index]
        document.paragraph(paragraph_id)  # KeyError for an unknown id
        ids_per_round = self.chain(round_index, paragraph_id)
        steps: list[HistoryStep] = []
        for index, ids in enumerate(ids_per_round):
            text = PARAGRAPH_SEPARATOR.join(self.rounds[index].paragraph(i).text for i in ids)
            if index == 0:
                steps.append(
                    HistoryStep(
                        round=0,
                        label=self.labels[0],
                        paragraph_ids=ids,
                        text=text,
                        relation=None,
                        diff=(),
                        changed=False,
                    )
                )
                continue
            previous = ids_per_round[index - 1]
            entries = self._entries(self._by_new[index - 1], ids) or self._entries(
                self._by_old[index - 1], previous
            )
            if ids and entries:
                # A part of a split shows the whole split, so the redline reads as the text.
                ids = self._ordered(index, {n for e in entries for n in e.new})
                text = PARAGRAPH_SEPARATOR.join(self.rounds[index].paragraph(i).text for i in ids)
            steps.append(
                HistoryStep(
                    round=index,
                    label=self.labels[index],
                    paragraph_ids=ids,
                    text=text,
                    relation=_relation(entries, previous, ids),
                    diff=tuple(op for entry in entries for op in entry.diff),
                    changed=any(e.changed or not (e.old and e.new) for e in entries),
                    previous_ids=self._ordered(index - 1, {o for e in entries for o in e.old}),
                )
            )
        return tuple(steps)

    def rounds_that_changed(self, round_index: int, paragraph_id: str) -> tuple[str, ...]:
        """Labels of the rounds whose edits touched the paragraph, in order."""
        return tuple(s.label for s in self.history(round_index, paragraph_id) if s.changed)

    def _ordered(self, round_index: int, ids: set[str]) -> tuple[str, ...]:
        """`ids` in the round's reading order."""
        place = self._places[round_index]
        return tuple(sorted((i for i in ids if i in place), key=place.__getitem__))

    @staticmethod
    def _entries(index: dict[str, AlignedEntry], ids: Iterable[str]) -> list[AlignedEntry]:
        found: dict[int, AlignedEntry] = {}
        for paragraph_id in ids:
            entry = index.get(paragraph_id)
            if entry is not None:
                found.setdefault(id(entry), entry)
        return list(found.values())


def _relation(
    entries: Sequence[AlignedEntry], previous: tuple[str, ...], ids: tuple[str, ...]
) -> Relation:
    if not previous:
        return Relation.INSERTED
    if not ids:
        return Relation.DELETED
    if len(entries) == 1:
        return entries[0].relation
    return Relation.MODIFIED if any(e.changed for e in entries) else Relation.UNCHANGED


def lineage_links(lineage: Lineage, first: int, last: int) -> frozenset[tuple[str, str]]:
    """Every (paragraph id in round `first`, paragraph id in round `last`) on one chain: what a
    drafter would link comparing those two rounds directly (used to check lineage)."""
    links: set[tuple[str, str]] = set()
    for paragraph in lineage.rounds[first].paragraphs:
        chain = lineage.descendants(first, [paragraph.id])
        for descendant in chain[last - first]:
            links.add((paragraph.id, descendant))
    return frozenset(links)
