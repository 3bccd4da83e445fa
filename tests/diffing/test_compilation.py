"""Compilation markup: brackets, proposals, proposers, labels and status markers (issue 16)."""

from __future__ import annotations

import pytest

from diffing.compilation import clean_text, is_alternative, read_label, read_markup

ISSUE_SAMPLE = {
    "PP2 [Deeply] concerned [(EU)] about the illicit trade in small arms and light weapons,": (
        "PP2",
        None,
        [("Deeply", ("EU",), "add")],
    ),
    "PP2 alt [Concerned about the [illicit] trade in small arms (RUS)]": (
        "PP2-alt",
        None,
        [("Concerned about the [illicit] trade in small arms", ("RUS",), "add")],
    ),
    "OP1 [Encourages (G77)] [Urges (EU)] all States to implement the Programme of Action;": (
        "OP1",
        None,
        [("Encourages", ("G77",), "add"), ("Urges", ("EU",), "add")],
    ),
    "OP1 bis [Requests the Secretary-General to report (CAN)] [(G77: delete)]": (
        "OP1bis",
        None,
        [
            ("Requests the Secretary-General to report", ("CAN",), "add"),
            ("Requests the Secretary-General to report", ("G77",), "delete"),
        ],
    ),
    (
        "OP2 Calls upon States to strengthen [, as appropriate,] [(G77)] their national "
        "capacity [(USA: delete)];"
    ): (
        "OP2",
        None,
        [("as appropriate", ("G77",), "add"), ("their national capacity", ("USA",), "delete")],
    ),
    "PP3 Concerned about the illicit trade in small arms and light weapons, [agreed ad ref]": (
        "PP3",
        "agreed ad ref",
        [],
    ),
}


@pytest.mark.parametrize("text", list(ISSUE_SAMPLE))
def test_the_issue_sample_reads_into_label_proposals_and_status(text: str) -> None:
    key, status, proposals = ISSUE_SAMPLE[text]
    markup = read_markup(text)
    assert markup.label is not None and markup.label.key == key
    assert markup.status == status
    assert [(p.text, p.proposers, p.action) for p in markup.proposals] == proposals
    # Every span points at the words it names in the printed text, which is never changed.
    for proposal in markup.proposals:
        assert text[proposal.span.start : proposal.span.end] == proposal.text


@pytest.mark.parametrize(
    "text",
    [
        "Requests the United Nations Office on Drugs and Crime (UNODC) to report;",
        "Invites States to (a) ratify and (b) implement the Protocol;",
        "Noting the report of the Secretary-General (A/80/123),",
        "Recalling resolution 75/1 (2020),",
    ],
)
def test_parentheses_of_running_text_are_not_delegation_tags(text: str) -> None:
    markup = read_markup(text)
    assert markup.proposals == () and markup.tags == () and markup.label is None
    assert clean_text(text) == text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("OP5 bis Urges States;", "OP5bis"),
        ("OP5 ter: Urges States;", "OP5ter"),
        ("PP2 alt Concerned,", "PP2-alt"),
        ("OP5 alt 2 Urges States;", "OP5-alt2"),
        ("Alt 1 Urges States;", "alt1"),
        ("new OP Requests the Secretary-General;", "new-OP"),
    ],
)
def test_labels_are_read_with_bis_ter_alt_and_new(text: str, key: str) -> None:
    label, offset = read_label(text)
    assert label is not None and label.key == key
    assert text[offset:].split()[0] in {"Urges", "Concerned,", "Requests"}


def test_nested_brackets_are_paired_with_their_depth() -> None:
    markup = read_markup("PP2 alt [Concerned about the [illicit] trade (RUS)]")
    assert [(b.depth, b.span.end - b.span.start) for b in markup.brackets] == [(0, 43), (1, 9)]
    assert not markup.unbalanced


def test_unbalanced_brackets_are_reported_not_raised() -> None:
    markup = read_markup("OP3 Urges States [to act (EU) on time;")
    assert markup.unbalanced


@pytest.mark.parametrize(
    ("marker", "status"),
    [
        ("[agreed ad ref]", "agreed ad ref"),
        ("[AAR]", "agreed ad ref"),
        ("[Agreed]", "agreed"),
        ("[agreed in informals]", "agreed in informals"),
        ("[pending]", "pending"),
        ("[Retain]", "retain"),
        ("[agreed pending EU]", "agreed pending"),
        ("[Agreed pending (G77)]", "agreed pending"),
        ("[pending USA]", "pending"),
        ("[ad ref]", "agreed ad ref"),
    ],
)
def test_status_markers_are_status_not_proposals(marker: str, status: str) -> None:
    markup = read_markup(f"OP3 Decides to remain seized of the matter. {marker}")
    assert markup.status == status
    assert markup.proposals == ()
    assert not markup.bracketed
    assert clean_text(f"OP3 Decides to remain seized of the matter. {marker}") == (
        "Decides to remain seized of the matter."
    )


def test_several_proposers_share_one_tag() -> None:
    (proposal,) = read_markup("OP4 [Invites (CAN, MEX)] States to act;").proposals
    assert proposal.proposers == ("CAN", "MEX")
    assert read_markup("OP4 [Invites (CAN, MEX)] States to act;").delegations == ("CAN", "MEX")


@pytest.mark.parametrize(
    ("text", "first", "agreed"),
    [
        (
            "OP1 [Encourages (G77)] [Urges (EU)] all States to implement the Programme;",
            "Encourages all States to implement the Programme;",
            "All States to implement the Programme;",
        ),
        (
            "PP2 [Deeply] concerned [(EU)] about the illicit trade,",
            "Deeply concerned about the illicit trade,",
            "Concerned about the illicit trade,",
        ),
        (
            "OP2 Calls upon States to strengthen [, as appropriate,] [(G77)] their capacity "
            "[(USA: delete)];",
            "Calls upon States to strengthen, as appropriate, their capacity;",
            "Calls upon States to strengthen their capacity;",
        ),
        (
            "OP5 Decides [to convene [a high-level] meeting (EU)] [(USA: delete)] in 2027;",
            "Decides to convene a high-level meeting in 2027;",
            "Decides in 2027;",
        ),
    ],
)
def test_clean_text_keeps_the_first_alternative_or_only_agreed_words(
    text: str, first: str, agreed: str
) -> None:
    assert clean_text(text, "first") == first
    assert clean_text(text, "agreed") == agreed


@pytest.mark.parametrize(
    ("paragraph_id", "text", "alternative"),
    [
        ("PP2-2", "alt [Concerned about the trade (RUS)]", True),
        ("OP5bis-alt", "Urges States;", True),
        ("PP2", "PP2 alt [Concerned (RUS)]", True),
        ("PP2", "Alternative development is a development-oriented approach,", False),
        ("OP1", "Encourages States;", False),
    ],
)
def test_alternatives_are_told_by_id_label_or_leftover_alt(
    paragraph_id: str, text: str, alternative: bool
) -> None:
    assert is_alternative(paragraph_id, text) is alternative
