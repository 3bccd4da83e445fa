"""How entries are named and marked: labels, summary line, redline HTML and its colours."""

from __future__ import annotations

import pytest

from desktop import present
from diffing.model import (
    AlignedEntry,
    Comparison,
    Document,
    Kind,
    Metadata,
    Paragraph,
    Relation,
    Summary,
)


def test_labels_are_the_shared_ones_of_the_exports() -> None:
    old = Document(
        "old.txt",
        paragraphs=(
            Paragraph("PP4", Kind.PREAMBULAR, "Recalling x,"),
            Paragraph("OP9", Kind.OPERATIVE, "Urges y;", number="9"),
        ),
    )
    new = Document(
        "new.txt",
        paragraphs=(
            Paragraph("PP5", Kind.PREAMBULAR, "Recalling x,"),
            Paragraph("OP10", Kind.OPERATIVE, "Urges", number="10"),
            Paragraph("OP11", Kind.OPERATIVE, "y;", number="11"),
        ),
    )
    entries = (
        AlignedEntry(Relation.UNCHANGED, ("PP4",), ("PP5",), 1.0),
        AlignedEntry(Relation.SPLIT, ("OP9",), ("OP10", "OP11"), 0.9, changed=True),
    )
    comparison = Comparison(old, new, entries)
    assert present.entry_labels(comparison) == ("PP4 → PP5", "OP9 → OP10 + OP11 (split)")
    # The label cell does not repeat "split" on its second line; unchanged says so.
    colours = present.Colours.for_dark(False)
    split_cell = present.label_html("OP9 → OP10 + OP11 (split)", entries[1], colours)
    assert split_cell.count("split") == 1 and "90 %" in split_cell
    assert "unchanged · 100 %" in present.label_html("PP4 → PP5", entries[0], colours)


def _comparison(summary: Summary) -> Comparison:
    doc = Document("a.txt", Metadata(), (Paragraph("OP1", Kind.OPERATIVE, "x"),))
    return Comparison(doc, doc, (), summary=summary)


def test_summary_line_names_each_kind_of_change_and_the_words() -> None:
    summary = Summary(
        (
            (Relation.MODIFIED, 31),
            (Relation.INSERTED, 10),
            (Relation.DELETED, 8),
            (Relation.SPLIT, 1),
            (Relation.UNCHANGED, 4),
        ),
        512,
        430,
    )
    text = present.summary_text(_comparison(summary))
    assert text == "31 modified · 10 new · 8 deleted · 1 split · +512/−430 words"


def test_summary_of_identical_texts_says_so() -> None:
    text = present.summary_text(_comparison(Summary(((Relation.UNCHANGED, 3),), 0, 0)))
    assert text.startswith("no changes")


def test_side_html_marks_only_its_own_side_and_escapes_text() -> None:
    ops = (("=", "States <and> "), ("-", "encourages"), ("+", "urges"), ("=", " all"))
    colours = present.Colours.for_dark(False)
    old = present.side_html(ops, "old", colours)
    new = present.side_html(ops, "new", colours)
    assert "&lt;and&gt;" in old and "<and>" not in old
    assert "encourages" in old and "urges" not in old and "line-through" in old
    assert "urges" in new and "encourages" not in new and "underline" in new
    both = present.redline_html(ops, colours)
    assert both.index("encourages") < both.index("urges")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(("dark", "background"), [(False, "#ffffff"), (True, "#202020")])
def test_redline_colours_are_readable_in_light_and_dark_mode(dark, background) -> None:
    colours = present.Colours.for_dark(dark)
    for colour in (colours.deleted, colours.inserted, colours.moved, colours.quiet):
        assert _contrast(colour, background) >= 4.5, colour


