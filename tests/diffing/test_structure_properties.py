"""Invariants of reading any text: no crash but a one-line ReadError, unique paragraph ids,
offsets inside the text, and numbering that follows the printed numbers."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diffing import structure
from diffing.errors import ReadError
from diffing.model import Document, FootnoteRef, Kind, Span
from diffing.readers.text import read_text
from diffing.structure import Block, build_document, join_blocks

PIECES = st.sampled_from(
    [
        "The General Assembly,",
        "The Commission on Narcotic Drugs,",
        "Recalling its resolution 60/2,",
        "Deeply concerned that",
        "1. Decides to act;",
        "2. *Requests* a report.",
        "5 bis. Calls upon States;",
        "(a) To do this;",
        "(i) First;",
        "(ii) Second;",
        "scientific evidence-",
        "based practices,",
        "and the access to firearms,",
        "¹ United Nations, Treaty Series.",
        "* E/CN.7/2022/1.",
        "Convention,¹ and the Protocol^{*}",
        "V.22-01234 (E)",
        "35th plenary meeting",
        "16 December 2021",
        "Mexico: draft resolution",
        "Resolution 11/6",
        "[70/1](#)",
        "**bold**",
        "",
        "   ",
    ]
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(document: Document) -> None:
    ids = [p.id for p in document.paragraphs]
    assert len(ids) == len(set(ids))
    footnote_ids = {f.id for f in document.footnotes}
    for paragraph in document.paragraphs:
        assert paragraph.text == paragraph.text.strip()
        for span in paragraph.italic:
            assert 0 <= span.start < span.end <= len(paragraph.text)
        for ref in paragraph.footnotes:
            assert 0 <= ref.offset <= len(paragraph.text)
            assert ref.footnote_id in footnote_ids
        if paragraph.kind is Kind.SUBPARAGRAPH:
            assert paragraph.parent in ids[: ids.index(paragraph.id)]
        if paragraph.kind is Kind.OPERATIVE:
            assert paragraph.id == "OP" + (paragraph.number or "").replace(" ", "") or "-" in (
                paragraph.id
            )
    if not document.structured:
        assert {p.kind for p in document.paragraphs} <= {Kind.OTHER}


@SETTINGS
@given(st.lists(PIECES, min_size=1, max_size=25), st.sampled_from(["\n\n", "\n", "\n \n"]))
def test_any_arrangement_of_resolution_pieces_reads(pieces: list[str], separator: str) -> None:
    try:
        document = read_text(separator.join(pieces).encode(), "x.txt")
    except ReadError as error:
        assert "\n" not in str(error)
        return
    _check(document)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_reads_or_gives_one_line(text: str) -> None:
    try:
        document = read_text(text.encode("utf-8", "surrogatepass"), "x.txt")
    except ReadError as error:
        assert "\n" not in str(error)
        return
    _check(document)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_read_or_give_one_line(data: bytes) -> None:
    try:
        document = read_text(data, "x.bin")
    except ReadError as error:
        assert "\n" not in str(error)
        return
    _check(document)


BLOCK_TEXTS = st.text(alphabet=st.sampled_from("abc ABC,.;:-()12"), max_size=30)


@st.composite
def blocks(draw: st.DrawFn) -> Block:
    text = draw(BLOCK_TEXTS)
    spans = []
    refs = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        if end > start:
            spans.append(Span(start, end))
    for _ in range(draw(st.integers(0, 2))):
        refs.append(FootnoteRef("1", draw(st.integers(0, len(text)))))
    number = draw(st.sampled_from([None, None, "1.", "2.", "(a)", "(i)", "3 bis."]))
    return Block(text=text, italic=tuple(spans), footnotes=tuple(refs), number=number)


@SETTINGS
@given(st.lists(blocks(), max_size=12))
def test_build_document_keeps_offsets_inside_the_text(items: list[Block]) -> None:
    from diffing.model import Footnote

    document = build_document(items, (Footnote("1", "1", "A note."),), "blocks")
    _check(document)


@SETTINGS
@given(blocks(), blocks())
def test_join_blocks_keeps_offsets_inside_the_text(first: Block, second: Block) -> None:
    joined = join_blocks(first, second)
    for span in joined.italic:
        assert 0 <= span.start < span.end <= len(joined.text)
    for ref in joined.footnotes:
        assert 0 <= ref.offset <= len(joined.text)
    assert len(joined.footnotes) == len(first.footnotes) + len(second.footnotes)


@given(st.text(alphabet=st.sampled_from("Ab,;[] \t\n\u00a0\u2003\u3000\x1c\x85\u200b")))
def test_the_leading_words_are_the_runs_of_non_blanks(text: str) -> None:
    # the leading phrase is read from the first words; every Unicode blank cuts them as the
    # pattern \S+ does, and a zero-width space is no blank
    expected = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)][:16]
    assert structure._first_tokens(text, 16) == expected
