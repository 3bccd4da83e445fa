"""The kinds of fault real UN PDFs showed, each reproduced in a small PDF of our own laid out run
by run (`tests.helpers.pdf_builder.laid_out_pdf`): a symbol whose first letter is a separate,
larger run; a two-line running header in smaller type on page 2 of a two-page adopted text,
splitting a paragraph; footnote rules of any length set as underscores; a job number with an
asterisk; a short body line that reads the same at the foot of both pages."""

from __future__ import annotations

import re

import pytest

from diffing.model import Document, Kind
from diffing.readers import read_bytes
from tests.helpers.pdf_builder import Run, after, laid_out_pdf

BODY_X = 123.0
INDENT_X = 147.0


def _masthead(symbol_rest: str) -> list[Run]:
    united = Run(BODY_X, 46.6, "United Nations", 14)
    first = Run(492.8, 40.5, symbol_rest[0], 20)
    return [
        united,
        first,
        after(first, symbol_rest[1:], gap=0.3, size=10, top=48.5),
        Run(BODY_X, 70.3, "General Assembly", 20, "B"),
        Run(396.9, 78.6, "Distr.: General"),
        Run(60.0, 214.0, "Eightieth session"),
        Run(60.0, 226.0, "Agenda item 7"),
        Run(BODY_X, 280.0, "Resolution adopted by the General Assembly", 14),
        Run(85.0, 346.0, "80/1. Transfers of small arms", 12, "B"),
    ]


def _two_page_resolution(rule: str = "_______________", job: str = "25-16535* (E) 231025") -> bytes:
    marker_line = Run(INDENT_X, 410.0, "Recalling its resolution 79/1 of 2024,")
    page1 = [
        *_masthead("A/RES/80/1"),
        Run(INDENT_X, 372.0, "The General Assembly,"),
        marker_line,
        after(marker_line, "1", size=6.5, top=408.0),
        Run(INDENT_X, 428.0, "Noting the report of the Secretary-General,"),
        Run(INDENT_X, 686.0, "1. Decides to prohibit transfers of small arms, their parts and"),
        Run(BODY_X, 698.0, "components and ammunition;"),
        Run(
            INDENT_X,
            716.0,
            "2. Requests all States to report on the measures taken during the debate of the",
        ),
        Run(60.0, 745.0, job),
        Run(60.0, 757.0, "*2516535*", 12),
    ]
    page2 = [
        Run(390.0, 42.3, "Transfers of small arms during the", 8.5),
        Run(60.0, 52.1, "A/RES/80/1 eightieth session", 8.5),
        Run(BODY_X, 78.4, "General Assembly at its eightieth session;"),
        Run(INDENT_X, 96.4, "3. Decides to restrict the supply of small arms, their parts and"),
        Run(BODY_X, 108.4, "components and ammunition;"),
        Run(INDENT_X, 674.0, "4. Decides to prevent the diversion of small arms, their parts and"),
        Run(BODY_X, 686.0, "components and ammunition;"),
        Run(400.0, 704.0, "3rd plenary meeting"),
        Run(406.0, 716.0, "19 September 2025"),
        Run(99.5, 728.0, rule, 9),
        Run(117.0, 740.0, "See resolution 169 (II).", 8.5),
        Run(112.0, 738.0, "1", 6.5),
        Run(60.0, 760.0, "2/2 " + job.split()[0].rstrip("*"), 7),
    ]
    return laid_out_pdf([page1, page2])


@pytest.fixture(scope="module")
def resolution() -> Document:
    return read_bytes(_two_page_resolution(), "A_RES_80_1.pdf")


def test_symbol_with_a_large_first_letter_is_read_whole(resolution: Document) -> None:
    assert resolution.metadata.symbol == "A/RES/80/1"
    assert all("A/RES/80" not in p.text for p in resolution.paragraphs)


def test_two_line_running_header_of_a_two_page_text_leaves_no_trace(resolution: Document) -> None:
    texts = " ".join(p.text for p in resolution.paragraphs)
    assert "eightieth session during" not in texts and "Transfers of small arms during" not in texts
    assert resolution.paragraph("OP2").text == (
        "Requests all States to report on the measures taken during the debate of the "
        "General Assembly at its eightieth session;"
    )


def test_body_line_repeated_at_the_foot_of_both_pages_is_kept(resolution: Document) -> None:
    for pid in ("OP1", "OP4"):
        assert resolution.paragraph(pid).text.endswith("their parts and components and ammunition;")
    assert [p.id for p in resolution.paragraphs if p.kind is Kind.OPERATIVE] == [
        "OP1",
        "OP2",
        "OP3",
        "OP4",
    ]


def test_job_number_barcode_and_page_footer_are_removed(resolution: Document) -> None:
    everything = " ".join(p.text for p in resolution.paragraphs) + " ".join(
        n.text for n in resolution.footnotes
    )
    assert not re.search(r"\d{2}-\d{5}|\*\d{7}\*|2/2", everything)


@pytest.mark.parametrize("rule", ["_______________", "__________________", "________"])
def test_footnote_rule_of_any_length_is_not_text(rule: str) -> None:
    document = read_bytes(_two_page_resolution(rule=rule), "A_RES_80_1.pdf")
    assert [(n.id, n.text) for n in document.footnotes] == [("1", "See resolution 169 (II).")]
    assert document.paragraph("PP1").footnotes[0].footnote_id == "1"
    assert all("___" not in p.text for p in document.paragraphs)


