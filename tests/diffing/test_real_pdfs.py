"""The real UN PDFs of ../shared/real-pdfs read exactly as printed (issue 11's acceptance).

Each file: the symbol whole (the file name with "_" for "/") and never inside a paragraph; no
running header, footer, job number, barcode or footnote rule in any paragraph or footnote; no
preambular or operative paragraph starting in lower case (a paragraph cut at a page break);
the preambular / operative / sub-paragraph counts as printed. The folder is not part of the
project: on CI (CI=true) its absence fails these tests, elsewhere it skips them with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diffing.model import Document, Kind
from diffing.readers import read_document
from tests.conftest import ON_CI

REAL = Path(__file__).resolve().parents[3] / "shared" / "real-pdfs"
"""../shared/real-pdfs beside the checkout (a clone or a worktree)."""
FILES = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []

COUNTS = {
    # file: (PP, OP, sub-paragraphs) as printed; None where the sample's README gives no figure
    "A_RES_80_1": (5, 3, 3),
    "A_80_L.2": (4, 3, 3),
    "A_C.1_80_L.21": (12, 7, None),
    "A_RES_80_22": (12, 7, None),
    "A_C.1_80_L.4": (24, 13, None),
    "A_RES_80_48": (24, 13, None),
    "A_RES_79_6": (14, 32, None),
    "A_80_L.9": (14, 32, None),
    "A_RES_80_6": (14, 32, None),
    "A_RES_80_9": (0, 1, 0),
    "A_RES_80_114": (1, 1, None),
    "A_RES_80_34": (11, 36, None),
    "A_C.5_80_L.10": (0, 12, None),
    "A_80_L.17": (101, 293, None),
    "S_2017_77": (28, 39, None),
}
FURNITURE = re.compile(r"\b\d{2}-\d{5}\b|\*\d{7}\*|Please recycle|_{4,}|\b\d{1,2}/\d{1,2} \d{2}-")


def _need_folder() -> None:
    if FILES:
        return
    if ON_CI:
        pytest.fail(f"{REAL} is missing: CI must have shared/real-pdfs beside the checkout")
    pytest.skip(f"{REAL} not found (the real PDFs live in ../shared/real-pdfs, not in the project)")


_cache: dict[str, Document] = {}


def _read(name: str) -> Document:
    _need_folder()
    if name not in _cache:
        _cache[name] = read_document(REAL / f"{name}.pdf")
    return _cache[name]


NAMES = [path.stem for path in FILES] or ["(missing)"]


@pytest.mark.parametrize("name", NAMES)
def test_symbol_is_whole_and_never_in_the_text(name: str) -> None:
    document = _read(name)
    symbol = name.replace("_", "/")
    assert document.metadata.symbol == symbol
    assert [p.id for p in document.paragraphs if symbol in p.text] == []


@pytest.mark.parametrize("name", NAMES)
def test_no_furniture_in_paragraphs_or_footnotes(name: str) -> None:
    document = _read(name)
    texts = [(p.id, p.text) for p in document.paragraphs] + [
        (f"n{n.id}", n.text) for n in document.footnotes
    ]
    assert [(pid, text) for pid, text in texts if FURNITURE.search(text)] == []


@pytest.mark.parametrize("name", NAMES)
def test_no_paragraph_cut_at_a_page_break(name: str) -> None:
    document = _read(name)
    body = [p for p in document.paragraphs if p.kind in (Kind.PREAMBULAR, Kind.OPERATIVE)]
    assert [p.id for p in body if p.text[:1].islower()] == []
    assert [
        p.id for p in document.paragraphs if p.kind is Kind.OTHER and p.text[:1].islower()
    ] == []


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_printed_counts(name: str) -> None:
    document = _read(name)
    pp, op, sub = COUNTS[name]
    assert document.count(Kind.PREAMBULAR) == pp
    assert document.count(Kind.OPERATIVE) == op
    if sub is not None:
        assert document.count(Kind.SUBPARAGRAPH) == sub


def test_section_headings_are_headings() -> None:
    fisheries = _read("A_80_L.17")
    headings = [p.text for p in fisheries.paragraphs if p.kind is Kind.HEADING]
    assert headings[0] == "I Achieving sustainable fisheries" and len(headings) == 14
    assert [p.id for p in fisheries.paragraphs if p.kind is Kind.HEADING][:2] == ["H1", "H2"]
    council = [p.text for p in _read("S_2017_77").paragraphs if p.kind is Kind.HEADING]
    assert council[0] == "Arms embargo"
    assert "Peacebuilding Commission" in [
        p.text for p in _read("A_RES_80_11").paragraphs if p.kind is Kind.HEADING
    ]


def test_closing_lines_and_annex() -> None:
    declaration = _read("A_RES_80_9")
    assert declaration.paragraph("opening").text == "The General Assembly"
    assert declaration.paragraph("OP1").text.startswith("Adopts the 2025 Political Declaration")
    assert [p.text for p in declaration.paragraphs if p.kind is Kind.CLOSING] == [
        "48th plenary meeting",
        "24 November 2025",
    ]
    assert "We, the States Members" not in " ".join(
        p.text for p in declaration.paragraphs if p.kind is Kind.OPERATIVE
    )
    assert [p.id for p in _read("A_RES_79_6").paragraphs if p.kind is Kind.CLOSING] == ["C1", "C2"]


def test_metadata_of_drafts_and_adopted_texts() -> None:
    budget = _read("A_C.5_80_L.10").metadata
    assert (budget.sponsors, budget.status) == ("Iraq: draft resolution", "draft")
    icc = _read("A_80_L.9").metadata
    assert icc.status == "draft" and icc.sponsors is not None
    assert icc.sponsors.endswith("Zambia and State of Palestine: draft resolution")
    roadmap = _read("A_RES_80_48").metadata
    assert roadmap.agenda_item is not None and roadmap.agenda_item.startswith(
        "Agenda item 99 (bb): General and complete disarmament"
    )
    review = _read("A_RES_80_11").metadata
    assert (review.resolution_number, review.status) == ("80/11", "adopted")
    assert review.title is not None and review.title.startswith("2025 review of the United Nations")


def test_structure_of_real_layouts() -> None:
    rule_of_law = _read("A_RES_80_167")
    assert rule_of_law.paragraph("OP6").text.startswith("Also reaffirms the important role")
    chemical = _read("A_RES_80_34")
    assert (
        chemical.paragraph("OP5(f)").text.endswith(
            "and demands that the perpetrators be held accountable, noting in this regard that the "
            "Syrian Arab Republic has a vested interest in investigating these findings;"
        )
        or "and demands that the perpetrators" in chemical.paragraph("OP5(f)").text
    )
    credentials = _read("A_RES_80_114")
    assert credentials.paragraph("OP1").text.startswith("Approves")


def test_space_after_right_single_quote() -> None:
    text = " ".join(p.text for p in _read("A_C.1_80_L.21").paragraphs)
    assert "States’ engaging" in text and "States’engaging" not in text
    budget = " ".join(p.text for p in _read("A_C.5_80_L.10").paragraphs)
    assert "GeneralAssembly" not in budget and "theAgency" not in budget
