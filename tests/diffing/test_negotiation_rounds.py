"""A negotiation in many rounds (issue 15): rounds named, dated and in order — added, renamed,
re-dated, reordered, removed — any two compared with that pair's links, and the alignments of
the pairs stored in the file so that reopening it re-aligns nothing."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.model import Comparison, DiffOptions, Document, ManualLink, Relation
from diffing.negotiation import NegotiationFile, NotFoundError, Status
from diffing.negotiation.rounds import RoundError
from diffing.negotiation.schema import SCHEMA_V2
from tests.diffing.negotiation_support import OPERATIVE, PREAMBLE, Clock, resolution, source_of

ZERO = resolution(PREAMBLE, OPERATIVE, "zero.txt")
_REV1 = ["Welcomes the report of the Working Group on Firearms;", *OPERATIVE]
REV1 = resolution(PREAMBLE, _REV1, "rev1.txt")
_REV2 = list(_REV1)
_REV2[3] = _REV2[3].replace("continue providing", "continue to provide")
REV2 = resolution(PREAMBLE, _REV2, "rev2.txt")


class CountingAligner:
    """The real aligner, counting the pairs it is asked to align."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, old: Document, new: Document, links: tuple[ManualLink, ...]) -> Comparison:
        self.calls.append((old.source, new.source))
        return compare(old, new, DiffOptions(), links=links)


@pytest.fixture
def aligner() -> CountingAligner:
    return CountingAligner()


@pytest.fixture
def notes(tmp_path: Path, aligner: CountingAligner) -> Iterator[NegotiationFile]:
    notes = NegotiationFile.create(tmp_path / "talks.redline", clock=Clock(), aligner=aligner)
    yield notes
    notes.close()


def _three_rounds(notes: NegotiationFile) -> tuple[int, int, int]:
    rounds = notes.rounds
    zero = rounds.add_document(ZERO, source_of(ZERO), label="Zero draft", date="2026-01-12")
    rev1 = rounds.add_document(REV1, source_of(REV1), label="Rev.1", date="2026-02-03")
    rev2 = rounds.add_document(REV2, source_of(REV2), label="Rev.2")
    return zero.version_id, rev1.version_id, rev2.version_id


def test_rounds_are_named_dated_and_in_order(notes: NegotiationFile) -> None:
    _three_rounds(notes)
    listed = [(r.number, r.label, r.date) for r in notes.rounds.all()]
    # The last round was dated the day it was added (the clock's day).
    assert listed == [
        (1, "Zero draft", "2026-01-12"),
        (2, "Rev.1", "2026-02-03"),
        (3, "Rev.2", "2026-03-14"),
    ]
    assert notes.rounds.latest().label == "Rev.2"
    assert notes.rounds.get(2).source_name == "rev1.txt"


