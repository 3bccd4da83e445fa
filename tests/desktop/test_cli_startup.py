"""`redline compare` starts quickly: it loads only what the comparison it was asked for needs.

Loading Qt, the PDF engines, python-docx or the test tools costs a command-line user a visible
pause on every run (Qt alone is longer than the whole comparison of two resolutions), so the
process is checked for the modules it loaded. Issue 12, item 9; `benchmarks/bench_cli.py`
measures the time itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

OLD = """\
The General Assembly,

Recalling its resolution 78/1 of 1 December 2023,

1. Encourages Member States to cooperate;

2. Requests the Secretary-General to report to it at its eightieth session.
"""
NEW = """\
The General Assembly,

Recalling its resolution 79/1 of 2 December 2024,

1. Urges Member States to cooperate [fully];

2. Requests the Secretary-General to report to it at its eighty-first session.
"""

NEVER = (
    *("PySide6", "shiboken6", "docx", "pypdfium2", "pdfminer", "hypothesis", "jsonschema"),
    *("msgspec", "typing_extensions", "inspect", "ast", "uuid", "decimal", "datetime"),
)
"""Never loaded by a comparison of two text files, whatever it writes. The second row is what
a record library brought before the records were NamedTuples (some 20 ms of each start), and
`datetime`, needed only to read a given --date."""
NOT_FOR_TEXT = ("lxml", "exporters")
"""Loaded only to write a Word file, not to print the comparison."""
NOT_FOR_RESOLUTIONS = ("diffing.compilation", "diffing.compilation_rounds")
"""The compilation-text machinery, for documents without square brackets."""
NOT_FOR_TEXT_FILES = ("diffing.readers.docx", "diffing.readers.pdf", "exporters.inplace")


def loaded_by(*args: str) -> tuple[int, set[str]]:
    """The exit status of `redline ARGS` run in a fresh interpreter and the modules it loaded
    (top-level packages and our own modules by full name)."""
    code = (
        "import json, sys\n"
        "from desktop.main import main\n"
        "status = main(sys.argv[1:])\n"
        "names = {n.split('.')[0] for n in sys.modules} | set(sys.modules)\n"
        "sys.stderr.write('\\n' + json.dumps(sorted(names)))\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    return result.returncode, set(json.loads(result.stderr.splitlines()[-1]))


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW.replace(" [fully]", " fully"), encoding="utf-8")
    return str(old), str(new)


def test_a_text_comparison_loads_no_gui_no_pdf_or_word_library(pair: tuple[str, str]) -> None:
    status, modules = loaded_by("compare", *pair, "--format", "json")
    assert status == 1  # the versions differ: the comparison ran to the end
    unwanted = NEVER + NOT_FOR_TEXT + NOT_FOR_RESOLUTIONS + NOT_FOR_TEXT_FILES
    assert sorted(modules & set(unwanted)) == []


def test_a_word_export_loads_the_xml_writer_but_no_gui(
    pair: tuple[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "redline.docx"
    status, modules = loaded_by("compare", *pair, "-o", str(out))
    assert status == 1 and out.stat().st_size > 0
    assert "exporters._xml" in modules  # the check below would pass vacuously without it
    # the generated layout writes its XML as text: lxml is for editing a drafter's .docx
    unwanted = (*NEVER, "lxml", *NOT_FOR_RESOLUTIONS, *NOT_FOR_TEXT_FILES)
    assert sorted(modules & set(unwanted)) == []


def test_a_compilation_text_still_gets_its_machinery(tmp_path: Path) -> None:
    """The brackets test that keeps the compilation modules out must let them in for a real
    compilation text, whose proposals are then compared."""
    old, new = tmp_path / "round1.txt", tmp_path / "round2.txt"
    old.write_text(OLD.replace("cooperate;", "cooperate [fully (EU)];"), encoding="utf-8")
    new.write_text(NEW.replace("[fully]", "[fully (EU)] [as appropriate (USA)]"), "utf-8")
    status, modules = loaded_by("compare", str(old), str(new), "--format", "json")
    assert status == 1
    assert set(NOT_FOR_RESOLUTIONS) <= modules
    assert not modules & {"PySide6", "shiboken6"}


def test_a_command_run_in_process_leaves_garbage_collection_as_it_was(
    pair: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A command collects cycles less often while it runs (it exits soon after); a caller
    that runs it in its own process (the self-test, a script) gets its own setting back, also
    when the command fails."""
    import gc

    from desktop.main import COMMAND_GC_THRESHOLD, main

    before = gc.get_threshold()
    assert before[0] != COMMAND_GC_THRESHOLD  # else the check below could not fail
    assert main(["compare", *pair, "--format", "text"]) == 1
    assert gc.get_threshold() == before
    assert main(["compare", pair[0], pair[0] + ".missing"]) == 2
    assert gc.get_threshold() == before
    assert "redline:" in capsys.readouterr().err
