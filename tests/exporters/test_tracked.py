"""Tracked-change .docx: Accept All gives the new version and Reject All the old one, exactly,
for every kind of change a negotiator makes; and the XML is what Word expects."""

from __future__ import annotations

import pytest
from lxml import etree

from diffing.compare import compare
from diffing.model import Comment, Comparison, Kind, Relation
from diffing.readers import read_document
from exporters.tracked import build_tracked_docx
from tests.exporters.cases import by_id, doc, edit_document, entry, para
from tests.helpers import corpus
from tests.helpers.ooxml import ACCEPT, REJECT, expected_paragraphs, parts, problems, replay, w

DATE = "2024-03-18T10:00:00Z"


def export(comparison: Comparison, **options: object) -> bytes:
    data = build_tracked_docx(comparison, author="Tester", date=DATE, **options)  # type: ignore[arg-type]
    assert problems(data) == []
    assert replay(data, ACCEPT) == expected_paragraphs(comparison.new)
    assert replay(data, REJECT) == expected_paragraphs(comparison.old)
    return data


def body(data: bytes) -> etree._Element:
    return parts(data)["word/document.xml"]


def texts(root: etree._Element, path: str) -> list[str]:
    return ["".join(e.itertext()) for e in root.iterfind(path, {"w": w("")[1:-1]})]


NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def test_cop_10_2_to_11_6_replays_exactly_both_ways() -> None:
    old = read_document(corpus.COP_10_2_DRAFT)
    new = read_document(corpus.COP_11_6)
    data = export(compare(old, new))
    root = body(data)
    # word-level: most paragraphs are edited in place, not deleted and re-inserted
    whole = root.xpath("//w:p[w:pPr/w:rPr/w:del]", namespaces=NS)
    assert len(whole) < len(old.paragraphs) // 3
    # renumbered operative paragraphs: old number deleted, new number inserted
    deleted_numbers = root.xpath("//w:del//w:delText/text()", namespaces=NS)
    inserted_numbers = root.xpath("//w:ins//w:t/text()", namespaces=NS)
    assert any(t.rstrip(".").isdigit() for t in deleted_numbers)
    assert any(t.rstrip(".").isdigit() for t in inserted_numbers)
    # real footnotes
    notes = parts(data)["word/footnotes.xml"]
    assert len(notes.xpath("//w:footnote[not(@w:type)]", namespaces=NS)) >= len(
        [p for p in new.paragraphs if p.footnotes]
    )


def test_split_inserts_a_paragraph_mark() -> None:
    old = doc(para("OP1", "Requests the Office to report, and invites States to cooperate;"))
    new = doc(
        para("OP1", "Requests the Office to report;"),
        para("OP2", "Invites States to cooperate;"),
    )
    comparison = Comparison(old, new, (entry(Relation.SPLIT, ("OP1",), ("OP1", "OP2")),))
    root = body(export(comparison))
    marks = root.xpath("//w:p/w:pPr/w:rPr/w:ins", namespaces=NS)
    assert len(marks) == 1  # the boundary that only the new version has


def test_merge_deletes_a_paragraph_mark() -> None:
    old = doc(para("OP1", "Requests the Office to report;"), para("OP2", "Invites States;"))
    new = doc(para("OP1", "Requests the Office to report and invites States;"))
    comparison = Comparison(old, new, (entry(Relation.MERGED, ("OP1", "OP2"), ("OP1",)),))
    root = body(export(comparison))
    assert len(root.xpath("//w:p/w:pPr/w:rPr/w:del", namespaces=NS)) == 1
    # the second number disappears with the boundary
    assert "2." in root.xpath("//w:del//w:delText/text()", namespaces=NS)


def _moved() -> Comparison:
    old = doc(
        para("OP1", "Welcomes the report;", italic=8),
        para("OP2", "Urges States to act;", italic=5),
        para("OP3", "Decides to remain seized of the matter."),
    )
    new = doc(
        para("OP1", "Urges States to act;", italic=5),
        para("OP2", "Welcomes the report;", italic=8),
        para("OP3", "Decides to remain seized of the matter."),
    )
    return Comparison(
        old,
        new,
        (
            entry(Relation.MOVED, ("OP2",), ("OP1",)),
            entry(Relation.MOVED, ("OP1",), ("OP2",)),
            entry(Relation.UNCHANGED, ("OP3",), ("OP3",)),
        ),
    )


