"""Core layer: what a negotiation file holds — annotations, their statuses and the changes made
to them — as frozen dataclasses, with the pure rules that go with them (fingerprints, flags,
the text of an annotation as a Word comment).

An annotation belongs to one paragraph of one stored version: `(version_id, paragraph_id)`,
plus the text the paragraph had when it was annotated (`anchor_text`, `fingerprint`). Paragraph
ids are those of the version's stored parse, which never changes, so renumbering in a later
version or a new alignment never moves an annotation; carrying to a new version makes a copy
(`carried_from`) on the aligned paragraph of that version.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from diffing.model import ManualLink, Span


class Status(StrEnum):
    """Where a paragraph stands in the negotiation, in the order talks usually move."""

    OPEN = "open"
    UNDER_DISCUSSION = "under discussion"
    AGREED_IN_INFORMALS = "agreed in informals"
    AGREED_AD_REF = "agreed ad ref"
    AGREED = "agreed"
    BRACKETED = "bracketed"
    REOPENED = "reopened"

    @property
    def agreed(self) -> bool:
        """Agreed at some level: a change of its text afterwards needs attention."""
        return self in AGREED_STATUSES

    @classmethod
    def parse(cls, text: str) -> Status:
        """A status from what a person types: "agreed-ad-ref", "Agreed ad ref", "ad_ref"."""
        wanted = _words(text)
        for status in cls:
            if _words(status.value) == wanted:
                return status
        aliases = {"ad ref": cls.AGREED_AD_REF, "informals": cls.AGREED_IN_INFORMALS}
        if wanted in aliases:
            return aliases[wanted]
        choices = ", ".join(status.value for status in cls)
        raise ValueError(f"unknown status {text!r} (one of: {choices})")


AGREED_STATUSES = frozenset({Status.AGREED_IN_INFORMALS, Status.AGREED_AD_REF, Status.AGREED})


class Stance(StrEnum):
    """A delegation's position on a paragraph."""

    SUPPORT = "support"
    OPPOSE = "oppose"
    AMEND = "amend"
    RESERVE = "reserve"

    @classmethod
    def parse(cls, text: str) -> Stance:
        wanted = _words(text)
        for stance in cls:
            if stance.value == wanted:
                return stance
        choices = ", ".join(stance.value for stance in cls)
        raise ValueError(f"unknown position {text!r} (one of: {choices})")


def _words(text: str) -> str:
    return " ".join(re.split(r"[\s_\-]+", text.strip().casefold()))


@dataclass(frozen=True)
class Position:
    delegation: str
    """As negotiators write it: "EU", "G77", "Mexico"."""
    stance: Stance
    proposed_text: str = ""


@dataclass(frozen=True)
class Annotation:
    id: str
    """Globally unique (a UUID), so files of several colleagues merge without collisions."""
    version_id: int
    paragraph_id: str
    status: Status
    note: str = ""
    positions: tuple[Position, ...] = ()
    author: str = ""
    created: str = ""
    """UTC, "YYYY-MM-DDTHH:MM:SSZ"."""
    modified: str = ""
    span: Span | None = None
    """The annotated part of the paragraph's text in this version; None for the whole
    paragraph."""
    anchor_text: str = ""
    """The paragraph's text when it was annotated (or the change was last acknowledged)."""
    fingerprint: str = ""
    """`fingerprint(anchor_text)`."""
    carried_from: str | None = None
    """The id of the annotation in an earlier version this one was carried from."""
    text_changed: bool = field(default=False, compare=False)
    """Derived when read, never stored: the paragraph's text in this version differs from
    `anchor_text`."""

    @property
    def flag(self) -> str | None:
        """What the views show next to a badge when the text moved under the annotation."""
        if not self.text_changed:
            return None
        return "text changed since agreed" if self.status.agreed else "text changed since annotated"

    def content(self) -> tuple[object, ...]:
        """What a person wrote: equal contents mean nothing to merge."""
        return (self.status, self.note, self.positions, self.author)


def fingerprint(text: str) -> str:
    """Identity of a paragraph's wording; whitespace differences (line breaks of a PDF, double
    spaces) are not a change of text."""
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:20]


def comment_text(annotation: Annotation, paragraph_text: str = "") -> str:
    """The annotation as the text of a Word comment / remarks cell."""
    status = annotation.status.value
    lines = [status[:1].upper() + status[1:] + (f": {annotation.note}" if annotation.note else "")]
    span = annotation.span
    if span is not None and paragraph_text[span.start : span.end].strip():
        lines.append(f"On “{paragraph_text[span.start : span.end]}”")
    for position in annotation.positions:
        line = f"{position.delegation}: {position.stance.value}"
        if position.proposed_text:
            line += f" — “{position.proposed_text}”"
        lines.append(line)
    if annotation.flag:
        lines.append(annotation.flag[:1].upper() + annotation.flag[1:] + ".")
    return "\n".join(lines)


# --- versions, dashboards -------------------------------------------------------------------


@dataclass(frozen=True)
class VersionInfo:
    id: int
    ordinal: int
    """1 for the first version (round) of the file, 2 for the next..."""
    label: str
    original_path: str | None
    source_name: str
    sha256: str
    """Of the source bytes as stored."""
    added: str


