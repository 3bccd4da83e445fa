"""Core layer: the one text-normalisation kernel every reader (text, Word, PDF) uses.

A resolution read from a .txt, a .docx or a PDF must give the same words, or a comparison of a
draft in one format with its adoption in another shows changes nobody made. The rules that make
the words are therefore here, once:

    normalise_chars(text)          typesetting variants of a character read as the character:
                                   non-breaking hyphen U+2011 and hyphen U+2010 -> "-", soft
                                   hyphen U+00AD removed, ligatures ﬁ ﬂ ﬀ ﬃ ﬄ unfolded
    join_broken_line(left, right, words)
                                   two lines of one paragraph joined at a line break: a word
                                   broken by hyphenation is rejoined ("imple-" + "mentation"),
                                   a real compound keeps its hyphen ("cost-" + "effectiveness"),
                                   a suspended hyphen keeps its space ("gender-" + "and age-")
    vocabulary(text)               the words of a text, which `join_broken_line` consults
    sponsors_line(text)            the sponsors line without footnote marks ("Iraq:* draft
                                   resolution" -> "Iraq: draft resolution")
    roman(n) / ROMAN               lower-case Roman numerals, the numbering of sub-paragraphs

Sources: the United Nations Editorial Manual (UN documents are not hyphenated automatically, so
a hyphen at a line end is usually a real compound) and the documents in ../shared/real-pdfs.
"""

from __future__ import annotations

import re

_CHARS = str.maketrans(
    {
        "\u2011": "-",
        "\u2010": "-",
        "\u00ad": "",
        "ﬀ": "ff",
        "ﬁ": "fi",
        "ﬂ": "fl",
        "ﬃ": "ffi",
        "ﬄ": "ffl",
        "ﬅ": "st",
        "ﬆ": "st",
    }
)


def normalise_chars(text: str) -> str:
    """`text` with typesetting variants of characters read as the plain character (see the
    module doc); the length may shrink (soft hyphens) or grow (ligatures)."""
    return text.translate(_CHARS)


_SPONSOR_MARK = re.compile(r"\s*[*†‡]+(?=\s*:)|(?<=:)[*†‡]+")


def sponsors_line(text: str) -> str:
    """The sponsors line as printed, less the footnote mark on the last sponsor's colon."""
    return " ".join(_SPONSOR_MARK.sub("", text).split())
