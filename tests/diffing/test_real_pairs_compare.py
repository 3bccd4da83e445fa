"""Acceptance on real UN PDFs (issue 12): identical wording reads unchanged between a draft and
its adoption, and the annual edit of a successor resolution reads as a word-level change with
closing lines paired with closing lines. The PDFs sit in ../shared/real-pdfs: missing on CI is a
failure, elsewhere a skip with its reason."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.model import Comparison, Kind
from diffing.readers import read_document
from diffing.structure import is_closing_line
from tests.conftest import ON_CI

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real-pdfs"
BODY = (Kind.PREAMBULAR, Kind.OPERATIVE, Kind.SUBPARAGRAPH)


def pdf(name: str) -> Path:
    path = REAL / f"{name}.pdf"
    if not path.is_file():
        if ON_CI:
            pytest.fail(f"{path} is missing: CI must have ../shared/real-pdfs beside the checkout")
        pytest.skip(f"{path} is not here (the real PDFs sit beside the checkout)")
    return path


@cache
def pair(old: str, new: str) -> Comparison:
    return compare(read_document(pdf(old)), read_document(pdf(new)))


@pytest.mark.parametrize(
    ("draft", "adopted"), [("A_C.1_80_L.4", "A_RES_80_48"), ("A_80_L.9", "A_RES_80_6")]
)
def test_a_draft_and_its_adoption_with_the_same_words_have_no_changed_body_paragraph(
    draft: str, adopted: str
) -> None:
    comparison = pair(draft, adopted)
    old_kinds = {p.id: p.kind for p in comparison.old.paragraphs}
    new_kinds = {p.id: p.kind for p in comparison.new.paragraphs}
    body = [
        entry
        for entry in comparison.entries
        if any(old_kinds[i] in BODY for i in entry.old)
        or any(new_kinds[i] in BODY for i in entry.new)
    ]
    assert len(body) > 20
    changed = [(entry.old, entry.new, entry.diff) for entry in body if entry.changed]
    assert changed == []
    assert all(entry.old and entry.new for entry in body)


def test_a_successor_resolution_shows_the_annual_edit_as_words_and_pairs_closing_lines() -> None:
    comparison = pair("A_RES_79_6", "A_RES_80_6")
    pp1 = next(entry for entry in comparison.entries if "PP1" in entry.new)
    assert pp1.old == ("PP1",) and pp1.new == ("PP1",)  # nothing merged into it
    deleted = "".join(text for op, text in pp1.diff if op == "-")
    inserted = "".join(text for op, text in pp1.diff if op == "+")
    assert "78" in deleted and "79" in inserted and "2023" in deleted and "2024" in inserted
    assert any(op == "=" and "all its previous relevant resolutions" in t for op, t in pp1.diff)

    def closing(side: str, ids: tuple[str, ...]) -> list[bool]:
        document = comparison.old if side == "old" else comparison.new
        return [
            document.paragraph(i).kind is Kind.CLOSING
            or is_closing_line(document.paragraph(i).text)
            for i in ids
        ]

    closing_entries = 0
    for entry in comparison.entries:
        flags = closing("old", entry.old) + closing("new", entry.new)
        if any(flags):
            assert all(flags), entry  # a closing line is grouped with closing lines only
            assert entry.old and entry.new, entry  # and paired: last year's with this year's
            closing_entries += 1
    assert closing_entries == 2  # the plenary meeting and the date
