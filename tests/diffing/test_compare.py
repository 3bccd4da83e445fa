"""Comparing real versions: the 10/2 draft against its successor 11/6, and corpus basics."""

from __future__ import annotations

from functools import cache

import pytest

from diffing.compare import compare
from diffing.errors import Cancelled
from diffing.model import (
    DELETE,
    EQUAL,
    INSERT,
    PARAGRAPH_SEPARATOR,
    AlignedEntry,
    Comparison,
    DiffOptions,
    Document,
    Footnote,
    FootnoteRef,
    Kind,
    ManualLink,
    Paragraph,
    Relation,
)
from diffing.readers import read_document
from tests.helpers import corpus


@cache
def read(path: object) -> Document:
    return read_document(path)  # type: ignore[arg-type]


@cache
def cop() -> Comparison:
    return compare(read(corpus.COP_10_2_DRAFT), read(corpus.COP_11_6))


def entry_with(
    comparison: Comparison, *, old: str | None = None, new: str | None = None
) -> AlignedEntry:
    for entry in comparison.entries:
        if (old is None or old in entry.old) and (new is None or new in entry.new):
            return entry
    raise AssertionError(f"no entry with old={old} new={new}")


def pairs(comparison: Comparison) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    return {(e.old, e.new) for e in comparison.entries if e.old and e.new}


def test_every_paragraph_is_in_exactly_one_entry() -> None:
    for old_path, new_path in [
        (corpus.COP_10_2_DRAFT, corpus.COP_11_6),
        (corpus.COP_11_6, corpus.COP_10_2_DRAFT),
        (corpus.CND_L4_DRAFT, corpus.CND_60_2),
        (corpus.REPORT, corpus.REPORT),
    ]:
        old, new = read(old_path), read(new_path)
        comparison = compare(old, new)
        old_ids = [i for e in comparison.entries for i in e.old]
        new_ids = [i for e in comparison.entries for i in e.new]
        assert sorted(old_ids) == sorted(p.id for p in old.paragraphs)
        assert sorted(new_ids) == sorted(p.id for p in new.paragraphs)
        # Reading order of the new text.
        assert [i for i in new_ids] == [p.id for p in new.paragraphs]


def test_the_diff_of_every_entry_rebuilds_both_texts() -> None:
    comparison = cop()
    old_text = {p.id: p.text for p in comparison.old.paragraphs}
    new_text = {p.id: p.text for p in comparison.new.paragraphs}
    for entry in comparison.entries:
        old = "".join(t for op, t in entry.diff if op in (EQUAL, DELETE))
        new = "".join(t for op, t in entry.diff if op in (EQUAL, INSERT))
        assert old == PARAGRAPH_SEPARATOR.join(old_text[i] for i in entry.old)
        assert new == PARAGRAPH_SEPARATOR.join(new_text[i] for i in entry.new)


