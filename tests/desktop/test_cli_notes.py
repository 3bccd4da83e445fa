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


# --- rounds (issue 15) -------------------------------------------------------------------------


def _third_round(tmp_path: Path) -> Path:
    """A Rev. of 11/6 made by the negotiation simulator, written as the text a user would have."""
    from diffing.readers import read_document
    from tests.helpers.generator import next_version

    pair = next_version(read_document(corpus.COP_11_6), seed=7)
    path = tmp_path / "11-6-rev1.txt"
    path.write_text(pair.new_text, encoding="utf-8")
    return path


def test_the_real_chain_through_rounds_history_and_the_history_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The corpus 10/2 draft → 11/6 (a successor resolution) as two rounds of one file."""
    import docx

    path = tmp_path / "firearms.redline"
    code, out, _ = run(
        capsys, path, "new", corpus.COP_10_2_DRAFT, "--label", "10/2 draft", "--date", "2020-10-12"
    )
    assert code == 0
    run(capsys, path, "add", "1", "OP3", "--status", "agreed", "--note", "as in 9/1")
    code, out, _ = run(capsys, path, "rounds", "redate", "1", "2020-10-16")
    assert out.strip() == "round 1: 10/2 draft dated 2020-10-16"
    code, out, err = run(
        capsys, path, "rounds", "add", corpus.COP_11_6, "--label", "11/6", "--date", "2022-10-21"
    )
    assert (code, err) == (0, "")
    assert out.strip() == "added round 2: 11/6 (2022-10-21); carried 1 of 1 annotations"
    code, out, _ = run(capsys, path, "rounds")
    assert [line.split()[:3] for line in out.splitlines()] == [
        ["1", "2020-10-16", "10/2"],
        ["2", "2022-10-21", "11/6"],
    ]

    # OP4 of 11/6 was OP3 of the draft: its text then, the redline, the note kept and flagged.
    code, out, _ = run(capsys, path, "history", "OP4")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "OP4 of 11/6 (round 2) through 2 rounds"
    assert lines[1].split() == ["1", "2020-10-16", "10/2", "draft:", "OP3"]
    assert lines[3].split() == ["OP3", "agreed:", "as", "in", "9/1"]
    assert lines[4].split() == ["2", "2022-10-21", "11/6:", "OP4", "(modified)"]
    assert "[-Global Programme on Firearms-]{+Firearms Trafficking Section+}" in lines[5]
    assert lines[6].strip() == "OP4 agreed: as in 9/1  [text changed since agreed]"
    # Typed as negotiators type it: the same history.
    assert run(capsys, path, "history", "op 4")[1] == out

    # The split paragraph: OP9 of the draft became OP10 and OP11.
    code, out, _ = run(capsys, path, "history", "OP11", "--round", "11/6", "--format", "json")
    history = json.loads(out)
    assert [r["paragraph_ids"] for r in history["rounds"]] == [["OP9"], ["OP10", "OP11"]]
    assert history["rounds"][1]["relation"] == "split" and history["round"] == 2
    assert history["rounds"][0]["diff"] == [] and history["rounds"][1]["changed"]

    table = tmp_path / "history.docx"
    code, out, _ = run(capsys, path, "history-table", table)
    assert code == 0 and out.strip() == (
        f"wrote the history of 50 paragraphs through 2 rounds to {table}"
    )
    (grid,) = docx.Document(str(table)).tables
    assert [c.text for c in grid.rows[0].cells] == [
        "Paragraph", "10/2 draft\n2020-10-16", "11/6\n2022-10-21",
    ]  # fmt: skip
    rows = {row.cells[0].text: row for row in grid.rows[1:]}
    struck = [r.text for r in rows["OP4"].cells[2].paragraphs[0].runs if r.font.strike]
    assert "Global Programme on Firearms" in "".join(struck)


def test_rounds_are_added_renamed_moved_and_removed_from_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.redline"
    run(capsys, path, "new", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "--label", "Zero draft")
    run(capsys, path, "rounds", "add", _third_round(tmp_path), "--label", "Rev.1")
    code, out, _ = run(capsys, path, "rounds", "rename", "2", "as adopted")
    assert (code, out.strip()) == (0, "round 2: 003_8d0baf524011d581.txt → as adopted")
    code, out, _ = run(capsys, path, "rounds", "move", "Rev.1", "2")
    assert [line.split()[2] for line in out.splitlines()] == ["Zero", "Rev.1", "as"]
    code, out, _ = run(capsys, path, "rounds", "remove", "latest")
    assert out.splitlines()[0] == "removed round 3: as adopted"
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["1", "2"]
    # The history follows the new order: Rev.1 now comes straight after the zero draft.
    code, out, _ = run(capsys, path, "history", "OP1", "--format", "json")
    history = json.loads(out)
    assert [r["label"] for r in history["rounds"]] == ["Zero draft", "Rev.1"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rounds", "add", "{missing}"], "no such file"),
        (["rounds", "add", "{document}", "--date", "21/10/2022"], "is not a date (YYYY-MM-DD)"),
        (["rounds", "rename", "9", "Rev.9"], "no round '9'"),
        (["rounds", "rename", "1", " "], "a round needs a name"),
        (["rounds", "move", "1", "5"], "position 5 is not between 1 and 2"),
        (["rounds", "move", "1", "first"], "invalid int value"),
        (["rounds", "remove", "Rev.7"], "no round 'Rev.7'"),
        (["rounds", "frobnicate"], "invalid choice"),
        (["{new}", "new", "{document}", "--date", "2025-02-30"], "'2025-02-30' is not a date"),
        (["history", "OP99"], "has no paragraph OP99"),
        (["history", "OP1", "--round", "7"], "no round '7'"),
        (["history", "OP1", "--format", "xml"], "invalid choice"),
        (["history-table", "{file}"], "is this negotiation file"),
        (["history-table", "{document}"], "is the document of a version"),
        (["history-table", "{folder}/out.docx"], "cannot write there"),
    ],
)
def test_bad_round_and_history_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = tmp_path / "t.redline"
    document = tmp_path / "draft.txt"
    document.write_bytes(corpus.CND_60_2.read_bytes())
    run(capsys, path, "new", document, corpus.CND_L4_DRAFT)
    names = {
        "{document}": str(document),
        "{file}": str(path),
        "{missing}": str(tmp_path / "gone.docx"),
        "{folder}": str(tmp_path / "no-such-folder"),
        "{new}": str(tmp_path / "new.redline"),
    }
    args = [names.get(a, a).replace("{folder}", names["{folder}"]) for a in args]
    if args[0] != names["{new}"]:
        args.insert(0, str(path))
    before = path.read_bytes()
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("redline: ")
    assert message in err
    assert path.read_bytes() == before
    assert document.read_bytes() == corpus.CND_60_2.read_bytes()
    assert not (tmp_path / "new.redline").exists()


def test_round_dates_are_in_every_json_the_cli_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A colleague reading the JSON sees when each round was issued, not only its name."""
    path = tmp_path / "t.redline"
    run(
        capsys,
        path,
        "new",
        corpus.COP_10_2_DRAFT,
        corpus.COP_11_6,
        "--label",
        "Zero draft",
        "--label",
        "as adopted",
        "--date",
        "2020-10-16",
        "--date",
        "2022-10-21",
    )
    run(capsys, path, "add", "latest", "OP1", "--status", "agreed")
    code, out, _ = run(capsys, path, "rounds", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [(r["number"], r["label"], r["date"]) for r in listed] == [
        (1, "Zero draft", "2020-10-16"),
        (2, "as adopted", "2022-10-21"),
    ]
    assert listed[1]["annotations"] == 1
    code, out, _ = run(capsys, path, "list", "--format", "json")
    assert [a["version_date"] for a in json.loads(out)] == ["2022-10-21"]
    exported = tmp_path / "notes.json"
    run(capsys, path, "export", exported)
    versions = json.loads(exported.read_text(encoding="utf-8"))["versions"]
    assert [(v["label"], v["date"]) for v in versions] == [
        ("Zero draft", "2020-10-16"),
        ("as adopted", "2022-10-21"),
    ]
    # The file reads its own export back: the date is an addition an import passes over.
    with NegotiationFile.open(path) as notes:
        assert notes.import_json(exported).unchanged == 1
