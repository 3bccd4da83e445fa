"""The two diff-match-patch engines of the word diff give the same diffs.

The word diff runs on the C++ port (`fast_diff_match_patch`) where it is installed and on the
pure-Python `diff_match_patch` elsewhere; a comparison must not depend on which one a machine
has. Checked on the paragraph pairs `compare` diffs in the sample corpus (read through the
project's readers) and on generated texts, at two levels: the engine's own diff of the encoded
token strings, and the word diff a user sees (operations and statistics).

The C++ port is installed on CI (pyproject.toml), so there its absence fails these tests.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diffing import compare as compare_module
from diffing import worddiff
from diffing.compare import compare
from diffing.model import DiffOptions
from diffing.readers import read_document
from tests.conftest import ON_CI

if worddiff._fast is None:
    _why = "fast_diff_match_patch is not installed (it is built for Python < 3.13)"
    if ON_CI:
        pytest.fail(_why + ": CI must have it (pyproject.toml)", pytrace=False)
    pytest.skip(_why, allow_module_level=True)


def python_diff_main(old_chars: str, new_chars: str) -> list[tuple[str, str]]:
    """The pure-Python engine's diff, in the model's operations."""
    return [
        (worddiff._FROM_PYTHON[operation], chars)
        for operation, chars in worddiff._python_engine().diff_main(old_chars, new_chars, False)
    ]


def fast_diff_main(old_chars: str, new_chars: str) -> list[tuple[str, str]]:
    assert worddiff._fast is not None
    diffs: list[tuple[str, str]] = worddiff._fast.diff(
        old_chars, new_chars, timelimit=0, checklines=False, cleanup="No", counts_only=False
    )
    return diffs


DEFAULT = DiffOptions()


def engines_agree(old: str, new: str, options: DiffOptions = DEFAULT, **keywords: object) -> None:
    """Both engines give the same diff of the encoded tokens and the same word diff."""
    old_tokens = worddiff._analyse(old, options)
    new_tokens = worddiff._analyse(new, options)
    old_chars, new_chars = worddiff._encode(old_tokens.keys, new_tokens.keys)
    assert fast_diff_main(old_chars, new_chars) == python_diff_main(old_chars, new_chars)
    with_fast = worddiff.diff_with_stats(old, new, options, **keywords)  # type: ignore[arg-type]
    saved = worddiff._fast
    worddiff._fast = None
    try:
        with_python = worddiff.diff_with_stats(old, new, options, **keywords)  # type: ignore[arg-type]
    finally:
        worddiff._fast = saved
    assert with_fast == with_python, (old, new)


def test_the_fast_engine_is_the_one_used() -> None:
    assert worddiff.ENGINE == "fast_diff_match_patch"


# --- the corpus ------------------------------------------------------------------------------


def corpus_calls() -> Iterator[tuple[tuple[object, ...], dict[str, object]]]:
    """Every word diff `compare` makes for each pair of the corpus's documents."""
    from tests.helpers import corpus

    documents = [read_document(path) for path in corpus.ALL]
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = []
    real = worddiff.diff_with_stats

    def recording(*args: object, **keywords: object) -> object:
        calls.append((args, keywords))
        return real(*args, **keywords)  # type: ignore[arg-type]

    compare_module.diff_with_stats = recording  # type: ignore[assignment]
    try:
        for old, new in itertools.permutations(documents, 2):
            compare(old, new)
            compare(old, new, DiffOptions(ignore_case=True, ignore_punctuation=True))
    finally:
        compare_module.diff_with_stats = real
    return iter(calls)


def test_both_engines_give_the_same_diffs_on_the_corpus() -> None:
    checked = 0
    for args, keywords in corpus_calls():
        old, new, *rest = args
        assert isinstance(old, str) and isinstance(new, str)
        options = rest[0] if rest else DiffOptions()
        assert isinstance(options, DiffOptions)
        if old != new:
            engines_agree(old, new, options, **keywords)
            checked += 1
    assert checked > 100  # the pairs of five documents, two option sets: hundreds of diffs


# --- generated texts -------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "States",
        "parties",
        "the",
        "of",
        " ",
        ",",
        ".",
        "\n",
        "¹",
        "(a)",
        "Urges",
        "firearms",
        "non\u2011governmental",
        "日本",
        "\U0001d400",  # outside the Basic Multilingual Plane
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(WORDS, max_size=40), st.lists(WORDS, max_size=40))
def test_both_engines_give_the_same_word_diffs_on_generated_texts(
    old: list[str], new: list[str]
) -> None:
    engines_agree(" ".join(old), " ".join(new))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcab \U0001f600", max_size=60), st.text(alphabet="abc b\n", max_size=60))
def test_both_engines_give_the_same_character_diffs(old: str, new: str) -> None:
    # The engines themselves, on repetitive strings where many diffs are equally short.
    assert fast_diff_main(old, new) == python_diff_main(old, new)


def test_token_codes_past_the_basic_multilingual_plane_are_diffed_whole() -> None:
    # Over 63,000 distinct words take `_encode` past U+FFFF; each code is still one token.
    old = " ".join(f"w{number}" for number in range(70_000))
    new = old.replace("w35000 ", "changed ")
    old_chars, new_chars = worddiff._encode(
        worddiff._analyse(old, DiffOptions()).keys, worddiff._analyse(new, DiffOptions()).keys
    )
    assert max(map(ord, old_chars)) > 0xFFFF
    assert fast_diff_main(old_chars, new_chars) == python_diff_main(old_chars, new_chars)
    ops, stats = worddiff.diff_with_stats(old, new)
    assert [op for op in ops if op[0] != "="] == [("-", "w35000"), ("+", "changed")]
    assert (stats.words_deleted, stats.words_inserted) == (1, 1)
