"""The word diff's shortcuts for ordinary text compare exactly as its general rules do.

`worddiff._analyse` builds what is matched and compared (keys, normal parts) for the usual
paragraph — single blanks, every token significant, no footnote marker — without a loop in
Python (`_usual_compared`); every other text goes through the general rule (`_compared`). It
cuts an ASCII text into tokens with a pattern of its own (`_cut_ascii`), any other with the
general one (`_cut_any`). A redline, a "changed" flag or a word count must not depend on which
of them ran.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from diffing import worddiff
from diffing.model import DiffOptions
from diffing.readers import read_document
from tests.diffing.test_worddiff import ALL_OPTIONS, PIECES, TEXTS

OPTIONS = [options for options in ALL_OPTIONS if not options.ignore_whitespace]
"""The option sets under which blanks are compared (with blanks ignored, neither rule runs)."""


@contextmanager
def general_rule_only() -> Iterator[None]:
    saved = worddiff._usual_compared
    worddiff._usual_compared = lambda *args: None
    try:
        yield
    finally:
        worddiff._usual_compared = saved


def assert_same_analysis(text: str, options: DiffOptions, marks: Sequence[int] = ()) -> None:
    usual = worddiff._analyse(text, options, marks)
    with general_rule_only():
        general = worddiff._analyse(text, options, marks)
    assert (usual.keys, usual.normal) == (general.keys, general.normal), (text, marks)


def test_the_shortcut_and_the_general_rule_agree_on_the_corpus() -> None:
    from tests.helpers import corpus

    shortcuts = 0
    for path in corpus.ALL:
        for paragraph in read_document(path).paragraphs:
            marks = [reference.offset for reference in paragraph.footnotes]
            for options in OPTIONS:
                assert_same_analysis(paragraph.text, options, marks)
                inputs = _inputs(paragraph.text, options, marks)
                keys_and_normal = worddiff._usual_compared(*inputs)  # type: ignore[arg-type]
                shortcuts += keys_and_normal is not None
    assert shortcuts > 500  # most paragraphs are ordinary text: the shortcut is exercised


def _inputs(text: str, options: DiffOptions, marks: Sequence[int]) -> tuple[object, ...]:
    """The arguments `_analyse` passes to `_usual_compared` for `text`."""
    captured: list[tuple[object, ...]] = []
    saved = worddiff._usual_compared

    def capture(*args: object) -> None:
        captured.append(args)

    worddiff._usual_compared = capture  # type: ignore[assignment]
    try:
        worddiff._analyse(text, options, marks)
    finally:
        worddiff._usual_compared = saved
    return captured[0]


@settings(max_examples=300, deadline=None)
@given(
    TEXTS,
    st.sampled_from(OPTIONS),
    st.lists(st.integers(min_value=0, max_value=200), max_size=3),
)
def test_the_shortcut_and_the_general_rule_agree_on_generated_texts(
    text: str, options: DiffOptions, marks: list[int]
) -> None:
    # `marks`: where a reader took footnote markers out (offsets past the end are never met)
    assert_same_analysis(text, options, sorted(marks))


ASCII_TEXTS = st.one_of(
    st.lists(PIECES.filter(str.isascii), max_size=30).map("".join),
    st.text(st.characters(max_codepoint=127), max_size=60),
)


def test_an_ascii_text_is_cut_into_the_tokens_a_reader_sees() -> None:
    cores, blanks, kinds = worddiff._cut_ascii("  5. Urges*\tStates,\n  in_2030")
    assert cores == ["", "5", ".", "Urges", "*", "States", ",", "\n", "in_2030"]
    assert blanks == ["  ", "", " ", "", "\t", "", "", "  ", ""]
    word, space, punct, mark, newline = (
        worddiff._WORD,
        worddiff._SPACE,
        worddiff._PUNCT,
        worddiff._MARK,
        worddiff._NEWLINE,
    )
    assert kinds == [space, word, punct, word, mark, word, punct, newline, word]


@settings(max_examples=400, deadline=None)
@given(ASCII_TEXTS)
def test_the_ascii_pattern_cuts_as_the_general_one(text: str) -> None:
    assert worddiff._cut_ascii(text) == worddiff._cut_any(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(st.integers(min_value=0, max_value=70), max_size=4))
def test_the_blanks_touching_a_marker_are_found_by_their_places(
    text: str, marks: list[int]
) -> None:
    # `_touching` finds the tokens by bisection; the rule: a token whose blanks run from
    # `start` to `end` touches a marker that stood anywhere from `start` to `end`.
    cores, blanks, _ = worddiff._cut(text)
    offsets = worddiff._offsets(cores, blanks)
    expected = {
        index
        for index, core in enumerate(cores)
        if any(offsets[index] + len(core) <= at <= offsets[index + 1] for at in marks)
    }
    assert worddiff._touching(marks, cores, offsets) == expected
