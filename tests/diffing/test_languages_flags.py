"""The verb ladder in each official language (issue 17): Invites < Encourages < Calls upon <
Urges < Requests/Decides, in each language's words (its data file's "ladder")."""

from __future__ import annotations

import itertools

import pytest

from diffing.flags import verb_shift

LADDERS = {
    "en": ["Invites", "Encourages", "Calls upon", "Urges", "Requests"],
    "fr": ["Invite", "Encourage", "Demande", "Exhorte", "Prie"],
    "es": ["Invita", "Alienta", "Exhorta", "Insta", "Solicita"],
    "ru": ["Предлагает", "Рекомендует", "Призывает", "Настоятельно призывает", "Просит"],
    "zh": ["邀请", "鼓励", "吁请", "敦促", "请"],
    "ar": ["تدعو", "تشجع", "تهيب", "تحث", "تطلب"],
}


@pytest.mark.parametrize("code", sorted(LADDERS))
def test_each_rung_up_the_ladder_strengthens_and_each_rung_down_weakens(code: str) -> None:
    ladder = LADDERS[code]
    for lower, higher in itertools.pairwise(ladder):
        assert verb_shift(lower, higher, code) == "strengthened", (lower, higher)
        assert verb_shift(higher, lower, code) == "weakened", (higher, lower)


@pytest.mark.parametrize(
    ("code", "old", "new"),
    [
        ("fr", "Encourage également", "Encourage"),
        ("es", "Alienta también", "Alienta"),
        ("ru", "Просит также", "Просит"),
        ("zh", "又请", "请"),
        ("ar", "تطلب أيضا", "تطلب"),
    ],
)
def test_an_adverb_such_as_also_does_not_move_the_verb(code: str, old: str, new: str) -> None:
    assert verb_shift(old, new, code) is None


@pytest.mark.parametrize(
    ("code", "old", "new"),
    [
        ("fr", "Prend note", "Encourage"),  # "takes note" is not on the ladder
        ("zh", "欢迎", "敦促"),
        ("ar", "ترحب", "تحث"),
    ],
)
def test_a_verb_off_the_ladder_is_named_but_neither_stronger_nor_weaker(
    code: str, old: str, new: str
) -> None:
    assert verb_shift(old, new, code) is None


def test_an_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(KeyError):
        verb_shift("Invites", "Urges", "de")
