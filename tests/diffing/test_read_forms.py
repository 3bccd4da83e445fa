"""Faster forms of the read stage's rules hold to the forms they replaced (issue 12, item 9)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from diffing import language as language_module
from diffing import structure
from diffing.readers import text as text_reader

_LETTER_RUNS = re.compile(r"[^\W\d_]+")


def test_runs_of_letters_are_the_patterns_for_every_bmp_character() -> None:
    # whatever character stands between, before or after words, the words weighed for the
    # language are the pattern's runs of letters
    chars = "".join(map(chr, range(0x10000)))
    for at in range(0, len(chars), 64):
        text = " ".join(f"ab{char}cd{char}" for char in chars[at : at + 64])
        assert language_module._letter_runs(text) == _LETTER_RUNS.findall(text)


def test_no_mark_blanked_out_is_a_letter() -> None:
    assert not _LETTER_RUNS.findall(language_module._EDGE_MARKS)


def test_a_text_is_told_normal_as_splitting_and_joining_it_tells() -> None:
    # a paragraph's offsets are kept as they are only when its blanks are already normal
    for code in range(0x10000):
        char = chr(code)
        for text in (char, f"a{char}b", f"a {char} b", f"{char} a", f"a {char}", f"a{char}{char}b"):
            assert structure._is_normal(text) == (" ".join(text.split()) == text), repr(text)
    for text in ("", " ", "a  b", "a b", " a", "a ", "a\tb", "a\u00a0b", "a\u3000b"):
        assert structure._is_normal(text) == (" ".join(text.split()) == text), repr(text)


def test_letters_of_each_script_are_counted_for_every_bmp_character() -> None:
    # a text tells its script (Chinese, Arabic, Russian) by the letters it holds, whatever
    # the characters around them
    for code in range(0x10000):
        text = f"ab {chr(code)}"
        expected = {
            script: sum(map(len, re.findall(f"[{ranges}]+", text)))
            for script, ranges in language_module._SCRIPTS.items()
        }
        assert dict(language_module._script_counts(text)) == expected


_DATE_LINE = re.compile(
    r"^\s*\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+\d{4}\s*$"
)
"""The pattern a date alone on a line was told by."""


@given(
    st.lists(
        st.sampled_from(
            ["9", "16", "123", "٣", "2020", "20201", "October", "May", "Mayo", "june", "of", "1st"]
        )
        | st.text(" \t\n\u00a0\u3000\x1c", min_size=1, max_size=2),
        max_size=6,
    )
)
def test_a_date_line_is_told_as_the_pattern_told_it(parts: list[str]) -> None:
    # "9 October 2020" alone on a line is the date of adoption, never a footnote "9 …"
    line = "".join(parts)
    assert text_reader._is_date_line(line) == bool(_DATE_LINE.match(line)), repr(line)


def test_date_lines_as_printed() -> None:
    for line, is_date in (
        ("9 October 2020", True),
        ("  16 December 2021  ", True),
        ("16\u00a0December\u00a02021", True),
        ("9 October 2020.", False),
        ("9 Oct 2020", False),
        ("123 October 2020", False),
        ("9 October 20201", False),
        ("9 October", False),
        ("9 of the Convention", False),
    ):
        assert text_reader._is_date_line(line) is is_date
        assert bool(_DATE_LINE.match(line)) is is_date
