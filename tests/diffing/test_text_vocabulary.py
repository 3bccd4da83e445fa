"""The plain-text reader builds the text's vocabulary only when a line ends in a hyphen (the one
place joining lines consults it): a document read so is the document read with it always built,
on the sample corpus and on texts made of hyphenated line breaks, footnotes and markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diffing.model import Document
from diffing.readers import text as text_reader
from diffing.readers.text import read_text
from tests.helpers import corpus

HEADS = ["imple-", "co-", "sea-", "pres-", "gender-", "self-", "Inter-", "-", "a -"]
TAILS = ["mentation", "operation", "level", "ent", "and age-", "reliance", "American", "tions"]
WORDS = ["Urges", "States", "cooperation", "present", "sea-level", "implementation", "1.", "*"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Paragraphs whose lines break after a hyphen, the joined word written elsewhere or not."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 5))):
        lines = []
        for _ in range(draw(st.integers(1, 4))):
            words = draw(st.lists(st.sampled_from(WORDS), max_size=3))
            head = draw(st.sampled_from(["", *HEADS]))
            tail = draw(st.sampled_from(["", *TAILS]))
            trailing = draw(st.sampled_from(["", " ", "\t"]))
            lines.append(" ".join([tail, *words, head]).strip() + trailing)
        paragraphs.append("\n".join(lines))
    return "The General Assembly,\n\n" + "\n\n".join(paragraphs)


def _always_built(data: bytes, source: str) -> Document:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(text_reader, "_hyphen_at_line_end", lambda lines: True)
        return read_text(data, source)


@settings(max_examples=300, deadline=None)
@given(texts())
def test_a_text_reads_the_same_without_the_vocabulary(text: str) -> None:
    data = text.encode("utf-8")
    assert read_text(data, "made.txt") == _always_built(data, "made.txt")


@pytest.mark.parametrize("path", corpus.ALL, ids=lambda path: path.name)
def test_the_corpus_reads_the_same_without_the_vocabulary(path: Path) -> None:
    data = path.read_bytes()
    assert read_text(data, path.name) == _always_built(data, path.name)