def test_unchanged_move_is_a_native_move_with_paired_ranges() -> None:
    root = body(export(_moved()))
    starts_from = root.xpath("//w:moveFromRangeStart/@w:name", namespaces=NS)
    starts_to = root.xpath("//w:moveToRangeStart/@w:name", namespaces=NS)
    assert starts_from and sorted(starts_from) == sorted(starts_to)
    moved_text = "".join(root.xpath("//w:moveTo//w:t/text()", namespaces=NS))
    assert "Urges States to act;" in moved_text or "Welcomes the report;" in moved_text
    assert not root.xpath("//w:moveFrom//w:delText", namespaces=NS)
    # numbers are outside the move: renumbering is its own tracked change
    assert not root.xpath("//w:moveFrom//w:t[.='1.' or .='2.']", namespaces=NS)


def test_moves_can_be_written_as_delete_and_insert() -> None:
    root = body(export(_moved(), moves=False))
    assert not root.xpath("//w:moveFrom | //w:moveTo", namespaces=NS)
    assert "Welcomes the report;" in "".join(root.xpath("//w:del//w:delText/text()", namespaces=NS))


def test_moved_and_edited_paragraph_is_delete_plus_insert() -> None:
    old = doc(para("OP1", "Welcomes the report;"), para("OP2", "Urges States to act;"))
    new = doc(para("OP1", "Urges all States to act;"), para("OP2", "Welcomes the report;"))
    comparison = Comparison(
        old,
        new,
        (
            entry(Relation.MOVED, ("OP2",), ("OP1",)),
            entry(Relation.UNCHANGED, ("OP1",), ("OP2",)),
        ),
    )
    root = body(export(comparison))
    assert not root.xpath("//w:moveFrom//w:t[contains(., 'Urges')]", namespaces=NS)
    assert not root.xpath("//w:moveFrom[.//w:ins] | //w:moveTo[.//w:del]", namespaces=NS)


def test_renumbered_paragraph_shows_number_change_only() -> None:
    old = doc(para("OP4", "Requests the Secretariat to report."))
    new = doc(para("OP5", "Requests the Secretariat to report."))
    root = body(export(Comparison(old, new, (entry(Relation.UNCHANGED, ("OP4",), ("OP5",)),))))
    assert root.xpath("//w:del//w:delText/text()", namespaces=NS) == ["4."]
    assert root.xpath("//w:ins//w:t/text()", namespaces=NS) == ["5."]


def test_sub_paragraph_letters_are_text() -> None:
    old = doc(para("OP1(a)", "to report;", Kind.SUBPARAGRAPH, number="a"))
    new = doc(para("OP1(b)", "to report;", Kind.SUBPARAGRAPH, number="b"))
    root = body(
        export(Comparison(old, new, (entry(Relation.UNCHANGED, ("OP1(a)",), ("OP1(b)",)),)))
    )
    assert root.xpath("//w:del//w:delText/text()", namespaces=NS) == ["(a)"]


def test_footnote_text_change_is_tracked_inside_the_footnote() -> None:
    old = doc(
        para("PP1", "Recalling the Convention,", Kind.PREAMBULAR, notes=(("1", 24),)),
        footnotes={"1": "United Nations, Treaty Series, vol. 2225."},
    )
    new = doc(
        para("PP1", "Recalling the Convention,", Kind.PREAMBULAR, notes=(("1", 24),)),
        footnotes={"1": "United Nations, Treaty Series, vol. 2326."},
    )
    data = export(by_id(old, new))
    notes = parts(data)["word/footnotes.xml"]
    assert notes.xpath("//w:footnote//w:del//w:delText/text()", namespaces=NS) == ["2225"]
    assert notes.xpath("//w:footnote//w:ins//w:t/text()", namespaces=NS) == ["2326"]
    # the reference itself is unchanged
    assert not body(data).xpath("//w:del//w:footnoteReference", namespaces=NS)


def test_deleted_footnote_keeps_its_definition_for_reject() -> None:
    old = doc(
        para("PP1", "Recalling the Convention,", Kind.PREAMBULAR, notes=(("1", 24),)),
        footnotes={"1": "Treaty Series, vol. 2225."},
    )
    new = doc(para("PP1", "Recalling the Convention,", Kind.PREAMBULAR))
    data = export(by_id(old, new))
    ref = body(data).xpath("//w:del//w:footnoteReference/@w:id", namespaces=NS)
    assert len(ref) == 1
    notes = parts(data)["word/footnotes.xml"]
    kept = notes.xpath(f"//w:footnote[@w:id='{ref[0]}']//w:delText/text()", namespaces=NS)
    assert "".join(kept) == "Treaty Series, vol. 2225."


def test_invalid_xml_characters_are_stripped_and_replay_matches_the_clean_text() -> None:
    old = doc(para("OP1", "Requests\x00 the\x0b Office\ud800 to report;"))
    new = doc(para("OP1", "Requests the\x1f Office to report\ufffe;"))
    export(by_id(old, new))


