"""The word diff's own `_cleanup_merge` does what diff-match-patch's `diff_cleanupMerge` does.

The word diff ports that one step of the Python library (to spare the library's import and two
conversions per compare); any list of changes must come out of both the same, and still give
back both texts."""

from __future__ import annotations

from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st

from diffing import worddiff
from diffing.model import DELETE, EQUAL, INSERT

_TO_LIBRARY = {DELETE: -1, EQUAL: 0, INSERT: 1}
_FROM_LIBRARY = {-1: DELETE, 0: EQUAL, 1: INSERT}

# few letters, so that changes share prefixes and suffixes and slide over equalities
DIFFS = st.lists(st.tuples(st.sampled_from([EQUAL, DELETE, INSERT]), st.text("abA", max_size=4)))


def _library(diffs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    python = [(_TO_LIBRARY[op], text) for op, text in diffs]
    diff_match_patch().diff_cleanupMerge(python)
    return [(_FROM_LIBRARY[op], text) for op, text in python]


def _side(diffs: list[tuple[str, str]], skipped: str) -> str:
    return "".join(text for op, text in diffs if op != skipped)


@settings(max_examples=1500, deadline=None)
@given(DIFFS)
def test_the_merge_is_the_librarys(diffs: list[tuple[str, str]]) -> None:
    ours = list(diffs)
    worddiff._cleanup_merge(ours)
    assert ours == _library(diffs)
    assert _side(ours, INSERT) == _side(diffs, INSERT)
    assert _side(ours, DELETE) == _side(diffs, DELETE)


def test_a_single_edit_slides_over_an_equality() -> None:
    # diff-match-patch's own example: A<ins>BA</ins>C -> <ins>AB</ins>AC
    diffs = [(EQUAL, "A"), (INSERT, "BA"), (EQUAL, "C")]
    worddiff._cleanup_merge(diffs)
    assert diffs == [(INSERT, "AB"), (EQUAL, "AC")]
