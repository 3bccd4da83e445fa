"""Helpers for the negotiation-file tests: small resolutions built in code, and a fixed clock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from diffing.model import Document, Kind, Metadata, Paragraph


def resolution(
    preambular: Sequence[str], operative: Sequence[str], source: str = "draft.txt"
) -> Document:
    """A structured resolution: title, opening line, PP1…, OP1… in order."""
    paragraphs = [
        Paragraph("title", Kind.TITLE, "Strengthening cooperation against firearms trafficking"),
        Paragraph("opening", Kind.OPENING, "The Conference of the Parties,"),
    ]
    paragraphs += [
        Paragraph(f"PP{i}", Kind.PREAMBULAR, text) for i, text in enumerate(preambular, 1)
    ]
    paragraphs += [
        Paragraph(f"OP{i}", Kind.OPERATIVE, text, number=str(i))
        for i, text in enumerate(operative, 1)
    ]
    return Document(
        source=source,
        metadata=Metadata(symbol="CTOC/COP/2020/L.5", title=paragraphs[0].text),
        paragraphs=tuple(paragraphs),
        structured=True,
    )


def source_of(document: Document) -> bytes:
    """Stand-in for the file the document was read from (what the store keeps a copy of)."""
    lines = [p.text if p.number is None else f"{p.number}. {p.text}" for p in document.paragraphs]
    return "\n\n".join(lines).encode("utf-8")


class Clock:
    """A clock that moves one second per reading, so modification times order edits."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 14, 9, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


PREAMBLE = (
    "Recalling the United Nations Convention against Transnational Organized Crime,",
    "Deeply concerned about the links between firearms trafficking and organized crime,",
    "Noting with appreciation the work of the Working Group on Firearms,",
)

OPERATIVE = (
    "Urges States parties to criminalize the illicit manufacturing of firearms;",
    "Encourages States parties to collect and share data on seized firearms;",
    "Requests the Secretariat to continue providing technical assistance to States parties, "
    "upon request and subject to the availability of extrabudgetary resources;",
    "Invites States parties to designate national focal points on firearms;",
    "Decides to remain seized of the matter.",
)