@pytest.mark.parametrize(
    ("old_ids", "new_ids"),
    [
        (("OP1", "OP2"), ("OP1", "OP2", "OP9")),  # inserted last paragraph
        (("OP1", "OP2", "OP8"), ("OP1", "OP2")),  # deleted last paragraph
        (("OP1", "OP8"), ("OP1", "OP9")),  # both at the end
        (("OP8",), ("OP9",)),  # nothing in common
        (("OP7", "OP8"), ("OP9",)),
        ((), ("OP9",)),
    ],
)
def test_document_ends_with_inserted_or_deleted_paragraphs(
    old_ids: tuple[str, ...], new_ids: tuple[str, ...]
) -> None:
    text = {
        "OP1": "Welcomes;",
        "OP2": "Urges;",
        "OP7": "Notes;",
        "OP8": "Decides.",
        "OP9": "Requests.",
    }
    old = doc(*(para(i, text[i]) for i in old_ids))
    new = doc(*(para(i, text[i]) for i in new_ids))
    export(by_id(old, new))


def test_comments_anchor_on_their_paragraphs_including_deleted_ones() -> None:
    old = doc(para("OP1", "Welcomes the report;"), para("OP2", "Urges States to act;"))
    new = doc(para("OP1", "Welcomes the report;"))
    comments = (
        Comment("OP1", "new", "EU", "Agreed ad ref."),
        Comment("OP2", "old", "G77", "Deletion not agreed."),
    )
    data = export(by_id(old, new), comments=comments)
    xml = parts(data)
    texts_ = xml["word/comments.xml"].xpath("//w:comment//w:t/text()", namespaces=NS)
    assert texts_ == ["Agreed ad ref.", "Deletion not agreed."]
    authors = xml["word/comments.xml"].xpath("//w:comment/@w:author", namespaces=NS)
    assert authors == ["EU", "G77"]
    # the G77 comment wraps the deleted text of OP2
    for paragraph in xml["word/document.xml"].iterfind(".//w:p", NS):
        if "Urges" in "".join(paragraph.itertext()):
            assert paragraph.xpath("w:commentRangeStart", namespaces=NS)
            assert paragraph.xpath("w:r/w:commentReference", namespaces=NS)


def test_italic_leading_words_and_styles() -> None:
    old = doc(
        para("title", "Strengthening cooperation", Kind.TITLE),
        para("PP1", "Recalling its resolution 9/1,", Kind.PREAMBULAR, italic=9),
        para("OP1", "Encourages States to act;", italic=10),
    )
    new = doc(
        para("title", "Strengthening cooperation", Kind.TITLE),
        para("PP1", "Recalling also its resolution 9/1,", Kind.PREAMBULAR, italic=14),
        para("OP1", "Urges States to act;", italic=5),
    )
    root = body(export(by_id(old, new)))
    italic = root.xpath("//w:r[w:rPr/w:i]//text()", namespaces=NS)
    assert "Recalling" in "".join(italic)
    assert "Urges" in "".join(italic)
    styles = root.xpath("//w:pStyle/@w:val", namespaces=NS)
    assert styles == ["ResTitle", "ResPreambular", "ResOperative"]


def test_masthead_lines_are_tracked_too() -> None:
    old = doc(
        para("OP1", "Decides."), symbol="E/CN.7/2022/L.4", sponsors="Mexico: draft resolution"
    )
    new = doc(para("OP1", "Decides."), symbol="E/CN.7/2022/L.4/Rev.1")
    export(by_id(old, new))


def test_entries_that_miss_or_repeat_paragraphs_still_replay_exactly() -> None:
    old = doc(para("OP1", "A b c;"), para("OP2", "D e f;"), para("OP3", "G h i."))
    new = doc(para("OP1", "G h i;"), para("OP2", "A b x;"), para("OP3", "New."))
    comparison = Comparison(
        old,
        new,
        (
            entry(Relation.MODIFIED, ("OP3",), ("OP1",)),  # crosses the next one
            entry(Relation.MODIFIED, ("OP1",), ("OP2",)),
            entry(Relation.MODIFIED, ("OP1", "nope"), ("OP2",)),  # repeated, unknown id
        ),
    )
    export(comparison)


def test_wrong_diff_in_an_entry_does_not_leak_into_the_export() -> None:
    old = doc(para("OP1", "Requests the Office;"))
    new = doc(para("OP1", "Requests the Secretariat;"))
    bad = entry(Relation.MODIFIED, ("OP1",), ("OP1",))
    bad = type(bad)(bad.relation, bad.old, bad.new, 0.5, diff=(("=", "Something else"),))
    export(Comparison(old, new, (bad,)))


