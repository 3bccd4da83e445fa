"""Core layer: a regular expression compiled on its first use.

`redline compare` starts a fresh interpreter each time, and `re.compile` runs sre's parser and
compiler in Python: 0.1 to 1 ms a pattern, 20 ms for the ~95 patterns the core compiled at
import. Most of them serve texts of other kinds (other languages' numbering, bullets, page
furniture): a `LazyPattern` costs nothing until a text needs it. It answers the `re.Pattern`
methods the core calls, with the same results (it hands them to the compiled pattern).
`one_of` writes a character class of many non-Latin-1 runs so that it compiles cheaply."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator


class LazyPattern:
    """`re.compile(source, flags)`, compiled the first time one of its methods is called."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        """The source, as `re.Pattern.pattern` (another pattern may be built from it)."""
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it is not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[str]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)


LATIN_LETTERS_ANY_CASE = "A-Za-z\u0130\u0131\u017f\u212a"
"""What "[a-z]" matches under re.IGNORECASE (sre folds case by Unicode rules, so also the
dotted and dotless I "İ ı", the long s "ſ" and the Kelvin sign "K"): the table for `one_of`
where such a class is written."""


def one_of(table: str, *, escapes: str = "") -> str:
    """A pattern that matches one character of `table` (characters and ranges "a-b", as inside
    a character class but without escapes; a "-" first or last is itself), or of the class
    escapes `escapes` (r"\\s", r"\\d"), whatever the flags: `(?-i:...)`, so a class written for
    re.IGNORECASE lists the case forms it wants (sre's IGNORECASE also matches "ſ" and the
    Kelvin sign "K" for s and k: `LATIN_LETTERS_ANY_CASE`).

    Why: sre compiles a class that holds a character above U+00FF and more than two runs of
    characters in all into a map of all 65,536 characters (`re._compiler._optimize_charset`,
    BIGCHARSET), ~0.2 ms a class at every start of `redline compare`; written as an alternation
    of classes that each hold the Latin-1 characters or at most two runs above them, it compiles
    in a few microseconds. The alternation costs more when matched: use it where a pattern is
    matched at a place (`match`, a lookaround), not as the first item of a `search` over a whole
    text (a single class there lets sre skip ahead in C) nor in a loop run for every word (the
    word diff's tokenizer, so written, compiled 0.3 ms faster and matched 1.5-3 ms slower).
    Raises ValueError for an empty table."""
    runs = table_runs(table)
    if not runs and not escapes:
        raise ValueError("one_of: an empty table")
    merged: list[tuple[int, int]] = []
    for low, high in sorted(runs):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    # sre counts runs in its map of the Basic Multilingual Plane; characters beyond go apart
    bmp = [run for run in merged if run[0] <= 0xFFFF]
    if all(high <= 0xFF for _, high in bmp) or len(bmp) <= 2:
        return f"(?-i:[{escapes}{_class(merged)}])"
    latin = [(low, min(high, 0xFF)) for low, high in bmp if low <= 0xFF]
    above = [(max(low, 0x100), high) for low, high in bmp if high > 0xFF]
    beyond = [run for run in merged if run[0] > 0xFFFF]
    groups = [latin + beyond] + [above[k : k + 2] for k in range(0, len(above), 2)]
    if not groups[0] and not escapes:
        groups = groups[1:]
        groups[0] = groups[0] + beyond
    first = f"(?-i:[{escapes}{_class(groups[0])}])"
    # each class in a group of its own: sre's parser would join "[a]|[b]" into one class again
    return "(?:" + "|".join([first, *(f"(?-i:[{_class(g)}])" for g in groups[1:])]) + ")"


def table_runs(table: str) -> list[tuple[int, int]]:
    """The (first, last) code points of each character and range "a-b" of `table` (the inside of
    a character class without escapes; a "-" first or last is itself), in the table's order."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(table):
        if i + 2 < len(table) and table[i + 1] == "-":
            runs.append((ord(table[i]), ord(table[i + 2])))
            i += 3
        else:
            runs.append((ord(table[i]), ord(table[i])))
            i += 1
    return runs


def table_characters(table: str) -> frozenset[str]:
    """Every character `table` names (`table_runs`)."""
    return frozenset(chr(c) for low, high in table_runs(table) for c in range(low, high + 1))


def _class(runs: list[tuple[int, int]]) -> str:
    """The inside of a character class for `runs` of code points (inclusive)."""
    return "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in runs
    )
