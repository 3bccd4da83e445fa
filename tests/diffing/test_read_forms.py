"""Faster forms of the read stage's rules hold to the forms they replaced (issue 12, item 9)."""

from __future__ import annotations

import re

from diffing import language as language_module
from diffing import structure

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
