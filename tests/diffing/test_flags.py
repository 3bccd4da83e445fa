"""Negotiators' flags: the verb ladder and possible programme budget implications (issue 16)."""

from __future__ import annotations

import pytest

from diffing.compare import compare
from diffing.flags import budget_flag, verb_rung, verb_shift
from diffing.model import Comparison
from diffing.readers import read_bytes, read_document
from diffing.report import entry_remarks, summary_line
from diffing.serialize import comparison_to_dict, comparison_to_text
from tests.helpers.corpus import COP_10_2_DRAFT, COP_11_6


@pytest.mark.parametrize(
    ("old", "new", "shift"),
    [
        ("Encourages", "Urges", "strengthened"),
        ("Urges", "Calls upon", "weakened"),
        ("Invites", "Encourages", "strengthened"),
        ("Calls on", "Calls upon", None),
        ("Requests", "Decides", None),
        ("Also encourages", "Further encourages", None),
        ("Urges", "Strongly urges", "strengthened"),
        ("Reiterates its invitation", "Encourages", "strengthened"),
        ("Reiterates its call", "Invites", "weakened"),
        ("Welcomes", "Urges", None),
        ("Notes", "Takes note", None),
    ],
)
def test_the_verb_ladder_names_strengthened_and_weakened(
    old: str, new: str, shift: str | None
) -> None:
    assert verb_shift(old, new) == shift


def test_adverbs_do_not_move_a_verb_on_the_ladder() -> None:
    assert verb_rung("Also requests") == verb_rung("Requests") == verb_rung("Once again requests")
    assert verb_rung("Welcomes") is None


def test_the_corpus_verb_changes_are_placed_on_the_ladder() -> None:
    comparison = compare(read_document(COP_10_2_DRAFT), read_document(COP_11_6))
    shifts = {
        (e.verb_change.old, e.verb_change.new): verb_shift(e.verb_change.old, e.verb_change.new)
        for e in comparison.entries
        if e.verb_change is not None
    }
    # COP 10/2 → 11/6: three operative verbs were softened, none strengthened.
    assert shifts[("Requests", "Invites")] == "weakened"
    assert shifts[("Calls upon", "Encourages")] == "weakened"
    assert shifts[("Requests", "Urges")] == "weakened"
    assert shifts[("Welcomes with appreciation", "Welcomes")] is None


@pytest.mark.parametrize(
    ("text", "reason", "softened"),
    [
        (
            "Requests the Secretary-General to report to the General Assembly at its "
            "eighty-first session on the implementation of the present resolution;",
            "Secretary-General to report",
            False,
        ),
        (
            "Requests the United Nations Office on Drugs and Crime, subject to the availability "
            "of extrabudgetary resources, to continue to provide technical assistance;",
            "United Nations Office on Drugs and Crime to continue",
            True,
        ),
        (
            "Invites the Executive Director to convene an expert group meeting;",
            "Executive Director to convene",
            False,
        ),
    ],
)
def test_paragraphs_that_ask_the_secretariat_to_act_are_flagged(
    text: str, reason: str, softened: bool
) -> None:
    flag = budget_flag(text)
    assert flag is not None
    assert flag.reason == reason
    assert flag.softened is softened


@pytest.mark.parametrize(
    "text",
    [
        "Urges Member States to ratify the Protocol;",
        "Takes note with appreciation of the report of the Secretary-General;",
        "Decides to remain seized of the matter.",
    ],
)
def test_paragraphs_that_ask_nothing_of_the_secretariat_are_not_flagged(text: str) -> None:
    assert budget_flag(text) is None


def test_the_corpus_reporting_request_is_flagged() -> None:
    document = read_document(COP_11_6)
    flagged = [p.id for p in document.paragraphs if p.kind == "operative" and budget_flag(p.text)]
    assert flagged, "COP 11/6 asks the Secretariat to report; no operative paragraph was flagged"
    assert all(p.startswith("OP") for p in flagged)


def _compared(old: str, new: str) -> Comparison:
    head = "The General Assembly,\n\n"
    return compare(
        read_bytes((head + old).encode(), "old.txt"), read_bytes((head + new).encode(), "new.txt")
    )


def _verb(old: str, new: str) -> tuple[str, str] | None:
    changes = [e.verb_change for e in _compared(old, new).entries if e.verb_change is not None]
    return (changes[0].old, changes[0].new) if changes else None


def test_brackets_are_not_read_as_a_change_of_verb() -> None:
    # "[Deeply] concerned" is "Deeply concerned" once its brackets go: not "Deeply → Concerned"
    assert (
        _verb(
            "PP1 [Deeply] concerned [(EU)] about the illicit trade,",
            "PP1 Deeply concerned about the illicit trade,",
        )
        is None
    )
    assert _verb(
        "PP1 [Deeply] concerned [(EU)] about the illicit trade,",
        "PP1 Concerned about the illicit trade,",
    ) == ("Deeply concerned", "Concerned")
    # competing verbs read as their first alternative
    assert (
        _verb(
            "OP1 [Invites (G77)] [Requests (EU)] States to act;\n\nOP2 Decides to act;",
            "OP1 Invites States to act;\n\nOP2 Decides to act;",
        )
        is None
    )
    assert _verb(
        "OP1 [Invites (G77)] [Requests (EU)] States to act;\n\nOP2 Decides to act;",
        "OP1 [Requests (EU)] States to act;\n\nOP2 Decides to act;",
    ) == ("Invites", "Requests")


def test_every_output_names_the_verb_change_on_the_ladder() -> None:
    comparison = _compared(
        "1. Encourages States to act;\n\n2. Decides to remain seized of the matter.",
        "1. Urges States to act;\n\n2. Decides to remain seized of the matter.",
    )
    entry = next(e for e in comparison.entries if e.verb_change is not None)
    assert "Verb: Encourages → Urges (strengthened)" in entry_remarks(entry, comparison)
    assert "  Verb: Encourages → Urges (strengthened)" in comparison_to_text(comparison)
    alignment = comparison_to_dict(comparison)["alignment"]
    assert {"old": "Encourages", "new": "Urges", "shift": "strengthened"} in [
        e["verb_change"] for e in alignment
    ]


def test_a_request_to_the_secretariat_is_flagged_not_counted() -> None:
    text = (
        "1. Urges States to act;\n\n2. Requests the Secretary-General to report to the General "
        "Assembly at its eighty-first session;"
    )
    comparison = _compared(text, text)
    remarks = [entry_remarks(e, comparison) for e in comparison.entries]
    assert ["possible PBI: Secretary-General to report"] in remarks
    assert summary_line(comparison) == "no changes · +0/−0 words"
