"""One text-normalisation kernel for every reader: the same line breaks fed to the text, Word and
PDF readers give the same words (a .txt draft against a PDF adoption must show no false change),
and the kernel's rule itself, table-driven."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diffing import textnorm
from diffing.readers import read_bytes
from diffing.textnorm import CJK, is_cjk, join_lines, normalise_chars, sponsors_line, vocabulary
from tests.helpers.docx_builder import build_raw_docx
from tests.helpers.pdf_builder import Run, laid_out_pdf

BREAKS = [
    # (end of the first line, start of the next, the words a reader must give)
    ("cost-", "effectiveness", "cost-effectiveness"),
    ("imple-", "mentation", "implementation"),
    ("cyber-", "security", "cyber-security"),
    ("interna-", "tional", "international"),
    ("evidence-", "based", "evidence-based"),
    ("decision-", "making", "decision-making"),
    ("self-", "determination", "self-determination"),
    ("resolu-", "tions", "resolutions"),
    ("gender-", "and age-sensitive", "gender- and age-sensitive"),
    ("COVID-", "19", "COVID-19"),
    (
        "www.un.org/depts/los/convention_",
        "agreements/report.pdf",
        "www.un.org/depts/los/convention_agreements/report.pdf",
    ),
]
OPENING = "The General Assembly,"
PREAMBLE = "Recalling its resolution 79/1 of 2024 and all its previous resolutions on the question,"
LAST = "2. Decides to remain seized of the matter."


def _first_line(head: str) -> str:
    return f"1. Calls for the {head}"


def _rest(tail: str) -> str:
    return f"{tail} of the plan in all regions;"


def _text(head: str, tail: str) -> bytes:
    lines = [OPENING, "", PREAMBLE, "", _first_line(head), _rest(tail), "", LAST, ""]
    return "\n".join(lines).encode()


def _docx(head: str, tail: str) -> bytes:
    def paragraph(inner: str) -> str:
        return f"<w:p><w:r>{inner}</w:r></w:p>"

    def t(text: str) -> str:
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'

    body = (
        paragraph(t(OPENING))
        + paragraph(t(PREAMBLE))
        + paragraph(t(_first_line(head)) + "<w:br/>" + t(_rest(tail)))
        + paragraph(t(LAST))
    )
    return build_raw_docx(body)


def _pdf(head: str, tail: str) -> bytes:
    runs = [
        Run(147, 80, OPENING),
        Run(147, 98, PREAMBLE[:60]),
        Run(123, 110, PREAMBLE[60:].lstrip()),
        Run(147, 128, _first_line(head)),
        Run(123, 140, _rest(tail)),
        Run(147, 158, LAST),
    ]
    return laid_out_pdf([runs])


READERS = {"text": (_text, "x.txt"), "Word": (_docx, "x.docx"), "PDF": (_pdf, "x.pdf")}


@pytest.mark.parametrize(("head", "tail", "words"), BREAKS)
@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_joins_a_line_break_the_same_way(
    reader: str, head: str, tail: str, words: str
) -> None:
    build, name = READERS[reader]
    document = read_bytes(build(head, tail), name)
    assert document.paragraph("OP1").text == f"Calls for the {words} of the plan in all regions;"


@pytest.mark.parametrize(("head", "tail", "words"), BREAKS)
def test_line_break_rule(head: str, tail: str, words: str) -> None:
    assert join_lines(head, tail) == words


def test_the_text_s_own_words_decide_first() -> None:
    # "pres-" + "ent": the text writes "present" elsewhere; "sea-" + "level": it writes the
    # compound; "sub-" + "regional": a prefix keeps its hyphen whatever the text writes
    words = vocabulary("for present and future generations\nsea-level rise\nsubregional")
    assert join_lines("for pres-", "ent and", words) == "for present and"
    assert join_lines("sea-", "level rise", words) == "sea-level rise"
    assert join_lines("sub-", "regional", words) == "sub-regional"
    # the halves of a word broken at a line end are not words of the text
    assert "imple" not in vocabulary("the imple-\nmentation of")


def test_typesetting_variants_and_sponsors() -> None:
    assert normalise_chars("pre\u2011recorded, ﬁnancial, co\u00adoperation") == (
        "pre-recorded, financial, cooperation"
    )
    assert sponsors_line("Iraq:* draft resolution") == "Iraq: draft resolution"
    assert (
        sponsors_line("Canada and Norway* : draft resolution")
        == "Canada and Norway: draft resolution"
    )


@given(st.text(alphabet=st.sampled_from("aﬁ-\u2011\u2010\u00adﬀﬂﬃﬄﬅﬆ f")))
def test_typesetting_variants_read_in_one_pass(text: str) -> None:
    # "ﬃ" read as "ffi" stays "ffi" however the table's characters sit next to each other
    assert normalise_chars(text) == text.translate(str.maketrans(dict(textnorm._CHARS)))


@given(st.characters())
def test_cjk_is_the_documented_ranges(char: str) -> None:
    assert is_cjk(char) == bool(re.match(f"[{CJK}]", char))
    assert not is_cjk("")


@given(st.text(alphabet=st.sampled_from("ab É²½3_-’.,(” ")))
def test_vocabulary_is_every_word_of_the_kept_tokens(text: str) -> None:
    # the pattern's reading token by token, whatever mix of letters, digits, numerals
    # ("²", "½" are \w but no letters), stops, brackets and hyphens a token holds (on one line:
    # a word broken at its end is not a word of the text)
    kept = text.split()
    if kept and re.search(r"[^\W\d_]+-$", kept[-1]):
        kept.pop()
    expected = {
        word.casefold() for token in kept for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", token)
    }
    expected |= {part for word in expected if "-" in word for part in word.split("-")}
    assert vocabulary(text) == expected
