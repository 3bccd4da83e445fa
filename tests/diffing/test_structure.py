"""Structure recognition on resolutions the corpus does not have: General Assembly and Human Rights
Council texts with sub-paragraphs, "5 bis.", glued footnote numbers, closing lines; Word-style
blocks with numbers supplied outside the text; and the rejoining helpers the readers share."""

from __future__ import annotations

import pytest

from diffing.model import FootnoteRef, Kind, Paragraph, Span
from diffing.readers.text import read_text
from diffing.structure import (
    Block,
    build_document,
    continues,
    join_blocks,
    join_text,
    leading_phrase,
    rejoin_blocks,
)

GA_TEXT = """\
United Nations A/RES/76/188

General Assembly Distr.: General
20 December 2021

Seventy-sixth session
Agenda item 109

Resolution adopted by the General Assembly on 16 December 2021

76/188. International cooperation to address and counter the world drug problem

The General Assembly,

Reaffirming its resolution 75/198 of 16 December 2020,

Deeply concerned that the world drug problem continues to pose a threat to the health,
safety and well-being of all humanity,

Noting with deep concern the rising number of deaths related to drug use

Taking note with appreciation of the report of the Secretary-General,

1. Decides to convene a meeting in 2023, and requests the Secretary-General:

(a) To prepare a report on the implementation of the present resolution;

(b) To invite Member States to submit their views on:

(i) Measures taken at the national level;

(ii) Challenges encountered;

(c) To report thereon to the General Assembly at its seventy-seventh session;

2. Urges Member States to implement the Convention¹ and the Protocols thereto,² as appropriate;

2 bis. Calls upon Member States to strengthen cooperation;

3. Requests the Secretary-General to report on the implementation of the present resolution.

35th plenary meeting
16 December 2021

¹ United Nations, Treaty Series, vol. 1582, No. 27627.

² Ibid., vol. 2225.
"""


@pytest.fixture(scope="module")
def ga() -> object:
    return read_text(GA_TEXT.encode(), "A_RES_76_188.txt")


def test_general_assembly_resolution_structure(ga: object) -> None:
    document = ga
    assert [(p.id, p.kind, p.number, p.parent) for p in document.paragraphs] == [  # type: ignore[attr-defined]
        ("title", Kind.TITLE, None, None),
        ("opening", Kind.OPENING, None, None),
        ("PP1", Kind.PREAMBULAR, None, None),
        ("PP2", Kind.PREAMBULAR, None, None),
        ("PP3", Kind.PREAMBULAR, None, None),
        ("PP4", Kind.PREAMBULAR, None, None),
        ("OP1", Kind.OPERATIVE, "1", None),
        ("OP1(a)", Kind.SUBPARAGRAPH, "a", "OP1"),
        ("OP1(b)", Kind.SUBPARAGRAPH, "b", "OP1"),
        ("OP1(b)(i)", Kind.SUBPARAGRAPH, "i", "OP1(b)"),
        ("OP1(b)(ii)", Kind.SUBPARAGRAPH, "ii", "OP1(b)"),
        ("OP1(c)", Kind.SUBPARAGRAPH, "c", "OP1"),
        ("OP2", Kind.OPERATIVE, "2", None),
        ("OP2bis", Kind.OPERATIVE, "2 bis", None),
        ("OP3", Kind.OPERATIVE, "3", None),
        ("C1", Kind.CLOSING, None, None),
        ("C2", Kind.CLOSING, None, None),
    ]


def test_general_assembly_texts_and_metadata(ga: object) -> None:
    document = ga
    paragraph = document.paragraph  # type: ignore[attr-defined]
    assert paragraph("title").text == (
        "International cooperation to address and counter the world drug problem"
    )
    assert paragraph("opening").text == "The General Assembly,"
    assert paragraph("PP2").text.endswith("health, safety and well-being of all humanity,")
    # a preambular paragraph that lost its comma is still one (and is not joined to the next)
    assert paragraph("PP3").text == (
        "Noting with deep concern the rising number of deaths related to drug use"
    )
    assert paragraph("OP1(b)(i)").text == "Measures taken at the national level;"
    assert paragraph("OP2bis").text == "Calls upon Member States to strengthen cooperation;"
    assert paragraph("OP2bis").label == "OP2 bis"
    assert paragraph("C1").text == "35th plenary meeting"
    assert paragraph("C2").text == "16 December 2021"
    metadata = document.metadata  # type: ignore[attr-defined]
    assert metadata.symbol == "A/RES/76/188"
    assert metadata.body == "General Assembly"
    assert metadata.session == "Seventy-sixth session"
    assert metadata.agenda_item == "Agenda item 109"
    assert metadata.distribution == "General"
    assert metadata.date == "20 December 2021"
    assert metadata.status == "adopted"
    assert metadata.resolution_number == "76/188"


