"""What is the same reads as the same; every real change is reported (issue 12) — on texts of
our own: look-alike characters, footnote edits, sponsors, verbs, a split that reuses words."""

from __future__ import annotations

from diffing.compare import compare, sponsors
from diffing.model import (
    DELETE,
    EQUAL,
    INSERT,
    PARAGRAPH_SEPARATOR,
    Comparison,
    Document,
    Footnote,
    FootnoteRef,
    Kind,
    Metadata,
    Paragraph,
    Relation,
    Span,
)
from diffing.report import entry_label, footnote_lines, masthead_lines, summary_line
from diffing.serialize import comparison_to_dict, comparison_to_text
from diffing.worddiff import word_count

NGO = "Encourages non-governmental organizations and Member States to share information;"


def doc(
    *paragraphs: Paragraph, notes: tuple[Footnote, ...] = (), meta: Metadata | None = None
) -> Document:
    return Document("v", meta or Metadata(), paragraphs, notes, structured=True)


def op(text: str, pid: str = "OP1", **kw: object) -> Paragraph:
    return Paragraph(pid, Kind.OPERATIVE, text, number=pid[2:], **kw)  # type: ignore[arg-type]


def test_a_paragraph_that_differs_only_by_look_alike_characters_is_unchanged() -> None:
    variants = [
        NGO.replace("non-", "non\u2011"),
        NGO.replace("Member States", "Member\u00a0States"),
        NGO.replace("information", "infor\u00admation"),
        NGO.replace("to share", "to\u200b share"),
        "\ufeff" + NGO,
    ]
    for variant in variants:
        comparison = compare(doc(op(NGO)), doc(op(variant)))
        (entry,) = comparison.entries
        assert entry.relation is Relation.UNCHANGED, variant
        assert not entry.changed and entry.words_inserted == entry.words_deleted == 0
        # each version keeps its own characters
        assert "".join(t for o, t in entry.diff if o != DELETE) == variant
        assert summary_line(comparison).startswith("no changes")


FOOTNOTE_OLD = "See A/HRC/54/2."
FOOTNOTE_NEW = "See A/HRC/54/2 and Corr.1."
PP = "Taking note of the report of the Human Rights Council on its fifty-fourth session,"


def footnoted(note: str, marker: str = "3") -> Document:
    paragraph = Paragraph(
        "PP1", Kind.PREAMBULAR, PP, footnotes=(FootnoteRef("fn" + marker, len(PP) - 1),)
    )
    return doc(paragraph, notes=(Footnote("fn" + marker, marker, note),))


def test_a_footnote_edit_is_shown_and_counted_in_text_json_and_summary() -> None:
    comparison = compare(footnoted(FOOTNOTE_OLD), footnoted(FOOTNOTE_NEW))
    (entry,) = comparison.entries
    assert entry.relation is Relation.MODIFIED and entry.changed
    (note,) = entry.footnotes
    assert note.changed and (note.words_inserted, note.words_deleted) == (3, 0)
    assert (entry.words_inserted, entry.words_deleted) == (3, 0)
    assert footnote_lines(entry, comparison.options) == [
        "footnote 3: See A/HRC/54/2{+ and Corr.1+}."
    ]
    assert "footnote 3: See A/HRC/54/2{+ and Corr.1+}." in comparison_to_text(comparison)
    data = comparison_to_dict(comparison)
    assert data["summary"]["footnotes_changed"] == 1
    assert data["summary"]["words_inserted"] == 3
    assert data["alignment"][0]["footnotes"][0]["changed"] is True
    assert summary_line(comparison) == "1 modified · 1 footnote · +3/−0 words"


def test_a_footnote_renumbered_or_differing_by_its_rule_line_only_is_not_a_change() -> None:
    ruled = "____________ " + FOOTNOTE_OLD
    for old, new in (
        (footnoted(FOOTNOTE_OLD, "3"), footnoted(FOOTNOTE_OLD, "4")),
        (footnoted(FOOTNOTE_OLD), footnoted(ruled)),
        (footnoted(ruled), footnoted("_____ " + FOOTNOTE_OLD)),
    ):
        comparison = compare(old, new)
        (entry,) = comparison.entries
        assert entry.relation is Relation.UNCHANGED, entry
        assert not comparison.summary.changed


def test_a_footnote_added_or_dropped_is_counted() -> None:
    bare = doc(Paragraph("PP1", Kind.PREAMBULAR, PP))
    added = compare(bare, footnoted(FOOTNOTE_NEW))
    assert (
        added.summary.footnotes_changed == 1
        and added.summary.words_inserted == word_count(FOOTNOTE_NEW) == 8
    )
    assert footnote_lines(added.entries[0], added.options) == [
        "footnote 3 (new): {+See A/HRC/54/2 and Corr.1.+}"
    ]
    dropped = compare(footnoted(FOOTNOTE_NEW), bare)
    assert dropped.summary.words_deleted == 8 and dropped.entries[0].changed


THREE = "Argentina, Brazil and Chile: draft resolution"
FOUR = "Argentina, Brazil, Chile and Uruguay: draft resolution"


