"""Core layer: the official languages — which one a text is in, and each one's words.

Resolutions are issued in Arabic, Chinese, English, French, Russian and Spanish with the same
anatomy in each language's words (../shared/DOMAIN.md, "The other official languages"): the
opening line ("L'Assemblée générale,", "大会，", "إن الجمعية العامة،"), the preambular leads
("Rappelant", "ссылаясь", "回顾", "إذ تشير"), the operative verbs ("Prie", "Просит", "请",
"تطلب"), closing lines and masthead words. Each language's words are data, one JSON file per
language in `diffing/languages/` (fields documented in `Language`), never code: a language is
added or corrected by editing its file.

`detect_language(text)` tells the language by script first (Han, Arabic, Cyrillic) and, for texts
in Latin script, by the commonest function words of English, French and Spanish.
"""

import json
import pkgutil
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache, cached_property
from typing import NamedTuple

from diffing.module_logger import get_logger

log = get_logger(__name__)

CODES = ("en", "fr", "es", "ru", "zh", "ar")
"""The six official languages, ISO 639-1."""


class _Words(NamedTuple):
    """`Language`'s fields: one official language's words, as its data file gives them."""

    code: str
    name: str
    stopwords: frozenset[str]
    opening_source: str
    """The opening line: the body's name followed by a comma (the language's comma)."""
    bodies: tuple[str, ...]
    preambular: tuple[str, ...]
    """Leads of preambular paragraphs, longest first ("Profondément préoccupée" before
    "Préoccupée")."""
    operative: tuple[str, ...]
    """Leading verbs of operative paragraphs, longest first."""
    adverbs: tuple[str, ...]
    ladder: dict[str, float]
    """Rungs of the verb ladder (Invites < Encourages < Calls upon < Urges < Requests/Decides),
    lower case."""
    closing_sources: tuple[str, ...]
    masthead_sources: tuple[str, ...]
    """Masthead lines ("Distr. générale"), matched ignoring case."""
    sponsors_source: str | None
    """The sponsors line, matched ignoring case."""
    months: tuple[str, ...]
    preambular_ends: tuple[str, ...]
    operative_ends: tuple[str, ...]
    preambular_lowercase: bool = False
    """True where preambular leads are printed in lower case (Russian: "ссылаясь …")."""
    right_to_left: bool = False
    op_number_source: str | None = None
    """The operative number where it is not "12." ("1 - " in Arabic)."""
    sub_marker_source: str | None = None
    """The sub-paragraph marker where it is not "(a)" / "(i)" ("(أ)" in Arabic)."""