@dataclass(frozen=True, kw_only=True)
class Round:
    """A version in its place in the negotiation: "Zero draft", "Rev.1", "as adopted"."""

    version_id: int
    number: int
    """Its place in the order, 1 for the first round (what the CLI's N means)."""
    label: str
    date: str
    """When the round was issued, YYYY-MM-DD (by default the day it was added)."""
    added: str
    """When it was added to the file, UTC "YYYY-MM-DDTHH:MM:SSZ"."""
    source_name: str
    original_path: str | None


class OriginalState(StrEnum):
    SAME = "same"
    CHANGED = "changed"
    MISSING = "missing"


@dataclass(frozen=True)
class ParagraphState:
    """What a badge shows for one paragraph."""

    paragraph_id: str
    status: Status | None
    """None when neither the paragraph nor its parent is annotated."""
    inherited: bool = False
    """The status is the parent paragraph's (a sub-paragraph without annotations of its own)."""
    flag: str | None = None
    annotations: int = 0
    noted: bool = False
    """An annotation of the paragraph has a written note (rows show a mark for it)."""


@dataclass(frozen=True)
class Dashboard:
    total: int
    """Paragraphs under negotiation: title, preambular, operative, sub-paragraphs (all
    paragraphs of a document without that structure)."""
    counts: tuple[tuple[Status, int], ...]
    """Paragraphs per status (sub-paragraphs counted with their parent's when not annotated)."""
    changed_since_agreed: int
    unannotated: int

    def count(self, status: Status) -> int:
        return dict(self.counts).get(status, 0)

    @property
    def agreed(self) -> int:
        return sum(self.count(status) for status in AGREED_STATUSES)

    @property
    def line(self) -> str:
        """ "18 of 48 paragraphs agreed (3 ad ref); 4 bracketed; 1 changed since agreed"."""
        levels = [
            f"{self.count(Status.AGREED_AD_REF)} ad ref"
            if self.count(Status.AGREED_AD_REF)
            else "",
            f"{self.count(Status.AGREED_IN_INFORMALS)} in informals"
            if self.count(Status.AGREED_IN_INFORMALS)
            else "",
        ]
        levels = [level for level in levels if level]
        noun = "paragraph" if self.total == 1 else "paragraphs"
        text = f"{self.agreed} of {self.total} {noun} agreed"
        if levels:
            text += f" ({', '.join(levels)})"
        parts = [text]
        for status in (Status.BRACKETED, Status.REOPENED):
            if self.count(status):
                parts.append(f"{self.count(status)} {status.value}")
        if self.changed_since_agreed:
            parts.append(f"{self.changed_since_agreed} changed since agreed")
        return "; ".join(parts)


# --- changes (what every edit returns, so it can be undone) ---------------------------------


@dataclass(frozen=True)
class Change:
    """One annotation before and after an edit: None before = added, None after = removed."""

    before: Annotation | None
    after: Annotation | None


@dataclass(frozen=True)
class LinkChange:
    old_version: int
    new_version: int
    before: tuple[ManualLink, ...]
    after: tuple[ManualLink, ...]


@dataclass(frozen=True)
class ChangeSet:
    """What one operation changed. `NegotiationFile.apply(changes)` redoes it and
    `apply(changes.inverted())` undoes it, each in one transaction."""

    annotations: tuple[Change, ...] = ()
    links: tuple[LinkChange, ...] = ()

    def inverted(self) -> ChangeSet:
        return ChangeSet(
            tuple(Change(change.after, change.before) for change in reversed(self.annotations)),
            tuple(
                LinkChange(link.old_version, link.new_version, link.after, link.before)
                for link in reversed(self.links)
            ),
        )

    def __bool__(self) -> bool:
        return bool(self.annotations or self.links)

    @property
    def added(self) -> tuple[Annotation, ...]:
        return tuple(c.after for c in self.annotations if c.before is None and c.after is not None)

    @property
    def removed(self) -> tuple[Annotation, ...]:
        return tuple(c.before for c in self.annotations if c.after is None and c.before is not None)

    @property
    def updated(self) -> tuple[Change, ...]:
        return tuple(c for c in self.annotations if c.before is not None and c.after is not None)


# --- sharing --------------------------------------------------------------------------------


class ConflictKind(StrEnum):
    SAME_ID = "same id"
    """Both sides changed the same annotation differently."""
    SAME_PARAGRAPH = "same paragraph"
    """Both sides annotated the same paragraph (and span) differently."""


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    local: Annotation
    incoming: Annotation
    """Already placed in the local file's version (its `version_id` is a local id)."""


@dataclass(frozen=True)
class Unplaced:
    """An incoming annotation whose version this file does not hold."""

    annotation_id: str
    version_label: str
    paragraph_id: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    changes: ChangeSet
    """What the import added (undo with `apply(changes.inverted())`)."""
    unchanged: int
    """Incoming annotations already present exactly."""
    conflicts: tuple[Conflict, ...]
    unplaced: tuple[Unplaced, ...]
    messages: tuple[str, ...] = ()
    """Other things the user should know (e.g. manual links kept because they differ)."""