def test_rename_redate_move_and_remove(notes: NegotiationFile) -> None:
    zero, rev1, rev2 = _three_rounds(notes)
    rounds = notes.rounds
    assert rounds.rename(rev2, "as adopted") == "Rev.2"
    assert rounds.redate(rev2, "2026-03-20") == "2026-03-14"
    rounds.move(zero, 3)
    assert [r.label for r in rounds.all()] == ["Rev.1", "as adopted", "Zero draft"]
    rounds.move(zero, 1)
    assert [(r.number, r.label, r.date) for r in rounds.all()][2] == (3, "as adopted", "2026-03-20")
    rounds.remove(rev1)
    assert [(r.number, r.label) for r in rounds.all()] == [(1, "Zero draft"), (2, "as adopted")]
    # The next round added goes after the last, numbered on.
    added = rounds.add_document(REV1, source_of(REV1), label="L.4")
    assert added.number == 3 and notes.predecessor(added.version_id).id == rev2  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda r, v: r.redate(v, "12/01/2026"), "round date '12/01/2026' is not a date"),
        (lambda r, v: r.move(v, 4), "position 4 is not between 1 and 3"),
        (lambda r, v: r.move(99, 1), "has no version 99"),
        (lambda r, v: r.rename(v, "  "), "a round needs a name"),
        (lambda r, v: r.get(7), "has no round 7 (it has 3 rounds)"),
    ],
)
def test_bad_round_requests_say_why_and_change_nothing(
    notes: NegotiationFile, action: object, message: str
) -> None:
    zero, _, _ = _three_rounds(notes)
    before = notes.rounds.all()
    with pytest.raises(
        (RoundError, NotFoundError), match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        action(notes.rounds, zero)  # type: ignore[operator]
    assert notes.rounds.all() == before


def test_any_two_rounds_compare_with_that_pairs_links(notes: NegotiationFile) -> None:
    zero, rev1, rev2 = _three_rounds(notes)
    default = notes.rounds.compare()
    assert default.old is notes.document(rev1) and default.new is notes.document(rev2)
    (changed,) = [e for e in default.entries if e.changed]
    assert changed.old == ("OP4",) and changed.new == ("OP4",)
    # Zero draft against Rev.2 directly: OP3 became OP4 (renumbered by the new OP1) and changed.
    direct = notes.rounds.compare(zero, rev2)
    assert [(e.old, e.new) for e in direct.entries if e.changed and e.old] == [(("OP3",), ("OP4",))]
    # A manual link on that pair is used for that pair only.
    notes.set_links(zero, rev2, [ManualLink(("OP1",), ("OP1",))])
    linked = notes.rounds.compare(zero, rev2)
    (manual,) = [e for e in linked.entries if e.manual]
    assert (manual.old, manual.new, manual.relation) == (("OP1",), ("OP1",), Relation.MODIFIED)
    assert not any(e.manual for e in notes.rounds.compare(zero, rev1).entries)


def test_the_alignments_are_stored_and_reopening_realigns_nothing(
    tmp_path: Path, notes: NegotiationFile, aligner: CountingAligner
) -> None:
    zero, rev1, rev2 = _three_rounds(notes)
    assert len(aligner.calls) == 2  # one per added round, none twice for carrying
    history = notes.rounds.history(rev2, "OP4")
    assert [s.step.paragraph_ids for s in history] == [("OP3",), ("OP4",), ("OP4",)]
    assert len(aligner.calls) == 2
    notes.close()
    with NegotiationFile.open(tmp_path / "talks.redline", aligner=aligner) as again:
        lineage = again.rounds.lineage()
        assert lineage.chain(2, "OP4") == [("OP3",), ("OP4",), ("OP4",)]
        assert len(aligner.calls) == 2
        # A link changed on a pair: that pair alone is aligned again, at once valid.
        again.set_links(rev1, rev2, [ManualLink(("OP4",), ("OP5",))])
        calls = len(aligner.calls)
        assert again.rounds.lineage().chain(2, "OP5") == [("OP3",), ("OP4",), ("OP5",)]
        assert len(aligner.calls) == calls + 1
        # Reordering makes a new consecutive pair, aligned once; the pair kept is not.
        calls = len(aligner.calls)
        again.rounds.move(zero, 3)
        again.rounds.lineage()
        assert aligner.calls[calls:] == [("rev2.txt", "zero.txt")]
        assert again.rounds.prune_alignments() >= 1


def test_a_schema_2_file_is_migrated_with_its_rounds_dated_the_day_they_were_added(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.redline"
    raw = sqlite3.connect(path)
    raw.executescript(SCHEMA_V2)
    raw.execute("PRAGMA application_id = 1380207694")
    raw.execute("PRAGMA user_version = 2")
    from diffing.negotiation.codec import document_to_json

    for ordinal, (document, day) in enumerate(((ZERO, "2025-11-02"), (REV1, "2025-12-01")), 1):
        raw.execute(
            "INSERT INTO versions (ordinal, label, source_name, sha256, source, document, added) "
            "VALUES (?,?,?,?,?,?,?)",
            (ordinal, f"R{ordinal}", document.source, f"{ordinal:064}", b"x",
             document_to_json(document), f"{day}T10:00:00Z"),
        )  # fmt: skip
    raw.commit()
    raw.close()
    with NegotiationFile.open(path) as notes:
        assert [(r.label, r.date) for r in notes.rounds.all()] == [
            ("R1", "2025-11-02"),
            ("R2", "2025-12-01"),
        ]
        assert notes.rounds.compare().summary.count(Relation.INSERTED) == 1
        notes.add_annotation(1, "OP1", Status.AGREED)
        notes.rounds.carry_forward(1)
        assert [a.paragraph_id for a in notes.annotations_for(2)] == ["OP2"]


REAL_PDFS = Path(__file__).resolve().parents[2].parent / "shared" / "real-pdfs"


def _real_pdf(name: str) -> Path:
    """A real UN PDF from ../shared/real-pdfs: a failure on CI without it, a skip elsewhere."""
    path = REAL_PDFS / name
    if not path.is_file():
        why = f"the real UN PDFs are not beside the checkout ({REAL_PDFS})"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(why + ": CI must have ../shared", pytrace=False)
        pytest.skip(why)
    return path


def test_a_real_ga_text_over_two_sessions(tmp_path: Path) -> None:
    """A/RES/79/6 (adopted 2024) → A/80/L.9 (next session's draft) → A/RES/80/6 (adopted): the
    operative paragraphs keep their chain through three real PDFs, the changes belong to the
    draft round, and an agreement of 2024 is flagged where the 2025 text changed."""
    with NegotiationFile.create(tmp_path / "icc.redline", clock=Clock()) as notes:
        rounds = notes.rounds
        adopted_2024 = rounds.add(_real_pdf("A_RES_79_6.pdf"), label="79/6", date="2024-10-29")
        notes.add_annotation(adopted_2024.version_id, "OP2", Status.AGREED, note="2024 text")
        notes.add_annotation(adopted_2024.version_id, "OP5", Status.AGREED, note="2024 text")
        rounds.add(_real_pdf("A_80_L.9.pdf"), label="A/80/L.9", date="2025-10-20")
        adopted = rounds.add(_real_pdf("A_RES_80_6.pdf"), label="80/6", date="2025-10-29")
        lineage = rounds.lineage()
        operative = [p.id for p in lineage.rounds[2].paragraphs if p.id.startswith("OP")]
        assert len(operative) == 32
        for paragraph_id in operative:
            assert lineage.chain(2, paragraph_id) == [(paragraph_id,)] * 3
            # The adopted text is the draft's: whatever changed, changed in the draft round.
            assert set(lineage.rounds_that_changed(2, paragraph_id)) <= {"A/80/L.9"}
        assert lineage.rounds_that_changed(2, "OP1") == ("A/80/L.9",)
        flags = {a.paragraph_id: a.flag for a in notes.annotations_for(adopted.version_id)}
        assert flags == {"OP2": "text changed since agreed", "OP5": None}
        history = rounds.history(adopted.version_id, "OP2")
        assert [len(step.annotations) for step in history] == [1, 1, 1]
        assert [step.step.changed for step in history] == [False, True, False]


def test_reordering_and_removing_rounds_carry_along_the_new_order(notes: NegotiationFile) -> None:
    rounds = notes.rounds
    zero = rounds.add_document(ZERO, source_of(ZERO), label="Zero draft").version_id
    # Rev.2 added before Rev.1 by mistake: its annotations came from the zero draft.
    rev2 = rounds.add_document(REV2, source_of(REV2), label="Rev.2").version_id
    rev1 = rounds.add_document(REV1, source_of(REV1), label="Rev.1").version_id
    (agreed,) = rounds.annotate(zero, "OP3", Status.AGREED, note="EU to confirm").added[:1]

    def carried(version_id: int) -> list[tuple[str, str | None]]:
        return [(a.paragraph_id, a.carried_from) for a in notes.annotations_for(version_id)]

    assert carried(rev2) == [("OP4", agreed.id)]
    (from_rev2,) = notes.annotations_for(rev1)
    assert from_rev2.carried_from == notes.annotations_for(rev2)[0].id

    assert rounds.move(rev1, 2) == 3
    (in_rev1,) = notes.annotations_for(rev1)
    assert (in_rev1.paragraph_id, in_rev1.carried_from) == ("OP4", agreed.id)
    assert carried(rev2) == [("OP4", in_rev1.id)]  # one copy, from its new predecessor

    # Rev.2 notes something of its own, then Rev.1 is removed: the own note stays, and the
    # zero draft's agreement is carried to Rev.2 afresh in place of Rev.1's copy.
    (copy,) = notes.annotations_for(rev2)
    notes.update_annotation(copy.id, note="EU confirmed")
    rounds.remove(rev1)
    assert sorted((a.note, a.carried_from) for a in notes.annotations_for(rev2)) == [
        ("EU confirmed", in_rev1.id),
        ("EU to confirm", agreed.id),
    ]
    assert [r.label for r in rounds.all()] == ["Zero draft", "Rev.2"]


def test_a_round_aligned_beforehand_is_added_without_aligning_again(
    notes: NegotiationFile, aligner: CountingAligner
) -> None:
    """The app aligns the next round in a worker thread: adding it then aligns nothing, and an
    alignment made against a round that is no longer the last one is not trusted."""
    rounds = notes.rounds
    rounds.add_document(ZERO, source_of(ZERO), label="Zero draft")
    align = rounds.aligner_for_next()
    comparison = align(REV1)
    assert comparison is not None and aligner.calls == [("zero.txt", "rev1.txt")]
    rev1 = rounds.add_document(REV1, source_of(REV1), label="Rev.1", comparison=comparison)
    assert len(aligner.calls) == 1
    assert rounds.history(rev1.version_id, "OP2")[0].step.paragraph_ids == ("OP1",)
    # Aligned against Rev.1, but another round was added meanwhile: aligned again with it.
    stale = rounds.aligner_for_next()(REV2)
    rounds.add_document(ZERO, source_of(ZERO), label="Rev.2")
    calls = len(aligner.calls)
    rounds.add_document(REV2, source_of(REV2), label="Rev.3", comparison=stale)
    assert aligner.calls[calls:] == [("zero.txt", "rev2.txt")]


def test_a_new_order_aligned_beforehand_is_moved_to_without_aligning_again(
    notes: NegotiationFile, aligner: CountingAligner
) -> None:
    """The app aligns the pairs a move or a removal makes in a worker thread: the change then
    only carries annotations; pairs already aligned are not aligned twice."""
    zero, rev1, rev2 = _three_rounds(notes)
    notes.rounds.annotate(zero, "OP2", Status.AGREED, note="agreed")
    calls = len(aligner.calls)
    align = notes.rounds.aligner_for_order([rev1, zero, rev2])
    assert align is not None and aligner.calls[calls:] == []  # aligned when the worker runs
    aligned = align()
    assert aligner.calls[calls:] == [("rev1.txt", "zero.txt"), ("zero.txt", "rev2.txt")]
    notes.rounds.keep_alignments(aligned)
    calls = len(aligner.calls)
    notes.rounds.move(zero, 2)
    notes.rounds.lineage()
    assert aligner.calls[calls:] == []
    assert [a.note for a in notes.annotations_for(rev2)] == ["agreed"]
    # The order as it was is still aligned: moving back aligns nothing either.
    assert notes.rounds.aligner_for_order([zero, rev1, rev2]) is None
    # An alignment made before its pair's links changed is not kept.
    align = notes.rounds.aligner_for_order([rev2, rev1, zero])
    assert align is not None
    stale = align()
    notes.set_links(rev2, rev1, [ManualLink(("OP2",), ("OP3",))])
    notes.rounds.keep_alignments(stale)
    calls = len(aligner.calls)
    notes.rounds.compare(rev2, rev1)
    assert aligner.calls[calls:] == [("rev2.txt", "rev1.txt")]
