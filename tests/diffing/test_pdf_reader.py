"""The PDF reader recovers from UN-style PDFs what the text reader reads from the corpus texts.

The PDFs are built by LibreOffice from the corpus documents (tests/helpers/pdf_builder.py): a
masthead, running header and footer, real footnotes with their printed markers, italic lead words,
paragraphs broken across pages. The reader must give back the same paragraphs, kinds, numbers,
texts, italics and footnotes — exact words, no page furniture.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from diffing.errors import ReadError
from diffing.model import Document, Kind
from diffing.readers import read_bytes, read_document
from diffing.readers.pdf import _joiner
from tests.conftest import soffice
from tests.helpers import corpus
from tests.helpers.docx_builder import build_docx
from tests.helpers.make_hostile import image_only_pdf, pages_pdf, text_pdf
from tests.helpers.pdf_builder import build_pdfs, document_to_fodt

JOB = "V.22-01234"
SYMBOL = "E/CN.7/2022/L.4"
LIGATURES = "The ﬁrst ﬂow of eﬀective, oﬃcial and baﬄing ﬁgures."

CASES = {
    "000": corpus.CND_L4_DRAFT,
    "001": corpus.COP_10_2_DRAFT,
    "002": corpus.REPORT,
    "003": corpus.COP_11_6,
    "004": corpus.CND_60_2,
}


GA_TEXT = """\
Resolution adopted by the General Assembly on 16 December 2021

76/188. International cooperation to address and counter the world drug problem

The General Assembly,

Recalling its resolution 75/198 of 16 December 2020 and all its previous resolutions on \
international cooperation to address and counter the world drug problem,¹

Deeply concerned that the world drug problem continues to pose serious threats to the health, \
safety and well-being of all humanity, in particular young people,

1. Reaffirms its unwavering commitment to ensuring that all aspects of demand reduction and \
related measures are addressed in full conformity with the Charter of the United Nations;

2. Calls upon States:

(a) To strengthen international cooperation among judicial and law enforcement authorities at \
all levels in order to prevent and combat illicit drug trafficking;

(b) To take effective measures, including:

(i) Sharing information on trends and modi operandi in a timely manner;

(ii) Training law enforcement personnel in the investigation of drug-related money-laundering;

3. Requests the United Nations Office on Drugs and Crime to continue to provide technical \
assistance, upon request, to Member States;²

3 bis. Decides to include in the provisional agenda of its seventy-seventh session the item \
entitled "International drug control";

4. Decides to remain seized of the matter.

¹ A/75/PV.46.

² See Official Records of the General Assembly, Seventy-sixth Session, Supplement No. 1 (A/76/1).

35th plenary meeting
16 December 2021
"""
"""A GA resolution unlike the corpus: sub-paragraphs (a), (b)(i), "3 bis.", closing lines."""


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All the PDFs this module needs, converted in one LibreOffice run."""
    office = soffice()
    sources: dict[str, str | bytes] = {}
    for name, path in CASES.items():
        document = read_document(path)
        sources[name] = document_to_fodt(document, job=JOB)
        # The same text through Word's layout (numbered lists, Word footnotes) as a second
        # producer; LibreOffice prints it the way Word would.
        header = document.metadata.symbol or SYMBOL
        sources[f"word-{name}"] = build_docx(document, header=header, footer=JOB, page_numbers=True)
    sources["ibid"] = document_to_fodt(_ibid_document(), job=JOB)
    sources["plain-numbers"] = document_to_fodt(
        read_document(corpus.CND_L4_DRAFT), job=JOB, plain_footnote_numbers=True
    )
    sources["ga"] = document_to_fodt(read_bytes(GA_TEXT.encode(), "ga.txt"), job=JOB)
    cnd_60_2 = read_document(corpus.CND_60_2)
    sources["two_columns"] = document_to_fodt(cnd_60_2, job=JOB, two_columns=True)
    sources["ligatures"] = document_to_fodt(cnd_60_2, job=JOB, extra_text=LIGATURES)
    return build_pdfs(sources, tmp_path_factory.mktemp("pdf"), office)


def _ibid_document() -> Document:
    """Resolution 11/6 with every footnote after the first reading "Ibid." — the same footnote
    text on several pages, which must not be taken for a running footer."""
    document = read_document(corpus.COP_11_6)
    notes = tuple(
        note if index == 0 else note._replace(text="Ibid.")
        for index, note in enumerate(document.footnotes)
    )
    return document._replace(footnotes=notes)


