"""The corpus read from its text form, as a drafter would check it: PP/OP counts, title, opening
line, masthead, paragraphs cut by page breaks whole again, footnotes attached, no word lost."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from diffing.model import Document, Kind
from diffing.readers import read_document
from tests.helpers import corpus


@cache
def read(path: Path) -> Document:
    return read_document(path)


COUNTS = [
    (corpus.COP_10_2_DRAFT, 21, 24),
    (corpus.COP_11_6, 19, 29),
    (corpus.CND_L4_DRAFT, 13, 16),
    (corpus.CND_60_2, 9, 11),
]


@pytest.mark.parametrize(("path", "pp", "op"), COUNTS, ids=lambda v: getattr(v, "stem", v))
def test_preambular_and_operative_counts(path: Path, pp: int, op: int) -> None:
    document = read(path)
    assert document.structured
    assert document.count(Kind.PREAMBULAR) == pp
    assert document.count(Kind.OPERATIVE) == op
    assert document.count(Kind.SUBPARAGRAPH) == 0
    preambular = [p.id for p in document.paragraphs if p.kind is Kind.PREAMBULAR]
    operative = [p.id for p in document.paragraphs if p.kind is Kind.OPERATIVE]
    assert preambular == [f"PP{i}" for i in range(1, pp + 1)]
    assert operative == [f"OP{i}" for i in range(1, op + 1)]
    assert [p.number for p in document.paragraphs if p.kind is Kind.OPERATIVE] == [
        str(i) for i in range(1, op + 1)
    ]
    # reading order: title, opening, the preamble, then the operative part
    kinds = [p.kind for p in document.paragraphs]
    assert kinds == [Kind.TITLE, Kind.OPENING] + [Kind.PREAMBULAR] * pp + [Kind.OPERATIVE] * op


TITLES = [
    (
        corpus.COP_10_2_DRAFT,
        "Strengthening international cooperation against the illicit manufacturing of and "
        "trafficking in firearms, their parts and components and ammunition.",
        "The Conference of the Parties to the United Nations Convention against Transnational "
        "Organized Crime,",
    ),
    (
        corpus.COP_11_6,
        "Strengthening international cooperation to prevent, combat and eradicate the illicit "
        "manufacturing of and trafficking in firearms, their parts and components and ammunition",
        "The Conference of the Parties to the United Nations Convention against Transnational "
        "Organized Crime,",
    ),
    (
        corpus.CND_L4_DRAFT,
        "Strengthening international cooperation to address the links between illicit drug "
        "trafficking and illicit firearms trafficking",
        "The Commission on Narcotic Drugs,",
    ),
    (
        corpus.CND_60_2,
        "Strengthening international cooperation to assist the States most affected by the illicit "
        "transit of drugs, especially developing countries, based on the principle of common and "
        "shared responsibility",
        "The Commission on Narcotic Drugs,",
    ),
]


@pytest.mark.parametrize(("path", "title", "opening"), TITLES, ids=lambda v: getattr(v, "stem", ""))
def test_title_and_opening_line(path: Path, title: str, opening: str) -> None:
    document = read(path)
    assert document.paragraph("title").text == title
    assert document.paragraph("title").kind is Kind.TITLE
    assert document.metadata.title == title
    assert document.paragraph("opening").text == opening
    assert document.paragraph("opening").kind is Kind.OPENING


def test_masthead_of_the_cnd_draft() -> None:
    metadata = read(corpus.CND_L4_DRAFT).metadata
    assert metadata.symbol == "E/CN.7/2022/L.4"  # recovered from $E_{\rm /CN.7/2022/L.4}$
    assert metadata.body == "Commission on Narcotic Drugs"
    assert metadata.session == "Sixty-fifth session"
    assert metadata.place_and_date == "Vienna, 14–18 March 2022"
    assert metadata.distribution == "Limited"
    assert metadata.date == "18 March 2022"
    assert metadata.sponsors == "Honduras, Mexico and Paraguay: draft resolution"
    assert metadata.status == "draft"
    assert metadata.resolution_number is None
    assert metadata.agenda_item is not None
    assert metadata.agenda_item.startswith("Item 6 of the provisional agenda: Follow-up to the")
    assert "**" not in metadata.agenda_item


def test_masthead_of_the_cop_draft() -> None:
    metadata = read(corpus.COP_10_2_DRAFT).metadata
    assert metadata.body == (
        "Conference of the Parties to the United Nations Convention against Transnational "
        "Organized Crime"
    )
    assert metadata.session == "Tenth session"
    assert metadata.place_and_date == "Vienna, 12–16 October 2020"
    assert metadata.date == "9 October 2020"
    assert metadata.sponsors == "Mexico: draft resolution"
    assert metadata.status == "draft"
    assert metadata.agenda_item is not None
    assert metadata.agenda_item.startswith("Item 2 (d) of the provisional agenda: Review of")


@pytest.mark.parametrize(
    ("path", "number", "body"),
    [
        (
            corpus.COP_11_6,
            "11/6",
            "Conference of the Parties to the United Nations Convention "
            "against Transnational Organized Crime",
        ),
        (corpus.CND_60_2, "60/2", "Commission on Narcotic Drugs"),
    ],
)
def test_adopted_resolutions_carry_their_number(path: Path, number: str, body: str) -> None:
    metadata = read(path).metadata
    assert metadata.status == "adopted"
    assert metadata.resolution_number == number
    assert metadata.body == body
    assert metadata.sponsors is None


# Paragraphs cut by a page break (with that page's footnotes in between), as printed: the words
# on both sides of the break, and how the paragraph starts and ends.
PAGE_BREAKS = [
    (
        corpus.COP_10_2_DRAFT,
        "OP2",
        "Reiterates its invitation to States that have not yet done so",
        "supplementing the United Nations Convention against Transnational Organized Crime, and",
        "and to fully implement its provisions;",
    ),
    (
        corpus.COP_10_2_DRAFT,
        "OP10",
        "Encourages States parties to provide one another",
        "the International Criminal Police Organization (INTERPOL) Illicit Arms Records",
        "Tracing Management System, among others;",
    ),
    (
        corpus.COP_10_2_DRAFT,
        "OP19",
        "Encourages States parties to promote, whenever possible,",
        "of national experts and competent authorities, subregional and regional organizations",
        "in line with the rules of procedure of the Conference;",
    ),
    (
        corpus.COP_11_6,
        "PP6",
        "Remaining deeply concerned about the increasing harm",
        "wherever it occurs, and the access to such firearms by criminal organizations",
        "and, in some cases, by terrorists,",
    ),
    (
        corpus.COP_11_6,
        "PP13",
        "Noting the common themes, nature and complementary character",
        "aimed at preventing and combating the illicit manufacturing of and trafficking in",
        "reducing the risk of their theft and diversion,",
    ),
    (
        corpus.COP_11_6,
        "OP9",
        "Encourages the continued analysis and dissemination of credible information",
        "hate crimes related to the illicit manufacturing of and trafficking in firearms, their",
        "posed by the coronavirus disease (COVID-19) pandemic;",
    ),
    (
        corpus.CND_L4_DRAFT,
        "PP5",
        "Recalling the United Nations Convention against Illicit Traffic",
        "strengthening and enhancing effective legal means for international cooperation",
        "suppressing the international criminal activities of illicit traffic,",
    ),
    (
        corpus.CND_L4_DRAFT,
        "OP12",
        "Requests the United Nations Office on Drugs and Crime to continue providing assistance",
        "illicit firearms trafficking and to continue its already existing research on these links",
        "subject to the availability of extrabudgetary resources;",
    ),
    (
        corpus.CND_60_2,
        "OP4",
        "Emphasizes the need to promote cooperation",
        "by reinforcing national programmes with scientific evidence-based practices aimed at",
        "treatment, care, rehabilitation, recovery and social reintegration;",
    ),
]


@pytest.mark.parametrize(
    ("path", "pid", "start", "across", "end"), PAGE_BREAKS, ids=lambda v: getattr(v, "stem", v)
)
def test_paragraph_cut_by_a_page_break_is_whole(
    path: Path, pid: str, start: str, across: str, end: str
) -> None:
    paragraph = read(path).paragraph(pid)
    assert paragraph.text.startswith(start)
    assert across in paragraph.text
    assert paragraph.text.endswith(end)
    assert "  " not in paragraph.text
    assert not re.search(r"\w- \w", paragraph.text.replace("intelligence- and", ""))


@pytest.mark.parametrize(
    ("path", "before", "after", "before_end", "after_start"),
    [
        (corpus.COP_10_2_DRAFT, "PP3", "PP4", "Organized Crime”,", "Inviting States parties"),
        (corpus.CND_L4_DRAFT, "OP1", "OP2", "regions of the world;", "Emphasizes that"),
        (corpus.CND_L4_DRAFT, "PP7", "PP8", "firearms and ammunition", "Recalling all commitments"),
        (corpus.CND_60_2, "PP5", "PP6", "Psychotropic Substances of 1988,", "Bearing in mind"),
    ],
)
def test_paragraphs_around_footnotes_stay_apart(
    path: Path, before: str, after: str, before_end: str, after_start: str
) -> None:
    """A page break between two paragraphs joins nothing — not even after a preambular paragraph
    that lacks its final comma (000 PP7, a typo of the original)."""
    document = read(path)
    assert document.paragraph(before).text.endswith(before_end)
    assert document.paragraph(after).text.startswith(after_start)


@pytest.mark.parametrize("path", corpus.ALL, ids=lambda p: p.stem)
def test_no_footnote_text_inside_a_paragraph(path: Path) -> None:
    document = read(path)
    assert document.footnotes
    for footnote in document.footnotes:
        for paragraph in document.paragraphs:
            assert footnote.text not in paragraph.text, (footnote.id, paragraph.id)
    texts = " ".join(p.text for p in document.paragraphs)
    for leftover in ("Treaty Series", "United Nations publication", "¹", "²", "^{", "**", "](#)"):
        assert leftover not in texts


FOOTNOTES = [
    (
        corpus.COP_11_6,
        "PP1",
        "Transnational Organized Crime,",
        "United Nations, Treaty Series, vol. 2225, No. 39574.",
    ),
    (
        corpus.COP_11_6,
        "PP5",
        "2030 Agenda for Sustainable Development",
        "General Assembly resolution 70/1.",
    ),
    (
        corpus.COP_11_6,
        "OP5",
        "and the Protocols thereto,",
        "United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574.",
    ),
    (
        corpus.CND_L4_DRAFT,
        "PP5",
        "Psychotropic Substances of 1988,",
        "United Nations, Treaty Series, vol. 1582, No. 27627.",
    ),
    (
        corpus.CND_L4_DRAFT,
        "PP12",
        "Global Study on Firearms Trafficking 2020,",
        "United Nations publication, 2020.",
    ),
    (
        corpus.COP_10_2_DRAFT,
        "PP12",
        "Small Arms and Light Weapons in All Its Aspects",
        "Report of the United Nations Conference on the Illicit Trade in Small Arms and Light "
        "Weapons in All Its Aspects, New York, 9–20 July 2001 (A/CONF.192/15), chap. IV, para. 24.",
    ),
    (
        corpus.COP_10_2_DRAFT,
        "PP14",
        "Global Study on Firearms Trafficking 2020,",
        "United Nations publication, 2020.",
    ),
    (
        corpus.CND_60_2,
        "PP2",
        "Universal Declaration of Human Rights,",
        "General Assembly resolution 217 A (III).",
    ),
    (corpus.REPORT, "P7", "firearm source country.", "https://undocs.org/CTOC/COP/WG.6/2020/4."),
]


@pytest.mark.parametrize(
    ("path", "pid", "marked", "body"), FOOTNOTES, ids=lambda v: getattr(v, "stem", v)
)
def test_footnotes_attached_at_their_marker(path: Path, pid: str, marked: str, body: str) -> None:
    document = read(path)
    paragraph = document.paragraph(pid)
    bodies = {document.footnote(ref.footnote_id).text: ref.offset for ref in paragraph.footnotes}
    assert body in bodies
    assert paragraph.text[: bodies[body]].endswith(marked)


def test_markers_without_a_footnote_body_are_taken_out_of_the_text() -> None:
    """000 prints markers ² ³ ⁴ ⁶ whose bodies the conversion lost; 004 prints ²⁴ and ²³."""
    l4 = read(corpus.CND_L4_DRAFT)
    assert "World Drug Problem, the Joint Ministerial Statement" in l4.paragraph("PP8").text
    assert l4.paragraph("PP8").footnotes == ()
    assert "Sustainable Development, including Goal 16" in l4.paragraph("PP13").text
    resolution = read(corpus.CND_60_2)
    assert "Psychotropic Substances of 1988 and on the basis" in resolution.paragraph("OP1").text
    assert resolution.paragraph("OP1").footnotes == ()
    ids = {footnote.id for footnote in l4.footnotes}
    assert ids == {"*", "1", "5"}


@pytest.mark.parametrize(
    ("path", "pid", "italic"),
    [
        (corpus.COP_10_2_DRAFT, "OP1", ["Welcomes with appreciation"]),
        (corpus.COP_10_2_DRAFT, "OP6", ["Acknowledges", "modi operandi"]),
        (corpus.COP_10_2_DRAFT, "PP1", ["Taking into account"]),
        (corpus.CND_L4_DRAFT, "PP2", ["Deeply concerned"]),
        (corpus.CND_L4_DRAFT, "PP3", ["Noting with concern", "concerned"]),
        (corpus.CND_L4_DRAFT, "OP7", ["Also encourages"]),
        (corpus.CND_L4_DRAFT, "OP9", ["Recognizes the need"]),
        (corpus.COP_11_6, "PP6", ["Remaining deeply concerned"]),
        (corpus.CND_60_2, "PP1", ["Fully aware"]),
    ],
)
def test_italic_leading_verb(path: Path, pid: str, italic: list[str]) -> None:
    paragraph = read(path).paragraph(pid)
    assert [paragraph.text[s.start : s.end] for s in paragraph.italic] == italic


def test_report_has_no_resolution_structure() -> None:
    document = read(corpus.REPORT)
    assert not document.structured
    assert {p.kind for p in document.paragraphs} == {Kind.OTHER}
    assert [p.id for p in document.paragraphs] == [
        f"P{i}" for i in range(1, len(document.paragraphs) + 1)
    ]
    assert all(p.number is None for p in document.paragraphs)
    # the double-spaced print is read back as paragraphs, not one per printed line
    first = document.paragraph("P2").text
    assert first.startswith("The Programme of Action contains the commitment")
    assert first.endswith(
        "documents as well as instruments addressing illicit trafficking in firearms."
    )
    assert len(document.paragraphs) < 40
    texts = [p.text for p in document.paragraphs]
    assert "Joint investigative teams" in texts  # a heading stays a paragraph of its own
    assert not any(text.startswith("https://") for text in texts)


# --- no word lost or doubled ----------------------------------------------------------------

_SUPERSCRIPTS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def _source_remainder(path: Path, document: Document) -> str:
    """The source text, markup and markers removed, from the title on, without the footnote
    bodies the reader found — whitespace removed so that line and page breaks do not count."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if document.structured:
        title = document.paragraph("title").text[:40]
        start = next(i for i, line in enumerate(lines) if title in line)
        lines = lines[start:]
    text = "\n".join(line for line in lines if not re.match(r"^\s*https?://\S+\s*$", line))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\^\{[^}]*\}", "", text)
    text = _SUPERSCRIPTS.sub("", text).replace("*", "")
    markers = {f.marker for f in document.footnotes if f.marker.isdigit()}
    words = []
    for word in text.split():
        glued = re.match(r"^(.*[^\W\d_][.,;:”’)]?)(\d{1,3})$", word)
        if glued and glued.group(2) in markers:
            word = glued.group(1)
        words.append(word)
    chars = "".join(words)
    for footnote in document.footnotes:
        body = "".join(footnote.text.split())
        plain = footnote.marker + body if footnote.marker.isdigit() else body
        piece = plain if plain in chars else body
        assert piece in chars, footnote
        chars = chars.replace(piece, "", 1)
    return chars


@pytest.mark.parametrize("path", corpus.ALL, ids=lambda p: p.stem)
def test_no_word_of_the_text_is_lost_or_doubled(path: Path) -> None:
    document = read(path)
    printed = []
    for paragraph in document.paragraphs:
        if paragraph.kind is Kind.OPERATIVE:
            printed.append(f"{paragraph.number}.")
        elif paragraph.kind is Kind.SUBPARAGRAPH:
            printed.append(f"({paragraph.number})")
        printed.append(paragraph.text)
    assert "".join("".join(printed).split()) == _source_remainder(path, document)
