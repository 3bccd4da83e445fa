"""Core layer: word-level diff of two texts, with diff-match-patch in word mode.

The texts are cut into tokens — words, single punctuation characters, footnote markers, runs of
blanks, and paragraph separators — and each distinct token *key* is mapped to one character, the
way diff-match-patch's line mode maps lines. The character strings are diffed with
`Diff_Timeout = 0` (deterministic) and cleaned up semantically, then mapped back to text. A
change therefore never starts or ends inside a word.

Invariant (holds for every input and every option): joining the EQUAL and DELETE parts of the
result gives the old text exactly, and EQUAL and INSERT the new text. Exporters rely on it to make
Accept All / Reject All exact.

How the ignore options work (`DiffOptions`):
    Tokens are *matched* on a normalised key: case-folded with `ignore_case`; every run of blanks
    is one key with `ignore_whitespace`. Two tokens matched as equal whose literal texts still
    differ ("States" / "states") are emitted as a DELETE of the old spelling followed by an INSERT
    of the new one — the only way to keep the invariant — so a renderer can still show them.
    Such *ignored differences* do not count: `DiffStats.changed`, the similarity, the entry's
    relation and the word counts of the summary disregard them. The same holds for differences
    that consist only of punctuation (`ignore_punctuation`), blanks (`ignore_whitespace`),
    footnote markers left in the text such as "¹" or "*" (`ignore_footnotes`), and a list number
    printed at the start of the text such as "5." or "(a)" (`ignore_numbering`). Paragraph
    numbers held outside the text (`Paragraph.number`) are never part of the diff.
    `is_ignored(deleted, inserted, options)` tells a renderer whether a DELETE/INSERT pair is
    such an ignored difference, so it can show it muted or not at all.

Character equivalence, always on (`fold`, `EQUIVALENT_CHARACTERS`, `REMOVED_CHARACTERS`; quotes
by `ignore_quote_style`): keys are built from the folded text, so "non-governmental" with a
non-breaking hyphen, a no-break space or a soft hyphen matches the plain spelling and the pair is
an ignored difference like the ones above. Blanks next to a footnote marker (left in the text,
or taken out by the reader at an offset the caller passes) are no change either.

The engine (`ENGINE`): the C++ port of diff-match-patch (`fast_diff_match_patch`, the same
algorithm: with no time limit and no line mode both give the same diff, which
tests/diffing/test_worddiff_engines.py checks on the corpus and on generated texts); the
pure-Python `diff_match_patch` where it is not installed (it is built for Python < 3.13).
"""

import bisect
import functools
import itertools
import operator
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from diffing.lazy_pattern import LATIN_LETTERS_ANY_CASE, one_of, table_characters
from diffing.model import DELETE, EQUAL, INSERT, DiffOp, DiffOptions
from diffing.module_logger import get_logger
from diffing.textnorm import CJK, COMBINING_MARKS

if TYPE_CHECKING:
    from diff_match_patch import diff_match_patch

logger = get_logger(__name__)

try:
    import fast_diff_match_patch as _fast
except ImportError:  # not built for this Python (pyproject: python_version < '3.13')
    _fast = None
else:
    # 2.1 passes each character as a 32-bit code point (UCS-4) on every platform, so the codes
    # of `_encode`, which may pass U+FFFF, arrive whole; an older build on 16-bit wchar_t would
    # cut them into surrogate pairs and count lengths in halves.
    if _fast.CHAR_WIDTH < 4:
        _fast = None

ENGINE = "fast_diff_match_patch" if _fast is not None else "diff_match_patch"
"""Which diff-match-patch computes the diffs: the C++ port, or the pure-Python one."""
if _fast is None:
    logger.debug("fast_diff_match_patch is not available: the word diff uses diff_match_patch")

# --- character equivalence -------------------------------------------------------------------

