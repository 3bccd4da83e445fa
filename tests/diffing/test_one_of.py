"""Character classes written with `one_of` (so that sre compiles them without its map of 65,536
characters) match exactly what the plain classes matched: a footnote marker, a leading number,
an agenda item or a resolution number is read as before, in the sample documents and in any
text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diffing import structure, worddiff
from diffing.lazy_pattern import LATIN_LETTERS_ANY_CASE, one_of
from diffing.readers import text
from diffing.textnorm import CJK, COMBINING_MARKS

# the characters around the tables' edges: ASCII, Latin-1, superscripts, quotes, invisible
# characters, combining marks, a long s, a Kelvin sign, CJK and a character beyond the BMP
_ALPHABET = (
    "aAzZsSkKiIvXlc059 \t\n.,;:)]\"'(-/*$\\^{}_=\u2013\u2014"
    "\u00ad\u00b2\u00b3\u00b5\u00b9\u00c0\u00ff\u017f\u0131\u0130\u212a"
    "\u2070\u2071\u2074\u2079\u207a\u2018\u2019\u201c\u201d\u2020\u2021"
    "\u200b\u200d\u2060\ufeff\u0301\u0483\u064b\u06d6\u20d0\ufe20\u3040\u4e00\U00020000"
)
_EVERY_CHARACTER = [
    *range(0xD800),
    *range(0xE000, 0x10000),
    *(0x10000, 0x1FFFF, 0x20000, 0x2A6DF, 0x2FA1F, 0x2FA20, 0x10FFFF),
]
"""The Basic Multilingual Plane (but surrogates) and characters around CJK's edges beyond it."""
_TEXTS = st.text(st.sampled_from(_ALPHABET), max_size=30)

# (the pattern as the module compiles it, the source it had before `one_of`, its flags)
_REWRITTEN = [
    (
        text._INLINE,
        r"(?P<tex>\$(?=[^$\n]*[\\_^])[^$\n]{1,200}\$)"
        r"|(?P<link>\[(?P<linktext>[^\]\n]+)\]\((?P<url>[^)\s]*)\))"
        r"|(?P<bold>\*\*(?=\S)(?P<boldtext>.+?)(?<=\S)\*\*)"
        r"|(?P<italic>(?<![\w*])\*(?=[^\s*])(?P<italictext>[^*\n]+?)(?<=[^\s*])\*(?![\w*]))"
        r"|(?P<sup>\^\{(?P<supmark>[^}\n]{1,6})\})"
        r"|(?P<supdigits>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)"
        r"|(?P<star>(?<=\S)\\?(?:\*{1,3}|†|‡)(?=[\s,.;:)\]”\"']|$))"
        r"|(?P<escape>\\(?P<escaped>[!-/:-@\[-`{-~]))"
        r"|(?P<plain>(?:(?<=[^\W\d_])|(?<=[^\W\d_][.,;:”’)]))\d{1,3}(?=\s|$))",
        0,
    ),
    (
        text._FOOTNOTE_BODY,
        r"^\s*(?:\^\{(?P<sup>[^}\n]{1,6})\}|(?P<digits>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)|\\?(?P<star>\*{1,3}|†|‡)(?=\s))"
        r"\s*(?P<rest>\S.*)$",
        0,
    ),
    (text._GLUED_DIGITS, r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][.,;:”’)]))(\d{1,3})(?=\s|$)", 0),
    (
        worddiff._LEADING_NUMBER,
        r"[\s\u00ad\u200b\u200c\u200d\u2060\ufeff]*"
        r"(?:\(?(?:\d+|[a-z]{1,2}|[ivxlc]+)\)|\d+(?:\s+(?:bis|ter|quater))?\.)(?=\s)",
        re.IGNORECASE,
    ),
    (
        structure._AGENDA,
        r"\b(?P<item>(?:Provisional\s+)?agenda\s+items?\s+\d+(?:\s*\([a-z]{1,2}\))?"
        r"|Items?\s+\d+(?:\s*\([a-z]{1,2}\))?(?:\s+and\s+\d+(?:\s*\([a-z]{1,2}\))?)?"
        r"\s+of\s+the\s+(?:provisional\s+|preliminary\s+)?(?:list\s+of\s+items|agenda))",
        re.IGNORECASE,
    ),
    (
        structure._RESOLUTION,
        r"^Resolution\s+(?P<number>[A-Z0-9./-]*\d[A-Z0-9./-]*(?: \(\d{4}\))?)\.?$",
        re.IGNORECASE,
    ),
    (structure._WORD, r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", 0),
    (
        # the six kinds of page furniture, once six patterns asked in turn
        text._FURNITURE,
        r"^(?:[A-Z]{1,2}\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}$|^\*\d{6,}\*$"
        r"|^(?i:(?:♲\s*)?Please\s+recycle(?:\s*♲)?)$"
        r"|^(?i:(?:Page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?)$|^[-–]\s*\d{1,3}\s*[-–]$"
        r"|^[_\-–—=*]{5,}$",
        0,
    ),
]