def test_document_name_prefers_symbol_then_resolution_number_then_file() -> None:
    assert present.document_name(Document("x.txt", Metadata(symbol="E/CN.7/2022/L.4"))) == (
        "E/CN.7/2022/L.4"
    )
    assert present.document_name(Document("x.txt", Metadata(resolution_number="11/6"))) == (
        "Resolution 11/6"
    )
    assert present.document_name(Document("/tmp/draft.docx")) == "draft.docx"


def test_screen_readers_hear_the_changes_not_only_see_colours() -> None:
    ops = (("=", "States "), ("-", "are encouraged "), ("+", "are urged "), ("=", "to act;"))
    assert present.spoken_text(ops, "old") == "States [deleted: are encouraged] to act;"
    assert present.spoken_text(ops, "new") == "States [inserted: are urged] to act;"
    assert present.spoken_text(ops) == (
        "States [deleted: are encouraged] [inserted: are urged] to act;"
    )


def test_ignored_differences_are_drawn_quietly_not_in_red_or_blue() -> None:
    from diffing.model import DiffOptions

    colours = present.Colours.for_dark(False)
    # a look-alike hyphen (always ignored) and a case change (ignored by the option)
    ops = (("=", "non"), ("-", "-"), ("+", "\u2011"), ("=", "governmental "), ("-", "States"))
    ops += (("+", "states"),)
    strict = present.side_html(ops, "new", colours)
    assert colours.inserted in strict  # "states" is a real change without the option
    assert f'color:{colours.quiet}">\u2011' in strict
    relaxed = present.side_html(ops, "new", colours, options=DiffOptions(ignore_case=True))
    assert colours.inserted not in relaxed and "line-through" not in relaxed
    both = present.redline_html(ops, colours, options=DiffOptions(ignore_case=True))
    assert colours.deleted not in both and "States" not in both and "states" in both


# --- compilation texts (issue 16) ------------------------------------------------------------


def _compilation_pair() -> Comparison:
    old = Document(
        "round1.txt",
        paragraphs=(
            Paragraph("PP2", Kind.PREAMBULAR, "[Deeply] concerned [(EU)] about the trade,"),
            Paragraph("PP3", Kind.PREAMBULAR, "Concerned about the trade, [agreed ad ref]"),
        ),
    )
    new = Document(
        "round2.txt",
        paragraphs=(
            Paragraph("PP2", Kind.PREAMBULAR, "Deeply concerned about the trade,"),
            Paragraph("PP3", Kind.PREAMBULAR, "Concerned about the trade, [agreed ad ref]"),
        ),
    )
    entries = (
        AlignedEntry(Relation.MODIFIED, ("PP2",), ("PP2",), 0.8, changed=True),
        AlignedEntry(Relation.UNCHANGED, ("PP3",), ("PP3",), 1.0),
    )
    return Comparison(old, new, entries)


def test_only_the_rounds_that_are_compilation_texts_get_their_markup_drawn() -> None:
    comparison = _compilation_pair()
    # Round 2 holds no tagged proposal any more: only round 1 is a compilation text.
    assert present.compilation_sides(comparison) == {"old"}
    colours = present.Colours.for_dark(False)
    style = present.compilation_style(colours)
    ops = (("-", "[Deeply] concerned [(EU)]"), ("+", "Deeply concerned"), ("=", " about"))
    old = present.side_html(ops, "old", colours, compilation={"old"})
    assert f'background-color:{style.bracketed}">Deeply<' in old
    assert "font-size:small" in old  # the EU tag
    # The redline draws the deleted brackets with round 1's markup, the rest as round 2 reads.
    both = present.redline_html(ops, colours, compilation={"old"})
    assert both.startswith(old.split(" about")[0])
    assert both.endswith("Deeply concerned</span> about")


