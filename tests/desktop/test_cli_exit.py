"""How the `redline` program ends after a command: the status, every byte of the output and the
exit handlers are kept although the interpreter's teardown is skipped (`desktop.main.run`), and a
reader that goes away early (`redline compare ... | head`) gets no traceback.

Each test runs the program as a user does, `python -m desktop ...`, in a fresh process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.desktop.test_cli_startup import NEW, OLD

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "draft.txt", tmp_path / "revised.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return str(old), str(new)


def redline(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """`redline ARGS` as the entry point runs it, in a fresh process."""
    return python("-m", "desktop", *args, stdout=stdout)


def python(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_each_status_a_script_tests_is_kept(pair: tuple[str, str]) -> None:
    """0 same, 1 differences, 2 bad input — also when argparse itself refuses the arguments
    (it ends the command with an exception, not a returned status)."""
    old, new = pair
    assert redline("compare", old, old).returncode == 0
    assert redline("compare", old, new).returncode == 1
    missing = redline("compare", old, new + ".missing")
    assert missing.returncode == 2
    assert missing.stderr.startswith("redline: ")
    usage = redline("compare", old, new, "--no-such-option")
    assert usage.returncode == 2
    assert "unrecognized arguments: --no-such-option" in usage.stderr


def test_the_whole_output_reaches_the_reader(pair: tuple[str, str]) -> None:
    """The output still in Python's buffer when the command returns is written before the
    process ends: the JSON parses and names every paragraph."""
    result = redline("compare", *pair, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert result.stdout.endswith("\n")
    assert len(report["alignment"]) == 4  # the opening line, PP1, OP1, OP2


def test_the_word_file_is_complete(pair: tuple[str, str], tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    assert redline("compare", *pair, "-o", str(out)).returncode == 1
    with zipfile.ZipFile(out) as package:
        assert package.testzip() is None
        assert b"Urges" in package.read("word/document.xml")


def test_exit_handlers_a_command_registers_still_run(pair: tuple[str, str]) -> None:
    """A library's clean-up at exit (registered while the command runs) is not skipped."""
    script = (
        "import atexit, sys\n"
        "import desktop.main as program\n"
        "command = program.main\n"
        "def main(args):\n"
        "    atexit.register(lambda: print('clean-up ran', file=sys.stderr))\n"
        "    return command(args)\n"
        "program.main = main\n"
        "sys.argv = ['redline', 'compare', *sys.argv[1:]]\n"
        "program.run()\n"
    )
    result = python("-c", script, *pair)
    assert result.returncode == 1
    assert result.stderr.strip() == "clean-up ran"


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_reader_gone_before_the_output_gets_no_traceback(
    pair: tuple[str, str], output: str
) -> None:
    """`redline compare OLD NEW | head`: the pipe's reading end is closed before the program
    writes (here before it starts, so the order is certain)."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        result = redline("compare", *pair, "--format", output, stdout=writing)
    finally:
        os.close(writing)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
