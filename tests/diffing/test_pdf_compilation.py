"""Compilation texts printed single-spaced: every line at the same distance, no extra space
between paragraphs, justified. Negotiators' labels ("PP2 alt", "OP1 bis", "new OP", "Alt 1") and
printed numbers ("1.", "(a)") at the paragraph's left edge are what tells one paragraph from the
next (issue 11, issue 16). Small PDFs laid out run by run (`tests.helpers.pdf_builder`)."""

from __future__ import annotations

import pytest

from diffing.model import Document
from diffing.readers import read_bytes
from tests.helpers.pdf_builder import Run, laid_out_pdf, text_width

LEFT = 72.0
RIGHT = 540.0
LINE = 12.0


def _justified(paragraphs: list[str], *, hanging: float = 0.0, top: float = 72.0) -> list[Run]:
    """Each paragraph wrapped to the measure ("|" forces a break) and justified (its last line
    ragged), every line `LINE` points below the one before, whatever paragraph it belongs to.
    Lines after a paragraph's first start `hanging` points further right."""
    runs: list[Run] = []
    for paragraph in paragraphs:
        lines: list[list[str]] = [[]]
        for word in paragraph.replace("|", " | ").split():
            x = LEFT + (hanging if len(lines) > 1 else 0.0)
            if word == "|" or (lines[-1] and x + text_width(" ".join([*lines[-1], word])) > RIGHT):
                lines.append([])
            if word != "|":
                lines[-1].append(word)
        for index, line in enumerate(lines):
            x = LEFT + (hanging if index else 0.0)
            text = " ".join(line)
            spacing = 0.0
            if index < len(lines) - 1 and len(line) > 1:
                spacing = (RIGHT - x - text_width(text)) / (len(line) - 1)
            runs.append(Run(x, top, text, word_spacing=spacing))
            top += LINE
    return runs


COMPILATION = [
    "The General Assembly,",
    "PP1 Recalling its resolution 79/1 of 2 December 2024 and all its previous resolutions on "
    "the illicit trade in small arms and light weapons in all its aspects,",
    "PP2 [Deeply] concerned [(EU)] about the illicit trade in small arms and light weapons and "
    "their ammunition and about its humanitarian and socioeconomic consequences,",
    "PP2 alt [Concerned about the [illicit] trade in small arms and light weapons in all its "
    "aspects (RUS)]",
    "PP3 Noting the report of the Secretary-General on the implementation of the Programme of "
    "Action, [agreed ad ref]",
    "OP1 [Encourages (G77)] [Urges (EU)] all States to implement the Programme of Action to "
    "Prevent, Combat and Eradicate the Illicit Trade in Small Arms and Light Weapons in All Its "
    "Aspects",
    "OP1 bis [Requests the Secretary-General to report on the implementation of the present "
    "resolution at its eighty-first session (CAN)] [(G77: delete)]",
    "new OP Calls upon States to strengthen their national capacity to mark, record and trace "
    "small arms and light weapons [(USA: delete)]",
    "Alt 1 Calls upon all States to strengthen their capacity to mark and trace weapons",
    "OP2 Decides to remain seized of the matter.",
]


def _as_text(paragraphs: list[str]) -> Document:
    """The same paragraphs as a plain text, one blank line between them: how they must read."""
    text = "\n\n".join(paragraph.replace("|", " ") for paragraph in paragraphs)
    return read_bytes(text.encode(), "compilation.txt")


def _read(document: Document) -> list[tuple[str, str]]:
    return [(paragraph.id, paragraph.text) for paragraph in document.paragraphs]


@pytest.mark.parametrize("hanging", [0.0, 36.0], ids=["flush", "hanging-indent"])
def test_single_spaced_compilation_reads_one_paragraph_per_label(hanging: float) -> None:
    document = read_bytes(laid_out_pdf([_justified(COMPILATION, hanging=hanging)]), "c.pdf")
    expected = _read(_as_text(COMPILATION))
    assert [key for key, _ in expected][1:] == [
        "PP1",
        "PP2",
        "PP2-alt",
        "PP3",
        "OP1",
        "OP1bis",
        "OP-new",
        "OP-new-alt",
        "OP2",
    ]
    # Each paragraph holds its whole text: nothing cut, nothing glued from the next.
    assert _read(document) == expected


NUMBERED = [
    "The Commission on Narcotic Drugs,",
    "1. Decides to continue its work on the implementation of all international drug policy "
    "commitments and to report thereon to the General Assembly at its next session, as set out "
    "in the annex to the present resolution",
    "2. Requests the secretariat to prepare, within existing resources, a report on the "
    "matters referred to in paragraph 1 above, to be submitted to the Commission, including:",
    "(a) The activities of the United Nations Office on Drugs and Crime in the field of "
    "alternative development and in the field of drug control in all regions",
    "(b) The cooperation of Member States in the field of drug control and in the field of "
    "crime prevention and criminal justice, and in particular:",
    "(i) The exchange of information among law enforcement authorities",
    "(ii) Joint operations",
    "3. Also decides to remain seized of the matter",
]


def test_single_spaced_numbered_paragraphs_ending_without_punctuation_are_apart() -> None:
    document = read_bytes(laid_out_pdf([_justified(NUMBERED)]), "numbered.pdf")
    expected = _read(_as_text(NUMBERED))
    assert [key for key, _ in expected] == [
        "opening",
        "OP1",
        "OP2",
        "OP2(a)",
        "OP2(b)",
        "OP2(b)(i)",
        "OP2(b)(ii)",
        "OP3",
    ]
    assert _read(document) == expected


@pytest.mark.parametrize(
    "break_before",
    ["12. of resolution", "(c) of resolution", "OP7 of the draft"],
    ids=["number", "sub-paragraph", "label"],
)
def test_a_number_out_of_sequence_at_a_line_start_stays_in_its_sentence(break_before: str) -> None:
    # "… as decided in paragraph" | "12. of resolution 79/1 …": 12 does not follow 1 (nor (c)
    # an (a) or (b), nor OP7 an OP of this text), so the line goes on with its paragraph.
    texts = [
        "The Commission on Narcotic Drugs,",
        "1. Decides to continue the work on the implementation as decided in paragraph|"
        f"{break_before} 79/1 and all its previous resolutions, and to report thereon at its "
        "sixty-ninth session",
        "2. Requests the secretariat to report",
    ]
    document = read_bytes(laid_out_pdf([_justified(texts)]), "sequence.pdf")
    assert _read(document) == _read(_as_text(texts))
    assert [paragraph.id for paragraph in document.paragraphs] == ["opening", "OP1", "OP2"]


def test_single_spaced_compilation_over_a_page_break() -> None:
    # The same compilation on two pages: the break falls after OP1's first line (its sentence
    # goes on at the top of page 2); the labelled paragraphs after it open there as before.
    runs = _justified(COMPILATION)
    tops = [run.top for run in runs]
    cut = next(index for index, run in enumerate(runs) if run.text.startswith("OP1 ") and index)
    cut += 1  # after OP1's first line: OP1 goes on at the top of page 2
    first = runs[:cut]
    second = [
        Run(run.x, 72.0 + top - tops[cut], run.text, word_spacing=run.word_spacing)
        for run, top in zip(runs[cut:], tops[cut:], strict=True)
    ]
    document = read_bytes(laid_out_pdf([first, second]), "two-pages.pdf")
    assert _read(document) == _read(_as_text(COMPILATION))