def _found(pattern: re.Pattern[str], line: str) -> list[tuple[tuple[int, int], dict[str, str]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(line)]


def _assert_same(line: str) -> None:
    for pattern, before, flags in _REWRITTEN:
        assert _found(pattern, line) == _found(re.compile(before, flags), line), pattern.pattern


@pytest.mark.parametrize(
    ("table", "escapes"),
    [
        ("⁰¹²³⁴⁵⁶⁷⁸⁹", ""),
        (".,;:”’)", ""),
        (",.;:)]”\"'", r"\s"),
        ("\u00ad\u200b\u200c\u200d\u2060\ufeff", r"\s"),
        (LATIN_LETTERS_ANY_CASE, ""),
        (f"{LATIN_LETTERS_ANY_CASE}0-9./-", ""),
        (COMBINING_MARKS, ""),
        (CJK, ""),
        ("-ab", ""),
        ("ab-", ""),
    ],
)
def test_one_of_matches_every_character_its_class_matches(table: str, escapes: str) -> None:
    plain = re.compile("[" + escapes + table.replace("]", r"\]") + "]")
    for flags in (0, re.IGNORECASE):
        written = re.compile(one_of(table, escapes=escapes), flags)
        differ = [
            c
            for c in map(chr, _EVERY_CHARACTER)
            if bool(written.fullmatch(c)) != bool(plain.fullmatch(c))
        ]
        assert differ == [], (table, flags)


@pytest.mark.parametrize(
    ("written", "ignoring_case"),
    [(one_of(LATIN_LETTERS_ANY_CASE), "[a-z]"), (worddiff._ROMAN_ANY_CASE, "[ivxlc]")],
)
def test_a_table_any_case_matches_what_re_ignorecase_matches(
    written: str, ignoring_case: str
) -> None:
    # a class under re.IGNORECASE, written with one_of (which turns the flag off), must list the
    # case forms sre's Unicode case folding gives: "(ı)" is a sub-paragraph mark under re.I
    plain = re.compile(ignoring_case, re.IGNORECASE)
    table = re.compile(written, re.IGNORECASE)
    characters = map(chr, _EVERY_CHARACTER)
    differ = [c for c in characters if bool(table.fullmatch(c)) != bool(plain.fullmatch(c))]
    assert differ == []


def test_one_of_refuses_an_empty_table() -> None:
    with pytest.raises(ValueError, match="empty"):
        one_of("")


@given(_TEXTS)
def test_the_rewritten_patterns_find_what_they_found_before(line: str) -> None:
    _assert_same(line)


def test_the_rewritten_patterns_read_the_sample_documents_as_before() -> None:
    from tests.helpers.corpus import ALL

    lines = [line for path in ALL for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 500
    for line in lines:
        _assert_same(line)
