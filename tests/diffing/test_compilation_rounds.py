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
from diffing.readers import read_document

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
