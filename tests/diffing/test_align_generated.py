"""Alignment against the ground truth of simulated negotiation rounds (tests.helpers.generator).

Precision and recall are measured on paragraph links: every (old id, new id) that one entry puts
together. A split OP9 -> OP10 + OP11 is two links; getting one half right earns half the credit.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diffing.compare import compare
from diffing.model import (
    DELETE,
    INSERT,
    PARAGRAPH_SEPARATOR,
    DiffOptions,
    Document,
    Kind,
    Paragraph,
    Relation,
)
from diffing.readers import read_document
from diffing.readers.text import read_text
from tests.helpers import corpus
from tests.helpers.generator import (
    GeneratedPair,
    document_to_text,
    generated_pairs,
    next_version,
    scaled_document,
)


def links(pair: GeneratedPair) -> tuple[float, float]:
    comparison = compare(pair.old, pair.new)
    found = {(o, n) for e in comparison.entries for o in e.old for n in e.new}
    truth = pair.links
    hits = len(found & truth)
    return hits / max(1, len(found)), hits / max(1, len(truth))


@cache
def pairs() -> list[GeneratedPair]:
    # A heavy round (2.5 × the usual number of edits) so that every pair has moves, splits and
    # merges, and some have several of each.
    return generated_pairs(32, seed=11, rate=2.5)


def test_generated_pairs_have_moves_splits_merges_insertions_and_deletions() -> None:
    kinds = Counter(relation for pair in pairs() for _, _, relation in pair.truth)
    for relation in (Relation.MOVED, Relation.SPLIT, Relation.MERGED):
        assert all(any(r is relation for _, _, r in pair.truth) for pair in pairs()), relation
    assert kinds[Relation.INSERTED] >= 32 and kinds[Relation.DELETED] >= 32
    assert kinds[Relation.MODIFIED] > kinds[Relation.MOVED]


def test_precision_and_recall_of_paragraph_links_on_32_generated_pairs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    figures = [links(pair) for pair in pairs()]
    precision = [p for p, _ in figures]
    recall = [r for _, r in figures]
    with capsys.disabled():
        print(
            f"\n  alignment on {len(figures)} generated pairs: precision mean "
            f"{sum(precision) / len(precision):.4f} min {min(precision):.4f}; recall mean "
            f"{sum(recall) / len(recall):.4f} min {min(recall):.4f}"
        )
    assert sum(precision) / len(precision) >= 0.98
    assert sum(recall) / len(recall) >= 0.98
    assert min(precision) >= 0.95
    assert min(recall) >= 0.95


def test_relations_match_the_ground_truth_for_most_entries() -> None:
    right = total = 0
    for pair in pairs():
        comparison = compare(pair.old, pair.new)
        truth = {(o, n): r for o, n, r in pair.truth}
        for entry in comparison.entries:
            total += 1
            expected = truth.get((entry.old, entry.new))
            # Unchanged/modified is the word diff's call (an edit can restore the same words).
            if expected is not None and (
                expected is entry.relation
                or {expected, entry.relation} <= {Relation.UNCHANGED, Relation.MODIFIED}
            ):
                right += 1
    assert right / total >= 0.95, right / total


def test_near_duplicates_in_a_long_resolution_do_not_cross_pair() -> None:
    # 300 paragraphs: every corpus paragraph in two or three variants that differ by a subject
    # and a few words ("firearms" -> "narcotic drugs", "with regard to Central Asia").
    old = scaled_document(300, seed=2)
    pair = next_version(old, seed=3, donors=[read_document(corpus.REPORT)])
    precision, recall = links(pair)
    assert precision >= 0.98 and recall >= 0.98, (precision, recall)


def same_paragraphs(a: Document, b: Document) -> bool:
    def key(d: Document) -> list[tuple[object, ...]]:
        return [
            (p.id, p.kind, p.text, p.number, p.italic, p.footnotes, p.parent) for p in d.paragraphs
        ]

    return key(a) == key(b) and a.footnotes == b.footnotes


@pytest.mark.parametrize("path", corpus.ALL, ids=lambda p: p.name[:3])
def test_document_to_text_reads_back_to_the_same_paragraphs_and_footnotes(path: object) -> None:
    document = read_document(path)  # type: ignore[arg-type]
    again = read_text(document_to_text(document).encode("utf-8"), document.source)
    assert same_paragraphs(document, again)


def test_generated_versions_are_the_documents_their_text_reads_as() -> None:
    pair = pairs()[0]
    assert same_paragraphs(pair.new, read_text(pair.new_text.encode("utf-8"), "new.txt"))
    assert same_paragraphs(pair.new, read_text(document_to_text(pair.new).encode(), "new.txt"))


def test_the_generator_is_seedable() -> None:
    document = corpus_document()
    first = next_version(document, seed=5)
    again = next_version(document, seed=5)
    other = next_version(document, seed=6)
    assert first.new_text == again.new_text and first.truth == again.truth
    assert other.new_text != first.new_text


def corpus_document() -> Document:
    return read_document(corpus.CND_60_2)


CORPUS_TEXTS = [
    p.text
    for path in corpus.RESOLUTIONS
    for p in read_document(path).paragraphs
    if p.kind in (Kind.PREAMBULAR, Kind.OPERATIVE)
][:60]


def synthetic(texts: list[str], name: str) -> Document:
    """A document of preambular then operative paragraphs with the given texts (duplicates
    allowed: real drafts repeat standard paragraphs)."""
    half = len(texts) // 2
    paragraphs = [
        Paragraph(f"PP{k + 1}", Kind.PREAMBULAR, text) for k, text in enumerate(texts[:half])
    ]
    paragraphs += [
        Paragraph(f"OP{k + 1}", Kind.OPERATIVE, text, number=str(k + 1))
        for k, text in enumerate(texts[half:])
    ]
    return Document(name, paragraphs=tuple(paragraphs), structured=True)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(CORPUS_TEXTS), max_size=25),
    st.lists(st.sampled_from(CORPUS_TEXTS), max_size=25),
    st.sampled_from(
        [DiffOptions(), DiffOptions(ignore_case=True, ignore_punctuation=True), DiffOptions(True)]
    ),
)
def test_any_two_documents_give_a_complete_ordered_exact_comparison(
    old_texts: list[str], new_texts: list[str], options: DiffOptions
) -> None:
    old, new = synthetic(old_texts, "old"), synthetic(new_texts, "new")
    comparison = compare(old, new, options)
    old_ids = [i for e in comparison.entries for i in e.old]
    new_ids = [i for e in comparison.entries for i in e.new]
    assert sorted(old_ids) == sorted(p.id for p in old.paragraphs)
    assert sorted(new_ids) == sorted(p.id for p in new.paragraphs)
    # Reading order of the new text (an entry stands where its first new paragraph is).
    position = {p.id: k for k, p in enumerate(new.paragraphs)}
    firsts = [position[e.new[0]] for e in comparison.entries if e.new]
    assert firsts == sorted(firsts)
    text_old = {p.id: p.text for p in old.paragraphs}
    text_new = {p.id: p.text for p in new.paragraphs}
    for entry in comparison.entries:
        rebuilt_old = "".join(t for op, t in entry.diff if op != INSERT)
        rebuilt_new = "".join(t for op, t in entry.diff if op != DELETE)
        assert rebuilt_old == PARAGRAPH_SEPARATOR.join(text_old[i] for i in entry.old)
        assert rebuilt_new == PARAGRAPH_SEPARATOR.join(text_new[i] for i in entry.new)
        assert 0.0 <= entry.similarity <= 1.0
        if entry.relation is Relation.UNCHANGED:
            assert not entry.changed
    if old_texts == new_texts:
        assert all(e.relation is Relation.UNCHANGED for e in comparison.entries)