def _assert_same(expected: Document, actual: Document) -> None:
    assert [p.id for p in actual.paragraphs] == [p.id for p in expected.paragraphs]
    for want, got in zip(expected.paragraphs, actual.paragraphs, strict=True):
        assert (got.id, got.kind, got.number, got.parent) == (
            want.id,
            want.kind,
            want.number,
            want.parent,
        )
        assert got.text == want.text, want.id
        assert got.italic == want.italic, want.id
        assert got.footnotes == want.footnotes, want.id
    assert {f.id: f for f in actual.footnotes} == {f.id: f for f in expected.footnotes}
    assert actual.structured == expected.structured
    assert actual.metadata.title == expected.metadata.title


def _furniture_free(document: Document) -> None:
    texts = [p.text for p in document.paragraphs] + [f.text for f in document.footnotes]
    for text in texts:
        assert JOB not in text
        assert "Please recycle" not in text
        assert "*2201234*" not in text
        assert "250322" not in text
    assert all(p.text.strip() != document.metadata.symbol for p in document.paragraphs)


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["000", "001", "003", "004"])
def test_resolution_pdf_reads_like_its_text(pdfs: dict[str, Path], name: str) -> None:
    expected = read_document(CASES[name])
    pdf = pdfs[name]
    with pdfplumber.open(pdf) as opened:
        assert len(opened.pages) >= 2  # paragraphs really are cut by page breaks
    actual = read_document(pdf)
    _assert_same(expected, actual)
    _furniture_free(actual)
    assert actual.count(Kind.OPERATIVE) == expected.count(Kind.OPERATIVE) > 0


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["001", "002", "003", "004"])
def test_pdf_printed_from_word_layout_reads_like_its_text(pdfs: dict[str, Path], name: str) -> None:
    # (000 is left out: LibreOffice prints its custom footnote mark "5" twice, "55", in the
    # footnote area of a Word file, which no Word-made PDF does.)
    expected = read_document(CASES[name])
    actual = read_document(pdfs[f"word-{name}"])
    _assert_same(expected, actual)
    _furniture_free(actual)


@pytest.mark.libreoffice
def test_footnotes_repeated_on_several_pages_are_not_furniture(pdfs: dict[str, Path]) -> None:
    expected = _ibid_document()
    assert sum(note.text == "Ibid." for note in expected.footnotes) >= 3
    _assert_same(expected, read_document(pdfs["ibid"]))


@pytest.mark.libreoffice
def test_footnote_numbers_printed_on_the_line_are_still_markers(pdfs: dict[str, Path]) -> None:
    with pdfplumber.open(pdfs["plain-numbers"]) as opened:
        text = opened.pages[0].extract_text()
    assert "1United Nations, Treaty Series" in text  # glued, not raised
    _assert_same(read_document(CASES["000"]), read_document(pdfs["plain-numbers"]))


@pytest.mark.libreoffice
def test_general_assembly_layout_with_sub_paragraphs(pdfs: dict[str, Path]) -> None:
    expected = read_bytes(GA_TEXT.encode(), "ga.txt")
    assert expected.paragraph("OP2(b)(ii)").parent == "OP2(b)"  # the structure really is there
    actual = read_document(pdfs["ga"])
    _assert_same(expected, actual)
    assert actual.paragraph("OP3bis").number == "3 bis"
    assert [p.text for p in actual.paragraphs[-2:]] == ["35th plenary meeting", "16 December 2021"]


@pytest.mark.libreoffice
def test_page_break_and_hyphen_details(pdfs: dict[str, Path]) -> None:
    document = read_document(pdfs["004"])
    assert "scientific evidence-based practices" in document.paragraph("OP4").text
    cnd = read_document(pdfs["000"])
    # PP5 runs over the page foot, where footnotes * and 1 sit; it comes back whole.
    assert cnd.paragraph("PP5").text.endswith("criminal activities of illicit traffic,")
    assert cnd.footnote("1").text == "United Nations, Treaty Series, vol. 1582, No. 27627."
    assert [r.footnote_id for r in cnd.paragraph("PP5").footnotes] == ["1"]
    assert cnd.metadata.symbol == SYMBOL


@pytest.mark.libreoffice
def test_report_pdf_gives_plain_paragraphs(pdfs: dict[str, Path]) -> None:
    expected = read_document(CASES["002"])
    actual = read_document(pdfs["002"])
    assert not actual.structured
    assert {p.kind for p in actual.paragraphs} == {Kind.OTHER}
    _assert_same(expected, actual)
    _furniture_free(actual)


