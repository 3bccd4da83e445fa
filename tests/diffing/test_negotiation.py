"""The negotiation file: versions and annotations survive closing and reopening; every edit
returns a change set that undoes and redoes exactly; views get statuses, a dashboard line and
exporter comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffing.model import Span
from diffing.negotiation import (
    ChangeSet,
    NegotiationFile,
    NotFoundError,
    OriginalState,
    Position,
    ReadOnlyError,
    StaleChangeError,
    Stance,
    Status,
)
from diffing.readers import read_document
from tests.diffing.negotiation_support import OPERATIVE, PREAMBLE, Clock, resolution, source_of
from tests.helpers import corpus


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "talks.redline"


def test_versions_and_annotations_survive_close_and_reopen(path: Path) -> None:
    document = resolution(PREAMBLE, OPERATIVE)
    with NegotiationFile.create(path, clock=Clock()) as notes:
        version = notes.add_version(document, source_of(document), None, "Zero draft")
        notes.add_annotation(
            version,
            "OP3",
            Status.AGREED_AD_REF,
            note="Capital to confirm the budget language",
            positions=[
                Position("EU", Stance.AMEND, "subject to extrabudgetary resources"),
                Position("G77", Stance.SUPPORT),
            ],
            author="Drafter",
        )
        notes.add_annotation(version, "PP2", Status.BRACKETED, span=Span(0, 16))
        written = notes.annotations_for(version)

    with NegotiationFile.open(path) as notes:
        (info,) = notes.versions()
        assert info.label == "Zero draft"
        assert notes.document(info.id) == document
        assert notes.source_bytes(info.id) == source_of(document)
        assert notes.annotations_for(info.id) == written
        op3 = notes.annotations_for(info.id, "OP3")[0]
        assert op3.status is Status.AGREED_AD_REF
        assert [p.delegation for p in op3.positions] == ["EU", "G77"]
        assert op3.positions[0].proposed_text == "subject to extrabudgetary resources"
        assert op3.created.endswith("Z") and op3.flag is None
        assert notes.integrity_check() == "ok"
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    assert not Path(f"{path}.lock").exists()


def test_corpus_version_opens_after_the_original_moved(tmp_path: Path) -> None:
    original = tmp_path / "draft.txt"
    original.write_bytes(corpus.COP_10_2_DRAFT.read_bytes())
    path = tmp_path / "talks.redline"
    with NegotiationFile.create(path) as notes:
        version = notes.add_version_from_file(original, "L.5")
        assert notes.original_state(version) is OriginalState.SAME
        original.write_bytes(original.read_bytes() + b"\n\n30. Decides to act.\n")
        assert notes.original_changed(version)
        original.unlink()
        assert notes.original_state(version) is OriginalState.MISSING
    with NegotiationFile.open(path) as notes:
        document = notes.document(version)
        assert document == read_document(corpus.COP_10_2_DRAFT)._replace(source="draft.txt")
        assert notes.reread(version) == document
        assert notes.versions()[0].source_name == "draft.txt"


def test_every_edit_undoes_and_redoes_exactly(path: Path) -> None:
    document = resolution(PREAMBLE, OPERATIVE)
    with NegotiationFile.create(path, clock=Clock()) as notes:
        version = notes.add_version(document, source_of(document))
        added = notes.add_annotation(version, "OP1", Status.OPEN, note="first reading")
        (annotation,) = added.added
        edited = notes.update_annotation(
            annotation.id, status=Status.AGREED, positions=[Position("CAN", Stance.RESERVE)]
        )
        (change,) = edited.updated
        assert change.before == annotation
        assert change.after is not None and change.after.modified > annotation.modified
        assert notes.annotation(annotation.id).status is Status.AGREED

        notes.apply(edited.inverted())
        assert notes.annotation(annotation.id) == annotation
        notes.apply(edited)
        assert notes.annotation(annotation.id).positions == (Position("CAN", Stance.RESERVE),)

        removed = notes.delete_annotation(annotation.id)
        assert notes.annotations_for(version) == ()
        notes.apply(removed.inverted())
        assert notes.annotation(annotation.id) == change.after

        notes.apply(removed)
        notes.apply(removed.inverted())
        # Undo the whole history back to the empty file.
        notes.apply(edited.inverted())
        notes.apply(added.inverted())
        assert notes.annotations_for(version) == ()


def test_nothing_changed_gives_an_empty_change_set(path: Path) -> None:
    document = resolution(PREAMBLE, OPERATIVE)
    with NegotiationFile.create(path) as notes:
        version = notes.add_version(document, source_of(document))
        (annotation,) = notes.add_annotation(version, "OP2", note="x").added
        assert notes.update_annotation(annotation.id, note="x") == ChangeSet()


def test_undo_of_a_change_overtaken_by_another_is_refused(path: Path) -> None:
    document = resolution(PREAMBLE, OPERATIVE)
    with NegotiationFile.create(path, clock=Clock()) as notes:
        version = notes.add_version(document, source_of(document))
        (annotation,) = notes.add_annotation(version, "OP2").added
        first = notes.update_annotation(annotation.id, note="one")
        notes.update_annotation(annotation.id, note="two")
        with pytest.raises(StaleChangeError):
            notes.apply(first.inverted())
        assert notes.annotation(annotation.id).note == "two"


def test_bad_targets_are_refused_with_a_clear_message(path: Path) -> None:
    document = resolution(PREAMBLE, OPERATIVE)
    with NegotiationFile.create(path) as notes:
        version = notes.add_version(document, source_of(document), None, "Rev.1")
        with pytest.raises(NotFoundError, match=r"Rev\.1: has no paragraph OP9"):
            notes.add_annotation(version, "OP9")
        with pytest.raises(NotFoundError, match="no version 7"):
            notes.add_annotation(7, "OP1")
        with pytest.raises(Exception, match="not within the paragraph"):
            notes.add_annotation(version, "OP1", span=Span(5, 5000))
        assert notes.annotations_for(version) == ()


def test_read_only_file_refuses_changes(path: Path) -> None:
    document = resolution(PREAMBLE, OPERATIVE)
    with NegotiationFile.create(path) as notes:
        version = notes.add_version(document, source_of(document))
    with (
        NegotiationFile.open(path, read_only=True) as notes,
        pytest.raises(ReadOnlyError, match="read-only"),
    ):
        notes.add_annotation(version, "OP1")


def test_dashboard_counts_paragraphs_and_subparagraphs_follow_their_parent(path: Path) -> None:
    document = resolution(PREAMBLE, OPERATIVE)
    sub = (document.paragraphs[-1]._replace(id="OP5(a)", number="a", parent="OP5", text="(a) x;"),)
    document = document._replace(paragraphs=document.paragraphs + sub)
    with NegotiationFile.create(path, clock=Clock()) as notes:
        version = notes.add_version(document, source_of(document))
        notes.add_annotation(version, "OP1", Status.AGREED)
        notes.add_annotation(version, "OP2", Status.AGREED_AD_REF)
        notes.add_annotation(version, "OP5", Status.AGREED_IN_INFORMALS)
        notes.add_annotation(version, "PP1", Status.BRACKETED)
        (old,) = notes.add_annotation(version, "PP2", Status.AGREED).added
        notes.add_annotation(version, "PP2", Status.REOPENED)  # the latest decides
        notes.add_annotation(version, "PP3", Status.AGREED, span=Span(0, 9))
        notes.add_annotation(version, "PP3", Status.BRACKETED)  # whole paragraph beats a span

        states = notes.paragraph_states(version)
        assert states["OP5(a)"].status is Status.AGREED_IN_INFORMALS
        assert states["OP5(a)"].inherited
        assert states["PP2"].status is Status.REOPENED and states["PP2"].annotations == 2
        assert states["PP3"].status is Status.BRACKETED
        assert states["OP3"].status is None
        assert states["opening"].status is None

        board = notes.dashboard(version)
        # title, 3 PP, 5 OP, 1 sub-paragraph; the opening line is not negotiated
        assert board.total == 10
        assert board.agreed == 4
        assert board.line == (
            "4 of 10 paragraphs agreed (1 ad ref, 2 in informals); 2 bracketed; 1 reopened"
        )
        assert notes.annotation(old.id).status is Status.AGREED


def test_annotations_become_comments_on_their_paragraph(path: Path) -> None:
    document = resolution(PREAMBLE, OPERATIVE)
    with NegotiationFile.create(path, clock=Clock()) as notes:
        version = notes.add_version(document, source_of(document))
        notes.add_annotation(
            version,
            "OP3",
            Status.AGREED_AD_REF,
            note="EU to confirm",
            positions=[Position("EU", Stance.AMEND, "upon request")],
            author="Ana",
        )
        notes.add_annotation(version, "PP1", Status.BRACKETED, span=Span(14, 39))
        comments = notes.to_comments(version, "old")
    assert [(c.paragraph_id, c.side) for c in comments] == [("PP1", "old"), ("OP3", "old")]
    assert comments[0].text == "Bracketed\nOn “United Nations Convention”"
    assert comments[0].author == "Redline"
    assert comments[1].text == "Agreed ad ref: EU to confirm\nEU: amend — “upon request”"
    assert comments[1].author == "Ana"
    assert comments[1].date is not None and comments[1].date.startswith("2026-03-14T09:00:")