REMOVED_CHARACTERS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Invisible characters that are no part of a word for comparison: soft hyphen (U+00AD),
zero-width space, non-joiner and joiner (U+200B-U+200D), word joiner (U+2060) and the byte order
mark / zero-width no-break space (U+FEFF). Word processors and PDF producers insert them for line
breaking; a reader never sees them."""

EQUIVALENT_CHARACTERS: Mapping[str, str] = {
    # Hyphens that look like "-": the hyphen (U+2010) and the non-breaking hyphen (U+2011) that
    # adopted UN texts print in "non-governmental" where drafts have "-"; the small and
    # full-width hyphen-minus come in through NFKC below.
    "\u2010": "-",
    "\u2011": "-",
    # Spaces: no-break (U+00A0), figure (U+2007), narrow no-break (U+202F, French typography),
    # thin and hair spaces, the en/em spaces: each is one blank, like " ".
    "\u00a0": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2007": " ",
    "\u2008": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
}
"""What each look-alike character reads as *for comparison*. Texts are never rewritten: each
version keeps its own characters for display and export, and a difference made only of these
characters is an ignored difference (`is_ignored`), so the paragraph reads unchanged.
Also folded: compatibility forms within words (NFKC: the ligatures "fi", "fl" of PDF text,
full-width letters and digits)."""

QUOTE_CHARACTERS: Mapping[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
}
"""Curly quotes and apostrophes against straight ones. The decision: by default they are the
same (`DiffOptions.ignore_quote_style=True`): the UN's editors set every draft's typewriter
quotes as typographic ones when a text is issued, and "Member States'" and "Member States’" are
one word to a negotiator. A drafter checking typography turns the option off."""

_FOLD = str.maketrans({**EQUIVALENT_CHARACTERS, **dict.fromkeys(REMOVED_CHARACTERS, "")})
_FOLD_QUOTES = str.maketrans(
    {**EQUIVALENT_CHARACTERS, **QUOTE_CHARACTERS, **dict.fromkeys(REMOVED_CHARACTERS, "")}
)


def fold(text: str, *, quotes: bool = True) -> str:
    """`text` as it is compared: look-alike characters replaced, invisible ones removed (see
    `EQUIVALENT_CHARACTERS`, `REMOVED_CHARACTERS`; `QUOTE_CHARACTERS` when `quotes`), and
    compatibility forms (ligatures, full-width forms) in their plain form. Superscript digits are
    kept: they are footnote markers, not digits."""
    if text.isascii():
        return text
    folded = text.translate(_FOLD_QUOTES if quotes else _FOLD)
    if folded.isascii():
        return folded
    return "".join(
        character
        if character.isascii() or character in _SUPERSCRIPTS
        else unicodedata.normalize("NFKC", character)
        for character in folded
    )


_MARKS = "\u00b9\u00b2\u00b3\u2070-\u2079\u207a-\u207e"
_SUPERSCRIPTS = frozenset("\u00b9\u00b2\u00b3" + "".join(chr(c) for c in range(0x2070, 0x207F)))
_ZW = REMOVED_CHARACTERS
# Invisible characters inside a word belong to it ("inter\u00adnational" is one word); elsewhere
# they count as blanks, which they resemble for comparison: nothing.
# A Chinese or Japanese character is a word of its own (textnorm.CJK: those scripts print no
# spaces between words); combining marks belong to the letter they sit on (Arabic harakat,
# decomposed accents: textnorm.COMBINING_MARKS), where `\w` alone would cut the word at each.


def _word_pattern(cjk: str) -> str:
    """A word: letters (combining marks included) joined by invisible characters, or one of the
    `cjk` characters (a character class's inside; "" for none)."""
    letter = rf"[^\W{_MARKS}{cjk}]"
    # A letter, then letters, combining marks, and invisible characters followed by a letter:
    # "(?:letter mark*)+(?:invisible+(?:letter mark*)+)*" written with runs of one class,
    # which sre matches in C, where a group repeated for every letter is a loop of its own.
    word = rf"{letter}+(?:[{COMBINING_MARKS}]+{letter}*|[{_ZW}]+{letter}+)*"
    return rf"[{cjk}]|{word}" if cjk else word


_WORD_PATTERN = _word_pattern(CJK)
_BLANKS = rf"(?:[^\S\n]|[{_ZW}])"
_BLANKS_RUN = rf"[^\S\n]*(?:[{_ZW}]+[^\S\n]*)*"
"""`_BLANKS*`, with the usual blanks in one run (sre loops slowly over a group)."""
_TOKEN_PATTERN = rf"[{_MARKS}]+|{_WORD_PATTERN}|\n|{_BLANKS}+|[^\w\s{_ZW}]"

_FIRST_CJK = min(CJK[::3])
"""The lowest character of `textnorm.CJK` (ranges "a-b", three characters each)."""


class CjkAware:
    """A pattern built with the Chinese and Japanese characters of `textnorm.CJK` in its
    character classes, and the same pattern without them for a text that holds none (every
    character below `_FIRST_CJK`, told by `max` in C). The ranges make up most of what
    compiling it costs (sre walks every character of them); each pattern is compiled only
    when a text needs it. `build(cjk)` gives the pattern's source for a class inside `cjk`."""

    def __init__(self, build: Callable[[str], str], flags: int = 0) -> None:
        self._build = build
        self._flags = flags
        # Both compiled on first use: a run of `redline compare` may need neither.
        self._plain: re.Pattern[str] | None = None
        self._full: re.Pattern[str] | None = None

    def __call__(self, text: str) -> re.Pattern[str]:
        """The pattern to use on `text`: both find the same in it."""
        if text.isascii() or max(text) < _FIRST_CJK:
            if self._plain is None:
                self._plain = re.compile(self._build(""), self._flags)
            return self._plain
        if self._full is None:
            self._full = re.compile(self._build(CJK), self._flags)
        return self._full


# For matching, each word, punctuation character or marker carries the blanks that follow it:
# half as many tokens for diff-match-patch to align, and blanks never align on their own.
_COARSE = CjkAware(
    lambda cjk: (
        rf"(?:([{_MARKS}]+)|({_word_pattern(cjk)})|(\n)|([^\w\s{_ZW}]))({_BLANKS_RUN})"
        rf"|({_BLANKS}+)"
    )
)
"""Groups: 1 superscript marker, 2 word, 3 newline, 4 punctuation character (or a marker such as
"*"), 5 the blanks after it; 6 blanks at the start."""
_MARK_SIGNS = frozenset("*\u2020\u2021")
_PLAIN_COARSE = re.compile(r"(\w+|\n|[^\w\s]|(?=[^\S\n]))([^\S\n]*)")
"""`_COARSE` where the text holds no superscript, invisible character, combining mark nor
Chinese or Japanese character (`_is_plain`; every ASCII text): groups 1 the core ("" for the
blanks at the start, the only place where a blank is not taken by the token before), 2 the
blanks after it; two groups, not `_COARSE`'s six, so that the tokens come out with less work."""


_SPECIAL = table_characters(_MARKS + _ZW + COMBINING_MARKS)
"""The characters `_COARSE` treats otherwise than `_PLAIN_COARSE` does, but Chinese and Japanese
ones (all at `_FIRST_CJK` or above)."""


def _is_plain(text: str) -> bool:
    """Whether `_PLAIN_COARSE` finds in `text` what `_COARSE` finds (test_worddiff_forms.py)."""
    # Most paragraphs that are not ASCII owe it to a quotation mark, a dash or an accented
    # letter: the plain pattern cuts them without compiling `_COARSE` (~1 ms at every start of
    # `redline compare`, for its classes of characters beyond U+00FF), and the two checks on
    # the few distinct characters cost about what matching `_COARSE` costs over the plain one.
    characters = set(text)
    return characters.isdisjoint(_SPECIAL) and max(characters, default="") < _FIRST_CJK


# Invisible characters before the number are blanks like any other ("\u200b 5. Urges").
_BLANK_OR_INVISIBLE = one_of(_ZW, escapes=r"\s")
_ROMAN_ANY_CASE = one_of("CILVXcilvx\u0130\u0131")
"""What "[ivxlc]" matches under re.IGNORECASE (with the dotted and dotless I)."""
_LEADING_NUMBER = re.compile(
    rf"{_BLANK_OR_INVISIBLE}*"
    rf"(?:\(?(?:\d+|{one_of(LATIN_LETTERS_ANY_CASE)}{{1,2}}|{_ROMAN_ANY_CASE}+)\)"
    r"|\d+(?:\s+(?:bis|ter|quater))?\.)(?=\s)",
    re.IGNORECASE,
)

_WORD, _SPACE, _PUNCT, _MARK, _NEWLINE = range(5)
_ASCII_KINDS = {
    "": _SPACE,
    "\n": _NEWLINE,
    **{
        character: _MARK if character in _MARK_SIGNS else _PUNCT
        for character in map(chr, range(128))
        if not (character.isalnum() or character == "_" or character.isspace())
    },
}
"""The kind of each core `_PLAIN_COARSE` finds in an ASCII text but a word: "" (leading blanks),
the newline, and each punctuation character ("*" a footnote marker)."""


def tokenize(text: str) -> list[str]:
    """Words, punctuation characters, footnote markers, blank runs and newlines, in order."""
    # compiled on first use (re caches it): the diff itself needs only `_COARSE`
    return re.findall(_TOKEN_PATTERN, text)


class _Tokens:
    """A text cut into tokens, each a core and the blanks that follow it (`_analyse`)."""

    __slots__ = ("blanks", "cores", "keys", "normal", "offsets", "words")

    def __init__(
        self,
        cores: list[str],
        blanks: list[str],
        offsets: list[int],
        keys: list[str],
        normal: list[str],
        words: list[int],
    ) -> None:
        self.cores = cores
        """The word, punctuation character, marker or newline of each token ("" for leading
        blanks)."""
        self.blanks = blanks
        """The blanks that follow it."""
        self.offsets = offsets
        """offsets[k]: where token k starts in the text, and offsets[-1] the text's length."""
        self.keys = keys
        """What is matched: the core normalised under the options, and any unusual blanks."""
        self.normal = normal
        """The significant parts in order: what two texts must share to count as unchanged."""
        self.words = words
        """words[k]: significant words among the first k tokens."""


def _offsets(cores: list[str], blanks: list[str]) -> list[int]:
    """offsets[k]: where token k starts in its text, and offsets[-1] the text's length (the
    tokens cover the text end to end)."""
    lengths = map(operator.add, map(len, cores), map(len, blanks))
    return list(itertools.accumulate(lengths, initial=0))


def _touching(marks: Collection[int], cores: list[str], offsets: list[int]) -> set[int]:
    """The tokens whose blanks touch one of `marks` (offsets in the text): those that hold it
    in their blanks or end where it stands."""
    found = set()
    for at in marks:
        # The token that holds `at`, and the one before when `at` is where a token starts
        # (tokens are never empty, so offsets increase).
        after = bisect.bisect_right(offsets, at) - 1
        for index in (after - 1, after) if offsets[after] == at else (after,):
            if 0 <= index < len(cores) and offsets[index] + len(cores[index]) <= at:
                found.add(index)
    return found


def _blank_key(blank: str) -> str:
    """A run of blanks as compared: each look-alike space one space, invisible ones nothing."""
    return blank.translate(_FOLD)


_USUAL_BLANKS = frozenset(("", " "))


Cut = tuple[list[str], list[str], list[int]]


def _cut(text: str) -> Cut:
    """One pass of the pattern over `text`: each token's core, the blanks after it, and its
    kind (`_WORD`, `_SPACE` ...)."""
    # Most paragraphs are ASCII: a pattern of two groups, with the kinds looked up in C, takes
    # about half the instructions of `_COARSE`'s six groups; most others hold none of the
    # characters that need `_COARSE` (test_worddiff_usual.py and test_worddiff_forms.py hold
    # the patterns to the same tokens).
    if text.isascii():
        return _cut_ascii(text)
    return _cut_plain(text) if _is_plain(text) else _cut_any(text)


def _cut_ascii(text: str) -> Cut:
    """`_cut` of an ASCII text."""
    groups = _PLAIN_COARSE.findall(text)
    if not groups:
        return [], [], []
    cores, blanks = map(list, zip(*groups, strict=True))
    return cores, blanks, list(map(_ASCII_KINDS.get, cores, itertools.repeat(_WORD)))


_PLAIN_KINDS = {"": _SPACE, "\n": _NEWLINE, **dict.fromkeys(_MARK_SIGNS, _MARK)}
"""The kind of each core `_PLAIN_COARSE` finds but a word and a punctuation character."""


def _cut_plain(text: str) -> Cut:
    """`_cut` of a text that is not empty and for which `_is_plain`."""
    cores, blanks = map(list, zip(*_PLAIN_COARSE.findall(text), strict=True))
    # A word starts with a character `\w` matches (str.isalnum, or "_"); any other core but a
    # newline or the leading blanks is one punctuation character.
    kinds = [
        _WORD if core[:1].isalnum() or core[:1] == "_" else _PLAIN_KINDS.get(core, _PUNCT)
        for core in cores
    ]
    return cores, blanks, kinds


def _cut_any(text: str) -> Cut:
    """`_cut` of any text."""
    groups = _COARSE(text).findall(text)
    cores = [mark or word or newline or punct for mark, word, newline, punct, _, _ in groups]
    blanks = [blank or lead for _, _, _, _, blank, lead in groups]
    kinds = [
        _WORD
        if word
        else _SPACE
        if lead
        else _MARK
        if mark
        else _NEWLINE
        if newline
        else _MARK
        if punct in _MARK_SIGNS
        else _PUNCT
        for mark, word, newline, punct, _, lead in groups
    ]
    return cores, blanks, kinds


def _analyse(text: str, options: DiffOptions, marks: Collection[int] = ()) -> _Tokens:
    """`marks`: offsets in `text` where a footnote marker stood before the reader took it out;
    blanks touching them, like blanks touching a marker left in the text, are no change."""
    numbered_until = -1
    if options.ignore_numbering:
        match = _LEADING_NUMBER.match(text)
        if match:
            numbered_until = match.end()
    ignore_whitespace = options.ignore_whitespace
    marks_kept = not (options.ignore_footnotes or options.ignore_punctuation)
    cores, blanks, kinds = _cut(text)
    count = len(kinds)
    offsets = _offsets(cores, blanks)
    if text.isascii():
        folded = cores
    else:
        quotes = options.ignore_quote_style
        folded = [core if core.isascii() else fold(core, quotes=quotes) for core in cores]
    if options.ignore_case:
        folded = [key.casefold() for key in folded]
    dropped = {_SPACE}
    if options.ignore_punctuation:
        dropped.add(_PUNCT)
    if not marks_kept:
        dropped.add(_MARK)
    significant = [kind not in dropped for kind in kinds]
    if numbered_until > 0:
        for index in range(count):
            if offsets[index] >= numbered_until:
                break
            significant[index] = False
    words = list(
        itertools.accumulate(
            map(operator.and_, map(operator.eq, kinds, itertools.repeat(_WORD)), significant),
            initial=0,
        )
    )
    if ignore_whitespace:
        # Blanks are neither matched nor compared.
        keys = [key + "\x00" for key in folded]
        normal = list(itertools.compress(folded, significant))
        return _Tokens(cores, blanks, offsets, keys, normal, words)
    # A blank touching a footnote marker is no change: next to a marker left in the text
    # (`beside`, True) it is not compared at all (unless markers are ignored: then the blanks on
    # both sides of the marker are one separation); where a reader took a marker out (False),
    # it is compared as the usual separation between two words and not at all elsewhere.
    loose: dict[int, bool] = {}
    if marks_kept and _MARK in kinds:
        for index, kind in enumerate(kinds):
            if kind == _MARK:
                loose[index] = True
                if index:
                    loose[index - 1] = True
    if marks:
        for index in _touching(marks, cores, offsets):
            if blanks[index]:
                loose.setdefault(index, False)
    compared = _usual_compared(folded, blanks, kinds, significant, loose)
    if compared is None:
        compared = _compared(folded, blanks, kinds, significant, loose)
    return _Tokens(cores, blanks, offsets, *compared, words)


def _compared(
    folded: list[str],
    blanks: list[str],
    kinds: list[int],
    significant: list[bool],
    loose: Mapping[int, bool],
) -> tuple[list[str], list[str]]:
    """The tokens' keys and the text's normal parts (`_Tokens`), blanks not ignored. `folded`:
    each token's core as compared; `loose`: the tokens whose blanks touch a footnote marker,
    True where the marker is left in the text (see `_analyse`)."""
    keys = []
    normal: list[str] = []
    count = len(kinds)
    for index in range(count):
        key, blank, kind, keep = folded[index], blanks[index], kinds[index], significant[index]
        if keep:
            normal.append(key)
        if not blank:
            keys.append(key + "\x00")
            continue
        blank_text = blank if blank == " " else _blank_key(blank)
        beside_mark = loose.get(index)
        if beside_mark is None:
            # One blank or none is the usual separation and matches either; anything else is
            # kept in the key so that it is seen.
            keys.append(key + "\x00" if blank_text in _USUAL_BLANKS else key + "\x00" + blank_text)
        else:
            keys.append(key + "\x00")
            following = kinds[index + 1] if index + 1 < count else None
            between_words = not beside_mark and kind == _WORD and following == _WORD
            blank_text = " " if between_words else ""
        if blank_text and (keep or kind == _SPACE or normal):
            normal.append(blank_text)
    # Blanks next to an ignored token are compared as one separation.
    collapsed: list[str] = []
    for part in normal:
        if collapsed and part.isspace() and collapsed[-1].isspace():
            collapsed[-1] = part
        else:
            collapsed.append(part)
    return keys, collapsed


def _usual_compared(
    folded: list[str],
    blanks: list[str],
    kinds: list[int],
    significant: list[bool],
    loose: Mapping[int, bool],
) -> tuple[list[str], list[str]] | None:
    """`_compared` of the usual text, without a loop over its tokens in Python: every token
    significant (but leading blanks), each followed by one blank or none once the blanks that
    touch a footnote marker are settled, no key blank or empty. None for any other text."""
    lead = 1 if kinds and kinds[0] == _SPACE else 0
    if loose:
        # A blank touching a marker is no part of the key, and compared as one blank between
        # two words where a reader took the marker out, as nothing elsewhere (`_compared`).
        blanks = blanks.copy()
        last = len(kinds) - 1
        for index, beside_mark in loose.items():
            between_words = (
                not beside_mark
                and index < last
                and kinds[index] == _WORD
                and kinds[index + 1] == _WORD
            )
            blanks[index] = " " if between_words and blanks[index] else ""
    if (
        not _USUAL_BLANKS.issuperset(blanks)
        or significant.count(False) != lead
        or folded.count("") != lead
        or any(map(str.isspace, folded))
    ):
        return None
    keys = [key + "\x00" for key in folded]
    # Each key, then its blank if it has one; no two blanks meet, so none collapse.
    normal = list(filter(None, itertools.chain.from_iterable(zip(folded, blanks, strict=True))))
    return keys, normal


REUSED_RUN = 20
"""Characters (about three words) from which a shared run of a split or merge is kept equal."""


class DiffStats(NamedTuple):
    """What a diff means under the options, ignored differences left out."""

    changed: bool
    words_inserted: int
    words_deleted: int
    similarity: float
    """2 × matched words / (old words + new words), before semantic clean-up merges short
    equalities into changes; 1.0 when the texts do not differ under the options."""


def _encode(old_keys: list[str], new_keys: list[str]) -> tuple[str, str]:
    """One character per distinct key, from U+0100 on in order of first appearance (surrogates
    skipped)."""
    distinct = dict.fromkeys(itertools.chain(old_keys, new_keys))
    end = 0x100 + len(distinct)
    points: Iterable[int] = range(0x100, end)
    if end > 0xD800:
        points = itertools.chain(range(0x100, 0xD800), range(0xE000, 0xE000 + end - 0xD800))
    codes = dict(zip(distinct, map(chr, points), strict=True))
    old_chars = "".join(map(codes.__getitem__, old_keys))
    new_chars = "".join(map(codes.__getitem__, new_keys))
    return old_chars, new_chars


def _sizes(diffs: list[tuple[str, str]], old: _Tokens, new: _Tokens) -> dict[str, int]:
    """The size of each part of `diffs` (the encoded tokens of `_encode`), in characters of
    text: the sum of its tokens' key lengths (a key is "core\\x00unusual blanks", so the usual
    single blank counts one), taken from running sums over each text's keys."""
    old_sums = list(itertools.accumulate(map(len, old.keys), initial=0))
    new_sums = list(itertools.accumulate(map(len, new.keys), initial=0))
    sizes = {}
    i = j = 0
    for operation, chars in diffs:
        count = len(chars)
        if operation == INSERT:
            sizes[chars] = new_sums[j + count] - new_sums[j]
            j += count
        else:
            sizes[chars] = old_sums[i + count] - old_sums[i]
            i += count
            if operation == EQUAL:
                j += count
    return sizes


_FROM_PYTHON = {-1: DELETE, 0: EQUAL, 1: INSERT}
_TO_PYTHON = {DELETE: -1, EQUAL: 0, INSERT: 1}


@functools.cache
def _python_engine() -> "diff_match_patch":
    """The pure-Python diff-match-patch, imported on first use: with the C++ port it serves
    only `_cleanup_semantic`'s final merge, which the port does not expose."""
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # deterministic (see the module docstring)
    return engine


def _diff_main(old_chars: str, new_chars: str) -> list[tuple[str, str]]:
    """diff-match-patch's `diff_main` with no time limit (so no half-match shortcut either) and
    no line mode: [(operation, characters)] with the model's operations (EQUAL, DELETE, INSERT)."""
    if _fast is not None:
        diffs: list[tuple[str, str]] = _fast.diff(
            old_chars, new_chars, timelimit=0, checklines=False, cleanup="No", counts_only=False
        )
        return diffs
    return [
        (_FROM_PYTHON[operation], chars)
        for operation, chars in _python_engine().diff_main(old_chars, new_chars, False)
    ]


def _cleanup_merge(diffs: list[tuple[str, str]]) -> None:
    """diff-match-patch's `diff_cleanupMerge`, in place (neighbouring changes joined, their
    common ends moved into the equalities, single edits shifted to remove an equality)."""
    python = [(_TO_PYTHON[operation], chars) for operation, chars in diffs]
    _python_engine().diff_cleanupMerge(python)
    diffs[:] = [(_FROM_PYTHON[operation], chars) for operation, chars in python]


def _cleanup_semantic(
    diffs: list[tuple[str, str]],
    sizes: Mapping[str, int],
    keep: int | None = None,
) -> None:
    """diff-match-patch's semantic clean-up (an equality no longer than the changes on both of
    its sides is folded into them), measured in characters of text rather than in tokens: a
    one-token equality like "its" between two one-token changes stays, as it would in a
    character diff, instead of being swallowed. `sizes`: each part's size (`_sizes`); a fold
    only turns an equality into a deletion and an insertion of the same characters, so every
    part the loop meets is one of them."""
    size = sizes.__getitem__
    changes = False
    equalities: list[int] = []
    last_equality: str | None = None
    last_size = 0
    pointer = 0
    inserted_before = deleted_before = inserted_after = deleted_after = 0
    while pointer < len(diffs):
        operation, chars = diffs[pointer]
        if operation == EQUAL:
            equalities.append(pointer)
            inserted_before, deleted_before = inserted_after, deleted_after
            inserted_after = deleted_after = 0
            last_equality = chars
            last_size = size(chars)
        else:
            if operation == INSERT:
                inserted_after += size(chars)
            else:
                deleted_after += size(chars)
            if (
                last_equality
                and (keep is None or last_size < keep)
                and last_size <= max(inserted_before, deleted_before)
                and last_size <= max(inserted_after, deleted_after)
            ):
                at = equalities.pop()
                diffs.insert(at, (DELETE, last_equality))
                diffs[at + 1] = (INSERT, last_equality)
                if equalities:
                    equalities.pop()  # its changes may now fold the one before too
                pointer = equalities[-1] if equalities else -1
                inserted_before = deleted_before = inserted_after = deleted_after = 0
                last_equality = None
                changes = True
        pointer += 1
    if changes:
        _cleanup_merge(diffs)


def _words_in(tokens: _Tokens, start: int, count: int) -> int:
    """Significant words among tokens[start:start + count] (a difference of running sums)."""
    return tokens.words[start + count] - tokens.words[start]


def diff_with_stats(
    old: str,
    new: str,
    options: DiffOptions = DiffOptions(),  # noqa: B008
    *,
    old_marks: Collection[int] = (),
    new_marks: Collection[int] = (),
    reused: bool = False,
) -> tuple[tuple[DiffOp, ...], DiffStats]:
    """The literal diff (see the module docstring) and what it means under the options.

    `old_marks`/`new_marks`: offsets where footnote markers stood in each text (the readers take
    them out); the blanks around them are no change. `reused`: the texts are a paragraph and
    the joined parts it was split into (or merged from), whose parts may have changed places:
    a run of words both share (`REUSED_RUN` characters or more) stays equal however large the
    changes around it, instead of being folded into them by the semantic clean-up."""
    if old == new:
        ops: tuple[DiffOp, ...] = ((EQUAL, old),) if old else ()
        return ops, DiffStats(False, 0, 0, 1.0)
    old_tokens = _analyse(old, options, old_marks)
    new_tokens = _analyse(new, options, new_marks)
    old_chars, new_chars = _encode(old_tokens.keys, new_tokens.keys)
    diffs = _diff_main(old_chars, new_chars)
    matched = sum(
        _words_in(old_tokens, position, len(chars)) for position, chars in _equal_positions(diffs)
    )
    sizes = _sizes(diffs, old_tokens, new_tokens)
    _cleanup_semantic(diffs, sizes, REUSED_RUN if reused else None)
    raw: list[DiffOp] = []
    old_cores, old_blanks = old_tokens.cores, old_tokens.blanks
    new_cores, new_blanks = new_tokens.cores, new_tokens.blanks
    old_at, new_at = old_tokens.offsets, new_tokens.offsets
    i = j = 0
    inserted_words = deleted_words = 0
    for operation, chars in diffs:
        count = len(chars)
        if not count:
            continue
        if operation == EQUAL:
            # Tokens matched on their keys: literally equal ones in one piece, the others as
            # an ignored difference (`_emit_equal`).
            literal = map(
                operator.or_,
                map(operator.ne, old_cores[i : i + count], new_cores[j : j + count]),
                map(operator.ne, old_blanks[i : i + count], new_blanks[j : j + count]),
            )
            start = 0
            for k in itertools.compress(range(count), literal):
                if k > start:
                    raw.append((EQUAL, old[old_at[i + start] : old_at[i + k]]))
                _emit_equal(raw, old_tokens, new_tokens, i + k, j + k)
                start = k + 1
            if start < count:
                raw.append((EQUAL, old[old_at[i + start] : old_at[i + count]]))
            i += count
            j += count
        elif operation == DELETE:
            raw.append((DELETE, old[old_at[i] : old_at[i + count]]))
            deleted_words += _words_in(old_tokens, i, count)
            i += count
        else:
            raw.append((INSERT, new[new_at[j] : new_at[j + count]]))
            inserted_words += _words_in(new_tokens, j, count)
            j += count
    changed = old_tokens.normal != new_tokens.normal
    if not changed:
        similarity = 1.0
    else:
        total = old_tokens.words[-1] + new_tokens.words[-1]
        similarity = 0.0 if total == 0 else min(1.0, 2 * matched / total)
    ops = _merge(_tidy_blanks(_merge(raw)))
    return ops, DiffStats(changed, inserted_words, deleted_words, similarity)


def _equal_positions(diffs: list[tuple[str, str]]) -> list[tuple[int, str]]:
    """(old token position, chars) of each equality."""
    found = []
    position = 0
    for operation, chars in diffs:
        if operation == EQUAL:
            found.append((position, chars))
        if operation != INSERT:
            position += len(chars)
    return found


def _emit_equal(raw: list[DiffOp], old: _Tokens, new: _Tokens, i: int, j: int) -> None:
    """Two tokens matched on their keys: equal parts as EQUAL, literal differences as changes."""
    for old_part, new_part in ((old.cores[i], new.cores[j]), (old.blanks[i], new.blanks[j])):
        if old_part == new_part:
            raw.append((EQUAL, old_part))
        else:
            raw.append((DELETE, old_part))
            raw.append((INSERT, new_part))


def diff_words(old: str, new: str, options: DiffOptions = DiffOptions()) -> tuple[DiffOp, ...]:  # noqa: B008
    """Word-level diff of `old` and `new`: EQUAL+DELETE parts give `old`, EQUAL+INSERT `new`."""
    return diff_with_stats(old, new, options)[0]


def _merge(raw: list[DiffOp]) -> tuple[DiffOp, ...]:
    """Join neighbours of the same kind; within a run without EQUAL, deletions come first."""
    merged: list[DiffOp] = []
    deleted: list[str] = []
    inserted: list[str] = []
    equal: list[str] = []

    def flush_changes() -> None:
        if deleted:
            merged.append((DELETE, "".join(deleted)))
            deleted.clear()
        if inserted:
            merged.append((INSERT, "".join(inserted)))
            inserted.clear()

    for operation, text in raw:
        if not text:
            continue
        if operation == EQUAL:
            flush_changes()
            equal.append(text)
        else:
            if equal:
                merged.append((EQUAL, "".join(equal)))
                equal.clear()
            (deleted if operation == DELETE else inserted).append(text)
    flush_changes()
    if equal:
        merged.append((EQUAL, "".join(equal)))
    return tuple(merged)


def _tidy_blanks(ops: tuple[DiffOp, ...]) -> list[DiffOp]:
    """A deletion and insertion that start or end with the same blanks keep those blanks equal:
    "in[- -]{+, +}firearms" reads "in{+,+} firearms". Only blanks move, so no change starts or
    ends inside a word, and both texts still rebuild."""
    out: list[DiffOp] = []
    k = 0
    while k < len(ops):
        if k + 1 < len(ops) and ops[k][0] == DELETE and ops[k + 1][0] == INSERT:
            deleted, inserted = ops[k][1], ops[k + 1][1]
            head = 0
            while (
                head < min(len(deleted), len(inserted))
                and deleted[head] == inserted[head]
                and deleted[head].isspace()
            ):
                head += 1
            tail = 0
            while (
                tail < min(len(deleted), len(inserted)) - head
                and deleted[-1 - tail] == inserted[-1 - tail]
                and deleted[-1 - tail].isspace()
            ):
                tail += 1
            end_d, end_i = len(deleted) - tail, len(inserted) - tail
            out.append((EQUAL, deleted[:head]))
            out.append((DELETE, deleted[head:end_d]))
            out.append((INSERT, inserted[head:end_i]))
            out.append((EQUAL, deleted[end_d:]))
            k += 2
            continue
        out.append(ops[k])
        k += 1
    return out


def is_ignored(deleted: str, inserted: str, options: DiffOptions) -> bool:
    """True when replacing `deleted` by `inserted` is a difference the options ignore."""
    return _analyse(deleted, options).normal == _analyse(inserted, options).normal


def word_count(text: str) -> int:
    """The one word-count rule of every view and export: words and numbers, as the diff cuts
    them ("non-governmental" is two words, "COVID-19" two, "A/RES/80/6" four); punctuation,
    footnote markers and blanks are not words. A Chinese or Japanese character counts as one
    word, as those texts are counted (by character)."""
    return _cut(text)[2].count(_WORD)
