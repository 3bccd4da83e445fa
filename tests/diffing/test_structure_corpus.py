"""The four corpus resolutions and the report read from their text form: counts, title, opening."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffing.model import Kind
from diffing.readers import read_document
from tests.helpers import corpus

COUNTS = [
    (corpus.COP_10_2_DRAFT, 21, 24),
    (corpus.COP_11_6, 19, 29),
    (corpus.CND_L4_DRAFT, 13, 16),
    (corpus.CND_60_2, 9, 11),
]


@pytest.mark.parametrize(("path", "pp", "op"), COUNTS, ids=lambda v: getattr(v, "stem", v))
def test_preambular_and_operative_counts(path: Path, pp: int, op: int) -> None:
    document = read_document(path)
    assert document.structured
    assert document.count(Kind.PREAMBULAR) == pp
    assert document.count(Kind.OPERATIVE) == op
    assert [p.id for p in document if p.kind is Kind.PREAMBULAR] == [
        f"PP{i}" for i in range(1, pp + 1)
    ]
    assert [p.id for p in document if p.kind is Kind.OPERATIVE] == [
        f"OP{i}" for i in range(1, op + 1)
    ]


def test_report_has_no_resolution_structure() -> None:
    document = read_document(corpus.REPORT)
    assert not document.structured
    assert {p.kind for p in document} == {Kind.OTHER}
    assert [p.id for p in document] == [f"P{i}" for i in range(1, len(document.paragraphs) + 1)]
