"""The comparison table of two compilation rounds has a proposals column (issue 16)."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from diffing.compare import compare
from diffing.readers import read_document
from exporters.html import build_html
from exporters.table import build_table_docx

DATA = Path(__file__).resolve().parent.parent / "data" / "compilation"


def _rows(old: str, new: str) -> list[list[str]]:
    comparison = compare(read_document(DATA / old), read_document(DATA / new))
    data = build_table_docx(comparison, author="Facilitator", date="2026-11-30T00:00:00Z")
    table = docx.Document(io.BytesIO(data)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_table_says_who_proposes_what_in_the_new_round() -> None:
    rows = _rows("salw_round1.txt", "salw_round2.txt")
    assert rows[0][3] == "Proposals (new round)"
    by_label = {row[1].split("\n")[0]: row for row in rows[1:]}
    assert by_label["OP1"][3] == "EU: Urges (bracketed)"
    assert by_label["OP1 bis"][3].split("\n") == [
        "CAN: Requests the Secretary-General to report on the implementat… (bracketed)",
        "G77: delete “Requests the Secretary-General to report on the implementat…” (bracketed)",
        "EU: retain “Requests the Secretary-General to report on the implementat…” (bracketed)",
    ]
    assert by_label["PP3"][3] == "status: agreed ad ref"
    assert "Proposals: G77 proposal withdrawn (Encourages)" in by_label["OP1"][2]
    assert "possible PBI: Secretary-General to report" in by_label["OP1 bis"][2]


def test_an_ordinary_comparison_keeps_three_columns() -> None:
    rows = _rows("salw_round1_clean_first.txt", "salw_round1_clean_first.txt")
    assert {len(row) for row in rows} == {3}


def test_the_html_page_carries_the_same_remarks() -> None:
    comparison = compare(
        read_document(DATA / "salw_round1.txt"), read_document(DATA / "salw_round2.txt")
    )
    page = build_html(comparison, date="2026-11-30T00:00:00Z")
    assert "Proposals: G77 proposal withdrawn (Encourages)" in page
    assert "possible PBI: Secretary-General to report" in page
    assert "Verb: Encourages → Urges (strengthened)" in page
    assert "proposals: 1 accepted, 3 withdrawn, 1 added" in page