def test_renumbered_operative_paragraphs_pair_as_a_drafter_would() -> None:
    comparison = cop()
    found = pairs(comparison)
    expected = [(3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (8, 9), (13, 14), (14, 15), (15, 16)]
    expected += [(16, 17), (17, 18), (18, 19), (19, 20), (20, 21), (21, 22), (22, 24)]
    expected += [(23, 26), (24, 27)]
    for old, new in expected:
        assert ((f"OP{old}",), (f"OP{new}",)) in found, (old, new)
    # OP19 -> OP20 has the same words: renumbering is not a change.
    unchanged = entry_with(comparison, old="OP19")
    assert unchanged.relation is Relation.UNCHANGED and not unchanged.changed
    assert unchanged.diff == ((EQUAL, comparison.new.paragraph("OP20").text),)


def test_op9_is_split_into_op10_and_op11() -> None:
    entry = entry_with(cop(), old="OP9")
    assert entry.relation is Relation.SPLIT
    assert entry.new == ("OP10", "OP11")


def test_the_reworded_covid_paragraph_is_paired_and_its_verb_change_reported() -> None:
    comparison = cop()
    entry = entry_with(comparison, new="PP11")
    assert comparison.old.paragraph(entry.old[0]).text.startswith("Aware of recent challenges")
    assert comparison.new.paragraph("PP11").text.startswith("Taking into consideration")
    assert entry.relation is Relation.MODIFIED
    assert entry.verb_change is not None
    assert entry.verb_change.old == "Aware"
    assert entry.verb_change.new.startswith("Taking into consideration")
    welcoming = entry_with(comparison, new="PP12")
    assert welcoming.verb_change is not None
    assert (welcoming.verb_change.old, welcoming.verb_change.new) == (
        "Welcoming",
        "Noting with appreciation",
    )


def test_new_paragraphs_of_11_6_are_inserted() -> None:
    comparison = cop()
    for new_id, start in [
        ("PP3", "Recalling Commission on Narcotic Drugs resolution 65/2"),
        ("PP4", "Taking note of the report of the Eighth Biennial Meeting"),
        ("OP3", "Urges States parties to the Firearms Protocol to enhance"),
        ("OP23", "Encourages States parties to seek the support"),
    ]:
        assert comparison.new.paragraph(new_id).text.startswith(start)
        entry = entry_with(comparison, new=new_id)
        assert entry.relation is Relation.INSERTED, new_id
        assert entry.diff == ((INSERT, comparison.new.paragraph(new_id).text),)


def test_near_duplicate_recalling_paragraphs_do_not_cross_pair() -> None:
    comparison = cop()
    # 10/2 PP2 "Recalling the functions assigned to it in article 32" is 11/6 PP1, and 10/2
    # PP17 "Recalling article 32 of the Convention, pursuant to which..." has no successor.
    assert entry_with(comparison, old="PP2").new == ("PP1",)
    assert entry_with(comparison, old="PP3").new == ("PP2",)
    assert entry_with(comparison, old="PP17").relation is Relation.DELETED


def test_deletions_stand_where_they_stood_and_summary_counts_them() -> None:
    comparison = cop()
    order = [(e.old, e.new) for e in comparison.entries]
    first_pp = order.index((("PP1",), ()))
    assert order[first_pp - 1] == (("opening",), ("opening",))
    summary = comparison.summary
    assert summary.count(Relation.INSERTED) == sum(
        1 for e in comparison.entries if e.relation is Relation.INSERTED
    )
    assert summary.count(Relation.SPLIT) == 1
    assert summary.words_inserted > summary.words_deleted > 0
    assert sum(n for _, n in summary.counts) == len(comparison.entries)


def test_a_forced_link_and_an_unlink_are_honoured_and_flagged_manual() -> None:
    old, new = read(corpus.COP_10_2_DRAFT), read(corpus.COP_11_6)
    comparison = compare(
        old,
        new,
        links=[
            ManualLink(("OP10", "OP11"), ("OP12",)),
            ManualLink(("PP10",), ("PP11",), unlink=True),
        ],
    )
    merged = entry_with(comparison, new="OP12")
    assert merged.manual and merged.relation is Relation.MERGED
    assert merged.old == ("OP10", "OP11")
    assert not any("PP10" in e.old and "PP11" in e.new for e in comparison.entries)
    assert entry_with(comparison, new="PP11").manual is False


def test_cancel_stops_the_comparison() -> None:
    with pytest.raises(Cancelled):
        compare(read(corpus.COP_10_2_DRAFT), read(corpus.COP_11_6), cancel=lambda: True)


def test_progress_reaches_its_total() -> None:
    seen: list[tuple[int, int]] = []
    compare(
        read(corpus.COP_10_2_DRAFT),
        read(corpus.COP_11_6),
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[0][0] == 0
    assert seen[-1][0] == seen[-1][1] > 0


def test_a_document_compared_with_itself_is_all_unchanged() -> None:
    for path in corpus.ALL:
        document = read(path)
        comparison = compare(document, document)
        assert all(e.relation is Relation.UNCHANGED for e in comparison.entries), path
        assert comparison.summary.words_inserted == comparison.summary.words_deleted == 0


def test_manual_links_can_declare_a_paragraph_new_and_stale_ids_are_ignored() -> None:
    old, new = read(corpus.COP_10_2_DRAFT), read(corpus.COP_11_6)
    comparison = compare(
        old,
        new,
        links=[
            ManualLink((), ("PP11",)),  # "this is a new paragraph, not the old COVID one"
            ManualLink(("PP99",), ("OP99",)),  # ids of another version: nothing to do
        ],
    )
    entry = entry_with(comparison, new="PP11")
    assert entry.relation is Relation.INSERTED and entry.manual
    covid = entry_with(comparison, old="PP10")
    assert covid.relation is Relation.DELETED and not covid.manual
    assert len(comparison.entries) == len(cop().entries) + 1


def test_cancel_during_the_word_diffs_stops_too() -> None:
    old, new = read(corpus.COP_10_2_DRAFT), read(corpus.COP_11_6)
    asked: list[int] = []
    compare(old, new, cancel=lambda: asked.append(1) is None and False)
    total = len(asked)
    assert total >= 2
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls == total  # the last question is asked while diffing the entries

    with pytest.raises(Cancelled):
        compare(old, new, cancel=cancel)


def test_ignore_case_makes_a_case_only_change_unchanged_but_keeps_the_exact_texts() -> None:
    old = read(corpus.CND_60_2)
    first = old.paragraphs[2]
    changed = first._replace(text=first.text.upper())
    new = old._replace(paragraphs=(*old.paragraphs[:2], changed, *old.paragraphs[3:]))
    strict = entry_with(compare(old, new), new=first.id)
    assert strict.relation is Relation.MODIFIED and strict.changed
    relaxed = entry_with(compare(old, new, DiffOptions(ignore_case=True)), new=first.id)
    assert relaxed.relation is Relation.UNCHANGED and not relaxed.changed
    assert "".join(t for op, t in relaxed.diff if op != DELETE) == changed.text
    assert "".join(t for op, t in relaxed.diff if op != INSERT) == first.text


def doc(*paragraphs: Paragraph) -> Document:
    return Document("test", paragraphs=paragraphs, structured=True)


def test_a_title_never_pairs_with_a_body_paragraph() -> None:
    old = doc(
        Paragraph("title", Kind.TITLE, "Strengthening cooperation against firearms trafficking"),
        Paragraph("PP1", Kind.PREAMBULAR, "Recalling its resolution 10/2,"),
    )
    new = doc(
        Paragraph("PP1", Kind.PREAMBULAR, "Recalling its resolution 10/2,"),
        Paragraph(
            "PP2", Kind.PREAMBULAR, "Strengthening cooperation against firearms trafficking,"
        ),
    )
    relations = {(e.old, e.new): e.relation for e in compare(old, new).entries}
    assert relations[(("title",), ())] is Relation.DELETED
    assert relations[((), ("PP2",))] is Relation.INSERTED


def test_verb_change_without_italics_uses_the_leading_phrase() -> None:
    old = doc(Paragraph("PP1", Kind.PREAMBULAR, "Welcoming the efforts of the Office,"))
    new = doc(
        Paragraph("PP1", Kind.PREAMBULAR, "Noting with appreciation the efforts of the Office,")
    )
    entry = compare(old, new).entries[0]
    assert entry.verb_change is not None
    assert (entry.verb_change.old, entry.verb_change.new) == (
        "Welcoming",
        "Noting with appreciation",
    )
    same = compare(old, old).entries[0]
    assert same.verb_change is None


def test_a_changed_footnote_marks_an_otherwise_identical_paragraph_changed() -> None:
    text = "Recalling the Convention against Transnational Organized Crime,"
    cited = Paragraph("PP1", Kind.PREAMBULAR, text, footnotes=(FootnoteRef("1", 62),))

    def version(note: str, number: str) -> Document:
        paragraph = cited._replace(footnotes=(FootnoteRef(number, 62),))
        return Document("v", paragraphs=(paragraph,), footnotes=(Footnote(number, number, note),))

    old = version("United Nations, Treaty Series, vol. 2225, No. 39574.", "1")
    renumbered = version("United Nations, *Treaty Series*, vol. 2225, No. 39574.", "3")
    other = version("United Nations, Treaty Series, vol. 2326, No. 39574.", "1")
    assert compare(old, renumbered).entries[0].relation is Relation.UNCHANGED
    entry = compare(old, other).entries[0]
    assert entry.changed and entry.relation is Relation.MODIFIED
    assert entry.diff == ((EQUAL, text),)
    assert not compare(old, other, DiffOptions(ignore_footnotes=True)).entries[0].changed


def test_the_later_of_two_contradicting_links_wins() -> None:
    old, new = read(corpus.COP_10_2_DRAFT), read(corpus.COP_11_6)
    first, later = ManualLink(("OP3",), ("OP5",)), ManualLink(("OP3",), ("OP6",))
    assert entry_with(compare(old, new, links=[first, later]), old="OP3").new == ("OP6",)
    assert entry_with(compare(old, new, links=[later, first]), old="OP3").new == ("OP5",)
    undone = [first, ManualLink(("OP3",), ("OP5",), unlink=True)]
    entry = entry_with(compare(old, new, links=undone), old="OP3")
    assert entry.new == ("OP4",) and not entry.manual  # back to the automatic pairing


def test_text_redline_shows_ignored_differences_as_the_new_text_unmarked() -> None:
    from diffing.serialize import comparison_to_text

    old = doc(Paragraph("PP1", Kind.PREAMBULAR, "Recalling, its resolution 5/4 of 2010,"))
    new = doc(Paragraph("PP1", Kind.PREAMBULAR, "Recalling its Resolution 5/4 of 2010;"))
    relaxed = comparison_to_text(
        compare(old, new, DiffOptions(ignore_case=True, ignore_punctuation=True))
    )
    assert "## PP1\nRecalling its Resolution 5/4 of 2010;\n" in relaxed
    strict = comparison_to_text(compare(old, new))
    assert "## PP1 (modified)\nRecalling[-,-] its [-resolution-]{+Resolution+} 5/4" in strict