def test_glued_superscript_footnotes(ga: object) -> None:
    document = ga
    op2 = document.paragraph("OP2")  # type: ignore[attr-defined]
    assert op2.text == (
        "Urges Member States to implement the Convention and the Protocols thereto, as appropriate;"
    )
    refs = [(document.footnote(r.footnote_id).text, op2.text[: r.offset]) for r in op2.footnotes]  # type: ignore[attr-defined]
    assert refs == [
        (
            "United Nations, Treaty Series, vol. 1582, No. 27627.",
            op2.text[: op2.text.index(" and")],
        ),
        ("Ibid., vol. 2225.", op2.text[: op2.text.index(" as appropriate")]),
    ]


@pytest.mark.parametrize(
    ("pid", "italic"),
    [
        ("PP1", "Reaffirming"),
        ("PP2", "Deeply concerned"),
        ("PP3", "Noting with deep concern"),
        ("PP4", "Taking note with appreciation"),
        ("OP1", "Decides"),
        ("OP2bis", "Calls upon"),
    ],
)
def test_leading_italic_without_markup(ga: object, pid: str, italic: str) -> None:
    paragraph = ga.paragraph(pid)  # type: ignore[attr-defined]
    assert [paragraph.text[s.start : s.end] for s in paragraph.italic] == [italic]


def test_subparagraphs_have_no_italic_lead(ga: object) -> None:
    assert ga.paragraph("OP1(a)").italic == ()  # type: ignore[attr-defined]


HRC_TEXT = """\
Human Rights Council
Forty-ninth session
Agenda item 3

Albania and Austria: draft resolution

49/1 Promotion and protection of human rights

The Human Rights Council,

*Guided* by the purposes and principles of the Charter of the United Nations,

1. *Decides* to continue its work on:

(a) Item a;

(b) Item b;

(c) Item c;

(d) Item d;

(e) Item e;

(f) Item f;

(g) Item g;

(h) Item h;

(i) Item i, a letter after (h);

(j) Item j;

5 ter. *Requests* the Office to report;

5 quater. *Also requests* the Office to publish the report.
"""


def test_human_rights_council_draft() -> None:
    document = read_text(HRC_TEXT.encode(), "hrc.txt")
    ids = [p.id for p in document.paragraphs]
    assert ids[:4] == ["title", "opening", "PP1", "OP1"]
    assert ids[4:14] == [f"OP1({c})" for c in "abcdefghij"]
    assert ids[14:] == ["OP5ter", "OP5quater"]
    assert document.paragraph("OP1(i)").parent == "OP1"
    assert document.paragraph("OP5quater").number == "5 quater"
    assert document.paragraph("opening").text == "The Human Rights Council,"
    assert document.paragraph("title").text == "Promotion and protection of human rights"
    assert document.metadata.body == "Human Rights Council"
    assert document.metadata.session == "Forty-ninth session"
    assert document.metadata.sponsors == "Albania and Austria: draft resolution"
    assert document.metadata.status == "draft"
    op = document.paragraph("OP5quater")
    assert [op.text[s.start : s.end] for s in op.italic] == ["Also requests"]


def test_roman_subparagraphs_directly_under_an_operative_paragraph() -> None:
    text = "The General Assembly,\n\n1. Decides:\n\n(i) One;\n\n(ii) Two;\n\n(iii) Three;\n"
    document = read_text(text.encode(), "x.txt")
    assert [(p.id, p.parent) for p in document.paragraphs][2:] == [
        ("OP1(i)", "OP1"),
        ("OP1(ii)", "OP1"),
        ("OP1(iii)", "OP1"),
    ]


