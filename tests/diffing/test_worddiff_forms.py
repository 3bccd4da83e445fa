"""The word diff's quicker forms cut and match exactly as its general rules do.

`worddiff._cut` cuts most paragraphs that are not ASCII (a quotation mark, a dash, an accented
letter) with the plain pattern (`_cut_plain`), those holding a superscript, an invisible
character, a combining mark or a Chinese or Japanese character with the general one
(`_cut_any`). The tokens — and so a redline, a "changed" flag or a word count — must not depend
on which of them ran. A pattern rewritten so that it compiles cheaply (`lazy_pattern.one_of`)
finds what it found before.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from diffing import compare, worddiff

TEMPLATES = (
    # the character inside a word, alone, repeated, before and after blanks and newlines
    "x{0}y {0}{0} 9{0}\n{0}_ {0}",
    " {0}\t{0}x\u00a0\n {0}",
    "{0} \u00e9{0}\u201c{0}",
)


def test_every_character_is_cut_as_the_general_pattern_cuts_it() -> None:
    ascii_texts = plain = 0
    for code in range(0x10000):
        for template in TEMPLATES:
            text = template.format(chr(code))
            ascii_texts += text.isascii()
            plain += not text.isascii() and worddiff._is_plain(text)
            assert worddiff._cut(text) == worddiff._cut_any(text), (hex(code), template)
    # every way through `_cut` is exercised
    assert ascii_texts >= 128 and plain > 20_000


ALPHABET = (
    "aZ9_ \t\n\u00a0.,;*()\u2020\u2021-"  # ASCII, blanks, punctuation and footnote signs
    "\u00e9\u00df\u00b5\u00aa\u0410\u0436\u03b1\u0661\u0628"  # letters and digits beyond ASCII
    "\u201c\u201d\u2013\u2014\u00ab\u00bb\u00a7"  # quotation marks, dashes, signs
    "\u00b9\u00b2\u2074\u2071\u207a"  # superscripts
    "\u00ad\u200b\u2060\ufeff"  # invisible characters
    "\u0301\u064e\u20d7"  # combining marks
    "\u4e2d\u3042\u2003\u3000"  # Chinese, Japanese, wide spaces
)


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from(ALPHABET), max_size=40))
def test_generated_texts_are_cut_as_the_general_pattern_cuts_them(text: str) -> None:
    assert worddiff._cut(text) == worddiff._cut_any(text)


OLD_RULE = re.compile(r"[_\u2014\u2015\u2500\u2501]{3,}")
"""`compare._RULE` as it was written before `one_of`."""


def test_the_rule_line_pattern_finds_what_the_plain_class_found() -> None:
    for code in range(0x10000):
        character = chr(code)
        for text in (character * 3, f"x{character}{character}_\u2014 {character * 4}y"):
            assert compare._RULE.findall(text) == OLD_RULE.findall(text), hex(code)
            assert compare.without_rule_lines(text) == (
                " ".join(OLD_RULE.sub(" ", text).split()) if OLD_RULE.search(text) else text
            ), hex(code)
    assert compare.without_rule_lines("1 See A/80/1.\n_____ \u2014\u2014\u2014") == "1 See A/80/1."
