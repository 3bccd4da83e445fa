"""Carrying annotations to the next version: they follow their paragraph through renumbering,
are flagged when its wording changed since, follow a manual relink, reach a third version, and
(on the real 10/2 -> 11/6 pair) land on the successor paragraphs a drafter would point to."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.model import AlignedEntry, Comparison, Document, ManualLink, Relation, Span
from diffing.negotiation import Aligner, NegotiationFile, Position, Stance, Status
from diffing.readers import read_document
from tests.diffing.negotiation_support import OPERATIVE, PREAMBLE, Clock, resolution, source_of
from tests.helpers import corpus
from tests.helpers.generator import next_version

V1 = resolution(PREAMBLE, OPERATIVE, "zero.txt")
# Rev.1: a new OP1 renumbers every operative paragraph; old OP3 is lightly edited, old OP4
# rewritten in part.
_OP2 = ["Welcomes the report of the Working Group on Firearms;", *OPERATIVE]
_OP2[3] = _OP2[3].replace("continue providing", "continue to provide")
_OP2[4] = (
    "Invites States parties to designate national and regional focal points on firearms and "
    "ammunition;"
)
V2 = resolution(PREAMBLE, _OP2, "rev1.txt")
# Rev.2: OP3 (old OP2) replaced by a new text the aligner cannot pair with it.
_OP3 = list(_OP2)
_OP3[2] = (
    "Calls upon States parties to establish a practice of sharing information with neighbouring "
    "countries on cross-border movements of weapons, which has nothing in common with before;"
)
V3 = resolution(PREAMBLE, _OP3, "rev2.txt")


def by_paragraph(notes: NegotiationFile, version: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for annotation in notes.annotations_for(version):
        found.setdefault(annotation.paragraph_id, []).append(annotation.note)
    return found


@pytest.fixture
def notes(tmp_path: Path) -> NegotiationFile:
    notes = NegotiationFile.create(tmp_path / "talks.redline", clock=Clock())
    yield notes
    notes.close()


def test_renumbered_paragraphs_keep_their_annotations(notes: NegotiationFile) -> None:
    v1 = notes.add_version(V1, source_of(V1), None, "Zero draft")
    notes.add_annotation(v1, "OP1", Status.AGREED, note="criminalize")
    notes.add_annotation(v1, "OP3", Status.AGREED_AD_REF, note="budget")
    notes.add_annotation(
        v1,
        "OP4",
        Status.UNDER_DISCUSSION,
        note="focal points",
        positions=[Position("EU", Stance.AMEND, "national and regional")],
    )
    notes.add_annotation(v1, "PP2", Status.BRACKETED, note="links", span=Span(0, 15))

    v2 = notes.add_version(V2, source_of(V2), None, "Rev.1")

    assert by_paragraph(notes, v2) == {
        "PP2": ["links"],
        "OP2": ["criminalize"],
        "OP4": ["budget"],
        "OP5": ["focal points"],
    }
    flags = {a.paragraph_id: a.flag for a in notes.annotations_for(v2)}
    assert flags == {
        "PP2": None,
        "OP2": None,
        "OP4": "text changed since agreed",
        "OP5": "text changed since annotated",
    }
    op5 = notes.annotations_for(v2, "OP5")[0]
    assert op5.positions == (Position("EU", Stance.AMEND, "national and regional"),)
    assert op5.anchor_text == V1.paragraph("OP4").text
    assert notes.annotations_for(v2, "PP2")[0].span == Span(0, 15)
    # The earlier round keeps its own annotations untouched.
    assert by_paragraph(notes, v1)["OP3"] == ["budget"]
    assert notes.annotations_for(v1, "OP3")[0].flag is None
    board = notes.dashboard(v2)
    assert board.line == "2 of 10 paragraphs agreed (1 ad ref); 1 bracketed; 1 changed since agreed"


def test_acknowledging_the_new_wording_clears_the_flag(notes: NegotiationFile) -> None:
    v1 = notes.add_version(V1, source_of(V1))
    notes.add_annotation(v1, "OP3", Status.AGREED)
    v2 = notes.add_version(V2, source_of(V2))
    (carried,) = notes.annotations_for(v2, "OP4")
    assert carried.flag == "text changed since agreed"
    changes = notes.acknowledge(carried.id)
    assert notes.annotation(carried.id).flag is None
    assert notes.annotation(carried.id).anchor_text == V2.paragraph("OP4").text
    notes.apply(changes.inverted())
    assert notes.annotation(carried.id).flag == "text changed since agreed"


def test_a_span_follows_its_words_when_text_is_inserted_before_them(
    notes: NegotiationFile,
) -> None:
    v1 = notes.add_version(V1, source_of(V1))
    text = V1.paragraph("OP4").text
    start = text.index("focal points")
    notes.add_annotation(v1, "OP4", Status.BRACKETED, span=Span(start, start + 12))
    v2 = notes.add_version(V2, source_of(V2))
    (carried,) = notes.annotations_for(v2, "OP5")
    assert carried.span is not None
    new_text = V2.paragraph("OP5").text
    assert new_text[carried.span.start : carried.span.end] == "focal points"
    assert carried.span.start != start


def test_manual_relink_recarries_and_undoes(notes: NegotiationFile) -> None:
    v1 = notes.add_version(V1, source_of(V1))
    v2 = notes.add_version(V2, source_of(V2))
    notes.add_annotation(v2, "OP3", Status.AGREED, note="data sharing")
    notes.add_annotation(v2, "OP1", Status.OPEN, note="welcome")
    v3 = notes.add_version(V3, source_of(V3))
    # The aligner sees OP3 deleted and a new OP3 inserted: the annotation has nowhere to go.
    assert by_paragraph(notes, v3) == {"OP1": ["welcome"]}
    assert notes.predecessor(v3) is not None and notes.predecessor(v3).id == v2  # type: ignore[union-attr]
    assert notes.links(v1, v2) == ()

    relinked = notes.set_links(v2, v3, [ManualLink(("OP3",), ("OP3",))])
    assert notes.links(v2, v3) == (ManualLink(("OP3",), ("OP3",)),)
    assert by_paragraph(notes, v3) == {"OP1": ["welcome"], "OP3": ["data sharing"]}
    assert notes.annotations_for(v3, "OP3")[0].flag == "text changed since agreed"

    notes.apply(relinked.inverted())  # undo
    assert notes.links(v2, v3) == ()
    assert by_paragraph(notes, v3) == {"OP1": ["welcome"]}
    notes.apply(relinked)  # redo
    assert by_paragraph(notes, v3) == {"OP1": ["welcome"], "OP3": ["data sharing"]}

    # Unlinking a pairing removes the copy nobody touched...
    notes.set_links(
        v2, v3, [ManualLink(("OP3",), ("OP3",)), ManualLink(("OP1",), ("OP1",), unlink=True)]
    )
    assert by_paragraph(notes, v3) == {"OP3": ["data sharing"]}


def test_relink_moves_an_edited_copy_instead_of_dropping_it(notes: NegotiationFile) -> None:
    v1 = notes.add_version(V1, source_of(V1))
    notes.add_annotation(v1, "OP4", Status.UNDER_DISCUSSION, note="focal points")
    v2 = notes.add_version(V2, source_of(V2))
    (copy,) = notes.annotations_for(v2, "OP5")
    notes.update_annotation(copy.id, note="focal points: EU wants regional too")
    # The drafter decides old OP4 really became new OP6.
    notes.set_links(v1, v2, [ManualLink(("OP4",), ("OP6",))])
    assert by_paragraph(notes, v2) == {"OP6": ["focal points: EU wants regional too"]}
    assert notes.annotations_for(v2, "OP6")[0].id == copy.id


def test_annotations_reach_a_third_version(notes: NegotiationFile) -> None:
    v1 = notes.add_version(V1, source_of(V1), None, "Zero draft")
    notes.add_annotation(v1, "OP2", Status.AGREED_IN_INFORMALS, note="data")
    notes.add_annotation(v1, "OP5", Status.AGREED, note="seized")
    v2 = notes.add_version(V2, source_of(V2), None, "Rev.1")
    (on_op6,) = notes.annotations_for(v2, "OP6")
    notes.update_annotation(on_op6.id, status=Status.REOPENED, note="seized: Russia reopened")
    v3 = notes.add_version(V3, source_of(V3), None, "Rev.2")

    # OP3 was rewritten beyond recognition in Rev.2; OP6 came through unchanged.
    assert by_paragraph(notes, v3) == {"OP6": ["seized: Russia reopened"]}
    chain = notes.annotations_for(v3, "OP6")[0]
    assert chain.status is Status.REOPENED and chain.flag is None
    assert notes.annotation(chain.carried_from or "").version_id == v2
    assert [v.label for v in notes.versions()] == ["Zero draft", "Rev.1", "Rev.2"]
    assert notes.dashboard(v3).line == "0 of 10 paragraphs agreed; 1 reopened"


def test_reopened_file_recarries_the_same_copies(tmp_path: Path) -> None:
    path = tmp_path / "talks.redline"
    with NegotiationFile.create(path) as notes:
        v1 = notes.add_version(V1, source_of(V1))
        notes.add_annotation(v1, "OP3", Status.AGREED)
        v2 = notes.add_version(V2, source_of(V2))
        ids = [a.id for a in notes.annotations_for(v2)]
    with NegotiationFile.open(path) as notes:
        assert not notes.carry(v1, v2)  # already carried: nothing to do
        assert [a.id for a in notes.annotations_for(v2)] == ids


def test_corpus_successor_resolution_carries_to_the_aligned_paragraphs(tmp_path: Path) -> None:
    with NegotiationFile.create(tmp_path / "firearms.redline", clock=Clock()) as notes:
        old = notes.add_version_from_file(corpus.COP_10_2_DRAFT, "10/2 draft")
        notes.add_annotation(old, "OP3", Status.AGREED, note="tracing")
        notes.add_annotation(old, "OP9", Status.BRACKETED, note="split later")
        notes.add_annotation(old, "OP11", Status.UNDER_DISCUSSION, note="dropped later")
        notes.add_annotation(old, "PP7", Status.AGREED, note="unchanged")
        new = notes.add_version_from_file(corpus.COP_11_6, "11/6")

        old_doc, new_doc = notes.document(old), notes.document(new)
        comparison = compare(old_doc, new_doc)
        expected: dict[str, set[str]] = {}
        for entry in comparison.entries:
            for old_id in entry.old:
                if old_id in {"OP3", "OP9", "OP11", "PP7"} and entry.new:
                    expected.setdefault(old_id, set()).update(entry.new)
        carried: dict[str, set[str]] = {}
        for annotation in notes.annotations_for(new):
            source = notes.annotation(annotation.carried_from or "")
            carried.setdefault(source.paragraph_id, set()).add(annotation.paragraph_id)
        assert carried == expected
        # What a drafter sees on this pair: OP3 became OP4, OP9 was split, OP11 dropped.
        assert carried["OP3"] == {"OP4"}
        assert len(carried["OP9"]) == 2
        assert "OP11" not in carried
        assert [a.paragraph_id for a in notes.not_carried(new)] == ["OP11"]
        assert new_doc.paragraph("OP4").text.startswith(old_doc.paragraph("OP3").text[:20])
        flags = {a.paragraph_id: a.flag for a in notes.annotations_for(new)}
        for paragraph_id in carried["PP7"]:
            assert flags[paragraph_id] is None
        assert flags["OP4"] == "text changed since agreed"

        comments = notes.comments_for(old, new, comparison)
        assert ("OP11", "old") in {(c.paragraph_id, c.side) for c in comments}
        assert ("OP4", "new") in {(c.paragraph_id, c.side) for c in comments}
        assert len(comments) == len(notes.annotations_for(new)) + 1


def _truth_aligner(
    truths: dict[tuple[str, ...], frozenset[tuple[tuple[str, ...], tuple[str, ...], Relation]]],
) -> Aligner:
    """Aligns as the generator's ground truth says, so carrying is tested on its own."""

    def align(old: Document, new: Document, links: tuple[ManualLink, ...]) -> Comparison:
        truth = truths[tuple(p.text for p in old.paragraphs)]
        entries = tuple(
            AlignedEntry(relation, old_ids, new_ids, 1.0) for old_ids, new_ids, relation in truth
        )
        return Comparison(old, new, entries)

    return align


