"""Alignment never mixes kinds: closing lines, masthead lines, headings and body paragraphs pair,
split and merge only among themselves (issue 12), built from Documents of our own."""

from __future__ import annotations

from diffing.compare import compare
from diffing.model import Comparison, Document, Kind, Paragraph, Relation

STATUTE = "Recalling also the Rome Statute of the International Criminal Court and its principles,"
REPORT = "Welcomes the report of the International Criminal Court on its activities in the period;"


def annual(resolution: str, recalled: str, recalled_date: str, meeting: str, date: str) -> Document:
    """One year's resolution on an agenda item: PP1 recalls last year's text by its date, and the
    text closes with the plenary meeting and the date of adoption."""
    paragraphs = (
        Paragraph("title", Kind.TITLE, "Report of the International Criminal Court"),
        Paragraph("opening", Kind.OPENING, "The General Assembly,"),
        Paragraph(
            "PP1",
            Kind.PREAMBULAR,
            f"Recalling its resolution {recalled} of {recalled_date} and all its previous "
            "relevant resolutions,",
        ),
        Paragraph("PP2", Kind.PREAMBULAR, STATUTE),
        Paragraph("OP1", Kind.OPERATIVE, REPORT, number="1"),
        Paragraph("C1", Kind.CLOSING, meeting),
        Paragraph("C2", Kind.CLOSING, date),
    )
    return Document(resolution, paragraphs=paragraphs, structured=True)


LAST_YEAR = annual("79/6", "78/6", "1 November 2023", "29th plenary meeting", "29 October 2024")
THIS_YEAR = annual("80/6", "79/6", "29 October 2024", "35th plenary meeting", "27 October 2025")


def groups(comparison: Comparison) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(entry.old, entry.new) for entry in comparison.entries]


def test_last_years_closing_date_does_not_merge_into_this_years_preamble() -> None:
    comparison = compare(LAST_YEAR, THIS_YEAR)
    assert (("PP1",), ("PP1",)) in groups(comparison)
    entry = next(e for e in comparison.entries if e.old == ("PP1",))
    assert entry.relation is Relation.MODIFIED
    # the resolution number and the date read as a word-level edit, not a rewrite
    assert ("-", "78") in entry.diff and ("+", "79") in entry.diff
    assert any(op == "=" and "all its previous relevant resolutions" in t for op, t in entry.diff)


def test_closing_lines_pair_with_closing_lines_in_order_whatever_their_words() -> None:
    comparison = compare(LAST_YEAR, THIS_YEAR)
    assert (("C1",), ("C1",)) in groups(comparison)
    assert (("C2",), ("C2",)) in groups(comparison)
    for entry in comparison.entries:
        kinds = {LAST_YEAR.paragraph(i).kind for i in entry.old}
        kinds |= {THIS_YEAR.paragraph(i).kind for i in entry.new}
        assert Kind.CLOSING not in kinds or kinds == {Kind.CLOSING}, entry


def test_a_closing_line_never_pairs_with_a_body_paragraph_even_with_the_same_words() -> None:
    old = Document(
        "old",
        paragraphs=(
            Paragraph("PP1", Kind.PREAMBULAR, STATUTE),
            Paragraph("C1", Kind.CLOSING, "29 October 2024"),
        ),
    )
    new = Document(
        "new",
        paragraphs=(
            Paragraph("PP1", Kind.PREAMBULAR, STATUTE),
            Paragraph("PP2", Kind.PREAMBULAR, "29 October 2024"),
        ),
    )
    found = groups(compare(old, new))
    assert (("C1",), ()) in found and ((), ("PP2",)) in found


def test_a_heading_never_merges_or_splits_with_body_paragraphs() -> None:
    heading = "Cooperation with the International Criminal Court"
    old = Document(
        "old",
        paragraphs=(
            Paragraph("H1", Kind.HEADING, heading),
            Paragraph("OP1", Kind.OPERATIVE, REPORT, number="1"),
        ),
    )
    # the new OP1 takes the heading's words into its text: a merge by words, not by kind
    new = Document(
        "new",
        paragraphs=(Paragraph("OP1", Kind.OPERATIVE, heading + ": " + REPORT.lower(), number="1"),),
    )
    for entry in compare(old, new).entries:
        assert not ({"H1", "OP1"} <= set(entry.old)), entry
    # and the other way round: a body paragraph never splits into a heading and a paragraph
    for entry in compare(new, old).entries:
        assert not ({"H1", "OP1"} <= set(entry.new)), entry


def test_the_title_never_merges_with_the_first_preambular_paragraph() -> None:
    title = "Strengthening international cooperation against illicit firearms trafficking"
    old = Document(
        "old",
        paragraphs=(
            Paragraph("title", Kind.TITLE, title),
            Paragraph("PP1", Kind.PREAMBULAR, "Recalling its resolution 10/2,"),
        ),
    )
    new = Document(
        "new",
        paragraphs=(
            Paragraph("PP1", Kind.PREAMBULAR, f"Recalling its resolution 10/2 on {title},"),
        ),
    )
    for entry in compare(old, new).entries:
        assert not ({"title", "PP1"} <= set(entry.old)), entry