def test_numbers_supplied_outside_the_text_as_word_numbering_does() -> None:
    blocks = [
        Block("Draft title"),
        Block("The Economic and Social Council,"),
        Block("Recalling its resolution 2021/1,", italic=(Span(0, 9),)),
        Block("Decides to act:", number="1."),
        Block("To do one thing;", number="(a)"),
        Block("To do another;", number="b)"),
        Block("Calls upon States;", number="1 bis."),
    ]
    document = build_document(blocks, (), "word.docx")
    assert [(p.id, p.number, p.parent) for p in document.paragraphs] == [
        ("title", None, None),
        ("opening", None, None),
        ("PP1", None, None),
        ("OP1", "1", None),
        ("OP1(a)", "a", "OP1"),
        ("OP1(b)", "b", "OP1"),
        ("OP1bis", "1 bis", None),
    ]
    assert document.paragraph("OP1(a)").text == "To do one thing;"
    assert document.paragraph("PP1").italic == (Span(0, 9),)
    assert document.metadata.body == "Economic and Social Council"


def test_repeated_operative_numbers_keep_unique_ids() -> None:
    text = "The General Assembly,\n\n1. Decides one;\n\n2. Decides two;\n\n2. Decides again.\n"
    document = read_text(text.encode(), "x.txt")
    ids = [p.id for p in document.paragraphs]
    assert ids == ["opening", "OP1", "OP2", "OP2-2"]
    assert [p.number for p in document.paragraphs][1:] == ["1", "2", "2"]


def test_operative_excerpt_without_an_opening_line() -> None:
    document = read_text(b"1. Decides to do this;\n\n2. Requests a report.\n", "x.txt")
    assert document.structured
    assert [p.id for p in document.paragraphs] == ["OP1", "OP2"]


@pytest.mark.parametrize(
    "text",
    [
        "Some heading\n\nA plain paragraph.\n\nAnother one, with 1. inside.\n",
        "Note by the Secretariat\n\n1 In 2020, the Conference adopted a resolution.\n",
        "The report describes the links.\n\nIt recommends measures.\n",
    ],
)
def test_text_without_resolution_structure_gets_no_labels(text: str) -> None:
    document = read_text(text.encode(), "note.txt")
    assert not document.structured
    assert {p.kind for p in document.paragraphs} == {Kind.OTHER}
    assert [p.id for p in document.paragraphs] == [
        f"P{i}" for i in range(1, len(document.paragraphs) + 1)
    ]


# --- the helpers the readers share ------------------------------------------------------------


@pytest.mark.parametrize(
    ("prev", "nxt", "expected"),
    [
        (
            "scientific evidence-",
            "based practices aimed at",
            "scientific evidence-based practices aimed at",
        ),
        ("gender-", "and age-disaggregated data", "gender- and age-disaggregated data"),
        ("intelligence-", "or analysis-sharing", "intelligence- or analysis-sharing"),
        ("the United ", " Nations Convention", "the United Nations Convention"),
        ("", "Alone", "Alone"),
    ],
)
def test_join_text(prev: str, nxt: str, expected: str) -> None:
    assert join_text(prev, nxt) == expected


@pytest.mark.parametrize(
    ("prev", "nxt", "in_body", "expected"),
    [
        ("wherever it occurs,", "and the access to such firearms", False, True),
        ("strengthening and enhancing effective", "legal means for", False, True),
        ("scientific evidence-", "based practices", False, True),
        ("supplementing the United", "Nations Convention against", True, True),
        ("the International Criminal Police", "Organization (INTERPOL)", True, True),
        ("supplementing the United", "Nations Convention against", False, False),
        ("firearms and ammunition", "Recalling all commitments", True, False),
        ("firearms and ammunition", "Deeply concerned that", True, False),
        ("firearms and ammunition", "Also encourages Member States", True, False),
        ("firearms and ammunition", "Requests the Secretary-General", True, False),
        ("calls upon Member", "States parties to act", True, True),
        ("regions of the world;", "Emphasizes that", True, False),
        ("their efforts to", "12. Requests the Office", True, False),
        ("Decides:", "(a) To prepare", True, False),
        ("To prepare a report;", "and to submit it", True, False),
        ("Mexico: draft resolution", "Strengthening international cooperation", False, False),
        ("Strengthening cooperation", "The General Assembly,", True, False),
        ("35th plenary meeting", "16 December 2021", True, False),
        ("are considered,", "Recognizing that efforts", True, False),
    ],
)
def test_continues(prev: str, nxt: str, in_body: bool, expected: bool) -> None:
    assert continues(prev, nxt, in_body=in_body) is expected


