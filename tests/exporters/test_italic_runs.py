"""Property: the italics of the Word export are exactly the characters the reader marked italic,
whatever the spans (overlapping, touching, out of the text, empty), on a deleted block of one
or more paragraphs and on an edited one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diffing.model import DELETE, EQUAL, INSERT, Document, Kind, Paragraph, Span
from exporters._redline import Break, Text, side_items


@st.composite
def paragraphs(draw: st.DrawFn) -> tuple[Paragraph, ...]:
    out = []
    for k in range(draw(st.integers(1, 3))):
        text = draw(st.text("ab ", min_size=0, max_size=12))
        bounds = st.integers(-2, len(text) + 2)
        spans = draw(st.lists(st.tuples(bounds, bounds), max_size=4))
        italic = tuple(Span(start, end) for start, end in spans)
        out.append(Paragraph(f"p{k}", Kind.OPERATIVE, text, None, italic))
    return tuple(out)


def _expected(paragraph: Paragraph) -> list[bool]:
    flags = [False] * len(paragraph.text)
    for span in paragraph.italic:
        for k in range(max(0, span.start), min(len(paragraph.text), span.end)):
            flags[k] = True
    return flags


def _written(items: list[object], op: str) -> list[list[bool]]:
    """Per output paragraph, the italic flag of each character written with `op` (or EQUAL)."""
    out: list[list[bool]] = [[]]
    for item in items:
        if isinstance(item, Break):
            out.append([])
        elif isinstance(item, Text) and not item.number and item.op in (op, EQUAL):
            out[-1].extend([item.italic] * len(item.text))
    return out[:-1]


@settings(max_examples=200, deadline=None)
@given(paragraphs())
def test_a_deleted_block_keeps_its_italics(old: tuple[Paragraph, ...]) -> None:
    document = Document("old.txt", paragraphs=old)
    items = side_items(old, (), document, Document("new.txt"))
    assert _written(items, DELETE) == [_expected(p) for p in old]


@settings(max_examples=200, deadline=None)
@given(paragraphs(), paragraphs())
def test_an_edited_paragraph_shows_the_new_italics(
    old: tuple[Paragraph, ...], new: tuple[Paragraph, ...]
) -> None:
    old, new = old[:1], new[:1]
    items = side_items(
        old, new, Document("old.txt", paragraphs=old), Document("new.txt", paragraphs=new)
    )
    written = [flag for part in _written(items, INSERT) for flag in part]
    assert written == _expected(new[0])
