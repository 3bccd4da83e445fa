"""Patterns compiled on first use, and the cheap tests that spare compiling them for most texts,
find exactly what the pattern alone finds: a paragraph labelled "PP3", "[OP5 bis:", "new OP",
"Alt 2", an "ANNEX" heading, an Arabic or Chinese number is read the same as before."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from diffing import structure
from diffing.lazy_pattern import LazyPattern

# the characters labels, annex headings and other languages' numbers are made of, and some that
# look like them (a long s, a Kelvin sign, full-width brackets)
_PIECES = st.sampled_from(
    [
        *("PP", "OP", "pp", "new", "NEW", "Alt", "alt", "ernative", "Annex", "ANNEX", "annex"),
        *("II", "[", "]", " ", "\t", "\u3000", "1", "5", " bis", ":", ".", "-", "(", ")", "（"),
        *("）", "a", "N", "Ｐ", "\u212a", "ſ", "\u3221", "١", "أ", " - ", "\u0628", "Recalling"),
    ]
)
_TEXTS = st.lists(_PIECES, max_size=6).map("".join)


def _plain(pattern: LazyPattern) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags)


@given(_TEXTS)
@example("PP3 Recalling")
@example(" [OP5 bis: Urges")
@example("new OP Decides")
@example("Alt 1 Invites")
@example("ALTERNATIVE 2 Invites")
def test_labels_read_as_the_pattern_reads_them(text: str) -> None:
    found = structure._label(text)
    expected = _plain(structure._LABEL).match(text)
    assert (found and found.span(), found and found.groupdict()) == (
        expected and expected.span(),
        expected and expected.groupdict(),
    )


@given(_TEXTS)
@example("ANNEX II")
@example("annex")
def test_annex_headings_read_as_the_pattern_reads_them(text: str) -> None:
    assert structure._is_annex(text) == bool(_plain(structure._ANNEX).match(text))


@given(_TEXTS)
def test_other_languages_numbers_read_as_the_pattern_reads_them(text: str) -> None:
    # _opens_with_foreign_lead asks the pattern only where a number can start
    if _plain(structure._FOREIGN_START).match(text):
        assert structure._opens_with_foreign_lead(text)


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    lazy = LazyPattern(r"(?P<word>[a-z]+)(\d)?", re.IGNORECASE)
    plain = re.compile(lazy.pattern, lazy.flags)
    text = "Urges 12 States3 and ALL4"
    assert lazy.match(text, 0) is not None
    assert lazy.match(text).group() == plain.match(text).group()  # type: ignore[union-attr]
    assert lazy.search(text, 6).span() == plain.search(text, 6).span()  # type: ignore[union-attr]
    assert lazy.fullmatch("abc") is not None and lazy.fullmatch("a b") is None
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert lazy.findall(text) == plain.findall(text)
    assert lazy.sub("x", text, count=2) == plain.sub("x", text, count=2)
