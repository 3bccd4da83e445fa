"""Core layer: the negotiation file — versions (rounds), manual links and annotations of a
negotiation, kept offline in one SQLite file (`.redline`) — and sharing annotations as JSON.

    with NegotiationFile.create("talks.redline") as notes:
        old = notes.add_version_from_file("L4.docx", "L.4")
        notes.add_annotation(old, "OP3", Status.AGREED_AD_REF, note="EU to confirm")
        new = notes.add_version_from_file("L4-Rev1.docx", "Rev.1")   # carries to OP4
        notes.dashboard(new).line        # "1 of 48 paragraphs agreed (1 ad ref)"

Every edit returns a `ChangeSet`; `apply(changes.inverted())` undoes it (see `store`).
"""

from __future__ import annotations

from diffing.negotiation.exchange import FORMAT_VERSION, NotesFormatError
from diffing.negotiation.lock import FileLockedError
from diffing.negotiation.model import (
    AGREED_STATUSES,
    Annotation,
    Change,
    ChangeSet,
    Conflict,
    ConflictKind,
    Dashboard,
    ImportResult,
    LinkChange,
    OriginalState,
    ParagraphState,
    Position,
    Stance,
    Status,
    Unplaced,
    VersionInfo,
    comment_text,
    fingerprint,
)
from diffing.negotiation.schema import SCHEMA_VERSION, NotesFileError
from diffing.negotiation.store import (
    Aligner,
    NegotiationFile,
    NotFoundError,
    ReadOnlyError,
    StaleChangeError,
)

__all__ = [
    "AGREED_STATUSES",
    "FORMAT_VERSION",
    "SCHEMA_VERSION",
    "Aligner",
    "Annotation",
    "Change",
    "ChangeSet",
    "Conflict",
    "ConflictKind",
    "Dashboard",
    "FileLockedError",
    "ImportResult",
    "LinkChange",
    "NegotiationFile",
    "NotFoundError",
    "NotesFileError",
    "NotesFormatError",
    "OriginalState",
    "ParagraphState",
    "Position",
    "ReadOnlyError",
    "StaleChangeError",
    "Stance",
    "Status",
    "Unplaced",
    "VersionInfo",
    "comment_text",
    "fingerprint",
]
