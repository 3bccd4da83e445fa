"""`redline notes`: create a negotiation file from documents, annotate, carry to the next
version, list, export and import — and one clear stderr line (exit 2) for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.main import main
from diffing.negotiation import NegotiationFile, Status
from tests.helpers import corpus

ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main(["notes", *(str(a) for a in args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_annotate_carry_list_export_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "firearms.redline"
    code, out, _ = run(capsys, path, "new", corpus.COP_10_2_DRAFT, "--label", "10/2 draft")
    assert code == 0 and "10/2 draft" in out
    code, out, _ = run(
        capsys, path, "add", "1", "OP3", "--status", "agreed-ad-ref", "--note", "EU to confirm",
        "--position", "EU:amend:upon request", "--position", "G77:support", "--author", "Ana",
    )  # fmt: skip
    assert code == 0 and "annotated OP3 of 10/2 draft: agreed ad ref" in out
    code, out, _ = run(capsys, path, "add", "latest", "OP11", "--status", "bracketed")
    assert code == 0

    code, out, _ = run(capsys, path, "add-version", corpus.COP_11_6, "--label", "11/6")
    assert code == 0
    assert out.strip() == (
        "added version 2: 11/6; carried 1 of 2 annotations (not carried, paragraph gone: OP11)"
    )

    code, out, _ = run(capsys, path, "list", "--version", "11/6")
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0] == "11/6 (version 2): 1 of 49 paragraphs agreed (1 ad ref); 1 changed since agreed"
    )
    assert lines[1].split() == [
        "OP4", "agreed", "ad", "ref", "EU", "to", "confirm", "[text", "changed", "since", "agreed]",
    ]  # fmt: skip
    assert lines[2].split() == ["EU:", "amend", "—", "upon", "request"]

    code, out, _ = run(capsys, path, "list", "--format", "json")
    listed = json.loads(out)
    assert [(a["version_label"], a["paragraph_id"]) for a in listed] == [
        ("10/2 draft", "OP3"), ("10/2 draft", "OP11"), ("11/6", "OP4"),
    ]  # fmt: skip
    assert listed[0]["author"] == "Ana"

    code, out, _ = run(capsys, path, "dashboard", "1")
    assert out.strip() == "10/2 draft: 1 of 46 paragraphs agreed (1 ad ref); 1 bracketed"

    shared = tmp_path / "shared.json"
    code, out, _ = run(capsys, path, "export", shared)
    assert code == 0 and out.strip() == f"exported 3 annotations to {shared}"

    colleague = tmp_path / "colleague.redline"
    run(capsys, colleague, "new", corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    run(capsys, colleague, "add", "2", "OP4", "--status", "bracketed", "--note", "G77 objects")
    code, out, _ = run(capsys, colleague, "import", shared)
    assert code == 1  # a conflict is left for the drafter
    assert out.splitlines()[0] == (
        "imported 2 annotations; 0 already here; 1 conflicts; 0 without a version here"
    )
    assert "conflict (same paragraph) on OP4 of 003_8d0baf524011d581.txt" in out
    with NegotiationFile.open(colleague) as notes:
        (mine,) = notes.annotations_for(2, "OP4")
        assert mine.status is Status.BRACKETED and mine.note == "G77 objects"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.redline", "list"], "missing.redline: no such file."),
        (["{file}", "add", "7", "OP1", "--status", "agreed"], "no version '7'"),
        (["{file}", "add", "1", "OP1", "--status", "nearly"], "unknown status 'nearly'"),
        (["{file}", "add", "1", "OP99", "--status", "open"], "has no paragraph OP99"),
        (["{file}", "add", "1", "OP1", "--status", "open", "--position", "EU"], "DELEGATION"),
        (["{file}", "add", "1", "OP1", "--status", "open", "--position", "EU:maybe"], "unknown"),
        (["{file}", "frobnicate"], "invalid choice"),
        (["{file}", "import", "{text}"], "not valid JSON"),
        (["{file}", "export", "{file}"], "is this negotiation file"),
        (["{file}", "export", "{document}"], "is the document of a version"),
        (["{file}", "new", "{text}"], "already exists"),
        (["{text}", "list"], "not a Redline negotiation file"),
        (["{new}", "new", "{missing}"], "no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = tmp_path / "t.redline"
    text = tmp_path / "notes.txt"
    text.write_text("OP1 agreed\n", encoding="utf-8")
    document = tmp_path / "draft.txt"
    document.write_bytes(corpus.CND_60_2.read_bytes())
    run(capsys, path, "new", document)
    names = {
        "{document}": document,
        "{file}": path,
        "{text}": text,
        "{new}": tmp_path / "new.redline",
        "{missing}": tmp_path / "gone.docx",
    }
    before = path.read_bytes()
    code, out, err = run(capsys, *(names.get(a, a) for a in args))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("redline: ")
    assert message in err
    assert path.read_bytes() == before
    assert document.read_bytes() == corpus.CND_60_2.read_bytes()
    assert not (tmp_path / "new.redline").exists()


def test_notes_command_never_loads_qt(tmp_path: Path) -> None:
    path = tmp_path / "t.redline"
    script = (
        "import sys\n"
        "from desktop.main import main\n"
        f"assert main(['notes', {str(path)!r}, 'new', {str(corpus.CND_60_2)!r}]) == 0\n"
        f"assert main(['notes', {str(path)!r}, 'list']) == 0\n"
        "assert not any(name.startswith('PySide6') for name in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, capture_output=True)


def test_names_and_notes_that_are_not_utf8_are_kept_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Linux hands Python undecodable bytes of file names and typed text as lone surrogates
    document = tmp_path / os.fsdecode(b"draft\xff.txt")
    try:
        document.write_bytes(corpus.CND_60_2.read_bytes())
    except (OSError, UnicodeError):
        # Linux (and CI) always takes such names; macOS and Windows file systems refuse them.
        if sys.platform.startswith("linux"):
            raise
        pytest.skip("this file system does not take names that are not UTF-8")
    path = tmp_path / os.fsdecode(b"talks\xfe.redline")
    assert run(capsys, path, "new", document)[0] == 0
    code, out, err = run(
        capsys, path, "add", "1", "OP1", "--status", "agreed", "--note", "ok\udcff"
    )
    assert (code, err) == (0, "")
    code, out, err = run(capsys, path, "list")
    assert code == 0 and "ok\ufffd" in out and "draft\ufffd.txt" in out