def test_space_after_a_right_single_quote_is_kept() -> None:
    # "States’ engaging": the quote's box is as wide as its advance, the gap after it is a space
    first = Run(INDENT_X, 100.0, "1. Welcomes States’")
    page = [
        Run(INDENT_X, 80.0, "The General Assembly,"),
        first,
        after(first, "engaging in dialogue;", gap=2.5),
        Run(INDENT_X, 118.0, "2. Decides to remain seized of the matter."),
    ]
    document = read_bytes(laid_out_pdf([page]), "quote.pdf")
    assert document.paragraph("OP1").text == "Welcomes States’ engaging in dialogue;"


def test_spaces_the_pdf_draws_are_kept_when_justification_squeezes_them() -> None:
    # "General Assembly" with its space squeezed to a point by negative word spacing: the gap
    # alone looks like none, but the PDF draws a space character there
    page = [
        Run(INDENT_X, 80.0, "The General Assembly,", word_spacing=-1.5),
        Run(
            INDENT_X,
            98.0,
            "1. Welcomes States’ engaging with the Agency’s staff;",
            word_spacing=-1.5,
        ),
        Run(INDENT_X, 116.0, "2. Decides to remain seized of the matter."),
    ]
    document = read_bytes(laid_out_pdf([page]), "squeezed.pdf")
    assert document.paragraph("opening").text == "The General Assembly,"
    assert document.paragraph("OP1").text == "Welcomes States’ engaging with the Agency’s staff;"


def _paragraphs(texts: list[str], top: float = 80.0) -> list[Run]:
    """Paragraphs 18 points apart, lines of one paragraph ("|" breaks them) 12 points apart,
    the first line indented."""
    runs: list[Run] = []
    for text in texts:
        for index, line in enumerate(text.split("|")):
            runs.append(Run(INDENT_X if index == 0 else BODY_X, top, line))
            top += 12
        top += 6
    return runs


WRAPPED = [
    "Recalling its resolution 79/1 of 2024 and all its previous resolutions on the|question,",
    "Noting the report of the Secretary-General on the work of the Organization and on|"
    "the measures taken,",
    "Welcoming the contributions of Member States to the Peacebuilding Fund and to the|"
    "other funds,",
]


def test_opening_without_comma_heading_lone_operative_closing_and_annex() -> None:
    page = _paragraphs(
        [
            "The General Assembly",
            *WRAPPED,
            "Peacebuilding Commission",
            "Approves the report of the Credentials Committee.",
            "48th plenary meeting",
            "24 November 2025",
            "Annex",
            "1. We, the States Members of the United Nations, agree.",
            "2. We commit ourselves.",
        ]
    )
    document = read_bytes(laid_out_pdf([page]), "lone.pdf")
    assert [(p.id, p.kind) for p in document.paragraphs] == [
        ("opening", Kind.OPENING),
        ("PP1", Kind.PREAMBULAR),
        ("PP2", Kind.PREAMBULAR),
        ("PP3", Kind.PREAMBULAR),
        ("H1", Kind.HEADING),
        ("OP1", Kind.OPERATIVE),
        ("C1", Kind.CLOSING),
        ("C2", Kind.CLOSING),
        ("P1", Kind.OTHER),
        ("P2", Kind.OTHER),
        ("P3", Kind.OTHER),
    ]


def test_numbered_heading_text_after_subparagraphs_and_op_number_without_full_stop() -> None:
    page = _paragraphs(
        [
            "The General Assembly,",
            *WRAPPED,
            "I Achieving sustainable fisheries",
            "1. Decides:",
            "(a) To act now;",
            "(b) To report;",
            "and demands that the perpetrators be held accountable;",
            "2 Also reaffirms the role of the Commission;",
            "3. Decides to remain seized of the matter.",
        ]
    )
    document = read_bytes(laid_out_pdf([page]), "sections.pdf")
    assert [(p.id, p.kind) for p in document.paragraphs][4:] == [
        ("H1", Kind.HEADING),
        ("OP1", Kind.OPERATIVE),
        ("OP1(a)", Kind.SUBPARAGRAPH),
        ("OP1(b)", Kind.SUBPARAGRAPH),
        ("OP2", Kind.OPERATIVE),
        ("OP3", Kind.OPERATIVE),
    ]
    assert document.paragraph("OP1(b)").text == (
        "To report; and demands that the perpetrators be held accountable;"
    )
    assert document.paragraph("OP2").text == "Also reaffirms the role of the Commission;"


def test_resolution_number_and_sponsors_mark_out_of_the_metadata() -> None:
    page = [
        Run(BODY_X, 46.6, "United Nations A/C.5/80/L.10", 14),
        Run(BODY_X, 200.0, "Iraq:* draft resolution"),
        Run(85.0, 230.0, "80/11. 2025 review of the peacebuilding architecture", 12, "B"),
        *_paragraphs(["The General Assembly,", "1. Decides to act;", "2. Requests a report."], 260),
    ]
    metadata = read_bytes(laid_out_pdf([page]), "meta.pdf").metadata
    assert metadata.sponsors == "Iraq: draft resolution"
    assert metadata.title == "2025 review of the peacebuilding architecture"
    assert metadata.resolution_number == "80/11"


def test_pdfs_read_in_parallel_threads_read_as_alone(resolution: Document) -> None:
    # the application reads the old and the new version in background threads at once; PDFium
    # is not thread-safe, so the reader takes one document at a time
    from concurrent.futures import ThreadPoolExecutor

    data = _two_page_resolution()
    with ThreadPoolExecutor(4) as pool:
        documents = list(pool.map(lambda _: read_bytes(data, "A_RES_80_1.pdf"), range(8)))
    assert all(document == resolution for document in documents)
