"""The six official languages: detection and each language's words, kept as data (issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diffing import language as language_module
from diffing.language import CODES, detect_language, language

DATA = Path(__file__).resolve().parent.parent / "data" / "languages"


@pytest.mark.parametrize("code", ["fr", "es", "ru", "zh", "ar"])
def test_each_sample_is_told_in_its_language(code: str) -> None:
    for side in ("old", "new"):
        text = (DATA / f"{code}_{side}.txt").read_text(encoding="utf-8")
        assert detect_language(text) == code


def test_an_english_text_with_a_french_name_is_english() -> None:
    text = "The General Assembly,\n\nWelcoming the report of the Conseil d’État of France,\n"
    assert detect_language(text) == "en"
    assert detect_language("") == "en"


@pytest.mark.parametrize("code", CODES)
def test_every_language_file_loads_with_its_words(code: str) -> None:
    words = language(code)
    assert words.code == code
    assert words.preambular and words.operative and words.ladder and words.closing
    # Longest first, so "Profondément préoccupée" wins over "Préoccupée".
    assert list(words.operative) == sorted(words.operative, key=len, reverse=True)


@pytest.mark.parametrize(
    ("code", "text", "kind", "lead"),
    [
        (
            "fr",
            "Profondément préoccupée par la situation,",
            "preambular",
            "Profondément préoccupée",
        ),
        ("fr", "Prie instamment les États de coopérer ;", "operative", "Prie instamment"),
        (
            "es",
            "Acogiendo con beneplácito la labor de la Oficina,",
            "preambular",
            "Acogiendo con beneplácito",
        ),
        ("es", "Insta a los Estados a que cooperen;", "operative", "Insta"),
        ("ru", "ссылаясь на свою резолюцию 79/1,", "preambular", "ссылаясь"),
        ("ru", "Настоятельно призывает государства;", "operative", "Настоятельно призывает"),
        ("zh", "深为关切药物贩运与有组织犯罪之间的联系，", "preambular", "深为关切"),
        ("zh", "又请秘书长提交报告；", "operative", "又请"),
        ("ar", "وإذ تشير إلى قرارها 79/1،", "preambular", "وإذ تشير"),
        ("ar", "تحث الدول على تبادل المعلومات؛", "operative", "تحث"),
    ],
)
def test_leads_are_read_whole_in_each_language(code: str, text: str, kind: str, lead: str) -> None:
    assert language(code).lead(text) == (kind, lead)


def test_a_lead_must_end_a_word() -> None:
    # "Invitent" is not "Invite", "Notables" not "Note".
    assert language("fr").lead("Invitent les États,") is None
    assert language("es").lead("Insta a los Estados;") is not None
    assert language("es").lead("Instalaciones nuevas,") is None


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("fr", "69e séance plénière"),
        ("fr", "19 décembre 2023"),
        ("es", "69ª sesión plenaria"),
        ("es", "19 de diciembre de 2023"),
        ("ru", "69-е пленарное заседание"),
        ("ru", "19 декабря 2023 года"),
        ("zh", "第69次全体会议"),
        ("zh", "2023年12月19日"),
        ("ar", "الجلسة العامة 69"),
    ],
)
def test_closing_lines_in_each_language(code: str, line: str) -> None:
    assert language(code).is_closing(line)


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("fr", "L’Assemblée générale,"),
        ("fr", "La Commission des stupéfiants,"),
        ("es", "La Asamblea General,"),
        ("ru", "Генеральная Ассамблея,"),
        ("zh", "大会，"),
        ("ar", "إن الجمعية العامة،"),
    ],
)
def test_opening_lines_in_each_language(code: str, line: str) -> None:
    assert language(code).is_opening(line)


@pytest.mark.parametrize(
    ("code", "weaker", "stronger"),
    [
        ("fr", "Encourage", "Exhorte"),
        ("fr", "Invite également", "Prie"),
        ("es", "Alienta", "Insta"),
        ("ru", "Рекомендует", "Настоятельно призывает"),
        ("zh", "鼓励", "敦促"),
        ("ar", "تشجع", "تحث"),
    ],
)
def test_the_verb_ladder_in_each_language(code: str, weaker: str, stronger: str) -> None:
    words = language(code)
    low, high = words.rung(weaker), words.rung(stronger)
    assert low is not None and high is not None and low < high


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(KeyError):
        language("de")


_SCRIPT_EDGES = "ab ,’”\u3400\u4dbf\u4e00\u9fff\u0600\u06ff\u0750\u077f\u0400\u04ff\u0500\u3000"
"""Latin letters, stops and quotes, and the first and last characters of each script's ranges
with their neighbours outside."""


@given(st.text(alphabet=st.sampled_from(_SCRIPT_EDGES)))
def test_script_letters_counted_as_the_scripts_patterns_count_them(text: str) -> None:
    # a text tells its scripts by the characters it holds; each count is the pattern's
    expected = {
        script: sum(map(len, re.findall(f"[{ranges}]+", text)))
        for script, ranges in language_module._SCRIPTS.items()
    }
    assert dict(language_module._script_counts(text)) == expected


@given(
    st.text("ab Éé_1²'’-.,\n\t\u00a0\u0301\u0435\u4e00\u0627ſ();“”/–9", max_size=80),
    st.integers(min_value=1, max_value=12),
)
def test_the_words_weighed_are_the_first_runs_of_letters(text: str, count: int) -> None:
    # the stopwords are counted among these: the first runs of letters, whatever splits them
    expected = re.findall(r"[^\W\d_]+", text)[:count]
    assert language_module._first_words(text, count) == expected
