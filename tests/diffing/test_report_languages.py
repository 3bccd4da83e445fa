"""The verb ladder named in every output in each language's own words (issues 16 and 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.readers import read_document
from diffing.report import comparison_language, entry_remarks
from diffing.serialize import comparison_to_dict

DATA = Path(__file__).resolve().parent.parent / "data" / "languages"

STRONGER = {
    "fr": "Encourage → Exhorte (strengthened)",
    "es": "Alienta → Insta (strengthened)",
    "ru": "Рекомендует → Настоятельно призывает (strengthened)",
    "zh": "鼓励 → 敦促 (strengthened)",
    "ar": "تشجع → تحث (strengthened)",
}


@pytest.mark.parametrize("code", list(STRONGER))
def test_the_remarks_place_the_verb_change_on_the_languages_ladder(code: str) -> None:
    comparison = compare(
        read_document(DATA / f"{code}_old.txt"), read_document(DATA / f"{code}_new.txt")
    )
    assert comparison_language(comparison) == code
    remarks = [r for e in comparison.entries for r in entry_remarks(e, comparison)]
    assert f"Verb: {STRONGER[code]}" in remarks
    shifts = [
        e["verb_change"]["shift"]
        for e in comparison_to_dict(comparison)["alignment"]
        if e["verb_change"]
    ]
    assert "strengthened" in shifts
