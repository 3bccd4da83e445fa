"""Two compilation rounds compared: what happened to each proposal (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from diffing.compare import compare
from diffing.compilation_rounds import (
    comparison_events,
    compilation_counts,
    is_compilation,
    label_links,
    round_events,
)
from diffing.model import Document, ManualLink
from diffing.readers import read_document
from diffing.readers.docx import read_docx
from diffing.report import describe, round_figures, round_lines, summary_line
from diffing.serialize import comparison_to_dict, comparison_to_text
from tests.diffing.test_compilation_samples import as_typed_in_word

DATA = Path(__file__).resolve().parent.parent / "data" / "compilation"

ROUND_1_TO_2 = {
    "PP2": ["EU proposal accepted (Deeply)", "brackets removed"],
    "OP1": ["G77 proposal withdrawn (Encourages)"],
    "OP1 bis": ["EU retain proposed (Requests the Secretary-General to repor…)"],
    "OP2": [
        "G77 proposal withdrawn (as appropriate)",
        "USA deletion withdrawn (their national capacity)",
        "brackets removed",
    ],
    "OP2 bis": ["MEX proposal added (Encourages States to share information…)", "brackets added"],
}
"""What a facilitator's cover note says happened between the two rounds of our sample."""


def test_two_rounds_report_each_proposal_against_the_known_truth() -> None:
    old = read_document(DATA / "salw_round1.txt")
    new = read_document(DATA / "salw_round2.txt")
    comparison = compare(old, new, links=label_links(old, new))
    found = {
        entry.label: [str(event) for event in entry.events]
        for entry in comparison_events(comparison)
    }
    alternative = [label for label in found if label not in ROUND_1_TO_2]
    # The Russian alternative to PP2 was dropped with its paragraph.
    assert len(alternative) == 1
    assert found.pop(alternative[0]) == [
        "RUS proposal withdrawn (Concerned about the [illicit] trade in…)",
        "brackets removed",
    ]
    assert found == ROUND_1_TO_2


def test_two_rounds_typed_in_word_report_the_same_truth() -> None:
    def word(name: str) -> Document:
        lines = (DATA / name).read_text(encoding="utf-8").strip().split("\n\n")
        return read_docx(as_typed_in_word(lines), name.replace(".txt", ".docx"))

    comparison = compare(word("salw_round1.txt"), word("salw_round2.txt"))
    found = {entry.label: [str(e) for e in entry.events] for entry in comparison_events(comparison)}
    assert found.pop("Alt PP2")[0].startswith("RUS proposal withdrawn")
    assert found == ROUND_1_TO_2


def test_paragraphs_are_paired_by_label_in_compilation_rounds() -> None:
    old = read_document(DATA / "salw_round1.txt")
    new = read_document(DATA / "salw_round2.txt")
    links = {(link.old, link.new) for link in label_links(old, new)}
    assert (("OP1bis",), ("OP1bis",)) in links and (("OP2",), ("OP2",)) in links
    assert is_compilation(old) and is_compilation(new)


def test_label_links_leave_ordinary_resolutions_to_the_alignment() -> None:
    plain = read_document(DATA / "salw_round1_clean_first.txt")
    assert not is_compilation(plain)
    assert label_links(plain, plain) == ()


@pytest.mark.parametrize(
    ("old", "new", "events"),
    [
        (
            "Urges [, as appropriate, (G77)] States;",
            "Urges, as appropriate, States;",
            ["G77 proposal accepted (as appropriate)", "brackets removed"],
        ),
        ("Urges States [to act (EU)];", "Urges States [to act (EU)];", []),
        (
            "Urges States to act [(USA: delete)];",
            "Urges States;",
            ["USA deletion accepted (Urges States to act)"],
        ),
        ("Urges States to act;", "Urges States to act; [agreed ad ref]", ["status: agreed ad ref"]),
    ],
)
def test_round_events_of_one_paragraph(old: str, new: str, events: list[str]) -> None:
    assert [str(event) for event in round_events(old, new)] == events


def test_counts_say_where_a_round_stands() -> None:
    counts = compilation_counts(read_document(DATA / "salw_round1.txt"))
    assert counts.bracketed_paragraphs == 5
    assert counts.bracket_pairs == 7
    assert counts.proposals == (("G77", 3), ("EU", 2), ("CAN", 1), ("RUS", 1), ("USA", 1))
    assert counts.statuses == (("agreed ad ref", 2),)


def _rounds() -> tuple[Document, Document]:
    return read_document(DATA / "salw_round1.txt"), read_document(DATA / "salw_round2.txt")


def test_compare_pairs_compilation_rounds_by_label_without_being_told() -> None:
    old, new = _rounds()
    comparison = compare(old, new)
    pairs = {(entry.old, entry.new) for entry in comparison.entries}
    assert (("OP1bis",), ("OP1bis",)) in pairs and (("OP2",), ("OP2",)) in pairs
    assert (("PP2-alt",), ()) in pairs
    # paired by their labels, not by a person: no export says "Linked by hand"
    assert not any(entry.manual for entry in comparison.entries)
    # the round's events are said per paragraph and in the summary, in every output
    lines = round_lines(comparison)
    assert lines[0] == "PP2: " + ", ".join(ROUND_1_TO_2["PP2"])
    assert "OP2 bis: " + ", ".join(ROUND_1_TO_2["OP2 bis"]) in lines
    assert len(lines) == len(ROUND_1_TO_2) + 1  # and the Russian alternative, withdrawn
    assert "PP2: EU proposal accepted (Deeply), brackets removed" in describe(comparison)
    assert "proposals: 1 accepted, 3 withdrawn, 1 added" in summary_line(comparison)
    figures = comparison_to_dict(comparison)["summary"]
    assert (figures["proposals_accepted"], figures["proposals_withdrawn"]) == (1, 3)
    assert figures["proposals_added"] == 1


def test_a_hand_made_link_overrides_the_label() -> None:
    old, new = _rounds()
    comparison = compare(old, new, links=(ManualLink(("OP1bis",), ("OP2bis",)),))
    pairs = {(entry.old, entry.new) for entry in comparison.entries}
    assert (("OP1bis",), ("OP2bis",)) in pairs


def test_ordinary_resolutions_say_nothing_of_proposals() -> None:
    plain = read_document(DATA / "salw_round1_clean_first.txt")
    comparison = compare(plain, plain)
    assert round_lines(comparison) == []
    assert "proposals" not in summary_line(comparison)
    assert round_figures(comparison) == {
        "proposals_accepted": 0,
        "proposals_withdrawn": 0,
        "proposals_added": 0,
    }


def test_the_text_and_json_outputs_carry_each_paragraphs_events() -> None:
    comparison = compare(*_rounds())
    text = comparison_to_text(comparison)
    assert "## compilation rounds" in text
    assert "  Proposals: G77 proposal withdrawn (Encourages)" in text
    entries = {tuple(e["new"]): e for e in comparison_to_dict(comparison)["alignment"]}
    assert entries[("OP2bis",)]["round_events"] == [
        {
            "what": "proposal added",
            "proposers": ["MEX"],
            "words": "Encourages States to share information on seizures",
        },
        {"what": "brackets added", "proposers": [], "words": ""},
    ]


def test_no_real_resolution_is_taken_for_a_compilation_text() -> None:
    """Real drafts and adopted texts keep their look in the app: only a compilation text gets
    its brackets and tags drawn, and none of the real PDFs is one."""
    from tests.diffing.test_real_pdfs import FILES, _need_folder, _read

    _need_folder()
    taken = [path.stem for path in FILES if is_compilation(_read(path.stem))]
    assert taken == []
