"""Core layer: how an aligned entry is named for people, in negotiators' vocabulary.

`entry_label(entry, comparison)` gives "OP9 → OP10 + OP11 (split)", "PP14 → PP16 (moved)",
"new OP23", "deleted PP16", "OP3 → OP4" (renumbered, same words) or "OP5 (modified)". The text
redline, the exporters and the desktop app all use it, so every view names entries alike.
"""

from __future__ import annotations

from diffing.model import AlignedEntry, Comparison, Document, Relation


def paragraph_label(document: Document, paragraph_id: str) -> str:
    """The paragraph's label ("PP3", "OP5 bis", "title"); the id itself if it is not found."""
    try:
        return document.paragraph(paragraph_id).label
    except KeyError:
        return paragraph_id


def _side(document: Document, ids: tuple[str, ...]) -> str:
    return " + ".join(paragraph_label(document, i) for i in ids)


def entry_label(entry: AlignedEntry, comparison: Comparison) -> str:
    """A short name for what happened to the paragraphs of `entry`."""
    old = _side(comparison.old, entry.old)
    new = _side(comparison.new, entry.new)
    if entry.relation is Relation.INSERTED:
        return f"new {new}"
    if entry.relation is Relation.DELETED:
        return f"deleted {old}"
    name = old if old == new else f"{old} → {new}"
    if entry.relation is Relation.UNCHANGED:
        return name
    return f"{name} ({entry.relation.value})"
