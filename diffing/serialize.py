"""Core layer: plain JSON-ready dictionaries of the model (the CLI's --format json), and the
plain-text redline of a comparison (the CLI's --format text)."""

from __future__ import annotations

from typing import Any

from diffing.model import Comparison, Document
from diffing.report import (
    comparison_language,
    counts_line,
    entry_events,
    entry_label,
    entry_remarks,
    footnote_lines,
    is_compilation_text,
    masthead_lines,
    object_lines,
    relation_text,
    round_figures,
    round_lines,
    summary_figures,
    summary_line,
    text_markup,
    verb_shift_of,
)


def document_to_dict(document: Document) -> dict[str, Any]:
    return {
        "source": document.source,
        "structured": document.structured,
        "metadata": document.metadata._asdict(),
        "paragraphs": [
            {
                "id": paragraph.id,
                "kind": str(paragraph.kind),
                "number": paragraph.number,
                "text": paragraph.text,
                "footnotes": [ref.footnote_id for ref in paragraph.footnotes],
            }
            for paragraph in document.paragraphs
        ],
        "footnotes": [
            {"id": footnote.id, "marker": footnote.marker, "text": footnote.text}
            for footnote in document.footnotes
        ],
    }


def compilation_to_dict(document: Document) -> dict[str, Any] | None:
    """What `redline parse` adds for a compilation text (None for other documents): paragraphs
    still bracketed, bracket pairs, proposals per delegation, status markers, and the line
    `report.counts_line` prints."""
    if not is_compilation_text(document):
        return None
    from diffing.compilation_rounds import compilation_counts

    counts = compilation_counts(document)
    return {
        "bracketed_paragraphs": counts.bracketed_paragraphs,
        "bracket_pairs": counts.bracket_pairs,
        "proposals": dict(counts.proposals),
        "statuses": dict(counts.statuses),
        "line": counts_line(counts),
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The `redline compare --format json` document: both parses, the alignment, the masthead
    compared, and the summary (the figures of `diffing.report`, and its line)."""
    return {
        "old": document_to_dict(comparison.old),
        "new": document_to_dict(comparison.new),
        "options": comparison.options._asdict(),
        "masthead": [
            {
                "field": change.field,
                "old": change.old,
                "new": change.new,
                "changed": change.changed,
                "diff": [[op, text] for op, text in change.diff],
                "added": list(change.added),
                "removed": list(change.removed),
            }
            for change in comparison.masthead
        ],
        "objects": [
            {"kind": change.kind, "change": change.change, "after": change.after}
            for change in comparison.objects
        ],
        "alignment": [
            {
                "relation": entry.relation.value,
                "old": list(entry.old),
                "new": list(entry.new),
                "label": entry_label(entry, comparison),
                "relation_text": relation_text(entry),
                "moved": entry.moved,
                "similarity": round(entry.similarity, 4),
                "changed": entry.changed,
                "manual": entry.manual,
                "diff": [[op, text] for op, text in entry.diff],
                "footnotes": [
                    {
                        "old": note.old,
                        "new": note.new,
                        "marker": note.marker,
                        "changed": note.changed,
                        "diff": [[op, text] for op, text in note.diff],
                    }
                    for note in entry.footnotes
                ],
                "words_inserted": entry.words_inserted,
                "words_deleted": entry.words_deleted,
                "verb_change": (
                    None
                    if entry.verb_change is None
                    else {
                        "old": entry.verb_change.old,
                        "new": entry.verb_change.new,
                        "shift": verb_shift_of(entry.verb_change, comparison_language(comparison)),
                    }
                ),
                "round_events": [
                    {"what": event.what, "proposers": list(event.proposers), "words": event.words}
                    for event in entry_events(entry, comparison)
                ],
                "remarks": entry_remarks(entry, comparison),
            }
            for entry in comparison.entries
        ],
        "summary": {
            **summary_figures(comparison),
            **round_figures(comparison),
            "line": summary_line(comparison),
            "rounds": round_lines(comparison),
        },
    }


def comparison_to_text(comparison: Comparison) -> str:
    """A redline to read in a terminal: the masthead changes, then each entry's label and its
    text with [-deleted-] and {+inserted+} words and its changed footnotes; the summary line last.
    Differences the options ignore are shown as the new text, unmarked."""
    lines: list[str] = []
    options = comparison.options
    masthead = masthead_lines(comparison)
    if masthead:
        lines.extend(["## masthead", *masthead, ""])
    objects = object_lines(comparison)
    if objects:
        lines.extend(["## images and objects", *objects, ""])
    rounds = round_lines(comparison)
    if rounds:
        lines.extend(["## compilation rounds", *rounds, ""])
    for entry in comparison.entries:
        lines.append(f"## {entry_label(entry, comparison)}")
        lines.append(text_markup(entry.diff, options))
        lines.extend(footnote_lines(entry, options))
        lines.extend(f"  {remark}" for remark in entry_remarks(entry, comparison))
        lines.append("")
    lines.append(f"Summary: {summary_line(comparison)}")
    return "\n".join(lines) + "\n"
