"""Five rounds of a small resolution, typed as a drafter would write them, for the rounds dialog
and history panel tests: Rev.1 inserts a new OP1 (the others renumber) and rewords OP3, Rev.2
splits it, Rev.3 merges OP1 and OP2 of the zero draft, Rev.4 moves the focal-points paragraph
to the top. Each round is a text file the app reads, as a user's would be."""

from __future__ import annotations

from pathlib import Path

from diffing.negotiation import NegotiationFile
from tests.diffing.negotiation_support import PREAMBLE, Clock, resolution
from tests.helpers.generator import document_to_text

URGES = "Urges States parties to criminalize the illicit manufacturing of firearms;"
ENCOURAGES = "Encourages States parties to collect and share data on seized firearms;"
REQUESTS = (
    "Requests the Secretariat to continue providing technical assistance to States parties, "
    "upon request and subject to the availability of extrabudgetary resources;"
)
INVITES = "Invites States parties to designate national focal points on firearms;"
DECIDES = "Decides to remain seized of the matter."
WELCOMES = "Welcomes the report of the Working Group on Firearms;"
REQUESTS_REV1 = REQUESTS.replace("continue providing", "continue to provide")
REQUESTS_PART1 = (
    "Requests the Secretariat to continue to provide technical assistance to States parties;"
)
REQUESTS_PART2 = (
    "Also requests it to do so upon request and subject to the availability of extrabudgetary "
    "resources;"
)
URGES_AND_ENCOURAGES = (
    "Urges States parties to criminalize the illicit manufacturing of firearms and to collect "
    "and share data on seized firearms;"
)

ROUNDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Zero draft", "2026-01-12", (URGES, ENCOURAGES, REQUESTS, INVITES, DECIDES)),
    ("Rev.1", "2026-02-03", (WELCOMES, URGES, ENCOURAGES, REQUESTS_REV1, INVITES, DECIDES)),
    (
        "Rev.2",
        "2026-02-24",
        (WELCOMES, URGES, ENCOURAGES, REQUESTS_PART1, REQUESTS_PART2, INVITES, DECIDES),
    ),
    (
        "Rev.3",
        "2026-03-10",
        (WELCOMES, URGES_AND_ENCOURAGES, REQUESTS_PART1, REQUESTS_PART2, INVITES, DECIDES),
    ),
    (
        "Rev.4",
        "2026-03-31",
        (INVITES, WELCOMES, URGES_AND_ENCOURAGES, REQUESTS_PART1, REQUESTS_PART2, DECIDES),
    ),
)


def round_file(folder: Path, number: int) -> Path:
    """Round `number` (1 for the zero draft) written as a text file in `folder`."""
    label, _, operative = ROUNDS[number - 1]
    name = label.lower().replace(" ", "-").replace(".", "")
    document = resolution(PREAMBLE, operative, f"{name}.txt")
    path = folder / f"{name}.txt"
    path.write_text(document_to_text(document), encoding="utf-8")
    return path


def negotiation(folder: Path, rounds: int) -> NegotiationFile:
    """A negotiation file in `folder` holding the first `rounds` rounds, named and dated."""
    notes = NegotiationFile.create(folder / "firearms.redline", clock=Clock())
    for number in range(1, rounds + 1):
        label, date, _ = ROUNDS[number - 1]
        notes.rounds.add(round_file(folder, number), label=label, date=date)
    return notes
