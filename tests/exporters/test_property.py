"""Property: whatever the texts and whatever the alignment, Accept All gives the new version and
Reject All the old one, paragraph by paragraph, exactly — and the package stays sound."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diffing.compare import compare
from diffing.model import (
    AlignedEntry,
    Comment,
    Comparison,
    Document,
    Footnote,
    FootnoteRef,
    Kind,
    Paragraph,
    Relation,
    Span,
)
from diffing.readers import read_document
from exporters.tracked import build_tracked_docx
from tests.exporters.cases import edit_document, truth_comparison
from tests.helpers import corpus
from tests.helpers.generator import corpus_documents, next_version
from tests.helpers.ooxml import ACCEPT, REJECT, expected_paragraphs, problems, replay

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOCUMENTS = {path: read_document(path) for path in corpus.ALL}

WORDS = ["Urges", "States", "to", "the", "report", "Protocol", "and", "", "bis", "1.", "(a)"]
ODD = ["\x00", "\x0b", "\ud800", "\ufffe", "\t", "\n", "\r", "  ", "«", "—", "…", "&", "<", "]]>"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(WORDS + ODD) | st.text(max_size=6), max_size=12))
    return " ".join(pieces)


@st.composite
def documents(draw: st.DrawFn, prefix: str) -> Document:
    n = draw(st.integers(0, 6))
    notes: list[Footnote] = []
    paragraphs = []
    for k in range(n):
        kind = draw(st.sampled_from([Kind.PREAMBULAR, Kind.OPERATIVE, Kind.SUBPARAGRAPH]))
        text = draw(texts())
        number = draw(st.none() | st.sampled_from(["1", "2", "5 bis", "a", "ii"]))
        refs = []
        for _ in range(draw(st.integers(0, 2))):
            notes.append(Footnote(f"{prefix}{len(notes)}", str(len(notes) + 1), draw(texts())))
            refs.append(FootnoteRef(notes[-1].id, draw(st.integers(-1, len(text) + 2))))
        italic = (Span(0, draw(st.integers(0, len(text)))),) if text else ()
        paragraphs.append(Paragraph(f"{prefix}{k}", kind, text, number, italic, tuple(refs)))
    return Document(f"{prefix}.txt", paragraphs=tuple(paragraphs), footnotes=tuple(notes))


@st.composite
def any_entries(draw: st.DrawFn, old: Document, new: Document) -> tuple[AlignedEntry, ...]:
    """Arbitrary alignments, sound or not: repeated ids, gaps, crossings, wrong diffs."""
    old_ids = [p.id for p in old.paragraphs]
    new_ids = [p.id for p in new.paragraphs]
    entries = []
    for _ in range(draw(st.integers(0, 8))):
        olds = tuple(draw(st.lists(st.sampled_from(old_ids), max_size=2))) if old_ids else ()
        news = tuple(draw(st.lists(st.sampled_from(new_ids), max_size=2))) if new_ids else ()
        diff = draw(st.sampled_from([(), (("=", "x"),), (("-", "a"), ("+", "b"))]))
        relation = draw(st.sampled_from(list(Relation)))
        entries.append(AlignedEntry(relation, olds, news, 0.5, diff))
    return tuple(entries)


def check(comparison: Comparison, comments: tuple[Comment, ...] = ()) -> None:
    data = build_tracked_docx(
        comparison, author="Tester", date="2024-03-18T10:00:00Z", comments=comments
    )
    assert problems(data) == []
    assert replay(data, ACCEPT) == expected_paragraphs(comparison.new)
    assert replay(data, REJECT) == expected_paragraphs(comparison.old)


@SETTINGS
@given(st.data())
def test_random_texts_with_the_engine_alignment(data: st.DataObject) -> None:
    old = data.draw(documents("o"))
    new = data.draw(documents("n"))
    check(compare(old, new))


@SETTINGS
@given(st.data())
def test_random_texts_with_any_alignment_and_comments(data: st.DataObject) -> None:
    old = data.draw(documents("o"))
    new = data.draw(documents("n"))
    entries = data.draw(any_entries(old, new))
    comments = tuple(
        Comment(pid, side, data.draw(texts()), data.draw(texts()))
        for pid, side in data.draw(
            st.lists(
                st.tuples(st.sampled_from(["o0", "n1", "zz"]), st.sampled_from(["old", "new"]))
            )
        )
    )
    check(Comparison(old, new, entries), comments)


@settings(max_examples=25, deadline=None)
@given(
    path=st.sampled_from(corpus.ALL),
    seed=st.integers(0, 10_000),
    edits=st.integers(1, 14),
)
def test_random_edits_of_corpus_documents(path: object, seed: int, edits: int) -> None:
    edited = edit_document(DOCUMENTS[path], seed, edits)  # type: ignore[index]
    check(edited.truth)
    check(compare(edited.old, edited.new))


@settings(max_examples=15, deadline=None)
@given(index=st.integers(0, 3), seed=st.integers(0, 10_000), rate=st.sampled_from([0.5, 1.0, 2.0]))
def test_generated_negotiation_rounds(index: int, seed: int, rate: float) -> None:
    documents = corpus_documents()
    document = documents[index % len(documents)]
    donors = [d for d in documents if d is not document]
    pair = next_version(document, seed=seed, donors=donors, rate=rate)
    check(truth_comparison(pair.old, pair.new, pair.truth))
    check(compare(pair.old, pair.new))
