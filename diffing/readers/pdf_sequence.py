"""Core layer: the paragraph numbers and negotiators' labels a PDF's paragraphs have opened with.

A text printed single-spaced — a compilation text above all, every line at the same distance, no
extra space between paragraphs, lines justified to the margin — gives the layout nothing to tell
one paragraph from the next. What tells is the label or number at the start of a line: "OP1 bis",
"PP2 alt", "new OP", "Alt 1", "12.", "(b)". But a sentence may wrap just before a number ("… as
decided in paragraph" | "12. of resolution 79/1"), so a line's label counts only where it follows
the ones before it (`LabelSequence.follows`):

- "PP3"/"OP3" (with or without bis/ter or alt): PP1/OP1 first; then the same number (its bis or
  alternative) or one up to three higher (compilations keep the numbers of deleted paragraphs);
- "new OP", "Alt 1": once the text uses labels;
- "12." (or "12 bis."): 1 first; then the same number or the next;
- "(b)", "(ii)": the letter or numeral after the last one; a first "(a)" or "(i)" is left to the
  layout's rules (it follows a line that closes with ":" in every UN text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from diffing.compilation import read_label

_NUMBER = re.compile(r"^(\d{1,3})(?:\s?(?:bis|ter|quater))?\.(?:\s|$)")
_SUB = re.compile(r"^\(([a-z]{1,2}|[ivxlc]{1,6})\)(?:\s|$)")
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv"]
_LABEL_STEP = 3
"""How far a label's number may run ahead of the last one (deleted paragraphs keep theirs)."""


@dataclass
class LabelSequence:
    """The labels and numbers seen at the start of the paragraphs so far (`note`)."""

    labels: dict[str, int] = field(default_factory=dict)
    """"PP"/"OP" -> the last number of that kind."""
    labelled: bool = False
    """The text uses negotiators' labels."""
    number: int = 0
    """The last printed paragraph number ("12.")."""
    letter: str = ""
    roman: str = ""

    def follows(self, text: str) -> bool:
        """True when `text` (a line's text) opens with a label or number that continues the
        sequence noted so far."""
        label, _ = read_label(text)
        if label is not None:
            if label.kind is None or label.new:
                return self.labelled  # "Alt 1", "new OP"
            if label.number is None:
                return False
            number, last = int(label.number), self.labels.get(label.kind)
            if last is None:
                return number == 1
            return last <= number <= last + _LABEL_STEP
        match = _NUMBER.match(text)
        if match:
            number = int(match.group(1))
            return number in (self.number, self.number + 1) if self.number else number == 1
        match = _SUB.match(text)
        if match:
            mark = match.group(1)
            return _next_letter(self.letter) == mark or _next_roman(self.roman) == mark
        return False

    def note(self, text: str) -> None:
        """Record the label or number a paragraph opens with."""
        label, _ = read_label(text)
        if label is not None:
            self.labelled = True
            if label.kind is not None and label.number is not None:
                self.labels[label.kind] = int(label.number)
            return
        match = _NUMBER.match(text)
        if match:
            self.number = int(match.group(1))
            self.letter = self.roman = ""
            return
        match = _SUB.match(text)
        if match:
            mark = match.group(1)
            # "(i)" after "(h)" is a letter; otherwise a numeral that opens or goes on a list
            roman = mark == "i" or _next_roman(self.roman) == mark
            if mark in _ROMAN and roman and not (mark == "i" and self.letter == "h"):
                self.roman = mark
                return
            if len(mark) == 1:
                self.letter, self.roman = mark, ""


def _next_letter(letter: str) -> str | None:
    return chr(ord(letter) + 1) if len(letter) == 1 and letter < "z" else None


def _next_roman(numeral: str) -> str | None:
    if numeral not in _ROMAN or numeral == _ROMAN[-1]:
        return None
    return _ROMAN[_ROMAN.index(numeral) + 1]