@pytest.mark.parametrize("path", corpus.ALL, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("seed", [1, 2])
def test_edited_corpus_documents_ground_truth_and_engine(path: object, seed: int) -> None:
    edited = edit_document(read_document(path), seed)  # type: ignore[arg-type]
    export(edited.truth)
    export(compare(edited.old, edited.new))


def test_same_inputs_same_bytes_and_date_author_are_used() -> None:
    comparison = _moved()
    first = build_tracked_docx(comparison, author="Tester", date=DATE)
    assert first == build_tracked_docx(comparison, author="Tester", date=DATE)
    other = build_tracked_docx(comparison, author="Tester", date="2025-01-01T00:00:00Z")
    assert other != first
    root = body(first)
    assert set(root.xpath("//@w:author", namespaces=NS)) == {"Tester"}
    assert set(root.xpath("//@w:date", namespaces=NS)) == {DATE}


def test_python_docx_opens_the_export_with_styles_and_footnotes() -> None:
    import io

    import docx

    old = read_document(corpus.COP_10_2_DRAFT)
    new = read_document(corpus.COP_11_6)
    data = export(compare(old, new))
    document = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in document.paragraphs if p.style is not None}
    assert {"Resolution title", "Preambular paragraph", "Operative paragraph"} <= styles
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (
        docx.shared.Twips(11906),
        docx.shared.Twips(16838),
    )


STYLE_OF_KIND = {
    Kind.TITLE: "ResTitle",
    Kind.OPENING: "ResOpening",
    Kind.PREAMBULAR: "ResPreambular",
    Kind.OPERATIVE: "ResOperative",
    Kind.SUBPARAGRAPH: "ResSubparagraph",
    Kind.OTHER: "ResOther",
}


@pytest.mark.parametrize("seed", [3, 8, 14, 23])
def test_accept_all_gives_every_new_paragraph_its_own_style(seed: int) -> None:
    from tests.exporters.cases import truth_comparison
    from tests.helpers.generator import corpus_documents, next_version
    from tests.helpers.ooxml import replay_styles

    documents = corpus_documents()
    pair = next_version(documents[seed % 4], seed=seed, donors=documents, rate=2.0)
    for comparison in (
        truth_comparison(pair.old, pair.new, pair.truth),
        compare(pair.old, pair.new),
    ):
        data = export(comparison)
        masthead = len(expected_paragraphs(comparison.new)) - len(comparison.new.paragraphs)
        want = ["ResMasthead"] * masthead + [
            STYLE_OF_KIND[p.kind] for p in comparison.new.paragraphs
        ]
        assert replay_styles(data, ACCEPT) == want


def test_comment_dates_are_normalised_and_bad_ones_replaced() -> None:
    old = doc(para("OP1", "Welcomes the report;"))
    comments = (
        Comment("OP1", "new", "EU", "a", "2024-03-17T10:30:00+01:00"),
        Comment("OP1", "new", "EU", "b", "last Tuesday"),
        # valid ISO 8601, but before year 1 once moved to UTC
        Comment("OP1", "new", "EU", "c", "0001-01-01T00:00:00+05:00"),
    )
    data = export(by_id(old, old), comments=comments)
    dates = parts(data)["word/comments.xml"].xpath("//w:comment/@w:date", namespaces=NS)
    assert dates == ["2024-03-17T09:30:00Z", DATE, DATE]


def test_a_document_that_repeats_a_paragraph_id_loses_no_paragraph() -> None:
    # ids are unique from the readers, but a Document built elsewhere may repeat one
    twice = doc(
        para("OP1", "Urges States to act;"),
        para("OP1", "Requests the secretariat to report."),
        para("OP2", "Decides to remain seized of the matter."),
    )
    other = doc(para("OP1", "Urges all States to act;"), para("OP2", "Decides to remain seized."))
    for old, new in ((twice, other), (other, twice), (twice, twice)):
        export(compare(old, new))  # Accept gives `new`, Reject gives `old`, every paragraph


# --- what each version had (issue 14) ----------------------------------------------------------


