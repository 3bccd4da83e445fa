"""Compilation texts typed as facilitators type them — in Word and in plain text — read into the
model exactly: labels, alternatives, proposals with their proposers, brackets, status (issue 16).
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from diffing.compilation import CleanChoice, read_markup
from diffing.model import Document, Kind
from diffing.readers import read_bytes
from diffing.readers.docx import read_docx
from exporters.clean import clean_lines
from tests.helpers.docx_builder import build_raw_docx
from tests.helpers.pdf_builder import Run, laid_out_pdf

DATA = Path(__file__).resolve().parent.parent / "data" / "compilation"

SAMPLE = [
    "Draft resolution: Illicit trade in small arms and light weapons in all its aspects",
    "PP1 Recalling its resolution 79/48 of 2 December 2024,",
    "PP2 [Deeply] concerned [(EU)] about the illicit trade in small arms and light weapons,",
    "PP2 alt [Concerned about the [illicit] trade in small arms (RUS)]",
    "new PP [Noting the work of the Group of Governmental Experts (CAN, MEX)]",
    "PP3 Concerned about the illicit trade in small arms and light weapons, [agreed ad ref]",
    "OP1 [Encourages (G77)] [Urges (EU)] all States to implement the Programme of Action;",
    "Alt 1 [Invites all States to implement the Programme of Action (RUS)]",
    "Alt 2 [Calls upon all States to implement the Programme (CHN)]",
    "OP1 bis [Requests the Secretary-General to report on the implementation (CAN)] "
    "[(G77: delete)] [(EU: retain)]",
    "OP2 Calls upon States to strengthen [, as appropriate,] [(G77)] their national capacity "
    "[(USA: delete)];",
    "new OP [Decides to convene a meeting of experts (MEX)]",
    "OP3 [Decides to remain seized of the matter.] [Retain]",
    "OP4 Decides to include the item in its provisional agenda. [AAR]",
    "OP5 Welcomes the report of the Office [pending]",
]
"""Every markup kind of a compilation text, one paragraph a line."""

TRUTH = [
    # id, kind, label, status, [(proposers, action, words)]
    ("P1", Kind.OTHER, "P1", None, []),
    ("PP1", Kind.PREAMBULAR, "PP1", None, []),
    ("PP2", Kind.PREAMBULAR, "PP2", None, [(("EU",), "add", "Deeply")]),
    (
        "PP2-alt",
        Kind.PREAMBULAR,
        "Alt PP2",
        None,
        [(("RUS",), "add", "Concerned about the [illicit] trade in small arms")],
    ),
    (
        "PP-new",
        Kind.PREAMBULAR,
        "new PP",
        None,
        [(("CAN", "MEX"), "add", "Noting the work of the Group of Governmental Experts")],
    ),
    ("PP3", Kind.PREAMBULAR, "PP3", "agreed ad ref", []),
    (
        "OP1",
        Kind.OPERATIVE,
        "OP1",
        None,
        [(("G77",), "add", "Encourages"), (("EU",), "add", "Urges")],
    ),
    (
        "OP1-alt",
        Kind.OPERATIVE,
        "Alt OP1",
        None,
        [(("RUS",), "add", "Invites all States to implement the Programme of Action")],
    ),
    (
        "OP1-alt-2",
        Kind.OPERATIVE,
        "Alt 2 OP1",
        None,
        [(("CHN",), "add", "Calls upon all States to implement the Programme")],
    ),
    (
        "OP1bis",
        Kind.OPERATIVE,
        "OP1 bis",
        None,
        [
            (("CAN",), "add", "Requests the Secretary-General to report on the implementation"),
            (("G77",), "delete", "Requests the Secretary-General to report on the implementation"),
            (("EU",), "retain", "Requests the Secretary-General to report on the implementation"),
        ],
    ),
    (
        "OP2",
        Kind.OPERATIVE,
        "OP2",
        None,
        [(("G77",), "add", "as appropriate"), (("USA",), "delete", "their national capacity")],
    ),
    (
        "OP-new",
        Kind.OPERATIVE,
        "new OP",
        None,
        [(("MEX",), "add", "Decides to convene a meeting of experts")],
    ),
    (
        "OP3",
        Kind.OPERATIVE,
        "OP3",
        "retain",
        [((), "add", "Decides to remain seized of the matter.")],
    ),
    ("OP4", Kind.OPERATIVE, "OP4", "agreed ad ref", []),
    ("OP5", Kind.OPERATIVE, "OP5", "pending", []),
]


def as_typed_in_word(lines: list[str] = SAMPLE) -> bytes:
    """Each line a Word paragraph; as facilitators type them, the tags in bold runs of their own
    and the label in a run before the words."""
    body = []
    for line in lines:
        runs = []
        for piece in re.split(r"(\([A-Z][^)]*\))", line):
            if not piece:
                continue
            bold = "<w:rPr><w:b/></w:rPr>" if piece.startswith("(") else ""
            runs.append(f'<w:r>{bold}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
        body.append(f"<w:p>{''.join(runs)}</w:p>")
    return build_raw_docx("".join(body))


def _as_printed_to_pdf() -> bytes:
    """Each paragraph a line of a PDF page, with space between paragraphs as a facilitator's
    Word file prints."""
    runs = [Run(x=40, top=60 + 36 * i, text=line, size=8) for i, line in enumerate(SAMPLE)]
    return laid_out_pdf([runs])


def _read(source: str) -> Document:
    if source == "word":
        return read_docx(as_typed_in_word(), "compilation.docx")
    if source == "pdf":
        return read_bytes(_as_printed_to_pdf(), "compilation.pdf")
    return read_bytes("\n\n".join(SAMPLE).encode("utf-8"), "compilation.txt")


@pytest.mark.parametrize("source", ["text", "word", "pdf"])
def test_every_markup_kind_is_read_into_the_model_exactly(source: str) -> None:
    document = _read(source)
    found = []
    for paragraph in document.paragraphs:
        markup = read_markup(paragraph.text)
        found.append(
            (
                paragraph.id,
                paragraph.kind,
                paragraph.label,
                markup.status,
                [(p.proposers, p.action, p.text) for p in markup.proposals],
            )
        )
    assert found == TRUTH


@pytest.mark.parametrize("source", ["text", "word", "pdf"])
def test_the_printed_text_is_kept_with_its_brackets_and_markers(source: str) -> None:
    document = _read(source)
    # the first line is kept, and every paragraph reads as printed after its label
    assert document.paragraphs[0].text == SAMPLE[0]
    assert document.paragraph("PP3").text.endswith("[agreed ad ref]")
    assert document.paragraph("PP2-alt").text.startswith("[Concerned about the [illicit]")
    assert document.paragraph("OP2").text == SAMPLE[10][len("OP2 ") :]
    # a "new OP" has no number yet: exports must not print "new." before it
    assert document.paragraph("OP-new").number is None
    assert document.paragraph("OP1bis").number == "1 bis"


@pytest.mark.parametrize("typed", ["text", "word"])
@pytest.mark.parametrize(
    ("round_name", "choice"),
    [
        ("salw_round1", "first"),
        ("salw_round1", "agreed"),
        ("salw_round2", "first"),
        ("salw_round2", "agreed"),
    ],
)
def test_the_clean_text_of_each_round_equals_its_hand_made_clean_version(
    typed: str, round_name: str, choice: CleanChoice
) -> None:
    """Both rounds, typed in plain text and in Word, cleaned both ways: the facilitator's own
    clean versions (typed by hand, tests/data/compilation/*_clean_*.txt)."""
    source = DATA / f"{round_name}.txt"
    if typed == "word":
        lines = source.read_text(encoding="utf-8").strip().split("\n\n")
        document = read_docx(as_typed_in_word(lines), f"{round_name}.docx")
    else:
        document = read_bytes(source.read_bytes(), source.name)
    hand_made = (DATA / f"{round_name}_clean_{choice}.txt").read_text(encoding="utf-8")
    assert clean_lines(document, choice) == hand_made.strip().split("\n\n")
