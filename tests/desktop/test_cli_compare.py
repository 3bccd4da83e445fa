"""`redline compare` as a user runs it: a separate process, real corpus files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import corpus
from tests.helpers.generator import generated_pairs

ROOT = Path(__file__).resolve().parents[2]


def redline(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_json_has_both_parses_the_alignment_and_a_summary() -> None:
    result = redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "--format", "json")
    assert result.returncode == 1, result.stderr  # the versions differ
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert set(data) >= {"old", "new", "alignment", "summary"}
    assert [p["id"] for p in data["new"]["paragraphs"]][:3] == ["title", "opening", "PP1"]
    split = next(e for e in data["alignment"] if e["old"] == ["OP9"])
    assert split["relation"] == "split" and split["new"] == ["OP10", "OP11"]
    assert 0.0 < split["similarity"] < 1.0
    assert {op for op, _ in split["diff"]} <= {"=", "-", "+"}
    old_text = "".join(t for op, t in split["diff"] if op in "=-")
    assert old_text == next(p["text"] for p in data["old"]["paragraphs"] if p["id"] == "OP9")
    welcoming = next(e for e in data["alignment"] if e["new"] == ["PP12"])
    assert welcoming["verb_change"] == {
        "old": "Welcoming",
        "new": "Noting with appreciation",
        "shift": None,  # neither is on the verb ladder
    }
    inserted = next(e for e in data["alignment"] if e["new"] == ["OP23"])
    assert inserted["relation"] == "inserted" and inserted["old"] == []
    summary = data["summary"]
    assert summary["split"] == 1
    assert summary["inserted"] == sum(1 for e in data["alignment"] if e["relation"] == "inserted")
    assert summary["words_inserted"] > 0 and summary["words_deleted"] > 0


def test_text_redline_labels_entries_as_negotiators_do() -> None:
    result = redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "## OP9 → OP10 + OP11 (split)" in out
    assert "## new OP23" in out
    assert "## deleted PP1" in out
    assert "## OP19 → OP20\n" in out  # renumbered only: no relation, no marks
    assert "[-Welcoming-]{+Noting with appreciation+} the continuous efforts" in out
    assert out.rstrip().splitlines()[-1].startswith("Summary:")


def test_moves_are_labelled(tmp_path: Path) -> None:
    pair = generated_pairs(1, seed=11, rate=2.5)[0]
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(pair.old_text, encoding="utf-8")
    new.write_text(pair.new_text, encoding="utf-8")
    result = redline("compare", old, new, "--format", "json")
    assert result.returncode == 1, result.stderr
    alignment = json.loads(result.stdout)["alignment"]
    moved = [e for e in alignment if e["relation"] == "moved"]
    assert moved
    assert all(e["label"].endswith("(moved)") for e in moved)
    assert any("→" in e["label"] for e in moved)


def test_output_file_and_ignore_options(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(
        "The Commission,\n\nRecalling its resolution 60/2,\n\n1. *Invites* States to act;\n\n"
        "2. *Requests* the Office to report.\n",
        encoding="utf-8",
    )
    new.write_text(
        "The Commission,\n\nRecalling its Resolution 60/2,\n\n1. *Invites* States to act;\n\n"
        "2. *Requests* the Office to report.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.json"
    result = redline("compare", old, new, "-o", out, "--ignore-case")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["options"]["ignore_case"] is True
    assert data["summary"]["modified"] == 0
    assert all(e["relation"] == "unchanged" for e in data["alignment"])
    strict = json.loads(redline("compare", old, new, "--format", "json").stdout)
    assert strict["summary"]["modified"] == 1


def test_missing_file_is_exit_2_with_one_line_on_stderr(tmp_path: Path) -> None:
    result = redline("compare", corpus.COP_10_2_DRAFT, tmp_path / "nope.txt")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope.txt" in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_options_are_exit_2_with_one_line(tmp_path: Path) -> None:
    for args in (
        ["compare", corpus.COP_10_2_DRAFT],
        ["compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "--format", "docx"],
        [
            "compare",
            corpus.COP_10_2_DRAFT,
            corpus.COP_11_6,
            "-o",
            tmp_path / "x.docx",
            "--date",
            "soon",
        ],
    ):
        result = redline(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr


def test_an_output_name_of_no_known_format_is_refused_not_written_as_text(tmp_path: Path) -> None:
    out = tmp_path / "redline.xyz"
    result = redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "-o", out)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"redline: {out}: .xyz is not an output format; name the file .docx, .html, .json or "
        ".txt, or give --format"
    ]
    assert not out.exists()
    # a name without an extension is still the text redline, and --format decides over a name
    plain = redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "-o", tmp_path / "plain")
    assert plain.returncode == 1
    assert (
        (tmp_path / "plain")
        .read_text(encoding="utf-8")
        .startswith(redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6).stdout[:200])
    )
    forced = redline(
        "compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "-o", out, "--format", "json"
    )
    assert forced.returncode == 1
    assert "summary" in json.loads(out.read_text(encoding="utf-8"))


def test_docx_export_is_written_through_the_exporters(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = redline(
        "compare",
        corpus.COP_10_2_DRAFT,
        corpus.COP_11_6,
        "-o",
        out,
        "--author",
        "Tester",
        "--date",
        "2024-03-18T10:00:00Z",
    )
    assert result.returncode == 1, result.stderr
    assert out.read_bytes()[:2] == b"PK"
    html = tmp_path / "redline.html"
    result = redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "-o", html)
    assert result.returncode == 1, result.stderr
    assert "<html" in html.read_text(encoding="utf-8").lower()


def test_output_onto_an_input_document_is_refused_and_leaves_it_intact(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    old.write_bytes(corpus.COP_10_2_DRAFT.read_bytes())
    for fmt in ("text", "docx"):
        result = redline("compare", old, corpus.COP_11_6, "--format", fmt, "-o", old)
        assert result.returncode == 2, result.stdout
        assert "old.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert old.read_bytes() == corpus.COP_10_2_DRAFT.read_bytes()


def test_text_output_that_cannot_be_written_leaves_no_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "-o", folder)
    assert result.returncode == 2
    assert "out" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert list(folder.iterdir()) == []


def test_text_output_is_an_ordinary_readable_file(tmp_path: Path) -> None:
    out = tmp_path / "redline.json"
    result = redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "-o", out)
    assert result.returncode == 1, result.stderr
    assert out.stat().st_mode & 0o044 == 0o044  # others can read it, as with the Word exports


def test_a_console_that_cannot_show_arrows_gets_the_redline_not_a_traceback() -> None:
    # Windows consoles and redirections default to a code page without "→"
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        timeout=120,
    )
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    assert b"## PP2 ? PP1 (modified)" in result.stdout


def test_a_document_name_that_is_not_utf8_still_gives_a_json_file(tmp_path: Path) -> None:
    old = tmp_path / os.fsdecode(b"draft\xff.txt")
    try:
        old.write_bytes(corpus.COP_10_2_DRAFT.read_bytes())
    except (OSError, UnicodeError):
        # Linux (and CI) always takes such names; macOS and Windows file systems refuse them.
        if sys.platform.startswith("linux"):
            raise
        pytest.skip("this file system does not take names that are not UTF-8")
    out = tmp_path / "out.json"
    result = redline("compare", old, corpus.COP_11_6, "-o", out)
    assert result.returncode == 1, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["old"]["source"] == "draft?.txt"


SPONSORED = """A/C.3/80/L.99

