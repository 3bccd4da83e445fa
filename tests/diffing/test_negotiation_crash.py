"""Crash safety: a writer process is killed (SIGKILL) at random moments while it writes
annotations; every write it acknowledged is in the file afterwards, no write is half there, and
SQLite's integrity check passes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from diffing.negotiation import NegotiationFile, Status
from tests.diffing.negotiation_support import OPERATIVE, PREAMBLE, resolution, source_of

ROOT = Path(__file__).resolve().parents[2]

# Operation i adds annotation "w<i>" with i % 4 positions; every third operation is instead
# one transaction that adds it as agreed and edits the note of "w<i-3>".
WRITER = """
import sys
from dataclasses import replace
from diffing.negotiation import (
    Annotation, Change, ChangeSet, NegotiationFile, Position, Stance, Status, fingerprint,
)

path, start = sys.argv[1], int(sys.argv[2])
with NegotiationFile.open(path) as notes:
    version = notes.latest().id
    print("ready", flush=True)
    for i in range(start, start + 100000):
        positions = [Position(f"D{k}", Stance.AMEND, f"text {i}/{k}") for k in range(i % 4)]
        paragraph = f"OP{i % 5 + 1}"
        if i % 3 == 0 and i >= 3:
            text = notes.document(version).paragraph(paragraph).text
            new = Annotation(
                f"w{i}", version, paragraph, Status.AGREED, f"write {i}", tuple(positions),
                created="2026-01-01T00:00:00Z", modified="2026-01-01T00:00:00Z",
                anchor_text=text, fingerprint=fingerprint(text),
            )
            target = notes.annotation(f"w{i - 3}")
            edited = replace(target, note=f"edited by {i}")
            notes.apply(ChangeSet((Change(None, new), Change(target, edited))))
        else:
            notes.add_annotation(
                version, paragraph, Status.OPEN, note=f"write {i}", positions=positions,
                annotation_id=f"w{i}",
            )
        print(f"ack {i}", flush=True)
"""


def expected_positions(i: int) -> int:
    return i % 4


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.redline"
    document = resolution(PREAMBLE, OPERATIVE)
    with NegotiationFile.create(path) as notes:
        notes.add_version(document, source_of(document))
    rng = random.Random(20261125)
    acked: set[int] = set()
    start = 0
    kills_after_writes = 0
    for _round in range(6):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready", process.stderr.read()  # type: ignore[union-attr]
        # Wait for a first acknowledgement (a loaded machine may be slow to start the writer),
        # then kill at a random moment of the writes that follow.
        lines: list[str] = [process.stdout.readline()]
        reader = threading.Thread(target=lines.extend, args=(process.stdout,))
        reader.start()
        time.sleep(rng.uniform(0.05, 0.5))
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        reader.join()
        errors = process.stderr.read()  # type: ignore[union-attr]
        process.stdout.close()
        process.stderr.close()  # type: ignore[union-attr]
        assert process.returncode == -signal.SIGKILL, errors
        round_acks = {int(line.split()[1]) for line in lines if line.startswith("ack ")}
        # A kill counts when it cut a writer that had acknowledged writes: one that died
        # before writing would test nothing.
        kills_after_writes += bool(round_acks)
        acked |= round_acks

        with NegotiationFile.open(path) as notes:
            assert notes.integrity_check() == "ok"
            found = {a.id: a for a in notes.annotations_for(1)}
            for i in acked:
                annotation = found.get(f"w{i}")
                assert annotation is not None, f"acknowledged write {i} is lost"
                assert len(annotation.positions) == expected_positions(i)
                if i % 3 == 0 and i >= 3:
                    assert annotation.status is Status.AGREED
                    assert found[f"w{i - 3}"].note == f"edited by {i}"
            # The write in flight at the kill may or may not be there; the next round goes on
            # after whatever is.
            start = max(int(identifier[1:]) for identifier in found) + 1
            for annotation in found.values():  # anything there is there whole
                i = int(annotation.id[1:])
                assert len(annotation.positions) == expected_positions(i)
                if i % 3 == 0 and i >= 3:
                    assert annotation.status is Status.AGREED
                    assert found[f"w{i - 3}"].note == f"edited by {i}"
    assert kills_after_writes == 6, f"only {kills_after_writes} of 6 kills came after a write"
    assert len(acked) >= 6, len(acked)
    print(f"{len(acked)} acknowledged writes over {kills_after_writes} kills")
