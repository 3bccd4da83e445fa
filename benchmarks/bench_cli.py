"""Benchmark: the whole process `redline compare 10/2 11/6 -o out.docx`, with its breakdown.

    .venv/bin/python benchmarks/bench_cli.py [--runs 15] [--instructions]

Issue 12, item 9: the command a user types, from the shell prompt back to the shell prompt, on
the corpus pair COP 10/2 draft -> 11/6 with a tracked-change .docx export — target 0.12 s or
less. Each process is fresh (`python -m desktop`, as the `redline` entry point runs it) with its
bytecode cached, as an installed redline runs (pip compiles on install); a
PYTHONDONTWRITEBYTECODE in the environment is left out for them.

Prints the median and the best of `--runs` processes (the machine is shared: the load average is
printed too), then where the time goes:
- Python's own start (`python -c pass`, site and the installed packages' .pth files included);
- the imports of exactly that command, timed in a fresh interpreter (the module list comes from
  `python -X importtime` of the command itself, whose heaviest modules are listed);
- read (decoding, furniture, footnotes, inline markup), structure (`rejoin_blocks` and
  `build_document`), align, word diff (the rest of `compare`) and export, each timed around
  the function the command calls, in a fresh interpreter that has done the imports above.
With `--instructions` (needs valgrind), also the instructions the process executes, counted by
callgrind, for the command and for `python -c pass`: on a shared machine wall time swings by 2×
with the other users' load, the instruction count does not, so it compares two versions of the
code fairly (on a quiet machine here, ~3.3 million instructions take a millisecond; the hash
seed is fixed for the count, which Python's random seed moves by ~1 %).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
OLD = CORPUS / "001_ec2929493b18ea40.txt"  # COP 10/2 draft
NEW = CORPUS / "003_8d0baf524011d581.txt"  # COP resolution 11/6
TARGET = 0.12

# Runs in a fresh interpreter: imports the modules listed in argv[1] (a JSON list), then runs
# the compare command on argv[2:] with a timer around each stage; prints the timings as JSON.
_STAGES = r"""
import importlib, json, sys, time
names = json.loads(sys.argv[1])
start = time.perf_counter()
for name in names:
    if name not in sys.modules:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # a module a package only tries (an optional accelerator)
imports = time.perf_counter() - start
spent = {"read": 0.0, "structure": 0.0, "align": 0.0, "compare": 0.0, "export": 0.0}

def timer(module, name, stage):
    function = getattr(module, name)
    def timed(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.perf_counter() - begin
    setattr(module, name, timed)

import diffing.compare, diffing.readers, diffing.readers.text, exporters
timer(diffing.readers, "read_document", "read")
for name in ("rejoin_blocks", "build_document"):
    timer(diffing.readers.text, name, "structure")
timer(diffing.compare, "align", "align")
timer(diffing.compare, "compare", "compare")
timer(exporters, "export", "export")
from desktop.commands import compare_cmd
begin = time.perf_counter()
status = compare_cmd.run(sys.argv[2:])
command = time.perf_counter() - begin
spent["read"] -= spent["structure"]
spent["word diff"] = spent.pop("compare") - spent["align"]
spent["other"] = command - sum(spent.values())
print(json.dumps({"imports": imports, "status": status, **spent}))
"""


def process_env() -> dict[str, str]:
    """The environment of a process as an installed redline runs: bytecode cached."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_run(command: Sequence[str]) -> float:
    """Seconds from start to exit of one process; exit status 0 (same) or 1 (different)."""
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env=process_env(), stdout=subprocess.DEVNULL, check=False
    )
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with status {result.returncode}")
    return seconds


def repeat(command: Sequence[str], runs: int) -> tuple[float, float]:
    """Median and best of `runs` fresh processes."""
    times = [timed_run(command) for _ in range(runs)]
    return statistics.median(times), min(times)


def stderr_of(command: Sequence[str], env: dict[str, str] | None = None) -> str:
    """What one process of `command` (run as an installed redline runs, or in `env`) writes to
    stderr."""
    return subprocess.run(
        command,
        cwd=ROOT,
        env=process_env() if env is None else env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    ).stderr


def import_profile(command: Sequence[str]) -> list[tuple[str, int, int]]:
    """(module, self µs, cumulative µs) of every import of `command`, in import order."""
    rows = []
    for line in stderr_of([sys.executable, "-X", "importtime", *command[1:]]).splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, total, name = line.removeprefix("import time:").split("|")
        rows.append((name.strip(), int(own), int(total)))
    return rows


def instructions(command: Sequence[str]) -> int:
    """Instructions one process of `command` executes (valgrind's callgrind; the count does not
    depend on the machine's load). The hash seed is fixed: with Python's random one, the order
    of sets and dicts of strings changes from run to run, and the count with it by ~1 % (5-6
    million), as much as a change worth measuring. Raises SystemExit when valgrind is missing."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind (apt install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        stderr = stderr_of(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={folder}/out", *command],
            env={**process_env(), "PYTHONHASHSEED": "0"},
        )
    found = re.search(r"Collected : (\d+)", stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count: {stderr[-300:]}")
    return int(found.group(1))


def stage_times(modules: list[str], arguments: Sequence[str], runs: int) -> dict[str, float]:
    """Median seconds of each stage over `runs` fresh interpreters."""
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", _STAGES, json.dumps(modules), *arguments],
            cwd=ROOT,
            env=process_env(),
            capture_output=True,
            text=True,
            check=True,
        )
        for stage, seconds in json.loads(result.stdout.splitlines()[-1]).items():
            samples.setdefault(stage, []).append(seconds)
    return {stage: statistics.median(values) for stage, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="processes per figure (default 15)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count the instructions executed (valgrind): a figure the load does not move",
    )
    arguments_given = parser.parse_args()
    runs = max(10, arguments_given.runs)
    if not CORPUS.is_dir():
        raise SystemExit(f"the sample corpus is not beside the checkout ({CORPUS})")
    with tempfile.TemporaryDirectory() as folder:
        arguments = ["compare", str(OLD), str(NEW), "-o", str(Path(folder) / "out.docx")]
        command = [sys.executable, "-m", "desktop", *arguments]
        timed_run(command)  # caches the bytecode
        whole, whole_best = repeat(command, runs)
        start, start_best = repeat([sys.executable, "-c", "pass"], runs)
        profile = import_profile(command)
        modules = [name for name, _, _ in profile]
        stages = stage_times(modules, arguments[1:], runs)
        counted = (
            (instructions(command), instructions([sys.executable, "-c", "pass"]))
            if arguments_given.instructions
            else None
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        "whole process `redline compare` 10/2 -> 11/6 -o out.docx: "
        f"median {whole:.3f} s, best {whole_best:.3f} s of {runs}  [target <= {TARGET} s]; "
        f"load average {load:.2f}"
    )
    print(f"  Python's start          {start * 1000:6.1f} ms (best {start_best * 1000:.1f})")
    print(f"  imports ({len(modules):3} modules)   {stages.pop('imports') * 1000:6.1f} ms")
    stages.pop("status")
    if counted is not None:
        print(
            f"  instructions (callgrind): {counted[0] / 1e6:.0f} million; "
            f"Python's start alone {counted[1] / 1e6:.0f} million"
        )
    for stage, seconds in stages.items():
        print(f"  {stage:<23} {seconds * 1000:6.1f} ms")
    heaviest = sorted(profile, key=lambda row: -row[1])[:12]
    print("heaviest imports (self time under -X importtime, which inflates them):")
    for name, own, _ in heaviest:
        print(f"  {name:<40} {own / 1000:6.1f} ms")


if __name__ == "__main__":
    main()