General Assembly
Eightieth session
Agenda item 68

{sponsors}: draft resolution

Rights of the child

The General Assembly,

Recalling its resolution 79/150 of 17 December 2024,

1. Calls upon States to protect the rights of the child;

2. Decides to continue its consideration of the question.
"""


def test_a_sponsor_added_is_reported_and_sets_the_exit_status(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(SPONSORED.format(sponsors="Argentina, Brazil and Chile"), encoding="utf-8")
    new.write_text(
        SPONSORED.format(sponsors="Argentina, Brazil, Chile and Uruguay"), encoding="utf-8"
    )
    result = redline("compare", old, new)
    assert result.returncode == 1, result.stderr  # the body is the same; the sponsors are not
    assert "sponsors: + Uruguay" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1] == "Summary: sponsors · +0/−0 words"
    data = json.loads(redline("compare", new, old, "--format", "json").stdout)
    (sponsors,) = [m for m in data["masthead"] if m["field"] == "sponsors"]
    assert sponsors["removed"] == ["Uruguay"] and sponsors["changed"] is True
    same = redline("compare", old, old)
    assert same.returncode == 0, same.stderr
    assert same.stdout.rstrip().splitlines()[-1] == "Summary: no changes · +0/−0 words"


def test_word_pairs_export_into_the_new_file_unless_asked_for_the_un_layout(
    tmp_path: Path,
) -> None:
    """`--layout`: by default the tracked .docx of two Word files is the new file itself (its
    running header kept); `--layout generated` rebuilds the UN layout; `--track-changes` asks
    the recipient's Word to go on tracking."""
    import zipfile

    from diffing.readers import read_document
    from tests.helpers.docx_builder import build_docx

    old_doc = read_document(corpus.COP_10_2_DRAFT)
    new_doc = read_document(corpus.COP_11_6)
    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    old.write_bytes(build_docx(old_doc, header="CTOC/COP/2020/L.5"))
    new.write_bytes(build_docx(new_doc, header="CTOC/COP/2022/L.9"))

    def names(path: Path) -> set[str]:
        with zipfile.ZipFile(path) as package:
            return set(package.namelist())

    def settings(path: Path) -> str:
        with zipfile.ZipFile(path) as package:
            return package.read("word/settings.xml").decode("utf-8")

    own = tmp_path / "own.docx"
    assert redline("compare", old, new, "-o", own).returncode == 1
    assert "word/header1.xml" in names(own)
    assert "trackRevisions" not in settings(own)
    rebuilt = tmp_path / "rebuilt.docx"
    result = redline("compare", old, new, "-o", rebuilt, "--layout", "generated", "--track-changes")
    assert result.returncode == 1, result.stderr
    assert "word/header1.xml" not in names(rebuilt)
    assert "trackRevisions" in settings(rebuilt)


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("json", "c.docx"),
        ("text", "c.docx"),
        ("html", "c.docx"),
        ("docx", "c.html"),
        ("table", "c.txt"),
    ],
)
def test_a_format_that_does_not_write_the_named_kind_of_file_is_refused(
    tmp_path: Path, fmt: str, name: str
) -> None:
    """`--format json -o c.docx` would leave JSON under a Word name, which Word refuses to open."""
    out = tmp_path / name
    result = redline("compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "--format", fmt, "-o", out)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"redline: {out}: --format {fmt} does not write a {out.suffix} file; name the file for "
        "the format, or leave --format out to follow the name"
    ]
    assert not out.exists()


def test_a_format_that_writes_the_named_kind_of_file_is_kept(tmp_path: Path) -> None:
    """A comparison table is a Word file: `--format table -o t.docx` is what it should be."""
    out = tmp_path / "t.docx"
    result = redline(
        "compare", corpus.COP_10_2_DRAFT, corpus.COP_11_6, "--format", "table", "-o", out
    )
    assert result.returncode == 1
    assert out.read_bytes().startswith(b"PK")
