"""The clean version of a compilation text (issue 16): brackets, tags, labels and status markers
removed, alternatives dropped, operative paragraphs numbered as an issued text would be."""

from __future__ import annotations

from pathlib import Path

import docx

from diffing.readers import read_document
from exporters.clean import clean_lines, write_clean

DATA = Path(__file__).resolve().parent.parent / "data" / "compilation"


def test_the_clean_text_of_a_compilation_equals_its_hand_made_clean_version(
    tmp_path: Path,
) -> None:
    document = read_document(DATA / "salw_round1.txt")
    out = tmp_path / "clean.txt"
    write_clean(document, out)
    assert out.read_text(encoding="utf-8") == (DATA / "salw_round1_clean_first.txt").read_text(
        encoding="utf-8"
    )


def test_the_agreed_clean_text_keeps_only_unbracketed_words() -> None:
    lines = clean_lines(read_document(DATA / "salw_round1.txt"), "agreed")
    assert "Concerned about the illicit trade in small arms and light weapons," in lines
    assert not any("[" in line or "(EU)" in line or "Secretary-General" in line for line in lines)
    assert lines[-1] == "3. Decides to remain seized of the matter."


def test_the_clean_word_document_holds_the_same_paragraphs(tmp_path: Path) -> None:
    document = read_document(DATA / "salw_round1.txt")
    out = tmp_path / "clean.docx"
    write_clean(document, out)
    texts = [p.text for p in docx.Document(str(out)).paragraphs if p.text]
    assert texts == clean_lines(document)
