"""Patterns asked only after a cheap test of the text (so that most texts never compile them),
and patterns written in a cheaper form, read every text as before: a document symbol, a
sponsors line, a numbered title, a web address and a running header are found as they were."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from diffing import structure, textnorm
from diffing.lazy_pattern import LazyPattern
from diffing.readers import text

# what symbols, numbered titles, sponsors lines and web addresses are made of, and blanks that
# `str.split` and `\s` both know (a no-break space, an ideographic space, a file separator)
_PIECES = st.sampled_from(
    [
        *("United Nations", "E/CN.7/2022/L.4", "S/RES/2719", "A/", "CTOC", "/", ".", "-", "("),
        *(")", " (2023)", "2023", "55/12", "S-", "1", "١", "A", "e", "Z", "The right", ":"),
        *("*", "†", "‡", " ", "  ", "\t", "\n", "\xa0", "\u3000", "\x1c", "http://", "https://"),
        *("www.", "www", "x.org", "Mexico", " draft resolution", "\u212a", "ſ"),
    ]
)
_TEXTS = st.lists(_PIECES, max_size=8).map("".join)


def _plain(pattern: LazyPattern) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags)


def test_str_blanks_are_the_blanks_of_the_patterns() -> None:
    # the cheap tests strip and split with `str`; the patterns they stand for use `\s`
    blank = re.compile(r"\s")
    for code in range(0x10000):
        char = chr(code)
        assert char.isspace() == (blank.match(char) is not None), hex(code)


@given(_TEXTS)
@example("E/CN.7/2022/L.4")
@example("United Nations  S/RES/2719 (2023)")
@example("S/RES/2719 (2023)\n")
def test_symbol_lines_read_as_the_pattern_reads_them(line: str) -> None:
    assert structure._is_symbol(line) == (_plain(structure._SYMBOL).match(line) is not None)


@given(_TEXTS)
@example("*: Mexico†:")
@example("Albania, Mexico*\t: draft resolution")
def test_sponsors_lines_lose_the_same_marks(line: str) -> None:
    mark = re.compile(r"\s*[*†‡]+\s*(?=:)|(?<=:)[*†‡]+")
    assert textnorm.sponsors_line(line) == " ".join(mark.sub("", line).split())


@given(_TEXTS)
@example("E/CN.7/2022/L.4")
@example("55/12. The right")
@example(" www.x.org ")
def test_the_patterns_find_nothing_the_cheap_tests_turn_away(line: str) -> None:
    # a symbol in the masthead and a numbered title are looked for only in a text with a "/"
    symbol = _plain(structure._SYMBOL_IN_TEXT).search(line)
    if symbol or _plain(structure._NUMBERED_TITLE).match(line.strip()):
        assert "/" in line
    # a running header's symbol is one word
    if _plain(text._SYMBOL_LINE).match(line.strip()):
        assert len(line.split()) == 1
    # a hyperlink target starts with its address
    if _plain(text._BARE_URL).match(line):
        assert line.lstrip().startswith(("http://", "https://", "www."))
