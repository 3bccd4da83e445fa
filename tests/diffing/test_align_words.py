"""The alignment reads the same words whichever way it cuts a paragraph.

`align._words` cuts an ASCII paragraph (most of them, once look-alikes are folded) with
`str.split`, and any other with the `_WORD` pattern. Which paragraphs pair, split or merge must
not depend on which of the two ran.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diffing import align
from diffing.worddiff import fold
from tests.diffing.test_worddiff import TEXTS

ASCII_PIECES = st.sampled_from(
    [
        *(" ", "  ", "\t", "\n", "\x0c", "\x1f", "_", "-", "/", ".", ",", "'", "*", "(a)"),
        *("Member", "States", "21st", "2030", "A/RES/80/6", "COVID-19", "x2y", "9a", "é", "Ł"),
    ]
)
ASCII_TEXTS = st.one_of(
    st.lists(ASCII_PIECES, max_size=30).map("".join),
    st.text(st.characters(max_codepoint=127), max_size=60),
)


def by_the_pattern(text: str) -> list[str]:
    folded = fold(text).casefold()
    return align._WORD(folded).findall(folded)


def test_a_paragraph_reads_as_its_words_and_numbers() -> None:
    assert align._words("Member States' 21st session, A/RES/80/6 (COVID-19)") == [
        *("member", "states", "21", "st", "session", "a", "res", "80", "6", "covid", "19")
    ]


@settings(max_examples=400, deadline=None)
@given(st.one_of(ASCII_TEXTS, TEXTS))
def test_the_ascii_shortcut_finds_what_the_pattern_finds(text: str) -> None:
    assert align._words(text) == by_the_pattern(text)