def test_join_blocks_moves_italics_and_footnotes() -> None:
    first = Block(
        "Encourages States to use evidence-",
        italic=(Span(0, 10),),
        footnotes=(FootnoteRef("1", 17),),
    )
    second = Block(" based methods,² and", italic=(Span(1, 6),), footnotes=(FootnoteRef("2", 15),))
    joined = join_blocks(first, second)
    assert joined.text == "Encourages States to use evidence-based methods,² and"
    assert [joined.text[s.start : s.end] for s in joined.italic] == ["Encourages", "based"]
    assert [joined.text[: r.offset] for r in joined.footnotes] == [
        "Encourages States",
        "Encourages States to use evidence-based methods,",
    ]


def test_rejoin_blocks_only_in_the_body_for_capital_continuations() -> None:
    blocks = [
        Block("Mexico: draft resolution"),
        Block("Strengthening international cooperation"),
        Block("The Conference of the Parties,"),
        Block("Recalling the Protocol, supplementing the United"),
        Block("Nations Convention,"),
        Block("1. Decides to act;"),
    ]
    texts = [b.text for b in rejoin_blocks(blocks)]
    assert texts == [
        "Mexico: draft resolution",
        "Strengthening international cooperation",
        "The Conference of the Parties,",
        "Recalling the Protocol, supplementing the United Nations Convention,",
        "1. Decides to act;",
    ]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Recalling also its resolution 5/4,", "Recalling also"),
        ("Recalling further, in that regard, its resolutions", "Recalling further"),
        ("Bearing in mind that", "Bearing in mind"),
        ("Taking into account that 2020 marks", "Taking into account"),
        ("Expressing deep concern at the high price", "Expressing deep concern"),
        ("Having considered the report", "Having considered"),
        ("Calls upon Member States", "Calls upon"),
        ("Calls on Member States", "Calls on"),
        ("Once again urges States", "Once again urges"),
        ("Strongly condemns all acts", "Strongly condemns"),
        ("Invites, where appropriate, organizations", "Invites"),
        ("Decides that the Commission", "Decides"),
        ("Mindful of the need", "Mindful"),
        ("Remaining deeply concerned about", "Remaining deeply concerned"),
    ],
)
def test_leading_phrase(text: str, lead: str) -> None:
    span = leading_phrase(text)
    assert span is not None
    assert text[span.start : span.end] == lead


def test_leading_phrase_needs_a_capitalised_word() -> None:
    assert leading_phrase("") is None
    assert leading_phrase("(a) to prepare") is None


def test_a_number_printed_apart_from_its_text_joins_it() -> None:
    text = "The General Assembly,\n\n1.\n\nDecides to act:\n\n(a)\n\nTo do so;\n\n2. Requests.\n"
    document = read_text(text.encode(), "x.txt")
    assert [(p.id, p.text) for p in document.paragraphs] == [
        ("opening", "The General Assembly,"),
        ("OP1", "Decides to act:"),
        ("OP1(a)", "To do so;"),
        ("OP2", "Requests."),
    ]


@pytest.mark.parametrize(
    ("symbol", "status"),
    [("E/CN.7/2099/L.9", "draft"), ("A/RES/80/6", "adopted"), ("A/80/123", None)],
)
def test_status_told_by_the_symbol(symbol: str, status: str | None) -> None:
    text = f"{symbol}\n\nA title\n\nThe General Assembly,\n\n1. Decides.\n"
    document = read_text(text.encode(), "x.txt")
    assert document.metadata.symbol == symbol
    assert document.metadata.status == status
    assert document.paragraph("title").text == "A title"


