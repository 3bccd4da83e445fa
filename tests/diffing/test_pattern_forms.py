"""Patterns asked only after a cheap test of the text (so that most texts never compile them),
and patterns written in a cheaper form, read every text as before: a document symbol, a numbered
title, a web address, a running header and page furniture are found as they were."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from diffing import structure
from diffing.lazy_pattern import LazyPattern
from diffing.readers import text
from diffing.textnorm import sponsors_line

# what symbols, numbered titles and web addresses are made of, and blanks that
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


@given(
    st.lists(st.sampled_from(["(", ")", "a", "iv", "x", "ſ", " ", "\u3000", "\n", "."]), max_size=7)
)
@example(["(", "a", ")", " "])
@example([" ", "(", "iv", ")"])
def test_sub_paragraph_numbers_read_as_the_pattern_reads_them(pieces: list[str]) -> None:
    line = "".join(pieces)
    found = structure._sub_number(line)
    expected = _plain(structure._SUB_NUMBER).match(line)
    assert (found and (found.span(), found.groupdict())) == (
        expected and (expected.span(), expected.groupdict())
    )


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


# a line of each kind of page furniture, with every optional part
_FURNITURE_LINES = [
    "A.12-34567 (B) 123456 123456",
    "*1234567*",
    "♲ Please recycle ♲",
    "Page 3 of 12",
    "page 3 / 12",
    "PAGE 7",
    "Please recycle",
    "A.12-34567 (B)",
    "– 3 –",
    "=====",
]


def test_furniture_ends_and_letters_are_the_pattern_s() -> None:
    # `_is_furniture` turns away a line that ends otherwise than furniture ends, or holds a
    # lowercase letter outside its table: no such character, at the end of any kind of
    # furniture (for the first) or in any place (for the second), gives a line the pattern takes
    furniture = _plain(text._FURNITURE)
    characters = [chr(code) for code in range(0x10000)]
    other_ends = [
        c
        for c in characters
        if not (c.isdecimal() or c in text._FURNITURE_END or c.isspace())  # blanks are stripped
    ]
    other_lowercase = [c for c in characters if c.islower() and c not in text._FURNITURE_LOWERCASE]
    for line in _FURNITURE_LINES:
        assert furniture.match(line)
        for place in range(len(line)):
            tried = other_ends if place == len(line) - 1 else other_lowercase
            taken = [
                c for c in tried if furniture.match((line[:place] + c + line[place + 1 :]).strip())
            ]
            assert taken == [], (line, place)


_FURNITURE_PIECES = st.sampled_from(
    [
        *_FURNITURE_LINES,
        *("Please", "PLEASE", "ſ", "recycle", "Page", "of", "/", " ", "\n", "1", "12", "123456"),
        *("-", "–", "*", "(", "B", ".", "Urges", "a", "o", "\u212a"),
    ]
)


@given(st.lists(_FURNITURE_PIECES, max_size=6).map("".join))
@example("  PAGE 3 OF 12\n")
@example("♲ Pleaſe recycle")
def test_furniture_reads_as_the_pattern_reads_it(line: str) -> None:
    assert text._is_furniture(line) == bool(_plain(text._FURNITURE).match(line.strip()))


def test_draft_and_tted_match_only_their_ascii_cases() -> None:
    # `_is_sponsors_line` asks `_SPONSORS` only of a line whose `str.lower` holds "draft" or
    # "tted": under re.IGNORECASE these letters match no character but their two ASCII cases,
    # and lowering no other character gives one of them
    letters = re.compile(r"[draftte]", re.IGNORECASE)
    for code in range(0x10000):
        char = chr(code)
        if char not in "draftteDRAFTTE":
            assert letters.match(char) is None, hex(code)
            assert not set(char.lower()) & set("draftte"), hex(code)


_SPONSORS_PIECES = st.sampled_from(
    [
        *("Mexico", ":", " ", "\n", "revised ", "draft", "DRAFT", " resolution", " decision"),
        *("submitted", "SUBMİTTED", "ſubmıtted", " by", " the", "*", "†", "‡", "a ", "drafted"),
    ]
)


@given(st.lists(_SPONSORS_PIECES, max_size=8).map("".join))
@example("Draft resolution submitted by the Chair")
@example("Text ſubmıtted by Mexico")
def test_sponsors_lines_read_as_the_pattern_reads_them(line: str) -> None:
    names_draft = re.compile(
        r"(?:\b(?:revised\s+)?draft\s+(?:resolution|decision)\b|\bsubmitted\s+by\b)", re.I
    )
    plain = sponsors_line(line)
    expected = bool(structure._SPONSORS_END.search(plain)) or (
        names_draft.search(plain) is not None and len(plain.split()) <= 40
    )
    assert structure._is_sponsors_line(line) == expected


@given(st.lists(_SPONSORS_PIECES, max_size=8).map("".join))
@example("Albania, Mexico*\t: draft resolution")
@example("Mexico:† draft resolution")
@example("Mexico ‡: draft resolution")
def test_sponsors_lines_lose_the_same_marks(line: str) -> None:
    mark = re.compile(r"\s*[*†‡]+\s*(?=:)|(?<=:)[*†‡]+")
    assert sponsors_line(line) == " ".join(mark.sub("", line).split())
