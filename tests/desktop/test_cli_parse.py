"""`redline parse` as a user runs it: a real subprocess, JSON and text output on a corpus file, and
one line on stderr with exit status 2 for files it cannot read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import corpus

ROOT = Path(__file__).resolve().parents[2]


def redline(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


def test_parse_json_of_the_adopted_cop_resolution() -> None:
    result = redline("parse", str(corpus.COP_11_6), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["source"] == corpus.COP_11_6.name
    assert data["metadata"]["resolution_number"] == "11/6"
    assert data["metadata"]["status"] == "adopted"
    paragraphs = data["paragraphs"]
    assert [p["id"] for p in paragraphs[:3]] == ["title", "opening", "PP1"]
    assert sum(p["kind"] == "preambular" for p in paragraphs) == 19
    assert sum(p["kind"] == "operative" for p in paragraphs) == 29
    op9 = next(p for p in paragraphs if p["id"] == "OP9")
    assert op9["number"] == "9"
    assert op9["text"].startswith("Encourages the continued analysis")
    assert op9["text"].endswith("(COVID-19) pandemic;")
    pp1 = next(p for p in paragraphs if p["id"] == "PP1")
    footnotes = {f["id"]: f["text"] for f in data["footnotes"]}
    assert [footnotes[i] for i in pp1["footnotes"]] == [
        "United Nations, Treaty Series, vol. 2225, No. 39574."
    ]


def paragraph_lines(output: str) -> list[str]:
    """The paragraph lines of `redline parse`'s text: after the masthead block (up to its blank
    line) and before the blank line that opens the footnotes or the compilation line."""
    lines = output.splitlines()
    if lines and lines[0] == "Masthead:":
        lines = lines[lines.index("") + 1 :]
    return lines[: lines.index("")] if "" in lines else lines


def test_parse_text_prints_one_line_per_paragraph() -> None:
    result = redline("parse", str(corpus.CND_L4_DRAFT))
    assert result.returncode == 0, result.stderr
    lines = paragraph_lines(result.stdout)
    assert len(lines) == 2 + 13 + 16
    assert lines[1] == "opening   The Commission on Narcotic Drugs,"
    ids = [line.split("  ", 1)[0].strip() for line in lines]
    assert ids[2:4] == ["PP1", "PP2"]
    assert ids[-1] == "OP16"
    assert lines[-1].endswith("against Transnational Organized Crime.")


def test_parse_text_shows_the_masthead_and_the_footnotes_with_their_paragraphs() -> None:
    """The text output showed paragraphs only: what the reader found of the masthead and the
    footnotes was in the JSON alone (a new user's run)."""
    result = redline("parse", str(corpus.COP_10_2_DRAFT))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    masthead = lines[1 : lines.index("")]
    assert lines[0] == "Masthead:"
    assert "  sponsors: Mexico: draft resolution" in masthead
    assert "  place and date: Vienna, 12–16 October 2020" in masthead
    assert not any(line.startswith("  title:") for line in masthead)  # a paragraph of its own
    footnotes = lines[lines.index("Footnotes:") + 1 :]
    assert "  1 (PP1)  United Nations, Treaty Series, vol. 2225, No. 39574." in footnotes
    assert "  4 (PP12)  See General Assembly resolution 67/234 B." in footnotes
    assert "  * (no paragraph)  CTOC/COP/2020/1." in footnotes  # the agenda item's note
    assert paragraph_lines(result.stdout)[0].startswith("title     Strengthening")


def test_parse_text_of_the_report_has_no_labels() -> None:
    result = redline("parse", str(corpus.REPORT), "--format", "text")
    assert result.returncode == 0, result.stderr
    ids = [line.split("  ", 1)[0].strip() for line in paragraph_lines(result.stdout)]
    assert ids == [f"P{i}" for i in range(1, len(ids) + 1)]


JUNK = bytes((i * 7919 + 13) % 256 for i in range(5000))


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"\n \n\t\n", "empty"),
        ("junk.txt", JUNK, "junk.txt"),
        ("", None, "folder"),
    ],
    ids=["missing", "empty", "blank", "binary-junk", "folder"],
)
def test_unreadable_files_give_one_line_and_status_2(
    name: str, content: bytes | None, says: str, tmp_path: Path
) -> None:
    path = tmp_path / name if name else tmp_path
    if content is not None:
        path.write_bytes(content)
    result = redline("parse", str(path), "--format", "json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("redline: ")
    assert says in lines[0]


def test_bad_arguments_give_one_line_and_status_2() -> None:
    for args in (("parse",), ("parse", str(corpus.COP_11_6), "--format", "xml")):
        result = redline(*args)
        assert result.returncode == 2
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
