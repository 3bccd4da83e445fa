"""Benchmark: reading the real 52-page A/80/L.17 (target: at least 40 pages/s, 1.3 s).

Times `read_document` on ../shared/real-pdfs/A_80_L.17.pdf in this process (best and median of
5 runs) and as a whole process (a fresh interpreter that imports the reader and reads the file,
as `redline parse` does: median and best wall time of 5 runs, the CPU time it used — steadier than
wall time on a shared machine — and its peak memory; after one warm-up run that may write the
modules' bytecode as an installed copy has it, even where PYTHONDONTWRITEBYTECODE is set), and,
when poppler's `pdftotext` is
installed, the same file through `pdftotext` for the ratio. Prints the figures; asserts nothing.
Run: `.venv/bin/python benchmarks/bench_pdf.py [PDF]`.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diffing.readers import read_document  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "real-pdfs" / "A_80_L.17.pdf"
TARGET_PAGES_PER_SECOND = 40.0
RUNS = 5


def _wall(command: list[str]) -> float:
    return _process(command)[0]


def _process(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident KB) of one run of `command`."""
    started = time.perf_counter()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=environment)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        print(f"{path}: not found (the real PDFs live in ../shared/real-pdfs).")
        return 1
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    pages = len(document)
    document.close()
    times = []
    cpu = []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = read_document(path)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    best, median = min(times), statistics.median(times)
    script = f"from diffing.readers import read_document; read_document({str(path)!r})"
    _process([sys.executable, "-c", script])  # warm-up: bytecode written, file in the cache
    runs = [_process([sys.executable, "-c", script]) for _ in range(RUNS)]
    whole = statistics.median(run[0] for run in runs)
    whole_cpu = statistics.median(run[1] for run in runs)
    peak = max(run[2] for run in runs)
    print(f"{path.name}: {pages} pages, {len(result.paragraphs)} paragraphs")
    print(f"read_document: best {best:.2f} s, median {median:.2f} s of {RUNS} runs")
    print(f"read_document CPU time (less sensitive to a busy machine): best {min(cpu):.2f} s")
    print(
        f"whole process: median {whole:.2f} s = {pages / whole:.1f} pages/s "
        f"(best {min(run[0] for run in runs):.2f} s); CPU time median {whole_cpu:.2f} s = "
        f"{pages / whole_cpu:.1f} pages/s; peak memory {peak / 1024:.0f} MB"
    )
    verdict = "meets" if pages / whole >= TARGET_PAGES_PER_SECOND else "MISSES"
    print(f"target {TARGET_PAGES_PER_SECOND:.0f} pages/s: {verdict}")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        print("pdftotext (poppler-utils) not installed: no ratio")
    else:
        poppler = min(_wall([pdftotext, str(path), "-"]) for _ in range(3))
        print(f"pdftotext: {poppler:.2f} s; redline takes {whole / poppler:.1f}x as long")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
