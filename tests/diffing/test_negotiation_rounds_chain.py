"""Annotations follow the whole chain of rounds (issue 15): made in one round, they show on the
paragraph's descendants rounds later — through renumbering, moves, splits and merges, checked
against the generator's truth over five rounds — and "text changed since agreed" holds through
any number of rounds until the new wording is acknowledged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from diffing.lineage import lineage_links
from diffing.model import Document, ManualLink, Relation
from diffing.negotiation import NegotiationFile, Status
from tests.diffing.negotiation_support import Clock
from tests.helpers.generator import GeneratedPair, _related, corpus_documents, next_version

ROUNDS = 5  # five rounds after the first: six in the file


def _pairs(start: int) -> list[GeneratedPair]:
    documents = corpus_documents()
    document = documents[start]
    donors = [d for d in documents if d is not document and not _related(d, document)]
    pairs: list[GeneratedPair] = []
    current = document
    for k in range(ROUNDS):
        pair = next_version(current, seed=100 * start + k, donors=donors)
        pairs.append(pair)
        current = pair.new
    return pairs


def _descendants(pairs: list[GeneratedPair], first: int) -> dict[str, set[str]]:
    """Truth: each paragraph of round `first` (0-based) -> its ids in the last round."""
    reach = {p.id: {p.id} for p in pairs[first].old.paragraphs} if first < len(pairs) else {}
    for pair in pairs[first:]:
        step: dict[str, set[str]] = {}
        for old_id, new_id in pair.links:
            step.setdefault(old_id, set()).add(new_id)
        reach = {k: {n for m in v for n in step.get(m, ())} for k, v in reach.items()}
    return {k: v for k, v in reach.items() if v}


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


@pytest.fixture(scope="module", params=range(3), ids=lambda start: f"chain{start}")
def chain(request: pytest.FixtureRequest) -> list[GeneratedPair]:
    return _pairs(int(request.param))


@pytest.fixture
def notes(tmp_path: Path) -> Iterator[NegotiationFile]:
    with NegotiationFile.create(tmp_path / "rounds.redline", clock=Clock()) as notes:
        yield notes


def _add_all(notes: NegotiationFile, rounds: list[Document], texts: list[str]) -> list[int]:
    return [
        notes.rounds.add_document(d, t.encode("utf-8"), label=f"Rev.{k}").version_id
        for k, (d, t) in enumerate(zip(rounds, texts, strict=True))
    ]


def test_annotations_made_in_the_first_round_reach_the_sixth_along_the_truth(
    notes: NegotiationFile, chain: list[GeneratedPair]
) -> None:
    relations = {r for pair in chain for _, _, r in pair.truth}
    assert {Relation.SPLIT, Relation.MERGED, Relation.MOVED} <= relations
    first = notes.rounds.add_document(chain[0].old, chain[0].old_text.encode(), label="Zero")
    for paragraph in chain[0].old.paragraphs:
        notes.add_annotation(first.version_id, paragraph.id, Status.AGREED, note=paragraph.id)
    ids = _add_all(notes, [p.new for p in chain], [p.new_text for p in chain])
    _check_last_round(notes, chain, 0, ids[-1], chain[0].old)


def test_an_annotation_made_in_round_two_later_shows_in_round_six(
    notes: NegotiationFile, chain: list[GeneratedPair]
) -> None:
    """Annotating an earlier round once the later rounds exist carries it through them all."""
    ids = _add_all(
        notes,
        [chain[0].old, *(p.new for p in chain)],
        [chain[0].old_text, *(p.new_text for p in chain)],
    )
    second = notes.document(ids[1])
    for paragraph in second.paragraphs:
        notes.rounds.annotate(ids[1], paragraph.id, Status.AGREED_AD_REF, note=paragraph.id)
    assert not notes.annotations_for(ids[0])
    _check_last_round(notes, chain, 1, ids[-1], second)


def _check_last_round(
    notes: NegotiationFile,
    chain: list[GeneratedPair],
    first: int,
    last_id: int,
    annotated: Document,
) -> None:
    expected = _descendants(chain, first)
    last = chain[-1].new
    found: dict[str, set[str]] = {}
    for annotation in notes.annotations_for(last_id):
        found.setdefault(annotation.note, set()).add(annotation.paragraph_id)
        # Anchored to the annotated round's text: flagged exactly when the words differ now.
        original = annotated.paragraph(annotation.note).text
        changed = not _same_words(last.paragraph(annotation.paragraph_id).text, original)
        assert annotation.flag == ("text changed since agreed" if changed else None), annotation
    assert found == expected
    assert len(found) >= len(annotated.paragraphs) // 2  # most paragraphs live through the chain


def test_agreed_text_changed_three_rounds_later_is_flagged_until_acknowledged(
    notes: NegotiationFile,
) -> None:
    chain = _pairs(0)
    ids = _add_all(
        notes,
        [chain[0].old, *(p.new for p in chain)],
        [chain[0].old_text, *(p.new_text for p in chain)],
    )
    lineage = notes.rounds.lineage()
    # A paragraph of round 2 kept word for word in round 3, changed later, still there in 6.
    candidates = []
    for paragraph in notes.document(ids[1]).paragraphs:
        steps = lineage.history(1, paragraph.id)
        if (
            all(len(s.paragraph_ids) == 1 for s in steps[1:])
            and not steps[2].changed
            and any(s.changed for s in steps[3:])
        ):
            candidates.append(paragraph.id)
    assert candidates, "the chain holds no paragraph changed after round 3"
    target = candidates[0]
    changes = notes.rounds.annotate(ids[1], target, Status.AGREED, note="agreed in Rev.1")
    history = notes.rounds.history(ids[1], target)
    flags = [[a.flag for a in step.annotations] for step in history]
    assert flags[0] == []  # nothing in the round before it was annotated
    assert flags[1] == [None] and flags[2] == [None]
    changed_at = next(k for k in range(3, len(history)) if history[k].step.changed)
    assert all(f == ["text changed since agreed"] for f in flags[changed_at:])
    # The drafter acknowledges the new wording in the last round: flag gone there only.
    (last,) = history[-1].annotations
    acknowledged = notes.acknowledge(last.id)
    history = notes.rounds.history(ids[-1], history[-1].step.paragraph_ids[0])
    assert [a.flag for a in history[-1].annotations] == [None]
    assert history[-2].annotations[0].flag == "text changed since agreed"
    # Undo both: the annotation's undo takes away every copy down the chain.
    notes.apply(acknowledged.inverted())
    notes.apply(changes.inverted())
    assert all(not step.annotations for step in notes.rounds.history(ids[1], target)[:-1])


def test_a_relink_in_the_middle_of_the_chain_moves_the_copies_after_it(
    notes: NegotiationFile,
) -> None:
    chain = _pairs(1)
    ids = _add_all(
        notes,
        [chain[0].old, *(p.new for p in chain)],
        [chain[0].old_text, *(p.new_text for p in chain)],
    )
    third = notes.document(ids[2])
    fourth = notes.document(ids[3])
    # Annotate a paragraph that lives on through round 4, then force it onto another one there.
    lineage = notes.rounds.lineage()
    source = next(
        p.id
        for p in third.paragraphs
        if p.id.startswith("OP") and len(lineage.descendants(2, [p.id])[1]) == 1
    )
    (aligned,) = lineage.descendants(2, [source])[1]
    other = next(p.id for p in fourth.paragraphs if p.id.startswith("OP") and p.id != aligned)
    notes.rounds.annotate(ids[2], source, Status.BRACKETED, note="G77 objects")
    notes.rounds.set_links(ids[2], ids[3], [ManualLink((source,), (other,))])
    relinked = notes.rounds.lineage()
    expected = set(relinked.descendants(2, [source])[-1])
    assert other in relinked.descendants(2, [source])[1]
    found = {a.paragraph_id for a in notes.annotations_for(ids[-1]) if a.note == "G77 objects"}
    assert found == expected


def test_changes_to_an_annotation_follow_its_unedited_copies_down_the_chain(
    notes: NegotiationFile,
) -> None:
    chain = _pairs(2)
    ids = _add_all(
        notes,
        [chain[0].old, *(p.new for p in chain)],
        [chain[0].old_text, *(p.new_text for p in chain)],
    )
    lineage = notes.rounds.lineage()
    target = next(
        p.id
        for p in chain[0].old.paragraphs
        if p.id.startswith("OP") and all(len(ids) == 1 for ids in lineage.descendants(0, [p.id]))
    )
    (original,) = notes.rounds.annotate(
        ids[0], target, Status.UNDER_DISCUSSION, note="EU to propose"
    ).added[:1]

    def seen() -> list[tuple[str, str]]:
        """(status, note) on the paragraph in every round."""
        out = []
        for step in notes.rounds.history(ids[0], target):
            (annotation,) = step.annotations
            out.append((annotation.status.value, annotation.note))
        return out

    assert seen() == [("under discussion", "EU to propose")] * 6
    notes.rounds.update_annotation(original.id, status=Status.AGREED_AD_REF)
    assert seen() == [("agreed ad ref", "EU to propose")] * 6
    # Round 3 notes something of its own: the rounds after it follow round 3 from then on...
    third = notes.rounds.history(ids[0], target)[2].annotations[0]
    notes.rounds.update_annotation(third.id, status=Status.REOPENED, note="G77 reopens")
    assert seen() == [("agreed ad ref", "EU to propose")] * 2 + [("reopened", "G77 reopens")] * 4
    # ...and a later change in round 1 stops at round 3's own words.
    changes = notes.rounds.update_annotation(original.id, status=Status.AGREED)
    assert seen() == [("agreed", "EU to propose")] * 2 + [("reopened", "G77 reopens")] * 4
    notes.apply(changes.inverted())
    assert seen() == [("agreed ad ref", "EU to propose")] * 2 + [("reopened", "G77 reopens")] * 4
    # Deleting it takes its unedited copies; round 3's own annotation and its copies stay.
    deleted = notes.rounds.delete_annotation(original.id)
    steps = notes.rounds.history(ids[0], target)
    assert [len(step.annotations) for step in steps] == [0, 0, 1, 1, 1, 1]
    notes.apply(deleted.inverted())
    assert seen() == [("agreed ad ref", "EU to propose")] * 2 + [("reopened", "G77 reopens")] * 4


def test_the_stored_lineage_of_six_rounds_is_the_truth_without_aligning_again(
    tmp_path: Path, chain: list[GeneratedPair], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Precision and recall 1.0 from what the file stores: reopened with aligning made
    impossible, the lineage of six rounds links exactly what the generator's truth does."""
    path = tmp_path / "stored.redline"
    with NegotiationFile.create(path, clock=Clock()) as notes:
        _add_all(
            notes,
            [chain[0].old, *(p.new for p in chain)],
            [chain[0].old_text, *(p.new_text for p in chain)],
        )

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the stored alignments should have been used")

    monkeypatch.setattr("diffing.compare.compare", refuse)
    with NegotiationFile.open(path, read_only=True) as notes:
        lineage = notes.rounds.lineage()
    truth = {(p.id, p.id) for p in chain[0].old.paragraphs}
    for pair in chain:
        truth = {(a, c) for a, b in truth for b2, c in pair.links if b == b2}
    found = lineage_links(lineage, 0, ROUNDS)
    assert found == truth, f"missing {sorted(truth - found)[:5]}, extra {sorted(found - truth)[:5]}"