def test_no_title_is_invented_from_the_masthead() -> None:
    text = (
        "Tenth session\n\nItem 2 of the provisional agenda\n\nMexico: draft resolution\n\n"
        "The Conference of the Parties,\n\n1. Decides.\n"
    )
    document = read_text(text.encode(), "x.txt")
    assert [p.id for p in document.paragraphs] == ["opening", "OP1"]
    assert document.metadata.title is None
    assert document.metadata.sponsors == "Mexico: draft resolution"
    assert document.metadata.session == "Tenth session"


def test_word_numbers_in_other_forms() -> None:
    blocks = [
        Block("The General Assembly,"),
        Block("Decides;", number="1)"),
        Block("Decides again;", number="2"),
        Block("Also decides;", number="2 bis"),
        Block("To act;", number="a."),
    ]
    document = build_document(blocks, (), "word.docx")
    assert [(p.id, p.number) for p in document.paragraphs] == [
        ("opening", None),
        ("OP1", "1"),
        ("OP2", "2"),
        ("OP2bis", "2 bis"),
        ("OP2bis(a)", "a"),
    ]


def test_excerpt_without_opening_keeps_its_preamble() -> None:
    text = (
        "Draft text for informals\n\nRecalling its resolution 1/1,\n\nNoting with concern the "
        "report,\n\n1. Decides.\n\n2. Requests.\n"
    )
    document = read_text(text.encode(), "x.txt")
    assert [(p.id, p.kind) for p in document.paragraphs] == [
        ("P1", Kind.OTHER),
        ("PP1", Kind.PREAMBULAR),
        ("PP2", Kind.PREAMBULAR),
        ("OP1", Kind.OPERATIVE),
        ("OP2", Kind.OPERATIVE),
    ]


def test_negotiators_labels_and_square_brackets() -> None:
    text = (
        "The General Assembly,\n\n"
        "PP1 Recalling its resolution 1/1,\n\n"
        "PP1 bis [Noting with concern the report]\n\n"
        "PP2: Welcoming the work,\n\n"
        "OP1. Decides to act;\n\n"
        "(a) Now;\n\n"
        "OP1 bis [Urges] States to report;\n\n"
        "OP2 2. Invites States.\n"
    )
    document = read_text(text.encode(), "informals.txt")
    assert [(p.id, p.number, p.text) for p in document.paragraphs][1:] == [
        ("PP1", None, "Recalling its resolution 1/1,"),
        ("PP1bis", None, "[Noting with concern the report]"),
        ("PP2", None, "Welcoming the work,"),
        ("OP1", "1", "Decides to act;"),
        ("OP1(a)", "a", "Now;"),
        ("OP1bis", "1 bis", "[Urges] States to report;"),
        ("OP2", "2", "Invites States."),
    ]
    italic = {p.id: [p.text[s.start : s.end] for s in p.italic] for p in document.paragraphs}
    assert italic["PP1bis"] == ["Noting with concern"]
    assert italic["OP1bis"] == ["Urges"]


def test_annex_paragraphs_are_not_operative_paragraphs() -> None:
    text = (
        "The General Assembly,\n\n1. Adopts the Declaration annexed to the present resolution.\n\n"
        "70th plenary meeting\n\nAnnex\n\nDeclaration\n\n1. We, the Heads of State, agree.\n\n"
        "2. We commit ourselves.\n"
    )
    document = read_text(text.encode(), "x.txt")
    assert [(p.id, p.kind) for p in document.paragraphs] == [
        ("opening", Kind.OPENING),
        ("OP1", Kind.OPERATIVE),
        ("C1", Kind.CLOSING),
        ("P1", Kind.OTHER),
        ("P2", Kind.OTHER),
        ("P3", Kind.OTHER),
        ("P4", Kind.OTHER),
    ]
    assert document.paragraph("P3").text == "1. We, the Heads of State, agree."


@pytest.mark.parametrize(
    ("paragraph_id", "label"),
    [
        ("PP3", "PP3"),
        ("OP5bis", "OP5 bis"),
        ("OP12quater", "OP12 quater"),
        ("OP5bis(a)", "OP5 bis(a)"),
        ("OP5bis-alt", "Alt OP5 bis"),
        ("title", "title"),
    ],
)
def test_labels_are_what_negotiators_say(paragraph_id: str, label: str) -> None:
    assert Paragraph(paragraph_id, Kind.OPERATIVE, "text").label == label