def test_a_sponsor_added_or_removed_is_reported_and_changes_the_summary() -> None:
    body = op("Decides to remain seized of the matter.")
    old = doc(body, meta=Metadata(sponsors=THREE))
    new = doc(body, meta=Metadata(sponsors=FOUR))
    added = compare(old, new)
    assert added.summary.changed and added.summary.masthead_changed == ("sponsors",)
    assert masthead_lines(added) == ["sponsors: + Uruguay"]
    assert "sponsors" in summary_line(added)
    assert "sponsors: + Uruguay" in comparison_to_text(added)
    removed = compare(new, old)
    assert masthead_lines(removed) == ["sponsors: − Uruguay"]
    same = compare(old, doc(body, meta=Metadata(sponsors=THREE)))
    assert not same.summary.changed and masthead_lines(same) == []


def test_sponsors_are_read_as_delegations() -> None:
    assert sponsors(THREE) == ("Argentina", "Brazil", "Chile")
    assert sponsors("Bosnia and Herzegovina, Chile and Trinidad and Tobago: draft resolution") == (
        "Bosnia and Herzegovina",
        "Chile",
        "Trinidad and Tobago",
    )


def italic(pid: str, text: str, upto: int, kind: Kind = Kind.OPERATIVE) -> Paragraph:
    return Paragraph(pid, kind, text, italic=(Span(0, upto),))


def verb_of(old: Paragraph, new: Paragraph) -> tuple[str, str] | None:
    (entry,) = compare(doc(old), doc(new)).entries
    return None if entry.verb_change is None else (entry.verb_change.old, entry.verb_change.new)


def test_verbs_are_read_whole_and_change_only_when_the_leading_phrase_does() -> None:
    urges = "Urges States to act without delay;"
    # an italic run that stops inside the verb ("Urge" + "s")
    assert verb_of(italic("OP1", urges, 4), italic("OP1", urges + " ", 5)) is None
    calling = "Calling on States to cooperate fully,"
    assert (
        verb_of(
            italic("PP1", calling, 7, Kind.PREAMBULAR), italic("PP1", calling, 10, Kind.PREAMBULAR)
        )
        is None
    )
    recognizing = "Recognizing also the role of civil society,"
    assert (
        verb_of(
            italic("PP1", recognizing, 11, Kind.PREAMBULAR),
            italic("PP1", recognizing, 16, Kind.PREAMBULAR),
        )
        is None
    )
    assert verb_of(italic("OP1", "Encourages States to act;", 10), italic("OP1", urges, 5)) == (
        "Encourages",
        "Urges",
    )
    assert verb_of(
        italic("PP1", "Recognizing the role of civil society,", 11, Kind.PREAMBULAR),
        italic("PP1", recognizing, 16, Kind.PREAMBULAR),
    ) == ("Recognizing", "Recognizing also")


def test_closing_lines_have_no_leading_verb() -> None:
    old = Paragraph("C1", Kind.CLOSING, "29th plenary meeting", italic=(Span(0, 4),))
    new = Paragraph("C1", Kind.CLOSING, "35th plenary meeting", italic=(Span(0, 4),))
    (entry,) = compare(doc(old), doc(new)).entries
    assert entry.verb_change is None


REINFORCE = (
    "to reinforce their control measures in line with the Protocol and other relevant "
    "international legal instruments, with a view to preventing their diversion"
)
MARKING = (
    "to strengthen their domestic marking and record-keeping regimes and systematically "
    "collect, record and analyse data, including tracing data on recovered and seized firearms"
)


def test_a_split_whose_parts_changed_places_keeps_the_reused_words_unchanged() -> None:
    old = doc(op(f"Urges States parties {REINFORCE}, and encourages them {MARKING};", "OP9"))
    new = doc(
        op(f"Encourages all States {MARKING};", "OP10"),
        op(f"Calls upon States parties {REINFORCE};", "OP11"),
    )
    comparison = compare(old, new)
    (entry,) = comparison.entries
    assert entry.relation is Relation.SPLIT and entry.new == ("OP10", "OP11")
    equal = sum(word_count(t) for o, t in entry.diff if o == EQUAL)
    # one of the two reused runs reads unchanged (the other changed places: deleted, inserted)
    assert equal >= word_count(MARKING), entry.diff
    assert "".join(t for o, t in entry.diff if o != INSERT) == old.paragraphs[0].text
    joined = PARAGRAPH_SEPARATOR.join(p.text for p in new.paragraphs)
    assert "".join(t for o, t in entry.diff if o != DELETE) == joined


def test_a_split_that_also_moved_says_so() -> None:
    first = "Requests the Executive Director to report to the Commission at its next session;"
    old = doc(
        op(f"Urges States parties {REINFORCE}, and encourages them {MARKING};", "OP1"),
        op(first, "OP2"),
        op("Decides to remain seized of the matter and to review it each year;", "OP3"),
    )
    new = doc(
        op(first, "OP1"),
        op("Decides to remain seized of the matter and to review it each year;", "OP2"),
        op(f"Urges States parties {REINFORCE};", "OP3"),
        op(f"Encourages all States {MARKING};", "OP4"),
    )
    comparison: Comparison = compare(old, new)
    split = next(e for e in comparison.entries if e.relation is Relation.SPLIT)
    assert split.moved
    assert entry_label(split, comparison) == "OP1 → OP3 + OP4 (split, moved)"