def test_an_ordinary_text_with_square_brackets_is_drawn_as_before() -> None:
    quoted = Document(
        "a.txt", paragraphs=(Paragraph("OP1", Kind.OPERATIVE, "Recalls that “[t]he States” (EU);"),)
    )
    comparison = Comparison(
        quoted, quoted, (AlignedEntry(Relation.UNCHANGED, ("OP1",), ("OP1",), 1.0),)
    )
    assert present.compilation_sides(comparison) == frozenset()
    colours = present.Colours.for_dark(False)
    ops = (("=", "Recalls that “[t]he States” (EU);"),)
    assert present.side_html(ops, "new", colours) == "Recalls that “[t]he States” (EU);"


@pytest.mark.parametrize(
    ("texts", "status"),
    [
        (["Concerned about the trade, [agreed ad ref]"], present.Status.AGREED_AD_REF),
        (["Decides to remain seized of the matter. [AAR]"], present.Status.AGREED_AD_REF),
        (["Welcomes the report [agreed in informals]"], present.Status.AGREED_IN_INFORMALS),
        (["Welcomes the report [agreed]"], present.Status.AGREED),
        (["Welcomes the report of the Office [pending]"], present.Status.UNDER_DISCUSSION),
        (["Welcomes the report [agreed pending EU]"], present.Status.AGREED_AD_REF),
        (["[Decides to remain seized of the matter.] [Retain]"], present.Status.BRACKETED),
        (["[Encourages (G77)] [Urges (EU)] all States"], present.Status.BRACKETED),
        # A marker counts before brackets, in whichever paragraph of the entry it stands.
        (["[Urges (EU)] all States", "to act, [agreed ad ref]"], present.Status.AGREED_AD_REF),
        (["Recalling its resolution 79/48,"], None),
    ],
)
def test_the_status_the_printed_text_gives(texts: list[str], status: object) -> None:
    from diffing.compilation import read_markup

    assert present.text_status(read_markup(t) for t in texts) == status


def test_the_printed_redline_draws_the_markers_of_a_compilation_text() -> None:
    page = present.redline_document_html(_compilation_pair())
    background, _ = present.badge_colours(present.Status.AGREED_AD_REF, dark=False)
    assert f'background-color:{background}">[agreed&nbsp;ad&nbsp;ref]</span>' in page


@pytest.mark.parametrize(("dark", "text"), [(False, "#000000"), (True, "#e8eaed")])
def test_compilation_markup_stays_readable_in_light_and_dark_mode(dark: bool, text: str) -> None:
    colours = present.Colours.for_dark(dark)
    style = present.compilation_style(colours)
    base = "#202020" if dark else "#ffffff"
    # Brackets on the page and on a shade; the text and the redline's colours on the shades.
    for background in (base, style.bracketed, style.nested):
        assert _contrast(style.bracket, background) >= 4.5, background
        for colour in (text, colours.deleted):
            assert _contrast(colour, background) >= 4.5, (colour, background)
    assert _contrast(style.tag, style.tag_background) >= 4.5
    assert _contrast(colours.deleted, style.tag_background) >= 4.5


def test_a_footnote_only_one_version_has_is_labelled_on_that_side_only() -> None:
    from diffing.compare import compare
    from diffing.readers import read_document
    from tests.helpers import corpus

    # COP 10/2 draft -> 11/6: PP2 -> PP1 gains footnote 1, deleted PP1 loses footnotes 1 and 2
    comparison = compare(read_document(corpus.COP_10_2_DRAFT), read_document(corpus.COP_11_6))
    colours = present.Colours.for_dark(False)
    seen = {"new": 0, "deleted": 0}
    for entry in comparison.entries:
        ops = present.entry_ops(entry, comparison)
        old, new = (present.side_html(ops, side, colours) for side in ("old", "new"))
        for note in entry.footnotes:
            name = present.footnote_name(note)
            if note.old is None:
                seen["new"] += 1
                assert f"{name} (new):" in new and f"{name} (new):" not in old
            elif note.new is None:
                seen["deleted"] += 1
                assert f"{name} (deleted):" in old and f"{name} (deleted):" not in new
    assert seen["new"] and seen["deleted"]
