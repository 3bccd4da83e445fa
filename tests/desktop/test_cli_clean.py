"""`redline clean` and the compilation counts of `redline parse`, as a user runs them: a real
subprocess on our compilation sample (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import docx

from tests.desktop.test_cli_parse import redline

DATA = Path(__file__).resolve().parents[1] / "data" / "compilation"
ROUND_1 = str(DATA / "salw_round1.txt")
HAND_MADE = (DATA / "salw_round1_clean_first.txt").read_text(encoding="utf-8")


def test_clean_to_stdout_equals_the_hand_made_clean_version() -> None:
    result = redline("clean", ROUND_1)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == HAND_MADE.strip()


def test_clean_to_a_word_file_and_to_a_text_file(tmp_path: Path) -> None:
    word, text = tmp_path / "clean.docx", tmp_path / "clean.txt"
    assert redline("clean", ROUND_1, "-o", str(word)).returncode == 0
    assert redline("clean", ROUND_1, "-o", str(text)).returncode == 0
    paragraphs = [p.text for p in docx.Document(str(word)).paragraphs]
    assert paragraphs == HAND_MADE.strip().split("\n\n")
    assert text.read_text(encoding="utf-8").strip() == HAND_MADE.strip()


def test_clean_agreed_keeps_only_unbracketed_words() -> None:
    result = redline("clean", ROUND_1, "--agreed")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().split("\n\n")
    assert "1. All States to implement the Programme of Action;" in lines
    assert not any("Requests the Secretary-General" in line for line in lines)
    assert "[" not in result.stdout and "(EU)" not in result.stdout


def test_clean_bad_input_gives_one_line_and_status_2(tmp_path: Path) -> None:
    for args in (
        ("clean", str(tmp_path / "missing.txt")),
        ("clean", ROUND_1, "-o", str(tmp_path / "no" / "such" / "dir.docx")),
        ("clean",),
    ):
        result = redline(*args)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("redline: ")
        assert "Traceback" not in result.stderr


def test_parse_prints_where_a_compilation_round_stands() -> None:
    text = redline("parse", ROUND_1)
    assert text.returncode == 0, text.stderr
    assert text.stdout.rstrip().endswith(
        "Compilation: 5 paragraphs still bracketed · 7 bracket pairs · "
        "proposals: G77 3, EU 2, CAN 1, RUS 1, USA 1 · agreed ad ref 2"
    )
    assert "PP2-alt" in text.stdout
    parsed = json.loads(redline("parse", ROUND_1, "--format", "json").stdout)
    assert parsed["compilation"]["bracket_pairs"] == 7
    assert parsed["compilation"]["proposals"] == {"G77": 3, "EU": 2, "CAN": 1, "RUS": 1, "USA": 1}
    plain = json.loads(
        redline("parse", str(DATA / "salw_round1_clean_first.txt"), "--format", "json").stdout
    )
    assert "compilation" not in plain


def test_compare_pairs_compilation_labels_unless_told_not_to(tmp_path: Path) -> None:
    # the facilitator renumbered: round 2's OP1 is round 1's OP2, word for word
    old, new = tmp_path / "round1.txt", tmp_path / "round2.txt"
    old.write_text(
        "OP1 [Urges (EU)] States to act;\n\nOP2 Decides to convene a meeting on trade;",
        encoding="utf-8",
    )
    new.write_text(
        "OP1 Decides to convene a meeting on trade;\n\nOP2 [Urges (EU)] States to act;",
        encoding="utf-8",
    )

    def pairs(*options: str) -> set[tuple[tuple[str, ...], tuple[str, ...], str]]:
        result = redline("compare", str(old), str(new), "--format", "json", *options)
        assert result.returncode == 1, result.stderr
        alignment = json.loads(result.stdout)["alignment"]
        return {(tuple(e["old"]), tuple(e["new"]), e["relation"]) for e in alignment}

    assert (("OP1",), ("OP1",), "modified") in pairs()
    assert (("OP2",), ("OP1",), "unchanged") in pairs("--no-labels")
