"""Benchmark: the core's own share of `redline compare 10/2 11/6` — reading, structure,
language, alignment — and the regular expressions it compiles.

    .venv/bin/python benchmarks/bench_core.py [--runs 30]

Issue 12, item 9. Prints, for the corpus pair COP 10/2 draft -> 11/6:
- the median and best time of each function of the core on the pair, in this process (`--runs`
  times each; the caches of the leading phrase are cleared before each run, so a run reads as
  the first compare of a process does);
- every pattern the compare command compiles (at import, or on first use while it runs), with
  its compile time (best of 5, `re.purge` between): sre's parser and compiler run in Python at
  every start of the command, so a pattern here costs each `redline compare`.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OLD = CORPUS / "001_ec2929493b18ea40.txt"  # COP 10/2 draft
NEW = CORPUS / "003_8d0baf524011d581.txt"  # COP resolution 11/6


def compiled_patterns() -> list[tuple[str, str, str, int]]:
    """(when, module:line, source, flags) of every pattern the compare command compiles in a
    process that starts with it; must run before the core is imported."""
    found: list[tuple[str, str, str, int]] = []
    plain = re.compile
    phase = ["import"]

    def spy(source: Any, flags: int = 0) -> re.Pattern[str]:
        caller = sys._getframe(1)
        module = str(caller.f_globals.get("__name__", ""))
        if isinstance(source, str) and module.split(".")[0] in ("diffing", "exporters", "desktop"):
            found.append((phase[0], f"{module}:{caller.f_lineno}", source, flags))
        return plain(source, flags)

    re.compile = spy  # type: ignore[assignment]
    try:
        import diffing.compare
        import diffing.readers.text
        import exporters
        from desktop.commands import compare_cmd

        del diffing, exporters  # imported as the command imports them, for the phase
        phase[0] = "run"
        with tempfile.TemporaryDirectory() as folder:
            compare_cmd.run([str(OLD), str(NEW), "-o", str(Path(folder) / "out.docx")])
    finally:
        re.compile = plain
    return found


def compile_time(source: str, flags: int) -> float:
    best = float("inf")
    for _ in range(5):
        re.purge()
        start = time.perf_counter()
        re.compile(source, flags)
        best = min(best, time.perf_counter() - start)
    return best


def timed(function: Callable[[], object], runs: int, before: Callable[[], None]) -> list[float]:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="runs per figure (default 30)")
    runs = max(5, parser.parse_args().runs)
    if not CORPUS.is_dir():
        raise SystemExit(f"the sample corpus is not beside the checkout ({CORPUS})")
    sys.path.insert(0, str(ROOT))
    patterns = compiled_patterns()

    from diffing import language, structure, textnorm
    from diffing.align import align
    from diffing.compare import compare, leading_verb
    from diffing.readers import read_document
    from diffing.readers.text import decode, read_text

    raw = [OLD.read_bytes(), NEW.read_bytes()]
    texts = [textnorm.normalise_chars(decode(r, "x")) for r in raw]
    old, new = read_document(OLD), read_document(NEW)
    joined = ["\n".join(p.text for p in doc.paragraphs) for doc in (old, new)]

    def clear() -> None:
        structure._leading_phrase.cache_clear()
        structure._lead_language.cache_clear()

    stages: dict[str, Callable[[], object]] = {
        "decode (both)": lambda: [decode(r, "x") for r in raw],
        "normalise_chars (both)": lambda: [textnorm.normalise_chars(t) for t in texts],
        "vocabulary (both)": lambda: [textnorm.vocabulary(t) for t in texts],
        "detect_language (both)": lambda: [language.detect_language(t) for t in joined],
        "read_text with structure (both)": lambda: [read_text(r, "x.txt") for r in raw],
        "leading_verb (every paragraph)": lambda: [
            leading_verb(p) for doc in (old, new) for p in doc.paragraphs
        ],
        "align": lambda: align(old.paragraphs, new.paragraphs),
        "compare (align and word diff)": lambda: compare(old, new),
    }
    print(f"the core on 10/2 -> 11/6, in-process, {runs} runs each:")
    for name, function in stages.items():
        function()
        times = timed(function, runs, clear)
        print(
            f"  {name:<34} median {statistics.median(times) * 1000:7.2f} ms"
            f"   best {min(times) * 1000:7.2f} ms"
        )
    costs = sorted(
        (
            (compile_time(source, flags), when, where, source)
            for when, where, source, flags in patterns
        ),
        reverse=True,
    )
    for phase in ("import", "run"):
        chosen = [cost for cost, when, _, _ in costs if when == phase]
        print(f"patterns compiled at {phase}: {len(chosen)}, {sum(chosen) * 1000:.1f} ms")
    print("the costliest:")
    for cost, when, where, source in costs[:15]:
        print(f"  {cost * 1000:5.2f} ms  {when:<6} {where:<28} {source[:60]!r}")


if __name__ == "__main__":
    main()