class Language(_Words):
    """One official language's words for reading a resolution (the fields of `_Words`).

    Every pattern is a regular expression matched against a paragraph's whole text (spaces
    collapsed); word lists are as printed at the start of a paragraph. A subclass of the record
    without `__slots__`, so that instances have a `__dict__`, where the patterns below are
    cached on first use."""

    # The patterns are compiled on first use: an English text asks the other five languages
    # for their leads and bodies only, and compiling all six tables cost `redline compare`
    # a tenth of its time.

    @cached_property
    def opening(self) -> re.Pattern[str]:
        return re.compile(self.opening_source)

    @cached_property
    def closing(self) -> tuple[re.Pattern[str], ...]:
        """Closing lines ("69th plenary meeting", the date), matched ignoring case."""
        return _patterns(self.closing_sources)

    @cached_property
    def masthead(self) -> tuple[re.Pattern[str], ...]:
        return _patterns(self.masthead_sources)

    @cached_property
    def sponsors(self) -> re.Pattern[str] | None:
        source = self.sponsors_source
        return None if source is None else re.compile(source, re.IGNORECASE)

    @cached_property
    def op_number(self) -> re.Pattern[str] | None:
        return None if self.op_number_source is None else re.compile(self.op_number_source)

    @cached_property
    def sub_marker(self) -> re.Pattern[str] | None:
        return None if self.sub_marker_source is None else re.compile(self.sub_marker_source)

    @cached_property
    def _folded_leads(self) -> tuple[tuple[str, int, str], ...]:
        """(kind, length, the lead case-folded) of the operative leads, then the preambular
        ones, in the order `lead` tries them: folded once, not at every paragraph."""
        return tuple(
            (kind, len(lead), lead.casefold())
            for kind, leads in (("operative", self.operative), ("preambular", self.preambular))
            for lead in leads
        )

    def lead(self, text: str) -> tuple[str, str] | None:
        """("preambular" | "operative", the lead as printed) when `text` opens with one of
        this language's leads, else None. Matching ignores case, and a full-width or bracketed
        start ("[Prie …") is skipped."""
        body = text.lstrip("[ \u3000")
        folded = body.casefold()
        for kind, length, lead in self._folded_leads:
            if folded.startswith(lead) and _ends_word(body, length, self.code):
                return kind, body[:length]
        return None

    def is_opening(self, text: str) -> bool:
        """True for this language's opening line ("La Asamblea General,")."""
        return bool(self.opening.match(" ".join(text.split()))) and len(text) <= 400

    def is_closing(self, text: str) -> bool:
        """True for a closing line ("69e séance plénière", "19 de diciembre de 2023")."""
        line = " ".join(text.split())
        return any(pattern.match(line) for pattern in self.closing)

    def is_masthead(self, text: str) -> bool:
        """True for a masthead line in this language ("Distr. générale", "Original: inglés")."""
        line = " ".join(text.split())
        return any(pattern.search(line) for pattern in self.masthead)

    def rung(self, lead: str) -> float | None:
        """The lead's rung on the verb ladder, adverbs set aside; None when it has none."""
        words = lead.casefold().strip()
        for adverb in sorted(self.adverbs, key=len, reverse=True):
            if words in self.ladder:
                break
            words = re.sub(rf"(?:^|\s){re.escape(adverb.casefold())}(?=\s|$)", "", words).strip()
        for size in range(len(words), 0, -1):
            if words[:size] in self.ladder and _ends_word(words, size, self.code):
                return self.ladder[words[:size]]
        return None


def _ends_word(text: str, end: int, code: str) -> bool:
    """True when position `end` of `text` ends a word (always true in Chinese, which has no
    spaces between words)."""
    if code == "zh" or end >= len(text):
        return True
    following = text[end]
    return not (following.isalnum() or unicodedata.category(following).startswith("M"))


def _patterns(items: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(item, re.IGNORECASE) for item in items)


@cache
def language(code: str) -> Language:
    """The `Language` for an ISO 639-1 `code` from its data file.

    Raises KeyError for a code that is not one of `CODES`; FileNotFoundError when the data file
    is missing from the installation."""
    if code not in CODES:
        raise KeyError(code)
    # pkgutil.get_data asks the package's own loader (a folder, a zip or the frozen app's), as
    # importlib.resources does, without importing importlib.resources (~10 ms: tempfile, random).
    data = pkgutil.get_data("diffing", f"languages/{code}.json")
    if data is None:  # a loader that cannot give data files
        raise FileNotFoundError(f"the word lists of language {code!r} are not installed")
    raw = json.loads(data)

    def longest_first(items: list[str]) -> tuple[str, ...]:
        return tuple(sorted(items, key=len, reverse=True))

    return Language(
        code=raw["code"],
        name=raw["name"],
        stopwords=frozenset(raw["stopwords"]),
        opening_source=raw["opening"],
        bodies=tuple(raw["bodies"]),
        preambular=longest_first(raw["preambular"]),
        operative=longest_first(raw["operative"]),
        adverbs=tuple(raw["adverbs"]),
        ladder={key.casefold(): float(value) for key, value in raw["ladder"].items()},
        closing_sources=tuple(raw["closing"]),
        masthead_sources=tuple(raw["masthead"]),
        sponsors_source=raw.get("sponsors") or None,
        months=tuple(raw["months"]),
        preambular_ends=tuple(raw["preambular_ends"]),
        operative_ends=tuple(raw["operative_ends"]),
        preambular_lowercase=bool(raw.get("preambular_lowercase", False)),
        right_to_left=bool(raw.get("right_to_left", False)),
        op_number_source=raw.get("op_number") or None,
        sub_marker_source=raw.get("sub_marker") or None,
    )


_SCRIPTS = {
    "han": "\u4e00-\u9fff\u3400-\u4dbf",
    "arabic": "\u0600-\u06ff\u0750-\u077f",
    "cyrillic": "\u0400-\u04ff",
}
"""Each script's letters, as ranges "a-b" for a regular-expression character class. A text
holding no character of a script's ranges has no letter of it, and its pattern (costly to
compile for Han) is not even compiled."""
_LETTERS = re.compile(r"[^\W\d_]+")


