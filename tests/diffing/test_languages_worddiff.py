"""The word diff in every script (issue 17): Chinese characters, Arabic diacritics, French
spacing."""

from __future__ import annotations

from pathlib import Path

from diffing.compare import compare
from diffing.model import DELETE, EQUAL, INSERT, Relation
from diffing.readers.text import read_text
from diffing.worddiff import diff_with_stats, diff_words, tokenize, word_count

DATA = Path(__file__).resolve().parent.parent / "data" / "languages"


def test_a_chinese_word_inserted_in_a_clause_is_one_inserted_run() -> None:
    ops = diff_words("1. 决定继续处理此案。", "1. 决定继续积极处理此案。")
    assert ops == ((EQUAL, "1. 决定继续"), (INSERT, "积极"), (EQUAL, "处理此案。"))


def test_the_chinese_pair_marks_only_the_inserted_word_and_the_changed_verb() -> None:
    old, new = (
        read_text((DATA / f"zh_{side}.txt").read_bytes(), f"zh_{side}.txt")
        for side in ("old", "new")
    )
    entries = {(e.old, e.new): e for e in compare(old, new).entries}
    last = entries[(("OP4",), ("OP5",))]
    assert last.relation is Relation.MODIFIED
    assert [op for op in last.diff if op[0] != EQUAL] == [(INSERT, "积极")]
    verb = entries[(("OP2",), ("OP3",))]
    assert [op for op in verb.diff if op[0] != EQUAL] == [(DELETE, "鼓励"), (INSERT, "敦促")]


def test_a_longer_chinese_paragraph_with_several_changes_stays_one_modified_paragraph() -> None:
    old = (
        "请联合国毒品和犯罪问题办公室在现有资源范围内继续向会员国提供技术援助，"
        "以加强其打击非法药物贩运的能力，并就此向委员会第六十九届会议提交报告；"
    )
    new = (
        "请联合国毒品和犯罪问题办公室在预算外资源范围内继续向会员国特别是发展中国家提供技术援助，"
        "以加强其打击非法药物贩运和有组织犯罪的能力，并就此向委员会第七十届会议提交报告；"
    )
    ops, stats = diff_with_stats(old, new)
    assert stats.changed
    assert stats.similarity > 0.7
    # most of the text is marked as kept, not the whole clause deleted and inserted again
    kept = "".join(text for op, text in ops if op == EQUAL)
    assert len(kept) > 0.7 * len(old)
    assert (INSERT, "特别是发展中国家") in ops


def test_chinese_characters_count_one_word_each() -> None:
    assert word_count("决定继续处理此案。") == 8
    assert tokenize("请会员国") == ["请", "会", "员", "国"]


def test_arabic_words_keep_their_diacritics() -> None:
    # a vowel sign belongs to its word: the change is the word, not a stray mark
    assert tokenize("تُطالِبُ الدولَ") == ["تُطالِبُ", " ", "الدولَ"]
    ops = diff_words("تطالب الدول الأعضاء", "تطالب الدولَ الأعضاء")
    assert ops == ((EQUAL, "تطالب "), (DELETE, "الدول"), (INSERT, "الدولَ"), (EQUAL, " الأعضاء"))
    assert word_count("تُطالِبُ الدولَ الأعضاءَ") == 3


def test_french_spacing_before_punctuation_reads_as_a_space() -> None:
    normal = "Prie les États Membres de renforcer leur coopération ; et : quoi ? oui !"
    for space in ("\u00a0", "\u202f"):
        spaced = normal.replace(" ;", f"{space};").replace(" :", f"{space}:")
        spaced = spaced.replace(" ?", f"{space}?").replace(" !", f"{space}!")
        ops, stats = diff_with_stats(normal, spaced)
        assert not stats.changed, space
        assert stats.similarity == 1.0
        assert stats.words_inserted == stats.words_deleted == 0
        # only the blanks themselves are told apart (so both texts rebuild), never a word
        assert all(op == EQUAL or not text.strip() for op, text in ops)


def test_the_french_pair_with_two_kinds_of_no_break_space_shows_no_spacing_change() -> None:
    old, new = (
        read_text((DATA / f"fr_{side}.txt").read_bytes(), f"fr_{side}.txt")
        for side in ("old", "new")
    )
    assert "\u00a0;" in (DATA / "fr_old.txt").read_text(encoding="utf-8")
    assert "\u202f;" in (DATA / "fr_new.txt").read_text(encoding="utf-8")
    entries = {(e.old, e.new): e for e in compare(old, new).entries}
    assert entries[(("OP1",), ("OP1",))].relation is Relation.UNCHANGED
    assert entries[(("OP3",), ("OP4",))].relation is Relation.UNCHANGED