@pytest.mark.parametrize(
    ("path", "seeds"),
    [(corpus.CND_60_2, (1, 2)), (corpus.COP_11_6, (3, 4)), (corpus.CND_L4_DRAFT, (5, 6))],
    ids=lambda value: getattr(value, "name", str(value))[:3],
)
def test_generated_rounds_carry_along_the_ground_truth(
    tmp_path: Path, path: Path, seeds: tuple[int, int]
) -> None:
    """Three rounds of a simulated negotiation (rewording, insertions, deletions, moves between
    preamble and operative part, splits, merges, renumbering): every annotation of the first
    round ends on exactly the paragraphs the truth says its paragraph became, flagged exactly
    when their text differs from the annotated one."""
    first = next_version(read_document(path), seed=seeds[0])
    second = next_version(first.new, seed=seeds[1])
    assert [(p.id, p.text) for p in second.old.paragraphs] == [
        (p.id, p.text) for p in first.new.paragraphs
    ]
    truths = {
        tuple(p.text for p in first.old.paragraphs): first.truth,
        tuple(p.text for p in first.new.paragraphs): second.truth,
    }
    with NegotiationFile.create(tmp_path / "sim.redline", aligner=_truth_aligner(truths)) as notes:
        v1 = notes.add_version(first.old, first.old_text.encode("utf-8"), None, "Round 1")
        for paragraph in first.old.paragraphs:
            notes.add_annotation(v1, paragraph.id, Status.AGREED, note=paragraph.id)
        notes.add_version(first.new, first.new_text.encode("utf-8"), None, "Round 2")
        v3 = notes.add_version(second.new, second.new_text.encode("utf-8"), None, "Round 3")

        def step(
            truth: frozenset[tuple[tuple[str, ...], tuple[str, ...], Relation]],
        ) -> dict[str, set[str]]:
            became: dict[str, set[str]] = {}
            for old_ids, new_ids, _relation in truth:
                for old_id in old_ids:
                    became.setdefault(old_id, set()).update(new_ids)
            return became

        one, two = step(first.truth), step(second.truth)
        expected: dict[str, set[str]] = {}
        for paragraph in first.old.paragraphs:
            targets = {t for middle in one.get(paragraph.id, ()) for t in two.get(middle, ())}
            if targets:
                expected[paragraph.id] = targets
        found: dict[str, set[str]] = {}
        texts = {p.id: p.text for p in second.new.paragraphs}
        for annotation in notes.annotations_for(v3):
            found.setdefault(annotation.note, set()).add(annotation.paragraph_id)
            original = first.old.paragraph(annotation.note).text
            changed = " ".join(texts[annotation.paragraph_id].split()) != " ".join(original.split())
            assert (annotation.flag == "text changed since agreed") is changed
        assert found == expected
        assert len(found) >= len(first.old.paragraphs) // 2  # most paragraphs survive two rounds