def _script_counts(text: str) -> Counter[str]:
    """Letters of each script of `_SCRIPTS`; regular expressions count in C, a loop per
    character cost 0.1 s on a 52-page text.

    A script's pattern is asked only of a text that may hold one of its letters: UTF-8 keeps
    the order of code points, so each of a range's characters is encoded with a first byte
    between those of the range's ends, and a text whose encoding holds none of those bytes has
    no character of the range. (Bytes are searched in C; the set of the text's characters, made
    for this before, cost some 2.5 million instructions a page-long resolution.)"""
    encoded = text.encode("utf-8", "surrogatepass")
    counts: Counter[str] = Counter()
    for script, ranges in _SCRIPTS.items():
        bounds = [(ranges[i], ranges[i + 2]) for i in range(0, len(ranges), 3)]
        if any(
            first in encoded
            for low, high in bounds
            for first in range(low.encode()[0], high.encode()[0] + 1)
        ):
            # runs of letters, summed: a list of every single letter cost more than the counting
            counts[script] = sum(map(len, re.findall(f"[{ranges}]+", text)))
        else:
            counts[script] = 0
    return counts


def _first_words(text: str, count: int) -> list[str]:
    """The first `count` runs of letters of `text` (`_LETTERS.findall(text)[:count]`), found in
    a stretch long enough for them (a word cut at the stretch's end is not among them) before
    the whole text is searched."""
    stretch = count * 12
    if len(text) > stretch:
        words = _letter_runs(text[:stretch])
        if len(words) > count:
            return words[:count]
    return _letter_runs(text)[:count]


_EDGE_MARKS = ",.;:!?()[]\"'\u2018\u2019\u201c\u201d-\u2013\u2014/0123456789"
"""Punctuation and digits that stick to words ("Parties,", "(a)", "“Recalling", "2023."): no
character of them is a letter of `_LETTERS`, so a blank in place of each leaves the runs of
letters of a text as they were."""


def _letter_runs(text: str) -> list[str]:
    """The runs of letters of `text` (`_LETTERS.findall(text)`). The marks that stick to words
    are replaced by blanks (a pass in C for each), so that nearly every blank-separated token is
    then one run of letters only (`str.isalpha`, in C, is quicker than the pattern's Unicode
    classes); only the rare other tokens ("%", "Crime¹") are searched. No run spans two tokens:
    blanks are not letters."""
    for mark in _EDGE_MARKS:
        text = text.replace(mark, " ")
    tokens = text.split()
    if all(map(str.isalpha, tokens)):
        return tokens
    return [
        run
        for token in tokens
        for run in ((token,) if token.isalpha() else _LETTERS.findall(token))
    ]


def detect_language(text: str) -> str:
    """The language `text` is written in, as one of `CODES`; "en" when it cannot be told.

    Script decides first: a text whose letters are mostly Han is Chinese, Arabic script Arabic,
    Cyrillic Russian (a masthead in Latin letters — symbols, "Distr.: General" — does not
    outweigh a body of text). Latin-script texts go to the language whose function words occur
    most often among the first 5,000 words."""
    counts = _script_counts(text[:200_000])
    if any(counts.values()):
        # (a text with no letter of these scripts, as most are, has no share to weigh: its
        # letters need no counting; one with no letters at all scores "en" below)
        letters = max(sum(map(len, _LETTERS.findall(text[:200_000]))), sum(counts.values()))
        for script, code in (("han", "zh"), ("arabic", "ar"), ("cyrillic", "ru")):
            # Han characters are whole words: a quarter of the letters is already a Chinese text.
            share = 0.25 if script == "han" else 0.5
            if counts[script] >= share * letters:
                return code
    # each distinct word counted once (in C), then each language's few stopwords looked up:
    # testing every word against three lists of stopwords cost three passes over the words
    counts = Counter(_first_words(text.casefold(), 5000))
    scores: dict[str, int] = {}
    for code in ("en", "fr", "es"):
        scores[code] = sum(counts[word] for word in language(code).stopwords if word in counts)
    best = max(scores, key=lambda code: (scores[code], code == "en"))
    log.debug("language scores %s -> %s", scores, best)
    return best
