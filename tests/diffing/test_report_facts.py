"""The facts `diffing.report` works out once per document: each document's own, asked once, and
only the last few documents' kept (a record is a tuple, which cannot be weakly referenced)."""

from __future__ import annotations

import pytest

from diffing import report
from diffing.model import Comparison, Document, Kind, Paragraph

ENGLISH = "Requests the Secretary-General to report to the Assembly at its next session;"
FRENCH = "Prie le Secrétaire général de lui présenter un rapport à sa prochaine session;"


def _comparison(text: str, source: str) -> Comparison:
    document = Document(source, paragraphs=(Paragraph("OP1", Kind.OPERATIVE, text),))
    return Comparison(document, document, ())


@pytest.fixture(autouse=True)
def _no_facts_kept() -> None:
    report._FACTS.clear()


def test_a_documents_facts_are_worked_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    detect = report.detect_language

    def counting(text: str) -> str:
        asked.append(text)
        return detect(text)

    monkeypatch.setattr(report, "detect_language", counting)
    comparison = _comparison(ENGLISH, "a.txt")
    assert [report.comparison_language(comparison) for _ in range(5)] == ["en"] * 5
    assert len(asked) == 1


def test_each_document_gets_its_own_facts_as_documents_come_and_go() -> None:
    # Documents made and dropped one after another: a cache keyed by id alone would hand a new
    # document the facts of a freed one whose id it reuses.
    for index in range(3 * report._FACTS_KEPT):
        text, language = (ENGLISH, "en") if index % 2 else (FRENCH, "fr")
        assert report.comparison_language(_comparison(text, f"{index}.txt")) == language
    assert len(report._FACTS) <= report._FACTS_KEPT


def test_a_document_asked_again_after_others_keeps_its_facts() -> None:
    first = _comparison(FRENCH, "first.txt")
    assert report.comparison_language(first) == "fr"
    for index in range(2 * report._FACTS_KEPT):
        report.comparison_language(_comparison(ENGLISH, f"{index}.txt"))
    assert report.comparison_language(first) == "fr"
    assert len(report._FACTS) <= report._FACTS_KEPT


def test_threads_asking_at_once_each_get_their_documents_facts() -> None:
    """The window and export threads ask for facts at the same time; the cache is shared."""
    import sys
    import threading

    comparisons = [
        (_comparison(FRENCH if index % 2 else ENGLISH, f"{index}.txt"), "fr" if index % 2 else "en")
        for index in range(3 * report._FACTS_KEPT)
    ]
    failures: list[BaseException] = []
    wrong: list[str] = []

    def ask(offset: int) -> None:
        try:
            for turn in range(300):
                comparison, language = comparisons[(offset + turn * 7) % len(comparisons)]
                if report.comparison_language(comparison) != language:
                    wrong.append(comparison.new.source)
        except BaseException as error:
            failures.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=ask, args=(offset,)) for offset in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == [] and wrong == []
    assert len(report._FACTS) <= report._FACTS_KEPT
