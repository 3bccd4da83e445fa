"""Core layer: recognising the structure of a resolution in a flow of text blocks.

Every reader (text, Word, PDF) turns its format into `Block`s — one per paragraph as printed,
markup removed, footnote markers taken out — and `build_document` recognises masthead, title,
opening line, preambular and operative paragraphs, sub-paragraphs and closing lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from diffing.model import Document, Footnote, FootnoteRef, Span


@dataclass(frozen=True)
class Block:
    """One paragraph as a reader found it."""

    text: str
    """Plain text: no markup; footnote markers removed (kept in `footnotes`)."""
    italic: tuple[Span, ...] = ()
    bold: bool = False
    footnotes: tuple[FootnoteRef, ...] = ()
    number: str | None = None
    """A number the format supplied outside the text (Word automatic numbering), as printed:
    "1.", "(a)", "5 bis."; None when the number, if any, is part of `text`."""


def build_document(blocks: Sequence[Block], footnotes: Sequence[Footnote], source: str) -> Document:
    raise NotImplementedError("structure recognition is being written (issue 2)")
