"""Readers on resolutions of bodies and layouts the corpus does not have (tests/data/unseen/):
a GA plenary resolution with (a)…(k) and (i)…(iv), a Third Committee draft and its revision with
a long sponsors list, Human Rights Council, ECOSOC and Security Council resolutions, a CCPCJ
draft with "5 bis." and "Alt 5 bis.", an excerpt of operative paragraphs only, text saved from
Word with tabs after the numbers, a Markdown export with escapes, and a hard-wrapped, hyphenated
72-column text. Each expectation was checked against the text by reading it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.model import Document, Kind, Relation
from diffing.readers import read_document
from diffing.structure import join_text, vocabulary

DATA = Path(__file__).resolve().parent.parent / "data" / "unseen"

_SUBS_78 = [f"OP2({c})" for c in "ab"] + ["OP2(c)"]
_SUBS_78 += [f"OP2(c)({r})" for r in ("i", "ii", "iii", "iv")]
_SUBS_78 += [f"OP2({c})" for c in "defghijk"]


def _ids(text: str) -> list[str]:
    return text.split()


IDS = {
    "ga_plenary_78.txt": [
        *_ids("title opening PP1 PP2 PP3 OP1 OP2"),
        *_SUBS_78,
        *_ids("OP3 OP4 C1 C2"),
    ],
    "c3_draft_L12.txt": _ids("title opening PP1 PP2 PP3 OP1 OP2 OP3"),
    "c3_draft_L12_Rev1.txt": _ids("title opening PP1 PP2 PP3 OP1 OP2 OP2bis OP3"),
    "hrc_55.txt": _ids("title opening PP1 PP2 OP1 OP2 OP3 C1 C2 C3"),
    "ecosoc_2024.txt": _ids("title opening PP1 OP1 OP2 OP3 C1 C2"),
    # a Security Council resolution has no title
    "sc_2719.txt": _ids("opening PP1 PP2 OP1 OP2 OP3"),
    "ccpcj_draft.txt": _ids("title opening PP1 PP2 OP1 OP2 OP5bis OP5bis-alt OP6"),
    "ccpcj_draft_rev1.txt": _ids("title opening PP1 PP2 OP1 OP2 OP3 OP4"),
    "ops_only.txt": _ids("OP1 OP2 OP2(a) OP2(b) OP3"),
    "word_tabs.txt": _ids("title opening PP1 PP2 OP1 OP2 OP2(a) OP2(b) OP3"),
    "markdown_export.md": _ids("title opening PP1 PP2 OP1 OP2"),
    "wrapped72.txt": _ids("title opening PP1 PP2 PP3 OP1 OP2 OP3"),
}

_LONG_SPONSORS = re.compile(
    r"^Albania, Andorra, .* Sweden and Uruguay: (revised )?draft resolution$"
)

METADATA: dict[str, dict[str, object]] = {
    "ga_plenary_78.txt": {
        "symbol": "A/RES/78/215",
        "body": "General Assembly",
        "status": "adopted",
        "resolution_number": "78/215",
        "title": "Protection of migrants",
        "session": "Seventy-eighth session",
        "agenda_item": "Agenda item 71 (b)",
        "sponsors": None,
    },
    "c3_draft_L12.txt": {
        "symbol": "A/C.3/79/L.12",
        "body": "General Assembly",
        "status": "draft",
        "title": "Policies and programmes involving youth",
        "distribution": "Limited",
        "sponsors": _LONG_SPONSORS,
    },
    "c3_draft_L12_Rev1.txt": {
        "symbol": "A/C.3/79/L.12/Rev.1",
        "status": "draft",
        "sponsors": _LONG_SPONSORS,
    },
    "hrc_55.txt": {
        "symbol": "A/HRC/RES/55/12",
        # the masthead prints the parent organ; the body that acted is the Council
        "body": "Human Rights Council",
        "status": "adopted",
        "resolution_number": "55/12",
        "title": "The right to food",
    },
    "ecosoc_2024.txt": {
        "symbol": "E/RES/2024/3",
        "body": "Economic and Social Council",
        "status": "adopted",
        "resolution_number": "2024/3",
        "session": "2024 session",
        "title": "Future organization and methods of work of the Commission on the Status of Women",
    },
    "sc_2719.txt": {
        "symbol": "S/RES/2719 (2023)",
        "body": "Security Council",
        "status": "adopted",
        "resolution_number": "2719 (2023)",
        "title": None,
    },
    "ccpcj_draft.txt": {
        "symbol": "CCPCJ/2024/L.3",
        "body": "Commission on Crime Prevention and Criminal Justice",
        "status": "draft",
        "place_and_date": "Vienna, 13–17 May 2024",
        "title": "Promoting restorative justice",
    },
    "word_tabs.txt": {
        "symbol": "E/CN.6/2025/L.7",
        "body": "Commission on the Status of Women",
        "status": "draft",
    },
    "markdown_export.md": {
        "symbol": "E/CN.15/2025/L.2",
        "status": "draft",
        "title": "Countering trafficking in cultural property",
    },
    "wrapped72.txt": {
        "symbol": "A/C.2/79/L.30",
        "status": "draft",
        "sponsors": "Antigua and Barbuda, Bahamas, Barbados, Belize, Dominica, Fiji, Grenada, "
        "Jamaica and Saint Lucia: draft resolution",
        "title": "Protection of global climate for present and future generations of humankind",
    },
}


def _read(name: str) -> Document:
    return read_document(DATA / name)


@pytest.mark.parametrize("name", sorted(IDS))
def test_paragraph_ids(name: str) -> None:
    assert [p.id for p in _read(name).paragraphs] == IDS[name]


@pytest.mark.parametrize("name", sorted(METADATA))
def test_metadata(name: str) -> None:
    metadata = _read(name).metadata
    for field, expected in METADATA[name].items():
        value = getattr(metadata, field)
        if isinstance(expected, re.Pattern):
            assert value is not None and expected.match(value), (field, value)
        else:
            assert value == expected, field


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@pytest.mark.parametrize("name", sorted(IDS))
def test_no_text_lost_or_doubled(name: str) -> None:
    """From the title (or the opening line) on, every letter of the source is in a paragraph,
    its printed number or a footnote body, once and in order (the footnotes close each file)."""
    document = _read(name)
    source = (DATA / name).read_text(encoding="utf-8")
    first = document.paragraphs[0]
    start = source.index(first.text[:20]) if first.kind is not Kind.OPERATIVE else 0
    printed = []
    for paragraph in document.paragraphs:
        if paragraph.number:
            printed.append(paragraph.number)
        printed.append(paragraph.text)
    printed += [f.text for f in document.footnotes]
    assert _letters("".join(printed)) == _letters(source[start:])


@pytest.mark.parametrize(
    ("name", "pid", "footnote", "before"),
    [
        # "Agenda,1" / "Migration;2": the digit glued to the word is the marker
        ("ga_plenary_78.txt", "PP2", "Resolution 70/1.", "Sustainable Development,"),
        ("ga_plenary_78.txt", "OP3", "Resolution 73/195, annex.", "Regular Migration;"),
        ("wrapped72.txt", "PP2", "United Nations, Treaty Series, vol. 1771, No. 30822.", "Change,"),
        # Markdown escapes the asterisk of the marker and of the footnote body: "Crime,\\*"
        (
            "markdown_export.md",
            "PP1",
            "United Nations, Treaty Series, vol. 2225, No. 39574.",
            "Crime,",
        ),
    ],
)
def test_footnote_markers_glued_to_words_are_attached(
    name: str, pid: str, footnote: str, before: str
) -> None:
    document = _read(name)
    paragraph = document.paragraph(pid)
    (ref,) = paragraph.footnotes
    assert document.footnote(ref.footnote_id).text == footnote
    assert paragraph.text[: ref.offset].endswith(before)
    assert not re.search(r"[,;]\d", paragraph.text)  # the marker left the text


@pytest.mark.parametrize(
    ("name", "closing"),
    [
        ("ga_plenary_78.txt", ["48th plenary meeting", "19 December 2023"]),
        ("ecosoc_2024.txt", ["17th plenary meeting", "6 June 2024"]),
        ("hrc_55.txt", ["54th meeting", "4 April 2024", "[Adopted without a vote.]"]),
    ],
)
def test_closing_lines_are_closing_paragraphs(name: str, closing: list[str]) -> None:
    # closing lines pair only with closing lines in the alignment, never with a body paragraph
    document = _read(name)
    assert [p.text for p in document.paragraphs if p.kind is Kind.CLOSING] == closing
    assert [p.id for p in document.paragraphs if p.kind is Kind.CLOSING] == [
        f"C{n}" for n in range(1, len(closing) + 1)
    ]


def test_subparagraph_levels_and_numbers() -> None:
    document = _read("ga_plenary_78.txt")
    # "(i)" after "(h)" is the letter i; "(i)" after "(c) … including:" the numeral
    assert document.paragraph("OP2(i)").parent == "OP2"
    assert document.paragraph("OP2(i)").text == "To cooperate with countries of origin;"
    assert document.paragraph("OP2(c)(iv)").parent == "OP2(c)"
    assert document.paragraph("OP2(c)(iv)").number == "iv"
    assert document.paragraph("OP2(c)(iv)").kind is Kind.SUBPARAGRAPH


def test_alternative_and_bis_paragraphs_of_a_negotiation_draft() -> None:
    document = _read("ccpcj_draft.txt")
    alt = document.paragraph("OP5bis-alt")
    assert alt.kind is Kind.OPERATIVE
    assert alt.number == "Alt 5 bis"
    assert alt.text.startswith("Invites Member States")
    assert document.paragraph("OP5bis").number == "5 bis"
    # brackets and delegation tags are the negotiators' text and stay in it
    assert document.paragraph("PP1").text == "[Recalling its resolution 31/1 of 2022,] (EU)"
    assert document.paragraph("OP2").text.startswith("[Invites] (G77) [Requests] (EU) the")


def test_markdown_escapes_and_emphasis_are_removed() -> None:
    document = _read("markdown_export.md")
    assert document.paragraph("PP2").text == (
        "Concerned about the 20% increase in trafficking of cultural property_items,"
    )
    op1 = document.paragraph("OP1")
    assert op1.number == "1"  # "1\\." is Markdown's escaped list number
    assert [op1.text[s.start : s.end] for s in op1.italic] == ["Urges"]
    assert not any("\\" in p.text or "*" in p.text for p in document.paragraphs)


def test_word_text_with_tabs_after_numbers() -> None:
    document = _read("word_tabs.txt")
    assert document.paragraph("OP1").text == "Urges Governments to scale up prevention;"
    assert document.paragraph("OP2(a)").text == "In health-care settings;"


def test_hard_wrapped_hyphenated_text_is_rejoined() -> None:
    document = _read("wrapped72.txt")
    pp1 = document.paragraph("PP1").text
    assert "other resolutions relating" in pp1  # a word cut by hyphenation is whole again
    assert "sea-level rise" in document.paragraph("PP3").text  # a compound keeps its hyphen
    assert "for present and future" in document.paragraph("OP3").text
    assert not any(
        set(p.text) <= set("_-") for p in document.paragraphs
    )  # the footnote rule is not text


@pytest.mark.parametrize(
    ("left", "right", "words", "joined"),
    [
        ("other resolu-", "tions relating", "", "other resolutions relating"),
        ("interna-", "tional law", "", "international law"),
        ("for pres-", "ent and future", "present and future", "for present and future"),
        ("sea-", "level rise", "", "sea-level rise"),
        ("evidence-", "based policies", "", "evidence-based policies"),
        ("sub-", "regional meetings", "subregional", "sub-regional meetings"),
        ("gender-", "and age-sensitive", "", "gender- and age-sensitive"),
        ("well-", "being of", "wellbeing", "well-being of"),
    ],
)
def test_join_text_tells_hyphenation_from_compounds(
    left: str, right: str, words: str, joined: str
) -> None:
    assert join_text(left, right, vocabulary(words)) == joined


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "c3_draft_L12.txt",
            "c3_draft_L12_Rev1.txt",
            [
                (("PP2",), ("PP2",), Relation.MODIFIED),
                (("PP3",), ("PP3",), Relation.MODIFIED),
                (("OP2",), ("OP2",), Relation.MODIFIED),
                ((), ("OP2bis",), Relation.INSERTED),
                (("OP3",), ("OP3",), Relation.UNCHANGED),
            ],
        ),
        (
            # the revision keeps the alternative text of 5 bis and renumbers
            "ccpcj_draft.txt",
            "ccpcj_draft_rev1.txt",
            [
                (("OP5bis",), (), Relation.DELETED),
                (("OP5bis-alt",), ("OP3",), Relation.MODIFIED),
                (("OP6",), ("OP4",), Relation.UNCHANGED),
            ],
        ),
    ],
)
def test_a_revision_aligns_as_a_drafter_reads_it(
    old: str, new: str, expected: list[tuple[tuple[str, ...], tuple[str, ...], Relation]]
) -> None:
    entries = {(e.old, e.new): e.relation for e in compare(_read(old), _read(new)).entries}
    for old_ids, new_ids, relation in expected:
        assert entries.get((old_ids, new_ids)) == relation, (old_ids, new_ids)
