"""Any sequence of edits (annotate, change, delete, acknowledge, relink) undone in reverse order
gives back exactly the file it started from, and redone gives back exactly where it ended: what
the app's undo stack relies on."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from diffing.model import ManualLink
from diffing.negotiation import ChangeSet, NegotiationFile, Position, Stance, Status
from tests.diffing.negotiation_support import OPERATIVE, PREAMBLE, Clock, resolution, source_of

V1 = resolution(PREAMBLE, OPERATIVE, "zero.txt")
V2 = resolution(PREAMBLE, ("Welcomes the report;", *OPERATIVE), "rev1.txt")
PARAGRAPHS = ("PP1", "PP2", "OP1", "OP2", "OP3", "OP4", "OP5")
NEW_PARAGRAPHS = ("OP1", "OP2", "OP3", "OP4", "OP5", "OP6")

operation = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from((1, 2)),
        st.sampled_from(PARAGRAPHS),
        st.sampled_from(Status),
    ),
    st.tuples(st.just("update"), st.integers(0, 50), st.sampled_from(Status), st.text(max_size=8)),
    st.tuples(st.just("positions"), st.integers(0, 50), st.sampled_from(Stance)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("acknowledge"), st.integers(0, 50)),
    st.tuples(
        st.just("link"), st.sampled_from(PARAGRAPHS[2:]), st.sampled_from(NEW_PARAGRAPHS),
        st.booleans(),
    ),
)  # fmt: skip


def snapshot(notes: NegotiationFile) -> tuple[object, ...]:
    return (
        notes.annotations_for(1),
        notes.annotations_for(2),
        notes.links(1, 2),
        tuple(a.flag for a in notes.annotations_for(2)),
    )


def perform(notes: NegotiationFile, step: tuple[object, ...]) -> ChangeSet:
    existing = [*notes.annotations_for(1), *notes.annotations_for(2)]
    kind = step[0]
    if kind == "add":
        _, version, paragraph, status = step
        return notes.add_annotation(version, paragraph, status)  # type: ignore[arg-type]
    if kind == "link":
        _, old, new, unlink = step
        return notes.set_links(1, 2, [ManualLink((old,), (new,), unlink)])  # type: ignore[arg-type]
    if not existing:
        return ChangeSet()
    target = existing[step[1] % len(existing)]  # type: ignore[operator]
    if kind == "update":
        return notes.update_annotation(target.id, status=step[2], note=step[3])  # type: ignore[arg-type]
    if kind == "positions":
        return notes.update_annotation(target.id, positions=[Position("EU", step[2])])  # type: ignore[list-item]
    if kind == "delete":
        return notes.delete_annotation(target.id)
    return notes.acknowledge(target.id)


@settings(max_examples=25, deadline=None)
@given(st.lists(operation, min_size=1, max_size=12))
def test_undo_all_then_redo_all_is_exact(steps: list[tuple[object, ...]]) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        NegotiationFile.create(Path(folder) / "t.redline", clock=Clock()) as notes,
    ):
        notes.add_version(V1, source_of(V1))
        notes.add_annotation(1, "OP3", Status.AGREED, note="seed")
        notes.add_version(V2, source_of(V2))
        start = snapshot(notes)
        history = [perform(notes, step) for step in steps]
        end = snapshot(notes)
        for changes in reversed(history):
            notes.apply(changes.inverted())
        assert snapshot(notes) == start
        for changes in history:
            notes.apply(changes)
        assert snapshot(notes) == end
        assert notes.integrity_check() == "ok"
