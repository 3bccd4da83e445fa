"""Lineage of paragraphs through many rounds (issue 15): chains through renumbering, moves,
splits and merges, checked against the generator's truth and on the corpus 10/2 → 11/6."""

from __future__ import annotations

import pytest

from diffing.compare import compare
from diffing.lineage import Lineage, LineageError, lineage_links
from diffing.model import DELETE, INSERT, Document, Relation
from diffing.readers import read_document
from tests.helpers import corpus
from tests.helpers.generator import GeneratedPair, _related, corpus_documents, next_version

ROUNDS = 6


def _chain(start: int, rate: float = 1.0) -> list[GeneratedPair]:
    documents = corpus_documents()
    document = documents[start]
    donors = [d for d in documents if d is not document and not _related(d, document)]
    pairs: list[GeneratedPair] = []
    current = document
    for k in range(ROUNDS):
        pair = next_version(current, seed=100 * start + k, donors=donors, rate=rate)
        pairs.append(pair)
        current = pair.new
    return pairs


def _lineage(pairs: list[GeneratedPair]) -> Lineage:
    rounds: list[Document] = [pairs[0].old, *(pair.new for pair in pairs)]
    comparisons = [compare(rounds[k], rounds[k + 1]) for k in range(len(pairs))]
    return Lineage(rounds, comparisons, [f"Rev.{k}" for k in range(len(rounds))])


@pytest.mark.parametrize("start", range(4))
def test_six_generated_rounds_give_the_true_lineage(start: int) -> None:
    pairs = _chain(start)
    lineage = _lineage(pairs)
    truth = set(pairs[0].links)
    for pair in pairs[1:]:
        truth = {(a, c) for a, b in truth for b2, c in pair.links if b == b2}
    found = lineage_links(lineage, 0, ROUNDS)
    assert truth, "the generator kept no paragraph through six rounds"
    missing, extra = truth - found, found - truth
    assert not missing and not extra, f"missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"


def test_the_generated_rounds_hold_splits_merges_and_moves() -> None:
    relations = {r for start in range(4) for p in _chain(start) for _, _, r in p.truth}
    assert {Relation.SPLIT, Relation.MERGED, Relation.MOVED} <= relations


def _corpus_lineage() -> Lineage:
    draft = read_document(corpus.COP_10_2_DRAFT)
    successor = read_document(corpus.COP_11_6)
    return Lineage([draft, successor], [compare(draft, successor)], ["10/2 draft", "11/6"])


def test_the_split_operative_paragraph_has_both_parts_as_descendants() -> None:
    lineage = _corpus_lineage()
    assert lineage.chain(0, "OP9") == [("OP9",), ("OP10", "OP11")]
    assert lineage.chain(1, "OP11") == [("OP9",), ("OP11",)]
    # Its history shows the whole split, so the redline reads as the texts do.
    _, split = lineage.history(1, "OP11")
    assert split.paragraph_ids == ("OP10", "OP11") and split.relation is Relation.SPLIT
    assert "".join(text for op, text in split.diff if op != DELETE) == split.text


def test_history_shows_text_per_round_and_the_redline_between() -> None:
    lineage = _corpus_lineage()
    first, second = lineage.history(1, "OP4")
    assert first.paragraph_ids == ("OP3",) and first.label == "10/2 draft" and first.diff == ()
    assert second.paragraph_ids == ("OP4",) and second.relation is Relation.MODIFIED
    old = "".join(text for op, text in second.diff if op != INSERT)
    new = "".join(text for op, text in second.diff if op != DELETE)
    assert old == first.text and new == second.text
    assert lineage.rounds_that_changed(1, "OP4") == ("11/6",)


def test_a_new_paragraph_has_no_ancestor() -> None:
    lineage = _corpus_lineage()
    first, second = lineage.history(1, "OP3")
    assert first.paragraph_ids == () and first.text == ""
    assert second.relation is Relation.INSERTED and second.changed


def test_an_unknown_paragraph_and_mismatched_rounds_are_refused() -> None:
    lineage = _corpus_lineage()
    with pytest.raises(KeyError):
        lineage.history(1, "OP99")
    draft = read_document(corpus.COP_10_2_DRAFT)
    with pytest.raises(LineageError):
        Lineage([draft, draft, draft], [compare(draft, draft)])


@pytest.mark.parametrize("start", range(2))
def test_each_step_names_the_paragraphs_it_came_from_as_the_generator_made_them(
    start: int,
) -> None:
    """What "OP9 → OP10 + OP11 (split)" is made of: the previous round's ids of the entries
    leading to a step, not the whole previous step (which shows a split whole)."""
    pairs = _chain(start)
    lineage = _lineage(pairs)
    checked = set()
    for k, pair in enumerate(pairs, start=1):
        came_from: dict[str, set[str]] = {}
        for old_id, new_id in pair.links:
            came_from.setdefault(new_id, set()).add(old_id)
        for paragraph in pair.new.paragraphs:
            step = lineage.history(k, paragraph.id)[k]
            truth = {o for new_id in step.paragraph_ids for o in came_from.get(new_id, ())}
            assert set(step.previous_ids) == truth, (k, paragraph.id)
            if step.relation is not None:
                checked.add(step.relation)
    assert {Relation.SPLIT, Relation.MERGED, Relation.INSERTED} <= checked
    assert lineage.history(0, pairs[0].old.paragraphs[0].id)[0].previous_ids == ()
