"""Benchmark: the negotiation file — how long a drafter waits for a saved edit, for opening a
busy file, for adding a version (carrying its annotations) and for sharing.

    .venv/bin/python benchmarks/bench_notes.py [ANNOTATIONS]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diffing.negotiation import NegotiationFile, Position, Stance, Status  # noqa: E402
from tests.helpers import corpus  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.redline"
        with NegotiationFile.create(path) as notes:
            old = notes.add_version_from_file(corpus.COP_10_2_DRAFT, "10/2")
            ids = [p.id for p in notes.document(old).paragraphs]
            start = time.perf_counter()
            for i in range(count):
                notes.add_annotation(
                    old,
                    ids[i % len(ids)],
                    Status.UNDER_DISCUSSION,
                    note=f"note {i} " * 10,
                    positions=[Position("EU", Stance.AMEND, "text " * 20)],
                )
            per_write = (time.perf_counter() - start) / count
            print(f"annotation write (one committed transaction): {per_write * 1000:.2f} ms")
            start = time.perf_counter()
            notes.add_version_from_file(corpus.COP_11_6, "11/6")
            print(f"add version carrying {count} annotations: {time.perf_counter() - start:.2f} s")
            start = time.perf_counter()
            notes.dashboard(old)
            print(
                f"dashboard of {count} annotations: {(time.perf_counter() - start) * 1000:.0f} ms"
            )
            start = time.perf_counter()
            exported = notes.export_json(Path(folder) / "out.json")
            print(f"export {exported} annotations: {time.perf_counter() - start:.2f} s")
        size = path.stat().st_size
        start = time.perf_counter()
        with NegotiationFile.open(path) as notes:
            opened = time.perf_counter() - start
            print(f"open ({size / 2**20:.1f} MB, checks included): {opened * 1000:.0f} ms")
            start = time.perf_counter()
            notes.import_json(Path(folder) / "out.json")
            print(f"import {exported} (all already there): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
