"""The negotiation session without a window: what a user's edits leave in the file (links,
unlinks, annotations, rounds), what undo gives back, and what the window is told to redraw.

The documents are the app's bundled example (COP 10/2 draft → decision 11/6), real texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.annotations import Target
from desktop.session import NegotiationSession
from desktop.window import make_settings
from diffing.compare import compare
from diffing.model import AlignedEntry, Document, Relation
from diffing.negotiation import NegotiationFile, Status
from diffing.readers import read_document
from diffing.relink import relink
from resources import example_pair


class Seen:
    """What the session signalled, in order."""

    def __init__(self, session: NegotiationSession) -> None:
        self.events: list[str] = []
        self.told: list[str] = []
        self.failed: list[str] = []
        session.pair_changed.connect(lambda: self.events.append("pair"))
        session.links_changed.connect(lambda: self.events.append("links"))
        session.annotations_changed.connect(lambda changes: self.events.append("annotations"))
        session.mode_changed.connect(lambda: self.events.append("mode"))
        session.told.connect(lambda message, ms: self.told.append(message))
        session.failed.connect(lambda title, message: self.failed.append(f"{title}: {message}"))


@pytest.fixture
def pair() -> tuple[tuple[Path, Document], tuple[Path, Document]]:
    old, new = example_pair()
    return (old, read_document(old)), (new, read_document(new))


@pytest.fixture
def session(qapp, tmp_path: Path, pair) -> Iterator[NegotiationSession]:  # type: ignore[no-untyped-def]
    made = NegotiationSession(make_settings(tmp_path / "settings.ini"))
    made.notes_folder = tmp_path / "appdata"
    (old_path, old), (new_path, new) = pair
    made.set_side("old", old_path, old)
    made.set_side("new", new_path, new)
    yield made
    made.shutdown()


Pair = tuple[tuple[str, ...], tuple[str, ...]]


def entries_of(session: NegotiationSession) -> dict[Pair, AlignedEntry]:
    """The entries the session's pair and links give, by (old ids, new ids)."""
    old, new = session.documents["old"], session.documents["new"]
    assert old is not None and new is not None
    comparison = relink(compare(old, new), session.links)
    return {(e.old, e.new): e for e in comparison.entries}


def relations(session: NegotiationSession) -> dict[Pair, Relation]:
    return {key: entry.relation for key, entry in entries_of(session).items()}


def moved_pair(session: NegotiationSession) -> Pair:
    """An old and a new paragraph the alignment pairs (the first modified one)."""
    return next(
        key for key, relation in relations(session).items() if relation is Relation.MODIFIED
    )


def test_the_first_link_makes_the_file_in_the_data_folder_and_says_where(
    session: NegotiationSession, tmp_path: Path
) -> None:
    seen = Seen(session)
    assert session.notes is None
    _, new = moved_pair(session)
    deleted = next(k for k, r in relations(session).items() if r is Relation.DELETED)

    assert session.link(deleted[0], new)

    assert session.notes is not None
    assert session.notes.path.parent == tmp_path / "appdata"
    assert any(str(session.notes.path) in message for message in seen.told)
    assert "links" in seen.events and seen.failed == []
    assert entries_of(session)[(deleted[0], new)].manual
    # The link is in the file: a later start finds it there.
    path, stored = session.notes.path, session.links
    session.shutdown()
    again = NegotiationFile.open(path)
    try:
        first, second = again.versions()
        assert again.links(first.id, second.id) == stored
    finally:
        again.close()


def test_unlink_leaves_a_deleted_and_a_new_paragraph_and_undo_pairs_them_again(
    session: NegotiationSession,
) -> None:
    old, new = moved_pair(session)

    assert session.unlink(old, new, "the pair")

    shown = relations(session)
    assert shown[(old, ())] is Relation.DELETED
    assert shown[((), new)] is Relation.INSERTED
    assert session.undo_stack.undoText() == "Unlink the pair"
    session.undo_stack.undo()
    assert session.links == ()
    assert relations(session)[(old, new)] is Relation.MODIFIED
    session.undo_stack.redo()
    assert relations(session)[(old, ())] is Relation.DELETED


