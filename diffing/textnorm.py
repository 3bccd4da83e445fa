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
    CJK / is_cjk(char)             Chinese and Japanese characters: each one a word of its own
    COMBINING_MARKS                the combining marks that belong to the word they sit on
                                   (Arabic harakat, Cyrillic and Latin accents in NFD text)

Sources: the United Nations Editorial Manual (UN documents are not hyphenated automatically, so
a hyphen at a line end is usually a real compound) and the documents in ../shared/real-pdfs.
"""

from __future__ import annotations

import re

from diffing.lazy_pattern import LazyPattern

_CHARS = tuple(
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
    }.items()
)
"""(character, plain text). No plain text holds a character of the table, so replacing one
character after another gives what one `str.translate` pass would: `in` and `replace` search in
C, where `translate` looks every character of the text up in a dict (2 ms for a 20-page text
that holds none of them)."""


def normalise_chars(text: str) -> str:
    """`text` with typesetting variants of characters read as the plain character (see the
    module doc); the length may shrink (soft hyphens) or grow (ligatures)."""
    for char, plain in _CHARS:
        if char in text:
            text = text.replace(char, plain)
    return text


_SPONSOR_MARK = LazyPattern(r"\s*[*†‡]+\s*(?=:)|(?<=:)[*†‡]+")
"""A footnote mark beside a colon; asked only of a text with a colon and a mark (most masthead
lines have neither or only one, and then the pattern is never compiled)."""


def sponsors_line(text: str) -> str:
    """The sponsors line as printed, less the footnote mark on the last sponsor's colon."""
    if ":" in text and ("*" in text or "†" in text or "‡" in text):
        text = _SPONSOR_MARK.sub("", text)
    return " ".join(text.split())


# --- scripts ----------------------------------------------------------------------------------

CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\U00020000-\U0002fa1f"  # extensions B-F, compatibility supplement
)
"""Chinese and Japanese characters, for a regular-expression character class. Chinese and
Japanese print no spaces between words: each character is a token of its own (a word diff then
marks 决定继续{+积极+}处理此案, the two characters inserted, as one run). No segmenter dictionary:
the common one, jieba, is unmaintained since 2020 and ships a 5 MB dictionary for a gain a
character diff already gives (an inserted word is a run of inserted characters)."""
_CJK_RANGES = tuple((CJK[i], CJK[i + 2]) for i in range(0, len(CJK), 3))
"""`CJK` as (lowest, highest) pairs: a comparison tells one character, where the pattern of
these ranges cost 3 ms to compile at every start."""