@pytest.mark.libreoffice
def test_two_column_pdf_reads_in_column_order(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["two_columns"]
    with pdfplumber.open(pdf) as opened:
        page = opened.pages[0]
        middle = page.width / 2
        right_column = [c for c in page.chars if c["x0"] > middle + 10 and c["size"] == 10]
        assert len(right_column) > 200  # the layout really has a second column
    _assert_same(read_document(CASES["004"]), read_document(pdf))


@pytest.mark.libreoffice
def test_ligatures_are_unfolded(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["ligatures"]
    with pdfplumber.open(pdf) as opened:
        raw = "".join(c["text"] for page in opened.pages for c in page.chars)
    assert "ﬁ" in raw and "ﬂ" in raw  # the PDF's text layer holds ligature characters
    last = read_document(pdf).paragraphs[-1]
    assert last.text == "The first flow of effective, official and baffling figures."


def test_pdf_without_text_layer_is_refused_as_scanned() -> None:
    with pytest.raises(ReadError, match=r"has no text layer \(scanned\?\); OCR is not supported"):
        read_bytes(image_only_pdf(), "scan.pdf")


def test_words_broken_by_hyphenation_are_rejoined_compounds_kept() -> None:
    # An automatically hyphenated PDF (lines as printed): broken words lose their hyphen,
    # compounds keep it, a suspended hyphen keeps its space.
    lines = [
        "The Commission,",
        "1. Calls for interna-",
        "tional cooperation in the imple-",
        "mentation of scientific evidence-",
        "based and gender-",
        "and age-sensitive policies;",
    ]
    document = read_bytes(text_pdf(lines), "hyphenated.pdf")
    assert document.paragraph("OP1").text == (
        "Calls for international cooperation in the implementation of scientific "
        "evidence-based and gender- and age-sensitive policies;"
    )


@pytest.mark.parametrize(
    ("top", "bottom"),
    [
        ("GE.22-01234(E)", ["Please recycle", "*2201234*", "2/5"]),
        ("V.22-01234 (E) 180322 180322", ["- 3 -", "Page 3 of 7", "Please  recycle"]),
        ("21-12345 (E)", ["V.21-12345", "3"]),
    ],
)
def test_page_furniture_on_a_single_page_is_removed(top: str, bottom: list[str]) -> None:
    # One page: nothing repeats, so the furniture must be known by its form and position.
    body = ["The Commission,"] + [f"{n}. Decides to act on item {n};" for n in range(1, 48)]
    document = read_bytes(text_pdf([top, *body, *bottom]), "one-page.pdf")
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "The Commission," and texts[-1] == "Decides to act on item 47;"
    assert len(texts) == 48


def test_running_header_with_page_number_on_a_two_page_pdf_is_removed() -> None:
    # Two pages: the header "E/CN.7/2022/L.4   2" appears once, so only its form tells.
    first = [SYMBOL, "", "The Commission,"] + [f"{n}. Decides on item {n};" for n in range(1, 40)]
    second = [f"{SYMBOL}   2"] + [f"{n}. Decides on item {n};" for n in range(40, 50)]
    document = read_bytes(pages_pdf([first, second]), "two-pages.pdf")
    texts = [p.text for p in document.paragraphs]
    assert texts[-1] == "Decides on item 49;" and len(texts) == 50  # opening, 49 OPs
    assert all(SYMBOL not in text for text in texts)
    assert document.metadata.symbol == SYMBOL  # page 1's symbol is the masthead's


def test_small_hand_made_pdf_reads() -> None:
    document = read_bytes(text_pdf(["The Commission,", "1. Decides to act;"]), "tiny.pdf")
    assert [p.text for p in document.paragraphs][-1] == "Decides to act;"


@pytest.mark.parametrize(
    ("before", "after", "words", "joined"),
    [
        ("interna-", "tional law", {"international"}, "international"),
        ("evidence-", "based practices", {"evidence-based"}, "evidence-based"),
        ("evidence-", "based practices", set(), "evidence-based"),
        ("gender-", "and age-disaggregated", set(), "gender- and"),
        ("COVID-", "19 pandemic", set(), "COVID-19"),
        ("coopera-", "tion among", set(), "cooperation"),
        ("imple-", "mentation of", set(), "implementation"),
        ("interna-", "tional law", set(), "international"),
        ("self-", "determination of", set(), "self-determination"),
        ("co-", "sponsorship", set(), "co-sponsorship"),
        ("drug-", "related crime", set(), "drug-related"),
        ("gender-", "sensitive", set(), "gender-sensitive"),
        ("decision-", "making", set(), "decision-making"),
        ("capacity-", "building", {"capacity", "building"}, "capacity-building"),
    ],
)
def test_line_end_hyphen_rule(before: str, after: str, words: set[str], joined: str) -> None:
    drop, between = _joiner(before, after, frozenset(words))
    text = before[: len(before) - drop] + between + after
    assert text.startswith(joined)