def test_a_status_is_kept_in_the_file_removed_and_both_undone(session: NegotiationSession) -> None:
    seen = Seen(session)
    target = Target("new", "OP3", "OP3")

    assert session.set_status(target, Status.AGREED_AD_REF.value)

    annotation, others = session.annotation(target)
    assert annotation is not None and annotation.status is Status.AGREED_AD_REF and others == 0
    assert "annotations" in seen.events
    assert "agreed" in session.dashboard_line()
    assert session.remove_annotation(target)
    assert session.annotation(target) == (None, 0)
    session.undo_stack.undo()  # the removal
    assert session.annotation(target)[0] == annotation
    session.undo_stack.undo()  # the status
    assert session.annotation(target) == (None, 0)
    assert not session.remove_annotation(target)  # nothing left to remove


def test_a_new_round_is_added_through_the_rounds_and_shown_after_the_previous_one(
    session: NegotiationSession, pair
) -> None:  # type: ignore[no-untyped-def]
    target = Target("new", "OP3", "OP3")
    assert session.set_status(target, Status.AGREED.value)
    notes = session.notes
    assert notes is not None
    (_, _), (new_path, _) = pair
    data = new_path.read_bytes()
    seen = Seen(session)

    assert session.add_round(new_path, read_document(new_path), data)

    rounds = notes.rounds.all()
    assert len(rounds) == 3
    assert session.pair_versions == (rounds[1].version_id, rounds[2].version_id)
    assert "pair" in seen.events
    # The agreement made on round 2 holds on round 3's OP3 (the same text).
    carried, _ = session.annotation(Target("new", "OP3", "OP3"))
    assert carried is not None and carried.status is Status.AGREED


def test_another_file_on_one_side_closes_the_negotiation_file_and_says_its_links_stay(
    session: NegotiationSession, pair
) -> None:  # type: ignore[no-untyped-def]
    old, new = moved_pair(session)
    assert session.unlink(old, new, "the pair")
    assert session.notes is not None
    name = session.notes.path.name
    seen = Seen(session)
    (old_path, old_doc), _ = pair

    session.set_side("new", old_path, old_doc)

    assert session.notes is None and session.pair_versions is None
    assert session.links == ()
    assert any(name in message and "link" in message for message in seen.told)
    assert "mode" in seen.events and "pair" in seen.events


def test_swap_turns_the_links_round_but_not_the_rounds_of_a_file(
    session: NegotiationSession,
) -> None:
    old_doc, new_doc = session.documents["old"], session.documents["new"]
    session.swap()
    assert session.documents == {"old": new_doc, "new": old_doc}
    session.swap()
    old, new = moved_pair(session)
    assert session.unlink(old, new, "the pair")  # now the rounds of a file
    statuses: list[str] = []
    session.status.connect(lambda message, ms: statuses.append(message))

    session.swap()

    assert session.documents == {"old": old_doc, "new": new_doc}
    assert statuses and "order" in statuses[0]


def test_a_read_only_file_refuses_edits_with_one_line(
    session: NegotiationSession,
    tmp_path: Path,
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "talks.redline"
    assert session.create_file(path)
    session.shutdown()
    other = NegotiationSession(make_settings(tmp_path / "other.ini"))
    holder = NegotiationFile.open(path)  # another window holds it
    try:
        from PySide6.QtWidgets import QMessageBox

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes)
            )
            assert other.open_file(path)
        assert other.read_only
        place, _ = other.place_text()
        assert "read-only" in place
    finally:
        other.shutdown()
        holder.close()


def test_a_status_set_on_an_earlier_round_reaches_the_later_rounds_and_undo_takes_it_back(
    qapp, tmp_path: Path
) -> None:
    """Annotations follow the whole chain (issue 15): agreeing the zero draft's "Urges" paragraph
    while comparing the zero draft with Rev.1 marks it in Rev.2 as well, where it is renumbered."""
    from tests.desktop.rounds_support import URGES, negotiation

    notes = negotiation(tmp_path, 3)
    zero, rev1, rev2 = (r.version_id for r in notes.rounds.all())
    made = NegotiationSession(make_settings(tmp_path / "settings.ini"))
    try:
        made.attach(notes, zero, rev1)
        urges = next(p.id for p in notes.document(zero).paragraphs if p.text.startswith(URGES[:30]))
        later = next(p.id for p in notes.document(rev2).paragraphs if p.text.startswith(URGES[:30]))
        assert later != urges  # renumbered by Rev.1's new OP1

        assert made.set_status(Target("old", urges, urges), Status.AGREED.value)

        assert [a.status for a in notes.annotations_for(rev2, later)] == [Status.AGREED]
        made.undo_stack.undo()
        assert notes.annotations_for(rev2, later) == ()
        assert notes.annotations_for(zero, urges) == ()
    finally:
        made.shutdown()
