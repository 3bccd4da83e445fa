"""Benchmark: the word diff's share of `redline compare 10/2 11/6 -o out.docx`, in process.

    .venv/bin/python benchmarks/bench_worddiff.py [--runs 40] [--profile]

Issue 12, item 9. Runs the compare command once on the corpus pair COP 10/2 draft -> 11/6 with a
tracked-change .docx export, recording every call it makes into `diffing.worddiff`
(`diff_with_stats` from the comparison and the exporters, `is_ignored` from the report and the
exporters), then replays exactly those calls `--runs` times and prints the median and best time
of one replay, with the engine used (the C++ port `fast_diff_match_patch` or the pure-Python
`diff_match_patch`). `--profile` prints a cProfile of the replays instead.

Then the tokenizer (`worddiff._cut`) on text that is not ASCII, which the pair holds little of:
every such paragraph of the corpus and of the French, Spanish, Russian, Arabic and Chinese test
documents (tests/data/languages), in milliseconds for all of them, with how many the plain
pattern cuts and how many need the general one. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
OLD = CORPUS / "001_ec2929493b18ea40.txt"  # COP 10/2 draft
NEW = CORPUS / "003_8d0baf524011d581.txt"  # COP resolution 11/6

Call = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]


def record() -> list[Call]:
    """Every word-diff call of one run of the command, in order (calls made inside the word
    diff itself, such as `diff_words` -> `diff_with_stats`, are recorded once)."""
    import diffing.compare
    import diffing.report
    import diffing.worddiff as worddiff
    import exporters._redline
    from desktop.commands import compare_cmd

    calls: list[Call] = []
    depth = [0]

    def recording(function: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            if depth[0] == 0:
                calls.append((function, args, kwargs))
            depth[0] += 1
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= 1

        return recorded

    patched = {
        (worddiff, "diff_with_stats"): worddiff.diff_with_stats,
        (diffing.compare, "diff_with_stats"): worddiff.diff_with_stats,
        (worddiff, "is_ignored"): worddiff.is_ignored,
        (diffing.report, "is_ignored"): worddiff.is_ignored,
        (exporters._redline, "is_ignored"): worddiff.is_ignored,
    }
    for (module, name), function in patched.items():
        setattr(module, name, recording(function))
    try:
        with tempfile.TemporaryDirectory() as folder:
            out = str(Path(folder) / "out.docx")
            compare_cmd.run([str(OLD), str(NEW), "-o", out])
    finally:
        for (module, name), function in patched.items():
            setattr(module, name, function)
    return calls


def non_ascii_paragraphs() -> list[str]:
    """The paragraph texts that are not ASCII, of the corpus and the language test documents."""
    from diffing.readers import read_document

    paths = sorted(CORPUS.glob("*.txt")) + sorted((ROOT / "tests/data/languages").glob("*.txt"))
    texts = [p.text for path in paths for p in read_document(path).paragraphs]
    return [text for text in texts if not text.isascii()]


def cut_all(texts: list[str]) -> float:
    """Seconds to cut `texts` once."""
    from diffing.worddiff import _cut

    start = time.perf_counter()
    for text in texts:
        _cut(text)
    return time.perf_counter() - start


def replay(calls: list[Call]) -> float:
    """Seconds to make `calls` once."""
    start = time.perf_counter()
    for function, args, kwargs in calls:
        function(*args, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="replays (default 40)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the replays")
    arguments = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"the sample corpus is not beside the checkout ({CORPUS})")
    import diffing.worddiff as worddiff

    calls = record()
    names: dict[str, int] = {}
    for function, _, _ in calls:
        names[function.__name__] = names.get(function.__name__, 0) + 1
    engine = getattr(worddiff, "ENGINE", "diff_match_patch")
    print(f"word-diff calls of one compare: {names}; engine: {engine}")
    if arguments.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(arguments.runs):
            replay(calls)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    replay(calls)  # warm: patterns compiled
    times = [replay(calls) for _ in range(arguments.runs)]
    print(
        f"word diff per compare: median {statistics.median(times) * 1000:.2f} ms, "
        f"best {min(times) * 1000:.2f} ms of {len(times)}"
    )
    texts = non_ascii_paragraphs()
    plain = sum(map(getattr(worddiff, "_is_plain", lambda _: False), texts))
    cut_all(texts)  # warm
    times = [cut_all(texts) for _ in range(arguments.runs)]
    print(
        f"tokenizer on {len(texts)} paragraphs beyond ASCII ({plain} plain, "
        f"{len(texts) - plain} general): median {statistics.median(times) * 1000:.2f} ms, "
        f"best {min(times) * 1000:.2f} ms of {len(times)}"
    )


if __name__ == "__main__":
    main()
