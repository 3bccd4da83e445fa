"""Sharing annotations as JSON: a colleague's export merges into my file, what is already here
is recognised, and nothing of mine is overwritten — differences come back as conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diffing.model import ManualLink
from diffing.negotiation import (
    ConflictKind,
    NegotiationFile,
    NotesFileError,
    NotesFormatError,
    Position,
    Stance,
    Status,
)
from diffing.negotiation.exchange import FORMAT_VERSION
from tests.diffing.negotiation_support import OPERATIVE, PREAMBLE, Clock, resolution, source_of

V1 = resolution(PREAMBLE, OPERATIVE, "zero.txt")
V2 = resolution(PREAMBLE, ("Welcomes the report;", *OPERATIVE), "rev1.txt")


def new_file(path: Path, *documents: object) -> NegotiationFile:
    notes = NegotiationFile.create(path, clock=Clock())
    for document in documents or (V1,):
        notes.add_version(document, source_of(document))  # type: ignore[arg-type]
    return notes


def test_export_then_import_into_a_colleagues_file(tmp_path: Path) -> None:
    with new_file(tmp_path / "ana.redline", V1) as ana:
        ana.add_annotation(
            1,
            "OP3",
            Status.AGREED_AD_REF,
            note="EU to confirm",
            positions=[Position("EU", Stance.RESERVE)],
            author="Ana",
        )
        ana.add_annotation(1, "PP2", Status.BRACKETED, author="Ana")
        ana.add_version(V2, source_of(V2))  # carries both to Rev.1
        ana.set_links(1, 2, [ManualLink(("OP5",), ("OP6",))])
        assert ana.export_json(tmp_path / "ana.json") == 4
        mine = {
            (a.version_id, a.paragraph_id, a.note) for v in (1, 2) for a in ana.annotations_for(v)
        }

    exported = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
    assert exported["format"] == "redline-notes"
    assert exported["format_version"] == FORMAT_VERSION

    with new_file(tmp_path / "ben.redline", V1, V2) as ben:
        result = ben.import_json(tmp_path / "ana.json")
        assert len(result.changes.added) == 4
        assert result.conflicts == () and result.unplaced == () and result.unchanged == 0
        theirs = {
            (a.version_id, a.paragraph_id, a.note) for v in (1, 2) for a in ben.annotations_for(v)
        }
        assert theirs == mine
        assert ben.annotations_for(1, "OP3")[0].positions == (Position("EU", Stance.RESERVE),)
        assert ben.links(1, 2) == (ManualLink(("OP5",), ("OP6",)),)

        again = ben.import_json(tmp_path / "ana.json")
        assert not again.changes and again.unchanged == 4 and again.conflicts == ()

        ben.apply(result.changes.inverted())  # undo the first import
        assert ben.annotations_for(1) == () and ben.links(1, 2) == ()


def test_differences_come_back_as_conflicts_and_nothing_is_overwritten(tmp_path: Path) -> None:
    with new_file(tmp_path / "ana.redline") as ana:
        (shared,) = ana.add_annotation(1, "OP1", Status.UNDER_DISCUSSION, note="x").added
        ana.export_json(tmp_path / "base.json")
        ana.update_annotation(shared.id, status=Status.AGREED, note="agreed on Tuesday")
        ana.add_annotation(1, "OP2", Status.BRACKETED, note="Ana: bracket 'data'")
        ana.add_annotation(1, "OP4", Status.OPEN, note="only Ana")
        ana.export_json(tmp_path / "ana.json")

    with new_file(tmp_path / "ben.redline") as ben:
        ben.import_json(tmp_path / "base.json")
        ben.update_annotation(shared.id, note="still under discussion (Ben)")
        ben.add_annotation(1, "OP2", Status.AGREED, note="Ben: agreed as is")
        result = ben.import_json(tmp_path / "ana.json")

        kinds = sorted((c.kind, c.local.paragraph_id) for c in result.conflicts)
        assert kinds == [(ConflictKind.SAME_ID, "OP1"), (ConflictKind.SAME_PARAGRAPH, "OP2")]
        assert [a.paragraph_id for a in result.changes.added] == ["OP4"]
        # Ben's work is untouched until he decides.
        assert ben.annotation(shared.id).note == "still under discussion (Ben)"
        assert [a.note for a in ben.annotations_for(1, "OP2")] == ["Ben: agreed as is"]

        by_kind = {c.kind: c for c in result.conflicts}
        taken = ben.resolve(by_kind[ConflictKind.SAME_ID], "incoming")
        assert ben.annotation(shared.id).note == "agreed on Tuesday"
        ben.apply(taken.inverted())
        assert ben.annotation(shared.id).note == "still under discussion (Ben)"
        ben.resolve(by_kind[ConflictKind.SAME_PARAGRAPH], "both")
        assert sorted(a.note for a in ben.annotations_for(1, "OP2")) == [
            "Ana: bracket 'data'",
            "Ben: agreed as is",
        ]
        assert ben.resolve(by_kind[ConflictKind.SAME_ID], "local").annotations == ()


def test_annotations_of_versions_this_file_lacks_are_reported(tmp_path: Path) -> None:
    with new_file(tmp_path / "ana.redline", V1, V2) as ana:
        ana.add_annotation(2, "OP1", Status.OPEN, note="on Rev.1")
        ana.add_annotation(1, "OP1", Status.OPEN, note="on the zero draft")
        ana.export_json(tmp_path / "ana.json")
    with new_file(tmp_path / "ben.redline", V1) as ben:
        result = ben.import_json(tmp_path / "ana.json")
        assert [a.note for a in result.changes.added] == ["on the zero draft"]
        assert [(u.version_label, u.paragraph_id, u.reason) for u in result.unplaced] == [
            ("rev1.txt", "OP1", "this file does not hold that version")
        ]


def test_versions_match_by_their_text_when_the_files_differ(tmp_path: Path) -> None:
    with new_file(tmp_path / "ana.redline", V1) as ana:
        ana.add_annotation(1, "OP5", Status.AGREED, note="gavelled")
        ana.export_json(tmp_path / "ana.json")
    with NegotiationFile.create(tmp_path / "ben.redline") as ben:
        # Ben added the same text from another file (say the PDF rather than the .docx).
        ben.add_version(V1, b"%PDF-1.7 other bytes, same parse")
        result = ben.import_json(tmp_path / "ana.json")
        assert [a.note for a in result.changes.added] == ["gavelled"]


def _export(**fields: object) -> str:
    """An export holding one version of key "k" (not a version of the importing file)."""
    data = {"format": "redline-notes", "format_version": 1, "versions": [{"key": "k"}]}
    return json.dumps({**data, "annotations": [], **fields})


def _annotation(**fields: object) -> dict[str, object]:
    return {
        "version": "k",
        "id": "a",
        "paragraph_id": "OP1",
        "status": "agreed",
        "created": "2024-03-18T10:00:00Z",
        "fingerprint": "f",
        **fields,
    }


def _link(**fields: object) -> dict[str, object]:
    return {
        "old_version": "k",
        "new_version": "k",
        "old": ["OP1"],
        "new": ["OP1"],
        "unlink": False,
        **fields,
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "not valid JSON"),
        ('{"format": "something-else"}', "not a Redline notes export"),
        (
            json.dumps(
                {"format": "redline-notes", "format_version": 99, "versions": [], "annotations": []}
            ),
            "newer version of Redline",
        ),
        (
            json.dumps(
                {
                    "format": "redline-notes",
                    "format_version": 1,
                    "versions": [{"key": "k"}],
                    "annotations": [{"version": "k", "id": "a", "status": "maybe"}],
                }
            ),
            "annotation a: ",
        ),
        # malformed exports that used to escape as TypeError / UnicodeEncodeError tracebacks
        (_export(annotations=[{"version": "k", "id": []}]), r"annotation \[\]: "),
        (_export(annotations=[{"version": ["k"], "id": "a"}]), "names no known version"),
        (_export(annotations=[_annotation(note="\ud800")]), "unpaired surrogate"),
        (_export(links="OP1"), "has no list of links"),
        (_export(links=[_link(old=[1])]), "a link is malformed"),
        (_export(links=[_link(old=["\ud800"])]), "a link is malformed"),
    ],
)
def test_bad_exports_are_refused_in_one_line(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with new_file(tmp_path / "ben.redline") as ben:
        with pytest.raises(NotesFormatError, match=message) as caught:
            ben.import_json(bad)
        assert str(caught.value).startswith("bad.json: ")
        assert "\n" not in str(caught.value)
        assert ben.annotations_for(1) == ()


def test_exporting_onto_the_negotiation_file_itself_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ana.redline"
    with new_file(path, V1) as ana:
        ana.add_annotation(1, "OP3", Status.AGREED, author="Ana")
        with pytest.raises(NotesFileError, match="is this negotiation file"):
            ana.export_json(tmp_path / "." / "ana.redline")
    with NegotiationFile.open(path, read_only=True) as again:
        assert [a.paragraph_id for a in again.annotations_for(1)] == ["OP3"]
