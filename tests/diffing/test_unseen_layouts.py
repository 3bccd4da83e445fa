"""The unseen resolutions (tests/data/unseen/) saved the other ways a user's text arrives: with
Windows line ends, as UTF-16, one paragraph per line without blank lines (an excerpt pasted from
Word), hard-wrapped at 72 columns with blank lines between paragraphs, and hard-wrapped without
any blank line. Each must read as the original: same paragraphs, same texts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from diffing.readers import read_bytes

DATA = Path(__file__).resolve().parent.parent / "data" / "unseen"
# the files written with a blank line between paragraphs (the others are already re-laid out)
NAMES = [
    "c3_draft_L12.txt",
    "c3_draft_L12_Rev1.txt",
    "ccpcj_draft.txt",
    "ecosoc_2024.txt",
    "ga_plenary_78.txt",
    "hrc_55.txt",
    "ops_only.txt",
    "sc_2719.txt",
]


def _paragraphs(text: str) -> list[str]:
    """The files hold one paragraph (or masthead or closing line) per line."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _wrap(paragraph: str) -> str:
    return "\n".join(textwrap.wrap(paragraph, 72, break_on_hyphens=False))


LAYOUTS: dict[str, Callable[[str], bytes]] = {
    "crlf": lambda text: text.replace("\n", "\r\n").encode(),
    "utf16": lambda text: text.encode("utf-16"),
    "one_line_each": lambda text: "\n".join(_paragraphs(text)).encode(),
    "wrapped_blank": lambda text: "\n\n".join(_wrap(p) for p in _paragraphs(text)).encode(),
    "wrapped_dense": lambda text: "\n".join(_wrap(p) for p in _paragraphs(text)).encode(),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", NAMES)
def test_other_layouts_read_as_the_original(name: str, layout: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    original = read_bytes(text.encode(), name)
    other = read_bytes(LAYOUTS[layout](text), name)
    assert [(p.id, p.text) for p in other.paragraphs] == [
        (p.id, p.text) for p in original.paragraphs
    ]
    assert other.metadata.title == original.metadata.title
    assert other.metadata.symbol == original.metadata.symbol