def test_right_to_left_paragraphs_and_runs_keep_their_direction() -> None:
    old = doc(
        para("PP1", "إذ تشير إلى قرارها 76/188،", Kind.PREAMBULAR),
        para("OP1", "يطلب إلى الأمين العام أن يقدم تقريرا؛"),
        para("OP2", "Decides to remain seized of the matter."),
    )
    new = doc(
        para("PP1", "إذ تشير إلى قراريها 76/188 و 77/1،", Kind.PREAMBULAR),
        para("OP1", "يطلب إلى الأمين العام أن يقدم تقريرا شاملا (UNODC)؛"),
        para("OP2", "Decides to remain actively seized of the matter."),
    )
    data = export(by_id(old, new))
    root = body(data)
    paragraphs = root.findall(f"{w('body')}/{w('p')}")
    bidi = [p.find(f"{w('pPr')}/{w('bidi')}") is not None for p in paragraphs]
    assert bidi == [True, True, False]
    runs = [r for r in paragraphs[1].iter(w("r")) if "".join(r.itertext()).strip()]
    for run in runs:
        text = "".join(run.itertext())
        rtl = run.find(f"{w('rPr')}/{w('rtl')}") is not None
        assert rtl == any("\u0600" <= c <= "\u06ff" for c in text), text
    assert any(r.find(f"{w('rPr')}/{w('rtl')}") is None for r in runs)  # "(UNODC)" stays LTR
    assert all(r.find(f"{w('rPr')}/{w('rtl')}") is None for r in paragraphs[2].iter(w("r")))


def test_characters_are_kept_exactly_as_read() -> None:
    # no-break and narrow no-break spaces, soft and non-breaking hyphens, joiners, direction
    # marks, a combining accent, a character outside the BMP
    tricky = (
        "States\u00a0parties\u202fand co\u00adoperation, non\u2011State, \u200d\u200f e\u0301 𝐀"
    )
    old = doc(para("OP1", f"Urges {tricky};"))
    new = doc(para("OP1", f"Urges all {tricky}, and invites;"))
    data = export(by_id(old, new))
    assert tricky in "".join(body(data).itertext())


def test_a_moved_and_edited_paragraph_says_where_it_came_from_and_what_changed() -> None:
    old = doc(
        para("OP1", "Welcomes the report;"),
        para("OP2", "Urges States to act;"),
        para("OP3", "Decides to remain seized of the matter."),
    )
    new = doc(
        para("OP1", "Strongly urges States to act;"),
        para("OP2", "Welcomes the report;"),
        para("OP3", "Decides to remain seized of the matter."),
    )
    comparison = Comparison(
        old,
        new,
        (
            entry(Relation.MOVED, ("OP2",), ("OP1",)),
            entry(Relation.UNCHANGED, ("OP1",), ("OP2",)),
            entry(Relation.UNCHANGED, ("OP3",), ("OP3",)),
        ),
    )
    data = export(comparison)
    remarks = ["".join(c.itertext()) for c in parts(data)["word/comments.xml"].iter(w("comment"))]
    assert remarks == ["Moved from OP2 and edited: deleted “Urges”; inserted “Strongly urges”."]
    comment = next(parts(data)["word/comments.xml"].iter(w("comment")))
    assert comment.get(w("author")) == "Tester"


def test_headings_and_closing_lines_have_styles_of_their_own() -> None:
    """A section heading reads as a heading and the closing lines stand at the right, instead of
    both falling back to the body text style."""
    old = doc(
        para("H1", "I. Achieving sustainable fisheries", Kind.HEADING),
        para("OP1", "Urges States to act;"),
        para("C1", "69th plenary meeting", Kind.CLOSING),
    )
    new = doc(
        para("H1", "I. Achieving sustainable fisheries", Kind.HEADING),
        para("OP1", "Strongly urges States to act;"),
        para("C1", "70th plenary meeting", Kind.CLOSING),
    )
    data = build_tracked_docx(compare(old, new), author="T", date="2024-03-18T10:00:00Z")
    styles = {s.get(w("val")) for s in parts(data)["word/document.xml"].iter(w("pStyle"))}
    assert {"ResHeading", "ResClosing"} <= styles


def test_arabic_operative_numbers_read_as_printed() -> None:
    """Arabic resolutions number operative paragraphs "1 - ", not "1."."""
    from pathlib import Path

    data_dir = Path(__file__).resolve().parent.parent / "data" / "languages"
    comparison = compare(
        read_document(data_dir / "ar_old.txt"), read_document(data_dir / "ar_new.txt")
    )
    body = parts(build_tracked_docx(comparison, author="T", date="2024-03-18T10:00:00Z"))
    texts = [
        "".join(t.text or "" for t in p.iter(w("t")))
        for p in body["word/document.xml"].iter(w("p"))
    ]
    numbered = [t for t in texts if t[:1].isdigit()]
    # the number, then " -" (the tab after it is not text)
    assert all(t.startswith(f"{n} -") for n, t in enumerate(numbered, start=1)), numbered[:3]
