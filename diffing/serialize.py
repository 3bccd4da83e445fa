"""Core layer: plain JSON-ready dictionaries of the model (the CLI's --format json), and the
plain-text redline of a comparison (the CLI's --format text)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from diffing.labels import entry_label
from diffing.model import DELETE, EQUAL, INSERT, Comparison, Document, Relation
from diffing.worddiff import is_ignored


def document_to_dict(document: Document) -> dict[str, Any]:
    return {
        "source": document.source,
        "structured": document.structured,
        "metadata": asdict(document.metadata),
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


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The `redline compare --format json` document: both parses, the alignment, a summary."""
    summary = comparison.summary
    counts: dict[str, int] = {relation.value: summary.count(relation) for relation in Relation}
    return {
        "old": document_to_dict(comparison.old),
        "new": document_to_dict(comparison.new),
        "options": asdict(comparison.options),
        "alignment": [
            {
                "relation": entry.relation.value,
                "old": list(entry.old),
                "new": list(entry.new),
                "label": entry_label(entry, comparison),
                "similarity": round(entry.similarity, 4),
                "changed": entry.changed,
                "manual": entry.manual,
                "diff": [[op, text] for op, text in entry.diff],
                "verb_change": (
                    None
                    if entry.verb_change is None
                    else {"old": entry.verb_change.old, "new": entry.verb_change.new}
                ),
            }
            for entry in comparison.entries
        ],
        "summary": {
            **counts,
            "words_inserted": summary.words_inserted,
            "words_deleted": summary.words_deleted,
        },
    }


def comparison_to_text(comparison: Comparison) -> str:
    """A redline to read in a terminal: each entry's label, then its text with [-deleted-] and
    {+inserted+} words. Differences the options ignore are shown as the new text, unmarked."""
    lines: list[str] = []
    options = comparison.options
    for entry in comparison.entries:
        heading = entry_label(entry, comparison)
        if entry.verb_change is not None:
            heading += f" — verb: {entry.verb_change.old} → {entry.verb_change.new}"
        lines.append(f"## {heading}")
        pieces: list[str] = []
        ops = list(entry.diff)
        k = 0
        while k < len(ops):
            op, text = ops[k]
            if op == EQUAL:
                pieces.append(text)
            elif op == DELETE and k + 1 < len(ops) and ops[k + 1][0] == INSERT:
                inserted = ops[k + 1][1]
                if is_ignored(text, inserted, options):
                    pieces.append(inserted)
                else:
                    pieces.append(f"[-{text}-]{{+{inserted}+}}")
                k += 1
            elif op == DELETE:
                pieces.append("" if is_ignored(text, "", options) else f"[-{text}-]")
            else:
                pieces.append(text if is_ignored("", text, options) else f"{{+{text}+}}")
            k += 1
        lines.append("".join(pieces))
        lines.append("")
    summary = comparison.summary
    counts = ", ".join(
        f"{summary.count(relation)} {relation.value}"
        for relation in Relation
        if summary.count(relation)
    )
    lines.append(
        f"Summary: {counts}; {summary.words_inserted} words inserted, "
        f"{summary.words_deleted} deleted."
    )
    return "\n".join(lines) + "\n"
