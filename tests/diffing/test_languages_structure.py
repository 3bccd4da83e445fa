"""Resolutions in the other official languages read into their structure and align (issue 17).

The pairs in tests/data/languages are our own, written after the real resolutions' conventions:
the new version moves PP4 to PP2, inserts a new OP2 (so OP2..OP4 renumber to OP3..OP5) and
changes the verb of old OP2 to a stronger one."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.flags import verb_shift
from diffing.model import Document, Kind, Relation
from diffing.readers.docx import read_docx
from diffing.readers.text import read_text
from diffing.structure import Block, build_document, leading_phrase
from tests.helpers.docx_builder import build_raw_docx

DATA = Path(__file__).resolve().parent.parent / "data" / "languages"
LANGUAGES = ("fr", "es", "ru", "zh", "ar")
OLD_VERB = {"fr": "Encourage", "es": "Alienta", "ru": "Рекомендует", "zh": "鼓励", "ar": "تشجع"}
NEW_VERB = {
    "fr": "Exhorte",
    "es": "Insta",
    "ru": "Настоятельно призывает",
    "zh": "敦促",
    "ar": "تحث",
}


def _read(code: str, side: str) -> Document:
    path = DATA / f"{code}_{side}.txt"
    return read_text(path.read_bytes(), path.name)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize(("side", "ops"), [("old", 4), ("new", 5)])
def test_each_language_reads_into_title_opening_preamble_and_operative_part(
    code: str, side: str, ops: int
) -> None:
    document = _read(code, side)
    ids = [p.id for p in document.paragraphs]
    expected = ["title", "opening", "PP1", "PP2", "PP3", "PP4"]
    assert ids == expected + [f"OP{n}" for n in range(1, ops + 1)]
    assert document.structured
    assert document.metadata.distribution == "Limited"
    # the operative number is not part of the text, in "1. " and in Arabic "1 - " alike
    operative = [p for p in document.paragraphs if p.kind is Kind.OPERATIVE]
    assert [p.number for p in operative] == [str(n) for n in range(1, ops + 1)]
    assert not any(p.text[:1].isdigit() for p in operative)


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_pair_aligns_renumbering_insertion_move_and_verb_change(code: str) -> None:
    comparison = compare(_read(code, "old"), _read(code, "new"))
    pairs = {(e.old, e.new): e for e in comparison.entries}
    # renumbering: old OP3, OP4 are new OP4, OP5 and otherwise unchanged (only in Chinese does
    # the last one change, by one word: see test_languages_worddiff)
    assert pairs[(("OP3",), ("OP4",))].relation is Relation.UNCHANGED
    assert (("OP4",), ("OP5",)) in pairs
    assert pairs[((), ("OP2",))].relation is Relation.INSERTED
    assert pairs[(("PP4",), ("PP2",))].relation is Relation.MOVED
    changed = pairs[(("OP2",), ("OP3",))]
    assert changed.relation is Relation.MODIFIED
    assert changed.verb_change is not None
    assert (changed.verb_change.old, changed.verb_change.new) == (OLD_VERB[code], NEW_VERB[code])
    assert verb_shift(changed.verb_change.old, changed.verb_change.new, code) == "strengthened"
    assert verb_shift(changed.verb_change.new, changed.verb_change.old, code) == "weakened"
    unpaired = [e for e in comparison.entries if e.relation is Relation.DELETED]
    assert unpaired == []


def test_russian_lower_case_leads_are_paragraphs_of_their_own_not_continuations() -> None:
    # "ссылаясь …" opens in lower case: it used to be read as the rest of the opening line
    document = _read("ru", "old")
    assert document.paragraph("opening").text == "Генеральная Ассамблея,"
    assert document.paragraph("PP1").text.startswith("ссылаясь на свою резолюцию")


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Prie instamment les États de coopérer ;", "Prie instamment"),
        ("Profondément préoccupée par la situation,", "Profondément préoccupée"),
        ("Acogiendo con beneplácito la labor de la Oficina,", "Acogiendo con beneplácito"),
        ("Настоятельно призывает государства обмениваться информацией;", "Настоятельно призывает"),
        ("будучи глубоко обеспокоена связями,", "будучи глубоко обеспокоена"),
        ("深为关切药物贩运与有组织犯罪之间的联系，", "深为关切"),
        ("وإذ يساورها بالغ القلق إزاء الصلات،", "وإذ يساورها بالغ القلق"),
        # English reads as it always has
        ("Also strongly urges States to cooperate;", "Also strongly urges"),
        ("Taking note with appreciation of the report,", "Taking note with appreciation"),
    ],
)
def test_the_leading_phrase_is_read_in_the_paragraphs_language(text: str, lead: str) -> None:
    span = leading_phrase(text)
    assert span is not None
    assert text[span.start : span.end] == lead


def _document(lines: list[str]) -> Document:
    return build_document([Block(line) for line in lines], [], "test")


def test_french_masthead_words_closing_lines_and_unnumbered_operative_paragraphs() -> None:
    document = _document(
        [
            "E/CN.7/2026/L.9",
            "Distr. générale",
            "Original : anglais",
            "Allemagne, France et Italie : projet de résolution",
            "Renforcer la coopération",
            "La Commission des stupéfiants,",
            "Rappelant sa résolution 61/11,",
            "Approuve le rapport du Directeur exécutif.",
            "69e séance plénière",
            "19 décembre 2025",
        ]
    )
    assert [(p.id, p.kind) for p in document.paragraphs] == [
        ("title", Kind.TITLE),
        ("opening", Kind.OPENING),
        ("PP1", Kind.PREAMBULAR),
        ("OP1", Kind.OPERATIVE),
        ("C1", Kind.CLOSING),
        ("C2", Kind.CLOSING),
    ]
    assert document.metadata.distribution == "General"
    assert document.metadata.sponsors == "Allemagne, France et Italie : projet de résolution"
    assert document.metadata.body == "Commission des stupéfiants"


def test_sub_paragraph_markers_of_each_script() -> None:
    chinese = _document(
        [
            "大会，",
            "回顾其决议，",
            "1. 请秘书长：",
            "（a） 提交报告；",
            "㈠ 关于缉获的信息；",
            "㈡ 关于援助的信息；",
            "（b） 召开会议；",
            "2. 决定继续处理此案。",
        ]
    )
    assert [p.id for p in chinese.paragraphs] == [
        "opening",
        "PP1",
        "OP1",
        "OP1(a)",
        "OP1(a)(i)",
        "OP1(a)(ii)",
        "OP1(b)",
        "OP2",
    ]
    assert chinese.paragraph("OP1(a)").text == "提交报告；"
    arabic = _document(
        [
            "إن الجمعية العامة،",
            "إذ تشير إلى قرارها،",
            "1 - تطلب إلى الأمين العام:",
            "(أ) أن يقدم تقريرا؛",
            "(ب) أن يعقد اجتماعا؛",
            "2 - تقرر أن تبقي المسألة قيد نظرها.",
        ]
    )
    assert [p.id for p in arabic.paragraphs] == [
        "opening",
        "PP1",
        "OP1",
        "OP1(أ)",
        "OP1(ب)",
        "OP2",
    ]
    assert arabic.paragraph("OP1(ب)").text == "أن يعقد اجتماعا؛"


def _as_docx(code: str, side: str) -> bytes:
    """The pair as a Word document of one paragraph per printed paragraph, right-to-left
    paragraphs marked w:bidi as Word writes them."""
    lines = (DATA / f"{code}_{side}.txt").read_text(encoding="utf-8").split("\n\n")
    rtl = "<w:pPr><w:bidi/></w:pPr>" if code == "ar" else ""
    body = "".join(
        f'<w:p>{rtl}<w:r><w:t xml:space="preserve">{escape(line.strip())}</w:t></w:r></w:p>'
        for line in lines
        if line.strip()
    )
    return build_raw_docx(body)


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_word_document_in_each_language_reads_as_its_text_does(code: str) -> None:
    for side in ("old", "new"):
        from_word = read_docx(_as_docx(code, side), f"{code}_{side}.docx")
        from_text = _read(code, side)
        assert [(p.id, p.kind, p.text) for p in from_word.paragraphs] == [
            (p.id, p.kind, p.text) for p in from_text.paragraphs
        ]


@pytest.mark.parametrize("code", LANGUAGES)
def test_one_paragraph_per_line_without_blank_lines_reads_the_same(code: str) -> None:
    # text pasted from a web page or an e-mail: no blank line between paragraphs
    for side in ("old", "new"):
        text = (DATA / f"{code}_{side}.txt").read_text(encoding="utf-8")
        tight = read_text(text.replace("\n\n", "\n").encode("utf-8"), f"{code}_{side}.txt")
        spaced = _read(code, side)
        assert [(p.id, p.text) for p in tight.paragraphs] == [
            (p.id, p.text) for p in spaced.paragraphs
        ]


def test_a_french_paragraph_wrapped_over_lines_is_still_one_paragraph() -> None:
    text = (
        "L’Assemblée générale,\n\n"
        "Rappelant sa résolution 79/1 du 10 septembre 2024 relative à la coopération\n"
        "internationale contre le trafic illicite de drogues,\n\n"
        "1. Prie les États Membres de renforcer leur coopération ;\n\n"
        "2. Décide de rester saisie de la question.\n"
    )
    document = read_text(text.encode("utf-8"), "fr.txt")
    assert [p.id for p in document.paragraphs] == ["opening", "PP1", "OP1", "OP2"]
    assert document.paragraph("PP1").text.endswith(
        "coopération internationale contre le trafic illicite de drogues,"
    )
