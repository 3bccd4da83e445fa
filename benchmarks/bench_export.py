"""Benchmark: export time (tracked .docx, comparison table, HTML), comparison already made.

    .venv/bin/python benchmarks/bench_export.py

Targets: COP 10/2 -> 11/6 under 0.3 s; an 800-paragraph generated pair under 3 s; in-place
export of an 800-paragraph .docx pair (UN-style Word files of that pair) under 2 s.

For `redline compare` (issue 12, item 9) it also prints where the tracked .docx of COP 10/2 ->
11/6 spends its time (medians of 40 exports: the redline blocks, writing the parts, zipping) and
what the export's modules cost a fresh interpreter to import, lxml included or not.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diffing.compare import compare  # noqa: E402
from diffing.model import Comparison  # noqa: E402
from diffing.readers import read_bytes, read_document  # noqa: E402
from exporters import render  # noqa: E402
from exporters.inplace import build_inplace_docx  # noqa: E402
from tests.helpers import corpus  # noqa: E402
from tests.helpers.docx_builder import build_docx  # noqa: E402
from tests.helpers.generator import corpus_documents, next_version, scaled_document  # noqa: E402

DATE = "2024-03-18T10:00:00Z"


def timed(comparison: Comparison, fmt: str, runs: int) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(render(comparison, fmt, author="Bench", date=DATE))
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def report(name: str, comparison: Comparison, target: float, runs: int) -> None:
    paragraphs = len(comparison.old.paragraphs) + len(comparison.new.paragraphs)
    print(f"{name}: {len(comparison.entries)} entries, {paragraphs} paragraphs in both versions")
    for fmt in ("docx", "table", "html"):
        seconds, size = timed(comparison, fmt, runs)
        flag = "" if fmt != "docx" else ("  OK" if seconds < target else f"  OVER {target} s")
        print(f"  {fmt:<6} {seconds * 1000:8.1f} ms  {size / 1024:8.1f} KiB{flag}")


def stages(comparison: Comparison, runs: int = 40) -> None:
    """Median of each stage of the tracked .docx export (generated layout)."""
    import exporters._ooxml as ox
    import exporters.tracked as tracked

    spent: dict[str, list[float]] = {}

    def timed(module: object, name: str, stage: str) -> None:
        function = getattr(module, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            begin = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent.setdefault(stage, []).append(time.perf_counter() - begin)

        setattr(module, name, wrapper)

    timed(tracked, "build_units", "redline blocks (build_units)")
    timed(tracked, "flatten", "paragraph marks (flatten)")
    timed(ox, "package", "package parts + zip")
    whole = []
    for _ in range(runs):
        begin = time.perf_counter()
        render(comparison, "docx", author="Bench", date=DATE, layout="generated")
        whole.append(time.perf_counter() - begin)
    total = statistics.median(whole)
    print(f"  tracked .docx, median of {runs}: {total * 1000:6.1f} ms")
    rest = total
    for stage, values in spent.items():
        median = statistics.median(values)
        rest -= median
        print(f"    {stage:<30} {median * 1000:6.1f} ms")
    print(f"    {'document.xml and the rest':<30} {rest * 1000:6.1f} ms")


_IMPORTS = """
import json, sys, time
import diffing.compare, diffing.readers
begin = time.perf_counter()
import exporters, exporters.tracked
seconds = time.perf_counter() - begin
print(json.dumps([seconds, any(n.split('.')[0] == 'lxml' for n in sys.modules)]))
"""


def import_cost(runs: int = 15) -> None:
    """What importing the tracked export costs a fresh interpreter whose core is loaded."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as an installed redline runs
    samples = []
    lxml = False
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _IMPORTS], cwd=ROOT, env=env, capture_output=True, check=True
        ).stdout
        seconds, lxml = json.loads(out)
        samples.append(seconds)
    print(
        f"  import of exporters.tracked: median {statistics.median(samples) * 1000:.1f} ms "
        f"of {runs} fresh interpreters; lxml loaded: {'yes' if lxml else 'no'}"
    )


def main() -> int:
    old = read_document(corpus.COP_10_2_DRAFT)
    new = read_document(corpus.COP_11_6)
    report("COP 10/2 -> 11/6 (target < 0.3 s)", compare(old, new), 0.3, runs=7)
    stages(compare(old, new))
    import_cost()

    base = scaled_document(800, seed=1)
    pair = next_version(base, seed=2, donors=corpus_documents())
    comparison = compare(pair.old, pair.new)
    report("800-paragraph generated pair (target < 3 s)", comparison, 3.0, runs=3)

    old_docx = build_docx(pair.old, header="A/RES/80/1", footer="25-01234 (E)")
    new_docx = build_docx(pair.new, header="A/RES/80/1", footer="25-01234 (E)")
    comparison = compare(read_bytes(old_docx, "old.docx"), read_bytes(new_docx, "new.docx"))
    times = []
    size = 0
    for _ in range(3):
        start = time.perf_counter()
        size = len(build_inplace_docx(comparison, new_docx, old_docx, author="Bench", date=DATE))
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    flag = "  OK" if seconds < 2.0 else "  OVER 2.0 s"
    paragraphs = len(comparison.old.paragraphs) + len(comparison.new.paragraphs)
    print(f"800-paragraph .docx pair, in place (target < 2 s): {paragraphs} paragraphs")
    print(f"  docx   {seconds * 1000:8.1f} ms  {size / 1024:8.1f} KiB{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