COMBINING_MARKS = (
    "\u0300-\u036f"  # combining diacritics (Latin and Cyrillic text in decomposed form)
    "\u0483-\u0489"  # Cyrillic
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u08d3-\u08ff"  # Arabic harakat, shadda, sukun, Quranic marks
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
"""Combining marks (Unicode category Mn) a word keeps: Python's `\\w` does not match them, so
without them "مُحَمَّد" would fall apart at each vowel sign. For a character class."""


def is_cjk(char: str) -> bool:
    """True for a Chinese or Japanese character (see `CJK`)."""
    first = char[:1]
    return any(low <= first <= high for low, high in _CJK_RANGES)


# --- line breaks ------------------------------------------------------------------------------

SUSPENDED_NEXT = frozenset({"and", "or", "nor", "to", "as", "but"})
"""Words after a suspended hyphen: "gender- and age-sensitive", "short- to medium-term"."""
FRAGMENTS = frozenset(
    (
        *("tion", "tions", "tional", "tionally", "ional", "sion", "sions", "ment", "ments"),
        *("tive", "tives", "ness", "ity", "ities", "ance", "ances", "ence", "ences", "ency"),
        *("ancy", "ing", "ings", "ous", "ive", "ives", "ally", "ically", "ical", "ated"),
        *("ation", "ations", "ization", "izations", "isation", "isations", "ible", "ibly"),
        *("ably", "ure", "ures", "ism", "isms", "ist", "ists", "ize", "izes", "ized", "ise"),
        *("ised", "ly", "er", "ers", "ed", "es"),
    )
)
"""Word endings that are never words of their own: "resolu-" + "tions" is a word cut in two."""
SUFFIXES = (
    *("tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ance"),
    *("ances", "ence", "ences", "ally", "ible", "ibly", "able", "ably", "ical", "ional"),
    *("ized", "ised", "izing", "ising", "ously"),
)
"""Endings of the second half of a word broken by hyphenation ("interna-" + "tional",
"imple-" + "mentation")."""
PREFIXES = frozenset(
    (
        *("anti", "co", "counter", "cross", "cyber", "ex", "extra", "high", "inter", "intra"),
        *("long", "low", "macro", "micro", "mid", "multi", "non", "para", "post", "pre", "quasi"),
        *("re", "self", "semi", "short", "socio", "sub", "super", "supra", "trans", "ultra"),
        *("un", "well"),
    )
)
"""Prefixes that make real hyphenated compounds ("self-determination", "co-sponsorship")."""
COMPOUND_WORDS = frozenset(
    (
        *("age", "based", "being", "bound", "building", "capacity", "child", "climate", "cost"),
        *("country", "decision", "driven", "effective", "effectiveness", "evidence", "fish"),
        *("follow", "gender", "human", "income", "informed", "land", "led", "level", "locked"),
        *("making", "medium", "oriented", "owned", "peace", "keeping", "policy", "private"),
        *("public", "related", "responsive", "results", "rights", "risk", "scale", "science"),
        *("sector", "security", "sensitive", "small", "specific", "stakeholder", "state"),
        *("term", "time", "up", "wide", "year"),
    )
)
"""Words that make the real compounds of resolutions ("cost-effectiveness", "decision-making",
"evidence-based", "cyber-security", "gender-sensitive"): the document's own words say the same
when they occur in it; these cover a short text."""

_LETTERS = LazyPattern(r"[^\W\d_]+")
_TOKEN = LazyPattern(r"[^\W\d_]+(?:-[^\W\d_]+)*")
"""Words and hyphenated compounds, for `vocabulary`: needed only by a text with a line that
ends in a hyphen (compiled on first use)."""
_BROKEN_END = re.compile(r"([^\W\d_]+)-$")
_NOT_IN_WORDS = ".,;:!?()[]\"'“”‘’*"
"""Characters around words that `_TOKEN` never takes (no letter, digit, "_" nor "-")."""
_URL_END = LazyPattern(r"(?:https?://|www\.)\S*[/_.]$")
"""A web address broken at a line end after "/", "_" or "." (addresses have no spaces)."""


def vocabulary(text: str) -> frozenset[str]:
    """The words of `text` in lower case, each hyphenated compound whole and in its parts, for
    `line_break` to tell "pres-" + "ent" (the text writes "present" elsewhere) from "sea-" +
    "level". The word broken at a line's end and its second half on the next line are not
    words of the text."""
    kept: list[str] = []
    broken = False
    for line in text.splitlines():
        tokens = line.split()
        if broken and tokens:
            tokens = tokens[1:]
        broken = (
            bool(tokens) and tokens[-1].endswith("-") and _BROKEN_END.search(tokens[-1]) is not None
        )
        if broken:
            tokens = tokens[:-1]
        kept += tokens
    # A token of letters only between stops and brackets ("resolution,", "(2023)") is one word
    # (`str.isalpha` in C is quicker than the pattern's Unicode classes); the others are searched
    # at once: tokens hold no spaces, so no word found in the joined tokens spans two of them.
    found: set[str] = set()
    others: list[str] = []
    for token in set(kept):
        core = token.strip(_NOT_IN_WORDS)
        if core.isalpha():
            found.add(core)
        else:
            others.append(token)
    found.update(_TOKEN.findall(" ".join(others)))
    words = {token.casefold() for token in found}
    for word in [word for word in words if "-" in word]:
        words.update(word.split("-"))
    return frozenset(words)


def line_break(before: str, after: str, words: frozenset[str] = frozenset()) -> tuple[int, str]:
    """How a line ending with `before` joins the next one starting with `after`: (characters to
    drop from the end of `before`, text to put between). One rule for every reader:

    - a web address broken after "/", "_" or ".": no space;
    - no hyphen at the end: one space;
    - a suspended hyphen ("gender-" + "and age-"): the hyphen stays, with its space;
    - a capital or digit after the hyphen ("COVID-" + "19", "Inter-" + "American"): it stays;
    - the compound written whole elsewhere in the text (`words`, see `vocabulary`): it stays;
    - a prefix of three letters or more that makes compounds ("self-", "sub-", "cyber-"): it
      stays, whatever the text writes elsewhere ("sub-regional" and "subregional" both occur);
    - the word written joined elsewhere: the hyphen goes ("pres-" + "ent", "co-" + "operation"
      where the text writes "cooperation"); a shorter prefix ("co-", "re-"): it stays;
    - an ending that is no word ("resolu-" + "tions"): it goes;
    - an ending of broken words ("-mentation", "-tional") after a first half that is no word
      of the text nor of a common compound ("imple-"): it goes;
    - otherwise it stays: UN documents are not hyphenated automatically, so a hyphen at a line
      end is far more often a real compound ("cost-" + "effectiveness")."""
    left = before.rstrip()[-100:]  # a paragraph may be long: only its end matters
    right = after.lstrip()
    # (the cheap test first: the search tries every position of a line that holds no address)
    if ("http" in left or "www." in left) and _URL_END.search(left) and right[:1].isalnum():
        return 0, ""  # "www.un.org/depts/los/convention_" + "agreements/…": one address
    head_match = _BROKEN_END.search(left)
    if head_match is None:
        return 0, " " if left and right else ""
    first = re.match(r"[^\W_]+", right)
    if first is None:
        return 0, " "
    word = first.group()
    if word.casefold() in SUSPENDED_NEXT:
        return 0, " "
    if not word[0].islower():
        return 0, ""
    tail_match = _LETTERS.match(word)
    if tail_match is None:
        return 0, ""
    head = head_match.group(1).casefold()
    tail = tail_match.group().casefold()
    if f"{head}-{tail}" in words:
        return 0, ""
    if head in PREFIXES and len(head) >= 3:
        return 0, ""  # "sub-" + "regional", "well-" + "being": the drafter may write either
    if head + tail in words:
        return 1, ""
    if head in PREFIXES:
        return 0, ""
    if tail in FRAGMENTS:
        return 1, ""
    known = words | COMPOUND_WORDS
    if tail.endswith(SUFFIXES) and head not in known and tail not in known and len(head) >= 3:
        return 1, ""
    return 0, ""


def join_lines(before: str, after: str, words: frozenset[str] = frozenset()) -> str:
    """`before` and `after` joined at a line break by `line_break`'s rule."""
    left = before.rstrip()
    right = after.lstrip()
    if not left:
        return right
    if not right:
        return left
    drop, between = line_break(left, right, words)
    return left[: len(left) - drop] + between + right
