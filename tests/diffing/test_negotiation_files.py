"""Files that are not (or no longer, or not yet) negotiation files: each is refused with one
clear line and left byte for byte as it was, with nothing created next to it. Older schemas are
migrated, newer ones refused; one writer at a time."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from diffing.negotiation import (
    SCHEMA_VERSION,
    FileLockedError,
    NegotiationFile,
    NotesFileError,
    Position,
    Stance,
    Status,
)
from diffing.negotiation.codec import document_to_json
from diffing.negotiation.model import fingerprint
from diffing.negotiation.schema import APPLICATION_ID, SCHEMA_V1
from tests.diffing.negotiation_support import OPERATIVE, PREAMBLE, resolution, source_of

DOCUMENT = resolution(PREAMBLE, OPERATIVE)


def make_file(path: Path, annotations: int = 1) -> None:
    with NegotiationFile.create(path) as notes:
        version = notes.add_version(DOCUMENT, source_of(DOCUMENT), None, "Zero draft")
        for i in range(annotations):
            notes.add_annotation(version, f"OP{i % 5 + 1}", Status.OPEN, note="n" * 300)


def assert_refused(path: Path, message: str, *, read_only: bool = False) -> None:
    before = path.read_bytes()
    listing = sorted(os.listdir(path.parent))
    with pytest.raises(NotesFileError, match=message) as caught:
        NegotiationFile.open(path, read_only=read_only)
    assert str(caught.value).startswith(f"{path.name}: ")
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(os.listdir(path.parent)) == listing  # no -wal, -shm or lock file left


@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_from_a_newer_redline_is_refused(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "future.redline"
    make_file(path)
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    assert_refused(path, "made by a newer version of Redline", read_only=read_only)


def write_v1_file(path: Path) -> str:
    """A file as the first release wrote it: positions as a JSON column, no spans."""
    raw = sqlite3.connect(path)
    raw.executescript(SCHEMA_V1)
    raw.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    raw.execute("PRAGMA user_version = 1")
    raw.execute(
        "INSERT INTO versions VALUES (1, 1, 'L.5', NULL, 'l5.txt', 'abc', ?, ?, "
        "'2025-01-01T10:00:00Z')",
        (source_of(DOCUMENT), document_to_json(DOCUMENT)),
    )
    text = DOCUMENT.paragraph("OP2").text
    positions = [{"delegation": "EU", "position": "amend", "text": "share and publish"}]
    raw.execute(
        "INSERT INTO annotations VALUES ('a1', 1, 'OP2', ?, 'agreed ad ref', 'check', ?, "
        "'Ana', '2025-01-01T10:00:00Z', '2025-01-02T10:00:00Z')",
        (fingerprint(text), json.dumps(positions)),
    )
    raw.commit()
    raw.close()
    return text


def test_a_file_of_the_first_schema_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.redline"
    text = write_v1_file(path)
    before = path.read_bytes()
    with NegotiationFile.open(path, read_only=True) as notes:  # migrated in memory only
        assert notes.annotations_for(1)[0].positions[0].delegation == "EU"
    assert path.read_bytes() == before

    with NegotiationFile.open(path) as notes:
        (annotation,) = notes.annotations_for(1)
        assert annotation.status is Status.AGREED_AD_REF
        assert annotation.positions == (Position("EU", Stance.AMEND, "share and publish"),)
        assert annotation.anchor_text == text and annotation.flag is None
        assert annotation.author == "Ana" and annotation.modified == "2025-01-02T10:00:00Z"
        notes.add_annotation(1, "OP3", Status.AGREED)  # the migrated file takes new writes
        assert notes.integrity_check() == "ok"
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    raw.close()
    with NegotiationFile.open(path) as notes:
        assert len(notes.annotations_for(1)) == 2


def test_not_sqlite_empty_and_folder(tmp_path: Path) -> None:
    text = tmp_path / "notes.redline"
    text.write_text("Status of OP3: agreed ad ref\n", encoding="utf-8")
    assert_refused(text, "not a Redline negotiation file \\(not an SQLite database\\)")
    empty = tmp_path / "empty.redline"
    empty.write_bytes(b"")
    assert_refused(empty, "is empty")
    folder = tmp_path / "folder.redline"
    folder.mkdir()
    with pytest.raises(NotesFileError, match="is a folder"):
        NegotiationFile.open(folder)
    with pytest.raises(NotesFileError, match="no such file"):
        NegotiationFile.open(tmp_path / "missing.redline")


@pytest.mark.parametrize("keep", [10, 100, 1000, 4096, 0.5])
def test_a_truncated_file_is_refused(tmp_path: Path, keep: float) -> None:
    whole = tmp_path / "whole.redline"
    make_file(whole, annotations=40)
    data = whole.read_bytes()
    assert len(data) >= 3 * 4096
    cut = tmp_path / "cut.redline"
    cut.write_bytes(data[: int(len(data) * keep) if keep < 1 else int(keep)])
    whole.unlink()
    assert_refused(cut, "truncated")


def test_a_database_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "places.redline"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode = WAL")  # even a WAL database gets no -shm from us
    raw.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    raw.execute("INSERT INTO moz_places (url) VALUES ('https://undocs.org')")
    raw.commit()
    raw.close()
    assert not Path(f"{path}-wal").exists()
    assert_refused(path, "a database of another application")
    assert_refused(path, "a database of another application", read_only=True)


def test_our_file_with_a_foreign_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mixed.redline"
    make_file(path)
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER)")
    raw.close()
    assert_refused(path, "holds tables Redline does not know \\(invoices\\)")


def test_a_damaged_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.redline"
    make_file(path, annotations=40)
    data = bytearray(path.read_bytes())
    data[2 * 4096 : 2 * 4096 + 200] = b"\xff" * 200  # a b-tree page's header
    path.write_bytes(bytes(data))
    assert_refused(path, "damaged")


def test_creating_never_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "precious.redline"
    path.write_bytes(b"someone's work")
    with pytest.raises(NotesFileError, match="already exists"):
        NegotiationFile.create(path)
    assert path.read_bytes() == b"someone's work"
    assert sorted(os.listdir(tmp_path)) == ["precious.redline"]


def test_a_second_writer_is_refused_and_a_reader_gets_a_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "talks.redline"
    make_file(path)
    with NegotiationFile.open(path) as first:
        with pytest.raises(FileLockedError, match=f"already open.*process {os.getpid()}"):
            NegotiationFile.open(path)
        script = (
            "import sys\n"
            "from diffing.negotiation import FileLockedError, NegotiationFile\n"
            "try:\n"
            "    NegotiationFile.open(sys.argv[1])\n"
            "except FileLockedError as error:\n"
            "    print(error)\n"
        )
        other = subprocess.run(
            [sys.executable, "-c", script, str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert "already open in another Redline window" in other.stdout
        first.add_annotation(1, "OP5", Status.AGREED, note="written by the first window")
        with NegotiationFile.open(path, read_only=True) as reader:
            notes = [a.note for a in reader.annotations_for(1)]
            assert "written by the first window" in notes
        assert first.integrity_check() == "ok"
    with NegotiationFile.open(path) as again:  # the lock went with the first window
        assert len(again.annotations_for(1)) == 2


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "talks.redline"
    make_file(path)
    Path(f"{path}.lock").write_text("999999\n")  # a holder that no longer exists
    with NegotiationFile.open(path) as notes:
        assert len(notes.annotations_for(1)) == 1


def test_save_copy_is_a_complete_file(tmp_path: Path) -> None:
    path = tmp_path / "talks.redline"
    make_file(path, annotations=3)
    with NegotiationFile.open(path) as notes:
        notes.save_copy(tmp_path / "copy.redline")
        written = notes.annotations_for(1)
    with NegotiationFile.open(tmp_path / "copy.redline") as copy:
        assert copy.annotations_for(1) == written
        assert copy.document(1) == DOCUMENT


def test_save_as_goes_on_in_the_copy_and_refuses_to_clobber(tmp_path: Path) -> None:
    path = tmp_path / "talks.redline"
    make_file(path, annotations=2)
    other = tmp_path / "other.redline"
    make_file(other)
    with NegotiationFile.open(other), NegotiationFile.open(path) as notes:  # two windows
        with pytest.raises(FileLockedError):
            notes.save_as(other)
        with pytest.raises(NotesFileError, match="is this file"):
            notes.save_copy(path)
    with NegotiationFile.open(path, read_only=True) as notes:
        notes.save_as(tmp_path / "mine.redline")
        notes.add_annotation(1, "OP5", Status.AGREED, note="after save as")
        assert notes.path == tmp_path / "mine.redline" and not notes.read_only
    with NegotiationFile.open(path) as original:
        assert len(original.annotations_for(1)) == 2
    with NegotiationFile.open(tmp_path / "mine.redline") as copy:
        assert [a.note for a in copy.annotations_for(1)][-1] == "after save as"
    with NegotiationFile.open(other) as untouched:
        assert len(untouched.annotations_for(1)) == 1


def test_a_checkpoint_cut_short_by_a_crash_opens_from_its_wal(tmp_path: Path) -> None:
    # A kill during a checkpoint can leave page 1 (with the grown page count) written to the
    # file while the pages that extend it are still only in the -wal file, which SQLite replays.
    live = tmp_path / "live.redline"
    make_file(live, annotations=1)
    crashed = tmp_path / "crashed.redline"
    with NegotiationFile.open(live) as notes:
        for i in range(40):
            notes.add_annotation(1, f"OP{i % 5 + 1}", Status.OPEN, note="n" * 300)
        # the writer "dies" here: the file and its -wal as they are on disk
        crashed.write_bytes(live.read_bytes())
        wal = Path(f"{live}-wal").read_bytes()
        Path(f"{crashed}-wal").write_bytes(wal)
        reader = sqlite3.connect(f"file:{live}?mode=ro", uri=True)
        pages = int(reader.execute("PRAGMA page_count").fetchone()[0])
        reader.close()
    header = bytearray(crashed.read_bytes())
    assert len(header) < pages * 4096  # the grown part is only in the -wal file
    header[28:32] = pages.to_bytes(4, "big")
    header[92:96] = header[24:28]  # the page count is valid for this change counter
    crashed.write_bytes(bytes(header))
    with NegotiationFile.open(crashed) as notes:
        assert notes.integrity_check() == "ok"
        assert len(notes.annotations_for(1)) == 41
