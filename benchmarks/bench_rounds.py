"""Benchmark: a negotiation in many rounds — adding a 10th round to a file of nine rounds of an
800-paragraph text (target under 2 s), opening such a file to the first comparison (target under
1 s), and the lineage, a paragraph's history and the history table on top.

    .venv/bin/python benchmarks/bench_rounds.py [PARAGRAPHS] [ANNOTATIONS]

The rounds come from the negotiation simulator (tests.helpers.generator: scaled_document, then
next_version nine times), written as the text files a user would add. Prints figures; asserts
nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diffing.negotiation import NegotiationFile, Status  # noqa: E402
from tests.helpers.generator import (  # noqa: E402
    corpus_documents,
    document_to_text,
    next_version,
    scaled_document,
)


def main() -> None:
    paragraphs = int(sys.argv[1]) if len(sys.argv) > 1 else 800
    annotations = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    start = time.perf_counter()
    # A round of negotiation deletes a little more than it adds (about 3 % net), so start
    # larger: the 9th and 10th rounds, the ones timed, are then about PARAGRAPHS long.
    document = scaled_document(round(paragraphs / 0.77), seed=1)
    texts = [document_to_text(document)]
    sizes = [len(document.paragraphs)]
    for k in range(9):
        pair = next_version(document, seed=k, donors=corpus_documents())
        texts.append(pair.new_text)
        document = pair.new
        sizes.append(len(document.paragraphs))
    print(
        f"simulated 10 rounds of {min(sizes)}-{max(sizes)} paragraphs: "
        f"{time.perf_counter() - start:.1f} s (not part of the figures)"
    )
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for k, text in enumerate(texts):
            path = Path(folder) / f"round{k + 1}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(path)
        path = Path(folder) / "rounds.redline"
        with NegotiationFile.create(path) as notes:
            start = time.perf_counter()
            first = notes.rounds.add(files[0], label="Zero draft")
            ids = [p.id for p in notes.document(first.version_id).paragraphs]
            for k in range(annotations):
                notes.add_annotation(first.version_id, ids[k % len(ids)], Status.AGREED_AD_REF)
            times = []
            for k, file in enumerate(files[1:9], start=1):
                begin = time.perf_counter()
                notes.rounds.add(file, label=f"Rev.{k}")
                times.append(time.perf_counter() - begin)
            print(
                f"rounds 2-9 added (each read, aligned, {annotations} annotations carried): "
                f"{min(times):.2f}-{max(times):.2f} s each"
            )
            begin = time.perf_counter()
            tenth = notes.rounds.add(files[9], label="L.4")
            print(
                f"add the 10th round ({sizes[9]} paragraphs after {sizes[8]}; target < 2 s): "
                f"{time.perf_counter() - begin:.2f} s"
            )
            carried = len(notes.annotations_for(tenth.version_id))
            print(f"  annotations carried to it: {carried}")
        size = path.stat().st_size / 2**20
        begin = time.perf_counter()
        with NegotiationFile.open(path) as notes:
            comparison = notes.rounds.compare()
            first_view = time.perf_counter() - begin
            print(
                f"open ({size:.1f} MB, checks included) to the first comparison "
                f"({len(comparison.entries)} entries; target < 1 s): {first_view:.2f} s"
            )
            begin = time.perf_counter()
            lineage = notes.rounds.lineage()
            print(f"lineage of 10 rounds from the file: {time.perf_counter() - begin:.2f} s")
            last = notes.rounds.latest()
            target = next(p.id for p in notes.document(last.version_id).paragraphs if "OP" in p.id)
            begin = time.perf_counter()
            notes.rounds.history(last.version_id, target)
            print(f"history of {target} (10 rounds): {time.perf_counter() - begin:.2f} s")
            other = notes.document(last.version_id).paragraphs[-1].id
            begin = time.perf_counter()
            notes.rounds.history(last.version_id, other)
            print(
                f"history of {other}, the next click (lineage kept in memory): "
                f"{(time.perf_counter() - begin) * 1000:.0f} ms"
            )
            _panel_figures(notes, last.version_id, target, other)
            second = notes.rounds.get(2)
            target2 = next(p.id for p in notes.document(second.version_id).paragraphs)
            begin = time.perf_counter()
            changes = notes.rounds.annotate(second.version_id, target2, Status.BRACKETED)
            print(
                f"annotate round 2, carried through 8 rounds ({len(changes.added)} notes): "
                f"{time.perf_counter() - begin:.2f} s"
            )
            begin = time.perf_counter()
            notes.rounds.move(notes.rounds.get(5).version_id, 4)
            print(
                f"move round 5 before round 4 (carried along): {time.perf_counter() - begin:.2f} s"
            )
            from exporters.history import history_table_bytes

            begin = time.perf_counter()
            data = history_table_bytes(lineage)
            print(
                f"history table .docx ({len(data) / 2**20:.1f} MB): "
                f"{time.perf_counter() - begin:.2f} s"
            )
        begin = time.perf_counter()
        with NegotiationFile.open(path, read_only=True) as notes:
            notes.rounds.compare()
            print(f"open read-only to the first comparison: {time.perf_counter() - begin:.2f} s")


def _panel_figures(notes: NegotiationFile, version_id: int, first: str, second: str) -> None:
    """The app's history panel (Qt offscreen) showing a paragraph: the first click and the
    next one, cards built and laid out."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.history import HistoryPanel

    app = QApplication.instance() or QApplication([])
    panel = HistoryPanel()
    panel.resize(420, 900)
    panel.show()
    for name, paragraph in (("a paragraph", first), ("the next click", second)):
        begin = time.perf_counter()
        panel.show_paragraph(notes, version_id, paragraph)
        app.processEvents()
        print(
            f"history panel, {name} ({paragraph}, {len(panel.cards)} rounds shown): "
            f"{(time.perf_counter() - begin) * 1000:.0f} ms"
        )
    panel.close()


if __name__ == "__main__":
    main()
